//! Counting a set of suggestions (SPEC §10), the one way `units`, `report`,
//! the Overview and the Units view count them, so that no two of them can
//! disagree on a figure.

use super::facts::is_overdue;
use crate::model::{ReplyResult, Satisfaction, Status, Suggestion};
use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The figures of a set of suggestions, fields read as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SuggestionCounts {
    /// How many.
    pub received: u64,
    /// Those with an `assigned_on`.
    pub assigned: u64,
    /// Status `replied` or `closed`.
    pub replied: u64,
    /// Replied, with `replied_on` on or before `due_on`.
    pub on_time: u64,
    /// Status `closed`.
    pub closed: u64,
    /// With a satisfaction.
    pub evaluated: u64,
    /// Satisfaction `satisfied` or `basic`.
    pub satisfied: u64,
    /// Result `A`.
    pub resolved: u64,
    /// Found by `suggestion-overdue` as of the date.
    pub overdue: u64,
}

/// The five rates of SPEC §10, each rounded to 4 decimals, None when its
/// denominator is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rates {
    /// replied / assigned
    pub reply_rate: Option<f64>,
    /// on_time / assigned
    pub on_time_rate: Option<f64>,
    /// closed / assigned
    pub completion_rate: Option<f64>,
    /// satisfied / evaluated
    pub satisfaction_rate: Option<f64>,
    /// resolved / replied
    pub resolved_rate: Option<f64>,
}

impl SuggestionCounts {
    /// Count `suggestions`, `overdue` as of `as_of`.
    pub fn count<'a>(suggestions: impl IntoIterator<Item = &'a Suggestion>, as_of: NaiveDate) -> SuggestionCounts {
        let mut c = SuggestionCounts::default();
        for s in suggestions {
            c.add(s, as_of);
        }
        c
    }

    /// Count one more suggestion (for callers that sort suggestions into
    /// many sets in one pass, as the scorecard does).
    pub fn add(&mut self, s: &Suggestion, as_of: NaiveDate) {
        let replied = matches!(s.status, Status::Replied | Status::Closed);
        self.received += 1;
        self.assigned += u64::from(s.assigned_on.is_some());
        self.replied += u64::from(replied);
        self.on_time += u64::from(replied && matches!((s.replied_on, s.due_on), (Some(r), Some(due)) if r <= due));
        self.closed += u64::from(s.status == Status::Closed);
        self.evaluated += u64::from(s.satisfaction.is_some());
        self.satisfied += u64::from(matches!(
            s.satisfaction,
            Some(Satisfaction::Satisfied | Satisfaction::Basic)
        ));
        self.resolved += u64::from(s.result == Some(ReplyResult::A));
        self.overdue += u64::from(is_overdue(s, as_of));
    }

    pub fn rates(&self) -> Rates {
        Rates {
            reply_rate: rate(self.replied, self.assigned),
            on_time_rate: rate(self.on_time, self.assigned),
            completion_rate: rate(self.closed, self.assigned),
            satisfaction_rate: rate(self.satisfied, self.evaluated),
            resolved_rate: rate(self.resolved, self.replied),
        }
    }

    /// The count fields after `received` and the five rates, in SPEC's
    /// order, into a struct being serialised: the tail that every block of
    /// suggestion figures and every `units` entry share. `between` goes
    /// after `overdue` and before the rates (a unit's `co_handled`).
    pub fn serialize_fields<S: SerializeStruct>(
        &self,
        out: &mut S,
        between: &[(&'static str, u64)],
    ) -> Result<(), S::Error> {
        out.serialize_field("assigned", &self.assigned)?;
        out.serialize_field("replied", &self.replied)?;
        out.serialize_field("on_time", &self.on_time)?;
        out.serialize_field("closed", &self.closed)?;
        out.serialize_field("evaluated", &self.evaluated)?;
        out.serialize_field("satisfied", &self.satisfied)?;
        out.serialize_field("resolved", &self.resolved)?;
        out.serialize_field("overdue", &self.overdue)?;
        for (key, value) in between {
            out.serialize_field(key, value)?;
        }
        let r = self.rates();
        out.serialize_field("reply_rate", &r.reply_rate)?;
        out.serialize_field("on_time_rate", &r.on_time_rate)?;
        out.serialize_field("completion_rate", &r.completion_rate)?;
        out.serialize_field("satisfaction_rate", &r.satisfaction_rate)?;
        out.serialize_field("resolved_rate", &r.resolved_rate)
    }

    /// How many fields [`SuggestionCounts::serialize_fields`] writes.
    pub const TAIL_FIELDS: usize = 13;
}

/// A rate as the office reads and prints it (tables, the TUI, the
/// report's Markdown): `71.3%`, `—` when there is nothing to divide by.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(v) => format!("{:.1}%", v * 100.0),
        None => "—".to_string(),
    }
}

