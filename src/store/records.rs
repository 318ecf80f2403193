//! Keeping the records (SPEC §9): add, edit and remove one record of any
//! kind an import creates, assign and unassign deputies, and a record's
//! history. The CLI's `add`/`edit`/`remove` and the TUI's forms call these
//! same functions. Values are read by the import's own parser and checks
//! (`io::read_record`) inside the write transaction, so what is checked is
//! what is written; each call is one transaction with one audit entry per
//! changed row, and a call that changes nothing writes nothing.

use super::audit::{self, Change};
use super::record_rows::{self, Record};
use super::{Actor, AuditEntry, Kind, Result, Store, StoreError};
use crate::i18n::Lang;
use rusqlite::Connection;

/// A value given to a field that the import's checks refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The column's English name (a form marks that field); empty when
    /// the error is the record's as a whole.
    pub column: &'static str,
    /// `FIELD: message` in the operator's language, FIELD as they named it.
    pub text: String,
}

/// Why a request is refused before any value is read: a usage error
/// (exit 2), naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordRefusal {
    /// The boundary and the assignments are not kept record by record
    /// (import, `assign`/`unassign`).
    NotKept(Kind),
    /// A suggestion is added with `suggest add` (status received).
    AddSuggestion,
    /// No column of the kind is called that.
    UnknownField { kind: Kind, field: String },
    /// The key names the record: it never changes.
    Key { field: String },
    /// A suggestion's lifecycle fields change through `suggest move` and
    /// `suggest extend` only.
    Lifecycle { field: String },
    /// The same field given twice.
    Twice { field: String },
    /// Nothing to set.
    NoFields,
}

/// The fields `edit suggestion` may change (SPEC §9); the others are its
/// key and its lifecycle.
const SUGGESTION_EDITABLE: &[&str] = &[
    "title",
    "cell_code",
    "source",
    "raised_by",
    "category",
    "co_units",
    "supervisor",
];

/// A request's fields: (column, label as given, value).
type Named<'a> = Vec<(&'static str, &'a str, &'a str)>;

impl Store {
    /// The stored record of `kind` with this key (`C00042`,
    /// `2026-12-15/ST01/D00036`), and its version.
    pub fn record(&self, kind: Kind, key: &str) -> Result<Option<(Record, i64)>> {
        record_rows::fetch(&self.conn, kind, key)
    }

    /// Add a record from its fields (FIELD as any header its import
    /// accepts, VALUE as a file would hold it). The fields an import row
    /// may not leave empty are needed; the others default as on import.
    pub fn add_record(&mut self, actor: &Actor, kind: Kind, given: &[(String, String)], lang: Lang) -> Result<Record> {
        kept(kind)?;
        if kind == Kind::Suggestions {
            return Err(StoreError::Record(RecordRefusal::AddSuggestion));
        }
        let named = resolve(kind, given, None)?;
        let tx = self.write()?;
        let record = read(&tx, kind, None, &named, lang)?;
        let key = record.key();
        if record_rows::fetch(&tx, kind, &key)?.is_some() {
            let column = kind.key_columns().first().copied().unwrap_or("code");
            let label = named
                .iter()
                .find(|(c, _, _)| *c == column)
                .map_or(column, |(_, l, _)| *l);
            return Err(StoreError::Fields(vec![FieldError {
                column,
                text: format!("{label}: {}", super::messages::exists_text(kind, &key, lang)),
            }]));
        }
        check_links(&tx, None, &record)?;
        record_rows::write(&tx, &record)?;
        let change = Change {
            kind: kind.singular(),
            code: key,
            before: None,
            after: record.audit_json(),
        };
        audit::record(&tx, actor, &format!("{}.add", kind.name()), &[change])?;
        tx.commit()?;
        Ok(record)
    }

    /// Change the named fields of a record; the others stay. `seen` is the
    /// version the operator decided on (a form's, when it opened): another
    /// change since is a conflict. Returns the record before and after, or
    /// None when nothing would change (and nothing was written).
    pub fn edit_record(
        &mut self,
        actor: &Actor,
        kind: Kind,
        key: &str,
        given: &[(String, String)],
        seen: Option<i64>,
        lang: Lang,
    ) -> Result<Option<(Record, Record)>> {
        kept(kind)?;
        let tx = self.write()?;
        let before = fetch_as_seen(&tx, kind, key, seen)?;
        let named = resolve(kind, given, Some(&before))?;
        let after = read(&tx, kind, Some(&before), &named, lang)?;
        if after == before {
            return Ok(None);
        }
        check_links(&tx, Some(&before), &after)?;
        record_rows::write(&tx, &after)?;
        let change = Change {
            kind: kind.singular(),
            code: before.key(),
            before: before.audit_json(),
            after: after.audit_json(),
        };
        audit::record(&tx, actor, &format!("{}.edit", kind.name()), &[change])?;
        tx.commit()?;
        Ok(Some((before, after)))
    }

