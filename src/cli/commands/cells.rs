//! `lianluo cells [--as-of DATE] [--format table|csv|json]`.

use super::super::args::Format;
use super::super::{exit, output, store_failure, CmdResult, Context};
use super::as_of;
use crate::coverage;

pub fn run(ctx: &Context, as_of_text: Option<&str>, format: Format) -> CmdResult {
    let date = as_of(ctx, as_of_text)?;
    let store = ctx.open()?;
    // The rules count this year's receptions only; earlier years stay on disk.
    let ds = store.load_year(date).map_err(|e| store_failure(ctx.lang, e))?;
    let findings = coverage::audit(&ds, date, &[]);
    let cells = coverage::cell_summaries(&ds, date, &findings);
    match format {
        Format::Json => output::json(&cells),
        Format::Csv | Format::Table => {
            let header = [
                "code", "name", "town", "village", "deputies", "contacts", "pending", "overdue", "gaps",
            ];
            let rows: Vec<Vec<String>> = cells
                .iter()
                .map(|c| {
                    vec![
                        c.code.to_string(),
                        c.name.to_string(),
                        c.town.as_deref().unwrap_or_default().to_string(),
                        c.village.as_deref().unwrap_or_default().to_string(),
                        c.deputies.to_string(),
                        c.contacts.to_string(),
                        c.pending.to_string(),
                        c.overdue.to_string(),
                        c.gaps.join(if format == Format::Csv { ";" } else { " " }),
                    ]
                })
                .collect();
            if format == Format::Csv {
                let _ = output::csv(&header, &rows);
            } else {
                output::table(&header, &rows);
            }
        }
    }
    Ok(exit::OK)
}
