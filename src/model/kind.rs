//! The kinds of things a finding, a lookup hit or a jump names: one enum,
//! so code that goes from a kind to a view or a label is an exhaustive
//! match the compiler checks, not a string compared in several files.

use crate::i18n::{tr, Lang};
use serde::Serialize;

/// A kind of record (or, for `Territory`, the county's boundary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Cell,
    Village,
    Town,
    Deputy,
    Contact,
    Station,
    Suggestion,
    Territory,
}

impl Kind {
    /// The stable English word (JSON, CSV, the `gaps` and `lookup` tables).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Cell => "cell",
            Kind::Village => "village",
            Kind::Town => "town",
            Kind::Deputy => "deputy",
            Kind::Contact => "contact",
            Kind::Station => "station",
            Kind::Suggestion => "suggestion",
            Kind::Territory => "territory",
        }
    }

    /// The word in the operator's language.
    pub fn label(self, lang: Lang) -> &'static str {
        let zh = match self {
            Kind::Cell => "网格",
            Kind::Village => "村居",
            Kind::Town => "镇街",
            Kind::Deputy => "代表",
            Kind::Contact => "联络员",
            Kind::Station => "联络站",
            Kind::Suggestion => "意见建议",
            Kind::Territory => "辖区",
        };
        tr(lang, zh, self.code())
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_serialises_as_its_code() {
        for k in [Kind::Cell, Kind::Town, Kind::Suggestion, Kind::Territory] {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.code()));
        }
        assert_eq!(Kind::Contact.label(Lang::Zh), "联络员");
        assert_eq!(Kind::Contact.label(Lang::En), "contact");
    }
}
