//! The audit log: one entry per row an operator's action changed.

use super::{Actor, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub at: String,
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
        "INSERT INTO audit(batch, at, operator, client, action, kind, code, before, after, undoes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
            c.before.as_ref().map(|v| v.to_string()),
            c.after.as_ref().map(|v| v.to_string()),
            undoes,
        ])?;
    }
    Ok(())
}

/// Who last changed a row, and when: for the "changed by … at …" message.
pub(super) fn last_change(conn: &Connection, kind: &str, code: &str) -> Result<(String, String)> {
    let found = conn
        .query_row(
            "SELECT operator, at FROM audit WHERE kind = ?1 AND code = ?2 ORDER BY id DESC LIMIT 1",
            params![kind, code],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?;
    Ok(found.unwrap_or_else(|| ("another operator".into(), "an unknown time".into())))
}

fn parse_json(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// The columns `at, operator, client, action, kind, code, before, after`.
fn entry(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        at: r.get(0)?,
        operator: r.get(1)?,
        client: r.get(2)?,
        action: r.get(3)?,
        kind: r.get(4)?,
        code: r.get(5)?,
        before: parse_json(r.get(6)?),
        after: parse_json(r.get(7)?),
    })
}

pub(super) fn list(conn: &Connection, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let mut stmt = conn.prepare_cached(
        "SELECT at, operator, client, action, kind, code, before, after FROM audit
         WHERE (?1 IS NULL OR operator = ?1) AND (?2 IS NULL OR kind = ?2)
           AND (?3 IS NULL OR code = ?3)
           AND (?4 IS NULL OR substr(at, 1, 10) >= ?4) AND (?5 IS NULL OR substr(at, 1, 10) <= ?5)
         ORDER BY id DESC LIMIT ?6",
    )?;
    let rows = stmt
        .query_map(params![f.operator, f.kind, f.code, f.since, f.until, limit], entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The entries of an operator's last undoable batch (newest first), with their batch id.
pub(super) fn last_batch(conn: &Connection, operator: &str) -> Result<Option<(i64, String, Vec<AuditEntry>)>> {
    let batch: Option<(i64, String)> = conn
        .query_row(
            "SELECT batch, action FROM audit WHERE operator = ?1 AND action NOT IN ('undo', 'import')
               AND batch NOT IN (SELECT undoes FROM audit WHERE undoes IS NOT NULL)
             ORDER BY id DESC LIMIT 1",
            [operator],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((batch, action)) = batch else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT at, operator, client, action, kind, code, before, after FROM audit
         WHERE batch = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([batch], entry)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some((batch, action, rows)))
}
