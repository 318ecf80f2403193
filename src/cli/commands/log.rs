//! `lianluo log [--limit N] [--format table|json]` with filters.

use super::super::args::TableOrJson;
use super::super::{exit, output, store_failure, CmdResult, Context};
use crate::store::AuditFilter;

pub fn run(ctx: &Context, filter: AuditFilter, format: TableOrJson) -> CmdResult {
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
