//! The suggestion lifecycle of SPEC §4: which moves are legal and what
//! each move needs.

use super::{Satisfaction, Status, Suggestion};
use crate::model::Text;
use chrono::NaiveDate;

/// The moves allowed from a status, in the order they are offered.
pub fn allowed_moves(from: Status) -> &'static [Status] {
    use Status::*;
    match from {
        Received => &[Assigned],
        Assigned => &[Handling, Replied],
        Handling => &[Replied],
        Reopened => &[Replied],
        Replied => &[Closed, Reopened],
        Closed => &[Reopened],
    }
}

/// What an operator supplies with a move.
#[derive(Debug, Clone, Default)]
pub struct MoveInput {
    pub unit: Option<String>,
    pub due: Option<NaiveDate>,
    pub satisfaction: Option<Satisfaction>,
    pub reason: Option<String>,
    /// The day of the move (assigned_on, replied_on, closed_on).
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MoveError {
    /// The move is not one of SPEC §4's; carries the allowed targets.
    Illegal {
        from: Status,
        to: Status,
        allowed: Vec<Status>,
    },
    /// The move needs this field (`unit`, `due`, `satisfaction`, `reason`).
    Needs(&'static str),
    /// Closing needs satisfied or basic.
    SatisfactionTooLow,
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

/// Apply a move to a suggestion, returning the changed suggestion.
pub fn check_move(s: &Suggestion, to: Status, input: &MoveInput) -> Result<Suggestion, MoveError> {
    if !allowed_moves(s.status).contains(&to) {
        return Err(MoveError::Illegal {
            from: s.status,
            to,
            allowed: allowed_moves(s.status).to_vec(),
        });
    }
    let today = input.on.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut next = s.clone();
    match to {
        Status::Assigned => {
            let unit = input
                .unit
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .ok_or(MoveError::Needs("unit"))?;
            let due = input.due.ok_or(MoveError::Needs("due"))?;
            next.handling_unit = Text::from(unit);
            next.due_on = Some(due);
            next.assigned_on = Some(today);
        }
        Status::Handling => {}
        Status::Replied => {
            next.replied_on = Some(today);
            if let Some(sat) = input.satisfaction {
                next.satisfaction = Some(sat);
            }
        }
        Status::Closed => {
            let sat = input.satisfaction.or(s.satisfaction);
            match sat {
                Some(Satisfaction::Satisfied) | Some(Satisfaction::Basic) => {}
                Some(Satisfaction::Unsatisfied) => return Err(MoveError::SatisfactionTooLow),
                None => return Err(MoveError::Needs("satisfaction")),
            }
            next.satisfaction = sat;
            next.closed_on = Some(today);
        }
        Status::Reopened => {
            if s.status == Status::Closed && input.reason.as_deref().map(str::trim).unwrap_or("").is_empty() {
                return Err(MoveError::Needs("reason"));
            }
            if s.status == Status::Replied
                && s.satisfaction != Some(Satisfaction::Unsatisfied)
                && input.reason.as_deref().map(str::trim).unwrap_or("").is_empty()
                && input.satisfaction != Some(Satisfaction::Unsatisfied)
            {
                // Sent back: the reply was perfunctory. Say why.
                return Err(MoveError::Needs("reason"));
            }
            if let Some(sat) = input.satisfaction {
                next.satisfaction = Some(sat);
            }
            next.closed_on = None;
            if next.satisfaction != Some(Satisfaction::Unsatisfied) {
                next.satisfaction = None;
            }
            next.replied_on = None;
        }
        Status::Received => unreachable!("no move leads back to received"),
    }
    next.status = to;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, SuggestionSource};

    fn received() -> Suggestion {
        let on = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
        Suggestion {
            code: "S1".into(),
            ..Suggestion::received("C1", "路灯", SuggestionSource::Reception, "", Category::General, on)
        }
    }

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, 4, d)
    }

    #[test]
    fn a_suggestion_goes_round_the_whole_loop() {
        let s = received();
        let a = check_move(
            &s,
            Status::Assigned,
            &MoveInput {
                unit: Some("住建局".into()),
                due: day(30),
                on: day(1),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(a.assigned_on, day(1));
        assert!(a.contradictions().is_empty());
        let h = check_move(&a, Status::Handling, &MoveInput::default()).unwrap();
        let r = check_move(
            &h,
            Status::Replied,
            &MoveInput {
                on: day(9),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(r.replied_on, day(9));
        let c = check_move(
            &r,
            Status::Closed,
            &MoveInput {
                satisfaction: Some(Satisfaction::Basic),
                on: day(10),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(c.status, Status::Closed);
        assert!(c.contradictions().is_empty());
    }

    #[test]
    fn dates_out_of_order_are_found_and_in_order_ones_are_not() {
        let mut s = received();
        s.assigned_on = day(1);
        s.due_on = day(30);
        s.replied_on = day(9);
        s.closed_on = day(10);
        assert!(dates_out_of_order(&s).is_empty());
        s.assigned_on = NaiveDate::from_ymd_opt(2024, 3, 1);
        s.closed_on = day(8);
        let found = dates_out_of_order(&s);
        assert_eq!(
            found.iter().map(|o| (o.field, o.before)).collect::<Vec<_>>(),
            [("assigned_on", "received_on"), ("closed_on", "replied_on")]
        );
        // With no reply, a closing still cannot come before the receipt.
        s.assigned_on = day(1);
        s.replied_on = None;
        s.closed_on = NaiveDate::from_ymd_opt(2024, 1, 1);
        assert_eq!(dates_out_of_order(&s)[0].before, "received_on");
    }

    #[test]
    fn illegal_moves_name_the_allowed_ones() {
        let err = check_move(&received(), Status::Closed, &MoveInput::default()).unwrap_err();
        assert_eq!(
            err,
            MoveError::Illegal {
                from: Status::Received,
                to: Status::Closed,
                allowed: vec![Status::Assigned]
            }
        );
    }

    #[test]
    fn assigning_needs_a_unit_and_a_due_date() {
        let s = received();
        assert_eq!(
            check_move(
                &s,
                Status::Assigned,
                &MoveInput {
                    due: day(3),
                    ..Default::default()
                }
            ),
            Err(MoveError::Needs("unit"))
        );
        assert_eq!(
            check_move(
                &s,
                Status::Assigned,
                &MoveInput {
                    unit: Some("x".into()),
                    ..Default::default()
                }
            ),
            Err(MoveError::Needs("due"))
        );
    }

    #[test]
    fn closing_needs_satisfied_or_basic_and_reopening_a_closed_one_needs_a_reason() {
        let mut r = received();
        r.status = Status::Replied;
        assert_eq!(
            check_move(&r, Status::Closed, &MoveInput::default()),
            Err(MoveError::Needs("satisfaction"))
        );
        assert_eq!(
            check_move(
                &r,
                Status::Closed,
                &MoveInput {
                    satisfaction: Some(Satisfaction::Unsatisfied),
                    ..Default::default()
                }
            ),
            Err(MoveError::SatisfactionTooLow)
        );
        let mut c = r.clone();
        c.status = Status::Closed;
        assert_eq!(
            check_move(&c, Status::Reopened, &MoveInput::default()),
            Err(MoveError::Needs("reason"))
        );
        assert!(check_move(
            &c,
            Status::Reopened,
            &MoveInput {
                reason: Some("群众反映未解决".into()),
                ..Default::default()
            }
        )
        .is_ok());
    }
}
