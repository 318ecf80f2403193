//! Human tables aligned by display width (CJK counts two columns), CSV and
//! JSON on stdout. Data text is sanitised ([`crate::model::sanitize`], the
//! one sanitiser): no control, bidi or invisible character reaches the
//! terminal from a table or a CSV line, and JSON writes them as `\uXXXX`.

use crate::model::{is_unsafe, sanitize};
use std::io::Write;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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

/// Print a value as pretty JSON: serde_json's escapes, and every character
/// that could drive a terminal written as `\uXXXX` (still the same strings
/// to a JSON reader).
pub fn json<T: serde::Serialize>(value: &T) {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let _ = crate::io::write_json_safe(&mut out, value, true);
    let _ = writeln!(out);
    let _ = out.flush();
}

/// `text` cut to `cols` display columns, ending in `…` when cut.
pub fn cut_to_width(text: &str, cols: usize) -> String {
    if text.width() <= cols {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > cols {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// The display width of a text as a table shows it (sanitised).
pub fn shown_width(text: &str) -> usize {
    sanitize(text).width()
}

/// A byte stream on its way to a terminal with the [`is_unsafe`]
/// characters taken out (line breaks kept) and bytes that are not UTF-8
/// shown as `?`: for output copied from the operator's files (`locate
/// --batch`), written as it comes. A character split between two writes is
/// held until its end arrives.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// The start of a character whose end has not been written yet.
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> TerminalSafe<W> {
        TerminalSafe {
            inner,
            pending: Vec::new(),
        }
    }

    fn put(&mut self, text: &str) -> std::io::Result<()> {
        if !text.chars().any(|c| is_unsafe(c) && c != '\n') {
            return self.inner.write_all(text.as_bytes());
        }
        let clean: String = text.chars().filter(|&c| c == '\n' || !is_unsafe(c)).collect();
        self.inner.write_all(clean.as_bytes())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut rest = bytes.as_slice();
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.put(text)?;
                    break;
                }
                Err(e) => {
                    let (good, after) = rest.split_at(e.valid_up_to());
                    self.put(std::str::from_utf8(good).unwrap_or_default())?;
                    match e.error_len() {
                        Some(n) => {
                            self.inner.write_all(b"?")?;
                            rest = &after[n..];
                        }
                        None => {
                            // A character cut by the end of this write.
                            self.pending = after.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalSafe<W> {
    fn drop(&mut self) {
        // A character never finished is not UTF-8.
        if !self.pending.is_empty() {
            let _ = self.inner.write_all(b"?");
        }
        let _ = self.inner.flush();
    }
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

    #[test]
    fn a_stream_to_the_terminal_loses_its_controls_even_split_between_writes() {
        let text = "a,\u{1b}]0;X\u{7}\u{9b}2J\u{202e}b\n王,c\n".as_bytes();
        for cut in 0..text.len() {
            let mut out = Vec::new();
            {
                let mut safe = TerminalSafe::new(&mut out);
                safe.write_all(&text[..cut]).unwrap();
                safe.write_all(&text[cut..]).unwrap();
            }
            assert_eq!(String::from_utf8(out).unwrap(), "a,]0;X2Jb\n王,c\n", "cut at {cut}");
        }
        let mut out = Vec::new();
        TerminalSafe::new(&mut out).write_all(b"x\x9by\xe7").unwrap();
        assert_eq!(out, b"x?y?");
    }

    #[test]
    fn cut_text_fits_its_columns() {
        assert_eq!(cut_to_width("王林汉王林汉", 7), "王林汉…");
        assert_eq!(cut_to_width("abc", 3), "abc");
        assert_eq!(cut_to_width("abcd", 3), "ab…");
    }
}
