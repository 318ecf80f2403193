//! A table's columns and rows, and how their values sort.

use crate::model::Text;
use std::cmp::Ordering;

#[derive(Debug, Clone)]
pub struct Column {
    pub zh: &'static str,
    pub en: &'static str,
    /// Display columns at 80 columns; the last column takes what is left.
    pub width: u16,
    /// How wide it may grow when the terminal is wider (its values are
    /// cut at `width`): names, villages, stations, roles.
    pub max: u16,
    pub numeric: bool,
}

impl Column {
    pub const fn text(zh: &'static str, en: &'static str, width: u16) -> Column {
        Column {
            zh,
            en,
            width,
            max: width,
            numeric: false,
        }
    }
    pub const fn number(zh: &'static str, en: &'static str, width: u16) -> Column {
        Column {
            zh,
            en,
            width,
            max: width,
            numeric: true,
        }
    }
    /// Let it grow to `max` columns when there is room.
    pub const fn grow(mut self, max: u16) -> Column {
        self.max = max;
        self
    }
}

/// How a row should stand out (besides its marks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Normal,
    Warn,
    Bad,
    Dim,
    /// A group's header row.
    Header,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The code of the thing on the row (the cursor follows it on reload).
    /// Codes are inline strings: no allocation apiece per row.
    pub code: Text,
    /// The cells and then the filter text, each ended by [`FIELD_END`],
    /// then the tags, each begun by [`TAG_START`], in one allocation: a
    /// province's tables hold hundreds of thousands of rows, and a string
    /// (or a list) apiece would cost more than the text itself.
    text: Box<str>,
    pub tone: Tone,
    /// A group header: its first cell is drawn across the whole row, and the
    /// rows after it (up to the next header) are its group. It shows when
    /// any of them passes the filter; a folded group shows only its header.
    pub banner: bool,
    /// Sorts after the rest whatever the column (an inactive deputy).
    pub sink: bool,
    /// The version of the database row it shows, as read (0: not a row a
    /// change from the screen is checked against).
    pub version: i64,
}

/// Ends each field of [`Row::text`]; a control character, so never in
/// shown text (data text is sanitised; one that slips in becomes a space).
const FIELD_END: char = '\u{1f}';

/// Begins each tag of [`Row::text`], after the fields: a control character
/// too, so the filter's text ends where the first tag begins.
const TAG_START: char = '\u{1e}';

/// `field` onto `text`, the two separators in it made spaces.
fn push_field(text: &mut String, field: &str) {
    text.extend(
        field
            .chars()
            .map(|c| if c == FIELD_END || c == TAG_START { ' ' } else { c }),
    );
}

impl Row {
    /// A row of `cells`, found by the `/` filter through its cells and
    /// `more`: the terms it is known by that are not shown (a phone's last
    /// digits, a cell's name). Shown text is not repeated there: at
    /// province scale that was a fifth of a table's memory.
    pub fn new(code: impl Into<Text>, cells: Vec<String>, more: &str) -> Row {
        let mut text = String::with_capacity(cells.iter().map(|c| c.len() + 1).sum::<usize>() + more.len() + 1);
        for field in cells.iter().map(String::as_str).chain([more]) {
            push_field(&mut text, field);
            text.push(FIELD_END);
        }
        Row {
            code: code.into(),
            text: text.into_boxed_str(),
            ..Row::default()
        }
    }

    /// Labels a view filters on (`status:replied`, `category:key`), in
    /// place of any it had.
    pub fn with_tags(mut self, tags: impl IntoIterator<Item = impl AsRef<str>>) -> Row {
        let mut text = String::from(self.search());
        for tag in tags {
            text.push(TAG_START);
            push_field(&mut text, tag.as_ref());
        }
        self.text = text.into_boxed_str();
        self
    }

