//! The people a change or a picker names, read from the database when it
//! opens (the snapshot holds the places alone): names beside codes, a
//! contact's row, a deputy's cells.

use super::*;

impl App {
    /// A person's name (a deputy's, else a contact's), sanitised; empty
    /// when unknown, or when the database cannot be read just now (a name
    /// beside a code is never worth an error of its own).
    pub(super) fn person_name(&self, code: &str) -> String {
        self.store
            .person_names(&[code])
            .ok()
            .and_then(|names| names.get(code).map(|n| sanitize(n)))
            .unwrap_or_default()
    }

    /// The contact with this code as the database holds it now; None when
    /// it is gone, or the database cannot be read (said on the status line).
    pub(super) fn read_contact(&mut self, code: &str) -> Option<crate::model::Contact> {
        self.store.contact(code).unwrap_or_else(|e| {
            self.store_error(e);
            None
        })
    }

    /// The codes of the cells a deputy is assigned to, in code order
    /// (none when the database cannot be read: said on the status line).
    pub(super) fn read_deputy_cells(&mut self, deputy: &str) -> Vec<String> {
        match self.store.deputy_cells(deputy) {
            Ok(cells) => cells.iter().map(|c| c.to_string()).collect(),
            Err(e) => {
                self.store_error(e);
                Vec::new()
            }
        }
    }
}
