//! `lianluo locate --batch`: put a CSV of points into cells, streaming.

use super::index::CellIndex;
use crate::i18n::{tr, Lang};
use crate::model::Dataset;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::rc::Rc;

/// A record (one line, or the lines a quoted value spans) longer than this
/// is refused (SPEC §7): no point file needs it, and an endless line (a
/// binary file, `/dev/zero`) would otherwise take all memory.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

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
    /// A record longer than [`MAX_RECORD_BYTES`], at the line where it starts.
    #[error("{file}:{line}: a record longer than 64 KiB")]
    TooLong { file: String, line: u64 },
    /// A row with more fields than the header: its extra values have no column.
    #[error("{file}:{line}: the row has {found} fields, the header has {expected}")]
    ExtraFields {
        file: String,
        line: u64,
        found: usize,
        expected: usize,
    },
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
            LocateError::TooLong { file, line } => format!(
                "{file}:{line}: {}",
                tr(
                    lang,
                    "这一条记录超过 64 KiB（不是坐标文件？）",
                    "a record longer than 64 KiB (not a file of points?)"
                )
            ),
            LocateError::ExtraFields {
                file,
                line,
                found,
                expected,
            } => {
                if lang.is_zh() {
                    format!("{file}:{line}: 本行有 {found} 个字段，表头有 {expected} 个")
                } else {
                    format!("{file}:{line}: the row has {found} fields, the header has {expected}")
                }
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
    let (input, lines) = Bounded::new(input);
    let read_error = |e: csv::Error| match lines.borrow().too_long {
        Some(line) => LocateError::TooLong {
            file: file.to_string(),
            line,
        },
        None => LocateError::Read {
            file: file.to_string(),
            line: e.position().map(|p| p.line()).unwrap_or(0),
            message: e.to_string(),
        },
    };
    let next_line = || lines.borrow_mut().starts.pop_front().unwrap_or(0);
    let write_error = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => LocateError::Write(io),
        other => LocateError::Write(std::io::Error::other(format!("{other:?}"))),
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(output);

    let headers = reader.byte_headers().map_err(read_error)?.clone();
    next_line();
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
        let line = next_line();
        if record.len() > headers.len() {
            return Err(LocateError::ExtraFields {
                file: file.to_string(),
                line,
                found: record.len(),
                expected: headers.len(),
            });
        }
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

/// What [`Bounded`] tells the batch loop: the line each record handed to
/// the csv reader starts on (in order), and the line of a record refused
/// as too long.
#[derive(Default)]
struct Lines {
    starts: VecDeque<u64>,
    too_long: Option<u64>,
}

/// Hands the csv reader its input a whole record at a time, each at most
/// [`MAX_RECORD_BYTES`], noting the physical line where each starts (the
/// csv crate's own count is one short after every CRLF). Records are split
/// as CSV splits them: a line break inside a quoted value continues the
/// record. Blank lines, which the csv reader skips, are not handed on.
struct Bounded<R> {
    input: BufReader<R>,
    record: Vec<u8>,
    at: usize,
    /// The next physical line to read.
    line: u64,
    done: bool,
    /// An error met after records already handed on in the same call.
    deferred: Option<std::io::Error>,
    lines: Rc<RefCell<Lines>>,
}

impl<R: Read> Bounded<R> {
    fn new(input: R) -> (Bounded<R>, Rc<RefCell<Lines>>) {
        let lines = Rc::new(RefCell::new(Lines::default()));
        let bounded = Bounded {
            input: BufReader::with_capacity(1 << 16, input),
            record: Vec::new(),
            at: 0,
            line: 1,
            done: false,
            deferred: None,
            lines: Rc::clone(&lines),
        };
        (bounded, lines)
    }

    /// Read the next record into `self.record`; false at the end.
    fn next_record(&mut self) -> std::io::Result<bool> {
        self.record.clear();
        self.at = 0;
        while !self.done {
            let start = self.line;
            let mut quoted = Quotes::default();
            loop {
                let from = self.record.len();
                let room = (MAX_RECORD_BYTES + 1 - from) as u64;
                let n = (&mut self.input).take(room).read_until(b'\n', &mut self.record)?;
                if self.record.len() > MAX_RECORD_BYTES {
                    self.lines.borrow_mut().too_long = Some(start);
                    return Err(std::io::Error::other("record too long"));
                }
                if n == 0 {
                    self.done = true;
                    break;
                }
                let ended = self.record.last() == Some(&b'\n');
                if ended {
                    self.line += 1;
                }
                if !quoted.scan(&self.record[from..]) || !ended {
                    break;
                }
            }
            if self.record.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                self.record.clear();
                continue;
            }
            self.lines.borrow_mut().starts.push_back(start);
            return Ok(true);
        }
        Ok(false)
    }
}

