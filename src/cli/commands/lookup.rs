//! `lianluo lookup QUERY [--limit N] [--format table|json]`.

use super::super::args::TableOrJson;
use super::super::{exit, output, store_failure, CmdResult, Context, Failure};
use crate::search::SearchIndex;

pub fn run(ctx: &Context, query: &str, limit: usize, format: TableOrJson) -> CmdResult {
    let store = ctx.open()?;
    let ds = store.load_roster().map_err(|e| store_failure(ctx.lang, e))?;
    let hits = SearchIndex::build(&ds).search(&ds, query, limit);
    if format == TableOrJson::Json {
        output::json(&hits);
    } else if !hits.is_empty() {
        let rows: Vec<Vec<String>> = hits
            .iter()
            .map(|h| {
                vec![
                    h.kind.to_string(),
                    h.code.clone(),
                    h.name.clone(),
                    h.detail.clone(),
                    h.score.to_string(),
                ]
            })
            .collect();
        output::table(&["kind", "code", "name", "detail", "score"], &rows);
    }
    if hits.is_empty() {
        return Err(Failure::new(
            exit::NOT_FOUND,
            if ctx.lang.is_zh() {
                format!("没有找到 {query:?}")
            } else {
                format!("no match for {query:?}")
            },
        ));
    }
    Ok(exit::OK)
}
