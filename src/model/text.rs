//! Reading operators' dates and booleans, checking the text that is
//! stored, and making data text safe to show.

use chrono::NaiveDate;

/// Reads exactly `YYYY-MM-DD`, the form the database stores: the fast path
/// for loading hundreds of thousands of rows (chrono's format parser is
/// several times slower).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range]
            .iter()
            .try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// The years a record's date may fall in: an office's records do not
/// reach before 1900 or past 2200, and a date outside is a typing slip
/// (`0024` for `2024`) that would make a deadline thousands of years late.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Whether a date's year is in [`YEARS`] ([`parse_date`] reads no other;
/// [`parse_iso_date`] reads what is stored, whatever an older version let in).
pub fn in_years(d: &NaiveDate) -> bool {
    use chrono::Datelike;
    YEARS.contains(&d.year())
}

/// Reads `2024-08-21`, `2024/8/21`, `2024.8.21` or `2024年8月21日`, in
/// the years of [`YEARS`].
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() || t.len() > 32 {
        return None;
    }
    let t = t.strip_suffix('日').unwrap_or(t);
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if parts[0].len() != 4 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).filter(in_years)
}

/// Reads true/false/1/0/yes/no/是/否 (and y/n, 在职/离任); empty is None.
pub fn parse_bool(text: &str) -> Option<Option<bool>> {
    let t = text.trim();
    if t.is_empty() {
        return Some(None);
    }
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "true" | "1" | "yes" | "y" | "是" | "在职" | "有效" => Some(Some(true)),
        "false" | "0" | "no" | "n" | "否" | "离任" | "无效" => Some(Some(false)),
        _ => None,
    }
}

/// The most characters a stored text may hold: what one spreadsheet cell
/// holds (Excel and WPS), so that every value exports to a workbook.
pub const MAX_TEXT_CHARS: usize = 32_767;

/// Why a text may not be stored (SPEC §2). The words are in the import
/// messages (`io::messages`), in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Begins with `=`, `+`, `-`, `@`, a tab or a carriage return: a
    /// spreadsheet would run it as a formula when the export is opened.
    Formula,
    /// Holds a control character (C0 but line feed, tab and CRLF; DEL;
    /// C1), a bidi control or a line or paragraph separator.
    Control,
    /// Longer than [`MAX_TEXT_CHARS`].
    TooLong,
}

/// What a text value is, for [`check_text`]: a phone may begin with `+`
/// and a digit (`+86 138…`), nothing else may begin with `+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Plain,
    Phone,
}

/// The one check of every text value stored, whether it comes from a file,
/// a command or a form (SPEC §2): no formula a spreadsheet would run, no
/// control characters, at most [`MAX_TEXT_CHARS`] characters. A value is
/// checked as it will be stored (imports trim it first).
pub fn check_text(value: &str, kind: TextKind) -> Result<(), TextProblem> {
    let mut chars = value.chars();
    let formula = match chars.next() {
        Some('=' | '-' | '@' | '\t' | '\r') => true,
        Some('+') => !(kind == TextKind::Phone && chars.next().is_some_and(|c| c.is_ascii_digit())),
        _ => false,
    };
    if formula {
        return Err(TextProblem::Formula);
    }
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = match c {
            // A value's own line breaks (a spreadsheet cell's Alt-Enter)
            // and tabs are text; a CR only as part of a CRLF.
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !(c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')),
        };
        if !allowed {
            return Err(TextProblem::Control);
        }
    }
    // Bytes bound the characters: only count when it could matter.
    if value.len() > MAX_TEXT_CHARS && value.chars().count() > MAX_TEXT_CHARS {
        return Err(TextProblem::TooLong);
    }
    Ok(())
}

/// True for a character that data must never bring to a terminal: the C0
/// controls (escape, bell, carriage return, newline…), DEL, the C1 controls
/// U+0080–U+009F (a UTF-8 CSI or OSC acts like ESC [ or ESC ]), the bidi
/// controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the
/// line and paragraph separators U+2028/U+2029, the zero-width U+200B–U+200D
/// and U+FEFF. The last ones move no cursor, but they break lines or hide
/// in look-alike names and codes.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}'
        )
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// The one sanitiser for text from data on its way to a terminal (the TUI,
/// CLI tables and CSV, messages on stderr): every [`is_unsafe`] character
/// removed, the rest kept as it is.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    text.chars().filter(|c| !is_unsafe(*c)).collect()
}