impl<R: Read> Read for Bounded<R> {
    /// As many whole records as fit and are already read from the input
    /// (a record per call would cost a call per line); an error after some
    /// records waits for the next call, so those records are located first.
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(e) = self.deferred.take() {
            return Err(e);
        }
        let mut n = 0;
        while n < buf.len() {
            if self.at == self.record.len() {
                // Do not wait on a pipe for more while holding records.
                if n > 0 && self.input.buffer().is_empty() {
                    break;
                }
                match self.next_record() {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) if n > 0 => {
                        self.deferred = Some(e);
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
            let k = (buf.len() - n).min(self.record.len() - self.at);
            buf[n..n + k].copy_from_slice(&self.record[self.at..self.at + k]);
            self.at += k;
            n += k;
        }
        Ok(n)
    }
}

/// Where CSV's quoting stands along a record: whether a line break ends it.
#[derive(Default)]
struct Quotes {
    state: QuoteState,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum QuoteState {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted value: it closes the value unless another follows.
    QuoteInQuoted,
}

impl Quotes {
    /// Follow a line's bytes; true when the line ends inside a quoted value.
    fn scan(&mut self, bytes: &[u8]) -> bool {
        use QuoteState::*;
        // Most lines hold no quote at all: they end the record.
        if self.state != Quoted && !bytes.contains(&b'"') {
            self.state = FieldStart;
            return false;
        }
        for &b in bytes {
            self.state = match (self.state, b) {
                (Quoted, b'"') => QuoteInQuoted,
                (Quoted, _) => Quoted,
                (FieldStart, b'"') | (QuoteInQuoted, b'"') => Quoted,
                (_, b',') | (_, b'\n') => FieldStart,
                _ => Unquoted,
            };
        }
        self.state == Quoted
    }
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

    #[test]
    fn quoted_line_breaks_and_blank_lines_keep_the_line_numbers() {
        let err = run("name,lon,lat\r\n\r\n\"a\r\nb \"\"c\"\"\",0.5,0.5\r\nx,1,2,3\r\n").unwrap_err();
        assert_eq!(err.to_string(), "points.csv:5: the row has 4 fields, the header has 3");
        let (rows, out) = run("name,lon,lat\n\"a\nb\",0.5,0.5\n\nc,5,5\n").unwrap();
        assert_eq!(rows, 2);
        assert_eq!(out, "name,lon,lat,cell\n\"a\nb\",0.5,0.5,G1\nc,5,5,\n");
    }

    #[test]
    fn a_record_over_64_kib_is_refused_at_its_line() {
        let long = "9".repeat(MAX_RECORD_BYTES);
        let err = run(&format!("lon,lat\n0.5,0.5\n{long},1\n")).unwrap_err();
        assert_eq!(err.to_string(), "points.csv:3: a record longer than 64 KiB");
        // An unclosed quote does not make a record of the rest of the file.
        let lines = "0.5,0.5\n".repeat(MAX_RECORD_BYTES / 8 + 1);
        let err = run(&format!("lon,lat\n\"x,1\n{lines}")).unwrap_err();
        assert_eq!(err.to_string(), "points.csv:2: a record longer than 64 KiB");
        // One just under the limit passes.
        let fits = "0".repeat(MAX_RECORD_BYTES - 6);
        assert_eq!(run(&format!("lon,lat\n{fits},0.5\n")).unwrap().0, 1);
    }
}
