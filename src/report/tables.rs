//! The report laid out once as titled tables in the operator's language:
//! the Markdown and the workbook both render these, so they show the same
//! figures under the same words. Every label lives in [`LABELS`].

use super::Report;
use crate::coverage::{rate, SuggestionCounts};
use crate::i18n::{tr, Lang};

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text (from data or a label): always written as text, never a formula.
    Text(String),
    Count(i64),
    /// A fraction (0.7134), None when its denominator is 0.
    Rate(Option<f64>),
}

/// Which sheet a table is (SPEC §12's five).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Summary,
    Towns,
    Units,
    Categories,
    Months,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub sheet: Sheet,
    /// The sheet's name and the Markdown section's heading.
    pub title: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

/// (key, zh, en) of every word the report shows: the JSON key a figure
/// has, or the name of a table or a derived column.
pub const LABELS: &[(&str, &str, &str)] = &[
    ("summary", "概况", "Summary"),
    ("towns", "镇街", "Towns"),
    ("units_sheet", "承办单位", "Units"),
    ("categories", "类别", "Categories"),
    ("months", "月份", "Months"),
    ("item", "项目", "Item"),
    ("value", "数值", "Value"),
    ("from", "起始日期", "From"),
    ("to", "截止日期", "To"),
    ("cells", "网格数", "Cells"),
    ("areas_town", "镇街数", "Towns"),
    ("areas_village", "村居数", "Villages"),
    ("deputies", "代表数（在职）", "Active deputies"),
    ("contacts", "联络员数（在职）", "Active contacts"),
    ("stations", "联络站数", "Stations"),
    ("units", "承办单位数（在用）", "Active units"),
    ("cells_with_deputy", "有代表的网格", "Cells with a deputy"),
    ("cells_with_contact", "有联络员的网格", "Cells with a contact"),
    ("deputies_with_contact", "联系联络员的代表", "Deputies with a contact"),
    ("contacts_linked", "已对接代表的联络员", "Contacts linked to a deputy"),
    ("deputy_cover_rate", "网格代表覆盖率", "Cells with a deputy (rate)"),
    ("contact_cover_rate", "网格联络员覆盖率", "Cells with a contact (rate)"),
    ("records", "代表进站人次", "Deputies' station visits"),
    ("constituents", "接待群众人次", "Constituents received"),
    ("reception_deputies", "进站代表人数", "Deputies who received"),
    ("received", "收集建议", "Received"),
    ("assigned", "交办", "Assigned"),
    ("replied", "答复", "Replied"),
    ("on_time", "按期答复", "Replied on time"),
    ("closed", "办结", "Closed"),
    ("evaluated", "已评价", "Evaluated"),
    ("satisfied", "满意（含基本满意）", "Satisfied"),
    ("resolved", "已解决（A类）", "Resolved (A)"),
    ("overdue", "逾期", "Overdue"),
    ("co_handled", "协办", "Co-handled"),
    ("reply_rate", "答复率", "Reply rate"),
    ("on_time_rate", "按期答复率", "On-time rate"),
    ("completion_rate", "办结率", "Completion rate"),
    ("satisfaction_rate", "满意率", "Satisfaction rate"),
    ("resolved_rate", "解决率", "Resolved rate"),
    ("code", "代码", "Code"),
    ("name", "名称", "Name"),
    ("kind", "类型", "Kind"),
    ("active", "在用", "Active"),
    ("category", "类别", "Category"),
    ("month", "月份", "Month"),
    ("deputies_level", "代表（在职）：", "Active deputies: "),
    ("yes", "是", "yes"),
    ("no", "否", "no"),
];

/// The word for `key` in the operator's language (the key itself were it
/// missing from [`LABELS`]).
pub fn label(key: &'static str, lang: Lang) -> &'static str {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |&(_, zh, en)| tr(lang, zh, en))
}

/// The keys of a block of suggestion figures (SPEC §12), in order.
const BLOCK: [&str; 14] = [
    "received",
    "assigned",
    "replied",
    "on_time",
    "closed",
    "evaluated",
    "satisfied",
    "resolved",
    "overdue",
    "reply_rate",
    "on_time_rate",
    "completion_rate",
    "satisfaction_rate",
    "resolved_rate",
];

/// A `units` entry's figures (SPEC §10), in order: no `received`, and
/// `co_handled` before the rates.
const UNIT_BLOCK: [&str; 14] = [
    "assigned",
    "replied",
    "on_time",
    "closed",
    "evaluated",
    "satisfied",
    "resolved",
    "overdue",
    "co_handled",
    "reply_rate",
    "on_time_rate",
    "completion_rate",
    "satisfaction_rate",
    "resolved_rate",
];

/// The value of the figure `key` of a set of suggestions (`co_handled`
/// given by the caller, which alone knows it).
fn figure(c: &SuggestionCounts, key: &str, co_handled: u64) -> Value {
    let r = c.rates();
    let n = |v: u64| Value::Count(i64::try_from(v).unwrap_or(i64::MAX));
    match key {
        "received" => n(c.received),
        "assigned" => n(c.assigned),
        "replied" => n(c.replied),
        "on_time" => n(c.on_time),
        "closed" => n(c.closed),
        "evaluated" => n(c.evaluated),
        "satisfied" => n(c.satisfied),
        "resolved" => n(c.resolved),
        "overdue" => n(c.overdue),
        "co_handled" => n(co_handled),
        "reply_rate" => Value::Rate(r.reply_rate),
        "on_time_rate" => Value::Rate(r.on_time_rate),
        "completion_rate" => Value::Rate(r.completion_rate),
        "satisfaction_rate" => Value::Rate(r.satisfaction_rate),
        _ => Value::Rate(r.resolved_rate),
    }
}

