//! Import error texts in Chinese and English, and where an error sits
//! (`FILE:LINE: COLUMN: message`, `FILE: feature N: message`, `FILE: message`).

use super::ImportError;
use crate::i18n::Lang;
use crate::model::{DateOrder, TextProblem};
use crate::spatial::GeometryError;

/// Where a record starts: a physical line (CSV), a sheet row (XLSX) or a
/// feature number (GeoJSON, from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// Numbers are u32 (a file is at most 512 MiB): every one of a province's
/// two million parsed rows carries one.
pub enum Loc {
    Line(u32),
    Feature(u32),
    /// A value given field by field (`edit KIND CODE FIELD=VALUE`, a form):
    /// no file and no line, the field alone names the place.
    Field,
}

impl Loc {
    pub fn line(n: usize) -> Loc {
        Loc::Line(u32::try_from(n).unwrap_or(u32::MAX))
    }
    pub fn feature(n: usize) -> Loc {
        Loc::Feature(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// What a reference points at, for "unknown …" messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Area,
    Cell,
    Deputy,
    Station,
    /// `raised_by`: a deputy or a liaison contact.
    Person,
    /// A handling unit (承办单位), by code or exact name.
    Unit,
}

impl Target {
    fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Target::Area => ("区划", "area"),
            Target::Cell => ("网格", "cell"),
            Target::Deputy => ("代表", "deputy"),
            Target::Station => ("联络站", "station"),
            Target::Person => ("代表或联络员", "deputy or contact"),
            Target::Unit => ("承办单位", "handling unit"),
        };
        crate::i18n::tr(lang, zh, en)
    }
}

/// Every problem an import can find.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    CannotRead(String),
    Empty,
    Binary,
    Utf16,
    Unsupported,
    TooLarge {
        limit_mib: u64,
    },
    /// A sheet holding rows past the last a spreadsheet holds.
    TooManyRows {
        limit: usize,
    },
    UnknownKind,
    UnknownExtension,
    NothingToImport,
    BoundaryNeedsGeoJson,
    GeoJsonNeedsCellsOrBoundary,
    Xlsx(String),
    NoSheet,
    NotJson {
        line: usize,
    },
    JsonTooDeep,
    NotFeatureCollection,
    BoundaryFeatureCount(usize),
    NotAFeature,
    NotText,
    MissingColumn,
    FieldCount {
        expected: usize,
        found: usize,
    },
    FieldTooLong {
        limit_kib: usize,
    },
    Required,
    BadCode(String),
    Duplicate {
        first: Loc,
        key: String,
    },
    DuplicateIn {
        first: Loc,
        file: String,
        key: String,
    },
    UnknownRef {
        target: Target,
        code: String,
    },
    BadEnum {
        value: String,
        allowed: String,
    },
    BadDate(String),
    BadBool(String),
    NotInteger(String),
    NotNumber(String),
    OutOfRange {
        value: String,
        range: &'static str,
    },
    Geometry(GeometryError),
    GeometryRequired,
    Contradiction {
        status: &'static str,
    },
    ClosedSatisfaction,
    /// A text the one text check refuses (formula, control character, too long).
    Text(TextProblem),
    /// Two of a suggestion's dates out of order.
    DateOrder(DateOrder),
    StillReferenced {
        code: String,
        by_kind: &'static str,
        by_code: String,
    },
    /// A second `lead` for one date and station of the rota.
    SecondLead {
        date: String,
        station: String,
        other: String,
    },
}

fn loc_text(loc: Loc, lang: Lang) -> String {
    match (loc, lang) {
        (Loc::Line(n), Lang::Zh) => format!("第 {n} 行"),
        (Loc::Line(n), Lang::En) => format!("line {n}"),
        (Loc::Feature(n), Lang::Zh) => format!("第 {n} 个要素"),
        (Loc::Feature(n), Lang::En) => format!("feature {n}"),
        (Loc::Field, _) => String::new(),
    }
}

fn geometry_text(e: &GeometryError, lang: Lang) -> String {
    if lang == Lang::En {
        return format!("invalid geometry: {e}");
    }
    let what = match e {
        GeometryError::NotJson(s) => format!("不是有效的 JSON：{s}"),
        GeometryError::WrongType(t) => format!("类型 {t} 不是 Polygon 或 MultiPolygon"),
        GeometryError::TooFewPoints { ring, points } => format!("第 {ring} 个环只有 {points} 个点（至少需要 4 个）"),
        GeometryError::Unclosed(ring) => format!("第 {ring} 个环未闭合（首末点不同）"),
        GeometryError::OutOfRange(x, y) => format!("坐标超出范围：{x}, {y}"),
        GeometryError::Malformed => "坐标格式错误".to_string(),
        GeometryError::SelfIntersection(ring) => format!("第 {ring} 个环自相交"),
        GeometryError::HoleOutside(ring) => format!("第 {ring} 个环（内洞）不在外环之内"),
        GeometryError::ZeroArea(ring) => format!("第 {ring} 个环面积为零（各点相同或在一条直线上）"),
        GeometryError::TooManyPoints(n) => format!("超过 {n} 个点"),
    };
    format!("几何图形无效：{what}")
}

