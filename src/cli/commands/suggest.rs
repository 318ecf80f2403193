//! `lianluo suggest add …` and `lianluo suggest move CODE STATUS …` (SPEC §4).

use super::super::args::SuggestCommand;
use super::super::{exit, store_failure, CmdResult, Context, Failure};
use super::{parse_date_arg, say, today, usage};
use crate::i18n::Lang;
use crate::model::*;

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
            due,
            satisfaction,
            reason,
            on,
        } => {
            let to = parse_enum(ctx, "STATUS", status, Status::parse, Status::codes())?;
            let input = MoveInput {
                unit: unit.clone(),
                due: due.as_deref().map(|d| parse_date_arg(ctx, "--due", d)).transpose()?,
                satisfaction: satisfaction
                    .as_deref()
                    .map(|s| parse_enum(ctx, "--satisfaction", s, Satisfaction::parse, Satisfaction::codes()))
                    .transpose()?,
                reason: reason.clone(),
                on: Some(match on {
                    Some(t) => parse_date_arg(ctx, "--on", t)?,
                    None => today(),
                }),
            };
            let mut store = ctx.open()?;
            match store
                .move_suggestion(&ctx.actor, code, to, &input, None)
                .map_err(|e| store_failure(ctx.lang, e))?
            {
                Ok(after) => {
                    say(
                        ctx,
                        format!("{code}：{}", after.status.zh()),
                        format!("{code}: {}", after.status.code()),
                    );
                    Ok(exit::OK)
                }
                Err(e) => Err(Failure::new(exit::FAILURE, move_error_text(ctx.lang, code, &e))),
            }
        }
    }
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

/// The refusal of a move, naming what is allowed or what is missing.
pub fn move_error_text(lang: Lang, code: &str, e: &MoveError) -> String {
    let zh = lang.is_zh();
    match e {
        MoveError::Illegal { from, to, allowed } => {
            let names: Vec<&str> = allowed.iter().map(|s| if zh { s.zh() } else { s.code() }).collect();
            if zh {
                format!(
                    "{code}：不能从「{}」改为「{}」；可改为：{}",
                    from.zh(),
                    to.zh(),
                    names.join("、")
                )
            } else {
                format!("{code}: cannot move from {from} to {to}; allowed: {}", names.join(", "))
            }
        }
        MoveError::Needs(what) => {
            let (flag, zh_what) = match *what {
                "unit" => ("--unit", "承办单位"),
                "due" => ("--due", "办理时限"),
                "satisfaction" => ("--satisfaction", "满意度（满意或基本满意）"),
                _ => ("--reason", "理由"),
            };
            if zh {
                format!("{code}：此操作需要{zh_what}（{flag}）")
            } else {
                format!("{code}: this move needs {flag}")
            }
        }
        MoveError::SatisfactionTooLow => {
            if zh {
                format!("{code}：不满意的答复不能办结，应重新办理（reopened）")
            } else {
                format!("{code}: an unsatisfied reply cannot be closed; reopen it instead")
            }
        }
    }
}
