//! `lianluo suggest add|move|extend|evaluate …` (SPEC §4, §10).

use super::super::args::{Format, SuggestCommand};
use super::super::{exit, output, store_failure, CmdResult, Context, Failure};
use super::{parse_date_arg, say, today, usage};
use crate::i18n::Lang;
use crate::model::*;
use crate::store::Outcome;

pub fn run(ctx: &Context, action: &SuggestCommand) -> CmdResult {
    match action {
        SuggestCommand::Add {
            cell,
            title,
            source,
            raised_by,
            category,
            on,
        } => {
            let source = parse_enum(
                ctx,
                "--source",
                source,
                SuggestionSource::parse,
                SuggestionSource::codes(),
            )?;
            let category = parse_enum(ctx, "--category", category, Category::parse, Category::codes())?;
            // Control characters are refused by the store, not dropped.
            let title = title.trim().to_string();
            if title.is_empty() {
                return Err(usage(
                    ctx,
                    "--title 不能为空".into(),
                    "--title must not be empty".into(),
                ));
            }
            let received_on = match on {
                Some(t) => parse_date_arg(ctx, "--on", t)?,
                None => today(),
            };
            let s = Suggestion::received(
                cell.trim(),
                &title,
                source,
                raised_by.as_deref().unwrap_or("").trim(),
                category,
                received_on,
            );
            let mut store = ctx.open()?;
            let added = store
                .add_suggestion(&ctx.actor, s)
                .map_err(|e| store_failure(ctx.lang, e))?;
            println!("{}", added.code);
            Ok(exit::OK)
        }
        SuggestCommand::Move {
            code,
            status,
            unit,
            co_units,
            due,
            result,
            satisfaction,
            reason,
            on,
        } => {
            let to = parse_enum(ctx, "STATUS", status, Status::parse, Status::codes())?;
            let input = MoveInput {
                unit: unit.clone(),
                co_units: co_units.as_deref().map(split_units),
                due: due.as_deref().map(|d| parse_date_arg(ctx, "--due", d)).transpose()?,
                result: result
                    .as_deref()
                    .map(|r| parse_value(ctx, "--result", r, ReplyResult::parse, ReplyResult::codes()))
                    .transpose()?,
                satisfaction: satisfaction
                    .as_deref()
                    .map(|s| parse_value(ctx, "--satisfaction", s, Satisfaction::parse, Satisfaction::codes()))
                    .transpose()?,
                reason: reason.clone(),
                on: Some(day_of(ctx, on.as_deref())?),
            };
            let mut store = ctx.open()?;
            let outcome = store
                .move_suggestion(&ctx.actor, code, to, &input, None)
                .map_err(|e| store_failure(ctx.lang, e))?;
            done(ctx, code, outcome, |s| {
                (
                    format!("{code}：{}", s.status.zh()),
                    format!("{code}: {}", s.status.code()),
                )
            })
        }
        SuggestCommand::Extend { code, due, reason, on } => {
            let due = parse_date_arg(ctx, "--due", due)?;
            // The day is checked as every command's is; the rules of an
            // extension count from the assignment, not from it.
            day_of(ctx, on.as_deref())?;
            let mut store = ctx.open()?;
            let outcome = store
                .extend_suggestion(&ctx.actor, code, due, reason, None)
                .map_err(|e| store_failure(ctx.lang, e))?;
            done(ctx, code, outcome, |s| {
                let due = s.due_on.map(|d| d.to_string()).unwrap_or_default();
                (format!("{code}：办理时限延至 {due}"), format!("{code}: due {due}"))
            })
        }
        SuggestCommand::Due { within, as_of, format } => {
            let date = super::as_of(ctx, as_of.as_of.as_deref())?;
            let store = ctx.open()?;
            let ds = store.load_ledger().map_err(|e| store_failure(ctx.lang, e))?;
            let within = within.map_or(ds.settings.remind_days, i64::from);
            let list = crate::coverage::due_soon(&ds.suggestions, date, within);
            if *format == Format::Json {
                output::json(&list);
                return Ok(exit::OK);
            }
            let csv = *format == Format::Csv;
            let header = ["code", "title", "cell", "unit", "due_on", "days_left", "status"];
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|d| {
                    let s = d.suggestion;
                    vec![
                        s.code.to_string(),
                        s.title.to_string(),
                        s.cell_code.to_string(),
                        s.handling_unit.to_string(),
                        s.due_on.map(|d| d.to_string()).unwrap_or_default(),
                        d.days_left.to_string(),
                        if csv { s.status.code() } else { s.status.label(ctx.lang) }.to_string(),
                    ]
                })
                .collect();
            if csv {
                let _ = output::csv(&header, &rows);
            } else {
                output::table(&header, &rows);
            }
            Ok(exit::OK)
        }
        SuggestCommand::Evaluate { code, satisfaction } => {
            let sat = parse_value(
                ctx,
                "--satisfaction",
                satisfaction,
                Satisfaction::parse,
                Satisfaction::codes(),
            )?;
            let mut store = ctx.open()?;
            let outcome = store
                .evaluate_suggestion(&ctx.actor, code, sat, None)
                .map_err(|e| store_failure(ctx.lang, e))?;
            done(ctx, code, outcome, |_| {
                (format!("{code}：{}", sat.zh()), format!("{code}: {}", sat.code()))
            })
        }
    }
}

/// `--on DATE`, else today.
fn day_of(ctx: &Context, on: Option<&str>) -> Result<chrono::NaiveDate, Failure> {
    match on {
        Some(t) => parse_date_arg(ctx, "--on", t),
        None => Ok(today()),
    }
}

/// Say what a ledger change did, or refuse (exit 1) naming the rule.
fn done(ctx: &Context, code: &str, outcome: Outcome, said: impl FnOnce(&Suggestion) -> (String, String)) -> CmdResult {
    match outcome {
        Ok(after) => {
            let (zh, en) = said(&after);
            say(ctx, zh, en);
            Ok(exit::OK)
        }
        Err(e) => Err(Failure::new(exit::FAILURE, move_error_text(ctx.lang, code, &e))),
    }
}

/// A bad value given to an option: exit 65 (SPEC §5).
fn parse_value<T>(
    ctx: &Context,
    what: &str,
    text: &str,
    parse: fn(&str) -> Option<T>,
    codes: String,
) -> Result<T, Failure> {
    parse_enum(ctx, what, text, parse, codes).map_err(|f| Failure::new(exit::DATA, f.message))
}

fn parse_enum<T>(
    ctx: &Context,
    what: &str,
    text: &str,
    parse: fn(&str) -> Option<T>,
    codes: String,
) -> Result<T, Failure> {
    parse(text).ok_or_else(|| {
        usage(
            ctx,
            format!("{what}：无效的值 {text:?}（可用：{codes}）"),
            format!("{what}: {text:?} is not one of {codes}"),
        )
    })
}

/// The refusal of a move, an extension or an evaluation: the one wording
/// of [`MoveError::message`], after the suggestion's code.
pub fn move_error_text(lang: Lang, code: &str, e: &MoveError) -> String {
    let sep = if lang.is_zh() { "：" } else { ": " };
    format!("{code}{sep}{}", e.message(lang))
}
