//! The Gaps view's fix key: each rule's fix (`coverage::Fix`) made on
//! screen.

use super::*;

impl App {
    /// The natural fix for the finding under the cursor.
    pub(super) fn fix_gap(&mut self) {
        // On a rule's header: its first finding (the one a filter lands on).
        self.off_gap_header();
        let Some(f) = self.tables.gaps.current_code().and_then(|c| self.finding(c)).cloned() else {
            return self.say(self.tr(
                "请把光标移到一条缺口上（标题行按 Enter 折叠/展开）",
                "Put the cursor on a finding (Enter on a rule's header folds it)",
            ));
        };
        let fix = f.rule_row().map_or(Fix::EditFiles, |r| r.fix);
        match fix {
            Fix::ReassignContact => self.start_reassign(vec![f.code.clone()]),
            Fix::AssignDeputy => self.start_assign(f.code.clone()),
            Fix::MoveContactIntoCell => {
                let title = format!(
                    "{} {}{}",
                    self.tr("将哪位联络员调整到网格", "Move which contact into"),
                    f.code,
                    "?"
                );
                // The contacts of the cell's town first (first-use #25).
                let source = PickSource::Contacts {
                    first_cell: Some(f.code.clone()),
                };
                self.push_picker(
                    title,
                    source,
                    PickPurpose::ContactIntoCell(f.code.clone()),
                    Seen::default(),
                );
            }
            Fix::LinkContact => {
                let cell = self.read_deputy_cells(&f.code).into_iter().next();
                let title = format!(
                    "{} {}{}",
                    self.tr("为代表", "Link which contact to"),
                    f.code,
                    self.tr(" 联系哪位联络员？", "?")
                );
                let source = PickSource::Contacts { first_cell: cell };
                self.push_picker(
                    title,
                    source,
                    PickPurpose::ContactForDeputy(f.code.clone()),
                    Seen::default(),
                );
            }
            Fix::ListContacts => {
                self.switch(View::Contacts);
                self.tables.contacts.set_filter(&f.code);
                self.say(self.tr(
                    "已列出该代表的联络员：Space 选中后按 r 改派",
                    "This deputy's contacts: select with Space, then r to reassign",
                ));
            }
            Fix::RecordReception => {
                let station = match self.store.deputy(&f.code) {
                    Ok(d) => d.map(|d| d.station_code).unwrap_or_default(),
                    Err(e) => return self.store_error(e),
                };
                let station = if self.snap.station(&station).is_some() {
                    station
                } else {
                    self.snap
                        .dir
                        .stations
                        .first()
                        .map(|s| s.code.clone())
                        .unwrap_or_default()
                };
                if station.is_empty() {
                    return self.warn(self.tr("没有联络站", "No station to record at"));
                }
                self.start_reception(station.to_string(), Some(f.code.clone()));
            }
            Fix::AdvanceSuggestion => self.start_advance(f.code.clone()),
            Fix::DeactivateDuplicate => self.start_retire_duplicate(&f.code),
            Fix::ChooseSupervisor => self.start_supervise(f.code.clone()),
            Fix::EditFiles => {
                self.goto(f.kind, &f.code);
                self.say(self.tr(
                    "此缺口需修改数据文件后重新导入",
                    "This gap is fixed in the data files (edit and import again)",
                ));
            }
        }
    }
}
