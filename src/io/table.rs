//! A file's records, whatever the format, in the column order of its kind:
//! what the row parser reads. CSV, XLSX and GeoJSON readers all produce one.

use super::headers::{self, Column};
use super::messages::{row_error, Loc, Problem};
use super::ImportError;
use crate::i18n::Lang;
use crate::model::Text;
use crate::store::Kind;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A single value longer than this is refused (no real roster field comes near).
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// A cell's geometry as stored (compact GeoJSON text) and its bounding box.
#[derive(Debug, Clone)]
pub struct Geom {
    pub text: String,
    pub bbox: Option<[f64; 4]>,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub loc: Loc,
    /// One value per column of the kind (empty when the file lacks the column), trimmed and NFC.
    /// (Inline up to 24 bytes: a province's millions of values are not
    /// each an allocation of their own, freed a batch later.)
    pub fields: Vec<Text>,
    /// GeoJSON only: the feature's geometry, None when null.
    pub geometry: Option<Geom>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the operator named it.
    pub file: String,
    pub kind: Kind,
    /// How each column is called in the file (its header as written), or its English name.
    pub labels: Vec<String>,
    /// Whether the file has the column at all.
    pub present: Vec<bool>,
    pub records: Vec<Record>,
}

impl Table {
    pub fn columns(&self) -> &'static [Column] {
        headers::columns(self.kind)
    }
}

/// Trim and normalise to NFC (what is stored and compared).
pub fn clean(text: &str) -> Text {
    let t = text.trim();
    match is_nfc_quick(t.chars()) {
        IsNormalized::Yes => Text::new(t),
        _ => t.nfc().collect(),
    }
}

/// Builds a table from a header row and data rows of text (CSV and XLSX).
pub struct RowTableBuilder<'a> {
    file: &'a str,
    lang: Lang,
    header_len: usize,
    map: Vec<Option<usize>>,
    table: Table,
}

impl<'a> RowTableBuilder<'a> {
    /// Start from the header row; Err (with the errors pushed) when a required column is missing.
    pub fn new(
        file: &'a str,
        kind: Kind,
        header_loc: Loc,
        header: &[String],
        lang: Lang,
        errors: &mut Vec<ImportError>,
    ) -> Option<RowTableBuilder<'a>> {
        let header: Vec<String> = header.iter().map(|h| clean(h).into()).collect();
        let map = headers::map_header(kind, &header);
        let cols = headers::columns(kind);
        let mut ok = true;
        for (col, idx) in cols.iter().zip(&map) {
            if col.required && idx.is_none() {
                errors.push(row_error(file, header_loc, col.name, &Problem::MissingColumn, lang));
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let labels = cols
            .iter()
            .zip(&map)
            .map(|(col, idx)| match idx.and_then(|i| header.get(i)) {
                Some(h) => h.clone(),
                None => col.name.to_string(),
            })
            .collect();
        let present = map.iter().map(Option::is_some).collect();
        Some(RowTableBuilder {
            file,
            lang,
            header_len: header.len(),
            map,
            table: Table {
                file: file.to_string(),
                kind,
                labels,
                present,
                records: Vec::new(),
            },
        })
    }

    /// Add one data row (raw values in header order). Rows of only empty
    /// values are skipped (spreadsheets leave them); a wrong field count or
    /// an overlong value is an error.
    pub fn push(&mut self, loc: Loc, raw: &[&str], errors: &mut Vec<ImportError>) {
        if raw.iter().all(|v| v.trim().is_empty()) {
            return;
        }
        if raw.len() != self.header_len {
            let column = if raw.len() < self.header_len {
                // Name the first column the row lacks.
                self.map
                    .iter()
                    .enumerate()
                    .filter(|(_, idx)| idx.is_some_and(|i| i >= raw.len()))
                    .min_by_key(|(_, idx)| *idx)
                    .and_then(|(c, _)| self.table.labels.get(c).cloned())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let problem = Problem::FieldCount {
                expected: self.header_len,
                found: raw.len(),
            };
            errors.push(row_error(self.file, loc, &column, &problem, self.lang));
            return;
        }
        self.push_values(loc, |i| raw.get(i).copied(), errors);
    }

    /// Add one sheet row given as its non-empty values by column (sorted
    /// by column, none past the header): only the kind's columns are looked
    /// up, so a row costs what it holds, not the sheet's width.
    pub fn push_sparse(&mut self, loc: Loc, values: &[(u32, String)], errors: &mut Vec<ImportError>) {
        let at = |i: usize| {
            values
                .binary_search_by_key(&i, |(c, _)| *c as usize)
                .ok()
                .map(|k| values[k].1.as_str())
        };
        self.push_values(loc, at, errors);
    }

    /// A row holding a value in column `found` (from 1) past the header's
    /// last: the wrong number of fields.
    pub fn too_wide(&mut self, loc: Loc, found: usize, errors: &mut Vec<ImportError>) {
        let problem = Problem::FieldCount {
            expected: self.header_len,
            found,
        };
        errors.push(row_error(self.file, loc, "", &problem, self.lang));
    }

    fn push_values<'v>(
        &mut self,
        loc: Loc,
        value_at: impl Fn(usize) -> Option<&'v str>,
        errors: &mut Vec<ImportError>,
    ) {
        let mut fields = Vec::with_capacity(self.map.len());
        let mut ok = true;
        for (c, idx) in self.map.iter().enumerate() {
            let value = idx.and_then(&value_at).unwrap_or("");
            if value.len() > MAX_FIELD_BYTES {
                let label = self.table.labels.get(c).cloned().unwrap_or_default();
                let problem = Problem::FieldTooLong {
                    limit_kib: MAX_FIELD_BYTES / 1024,
                };
                errors.push(row_error(self.file, loc, &label, &problem, self.lang));
                ok = false;
                continue;
            }
            fields.push(clean(value));
        }
        if ok {
            self.table.records.push(Record {
                loc,
                fields,
                geometry: None,
            });
        }
    }

    /// The records pushed so far, as a table with the file's header: a
    /// reader hands them on in batches instead of holding a large file's
    /// every record at once.
    pub fn take_batch(&mut self) -> Table {
        Table {
            file: self.table.file.clone(),
            kind: self.table.kind,
            labels: self.table.labels.clone(),
            present: self.table.present.clone(),
            records: std::mem::take(&mut self.table.records),
        }
    }

    /// How many records wait to be taken.
    pub fn pending(&self) -> usize {
        self.table.records.len()
    }

    /// How many columns the header row has.
    pub fn header_len(&self) -> usize {
        self.header_len
    }

    pub fn finish(self) -> Table {
        self.table
    }
}
