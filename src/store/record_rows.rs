//! One record of any kind an import creates, read, written and deleted by
//! its key (SPEC §9): what `add`, `edit`, `remove` and the TUI's forms
//! change, and what undo puts back. Generic over a table's key columns,
//! so a new kind is a row in each `match` here.

use super::rows;
use super::{Kind, Result, StoreError};
use crate::model::*;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde_json::Value;

/// A stored row of one of the kinds kept record by record.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Area(Area),
    /// A cell's shape rides along unchanged: it is no field (SPEC §9).
    Cell(Cell),
    Deputy(Deputy),
    Contact(Contact),
    Station(Station),
    Reception(Reception),
    Suggestion(Suggestion),
    Unit(Unit),
    Rota(RotaSlot),
    Activity(Activity),
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Area(_) => Kind::Areas,
            Record::Cell(_) => Kind::Cells,
            Record::Deputy(_) => Kind::Deputies,
            Record::Contact(_) => Kind::Contacts,
            Record::Station(_) => Kind::Stations,
            Record::Reception(_) => Kind::Receptions,
            Record::Suggestion(_) => Kind::Suggestions,
            Record::Unit(_) => Kind::Units,
            Record::Rota(_) => Kind::Rota,
            Record::Activity(_) => Kind::Activities,
        }
    }

    /// Its key as the commands write it: the code, or the key's values
    /// joined by `/` (`2026-12-15/ST01/D00036`).
    pub fn key(&self) -> String {
        match self {
            Record::Area(a) => a.code.to_string(),
            Record::Cell(c) => c.code.to_string(),
            Record::Deputy(d) => d.code.to_string(),
            Record::Contact(c) => c.code.to_string(),
            Record::Station(s) => s.code.to_string(),
            Record::Reception(r) => format!("{}/{}/{}", r.date, r.station_code, r.deputy_code),
            Record::Suggestion(s) => s.code.to_string(),
            Record::Unit(u) => u.code.to_string(),
            Record::Rota(r) => format!("{}/{}/{}", r.date, r.station_code, r.deputy_code),
            Record::Activity(a) => format!("{}/{}/{}", a.date, a.deputy_code, a.kind.code()),
        }
    }

    /// Whether it may be deactivated (`active`), and is active now.
    pub fn active(&self) -> Option<bool> {
        match self {
            Record::Deputy(d) => Some(d.active),
            Record::Contact(c) => Some(c.active),
            Record::Unit(u) => Some(u.active),
            _ => None,
        }
    }

    /// The row as its audit entry shows it: every field, a cell without
    /// its shape (a change of fields never touches it).
    pub fn audit_json(&self) -> Option<Value> {
        let mut v = self.whole_json()?;
        if let (Record::Cell(_), Value::Object(map)) = (self, &mut v) {
            map.remove("geometry");
        }
        Some(v)
    }

    /// The row with everything it holds (a removed cell's entry keeps its
    /// shape, so that undoing the removal gives it back).
    pub fn whole_json(&self) -> Option<Value> {
        match self {
            Record::Area(a) => serde_json::to_value(a),
            Record::Cell(c) => serde_json::to_value(c),
            Record::Deputy(d) => serde_json::to_value(d),
            Record::Contact(c) => serde_json::to_value(c),
            Record::Station(s) => serde_json::to_value(s),
            Record::Reception(r) => serde_json::to_value(r),
            Record::Suggestion(s) => serde_json::to_value(s),
            Record::Unit(u) => serde_json::to_value(u),
            Record::Rota(r) => serde_json::to_value(r),
            Record::Activity(a) => serde_json::to_value(a),
        }
        .ok()
    }

    /// A row back from its audit JSON (None when it does not read as one).
    pub fn from_json(kind: Kind, v: &Value) -> Option<Record> {
        let v = v.clone();
        Some(match kind {
            Kind::Areas => Record::Area(serde_json::from_value(v).ok()?),
            Kind::Cells => {
                let mut v = v;
                // An edit's entry has no shape: the stored one stays.
                if let Value::Object(map) = &mut v {
                    map.entry("geometry").or_insert(Value::Null);
                }
                Record::Cell(serde_json::from_value(v).ok()?)
            }
            Kind::Deputies => Record::Deputy(serde_json::from_value(v).ok()?),
            Kind::Contacts => Record::Contact(serde_json::from_value(v).ok()?),
            Kind::Stations => Record::Station(serde_json::from_value(v).ok()?),
            Kind::Receptions => Record::Reception(serde_json::from_value(v).ok()?),
            Kind::Suggestions => {
                let mut v = v;
                // A move's entry carries its reason, which is no column.
                if let Value::Object(map) = &mut v {
                    map.remove("reason");
                }
                Record::Suggestion(serde_json::from_value(v).ok()?)
            }
            // Not yet kept record by record (helper R extends this).
            Kind::Units => Record::Unit(serde_json::from_value(v).ok()?),
            Kind::Rota => Record::Rota(serde_json::from_value(v).ok()?),
            Kind::Activities => Record::Activity(serde_json::from_value(v).ok()?),
            Kind::Boundary | Kind::Assignments => return None,
        })
    }
}

