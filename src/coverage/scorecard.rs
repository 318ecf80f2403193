//! The ledger's two lists (SPEC §10): the units' scorecard (考核, `lianluo
//! units`, the Units view, the report's `by_unit`) and the reminder list of
//! suggestions due soon (催办, `suggest due`, the Overview).

use super::ledger::SuggestionCounts;
use crate::model::{is_being_handled, CodeMap, Suggestion, Unit};
use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// One unit's figures for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitScore<'a> {
    pub unit: &'a Unit,
    /// The suggestions it handles (its `handling_unit`) assigned in the period.
    pub counts: SuggestionCounts,
    /// Those of the period listing it among their `co_units`.
    pub co_handled: u64,
}

/// A `units` entry: exactly SPEC §10's keys, in its order.
impl Serialize for UnitScore<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("UnitScore", 4 + 1 + SuggestionCounts::TAIL_FIELDS)?;
        out.serialize_field("code", self.unit.code.as_str())?;
        out.serialize_field("name", self.unit.name.as_str())?;
        out.serialize_field("kind", self.unit.kind.code())?;
        out.serialize_field("active", &self.unit.active)?;
        self.counts
            .serialize_fields(&mut out, &[("co_handled", self.co_handled)])?;
        out.end()
    }
}

/// Every unit, sorted by code, with the suggestions whose `assigned_on`
/// falls from `from` to `to` (inclusive) counted as SPEC §10 says,
/// `overdue` as of `to`. `lianluo units` asks for 1 January of the as-of
/// year to the as-of date; the report for its period.
pub fn unit_scores<'a>(
    units: &'a [Unit],
    suggestions: &[Suggestion],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<UnitScore<'a>> {
    let mut tally = UnitTally::new(units, from, to);
    for s in suggestions {
        tally.add(s);
    }
    tally.scores
}

/// [`unit_scores`] counted one suggestion at a time (the TUI's audit reads
/// them a row at a time and never holds them together).
#[derive(Debug, Clone)]
pub struct UnitTally<'a> {
    /// Sorted by the unit's code.
    pub scores: Vec<UnitScore<'a>>,
    at: CodeMap<&'a str, usize>,
    from: NaiveDate,
    to: NaiveDate,
}

impl<'a> UnitTally<'a> {
    pub fn new(units: &'a [Unit], from: NaiveDate, to: NaiveDate) -> UnitTally<'a> {
        let mut scores: Vec<UnitScore> = units
            .iter()
            .map(|unit| UnitScore {
                unit,
                counts: SuggestionCounts::default(),
                co_handled: 0,
            })
            .collect();
        scores.sort_by(|a, b| a.unit.code.cmp(&b.unit.code));
        let at = scores
            .iter()
            .enumerate()
            .map(|(i, s)| (s.unit.code.as_str(), i))
            .collect();
        UnitTally { scores, at, from, to }
    }

    /// Count one suggestion, if it was assigned in the period.
    pub fn add(&mut self, s: &Suggestion) {
        if !s.assigned_on.is_some_and(|d| d >= self.from && d <= self.to) {
            return;
        }
        if let Some(&i) = self.at.get(s.handling_unit.as_str()) {
            self.scores[i].counts.add(s, self.to);
        }
        for (k, co) in s.co_units.iter().enumerate() {
            // A unit listed twice co-handles the suggestion once.
            if s.co_units[..k].contains(co) {
                continue;
            }
            if let Some(&i) = self.at.get(co.as_str()) {
                self.scores[i].co_handled += 1;
            }
        }
    }
}

/// A suggestion on the reminder list.
#[derive(Debug, Clone, PartialEq)]
pub struct DueSoon<'a> {
    pub suggestion: &'a Suggestion,
    /// Days from the as-of date to `due_on` (0: due that day).
    pub days_left: i64,
}

/// A `suggest due` entry: `{"code","title","cell","unit","due_on","days_left","status"}`.
impl Serialize for DueSoon<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = self.suggestion;
        let mut out = serializer.serialize_struct("DueSoon", 7)?;
        out.serialize_field("code", s.code.as_str())?;
        out.serialize_field("title", s.title.as_str())?;
        out.serialize_field("cell", s.cell_code.as_str())?;
        out.serialize_field("unit", s.handling_unit.as_str())?;
        out.serialize_field("due_on", &s.due_on.map(|d| d.to_string()))?;
        out.serialize_field("days_left", &self.days_left)?;
        out.serialize_field("status", s.status.code())?;
        out.end()
    }
}

/// The reminder list (催办): suggestions assigned, handling or reopened
/// whose `due_on` is on or after `as_of` and at most `within` days after
/// it, sorted by due date then code.
pub fn due_soon(suggestions: &[Suggestion], as_of: NaiveDate, within: i64) -> Vec<DueSoon<'_>> {
    let mut list: Vec<DueSoon> = suggestions
        .iter()
        .filter(|s| is_due_soon(s, as_of, within))
        .filter_map(|s| {
            Some(DueSoon {
                suggestion: s,
                days_left: (s.due_on? - as_of).num_days(),
            })
        })
        .collect();
    list.sort_by(|a, b| (a.suggestion.due_on, &a.suggestion.code).cmp(&(b.suggestion.due_on, &b.suggestion.code)));
    list
}

