//! Table records → typed rows, one column at a time: codes, enums (English
//! or Chinese, per column), dates, numbers in range, booleans, and the
//! status fields a suggestion's status needs. Every bad value is reported;
//! a row with any bad value is left out.

use super::messages::{row_error, Loc, Problem};
use super::table::{Record, Table};
use super::ImportError;
use crate::i18n::Lang;
use crate::model::*;
use crate::store::Kind;
use chrono::NaiveDate;
use std::collections::HashSet;

/// A parsed row and where it came from.
#[derive(Debug, Clone)]
pub struct Row<T> {
    /// Index into [`Parsed::sources`].
    pub src: u32,
    pub loc: Loc,
    pub value: T,
}

/// The file a row came from, and what it calls each column.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: String,
    pub kind: Kind,
    pub labels: Vec<String>,
    /// Whether the file has each column of its kind.
    pub present: Vec<bool>,
}

impl Source {
    /// The column as the file names it (falls back to the English name).
    pub fn label<'a>(&'a self, column: &'a str) -> &'a str {
        super::headers::columns(self.kind)
            .iter()
            .position(|c| c.name == column)
            .and_then(|i| self.labels.get(i))
            .map_or(column, String::as_str)
    }
}

/// A cell and the bounding box of its geometry, as `ImportSet` carries it.
pub type CellWithBox = (Cell, Option<[f64; 4]>);

/// Every imported kind's rows; None for a kind no file held.
#[derive(Debug, Default)]
pub struct Parsed {
    pub sources: Vec<Source>,
    pub areas: Option<Vec<Row<Area>>>,
    pub cells: Option<Vec<Row<CellWithBox>>>,
    pub boundary: Option<Vec<Row<Boundary>>>,
    pub deputies: Option<Vec<Row<Deputy>>>,
    pub assignments: Option<Vec<Row<Assignment>>>,
    pub contacts: Option<Vec<Row<Contact>>>,
    pub stations: Option<Vec<Row<Station>>>,
    pub receptions: Option<Vec<Row<Reception>>>,
    pub suggestions: Option<Vec<Row<Suggestion>>>,
    pub units: Option<Vec<Row<Unit>>>,
    pub rota: Option<Vec<Row<RotaSlot>>>,
    pub activities: Option<Vec<Row<Activity>>>,
    /// Codes of rows left out for a bad value: references to them are not
    /// reported again as unknown (the operator fixes the row, not the reference).
    pub rejected: HashSet<(Kind, String)>,
}

impl Parsed {
    /// Add the rows another reader parsed after this one's (files read on
    /// several threads are put back together in the order given).
    pub fn append(&mut self, other: Parsed) {
        let offset = self.sources.len();
        self.sources.extend(other.sources);
        fn join<T>(mine: &mut Option<Vec<Row<T>>>, theirs: Option<Vec<Row<T>>>, offset: usize) {
            let Some(rows) = theirs else { return };
            let shifted = rows.into_iter().map(|r| Row {
                src: r.src + offset as u32,
                ..r
            });
            match mine {
                Some(mine) => mine.extend(shifted),
                // Collected in place: a province's rows are not copied.
                None => *mine = Some(shifted.collect()),
            }
        }
        join(&mut self.areas, other.areas, offset);
        join(&mut self.cells, other.cells, offset);
        join(&mut self.boundary, other.boundary, offset);
        join(&mut self.deputies, other.deputies, offset);
        join(&mut self.assignments, other.assignments, offset);
        join(&mut self.contacts, other.contacts, offset);
        join(&mut self.stations, other.stations, offset);
        join(&mut self.receptions, other.receptions, offset);
        join(&mut self.suggestions, other.suggestions, offset);
        join(&mut self.units, other.units, offset);
        join(&mut self.rota, other.rota, offset);
        join(&mut self.activities, other.activities, offset);
        self.rejected.extend(other.rejected);
    }

    /// Parse one table's records into its kind's rows.
    pub fn add(&mut self, table: &Table, lang: Lang, errors: &mut Vec<ImportError>) {
        let src = self.source(table);
        self.add_records(src, table, lang, errors);
    }

    /// Name the file a table comes from; returns its index for [`Parsed::add_records`].
    pub fn source(&mut self, table: &Table) -> usize {
        self.sources.push(Source {
            file: table.file.clone(),
            kind: table.kind,
            labels: table.labels.clone(),
            present: table.present.clone(),
        });
        self.sources.len() - 1
    }

