//! Reading and writing the rows of each table.

use super::Result;
use crate::model::*;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Statement};

pub(super) use super::ledger_rows::*;

pub(super) fn opt_text(s: &str) -> Option<&str> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

pub(super) fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub(super) fn read_date(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    // In place: a province's read has a million dates.
    Ok(row.get_ref(idx)?.as_str_or_null()?.and_then(parse_iso_date))
}

/// A text column, read in place (no String on the way).
pub(super) fn text(row: &Row, idx: usize) -> rusqlite::Result<Text> {
    Ok(Text::new(row.get_ref(idx)?.as_str()?))
}

/// A text column that may be NULL (read as empty).
pub(super) fn text_or_empty(row: &Row, idx: usize) -> rusqlite::Result<Text> {
    Ok(Text::new(row.get_ref(idx)?.as_str_or_null()?.unwrap_or_default()))
}

pub(super) fn bad_enum(idx: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("unexpected value {text:?}").into(),
    )
}

pub(super) fn read_enum<T>(row: &Row, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text = row.get_ref(idx)?.as_str()?;
    parse(text).ok_or_else(|| bad_enum(idx, text))
}

pub(super) fn area(row: &Row) -> rusqlite::Result<Area> {
    Ok(Area {
        code: text(row, 0)?,
        name: text(row, 1)?,
        level: read_enum(row, 2, AreaLevel::parse)?,
        parent_code: text(row, 3)?,
    })
}
pub(super) const AREA_COLS: &str = "code, name, level, parent_code";
/// [`AREA_COLS`] with the code and its parent only.
const AREA_KEY_COLS: &str = "code, '', level, parent_code";

pub(super) fn cell(row: &Row) -> rusqlite::Result<Cell> {
    Ok(Cell {
        code: text(row, 0)?,
        name: text(row, 1)?,
        area_code: text(row, 2)?,
        households: row.get(3)?,
        population: row.get(4)?,
        grid_worker: text(row, 5)?,
        geometry: row.get(6)?,
    })
}
pub(super) const CELL_COLS: &str = "code, name, area_code, households, population, grid_worker, geometry";
/// [`CELL_COLS`] with the code and the area it refers to only.
const CELL_KEY_COLS: &str = "code, '', area_code, NULL, NULL, '', NULL";
/// [`CELL_COLS`] without the text the audit does not read.
const CELL_AUDIT_COLS: &str = "code, '', area_code, households, population, '', geometry";
/// [`CELL_COLS`] without the shape.
const CELL_NAMED_COLS: &str = "code, name, area_code, households, population, grid_worker, NULL";
/// What a report counts of a cell: its code and area, no name or shape.
const CELL_REPORT_COLS: &str = "code, '', area_code, households, population, '', NULL";

pub(super) fn deputy(row: &Row) -> rusqlite::Result<Deputy> {
    Ok(Deputy {
        code: text(row, 0)?,
        name: text(row, 1)?,
        level: read_enum(row, 2, DeputyLevel::parse)?,
        district: text(row, 3)?,
        phone: text(row, 4)?,
        sector: text(row, 5)?,
        station_code: text_or_empty(row, 6)?,
        active: row.get(7)?,
    })
}
pub(super) const DEPUTY_COLS: &str = "code, name, level, district, phone, sector, station_code, active";
/// [`DEPUTY_COLS`] without the text the audit does not read.
const DEPUTY_AUDIT_COLS: &str = "code, '', level, '', '', '', station_code, active";
/// What the TUI's snapshot keeps of a deputy (in its summary): the audit's
/// columns with the name and district.
const DEPUTY_SCREEN_COLS: &str = "code, name, level, district, '', '', station_code, active";

