//! Import and export: CSV (UTF-8 or GB18030), XLSX, GeoJSON; English or
//! Chinese headers and values; validation with FILE:LINE: COLUMN errors.
//! OWNER: io helper. The signatures below are the contract.
//!
//! How an import reads (SPEC §2 leaves these to us):
//! - Required columns (a file without one is refused at its header line):
//!   areas code, name, level, parent_code (empty only for a `county`);
//!   cells code, name, area_code; deputies code, name, level; assignments
//!   both; contacts code, name, cell_code; stations code, name, kind;
//!   receptions date, station_code, deputy_code; suggestions code,
//!   cell_code, title, received_on. Other columns may be absent or empty:
//!   `active` → true, contact `role` → other, `reception_day` → 15,
//!   `constituents` → 0, suggestion `source` → reception, `category` →
//!   general, `status` → received (only when the column is absent).
//! - Headers and properties are matched per kind (see `headers.rs`);
//!   COLUMN in an error is the header as the file writes it.
//! - A row with a bad value is left out; references to its code are not
//!   reported again. Rows of only empty values (spreadsheet leftovers) are skipped.
//! - Memory: a file over [`MAX_FILE_BYTES`] is refused before it is read,
//!   a value over [`MAX_FIELD_BYTES`] is an error; JSON nesting is capped.
//! - Geometry is stored as compact JSON text keeping its key order and each
//!   number's digits as written (`json.rs`), so export → import → export is
//!   byte-identical.

use crate::i18n::Lang;
use crate::model::Dataset;
use crate::store::{ImportSet, Kept, Kind};
use std::path::{Path, PathBuf};

mod csv_read;
mod decode;
mod export;
mod files;
mod geojson_read;
mod geojson_root;
mod headers;
mod json;
mod messages;
mod record;
mod rows;
mod table;
mod table_rows;
mod unit_names;
mod validate;
mod xlsx_read;

pub use decode::MAX_FILE_BYTES;
pub use json::write_safe as write_json_safe;
pub use messages::{date_order_text, text_problem_text};
pub use record::{field_column, field_label, field_names, read_record, stored_values};
pub use table::MAX_FIELD_BYTES;

/// One import error, printed as `FILE:LINE: COLUMN: message` (or
/// `FILE: feature N: message` for GeoJSON).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    pub file: String,
    /// `FILE:LINE: COLUMN: message` / `FILE: feature N: message`, in the operator's language.
    pub text: String,
}

/// Read and validate files (or directories) against what the database
/// already holds. Ok gives the rows to write; Err every error found.
pub fn read_import(
    paths: &[PathBuf],
    kind: Option<Kind>,
    replace: bool,
    existing: &Dataset,
    lang: Lang,
) -> Result<ImportSet, Vec<ImportError>> {
    let mut errors = Vec::new();
    let inputs = files::collect(paths, kind, lang, &mut errors);
    let phases = crate::timing::Phases::start();
    let mut parsed = rows::Parsed::default();
    for (one, found) in read_all(&inputs, lang) {
        parsed.append(one);
        errors.extend(found);
    }
    phases.mark("read the files");
    unit_names::resolve(&mut parsed, existing, replace);
    validate::check(&parsed, existing, replace, lang, &mut errors);
    phases.mark("cross-checks");
    if !errors.is_empty() {
        // Group by file in the order read; within a file, as found.
        let rank = |e: &ImportError| inputs.iter().position(|i| i.name == e.file).unwrap_or(usize::MAX);
        errors.sort_by_key(rank);
        return Err(errors);
    }
    Ok(into_set(parsed, &inputs, replace))
}

/// The kinds these paths would import, as [`read_import`] finds them
/// (files it cannot use are left out here and reported there).
pub fn kinds_in(paths: &[PathBuf], kind: Option<Kind>) -> Vec<Kind> {
    let mut reported_later = Vec::new();
    files::collect(paths, kind, Lang::En, &mut reported_later)
        .into_iter()
        .map(|input| input.kind)
        .collect()
}

/// Above this many bytes of input files, they are read one at a time (see
/// [`read_all`]). A city's files are ~8 MB, a province's ~100 MB.
const PARALLEL_READ_MAX_BYTES: u64 = 32 << 20;

/// One file's rows, and the errors found in it.
type FileRead = (rows::Parsed, Vec<ImportError>);

/// Read every file, on as many threads as there are cores unless the input
/// is large, largest first; the results come back in the order of
/// `inputs`, each with its own errors, so what an import reports does not
/// depend on which thread finished first.
fn read_all(inputs: &[files::Input], lang: Lang) -> Vec<FileRead> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let size = |i: &files::Input| std::fs::metadata(&i.path).map(|m| m.len()).unwrap_or(0);
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&inputs[i])));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<FileRead>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let mut parsed = rows::Parsed::default();
            let mut errors = Vec::new();
            read_into(&inputs[i], lang, &mut parsed, &mut errors);
            if let Ok(mut slot) = slots[i].lock() {
                *slot = Some((parsed, errors));
            }
        }
    };
    // Each reader holds a file's text and its own allocator arena while it
    // parses: at province scale a second reader costs ~100 MB of peak
    // memory for ~0.6 s. Large inputs are read one file at a time.
    let total: u64 = inputs.iter().map(size).sum();
    let threads = if total > PARALLEL_READ_MAX_BYTES {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(inputs.len())
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten().unwrap_or_default())
        .collect()
}