    /// Parse the records of a table (or of a batch of one file's records)
    /// from the file registered as `src`.
    pub fn add_records(&mut self, src: usize, table: &Table, lang: Lang, errors: &mut Vec<ImportError>) {
        macro_rules! collect {
            ($field:ident, $parse:ident) => {{
                let rows = self.$field.get_or_insert_with(Vec::new);
                for rec in &table.records {
                    let mut f = Fields {
                        table,
                        rec,
                        lang,
                        errors: &mut *errors,
                        ok: true,
                    };
                    let value = $parse(&mut f);
                    match (f.ok, value) {
                        (true, Some(value)) => rows.push(Row {
                            src: src as u32,
                            loc: rec.loc,
                            value,
                        }),
                        _ => {
                            let code = f.raw("code");
                            if !code.is_empty() {
                                self.rejected.insert((table.kind, code.to_string()));
                            }
                        }
                    }
                }
            }};
        }
        match table.kind {
            Kind::Areas => collect!(areas, area),
            Kind::Cells => collect!(cells, cell),
            Kind::Boundary => collect!(boundary, boundary),
            Kind::Deputies => collect!(deputies, deputy),
            Kind::Assignments => collect!(assignments, assignment),
            Kind::Contacts => collect!(contacts, contact),
            Kind::Stations => collect!(stations, station),
            Kind::Receptions => collect!(receptions, reception),
            Kind::Suggestions => collect!(suggestions, suggestion),
            Kind::Units => collect!(units, unit),
            Kind::Rota => collect!(rota, rota_slot),
            Kind::Activities => collect!(activities, activity),
        }
    }
}

/// Reads the values of one record, reporting each bad one.
struct Fields<'a> {
    table: &'a Table,
    rec: &'a Record,
    lang: Lang,
    errors: &'a mut Vec<ImportError>,
    /// False once any value was bad.
    ok: bool,
}

impl<'a> Fields<'a> {
    fn index(&self, column: &str) -> Option<usize> {
        self.table.columns().iter().position(|c| c.name == column)
    }

    /// The value as read (borrowed from the record, not from `self`, so a
    /// failure can be reported while holding it).
    fn raw(&self, column: &str) -> &'a str {
        let rec: &'a Record = self.rec;
        self.index(column)
            .and_then(|i| rec.fields.get(i))
            .map_or("", Text::as_str)
    }

    fn present(&self, column: &str) -> bool {
        self.index(column)
            .and_then(|i| self.table.present.get(i).copied())
            .unwrap_or(false)
    }

    fn fail(&mut self, column: &str, problem: Problem) {
        let label = self
            .index(column)
            .and_then(|i| self.table.labels.get(i))
            .map_or(column, String::as_str);
        self.errors
            .push(row_error(&self.table.file, self.rec.loc, label, &problem, self.lang));
        self.ok = false;
    }

    /// Free text; empty allowed. Checked as every stored text is
    /// ([`check_text`]: no formula, no control character, not too long).
    fn text(&mut self, column: &str) -> Text {
        self.checked(column, TextKind::Plain)
    }

    /// A phone: text that may begin with `+` and a digit.
    fn phone(&mut self, column: &str) -> Text {
        self.checked(column, TextKind::Phone)
    }

    fn checked(&mut self, column: &str, kind: TextKind) -> Text {
        let v = self.raw(column);
        if let Err(problem) = check_text(v, kind) {
            self.fail(column, Problem::Text(problem));
        }
        Text::new(v)
    }

    /// Text that must not be empty.
    fn required(&mut self, column: &str) -> Text {
        let v = self.text(column);
        if v.is_empty() {
            self.fail(column, Problem::Required);
        }
        v
    }

    /// A code (own key or a reference): 1–64 characters, no whitespace or
    /// control characters. Empty is allowed only when not `required`.
    fn code(&mut self, column: &str, required: bool) -> Text {
        let v = Text::new(self.raw(column));
        if v.is_empty() {
            if required {
                self.fail(column, Problem::Required);
            }
            return v;
        }
        if let Err(problem) = check_text(&v, TextKind::Plain) {
            self.fail(column, Problem::Text(problem));
        } else if !is_valid_code(&v) {
            self.fail(column, Problem::BadCode(v.to_string()));
        }
        v
    }

    /// A closed vocabulary; empty gives `default` (or an error when there is none).
    fn choice<T: Copy>(
        &mut self,
        column: &str,
        parse: fn(&str) -> Option<T>,
        codes: fn() -> String,
        default: Option<T>,
    ) -> Option<T> {
        let v = self.raw(column);
        if v.is_empty() {
            if default.is_none() {
                self.fail(column, Problem::Required);
            }
            return default;
        }
        let parsed = parse(v);
        if parsed.is_none() {
            self.fail(
                column,
                Problem::BadEnum {
                    value: v.to_string(),
                    allowed: codes(),
                },
            );
        }
        parsed
    }

    /// A date that must be there.
    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let v = self.raw(column);
        if v.is_empty() {
            self.fail(column, Problem::Required);
            return None;
        }
        self.opt_date(column)
    }

    /// A date or empty.
    fn opt_date(&mut self, column: &str) -> Option<NaiveDate> {
        let v = self.raw(column);
        if v.is_empty() {
            return None;
        }
        let parsed = parse_iso_date(v).filter(in_years).or_else(|| parse_date(v));
        if parsed.is_none() {
            self.fail(column, Problem::BadDate(v.to_string()));
        }
        parsed
    }

    /// A whole number ≥ 0, or empty (None). `120.0` (as spreadsheets write it) counts as 120.
    fn count(&mut self, column: &str) -> Option<i64> {
        let v = self.raw(column);
        if v.is_empty() {
            return None;
        }
        let n = v.parse::<i64>().ok().or_else(|| {
            v.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9e15)
                .map(|f| f as i64)
        });
        match n {
            Some(n) if n >= 0 => Some(n),
            Some(_) => {
                self.fail(
                    column,
                    Problem::OutOfRange {
                        value: v.to_string(),
                        range: "≥ 0",
                    },
                );
                None
            }
            None => {
                self.fail(column, Problem::NotInteger(v.to_string()));
                None
            }
        }
    }

    /// A number within [min, max], or empty (None).
    fn number(&mut self, column: &str, min: f64, max: f64, range: &'static str) -> Option<f64> {
        let v = self.raw(column);
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(f) if f.is_finite() && (min..=max).contains(&f) => Some(f),
            Ok(f) if !f.is_nan() => {
                self.fail(
                    column,
                    Problem::OutOfRange {
                        value: v.to_string(),
                        range,
                    },
                );
                None
            }
            _ => {
                self.fail(column, Problem::NotNumber(v.to_string()));
                None
            }
        }
    }

    /// A list of codes or names separated by `;` (spaces around each
    /// ignored, empty entries dropped), each checked as stored text.
    fn list(&mut self, column: &str) -> Vec<Text> {
        let v = self.raw(column);
        let mut items = Vec::new();
        for item in v.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            if let Err(problem) = check_text(item, TextKind::Plain) {
                self.fail(column, Problem::Text(problem));
            }
            items.push(Text::new(item));
        }
        items
    }

    /// A yes/no value; empty (or no such column) gives `default`.
    fn boolean(&mut self, column: &str, default: bool) -> bool {
        let v = self.raw(column);
        match parse_bool(v) {
            Some(b) => b.unwrap_or(default),
            None => {
                self.fail(column, Problem::BadBool(v.to_string()));
                default
            }
        }
    }
}