pub(super) fn contact(row: &Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        code: text(row, 0)?,
        name: text(row, 1)?,
        role: read_enum(row, 2, ContactRole::parse)?,
        phone: text(row, 3)?,
        cell_code: text(row, 4)?,
        deputy_code: text_or_empty(row, 5)?,
        active: row.get(6)?,
    })
}
pub(super) const CONTACT_COLS: &str = "code, name, role, phone, cell_code, deputy_code, active";
/// [`CONTACT_COLS`] with the code and what it refers to only.
const CONTACT_KEY_COLS: &str = "code, '', role, '', cell_code, deputy_code, active";
/// [`CONTACT_COLS`] without the text the audit does not read.
pub(super) const CONTACT_AUDIT_COLS: &str = "code, '', role, phone, cell_code, deputy_code, active";

pub(super) fn station(row: &Row) -> rusqlite::Result<Station> {
    Ok(Station {
        code: text(row, 0)?,
        name: text(row, 1)?,
        kind: read_enum(row, 2, StationKind::parse)?,
        area_code: text_or_empty(row, 3)?,
        lon: row.get(4)?,
        lat: row.get(5)?,
        theme: text(row, 6)?,
        reception_day: row.get(7)?,
    })
}
pub(super) const STATION_COLS: &str = "code, name, kind, area_code, lon, lat, theme, reception_day";

/// Every assignment, in key order (a whole county's read and the TUI's
/// audit, which counts them one at a time, ask the same).
pub(super) const ASSIGNMENTS: &str = "SELECT deputy_code, cell_code FROM assignments ORDER BY deputy_code, cell_code";

/// The receptions, rota slots or activities dated from ?1 to ?2, in key
/// order: what a period's read holds and the TUI's audit counts one at a
/// time, from one query each.
pub(super) fn receptions_between() -> String {
    format!(
        "SELECT {RECEPTION_COLS} FROM receptions WHERE date BETWEEN ?1 AND ?2 ORDER BY date, station_code, deputy_code"
    )
}
pub(super) fn rota_between() -> String {
    format!("SELECT {ROTA_COLS} FROM rota WHERE date BETWEEN ?1 AND ?2 ORDER BY date, station_code, deputy_code")
}
pub(super) fn activities_between() -> String {
    format!("SELECT {ACTIVITY_COLS} FROM activities WHERE date BETWEEN ?1 AND ?2 ORDER BY date, deputy_code, kind")
}

pub(super) fn assignment(row: &Row) -> rusqlite::Result<Assignment> {
    Ok(Assignment {
        deputy_code: text(row, 0)?,
        cell_code: text(row, 1)?,
    })
}

pub(super) fn reception(row: &Row) -> rusqlite::Result<Reception> {
    Ok(Reception {
        date: read_date(row, 0)?.ok_or_else(|| bad_enum(0, "date"))?,
        station_code: text(row, 1)?,
        deputy_code: text(row, 2)?,
        constituents: row.get(3)?,
    })
}
pub(super) const RECEPTION_COLS: &str = "date, station_code, deputy_code, constituents";

pub(super) fn suggestion(row: &Row) -> rusqlite::Result<Suggestion> {
    let satisfaction: Option<String> = row.get(12)?;
    Ok(Suggestion {
        code: text(row, 0)?,
        cell_code: text(row, 1)?,
        title: text(row, 2)?,
        source: read_enum(row, 3, SuggestionSource::parse)?,
        raised_by: text(row, 4)?,
        category: read_enum(row, 5, Category::parse)?,
        received_on: read_date(row, 6)?.ok_or_else(|| bad_enum(6, "received_on"))?,
        handling_unit: text(row, 7)?,
        assigned_on: read_date(row, 8)?,
        due_on: read_date(row, 9)?,
        status: read_enum(row, 10, Status::parse)?,
        replied_on: read_date(row, 11)?,
        satisfaction: satisfaction.as_deref().and_then(Satisfaction::parse),
        closed_on: read_date(row, 13)?,
        co_units: split_codes(row.get_ref(14)?.as_str()?),
        extended_from: read_date(row, 15)?,
        result: row.get_ref(16)?.as_str_or_null()?.and_then(ReplyResult::parse),
        supervisor: text_or_empty(row, 17)?,
    })
}
pub(super) const SUGGESTION_COLS: &str = "code, cell_code, title, source, raised_by, category, received_on, \
     handling_unit, assigned_on, due_on, status, replied_on, satisfaction, closed_on, \
     co_units, extended_from, result, supervisor";
