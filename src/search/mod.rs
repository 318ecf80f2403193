//! Lookup: codes, names, pinyin (full, partial, initials, every reading of
//! a character), phone tails; ranked best first (SPEC §5 `lookup`).
//! OWNER: search helper. The signatures below are the contract.
//!
//! Ranking: the kind of match first — exact (the whole code, the whole
//! name, the whole name in pinyin or its initials, a phone's last digits),
//! then prefix, then partial ("fuzzy": anywhere in a code, a name or its
//! pinyin) — then people (contacts, deputies) before places, then code.
//!
//! `score` says the same in one number (higher is better):
//! exact 300, prefix 200, partial 100, plus 50 for a person. So a person's
//! exact match scores 350 and a place's partial match 100.

mod entries;

pub use entries::{contact_detail, deputy_detail};

use crate::i18n::Lang;
use crate::model::{fold_typed, Dataset};
use crate::model::{Kind, Text};
use entries::{Entry, Forms};
use ib_matcher::matcher::{IbMatcher, PinyinMatchConfig};
use ib_matcher::pinyin::{PinyinData, PinyinNotation};
use serde::Serialize;

/// One match, as `lookup --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// A cell, village, town, deputy, contact or station.
    pub kind: Kind,
    pub code: String,
    pub name: String,
    pub detail: String,
    pub score: u32,
}

/// How well a query matches one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Partial = 1,
    Prefix = 2,
    Exact = 3,
}

/// A query of at least this many digits also matches the end of a phone.
const PHONE_TAIL_DIGITS: usize = 4;

/// Everything lookup can find, prepared once (folded codes and names,
/// pinyin tables). It points into the dataset it was built from: searching
/// takes that same dataset.
pub struct SearchIndex {
    entries: Vec<Entry>,
    pinyin: PinyinData,
    /// The language of the hits' detail lines.
    lang: Lang,
}

/// Text as it sorts among names: each Chinese character as its (first)
/// pinyin, so a column of names sorts in pinyin order as a Chinese reader
/// expects, not by code point; other text as it is.
pub fn pinyin_sort_key(text: &str) -> std::borrow::Cow<'_, str> {
    use std::sync::OnceLock;
    static DATA: OnceLock<PinyinData> = OnceLock::new();
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let data = DATA.get_or_init(|| PinyinData::new(PinyinNotation::Ascii));
    let mut key = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match data
            .get_pinyins(c)
            .next()
            .and_then(|p| p.notation(PinyinNotation::Ascii))
        {
            Some(py) => {
                key.push_str(py);
                // Keeps 李 (li) + 安 apart from 连 (lian).
                key.push(' ');
            }
            None => key.push(c),
        }
    }
    std::borrow::Cow::Owned(key)
}

fn notations() -> PinyinNotation {
    PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter
}

impl SearchIndex {
    /// The index, with details (roles, levels, kinds) in English.
    pub fn build(ds: &Dataset) -> SearchIndex {
        SearchIndex::build_in(ds, Lang::En)
    }

    /// The language of its hits' detail lines.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The index, with details in the operator's language.
    pub fn build_in(ds: &Dataset, lang: Lang) -> SearchIndex {
        SearchIndex {
            entries: entries::collect(ds),
            pinyin: PinyinData::new(notations()),
            lang,
        }
    }

    /// How many things the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` matches for `query`, best first, in `ds`: the
    /// dataset the index was built from.
    pub fn search(&self, ds: &Dataset, query: &str, limit: usize) -> Vec<Hit> {
        self.find(ds, query, limit).hits
    }

    /// [`SearchIndex::search`], with how many things matched in all (the
    /// hits are the first `limit` of them): "… 44 more".
    pub fn find(&self, ds: &Dataset, query: &str, limit: usize) -> Found {
        let none = |_: &mut dyn FnMut(Person)| Ok::<_, std::convert::Infallible>(());
        let no_detail = |_: Kind, _: &str| Ok(String::new());
        let Ok(found) = self.find_with_people(ds, query, limit, none, no_detail);
        found
    }

