//! The two big tables as the TUI shows them, a window at a time: a
//! province has 200,000 contacts and as many suggestions, and a screen
//! shows twenty. A view asks for the codes of its rows in order (the
//! keyset it pages through), then for the lines of the codes it draws,
//! each with the names it shows beside the codes it refers to.

use super::reads::year_of;
use super::rows::{self, text_or_empty, CONTACT_COLS, SUGGESTION_COLS};
use super::{Result, Store};
use crate::model::{Activity, Assignment, Category, Contact, Deputy, Reception, RotaSlot, Status, Suggestion, Text};
use chrono::NaiveDate;
use rusqlite::{params, Row};
use std::ops::ControlFlow;

/// A contact with the names of its cell and deputy (empty when unknown).
#[derive(Debug, Clone)]
pub struct ContactLine {
    pub contact: Contact,
    pub cell_name: Text,
    pub deputy_name: Text,
    /// The row's version as read: what a change made from the screen
    /// showing it is checked against.
    pub version: i64,
}

/// A suggestion with the name of its cell and of who raised it (a deputy
/// or a contact; empty when neither).
#[derive(Debug, Clone)]
pub struct SuggestionLine {
    pub suggestion: Suggestion,
    pub cell_name: Text,
    pub raiser_name: Text,
    /// The row's version as read (see [`ContactLine::version`]).
    pub version: i64,
}

/// Which suggestions a view shows (None: any).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SuggestionScope<'a> {
    pub status: Option<Status>,
    pub category: Option<Category>,
    /// The unit that handles them (主办).
    pub unit: Option<&'a str>,
}

/// Whether lines come with the names of the cells they refer to, read by
/// key here, or with those left empty for a caller that holds the places
/// (the TUI, once its snapshot is read). The people's names are always
/// read with the lines (no one holds the people).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    Read,
    /// The people's names read, the cells' left.
    People,
}

/// The name of the cell a line refers to, as the select reads it (`table`
/// is this module's own word).
fn cell_name_col(names: Names, table: &str) -> String {
    match names {
        Names::Read => format!("(SELECT name FROM cells WHERE cells.code = {table}.cell_code)"),
        Names::People => "''".to_string(),
    }
}

/// The contact columns, then the two names (correlated lookups by primary
/// key: a window of sixty rows costs 120 index probes).
fn contact_select(names: Names) -> String {
    let cell = cell_name_col(names, "contacts");
    format!(
        "SELECT {CONTACT_COLS}, {cell},
                (SELECT name FROM deputies WHERE deputies.code = contacts.deputy_code),
                version
         FROM contacts"
    )
}

fn suggestion_select(names: Names) -> String {
    let cell = cell_name_col(names, "suggestions");
    format!(
        "SELECT {SUGGESTION_COLS}, {cell},
                coalesce((SELECT name FROM deputies WHERE deputies.code = suggestions.raised_by),
                         (SELECT name FROM contacts WHERE contacts.code = suggestions.raised_by)),
                version
         FROM suggestions"
    )
}

/// The scope's condition; `?1` is the status code, `?2` the category code,
/// `?3` the handling unit's code.
const SUGGESTION_WHERE: &str =
    "(?1 IS NULL OR status = ?1) AND (?2 IS NULL OR category = ?2) AND (?3 IS NULL OR handling_unit = ?3)";

fn contact_line(row: &Row) -> rusqlite::Result<ContactLine> {
    Ok(ContactLine {
        contact: rows::contact(row)?,
        cell_name: text_or_empty(row, 7)?,
        deputy_name: text_or_empty(row, 8)?,
        version: row.get(9)?,
    })
}

fn suggestion_line(row: &Row) -> rusqlite::Result<SuggestionLine> {
    Ok(SuggestionLine {
        suggestion: rows::suggestion(row)?,
        cell_name: text_or_empty(row, rows::SUGGESTION_COL_COUNT)?,
        raiser_name: text_or_empty(row, rows::SUGGESTION_COL_COUNT + 1)?,
        version: row.get(rows::SUGGESTION_COL_COUNT + 2)?,
    })
}

/// `?, ?, …` for `n` parameters (n ≥ 1).
pub(super) fn placeholders(n: usize) -> String {
    vec!["?"; n.max(1)].join(", ")
}

impl Store {
    /// Every contact's code, in code order (the primary key's order).
    pub fn contact_codes(&self) -> Result<Vec<Text>> {
        self.codes("SELECT code FROM contacts ORDER BY code", [])
    }

    /// Every contact line, in code order, one at a time: what a filter or
    /// a sort by a shown column reads once to order the codes. Nothing is
    /// kept here; `each` keeps what it needs, and may stop the reading.
    pub fn each_contact_line(&self, names: Names, each: impl FnMut(ContactLine) -> ControlFlow<()>) -> Result<()> {
        let sql = format!("{} ORDER BY code", contact_select(names));
        self.each_line(&sql, [], contact_line, each)
    }

    /// The lines of these contacts (in code order; codes not found are left out).
    pub fn contact_lines(&self, codes: &[&str]) -> Result<Vec<ContactLine>> {
        self.lines_of(&contact_select(Names::Read), codes, contact_line)
    }

    /// The codes of the suggestions in `scope`, in code order.
    pub fn suggestion_codes(&self, scope: SuggestionScope<'_>) -> Result<Vec<Text>> {
        let sql = format!("SELECT code FROM suggestions WHERE {SUGGESTION_WHERE} ORDER BY code");
        self.codes(&sql, scope_params(scope))
    }

