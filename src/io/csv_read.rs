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
    let mut lines = LineCounter::new(text);
    let mut builder: Option<RowTableBuilder> = None;
    let mut seen_header = false;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte() as usize));
                let problem = Problem::CannotRead(e.to_string());
                errors.push(match line {
                    0 => file_error(file, &problem, lang),
                    n => row_error(file, Loc::line(n), "", &problem, lang),
                });
                return false;
            }
        }
        let line = record.position().map_or(0, |p| lines.line_at(p.byte() as usize));
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

/// Physical line numbers from byte offsets. The csv crate's own line count
/// is one short after each CRLF (the end Excel and WPS write); this counts
/// every LF, and every CR not followed by LF, before the record's first byte.
struct LineCounter<'a> {
    text: &'a [u8],
    /// Bytes before this offset are counted...
    at: usize,
    /// ...and hold this many line ends.
    ends: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            ends: 0,
        }
    }

    /// The line (from 1) where the record whose position is `offset`
    /// starts; offsets only grow. The csv crate places a record after a
    /// CRLF (and after blank lines) at the line end it skipped, so line ends
    /// at the offset are passed first: no record starts with one.
    fn line_at(&mut self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        if offset > self.at {
            let bytes = &self.text[self.at..offset];
            self.ends += bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && self.text.get(self.at + i + 1) != Some(&b'\n')))
                .count();
            self.at = offset;
        }
        self.ends + 1
    }
}

#[cfg(test)]
mod tests {
    use super::LineCounter;

    #[test]
    fn counts_lf_crlf_and_lone_cr_once_each() {
        let text = "a\r\nb\nc\rd\r\n";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.line_at(0), 1);
        // Where the csv crate puts the record after "a\r": at the LF.
        assert_eq!(lines.line_at(2), 2);
        assert_eq!(lines.line_at(3), 2);
        assert_eq!(lines.line_at(5), 3);
        assert_eq!(lines.line_at(7), 4);
        assert_eq!(lines.line_at(100), 5);
    }
}
