//! What a refused suggestion move says, in the operator's language.

use super::*;

pub(super) fn illegal_text(lang: Lang, from: Status, to: Status, allowed: &[Status]) -> String {
    let list: Vec<&str> = allowed.iter().map(|s| s.label(lang)).collect();
    match lang {
        Lang::Zh => format!(
            "不能从{}改为{}；允许：{}",
            from.label(lang),
            to.label(lang),
            list.join("、")
        ),
        Lang::En => format!(
            "Cannot move from {} to {}; allowed: {}",
            from.code(),
            to.code(),
            list.join(", ")
        ),
    }
}

pub(super) fn move_error_text(lang: Lang, e: &MoveError) -> String {
    match e {
        MoveError::Illegal { from, to, allowed } => illegal_text(lang, *from, *to, allowed),
        MoveError::Needs(what) => {
            let name = match *what {
                "unit" => tr(lang, "承办单位", "a handling unit"),
                "due" => tr(lang, "办理时限", "a due date"),
                "satisfaction" => tr(lang, "满意度", "a satisfaction rating"),
                "reason" => tr(lang, "理由", "a reason"),
                other => other,
            };
            format!("{}: {name}", tr(lang, "此操作需要", "This move needs"))
        }
        MoveError::SatisfactionTooLow => tr(
            lang,
            "不满意的答复不能办结，请重新办理",
            "An unsatisfied reply cannot be closed: reopen it",
        )
        .into(),
    }
}