/// How many columns [`SUGGESTION_COLS`] reads: a query's next column is this one.
pub(super) const SUGGESTION_COL_COUNT: usize = 18;
/// [`SUGGESTION_COLS`] with the code and what it refers to only.
const SUGGESTION_KEY_COLS: &str = "code, cell_code, '', source, raised_by, category, received_on, \
     handling_unit, NULL, NULL, status, NULL, NULL, NULL, co_units, NULL, NULL, supervisor";
/// [`SUGGESTION_COLS`] with the free text left empty (what the audit reads).
pub(super) const SUGGESTION_AUDIT_COLS: &str = "code, cell_code, '', source, raised_by, category, received_on, \
     handling_unit, assigned_on, due_on, status, replied_on, satisfaction, closed_on, \
     co_units, extended_from, result, supervisor";

/// A stored list of codes (`a;b`), in order.
pub(super) fn split_codes(stored: &str) -> Vec<Text> {
    stored
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(Text::new)
        .collect()
}

/// A list of codes as stored: joined by `;`.
pub(super) fn join_codes(codes: &[Text]) -> String {
    codes.iter().map(Text::as_str).collect::<Vec<_>>().join(";")
}

fn all<T>(conn: &Connection, sql: &str, f: fn(&Row) -> rusqlite::Result<T>) -> Result<Vec<T>> {
    all_with(conn, sql, [], f)
}

pub(super) fn all_with<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query_map(params, f)?.collect::<rusqlite::Result<Vec<T>>>()?;
    // Grown by doubling, a table's vector holds up to twice its rows: at
    // province, 60 MB of a whole read held for nothing.
    rows.shrink_to_fit();
    Ok(rows)
}

/// How much of the county to read.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope {
    /// Every row and column.
    All,
    /// What the gap audit reads as of a date: receptions of that year up to
    /// that date only, no areas, and no names or free text. At province
    /// scale this halves the time and memory of `gaps`; the rules never
    /// look at the rest.
    Audit { from: NaiveDate, to: NaiveDate },
    /// What the TUI shows (and a report or a rota plan of a period
    /// reads): everything, but the receptions, rota slots and activities
    /// of that period only (its views and counts are of this year; a
    /// province's earlier years, ~800,000 activities, stay on disk).
    Year { from: NaiveDate, to: NaiveDate },
    /// What the TUI's snapshot reads: the places with their names (its
    /// directory, kept), the deputies with what the audit reads of them and
    /// their names and districts (their summaries), let go once audited.
    /// No assignments, contacts, suggestions, receptions, rota slots or
    /// activities (the audit counts them as it reads them, a row at a
    /// time); without the cells' shapes when `shapes` is false (the
    /// TUI keeps the ones it parsed).
    Screens { shapes: bool },
    /// What a report of a period reads (SPEC §12): the audit's columns
    /// without the cells' shapes, the areas with their names, the units,
    /// the receptions of the period; no rota, activities or boundary.
    Report { from: NaiveDate, to: NaiveDate },
    /// The places and the people, without the activity (receptions and
    /// suggestions): what `locate` of one point reads.
    Roster,
    /// The cells alone (what `locate --batch` reads).
    Cells,
    /// What an import's checks read of the database: every row's code and
    /// the codes it refers to; no names, text or geometry. Of the tables
    /// no one refers to, only those flagged: an import without `--replace`
    /// removes nothing and needs none of them; one with `--replace` needs
    /// those it leaves in place (their references must survive it).
    Keys {
        assignments: bool,
        receptions: bool,
        suggestions: bool,
    },
    /// What the duty points of a period read (SPEC §11): the deputies,
    /// the contacts' links, and the receptions, rota slots and activities
    /// of the period; no places, shapes or free text (at province, the
    /// cells' shapes alone took most of `points`' time).
    Duties { from: NaiveDate, to: NaiveDate },
}