impl Kind {
    /// The kinds kept record by record (SPEC §9): every kind an import
    /// creates but the boundary and the assignments.
    pub const RECORDS: [Kind; 10] = [
        Kind::Areas,
        Kind::Cells,
        Kind::Deputies,
        Kind::Contacts,
        Kind::Stations,
        Kind::Receptions,
        Kind::Suggestions,
        Kind::Units,
        Kind::Rota,
        Kind::Activities,
    ];

    /// Whether its rows are places (the TUI's directory keeps them), not
    /// people or the records of what they do.
    pub fn is_place(self) -> bool {
        matches!(
            self,
            Kind::Areas | Kind::Stations | Kind::Cells | Kind::Boundary | Kind::Units
        )
    }

    /// The English singular (`contact`): the KIND of `add`/`edit`/`remove`
    /// and the `kind` of an audit entry.
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Areas => "area",
            Kind::Stations => "station",
            Kind::Cells => "cell",
            Kind::Boundary => "boundary",
            Kind::Deputies => "deputy",
            Kind::Assignments => "assignment",
            Kind::Contacts => "contact",
            Kind::Receptions => "reception",
            Kind::Suggestions => "suggestion",
            Kind::Units => "unit",
            Kind::Rota => "rota",
            Kind::Activities => "activity",
        }
    }

    /// From an audit entry's `kind`.
    pub fn from_singular(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.singular() == text)
    }

    /// A KIND as the commands take it: the singular or the file stem, in
    /// English (any case) or Chinese.
    pub fn parse_any(text: &str) -> Option<Kind> {
        let t = text.trim();
        Kind::parse(t).or_else(|| Kind::ALL.into_iter().find(|k| t.eq_ignore_ascii_case(k.singular())))
    }

    /// The columns of its key, in order (SPEC §2).
    pub fn key_columns(self) -> &'static [&'static str] {
        match self {
            Kind::Receptions | Kind::Rota => &["date", "station_code", "deputy_code"],
            Kind::Activities => &["date", "deputy_code", "kind"],
            Kind::Assignments => &["deputy_code", "cell_code"],
            _ => &["code"],
        }
    }

    /// Whether it is kept record by record (not the boundary or the assignments).
    pub fn has_records(self) -> bool {
        Kind::RECORDS.contains(&self)
    }
}

/// A key as typed (`C00042`, `2026-12-15/ST01/D00036`) split into the
/// values of its columns, a date written as it is stored; None when the
/// number of parts is not the key's.
pub(super) fn key_parts(kind: Kind, key: &str) -> Option<Vec<String>> {
    let columns = kind.key_columns();
    let parts: Vec<&str> = if columns.len() == 1 {
        vec![key]
    } else {
        key.split('/').collect()
    };
    if parts.len() != columns.len() {
        return None;
    }
    Some(
        columns
            .iter()
            .zip(parts)
            .map(|(column, part)| match *column {
                "date" => parse_date(part).map_or_else(|| part.to_string(), |d| d.to_string()),
                // An activity's kind, English or Chinese, as stored.
                "kind" => ActivityKind::parse(part).map_or_else(|| part.to_string(), |k| k.code().to_string()),
                _ => part.to_string(),
            })
            .collect(),
    )
}