fn area(f: &mut Fields) -> Option<Area> {
    let code = f.code("code", true);
    let name = f.required("name");
    let level = f.choice("level", AreaLevel::parse, AreaLevel::codes, None);
    // The county's parent lies outside the data; every other area needs one.
    let parent_required = level.is_some_and(|l| l != AreaLevel::County);
    let parent_code = f.code("parent_code", parent_required);
    Some(Area {
        code,
        name,
        level: level?,
        parent_code,
    })
}

fn cell(f: &mut Fields) -> Option<CellWithBox> {
    let cell = Cell {
        code: f.code("code", true),
        name: f.required("name"),
        area_code: f.code("area_code", true),
        households: f.count("households"),
        population: f.count("population"),
        grid_worker: f.text("grid_worker"),
        geometry: f.rec.geometry.as_ref().map(|g| g.text.clone()),
    };
    let bbox = f.rec.geometry.as_ref().and_then(|g| g.bbox);
    Some((cell, bbox))
}

fn boundary(f: &mut Fields) -> Option<Boundary> {
    let code = f.code("code", true);
    let name = f.text("name");
    let geometry = f.rec.geometry.as_ref()?.text.clone();
    Some(Boundary { code, name, geometry })
}

fn deputy(f: &mut Fields) -> Option<Deputy> {
    let code = f.code("code", true);
    let name = f.required("name");
    let level = f.choice("level", DeputyLevel::parse, DeputyLevel::codes, None);
    Some(Deputy {
        code,
        name,
        level: level?,
        district: f.text("district"),
        phone: f.phone("phone"),
        sector: f.text("sector"),
        station_code: f.code("station_code", false),
        active: f.boolean("active", true),
    })
}

fn assignment(f: &mut Fields) -> Option<Assignment> {
    Some(Assignment {
        deputy_code: f.code("deputy_code", true),
        cell_code: f.code("cell_code", true),
    })
}

fn contact(f: &mut Fields) -> Option<Contact> {
    let code = f.code("code", true);
    let name = f.required("name");
    // A roster without a role column still means something: its people are "other".
    let role = f.choice("role", ContactRole::parse, ContactRole::codes, Some(ContactRole::Other));
    Some(Contact {
        code,
        name,
        role: role?,
        phone: f.phone("phone"),
        cell_code: f.code("cell_code", true),
        deputy_code: f.code("deputy_code", false),
        active: f.boolean("active", true),
    })
}