/// The deputies as the TUI's snapshot reads them (`Scope::Screens`): what
/// the audit reads of them, with their names and districts (their
/// summaries), by code.
pub(super) fn screen_deputies(conn: &Connection) -> Result<Vec<Deputy>> {
    all(conn, &screen_deputies_sql(), deputy)
}

/// The deputies as the screens read them, in code order.
pub(super) fn screen_deputies_sql() -> String {
    format!("SELECT {DEPUTY_SCREEN_COLS} FROM deputies ORDER BY code")
}

/// The whole county (or what `scope` needs of it), every table sorted by key.
pub(super) fn load(conn: &Connection, scope: Scope) -> Result<Dataset> {
    if let Scope::Cells = scope {
        return Ok(Dataset {
            cells: all(conn, &format!("SELECT {CELL_COLS} FROM cells ORDER BY code"), cell)?,
            settings: load_settings(conn)?,
            ..Dataset::default()
        });
    }
    let receptions = match scope {
        Scope::Screens { .. } | Scope::Roster | Scope::Keys { receptions: false, .. } => Vec::new(),
        Scope::All | Scope::Cells | Scope::Keys { receptions: true, .. } => all(
            conn,
            &format!("SELECT {RECEPTION_COLS} FROM receptions ORDER BY date, station_code, deputy_code"),
            reception,
        )?,
        Scope::Audit { from, to }
        | Scope::Year { from, to }
        | Scope::Duties { from, to }
        | Scope::Report { from, to } => all_with(
            conn,
            &receptions_between(),
            params![from.to_string(), to.to_string()],
            reception,
        )?,
    };
    // The audit reads each table's columns the rules use and leaves the
    // rest empty (names, free text); it never looks at the areas.
    let audit = matches!(scope, Scope::Audit { .. });
    let keys = matches!(scope, Scope::Keys { .. });
    let duties = matches!(scope, Scope::Duties { .. });
    let report = matches!(scope, Scope::Report { .. });
    // The screens read the places whole (the directory) and of the deputies
    // what the audit and their summaries read (the people are read where
    // shown).
    let screens = matches!(scope, Scope::Screens { .. });
    let cols = |every: &'static str, for_audit: &'static str, for_keys: &'static str| match scope {
        Scope::Audit { .. } | Scope::Report { .. } => for_audit,
        Scope::Keys { .. } | Scope::Duties { .. } => for_keys,
        Scope::All | Scope::Year { .. } | Scope::Roster | Scope::Cells | Scope::Screens { .. } => every,
    };
    let (area_cols, cell_cols, deputy_cols, contact_cols, suggestion_cols) = (
        cols(AREA_COLS, AREA_COLS, AREA_KEY_COLS),
        if report {
            CELL_REPORT_COLS
        } else if let Scope::Screens { shapes: false, .. } = scope {
            CELL_NAMED_COLS
        } else {
            cols(CELL_COLS, CELL_AUDIT_COLS, CELL_KEY_COLS)
        },
        if duties {
            DEPUTY_COLS
        } else {
            cols(DEPUTY_COLS, DEPUTY_AUDIT_COLS, DEPUTY_AUDIT_COLS)
        },
        cols(CONTACT_COLS, CONTACT_AUDIT_COLS, CONTACT_KEY_COLS),
        cols(SUGGESTION_COLS, SUGGESTION_AUDIT_COLS, SUGGESTION_KEY_COLS),
    );
    let mut ds = Dataset {
        areas: if audit || duties {
            Vec::new()
        } else {
            all(conn, &format!("SELECT {area_cols} FROM areas ORDER BY code"), area)?
        },
        cells: if duties {
            Vec::new()
        } else {
            all(conn, &format!("SELECT {cell_cols} FROM cells ORDER BY code"), cell)?
        },
        boundary: if keys || duties || report {
            None
        } else {
            conn.query_row(
                "SELECT code, name, geometry FROM boundary ORDER BY code LIMIT 1",
                [],
                |r| {
                    Ok(Boundary {
                        code: text(r, 0)?,
                        name: text(r, 1)?,
                        geometry: r.get(2)?,
                    })
                },
            )
            .optional()?
        },
        deputies: if screens {
            screen_deputies(conn)?
        } else {
            all(
                conn,
                &format!("SELECT {deputy_cols} FROM deputies ORDER BY code"),
                deputy,
            )?
        },
        // (The screens' audit counts the assignments as it reads them.)
        assignments: if !matches!(
            scope,
            Scope::Keys { assignments: false, .. } | Scope::Duties { .. } | Scope::Screens { .. }
        ) {
            all(conn, ASSIGNMENTS, assignment)?
        } else {
            Vec::new()
        },
        // The screens' audit counts the contacts as it reads them
        // (`Store::each_audit_contact`).
        contacts: if screens {
            Vec::new()
        } else {
            all(
                conn,
                &format!("SELECT {contact_cols} FROM contacts ORDER BY code"),
                contact,
            )?
        },
        stations: if duties {
            Vec::new()
        } else {
            all(
                conn,
                &format!("SELECT {STATION_COLS} FROM stations ORDER BY code"),
                station,
            )?
        },
        receptions,
        suggestions: if matches!(
            scope,
            Scope::Screens { .. } | Scope::Roster | Scope::Keys { suggestions: false, .. }
        ) {
            Vec::new()
        } else if let Scope::Duties { from, to } = scope {
            // The points count those received in the period.
            all_with(
                conn,
                &format!("SELECT {suggestion_cols} FROM suggestions WHERE received_on BETWEEN ?1 AND ?2 ORDER BY code"),
                params![from.to_string(), to.to_string()],
                suggestion,
            )?
        } else {
            all(
                conn,
                &format!("SELECT {suggestion_cols} FROM suggestions ORDER BY code"),
                suggestion,
            )?
        },
        units: if keys || audit || report || matches!(scope, Scope::All | Scope::Year { .. } | Scope::Screens { .. }) {
            all(conn, &format!("SELECT {UNIT_COLS} FROM units ORDER BY code"), unit)?
        } else {
            Vec::new()
        },
        rota: if matches!(
            scope,
            Scope::Roster | Scope::Cells | Scope::Audit { .. } | Scope::Report { .. } | Scope::Screens { .. }
        ) {
            Vec::new()
        } else if let Scope::Duties { from, to } | Scope::Year { from, to } = scope {
            all_with(
                conn,
                &rota_between(),
                params![from.to_string(), to.to_string()],
                rota_slot,
            )?
        } else {
            all(
                conn,
                &format!("SELECT {ROTA_COLS} FROM rota ORDER BY date, station_code, deputy_code"),
                rota_slot,
            )?
        },
        activities: if matches!(
            scope,
            Scope::Roster | Scope::Cells | Scope::Audit { .. } | Scope::Report { .. } | Scope::Screens { .. }
        ) {
            Vec::new()
        } else if let Scope::Duties { from, to } | Scope::Year { from, to } = scope {
            all_with(
                conn,
                &activities_between(),
                params![from.to_string(), to.to_string()],
                activity,
            )?
        } else {
            all(
                conn,
                &format!("SELECT {ACTIVITY_COLS} FROM activities ORDER BY date, deputy_code, kind"),
                activity,
            )?
        },
        settings: load_settings(conn)?,
    };
    ds.sort();
    Ok(ds)
}

