//! The router: an action goes to the overlay on top, else to the view.

use super::*;

impl App {
    /// Carry out one action: refused first when it writes and cannot now,
    /// then to the overlay or line on top, else to the view.
    pub fn dispatch(&mut self, action: Action) {
        if let Some(refusal) = self.refusal(action) {
            self.message = Some(refusal);
            return;
        }
        match self.context() {
            Context::Filter => self.filter_action(action),
            Context::Picker => self.picker_action(action),
            Context::Confirm => self.confirm_action(action),
            Context::Form => self.form_action(action),
            Context::Help => self.help_action(action),
            _ => self.view_action(action),
        }
    }

    /// Why a writing action cannot run now (the first snapshot is still
    /// being read, or the database is read-only), as the status line says
    /// it. (A later snapshot's read makes nothing wait: changes, pickers
    /// and lookups read the database.)
    fn refusal(&self, action: Action) -> Option<Message> {
        if !action.writes() {
            return None;
        }
        if self.loading() && self.snap.dir.cells.is_empty() {
            let text = self.tr("正在读取数据，请稍候", "Still reading the data: a moment, please");
            return Some(Message { text, error: false });
        }
        let why = self.read_only()?;
        let text = format!(
            "{}: {} ({why})",
            self.tr("只读模式", "Read-only"),
            action.about(self.lang)
        );
        Some(Message { text, error: true })
    }

    /// An action on the view shown (or the detail over it).
    fn view_action(&mut self, action: Action) {
        use Action::*;
        if let Some(view) = View::ALL.into_iter().find(|v| v.action() == action) {
            return self.switch(view);
        }
        match action {
            Quit => self.wants.quit = true,
            Help => self.overlays.push(Overlay::Help { scroll: 0 }),
            LookupOpen => self.open_lookup(),
            FilterOpen => self.open_filter(),
            Undo => self.undo(),
            Refresh => {
                // Everything shown is read again (tests/tui_refresh.rs:
                // what a fresh start shows).
                self.changed();
                self.say(self.tr("已刷新", "Refreshed"));
            }
            MoveUp | MoveDown | MoveLeft | MoveRight | PageUp | PageDown | MoveTop | MoveBottom => {
                self.movement(action)
            }
            Open => self.open(),
            OpenCell => self.open_cell_of_detail(),
            Back => self.back(),
            SelectToggle | SelectClear | SortNext | SortReverse => self.table_action(action),
            SortPick => self.start_sort_pick(),
            ReportWrite => self.start_report(),
            ContactsReassign | ContactsMove | CellsAssign | DeputiesHandover | SuggestionsAdd | SuggestionsAdvance
            | StationsRecord | GapsFix | RecordsEdit | RecordsNew | RecordsToggleActive | RecordsHistory
            | RotaAttend => self.start_change(action),
            SuggestionsFilterStatus => {
                self.query.status = cycle(Status::ALL, self.query.status);
                self.apply_suggestion_tags();
            }
            SuggestionsFilterCategory => {
                self.query.category = cycle(Category::ALL, self.query.category);
                self.apply_suggestion_tags();
            }
            SuggestionsFilterDue => {
                self.query.due_soon = !self.query.due_soon;
                self.apply_suggestion_tags();
            }
            SuggestionsFilterUnit => self.start_unit_filter(),
            MapZoomIn | MapZoomOut | MapPanLeft | MapPanRight | MapPanUp | MapPanDown | MapReset => {
                self.map_action(action)
            }
            ViewOverview | ViewCells | ViewMap | ViewDeputies | ViewContacts | ViewSuggestions | ViewStations
            | ViewGaps | ViewUnits | FormNext | FormPrev | FormChoiceNext | FormChoicePrev | ConfirmYes | ConfirmNo => {
            }
        }
    }

    /// The global lookup, empty, over everything.
    fn open_lookup(&mut self) {
        let title = self.tr(
            "全局查找：网格、村居、代表、联络员、联络站",
            "Lookup: cells, villages, people, stations",
        );
        let mut picker = Picker::new(title, Vec::new());
        picker.show_all();
        self.overlays.push(Overlay::Picker {
            picker,
            purpose: PickPurpose::Lookup,
            source: PickSource::Lookup,
            seen: Seen::default(),
        });
    }

    /// `/`: type a filter for the table shown.
    fn open_filter(&mut self) {
        if let Some(n) = self
            .table()
            .filter(|_| !self.in_detail())
            .map(|t| t.filter.chars().count())
        {
            self.typing.filtering = true;
            self.typing.filter_cursor = n;
            // The old text is selected: typing replaces it.
            self.typing.filter_selected = n > 0;
        } else {
            self.say(self.tr(
                "此视图没有筛选；按 2 看网格表",
                "No filter here; 2 shows the cells table",
            ));
        }
    }

    /// Selection and sorting in the table shown.
    fn table_action(&mut self, action: Action) {
        let Some(t) = self.table_mut() else { return };
        match action {
            Action::SelectToggle => {
                t.toggle_selected();
                t.move_by(1);
            }
            Action::SelectClear => t.selected.clear(),
            Action::SortNext => t.sort_next(),
            Action::SortReverse => t.sort_reverse(),
            _ => {}
        }
    }

