//! Every action an operator can take, by one stable name. The keymap binds
//! keys to these names; help, status-bar hints and the read-only refusal
//! all read this table.

use crate::i18n::{tr, Lang};

macro_rules! actions {
    ( $( $variant:ident = $name:literal, $writes:literal, $zh:literal, $en:literal ; )+ ) => {
        /// One thing an operator can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $( $variant, )+
        }

        impl Action {
            pub const ALL: &'static [Action] = &[ $( Action::$variant, )+ ];

            /// The stable name used in keymap files (`contacts.reassign`).
            pub fn name(self) -> &'static str {
                match self { $( Action::$variant => $name, )+ }
            }

            /// Whether the action changes the database (refused when read-only).
            pub fn writes(self) -> bool {
                match self { $( Action::$variant => $writes, )+ }
            }

            /// What the action does, for help when the keymap gives no `about`.
            pub fn about(self, lang: Lang) -> &'static str {
                match self { $( Action::$variant => tr(lang, $zh, $en), )+ }
            }

            /// The action of a name, or None for an unknown name.
            pub fn parse(name: &str) -> Option<Action> {
                match name.trim() {
                    $( $name => Some(Action::$variant), )+
                    _ => None,
                }
            }
        }
    };
}

actions! {
    Quit = "quit", false, "退出", "Quit";
    Help = "help", false, "帮助（按键一览）", "Help (all keys)";
    ViewOverview = "view.overview", false, "总览", "Overview";
    ViewCells = "view.cells", false, "网格", "Cells";
    ViewMap = "view.map", false, "地图", "Map";
    ViewDeputies = "view.deputies", false, "代表", "Deputies";
    ViewContacts = "view.contacts", false, "联络员", "Contacts";
    ViewSuggestions = "view.suggestions", false, "意见建议", "Suggestions";
    ViewStations = "view.stations", false, "联络站", "Stations";
    ViewGaps = "view.gaps", false, "覆盖缺口", "Gaps";
    ViewUnits = "view.units", false, "承办单位", "Units";
    LookupOpen = "lookup.open", false, "全局查找", "Global lookup";
    OpenCell = "open.cell", false, "打开所在网格", "Open their cell";
    FilterOpen = "filter.open", false, "筛选本视图", "Filter this view";
    Undo = "undo", true, "撤销我的上一次修改", "Undo my last change";
    Refresh = "refresh", false, "刷新：读取数据库的变化", "Refresh: follow changes in the database";
    MoveUp = "move.up", false, "上移", "Move up";
    MoveDown = "move.down", false, "下移", "Move down";
    MoveLeft = "move.left", false, "左移", "Move left";
    MoveRight = "move.right", false, "右移", "Move right";
    PageUp = "page.up", false, "上一页", "Page up";
    PageDown = "page.down", false, "下一页", "Page down";
    MoveTop = "move.top", false, "到顶部", "Go to top";
    MoveBottom = "move.bottom", false, "到底部", "Go to bottom";
    Open = "open", false, "打开 / 确定", "Open / confirm";
    Back = "back", false, "返回 / 取消", "Back / cancel";
    SelectToggle = "select.toggle", false, "选中/取消选中本行", "Select or unselect the row";
    SelectClear = "select.clear", false, "清除选择", "Clear the selection";
    SortNext = "sort.next", false, "按下一列排序", "Sort by the next column";
    SortReverse = "sort.reverse", false, "反向排序", "Reverse the sort";
    SortPick = "sort.pick", false, "选择排序的列", "Sort by a column…";
    ContactsReassign = "contacts.reassign", true, "改派给其他代表", "Reassign to another deputy";
    ContactsMove = "contacts.move", true, "调整到其他网格", "Move the contact to another cell";
    CellsAssign = "cells.assign", true, "为网格指派代表", "Assign a deputy to the cell";
    DeputiesHandover = "deputies.handover", true, "整体移交该代表的联络员", "Hand all this deputy's contacts to another";
    SuggestionsAdd = "suggestions.add", true, "登记意见建议", "Add a suggestion";
    SuggestionsAdvance = "suggestions.advance", true, "推进办理状态", "Advance the suggestion's status";
    SuggestionsFilterStatus = "suggestions.filter_status", false, "按状态筛选（循环）", "Filter by status (cycle)";
    SuggestionsFilterCategory = "suggestions.filter_category", false, "按类别筛选（循环）", "Filter by category (cycle)";
    SuggestionsFilterDue = "suggestions.filter_due", false, "只看将到期的（催办）", "Due soon only (reminders)";
    SuggestionsFilterUnit = "suggestions.filter_unit", false, "按承办单位筛选", "Filter by handling unit";
    StationsRecord = "stations.record", true, "登记接待", "Record a reception";
    ReportWrite = "report.write", false, "写出报告（Excel 工作簿）", "Write the report (an Excel workbook)";
    RotaAttend = "rota.attend", true, "登记该排班的接待", "Record the rota slot's attendance";
    GapsFix = "gaps.fix", true, "修复此缺口", "Fix this gap";
    RecordsEdit = "records.edit", true, "修改此记录", "Edit the record";
    RecordsNew = "records.new", true, "新增一条记录", "Add a record";
    RecordsToggleActive = "records.toggle_active", true, "停用 / 恢复在职", "Deactivate or reactivate";
    RecordsHistory = "records.history", false, "此记录的修改记录", "History of the record";
    MapZoomIn = "map.zoom_in", false, "放大", "Zoom in";
    MapZoomOut = "map.zoom_out", false, "缩小", "Zoom out";
    MapPanLeft = "map.pan_left", false, "向左平移", "Pan left";
    MapPanRight = "map.pan_right", false, "向右平移", "Pan right";
    MapPanUp = "map.pan_up", false, "向上平移", "Pan up";
    MapPanDown = "map.pan_down", false, "向下平移", "Pan down";
    MapReset = "map.reset", false, "还原地图", "Reset the map";
    FormNext = "form.next", false, "下一项", "Next field";
    FormPrev = "form.prev", false, "上一项", "Previous field";
    FormChoiceNext = "form.choice_next", false, "下一个选项", "Next choice";
    FormChoicePrev = "form.choice_prev", false, "上一个选项", "Previous choice";
    ConfirmYes = "confirm.yes", false, "确认", "Confirm";
    ConfirmNo = "confirm.no", false, "取消", "Cancel";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_name() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.name()), Some(*a));
        }
        assert_eq!(Action::parse("contacts.reasign"), None);
    }

    #[test]
    fn changes_are_marked_as_writes() {
        assert!(Action::ContactsReassign.writes());
        assert!(Action::Undo.writes());
        assert!(!Action::FilterOpen.writes());
    }
}
