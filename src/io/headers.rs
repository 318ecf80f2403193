//! The columns of each kind: English name, Chinese aliases (SPEC §2), and
//! whether a file must have them. Aliases are resolved per kind because some
//! are ambiguous across kinds (级别 is an area's or a deputy's level; 网格编码
//! is a cell's own code in cells, the cell_code elsewhere).

use crate::store::Kind;

/// One column a kind understands.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The English header (as exported).
    pub name: &'static str,
    /// Chinese headers accepted for it in this kind.
    pub aliases: &'static [&'static str],
    /// A file without this column is refused (a row means nothing without it).
    pub required: bool,
}

const fn req(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column {
        name,
        aliases,
        required: true,
    }
}

const fn opt(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column {
        name,
        aliases,
        required: false,
    }
}

const CODE: &[&str] = &["编码", "编号", "代码"];
const NAME: &[&str] = &["名称", "姓名"];
const PHONE: &[&str] = &["电话", "联系电话", "手机", "手机号", "手机号码"];
const ACTIVE: &[&str] = &["在职", "有效", "是否在职", "是否有效"];
const CELL_CODE: &[&str] = &["网格编码", "网格"];
const DEPUTY_CODE: &[&str] = &["代表编码", "联系代表", "代表"];
const AREA_CODE: &[&str] = &["村居编码", "区划代码", "区划编码"];
const STATION_CODE: &[&str] = &["联络站编码", "联络站"];

const AREAS: &[Column] = &[
    req("code", &["编码", "编号", "代码", "区划代码", "区划编码"]),
    req("name", NAME),
    req("level", &["级别", "层级"]),
    req("parent_code", &["上级编码", "上级代码", "上级区划代码"]),
];

const CELLS: &[Column] = &[
    req("code", &["编码", "编号", "代码", "网格编码"]),
    req("name", &["名称", "网格名称", "姓名"]),
    req("area_code", AREA_CODE),
    opt("households", &["户数"]),
    opt("population", &["人口", "人口数"]),
    opt("grid_worker", &["网格员"]),
];

const BOUNDARY: &[Column] = &[req("code", CODE), opt("name", NAME)];

const DEPUTIES: &[Column] = &[
    req("code", &["编码", "编号", "代码", "代表编码"]),
    req("name", NAME),
    req("level", &["级别", "代表级别", "层级"]),
    opt("district", &["选区"]),
    opt("phone", PHONE),
    opt("sector", &["行业", "界别"]),
    opt("station_code", STATION_CODE),
    opt("active", ACTIVE),
];

const ASSIGNMENTS: &[Column] = &[req("deputy_code", DEPUTY_CODE), req("cell_code", CELL_CODE)];

const CONTACTS: &[Column] = &[
    req("code", CODE),
    req("name", NAME),
    opt("role", &["角色", "身份"]),
    opt("phone", PHONE),
    req("cell_code", CELL_CODE),
    opt("deputy_code", DEPUTY_CODE),
    opt("active", ACTIVE),
];

const STATIONS: &[Column] = &[
    req("code", &["编码", "编号", "代码", "联络站编码"]),
    req("name", NAME),
    req("kind", &["类型", "类别"]),
    opt("area_code", AREA_CODE),
    opt("lon", &["经度"]),
    opt("lat", &["纬度"]),
    opt("theme", &["主题", "特色"]),
    opt("reception_day", &["接待日"]),
];

const RECEPTIONS: &[Column] = &[
    req("date", &["日期", "接待日期"]),
    req("station_code", STATION_CODE),
    req("deputy_code", DEPUTY_CODE),
    opt("constituents", &["接待人数", "人数"]),
];

const SUGGESTIONS: &[Column] = &[
    req("code", CODE),
    req("cell_code", CELL_CODE),
    req("title", &["标题", "建议内容", "内容"]),
    opt("source", &["来源"]),
    opt("raised_by", &["提出人"]),
    opt("category", &["类别"]),
    req("received_on", &["收集日期", "提出日期"]),
    opt("handling_unit", &["承办单位"]),
    opt("assigned_on", &["交办日期"]),
    opt("due_on", &["办理时限", "办结时限"]),
    opt("status", &["状态"]),
    opt("replied_on", &["答复日期"]),
    opt("satisfaction", &["满意度"]),
    opt("closed_on", &["办结日期"]),
    opt("co_units", &["协办单位"]),
    opt("extended_from", &["原办理时限"]),
    opt("result", &["办理结果"]),
    opt("supervisor", &["督办领导"]),
];