/// `k1 = ?1 AND k2 = ?2 …` over the key's columns.
fn key_where(kind: Kind) -> String {
    kind.key_columns()
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The columns a kind's row reader reads, in its order.
fn columns_of(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Areas => rows::AREA_COLS,
        Kind::Cells => rows::CELL_COLS,
        Kind::Deputies => rows::DEPUTY_COLS,
        Kind::Contacts => rows::CONTACT_COLS,
        Kind::Stations => rows::STATION_COLS,
        Kind::Receptions => rows::RECEPTION_COLS,
        Kind::Suggestions => rows::SUGGESTION_COLS,
        Kind::Units => rows::UNIT_COLS,
        Kind::Rota => rows::ROTA_COLS,
        Kind::Activities => rows::ACTIVITY_COLS,
        Kind::Boundary | Kind::Assignments => return None,
    })
}

fn read(kind: Kind, row: &rusqlite::Row) -> rusqlite::Result<Record> {
    Ok(match kind {
        Kind::Areas => Record::Area(rows::area(row)?),
        Kind::Cells => Record::Cell(rows::cell(row)?),
        Kind::Deputies => Record::Deputy(rows::deputy(row)?),
        Kind::Contacts => Record::Contact(rows::contact(row)?),
        Kind::Stations => Record::Station(rows::station(row)?),
        Kind::Receptions => Record::Reception(rows::reception(row)?),
        Kind::Suggestions => Record::Suggestion(rows::suggestion(row)?),
        // Never asked: `columns_of` has no columns for them.
        Kind::Units => Record::Unit(rows::unit(row)?),
        Kind::Rota => Record::Rota(rows::rota_slot(row)?),
        Kind::Activities => Record::Activity(rows::activity(row)?),
        Kind::Boundary | Kind::Assignments => return Err(rusqlite::Error::InvalidQuery),
    })
}

/// The stored record of `kind` with this key, and its version.
pub(super) fn fetch(conn: &Connection, kind: Kind, key: &str) -> Result<Option<(Record, i64)>> {
    let (Some(cols), Some(parts)) = (columns_of(kind), key_parts(kind, key)) else {
        return Ok(None);
    };
    let version_at = cols.split(',').count();
    let sql = format!("SELECT {cols}, version FROM {} WHERE {}", kind.name(), key_where(kind));
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params_from_iter(parts), |r| Ok((read(kind, r)?, r.get(version_at)?)))
        .optional()?)
}