fn count(n: usize) -> Value {
    Value::Count(i64::try_from(n).unwrap_or(i64::MAX))
}

fn text(t: &str) -> Value {
    Value::Text(t.to_string())
}

/// The title: the county and the period.
pub fn title(r: &Report, lang: Lang) -> String {
    let county = r.county.as_deref().unwrap_or_default();
    match lang {
        Lang::Zh => format!("{county}人大代表联络工作报告（{} 至 {}）", r.from, r.to),
        Lang::En => format!("{county}: deputies' liaison report, {} to {}", r.from, r.to),
    }
    .trim_start_matches(": ")
    .to_string()
}

/// The five tables: summary, towns, units, categories, months.
pub fn tables(r: &Report, lang: Lang) -> Vec<Table> {
    let l = |key| label(key, lang);
    vec![
        summary(r, lang),
        Table {
            sheet: Sheet::Towns,
            title: l("towns"),
            header: ["code", "name", "cells", "cells_with_deputy", "cells_with_contact"]
                .into_iter()
                .chain(BLOCK)
                .chain(["deputy_cover_rate", "contact_cover_rate"])
                .map(l)
                .collect(),
            rows: r
                .by_town
                .iter()
                .map(|t| {
                    let cells = t.cells as u64;
                    [
                        text(&t.code),
                        text(&t.name),
                        count(t.cells),
                        count(t.cells_with_deputy),
                        count(t.cells_with_contact),
                    ]
                    .into_iter()
                    .chain(BLOCK.iter().map(|k| figure(&t.suggestions, k, 0)))
                    .chain([
                        Value::Rate(rate(t.cells_with_deputy as u64, cells)),
                        Value::Rate(rate(t.cells_with_contact as u64, cells)),
                    ])
                    .collect()
                })
                .collect(),
        },
        Table {
            sheet: Sheet::Units,
            title: l("units_sheet"),
            header: ["code", "name", "kind", "active"]
                .into_iter()
                .chain(UNIT_BLOCK)
                .map(l)
                .collect(),
            rows: r
                .by_unit
                .iter()
                .map(|u| {
                    [
                        text(&u.unit.code),
                        text(&u.unit.name),
                        text(u.unit.kind.label(lang)),
                        text(l(if u.unit.active { "yes" } else { "no" })),
                    ]
                    .into_iter()
                    .chain(UNIT_BLOCK.iter().map(|k| figure(&u.counts, k, u.co_handled)))
                    .collect()
                })
                .collect(),
        },
        Table {
            sheet: Sheet::Categories,
            title: l("categories"),
            header: ["category"].into_iter().chain(BLOCK).map(l).collect(),
            rows: r
                .by_category
                .iter()
                .map(|c| {
                    [text(c.category.label(lang))]
                        .into_iter()
                        .chain(BLOCK.iter().map(|k| figure(&c.suggestions, k, 0)))
                        .collect()
                })
                .collect(),
        },
        Table {
            sheet: Sheet::Months,
            title: l("months"),
            header: ["month", "received", "replied", "closed"].into_iter().map(l).collect(),
            rows: r
                .by_month
                .iter()
                .map(|m| vec![text(&m.month), count(m.received), count(m.replied), count(m.closed)])
                .collect(),
        },
    ]
}

/// Every figure of the report's head, one row each.
fn summary(r: &Report, lang: Lang) -> Table {
    let l = |key| label(key, lang);
    let row = |key, v: Value| vec![text(l(key)), v];
    let c = &r.counts;
    let mut rows = vec![
        row("from", text(&r.from.to_string())),
        row("to", text(&r.to.to_string())),
        row("cells", count(c.cells)),
        row("areas_town", count(c.areas_town)),
        row("areas_village", count(c.areas_village)),
        row("deputies", count(c.deputies)),
    ];
    for (level, n) in &c.deputies_by_level.0 {
        rows.push(vec![
            text(&format!("{}{}", l("deputies_level"), level.label(lang))),
            count(*n),
        ]);
    }
    rows.extend([
        row("contacts", count(c.contacts)),
        row("stations", count(c.stations)),
        row("units", count(c.units)),
        row("cells_with_deputy", count(r.coverage.cells_with_deputy)),
        row("cells_with_contact", count(r.coverage.cells_with_contact)),
        row("deputies_with_contact", count(r.coverage.deputies_with_contact)),
        row("contacts_linked", count(r.coverage.contacts_linked)),
        row("records", count(r.receptions.records)),
        row("constituents", Value::Count(r.receptions.constituents)),
        row("reception_deputies", count(r.receptions.deputies)),
    ]);
    rows.extend(BLOCK.iter().map(|k| row(k, figure(&r.suggestions, k, 0))));
    Table {
        sheet: Sheet::Summary,
        title: l("summary"),
        header: vec![l("item"), l("value")],
        rows,
    }
}
