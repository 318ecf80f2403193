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

/// The order of receptions and rota slots (their key).
const KEY_ORDER: &str = "date, station_code, deputy_code";

impl Store {
    /// The rows around `code` (see [`Around`]) in `day`'s calendar year, as
    /// a dataset holding only them and the settings, each table sorted by
    /// key. One read transaction: the rows are of one state.
    pub fn around(&self, what: Around, code: &str, day: NaiveDate) -> Result<Dataset> {
        let (from, to) = super::reads::year_of(day);
        self.reading(|store| store.around_now(what, code, from, to))
    }

    fn around_now(&self, what: Around, code: &str, from: NaiveDate, to: NaiveDate) -> Result<Dataset> {
        let conn = &self.conn;
        let (from, to) = (from.to_string(), to.to_string());
        // `filter` and `by` are this module's own words, never text from
        // outside; the code and the dates are parameters.
        let by_code = |select: String, filter: &str| format!("{select} WHERE {filter} ORDER BY code");
        // A table's rows of the year whose `by` column is the code.
        let of_year = |select: String, by: &str, order: &str| {
            format!("{select} WHERE {by} = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY {order}")
        };
        let year = params![code, from, to];
        let suggestions = |filter: &str| {
            let sql = by_code(format!("SELECT {SUGGESTION_COLS} FROM suggestions"), filter);
            all_with(conn, &sql, [code], suggestion)
        };
        let contacts = |filter: &str| {
            let sql = by_code(format!("SELECT {CONTACT_COLS} FROM contacts"), filter);
            all_with(conn, &sql, [code], contact)
        };
        let receptions = |by: &str| {
            let sql = of_year(format!("SELECT {RECEPTION_COLS} FROM receptions"), by, KEY_ORDER);
            all_with(conn, &sql, year, reception)
        };
        let rota = |by: &str| {
            let sql = of_year(format!("SELECT {ROTA_COLS} FROM rota"), by, KEY_ORDER);
            all_with(conn, &sql, year, rota_slot)
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
                let sql = of_year(
                    format!("SELECT {ACTIVITY_COLS} FROM activities"),
                    "deputy_code",
                    "date, deputy_code, kind",
                );
                ds.activities = all_with(conn, &sql, year, activity)?;
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
