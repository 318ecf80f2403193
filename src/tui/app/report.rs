//! The Overview's `w`: the report of a period written as a workbook
//! (SPEC §12), as `lianluo report --xlsx` writes it. The form asks for the
//! period (this year by default) and the file (`报告-YYYY.xlsx` proposed);
//! an existing file is never replaced from here.

use super::*;
use chrono::Datelike;
use std::path::PathBuf;

impl App {
    /// Open the report form.
    pub(super) fn start_report(&mut self) {
        let lang = self.lang;
        let today = self.snap.today;
        let year_start = crate::model::year_start(today);
        let proposed = match lang {
            Lang::Zh => format!("报告-{}.xlsx", today.year()),
            Lang::En => format!("report-{}.xlsx", today.year()),
        };
        let fields = vec![
            Field::new("from", tr(lang, "起始日期", "From"), FieldKind::Date)
                .with_value(&year_start.to_string())
                .required(),
            Field::new("to", tr(lang, "截止日期", "To"), FieldKind::Date)
                .with_value(&today.to_string())
                .required(),
            Field::new("file", tr(lang, "文件", "File"), FieldKind::Text)
                .with_value(&proposed)
                .required(),
        ];
        let form = Form::new(
            tr(lang, "写出报告（Excel）", "Write the report (Excel)").to_string(),
            fields,
        );
        self.overlays.push(Overlay::Form {
            form,
            purpose: FormPurpose::Report,
            seen: Seen::default(),
        });
    }

    /// Write the workbook the form describes; the form stays open, with
    /// the reason, when it cannot be written.
    pub(super) fn write_report(&mut self, form: &Form) {
        let date = |key: &str| crate::model::parse_date(&form.value(key));
        let (Some(from), Some(to)) = (date("from"), date("to")) else {
            return;
        };
        if from > to {
            return self.warn(match self.lang {
                Lang::Zh => format!("起始日期 {from} 晚于截止日期 {to}"),
                Lang::En => format!("From {from} is after To {to}"),
            });
        }
        let file = PathBuf::from(form.value("file").trim());
        if let Err(why) = crate::store::may_write(&file, self.store.path(), false) {
            return self.warn(why.message(self.lang, &file));
        }
        // The period may reach back before this year: read it from the
        // store, not from the screen's snapshot (this year's receptions).
        let ds = match self.store.load_period(from, to) {
            Ok(ds) => ds,
            Err(e) => return self.form_store_error(e),
        };
        let figures = crate::report::figures(&ds, from, to);
        let shown = crate::model::escape_unsafe(&file.display().to_string());
        match crate::report::workbook::write_workbook(&figures, self.lang, &file, false) {
            Ok(()) => {
                self.overlays.pop();
                self.say(match self.lang {
                    Lang::Zh => format!("已写入报告 {shown}"),
                    Lang::En => format!("Wrote the report {shown}"),
                });
            }
            Err(e) => self.warn(match self.lang {
                Lang::Zh => format!("{shown}: 无法写入：{e:#}"),
                Lang::En => format!("{shown}: cannot write: {e:#}"),
            }),
        }
    }
}
