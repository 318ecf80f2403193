//! `lianluo locate LON LAT | --batch POINTS.csv`. (Waits for spatial.)

use super::super::args::TableOrJson;
use super::super::{CmdResult, Context, Failure};
use std::path::Path;

pub fn run(_ctx: &Context, _lon: Option<f64>, _lat: Option<f64>, _batch: Option<&Path>, _f: TableOrJson) -> CmdResult {
    Err(Failure::new(1, "locate: not built yet"))
}
