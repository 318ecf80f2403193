//! The suggestion lifecycle of SPEC §4: which moves are legal and what
//! each move needs.

use super::{ReplyResult, Satisfaction, Settings, Status, Suggestion};
use crate::model::Text;
use chrono::{Datelike, Months, NaiveDate};

/// The moves allowed from a status, in the order they are offered
/// (assigned→received is the unit's return, SPEC §10).
pub fn allowed_moves(from: Status) -> &'static [Status] {
    use Status::*;
    match from {
        Received => &[Assigned],
        Assigned => &[Handling, Replied, Received],
        Handling => &[Replied],
        Reopened => &[Replied],
        Replied => &[Closed, Reopened],
        Closed => &[Reopened],
    }
}

/// Refuse a move that is not one of SPEC §4's, naming the allowed ones.
pub fn check_allowed(from: Status, to: Status) -> Result<(), MoveError> {
    if allowed_moves(from).contains(&to) {
        Ok(())
    } else {
        Err(MoveError::Illegal {
            from,
            to,
            allowed: allowed_moves(from).to_vec(),
        })
    }
}

/// A status in which a unit is still working on the suggestion (assigned,
/// handling or reopened): what can be overdue, extended or due soon.
pub fn is_being_handled(status: Status) -> bool {
    matches!(status, Status::Assigned | Status::Handling | Status::Reopened)
}

/// 1 January of `day`'s year: where "the year" of every count, view and
/// report begins (SPEC §3, §11, §12).
pub fn year_start(day: NaiveDate) -> NaiveDate {
    day.with_ordinal(1).unwrap_or(day)
}

/// `day` plus `months` calendar months, the day of the month kept and
/// clamped to the month's last day (2026-11-30 + 3 months = 2027-02-28):
/// the one way every deadline of SPEC §10 is counted. Saturates at the
/// calendar's ends rather than fail.
pub fn add_months(day: NaiveDate, months: i64) -> NaiveDate {
    let n = Months::new(u32::try_from(months.unsigned_abs()).unwrap_or(u32::MAX));
    let moved = if months >= 0 {
        day.checked_add_months(n)
    } else {
        day.checked_sub_months(n)
    };
    moved.unwrap_or(if months >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

/// What an operator supplies with a move.
#[derive(Debug, Clone, Default)]
pub struct MoveInput {
    /// The handling unit's code (the store turns a unit's name into it).
    pub unit: Option<String>,
    /// The co-handling units' codes, given on assignment.
    pub co_units: Option<Vec<String>>,
    /// The due date; on assignment and reopening it defaults to the
    /// deadline of SPEC §10.
    pub due: Option<NaiveDate>,
    /// The class of the answer, needed to reply.
    pub result: Option<ReplyResult>,
    pub satisfaction: Option<Satisfaction>,
    pub reason: Option<String>,
    /// The day of the move (assigned_on, replied_on, closed_on; the day a
    /// return or a reopening is counted from). Default today.
    pub on: Option<NaiveDate>,
}

/// A value a move cannot do without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A handling unit, to assign.
    Unit,
    /// A result A–D, to reply.
    Result,
    /// A reason, to return, to reopen or to extend.
    Reason,
    /// Satisfied or basic, to close.
    Satisfaction,
}

/// Why a move, an extension or an evaluation is refused (SPEC §4, §10).
#[derive(Debug, Clone, PartialEq)]
pub enum MoveError {
    /// The move is not one of SPEC §4's; carries the allowed targets.
    Illegal {
        from: Status,
        to: Status,
        allowed: Vec<Status>,
    },
    /// The move lacks this value.
    Needs(Need),
    /// Closing needs satisfied or basic.
    SatisfactionTooLow,
    /// A return more than `limit` days after the assignment.
    ReturnTooLate {
        assigned_on: NaiveDate,
        days: i64,
        limit: i64,
    },
    /// A return dated before the assignment it undoes.
    ReturnBeforeAssignment { assigned_on: NaiveDate, on: NaiveDate },
    /// A due date given for a reopening before the day of the move.
    DueBeforeMove { due: NaiveDate, on: NaiveDate },
    /// Only a suggestion assigned, handling or reopened can be extended.
    NotBeingHandled(Status),
    /// The assignment was extended already (from this due date).
    AlreadyExtended { from: NaiveDate },
    /// The new due date is not after the current one.
    ExtensionNotLater { due_on: NaiveDate },
    /// The new due date is past `assigned_on` plus `months` months.
    ExtensionTooLate { latest: NaiveDate, months: i64 },
    /// The evaluation is given while replied.
    NotReplied(Status),
}

/// Two dates of a suggestion out of order: `field` (on `date`) falls before
/// `before` (on `other`), which cannot happen (SPEC §2 "dates out of order").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOrder {
    pub field: &'static str,
    pub date: NaiveDate,
    pub before: &'static str,
    pub other: NaiveDate,
}

