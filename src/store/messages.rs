//! The store's refusals and errors in the operator's language: one wording
//! for the CLI (`cli::store_failure`) and the TUI, in Chinese and English.

use super::{IoStep, Kind, RecordRefusal, StoreError, UndoRefusal};
use crate::i18n::Lang;

impl StoreError {
    /// What to tell the operator, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang.is_zh();
        match self {
            StoreError::CannotOpen { path, reason } if zh => {
                format!("无法打开数据库 {}：{}", path.display(), reason_zh(reason))
            }
            StoreError::CannotOpen { path, reason } => {
                format!("cannot open the database {}: {reason}", path.display())
            }
            StoreError::NewerSchema { path, found, supported } if zh => format!(
                "数据库 {} 由更新版本的 lianluo 写入（结构版本 {found}，本程序只能读到 {supported}）：请使用新版 lianluo；文件未被改动",
                path.display()
            ),
            StoreError::NewerSchema { path, found, supported } => format!(
                "the database {} was written by a newer lianluo (schema version {found}; this program reads up to {supported}): use a newer lianluo; the file was not touched",
                path.display()
            ),
            StoreError::ReadOnly(why) if zh => format!("只读，不能修改：{}", why_zh(why)),
            StoreError::ReadOnly(why) => format!("read-only, nothing changed: {why}"),
            StoreError::Busy if zh => "数据库正被其他操作员写入，请稍后再试；未做任何修改".into(),
            StoreError::Busy => "the database stayed busy (another operator is writing); nothing changed, try again".into(),
            StoreError::Conflict { kind, code, by, at } if zh => {
                format!("{} {code} 已被 {by} 于 {at} 修改；未做任何修改，请刷新后重试", kind_zh(kind))
            }
            StoreError::Conflict { kind, code, by, at } => {
                format!("{kind} {code} was changed by {by} at {at}; nothing changed, reload and try again")
            }
            StoreError::NotFound { kind, code } if zh => format!("找不到{}：{code}", kind_zh(kind)),
            StoreError::NotFound { kind, code } => format!("unknown {kind}: {code}"),
            StoreError::Exists { kind, code } if zh => format!("{} {code} 已存在；未做任何修改", kind_zh(kind)),
            StoreError::Exists { kind, code } => format!("{kind} {code} already exists; nothing changed"),
            StoreError::Inactive { kind, code, name } if zh => {
                format!("{} {code}（{name}）已离任（停用）；未做任何修改", kind_zh(kind))
            }
            StoreError::Inactive { kind, code, name } => {
                format!("{kind} {code} ({name}) is inactive; nothing changed")
            }
            StoreError::BadSetting { key, value } if zh => format!("{key}：{value:?} 不是有效的值"),
            StoreError::BadSetting { key, value } => format!("{key}: {value:?} is not a valid value"),
            StoreError::Undo(refusal) => refusal.message(lang),
            StoreError::BadText { field, problem } => {
                format!("{field}: {}", crate::io::text_problem_text(*problem, lang))
            }
            StoreError::DatesOutOfOrder { code, order } => {
                format!("{code}: {}", crate::io::date_order_text(order, lang))
            }
            StoreError::Refused(why) => why.clone(),
            StoreError::Fields(errors) => errors.iter().map(|e| e.text.as_str()).collect::<Vec<_>>().join("\n"),
            StoreError::Record(refusal) => refusal.message(lang),
            StoreError::Referenced { code, by } => referenced_text(code, by, lang),
            StoreError::UnknownValue { field, kind, value } if zh => {
                format!("{field}：找不到{}「{value}」（既不是编码，也不是名称）", kind_zh(kind))
            }
            StoreError::UnknownValue { field, kind, value } => {
                format!("{field}: no {kind} has the code or the name {value:?}")
            }
            StoreError::DiskFull if zh => "磁盘已满：未做任何修改（请清理数据库所在磁盘的空间后重试）".into(),
            StoreError::DiskFull => {
                "the disk is full: nothing was changed (free space on the disk that holds the database and try again)"
                    .into()
            }
            StoreError::Io(step) if zh => format!(
                "磁盘读写出错（{}）：未做任何修改（请检查磁盘及其剩余空间后重试）",
                io_step_zh(*step)
            ),
            StoreError::Io(step) => format!(
                "the disk failed while {step}: nothing was changed (check the disk and its free space, then try again)"
            ),
            // SQLite's own words stay as they are; what they mean for the
            // operator is said in the operator's language.
            StoreError::Sqlite(e) if zh => format!("数据库错误：{e}；未做任何修改"),
            StoreError::Sqlite(e) => format!("database error: {e}; nothing changed"),
        }
    }
}

impl UndoRefusal {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang.is_zh();
        match self {
            UndoRefusal::Import { at } if zh => {
                format!("无法撤销：本程序最近一次修改是导入（{at}），导入不能撤销；更早的修改也不会越过它撤销")
            }
            UndoRefusal::Import { at } => format!(
                "Cannot undo: your last change was an import (at {at}), which cannot be undone; older changes are not undone past it"
            ),
            UndoRefusal::ImportedSince { kind, code, by, at } if zh => {
                format!("无法撤销：{} {code} 之后已被 {by} 的导入于 {at} 修改", kind_zh(kind))
            }
            UndoRefusal::ImportedSince { kind, code, by, at } => {
                format!("Cannot undo: {kind} {code} was changed by an import by {by} at {at} since")
            }
            UndoRefusal::InactiveDeputy { contact, deputy, name } if zh => {
                format!("无法撤销：{contact} 将改回代表 {deputy}（{name}），但该代表已离任（停用）")
            }
            UndoRefusal::InactiveDeputy { contact, deputy, name } => {
                format!("Cannot undo: {contact} would go back to deputy {deputy} ({name}), who is now inactive")
            }
        }
    }
}

