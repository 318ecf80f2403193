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
use crate::model::{Assignment, Dataset, Text};
use chrono::NaiveDate;
use rusqlite::params;

/// What a screen shows rows around (and, with them, the people they name:
/// see [`Store::around`]).
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
    /// a dataset holding only them, the people they name (deputies; a
    /// suggestion's raiser among the contacts), the cell's or deputy's
    /// assignments and the settings, each table sorted by key. One read
    /// transaction: the rows are of one state.
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
        self.read_people_named(what, code, &mut ds)?;
        Ok(ds)
    }

    /// Into `ds`, the people its rows name (the screens show a name beside
    /// each code): the deputies of its contacts, suggestions, receptions and
    /// rota slots, a cell's or a deputy's assignments with their deputies,
    /// and a suggestion's raiser when a contact raised it.
    fn read_people_named(&self, what: Around, code: &str, ds: &mut Dataset) -> Result<()> {
        let of = |deputy_code: Text, cell_code: Text| Assignment { deputy_code, cell_code };
        ds.assignments = match what {
            Around::Cell => self
                .cell_deputies(code)?
                .into_iter()
                .map(|d| of(d, code.into()))
                .collect(),
            Around::Deputy => self
                .deputy_cells(code)?
                .into_iter()
                .map(|c| of(code.into(), c))
                .collect(),
            _ => Vec::new(),
        };
        let mut named: Vec<&str> = Vec::new();
        if what == Around::Deputy {
            named.push(code);
        }
        named.extend(ds.assignments.iter().map(|a| a.deputy_code.as_str()));
        named.extend(ds.contacts.iter().map(|c| c.deputy_code.as_str()));
        for s in &ds.suggestions {
            named.extend([s.raised_by.as_str(), s.supervisor.as_str()]);
        }
        named.extend(ds.receptions.iter().map(|r| r.deputy_code.as_str()));
        named.extend(ds.rota.iter().map(|r| r.deputy_code.as_str()));
        named.retain(|c| !c.is_empty());
        let deputies = self.deputies_of(&named)?;
        if what == Around::Suggestion {
            let raisers: Vec<&str> = ds.suggestions.iter().map(|s| s.raised_by.as_str()).collect();
            ds.contacts = self.contacts_of(&raisers)?;
        }
        ds.deputies = deputies;
        Ok(())
    }
}