    /// Its tags, in the order given.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        let tags = self.text.get(self.search().len()..).unwrap_or_default();
        tags.split(TAG_START).skip(1)
    }

    /// Whether it carries every one of `wanted`.
    pub fn has_tags(&self, wanted: &[impl AsRef<str>]) -> bool {
        wanted.iter().all(|w| self.tags().any(|t| t == w.as_ref()))
    }

    pub fn with_tone(mut self, tone: Tone) -> Row {
        self.tone = tone;
        self
    }

    /// The version of the database row shown (see [`Row::version`]).
    pub fn with_version(mut self, version: i64) -> Row {
        self.version = version;
        self
    }

    /// Sort it after the rows that are not sunk, in any sort.
    pub fn with_sink(mut self, sink: bool) -> Row {
        self.sink = sink;
        self
    }

    /// Make it a group header (see [`Row::banner`]) or not.
    pub fn with_banner(mut self, banner: bool) -> Row {
        self.banner = banner;
        self
    }

    fn fields(&self) -> impl Iterator<Item = &str> {
        self.search().split_terminator(FIELD_END)
    }

    /// The cells, in column order.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        let n = self.fields().count().saturating_sub(1);
        self.fields().take(n)
    }

    /// Cell `i`, None past the last.
    pub fn cell(&self, i: usize) -> Option<&str> {
        let mut fields = self.fields();
        let cell = fields.nth(i)?;
        // The filter text comes last: a field after this one makes it a cell.
        fields.next().map(|_| cell)
    }

    /// What the `/` filter searches: every cell, then the terms not shown
    /// (fields apart by a control character no query holds).
    pub fn search(&self) -> &str {
        match self.text.find(TAG_START) {
            Some(end) => &self.text[..end],
            None => &self.text,
        }
    }
}

/// A value as it sorts: Chinese text by its pinyin (丁 ding after 白 bai),
/// the rest as it is.
pub(super) type SortText<'a> = std::borrow::Cow<'a, str>;

pub(super) fn sort_text(text: &str) -> SortText<'_> {
    crate::search::pinyin_sort_key(text)
}

/// The order of two values of a column: as numbers in a numeric one,
/// reversed when `desc`.
pub(super) fn compare(a: Option<&str>, b: Option<&str>, numeric: bool, desc: bool) -> Ordering {
    let ord = ascending(a, b, numeric);
    if desc {
        ord.reverse()
    } else {
        ord
    }
}

pub(super) fn ascending(a: Option<&str>, b: Option<&str>, numeric: bool) -> Ordering {
    let (a, b) = (a.unwrap_or(""), b.unwrap_or(""));
    if numeric {
        let num = |s: &str| s.trim().trim_end_matches(['%', '!', '×', ' ']).parse::<f64>().ok();
        match (num(a), num(b)) {
            (Some(x), Some(y)) => return x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            (Some(_), None) => return Ordering::Less,
            (None, Some(_)) => return Ordering::Greater,
            _ => {}
        }
    }
    a.cmp(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_come_back_apart_from_the_cells_and_the_filter_text() {
        let row =
            Row::new("C1", vec!["王林汉".into(), "a\u{1e}b".into()], "5678").with_tags(["active", "rule:x\u{1f}y"]);
        assert_eq!(row.cells().collect::<Vec<_>>(), ["王林汉", "a b"]);
        assert_eq!(row.cell(1), Some("a b"));
        assert_eq!(row.cell(2), None);
        assert_eq!(row.tags().collect::<Vec<_>>(), ["active", "rule:x y"]);
        assert!(!row.search().contains("active"));
        assert!(row.search().contains("5678"));
        assert!(row.has_tags(&["active"]));
        assert!(row.has_tags(&[] as &[&str]));
        assert!(!row.has_tags(&["active", "inactive"]));
        let retagged = row.with_tags(["inactive"]);
        assert_eq!(retagged.tags().collect::<Vec<_>>(), ["inactive"]);
        assert_eq!(Row::new("C2", vec![], "").tags().count(), 0);
    }

    #[test]
    fn a_row_takes_no_more_than_its_code_its_text_and_a_few_flags() {
        assert!(std::mem::size_of::<Row>() <= 56, "{}", std::mem::size_of::<Row>());
    }
}
