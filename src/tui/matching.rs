//! "Does this row match what the operator typed?": codes and names as
//! plain text (any case), Chinese names also by pinyin, full or initials
//! (`wlh` → 王林汉), every reading of a character.

use ib_matcher::matcher::{IbMatcher, PinyinMatchConfig};
use ib_matcher::pinyin::PinyinNotation;

/// Run `f` with a predicate that tells whether a text matches `query`.
/// An empty query matches everything.
pub fn with_matcher<R>(query: &str, f: impl FnOnce(&dyn Fn(&str) -> bool) -> R) -> R {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return f(&|_| true);
    }
    let matcher = IbMatcher::builder(q.as_str())
        .pinyin(PinyinMatchConfig::notations(
            PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter,
        ))
        .is_pattern_partial(true)
        .build();
    f(&|text: &str| matcher.is_match(text))
}

/// One-off check (tests, small lists).
pub fn matches(query: &str, text: &str) -> bool {
    with_matcher(query, |m| m(text))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn matches_codes_any_case_names_and_pinyin_initials() {
        assert!(matches("c00042", "C00042 王林汉"));
        assert!(matches("wlh", "D00036 王林汉"));
        assert!(matches("wanglin", "王林汉"));
        assert!(matches("", "anything"));
        assert!(!matches("zzz", "C00042 王林汉"));
    }
}