/// [`sanitize`] for a message of several lines: its own line breaks (`\n`)
/// stay, every other unsafe character goes. Data text never carries a line
/// break into a message (a file name is put in with [`escape_unsafe`]).
pub fn sanitize_lines(text: &str) -> String {
    text.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// Text whose unsafe characters must be seen rather than dropped (a file
/// name: it has to stay the one the operator can find): each is written as
/// `\u{1b}`, so the result is on one line and says what was there.
pub fn escape_unsafe(text: &str) -> String {
    use std::fmt::Write;
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// What an operator typed, as codes and queries are compared: NFKC-folded
/// (a Chinese input method's full-width `Ｃ００００１` is `C00001`, `ｗｌｈ`
/// is `wlh`) and trimmed. Unsafe characters are not touched here.
pub fn fold_typed(text: &str) -> String {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    let text = text.trim();
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_string();
    }
    text.nfkc().collect::<String>().trim().to_string()
}

/// Masks the middle of a phone number (138****5678) for list views.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = sanitize(phone).chars().collect();
    let n = chars.len();
    if n <= 4 {
        return "*".repeat(n);
    }
    let keep_head = if n >= 11 { 3 } else { 0 };
    let keep_tail = 4;
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep_head || i >= n - keep_tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iso_slashed_and_chinese_dates() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 21);
        assert_eq!(parse_date("2024-08-21"), d);
        assert_eq!(parse_date("2024/8/21"), d);
        assert_eq!(parse_date("2024年8月21日"), d);
        assert_eq!(parse_date(" 2024-8-21 "), d);
    }

    #[test]
    fn the_stored_form_reads_back_exactly_and_nothing_else_does() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(parse_iso_date(&d.to_string()), Some(d));
        for bad in [
            "2023-02-29",
            "2024-8-21",
            "2024/08/21",
            "2024-13-01",
            "2024-00-10",
            " 2024-08-21",
            "２０２４-08-21",
            "",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn refuses_impossible_or_partial_dates() {
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("24-8-21"), None);
        assert_eq!(parse_date("2024-08"), None);
        assert_eq!(parse_date("2024-08-21x"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("2024--21"), None);
    }

    #[test]
    fn booleans_in_both_languages_and_empty_means_unset() {
        assert_eq!(parse_bool("是"), Some(Some(true)));
        assert_eq!(parse_bool("No"), Some(Some(false)));
        assert_eq!(parse_bool(""), Some(None));
        assert_eq!(parse_bool("maybe"), None);
    }

    #[test]
    fn years_outside_1900_to_2200_are_not_dates() {
        for bad in ["0000-01-01", "1899-12-31", "2201-01-01", "9999-12-31"] {
            assert_eq!(parse_date(bad), None, "{bad}");
            assert!(!parse_iso_date(bad).is_some_and(|d| in_years(&d)), "{bad}");
        }
        assert!(parse_date("1900-01-01").is_some());
        assert!(parse_date("2200-12-31").is_some());
    }

    #[test]
    fn formulas_controls_and_overlong_text_are_refused() {
        use TextKind::*;
        for f in ["=1+1", "+SUM(1)", "-2", "@SUM(1)", "\tx", "\rx", "=HYPERLINK(\"x\")"] {
            assert_eq!(check_text(f, Plain), Err(TextProblem::Formula), "{f:?}");
        }
        assert_eq!(check_text("+86 138 1234 5678", Phone), Ok(()));
        assert_eq!(check_text("+SUM(1)", Phone), Err(TextProblem::Formula));
        assert_eq!(check_text("-", Phone), Err(TextProblem::Formula));
        for fine in ["修路灯\n两处", "a\r\nb", "a\tb"] {
            assert_eq!(check_text(fine, Plain), Ok(()), "{fine:?}");
        }
        for c in [
            "住建局\u{7}",
            "a\rb",
            "a\u{1b}]0;x",
            "a\u{9b}b",
            "a\u{202e}b",
            "a\u{7f}",
            "a\u{2028}b",
        ] {
            assert_eq!(check_text(c, Plain), Err(TextProblem::Control), "{c:?}");
        }
        assert_eq!(check_text(&"a".repeat(MAX_TEXT_CHARS), Plain), Ok(()));
        assert_eq!(
            check_text(&"a".repeat(MAX_TEXT_CHARS + 1), Plain),
            Err(TextProblem::TooLong)
        );
        for fine in ["", "王林汉", "a=b", "1-2", "C00001", "0535-4211234", "邮箱 a@b.cn"] {
            assert_eq!(check_text(fine, Plain), Ok(()), "{fine:?}");
        }
    }

    #[test]
    fn sanitize_strips_escape_sequences_leaving_the_text() {
        assert_eq!(sanitize("王\u{1b}[2J林\u{7}汉\r\n"), "王[2J林汉");
    }

    #[test]
    fn sanitize_strips_c1_bidi_separators_and_zero_width_characters() {
        let hostile =
            "a\u{9b}b\u{9d}c\u{7f}d\u{202e}e\u{2066}f\u{061c}g\u{2028}h\u{2029}i\u{200b}j\u{200d}k\u{feff}l\u{200f}m";
        assert_eq!(sanitize(hostile), "abcdefghijklm");
        assert_eq!(sanitize("王林汉 Zhang"), "王林汉 Zhang");
    }

    #[test]
    fn sanitize_lines_keeps_only_the_messages_own_line_breaks() {
        assert_eq!(sanitize_lines("a\u{1b}]0;x\u{7}\nb\r\u{2028}c"), "a]0;x\nbc");
    }

    #[test]
    fn escape_unsafe_shows_what_was_there_on_one_line() {
        assert_eq!(
            escape_unsafe("roster\u{1b}]0;FN\u{7}\nline2.csv"),
            "roster\\u{1b}]0;FN\\u{7}\\u{a}line2.csv"
        );
        assert_eq!(escape_unsafe("名单.csv"), "名单.csv");
    }

    #[test]
    fn typed_full_width_text_folds_to_ascii() {
        assert_eq!(fold_typed(" Ｃ００００１ "), "C00001");
        assert_eq!(fold_typed("ｗｌｈ"), "wlh");
        assert_eq!(fold_typed("１３８"), "138");
        assert_eq!(fold_typed("王林汉"), "王林汉");
    }

    #[test]
    fn masks_the_middle_of_a_mobile() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("4211234"), "***1234");
    }
}
