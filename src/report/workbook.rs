//! `report --xlsx FILE`: the report's tables as one workbook, a sheet per
//! table with its header in the operator's language, rates as percentage
//! number formats, columns as wide as their (Chinese) text, and native
//! charts: suggestions per month (received, replied, closed) and coverage
//! per town. Text is written as strings, so a name is never a formula.
//! The workbook is saved under a hidden name and moved in whole.

use super::tables::{tables, title, Sheet, Table, Value};
use super::Report;
use crate::i18n::Lang;
use crate::model::sanitize;
use crate::store::Staged;
use rust_xlsxwriter::{Chart, ChartType, DocProperties, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Write the workbook to `file`: over a file there only with `replace`,
/// else never over one that appeared meanwhile.
pub fn write_workbook(r: &Report<'_>, lang: Lang, file: &Path, replace: bool) -> anyhow::Result<()> {
    let staged = Staged::beside(file)?;
    let mut book = build(r, lang)?;
    book.save(staged.path())?;
    Ok(if replace { staged.replace() } else { staged.finish() }?)
}

/// The workbook in memory: five small sheets (a province has a few
/// thousand towns and units at most).
pub fn build(r: &Report<'_>, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title(title(r, lang)));
    let percent = Format::new().set_num_format("0.0%");
    let bold = Format::new().set_bold();
    for table in tables(r, lang) {
        let sheet = book.add_worksheet();
        sheet.set_name(table.title)?;
        write_table(sheet, &table, &percent, &bold)?;
        match table.sheet {
            Sheet::Months => months_chart(sheet, &table)?,
            Sheet::Towns => towns_chart(sheet, &table)?,
            _ => {}
        }
    }
    Ok(book)
}

fn col(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn row(i: usize) -> Result<u32, XlsxError> {
    u32::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn write_table(sheet: &mut Worksheet, table: &Table, percent: &Format, bold: &Format) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = table.header.iter().map(|h| h.width()).collect();
    for (c, head) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c)?, *head, bold)?;
    }
    for (r, values) in table.rows.iter().enumerate() {
        let r = row(r + 1)?;
        for (c, value) in values.iter().enumerate() {
            let shown = match value {
                Value::Text(t) => {
                    let t = sanitize(t);
                    sheet.write_string(r, col(c)?, &t)?;
                    t.width()
                }
                Value::Count(n) => {
                    sheet.write_number(r, col(c)?, *n as f64)?;
                    n.to_string().len()
                }
                Value::Rate(Some(x)) => {
                    sheet.write_number_with_format(r, col(c)?, *x, percent)?;
                    6
                }
                Value::Rate(None) => {
                    sheet.write_string(r, col(c)?, "—")?;
                    2
                }
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        // A column's width is counted in characters of the default font; a
        // Chinese character takes two (unicode width), plus a margin.
        sheet.set_column_width(col(c)?, (*w).clamp(6, 60) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Received, replied and closed per month: a column chart of the months
/// sheet's three count columns.
fn months_chart(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    let last = row(table.rows.len())?;
    if last == 0 {
        return Ok(());
    }
    let name = table.title;
    let mut chart = Chart::new(ChartType::Column);
    for c in 1..=3u16 {
        chart
            .add_series()
            .set_name((name, 0, c))
            .set_categories((name, 1, 0, last, 0))
            .set_values((name, 1, c, last, c));
    }
    chart.title().set_name(name);
    sheet.insert_chart(1, 5, &chart)?;
    Ok(())
}

/// The share of each town's cells with a deputy and with a contact: a column
/// chart of the towns sheet's two last (percentage) columns.
fn towns_chart(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    let last = row(table.rows.len())?;
    if last == 0 {
        return Ok(());
    }
    let name = table.title;
    let width = col(table.header.len())?;
    let mut chart = Chart::new(ChartType::Column);
    for c in [width - 2, width - 1] {
        chart
            .add_series()
            .set_name((name, 0, c))
            .set_categories((name, 1, 1, last, 1))
            .set_values((name, 1, c, last, c));
    }
    chart.title().set_name(name);
    chart.y_axis().set_num_format("0%");
    sheet.insert_chart(last + 2, 1, &chart)?;
    Ok(())
}
