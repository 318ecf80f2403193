//! `.xlsx` → table: the first sheet, its first non-empty row the header;
//! LINE is the sheet's row number (what Excel shows at the left).

use super::messages::{file_error, row_error, Loc, Problem};
use super::table::{RowTableBuilder, Table};
use super::ImportError;
use crate::i18n::Lang;
use crate::store::Kind;
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;

/// The most rows a sheet may hold (what Excel and WPS hold).
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// The most a workbook may unpack to, all its parts together (SPEC §2): a
/// zip's entries are bounded by their declared sizes, so a small file
/// cannot unpack into gigabytes (deflate reaches about 1000:1).
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// Read the first sheet by its cells, a row at a time: never by the
/// extent it declares (one far cell, `XFD1048576`, would otherwise make
/// the reader lay out a grid of 17 billion cells).
pub fn read_xlsx(file: &str, bytes: Vec<u8>, kind: Kind, lang: Lang, errors: &mut Vec<ImportError>) -> Option<Table> {
    if let Err(problem) = unpacked_size_ok(&bytes) {
        errors.push(file_error(file, &problem, lang));
        return None;
    }
    // calamine is third-party code reading untrusted bytes: a panic in it
    // is turned into an error, not a crash.
    let mut found = Vec::new();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_cells(file, bytes, kind, lang, &mut found)
    }));
    let table = match outcome {
        Ok(Ok(table)) => table,
        Ok(Err(problem)) => {
            found.push(file_error(file, &problem, lang));
            None
        }
        Err(_) => {
            found.push(file_error(file, &Problem::Xlsx("malformed workbook".into()), lang));
            None
        }
    };
    errors.extend(found);
    table
}

/// Refuse a workbook whose parts declare more than [`MAX_UNPACKED_BYTES`].
fn unpacked_size_ok(bytes: &[u8]) -> Result<(), Problem> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Problem::Xlsx(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| Problem::Xlsx(e.to_string()))?;
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(Problem::TooLarge {
                limit_mib: MAX_UNPACKED_BYTES / (1024 * 1024),
            });
        }
    }
    Ok(())
}

/// One sheet row as read: its number (from 1) and its non-empty values by column.
struct SheetRow {
    line: u32,
    values: Vec<(u32, String)>,
}

fn read_cells(
    file: &str,
    bytes: Vec<u8>,
    kind: Kind,
    lang: Lang,
    errors: &mut Vec<ImportError>,
) -> Result<Option<Table>, Problem> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| Problem::Xlsx(e.to_string()))?;
    let name = book.sheet_names().first().cloned().ok_or(Problem::NoSheet)?;
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|e| Problem::Xlsx(e.to_string()))?;
    let mut builder: Option<RowTableBuilder> = None;
    let mut row: Option<SheetRow> = None;
    let mut rows: u32 = 0;
    loop {
        let cell = cells.next_cell().map_err(|e| Problem::Xlsx(e.to_string()))?;
        let (r, c) = cell.as_ref().map_or((u32::MAX, 0), |cell| cell.get_position());
        if row
            .as_ref()
            .is_some_and(|row| cell.is_none() || row.line != r.saturating_add(1))
        {
            if let Some(done) = row.take() {
                if !take_row(file, kind, lang, done, &mut builder, errors) {
                    return Ok(None);
                }
            }
        }
        let Some(cell) = cell else { break };
        if r >= MAX_SHEET_ROWS {
            errors.push(row_error(file, Loc::line(r as usize + 1), "", &too_many_rows(), lang));
            return Ok(None);
        }
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.trim().is_empty() {
            continue;
        }
        let current = row.get_or_insert_with(|| {
            rows += 1;
            SheetRow {
                line: r + 1,
                values: Vec::new(),
            }
        });
        if rows > MAX_SHEET_ROWS {
            errors.push(row_error(file, Loc::line(r as usize + 1), "", &too_many_rows(), lang));
            return Ok(None);
        }
        current.values.push((c, text));
    }
    match builder {
        Some(b) => Ok(Some(b.finish())),
        None => Err(Problem::Empty),
    }
}

fn too_many_rows() -> Problem {
    Problem::TooManyRows {
        limit: MAX_SHEET_ROWS as usize,
    }
}

/// Hand one sheet row to the table: the first is the header. False when
/// the header lacks a required column (the errors are pushed).
fn take_row<'a>(
    file: &'a str,
    kind: Kind,
    lang: Lang,
    row: SheetRow,
    builder: &mut Option<RowTableBuilder<'a>>,
    errors: &mut Vec<ImportError>,
) -> bool {
    let loc = Loc::line(row.line as usize);
    // Only the columns that hold a value count: the header ends at its
    // last named column, and a data row is as wide as the header unless it
    // holds a value past it.
    let used = row.values.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
    match builder.as_mut() {
        None => {
            let header = spread(&row.values, used);
            *builder = RowTableBuilder::new(file, kind, loc, &header, lang, errors);
            builder.is_some()
        }
        Some(b) => {
            let width = b.header_len();
            if used > width {
                b.too_wide(loc, used, errors);
            } else {
                let mut values = row.values;
                values.sort_by_key(|(c, _)| *c);
                b.push_sparse(loc, &values, errors);
            }
            true
        }
    }
}

/// The header row's values laid out in `width` columns.
fn spread(values: &[(u32, String)], width: usize) -> Vec<String> {
    let mut out = vec![String::new(); width];
    for (c, v) in values {
        if let Some(slot) = out.get_mut(*c as usize) {
            slot.clone_from(v);
        }
    }
    out
}

/// A cell as text: whole numbers without a decimal point (codes and phone
/// numbers are often stored as numbers), date cells as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) => date.format("%Y-%m-%d").to_string(),
                None => float_text(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
