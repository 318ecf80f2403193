//! The rows the facts count one at a time, whether from a Dataset or as
//! they are read from SQLite: the contacts (with the rules that look at
//! one of them) and the year's receptions.

use super::facts::Facts;
use super::rules::{Check, TABLE};
use crate::model::{phone_key, CodeSet, Contact, Reception, Text};
use chrono::{Datelike, NaiveDate};

/// How many contacts there are, by what the Overview asks of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContactFigures {
    pub total: usize,
    pub active: usize,
    /// Active contacts whose deputy is known and active.
    pub linked: usize,
}

/// An active contact with a valid phone, as `contact-duplicate` needs it.
#[derive(Debug, Clone)]
pub struct Phone {
    /// The phone's digits as one number (see [`phone_key`]).
    pub key: u64,
    pub code: Text,
    pub cell: Text,
}

/// Facts whose contacts are being counted, one row at a time: the rules
/// that look at one contact see the places and deputies already known.
/// [`Counting::counted`] gives the facts once every contact is in.
pub struct Counting<'a> {
    pub(super) facts: Facts<'a>,
    /// The codes of the deputies of receptions counted that are not known
    /// (a Dataset made by hand), for the distinct deputies received.
    pub(super) unknown_receivers: CodeSet<Text>,
    /// Each active contact's valid phone, in the order counted: what
    /// `contact-duplicate` compares once all are in.
    pub(super) phones: Vec<Phone>,
}

impl<'a> Counting<'a> {
    /// Count one more contact.
    pub fn add_contact(&mut self, c: &Contact) {
        let f = &mut self.facts;
        for rule in TABLE {
            if let Check::Contact(check) = rule.check {
                if let Some(found) = check(f, c) {
                    f.contact_findings.push(found);
                }
            }
        }
        f.contacts.total += 1;
        if !c.active {
            return;
        }
        f.contacts.active += 1;
        if let Some(&i) = f.cell_by_code.get(c.cell_code.as_str()) {
            f.cell_contacts[i] += 1;
        }
        if let Some(&d) = f.deputy_by_code.get(c.deputy_code.as_str()) {
            f.deputy_contacts[d] += 1;
            f.contacts.linked += usize::from(f.ds.deputies[d].active);
        }
        if let Some(key) = phone_key(&c.phone) {
            self.phones.push(Phone {
                key,
                code: c.code.clone(),
                cell: c.cell_code.clone(),
            });
        }
    }

    /// Count one more reception (only those of the year to the as-of date).
    pub fn add_reception(&mut self, r: &Reception) {
        let f = &mut self.facts;
        if r.date < f.year_start || f.as_of < r.date {
            return;
        }
        let deputy = f.deputy_by_code.get(r.deputy_code.as_str()).copied();
        let station = f.station_by_code.get(r.station_code.as_str()).copied();
        match deputy {
            Some(d) => f.deputy_receptions[d] += 1,
            None => {
                self.unknown_receivers.insert(r.deputy_code.clone());
            }
        }
        if let Some(s) = station {
            f.station_receptions[s] += 1;
        }
        f.year_receptions.records += 1;
        f.year_receptions.constituents += r.constituents;
        f.received.add(r, station, deputy);
    }

    /// The facts, every contact and reception counted.
    pub fn counted(self) -> Facts<'a> {
        let mut f = self.facts;
        // Stable: the same phone's contacts stay in the order counted.
        let mut phones = self.phones;
        phones.sort_by_key(|p| p.key);
        for rule in TABLE {
            if let Check::Phones(check) = rule.check {
                f.contact_findings.extend(check(&phones));
            }
        }
        f.received.packed.sort_unstable();
        f.year_receptions.deputies =
            f.deputy_receptions.iter().filter(|&&n| n > 0).count() + self.unknown_receivers.len();
        f
    }
}

/// The keys (date, station, deputy) of the year's receptions: packed in a
/// u64 each when the station and deputy are known (a province's 250,000 in
/// 2 MB, where their rows took 16), by their codes otherwise (a Dataset
/// made by hand; the store's keys refer to known rows).
#[derive(Debug, Default)]
pub(super) struct Received {
    /// Sorted once counted.
    packed: Vec<u64>,
    by_code: CodeSet<(NaiveDate, Text, Text)>,
}

impl Received {
    fn add(&mut self, r: &Reception, station: Option<usize>, deputy: Option<usize>) {
        match pack(r.date, station, deputy) {
            Some(key) => self.packed.push(key),
            None => {
                self.by_code
                    .insert((r.date, r.station_code.clone(), r.deputy_code.clone()));
            }
        }
    }

    pub(super) fn has(&self, f: &Facts, date: NaiveDate, station: &str, deputy: &str) -> bool {
        let s = f.station_by_code.get(station).copied();
        let d = f.deputy_by_code.get(deputy).copied();
        match pack(date, s, d) {
            Some(key) => self.packed.binary_search(&key).is_ok(),
            None => self.by_code.contains(&(date, Text::from(station), Text::from(deputy))),
        }
    }
}

/// A reception's key as one number: its day (20 bits: to the year 2870),
/// its station's index and its deputy's (22 bits each: four million).
fn pack(date: NaiveDate, station: Option<usize>, deputy: Option<usize>) -> Option<u64> {
    const DAY: u64 = 1 << 20;
    const INDEX: u64 = 1 << 22;
    let day = u64::try_from(date.num_days_from_ce()).ok().filter(|&d| d < DAY)?;
    let station = u64::try_from(station?).ok().filter(|&s| s < INDEX)?;
    let deputy = u64::try_from(deputy?).ok().filter(|&d| d < INDEX)?;
    Some((day << 44) | (station << 22) | deputy)
}
