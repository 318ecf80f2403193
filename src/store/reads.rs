//! What the CLI and the TUI read: the county, or the part of it a command
//! or a screen needs (`rows::Scope`), the rows' versions as seen, the
//! read transaction that keeps several reads one state, and the audit log.

use super::changes::Versions;
use super::rows;
use super::{audit, AuditEntry, AuditFilter, Kind, Result, Store};
use crate::model::*;
use chrono::{Datelike, NaiveDate};
use rusqlite::OptionalExtension;

/// The first and the last day of `day`'s calendar year.
pub(super) fn year_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = crate::model::year_start(day);
    let to = NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day);
    (from, to)
}

impl Store {
    /// The whole county in memory, every table sorted by key.
    pub fn load(&self) -> Result<Dataset> {
        self.load_scoped(rows::Scope::All)
    }

    /// What the gap audit as of `as_of` reads: every table the rules look
    /// at, but only the receptions of the as-of year up to that date, and
    /// no names or free text. `coverage::audit` on it finds exactly what it
    /// finds on [`Store::load`].
    pub fn load_for_audit(&self, as_of: NaiveDate) -> Result<Dataset> {
        let from = crate::model::year_start(as_of);
        self.load_scoped(rows::Scope::Audit { from, to: as_of })
    }

    /// Every table, but only the receptions, rota slots and activities of
    /// `day`'s calendar year: what
    /// the TUI shows on that day and what `cells` counts as of it (a
    /// province's earlier years stay on disk).
    pub fn load_year(&self, day: NaiveDate) -> Result<Dataset> {
        let (from, to) = year_of(day);
        self.load_scoped(rows::Scope::Year { from, to })
    }

    /// What the TUI's snapshot reads: the places and the deputies, and the
    /// cells' shapes only if `shapes` (the audit counts the assignments,
    /// the contacts and the year's receptions, suggestions, rota slots and
    /// activities as it reads them).
    pub fn load_screens(&self, shapes: bool) -> Result<Dataset> {
        self.load_scoped(rows::Scope::Screens { shapes })
    }

    /// The titles of these suggestions (those not found are left out).
    pub fn suggestion_titles(&self, codes: &[&str]) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, title FROM suggestions WHERE code = ?1")?;
        let mut out = Vec::with_capacity(codes.len());
        for code in codes {
            if let Some(pair) = stmt
                .query_row([code], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .optional()?
            {
                out.push(pair);
            }
        }
        Ok(out)
    }

    /// What a report of `from` to `to` counts (SPEC §12): the areas and
    /// units whole, the other tables without names, free text or shapes,
    /// and only the receptions of the period (a province's whole county
    /// with its shapes would take twice the time).
    pub fn load_period(&self, from: NaiveDate, to: NaiveDate) -> Result<Dataset> {
        self.load_scoped(rows::Scope::Report { from, to })
    }

    /// What the duty points as of `as_of` read ([`crate::rota::points`]):
    /// the deputies, the contacts' links, the suggestions' authors and the
    /// receptions, rota slots and activities from 1 January of the as-of
    /// year to that date; no places or shapes. The points on it are those
    /// on [`Store::load`].
    pub fn load_for_points(&self, as_of: NaiveDate) -> Result<Dataset> {
        let from = crate::model::year_start(as_of);
        self.load_scoped(rows::Scope::Duties { from, to: as_of })
    }

    /// What an import of `imported` kinds is checked against: every row's
    /// code and the codes it refers to, without names, text or geometry (a
    /// province re-import need not hold the province twice). The
    /// assignments, receptions and suggestions are read only when
    /// `replace` leaves them in place: their references must survive what
    /// it removes.
    pub fn load_keys(&self, replace: bool, imported: &[Kind]) -> Result<Dataset> {
        let kept = |kind: Kind| replace && !imported.contains(&kind);
        self.load_scoped(rows::Scope::Keys {
            assignments: kept(Kind::Assignments),
            receptions: kept(Kind::Receptions),
            suggestions: kept(Kind::Suggestions),
        })
    }

    /// The places and the people (areas, cells, the boundary, deputies and
    /// their cells, contacts, stations) without receptions and
    /// suggestions: what `locate` of one point reads (its cell, with the
    /// people who cover it).
    pub fn load_roster(&self) -> Result<Dataset> {
        self.load_scoped(rows::Scope::Roster)
    }

    /// The cells alone, every other table empty: what locating points needs.
    pub fn load_cells(&self) -> Result<Dataset> {
        self.load_scoped(rows::Scope::Cells)
    }

    /// Every table read in one read transaction: one consistent snapshot
    /// even while other operators write.
    fn load_scoped(&self, scope: rows::Scope) -> Result<Dataset> {
        // Within [`Store::reading`], its transaction holds the state read.
        if !self.conn.is_autocommit() {
            return rows::load(&self.conn, scope);
        }
        let tx = self.conn.unchecked_transaction()?;
        let ds = rows::load(&tx, scope)?;
        tx.commit()?;
        Ok(ds)
    }

    pub fn settings(&self) -> Result<Settings> {
        rows::load_settings(&self.conn)
    }

    /// The version of every row of a table (`contacts`, `suggestions`, …).
    pub fn versions(&self, table: &str) -> Result<Versions> {
        let sql = match table {
            "contacts" => "SELECT code, version FROM contacts",
            "suggestions" => "SELECT code, version FROM suggestions",
            "deputies" => "SELECT code, version FROM deputies",
            "cells" => "SELECT code, version FROM cells",
            "stations" => "SELECT code, version FROM stations",
            _ => return Ok(Versions::new()),
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let v = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Versions>>()?;
        Ok(v)
    }

    /// Every row's code and version of a table (`contacts` or
    /// `suggestions`), in code order, one at a time.
    pub fn each_version(&self, table: &str, mut each: impl FnMut(&str, i64)) -> Result<()> {
        let sql = match table {
            "contacts" => "SELECT code, version FROM contacts ORDER BY code",
            "suggestions" => "SELECT code, version FROM suggestions ORDER BY code",
            _ => return Ok(()),
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let code = rows::text(row, 0)?;
            each(&code, row.get(1)?);
        }
        Ok(())
    }

    /// Run `read` in one read transaction: what it reads is one state of
    /// the database, whatever other operators write meanwhile.
    pub fn reading<T>(&self, read: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let out = read(self);
        let end = if out.is_ok() { "COMMIT" } else { "ROLLBACK" };
        let ended = self.conn.execute_batch(end);
        let out = out?;
        ended?;
        Ok(out)
    }

    /// The versions of these rows of a table (`contacts` or `suggestions`):
    /// what a screen that just changed them has seen.
    pub fn versions_of(&self, table: &str, codes: &[String]) -> Result<Versions> {
        let table = match table {
            "contacts" => "contacts",
            "suggestions" => "suggestions",
            _ => return Ok(Versions::new()),
        };
        let mut out = Versions::new();
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT version FROM {table} WHERE code = ?1"))?;
        for code in codes {
            if let Some(v) = stmt.query_row([code], |r| r.get::<_, i64>(0)).optional()? {
                out.insert(code.clone(), v);
            }
        }
        Ok(out)
    }

    pub fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        audit::list(&self.conn, filter)
    }
}
