//! Pickers: opening one for a change (reassign, move, assign, handover,
//! advance), narrowing it, and what a choice leads to.

use super::*;

/// The extension's and the evaluation's names among the moves of the
/// move picker (neither changes the status, SPEC §4, §10).
const EXTEND_EN: &str = "extend";
const EXTEND_ZH: &str = "延期";
const EVALUATE_EN: &str = "evaluate";
const EVALUATE_ZH: &str = "满意度测评";

impl App {
    /// A picker over a list narrowed as the operator types (see `pick_lists`).
    pub(super) fn push_picker(&mut self, title: String, source: PickSource, purpose: PickPurpose, mut seen: Seen) {
        let mut picker = Picker::new(title, Vec::new());
        match pick_lists::narrow(&self.store, &self.snap, self.lang, &source, "") {
            Ok(Some(n)) => picker.set_narrowed(n.items, n.matches, n.total),
            Ok(None) => {}
            Err(e) => return self.store_error(e),
        }
        note_shown(&self.store, &source, &picker, &mut seen);
        self.overlays.push(Overlay::Picker {
            picker,
            purpose,
            source,
            seen,
        });
    }

    /// A picker over a few items given whole (it narrows them itself).
    pub(super) fn push_fixed_picker(&mut self, title: String, items: Vec<PickItem>, purpose: PickPurpose, seen: Seen) {
        self.overlays.push(Overlay::Picker {
            picker: Picker::new(title, items),
            purpose,
            source: PickSource::Fixed,
            seen,
        });
    }

    /// A confirmation of a change decided on rows as `seen`.
    pub(super) fn push_confirm(&mut self, text: String, change: Change, seen: Seen) {
        self.overlays.push(Overlay::Confirm { text, change, seen });
    }

    pub(super) fn start_reassign(&mut self, contacts: Vec<String>) {
        if contacts.is_empty() {
            return self.say(self.tr(
                "请先选中联络员（5 进入联络员视图）",
                "Select contacts first (5 opens Contacts)",
            ));
        }
        let first_cell = self.read_contact(&contacts[0]).map(|c| c.cell_code.to_string());
        let title = match self.lang {
            Lang::Zh => format!("改派 {} 给：", self.people_named(&contacts, str::to_string)),
            Lang::En => format!("Reassign {} to:", self.people_named(&contacts, str::to_string)),
        };
        let source = PickSource::Deputies {
            first_cell,
            except: None,
        };
        let seen = Seen::contacts(self.seen_versions(Table::Contacts, &contacts));
        self.push_picker(title, source, PickPurpose::ReassignTo(contacts), seen);
    }

    /// "白琳荣 (C00019)", "白琳荣 (C00019)、初洋 (C00020)", or "5 名联络员"
    /// past three: who a picker or confirmation is about. `about` writes
    /// what goes in the brackets after each name (the code, at least).
    pub(super) fn people_named(&self, codes: &[String], about: impl Fn(&str) -> String) -> String {
        if codes.len() > 3 {
            return match self.lang {
                Lang::Zh => format!("{} 名联络员", codes.len()),
                Lang::En => format!("{} contacts", codes.len()),
            };
        }
        let sep = if self.lang == Lang::Zh { "、" } else { ", " };
        codes
            .iter()
            .map(|c| format!("{} ({})", self.person_name(c), about(c)))
            .collect::<Vec<_>>()
            .join(sep)
    }

    pub(super) fn start_move(&mut self, contacts: Vec<String>) {
        let Some(contact) = contacts.first().cloned() else {
            return self.say(self.tr("请先选中联络员", "Select a contact first"));
        };
        if contacts.len() > 1 {
            return self.warn(self.tr("一次只能调整一名联络员的网格", "Move one contact at a time"));
        }
        let title = format!(
            "{} {contact} {}",
            self.tr("将", "Move"),
            self.tr("调整到网格：", "to cell:")
        );
        let seen = Seen::contacts(self.seen_versions(Table::Contacts, std::slice::from_ref(&contact)));
        self.push_picker(title, PickSource::Cells, PickPurpose::MoveToCell(contact), seen);
    }

    pub(super) fn start_assign(&mut self, cell: String) {
        let title = format!(
            "{} {cell}{}",
            self.tr("为网格", "Assign a deputy to"),
            self.tr(" 指派代表：", ":")
        );
        // The cell's own deputies, else its town's, first (first-use #25).
        let source = PickSource::Deputies {
            first_cell: Some(cell.clone()),
            except: None,
        };
        self.push_picker(title, source, PickPurpose::AssignDeputy(cell), Seen::default());
    }