/// The places, every table sorted by key: areas, cells (their names,
/// without their shapes) and stations, and the settings; no people,
/// activity or units (what a lookup matches beside the people it reads a
/// row at a time).
pub(super) fn load_places(conn: &Connection) -> Result<Dataset> {
    Ok(Dataset {
        areas: all(conn, &format!("SELECT {AREA_COLS} FROM areas ORDER BY code"), area)?,
        cells: all(
            conn,
            &format!("SELECT {CELL_NAMED_COLS} FROM cells ORDER BY code"),
            cell,
        )?,
        stations: all(
            conn,
            &format!("SELECT {STATION_COLS} FROM stations ORDER BY code"),
            station,
        )?,
        settings: load_settings(conn)?,
        ..Dataset::default()
    })
}

pub(super) fn load_settings(conn: &Connection) -> Result<Settings> {
    let mut settings = Settings::default();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let pairs = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (k, v) in pairs {
        // A value this program cannot read keeps the default.
        let _ = settings.set(&k, &v);
    }
    Ok(settings)
}

// ---- upserts: insert, or update and bump the version when anything differs.
// Each returns the number of rows inserted or changed (0 when identical).

pub(super) const AREA_UPSERT: &str = "INSERT INTO areas(code, name, level, parent_code) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level,
           parent_code = excluded.parent_code, version = version + 1
         WHERE name IS NOT excluded.name OR level IS NOT excluded.level
           OR parent_code IS NOT excluded.parent_code";

