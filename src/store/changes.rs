//! The changes an operator makes from the CLI or the TUI. Each is one
//! transaction with its audit entries; each checks the row's version when
//! the caller says which version it saw.

use super::audit::{self, Change};
use super::record_rows;
use super::rows;
use super::{Actor, Kind, Result, Store, StoreError, UndoRefusal};
use crate::model::*;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::HashMap;

/// The versions of rows as they were read, by code: what a screen saw.
pub type Versions = HashMap<String, i64>;

pub(super) fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

impl Store {
    /// Start a write: IMMEDIATE takes the write lock now, so a busy
    /// database shows up here (after the busy timeout), not half-way.
    pub(super) fn write(&mut self) -> Result<Transaction<'_>> {
        self.check_writable()?;
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Set a shared threshold or weight. The value it replaces is read
    /// inside the write transaction, so the audit's "before" (what an undo
    /// restores) is the value this change really replaced.
    pub fn set_setting(&mut self, actor: &Actor, key: &str, value: &str) -> Result<bool> {
        if Settings::default().get(key).is_none() {
            return Err(StoreError::NotFound {
                kind: "setting",
                code: key.to_string(),
            });
        }
        let tx = self.write()?;
        let mut settings = rows::load_settings(&tx)?;
        let before = settings.get(key).unwrap_or_default();
        settings.set(key, value).map_err(|_| StoreError::BadSetting {
            key: key.to_string(),
            value: value.to_string(),
        })?;
        let after = settings.get(key).unwrap_or_default();
        if before == after {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, after],
        )?;
        audit::record(
            &tx,
            actor,
            "config.set",
            &[Change {
                kind: "setting",
                code: key.to_string(),
                before: Some(serde_json::Value::String(before)),
                after: Some(serde_json::Value::String(after)),
            }],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Link contacts to a deputy. `expected` holds the versions the
    /// operator saw (a stale one is refused); None skips that check. The
    /// check and the write are one IMMEDIATE transaction. Returns how many
    /// contacts changed.
    pub fn reassign_contacts(
        &mut self,
        actor: &Actor,
        contacts: &[String],
        deputy: &str,
        expected: Option<&Versions>,
    ) -> Result<usize> {
        let tx = self.write()?;
        let n = reassign_in(&tx, actor, contacts, deputy, expected)?;
        tx.commit()?;
        Ok(n)
    }

    /// Hand every contact of one deputy to another. The contacts are those
    /// linked to `from` inside the write transaction (a contact another
    /// operator just moved away is not taken). `expected`, the versions of
    /// the contacts the operator saw (the handover picker's), must name
    /// exactly the contacts `from` holds now, each at that version: a
    /// contact moved away, linked since, or changed is a conflict and
    /// nothing is written.
    pub fn handover(&mut self, actor: &Actor, from: &str, to: &str, expected: Option<&Versions>) -> Result<usize> {
        let tx = self.write()?;
        fetch_deputy(&tx, from)?;
        let held: Versions = {
            let mut stmt = tx.prepare_cached("SELECT code, version FROM contacts WHERE deputy_code = ?1")?;
            let held = stmt
                .query_map([from], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            held
        };
        if let Some(seen) = expected {
            let mut codes: Vec<&String> = held.keys().chain(seen.keys()).collect();
            codes.sort();
            codes.dedup();
            for code in codes {
                if held.get(code) != seen.get(code) {
                    let (by, at) = audit::last_change(&tx, "contact", code)?;
                    return Err(StoreError::Conflict {
                        kind: "contact",
                        code: code.clone(),
                        by,
                        at,
                    });
                }
            }
        }
        let mut codes: Vec<String> = held.into_keys().collect();
        codes.sort();
        let n = reassign_in(&tx, actor, &codes, to, None)?;
        tx.commit()?;
        Ok(n)
    }

    /// Move a contact to another cell.
    pub fn move_contact(&mut self, actor: &Actor, code: &str, cell: &str, expected: Option<&Versions>) -> Result<bool> {
        let tx = self.write()?;
        ensure_cell(&tx, cell)?;
        let (before, version) = fetch_contact(&tx, code)?;
        check_version(&tx, "contact", code, version, expected)?;
        if before.cell_code == cell {
            return Ok(false);
        }
        let mut after = before.clone();
        after.cell_code = Text::from(cell);
        tx.execute(
            "UPDATE contacts SET cell_code = ?1, version = version + 1 WHERE code = ?2",
            params![cell, code],
        )?;
        let change = Change {
            kind: "contact",
            code: code.to_string(),
            before: json(&before),
            after: json(&after),
        };
        audit::record(&tx, actor, "contacts.move", &[change])?;
        tx.commit()?;
        Ok(true)
    }

    /// Assign a deputy to a cell (`present`), or take the assignment away
    /// ([`Store::set_assignments`] for one cell).
    pub fn set_assignment(&mut self, actor: &Actor, deputy: &str, cell: &str, present: bool) -> Result<bool> {
        Ok(!self
            .set_assignments(actor, deputy, &[cell.to_string()], present)?
            .is_empty())
    }

    /// The next free suggestion code (`S` and five digits or more).
    pub fn next_suggestion_code(&self) -> Result<String> {
        next_suggestion_code(&self.conn)
    }

    /// Record a new suggestion. An empty code gets the next free one,
    /// chosen inside the write transaction: two operators adding at once
    /// get two codes.
    pub fn add_suggestion(&mut self, actor: &Actor, mut s: Suggestion) -> Result<Suggestion> {
        check_suggestion_text(&s)?;
        if let Some(&order) = dates_out_of_order(&s).first() {
            return Err(StoreError::DatesOutOfOrder {
                code: s.code.to_string(),
                order,
            });
        }
        let tx = self.write()?;
        if s.code.is_empty() {
            s.code = next_suggestion_code(&tx)?.into();
        }
        ensure_cell(&tx, &s.cell_code)?;
        if !s.raised_by.is_empty() {
            let who: Option<String> = tx
                .query_row(
                    "SELECT code FROM deputies WHERE code = ?1 UNION SELECT code FROM contacts WHERE code = ?1",
                    [s.raised_by.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            if who.is_none() {
                return Err(StoreError::NotFound {
                    kind: "deputy or contact",
                    code: s.raised_by.to_string(),
                });
            }
        }
        let taken: Option<String> = tx
            .query_row("SELECT code FROM suggestions WHERE code = ?1", [s.code.as_str()], |r| {
                r.get(0)
            })
            .optional()?;
        if taken.is_some() {
            return Err(StoreError::Exists {
                kind: "suggestion",
                code: s.code.to_string(),
            });
        }
        rows::upsert_suggestion(&tx, &s)?;
        let change = Change {
            kind: "suggestion",
            code: s.code.to_string(),
            before: None,
            after: json(&s),
        };
        audit::record(&tx, actor, "suggestions.add", &[change])?;
        tx.commit()?;
        Ok(s)
    }

    /// Refuse, as a conflict naming who changed it, a row of `table`
    /// (`contacts` or `suggestions`) whose version is no longer the one
    /// `seen`: what a picker or form opened on has changed since.
    pub fn still_as_seen(&self, table: &str, seen: &Versions) -> Result<()> {
        let kind = if table == "contacts" { "contact" } else { "suggestion" };
        let codes: Vec<String> = seen.keys().cloned().collect();
        let now = self.versions_of(table, &codes)?;
        for code in &codes {
            check_version(&self.conn, kind, code, now.get(code).copied().unwrap_or(-1), Some(seen))?;
        }
        Ok(())
    }

    /// The constituents stored for this reception's (date, station,
    /// deputy), if it was recorded already.
    pub fn reception_constituents(&self, r: &Reception) -> Result<Option<i64>> {
        stored_constituents(&self.conn, r)
    }

    /// Record that a deputy received constituents at a station.
    /// `expected`, when given, is the count the operator saw stored for
    /// that reception (None: none was): another count written since is a
    /// conflict and nothing is written.
    pub fn add_reception(&mut self, actor: &Actor, r: &Reception, expected: Option<Option<i64>>) -> Result<bool> {
        let tx = self.write()?;
        fetch_deputy(&tx, &r.deputy_code)?;
        let st: Option<String> = tx
            .query_row(
                "SELECT code FROM stations WHERE code = ?1",
                [r.station_code.as_str()],
                |x| x.get(0),
            )
            .optional()?;
        if st.is_none() {
            return Err(StoreError::NotFound {
                kind: "station",
                code: r.station_code.to_string(),
            });
        }
        let key = format!("{}/{}/{}", r.date, r.station_code, r.deputy_code);
        let before = stored_constituents(&tx, r)?;
        if let Some(seen) = expected {
            if seen != before {
                let (by, at) = audit::last_change(&tx, "reception", &key)?;
                return Err(StoreError::Conflict {
                    kind: "reception",
                    code: key,
                    by,
                    at,
                });
            }
        }
        if rows::upsert_reception(&tx, r)? == 0 {
            return Ok(false);
        }
        let before = before.map(|c| Reception {
            constituents: c,
            ..r.clone()
        });
        let change = Change {
            kind: "reception",
            code: key,
            before: before.as_ref().and_then(json),
            after: json(r),
        };
        audit::record(&tx, actor, "receptions.add", &[change])?;
        tx.commit()?;
        Ok(true)
    }

    /// Undo the last change made in this running program (the actor's
    /// session) if nobody changed those rows since. An import is not
    /// undone, nor reached past; a contact is not linked back to a deputy
    /// now inactive. Returns the action undone and the codes of the rows
    /// it restored.
    pub fn undo_last(&mut self, actor: &Actor) -> Result<Option<(String, Vec<String>)>> {
        let tx = self.write()?;
        let Some(last) = audit::last_batch(&tx, actor)? else {
            return Ok(None);
        };
        if last.action == "import" {
            let at = last.entries.first().map(|e| e.at.clone()).unwrap_or_default();
            return Err(StoreError::Undo(UndoRefusal::Import { at }));
        }
        let mut changes = Vec::new();
        for e in &last.entries {
            let kind = kind_name(&e.kind);
            let current = current_json(&tx, &e.kind, &e.code)?;
            if current != e.after.clone().map(strip_reason) {
                if let Some((by, at)) = audit::changed_since(&tx, &e.kind, &e.code, last.last)? {
                    return Err(StoreError::Conflict {
                        kind,
                        code: e.code.clone(),
                        by,
                        at,
                    });
                }
                if let Some((by, at)) = audit::import_since(&tx, last.last)? {
                    return Err(StoreError::Undo(UndoRefusal::ImportedSince {
                        kind,
                        code: e.code.clone(),
                        by,
                        at,
                    }));
                }
                let (by, at) = audit::last_change(&tx, &e.kind, &e.code)?;
                return Err(StoreError::Conflict {
                    kind,
                    code: e.code.clone(),
                    by,
                    at,
                });
            }
            if e.kind == "contact" {
                let deputy = e
                    .before
                    .as_ref()
                    .and_then(|b| b.get("deputy_code"))
                    .and_then(|d| d.as_str());
                let now = e
                    .after
                    .as_ref()
                    .and_then(|a| a.get("deputy_code"))
                    .and_then(|d| d.as_str());
                if let Some(deputy) = deputy.filter(|d| !d.is_empty() && Some(*d) != now) {
                    let d = fetch_deputy(&tx, deputy)?;
                    if !d.active {
                        return Err(StoreError::Undo(UndoRefusal::InactiveDeputy {
                            contact: e.code.clone(),
                            deputy: deputy.to_string(),
                            name: d.name.to_string(),
                        }));
                    }
                }
            }
            restore(&tx, &e.kind, &e.code, e.before.as_ref())?;
            changes.push(Change {
                kind,
                code: e.code.clone(),
                before: e.after.clone(),
                after: e.before.clone(),
            });
        }
        audit::record_undo(&tx, actor, "undo", &changes, Some(last.batch))?;
        tx.commit()?;
        let mut codes: Vec<String> = changes.into_iter().map(|c| c.code).collect();
        codes.reverse();
        Ok(Some((last.action, codes)))
    }
}

/// The next free suggestion code, as `conn` sees the table.
fn next_suggestion_code(conn: &rusqlite::Connection) -> Result<String> {
    let max: Option<i64> = conn.query_row(
        "SELECT max(CAST(substr(code, 2) AS INTEGER)) FROM suggestions
         WHERE code GLOB 'S[0-9]*' AND substr(code, 2) NOT GLOB '*[^0-9]*'",
        [],
        |r| r.get(0),
    )?;
    Ok(format!("S{:05}", max.unwrap_or(0).saturating_add(1)))
}

/// [`Store::reassign_contacts`] inside the caller's write transaction.
fn reassign_in(
    tx: &Transaction,
    actor: &Actor,
    contacts: &[String],
    deputy: &str,
    expected: Option<&Versions>,
) -> Result<usize> {
    let to = fetch_deputy(tx, deputy)?;
    if !to.active {
        return Err(StoreError::Inactive {
            kind: "deputy",
            code: deputy.to_string(),
            name: to.name.to_string(),
        });
    }
    let mut changes = Vec::new();
    for code in contacts {
        let (before, version) = fetch_contact(tx, code)?;
        check_version(tx, "contact", code, version, expected)?;
        if before.deputy_code == deputy {
            continue;
        }
        let mut after = before.clone();
        after.deputy_code = Text::from(deputy);
        tx.execute(
            "UPDATE contacts SET deputy_code = ?1, version = version + 1 WHERE code = ?2",
            params![deputy, code],
        )?;
        changes.push(Change {
            kind: "contact",
            code: code.clone(),
            before: json(&before),
            after: json(&after),
        });
    }
    audit::record(tx, actor, "contacts.reassign", &changes)?;
    Ok(changes.len())
}

/// The one text check ([`check_text`]) for a value typed by an operator.
pub(super) fn text_ok(field: &'static str, value: &str) -> Result<()> {
    check_text(value, TextKind::Plain).map_err(|problem| StoreError::BadText { field, problem })
}

/// Every text a new suggestion stores.
fn check_suggestion_text(s: &Suggestion) -> Result<()> {
    text_ok("code", &s.code)?;
    text_ok("cell_code", &s.cell_code)?;
    text_ok("title", &s.title)?;
    text_ok("raised_by", &s.raised_by)?;
    text_ok("handling_unit", &s.handling_unit)
}

fn kind_name(kind: &str) -> &'static str {
    match Kind::from_singular(kind) {
        Some(k) => k.singular(),
        None if kind == "setting" => "setting",
        None => "row",
    }
}

/// The kinds whose rows undo reads and puts back as section 9's records
/// (suggestions and receptions keep their own ways: a move's reason, a
/// reception's key).
fn kept_by_records(kind: &str) -> Option<Kind> {
    Kind::from_singular(kind).filter(|k| {
        matches!(
            k,
            Kind::Areas
                | Kind::Cells
                | Kind::Deputies
                | Kind::Contacts
                | Kind::Stations
                | Kind::Units
                | Kind::Rota
                | Kind::Activities
        )
    })
}

/// NotFound unless the cell exists.
fn ensure_cell(conn: &rusqlite::Connection, cell: &str) -> Result<()> {
    let exists: Option<String> = conn
        .query_row("SELECT code FROM cells WHERE code = ?1", [cell], |r| r.get(0))
        .optional()?;
    match exists {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound {
            kind: "cell",
            code: cell.to_string(),
        }),
    }
}

fn fetch_deputy(conn: &rusqlite::Connection, code: &str) -> Result<Deputy> {
    let sql = format!("SELECT {} FROM deputies WHERE code = ?1", rows::DEPUTY_COLS);
    conn.query_row(&sql, [code], rows::deputy)
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            kind: "deputy",
            code: code.to_string(),
        })
}

