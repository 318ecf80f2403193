//! Forms: a suggestion's move, a new suggestion, a reception; checked as
//! typed and submitted through the store.

use super::*;
use crate::model::{add_months, check_allowed, ReplyResult};

impl App {
    /// Ask for what a move needs; refuse an illegal move naming the allowed ones.
    pub(super) fn advance_to(&mut self, code: String, to: Status, seen: Seen) {
        // Moved by someone else since the picker opened: say so, rather
        // than judge the move against a status the operator never saw.
        if let Err(e) = self.store.still_as_seen(Table::Suggestions.name(), &seen.suggestions) {
            return self.store_error(e);
        }
        let Some(s) = self.current_suggestion_row(&code) else {
            return;
        };
        if let Err(refused) = check_allowed(s.status, to) {
            let text = refused.message(self.lang);
            return self.warn(text);
        }
        let lang = self.lang;
        let today = self.snap.today.format("%Y-%m-%d").to_string();
        // The deadlines of SPEC §10, filled in from the shared settings.
        let limits = &self.snap.dir.settings;
        let due_in = |months: i64| add_months(self.snap.today, months).format("%Y-%m-%d").to_string();
        let results: Vec<(String, String)> = ReplyResult::ALL
            .iter()
            .map(|r| (r.code().to_string(), format!("{} {}", r.code(), r.words(lang))))
            .collect();
        let sat_choices = |with_none: bool| {
            let mut v: Vec<(String, String)> = Vec::new();
            if with_none {
                v.push((String::new(), tr(lang, "（未测评）", "(not rated)").to_string()));
            }
            v.extend(
                Satisfaction::ALL
                    .iter()
                    .map(|s| (s.code().to_string(), s.label(lang).to_string())),
            );
            v
        };
        let fields = match to {
            Status::Assigned => vec![
                Field::new(
                    "unit",
                    tr(lang, "承办单位", "Handling unit"),
                    FieldKind::Lookup(LookupKind::Unit),
                )
                .required(),
                Field::new(
                    "co_units",
                    tr(lang, "协办单位（逗号分隔）", "Co-units (a, b)"),
                    FieldKind::Text,
                ),
                Field::new("due", tr(lang, "办理时限", "Due date"), FieldKind::Date)
                    .with_value(&due_in(limits.reply_within_months))
                    .required(),
                Field::new("on", tr(lang, "交办日期", "Assigned on"), FieldKind::Date).with_value(&today),
            ],
            Status::Handling => {
                let text = match lang {
                    Lang::Zh => format!("将 {code} 改为 {}？y/n", to.label(lang)),
                    Lang::En => format!("Move {code} to {}? y/n", to.label(lang)),
                };
                self.push_confirm(text, Change::Advance { code, to }, seen);
                return;
            }
            Status::Replied => vec![
                Field::new("result", tr(lang, "办理结果", "Result"), FieldKind::Choice(results)).required(),
                Field::new("on", tr(lang, "答复日期", "Replied on"), FieldKind::Date)
                    .with_value(&today)
                    .required(),
                Field::new(
                    "satisfaction",
                    tr(lang, "满意度", "Satisfaction"),
                    FieldKind::Choice(sat_choices(true)),
                ),
            ],
            Status::Closed => {
                let mut f = Field::new(
                    "satisfaction",
                    tr(lang, "满意度", "Satisfaction"),
                    FieldKind::Choice(
                        [Satisfaction::Satisfied, Satisfaction::Basic]
                            .iter()
                            .map(|s| (s.code().to_string(), s.label(lang).to_string()))
                            .collect(),
                    ),
                )
                .required();
                if s.satisfaction == Some(Satisfaction::Basic) {
                    f.choice = 1;
                }
                vec![
                    f,
                    Field::new("on", tr(lang, "办结日期", "Closed on"), FieldKind::Date).with_value(&today),
                ]
            }
            Status::Reopened => vec![
                Field::new("reason", tr(lang, "理由", "Reason"), FieldKind::Text)
                    .required()
                    .with_value(if s.satisfaction == Some(Satisfaction::Unsatisfied) {
                        tr(lang, "测评不满意", "rated unsatisfied")
                    } else {
                        ""
                    }),
                Field::new(
                    "satisfaction",
                    tr(lang, "满意度", "Satisfaction"),
                    FieldKind::Choice(sat_choices(true)),
                ),
                Field::new("due", tr(lang, "办理时限", "Due date"), FieldKind::Date)
                    .with_value(&due_in(limits.rehandle_within_months))
                    .required(),
                Field::new("on", tr(lang, "重新交办日期", "Reopened on"), FieldKind::Date).with_value(&today),
            ],
            // The unit returns it (SPEC §10): why, and on which day.
            Status::Received => vec![
                Field::new("reason", tr(lang, "退回理由", "Reason for the return"), FieldKind::Text).required(),
                Field::new("on", tr(lang, "退回日期", "Returned on"), FieldKind::Date).with_value(&today),
            ],
        };
        let title = format!("{code}: {} → {}", s.status.label(lang), to.label(lang));
        self.overlays.push(Overlay::Form {
            form: Form::new(title, fields),
            purpose: FormPurpose::Advance { code, to },
            seen,
        });
    }

