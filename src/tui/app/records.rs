//! Keeping the records on screen (SPEC §6, §9): `e` edits the record under
//! the cursor in a form of its table's fields, `n` adds one, `x`
//! deactivates or reactivates it, `H` shows its history. Saving goes
//! through the store's own `edit_record`/`add_record` (the import's checks
//! and words, as `lianluo edit` uses them), against the version the form
//! opened on.

use super::*;
use crate::model::{ActivityKind, AreaLevel, ContactRole, DeputyLevel, RotaRole, StationKind, UnitKind};
use crate::store::{AuditEntry, Kind as Table9, Record};

/// A record as the keys act on it: its kind and key.
pub type RecordRef = (Table9, String);

/// What a record form saves: the record (None: a new one), the version it
/// opened on (SPEC §7), and each field's value then (only the fields
/// changed since are saved).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordForm {
    pub kind: Table9,
    pub key: Option<String>,
    pub version: Option<i64>,
    pub opened: Vec<(&'static str, String)>,
}

impl RecordForm {
    fn opened(kind: Table9, key: Option<String>, version: Option<i64>, form: &Form) -> RecordForm {
        RecordForm {
            kind,
            key,
            version,
            opened: form.fields.iter().map(|f| (f.key, field_text(f))).collect(),
        }
    }
}

impl App {
    /// The record under the cursor: the rota slot of a station's detail,
    /// the open detail's, else the row's of a table of cells, deputies,
    /// contacts or stations.
    pub(super) fn current_record(&self) -> Option<RecordRef> {
        // A station's rota: the slot under the cursor (SPEC §6).
        if let Some(slot) = self.current_slot() {
            return Some((Table9::Rota, slot));
        }
        for (detail, kind) in [
            (DetailKind::Contact, Table9::Contacts),
            (DetailKind::Deputy, Table9::Deputies),
            (DetailKind::Cell, Table9::Cells),
            (DetailKind::Station, Table9::Stations),
        ] {
            if let Some(code) = self.detail_of(detail) {
                return Some((kind, code));
            }
        }
        if self.overlays.iter().any(|o| matches!(o, Overlay::Detail(_))) {
            return None;
        }
        let kind = self.view_records()?;
        let code = self.table()?.current_code()?.to_string();
        Some((kind, code))
    }

    /// The kind of record the current view lists, if it is one the keys keep.
    fn view_records(&self) -> Option<Table9> {
        match self.view {
            View::Cells => Some(Table9::Cells),
            View::Deputies => Some(Table9::Deputies),
            View::Contacts => Some(Table9::Contacts),
            View::Stations => Some(Table9::Stations),
            _ => None,
        }
    }

    fn no_record(&mut self) {
        self.say(self.tr(
            "请先把光标移到网格、代表、联络员或联络站上",
            "Put the cursor on a cell, deputy, contact or station first",
        ));
    }

    /// `e`: a form of the record's fields with their current values.
    pub(super) fn start_edit_record(&mut self) {
        let Some((kind, code)) = self.current_record() else {
            return self.no_record();
        };
        let (record, version) = match self.store.record(kind, &code) {
            Ok(Some(found)) => found,
            Ok(None) => {
                let text = StoreError::NotFound {
                    kind: kind.singular(),
                    code,
                }
                .message(self.lang);
                return self.warn(text);
            }
            Err(e) => return self.store_error(e),
        };
        let values = crate::io::stored_values(&record);
        let key = kind.key_columns();
        let fields = values
            .iter()
            .filter(|(column, _)| !key.contains(column))
            .map(|(column, value)| self.record_field(kind, column, value))
            .collect();
        let title = match self.lang {
            Lang::Zh => format!("修改{} {}", kind.zh(), sanitize(&code)),
            Lang::En => format!("Edit {} {}", kind.singular(), sanitize(&code)),
        };
        let form = Form::new(title, fields);
        let purpose = FormPurpose::Record(RecordForm::opened(kind, Some(code), Some(version), &form));
        self.overlays.push(Overlay::Form {
            form,
            purpose,
            seen: Seen::default(),
        });
    }

