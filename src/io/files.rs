//! Which files an import reads: paths as given, directories scanned for the
//! names they recognise, each with its kind and format, in dependency order.

use super::messages::{file_error, Problem};
use super::ImportError;
use crate::i18n::Lang;
use crate::store::Kind;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    GeoJson,
}

/// One file to read.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name as given, or as found in the directory.
    pub name: String,
    pub path: PathBuf,
    pub kind: Kind,
    pub format: Format,
}

pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(Format::Csv),
        "xlsx" | "xlsm" => Some(Format::Xlsx),
        "geojson" | "json" => Some(Format::GeoJson),
        _ => None,
    }
}

fn kind_of(path: &Path) -> Option<Kind> {
    Kind::parse(path.file_stem()?.to_str()?)
}

/// The files to import, sorted by kind in dependency order (then as found).
pub fn collect(paths: &[PathBuf], kind: Option<Kind>, lang: Lang, errors: &mut Vec<ImportError>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        if path.is_dir() {
            let found = scan_dir(path, kind, lang, errors);
            if found.is_empty() && errors.iter().all(|e| e.file != name) {
                errors.push(file_error(&name, &Problem::NothingToImport, lang));
            }
            inputs.extend(found);
            continue;
        }
        let Some(format) = format_of(path) else {
            errors.push(file_error(&name, &Problem::UnknownExtension, lang));
            continue;
        };
        match kind.or_else(|| kind_of(path)) {
            Some(k) => inputs.push(Input {
                name,
                path: path.clone(),
                kind: k,
                format,
            }),
            None => errors.push(file_error(&name, &Problem::UnknownKind, lang)),
        }
    }
    // The same file named twice (or found twice) is read once.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| seen.insert(std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    // Stable: within a kind, files stay in the order given or found.
    inputs.sort_by_key(|i| Kind::ALL.iter().position(|k| *k == i.kind));
    inputs
}

/// Every file of a directory (not its subdirectories) whose name tells its
/// kind and format; others (a README, an Excel lock file) are passed over.
fn scan_dir(dir: &Path, kind: Option<Kind>, lang: Lang, errors: &mut Vec<ImportError>) -> Vec<Input> {
    let name = dir.display().to_string();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(file_error(&name, &Problem::CannotRead(e.to_string()), lang));
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let format = format_of(&path)?;
            let k = kind.or_else(|| kind_of(&path))?;
            Some(Input {
                name: path.display().to_string(),
                path,
                kind: k,
                format,
            })
        })
        .collect()
}
