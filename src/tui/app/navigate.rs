//! Moving about: opening details, jumping to a finding's thing, what is
//! under the cursor (or in the detail) for an action to act on.

use super::*;

impl App {
    /// Enter: open the thing under the cursor.
    pub(super) fn open(&mut self) {
        if self.in_detail() {
            return self.open_cell_of_detail();
        }
        let detail = match self.view {
            View::Overview => None,
            View::Map => self.map.selected.clone().map(|c| (DetailKind::Cell, c)),
            View::Cells => self
                .tables
                .cells
                .current_code()
                .map(|c| (DetailKind::Cell, c.to_string())),
            View::Deputies => self
                .tables
                .deputies
                .current_code()
                .map(|c| (DetailKind::Deputy, c.to_string())),
            View::Contacts => self
                .tables
                .contacts
                .current_code()
                .map(|c| (DetailKind::Contact, c.to_string())),
            View::Suggestions => self
                .tables
                .suggestions
                .current_code()
                .map(|c| (DetailKind::Suggestion, c.to_string())),
            View::Stations => self
                .tables
                .stations
                .current_code()
                .map(|c| (DetailKind::Station, c.to_string())),
            View::Units => {
                self.list_unit_suggestions();
                None
            }
            View::Gaps => {
                if !self.tables.gaps.toggle_fold() {
                    self.jump_to_finding();
                }
                None
            }
        };
        if let Some((kind, code)) = detail {
            self.open_detail(kind, code);
        }
    }

    /// Show a detail, its rows read from the database; a station's with
    /// the cursor on its next rota slot.
    pub(super) fn open_detail(&mut self, kind: DetailKind, code: String) {
        let rows = self.rows_around(kind, &code);
        let cursor = match kind {
            DetailKind::Station => views::rota::current_slot(&rows, &code, self.snap.today),
            _ => 0,
        };
        self.overlays.push(Overlay::Detail(Detail {
            kind,
            code,
            scroll: 0,
            cursor,
            rows,
            read_at: self.generation(),
        }));
    }

    /// The rows around a thing of the year, as the database has them now
    /// (none when it cannot be read: the detail says what it can).
    pub(super) fn rows_around(&mut self, kind: DetailKind, code: &str) -> Arc<crate::model::Dataset> {
        match self.store.around(kind.around(), code, self.snap.today) {
            Ok(ds) => Arc::new(ds),
            Err(e) => {
                self.store_error(e);
                Arc::default()
            }
        }
    }