/// The one check of a suggestion's timeline, for the import and for every
/// change: nothing is assigned, due, replied or closed before it was
/// received; nothing is due or replied before it was assigned; nothing is
/// closed before its reply. One finding per date at most, the nearest rule first.
pub fn dates_out_of_order(s: &Suggestion) -> Vec<DateOrder> {
    let received = Some(s.received_on);
    /// A date, and the dates it may not fall before (nearest first).
    type Rule<'a> = (&'static str, Option<NaiveDate>, &'a [(&'static str, Option<NaiveDate>)]);
    let rules: [Rule; 4] = [
        ("assigned_on", s.assigned_on, &[("received_on", received)]),
        (
            "due_on",
            s.due_on,
            &[("assigned_on", s.assigned_on), ("received_on", received)],
        ),
        (
            "replied_on",
            s.replied_on,
            &[("assigned_on", s.assigned_on), ("received_on", received)],
        ),
        (
            "closed_on",
            s.closed_on,
            &[("replied_on", s.replied_on), ("received_on", received)],
        ),
    ];
    let mut out = Vec::new();
    for (field, date, earlier) in rules {
        let Some(date) = date else { continue };
        let first = earlier.iter().find_map(|&(before, other)| match other {
            Some(other) if date < other => Some(DateOrder {
                field,
                date,
                before,
                other,
            }),
            _ => None,
        });
        out.extend(first);
    }
    out
}

/// Apply a move to a suggestion (SPEC §4 and §10), deadlines counted as
/// `limits` say, returning the changed suggestion.
pub fn check_move(s: &Suggestion, to: Status, input: &MoveInput, limits: &Settings) -> Result<Suggestion, MoveError> {
    check_allowed(s.status, to)?;
    let on = input.on.unwrap_or_else(|| chrono::Local::now().date_naive());
    let reason = input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let mut next = s.clone();
    match to {
        Status::Assigned => {
            let unit = input
                .unit
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .ok_or(MoveError::Needs(Need::Unit))?;
            // A given date before the assignment is the store's dates-out-of-order refusal.
            let due = input.due.unwrap_or_else(|| add_months(on, limits.reply_within_months));
            next.handling_unit = Text::from(unit);
            next.co_units = co_units_besides(unit, input.co_units.as_deref().unwrap_or_default());
            next.assigned_on = Some(on);
            next.due_on = Some(due);
            // A new assignment may be extended once again.
            next.extended_from = None;
        }
        Status::Received => {
            // The unit returns it: not responsible, said within the days allowed.
            reason.ok_or(MoveError::Needs(Need::Reason))?;
            if let Some(assigned_on) = s.assigned_on {
                let days = (on - assigned_on).num_days();
                if days < 0 {
                    return Err(MoveError::ReturnBeforeAssignment { assigned_on, on });
                }
                if days > limits.return_within_days {
                    return Err(MoveError::ReturnTooLate {
                        assigned_on,
                        days,
                        limit: limits.return_within_days,
                    });
                }
            }
            next.handling_unit = Text::default();
            next.co_units = Vec::new();
            next.assigned_on = None;
            next.due_on = None;
            next.extended_from = None;
        }
        Status::Handling => {}
        Status::Replied => {
            next.result = Some(input.result.ok_or(MoveError::Needs(Need::Result))?);
            next.replied_on = Some(on);
            if let Some(sat) = input.satisfaction {
                next.satisfaction = Some(sat);
            }
        }
        Status::Closed => {
            let sat = input.satisfaction.or(s.satisfaction);
            match sat {
                Some(Satisfaction::Satisfied | Satisfaction::Basic) => {}
                Some(Satisfaction::Unsatisfied) => return Err(MoveError::SatisfactionTooLow),
                None => return Err(MoveError::Needs(Need::Satisfaction)),
            }
            next.satisfaction = sat;
            next.closed_on = Some(on);
        }
        Status::Reopened => {
            let sat = input.satisfaction.or(s.satisfaction);
            // A closed one is reopened for a reason; a reply is sent back
            // either as unsatisfactory or for a reason (it was perfunctory).
            let unsatisfied = s.status == Status::Replied && sat == Some(Satisfaction::Unsatisfied);
            if reason.is_none() && !unsatisfied {
                return Err(MoveError::Needs(Need::Reason));
            }
            next.due_on = Some(match input.due {
                Some(due) if due < on => return Err(MoveError::DueBeforeMove { due, on }),
                Some(due) => due,
                None => add_months(on, limits.rehandle_within_months),
            });
            next.satisfaction = sat.filter(|&s| s == Satisfaction::Unsatisfied);
            next.replied_on = None;
            next.result = None;
            next.closed_on = None;
        }
    }
    next.status = to;
    Ok(next)
}

