//! CSV text → table. The header is line 1; each record's LINE is the
//! physical line where it starts (a quoted value may span lines).

use super::messages::{file_error, row_error, Loc, Problem};
use super::table::{RowTableBuilder, Table};
use super::ImportError;
use crate::i18n::Lang;
use crate::store::Kind;

pub fn read_csv(file: &str, text: &str, kind: Kind, lang: Lang, errors: &mut Vec<ImportError>) -> Option<Table> {
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
                    n => row_error(file, Loc::Line(n), "", &problem, lang),
                });
                return None;
            }
        }
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let raw: Vec<&str> = record.iter().collect();
        if !seen_header {
            seen_header = true;
            let header: Vec<String> = raw.iter().map(|s| s.to_string()).collect();
            builder = RowTableBuilder::new(file, kind, Loc::Line(line), &header, lang, errors);
            builder.as_ref()?;
            continue;
        }
        if let Some(b) = builder.as_mut() {
            b.push(Loc::Line(line), &raw, errors);
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
