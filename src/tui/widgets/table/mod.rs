//! A table with a cursor, multi-select, sort by any column and a text
//! filter (codes, names, pinyin). A small table's rows are prepared once
//! per change; a paged one (contacts, suggestions, cells, deputies) holds
//! the codes of its rows in order and the rows of a window around what is
//! drawn (`tui::pages` fills it). Either way the view draws only the rows
//! that fit.

use crate::model::Text;
use crate::tui::matching::with_matcher;
use std::collections::BTreeSet;

mod render;
mod row;

use crate::model::Packed;
pub use render::tone_style;
use row::{compare, sort_text, SortText};
pub use row::{Column, Row, Tone};

#[derive(Debug, Clone, Default)]
pub struct TableState {
    pub columns: Vec<Column>,
    rows: Vec<Row>,
    /// Indices into `rows` after filter and sort, in display order.
    visible: Vec<usize>,
    /// For each row, the index of its group's header row (0 without groups).
    group: Vec<usize>,
    /// Codes of the header rows whose groups are folded.
    pub folded: BTreeSet<String>,
    pub cursor: usize,
    pub offset: usize,
    /// Column and descending.
    pub sort: Option<(usize, bool)>,
    pub filter: String,
    /// Every tag here must be on a row for it to show.
    pub tag_filter: Vec<String>,
    pub selected: BTreeSet<String>,
    /// Rows the last draw had room for (for paging).
    pub page: usize,
    /// The data is still being read (an empty table says so).
    pub loading: bool,
    /// Columns scrolled off to the left (after the first, which stays).
    pub hscroll: usize,
    /// Whether the last draw left columns out or cut to the right.
    more_right: bool,
    /// The code to put the cursor on when the rows come (asked for while
    /// they were not there, or held from before the data changed).
    resume: Option<String>,
    /// A paged table's keyset: the codes of the rows shown, in order.
    /// `rows` then holds the rows from `window_start` on, not every row.
    paged: Option<Paging>,
}

#[derive(Debug, Clone, Default)]
struct Paging {
    keys: Packed,
    window_start: usize,
    /// The keys no longer follow the filter, sort or data: rebuild them
    /// before the next draw.
    stale: bool,
    /// Every row, in code order, for a filter or sort: made once (or
    /// ahead, while the view is shown), then each key typed in the filter
    /// only matches (a province's 200,000 rows take half a second to read
    /// and format, a tenth to match). Dropped when the data changes and
    /// when the view is left.
    corpus: Vec<Row>,
}

impl TableState {
    pub fn new(columns: Vec<Column>) -> TableState {
        TableState {
            columns,
            page: 10,
            ..Default::default()
        }
    }

    /// A table read a window at a time: its keys come with
    /// [`TableState::set_keys`], its rows with [`TableState::set_window`].
    pub fn paged(columns: Vec<Column>) -> TableState {
        TableState {
            paged: Some(Paging {
                stale: true,
                ..Paging::default()
            }),
            ..TableState::new(columns)
        }
    }

    /// Whether a paged table's keys must be rebuilt.
    pub fn keys_stale(&self) -> bool {
        self.paged.as_ref().is_some_and(|p| p.stale)
    }

    /// The data changed under a paged table: rebuild its keys and rows,
    /// keeping the cursor on its code.
    pub fn data_changed(&mut self) {
        if self.resume.is_none() {
            self.resume = self.current_code().map(str::to_string);
        }
        if let Some(p) = &mut self.paged {
            p.stale = true;
            p.corpus = Vec::new();
        }
        self.rows = Vec::new();
    }

