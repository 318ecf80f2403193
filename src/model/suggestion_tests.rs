use super::*;
use crate::model::{Category, SuggestionSource};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn received() -> Suggestion {
    Suggestion {
        code: "S1".into(),
        ..Suggestion::received(
            "C1",
            "路灯",
            SuggestionSource::Reception,
            "",
            Category::General,
            d("2024-03-15"),
        )
    }
}

fn limits() -> Settings {
    Settings::default()
}

fn on(day: &str) -> MoveInput {
    MoveInput {
        on: Some(d(day)),
        ..Default::default()
    }
}

fn assigned(day: &str) -> Suggestion {
    let input = MoveInput {
        unit: Some("ZJJ".into()),
        ..on(day)
    };
    check_move(&received(), Status::Assigned, &input, &limits()).unwrap()
}

#[test]
fn months_are_added_with_the_day_clamped_to_the_month() {
    assert_eq!(add_months(d("2026-11-30"), 3), d("2027-02-28"));
    assert_eq!(add_months(d("2026-01-31"), 1), d("2026-02-28"));
    assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
    assert_eq!(add_months(d("2024-02-29"), 12), d("2025-02-28"));
    assert_eq!(add_months(d("2026-08-31"), 6), d("2027-02-28"));
    assert_eq!(add_months(d("2026-03-15"), 3), d("2026-06-15"));
    assert_eq!(add_months(d("2026-03-31"), -1), d("2026-02-28"));
}

#[test]
fn a_suggestion_goes_round_the_whole_loop() {
    let a = assigned("2024-04-01");
    assert_eq!(a.assigned_on, Some(d("2024-04-01")));
    assert_eq!(a.due_on, Some(d("2024-07-01")), "three months by default");
    assert!(a.contradictions().is_empty());
    let h = check_move(&a, Status::Handling, &on("2024-04-02"), &limits()).unwrap();
    let reply = MoveInput {
        result: Some(ReplyResult::A),
        ..on("2024-04-09")
    };
    let r = check_move(&h, Status::Replied, &reply, &limits()).unwrap();
    assert_eq!((r.replied_on, r.result), (Some(d("2024-04-09")), Some(ReplyResult::A)));
    let r = check_evaluate(&r, Satisfaction::Basic).unwrap();
    let c = check_move(&r, Status::Closed, &on("2024-04-10"), &limits()).unwrap();
    assert_eq!(c.status, Status::Closed);
    assert_eq!(c.satisfaction, Some(Satisfaction::Basic));
    assert!(c.contradictions().is_empty());
}

#[test]
fn an_assignment_takes_a_given_due_date_and_its_co_units_once_each() {
    let input = MoveInput {
        unit: Some("ZJJ".into()),
        co_units: Some(vec!["JTJ".into(), "ZJJ".into(), " JTJ ".into(), "SLJ".into()]),
        due: Some(d("2024-05-01")),
        ..on("2024-04-01")
    };
    let a = check_move(&received(), Status::Assigned, &input, &limits()).unwrap();
    assert_eq!(a.due_on, Some(d("2024-05-01")));
    assert_eq!(a.co_units, ["JTJ", "SLJ"]);
}

#[test]
fn a_unit_returns_it_within_ten_days_with_a_reason_and_is_forgotten() {
    let mut a = assigned("2024-04-01");
    a.co_units = vec!["JTJ".into()];
    a.extended_from = a.due_on;
    a.due_on = Some(d("2024-08-01"));
    let back = |day: &str, reason: Option<&str>| {
        let input = MoveInput {
            reason: reason.map(String::from),
            ..on(day)
        };
        check_move(&a, Status::Received, &input, &limits())
    };
    assert_eq!(back("2024-04-11", None), Err(MoveError::Needs(Need::Reason)));
    let r = back("2024-04-11", Some("不属本单位职责")).unwrap();
    assert_eq!(r.status, Status::Received);
    assert_eq!(
        (
            r.handling_unit.as_str(),
            r.co_units.len(),
            r.assigned_on,
            r.due_on,
            r.extended_from
        ),
        ("", 0, None, None, None)
    );
    assert_eq!(
        back("2024-04-12", Some("不属本单位职责")),
        Err(MoveError::ReturnTooLate {
            assigned_on: d("2024-04-01"),
            days: 11,
            limit: 10
        })
    );
    let mut wider = limits();
    wider.return_within_days = 11;
    let input = MoveInput {
        reason: Some("x".into()),
        ..on("2024-04-12")
    };
    assert!(check_move(&a, Status::Received, &input, &wider).is_ok());
}

#[test]
fn a_reply_needs_a_result() {
    let a = assigned("2024-04-01");
    assert_eq!(
        check_move(&a, Status::Replied, &on("2024-04-09"), &limits()),
        Err(MoveError::Needs(Need::Result))
    );
}

