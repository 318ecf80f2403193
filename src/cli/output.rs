//! Human tables aligned by display width (CJK counts two columns), CSV and
//! JSON on stdout. Data text is sanitised: no control character reaches
//! the terminal from a table or a CSV line.

use crate::model::sanitize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Print rows under a header, columns padded to their display width.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = write_table(&mut out, header, rows);
}

pub fn write_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let clean: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| sanitize(c)).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &clean {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let line = |out: &mut dyn Write, cells: &[&str]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let last = i + 1 == cells.len();
            text.push_str(cell);
            if !last {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(cell.width());
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, header)?;
    for row in &clean {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        line(out, &cells)?;
    }
    Ok(())
}

/// Print rows as CSV (header first).
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut w = csv::Writer::from_writer(stdout.lock());
    w.write_record(header).map_err(std::io::Error::other)?;
    for row in rows {
        let clean: Vec<String> = row.iter().map(|c| sanitize(c)).collect();
        w.write_record(&clean).map_err(std::io::Error::other)?;
    }
    w.flush()
}

/// Print a value as pretty JSON (serde_json escapes control characters).
pub fn json<T: serde::Serialize>(value: &T) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_is_padded_by_display_width() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["王林汉".to_string(), "x".to_string()],
            vec!["Li".to_string(), "y".to_string()],
        ];
        write_table(&mut out, &["name", "v"], &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "王林汉  x");
        assert_eq!(lines[2], "Li      y");
    }

    #[test]
    fn control_characters_never_reach_the_table() {
        let mut out = Vec::new();
        write_table(&mut out, &["name"], &[vec!["a\u{1b}[2Jb".to_string()]]).unwrap();
        assert!(!String::from_utf8(out).unwrap().contains('\u{1b}'));
    }
}