/// Read one file's rows into `parsed` (errors pushed when it cannot be
/// read). A CSV file's rows go in a batch at a time, so its records are
/// never all held at once; an XLSX or GeoJSON file is read whole first.
fn read_into(input: &files::Input, lang: Lang, parsed: &mut rows::Parsed, errors: &mut Vec<ImportError>) {
    let bytes = match decode::read_limited(&input.path) {
        Ok(bytes) => bytes,
        Err(problem) => {
            errors.push(messages::file_error(&input.name, &problem, lang));
            return;
        }
    };
    if input.format == files::Format::Xlsx {
        if input.kind == Kind::Boundary {
            errors.push(messages::file_error(
                &input.name,
                &messages::Problem::BoundaryNeedsGeoJson,
                lang,
            ));
            return;
        }
        if let Some(table) = xlsx_read::read_xlsx(&input.name, bytes, input.kind, lang, errors) {
            parsed.add(&table, lang, errors);
        }
        return;
    }
    let text = match decode::decode(bytes) {
        Ok(text) => text,
        Err(problem) => {
            errors.push(messages::file_error(&input.name, &problem, lang));
            return;
        }
    };
    match (input.format, input.kind) {
        (files::Format::GeoJson, k) => {
            if let Some(table) = geojson_read::read_geojson(&input.name, &text, k, lang, errors) {
                parsed.add(&table, lang, errors);
            }
        }
        (_, Kind::Boundary) => {
            errors.push(messages::file_error(
                &input.name,
                &messages::Problem::BoundaryNeedsGeoJson,
                lang,
            ));
        }
        (_, k) => {
            let mut src = None;
            csv_read::read_csv_batches(&input.name, &text, k, lang, errors, &mut |batch, errors| {
                let s = *src.get_or_insert_with(|| parsed.source(&batch));
                parsed.add_records(s, &batch, lang, errors);
            });
        }
    }
}

fn into_set(p: rows::Parsed, inputs: &[files::Input], replace: bool) -> ImportSet {
    fn values<T>(rows: Option<Vec<rows::Row<T>>>) -> Option<Vec<T>> {
        rows.map(|rows| rows.into_iter().map(|r| r.value).collect())
    }
    // For each row of a kind with optional columns, the ones its file lacked.
    fn masks<T>(rows: &Option<Vec<rows::Row<T>>>, sources: &[rows::Source], kind: Kind) -> Vec<u8> {
        let kept = headers::kept_when_absent(kind);
        let mask_of = |src: &rows::Source| -> u8 {
            let columns = headers::columns(kind);
            kept.iter().enumerate().fold(0, |mask, (bit, name)| {
                let at = columns.iter().position(|c| c.name == *name);
                let present = at.and_then(|i| src.present.get(i).copied()).unwrap_or(false);
                if present {
                    mask
                } else {
                    mask | (1 << bit)
                }
            })
        };
        let per_source: Vec<u8> = sources.iter().map(mask_of).collect();
        let Some(rows) = rows else { return Vec::new() };
        if rows.iter().all(|r| per_source.get(r.src as usize) == Some(&0)) {
            return Vec::new();
        }
        rows.iter()
            .map(|r| per_source.get(r.src as usize).copied().unwrap_or(0))
            .collect()
    }
    let kept = Kept {
        suggestions: masks(&p.suggestions, &p.sources, Kind::Suggestions),
        units: masks(&p.units, &p.sources, Kind::Units),
    };
    ImportSet {
        areas: values(p.areas),
        cells: values(p.cells),
        boundary: values(p.boundary),
        deputies: values(p.deputies),
        assignments: values(p.assignments),
        contacts: values(p.contacts),
        stations: values(p.stations),
        receptions: values(p.receptions),
        units: values(p.units),
        suggestions: values(p.suggestions),
        rota: values(p.rota),
        activities: values(p.activities),
        kept,
        replace,
        files: inputs.iter().map(|i| i.name.clone()).collect(),
    }
}

/// Write the standard file set into `dir`; returns the files written.
pub fn export_dir(ds: &Dataset, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    export::export_dir(ds, dir)
}

/// One workbook with a sheet per table; an existing `file` is replaced
/// only with `replace` (the caller has checked it may be).
pub fn export_xlsx(ds: &Dataset, file: &Path, replace: bool) -> anyhow::Result<()> {
    export::export_xlsx(ds, file, replace)
}