impl Problem {
    /// The message in the operator's language.
    pub fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let pick = |z: String, e: String| if zh { z } else { e };
        match self {
            Problem::CannotRead(why) => pick(format!("无法读取：{why}"), format!("cannot read: {why}")),
            Problem::Empty => pick("文件为空".into(), "the file is empty".into()),
            Problem::Binary => pick(
                "不是文本文件（含二进制内容）；Excel 表格请另存为 .xlsx 或 .csv".into(),
                "not a text file (binary content); save spreadsheets as .xlsx or .csv".into(),
            ),
            Problem::Utf16 => pick(
                "不支持 UTF-16 编码；请另存为 UTF-8 或 GB18030（GBK）".into(),
                "UTF-16 is not supported; save as UTF-8 or GB18030 (GBK)".into(),
            ),
            Problem::Unsupported => pick(
                "不是 UTF-8 或 GB18030（GBK）编码的文本".into(),
                "not text in a supported encoding (UTF-8 or GB18030/GBK)".into(),
            ),
            Problem::TooLarge { limit_mib } => pick(
                format!("文件太大（上限 {limit_mib} MiB）；请分成几个文件导入"),
                format!("the file is too large (limit {limit_mib} MiB); split it into several files"),
            ),
            Problem::TooManyRows { limit } => pick(
                format!("工作表的行数超过 {limit}（表格的上限）"),
                format!("the sheet holds more than {limit} rows (the most a spreadsheet holds)"),
            ),
            Problem::UnknownKind => pick(
                "无法从文件名判断数据类型（如 contacts.csv 或 联络员.csv）；请用 --kind 指定".into(),
                "cannot tell the kind of data from the file name (e.g. contacts.csv or 联络员.csv); use --kind".into(),
            ),
            Problem::UnknownExtension => pick(
                "不支持的文件类型（可用 .csv、.xlsx、.geojson、.json）".into(),
                "unsupported file type (use .csv, .xlsx, .geojson or .json)".into(),
            ),
            Problem::NothingToImport => pick(
                "目录中没有可导入的文件（如 areas.csv、cells.geojson、联络员.xlsx）".into(),
                "no importable files in this directory (e.g. areas.csv, cells.geojson, 联络员.xlsx)".into(),
            ),
            Problem::BoundaryNeedsGeoJson => pick(
                "边界只能用 GeoJSON 文件导入".into(),
                "a boundary can only be imported from a GeoJSON file".into(),
            ),
            Problem::GeoJsonNeedsCellsOrBoundary => pick(
                "GeoJSON 只能导入网格（cells）或边界（boundary）".into(),
                "GeoJSON holds only cells or the boundary".into(),
            ),
            Problem::Xlsx(why) => pick(
                format!("无法读取 Excel 文件：{why}"),
                format!("cannot read the workbook: {why}"),
            ),
            Problem::NoSheet => pick("Excel 文件中没有工作表".into(), "the workbook has no sheet".into()),
            Problem::NotJson { line } => pick(
                format!("不是有效的 JSON（第 {line} 行附近）"),
                format!("not valid JSON (near line {line})"),
            ),
            Problem::JsonTooDeep => pick("JSON 嵌套过深".into(), "JSON nested too deeply".into()),
            Problem::NotFeatureCollection => pick(
                "应为 GeoJSON FeatureCollection（或单个 Feature）".into(),
                "expected a GeoJSON FeatureCollection (or one Feature)".into(),
            ),
            Problem::BoundaryFeatureCount(n) => pick(
                format!("边界文件应只含一个要素，实有 {n} 个"),
                format!("a boundary file holds exactly one feature, found {n}"),
            ),
            Problem::NotAFeature => pick("不是 GeoJSON Feature".into(), "not a GeoJSON Feature".into()),
            Problem::NotText => pick("应为文字或数字".into(), "expected text or a number".into()),
            Problem::MissingColumn => pick("缺少必需的列".into(), "missing required column".into()),
            Problem::FieldCount { expected, found } => pick(
                format!("本行有 {found} 个字段，表头有 {expected} 个"),
                format!("the row has {found} fields, the header has {expected}"),
            ),
            Problem::FieldTooLong { limit_kib } => pick(
                format!("内容太长（上限 {limit_kib} KiB）"),
                format!("value too long (limit {limit_kib} KiB)"),
            ),
            Problem::Required => pick("必填，不能为空".into(), "required, must not be empty".into()),
            Problem::BadCode(v) => pick(
                format!("编码 {v:?} 无效：应为 1–64 个字符，不含空白和 /"),
                format!("invalid code {v:?}: 1–64 characters, no whitespace or /"),
            ),
            Problem::Duplicate { first, key } => pick(
                format!("重复的键 {key}（首次出现在{}）", loc_text(*first, lang)),
                format!("duplicate key {key} (first at {})", loc_text(*first, lang)),
            ),
            Problem::DuplicateIn { first, file, key } => pick(
                format!("重复的键 {key}（首次出现在 {file} {}）", loc_text(*first, lang)),
                format!("duplicate key {key} (first in {file} at {})", loc_text(*first, lang)),
            ),
            Problem::UnknownRef { target, code } => pick(
                format!("未知的{} {code}", target.name(lang)),
                format!("unknown {} {code}", target.name(lang)),
            ),
            Problem::BadEnum { value, allowed } => pick(
                format!("无效的值 {value:?}（可用：{allowed}，或对应中文）"),
                format!("invalid value {value:?} (one of {allowed})"),
            ),
            Problem::BadDate(v) => pick(
                format!("无效的日期 {v:?}（如 2024-08-21、2024/8/21、2024年8月21日，年份 1900–2200）"),
                format!("invalid date {v:?} (e.g. 2024-08-21, 2024/8/21, 2024年8月21日; years 1900–2200)"),
            ),
            Problem::BadBool(v) => pick(
                format!("无效的是/否值 {v:?}（可用：是/否、true/false、1/0）"),
                format!("invalid yes/no value {v:?} (true/false, 1/0, yes/no, 是/否)"),
            ),
            Problem::NotInteger(v) => pick(
                format!("{v:?} 不是非负整数"),
                format!("{v:?} is not a whole number ≥ 0"),
            ),
            Problem::NotNumber(v) => pick(format!("{v:?} 不是数字"), format!("{v:?} is not a number")),
            Problem::OutOfRange { value, range } => pick(
                format!("{value} 超出范围（{range}）"),
                format!("{value} is out of range ({range})"),
            ),
            Problem::Geometry(e) => geometry_text(e, lang),
            Problem::GeometryRequired => pick("缺少几何图形".into(), "geometry is missing".into()),
            Problem::Contradiction { status } => pick(
                format!("状态为 {status} 时必须填写"),
                format!("required when the status is {status}"),
            ),
            Problem::ClosedSatisfaction => pick(
                "状态为 closed（已办结）时满意度须为 satisfied（满意）或 basic（基本满意）".into(),
                "must be satisfied or basic when the status is closed".into(),
            ),
            Problem::Text(p) => text_problem_text(*p, lang),
            Problem::DateOrder(o) => date_order_text(o, lang),
            Problem::StillReferenced { code, by_kind, by_code } => pick(
                format!("--replace 会删除 {code}，但数据库中的 {by_kind} {by_code} 仍在引用它"),
                format!("--replace would remove {code}, but {by_kind} {by_code} in the database still refers to it"),
            ),
            Problem::SecondLead { date, station, other } => pick(
                format!("{date} {station} 已有主接待 {other}，每次接待只能有一名主接待"),
                format!("{date} at {station} already has {other} as lead: one lead per reception day"),
            ),
        }
    }
}

