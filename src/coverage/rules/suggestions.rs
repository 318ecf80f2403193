//! Rules about the suggestion ledger: each looks at one suggestion (the
//! audit counts the suggestions a row at a time, [`super::Check::Suggestion`]).

use super::{both, finding, Facts, Finding};
use crate::model::{Category, Satisfaction, Status, Suggestion};

/// `suggestion-overdue`: status assigned, handling or reopened and due
/// strictly before the as-of date (due on the as-of date is not overdue).
pub fn suggestion_overdue(f: &Facts, s: &Suggestion) -> Option<Finding> {
    if !f.is_overdue(s) {
        return None;
    }
    let due = s.due_on?;
    let late = (f.as_of - due).num_days();
    let detail = both(
        format!("due {due}, {late} {} overdue", if late == 1 { "day" } else { "days" }),
        format!("办理时限 {due}，已逾期 {late} 天"),
    );
    Some(finding("suggestion-overdue", &s.code, Some(&s.cell_code), detail))
}

/// `suggestion-unassigned`: status received and received more than
/// `assign_within_days` days before the as-of date (exactly that many days
/// is not yet late).
pub fn suggestion_unassigned(f: &Facts, s: &Suggestion) -> Option<Finding> {
    let limit = f.settings.assign_within_days;
    let waited = (f.as_of - s.received_on).num_days();
    (s.status == Status::Received && waited > limit).then(|| {
        let detail = both(
            format!("received {}, {waited} days unassigned (limit {limit})", s.received_on),
            format!("{} 收集，{waited} 天未交办（时限 {limit} 天）", s.received_on),
        );
        finding("suggestion-unassigned", &s.code, Some(&s.cell_code), detail)
    })
}

/// `suggestion-unsatisfied`: replied, and the reply rated unsatisfied: it
/// waits for a second handling.
pub fn suggestion_unsatisfied(_: &Facts, s: &Suggestion) -> Option<Finding> {
    if s.status != Status::Replied || s.satisfaction != Some(Satisfaction::Unsatisfied) {
        return None;
    }
    let detail = match s.replied_on {
        Some(d) => both(
            format!("reply of {d} rated unsatisfied"),
            format!("{d} 的答复被评为不满意"),
        ),
        None => both("reply rated unsatisfied", "答复被评为不满意"),
    };
    Some(finding("suggestion-unsatisfied", &s.code, Some(&s.cell_code), detail))
}

