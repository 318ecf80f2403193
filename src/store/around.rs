//! The rows around one thing, read by key for a screen that shows it (a
//! detail pane, a station's rota): its suggestions, receptions, rota slots
//! and activities of the year. The TUI keeps none of these tables in
//! memory (at province they are a million rows); a detail reads the few
//! dozen it shows, each time the database changes.

use super::ledger_rows::{activity, rota_slot, ACTIVITY_COLS, ROTA_COLS};
use super::rows::{
    all_with, contact, load_settings, reception, station, suggestion, CONTACT_COLS, RECEPTION_COLS, STATION_COLS,
    SUGGESTION_COLS,
};
use super::{Result, Store};
use crate::model::Dataset;
use chrono::NaiveDate;
use rusqlite::params;

/// What a screen shows rows around.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Around {
    /// A cell: its contacts and suggestions.
    Cell,
    /// A deputy: its contacts, the suggestions it raised, its receptions, rota slots and
    /// activities of the year (its duty points ledger).
    Deputy,
    /// A contact: itself and the suggestions it raised.
    Contact,
    /// A suggestion: itself.
    Suggestion,
    /// A station: itself, its rota slots and receptions of the year.
    Station,
}

impl Store {
    /// The rows around `code` (see [`Around`]) in the year `from`–`to`, as
    /// a dataset holding only them and the settings, each table sorted by
    /// key. One read transaction: the rows are of one state.
    pub fn around(&self, what: Around, code: &str, from: NaiveDate, to: NaiveDate) -> Result<Dataset> {
        self.reading(|store| store.around_now(what, code, from, to))
    }

    fn around_now(&self, what: Around, code: &str, from: NaiveDate, to: NaiveDate) -> Result<Dataset> {
        let conn = &self.conn;
        let (from, to) = (from.to_string(), to.to_string());
        let suggestions = |filter: &str| {
            all_with(
                conn,
                &format!("SELECT {SUGGESTION_COLS} FROM suggestions WHERE {filter} ORDER BY code"),
                [code],
                suggestion,
            )
        };
        let contacts = |filter: &str| {
            all_with(
                conn,
                &format!("SELECT {CONTACT_COLS} FROM contacts WHERE {filter} ORDER BY code"),
                [code],
                contact,
            )
        };
        // `by`: the column naming the deputy or station (one of this
        // module's, never text from outside).
        let receptions = |by: &str| {
            all_with(
                conn,
                &format!(
                    "SELECT {RECEPTION_COLS} FROM receptions WHERE {by} = ?1 AND date BETWEEN ?2 AND ?3
                     ORDER BY date, station_code, deputy_code"
                ),
                params![code, from, to],
                reception,
            )
        };
        let rota = |by: &str| {
            all_with(
                conn,
                &format!(
                    "SELECT {ROTA_COLS} FROM rota WHERE {by} = ?1 AND date BETWEEN ?2 AND ?3
                     ORDER BY date, station_code, deputy_code"
                ),
                params![code, from, to],
                rota_slot,
            )
        };
        let mut ds = Dataset {
            settings: load_settings(conn)?,
            ..Dataset::default()
        };
        match what {
            Around::Cell => {
                ds.contacts = contacts("cell_code = ?1")?;
                ds.suggestions = suggestions("cell_code = ?1")?;
            }
            Around::Contact => {
                ds.contacts = contacts("code = ?1")?;
                ds.suggestions = suggestions("raised_by = ?1")?;
            }
            Around::Suggestion => ds.suggestions = suggestions("code = ?1")?,
            Around::Deputy => {
                ds.contacts = contacts("deputy_code = ?1")?;
                ds.suggestions = suggestions("raised_by = ?1")?;
                ds.receptions = receptions("deputy_code")?;
                ds.rota = rota("deputy_code")?;
                ds.activities = all_with(
                    conn,
                    &format!(
                        "SELECT {ACTIVITY_COLS} FROM activities WHERE deputy_code = ?1 AND date BETWEEN ?2 AND ?3
                         ORDER BY date, deputy_code, kind"
                    ),
                    params![code, from, to],
                    activity,
                )?;
            }
            Around::Station => {
                ds.stations = all_with(
                    conn,
                    &format!("SELECT {STATION_COLS} FROM stations WHERE code = ?1"),
                    [code],
                    station,
                )?;
                ds.receptions = receptions("station_code")?;
                ds.rota = rota("station_code")?;
            }
        }
        Ok(ds)
    }
}