    /// Pick the deputy who supervises a key suggestion (the fix of
    /// `suggestion-key-unsupervised`), checked against the suggestion as
    /// it is now.
    pub(super) fn start_supervise(&mut self, code: String) {
        let title = format!(
            "{} {code}{}",
            self.tr("为重点建议", "Who supervises"),
            self.tr(" 确定督办领导：", "?")
        );
        let cell = self.current_suggestion_row(&code).map(|s| s.cell_code.to_string());
        let source = PickSource::Deputies {
            first_cell: cell,
            except: None,
        };
        let seen = Seen {
            suggestions: self.seen_versions(Table::Suggestions, std::slice::from_ref(&code)),
            ..Default::default()
        };
        self.push_picker(title, source, PickPurpose::SuperviseBy(code), seen);
    }

    pub(super) fn start_handover(&mut self, from: String) {
        let cell = self.read_deputy_cells(&from).into_iter().next();
        let title = match self.lang {
            Lang::Zh => format!("将 {} 的全部联络员移交给：", self.person_name(&from)),
            Lang::En => format!("Hand all contacts of {} to:", self.person_name(&from)),
        };
        let source = PickSource::Deputies {
            first_cell: cell,
            except: Some(from.clone()),
        };
        // The contacts handed over are exactly those shown now.
        let held: Vec<String> = match self.store.deputy_contacts(&from) {
            Ok(contacts) => contacts.iter().map(|c| c.code.to_string()).collect(),
            Err(e) => return self.store_error(e),
        };
        let seen = Seen::contacts(self.seen_versions(Table::Contacts, &held));
        self.push_picker(title, source, PickPurpose::HandoverTo(from), seen);
    }

    /// A suggestion as the database has it now.
    pub(super) fn current_suggestion_row(&mut self, code: &str) -> Option<crate::model::Suggestion> {
        match self.store.suggestion_lines(&[code]) {
            Ok(mut lines) => lines.pop().map(|l| l.suggestion),
            Err(e) => {
                self.store_error(e);
                None
            }
        }
    }

    pub(super) fn start_advance(&mut self, code: String) {
        let Some(s) = self.current_suggestion_row(&code) else {
            return;
        };
        let allowed = allowed_moves(s.status);
        let lang = self.lang;
        let mut items: Vec<PickItem> = Status::ALL
            .iter()
            .filter(|st| **st != s.status)
            // In zh the status shows by its Chinese word alone (first-use
            // #13: `assigned 已交办`); the word parses back to the status.
            .map(|st| PickItem {
                code: tr(lang, st.zh(), st.code()).to_string(),
                label: tr(lang, "", st.label(lang)).to_string(),
                detail: if allowed.contains(st) {
                    String::new()
                } else {
                    tr(lang, "不允许", "not allowed").to_string()
                },
                search: format!("{} {}", st.code(), st.zh()),
                preferred: allowed.contains(st),
                kind: None,
            })
            .collect();
        items.sort_by_key(|i| !i.preferred);
        // The extension (SPEC §10) is offered as a move of its own, last
        // among the allowed ones, while a unit handles the suggestion.
        if crate::model::is_being_handled(s.status) {
            let at = items.iter().position(|i| !i.preferred).unwrap_or(items.len());
            items.insert(
                at,
                PickItem {
                    code: tr(lang, EXTEND_ZH, EXTEND_EN).to_string(),
                    label: tr(lang, "", "(a new due date, once)").to_string(),
                    detail: String::new(),
                    search: format!("{EXTEND_EN} {EXTEND_ZH}"),
                    preferred: true,
                    kind: None,
                },
            );
        }
        if s.status == Status::Replied {
            items.insert(
                0,
                PickItem {
                    code: tr(lang, EVALUATE_ZH, EVALUATE_EN).to_string(),
                    label: tr(lang, "", "(rate the reply)").to_string(),
                    detail: String::new(),
                    search: format!("{EVALUATE_EN} {EVALUATE_ZH}"),
                    preferred: true,
                    kind: None,
                },
            );
        }
        let title = format!("{code} {} → ", s.status.label(lang));
        let seen = Seen {
            suggestions: self.seen_versions(Table::Suggestions, std::slice::from_ref(&code)),
            ..Default::default()
        };
        self.push_fixed_picker(title, items, PickPurpose::AdvanceTo(code), seen);
    }

    pub(super) fn picker_action(&mut self, action: Action) {
        let Some(Overlay::Picker { picker, .. }) = self.overlays.last_mut() else {
            return;
        };
        match picker.handle(action) {
            Outcome::Stay => {}
            Outcome::Close => {
                self.overlays.pop();
            }
            Outcome::Submit => {
                let Some(Overlay::Picker {
                    picker, purpose, seen, ..
                }) = self.overlays.pop()
                else {
                    return;
                };
                match picker.current() {
                    Some(item) => {
                        let item = item.clone();
                        self.picked(purpose, item, seen);
                    }
                    None => self.say(self.tr("没有选中任何一项", "Nothing chosen")),
                }
            }
            // In the lookup: straight to the cell of the person highlighted.
            Outcome::Pass(Action::OpenCell) => self.lookup_open_cell(),
            Outcome::Pass(_) => {}
        }
    }

