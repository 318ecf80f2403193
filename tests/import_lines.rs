//! SPEC §2: an import error's LINE is the physical line where the record
//! starts, the header being line 1, whatever the line ends (CRLF as Excel
//! and WPS write them, or LF), a BOM, the encoding, or quoted values that
//! hold line breaks before the bad record.

#[path = "fixtures/io/helpers.rs"]
mod helpers;

use helpers::*;
use lianluo::i18n::Lang;

const HEADER: &str = "code,name,role,phone,cell_code,deputy_code,active";

/// `rows` joined with `end`, after the header; the base files beside it.
fn contacts(rows: &[&str], end: &str) -> String {
    let mut text = String::from(HEADER);
    for r in rows {
        text.push_str(end);
        text.push_str(r);
    }
    text.push_str(end);
    text
}

fn errors_of(content: &[u8], lang: Lang) -> (String, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = base_files(tmp.path());
    let f = write(tmp.path(), "联络员.csv", content);
    files.push(f.clone());
    let errors = import_errors(&files, lang);
    (f.display().to_string(), errors)
}

/// A bad role on physical line 4 (header 1, two good rows).
fn bad_role_on_line_4(end: &str) -> String {
    contacts(
        &["L1,张三,other,,C1,,", "L2,王五,other,,C1,,", "L3,赵六,nobody,,C1,,"],
        end,
    )
}

#[test]
fn crlf_and_lf_files_name_the_same_line() {
    for end in ["\r\n", "\n"] {
        let (f, errors) = errors_of(bad_role_on_line_4(end).as_bytes(), Lang::En);
        assert_eq!(errors.len(), 1, "{end:?}: {errors:#?}");
        assert!(errors[0].starts_with(&format!("{f}:4: role: ")), "{end:?}: {errors:#?}");
    }
}

#[test]
fn a_bom_does_not_move_the_lines() {
    let text = format!("\u{feff}{}", bad_role_on_line_4("\r\n"));
    let (f, errors) = errors_of(text.as_bytes(), Lang::Zh);
    assert!(errors[0].starts_with(&format!("{f}:4: role: ")), "{errors:#?}");
}

#[test]
fn a_gb18030_crlf_file_names_the_physical_line() {
    let text = bad_role_on_line_4("\r\n").replace(HEADER, "编号,姓名,身份,联系电话,网格编码,联系代表,在职");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let (f, errors) = errors_of(&bytes, Lang::Zh);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with(&format!("{f}:4: 身份: ")), "{errors:#?}");
}

#[test]
fn quoted_line_breaks_before_the_bad_record_are_counted() {
    for end in ["\r\n", "\n"] {
        for inner in ["\r\n", "\n"] {
            // Line 2 holds a name over three physical lines (2–4); the bad row starts on line 5.
            let rows = [
                format!("L1,\"张{inner}三{inner}丰\",other,,C1,,"),
                "L2,王五,nobody,,C1,,".to_string(),
            ];
            let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
            let (f, errors) = errors_of(contacts(&rows, end).as_bytes(), Lang::En);
            assert_eq!(errors.len(), 1, "{end:?}/{inner:?}: {errors:#?}");
            assert!(
                errors[0].starts_with(&format!("{f}:5: role: ")),
                "{end:?}/{inner:?}: {errors:#?}"
            );
        }
    }
}

#[test]
fn a_duplicate_names_the_physical_line_of_both_records() {
    for end in ["\r\n", "\n"] {
        let text = contacts(
            &["L1,张三,other,,C1,,", "L2,王五,other,,C1,,", "L1,赵六,other,,C2,,"],
            end,
        );
        let (f, errors) = errors_of(text.as_bytes(), Lang::En);
        assert_eq!(
            errors,
            vec![format!("{f}:4: code: duplicate key L1 (first at line 2)")],
            "{end:?}"
        );
    }
}

#[test]
fn a_wrong_field_count_and_a_missing_column_name_their_lines_in_crlf() {
    let text = contacts(&["L1,张三,other,,C1,,", "L2,王五"], "\r\n");
    let (f, errors) = errors_of(text.as_bytes(), Lang::En);
    assert_eq!(
        errors,
        vec![format!("{f}:3: role: the row has 2 fields, the header has 7")]
    );
    let (f, errors) = errors_of(b"code,name\r\nL1,x\r\n", Lang::En);
    assert_eq!(errors, vec![format!("{f}:1: cell_code: missing required column")]);
}