/// `part / whole` rounded to 4 decimals, None when `whole` is 0.
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

/// The block of suggestion figures of SPEC §10 and §12: exactly the keys
/// `received` … `overdue`, then the five rates, in that order. Report
/// entries that carry identifying keys first (`by_town`, `by_category`)
/// may `#[serde(flatten)]` it.
impl Serialize for SuggestionCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("SuggestionCounts", 1 + Self::TAIL_FIELDS)?;
        out.serialize_field("received", &self.received)?;
        self.serialize_fields(&mut out, &[])?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, SuggestionSource};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn suggestion(status: Status, assigned: Option<&str>, due: Option<&str>, replied: Option<&str>) -> Suggestion {
        let mut s = Suggestion::received(
            "G1",
            "路灯",
            SuggestionSource::Reception,
            "",
            Category::General,
            day("2026-01-05"),
        );
        s.status = status;
        s.assigned_on = assigned.map(day);
        s.due_on = due.map(day);
        s.replied_on = replied.map(day);
        s
    }

    #[test]
    fn every_figure_is_counted_as_the_spec_says() {
        let received = suggestion(Status::Received, None, None, None);
        let overdue = suggestion(Status::Handling, Some("2026-01-10"), Some("2026-04-09"), None);
        let due_today = suggestion(Status::Reopened, Some("2026-01-10"), Some("2026-05-01"), None);
        let mut late = suggestion(
            Status::Replied,
            Some("2026-01-10"),
            Some("2026-04-10"),
            Some("2026-04-11"),
        );
        late.result = Some(ReplyResult::B);
        late.satisfaction = Some(Satisfaction::Unsatisfied);
        let mut closed = suggestion(
            Status::Closed,
            Some("2026-01-10"),
            Some("2026-04-10"),
            Some("2026-04-10"),
        );
        closed.result = Some(ReplyResult::A);
        closed.satisfaction = Some(Satisfaction::Basic);
        let all = [received, overdue, due_today, late, closed];
        let c = SuggestionCounts::count(&all, day("2026-05-01"));
        assert_eq!(
            c,
            SuggestionCounts {
                received: 5,
                assigned: 4,
                replied: 2,
                on_time: 1,
                closed: 1,
                evaluated: 2,
                satisfied: 1,
                resolved: 1,
                overdue: 1,
            }
        );
        let r = c.rates();
        assert_eq!(r.reply_rate, Some(0.5));
        assert_eq!(r.on_time_rate, Some(0.25));
        assert_eq!(r.satisfaction_rate, Some(0.5));
        assert_eq!(r.resolved_rate, Some(0.5));
    }

    #[test]
    fn rates_round_to_four_decimals_and_are_null_with_nothing_to_divide_by() {
        assert_eq!(rate(2, 3), Some(0.6667));
        assert_eq!(rate(1, 7), Some(0.1429));
        assert_eq!(rate(0, 0), None);
        let only_received =
            SuggestionCounts::count(&[suggestion(Status::Received, None, None, None)], day("2026-05-01"));
        let json = serde_json::to_string(&only_received).unwrap();
        assert_eq!(
            json,
            r#"{"received":1,"assigned":0,"replied":0,"on_time":0,"closed":0,"evaluated":0,"satisfied":0,"resolved":0,"overdue":0,"reply_rate":null,"on_time_rate":null,"completion_rate":null,"satisfaction_rate":null,"resolved_rate":null}"#
        );
    }

    #[test]
    fn a_report_entry_can_flatten_the_block_after_its_own_keys() {
        #[derive(serde::Serialize)]
        struct ByCategory {
            category: &'static str,
            #[serde(flatten)]
            counts: SuggestionCounts,
        }
        let entry = ByCategory {
            category: "key",
            counts: SuggestionCounts::count(
                &[suggestion(
                    Status::Closed,
                    Some("2026-01-10"),
                    Some("2026-04-10"),
                    Some("2026-02-01"),
                )],
                day("2026-05-01"),
            ),
        };
        let json = serde_json::to_string(&entry).unwrap();
        assert!(
            json.starts_with(r#"{"category":"key","received":1,"assigned":1,"#),
            "{json}"
        );
        assert!(json.contains(r#""completion_rate":1.0,"#), "{json}");
    }
}