    /// The lookup's Tab: the highlighted thing, and then its cell.
    fn lookup_open_cell(&mut self) {
        let Some(Overlay::Picker { picker, source, .. }) = self.overlays.last() else {
            return;
        };
        if *source != PickSource::Lookup {
            return;
        }
        let Some(item) = picker.current().cloned() else { return };
        let kind = lookup_kind_of(&self.store, &self.snap, &item.code, item.kind);
        self.goto(kind, &item.code);
        if matches!(kind, Kind::Contact | Kind::Deputy | Kind::Suggestion) {
            self.open_cell_of_detail();
        }
    }

    pub(super) fn picked(&mut self, purpose: PickPurpose, item: PickItem, mut seen: Seen) {
        let lang = self.lang;
        let who = |app: &App, code: &str| format!("{} ({code})", app.person_name(code));
        match purpose {
            PickPurpose::ReassignTo(contacts) => {
                let text = self.reassign_question(&contacts, &item.code);
                let change = Change::Reassign {
                    contacts,
                    deputy: item.code,
                };
                self.push_confirm(text, change, seen);
            }
            PickPurpose::MoveToCell(contact) => {
                let text = match lang {
                    Lang::Zh => format!(
                        "将联络员 {} ({contact}) 调整到网格 {} ({})？y/n",
                        self.person_name(&contact),
                        item.label,
                        item.code
                    ),
                    Lang::En => format!(
                        "Move contact {} ({contact}) to cell {} ({})? y/n",
                        self.person_name(&contact),
                        item.label,
                        item.code
                    ),
                };
                let change = Change::Move {
                    contact,
                    cell: item.code,
                };
                self.push_confirm(text, change, seen);
            }
            PickPurpose::HandoverTo(from) => {
                let n = seen.contacts.len();
                let text = match lang {
                    Lang::Zh => format!(
                        "将 {} 的全部 {n} 名联络员移交给 {}？y/n",
                        who(self, &from),
                        who(self, &item.code)
                    ),
                    Lang::En => format!(
                        "Hand all {n} contact{} of {} to {}? y/n",
                        if n == 1 { "" } else { "s" },
                        who(self, &from),
                        who(self, &item.code)
                    ),
                };
                self.push_confirm(text, Change::Handover { from, to: item.code }, seen);
            }
            PickPurpose::SuperviseBy(code) => {
                let text = match lang {
                    Lang::Zh => format!("由 {} 督办 {code}？y/n", who(self, &item.code)),
                    Lang::En => format!("{} supervises {code}? y/n", who(self, &item.code)),
                };
                let change = Change::Supervise {
                    code,
                    deputy: item.code,
                };
                self.push_confirm(text, change, seen);
            }
            PickPurpose::AssignDeputy(cell) => {
                let text = match lang {
                    Lang::Zh => format!("指派 {} 联系网格 {}？y/n", who(self, &item.code), cell),
                    Lang::En => format!("Assign {} to cell {}? y/n", who(self, &item.code), cell),
                };
                let change = Change::Assign {
                    deputy: item.code,
                    cell,
                };
                self.push_confirm(text, change, seen);
            }
            PickPurpose::ContactForDeputy(deputy) => {
                seen.contacts.retain(|code, _| *code == item.code);
                self.picked(
                    PickPurpose::ReassignTo(vec![item.code]),
                    PickItem {
                        code: deputy,
                        ..Default::default()
                    },
                    seen,
                )
            }
            PickPurpose::ContactIntoCell(cell) => {
                seen.contacts.retain(|code, _| *code == item.code);
                let label = self.snap.cell_name(&cell);
                self.picked(
                    PickPurpose::MoveToCell(item.code),
                    PickItem {
                        code: cell,
                        label,
                        ..Default::default()
                    },
                    seen,
                )
            }
            PickPurpose::AdvanceTo(code) if [EXTEND_EN, EXTEND_ZH].contains(&item.code.as_str()) => {
                self.start_extend(code, seen)
            }
            PickPurpose::AdvanceTo(code) if [EVALUATE_EN, EVALUATE_ZH].contains(&item.code.as_str()) => {
                self.start_evaluate(code, seen)
            }
            PickPurpose::AdvanceTo(code) => {
                let Some(to) = Status::parse(&item.code) else { return };
                self.advance_to(code, to, seen);
            }
            PickPurpose::Lookup => {
                let kind = lookup_kind_of(&self.store, &self.snap, &item.code, item.kind);
                self.goto(kind, &item.code);
            }
            PickPurpose::OpenCell => self.goto(Kind::Cell, &item.code),
            PickPurpose::FilterUnit => self.filter_by_unit((!item.code.is_empty()).then_some(item.code)),
            PickPurpose::SortBy => {
                if let (Some(t), Ok(col)) = (self.table_mut(), item.code.parse::<usize>()) {
                    t.sort_by(col);
                }
            }
            PickPurpose::FillField(key) => {
                let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
                    return;
                };
                if let Some(f) = form.fields.iter_mut().find(|f| f.key == key) {
                    f.value = item.code.clone();
                    f.cursor = f.value.chars().count();
                    f.resolved = Some((item.code, item.label));
                    f.matches.clear();
                }
            }
        }
    }

    /// "Reassign 白琳荣 (C00019, now 林云永 D00416) to 薛静 (D00036)? y/n",
    /// saying when the new deputy does not cover a contact's cell.
    pub(super) fn reassign_question(&self, contacts: &[String], deputy: &str) -> String {
        let lang = self.lang;
        let to = format!("{} ({deputy})", self.person_name(deputy));
        // The contacts as they are now, their deputies' names, and the
        // cells the new deputy covers (a question asked once, read once).
        let codes: Vec<&str> = contacts.iter().map(String::as_str).collect();
        let rows = self.store.contacts_of(&codes).unwrap_or_default();
        let contact = |code: &str| crate::model::find_by_code(&rows, code, |c| &c.code);
        let current: Vec<&str> = rows.iter().map(|c| c.deputy_code.as_str()).collect();
        let names = self.store.person_names(&current).unwrap_or_default();
        let covered = self.store.deputy_cells(deputy).unwrap_or_default();
        let now = |code: &str| {
            let current = contact(code).map(|c| c.deputy_code.to_string()).unwrap_or_default();
            if current.is_empty() {
                tr(lang, "无代表", "no deputy").to_string()
            } else {
                let name = names.get(current.as_str()).map(|n| sanitize(n)).unwrap_or_default();
                format!("{name} {current}")
            }
        };
        let people = self.people_named(contacts, |c| match lang {
            Lang::Zh => format!("{c}，现为 {}", now(c)),
            Lang::En => format!("{c}, now {}", now(c)),
        });
        let outside = contacts
            .iter()
            .filter(|c| contact(c).is_some_and(|c| covered.binary_search(&c.cell_code).is_err()))
            .count();
        let warning = match (lang, outside) {
            (_, 0) => String::new(),
            (Lang::Zh, n) => format!("（{n} 名不在该代表联系的网格内）"),
            (Lang::En, n) => format!(" ({n} outside the deputy's cells)"),
        };
        match lang {
            Lang::Zh => format!("将 {people} 改派给 {to}{warning}？y/n"),
            Lang::En => format!("Reassign {people} to {to}{warning}? y/n"),
        }
    }
}