/// Why a text is refused ([`crate::model::check_text`]), wherever it came
/// from: an import's `FILE:LINE: COLUMN: `, a command's `FIELD: ` or a
/// form's field comes before it.
pub fn text_problem_text(problem: TextProblem, lang: Lang) -> String {
    let (zh, en) = match problem {
        TextProblem::Formula => (
            "以 =、+、-、@、制表符或回车开头：在 Excel/WPS 中打开时会被当作公式执行（电话可以 + 和数字开头）",
            "begins with =, +, -, @, a tab or a carriage return: it would run as a formula when opened in Excel/WPS (a phone may begin with + and a digit)",
        ),
        TextProblem::Control => (
            "含控制字符（如响铃、转义符、方向控制符），不能保存",
            "holds a control character (a bell, an escape, a bidi control …): not stored",
        ),
        TextProblem::TooLong => (
            "超过 32767 个字符（表格单元格的上限）",
            "longer than 32,767 characters (the most a spreadsheet cell holds)",
        ),
    };
    crate::i18n::tr(lang, zh, en).to_string()
}

/// Two dates out of order: "assigned_on 1990-01-01 is before received_on 2024-03-15".
pub fn date_order_text(o: &DateOrder, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} {} 早于 {} {}：日期先后不可能", o.field, o.date, o.before, o.other),
        Lang::En => format!(
            "{} {} is before {} {}: dates out of order",
            o.field, o.date, o.before, o.other
        ),
    }
}

/// An error for the whole file: `FILE: message`.
pub fn file_error(file: &str, problem: &Problem, lang: Lang) -> ImportError {
    ImportError {
        file: file.to_string(),
        text: format!("{file}: {}", problem.text(lang)),
    }
}

/// An error at a record: `FILE:LINE: COLUMN: message` or `FILE: feature N: COLUMN: message`.
/// An empty column leaves that part out.
pub fn row_error(file: &str, loc: Loc, column: &str, problem: &Problem, lang: Lang) -> ImportError {
    let place = match loc {
        Loc::Line(n) => format!("{file}:{n}:"),
        Loc::Feature(n) => format!("{file}: feature {n}:"),
        Loc::Field => String::new(),
    };
    let text = match (place.is_empty(), column.is_empty()) {
        (true, true) => problem.text(lang),
        (true, false) => format!("{column}: {}", problem.text(lang)),
        (false, true) => format!("{place} {}", problem.text(lang)),
        (false, false) => format!("{place} {column}: {}", problem.text(lang)),
    };
    ImportError {
        file: file.to_string(),
        text,
    }
}