    /// The rows of these codes changed under a paged table: `found` (those
    /// still there, in code order) replace or join those kept for a filter
    /// or sort, the others leave them; the keys are made again (from those
    /// rows, or read again), the cursor staying on its code.
    pub fn rows_changed(&mut self, codes: &[&str], found: Vec<Row>) {
        if self.resume.is_none() {
            self.resume = self.current_code().map(str::to_string);
        }
        let Some(p) = &mut self.paged else { return };
        if !p.corpus.is_empty() {
            for &code in codes {
                if found.binary_search_by(|r| r.code.as_str().cmp(code)).is_err() {
                    if let Ok(i) = p.corpus.binary_search_by(|r| r.code.as_str().cmp(code)) {
                        p.corpus.remove(i);
                    }
                }
            }
            for row in found {
                match p.corpus.binary_search_by(|r| r.code.cmp(&row.code)) {
                    Ok(i) => p.corpus[i] = row,
                    Err(i) => p.corpus.insert(i, row),
                }
            }
        }
        p.stale = true;
        self.rows = Vec::new();
    }

    /// The database changed under a paged table, but none of its rows: the
    /// rows shown are read again for the next frame (the names beside
    /// codes may have changed); its keys stand.
    pub fn window_changed(&mut self) {
        if self.paged.is_some() {
            self.rows = Vec::new();
        }
    }

    /// Whether a paged table holds every row for its filter or sort.
    pub fn has_corpus(&self) -> bool {
        self.paged.as_ref().is_some_and(|p| !p.corpus.is_empty())
    }

    /// How many rows a paged table keeps for its filter or sort.
    pub fn corpus_len(&self) -> usize {
        self.paged.as_ref().map_or(0, |p| p.corpus.len())
    }

    /// Every row a paged table could show, in code order (see [`Paging::corpus`]).
    pub fn set_corpus(&mut self, rows: Vec<Row>) {
        if let Some(p) = &mut self.paged {
            p.corpus = rows;
        }
    }

    /// Let go of the rows kept for a filter or sort (the keys stay).
    pub fn drop_corpus(&mut self) {
        if let Some(p) = &mut self.paged {
            p.corpus = Vec::new();
        }
    }

    /// A paged table's rows in order, by code: the cursor goes to the code
    /// asked for (or the one it was on when the data changed), else stays
    /// where it was. The window is emptied.
    pub fn set_keys(&mut self, keys: Packed) {
        let Some(p) = &mut self.paged else { return };
        p.keys = keys;
        p.window_start = 0;
        p.stale = false;
        self.rows = Vec::new();
        if self.filter.is_empty() && self.tag_filter.is_empty() && !self.selected.is_empty() {
            // Unfiltered, the keys are every row: a selected one gone is gone.
            let codes: std::collections::HashSet<&str> = p.keys.iter().collect();
            self.selected.retain(|c| codes.contains(c.as_str()));
        }
        self.clamp();
        if let Some(code) = self.resume.take() {
            self.select_code(&code);
        }
    }

    /// The positions whose rows a draw of the current page needs and the
    /// window lacks: a page before and after the one shown too, so that
    /// moving row by row reads again once a page, not once a row. None
    /// when nothing is missing (or the table is not paged).
    pub fn window_needed(&mut self) -> Option<std::ops::Range<usize>> {
        let page = self.page.max(1);
        self.scroll(page);
        let p = self.paged.as_ref()?;
        let shown = self.offset..(self.offset + page).min(p.keys.len());
        let held = p.window_start..p.window_start + self.rows.len();
        if shown.start >= held.start && shown.end <= held.end {
            return None;
        }
        Some(self.offset.saturating_sub(page)..(self.offset + 2 * page).min(p.keys.len()))
    }

    /// The codes at these positions of a paged table.
    pub fn keys_in(&self, range: std::ops::Range<usize>) -> Vec<&str> {
        self.paged.as_ref().map(|p| p.keys.range(range)).unwrap_or_default()
    }

    /// A paged table's rows for the positions from `start` on.
    pub fn set_window(&mut self, start: usize, rows: Vec<Row>) {
        if let Some(p) = &mut self.paged {
            p.window_start = start;
            self.rows = rows;
        }
    }