/// Note the versions of the contacts a contact picker shows, as first
/// shown: choosing one later is checked against the row as it was then.
pub(super) fn note_shown(store: &Store, source: &PickSource, picker: &Picker, seen: &mut Seen) {
    if !matches!(source, PickSource::Contacts { .. }) {
        return;
    }
    let new: Vec<String> = picker
        .items
        .iter()
        .filter(|i| !seen.contacts.contains_key(&i.code))
        .map(|i| i.code.clone())
        .collect();
    // (Unread, a version is not checked: the store's own checks stand.)
    if let Ok(versions) = store.versions_of(Table::Contacts.name(), &new) {
        seen.contacts.extend(versions);
    }
}

impl App {
    /// The versions of these rows as the operator saw them: what a change
    /// from the overlay opening now is checked against.
    pub(super) fn seen_versions(&mut self, table: Table, codes: &[String]) -> Versions {
        // The rows on screen: the versions they were read at.
        let shown = match table {
            Table::Contacts => &self.tables.contacts,
            Table::Suggestions => &self.tables.suggestions,
        };
        let mut seen = Versions::new();
        let mut unread = Vec::new();
        for code in codes {
            match shown.row_of(code).filter(|r| r.version != 0) {
                Some(row) => {
                    seen.insert(code.clone(), row.version);
                }
                None => unread.push(code.clone()),
            }
        }
        // The others (not in the window): as the database has them now.
        match self.store.versions_of(table.name(), &unread) {
            Ok(v) => seen.extend(v),
            Err(e) => self.store_error(e),
        }
        seen
    }
}
