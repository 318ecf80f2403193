//! `lianluo config get|set KEY [VALUE]`.

use super::super::args::ConfigCommand;
use super::super::{exit, output, store_failure, CmdResult, Context, Failure};
use super::say;
use crate::model::Settings;

pub fn run(ctx: &Context, action: &ConfigCommand) -> CmdResult {
    let unknown = |key: &str| {
        Failure::new(
            exit::NOT_FOUND,
            if ctx.lang.is_zh() {
                format!(
                    "未知设置项 {key:?}（可用：{}）",
                    Settings::keys().collect::<Vec<_>>().join(", ")
                )
            } else {
                format!(
                    "unknown setting {key:?} (one of {})",
                    Settings::keys().collect::<Vec<_>>().join(", ")
                )
            },
        )
    };
    match action {
        ConfigCommand::Get { key } => {
            let store = ctx.open()?;
            let settings = store.settings().map_err(|e| store_failure(ctx.lang, e))?;
            match key {
                Some(k) => println!("{}", settings.get(k).ok_or_else(|| unknown(k))?),
                None => {
                    let rows: Vec<Vec<String>> = Settings::keys()
                        .map(|k| vec![k.to_string(), settings.get(k).unwrap_or_default()])
                        .collect();
                    output::table(&["key", "value"], &rows);
                }
            }
        }
        ConfigCommand::Set { key, value } => {
            if Settings::default().get(key).is_none() {
                return Err(unknown(key));
            }
            let mut probe = Settings::default();
            if probe.set(key, value).is_err() {
                let (lo, hi) = Settings::range(key).unwrap_or_default();
                let whole = ["max_station_km", "max_uncovered_pct"].contains(&key.as_str());
                let (zh_kind, en_kind) = if whole {
                    ("数", "number")
                } else {
                    ("整数", "whole number")
                };
                return Err(Failure::new(
                    exit::USAGE,
                    if ctx.lang.is_zh() {
                        format!("{key}：{value:?} 无效，应为 {lo} 到 {hi} 之间的{zh_kind}")
                    } else {
                        format!("{key}: {value:?} is not a {en_kind} from {lo} to {hi}")
                    },
                ));
            }
            let mut store = ctx.open()?;
            let changed = store
                .set_setting(&ctx.actor, key, value)
                .map_err(|e| store_failure(ctx.lang, e))?;
            let now = store
                .settings()
                .map_err(|e| store_failure(ctx.lang, e))?
                .get(key)
                .unwrap_or_default();
            if changed {
                say(ctx, format!("{key} = {now}"), format!("{key} = {now}"));
            } else {
                say(
                    ctx,
                    format!("{key} 已是 {now}，没有变化"),
                    format!("{key} is already {now}; nothing changed"),
                );
            }
        }
    }
    Ok(exit::OK)
}