    /// `n`: the same form, empty, the code proposed as the next free one.
    pub(super) fn start_new_record(&mut self) {
        let Some(kind) = self.current_record().map(|(k, _)| k).or_else(|| self.view_records()) else {
            return self.no_record();
        };
        let proposed = next_code(self.codes_of(kind));
        let fields = crate::io::field_names(kind)
            .into_iter()
            .map(|column| {
                let value = match column {
                    "code" => proposed.as_str(),
                    "active" => "true",
                    _ => "",
                };
                self.record_field(kind, column, value)
            })
            .collect();
        let title = match self.lang {
            Lang::Zh => format!("新增{}", kind.zh()),
            Lang::En => format!("New {}", kind.singular()),
        };
        let mut form = Form::new(title, fields);
        // The code is proposed: the name is what is typed first.
        form.focus = 1;
        let purpose = FormPurpose::Record(RecordForm::opened(kind, None, None, &form));
        self.overlays.push(Overlay::Form {
            form,
            purpose,
            seen: Seen::default(),
        });
    }

    /// The codes of a kind: the places' as the snapshot holds them, the
    /// people's as the database does (none when it cannot be read now:
    /// the form then proposes no code).
    fn codes_of(&self, kind: Table9) -> Vec<String> {
        let ds = &self.snap.dir;
        let read = |codes: Result<Vec<crate::model::Text>, StoreError>| {
            codes.unwrap_or_default().iter().map(|c| c.to_string()).collect()
        };
        match kind {
            Table9::Cells => ds.cells.iter().map(|c| c.code.to_string()).collect(),
            Table9::Deputies => read(self.store.deputy_codes()),
            Table9::Contacts => read(self.store.contact_codes()),
            Table9::Stations => ds.stations.iter().map(|s| s.code.to_string()).collect(),
            Table9::Areas => ds.areas.iter().map(|a| a.code.to_string()).collect(),
            _ => Vec::new(),
        }
    }

    /// One field of a record form: a choice for a closed vocabulary and
    /// for `active`, a lookup for a cell, deputy or station, a number for
    /// a count, text otherwise.
    fn record_field(&self, kind: Table9, column: &'static str, value: &str) -> Field {
        let lang = self.lang;
        let label = crate::io::field_label(kind, column, lang);
        let vocabulary = vocabulary(kind, column, lang);
        let lookup = match column {
            "cell_code" => Some(LookupKind::Cell),
            "deputy_code" => Some(LookupKind::Deputy),
            "station_code" => Some(LookupKind::Station),
            _ => None,
        };
        let field_kind = match (vocabulary, lookup) {
            (Some(c), _) => FieldKind::Choice(c),
            (None, Some(l)) => FieldKind::Lookup(l),
            (None, None) if matches!(column, "households" | "population" | "reception_day") => FieldKind::Number,
            _ => FieldKind::Text,
        };
        let mut field = Field::new(column, &label, field_kind).with_value(value);
        match &field.kind {
            FieldKind::Choice(c) => field.choice = c.iter().position(|(code, _)| code == value).unwrap_or(0),
            FieldKind::Lookup(l) => field.resolved = resolve_lookup(&self.store, &self.snap, *l, value),
            _ => {}
        }
        field
    }

