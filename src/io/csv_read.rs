//! CSV text → table. The header is line 1; each record's LINE is the
//! physical line where it starts (a quoted value may span lines).

use super::messages::{file_error, row_error, Loc, Problem};
use super::table::{RowTableBuilder, Table};
use super::ImportError;
use crate::i18n::Lang;
use crate::store::Kind;

/// Records handed on at a time by [`read_csv_batches`].
const BATCH: usize = 4096;

/// Read a CSV, handing its records to `sink` a batch at a time (every
/// batch carries the file's header; the first comes even when the file has
/// no records). False when the file could not be read (errors pushed).
pub fn read_csv_batches(
    file: &str,
    text: &str,
    kind: Kind,
    lang: Lang,
    errors: &mut Vec<ImportError>,
    sink: &mut dyn FnMut(Table, &mut Vec<ImportError>),
) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut builder: Option<RowTableBuilder> = None;
    let mut seen_header = false;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                let problem = Problem::CannotRead(e.to_string());
                errors.push(match line {
                    0 => file_error(file, &problem, lang),
                    n => row_error(file, Loc::line(n), "", &problem, lang),
                });
                return false;
            }
        }
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let raw: Vec<&str> = record.iter().collect();
        if !seen_header {
            seen_header = true;
            let header: Vec<String> = raw.iter().map(|s| s.to_string()).collect();
            builder = RowTableBuilder::new(file, kind, Loc::line(line), &header, lang, errors);
            match builder.as_mut() {
                Some(b) => sink(b.take_batch(), errors),
                None => return false,
            }
            continue;
        }
        if let Some(b) = builder.as_mut() {
            b.push(Loc::line(line), &raw, errors);
            if b.pending() >= BATCH {
                sink(b.take_batch(), errors);
            }
        }
    }
    match builder {
        Some(mut b) => {
            sink(b.take_batch(), errors);
            true
        }
        None => {
            errors.push(file_error(file, &Problem::Empty, lang));
            false
        }
    }
}