/// Insert the record, or change the stored one to it (its version
/// bumped). A cell's shape and bounding box stay as stored; a cell
/// inserted anew takes the shape its record holds (undoing a removal).
/// Returns the rows inserted or changed.
pub(super) fn write(conn: &Connection, record: &Record) -> Result<usize> {
    let stmt = |sql: &str| conn.prepare_cached(sql);
    Ok(match record {
        Record::Area(a) => rows::exec_area(&mut *stmt(rows::AREA_UPSERT)?, a)?,
        Record::Cell(c) => {
            let changed = conn.execute(
                "UPDATE cells SET name = ?2, area_code = ?3, households = ?4, population = ?5,
                   grid_worker = ?6, version = version + 1
                 WHERE code = ?1 AND (name IS NOT ?2 OR area_code IS NOT ?3 OR households IS NOT ?4
                   OR population IS NOT ?5 OR grid_worker IS NOT ?6)",
                rusqlite::params![
                    c.code.as_str(),
                    c.name.as_str(),
                    c.area_code.as_str(),
                    c.households,
                    c.population,
                    c.grid_worker.as_str()
                ],
            )?;
            let exists: Option<i64> = conn
                .query_row("SELECT 1 FROM cells WHERE code = ?1", [c.code.as_str()], |r| r.get(0))
                .optional()?;
            if exists.is_some() {
                changed
            } else {
                let bbox = c
                    .geometry
                    .as_deref()
                    .and_then(crate::spatial::parse_shape_text)
                    .and_then(|shape| crate::spatial::bbox(&shape));
                rows::exec_cell(&mut *stmt(rows::CELL_UPSERT)?, c, bbox)?
            }
        }
        Record::Deputy(d) => rows::exec_deputy(&mut *stmt(rows::DEPUTY_UPSERT)?, d)?,
        Record::Contact(c) => rows::exec_contact(&mut *stmt(rows::CONTACT_UPSERT)?, c)?,
        Record::Station(s) => rows::exec_station(&mut *stmt(rows::STATION_UPSERT)?, s)?,
        Record::Reception(r) => rows::exec_reception(&mut *stmt(rows::RECEPTION_UPSERT)?, r)?,
        Record::Suggestion(s) => rows::exec_suggestion(&mut *stmt(rows::SUGGESTION_UPSERT)?, s)?,
        Record::Unit(u) => rows::exec_unit(&mut *stmt(rows::UNIT_UPSERT)?, u)?,
        Record::Rota(r) => rows::exec_rota(&mut *stmt(rows::ROTA_UPSERT)?, r)?,
        Record::Activity(a) => rows::exec_activity(&mut *stmt(rows::ACTIVITY_UPSERT)?, a)?,
    })
}

/// Delete the record of `kind` with this key; returns the rows deleted.
pub(super) fn delete(conn: &Connection, kind: Kind, key: &str) -> Result<usize> {
    let Some(parts) = key_parts(kind, key).filter(|_| kind.has_records()) else {
        return Ok(0);
    };
    let sql = format!("DELETE FROM {} WHERE {}", kind.name(), key_where(kind));
    Ok(conn.execute(&sql, params_from_iter(parts))?)
}

/// What refers to a record: (kind referred to, kind that refers, the
/// column holding the code, or `;list` for a `;`-separated list). One
/// table, so `remove` names every holder and a new reference is one row.
const REFERENCES: &[(Kind, Kind, &str)] = &[
    (Kind::Areas, Kind::Areas, "parent_code"),
    (Kind::Areas, Kind::Cells, "area_code"),
    (Kind::Areas, Kind::Stations, "area_code"),
    (Kind::Cells, Kind::Contacts, "cell_code"),
    (Kind::Cells, Kind::Assignments, "cell_code"),
    (Kind::Cells, Kind::Suggestions, "cell_code"),
    (Kind::Deputies, Kind::Contacts, "deputy_code"),
    (Kind::Deputies, Kind::Assignments, "deputy_code"),
    (Kind::Deputies, Kind::Receptions, "deputy_code"),
    (Kind::Deputies, Kind::Suggestions, "raised_by"),
    (Kind::Contacts, Kind::Suggestions, "raised_by"),
    (Kind::Stations, Kind::Deputies, "station_code"),
    (Kind::Stations, Kind::Receptions, "station_code"),
    (Kind::Stations, Kind::Rota, "station_code"),
    (Kind::Deputies, Kind::Rota, "deputy_code"),
    (Kind::Deputies, Kind::Activities, "deputy_code"),
    (Kind::Deputies, Kind::Suggestions, "supervisor"),
    (Kind::Units, Kind::Suggestions, "handling_unit"),
    (Kind::Units, Kind::Suggestions, ";co_units"),
];