/// Whether a suggestion is on the reminder list (the Suggestions view's
/// due-soon mark): [`due_soon`]'s rule for one suggestion.
pub fn is_due_soon(s: &Suggestion, as_of: NaiveDate, within: i64) -> bool {
    is_being_handled(s.status)
        && s.due_on
            .is_some_and(|due| (0..=within).contains(&(due - as_of).num_days()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, ReplyResult, Satisfaction, Status, SuggestionSource, UnitKind};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn unit(code: &str) -> Unit {
        Unit {
            code: code.into(),
            name: format!("{code} 局").into(),
            kind: UnitKind::Bureau,
            contact: "".into(),
            phone: "".into(),
            active: true,
        }
    }

    fn assigned(code: &str, unit: &str, co: &[&str], on: &str, due: &str, status: Status) -> Suggestion {
        let mut s = Suggestion::received(
            "G1",
            "路灯",
            SuggestionSource::Reception,
            "",
            Category::General,
            day("2025-12-01"),
        );
        s.code = code.into();
        s.handling_unit = unit.into();
        s.co_units = co.iter().map(|&c| c.into()).collect();
        s.assigned_on = Some(day(on));
        s.due_on = Some(day(due));
        s.status = status;
        s
    }

    #[test]
    fn the_scorecard_counts_the_period_s_assignments_per_unit_and_the_co_handled_ones() {
        let units = [unit("U2"), unit("U1"), unit("U3")];
        let mut closed = assigned("S1", "U1", &["U2", "U2"], "2026-01-10", "2026-04-10", Status::Closed);
        closed.replied_on = Some(day("2026-03-01"));
        closed.result = Some(ReplyResult::A);
        closed.satisfaction = Some(Satisfaction::Satisfied);
        let suggestions = [
            closed,
            assigned("S2", "U1", &[], "2026-02-01", "2026-04-30", Status::Handling), // overdue on 05-01
            assigned("S3", "U1", &["U2"], "2025-12-31", "2026-03-31", Status::Assigned), // last year
            assigned("S4", "U2", &["U1"], "2026-05-02", "2026-08-02", Status::Assigned), // after the date
            assigned("S5", "NOPE", &["U3"], "2026-03-01", "2026-06-01", Status::Assigned),
        ];
        let scores = unit_scores(&units, &suggestions, day("2026-01-01"), day("2026-05-01"));
        let codes: Vec<&str> = scores.iter().map(|s| s.unit.code.as_str()).collect();
        assert_eq!(codes, ["U1", "U2", "U3"]);
        let u1 = &scores[0].counts;
        assert_eq!(
            (u1.received, u1.assigned, u1.replied, u1.closed, u1.overdue),
            (2, 2, 1, 1, 1)
        );
        assert_eq!((u1.on_time, u1.resolved, u1.satisfied), (1, 1, 1));
        assert_eq!(scores[0].co_handled, 0);
        assert_eq!((scores[1].counts.assigned, scores[1].co_handled), (0, 1));
        assert_eq!((scores[2].counts.assigned, scores[2].co_handled), (0, 1));
        let json = serde_json::to_string(&scores[1]).unwrap();
        assert_eq!(
            json,
            r#"{"code":"U2","name":"U2 局","kind":"bureau","active":true,"assigned":0,"replied":0,"on_time":0,"closed":0,"evaluated":0,"satisfied":0,"resolved":0,"overdue":0,"co_handled":1,"reply_rate":null,"on_time_rate":null,"completion_rate":null,"satisfaction_rate":null,"resolved_rate":null}"#
        );
    }

    #[test]
    fn the_reminder_list_runs_from_the_as_of_date_to_within_days_after_it() {
        let suggestions = [
            assigned("S3", "U1", &[], "2026-04-01", "2026-05-08", Status::Handling), // 7 days
            assigned("S1", "U1", &[], "2026-04-01", "2026-05-01", Status::Assigned), // today
            assigned("S2", "U1", &[], "2026-04-01", "2026-04-30", Status::Assigned), // overdue
            assigned("S4", "U1", &[], "2026-04-01", "2026-05-09", Status::Reopened), // 8 days
            assigned("S5", "U1", &[], "2026-04-01", "2026-05-02", Status::Replied),  // answered
            assigned("S0", "U1", &[], "2026-04-01", "2026-05-08", Status::Reopened),
        ];
        let list = due_soon(&suggestions, day("2026-05-01"), 7);
        let got: Vec<(&str, i64)> = list.iter().map(|d| (d.suggestion.code.as_str(), d.days_left)).collect();
        assert_eq!(got, [("S1", 0), ("S0", 7), ("S3", 7)]);
        assert!(is_due_soon(&suggestions[0], day("2026-05-01"), 7));
        assert!(!is_due_soon(&suggestions[3], day("2026-05-01"), 7));
        let json = serde_json::to_string(&list[0]).unwrap();
        assert_eq!(
            json,
            r#"{"code":"S1","title":"路灯","cell":"G1","unit":"U1","due_on":"2026-05-01","days_left":0,"status":"assigned"}"#
        );
    }
}