    /// [`SearchIndex::find`] among the index's things and the people
    /// `people` offers, one at a time (the TUI reads them from the
    /// database: its index holds the places alone); `detail` gives the
    /// line beside each person among the hits (`entries::deputy_detail`,
    /// `contact_detail`). `ds` is the dataset the index was built from.
    pub fn find_with_people<E>(
        &self,
        ds: &Dataset,
        query: &str,
        limit: usize,
        people: impl FnOnce(&mut dyn FnMut(Person)) -> Result<(), E>,
        mut detail: impl FnMut(Kind, &str) -> Result<String, E>,
    ) -> Result<Found, E> {
        let query = fold_query(query);
        if query.is_empty() || limit == 0 {
            return Ok(Found::default());
        }
        let matchers = Matchers::new(&query, &self.pinyin);
        let digits =
            (query.len() >= PHONE_TAIL_DIGITS && query.bytes().all(|b| b.is_ascii_digit())).then_some(query.as_str());
        let mut found: Vec<(Tier, bool, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(k, e)| tier(&e.forms, e.fields(ds), &query, digits, &matchers).map(|t| (t, e.person(), k)))
            .collect();
        // The people offered that match, placed after the entries (k past
        // them): their kind, code and name kept, nothing of the others.
        let mut outside: Vec<(Kind, Text, Text)> = Vec::new();
        people(&mut |p: Person| {
            let fields = (p.code, p.name, p.phone);
            if let Some(t) = tier(&Forms::of(p.code, p.name), fields, &query, digits, &matchers) {
                found.push((t, true, self.entries.len() + outside.len()));
                outside.push((p.kind, p.code.into(), p.name.into()));
            }
        })?;
        let total = found.len();
        let code = |k: usize| match self.entries.get(k) {
            Some(e) => e.fields(ds).0,
            None => outside[k - self.entries.len()].1.as_str(),
        };
        let order = |a: &(Tier, bool, usize), b: &(Tier, bool, usize)| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then_with(|| code(a.2).cmp(code(b.2)))
                .then(a.2.cmp(&b.2))
        };
        // Only the hits shown need their order.
        if limit < found.len() {
            found.select_nth_unstable_by(limit, order);
            found.truncate(limit);
        }
        found.sort_by(order);
        let mut hits = Vec::with_capacity(found.len());
        for (t, person, k) in found {
            let score = t as u32 * 100 + if person { 50 } else { 0 };
            hits.push(match self.entries.get(k) {
                Some(e) => {
                    let (code, name, _) = e.fields(ds);
                    Hit {
                        kind: e.kind(ds),
                        code: code.to_string(),
                        name: name.to_string(),
                        detail: e.detail(ds, self.lang),
                        score,
                    }
                }
                None => {
                    let (kind, code, name) = &outside[k - self.entries.len()];
                    Hit {
                        kind: *kind,
                        code: code.to_string(),
                        name: name.to_string(),
                        detail: detail(*kind, code)?,
                        score,
                    }
                }
            });
        }
        Ok(Found { hits, total })
    }
}

/// A person offered to a lookup from outside its index (see
/// [`SearchIndex::find_with_people`]), as its row is read.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    /// A deputy or a contact.
    pub kind: Kind,
    pub code: &'a str,
    pub name: &'a str,
    pub phone: &'a str,
    /// A contact's cell ("" for a deputy).
    pub cell_code: &'a str,
}

/// The hits shown and how many matched in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Every match, the hits included.
    pub total: usize,
}

impl Found {
    /// How many matches are not among the hits.
    pub fn more(&self) -> usize {
        self.total.saturating_sub(self.hits.len())
    }
}

/// The longest query looked up, in characters once folded: no name or code
/// is near as long, and matching pinyin costs time with the square of the
/// query's length (100,000 characters took 38 s). A longer query is cut
/// here, so the TUI's lookup and the CLI's are cut alike.
pub const MAX_QUERY_CHARS: usize = 200;

/// A query as it is matched: without unsafe characters, NFKC-folded (the
/// full-width letters and digits of a Chinese input method are ASCII),
/// trimmed, lowercase, at most [`MAX_QUERY_CHARS`] characters.
fn fold_query(query: &str) -> String {
    // Folding reads the first 4 × the cap characters only, so a query of
    // 100,000 is not folded whole: what follows them could matter only to
    // a query of mostly blanks or combining marks.
    let head: String = query
        .chars()
        .filter(|c| !crate::model::is_unsafe(*c))
        .take(MAX_QUERY_CHARS * 4)
        .collect();
    let folded = fold_typed(&head).to_lowercase();
    folded
        .trim()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// The three pinyin-aware matchers of one query: whole name, start of the
/// name, anywhere in the name (the last two also accept a pinyin syllable
/// left unfinished at the end of the query, `wangli` → 王林…).
struct Matchers<'a> {
    exact: IbMatcher<'a>,
    prefix: IbMatcher<'a>,
    partial: IbMatcher<'a>,
}

