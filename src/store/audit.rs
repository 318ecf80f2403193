//! The audit log: one entry per row an operator's action changed.

use super::{Actor, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub at: String,
    /// The real user id's name ('' for entries made before schema 3).
    pub account: String,
    pub operator: String,
    pub client: String,
    pub action: String,
    pub kind: String,
    pub code: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Which entries `log` shows; empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub limit: Option<usize>,
    /// The operator name or the account.
    pub operator: Option<String>,
    pub kind: Option<String>,
    pub code: Option<String>,
    /// Inclusive dates, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub until: Option<String>,
}

/// One row change to record.
pub(super) struct Change {
    pub kind: &'static str,
    pub code: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub(super) fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Write the entries of one action, as one batch, inside the caller's transaction.
pub(super) fn record(conn: &Connection, actor: &Actor, action: &str, changes: &[Change]) -> Result<()> {
    record_undo(conn, actor, action, changes, None)
}

/// As `record`, marking the entries as the undo of batch `undoes`.
pub(super) fn record_undo(
    conn: &Connection,
    actor: &Actor,
    action: &str,
    changes: &[Change],
    undoes: Option<i64>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let batch: i64 = conn.query_row("SELECT coalesce(max(batch), 0) + 1 FROM audit", [], |r| r.get(0))?;
    let at = now_text();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO audit(batch, at, operator, client, action, kind, code, before, after, undoes, account, session)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for c in changes {
        stmt.execute(params![
            batch,
            at,
            actor.operator,
            actor.client,
            action,
            c.kind,
            c.code.as_str(),
            c.before.as_ref().map(sorted_text),
            c.after.as_ref().map(sorted_text),
            undoes,
            actor.account,
            actor.session,
        ])?;
    }
    Ok(())
}

/// A row's before/after as stored: keys in alphabetical order at every
/// level, as they always were. serde_json keeps insertion order (its
/// `preserve_order`, which GeoJSON export needs), and `log` shows members in
/// stored order, so the order is fixed here, where the text is written.
fn sorted_text(v: &serde_json::Value) -> String {
    let mut v = v.clone();
    v.sort_all_objects();
    v.to_string()
}

/// Who last changed a row, and when: for the "changed by … at …"
/// message. Imports write no entry per row (they bump versions): when an
/// import came after the row's newest entry, the import is named.
pub(super) fn last_change(conn: &Connection, kind: &str, code: &str) -> Result<(String, String)> {
    let row: Option<(i64, (String, String))> = conn
        .query_row(
            "SELECT id, account, operator, at FROM audit WHERE kind = ?1 AND code = ?2
             ORDER BY id DESC LIMIT 1",
            params![kind, code],
            |r| {
                let account: String = r.get(1)?;
                let operator: String = r.get(2)?;
                Ok((r.get(0)?, (Actor::display(&account, &operator), r.get(3)?)))
            },
        )
        .optional()?;
    let after = row.as_ref().map_or(0, |(id, _)| *id);
    if let Some(import) = import_since(conn, after)? {
        return Ok(import);
    }
    Ok(row
        .map(|(_, found)| found)
        .unwrap_or_else(|| ("another operator".into(), "an unknown time".into())))
}

/// Who ([`Actor::display`]) last changed a row in an entry after `after`, and when.
pub(super) fn changed_since(conn: &Connection, kind: &str, code: &str, after: i64) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT account, operator, at FROM audit WHERE kind = ?1 AND code = ?2 AND id > ?3
             ORDER BY id DESC LIMIT 1",
            params![kind, code, after],
            who,
        )
        .optional()?)
}

/// Who made the newest import after entry `after`, and when.
pub(super) fn import_since(conn: &Connection, after: i64) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT account, operator, at FROM audit WHERE action = 'import' AND id > ?1
             ORDER BY id DESC LIMIT 1",
            [after],
            who,
        )
        .optional()?)
}

fn who(r: &rusqlite::Row) -> rusqlite::Result<(String, String)> {
    let account: String = r.get(0)?;
    let operator: String = r.get(1)?;
    Ok((Actor::display(&account, &operator), r.get(2)?))
}

fn parse_json(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// The columns `at, account, operator, client, action, kind, code, before, after`.
fn entry(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        at: r.get(0)?,
        account: r.get(1)?,
        operator: r.get(2)?,
        client: r.get(3)?,
        action: r.get(4)?,
        kind: r.get(5)?,
        code: r.get(6)?,
        before: parse_json(r.get(7)?),
        after: parse_json(r.get(8)?),
    })
}

const ENTRY_COLS: &str = "at, account, operator, client, action, kind, code, before, after";

pub(super) fn list(conn: &Connection, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLS} FROM audit
         WHERE (?1 IS NULL OR operator = ?1 OR account = ?1) AND (?2 IS NULL OR kind = ?2)
           AND (?3 IS NULL OR code = ?3)
           AND (?4 IS NULL OR substr(at, 1, 10) >= ?4) AND (?5 IS NULL OR substr(at, 1, 10) <= ?5)
         ORDER BY id DESC LIMIT ?6"
    ))?;
    let rows = stmt
        .query_map(params![f.operator, f.kind, f.code, f.since, f.until, limit], entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every entry about one record, oldest first (`history CODE`): those of
/// `code` (of `kind` only, when given; never an import's, which names
/// files), and for a deputy or a cell the assignments that link it
/// (`DEPUTY/CELL`).
pub(super) fn history(conn: &Connection, code: &str, kind: Option<&str>) -> Result<Vec<AuditEntry>> {
    let deputy = kind.is_none_or(|k| k == "deputy");
    let cell = kind.is_none_or(|k| k == "cell");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLS} FROM audit
         WHERE (code = ?1 AND kind <> 'import' AND (?2 IS NULL OR kind = ?2))
            OR (kind = 'assignment' AND ((?3 AND substr(code, 1, length(?1) + 1) = ?1 || '/')
                                      OR (?4 AND substr(code, -length(?1) - 1) = '/' || ?1)))
         ORDER BY id"
    ))?;
    let rows = stmt
        .query_map(params![code, kind, deputy, cell], entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The last batch of this running program's (the actor's session and
/// name) that was not undone and is not an undo: its id, action, the id
/// of its newest entry, and its entries (newest first). An import is
/// such a batch too (the caller refuses it rather than reaching past it).
pub(super) fn last_batch(conn: &Connection, actor: &Actor) -> Result<Option<Batch>> {
    let batch: Option<(i64, String)> = conn
        .query_row(
            "SELECT batch, action FROM audit WHERE session = ?1 AND operator = ?2 AND action <> 'undo'
               AND batch NOT IN (SELECT undoes FROM audit WHERE undoes IS NOT NULL)
             ORDER BY id DESC LIMIT 1",
            params![actor.session, actor.operator],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((batch, action)) = batch else { return Ok(None) };
    let last: i64 = conn.query_row("SELECT max(id) FROM audit WHERE batch = ?1", [batch], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLS} FROM audit WHERE batch = ?1 ORDER BY id DESC"
    ))?;
    let entries = stmt.query_map([batch], entry)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Batch {
        batch,
        action,
        last,
        entries,
    }))
}

/// One action's entries, for undo.
pub(super) struct Batch {
    pub batch: i64,
    pub action: String,
    /// The id of its newest entry: what came after it changed the rows since.
    pub last: i64,
    pub entries: Vec<AuditEntry>,
}