    /// Ask for the reply's rating (the back-to-back evaluation).
    pub(super) fn start_evaluate(&mut self, code: String, seen: Seen) {
        if let Err(e) = self.store.still_as_seen(Table::Suggestions.name(), &seen.suggestions) {
            return self.store_error(e);
        }
        let lang = self.lang;
        let choices = Satisfaction::ALL
            .iter()
            .map(|s| (s.code().to_string(), s.label(lang).to_string()))
            .collect();
        let fields = vec![Field::new(
            "satisfaction",
            tr(lang, "满意度", "Satisfaction"),
            FieldKind::Choice(choices),
        )
        .required()];
        let title = format!("{code}: {}", tr(lang, "满意度测评", "rate the reply"));
        self.overlays.push(Overlay::Form {
            form: Form::new(title, fields),
            purpose: FormPurpose::Evaluate { code },
            seen,
        });
    }

    /// Ask for the new due date (the latest allowed filled in) and why.
    pub(super) fn start_extend(&mut self, code: String, seen: Seen) {
        if let Err(e) = self.store.still_as_seen(Table::Suggestions.name(), &seen.suggestions) {
            return self.store_error(e);
        }
        let Some(s) = self.current_suggestion_row(&code) else {
            return;
        };
        let lang = self.lang;
        let months = self.snap.dir.settings.extend_within_months;
        let latest = s
            .assigned_on
            .map(|d| add_months(d, months).format("%Y-%m-%d").to_string());
        let fields = vec![
            Field::new("due", tr(lang, "延期至", "New due date"), FieldKind::Date)
                .with_value(&latest.unwrap_or_default())
                .required(),
            Field::new("reason", tr(lang, "延期理由", "Reason"), FieldKind::Text).required(),
        ];
        let was = s.due_on.map(|d| d.to_string()).unwrap_or_default();
        let title = match lang {
            Lang::Zh => format!("{code}：延期（原时限 {was}，最多交办后 {months} 个月）"),
            Lang::En => format!("{code}: extend (due {was}; at most {months} months after assignment)"),
        };
        self.overlays.push(Overlay::Form {
            form: Form::new(title, fields),
            purpose: FormPurpose::Extend { code },
            seen,
        });
    }

