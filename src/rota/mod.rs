//! The reception rota and duty points (SPEC §11): which days a station
//! receives, who the planner puts on them, who came, and the points that
//! count a deputy's year. Pure: the store reads and writes, the CLI and the
//! TUI call these same functions.

mod days;
mod plan;
mod points;
mod station;

pub use days::{reception_day, reception_days};
pub use plan::{choose_leads, plan, Plan, Unplaced};
pub use points::{ledger, points, DeputyPoints, DutyTerms, LedgerLine, LedgerTerm};
pub use station::{station_year, RotaDay, SlotState};

use crate::model::{CodeSet, Reception, RotaSlot};
use chrono::NaiveDate;

/// The keys (date, station, deputy) of reception records: what a rota
/// slot's attendance is looked up in.
pub struct Attended<'a> {
    keys: CodeSet<(NaiveDate, &'a str, &'a str)>,
}

impl<'a> Attended<'a> {
    pub fn new(receptions: impl IntoIterator<Item = &'a Reception>) -> Attended<'a> {
        Attended {
            keys: receptions.into_iter().map(Reception::key).collect(),
        }
    }

    /// A slot's attendance as of a date (SPEC §11): `Some(true)` when a
    /// reception has its date, station and deputy (whatever the date),
    /// else `Some(false)` when its day is before the as-of date (an
    /// absence), else `None` (still to come).
    pub fn of(&self, slot: &RotaSlot, as_of: NaiveDate) -> Option<bool> {
        attendance(self.has(slot), slot.date, as_of)
    }

    /// Whether a reception has the slot's date, station and deputy.
    pub fn has(&self, slot: &RotaSlot) -> bool {
        self.keys.contains(&slot.key())
    }
}

/// A slot on `date` as of a date (SPEC §11), `received` telling whether a
/// reception has the slot's date, station and deputy: attended, absent
/// (before the as-of date, no such reception) or still to come (None).
pub fn attendance(received: bool, date: NaiveDate, as_of: NaiveDate) -> Option<bool> {
    if received {
        Some(true)
    } else if date < as_of {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::testkit::day;
    use crate::model::RotaRole;

    fn slot(date: &str, deputy: &str) -> RotaSlot {
        RotaSlot {
            date: day(date),
            station_code: "S1".into(),
            deputy_code: deputy.into(),
            role: RotaRole::Lead,
        }
    }

    #[test]
    fn a_slot_is_attended_absent_or_to_come() {
        let receptions = vec![
            Reception {
                date: day("2026-03-15"),
                station_code: "S1".into(),
                deputy_code: "D1".into(),
                constituents: 0,
            },
            // Another station the same day is not this slot.
            Reception {
                date: day("2026-03-15"),
                station_code: "S2".into(),
                deputy_code: "D2".into(),
                constituents: 4,
            },
        ];
        let attended = Attended::new(&receptions);
        let as_of = day("2026-03-15");
        assert_eq!(attended.of(&slot("2026-03-15", "D1"), as_of), Some(true));
        assert_eq!(attended.of(&slot("2026-03-15", "D2"), as_of), None);
        assert_eq!(attended.of(&slot("2026-02-15", "D2"), as_of), Some(false));
        assert_eq!(attended.of(&slot("2026-04-15", "D1"), as_of), None);
        // A record of a later day still counts for a slot seen earlier.
        assert_eq!(attended.of(&slot("2026-03-15", "D1"), day("2026-01-01")), Some(true));
    }
}
