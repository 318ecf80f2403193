//! What a refused move, extension or evaluation says (SPEC §4, §10), in
//! the operator's language: the one wording for the CLI and the TUI.

use super::{MoveError, Need, ReplyResult, Status};
use crate::i18n::Lang;

impl MoveError {
    /// The refusal, naming the rule broken or the value missing, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang.is_zh();
        let status = |s: &Status| s.label(lang);
        match self {
            MoveError::Illegal { from, to, allowed } => {
                let names: Vec<&str> = allowed.iter().map(status).collect();
                if zh {
                    format!("不能从「{}」改为「{}」；可改为：{}", from.zh(), to.zh(), names.join("、"))
                } else {
                    format!("cannot move from {from} to {to}; allowed: {}", names.join(", "))
                }
            }
            MoveError::Needs(need) => need_text(*need, lang),
            MoveError::SatisfactionTooLow if zh => "不满意的答复不能办结，应重新办理".into(),
            MoveError::SatisfactionTooLow => "an unsatisfied reply cannot be closed: reopen it".into(),
            MoveError::ReturnTooLate {
                assigned_on,
                days,
                limit,
            } if zh => format!("退回须在交办后 {limit} 天内（return_within_days）：{assigned_on} 交办，已过 {days} 天"),
            MoveError::ReturnTooLate {
                assigned_on,
                days,
                limit,
            } => format!(
                "a unit returns a suggestion within {limit} days of the assignment (return_within_days): assigned {assigned_on}, {days} days ago"
            ),
            MoveError::ReturnBeforeAssignment { assigned_on, on } if zh => {
                format!("退回日期 {on} 早于交办日期 {assigned_on}")
            }
            MoveError::ReturnBeforeAssignment { assigned_on, on } => {
                format!("the return's day {on} is before the assignment on {assigned_on}")
            }
            MoveError::DueBeforeMove { due, on } if zh => format!("办理时限 {due} 早于 {on}"),
            MoveError::DueBeforeMove { due, on } => format!("the due date {due} is before the day of the move, {on}"),
            MoveError::NotBeingHandled(s) if zh => {
                format!("只有已交办、办理中或重新办理的建议可以延期（现为「{}」）", s.zh())
            }
            MoveError::NotBeingHandled(s) => {
                format!("only a suggestion assigned, handling or reopened can be extended (it is {s})")
            }
            MoveError::AlreadyExtended { from } if zh => format!("每次交办只能延期一次（已从 {from} 延期）"),
            MoveError::AlreadyExtended { from } => {
                format!("an assignment is extended once only (it was extended from {from})")
            }
            MoveError::ExtensionNotLater { due_on } if zh => format!("延期后的办理时限须晚于原时限 {due_on}"),
            MoveError::ExtensionNotLater { due_on } => {
                format!("the new due date must be after the current one, {due_on}")
            }
            MoveError::ExtensionTooLate { latest, months } if zh => {
                format!("延期不得超过交办后 {months} 个月（extend_within_months），最晚 {latest}")
            }
            MoveError::ExtensionTooLate { latest, months } => format!(
                "an extension goes at most {months} months past the assignment (extend_within_months): {latest} at the latest"
            ),
            MoveError::NotReplied(s) if zh => format!("满意度测评在「已答复」时进行（现为「{}」）", s.zh()),
            MoveError::NotReplied(s) => format!("a satisfaction is given while replied (it is {s})"),
        }
    }
}

impl ReplyResult {
    /// What the class means (SPEC §10), in `lang`.
    pub fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (_, Lang::Zh) => self.zh(),
            (ReplyResult::A, Lang::En) => "solved",
            (ReplyResult::B, Lang::En) => "being solved",
            (ReplyResult::C, Lang::En) => "cannot be solved now",
            (ReplyResult::D, Lang::En) => "kept for reference",
        }
    }
}

fn need_text(need: Need, lang: Lang) -> String {
    let results: Vec<String> = ReplyResult::ALL
        .iter()
        .map(|r| format!("{} {}", r.code(), r.words(lang)))
        .collect();
    match (need, lang.is_zh()) {
        (Need::Unit, true) => "交办需要承办单位".into(),
        (Need::Unit, false) => "assigning needs a handling unit".into(),
        (Need::Result, true) => format!("答复需要办理结果（{}）", results.join("、")),
        (Need::Result, false) => format!("a reply needs a result ({})", results.join(", ")),
        (Need::Reason, true) => "此操作需要理由".into(),
        (Need::Reason, false) => "this needs a reason".into(),
        (Need::Satisfaction, true) => "办结需要满意度（满意或基本满意）".into(),
        (Need::Satisfaction, false) => "closing needs a satisfaction of satisfied or basic".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_refusal_names_the_rule_in_both_languages() {
        let e = MoveError::ReturnTooLate {
            assigned_on: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            days: 11,
            limit: 10,
        };
        assert!(e.message(Lang::En).contains("within 10 days"));
        assert!(e.message(Lang::Zh).contains("10 天内"));
        let e = MoveError::Needs(Need::Result);
        assert!(e.message(Lang::Zh).contains("A 已解决"), "{}", e.message(Lang::Zh));
        assert!(e.message(Lang::En).contains("A solved, B being solved"));
    }
}