    pub(super) fn start_add_suggestion(&mut self, cell: Option<String>) {
        let lang = self.lang;
        let today = self.snap.today.format("%Y-%m-%d").to_string();
        let choices = |all: &[(&str, &str)]| -> Vec<(String, String)> {
            all.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect()
        };
        let sources: Vec<(&str, &str)> = SuggestionSource::ALL
            .iter()
            .map(|s| (s.code(), s.label(lang)))
            .collect();
        let mut cats: Vec<(&str, &str)> = Category::ALL.iter().map(|s| (s.code(), s.label(lang))).collect();
        // General first: most suggestions are.
        cats.rotate_right(1);
        let mut cell_field =
            Field::new("cell", tr(lang, "网格", "Cell"), FieldKind::Lookup(LookupKind::Cell)).required();
        if let Some(c) = &cell {
            cell_field.value = c.clone();
            cell_field.resolved = resolve_lookup(&self.store, &self.snap, LookupKind::Cell, c);
        }
        let fields = vec![
            cell_field,
            Field::new("title", tr(lang, "建议内容", "Title"), FieldKind::Text).required(),
            Field::new(
                "source",
                tr(lang, "来源", "Source"),
                FieldKind::Choice(choices(&sources)),
            ),
            Field::new(
                "raised_by",
                tr(lang, "提出人", "Raised by"),
                FieldKind::Lookup(LookupKind::Person),
            ),
            Field::new(
                "category",
                tr(lang, "类别", "Category"),
                FieldKind::Choice(choices(&cats)),
            ),
            Field::new("received_on", tr(lang, "收集日期", "Received on"), FieldKind::Date)
                .with_value(&today)
                .required(),
        ];
        let mut form = Form::new(
            tr(lang, "登记意见建议（接待日）", "New suggestion (reception day)").to_string(),
            fields,
        );
        if cell.is_some() {
            form.focus = 1;
        }
        self.overlays.push(Overlay::Form {
            form,
            purpose: FormPurpose::AddSuggestion,
            seen: Seen::default(),
        });
    }

    pub(super) fn start_reception(&mut self, station: String, deputy: Option<String>) {
        self.start_reception_on(station, deputy, None, None);
    }

    /// The reception form with the deputy and the day filled in when
    /// given (a rota slot's; the day defaults to today), and the number of
    /// constituents already recorded for it (else 0).
    pub(super) fn start_reception_on(
        &mut self,
        station: String,
        deputy: Option<String>,
        day: Option<NaiveDate>,
        constituents: Option<i64>,
    ) {
        let lang = self.lang;
        let today = day.unwrap_or(self.snap.today).format("%Y-%m-%d").to_string();
        let mut dep = Field::new(
            "deputy",
            tr(lang, "代表", "Deputy"),
            FieldKind::Lookup(LookupKind::Deputy),
        )
        .required();
        if let Some(d) = deputy {
            dep.resolved = resolve_lookup(&self.store, &self.snap, LookupKind::Deputy, &d);
            dep.value = d;
        }
        let fields = vec![
            dep,
            Field::new("date", tr(lang, "日期", "Date"), FieldKind::Date)
                .with_value(&today)
                .required(),
            Field::new("constituents", tr(lang, "接待人数", "Constituents"), FieldKind::Number)
                .with_value(&constituents.unwrap_or(0).to_string()),
        ];
        let title = format!(
            "{} {} {}",
            tr(lang, "登记接待", "Record a reception at"),
            station,
            self.station_name(&station)
        );
        let mut form = Form::new(title, fields);
        if day.is_some() {
            // From a rota slot only the number of constituents is asked.
            form.focus = 2;
        }
        self.overlays.push(Overlay::Form {
            form,
            purpose: FormPurpose::Reception { station },
            seen: Seen::default(),
        });
    }

    pub(super) fn station_name(&self, code: &str) -> String {
        self.snap.station(code).map(|s| sanitize(&s.name)).unwrap_or_default()
    }