fn fetch_contact(conn: &rusqlite::Connection, code: &str) -> Result<(Contact, i64)> {
    let sql = format!("SELECT {}, version FROM contacts WHERE code = ?1", rows::CONTACT_COLS);
    conn.query_row(&sql, [code], |r| Ok((rows::contact(r)?, r.get(7)?)))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            kind: "contact",
            code: code.to_string(),
        })
}

/// The constituents stored for a reception's (date, station, deputy).
fn stored_constituents(conn: &rusqlite::Connection, r: &Reception) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT constituents FROM receptions WHERE date = ?1 AND station_code = ?2 AND deputy_code = ?3",
            params![r.date.to_string(), r.station_code.as_str(), r.deputy_code.as_str()],
            |x| x.get(0),
        )
        .optional()?)
}

pub(super) fn check_version(
    conn: &rusqlite::Connection,
    kind: &'static str,
    code: &str,
    version: i64,
    expected: Option<&Versions>,
) -> Result<()> {
    if let Some(seen) = expected.and_then(|v| v.get(code)) {
        if *seen != version {
            let (by, at) = audit::last_change(conn, kind, code)?;
            return Err(StoreError::Conflict {
                kind,
                code: code.to_string(),
                by,
                at,
            });
        }
    }
    Ok(())
}