/// Upsert one row with a statement of [`AREA_UPSERT`] prepared for many rows.
pub(super) fn exec_area(stmt: &mut Statement, a: &Area) -> Result<usize> {
    Ok(stmt.execute(params![
        a.code.as_str(),
        a.name.as_str(),
        a.level.code(),
        a.parent_code.as_str()
    ])?)
}

pub(super) const CELL_UPSERT: &str =
    "INSERT INTO cells(code, name, area_code, households, population, grid_worker, geometry,
                           min_lon, min_lat, max_lon, max_lat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, area_code = excluded.area_code,
           households = excluded.households, population = excluded.population,
           grid_worker = excluded.grid_worker, geometry = excluded.geometry,
           min_lon = excluded.min_lon, min_lat = excluded.min_lat,
           max_lon = excluded.max_lon, max_lat = excluded.max_lat, version = version + 1
         WHERE name IS NOT excluded.name OR area_code IS NOT excluded.area_code
           OR households IS NOT excluded.households OR population IS NOT excluded.population
           OR grid_worker IS NOT excluded.grid_worker OR geometry IS NOT excluded.geometry";

/// Upsert one row with a statement of [`CELL_UPSERT`] prepared for many rows.
pub(super) fn exec_cell(stmt: &mut Statement, c: &Cell, bbox: Option<[f64; 4]>) -> Result<usize> {
    let b = bbox.map(|b| b.map(Some)).unwrap_or([None; 4]);
    Ok(stmt.execute(params![
        c.code.as_str(),
        c.name.as_str(),
        c.area_code.as_str(),
        c.households,
        c.population,
        c.grid_worker.as_str(),
        c.geometry,
        b[0],
        b[1],
        b[2],
        b[3]
    ])?)
}

pub(super) const BOUNDARY_UPSERT: &str = "INSERT INTO boundary(code, name, geometry) VALUES (?1, ?2, ?3)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, geometry = excluded.geometry,
           version = version + 1
         WHERE name IS NOT excluded.name OR geometry IS NOT excluded.geometry";

/// Upsert one row with a statement of [`BOUNDARY_UPSERT`] prepared for many rows.
pub(super) fn exec_boundary(stmt: &mut Statement, b: &Boundary) -> Result<usize> {
    Ok(stmt.execute(params![b.code.as_str(), b.name.as_str(), b.geometry])?)
}