/// Units listed in one text (`--co-units`, a form's field): separated by
/// `,` or `;` (SPEC §2; their full-width forms and `、` too, as typed in
/// Chinese), spaces around them ignored, empty entries dropped.
pub fn split_units(text: &str) -> Vec<String> {
    text.split([',', ';', '，', '；', '、'])
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(String::from)
        .collect()
}

/// The co-units as given, each once, without the main unit (which handles
/// it already).
fn co_units_besides(unit: &str, given: &[String]) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::new();
    for code in given.iter().map(|c| c.trim()).filter(|c| !c.is_empty() && *c != unit) {
        if !out.iter().any(|c| c == code) {
            out.push(Text::from(code));
        }
    }
    out
}

/// Extend the due date of an assignment to `due` (SPEC §10): once per
/// assignment, while it is being handled, to a date after the current due
/// date and no later than `assigned_on` plus `extend_within_months`.
pub fn check_extend(
    s: &Suggestion,
    due: NaiveDate,
    reason: Option<&str>,
    limits: &Settings,
) -> Result<Suggestion, MoveError> {
    if !is_being_handled(s.status) {
        return Err(MoveError::NotBeingHandled(s.status));
    }
    if let Some(from) = s.extended_from {
        return Err(MoveError::AlreadyExtended { from });
    }
    reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or(MoveError::Needs(Need::Reason))?;
    let mut next = s.clone();
    if let Some(due_on) = s.due_on {
        if due <= due_on {
            return Err(MoveError::ExtensionNotLater { due_on });
        }
        next.extended_from = Some(due_on);
    }
    if let Some(assigned_on) = s.assigned_on {
        let latest = add_months(assigned_on, limits.extend_within_months);
        if due > latest {
            return Err(MoveError::ExtensionTooLate {
                latest,
                months: limits.extend_within_months,
            });
        }
    }
    next.due_on = Some(due);
    Ok(next)
}

/// Give a reply its satisfaction (the back-to-back evaluation, SPEC §4):
/// while replied, and not a move.
pub fn check_evaluate(s: &Suggestion, satisfaction: Satisfaction) -> Result<Suggestion, MoveError> {
    if s.status != Status::Replied {
        return Err(MoveError::NotReplied(s.status));
    }
    let mut next = s.clone();
    next.satisfaction = Some(satisfaction);
    Ok(next)
}

#[cfg(test)]
#[path = "suggestion_tests.rs"]
mod tests;