/// The row as its audit JSON would show it now (None when absent).
fn current_json(conn: &rusqlite::Connection, kind: &str, code: &str) -> Result<Option<serde_json::Value>> {
    if let Some(kind) = kept_by_records(kind) {
        return record_rows::current_json(conn, kind, code);
    }
    Ok(match kind {
        "suggestion" => {
            let sql = format!("SELECT {} FROM suggestions WHERE code = ?1", rows::SUGGESTION_COLS);
            let s = conn.query_row(&sql, [code], rows::suggestion).optional()?;
            // Compare without the move's reason, which is not a column.
            return Ok(s.as_ref().and_then(json)).map(|v| v.map(strip_reason));
        }
        "assignment" => {
            let (d, c) = code.split_once('/').unwrap_or((code, ""));
            let n: i64 = conn.query_row(
                "SELECT count(*) FROM assignments WHERE deputy_code = ?1 AND cell_code = ?2",
                params![d, c],
                |r| r.get(0),
            )?;
            (n > 0)
                .then(|| Assignment {
                    deputy_code: d.into(),
                    cell_code: c.into(),
                })
                .as_ref()
                .and_then(json)
        }
        "reception" => {
            let mut parts = code.splitn(3, '/');
            let (date, st, dep) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            let sql = format!(
                "SELECT {} FROM receptions WHERE date = ?1 AND station_code = ?2 AND deputy_code = ?3",
                rows::RECEPTION_COLS
            );
            conn.query_row(&sql, params![date, st, dep], rows::reception)
                .optional()?
                .as_ref()
                .and_then(json)
        }
        "setting" => {
            let settings = rows::load_settings(conn)?;
            settings.get(code).map(serde_json::Value::String)
        }
        _ => return Err(StoreError::Refused(format!("{kind} changes cannot be undone"))),
    })
}