impl RecordRefusal {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang.is_zh();
        match self {
            RecordRefusal::NotKept(Kind::Assignments) if zh => {
                "分工（代表联系的网格）用 lianluo assign / unassign 修改".into()
            }
            RecordRefusal::NotKept(Kind::Assignments) => {
                "assignments change through `lianluo assign` and `lianluo unassign`".into()
            }
            RecordRefusal::NotKept(_) if zh => "边界只能用 GeoJSON 文件导入（lianluo import）".into(),
            RecordRefusal::NotKept(_) => "the boundary comes from a GeoJSON file (`lianluo import`)".into(),
            RecordRefusal::AddSuggestion if zh => "建议用 lianluo suggest add 登记（状态为已收集）".into(),
            RecordRefusal::AddSuggestion => "a suggestion is added with `lianluo suggest add` (status received)".into(),
            RecordRefusal::UnknownField { kind, field } => {
                let fields = crate::io::field_names(*kind).join(", ");
                if zh {
                    format!(
                        "{field}：{}没有这个字段（可用：{fields}，或导入时的中文表头）",
                        kind.zh()
                    )
                } else {
                    format!(
                        "{field}: {} have no such field (one of {fields}, or a Chinese header the import accepts)",
                        kind.name()
                    )
                }
            }
            RecordRefusal::Key { field } if zh => {
                format!("{field}：编码（键）不能修改；如需换编码，请新增一条记录并停用旧的")
            }
            RecordRefusal::Key { field } => {
                format!("{field}: the key does not change; add a record under the new code and deactivate the old one")
            }
            RecordRefusal::Lifecycle { field } if zh => {
                format!("{field}：办理流程字段只能用 lianluo suggest move / suggest extend 修改")
            }
            RecordRefusal::Lifecycle { field } => {
                format!("{field}: a suggestion's lifecycle changes only through `suggest move` and `suggest extend`")
            }
            RecordRefusal::Twice { field } if zh => format!("{field}：同一字段给了两次"),
            RecordRefusal::Twice { field } => format!("{field}: the field is given twice"),
            RecordRefusal::NoFields if zh => "请给出 字段=值（如 phone=13812345678）".into(),
            RecordRefusal::NoFields => "give FIELD=VALUE (e.g. phone=13812345678)".into(),
        }
    }
}

/// A record added under a key that is taken.
pub(super) fn exists_text(kind: Kind, key: &str, lang: Lang) -> String {
    if lang.is_zh() {
        format!("{} {key} 已存在", kind.zh())
    } else {
        format!("{} {key} already exists", kind.singular())
    }
}

/// `G00007: 3 contacts, 2 assignments` still refer to a record.
fn referenced_text(code: &str, by: &[(Kind, i64)], lang: Lang) -> String {
    if lang.is_zh() {
        let holders: Vec<String> = by.iter().map(|(k, n)| format!("{} {n} 条", k.zh())).collect();
        format!(
            "{code}：仍被 {} 引用；未删除（不再使用请停用：active=否）",
            holders.join("、")
        )
    } else {
        let holders: Vec<String> = by
            .iter()
            .map(|(k, n)| {
                let name = if *n == 1 { k.singular() } else { k.name() };
                format!("{n} {name}")
            })
            .collect();
        format!(
            "{code}: {} still {} to it; nothing removed (set active=false to retire a record)",
            holders.join(", "),
            if by.len() == 1 && by[0].1 == 1 {
                "refers"
            } else {
                "refer"
            }
        )
    }
}

fn io_step_zh(step: IoStep) -> &'static str {
    match step {
        IoStep::Read => "读取数据库时",
        IoStep::Write => "写入数据库时",
        IoStep::Sync => "将数据库写回磁盘时",
        IoStep::SharedMemory => "创建数据库旁的 -shm 文件时",
        IoStep::Other => "操作数据库时",
    }
}

fn reason_zh(reason: &str) -> &str {
    use super::reason;
    match reason {
        reason::EMPTY => "空文件不是 lianluo 数据库（请用 lianluo init 创建）",
        reason::UNMERGED_WAL => {
            "数据库有尚未合并的修改（在其 -wal 文件中），您没有其所在目录的写权限，无法读取；请有写权限的操作员打开它一次"
        }
        other => other,
    }
}

fn why_zh(why: &str) -> &str {
    if why.contains("--read-only") {
        "以 --read-only 打开"
    } else if why.contains("cannot write") {
        "您没有写入数据库文件或其所在目录的权限"
    } else {
        why
    }
}

/// The Chinese name of a kind of record, as the store names them.
pub fn kind_zh(kind: &str) -> &str {
    match kind {
        "contact" => "联络员",
        "deputy" => "代表",
        "cell" => "网格",
        "suggestion" => "建议",
        "station" => "联络站",
        "setting" => "设置项",
        "assignment" => "联系网格",
        "reception" => "接待记录",
        "unit" => "承办单位",
        "area" => "区划",
        "rota" => "接待安排",
        "record" => "记录",
        "activity" => "履职活动",
        "deputy or contact" => "代表或联络员",
        other => other,
    }
}