pub(super) const DEPUTY_UPSERT: &str =
    "INSERT INTO deputies(code, name, level, district, phone, sector, station_code, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level,
           district = excluded.district, phone = excluded.phone, sector = excluded.sector,
           station_code = excluded.station_code, active = excluded.active, version = version + 1
         WHERE name IS NOT excluded.name OR level IS NOT excluded.level
           OR district IS NOT excluded.district OR phone IS NOT excluded.phone
           OR sector IS NOT excluded.sector OR station_code IS NOT excluded.station_code
           OR active IS NOT excluded.active";

/// Upsert one row with a statement of [`DEPUTY_UPSERT`] prepared for many rows.
pub(super) fn exec_deputy(stmt: &mut Statement, d: &Deputy) -> Result<usize> {
    Ok(stmt.execute(params![
        d.code.as_str(),
        d.name.as_str(),
        d.level.code(),
        d.district.as_str(),
        d.phone.as_str(),
        d.sector.as_str(),
        opt_text(d.station_code.as_str()),
        d.active
    ])?)
}

pub(super) const ASSIGNMENT_UPSERT: &str = "INSERT INTO assignments(deputy_code, cell_code) VALUES (?1, ?2)
             ON CONFLICT(deputy_code, cell_code) DO NOTHING";

pub(super) fn upsert_assignment(conn: &Connection, a: &Assignment) -> Result<usize> {
    exec_assignment(&mut *conn.prepare_cached(ASSIGNMENT_UPSERT)?, a)
}

/// [`upsert_assignment`] with the statement prepared once for many rows.
pub(super) fn exec_assignment(stmt: &mut Statement, a: &Assignment) -> Result<usize> {
    Ok(stmt.execute(params![a.deputy_code.as_str(), a.cell_code.as_str()])?)
}

pub(super) const CONTACT_UPSERT: &str = "INSERT INTO contacts(code, name, role, phone, cell_code, deputy_code, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, role = excluded.role,
           phone = excluded.phone, cell_code = excluded.cell_code,
           deputy_code = excluded.deputy_code, active = excluded.active, version = version + 1
         WHERE name IS NOT excluded.name OR role IS NOT excluded.role
           OR phone IS NOT excluded.phone OR cell_code IS NOT excluded.cell_code
           OR deputy_code IS NOT excluded.deputy_code OR active IS NOT excluded.active";

/// Upsert one contact with a statement of [`CONTACT_UPSERT`].
pub(super) fn exec_contact(stmt: &mut Statement, c: &Contact) -> Result<usize> {
    Ok(stmt.execute(params![
        c.code.as_str(),
        c.name.as_str(),
        c.role.code(),
        c.phone.as_str(),
        c.cell_code.as_str(),
        opt_text(c.deputy_code.as_str()),
        c.active
    ])?)
}

pub(super) const STATION_UPSERT: &str =
    "INSERT INTO stations(code, name, kind, area_code, lon, lat, theme, reception_day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
           area_code = excluded.area_code, lon = excluded.lon, lat = excluded.lat,
           theme = excluded.theme, reception_day = excluded.reception_day, version = version + 1
         WHERE name IS NOT excluded.name OR kind IS NOT excluded.kind
           OR area_code IS NOT excluded.area_code OR lon IS NOT excluded.lon
           OR lat IS NOT excluded.lat OR theme IS NOT excluded.theme
           OR reception_day IS NOT excluded.reception_day";

/// Upsert one row with a statement of [`STATION_UPSERT`] prepared for many rows.
pub(super) fn exec_station(stmt: &mut Statement, s: &Station) -> Result<usize> {
    Ok(stmt.execute(params![
        s.code.as_str(),
        s.name.as_str(),
        s.kind.code(),
        opt_text(s.area_code.as_str()),
        s.lon,
        s.lat,
        s.theme.as_str(),
        s.reception_day
    ])?)
}