    /// Save a record form: only the fields changed (an edit) or every
    /// field given (a new record), through the store's one validator.
    pub(super) fn submit_record_form(&mut self, form: &Form, purpose: RecordForm) {
        let RecordForm {
            kind,
            key,
            version,
            opened,
        } = purpose;
        let given: Vec<(String, String)> = form
            .fields
            .iter()
            .map(|f| (f.key, field_text(f)))
            .filter(|(column, value)| match &key {
                Some(_) => opened.iter().any(|(c, was)| c == column && was != value),
                None => !value.is_empty(),
            })
            // Named as the form shows it, so the store's message names the field so.
            .map(|(c, v)| (crate::io::field_label(kind, c, self.lang), v))
            .collect();
        let lang = self.lang;
        let actor = self.session.actor.clone();
        let result = match &key {
            Some(code) if given.is_empty() => {
                self.overlays.pop();
                let text = match lang {
                    Lang::Zh => format!("{} {code} 没有变化", kind.zh()),
                    Lang::En => format!("{} {code}: nothing changed", kind.singular()),
                };
                return self.say(text);
            }
            Some(code) => self
                .store
                .edit_record(&actor, kind, code, &given, version, lang)
                .map(|changed| changed.map(|(_, after)| after)),
            None => self.store.add_record(&actor, kind, &given, lang).map(Some),
        };
        match result {
            Ok(record) => {
                self.overlays.pop();
                let code = record.as_ref().map(Record::key).or(key.clone()).unwrap_or_default();
                let text = match (lang, key.is_some()) {
                    (Lang::Zh, true) => format!("已修改{} {code}", kind.zh()),
                    (Lang::En, true) => format!("Saved {} {code}", kind.singular()),
                    (Lang::Zh, false) => format!("已新增{} {code}", kind.zh()),
                    (Lang::En, false) => format!("Added {} {code}", kind.singular()),
                };
                self.after_change(text);
                if let Some(view) = view_of(kind) {
                    if let Some(t) = self.table_of_mut(view) {
                        t.select_code(&code);
                    }
                }
            }
            Err(StoreError::Fields(errors)) => {
                // The field named first gets the cursor; the message names it.
                if let Some(at) = errors
                    .first()
                    .and_then(|e| form.fields.iter().position(|f| f.key == e.column))
                {
                    if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
                        form.focus = at;
                    }
                }
                let text = errors.iter().map(|e| sanitize(&e.text)).collect::<Vec<_>>().join("; ");
                self.form_error(text);
            }
            Err(e @ (StoreError::Record(_) | StoreError::Inactive { .. } | StoreError::NotFound { .. })) => {
                let text = self.store_error_text(&e);
                self.form_error(text);
            }
            Err(e) => {
                self.overlays.pop();
                self.store_error(e);
            }
        }
    }

    /// `x`: deactivate or reactivate the deputy or contact under the
    /// cursor, after a confirmation. A deputy who still has active
    /// contacts is first offered the handover picker (so no contact is
    /// left without a deputy by surprise).
    pub(super) fn start_toggle_active(&mut self) {
        let Some((kind, code)) = self.current_record() else {
            return self.no_record();
        };
        let (record, version) = match self.store.record(kind, &code) {
            Ok(Some(found)) => found,
            Ok(None) => return,
            Err(e) => return self.store_error(e),
        };
        let Some(active) = record.active() else {
            let text = match self.lang {
                Lang::Zh => format!("{}没有在职/停用之分", kind.zh()),
                Lang::En => format!("{} have no active flag", kind.name()),
            };
            return self.say(text);
        };
        if active && kind == Table9::Deputies {
            let held = match self.store.deputy_contacts(&code) {
                Ok(contacts) => contacts.iter().filter(|c| c.active).count(),
                Err(e) => return self.store_error(e),
            };
            if held > 0 {
                self.start_handover(code.clone());
                let text = match self.lang {
                    Lang::Zh => format!("{code} 还联系 {held} 名联络员：先选择移交给谁，再按 x 停用"),
                    Lang::En => {
                        format!("{code} still has {held} contact(s): choose who takes them, then x deactivates")
                    }
                };
                return self.say(text);
            }
        }
        let name = match &record {
            Record::Deputy(d) => sanitize(&d.name),
            Record::Contact(c) => sanitize(&c.name),
            _ => String::new(),
        };
        let text = match (self.lang, active) {
            (Lang::Zh, true) => format!("停用{} {code}（{name}）？y/n", kind.zh()),
            (Lang::Zh, false) => format!("恢复{} {code}（{name}）为在职？y/n", kind.zh()),
            (Lang::En, true) => format!("Deactivate {} {code} ({name})? y/n", kind.singular()),
            (Lang::En, false) => format!("Reactivate {} {code} ({name})? y/n", kind.singular()),
        };
        self.push_confirm(
            text,
            Change::SetActive {
                kind,
                code,
                active: !active,
                version,
            },
            Seen::default(),
        );
    }

    /// A confirmed (de)activation, against the version the question showed.
    pub(super) fn apply_set_active(&mut self, kind: Table9, code: &str, active: bool, version: i64) {
        let given = [("active".to_string(), active.to_string())];
        let actor = self.session.actor.clone();
        match self
            .store
            .edit_record(&actor, kind, code, &given, Some(version), self.lang)
        {
            Ok(_) => {
                let text = match (self.lang, active) {
                    (Lang::Zh, true) => format!("已恢复{} {code}", kind.zh()),
                    (Lang::Zh, false) => format!("已停用{} {code}", kind.zh()),
                    (Lang::En, true) => format!("Reactivated {} {code}", kind.singular()),
                    (Lang::En, false) => format!("Deactivated {} {code}", kind.singular()),
                };
                self.after_change(text);
            }
            Err(e) => self.store_error(e),
        }
    }

    /// The fix of `contact-duplicate`: deactivate this contact, its twin
    /// (the first other active contact with the same phone) kept and
    /// given its deputy when it has none; after a confirmation naming both.
    pub(super) fn start_retire_duplicate(&mut self, code: &str) {
        let Some(me) = self.read_contact(code) else {
            return;
        };
        let twin = match self.store.phone_twin(&me) {
            Ok(twin) => twin,
            Err(e) => return self.store_error(e),
        };
        let Some(twin) = twin else {
            return self.say(self.tr("没有找到重复的联络员", "No duplicate found"));
        };
        let version = |app: &mut App, code: &str| match app.store.record(Table9::Contacts, code) {
            Ok(Some((_, v))) => Some(v),
            Ok(None) => None,
            Err(e) => {
                app.store_error(e);
                None
            }
        };
        let (Some(mine), Some(theirs)) = (version(self, &me.code), version(self, &twin.code)) else {
            return;
        };
        let moves = twin.deputy_code.is_empty() && !me.deputy_code.is_empty();
        let (a, b) = (sanitize(&me.code), sanitize(&twin.code));
        let (an, bn) = (sanitize(&me.name), sanitize(&twin.name));
        let deputy = sanitize(&me.deputy_code);
        let text = match (self.lang, moves) {
            (Lang::Zh, true) => {
                format!("{a}（{an}）与 {b}（{bn}）电话相同：停用 {a}，其联系代表 {deputy} 转给 {b}？y/n")
            }
            (Lang::Zh, false) => format!("{a}（{an}）与 {b}（{bn}）电话相同：停用 {a}，保留 {b}？y/n"),
            (Lang::En, true) => {
                format!("{a} ({an}) has {b}'s ({bn}) phone: deactivate {a}, its deputy {deputy} going to {b}? y/n")
            }
            (Lang::En, false) => format!("{a} ({an}) has {b}'s ({bn}) phone: deactivate {a}, keep {b}? y/n"),
        };
        self.push_confirm(
            text,
            Change::RetireDuplicate {
                retire: me.code.to_string(),
                keep: twin.code.to_string(),
                versions: [mine, theirs],
            },
            Seen::default(),
        );
    }

    /// `H`: the record's history, newest first, in a scrollable pane.
    pub(super) fn show_history(&mut self) {
        let Some((kind, code)) = self.current_record() else {
            return self.no_record();
        };
        let entries = match self.store.record_history(&code, Some(kind)) {
            Ok(entries) => entries,
            Err(e) => return self.store_error(e),
        };
        let title = match self.lang {
            Lang::Zh => format!("{} {} 的修改记录（最新在前）", kind.zh(), sanitize(&code)),
            Lang::En => format!("History of {} {} (newest first)", kind.singular(), sanitize(&code)),
        };
        let mut lines = Vec::new();
        for e in entries.iter().rev() {
            lines.extend(history_lines(e, kind, self.lang));
        }
        if lines.is_empty() {
            lines.push(self.tr("（没有修改记录）", "(no changes recorded)"));
        }
        self.overlays.push(Overlay::History {
            title,
            lines,
            scroll: 0,
        });
    }

    /// Scroll or close the history pane.
    pub(super) fn history_action(&mut self, action: Action) {
        let Some(Overlay::History { scroll, lines, .. }) = self.overlays.last_mut() else {
            return;
        };
        let last = lines.len().saturating_sub(1) as u16;
        match action {
            Action::MoveUp => *scroll = scroll.saturating_sub(1),
            Action::MoveDown => *scroll = scroll.saturating_add(1).min(last),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10).min(last),
            Action::MoveTop => *scroll = 0,
            Action::Back | Action::Quit | Action::Help | Action::RecordsHistory => {
                self.overlays.pop();
            }
            _ => {}
        }
    }
}