#[test]
fn one_extension_to_at_most_six_months_after_the_assignment() {
    let a = assigned("2024-08-31");
    assert_eq!(a.due_on, Some(d("2024-11-30")));
    let why = Some("情况复杂");
    assert_eq!(
        check_extend(&a, d("2025-03-01"), why, &limits()),
        Err(MoveError::ExtensionTooLate {
            latest: d("2025-02-28"),
            months: 6
        })
    );
    let e = check_extend(&a, d("2025-02-28"), why, &limits()).unwrap();
    assert_eq!(
        (e.extended_from, e.due_on),
        (Some(d("2024-11-30")), Some(d("2025-02-28")))
    );
    assert!(e.contradictions().is_empty());
    assert_eq!(
        check_extend(&e, d("2025-02-28"), why, &limits()),
        Err(MoveError::AlreadyExtended { from: d("2024-11-30") })
    );
    assert_eq!(
        check_extend(&a, d("2024-11-30"), why, &limits()),
        Err(MoveError::ExtensionNotLater {
            due_on: d("2024-11-30")
        })
    );
    assert_eq!(
        check_extend(&a, d("2025-01-31"), Some("  "), &limits()),
        Err(MoveError::Needs(Need::Reason))
    );
    assert_eq!(
        check_extend(&received(), d("2025-01-31"), why, &limits()),
        Err(MoveError::NotBeingHandled(Status::Received))
    );
}

#[test]
fn reopening_sets_a_new_deadline_and_clears_the_reply() {
    let a = assigned("2024-04-01");
    let reply = MoveInput {
        result: Some(ReplyResult::B),
        satisfaction: Some(Satisfaction::Satisfied),
        ..on("2024-05-10")
    };
    let r = check_move(&a, Status::Replied, &reply, &limits()).unwrap();
    // Sent back while rated satisfied: say why.
    assert_eq!(
        check_move(&r, Status::Reopened, &on("2024-05-31"), &limits()),
        Err(MoveError::Needs(Need::Reason))
    );
    let input = MoveInput {
        reason: Some("答复敷衍".into()),
        ..on("2024-05-31")
    };
    let o = check_move(&r, Status::Reopened, &input, &limits()).unwrap();
    assert_eq!(o.due_on, Some(d("2024-06-30")));
    assert_eq!(
        (o.replied_on, o.result, o.closed_on, o.satisfaction),
        (None, None, None, None)
    );
    // Rated unsatisfied (now or before): no reason needed, the rating is kept.
    let unsatisfied = MoveInput {
        satisfaction: Some(Satisfaction::Unsatisfied),
        due: Some(d("2024-07-15")),
        ..on("2024-05-31")
    };
    let o = check_move(&r, Status::Reopened, &unsatisfied, &limits()).unwrap();
    let too_early = MoveInput {
        due: Some(d("2024-05-30")),
        ..unsatisfied.clone()
    };
    assert_eq!(
        check_move(&r, Status::Reopened, &too_early, &limits()),
        Err(MoveError::DueBeforeMove {
            due: d("2024-05-30"),
            on: d("2024-05-31")
        })
    );
    assert_eq!(
        (o.due_on, o.satisfaction),
        (Some(d("2024-07-15")), Some(Satisfaction::Unsatisfied))
    );
    let rated = check_evaluate(&r, Satisfaction::Unsatisfied).unwrap();
    assert!(check_move(&rated, Status::Reopened, &on("2024-05-31"), &limits()).is_ok());
}

#[test]
fn an_evaluation_is_given_only_while_replied() {
    let a = assigned("2024-04-01");
    assert_eq!(
        check_evaluate(&a, Satisfaction::Satisfied),
        Err(MoveError::NotReplied(Status::Assigned))
    );
}

#[test]
fn dates_out_of_order_are_found_and_in_order_ones_are_not() {
    let day = |n: u32| NaiveDate::from_ymd_opt(2024, 4, n);
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
    let err = check_move(&received(), Status::Closed, &MoveInput::default(), &limits()).unwrap_err();
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
fn assigning_needs_a_unit() {
    assert_eq!(
        check_move(&received(), Status::Assigned, &on("2024-04-01"), &limits()),
        Err(MoveError::Needs(Need::Unit))
    );
}

#[test]
fn closing_needs_satisfied_or_basic_and_reopening_a_closed_one_needs_a_reason() {
    let mut r = received();
    r.status = Status::Replied;
    assert_eq!(
        check_move(&r, Status::Closed, &MoveInput::default(), &limits()),
        Err(MoveError::Needs(Need::Satisfaction))
    );
    let unsatisfied = MoveInput {
        satisfaction: Some(Satisfaction::Unsatisfied),
        ..Default::default()
    };
    assert_eq!(
        check_move(&r, Status::Closed, &unsatisfied, &limits()),
        Err(MoveError::SatisfactionTooLow)
    );
    let mut c = r.clone();
    c.status = Status::Closed;
    c.satisfaction = Some(Satisfaction::Unsatisfied);
    assert_eq!(
        check_move(&c, Status::Reopened, &MoveInput::default(), &limits()),
        Err(MoveError::Needs(Need::Reason))
    );
    let why = MoveInput {
        reason: Some("群众反映未解决".into()),
        ..Default::default()
    };
    assert!(check_move(&c, Status::Reopened, &why, &limits()).is_ok());
}
