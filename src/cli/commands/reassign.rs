//! `lianluo reassign CONTACT... --to DEPUTY | --from DEPUTY --to DEPUTY`.

use super::super::{exit, store_failure, CmdResult, Context};
use super::{say, usage};

pub fn run(ctx: &Context, contacts: &[String], to: &str, from: Option<&str>) -> CmdResult {
    if contacts.is_empty() && from.is_none() {
        return Err(usage(
            ctx,
            "请给出联络员编码，或 --from 代表编码".into(),
            "give contact codes, or --from DEPUTY".into(),
        ));
    }
    let mut store = ctx.open()?;
    let changed = match from {
        Some(from) => store.handover(&ctx.actor, from, to, None),
        None => store.reassign_contacts(&ctx.actor, contacts, to, None),
    }
    .map_err(|e| store_failure(ctx.lang, e))?;
    say(
        ctx,
        format!("已将 {changed} 名联络员改由代表 {to} 联系"),
        format!("{changed} contact(s) reassigned to {to}"),
    );
    Ok(exit::OK)
}
