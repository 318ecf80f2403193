//! One record given field by field — `add`/`edit KIND … FIELD=VALUE` and
//! the TUI's record forms (SPEC §9) — read by the import's own code: the
//! stored row as the export writes it, the named fields replaced, then the
//! row parser of `rows.rs` and the reference checks of `validate.rs`
//! against the database. One validator, so a value a file may not hold is
//! refused here too, in the same words, naming the field.

use super::headers;
use super::messages::Loc;
use super::rows::Parsed;
use super::table::{clean, Geom, Record as TableRecord, Table};
use crate::i18n::Lang;
use crate::model::Dataset;
use crate::store::{FieldError, Kind, Record};

/// The English name of the column of `kind` that `name` calls (an English
/// header in any case, or one of its Chinese aliases), as an import reads
/// a header.
pub fn field_column(kind: Kind, name: &str) -> Option<&'static str> {
    headers::resolve(kind, name).and_then(|i| headers::columns(kind).get(i).map(|c| c.name))
}

/// How a form names a column: its first Chinese header in Chinese, its
/// English name otherwise (what a file's header says either way).
pub fn field_label(kind: Kind, column: &str, lang: Lang) -> String {
    let found = headers::columns(kind).iter().find(|c| c.name == column);
    match (lang, found.and_then(|c| c.aliases.first())) {
        (Lang::Zh, Some(zh)) => zh.to_string(),
        _ => column.to_string(),
    }
}

/// Every column of `kind`, in the order of its file (SPEC §2).
pub fn field_names(kind: Kind) -> Vec<&'static str> {
    headers::columns(kind).iter().map(|c| c.name).collect()
}

/// The stored row as text, column by column, as the export writes it
/// (English values): what a form shows and what an edit starts from.
pub fn stored_values(record: &Record) -> Vec<(&'static str, String)> {
    let mut ds = Dataset::default();
    match record.clone() {
        Record::Area(a) => ds.areas.push(a),
        Record::Cell(c) => ds.cells.push(c),
        Record::Deputy(d) => ds.deputies.push(d),
        Record::Contact(c) => ds.contacts.push(c),
        Record::Station(s) => ds.stations.push(s),
        Record::Reception(r) => ds.receptions.push(r),
        Record::Suggestion(s) => ds.suggestions.push(s),
        Record::Unit(u) => ds.units.push(u),
        Record::Rota(r) => ds.rota.push(r),
        Record::Activity(a) => ds.activities.push(a),
    }
    let kind = record.kind();
    let Some(mut table) = super::table_rows::all(&ds).into_iter().find(|t| t.name == kind.name()) else {
        return Vec::new();
    };
    let header = table.header.clone();
    let row = table.rows.next().unwrap_or_default();
    header.into_iter().zip(row).collect()
}

/// Read a record of `kind` from `given` — (column, label as the operator
/// wrote it, value) — laid over `stored` (None for a new record, whose
/// other columns are empty and default as on import). References are
/// checked against `existing` (the database's rows they may name). Errors
/// are `LABEL: message` in `lang`, one per bad value.
pub fn read_record(
    kind: Kind,
    stored: Option<&Record>,
    given: &[(&'static str, &str, &str)],
    existing: &Dataset,
    lang: Lang,
) -> Result<Record, Vec<FieldError>> {
    let columns = headers::columns(kind);
    let stored_text = stored.map(stored_values).unwrap_or_default();
    let mut labels: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
    let mut fields: Vec<_> = columns
        .iter()
        .map(|c| {
            let text = stored_text
                .iter()
                .find(|(name, _)| *name == c.name)
                .map(|(_, v)| v.as_str());
            clean(text.unwrap_or(""))
        })
        .collect();
    for (column, label, value) in given {
        if let Some(i) = columns.iter().position(|c| c.name == *column) {
            fields[i] = clean(value);
            labels[i] = clean(label).to_string();
        }
    }
    // A cell keeps its shape: geometry is not a field (shapes come from GeoJSON).
    let geometry = match stored {
        Some(Record::Cell(c)) => c.geometry.clone().map(|text| Geom { text, bbox: None }),
        _ => None,
    };
    let table = Table {
        file: String::new(),
        kind,
        labels: labels.clone(),
        present: vec![true; columns.len()],
        records: vec![TableRecord {
            loc: Loc::Field,
            fields,
            geometry,
        }],
    };
    let mut parsed = Parsed::default();
    let mut errors = Vec::new();
    parsed.add(&table, lang, &mut errors);
    super::unit_names::resolve(&mut parsed, existing, false);
    super::validate::check(&parsed, existing, false, lang, &mut errors);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| field_error(columns, &labels, e.text))
            .collect());
    }
    let one = |found: Option<Record>| {
        found.ok_or_else(|| {
            vec![FieldError {
                column: "",
                text: String::new(),
            }]
        })
    };
    one(match kind {
        Kind::Areas => parsed
            .areas
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Area(r.value)),
        Kind::Cells => parsed
            .cells
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Cell(r.value.0)),
        Kind::Deputies => parsed
            .deputies
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Deputy(r.value)),
        Kind::Contacts => parsed
            .contacts
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Contact(r.value)),
        Kind::Stations => parsed
            .stations
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Station(r.value)),
        Kind::Receptions => parsed
            .receptions
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Reception(r.value)),
        Kind::Suggestions => parsed
            .suggestions
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Suggestion(r.value)),
        Kind::Units => parsed
            .units
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Unit(r.value)),
        Kind::Rota => parsed
            .rota
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Rota(r.value)),
        Kind::Activities => parsed
            .activities
            .and_then(|r| r.into_iter().next())
            .map(|r| Record::Activity(r.value)),
        Kind::Boundary | Kind::Assignments => None,
    })
}

/// Which column an error of the one-record table names: its text begins
/// with that column's label (`phone: …`, `网格编码: …`).
fn field_error(columns: &[headers::Column], labels: &[String], text: String) -> FieldError {
    let mut by_length: Vec<usize> = (0..labels.len()).collect();
    // The longest label first: `cell_code` before a label `cell`.
    by_length.sort_by_key(|&i| std::cmp::Reverse(labels[i].len()));
    let column = by_length
        .into_iter()
        .find(|&i| text.starts_with(&format!("{}: ", labels[i])))
        .and_then(|i| columns.get(i))
        .map_or("", |c| c.name);
    FieldError { column, text }
}