    /// Every suggestion line, of every status and category, in code order,
    /// one at a time (see [`Store::each_contact_line`]; the rows' tags
    /// filter them by status and category).
    pub fn each_suggestion_line(
        &self,
        names: Names,
        each: impl FnMut(SuggestionLine) -> ControlFlow<()>,
    ) -> Result<()> {
        let sql = format!("{} ORDER BY code", suggestion_select(names));
        self.each_line(&sql, [], suggestion_line, each)
    }

    /// Every suggestion with the audit's columns (no free text), in code
    /// order, one at a time: what the TUI's audit counts as it reads
    /// ([`crate::coverage::SuggestionTally`]), never holding them together.
    pub fn each_audit_suggestion(&self, mut each: impl FnMut(&Suggestion)) -> Result<()> {
        let sql = format!("SELECT {} FROM suggestions ORDER BY code", rows::SUGGESTION_AUDIT_COLS);
        self.each_line(&sql, [], rows::suggestion, |s| {
            each(&s);
            ControlFlow::Continue(())
        })
    }

    /// Every contact with the audit's columns (no name), in code order, one
    /// at a time: what the TUI's audit counts as it reads
    /// ([`crate::coverage::Counting`]), never holding them together.
    pub fn each_audit_contact(&self, mut each: impl FnMut(&Contact)) -> Result<()> {
        let sql = format!("SELECT {} FROM contacts ORDER BY code", rows::CONTACT_AUDIT_COLS);
        self.each_line(&sql, [], rows::contact, |c| {
            each(&c);
            ControlFlow::Continue(())
        })
    }

    /// Every assignment, in key order, one at a time (what the TUI's audit
    /// counts as it reads).
    pub fn each_assignment(&self, mut each: impl FnMut(&Assignment)) -> Result<()> {
        self.each_line(rows::ASSIGNMENTS, [], rows::assignment, |a| {
            each(&a);
            ControlFlow::Continue(())
        })
    }

    /// Every deputy as [`Store::load_screens`] reads them, in code order,
    /// one at a time: what a snapshot whose places are kept from an earlier
    /// one reads of the people (and keeps less than a row of).
    pub fn each_screen_deputy(&self, mut each: impl FnMut(&Deputy)) -> Result<()> {
        self.each_line(&rows::screen_deputies_sql(), [], rows::deputy, |d| {
            each(&d);
            ControlFlow::Continue(())
        })
    }

    /// Every reception of `day`'s year, in key order, one at a time (what
    /// the TUI's audit counts as it reads).
    pub fn each_reception(&self, day: NaiveDate, mut each: impl FnMut(&Reception)) -> Result<()> {
        let (from, to) = year_of(day);
        let sql = rows::receptions_between();
        self.each_line(&sql, params![from.to_string(), to.to_string()], rows::reception, |r| {
            each(&r);
            ControlFlow::Continue(())
        })
    }

    /// Every rota slot of `day`'s year, in key order, one at a time (what
    /// the TUI's audit counts as it reads).
    pub fn each_rota_slot(&self, day: NaiveDate, mut each: impl FnMut(&RotaSlot)) -> Result<()> {
        self.each_rota_slot_between(year_of(day), |s| {
            each(s);
            ControlFlow::Continue(())
        })
    }

    /// Every activity of `day`'s year, by date and deputy, one at a time
    /// (what the TUI's audit counts as it reads).
    pub fn each_activity(&self, day: NaiveDate, mut each: impl FnMut(&Activity)) -> Result<()> {
        let (from, to) = year_of(day);
        let sql = rows::activities_between();
        self.each_line(&sql, params![from.to_string(), to.to_string()], rows::activity, |a| {
            each(&a);
            ControlFlow::Continue(())
        })
    }

    /// The rota slots of one day, in key order.
    pub fn rota_on(&self, day: NaiveDate) -> Result<Vec<RotaSlot>> {
        let mut slots = Vec::new();
        self.each_rota_slot_between((day, day), |s| {
            slots.push(s.clone());
            ControlFlow::Continue(())
        })?;
        Ok(slots)
    }

    /// Every rota slot dated from `from` to `to` (both included), in key order.
    fn each_rota_slot_between(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        mut each: impl FnMut(&RotaSlot) -> ControlFlow<()>,
    ) -> Result<()> {
        let sql = rows::rota_between();
        self.each_line(&sql, params![from.to_string(), to.to_string()], rows::rota_slot, |s| {
            each(&s)
        })
    }

    /// The lines of these suggestions (in code order; codes not found are left out).
    pub fn suggestion_lines(&self, codes: &[&str]) -> Result<Vec<SuggestionLine>> {
        self.lines_of(&suggestion_select(Names::Read), codes, suggestion_line)
    }

    /// Every line `sql` selects, one at a time.
    fn each_line<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        read: fn(&Row) -> rusqlite::Result<T>,
        mut each: impl FnMut(T) -> ControlFlow<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut lines = stmt.query(params)?;
        while let Some(row) = lines.next()? {
            if each(read(row)?).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// The lines `select` gives for these codes, in code order.
    fn lines_of<T>(&self, select: &str, codes: &[&str], read: fn(&Row) -> rusqlite::Result<T>) -> Result<Vec<T>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("{select} WHERE code IN ({}) ORDER BY code", placeholders(codes.len()));
        let mut stmt = self.conn.prepare(&sql)?;
        let lines = stmt
            .query_map(rusqlite::params_from_iter(codes), read)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(lines)
    }
}

fn scope_params(scope: SuggestionScope<'_>) -> [Option<&str>; 3] {
    [
        scope.status.map(Status::code),
        scope.category.map(Category::code),
        scope.unit,
    ]
}