    /// Delete a record nothing refers to; one that something still refers
    /// to is refused, naming what does (deactivating is the everyday way out).
    pub fn remove_record(&mut self, actor: &Actor, kind: Kind, key: &str, seen: Option<i64>) -> Result<Record> {
        kept(kind)?;
        let tx = self.write()?;
        let before = fetch_as_seen(&tx, kind, key, seen)?;
        let code = before.key();
        let by = if kind.key_columns().len() == 1 {
            record_rows::referenced_by(&tx, kind, &code)?
        } else {
            Vec::new()
        };
        if !by.is_empty() {
            return Err(StoreError::Referenced { code, by });
        }
        record_rows::delete(&tx, kind, &code)?;
        let change = Change {
            kind: kind.singular(),
            code,
            before: before.whole_json(),
            after: None,
        };
        audit::record(&tx, actor, &format!("{}.remove", kind.name()), &[change])?;
        tx.commit()?;
        Ok(before)
    }

    /// Assign a deputy to cells (`present`), or take those assignments
    /// away: one transaction, one `assignments.change` entry per
    /// assignment that changed. An unknown deputy or cell is not found;
    /// assigning an inactive deputy is refused. Returns the cells changed.
    pub fn set_assignments(
        &mut self,
        actor: &Actor,
        deputy: &str,
        cells: &[String],
        present: bool,
    ) -> Result<Vec<String>> {
        let tx = self.write()?;
        let Some((Record::Deputy(d), _)) = record_rows::fetch(&tx, Kind::Deputies, deputy)? else {
            return Err(StoreError::NotFound {
                kind: "deputy",
                code: deputy.to_string(),
            });
        };
        if present && !d.active {
            return Err(StoreError::Inactive {
                kind: "deputy",
                code: deputy.to_string(),
                name: d.name.to_string(),
            });
        }
        let mut changes = Vec::new();
        let mut changed = Vec::new();
        for cell in cells {
            if record_rows::fetch(&tx, Kind::Cells, cell)?.is_none() {
                return Err(StoreError::NotFound {
                    kind: "cell",
                    code: cell.clone(),
                });
            }
            if changed.contains(cell) {
                continue;
            }
            let a = crate::model::Assignment {
                deputy_code: deputy.into(),
                cell_code: cell.as_str().into(),
            };
            let n = if present {
                super::rows::upsert_assignment(&tx, &a)?
            } else {
                tx.execute(
                    "DELETE FROM assignments WHERE deputy_code = ?1 AND cell_code = ?2",
                    rusqlite::params![deputy, cell],
                )?
            };
            if n == 0 {
                continue;
            }
            let row = serde_json::to_value(&a).ok();
            let (before, after) = if present { (None, row) } else { (row, None) };
            changes.push(Change {
                kind: "assignment",
                code: format!("{deputy}/{cell}"),
                before,
                after,
            });
            changed.push(cell.clone());
        }
        audit::record(&tx, actor, "assignments.change", &changes)?;
        tx.commit()?;
        Ok(changed)
    }

    /// Resolve a duplicate contact (`contact-duplicate`'s fix): `retire`
    /// is deactivated and, when `keep` has no deputy, `keep` takes
    /// `retire`'s (an active one). `seen` holds the versions of both as the
    /// operator saw them. One transaction, an entry per contact changed.
    pub fn retire_duplicate(&mut self, actor: &Actor, retire: &str, keep: &str, seen: &[i64; 2]) -> Result<usize> {
        let tx = self.write()?;
        let gone = fetch_as_seen(&tx, Kind::Contacts, retire, Some(seen[0]))?;
        let kept = fetch_as_seen(&tx, Kind::Contacts, keep, Some(seen[1]))?;
        let (Record::Contact(gone), Record::Contact(kept)) = (gone, kept) else {
            return Ok(0);
        };
        let mut changes = Vec::new();
        let deputy_active = match record_rows::fetch(&tx, Kind::Deputies, &gone.deputy_code)? {
            Some((Record::Deputy(d), _)) => d.active,
            _ => false,
        };
        if kept.deputy_code.is_empty() && deputy_active {
            let after = crate::model::Contact {
                deputy_code: gone.deputy_code.clone(),
                ..kept.clone()
            };
            changes.push((Record::Contact(kept), Record::Contact(after)));
        }
        if gone.active {
            let after = crate::model::Contact {
                active: false,
                ..gone.clone()
            };
            changes.push((Record::Contact(gone), Record::Contact(after)));
        }
        let mut entries = Vec::new();
        for (before, after) in &changes {
            record_rows::write(&tx, after)?;
            entries.push(Change {
                kind: "contact",
                code: after.key(),
                before: before.audit_json(),
                after: after.audit_json(),
            });
        }
        audit::record(&tx, actor, "contacts.edit", &entries)?;
        tx.commit()?;
        Ok(entries.len())
    }