fn strip_reason(mut v: serde_json::Value) -> serde_json::Value {
    if let serde_json::Value::Object(m) = &mut v {
        m.remove("reason");
    }
    v
}

/// Put a row back as `before` says (delete it when None).
fn restore(conn: &rusqlite::Connection, kind: &str, code: &str, before: Option<&serde_json::Value>) -> Result<()> {
    if let Some(kind) = kept_by_records(kind) {
        return record_rows::restore(conn, kind, code, before);
    }
    let bad = || StoreError::Refused(format!("the audit entry for {kind} {code} cannot be read back"));
    match kind {
        "suggestion" => match before {
            Some(v) => {
                let s: Suggestion = serde_json::from_value(strip_reason(v.clone())).map_err(|_| bad())?;
                rows::upsert_suggestion(conn, &s)?;
            }
            None => {
                conn.execute("DELETE FROM suggestions WHERE code = ?1", [code])?;
            }
        },
        "assignment" => {
            let (d, c) = code.split_once('/').unwrap_or((code, ""));
            match before {
                Some(_) => {
                    rows::upsert_assignment(
                        conn,
                        &Assignment {
                            deputy_code: d.into(),
                            cell_code: c.into(),
                        },
                    )?;
                }
                None => {
                    conn.execute(
                        "DELETE FROM assignments WHERE deputy_code = ?1 AND cell_code = ?2",
                        params![d, c],
                    )?;
                }
            }
        }
        "reception" => match before {
            Some(v) => {
                let r: Reception = serde_json::from_value(v.clone()).map_err(|_| bad())?;
                rows::upsert_reception(conn, &r)?;
            }
            None => {
                let mut parts = code.splitn(3, '/');
                let (date, st, dep) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                );
                conn.execute(
                    "DELETE FROM receptions WHERE date = ?1 AND station_code = ?2 AND deputy_code = ?3",
                    params![date, st, dep],
                )?;
            }
        },
        "setting" => {
            let value = before.and_then(|v| v.as_str()).ok_or_else(bad)?;
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![code, value],
            )?;
        }
        _ => return Err(StoreError::Refused(format!("{kind} changes cannot be undone"))),
    }
    Ok(())
}