/// `suggestion-key-unsupervised`: a key suggestion, not closed, with no
/// supervisor or one who is not an active deputy (重点建议 are supervised
/// by a committee leader, SPEC §10).
pub fn suggestion_key_unsupervised(f: &Facts, s: &Suggestion) -> Option<Finding> {
    if s.category != Category::Key || s.status == Status::Closed || f.active_deputy(&s.supervisor).is_some() {
        return None;
    }
    let who = &s.supervisor;
    let detail = match f.deputy_by_code.get(who.as_str()) {
        _ if who.is_empty() => both("key suggestion with no supervisor", "重点建议未确定督办领导"),
        Some(&d) => {
            let name = f.deputies.get(d).map_or("", |d| d.name);
            both(
                format!("supervisor {who} ({name}) is inactive"),
                format!("督办领导 {who}（{name}）已离任"),
            )
        }
        None => both(
            format!("supervisor {who} is not a deputy"),
            format!("督办领导 {who} 不是代表"),
        ),
    };
    Some(finding(
        "suggestion-key-unsupervised",
        &s.code,
        Some(&s.cell_code),
        detail,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::Dataset;

    /// The rule's findings over every suggestion of the facts' Dataset.
    fn each(check: fn(&Facts, &Suggestion) -> Option<Finding>, f: &Facts) -> Vec<Finding> {
        f.ds.suggestions.iter().filter_map(|s| check(f, s)).collect()
    }

    #[test]
    fn overdue_is_strictly_before_the_as_of_date_and_only_while_open() {
        let ds = Dataset {
            suggestions: vec![
                suggestion("S1", "G1", Status::Assigned, "2026-03-01", Some("2026-04-30")), // a day late
                suggestion("S2", "G1", Status::Handling, "2026-03-01", Some("2026-05-01")), // due today
                suggestion("S3", "G2", Status::Reopened, "2026-03-01", Some("2026-04-01")),
                suggestion("S4", "G2", Status::Replied, "2026-03-01", Some("2026-04-01")),
                suggestion("S5", "G2", Status::Closed, "2026-03-01", Some("2026-04-01")),
                suggestion("S6", "G2", Status::Assigned, "2026-03-01", None),
            ],
            ..Dataset::default()
        };
        let found = each(suggestion_overdue, &Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["S1", "S3"]);
        assert_eq!(found[0].detail, "due 2026-04-30, 1 day overdue");
        assert_eq!(found[1].cell.as_deref(), Some("G2"));
        assert_eq!(found[1].kind.code(), "suggestion");
    }

    #[test]
    fn unassigned_waits_more_than_the_allowed_days() {
        let mut ds = Dataset {
            suggestions: vec![
                suggestion("S1", "G1", Status::Received, "2026-04-24", None), // exactly 7 days
                suggestion("S2", "G1", Status::Received, "2026-04-23", None), // 8 days
                suggestion("S3", "G1", Status::Assigned, "2026-01-01", Some("2026-12-01")),
                suggestion("S4", "G1", Status::Received, "2026-05-03", None), // in the future
            ],
            ..Dataset::default()
        };
        let found = each(suggestion_unassigned, &Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["S2"]);
        assert_eq!(found[0].detail, "received 2026-04-23, 8 days unassigned (limit 7)");
        ds.settings.assign_within_days = 6;
        assert_eq!(
            codes(&each(suggestion_unassigned, &Facts::new(&ds, day("2026-05-01")))),
            ["S1", "S2"]
        );
    }

    #[test]
    fn unsatisfied_means_a_replied_suggestion_rated_unsatisfied() {
        let mut replied = suggestion("S1", "G1", Status::Replied, "2026-03-01", Some("2026-04-01"));
        replied.satisfaction = Some(Satisfaction::Unsatisfied);
        let mut reopened = replied.clone();
        reopened.code = "S2".into();
        reopened.status = Status::Reopened;
        let mut basic = replied.clone();
        basic.code = "S3".into();
        basic.satisfaction = Some(Satisfaction::Basic);
        let ds = Dataset {
            suggestions: vec![replied, reopened, basic],
            ..Dataset::default()
        };
        let found = each(suggestion_unsatisfied, &Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["S1"]);
        assert_eq!(found[0].detail, "reply of 2026-03-01 rated unsatisfied");
    }

    #[test]
    fn a_key_suggestion_open_without_an_active_supervisor_is_found() {
        let key = |code: &str, status: Status, supervisor: &str| {
            let mut s = suggestion(code, "G1", status, "2026-03-01", Some("2026-06-01"));
            s.category = Category::Key;
            s.supervisor = supervisor.into();
            s
        };
        let mut general = key("S6", Status::Assigned, "");
        general.category = Category::General;
        let ds = Dataset {
            deputies: vec![deputy("D1", true), deputy("D2", false)],
            suggestions: vec![
                key("S1", Status::Received, ""),
                key("S2", Status::Handling, "D1"), // supervised
                key("S3", Status::Replied, "D2"),  // by an inactive deputy
                key("S4", Status::Closed, ""),     // done
                key("S5", Status::Reopened, "D9"), // nobody
                general,
            ],
            ..Dataset::default()
        };
        let found = each(suggestion_key_unsupervised, &Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["S1", "S3", "S5"]);
        assert_eq!(found[0].detail, "key suggestion with no supervisor");
        assert!(found[1].detail.starts_with("supervisor D2 ("), "{}", found[1].detail);
        assert!(found[1].detail.ends_with(") is inactive"), "{}", found[1].detail);
        assert_eq!(found[2].detail, "supervisor D9 is not a deputy");
        assert_eq!(found[0].cell.as_deref(), Some("G1"));
    }
}
