//! `export DIR` and `export --xlsx FILE`: the standard file set of SPEC §2,
//! English headers and codes, UTF-8 without BOM, LF, rows sorted by key.
//! The format is deterministic so that export → import → export gives the
//! same bytes.

use super::json;
use super::table_rows::{self, TableRows};
use crate::model::*;
use crate::store::Staged;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The dataset in key order: as it is when read from the store, else a
/// sorted copy (a province's copy would be a few hundred megabytes).
fn in_key_order(ds: &Dataset) -> Cow<'_, Dataset> {
    if ds.is_sorted() {
        Cow::Borrowed(ds)
    } else {
        let mut sorted = ds.clone();
        sorted.sort();
        Cow::Owned(sorted)
    }
}

/// Write the standard file set into `dir` (created if needed); returns the
/// files written. Each file is written as its rows are made, under a hidden
/// name; only when all are whole are they moved in, one rename each, so a
/// kill or a full disk while writing leaves the last export as it was. A
/// standard file this export does not write (`boundary.geojson` when the
/// database has none) is removed, so that `dir` holds exactly this export.
pub fn export_dir(ds: &Dataset, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let sorted = in_key_order(ds);
    let mut built = Vec::new();
    for table in table_rows::all(&sorted) {
        if table.name == "cells" {
            let path = dir.join("cells.geojson");
            built.push((build_file(&path, |out| write_cells_geojson(&sorted.cells, out))?, path));
            if let Some(b) = &sorted.boundary {
                let path = dir.join("boundary.geojson");
                built.push((
                    build_file(&path, |out| out.write_all(boundary_geojson(b).as_bytes()))?,
                    path,
                ));
            }
            continue;
        }
        let path = dir.join(format!("{}.csv", table.name));
        built.push((build_file(&path, |out| write_csv(table, out))?, path));
    }
    let mut written = Vec::new();
    for (staged, path) in built {
        staged.replace()?;
        written.push(path);
    }
    for name in standard_names(&sorted) {
        let path = dir.join(name);
        if written.contains(&path) {
            continue;
        }
        Staged::clear_abandoned(&path);
        // A file or a link an older export left; a folder is not one.
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => std::fs::remove_file(&path)?,
            _ => {}
        }
    }
    Ok(written)
}

/// Every name `export_dir` may write.
fn standard_names(ds: &Dataset) -> Vec<String> {
    let mut names = vec!["boundary.geojson".to_string()];
    for table in table_rows::all(ds) {
        names.push(match table.name {
            "cells" => "cells.geojson".to_string(),
            name => format!("{name}.csv"),
        });
    }
    names
}

/// Build `path`'s content under a hidden name beside it ([`Staged`]),
/// through a buffer, flushed to disk; the caller moves it in. An error
/// writing any part (the disk full, say) is returned and the build removed.
fn build_file(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>) -> std::io::Result<Staged> {
    let staged = Staged::beside(path)?;
    let mut out = BufWriter::new(File::create(staged.path())?);
    write(&mut out)?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(staged)
}

/// Run `build`, turning a panic into an error without printing it.
/// rust_xlsxwriter's constant-memory sheets panic when their temporary file
/// cannot be written (a full disk): that is an error to report, not a crash.
fn panics_as_errors<T>(build: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(build));
    std::panic::set_hook(hook);
    outcome.unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("the workbook writer stopped");
        if detail.contains("StorageFull") {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull).into());
        }
        Err(anyhow::anyhow!("{detail}"))
    })
}

/// One workbook, a sheet per table (cells without geometry), header row
/// first. Each sheet's rows go to a temporary file beside `file` as they
/// are written, not into memory; the workbook is saved under a hidden name
/// and moved to `file` once whole ([`Staged`]): over a file there only
/// with `replace`, else never over one that appeared meanwhile.
pub fn export_xlsx(ds: &Dataset, file: &Path, replace: bool) -> anyhow::Result<()> {
    let staged = Staged::beside(file)?;
    panics_as_errors(|| write_xlsx(ds, file, staged.path()))?;
    Ok(if replace { staged.replace() } else { staged.finish() }?)
}