/// A field's value as the store reads it: a choice's code, a lookup's
/// resolved code (else what was typed, which the store then names as
/// unknown).
fn field_text(f: &Field) -> String {
    match &f.kind {
        FieldKind::Choice(_) => f.chosen().unwrap_or("").to_string(),
        FieldKind::Lookup(_) => match &f.resolved {
            Some((code, _)) => code.clone(),
            None => f.value.trim().to_string(),
        },
        _ => f.value.trim().to_string(),
    }
}

/// The closed vocabulary of a column, as (code, label) choices: a form's
/// choice list, and how the history names a value.
fn vocabulary(kind: Table9, column: &str, lang: Lang) -> Option<Vec<(String, String)>> {
    fn choices<T: Copy>(
        all: &[T],
        code: fn(T) -> &'static str,
        label: fn(T, Lang) -> &'static str,
        lang: Lang,
    ) -> Vec<(String, String)> {
        all.iter()
            .map(|v| (code(*v).to_string(), label(*v, lang).to_string()))
            .collect()
    }
    Some(match (kind, column) {
        (Table9::Contacts, "role") => choices(ContactRole::ALL, ContactRole::code, ContactRole::label, lang),
        (Table9::Deputies, "level") => choices(DeputyLevel::ALL, DeputyLevel::code, DeputyLevel::label, lang),
        (Table9::Areas, "level") => choices(AreaLevel::ALL, AreaLevel::code, AreaLevel::label, lang),
        (Table9::Stations, "kind") => choices(StationKind::ALL, StationKind::code, StationKind::label, lang),
        (Table9::Units, "kind") => choices(UnitKind::ALL, UnitKind::code, UnitKind::label, lang),
        (Table9::Rota, "role") => choices(RotaRole::ALL, RotaRole::code, RotaRole::label, lang),
        (Table9::Activities, "kind") => choices(ActivityKind::ALL, ActivityKind::code, ActivityKind::label, lang),
        (_, "active") => vec![
            ("true".to_string(), tr(lang, "在职", "active").to_string()),
            ("false".to_string(), tr(lang, "停用", "inactive").to_string()),
        ],
        _ => return None,
    })
}

