//! `lianluo locate --batch`: put a CSV of points into cells, streaming.

use super::index::CellIndex;
use crate::i18n::{tr, Lang};
use crate::model::Dataset;
use std::io::{Read, Write};

/// What can go wrong in a batch locate. `file` names the input as the
/// caller gave it (see [`locate_batch_named`]).
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    /// The header has no `lon` (or `lat`) column.
    #[error("{file}: missing column {column}")]
    MissingColumn { file: String, column: &'static str },
    /// The input is not readable CSV at a record.
    #[error("{file}:{line}: {message}")]
    Read { file: String, line: u64, message: String },
    /// Writing the output failed (a closed pipe, a full disk).
    #[error("writing output: {0}")]
    Write(std::io::Error),
}

impl LocateError {
    /// The message in the operator's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LocateError::MissingColumn { file, column } => {
                format!("{file}: {} {column}", tr(lang, "缺少列", "missing column"))
            }
            LocateError::Read { file, line, message } => {
                format!(
                    "{file}:{line}: {}: {message}",
                    tr(lang, "无法读取 CSV", "unreadable CSV")
                )
            }
            LocateError::Write(e) => format!("{}: {e}", tr(lang, "写出失败", "writing output")),
        }
    }

    /// True when the output was closed under us (e.g. `| head`): the
    /// caller usually stops quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, LocateError::Write(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Column names accepted for longitude and latitude (case-insensitive).
const LON_NAMES: [&str; 4] = ["lon", "lng", "longitude", "经度"];
const LAT_NAMES: [&str; 3] = ["lat", "latitude", "纬度"];

fn header_text(field: &[u8]) -> String {
    let text = match std::str::from_utf8(field) {
        Ok(t) => t.to_string(),
        // A roster saved from Excel in GBK: headers like 经度 still count.
        Err(_) => encoding_rs::GB18030.decode(field).0.into_owned(),
    };
    text.trim().trim_start_matches('\u{feff}').to_lowercase()
}

fn find_column(headers: &csv::ByteRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| names.contains(&header_text(h).as_str()))
}

fn number(field: Option<&[u8]>) -> Option<f64> {
    let text = std::str::from_utf8(field?).ok()?.trim();
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// [`locate_batch_named`] with the input named `-` (standard input).
pub fn locate_batch(
    input: impl Read,
    output: impl Write,
    index: &CellIndex,
    ds: &Dataset,
) -> Result<usize, LocateError> {
    locate_batch_named("-", input, output, index, ds)
}

/// Read CSV with `lon` and `lat` columns (also `lng`/`longitude`/`经度`,
/// `latitude`/`纬度`) and write the same rows, every column kept in order,
/// with a `cell` column appended: the code of the cell holding the point
/// ([`CellIndex::locate`]), empty when no cell holds it or lon/lat are not
/// numbers. Rows are streamed one at a time with reused buffers, so input
/// of any size runs in constant memory. Returns the number of data rows.
///
/// Errors: a missing lon/lat column (naming `file` and the column), CSV
/// that cannot be read (naming the line), or a failed write.
pub fn locate_batch_named(
    file: &str,
    input: impl Read,
    output: impl Write,
    index: &CellIndex,
    ds: &Dataset,
) -> Result<usize, LocateError> {
    let read_error = |e: csv::Error| LocateError::Read {
        file: file.to_string(),
        line: e.position().map(|p| p.line()).unwrap_or(0),
        message: e.to_string(),
    };
    let write_error = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => LocateError::Write(io),
        other => LocateError::Write(std::io::Error::other(format!("{other:?}"))),
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(output);

    let headers = reader.byte_headers().map_err(read_error)?.clone();
    let missing = |column| LocateError::MissingColumn {
        file: file.to_string(),
        column,
    };
    let lon_at = find_column(&headers, &LON_NAMES).ok_or_else(|| missing("lon"))?;
    let lat_at = find_column(&headers, &LAT_NAMES).ok_or_else(|| missing("lat"))?;
    for field in headers.iter() {
        writer.write_field(field).map_err(write_error)?;
    }
    writer.write_field("cell").map_err(write_error)?;
    writer.write_record(None::<&[u8]>).map_err(write_error)?;

    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    while reader.read_byte_record(&mut record).map_err(read_error)? {
        let cell = match (number(record.get(lon_at)), number(record.get(lat_at))) {
            (Some(lon), Some(lat)) => index.locate(lon, lat).and_then(|i| ds.cells.get(i)),
            _ => None,
        };
        for field in record.iter() {
            writer.write_field(field).map_err(write_error)?;
        }
        writer
            .write_field(cell.map(|c| c.code.as_bytes()).unwrap_or(b""))
            .map_err(write_error)?;
        writer.write_record(None::<&[u8]>).map_err(write_error)?;
        rows += 1;
    }
    writer.flush().map_err(LocateError::Write)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;
    use crate::model::Text;

    fn ds() -> Dataset {
        let geometry = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;
        Dataset {
            cells: vec![Cell {
                code: "G1".into(),
                name: "one".into(),
                area_code: "V1".into(),
                households: None,
                population: None,
                grid_worker: Text::default(),
                geometry: Some(geometry.into()),
            }],
            ..Dataset::default()
        }
    }

    fn run(input: &str) -> Result<(usize, String), LocateError> {
        let ds = ds();
        let index = CellIndex::new(&ds);
        let mut out = Vec::new();
        let rows = locate_batch_named("points.csv", input.as_bytes(), &mut out, &index, &ds)?;
        Ok((rows, String::from_utf8(out).unwrap()))
    }

    #[test]
    fn appends_the_cell_and_keeps_every_other_column() {
        let (rows, out) = run("id,lat,name,lon\n1,0.5,in,0.5\n2,5,out,5\n3,x,bad,0.5\n4,0.5\n").unwrap();
        assert_eq!(rows, 4);
        assert_eq!(
            out,
            "id,lat,name,lon,cell\n1,0.5,in,0.5,G1\n2,5,out,5,\n3,x,bad,0.5,\n4,0.5,\n"
        );
    }

    #[test]
    fn accepts_chinese_headers_and_a_bom() {
        let (_, out) = run("\u{feff}名称,经度,纬度\n\"a, b\",0.25,0.75\n").unwrap();
        assert_eq!(out, "名称,经度,纬度,cell\n\"a, b\",0.25,0.75,G1\n");
    }

    #[test]
    fn a_missing_column_names_the_file_and_the_column() {
        let err = run("id,lon\n1,0.5\n").unwrap_err();
        assert!(matches!(err, LocateError::MissingColumn { column: "lat", .. }));
        assert_eq!(err.to_string(), "points.csv: missing column lat");
        assert_eq!(err.message(Lang::Zh), "points.csv: 缺少列 lat");
    }
}