fn write_xlsx(ds: &Dataset, file: &Path, partial: &Path) -> anyhow::Result<()> {
    let sorted = in_key_order(ds);
    let mut book = rust_xlsxwriter::Workbook::new();
    let beside = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    book.set_tempdir(beside)?;
    for table in table_rows::all(&sorted) {
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(table.name)?;
        for (col, head) in table.header.iter().enumerate() {
            sheet.write_string(0, col_index(col)?, *head)?;
        }
        for (r, row) in table.rows.enumerate() {
            let r = u32::try_from(r + 1)?;
            for (col, value) in row.iter().enumerate() {
                if !value.is_empty() {
                    sheet.write_string(r, col_index(col)?, cell_text(value).as_ref())?;
                }
            }
        }
    }
    book.save(partial)?;
    Ok(())
}

/// The most characters a workbook cell holds (what a stored text may hold).
const CELL_CHARS: usize = crate::model::MAX_TEXT_CHARS;

/// A value as a workbook cell can hold it: every text entered now is
/// within a cell's 32,767 characters (SPEC §2), but one stored by an older
/// version may not be, and the export must not fail for it: it is cut,
/// ending in "…" (the CSV export keeps it whole).
fn cell_text(value: &str) -> std::borrow::Cow<'_, str> {
    if value.len() <= CELL_CHARS || value.chars().nth(CELL_CHARS).is_none() {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut cut: String = value.chars().take(CELL_CHARS - 1).collect();
    cut.push('…');
    std::borrow::Cow::Owned(cut)
}

fn col_index(col: usize) -> anyhow::Result<u16> {
    Ok(u16::try_from(col)?)
}

fn write_csv(table: TableRows, out: &mut impl Write) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(&table.header)?;
    for row in table.rows {
        w.write_record(&row)?;
    }
    w.flush()
}

/// A stored geometry as a value to write; text that is not JSON becomes
/// null rather than a broken file (import only ever stores valid geometry).
fn geometry_value(stored: Option<&str>) -> serde_json::Value {
    stored.and_then(|t| json::parse(t).ok()).unwrap_or_default()
}

/// A GeoJSON Feature as export writes it: the members in this order.
#[derive(serde::Serialize)]
struct Feature<P> {
    r#type: &'static str,
    properties: P,
    geometry: serde_json::Value,
}

#[derive(serde::Serialize)]
struct CellProperties<'a> {
    code: &'a Text,
    name: &'a Text,
    area_code: &'a Text,
    households: Option<i64>,
    population: Option<i64>,
    grid_worker: &'a Text,
}

#[derive(serde::Serialize)]
struct BoundaryProperties<'a> {
    code: &'a Text,
    name: &'a Text,
}

/// A FeatureCollection, one feature per line so that diffs stay readable.
fn write_cells_geojson(cells: &[Cell], file: &mut impl Write) -> std::io::Result<()> {
    file.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    for (i, c) in cells.iter().enumerate() {
        let feature = Feature {
            r#type: "Feature",
            properties: CellProperties {
                code: &c.code,
                name: &c.name,
                area_code: &c.area_code,
                households: c.households,
                population: c.population,
                grid_worker: &c.grid_worker,
            },
            geometry: geometry_value(c.geometry.as_deref()),
        };
        let mut out = json::to_text(&feature);
        if i + 1 < cells.len() {
            out.push(',');
        }
        out.push('\n');
        file.write_all(out.as_bytes())?;
    }
    file.write_all(b"]}\n")
}

/// One Feature (import also takes a FeatureCollection holding one).
fn boundary_geojson(b: &Boundary) -> String {
    let feature = Feature {
        r#type: "Feature",
        properties: BoundaryProperties {
            code: &b.code,
            name: &b.name,
        },
        geometry: geometry_value(Some(&b.geometry)),
    };
    json::to_text(&feature) + "\n"
}