const UNITS: &[Column] = &[
    req("code", &["编码", "编号", "代码", "单位编码"]),
    req("name", &["名称", "单位名称", "承办单位"]),
    opt("kind", &["类型", "类别"]),
    opt("contact", &["联系人"]),
    opt("phone", PHONE),
    opt("active", ACTIVE),
];

const ROTA: &[Column] = &[
    req("date", &["日期", "接待日期"]),
    req("station_code", STATION_CODE),
    req("deputy_code", DEPUTY_CODE),
    opt("role", &["角色", "身份"]),
];

const ACTIVITIES: &[Column] = &[
    req("date", &["日期", "活动日期"]),
    req("deputy_code", DEPUTY_CODE),
    req("kind", &["类型", "类别", "活动类型"]),
    opt("note", &["备注", "内容"]),
];

/// The optional columns (SPEC §2's `?`) whose absence from a file keeps
/// the stored value of a row that file updates, rather than emptying it.
pub fn kept_when_absent(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Suggestions => &["co_units", "extended_from", "result", "supervisor"],
        Kind::Units => &["kind", "contact", "phone", "active"],
        _ => &[],
    }
}

/// The columns of a kind, in SPEC order.
pub fn columns(kind: Kind) -> &'static [Column] {
    match kind {
        Kind::Areas => AREAS,
        Kind::Cells => CELLS,
        Kind::Boundary => BOUNDARY,
        Kind::Deputies => DEPUTIES,
        Kind::Assignments => ASSIGNMENTS,
        Kind::Contacts => CONTACTS,
        Kind::Stations => STATIONS,
        Kind::Receptions => RECEPTIONS,
        Kind::Suggestions => SUGGESTIONS,
        Kind::Units => UNITS,
        Kind::Rota => ROTA,
        Kind::Activities => ACTIVITIES,
    }
}

/// Which column of `kind` a header names (English any case, or a Chinese alias).
pub fn resolve(kind: Kind, header: &str) -> Option<usize> {
    let h = header.trim();
    let cols = columns(kind);
    // English names win over aliases, so a file with both `code` and 编号 is read by `code`.
    cols.iter()
        .position(|c| h.eq_ignore_ascii_case(c.name))
        .or_else(|| cols.iter().position(|c| c.aliases.contains(&h)))
}

/// For each column of `kind`, the index of the header cell that names it
/// (the first one, when several do).
pub fn map_header(kind: Kind, header: &[String]) -> Vec<Option<usize>> {
    let mut map = vec![None; columns(kind).len()];
    for (i, h) in header.iter().enumerate() {
        if let Some(col) = resolve(kind, h) {
            if let Some(slot) = map.get_mut(col) {
                if slot.is_none() {
                    *slot = Some(i);
                }
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_aliases_resolve_per_kind() {
        let col = |kind, h| resolve(kind, h).map(|i| columns(kind)[i].name);
        assert_eq!(col(Kind::Areas, "级别"), Some("level"));
        assert_eq!(col(Kind::Deputies, "级别"), Some("level"));
        assert_eq!(col(Kind::Cells, "网格编码"), Some("code"));
        assert_eq!(col(Kind::Contacts, "网格编码"), Some("cell_code"));
        assert_eq!(col(Kind::Assignments, "代表编码"), Some("deputy_code"));
        assert_eq!(col(Kind::Deputies, "代表编码"), Some("code"));
        assert_eq!(col(Kind::Stations, "区划代码"), Some("area_code"));
        assert_eq!(col(Kind::Contacts, " Phone "), Some("phone"));
        assert_eq!(col(Kind::Contacts, "手机"), Some("phone"));
        assert_eq!(col(Kind::Contacts, "bogus"), None);
    }

    #[test]
    fn every_spec_alias_is_known_somewhere() {
        let spec = "编码/编号, 名称/姓名, 级别, 上级编码, 角色/身份, 电话/联系电话/手机, 网格编码, 联系代表/代表编码, \
                    村居编码/区划代码, 选区, 行业/界别, 联络站编码, 在职/有效, 类型, 经度, 纬度, 主题/特色, 接待日, 日期, \
                    接待人数, 标题/建议内容, 来源, 提出人, 类别, 收集日期, 承办单位, 交办日期, 办理时限, 状态, 答复日期, \
                    满意度, 办结日期, 户数, 人口, 网格员, 联系人, 协办单位, 原办理时限, 办理结果, 督办领导, 备注";
        for alias in spec.split([',', '/']).map(str::trim) {
            assert!(
                Kind::ALL.iter().any(|k| resolve(*k, alias).is_some()),
                "{alias} is not known"
            );
        }
    }
}