/// The table view that lists a kind.
fn view_of(kind: Table9) -> Option<View> {
    match kind {
        Table9::Cells => Some(View::Cells),
        Table9::Deputies => Some(View::Deputies),
        Table9::Contacts => Some(View::Contacts),
        Table9::Stations => Some(View::Stations),
        _ => None,
    }
}

/// The next free code after the highest of `codes` that share the first
/// one's letters: `C01420` → `C01421` (the width kept).
pub fn next_code(codes: Vec<String>) -> String {
    let split = |c: &str| -> (String, String) {
        let digits = c.len() - c.trim_end_matches(|ch: char| ch.is_ascii_digit()).len();
        let (prefix, number) = c.split_at(c.len() - digits);
        (prefix.to_string(), number.to_string())
    };
    let Some(first) = codes.first() else {
        return String::new();
    };
    let (prefix, _) = split(first);
    let (width, max) = codes
        .iter()
        .map(|c| split(c))
        .filter(|(p, n)| *p == prefix && !n.is_empty())
        .fold((1, 0u64), |(w, m), (_, n)| {
            (w.max(n.len()), m.max(n.parse().unwrap_or(0)))
        });
    format!("{prefix}{:0width$}", max.saturating_add(1))
}

/// What an entry's action did, in the operator's language (`contacts.edit`
/// → 修改联络员 / edit a contact).
pub(super) fn action_text(action: &str, lang: Lang) -> String {
    let record = action
        .split_once('.')
        .and_then(|(table, verb)| Some((Table9::parse(table)?, verb)));
    match (record, lang) {
        (Some((kind, "add")), Lang::Zh) => format!("新增{}", kind.zh()),
        (Some((kind, "edit")), Lang::Zh) => format!("修改{}", kind.zh()),
        (Some((kind, "remove")), Lang::Zh) => format!("删除{}", kind.zh()),
        (Some((kind, "add")), Lang::En) => format!("add a {}", kind.singular()),
        (Some((kind, "edit")), Lang::En) => format!("edit a {}", kind.singular()),
        (Some((kind, "remove")), Lang::En) => format!("remove a {}", kind.singular()),
        _ => crate::i18n::action_words(action, lang).to_string(),
    }
}

