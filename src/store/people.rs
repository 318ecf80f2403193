//! The people (deputies, contacts) and who covers which cell, read by key
//! for the screen that asks: a name beside a code, a picker's candidates,
//! a lookup's hits. The TUI keeps none of them in memory (at province they
//! are 340,000 rows and 50 MB); every question here is one indexed query
//! or one pass over a table, a row at a time.

use super::lines::placeholders;
use super::rows::{self, CONTACT_COLS, DEPUTY_COLS};
use super::{Result, Store};
use crate::i18n::Lang;
use crate::model::{Contact, Dataset, Deputy, Kind, Text};
use crate::search::{contact_detail, deputy_detail, Found, Person, SearchIndex};
use rusqlite::{params_from_iter, OptionalExtension};
use std::collections::HashMap;

/// Codes asked for in one statement at most (SQLite's parameter limit is
/// far above; a window or a detail names a few dozen).
const CODES_PER_QUERY: usize = 500;

impl Store {
    /// The deputy with this code.
    pub fn deputy(&self, code: &str) -> Result<Option<Deputy>> {
        Ok(self.deputies_of(&[code])?.pop())
    }

    /// The contact with this code.
    pub fn contact(&self, code: &str) -> Result<Option<Contact>> {
        Ok(self.contacts_of(&[code])?.pop())
    }

    /// The first other active contact (in code order) with the same phone
    /// as `contact`, its spaces and dashes left out: the twin the fix of
    /// `contact-duplicate` keeps.
    pub fn phone_twin(&self, contact: &Contact) -> Result<Option<Contact>> {
        let digits: String = contact.phone.chars().filter(|c| *c != ' ' && *c != '-').collect();
        let sql = format!(
            "SELECT {CONTACT_COLS} FROM contacts
             WHERE active = 1 AND code <> ?1 AND replace(replace(phone, ' ', ''), '-', '') = ?2
             ORDER BY code LIMIT 1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_row(rusqlite::params![contact.code.as_str(), digits], rows::contact)
            .optional()?)
    }

    /// The deputies with these codes, in code order (codes not found are
    /// left out).
    pub fn deputies_of(&self, codes: &[&str]) -> Result<Vec<Deputy>> {
        self.rows_of(&format!("SELECT {DEPUTY_COLS} FROM deputies"), codes, rows::deputy)
    }

    /// The contacts with these codes, in code order (codes not found are
    /// left out).
    pub fn contacts_of(&self, codes: &[&str]) -> Result<Vec<Contact>> {
        self.rows_of(&format!("SELECT {CONTACT_COLS} FROM contacts"), codes, rows::contact)
    }

    /// The names of the people with these codes, as stored: a deputy's,
    /// else a contact's (codes of neither are left out).
    pub fn person_names(&self, codes: &[&str]) -> Result<HashMap<Text, Text>> {
        let mut names = HashMap::new();
        for table in ["contacts", "deputies"] {
            // (Deputies last: a code of both names the deputy.)
            let select = format!("SELECT code, name FROM {table}");
            for (code, name) in self.rows_of(&select, codes, |r| Ok((rows::text(r, 0)?, rows::text(r, 1)?)))? {
                names.insert(code, name);
            }
        }
        Ok(names)
    }

    /// The codes of the deputies assigned to a cell, in code order.
    pub fn cell_deputies(&self, cell: &str) -> Result<Vec<Text>> {
        self.codes(
            "SELECT deputy_code FROM assignments WHERE cell_code = ?1 ORDER BY deputy_code",
            [cell],
        )
    }

    /// The codes of the cells a deputy is assigned to, in code order.
    pub fn deputy_cells(&self, deputy: &str) -> Result<Vec<Text>> {
        self.codes(
            "SELECT cell_code FROM assignments WHERE deputy_code = ?1 ORDER BY cell_code",
            [deputy],
        )
    }

    /// The codes of the deputies assigned to any of these cells, in code
    /// order, each once.
    pub fn deputies_of_cells(&self, cells: &[&str]) -> Result<Vec<Text>> {
        let select = "SELECT DISTINCT deputy_code FROM assignments";
        let mut codes = Vec::new();
        for chunk in cells.chunks(CODES_PER_QUERY) {
            let sql = format!("{select} WHERE cell_code IN ({})", placeholders(chunk.len()));
            let mut stmt = self.conn.prepare(&sql)?;
            let found = stmt.query_map(params_from_iter(chunk), |r| rows::text(r, 0))?;
            codes.extend(found.collect::<rusqlite::Result<Vec<Text>>>()?);
        }
        codes.sort();
        codes.dedup();
        Ok(codes)
    }