    pub(super) fn form_action(&mut self, action: Action) {
        let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
            return;
        };
        match form.handle(action) {
            Outcome::Stay | Outcome::Pass(_) => {}
            Outcome::Close => {
                self.overlays.pop();
            }
            Outcome::Submit => self.submit_form(),
        }
    }

    pub(super) fn submit_form(&mut self) {
        let Some(Overlay::Form { form, purpose, seen }) = self.overlays.last().cloned() else {
            return;
        };
        let lang = self.lang;
        // Text that names several records: the operator chooses, never the first.
        if let Some(f) = form
            .fields
            .iter()
            .find(|f| matches!(f.kind, FieldKind::Lookup(_)) && f.resolved.is_none() && f.matches.len() > 1)
        {
            let items = f
                .matches
                .iter()
                .map(|(code, name)| PickItem {
                    code: code.clone(),
                    label: name.clone(),
                    search: format!("{code} {name}"),
                    ..Default::default()
                })
                .collect();
            let title = format!(
                "{}：{}",
                f.label,
                tr(lang, "有多个匹配，请选择", "several match; choose one")
            );
            return self.push_fixed_picker(title, items, PickPurpose::FillField(f.key), Seen::default());
        }
        // Empty required fields and bad dates are marked on the form.
        if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
            if form.check(lang).is_err() {
                return;
            }
        }
        let date = |key: &str| crate::model::parse_date(&form.value(key));
        let resolved = |key: &str| form.field(key).and_then(|f| f.resolved.clone()).map(|r| r.0);
        let chosen = |key: &str| form.field(key).and_then(|f| f.chosen()).unwrap_or("").to_string();
        match purpose {
            FormPurpose::AddSuggestion => {
                let s = Suggestion::received(
                    &resolved("cell").unwrap_or_default(),
                    &sanitize(&form.value("title")),
                    SuggestionSource::parse(&chosen("source")).unwrap_or(SuggestionSource::Reception),
                    &resolved("raised_by").unwrap_or_default(),
                    Category::parse(&chosen("category")).unwrap_or(Category::General),
                    date("received_on").unwrap_or(self.snap.today),
                );
                match self.store.add_suggestion(&self.session.actor, s) {
                    Ok(s) => {
                        self.overlays.pop();
                        let text = format!("{} {} ({})", self.tr("已登记", "Added"), s.code, s.cell_code);
                        self.after_change(text);
                        self.tables.suggestions.select_code(&s.code);
                    }
                    Err(e) => self.form_store_error(e),
                }
            }
            FormPurpose::Advance { code, to } => {
                let input = MoveInput {
                    // The unit as the field resolved it, else as typed
                    // (the store reads a code or an exact name).
                    unit: resolved("unit")
                        .or_else(|| Some(sanitize(&form.value("unit"))))
                        .filter(|u| !u.is_empty()),
                    co_units: Some(form.value("co_units"))
                        .filter(|c| !c.trim().is_empty())
                        .map(|c| crate::model::split_units(&sanitize(&c))),
                    due: date("due"),
                    result: ReplyResult::parse(&chosen("result")),
                    satisfaction: Satisfaction::parse(&chosen("satisfaction")),
                    reason: Some(sanitize(&form.value("reason"))).filter(|r| !r.is_empty()),
                    on: date("on").or(Some(self.snap.today)),
                };
                self.run_advance(&code, to, &input, &seen, true);
            }
            FormPurpose::Extend { code } => {
                let due = date("due").unwrap_or(self.snap.today);
                let reason = sanitize(&form.value("reason"));
                let done =
                    self.store
                        .extend_suggestion(&self.session.actor, &code, due, &reason, Some(&seen.suggestions));
                match done {
                    Ok(Ok(_)) => {
                        self.overlays.pop();
                        let text = match lang {
                            Lang::Zh => format!("已延期 {code} 至 {due}"),
                            Lang::En => format!("Extended {code} to {due}"),
                        };
                        self.after_change(text);
                    }
                    Ok(Err(refused)) => self.form_error(refused.message(lang)),
                    Err(e) => {
                        self.overlays.pop();
                        self.store_error(e);
                    }
                }
            }
            FormPurpose::Evaluate { code } => {
                let Some(sat) = Satisfaction::parse(&chosen("satisfaction")) else {
                    return;
                };
                match self
                    .store
                    .evaluate_suggestion(&self.session.actor, &code, sat, Some(&seen.suggestions))
                {
                    Ok(Ok(_)) => {
                        self.overlays.pop();
                        let text = format!("{code}: {}", sat.label(lang));
                        self.after_change(text);
                    }
                    Ok(Err(refused)) => self.form_error(refused.message(lang)),
                    Err(e) => {
                        self.overlays.pop();
                        self.store_error(e);
                    }
                }
            }
            FormPurpose::Record(record) => self.submit_record_form(&form, record),
            FormPurpose::Report => self.write_report(&form),
            FormPurpose::Reception { station } => {
                let r = Reception {
                    date: date("date").unwrap_or(self.snap.today),
                    station_code: station.into(),
                    deputy_code: resolved("deputy").unwrap_or_default().into(),
                    constituents: form.value("constituents").parse().unwrap_or(0),
                };
                let stored = match self.store.reception_constituents(&r) {
                    Ok(stored) => stored,
                    Err(e) => return self.form_store_error(e),
                };
                match stored {
                    // The same reception again: replacing its count loses
                    // the first one, so ask (the form stays under the question).
                    Some(before) if before != r.constituents => {
                        let text = match lang {
                            Lang::Zh => format!(
                                "{} 在 {} 于 {} 已登记接待 {before} 人；改为 {} 人？y/n",
                                r.deputy_code, r.station_code, r.date, r.constituents
                            ),
                            Lang::En => format!(
                                "{} at {} on {} is already recorded with {before} constituents; replace with {}? y/n",
                                r.deputy_code, r.station_code, r.date, r.constituents
                            ),
                        };
                        let seen = Seen {
                            reception: Some(Some(before)),
                            ..Default::default()
                        };
                        self.push_confirm(text, Change::Reception(r), seen);
                    }
                    _ => {
                        let seen = Seen {
                            reception: Some(stored),
                            ..Default::default()
                        };
                        self.record_reception(&r, &seen, true);
                    }
                }
            }
        }
    }

    /// Record a reception as the operator decided on it (`seen.reception`:
    /// the count stored then); `from_form` when the form is on top.
    pub(super) fn record_reception(&mut self, r: &Reception, seen: &Seen, from_form: bool) {
        match self.store.add_reception(&self.session.actor, r, seen.reception) {
            Ok(changed) => {
                if from_form {
                    self.overlays.pop();
                }
                let text = if changed {
                    format!(
                        "{} {} @ {} ({} {})",
                        self.tr("已登记接待", "Reception recorded:"),
                        r.deputy_code,
                        r.station_code,
                        r.constituents,
                        self.tr("人", "constituents")
                    )
                } else {
                    self.tr("该接待记录已存在，无变化", "That reception was already recorded")
                };
                self.after_change(text);
            }
            Err(e) if from_form => self.form_store_error(e),
            Err(e) => self.store_error(e),
        }
    }

    pub(super) fn run_advance(&mut self, code: &str, to: Status, input: &MoveInput, seen: &Seen, from_form: bool) {
        match self
            .store
            .move_suggestion(&self.session.actor, code, to, input, Some(&seen.suggestions))
        {
            Ok(Ok(s)) => {
                if from_form {
                    self.overlays.pop();
                }
                let text = format!("{} {code} → {}", self.tr("已推进", "Moved"), s.status.label(self.lang));
                self.after_change(text);
            }
            Ok(Err(e)) => {
                let text = e.message(self.lang);
                if from_form {
                    self.form_error(text);
                } else {
                    self.warn(text);
                }
            }
            Err(e) => {
                if from_form {
                    self.overlays.pop();
                }
                self.store_error(e);
            }
        }
    }

    pub(super) fn form_error(&mut self, text: String) {
        if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
            form.error = Some(text);
        }
    }

    pub(super) fn form_store_error(&mut self, e: StoreError) {
        if matches!(
            e,
            StoreError::NotFound { .. }
                | StoreError::Exists { .. }
                | StoreError::Inactive { .. }
                | StoreError::Refused(_)
        ) {
            let text = self.store_error_text(&e);
            return self.form_error(text);
        }
        self.overlays.pop();
        self.store_error(e);
    }
}
