//! `lianluo log [--limit N] [--format table|json]` with filters.
//!
//! The table shows of each entry what changed, `field: before → after`
//! (first-use #28: a row's JSON cut at 60 characters hid it); the JSON
//! keeps the whole rows.

use super::super::args::TableOrJson;
use super::super::{exit, output, store_failure, CmdResult, Context};
use super::parse_date_arg;
use crate::i18n::{tr, Lang};
use crate::model::sanitize;
use crate::store::{AuditEntry, AuditFilter};
use serde_json::Value;

/// A value longer than this (a suggestion's title) is cut in the table.
const VALUE_COLUMNS: usize = 40;

/// The change column is never cut narrower than this.
const MIN_CHANGE_COLUMNS: usize = 20;

pub fn run(ctx: &Context, mut filter: AuditFilter, format: TableOrJson) -> CmdResult {
    // The import's date forms (2026-01-01, 2026/1/1, 2026年1月1日); any
    // other text is refused rather than matching nothing.
    let day = |flag: &str, text: &Option<String>| {
        text.as_deref()
            .map(|t| parse_date_arg(ctx, flag, t).map(|d| d.format("%Y-%m-%d").to_string()))
            .transpose()
    };
    filter.since = day("--since", &filter.since)?;
    filter.until = day("--until", &filter.until)?;
    let store = ctx.open()?;
    let entries = store.audit_log(&filter).map_err(|e| store_failure(ctx.lang, e))?;
    print(ctx, &entries, format);
    Ok(exit::OK)
}

/// Audit entries as `log` prints them (and `history`, in its order).
pub(super) fn print(ctx: &Context, entries: &[AuditEntry], format: TableOrJson) {
    if format == TableOrJson::Json {
        output::json(&entries);
        return;
    }
    let header = [
        "at", "account", "operator", "client", "action", "kind", "code", "change",
    ];
    let mut rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.at.clone(),
                e.account.clone(),
                e.operator.clone(),
                e.client.clone(),
                e.action.clone(),
                e.kind.clone(),
                e.code.clone(),
                change(ctx.lang, e.before.as_ref(), e.after.as_ref()),
            ]
        })
        .collect();
    if let Some(width) = line_width() {
        // The other columns as the table pads them; the change gets the rest.
        let last = header.len() - 1;
        let used: usize = (0..last)
            .map(|i| {
                rows.iter()
                    .map(|r| output::shown_width(&r[i]))
                    .chain([header[i].len()])
                    .max()
                    .unwrap_or(0)
                    + 2
            })
            .sum();
        let room = width.saturating_sub(used).max(MIN_CHANGE_COLUMNS);
        for r in &mut rows {
            r[last] = output::cut_to_width(&r[last], room);
        }
    }
    output::table(&header, &rows);
}

/// How wide a line may be: the terminal's width when stdout is one, else
/// `$COLUMNS` when set; None (nothing cut) for a file or a pipe.
fn line_width() -> Option<usize> {
    use std::io::IsTerminal;
    let env = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
    };
    if std::io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size()
            .ok()
            .map(|(cols, _)| usize::from(cols))
            .filter(|c| *c > 0)
            .or_else(env)
    } else {
        env()
    }
}

/// What an entry changed, on one line: `field: before → after; …` for the
/// fields that differ, `field: value; …` for a row added or removed (its
/// fields that hold something), `before → after` for a setting.
fn change(lang: Lang, before: Option<&Value>, after: Option<&Value>) -> String {
    let none = tr(lang, "（空）", "(none)");
    let text = |v: Option<&Value>| -> String {
        let t = v.map(value_text).unwrap_or_default();
        if t.is_empty() {
            none.to_string()
        } else {
            output::cut_to_width(&sanitize(&t), VALUE_COLUMNS)
        }
    };
    let held = |v: &Value| !(v.is_null() || v.as_str() == Some(""));
    let parts: Vec<String> = match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|k| b.get(*k) != a.get(*k))
                .map(|k| format!("{}: {} → {}", sanitize(k), text(b.get(k)), text(a.get(k))))
                .collect()
        }
        (None | Some(Value::Null), Some(Value::Object(row))) | (Some(Value::Object(row)), None | Some(Value::Null)) => {
            row.iter()
                .filter(|(_, v)| held(v))
                .map(|(k, v)| format!("{}: {}", sanitize(k), text(Some(v))))
                .collect()
        }
        (None | Some(Value::Null), None | Some(Value::Null)) => Vec::new(),
        (b, a) => vec![format!("{} → {}", text(b), text(a))],
    };
    parts.join("; ")
}

/// A value as an operator reads it: text without its quotes, a list
/// joined by commas, an object as `key value` pairs, nothing for null.
fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        Value::Object(members) => members
            .iter()
            .map(|(k, v)| match v {
                Value::Array(_) => format!("{k} {}", value_text(v).replace(", ", "/")),
                _ => format!("{k} {}", value_text(v)),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_reassign_shows_only_the_field_that_changed() {
        let before = json!({"active": true, "cell_code": "G1", "code": "C1", "deputy_code": "D1", "name": "张三"});
        let after = json!({"active": true, "cell_code": "G1", "code": "C1", "deputy_code": "D2", "name": "张三"});
        assert_eq!(change(Lang::En, Some(&before), Some(&after)), "deputy_code: D1 → D2");
    }

    #[test]
    fn a_move_names_each_field_and_an_empty_one_says_so() {
        let before = json!({"status": "received", "due_on": null, "handling_unit": ""});
        let after = json!({"status": "assigned", "due_on": "2027-01-01", "handling_unit": "住建局"});
        assert_eq!(
            change(Lang::Zh, Some(&before), Some(&after)),
            "due_on: （空） → 2027-01-01; handling_unit: （空） → 住建局; status: received → assigned"
        );
    }

    #[test]
    fn settings_imports_and_added_rows_read_plainly() {
        assert_eq!(change(Lang::En, Some(&json!("5")), Some(&json!("7.5"))), "5 → 7.5");
        let import = json!({"counts": {"areas": [3, 3, 0]}, "files": ["a.csv", "b.csv"]});
        assert_eq!(
            change(Lang::En, None, Some(&import)),
            "counts: areas 3/3/0; files: a.csv, b.csv"
        );
        let added = json!({"code": "S1", "title": "路灯\u{1b}[2J不亮", "due_on": null});
        assert_eq!(change(Lang::En, None, Some(&added)), "code: S1; title: 路灯[2J不亮");
    }
}
