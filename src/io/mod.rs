//! Import and export: CSV (UTF-8 or GB18030), XLSX, GeoJSON; English or
//! Chinese headers and values; validation with FILE:LINE: COLUMN errors.
//! OWNER: io helper. The signatures below are the contract.

use crate::i18n::Lang;
use crate::model::Dataset;
use crate::store::{ImportSet, Kind};
use std::path::{Path, PathBuf};

mod export;
mod json;
mod table_rows;

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
    let _ = (paths, kind, replace, existing, lang);
    Ok(ImportSet::default())
}

/// Write the standard file set into `dir`; returns the files written.
pub fn export_dir(ds: &Dataset, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    export::export_dir(ds, dir)
}

/// One workbook with a sheet per table.
pub fn export_xlsx(ds: &Dataset, file: &Path) -> anyhow::Result<()> {
    export::export_xlsx(ds, file)
}