/// One entry of a history, as lines: who, when, from where, what; then
/// each field before → after.
fn history_lines(e: &AuditEntry, kind: Table9, lang: Lang) -> Vec<String> {
    use serde_json::Value;
    let who = crate::store::Actor::display(&e.account, &e.operator);
    let from = if e.client.is_empty() {
        String::new()
    } else {
        format!(" @ {}", e.client)
    };
    let at = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
    let what = action_text(&e.action, lang);
    let mut lines = vec![sanitize(&format!("{at}  {who}{from}  {what}"))];
    let text = |v: Option<&Value>| -> String {
        match v {
            None | Some(Value::Null) => tr(lang, "（空）", "(none)").to_string(),
            Some(Value::String(s)) if s.is_empty() => tr(lang, "（空）", "(none)").to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        }
    };
    // A vocabulary's value by its label (书记, not secretary).
    let shown = |k: &str, v: Option<&Value>| -> String {
        let raw = text(v);
        vocabulary(kind, k, lang)
            .and_then(|c| c.into_iter().find(|(code, _)| *code == raw).map(|(_, label)| label))
            .unwrap_or(raw)
    };
    let empty = serde_json::Map::new();
    let before = e.before.as_ref().and_then(Value::as_object).unwrap_or(&empty);
    let after = e.after.as_ref().and_then(Value::as_object).unwrap_or(&empty);
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys.into_iter().filter(|k| *k != "geometry") {
        let (b, a) = (before.get(k), after.get(k));
        if b != a {
            let label = crate::io::field_label(kind, k, lang);
            lines.push(sanitize(&format!("    {label}: {} → {}", shown(k, b), shown(k, a))));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::next_code;

    #[test]
    fn the_next_code_keeps_the_prefix_and_the_width() {
        let codes = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(next_code(codes(&["C00001", "C01420", "C00007"])), "C01421");
        assert_eq!(next_code(codes(&["ST01", "ST09"])), "ST10");
        assert_eq!(next_code(codes(&["G9"])), "G10");
        assert_eq!(next_code(Vec::new()), "");
    }
}