    /// `S`: choose the column to sort by (first-use #14: `o` had to be
    /// pressed up to eight times); the current one says which way it sorts.
    pub(super) fn start_sort_pick(&mut self) {
        let lang = self.lang;
        let Some(t) = self.table() else {
            return self.say(self.tr("此视图没有表格", "No table here"));
        };
        let items: Vec<PickItem> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let name = tr(lang, c.zh, c.en).to_string();
                let detail = match t.sort {
                    Some((col, desc)) if col == i => {
                        let now = if desc {
                            tr(lang, "现为降序", "now descending")
                        } else {
                            tr(lang, "现为升序", "now ascending")
                        };
                        format!("{now} · {}", tr(lang, "再选反向", "choose again to reverse"))
                    }
                    _ => String::new(),
                };
                PickItem {
                    code: i.to_string(),
                    search: format!("{name} {}", c.en),
                    label: name,
                    detail,
                    ..Default::default()
                }
            })
            .collect();
        let title = self.tr("按哪一列排序：", "Sort by:");
        self.push_fixed_picker(title, items, PickPurpose::SortBy, Seen::default());
    }

    /// From a rule's header in the Gaps table to its first finding shown.
    pub(super) fn off_gap_header(&mut self) {
        if self.tables.gaps.current().is_some_and(|r| r.banner)
            && self
                .tables
                .gaps
                .visible_row(self.tables.gaps.cursor + 1)
                .is_some_and(|r| !r.banner)
        {
            self.tables.gaps.move_by(1);
        }
    }

    /// Enter in a detail: the cell of the person or suggestion shown, with
    /// its deputies, contacts and pending suggestions (the reception desk:
    /// a constituent names a person, the operator needs their cell). A
    /// deputy covering several cells is asked which.
    pub(super) fn open_cell_of_detail(&mut self) {
        let Some(Overlay::Detail(d)) = self.overlays.last() else {
            return;
        };
        let (kind, code) = (d.kind, d.code.clone());
        let cells: Vec<String> = match kind {
            DetailKind::Contact => d
                .rows
                .contacts
                .iter()
                .filter(|c| c.code == code)
                .map(|c| c.cell_code.to_string())
                .collect(),
            DetailKind::Suggestion => d
                .rows
                .suggestions
                .iter()
                .filter(|s| s.code == code)
                .map(|s| s.cell_code.to_string())
                .collect(),
            DetailKind::Deputy => d
                .rows
                .assignments
                .iter()
                .filter(|a| a.deputy_code == code)
                .map(|a| a.cell_code.to_string())
                .collect(),
            DetailKind::Station => return self.attend_slot(),
            DetailKind::Cell => return,
        };
        match cells.as_slice() {
            [] => self.say(self.tr("没有联系网格", "No cell to open")),
            [cell] => self.goto(Kind::Cell, &cell.clone()),
            _ => {
                let items = cells
                    .iter()
                    .map(|c| PickItem {
                        code: c.clone(),
                        label: self.snap.cell_name(c),
                        search: format!("{c} {}", self.snap.cell_name(c)),
                        ..Default::default()
                    })
                    .collect();
                let title = match self.lang {
                    Lang::Zh => format!("打开 {} 联系的哪个网格：", self.person_name(&code)),
                    Lang::En => format!("Open which cell of {}:", self.person_name(&code)),
                };
                self.push_fixed_picker(title, items, PickPurpose::OpenCell, Seen::default());
            }
        }
    }

    /// Esc: close the top overlay, else clear the filter and selection.
    pub(super) fn back(&mut self) {
        if self.overlays.pop().is_some() {
            return;
        }
        if let Some(t) = self.table_mut() {
            // Esc with rows selected clears the selection first (SPEC §6
            // gives `x` to deactivating); the filter goes with the next.
            if !t.selected.is_empty() {
                t.selected.clear();
                self.message = None;
                return;
            }
            t.set_filter("");
        }
        if self.view == View::Suggestions {
            self.query.status = None;
            self.query.category = None;
            self.apply_suggestion_tags();
        }
        self.message = None;
    }

    /// Jump from a finding to the thing it names.
    pub(super) fn jump_to_finding(&mut self) {
        let Some(code) = self.tables.gaps.current_code().map(str::to_string) else {
            return;
        };
        let Some(f) = self.finding(&code).cloned() else { return };
        self.goto(f.kind, &f.code);
    }

    /// Show a thing of a kind: its view, with its detail open.
    pub(super) fn goto(&mut self, kind: Kind, code: &str) {
        let (view, detail) = match kind {
            Kind::Cell => (View::Cells, DetailKind::Cell),
            Kind::Deputy => (View::Deputies, DetailKind::Deputy),
            Kind::Contact => (View::Contacts, DetailKind::Contact),
            Kind::Suggestion => (View::Suggestions, DetailKind::Suggestion),
            Kind::Station => (View::Stations, DetailKind::Station),
            Kind::Village | Kind::Town => {
                self.switch(View::Cells);
                let name = self.snap.area_name(code);
                self.tables.cells.set_filter(&name);
                self.say(format!("{}: {name}", self.tr("已筛选村居", "Filtered to village")));
                return;
            }
            Kind::Territory => {
                self.say(format!("{} {code}", self.tr("无法打开", "Nothing to open for")));
                return;
            }
        };
        self.switch(view);
        if let Some(t) = self.table_mut() {
            if !t.select_code(code) {
                t.set_filter("");
                t.select_code(code);
            }
        }
        if view == View::Cells {
            self.map.selected = Some(code.to_string());
        }
        self.open_detail(detail, code.to_string());
    }

    /// A finding by the row code the Gaps table gives it.
    pub(super) fn finding(&self, row_code: &str) -> Option<&crate::coverage::Finding> {
        let n: usize = row_code.strip_prefix('#')?.parse().ok()?;
        self.snap.findings.get(n)
    }

    pub(super) fn detail_of(&self, kind: DetailKind) -> Option<String> {
        match self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Detail(d) => Some(d),
            _ => None,
        }) {
            Some(d) if d.kind == kind => Some(d.code.clone()),
            _ => None,
        }
    }

    pub(super) fn current_code_of(&self, view: View, kind: DetailKind) -> Option<String> {
        if let Some(c) = self.detail_of(kind) {
            return Some(c);
        }
        if self.view != view {
            return None;
        }
        self.table().and_then(|t| t.current_code()).map(str::to_string)
    }

    pub(super) fn contact_targets(&self) -> Vec<String> {
        if let Some(c) = self.detail_of(DetailKind::Contact) {
            return vec![c];
        }
        if self.view == View::Contacts {
            return self.tables.contacts.targets();
        }
        if self.view == View::Gaps {
            if let Some(f) = self.tables.gaps.current_code().and_then(|c| self.finding(c)) {
                if f.kind == Kind::Contact {
                    return vec![f.code.clone()];
                }
            }
        }
        Vec::new()
    }

    pub(super) fn current_cell(&self) -> Option<String> {
        if let Some(c) = self.detail_of(DetailKind::Cell) {
            return Some(c);
        }
        match self.view {
            View::Cells => self.tables.cells.current_code().map(str::to_string),
            View::Map => self.map.selected.clone(),
            _ => None,
        }
    }

    pub(super) fn current_deputy(&self) -> Option<String> {
        self.current_code_of(View::Deputies, DetailKind::Deputy)
    }

    pub(super) fn current_suggestion(&self) -> Option<String> {
        if let Some(c) = self.current_code_of(View::Suggestions, DetailKind::Suggestion) {
            return Some(c);
        }
        if self.view == View::Gaps {
            let f = self.tables.gaps.current_code().and_then(|c| self.finding(c))?;
            return (f.kind == Kind::Suggestion).then(|| f.code.clone());
        }
        None
    }

    /// Enter on a unit: the Suggestions view, showing those it handles.
    fn list_unit_suggestions(&mut self) {
        let Some(code) = self.tables.units.current_code().map(str::to_string) else {
            return;
        };
        self.switch(View::Suggestions);
        // All of them: what the unit's figures count, whatever was filtered.
        self.query = SuggestionQuery::default();
        self.tables.suggestions.set_filter("");
        self.filter_by_unit(Some(code));
    }

    /// `U` on Suggestions: a picker of the units (narrowed as typed), the
    /// first choice every unit.
    pub(super) fn start_unit_filter(&mut self) {
        let lang = self.lang;
        let now = self.query.unit.as_deref();
        let every = PickItem {
            code: String::new(),
            label: tr(lang, "全部承办单位", "Every unit").to_string(),
            search: "all every 全部".to_string(),
            detail: if now.is_none() {
                tr(lang, "当前", "now").to_string()
            } else {
                String::new()
            },
            ..Default::default()
        };
        let units = self.snap.dir.units.iter().zip(&self.snap.units).map(|(u, figures)| {
            // The year's figures, as the Units view counts them.
            let (received, overdue) = (figures.counts.received, figures.counts.overdue);
            let counts = match lang {
                Lang::Zh => format!("今年 {received} 件 · 超期 {overdue}"),
                Lang::En => format!("{received} this year · {overdue} overdue"),
            };
            let detail = if now == Some(u.code.as_str()) {
                format!("{} · {counts}", tr(lang, "当前", "now"))
            } else {
                counts
            };
            PickItem {
                code: u.code.to_string(),
                label: sanitize(&u.name),
                search: format!("{} {}", u.code, u.name),
                detail,
                ..Default::default()
            }
        });
        let items: Vec<PickItem> = std::iter::once(every).chain(units).collect();
        // The cursor on the unit shown now: Enter keeps it, arrows go to its neighbours.
        let at = items.iter().position(|i| Some(i.code.as_str()) == now).unwrap_or(0);
        let title = self.tr("按承办单位筛选：", "Suggestions of the unit:");
        self.push_fixed_picker(title, items, PickPurpose::FilterUnit, Seen::default());
        if let Some(Overlay::Picker { picker, .. }) = self.overlays.last_mut() {
            picker.move_by(at as isize);
        }
    }

    /// Show only the suggestions `unit` handles (None: every unit's), and
    /// say so.
    pub(super) fn filter_by_unit(&mut self, unit: Option<String>) {
        let text = match (&unit, self.lang) {
            (Some(code), Lang::Zh) => format!("{}（{code}）承办的意见建议；U 换单位", self.snap.unit_name(code)),
            (Some(code), Lang::En) => format!(
                "Suggestions handled by {} ({code}); U for another unit",
                self.snap.unit_name(code)
            ),
            (None, _) => self.tr("全部承办单位的意见建议", "Every unit's suggestions"),
        };
        self.query.unit = unit;
        self.apply_suggestion_tags();
        self.say(text);
    }

    pub(super) fn apply_suggestion_tags(&mut self) {
        let mut tags = Vec::new();
        if let Some(s) = self.query.status {
            tags.push(format!("status:{}", s.code()));
        }
        if let Some(c) = self.query.category {
            tags.push(format!("category:{}", c.code()));
        }
        if self.query.due_soon {
            tags.push(crate::tui::views::suggestions::DUE_SOON_TAG.to_string());
        }
        if let Some(unit) = &self.query.unit {
            tags.push(crate::tui::views::suggestions::unit_tag(unit));
        }
        self.tables.suggestions.tag_filter = tags;
        self.tables.suggestions.refresh();
        // The matches from the top (first-use #3: the cursor left at the
        // last row showed one match with the others scrolled off above).
        self.tables.suggestions.top();
    }
}
