//! Confirmed changes: made through the store against the versions the
//! operator saw, followed on screen at once; undo; the store's errors.

use super::*;

impl App {
    pub(super) fn confirm_action(&mut self, action: Action) {
        match crate::tui::widgets::confirm::handle(action) {
            Outcome::Submit => {
                let Some(Overlay::Confirm { change, seen, .. }) = self.overlays.pop() else {
                    return;
                };
                if let Some(why) = self.read_only() {
                    let text = format!("{}: {why}", self.tr("只读模式", "Read-only"));
                    return self.warn(text);
                }
                self.apply(change, &seen);
            }
            Outcome::Close => {
                self.overlays.pop();
                self.say(self.tr("已取消", "Cancelled"));
            }
            Outcome::Stay | Outcome::Pass(_) => {}
        }
    }

    /// Make a confirmed change through the store, with the versions the
    /// operator saw when its first overlay opened: a change to those rows
    /// since is refused and the view refreshed.
    pub fn apply(&mut self, change: Change, seen: &Seen) {
        let lang = self.lang;
        let result: Result<String, StoreError> = match &change {
            Change::Reassign { contacts, deputy } => self
                .store
                .reassign_contacts(&self.session.actor, contacts, deputy, Some(&seen.contacts))
                .map(|n| match lang {
                    Lang::Zh => format!("已将 {n} 名联络员改派给 {} ({deputy})", self.person_name(deputy)),
                    Lang::En => format!("Reassigned {n} contact(s) to {} ({deputy})", self.person_name(deputy)),
                }),
            Change::Move { contact, cell } => self
                .store
                .move_contact(&self.session.actor, contact, cell, Some(&seen.contacts))
                .map(|_| match lang {
                    Lang::Zh => format!("已将 {contact} 调整到网格 {cell}"),
                    Lang::En => format!("Moved {contact} to cell {cell}"),
                }),
            Change::Handover { from, to } => self
                .store
                .handover(&self.session.actor, from, to, Some(&seen.contacts))
                .map(|n| match lang {
                    Lang::Zh => format!("已将 {from} 的 {n} 名联络员移交给 {to}"),
                    Lang::En => format!("Handed {n} contact(s) of {from} to {to}"),
                }),
            Change::Assign { deputy, cell } => {
                self.store
                    .set_assignment(&self.session.actor, deputy, cell, true)
                    .map(|changed| match (lang, changed) {
                        (Lang::Zh, true) => format!("已指派 {deputy} 联系网格 {cell}"),
                        (Lang::En, true) => format!("Assigned {deputy} to cell {cell}"),
                        (Lang::Zh, false) => format!("{deputy} 已联系网格 {cell}，无变化"),
                        (Lang::En, false) => format!("{deputy} already covers {cell}"),
                    })
            }
            Change::Advance { code, to } => {
                let input = MoveInput {
                    on: Some(self.snap.today),
                    ..Default::default()
                };
                let (code, to) = (code.clone(), *to);
                self.run_advance(&code, to, &input, seen, false);
                return;
            }
            Change::Supervise { code, deputy } => {
                let (code, deputy) = (code.clone(), deputy.clone());
                match self
                    .store
                    .set_supervisor(&self.session.actor, &code, &deputy, Some(&seen.suggestions))
                {
                    Ok(Ok(_)) => {
                        let text = match lang {
                            Lang::Zh => format!("已确定 {code} 的督办领导：{deputy}"),
                            Lang::En => format!("{deputy} now supervises {code}"),
                        };
                        self.after_change(text);
                    }
                    Ok(Err(refused)) => self.warn(refused.message(lang)),
                    Err(e) => self.store_error(e),
                }
                return;
            }
            Change::Quit => {
                self.wants.quit = true;
                return;
            }
            Change::RetireDuplicate { retire, keep, versions } => self
                .store
                .retire_duplicate(&self.session.actor, retire, keep, versions)
                .map(|_| match lang {
                    Lang::Zh => format!("已停用重复的联络员 {retire}，保留 {keep}"),
                    Lang::En => format!("Deactivated the duplicate {retire}; {keep} kept"),
                }),
            Change::SetActive {
                kind,
                code,
                active,
                version,
            } => {
                let (kind, code, active, version) = (*kind, code.clone(), *active, *version);
                self.apply_set_active(kind, &code, active, version);
                return;
            }
            Change::Reception(r) => {
                // Under the question lies the form it came from.
                if matches!(self.overlays.last(), Some(Overlay::Form { .. })) {
                    self.overlays.pop();
                }
                self.record_reception(r, seen, false);
                return;
            }
        };
        match (result, change) {
            (Ok(text), Change::Reassign { .. }) => {
                self.tables.contacts.selected.clear();
                self.after_change(text);
            }
            (Ok(text), _) => self.after_change(text),
            (Err(e), _) => self.store_error(e),
        }
    }

    /// After the operator's own change: followed as every change is
    /// ([`App::changed`]: the rows shown are read again for the next
    /// frame, the audit made again), then say what was done.
    pub(super) fn after_change(&mut self, text: String) {
        self.changed();
        self.say(text);
    }

    pub(super) fn store_error_text(&self, e: &StoreError) -> String {
        let lang = self.lang;
        match e {
            StoreError::Conflict { kind, code, by, at } => match lang {
                Lang::Zh => format!(
                    "未保存：{}{code} 已被 {by} 于 {at} 修改，视图已刷新，请重新操作",
                    crate::store::kind_zh(kind)
                ),
                Lang::En => format!("Not saved: {kind} {code} was changed by {by} at {at}; the view is refreshed"),
            },
            // The store's words, in the operator's language: one wording for the CLI and the TUI.
            other => other.message(lang),
        }
    }

    /// Show a store error; a conflict also refreshes the view.
    pub fn store_error(&mut self, e: StoreError) {
        let text = self.store_error_text(&e);
        if matches!(e, StoreError::Conflict { .. }) {
            self.changed();
        }
        self.warn(text);
    }

    pub(super) fn undo(&mut self) {
        match self.store.undo_last(&self.session.actor) {
            Ok(Some((action, codes))) => {
                // Name the rows (first-use #15): the first few, then how many more.
                let shown: Vec<&str> = codes.iter().take(5).map(String::as_str).collect();
                let mut rows = shown.join(", ");
                if codes.len() > shown.len() {
                    let more = codes.len() - shown.len();
                    rows.push_str(&match self.lang {
                        Lang::Zh => format!(" 等 {} 行", codes.len()),
                        Lang::En => format!(" and {more} more"),
                    });
                }
                let what = records::action_text(&action, self.lang);
                let text = match self.lang {
                    Lang::Zh => format!("已撤销{what}：{rows}"),
                    Lang::En => format!("Undone: {what}: {rows}"),
                };
                self.after_change(text);
            }
            Ok(None) => self.say(self.tr("没有可撤销的修改", "Nothing of yours to undo")),
            Err(e @ StoreError::Conflict { .. }) => {
                let text = match (&e, self.lang) {
                    (StoreError::Conflict { code, by, at, .. }, Lang::Zh) => {
                        format!("无法撤销：{code} 之后已被 {by} 于 {at} 修改")
                    }
                    (StoreError::Conflict { code, by, at, .. }, Lang::En) => {
                        format!("Cannot undo: {code} was changed by {by} at {at} since")
                    }
                    _ => String::new(),
                };
                self.changed();
                self.warn(text);
            }
            Err(e) => self.store_error(e),
        }
    }
}