    /// The contacts linked to a deputy (active or not), in code order.
    pub fn deputy_contacts(&self, deputy: &str) -> Result<Vec<Contact>> {
        let sql = format!("SELECT {CONTACT_COLS} FROM contacts WHERE deputy_code = ?1 ORDER BY code");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let contacts = stmt
            .query_map([deputy], rows::contact)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(contacts)
    }

    /// Every deputy's code, in code order.
    pub fn deputy_codes(&self) -> Result<Vec<Text>> {
        self.codes("SELECT code FROM deputies ORDER BY code", [])
    }

    /// Whether a cell has an active contact.
    pub fn has_active_contact(&self, cell: &str) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM contacts WHERE cell_code = ?1 AND active = 1 LIMIT 1")?;
        Ok(stmt.exists([cell])?)
    }

    /// Every deputy's or contact's (`kind`) code, name, phone and (a
    /// contact's) cell, the active ones alone if `active_only`, one at a
    /// time in code order, as the row holds them (no copy): what the lookup,
    /// the pickers and a form's lookup fields match.
    pub fn each_person(&self, kind: Kind, active_only: bool, mut each: impl FnMut(Person<'_>)) -> Result<()> {
        // (Both selects are this function's own words.)
        let select = match kind {
            Kind::Deputy => "SELECT code, name, phone, '' FROM deputies",
            _ => "SELECT code, name, phone, cell_code FROM contacts",
        };
        let only = if active_only { " WHERE active = 1" } else { "" };
        let mut stmt = self.conn.prepare_cached(&format!("{select}{only} ORDER BY code"))?;
        let mut people = stmt.query([])?;
        while let Some(row) = people.next()? {
            let text = |i: usize| row.get_ref(i).map(|v| v.as_str().unwrap_or(""));
            each(Person {
                kind,
                code: text(0)?,
                name: text(1)?,
                phone: text(2)?,
                cell_code: text(3)?,
            });
        }
        Ok(())
    }

    /// The codes (the first column) `sql` selects.
    pub(super) fn codes(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Text>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let codes = stmt
            .query_map(params, |r| rows::text(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(codes)
    }

    /// The places (areas, cells without their shapes, stations), as a
    /// lookup matches them beside the people (see [`Store::lookup`]).
    pub fn load_places(&self) -> Result<Dataset> {
        self.reading(|store| rows::load_places(&store.conn))
    }

    /// Lookup (SPEC §5 `lookup`): the best `limit` matches for `query`
    /// among the places `index` holds (built from `places`) and every
    /// deputy and contact, read a row at a time, ranked as one (see
    /// [`SearchIndex::find_with_people`]); the lines beside the people
    /// shown are read for them alone. What the CLI's `lookup` and the
    /// TUI's both run.
    pub fn lookup(
        &self,
        index: &SearchIndex,
        places: &Dataset,
        query: &str,
        limit: usize,
        lang: Lang,
    ) -> Result<Found> {
        let detail = |kind: Kind, code: &str| -> Result<String> {
            Ok(match kind {
                Kind::Deputy => self.deputy(code)?.map(|d| deputy_detail(&d, lang)),
                _ => self.contact(code)?.map(|c| contact_detail(&c, places, lang)),
            }
            .unwrap_or_default())
        };
        let people = |offer: &mut dyn FnMut(Person)| {
            self.each_person(Kind::Deputy, false, &mut *offer)?;
            self.each_person(Kind::Contact, false, offer)
        };
        index.find_with_people(places, query, limit, people, detail)
    }

    /// The rows `select` gives for these codes, in code order.
    fn rows_of<T>(
        &self,
        select: &str,
        codes: &[&str],
        read: fn(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut found = Vec::new();
        let mut codes: Vec<&str> = codes.to_vec();
        codes.sort_unstable();
        codes.dedup();
        for chunk in codes.chunks(CODES_PER_QUERY) {
            let sql = format!("{select} WHERE code IN ({}) ORDER BY code", placeholders(chunk.len()));
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(chunk), read)?;
            found.extend(rows.collect::<rusqlite::Result<Vec<T>>>()?);
        }
        Ok(found)
    }
}
