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

/// An active contact with a valid phone, as `contact-duplicate` needs it:
/// 40 bytes, a province's 190,000 in 8 MB (see [`Phones::cell`]).
#[derive(Debug, Clone)]
pub struct Phone {
    /// The phone's digits as one number (see [`phone_key`]).
    pub key: u64,
    pub code: Text,
    /// Its cell's index into the places' cells, or past them into the
    /// codes of cells not known.
    cell: u32,
    /// Its place in the order counted: what keeps one phone's contacts in
    /// that order once sorted, without the room a stable sort takes.
    order: u32,
}

/// The active contacts' valid phones, sorted by phone (one phone's contacts
/// in the order counted), with the codes of the cells not known.
#[derive(Debug, Default)]
pub struct Phones {
    pub sorted: Vec<Phone>,
    unknown_cells: Vec<Text>,
}

impl Phones {
    /// The code of a phone's contact's cell.
    pub fn cell<'a>(&'a self, f: &'a Facts, p: &Phone) -> &'a str {
        let i = p.cell as usize;
        match f.ds.cells.get(i) {
            Some(cell) => &cell.code,
            None => self.unknown_cells.get(i - f.ds.cells.len()).map_or("", Text::as_str),
        }
    }
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
    pub(super) phones: Phones,
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
        let cell = f.cell_by_code.get(c.cell_code.as_str()).copied();
        if let Some(i) = cell {
            f.cell_contacts[i] += 1;
        }
        if let Some(&d) = f.deputy_by_code.get(c.deputy_code.as_str()) {
            f.deputy_contacts[d] += 1;
            f.contacts.linked += usize::from(f.deputies.is_active(d));
        }
        if let Some(key) = phone_key(&c.phone) {
            let phones = &mut self.phones;
            let cell = cell.unwrap_or_else(|| {
                phones.unknown_cells.push(c.cell_code.clone());
                f.ds.cells.len() + phones.unknown_cells.len() - 1
            });
            phones.sorted.push(Phone {
                key,
                code: c.code.clone(),
                cell: crate::model::count_u32(cell),
                order: crate::model::count_u32(phones.sorted.len()),
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
        // The same phone's contacts stay in the order counted. (A stable
        // sort would take room for 150,000 of them at province: 8 MB.)
        let mut phones = self.phones;
        phones.sorted.sort_unstable_by_key(|p| (p.key, p.order));
        for rule in TABLE {
            if let Check::Phones(check) = rule.check {
                let found = check(&f, &phones);
                f.contact_findings.extend(found);
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

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::coverage::reception_figures;
    use crate::model::{Dataset, RotaRole, RotaSlot};

    fn slot(date: &str, station: &str, deputy: &str) -> RotaSlot {
        RotaSlot {
            date: day(date),
            station_code: station.into(),
            deputy_code: deputy.into(),
            role: RotaRole::Member,
        }
    }

    fn received_at(date: &str, station: &str, deputy: &str, constituents: i64) -> Reception {
        Reception {
            station_code: station.into(),
            constituents,
            ..reception(date, deputy)
        }
    }

    /// Receptions of known and unknown stations and deputies (a Dataset
    /// made by hand may refer to either), of this year and the last.
    fn year() -> Dataset {
        Dataset {
            deputies: vec![deputy("D1", true), deputy("D2", false)],
            stations: vec![station("S1", None, None), station("S2", None, None)],
            receptions: vec![
                received_at("2025-12-31", "S1", "D1", 50), // last year: never counted
                received_at("2026-02-03", "S1", "D1", 4),
                received_at("2026-03-03", "S2", "D1", 2),
                received_at("2026-03-03", "S2", "D2", 1), // an inactive deputy counts
                received_at("2026-04-01", "S9", "D1", 3), // an unknown station
                received_at("2026-04-01", "S1", "D9", 5), // an unknown deputy
                received_at("2026-06-01", "S1", "D1", 7), // after the as-of date
            ],
            ..Dataset::default()
        }
    }

    #[test]
    fn a_slot_is_attended_by_a_reception_of_its_key_known_or_not() {
        let ds = year();
        let f = Facts::new(&ds, day("2026-05-01"));
        for (s, attended) in [
            (slot("2026-02-03", "S1", "D1"), true),
            (slot("2026-03-03", "S2", "D2"), true),
            (slot("2026-04-01", "S9", "D1"), true),
            (slot("2026-04-01", "S1", "D9"), true),
            (slot("2026-02-03", "S2", "D1"), false), // another station
            (slot("2026-02-04", "S1", "D1"), false), // another day
            (slot("2026-03-03", "S2", "D9"), false), // another deputy
            (slot("2025-12-31", "S1", "D1"), false), // last year's: not kept
        ] {
            assert_eq!(f.received(&s), attended, "{s:?}");
        }
    }

    #[test]
    fn the_years_receptions_are_counted_by_deputy_and_station_and_as_the_reports_figures() {
        let ds = year();
        let as_of = day("2026-05-01");
        let f = Facts::new(&ds, as_of);
        assert_eq!(f.deputy_receptions, [3, 1]);
        assert_eq!(f.station_receptions, [2, 2]);
        assert_eq!(f.year_receptions.records, 5);
        assert_eq!(f.year_receptions.constituents, 15);
        assert_eq!(f.year_receptions.deputies, 3, "D1, D2 and the unknown D9");
        // The same figures as a report of the year counts them.
        assert_eq!(f.year_receptions, reception_figures(&ds, f.year_start, as_of));
    }
}