    /// The first overlay of a change, on what is under the cursor (or in
    /// the detail): the rest of it is in `pickers`, `forms` and `gaps`.
    fn start_change(&mut self, action: Action) {
        match action {
            Action::ContactsReassign => {
                let targets = self.contact_targets();
                self.start_reassign(targets);
            }
            Action::ContactsMove => {
                let targets = self.contact_targets();
                self.start_move(targets);
            }
            Action::CellsAssign => {
                if let Some(cell) = self.current_cell() {
                    self.start_assign(cell);
                }
            }
            Action::DeputiesHandover => {
                if let Some(d) = self.current_deputy() {
                    self.start_handover(d);
                }
            }
            Action::SuggestionsAdd => {
                let cell = self.current_cell();
                self.start_add_suggestion(cell);
            }
            Action::SuggestionsAdvance => match self.current_suggestion() {
                Some(code) => self.start_advance(code),
                None => self.say(self.tr("请先选中一条意见建议", "Put the cursor on a suggestion first")),
            },
            Action::StationsRecord => match self.current_code_of(View::Stations, DetailKind::Station) {
                Some(s) => self.start_reception(s, None),
                None => self.say(self.tr("请先选中一个联络站", "Put the cursor on a station first")),
            },
            Action::GapsFix => self.fix_gap(),
            Action::RecordsEdit => self.start_edit_record(),
            Action::RecordsNew => self.start_new_record(),
            Action::RecordsToggleActive => self.start_toggle_active(),
            Action::RecordsHistory => self.show_history(),
            Action::RotaAttend => self.attend_slot(),
            _ => {}
        }
    }

    /// Zoom and pan on the map.
    fn map_action(&mut self, action: Action) {
        match action {
            Action::MapZoomIn => self.map.zoom = (self.map.zoom * 1.5).min(64.0),
            Action::MapZoomOut => self.map.zoom = (self.map.zoom / 1.5).max(1.0),
            Action::MapPanLeft => self.map.pan_by(&self.snap, -0.15, 0.0),
            Action::MapPanRight => self.map.pan_by(&self.snap, 0.15, 0.0),
            Action::MapPanUp => self.map.pan_by(&self.snap, 0.0, 0.15),
            Action::MapPanDown => self.map.pan_by(&self.snap, 0.0, -0.15),
            Action::MapReset => {
                self.map = MapState {
                    selected: self.map.selected.clone(),
                    ..MapState::default()
                }
            }
            _ => {}
        }
    }

    pub(super) fn in_detail(&self) -> bool {
        matches!(self.overlays.last(), Some(Overlay::Detail(_)))
    }

    pub(super) fn switch(&mut self, view: View) {
        self.overlays.clear();
        self.typing.filtering = false;
        self.view = view;
        // The rows a filter or sort keeps are for the view shown: one at a time.
        for other in View::ALL.into_iter().filter(|v| *v != view) {
            if let Some(t) = self.table_of_mut(other) {
                t.drop_corpus();
            }
        }
        self.ensure_rows(view);
    }

    pub(super) fn movement(&mut self, action: Action) {
        use Action::*;
        if let Some(Overlay::Detail(d)) = self.overlays.last_mut() {
            if d.kind == DetailKind::Station {
                let slots = views::rota::station_slots(&d.rows, &d.code, self.snap.today).len();
                if let Some(cursor) = rota::moved(d.cursor, slots, action) {
                    d.cursor = cursor;
                    return;
                }
            }
            widgets::scroll(&mut d.scroll, action);
            return;
        }
        if self.view == View::Map {
            let dir = match action {
                MoveUp => Some((0.0, 1.0)),
                MoveDown => Some((0.0, -1.0)),
                MoveLeft => Some((-1.0, 0.0)),
                MoveRight => Some((1.0, 0.0)),
                _ => None,
            };
            if let Some(dir) = dir {
                if let Some(next) = views::map::neighbour(&self.snap, self.map.selected.as_deref(), dir) {
                    self.map.selected = Some(next);
                }
            }
            return;
        }
        let Some(t) = self.table_mut() else { return };
        let page = t.page.max(1) as isize;
        match action {
            MoveUp => t.move_by(-1),
            MoveDown => t.move_by(1),
            PageUp => t.move_by(-page),
            PageDown => t.move_by(page),
            MoveTop => t.top(),
            MoveBottom => t.bottom(),
            MoveLeft => t.scroll_columns(-1),
            MoveRight => t.scroll_columns(1),
            _ => {}
        }
    }

    pub(super) fn filter_action(&mut self, action: Action) {
        self.typing.filter_selected = false;
        match action {
            Action::Open => {
                self.typing.filtering = false;
                if self.view == View::Gaps {
                    self.off_gap_header();
                }
            }
            Action::Back => {
                self.typing.filtering = false;
                if let Some(t) = self.table_mut() {
                    t.set_filter("");
                }
            }
            _ => {}
        }
    }

    pub(super) fn help_action(&mut self, action: Action) {
        if matches!(self.overlays.last(), Some(Overlay::History { .. })) {
            return self.history_action(action);
        }
        let Some(Overlay::Help { scroll }) = self.overlays.last_mut() else {
            return;
        };
        match action {
            Action::Back | Action::Help | Action::Quit => {
                self.overlays.pop();
            }
            // (Not bound in help: its keys are the help's own.)
            Action::MoveTop => {}
            _ => {
                widgets::scroll(scroll, action);
            }
        }
    }
}

/// The next value of a cycle through all values and "none".
pub(super) fn cycle<T: Copy + PartialEq>(all: &[T], now: Option<T>) -> Option<T> {
    match now {
        None => all.first().copied(),
        Some(v) => {
            let i = all.iter().position(|x| *x == v).unwrap_or(0);
            all.get(i + 1).copied()
        }
    }
}
