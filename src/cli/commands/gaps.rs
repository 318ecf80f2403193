//! `lianluo gaps [--rule ID]... [--as-of DATE] [--format table|csv|json] [--check]`.

use super::super::args::Format;
use super::super::{exit, output, store_failure, CmdResult, Context};
use super::{as_of, usage};
use crate::coverage::{self, RULES};

pub fn run(ctx: &Context, rules: &[String], as_of_text: Option<&str>, format: Format, check: bool) -> CmdResult {
    let mut wanted: Vec<&str> = Vec::new();
    for r in rules {
        let Some(rule) = coverage::rule(r.trim()) else {
            return Err(usage(
                ctx,
                format!("--rule：未知规则 {r:?}（可用：{}）", RULES.join(", ")),
                format!("--rule: unknown rule {r:?} (one of {})", RULES.join(", ")),
            ));
        };
        wanted.push(rule.id);
    }
    let date = as_of(ctx, as_of_text)?;
    let phases = crate::timing::Phases::start();
    let store = ctx.open()?;
    let ds = store.load_for_audit(date).map_err(|e| store_failure(ctx.lang, e))?;
    phases.mark("read the database");
    let findings = coverage::audit(&ds, date, &wanted);
    phases.mark("audit");
    match format {
        Format::Json => output::json(&findings),
        Format::Csv | Format::Table => {
            let header = ["rule", "severity", "kind", "code", "cell", "detail"];
            let rows: Vec<Vec<String>> = findings
                .iter()
                .map(|f| {
                    vec![
                        f.rule.to_string(),
                        f.severity.code().to_string(),
                        f.kind.to_string(),
                        f.code.clone(),
                        f.cell.clone().unwrap_or_default(),
                        // Tables speak the operator's language; CSV and JSON keep English.
                        match format {
                            Format::Table => f.detail_in(ctx.lang).to_string(),
                            _ => f.detail.clone(),
                        },
                    ]
                })
                .collect();
            if format == Format::Csv {
                let _ = output::csv(&header, &rows);
            } else {
                output::table(&header, &rows);
                if ctx.lang.is_zh() {
                    eprintln!("{} 项缺口（截至 {date}）", findings.len());
                } else {
                    eprintln!("{} gap(s) as of {date}", findings.len());
                }
            }
        }
    }
    Ok(if check && !findings.is_empty() {
        exit::FAILURE
    } else {
        exit::OK
    })
}