    /// Every audit entry about the record `code`, oldest first: its own
    /// (of `kind` only, when given), and for a deputy or a cell the
    /// assignments that link it.
    pub fn record_history(&self, code: &str, kind: Option<Kind>) -> Result<Vec<AuditEntry>> {
        audit::history(&self.conn, code, kind.map(Kind::singular))
    }
}

/// The boundary and the assignments are kept otherwise.
fn kept(kind: Kind) -> Result<()> {
    if kind.has_records() {
        Ok(())
    } else {
        Err(StoreError::Record(RecordRefusal::NotKept(kind)))
    }
}

/// The stored record, refused as a conflict when its version is no
/// longer the one the operator saw.
fn fetch_as_seen(conn: &Connection, kind: Kind, key: &str, seen: Option<i64>) -> Result<Record> {
    let Some((record, version)) = record_rows::fetch(conn, kind, key)? else {
        return Err(StoreError::NotFound {
            kind: kind.singular(),
            code: key.to_string(),
        });
    };
    if seen.is_some_and(|s| s != version) {
        let code = record.key();
        let (by, at) = audit::last_change(conn, kind.singular(), &code)?;
        return Err(StoreError::Conflict {
            kind: kind.singular(),
            code,
            by,
            at,
        });
    }
    Ok(record)
}

/// The given fields by column; a field no column of `kind` is called,
/// one given twice, or (for an edit of `stored`) a change of the key or of
/// a suggestion's lifecycle is refused.
fn resolve<'a>(kind: Kind, given: &'a [(String, String)], stored: Option<&Record>) -> Result<Named<'a>> {
    let refuse = |r| Err(StoreError::Record(r));
    if given.is_empty() {
        return refuse(RecordRefusal::NoFields);
    }
    let stored_text = stored.map(crate::io::stored_values).unwrap_or_default();
    let mut named: Named = Vec::new();
    for (field, value) in given {
        let Some(column) = crate::io::field_column(kind, field) else {
            return refuse(RecordRefusal::UnknownField {
                kind,
                field: field.clone(),
            });
        };
        if named.iter().any(|(c, _, _)| *c == column) {
            return refuse(RecordRefusal::Twice { field: field.clone() });
        }
        if stored.is_some() && kind.key_columns().contains(&column) {
            let now = stored_text.iter().find(|(c, _)| *c == column).map(|(_, v)| v.as_str());
            let same_date = crate::model::parse_date(value.trim()).map(|d| d.to_string());
            if now != Some(value.trim()) && now.map(str::to_string) != same_date {
                return refuse(RecordRefusal::Key { field: field.clone() });
            }
        } else if stored.is_some() && kind == Kind::Suggestions && !SUGGESTION_EDITABLE.contains(&column) {
            return refuse(RecordRefusal::Lifecycle { field: field.clone() });
        }
        named.push((column, field.as_str(), value.as_str()));
    }
    Ok(named)
}

/// The record the import's parser and checks read from `named` over
/// `stored`, its references looked up in the database.
fn read(conn: &Connection, kind: Kind, stored: Option<&Record>, named: &Named, lang: Lang) -> Result<Record> {
    let mut values: Vec<String> = named.iter().map(|(_, _, v)| v.trim().to_string()).collect();
    if let Some(s) = stored {
        values.extend(crate::io::stored_values(s).into_iter().map(|(_, v)| v));
    }
    let mut existing = record_rows::reference_rows(conn, &values)?;
    if kind == Kind::Rota {
        // One lead per date and station: the import's check reads the
        // slots stored on the days named.
        existing.rota = record_rows::rota_on(conn, &values)?;
    }
    crate::io::read_record(kind, stored, named, &existing, lang).map_err(StoreError::Fields)
}

/// A contact newly linked to a deputy needs an active one (as `reassign`
/// does): a link to an inactive deputy is refused.
fn check_links(conn: &Connection, before: Option<&Record>, after: &Record) -> Result<()> {
    let Record::Contact(c) = after else { return Ok(()) };
    let was = match before {
        Some(Record::Contact(b)) => b.deputy_code.as_str(),
        _ => "",
    };
    if c.deputy_code.is_empty() || c.deputy_code == was {
        return Ok(());
    }
    if let Some((Record::Deputy(d), _)) = record_rows::fetch(conn, Kind::Deputies, &c.deputy_code)? {
        if !d.active {
            return Err(StoreError::Inactive {
                kind: "deputy",
                code: d.code.to_string(),
                name: d.name.to_string(),
            });
        }
    }
    Ok(())
}
