//! `report --format md`: the report's tables as Markdown, ready to print
//! or paste into the committee's document. Text from data is sanitised and
//! cannot break a table (a `|` is escaped, a line break dropped).

use super::tables::{tables, title, Value};
use super::Report;
use crate::coverage::percent;
use crate::i18n::Lang;
use crate::model::sanitize;
use std::fmt::Write;

/// Text safe inside a table cell: no control or invisible character, and
/// the characters Markdown reads as structure escaped.
fn cell_text(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if matches!(c, '|' | '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Text(t) => cell_text(t),
        Value::Count(n) => n.to_string(),
        Value::Rate(r) => percent(*r),
    }
}

/// The whole report as Markdown in the operator's language.
pub fn markdown(r: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}", cell_text(&title(r, lang)));
    for table in tables(r, lang) {
        let _ = writeln!(out, "\n## {}\n", table.title);
        let _ = writeln!(out, "| {} |", table.header.join(" | "));
        let align: Vec<&str> = table
            .header
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let numeric = table
                    .rows
                    .first()
                    .is_some_and(|row| !matches!(row.get(i), Some(Value::Text(_))));
                if numeric {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        let _ = writeln!(out, "|{}|", align.join("|"));
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(value_text).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_text_can_neither_reach_the_terminal_raw_nor_break_a_table() {
        assert_eq!(cell_text("水|务\u{1b}[31m局\n"), "水\\|务\\[31m局");
        assert_eq!(cell_text("a*b_c"), "a\\*b\\_c");
    }
}