/// How many rows of each kind still refer to the record `code` of `kind`
/// (only kinds with some), in the order of [`REFERENCES`].
pub(super) fn referenced_by(conn: &Connection, kind: Kind, code: &str) -> Result<Vec<(Kind, i64)>> {
    let mut found: Vec<(Kind, i64)> = Vec::new();
    for (target, by, column) in REFERENCES {
        if *target != kind {
            continue;
        }
        // An area is not its own parent's holder (the county names its own code at most).
        let own = if *by == kind { " AND code <> ?1" } else { "" };
        let test = match column.strip_prefix(';') {
            Some(list) => format!("instr(';' || {list} || ';', ';' || ?1 || ';') > 0"),
            None => format!("{column} = ?1"),
        };
        let sql = format!("SELECT count(*) FROM {} WHERE {test}{own}", by.name());
        let n: i64 = conn.query_row(&sql, [code], |r| r.get(0))?;
        if n == 0 {
            continue;
        }
        match found.iter_mut().find(|(k, _)| k == by) {
            Some((_, total)) => *total += n,
            None => found.push((*by, n)),
        }
    }
    Ok(found)
}

/// The rows of the database that `values` may name as a reference (an
/// area, cell, deputy, contact or station with that code): what the
/// import's reference checks read, for one record (a province is not read
/// whole to check one field).
pub(super) fn reference_rows(conn: &Connection, values: &[String]) -> Result<Dataset> {
    let mut ds = Dataset::default();
    let mut values: Vec<&str> = values.iter().map(String::as_str).filter(|v| !v.is_empty()).collect();
    values.sort_unstable();
    values.dedup();
    for value in values {
        for kind in [Kind::Areas, Kind::Cells, Kind::Deputies, Kind::Contacts, Kind::Stations] {
            match fetch(conn, kind, value)? {
                Some((Record::Area(a), _)) => ds.areas.push(a),
                Some((Record::Cell(c), _)) => ds.cells.push(c),
                Some((Record::Deputy(d), _)) => ds.deputies.push(d),
                Some((Record::Contact(c), _)) => ds.contacts.push(c),
                Some((Record::Station(s), _)) => ds.stations.push(s),
                _ => {}
            }
        }
        // A unit is named by its code or its exact name (SPEC §2); a
        // list of them (co_units) by each.
        for part in value.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
            let sql = format!("SELECT {} FROM units WHERE code = ?1 OR name = ?1", rows::UNIT_COLS);
            let mut stmt = conn.prepare_cached(&sql)?;
            let found = stmt
                .query_map([part], rows::unit)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            ds.units.extend(found);
        }
    }
    ds.units.sort_by(|a, b| a.code.cmp(&b.code));
    ds.units.dedup_by(|a, b| a.code == b.code);
    ds.sort();
    Ok(ds)
}

/// The rota's slots on any of the days `values` name (as dates).
pub(super) fn rota_on(conn: &Connection, values: &[String]) -> Result<Vec<RotaSlot>> {
    let mut days: Vec<String> = values
        .iter()
        .filter_map(|v| parse_date(v.trim()))
        .map(|d| d.to_string())
        .collect();
    days.sort_unstable();
    days.dedup();
    let sql = format!("SELECT {} FROM rota WHERE date = ?1", rows::ROTA_COLS);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut slots = Vec::new();
    for day in days {
        let found = stmt
            .query_map([day], rows::rota_slot)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        slots.extend(found);
    }
    Ok(slots)
}

/// Undo's view of a record kept by [`write`]: the row as its audit entry
/// shows it now (None when absent).
pub(super) fn current_json(conn: &Connection, kind: Kind, code: &str) -> Result<Option<Value>> {
    Ok(fetch(conn, kind, code)?.and_then(|(r, _)| r.audit_json()))
}

/// Undo's restore: put a record back as `before` says (delete it when None).
pub(super) fn restore(conn: &Connection, kind: Kind, code: &str, before: Option<&Value>) -> Result<()> {
    match before {
        None => {
            delete(conn, kind, code)?;
        }
        Some(v) => {
            let record = Record::from_json(kind, v).ok_or_else(|| {
                StoreError::Refused(format!(
                    "the audit entry for {} {code} cannot be read back",
                    kind.singular()
                ))
            })?;
            write(conn, &record)?;
        }
    }
    Ok(())
}
