//! A station's reception days (SPEC §11).

use crate::model::{Station, StationKind};
use chrono::{Datelike, NaiveDate};

/// The reception day `day` of a month, clamped to the month's last day
/// (the 31st in February is the 28th or the 29th).
pub fn reception_day(year: i32, month: u32, day: u8) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?.day();
    first.with_day(u32::from(day.max(1)).min(last))
}

/// A station's reception days in `year` on or after `from`, in order: one
/// a month; none for an online station.
pub fn reception_days(station: &Station, year: i32, from: NaiveDate) -> Vec<NaiveDate> {
    if station.kind == StationKind::Online {
        return Vec::new();
    }
    (1..=12)
        .filter_map(|month| reception_day(year, month, station.reception_day))
        .filter(|d| *d >= from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::testkit::{day, station};

    #[test]
    fn the_31st_falls_on_a_short_months_last_day() {
        assert_eq!(reception_day(2026, 2, 31), Some(day("2026-02-28")));
        assert_eq!(reception_day(2028, 2, 31), Some(day("2028-02-29")));
        assert_eq!(reception_day(2026, 4, 31), Some(day("2026-04-30")));
        assert_eq!(reception_day(2026, 1, 31), Some(day("2026-01-31")));
        assert_eq!(reception_day(2026, 13, 15), None);
    }

    #[test]
    fn days_start_on_the_as_of_date_and_online_stations_have_none() {
        let mut s = station("S1", None, None);
        s.reception_day = 15;
        let days = reception_days(&s, 2026, day("2026-10-15"));
        assert_eq!(days, vec![day("2026-10-15"), day("2026-11-15"), day("2026-12-15")]);
        assert_eq!(reception_days(&s, 2026, day("2025-06-01")).len(), 12);
        assert!(reception_days(&s, 2026, day("2026-12-16")).is_empty());
        s.kind = StationKind::Online;
        assert!(reception_days(&s, 2026, day("2026-01-01")).is_empty());
    }
}
