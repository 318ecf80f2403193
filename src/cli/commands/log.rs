//! `lianluo log [--limit N] [--format table|json]` with filters.

use super::super::args::TableOrJson;
use super::super::{exit, output, store_failure, CmdResult, Context};
use super::parse_date_arg;
use crate::store::AuditFilter;

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
    if format == TableOrJson::Json {
        output::json(&entries);
        return Ok(exit::OK);
    }
    let brief = |v: &Option<serde_json::Value>| -> String {
        let text = v.as_ref().map(|v| v.to_string()).unwrap_or_default();
        let mut s: String = text.chars().take(60).collect();
        if text.chars().count() > 60 {
            s.push('…');
        }
        s
    };
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.at.clone(),
                e.operator.clone(),
                e.client.clone(),
                e.action.clone(),
                e.kind.clone(),
                e.code.clone(),
                brief(&e.before),
                brief(&e.after),
            ]
        })
        .collect();
    output::table(
        &["at", "operator", "client", "action", "kind", "code", "before", "after"],
        &rows,
    );
    Ok(exit::OK)
}