pub(super) const RECEPTION_UPSERT: &str =
    "INSERT INTO receptions(date, station_code, deputy_code, constituents) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(date, station_code, deputy_code) DO UPDATE SET
           constituents = excluded.constituents, version = version + 1
         WHERE constituents IS NOT excluded.constituents";

pub(super) fn upsert_reception(conn: &Connection, r: &Reception) -> Result<usize> {
    exec_reception(&mut *conn.prepare_cached(RECEPTION_UPSERT)?, r)
}

/// [`upsert_reception`] with the statement prepared once for many rows.
pub(super) fn exec_reception(stmt: &mut Statement, r: &Reception) -> Result<usize> {
    Ok(stmt.execute(params![
        date_text(Some(r.date)),
        r.station_code.as_str(),
        r.deputy_code.as_str(),
        r.constituents
    ])?)
}

pub(super) const SUGGESTION_UPSERT: &str =
    "INSERT INTO suggestions(code, cell_code, title, source, raised_by, category, received_on,
             handling_unit, assigned_on, due_on, status, replied_on, satisfaction, closed_on,
             co_units, extended_from, result, supervisor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT(code) DO UPDATE SET cell_code = excluded.cell_code, title = excluded.title,
           source = excluded.source, raised_by = excluded.raised_by, category = excluded.category,
           received_on = excluded.received_on, handling_unit = excluded.handling_unit,
           assigned_on = excluded.assigned_on, due_on = excluded.due_on, status = excluded.status,
           replied_on = excluded.replied_on, satisfaction = excluded.satisfaction,
           closed_on = excluded.closed_on, co_units = excluded.co_units,
           extended_from = excluded.extended_from, result = excluded.result,
           supervisor = excluded.supervisor, version = version + 1
         WHERE cell_code IS NOT excluded.cell_code OR title IS NOT excluded.title
           OR source IS NOT excluded.source OR raised_by IS NOT excluded.raised_by
           OR category IS NOT excluded.category OR received_on IS NOT excluded.received_on
           OR handling_unit IS NOT excluded.handling_unit OR assigned_on IS NOT excluded.assigned_on
           OR due_on IS NOT excluded.due_on OR status IS NOT excluded.status
           OR replied_on IS NOT excluded.replied_on OR satisfaction IS NOT excluded.satisfaction
           OR closed_on IS NOT excluded.closed_on OR co_units IS NOT excluded.co_units
           OR extended_from IS NOT excluded.extended_from OR result IS NOT excluded.result
           OR supervisor IS NOT excluded.supervisor";

pub(super) fn upsert_suggestion(conn: &Connection, s: &Suggestion) -> Result<usize> {
    exec_suggestion(&mut *conn.prepare_cached(SUGGESTION_UPSERT)?, s)
}

/// [`upsert_suggestion`] with the statement prepared once for many rows.
pub(super) fn exec_suggestion(stmt: &mut Statement, s: &Suggestion) -> Result<usize> {
    Ok(stmt.execute(params![
        s.code.as_str(),
        s.cell_code.as_str(),
        s.title.as_str(),
        s.source.code(),
        s.raised_by.as_str(),
        s.category.code(),
        date_text(Some(s.received_on)),
        s.handling_unit.as_str(),
        date_text(s.assigned_on),
        date_text(s.due_on),
        s.status.code(),
        date_text(s.replied_on),
        s.satisfaction.map(|x| x.code()),
        date_text(s.closed_on),
        join_codes(&s.co_units),
        date_text(s.extended_from),
        s.result.map(|r| r.code()),
        opt_text(&s.supervisor),
    ])?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_suggestion_column_count_is_the_column_lists() {
        // Queries read the version (or joined names) right after these columns.
        for cols in [
            super::SUGGESTION_COLS,
            super::SUGGESTION_KEY_COLS,
            super::SUGGESTION_AUDIT_COLS,
        ] {
            assert_eq!(cols.split(',').count(), super::SUGGESTION_COL_COUNT, "{cols}");
        }
    }
}
