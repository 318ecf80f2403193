//! `lianluo locate LON LAT [--format table|json]` and `lianluo locate --batch POINTS.csv`.

use super::super::args::TableOrJson;
use super::super::{exit, output, store_failure, CmdResult, Context, Failure};
use super::usage;
use crate::model::{escape_unsafe, sanitize, Dataset};
use crate::spatial::{locate_batch_named, CellIndex, StationIndex};
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct CellRef {
    code: String,
    name: String,
    town: Option<String>,
    village: Option<String>,
}

#[derive(Serialize)]
struct Person {
    code: String,
    name: String,
    phone: String,
}

#[derive(Serialize)]
struct StationRef {
    code: String,
    name: String,
    km: f64,
}

#[derive(Serialize)]
struct Located {
    cell: CellRef,
    deputies: Vec<Person>,
    contacts: Vec<Person>,
    nearest_station: Option<StationRef>,
}

pub fn run(ctx: &Context, lon: Option<f64>, lat: Option<f64>, batch: Option<&Path>, format: TableOrJson) -> CmdResult {
    let store = ctx.open()?;
    if let Some(file) = batch {
        // A batch names cells only: the rest of the county stays on disk.
        let ds = store.load_cells().map_err(|e| store_failure(ctx.lang, e))?;
        let index = CellIndex::new(&ds);
        return run_batch(ctx, file, &index, &ds);
    }
    let ds = store.load_roster().map_err(|e| store_failure(ctx.lang, e))?;
    let index = CellIndex::new(&ds);
    let (Some(lon), Some(lat)) = (lon, lat) else {
        return Err(usage(ctx, "请给出经度和纬度".into(), "give LON and LAT".into()));
    };
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(usage(
            ctx,
            format!("坐标超出范围：{lon} {lat}（经度 -180…180，纬度 -90…90）"),
            format!("coordinates out of range: {lon} {lat} (lon -180…180, lat -90…90)"),
        ));
    }
    let Some(i) = index.locate(lon, lat) else {
        return Err(Failure::new(
            exit::NOT_FOUND,
            if ctx.lang.is_zh() {
                format!("{lon} {lat} 不在任何网格内")
            } else {
                format!("no cell contains {lon} {lat}")
            },
        ));
    };
    let located = describe(&ds, i, lon, lat);
    if format == TableOrJson::Json {
        output::json(&located);
    } else {
        print_table(ctx, &located);
    }
    Ok(exit::OK)
}

fn describe(ds: &Dataset, i: usize, lon: f64, lat: f64) -> Located {
    let cell = &ds.cells[i];
    let (town, village) = ds.town_and_village(&cell.area_code);
    let deputies = ds
        .assignments
        .iter()
        .filter(|a| a.cell_code == cell.code)
        .filter_map(|a| ds.deputies.iter().find(|d| d.code == a.deputy_code && d.active))
        .map(|d| Person {
            code: d.code.to_string(),
            name: d.name.to_string(),
            phone: d.phone.to_string(),
        })
        .collect();
    let contacts = ds
        .contacts
        .iter()
        .filter(|c| c.cell_code == cell.code && c.active)
        .map(|c| Person {
            code: c.code.to_string(),
            name: c.name.to_string(),
            phone: c.phone.to_string(),
        })
        .collect();
    let nearest_station = StationIndex::new(ds).nearest(ds, lon, lat).map(|(s, km)| StationRef {
        code: ds.stations[s].code.to_string(),
        name: ds.stations[s].name.to_string(),
        km: (km * 100.0).round() / 100.0,
    });
    Located {
        cell: CellRef {
            code: cell.code.to_string(),
            name: cell.name.to_string(),
            town: town.map(|a| a.name.to_string()),
            village: village.map(|a| a.name.to_string()),
        },
        deputies,
        contacts,
        nearest_station,
    }
}

fn print_table(ctx: &Context, l: &Located) {
    let zh = ctx.lang.is_zh();
    let label = |z: &'static str, e: &'static str| if zh { z } else { e };
    let people = |list: &[Person]| -> String {
        list.iter()
            .map(|p| format!("{} {}", p.code, sanitize(&p.name)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows = vec![
        vec![
            label("网格", "cell").to_string(),
            format!("{} {}", l.cell.code, l.cell.name),
        ],
        vec![
            label("镇街", "town").to_string(),
            l.cell.town.clone().unwrap_or_default(),
        ],
        vec![
            label("村居", "village").to_string(),
            l.cell.village.clone().unwrap_or_default(),
        ],
        vec![label("代表", "deputies").to_string(), people(&l.deputies)],
        vec![label("联络员", "contacts").to_string(), people(&l.contacts)],
        vec![
            label("最近联络站", "nearest station").to_string(),
            l.nearest_station
                .as_ref()
                .map(|s| format!("{} {} ({} km)", s.code, s.name, s.km))
                .unwrap_or_default(),
        ],
    ];
    output::table(&["", ""], &rows);
}

fn run_batch(ctx: &Context, file: &Path, index: &CellIndex, ds: &Dataset) -> CmdResult {
    use std::io::IsTerminal;
    let name = escape_unsafe(&file.display().to_string());
    let stdout = std::io::stdout();
    // To a file or a pipe the rows are the data, byte for byte; to a
    // terminal, what they copy from the input cannot drive it.
    let out: Box<dyn std::io::Write> = if stdout.is_terminal() {
        Box::new(output::TerminalSafe::new(std::io::BufWriter::with_capacity(
            1 << 16,
            stdout.lock(),
        )))
    } else {
        Box::new(std::io::BufWriter::with_capacity(1 << 16, stdout.lock()))
    };
    let result = if name == "-" {
        locate_batch_named("-", std::io::stdin().lock(), out, index, ds)
    } else {
        let input = std::fs::File::open(file).map_err(|e| {
            Failure::new(
                exit::NO_INPUT,
                if ctx.lang.is_zh() {
                    format!("{name}: 无法打开：{e}")
                } else {
                    format!("{name}: cannot open: {e}")
                },
            )
        })?;
        locate_batch_named(&name, std::io::BufReader::with_capacity(1 << 16, input), out, index, ds)
    };
    match result {
        Ok(_) => Ok(exit::OK),
        Err(e) if e.is_broken_pipe() => Ok(exit::OK),
        Err(e) => Err(Failure::new(exit::DATA, e.message(ctx.lang))),
    }
}