    /// Replace the rows, keeping the cursor on the same code when it is still there.
    pub fn set_rows(&mut self, rows: Vec<Row>) {
        let keep = self.current_code().map(str::to_string).or(self.resume.take());
        self.rows = rows;
        let mut head = 0;
        self.group = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if r.banner {
                    head = i;
                }
                head
            })
            .collect();
        let codes: BTreeSet<&str> = self.rows.iter().map(|r| r.code.as_str()).collect();
        self.selected.retain(|c| codes.contains(c.as_str()));
        self.refresh();
        if let Some(code) = keep {
            self.select_code(&code);
        }
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Recompute what shows after a change of filter or sort (a paged
    /// table's keys are rebuilt before the next draw).
    pub fn refresh(&mut self) {
        if let Some(p) = &mut self.paged {
            p.stale = true;
            self.rows = Vec::new();
            return;
        }
        let rows = &self.rows;
        let tags = &self.tag_filter;
        let folded = &self.folded;
        let mut visible: Vec<usize> = with_matcher(&self.filter, |m| {
            let mut out = Vec::new();
            // The current group's header and whether it is already shown.
            let mut head: Option<(usize, bool)> = None;
            for (i, r) in rows.iter().enumerate() {
                if r.banner {
                    head = Some((i, false));
                    continue;
                }
                if !(r.has_tags(tags) && m(r.search())) {
                    continue;
                }
                if let Some((h, shown)) = head.as_mut() {
                    if !*shown {
                        out.push(*h);
                        *shown = true;
                    }
                    if rows.get(*h).is_some_and(|b| folded.contains(b.code.as_str())) {
                        continue;
                    }
                }
                out.push(i);
            }
            out
        });
        if let Some((col, desc)) = self.sort {
            let numeric = self.columns.get(col).is_some_and(|c| c.numeric);
            let group = &self.group;
            let group_of = |i: usize| group.get(i).copied().unwrap_or(0);
            // Each row's value in the column, found once rather than per comparison.
            let key: Vec<Option<SortText>> = rows.iter().map(|r| r.cell(col).map(sort_text)).collect();
            // Rows sort within their group; a header stays on top of it.
            visible.sort_by(|&a, &b| {
                group_of(a)
                    .cmp(&group_of(b))
                    .then(rows[b].banner.cmp(&rows[a].banner))
                    .then(rows[a].sink.cmp(&rows[b].sink))
                    .then_with(|| compare(key[a].as_deref(), key[b].as_deref(), numeric, desc))
            });
        }
        self.visible = visible;
        self.clamp();
    }

    /// A paged table's keys from its corpus (every row it could show, in
    /// code order): those that pass its filter and tags, in its sort
    /// order, the same as [`TableState::refresh`] orders held rows (ties
    /// keep the code order).
    pub fn order_keys(&self) -> Packed {
        let Some(p) = &self.paged else { return Packed::default() };
        let tags = &self.tag_filter;
        let passes = |r: &Row, m: &dyn Fn(&str) -> bool| r.has_tags(tags) && m(r.search());
        let Some((col, desc)) = self.sort else {
            // In code order, the codes go straight into the keys: at
            // province a list of the rows kept beside them was 6 MB more.
            return with_matcher(&self.filter, |m| {
                p.corpus
                    .iter()
                    .filter(|r| passes(r, m))
                    .map(|r| r.code.as_str())
                    .collect()
            });
        };
        let kept: Vec<&Row> = with_matcher(&self.filter, |m| p.corpus.iter().filter(|r| passes(r, m)).collect());
        let numeric = self.columns.get(col).is_some_and(|c| c.numeric);
        // Each row's value in the column, found once rather than per comparison.
        let mut keyed: Vec<(bool, Option<SortText>, &Text)> = kept
            .iter()
            .map(|r| (r.sink, r.cell(col).map(sort_text), &r.code))
            .collect();
        keyed.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| compare(a.1.as_deref(), b.1.as_deref(), numeric, desc))
        });
        keyed.into_iter().map(|(_, _, code)| code.as_str()).collect()
    }

    fn clamp(&mut self) {
        let len = self.visible_len();
        if len == 0 {
            self.cursor = 0;
            self.offset = 0;
        } else if self.cursor >= len {
            self.cursor = len - 1;
        }
    }

    pub fn visible_len(&self) -> usize {
        match &self.paged {
            Some(p) => p.keys.len(),
            None => self.visible.len(),
        }
    }

    /// The row shown at position `n` (for a paged table, when the window holds it).
    pub fn visible_row(&self, n: usize) -> Option<&Row> {
        match &self.paged {
            Some(p) => n.checked_sub(p.window_start).and_then(|i| self.rows.get(i)),
            None => self.visible.get(n).and_then(|&i| self.rows.get(i)),
        }
    }

    pub fn current(&self) -> Option<&Row> {
        self.visible_row(self.cursor)
    }

    /// The row of this code among those held (a paged table's window).
    pub fn row_of(&self, code: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.code.as_str() == code)
    }

    pub fn current_code(&self) -> Option<&str> {
        match &self.paged {
            Some(p) if !p.stale => p.keys.get(self.cursor),
            Some(_) => None,
            None => self.current().map(|r| r.code.as_str()),
        }
    }

    /// Put the cursor on a code; false when it is not shown. Asked before
    /// the rows have come (or while a paged table's keys are out of date),
    /// it is where the cursor goes when they come.
    pub fn select_code(&mut self, code: &str) -> bool {
        if let Some(p) = &self.paged {
            if p.stale {
                self.resume = Some(code.to_string());
                return true;
            }
            return match p.keys.iter().position(|k| k == code) {
                Some(n) => {
                    self.cursor = n;
                    true
                }
                None => false,
            };
        }
        if self.rows.is_empty() {
            self.resume = Some(code.to_string());
            return false;
        }
        match self.visible.iter().position(|&i| self.rows[i].code == code) {
            Some(p) => {
                self.cursor = p;
                true
            }
            None => false,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.visible_len() == 0 {
            return;
        }
        let max = self.visible_len() as isize - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, max) as usize;
    }

    pub fn top(&mut self) {
        self.cursor = 0;
    }

    pub fn bottom(&mut self) {
        self.cursor = self.visible_len().saturating_sub(1);
    }

    /// Fold or unfold the group whose header is under the cursor; false
    /// when the cursor is not on a header.
    pub fn toggle_fold(&mut self) -> bool {
        let Some(row) = self.current().filter(|r| r.banner) else {
            return false;
        };
        let code = row.code.clone();
        if !self.folded.remove(code.as_str()) {
            self.folded.insert(code.to_string());
        }
        self.refresh();
        self.select_code(&code);
        true
    }

    /// Rows shown that are not group headers.
    pub fn item_count(&self) -> usize {
        if let Some(p) = &self.paged {
            return p.keys.len();
        }
        self.visible
            .iter()
            .filter(|&&i| self.rows.get(i).is_some_and(|r| !r.banner))
            .count()
    }

    pub fn toggle_selected(&mut self) {
        if let Some(code) = self.current_code().map(str::to_string) {
            if !self.selected.remove(&code) {
                self.selected.insert(code);
            }
        }
    }

    /// The selected codes, or the one under the cursor when none is selected.
    pub fn targets(&self) -> Vec<String> {
        if self.selected.is_empty() {
            self.current_code().map(|c| vec![c.to_string()]).unwrap_or_default()
        } else {
            self.selected.iter().cloned().collect()
        }
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        self.refresh();
    }

    /// Sort by the next column (ascending), wrapping to unsorted.
    pub fn sort_next(&mut self) {
        self.sort = match self.sort {
            None => Some((0, false)),
            Some((c, _)) if c + 1 < self.columns.len() => Some((c + 1, self.columns[c + 1].numeric)),
            Some(_) => None,
        };
        self.refresh();
    }

    /// Sort by column `col` (numbers largest first, text A–Z); chosen
    /// again, the order reverses.
    pub fn sort_by(&mut self, col: usize) {
        if col >= self.columns.len() {
            return;
        }
        self.sort = match self.sort {
            Some((c, d)) if c == col => Some((c, !d)),
            _ => Some((col, self.columns[col].numeric)),
        };
        self.refresh();
    }

    pub fn sort_reverse(&mut self) {
        self.sort = Some(match self.sort {
            None => (0, true),
            Some((c, d)) => (c, !d),
        });
        self.refresh();
    }

    /// Scroll the columns sideways: `delta` columns (after the first,
    /// which stays); right only while some are left out or cut.
    pub fn scroll_columns(&mut self, delta: isize) {
        if delta < 0 {
            self.hscroll = self.hscroll.saturating_sub(delta.unsigned_abs());
        } else if self.more_right {
            let last = self.columns.len().saturating_sub(2);
            self.hscroll = (self.hscroll + delta as usize).min(last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> TableState {
        let mut t = TableState::new(vec![Column::text("编码", "Code", 8), Column::number("数", "N", 4)]);
        let row = |c: &str, n: &str, s: &str| Row::new(c, vec![c.into(), n.into()], s);
        t.set_rows(vec![
            row("A1", "10", "A1 王林汉"),
            row("A2", "9", "A2 李明"),
            row("A3", "100", "A3 张三"),
        ]);
        t
    }

    #[test]
    fn filters_by_pinyin_and_keeps_the_cursor_on_its_code() {
        let mut t = table();
        t.move_by(1);
        assert_eq!(t.current_code(), Some("A2"));
        t.set_filter("lm");
        assert_eq!(t.visible_len(), 1);
        assert_eq!(t.current_code(), Some("A2"));
        t.set_filter("");
        assert_eq!(t.visible_len(), 3);
    }

    #[test]
    fn numeric_columns_sort_as_numbers() {
        let mut t = table();
        t.sort = Some((1, false));
        t.refresh();
        let order: Vec<_> = (0..3)
            .filter_map(|i| t.visible_row(i))
            .map(|r| r.code.clone())
            .collect();
        assert_eq!(order, ["A2", "A1", "A3"]);
    }

    #[test]
    fn group_headers_show_with_their_matching_rows_and_fold() {
        let mut t = TableState::new(vec![Column::text("编码", "Code", 8)]);
        let head = |c: &str| Row::new(c, vec![c.into()], "").with_banner(true);
        let row = |c: &str| Row::new(c, vec![c.into()], c);
        t.set_rows(vec![head("rule:a"), row("A1"), row("A2"), head("rule:b"), row("B1")]);
        assert_eq!(t.visible_len(), 5);
        assert_eq!(t.item_count(), 3);
        t.set_filter("B1");
        let shown: Vec<_> = (0..t.visible_len())
            .filter_map(|i| t.visible_row(i))
            .map(|r| r.code.clone())
            .collect();
        assert_eq!(shown, ["rule:b", "B1"]);
        t.set_filter("");
        assert!(t.toggle_fold());
        assert_eq!(t.current_code(), Some("rule:a"));
        let shown: Vec<_> = (0..t.visible_len())
            .filter_map(|i| t.visible_row(i))
            .map(|r| r.code.clone())
            .collect();
        assert_eq!(shown, ["rule:a", "rule:b", "B1"]);
        t.move_by(2);
        assert!(!t.toggle_fold(), "B1 is not a header");
    }

    #[test]
    fn a_row_gives_back_its_cells_and_filter_text_whatever_they_hold() {
        let r = Row::new("C1", vec!["C1".into(), String::new(), "a\u{1f}b".into()], "C1 王林汉");
        assert_eq!(
            [r.cell(0), r.cell(1), r.cell(2), r.cell(3)],
            [Some("C1"), Some(""), Some("a b"), None]
        );
        assert_eq!(r.search(), "C1\u{1f}\u{1f}a b\u{1f}C1 王林汉\u{1f}");
        let empty = Row::new("X", vec![], "");
        assert_eq!((empty.cell(0), empty.search()), (None, "\u{1f}"));
    }

    #[test]
    fn targets_are_the_selection_or_the_cursor_row() {
        let mut t = table();
        assert_eq!(t.targets(), ["A1"]);
        t.toggle_selected();
        t.move_by(2);
        t.toggle_selected();
        assert_eq!(t.targets(), ["A1", "A3"]);
    }
}
