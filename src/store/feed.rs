//! What changed since a screen last read the database, from the audit log
//! (every change writes its entries in its own transaction), and the rows
//! it names read again one by one: a screen follows a change to a few rows
//! without reading the whole county again (at province, a second copy of
//! it: 200 MB and two seconds).

use super::rows::{self, CONTACT_COLS, RECEPTION_COLS, SUGGESTION_COLS};
use super::{Result, Store};
use crate::model::{Contact, Reception, Suggestion};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

/// The rows the audit log names after an entry: (kind, code) in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// The last entry read (the next read starts after it).
    pub last: i64,
    /// (kind, code) of each entry: `contact`, `suggestion`, `assignment`
    /// (`DEPUTY/CELL`), `reception` (`DATE/STATION/DEPUTY`), `import`, ….
    pub rows: Vec<(String, String)>,
}

impl Store {
    /// The id of the newest audit entry (0 when there is none).
    pub fn last_audit_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM audit", [], |r| r.get(0))?)
    }

    /// The rows named by the audit entries after `after`; None when there
    /// are more than `limit` (reading everything again is then cheaper).
    pub fn changes_since(&self, after: i64, limit: usize) -> Result<Option<Changes>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, kind, code FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2")?;
        let mut changes = Changes {
            last: after,
            rows: Vec::new(),
        };
        let mut found = stmt.query(params![after, limit as i64 + 1])?;
        while let Some(row) = found.next()? {
            if changes.rows.len() == limit {
                return Ok(None);
            }
            changes.last = row.get(0)?;
            changes.rows.push((row.get(1)?, row.get(2)?));
        }
        Ok(Some(changes))
    }

    /// A contact and its version, None when there is no such contact.
    pub fn contact_row(&self, code: &str) -> Result<Option<(Contact, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {CONTACT_COLS}, version FROM contacts WHERE code = ?1"))?;
        Ok(stmt
            .query_row([code], |r| Ok((rows::contact(r)?, r.get(7)?)))
            .optional()?)
    }

    /// A suggestion and its version, None when there is no such suggestion.
    pub fn suggestion_row(&self, code: &str) -> Result<Option<(Suggestion, i64)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUGGESTION_COLS}, version FROM suggestions WHERE code = ?1"
        ))?;
        Ok(stmt
            .query_row([code], |r| {
                Ok((rows::suggestion(r)?, r.get(rows::SUGGESTION_COL_COUNT)?))
            })
            .optional()?)
    }

    /// Whether the deputy is assigned to the cell.
    pub fn is_assigned(&self, deputy: &str, cell: &str) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM assignments WHERE deputy_code = ?1 AND cell_code = ?2")?;
        Ok(stmt.exists([deputy, cell])?)
    }

    /// The reception of a deputy at a station on a day, if recorded.
    pub fn reception_row(&self, date: NaiveDate, station: &str, deputy: &str) -> Result<Option<Reception>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RECEPTION_COLS} FROM receptions WHERE date = ?1 AND station_code = ?2 AND deputy_code = ?3"
        ))?;
        Ok(stmt
            .query_row(params![date.to_string(), station, deputy], rows::reception)
            .optional()?)
    }
}