impl<'a> Matchers<'a> {
    fn new(query: &str, data: &'a PinyinData) -> Matchers<'a> {
        let config = || PinyinMatchConfig::builder(notations()).data(data).build();
        Matchers {
            exact: IbMatcher::builder(query)
                .pinyin(config())
                .starts_with(true)
                .ends_with(true)
                .build(),
            prefix: IbMatcher::builder(query)
                .pinyin(config())
                .starts_with(true)
                .is_pattern_partial(true)
                .build(),
            partial: IbMatcher::builder(query)
                .pinyin(config())
                .is_pattern_partial(true)
                .analyze(true)
                .build(),
        }
    }
}

/// A code as a lowercase query meets it: folded ahead of time, or plain
/// ASCII compared ignoring case (no lowercase copy kept per entry).
enum Code<'a> {
    Folded(&'a str),
    Ascii(&'a str),
}

impl Code<'_> {
    fn is(&self, query: &str) -> bool {
        match self {
            Code::Folded(c) => *c == query,
            Code::Ascii(c) => c.eq_ignore_ascii_case(query),
        }
    }

    fn starts_with(&self, query: &str) -> bool {
        match self {
            Code::Folded(c) => c.starts_with(query),
            Code::Ascii(c) => {
                c.len() >= query.len() && c.as_bytes()[..query.len()].eq_ignore_ascii_case(query.as_bytes())
            }
        }
    }

    fn contains(&self, query: &str) -> bool {
        match self {
            Code::Folded(c) => c.contains(query),
            Code::Ascii(c) => {
                let q = query.as_bytes();
                !q.is_empty() && c.as_bytes().windows(q.len()).any(|w| w.eq_ignore_ascii_case(q))
            }
        }
    }
}

/// How `query` matches a thing of these forms whose row holds `(code, name, phone)`.
fn tier(
    e: &Forms,
    (code, name, phone): (&str, &str, &str),
    query: &str,
    digits: Option<&str>,
    m: &Matchers,
) -> Option<Tier> {
    let mut best = None;
    let mut better = |t: Tier| {
        if best.is_none_or(|b| b < t) {
            best = Some(t);
        }
    };
    let code = match e.code_folded() {
        Some(folded) => Code::Folded(folded),
        None => Code::Ascii(code),
    };
    if code.is(query) {
        return Some(Tier::Exact);
    }
    if let Some(d) = digits.filter(|_| !phone.is_empty()) {
        // Most phones are digits only; the others ("138 1234-5678") are
        // read without their separators.
        let phone_digits: std::borrow::Cow<str> = if phone.bytes().all(|b| b.is_ascii_digit()) {
            phone.into()
        } else {
            phone.chars().filter(char::is_ascii_digit).collect::<String>().into()
        };
        if phone_digits.ends_with(d) {
            return Some(Tier::Exact);
        }
        if phone_digits.contains(d) {
            better(Tier::Partial);
        }
    }
    if code.starts_with(query) {
        better(Tier::Prefix);
    } else if code.contains(query) {
        better(Tier::Partial);
    }
    let name = e.name_lower(name);
    if e.name_ascii {
        if name == query {
            return Some(Tier::Exact);
        } else if name.starts_with(query) {
            better(Tier::Prefix);
        } else if name.contains(query) {
            better(Tier::Partial);
        }
    } else if !name.is_empty() && m.partial.is_match(name) {
        if m.exact.is_match(name) {
            return Some(Tier::Exact);
        }
        better(if m.prefix.is_match(name) {
            Tier::Prefix
        } else {
            Tier::Partial
        });
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::model::{Contact, ContactRole, Deputy, DeputyLevel};

    fn deputy(code: &str, name: &str) -> Deputy {
        Deputy {
            code: code.into(),
            name: name.into(),
            level: DeputyLevel::County,
            district: "宁海街道第1选区".into(),
            phone: "13800001111".into(),
            sector: Text::default(),
            station_code: Text::default(),
            active: true,
        }
    }

    /// A dataset and its index, searched together.
    struct Indexed(Dataset, SearchIndex);

    impl Indexed {
        fn new(ds: Dataset) -> Indexed {
            let idx = SearchIndex::build(&ds);
            Indexed(ds, idx)
        }
        fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
            self.1.search(&self.0, query, limit)
        }
    }

    fn index(names: &[(&str, &str)]) -> Indexed {
        Indexed::new(Dataset {
            deputies: names.iter().map(|(c, n)| deputy(c, n)).collect(),
            ..Dataset::default()
        })
    }

    #[test]
    fn initials_full_and_partial_pinyin_find_the_name() {
        let idx = index(&[("D1", "王林汉"), ("D2", "王立新"), ("D3", "李文")]);
        for q in ["wlh", "wanglinhan", "WLH", "王林汉", "wanglh"] {
            let hits = idx.search(q, 5);
            assert_eq!(hits.first().map(|h| h.code.as_str()), Some("D1"), "{q}");
            assert_eq!(hits[0].score, 350, "{q}");
        }
        let hits = idx.search("wangl", 5);
        let codes: Vec<&str> = hits.iter().map(|h| h.code.as_str()).collect();
        assert_eq!(codes, ["D1", "D2"]);
        assert!(hits.iter().all(|h| h.score == 250));
        assert_eq!(idx.search("linh", 5).first().map(|h| h.score), Some(150));
    }

    #[test]
    fn every_reading_of_a_polyphonic_surname_matches() {
        let idx = index(&[("D1", "曾国藩"), ("D2", "单田芳"), ("D3", "解缙")]);
        assert_eq!(idx.search("zgf", 5)[0].code, "D1");
        assert_eq!(idx.search("cgf", 5)[0].code, "D1");
        assert_eq!(idx.search("stf", 5)[0].code, "D2");
        assert_eq!(idx.search("dtf", 5)[0].code, "D2");
        assert_eq!(idx.search("xiejin", 5)[0].code, "D3");
        assert_eq!(idx.search("jiejin", 5)[0].code, "D3");
    }

    #[test]
    fn no_match_and_empty_queries_give_nothing() {
        let idx = index(&[("D1", "王林汉")]);
        assert!(idx.search("qqq", 5).is_empty());
        assert!(idx.search("  ", 5).is_empty());
        assert!(idx.search("\u{1b}", 5).is_empty());
        assert!(idx.search("wlh", 0).is_empty());
    }

    #[test]
    fn find_counts_every_match_beyond_the_hits_shown() {
        let idx = index(&[("D1", "王林汉"), ("D2", "王立新"), ("D3", "王文"), ("D4", "李文")]);
        let found = idx.1.find(&idx.0, "王", 2);
        assert_eq!((found.hits.len(), found.total, found.more()), (2, 3, 1));
        assert_eq!(found.hits, idx.search("王", 2));
        assert_eq!(idx.1.find(&idx.0, "王", 10).more(), 0);
    }

    #[test]
    fn full_width_queries_and_names_fold_alike_and_a_long_query_is_cut() {
        let idx = index(&[("D1", "王林汉"), ("D2", "杜家村（社区）")]);
        assert_eq!(idx.search("ｗｌｈ", 5)[0].code, "D1");
        assert_eq!(idx.search("Ｄ１", 5)[0].code, "D1");
        assert_eq!(idx.search("杜家村(社区)", 5)[0].code, "D2");
        assert_eq!(fold_query(&"ａ".repeat(100_000)), "a".repeat(MAX_QUERY_CHARS));
        assert!(idx.search(&"wanglinhan".repeat(10_000), 5).is_empty());
    }

    #[test]
    fn control_characters_in_a_query_are_ignored() {
        let idx = index(&[("D1", "王林汉")]);
        assert_eq!(idx.search("w\u{1b}lh", 5).len(), 1);
    }

    #[test]
    fn phone_tail_is_an_exact_match_and_middle_digits_partial() {
        let ds = Dataset {
            contacts: vec![Contact {
                code: "C1".into(),
                name: "张三".into(),
                role: ContactRole::Secretary,
                phone: "138-1234-5678".into(),
                cell_code: "G1".into(),
                deputy_code: Text::default(),
                active: true,
            }],
            ..Dataset::default()
        };
        let idx = Indexed::new(ds);
        assert_eq!(idx.search("5678", 5)[0].score, 350);
        assert_eq!(idx.search("2345", 5)[0].score, 150);
        assert!(idx.search("678", 5).is_empty());
        assert!(idx.search("138****5678", 5).is_empty());
    }
}
