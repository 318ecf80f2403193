//! `lianluo lookup QUERY [--limit N] [--format table|json]`.

use super::super::args::TableOrJson;
use super::super::{exit, output, store_failure, CmdResult, Context, Failure};
use crate::search::SearchIndex;

pub fn run(ctx: &Context, query: &str, limit: usize, format: TableOrJson) -> CmdResult {
    let phases = crate::timing::Phases::start();
    let store = ctx.open()?;
    // The places in an index, the people as the database gives them, a
    // row at a time: as the TUI's lookup (details in English, as ever).
    let places = store.load_places().map_err(|e| store_failure(ctx.lang, e))?;
    phases.mark("read the places");
    let index = SearchIndex::build(&places);
    phases.mark("index");
    let found = store
        .lookup(&index, &places, query, limit, crate::i18n::Lang::En)
        .map_err(|e| store_failure(ctx.lang, e))?;
    phases.mark("search");
    let hits = &found.hits;
    if format == TableOrJson::Json {
        output::json(hits);
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
        let more = found.more();
        if more > 0 {
            // The table is not all there is (first-use #21): say so.
            if ctx.lang.is_zh() {
                println!("…… 另有 {more} 项（用 --limit 显示更多）");
            } else {
                println!("… {more} more (use --limit)");
            }
        }
    }
    if hits.is_empty() {
        // The query as typed, but not 100,000 characters of it.
        let shown = output::cut_to_width(&crate::model::sanitize(query), 60);
        return Err(Failure::new(
            exit::NOT_FOUND,
            if ctx.lang.is_zh() {
                format!("没有找到 {shown:?}")
            } else {
                format!("no match for {shown:?}")
            },
        ));
    }
    Ok(exit::OK)
}
