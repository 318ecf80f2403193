//! `.xlsx` → table: the first sheet, its first non-empty row the header;
//! LINE is the sheet's row number (what Excel shows at the left).

use super::messages::{file_error, Loc, Problem};
use super::table::{RowTableBuilder, Table};
use super::ImportError;
use crate::i18n::Lang;
use crate::store::Kind;
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

pub fn read_xlsx(file: &str, bytes: Vec<u8>, kind: Kind, lang: Lang, errors: &mut Vec<ImportError>) -> Option<Table> {
    let range = match first_sheet(bytes) {
        Ok(range) => range,
        Err(problem) => {
            errors.push(file_error(file, &problem, lang));
            return None;
        }
    };
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut builder: Option<RowTableBuilder> = None;
    for (i, row) in range.rows().enumerate() {
        let line = first_row + i + 1;
        let values: Vec<String> = row.iter().map(cell_text).collect();
        match builder.as_mut() {
            None => {
                if values.iter().all(|v| v.trim().is_empty()) {
                    continue;
                }
                // The header ends at its last named column; cells beyond it are ignored.
                let width = values.iter().rposition(|v| !v.trim().is_empty()).map_or(0, |p| p + 1);
                let header = values.get(..width).unwrap_or(&values).to_vec();
                builder = RowTableBuilder::new(file, kind, Loc::line(line), &header, lang, errors);
                builder.as_ref()?;
            }
            Some(b) => {
                let raw: Vec<&str> = values.iter().map(String::as_str).collect();
                let width = b.header_len();
                // A sheet row is as wide as the sheet; only values past the header are extra.
                let used = raw.iter().rposition(|v| !v.trim().is_empty()).map_or(0, |p| p + 1);
                let raw = if used <= width {
                    raw.get(..width).unwrap_or(&raw).to_vec()
                } else {
                    raw
                };
                b.push(Loc::line(line), &raw, errors);
            }
        }
    }
    match builder {
        Some(b) => Some(b.finish()),
        None => {
            errors.push(file_error(file, &Problem::Empty, lang));
            None
        }
    }
}

/// The first worksheet's cells. calamine is third-party code reading
/// untrusted bytes: a panic in it is turned into an error, not a crash.
fn first_sheet(bytes: Vec<u8>) -> Result<calamine::Range<Data>, Problem> {
    let outcome = std::panic::catch_unwind(move || -> Result<calamine::Range<Data>, Problem> {
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| Problem::Xlsx(e.to_string()))?;
        match book.worksheet_range_at(0) {
            Some(Ok(range)) => Ok(range),
            Some(Err(e)) => Err(Problem::Xlsx(e.to_string())),
            None => Err(Problem::NoSheet),
        }
    });
    outcome.unwrap_or_else(|_| Err(Problem::Xlsx("malformed workbook".into())))
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
