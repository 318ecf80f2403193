//! `lianluo demo --scale county|city|province [--seed N] --out DIR`.

use super::super::args::ScaleArg;
use super::super::{exit, CmdResult, Context, Failure};
use super::say;
use crate::demo::Scale;
use std::path::Path;

pub fn run(ctx: &Context, scale: ScaleArg, seed: u64, out: &Path) -> CmdResult {
    let scale = match scale {
        ScaleArg::County => Scale::County,
        ScaleArg::City => Scale::City,
        ScaleArg::Province => Scale::Province,
    };
    crate::demo::generate(scale, seed, out).map_err(|e| Failure::new(exit::FAILURE, format!("{e:#}")))?;
    say(
        ctx,
        format!("已写入 {}", out.display()),
        format!("wrote {}", out.display()),
    );
    Ok(exit::OK)
}
