//! Lookup: codes, names, pinyin (full, partial, initials, every reading of
//! a character), phone tails; ranked best first (SPEC §5 `lookup`).
//! OWNER: search helper. The signatures below are the contract.

use crate::model::Dataset;
use serde::Serialize;

/// One match, as `lookup --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// `cell`/`village`/`town`/`deputy`/`contact`/`station`
    pub kind: &'static str,
    pub code: String,
    pub name: String,
    pub detail: String,
    pub score: u32,
}

/// Everything lookup can find, prepared once (pinyin computed ahead).
pub struct SearchIndex {}

impl SearchIndex {
    pub fn build(ds: &Dataset) -> SearchIndex {
        let _ = ds;
        SearchIndex {}
    }

    /// The best `limit` matches for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let _ = (query, limit);
        Vec::new()
    }
}
