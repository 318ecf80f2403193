//! Each table as English header + rows of text, in SPEC §2 column order:
//! what CSV and XLSX export write.

use crate::model::*;
use chrono::NaiveDate;

pub const AREAS: [&str; 4] = ["code", "name", "level", "parent_code"];
pub const CELLS: [&str; 6] = ["code", "name", "area_code", "households", "population", "grid_worker"];
pub const DEPUTIES: [&str; 8] = [
    "code",
    "name",
    "level",
    "district",
    "phone",
    "sector",
    "station_code",
    "active",
];
pub const ASSIGNMENTS: [&str; 2] = ["deputy_code", "cell_code"];
pub const CONTACTS: [&str; 7] = ["code", "name", "role", "phone", "cell_code", "deputy_code", "active"];
pub const STATIONS: [&str; 8] = [
    "code",
    "name",
    "kind",
    "area_code",
    "lon",
    "lat",
    "theme",
    "reception_day",
];
pub const RECEPTIONS: [&str; 4] = ["date", "station_code", "deputy_code", "constituents"];
pub const SUGGESTIONS: [&str; 18] = [
    "code",
    "cell_code",
    "title",
    "source",
    "raised_by",
    "category",
    "received_on",
    "handling_unit",
    "assigned_on",
    "due_on",
    "status",
    "replied_on",
    "satisfaction",
    "closed_on",
    "co_units",
    "extended_from",
    "result",
    "supervisor",
];
pub const UNITS: [&str; 6] = ["code", "name", "kind", "contact", "phone", "active"];
pub const ROTA: [&str; 4] = ["date", "station_code", "deputy_code", "role"];
pub const ACTIVITIES: [&str; 4] = ["date", "deputy_code", "kind", "note"];

/// One table ready to write: its rows are made one at a time as they are
/// written (a province's tables, as text all at once, took a gigabyte).
pub struct TableRows<'a> {
    /// The English kind name (`areas`, `cells`, …): file stem and sheet name.
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Box<dyn Iterator<Item = Vec<String>> + 'a>,
}

pub fn date(d: NaiveDate) -> String {
    d.to_string()
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Every table of a (sorted) dataset, in the order of the file list of SPEC §2.
pub fn all(ds: &Dataset) -> Vec<TableRows<'_>> {
    fn table<'a, T>(
        name: &'static str,
        header: &[&'static str],
        rows: &'a [T],
        row: fn(&T) -> Vec<String>,
    ) -> TableRows<'a> {
        TableRows {
            name,
            header: header.to_vec(),
            rows: Box::new(rows.iter().map(row)),
        }
    }
    vec![
        table("areas", &AREAS, &ds.areas, area),
        table("cells", &CELLS, &ds.cells, cell),
        table("deputies", &DEPUTIES, &ds.deputies, deputy),
        table("assignments", &ASSIGNMENTS, &ds.assignments, assignment),
        table("contacts", &CONTACTS, &ds.contacts, contact),
        table("stations", &STATIONS, &ds.stations, station),
        table("receptions", &RECEPTIONS, &ds.receptions, reception),
        table("suggestions", &SUGGESTIONS, &ds.suggestions, suggestion),
        table("units", &UNITS, &ds.units, unit),
        table("rota", &ROTA, &ds.rota, rota_slot),
        table("activities", &ACTIVITIES, &ds.activities, activity),
    ]
}

fn area(a: &Area) -> Vec<String> {
    vec![
        a.code.to_string(),
        a.name.to_string(),
        a.level.code().into(),
        a.parent_code.to_string(),
    ]
}

fn cell(c: &Cell) -> Vec<String> {
    vec![
        c.code.to_string(),
        c.name.to_string(),
        c.area_code.to_string(),
        opt(c.households),
        opt(c.population),
        c.grid_worker.to_string(),
    ]
}

fn deputy(d: &Deputy) -> Vec<String> {
    vec![
        d.code.to_string(),
        d.name.to_string(),
        d.level.code().into(),
        d.district.to_string(),
        d.phone.to_string(),
        d.sector.to_string(),
        d.station_code.to_string(),
        d.active.to_string(),
    ]
}

fn assignment(a: &Assignment) -> Vec<String> {
    vec![a.deputy_code.to_string(), a.cell_code.to_string()]
}

fn contact(c: &Contact) -> Vec<String> {
    vec![
        c.code.to_string(),
        c.name.to_string(),
        c.role.code().into(),
        c.phone.to_string(),
        c.cell_code.to_string(),
        c.deputy_code.to_string(),
        c.active.to_string(),
    ]
}

fn station(s: &Station) -> Vec<String> {
    vec![
        s.code.to_string(),
        s.name.to_string(),
        s.kind.code().into(),
        s.area_code.to_string(),
        opt(s.lon),
        opt(s.lat),
        s.theme.to_string(),
        s.reception_day.to_string(),
    ]
}

fn reception(r: &Reception) -> Vec<String> {
    vec![
        date(r.date),
        r.station_code.to_string(),
        r.deputy_code.to_string(),
        r.constituents.to_string(),
    ]
}

fn suggestion(s: &Suggestion) -> Vec<String> {
    vec![
        s.code.to_string(),
        s.cell_code.to_string(),
        s.title.to_string(),
        s.source.code().into(),
        s.raised_by.to_string(),
        s.category.code().into(),
        date(s.received_on),
        s.handling_unit.to_string(),
        opt_date(s.assigned_on),
        opt_date(s.due_on),
        s.status.code().into(),
        opt_date(s.replied_on),
        s.satisfaction.map(|v| v.code().to_string()).unwrap_or_default(),
        opt_date(s.closed_on),
        s.co_units.iter().map(Text::as_str).collect::<Vec<_>>().join(";"),
        opt_date(s.extended_from),
        s.result.map(|r| r.code().to_string()).unwrap_or_default(),
        s.supervisor.to_string(),
    ]
}

fn unit(u: &Unit) -> Vec<String> {
    vec![
        u.code.to_string(),
        u.name.to_string(),
        u.kind.code().into(),
        u.contact.to_string(),
        u.phone.to_string(),
        u.active.to_string(),
    ]
}

fn rota_slot(r: &RotaSlot) -> Vec<String> {
    vec![
        date(r.date),
        r.station_code.to_string(),
        r.deputy_code.to_string(),
        r.role.code().into(),
    ]
}

fn activity(a: &Activity) -> Vec<String> {
    vec![
        date(a.date),
        a.deputy_code.to_string(),
        a.kind.code().into(),
        a.note.to_string(),
    ]
}