fn station(f: &mut Fields) -> Option<Station> {
    let code = f.code("code", true);
    let name = f.required("name");
    let kind = f.choice("kind", StationKind::parse, StationKind::codes, None);
    let area_code = f.code("area_code", false);
    let lon = f.number("lon", -180.0, 180.0, "−180…180");
    let lat = f.number("lat", -90.0, 90.0, "−90…90");
    let theme = f.text("theme");
    let day_text = f.raw("reception_day").to_string();
    let reception_day = match f.count("reception_day") {
        None => 15,
        Some(d @ 1..=31) => d as u8,
        Some(_) => {
            f.fail(
                "reception_day",
                Problem::OutOfRange {
                    value: day_text,
                    range: "1–31",
                },
            );
            15
        }
    };
    Some(Station {
        code,
        name,
        kind: kind?,
        area_code,
        lon,
        lat,
        theme,
        reception_day,
    })
}

fn reception(f: &mut Fields) -> Option<Reception> {
    let date = f.date("date");
    let station_code = f.code("station_code", true);
    let deputy_code = f.code("deputy_code", true);
    let constituents = f.count("constituents").unwrap_or(0);
    Some(Reception {
        date: date?,
        station_code,
        deputy_code,
        constituents,
    })
}

fn suggestion(f: &mut Fields) -> Option<Suggestion> {
    let code = f.code("code", true);
    let cell_code = f.code("cell_code", true);
    let title = f.required("title");
    let source = f.choice(
        "source",
        SuggestionSource::parse,
        SuggestionSource::codes,
        Some(SuggestionSource::Reception),
    );
    let raised_by = f.code("raised_by", false);
    let category = f.choice("category", Category::parse, Category::codes, Some(Category::General));
    let received_on = f.date("received_on");
    let handling_unit = f.text("handling_unit");
    let assigned_on = f.opt_date("assigned_on");
    let due_on = f.opt_date("due_on");
    // A ledger without a status column holds newly received suggestions.
    let status_default = if f.present("status") {
        None
    } else {
        Some(Status::Received)
    };
    let status = f.choice("status", Status::parse, Status::codes, status_default);
    let replied_on = f.opt_date("replied_on");
    let satisfaction = match f.raw("satisfaction") {
        "" => None,
        _ => f.choice("satisfaction", Satisfaction::parse, Satisfaction::codes, None),
    };
    let closed_on = f.opt_date("closed_on");
    let co_units = f.list("co_units");
    let extended_from = f.opt_date("extended_from");
    let result = match f.raw("result") {
        "" => None,
        _ => f.choice("result", ReplyResult::parse, ReplyResult::codes, None),
    };
    let supervisor = f.code("supervisor", false);
    let s = Suggestion {
        code,
        cell_code,
        title,
        source: source?,
        raised_by,
        category: category?,
        received_on: received_on?,
        handling_unit,
        assigned_on,
        due_on,
        status: status?,
        replied_on,
        satisfaction,
        closed_on,
        co_units,
        extended_from,
        result,
        supervisor,
    };
    for column in s.contradictions() {
        let problem = if column == "satisfaction" && s.satisfaction.is_some() {
            Problem::ClosedSatisfaction
        } else {
            Problem::Contradiction {
                status: s.status.code(),
            }
        };
        f.fail(column, problem);
    }
    for order in dates_out_of_order(&s) {
        f.fail(order.field, Problem::DateOrder(order));
    }
    Some(s)
}

fn unit(f: &mut Fields) -> Option<Unit> {
    let code = f.code("code", true);
    let name = f.required("name");
    let kind = f.choice("kind", UnitKind::parse, UnitKind::codes, Some(UnitKind::Other));
    Some(Unit {
        code,
        name,
        kind: kind?,
        contact: f.text("contact"),
        phone: f.phone("phone"),
        active: f.boolean("active", true),
    })
}

fn rota_slot(f: &mut Fields) -> Option<RotaSlot> {
    let date = f.date("date");
    let station_code = f.code("station_code", true);
    let deputy_code = f.code("deputy_code", true);
    let role = f.choice("role", RotaRole::parse, RotaRole::codes, Some(RotaRole::Member));
    Some(RotaSlot {
        date: date?,
        station_code,
        deputy_code,
        role: role?,
    })
}

fn activity(f: &mut Fields) -> Option<Activity> {
    let date = f.date("date");
    let deputy_code = f.code("deputy_code", true);
    let kind = f.choice("kind", ActivityKind::parse, ActivityKind::codes, None);
    Some(Activity {
        date: date?,
        deputy_code,
        kind: kind?,
        note: f.text("note"),
    })
}
