//! Every import error of SPEC §2, with its exact `FILE:LINE: COLUMN:` place,
//! in English and Chinese. Nothing is returned to write when any is found.

#[path = "fixtures/io/helpers.rs"]
mod helpers;

use helpers::*;
use lianluo::i18n::Lang;
use std::path::{Path, PathBuf};

/// The base files plus one more; the errors of importing them all.
fn errors_with(dir: &Path, name: &str, content: &str, lang: Lang) -> (PathBuf, Vec<String>) {
    let mut files = base_files(dir);
    let f = write(dir, name, content);
    files.push(f.clone());
    (f, import_errors(&files, lang))
}

fn assert_has(errors: &[String], want: &str) {
    assert!(errors.iter().any(|e| e == want), "want {want:?}\n got {errors:#?}");
}

#[test]
fn missing_required_column_is_reported_on_the_header_line() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "areas.csv", "code,name,parent_code\nX,牟平区,\n");
    let errors = import_errors(std::slice::from_ref(&f), Lang::En);
    assert_eq!(
        errors,
        vec![format!("{}:1: level: missing required column", f.display())]
    );
    let errors = import_errors(std::slice::from_ref(&f), Lang::Zh);
    assert_eq!(errors, vec![format!("{}:1: level: 缺少必需的列", f.display())]);
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (f, errors) = errors_with(
        tmp.path(),
        "contacts.csv",
        "code,name,role,phone,cell_code,deputy_code,active\nL1,张三,other,,C1,,\nL2,王五,other\nL3,赵六,other,,C1,,,extra\n",
        Lang::En,
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_has(
        &errors,
        &format!("{}:3: phone: the row has 3 fields, the header has 7", f.display()),
    );
    assert_has(
        &errors,
        &format!("{}:4: the row has 8 fields, the header has 7", f.display()),
    );
}

#[test]
fn a_duplicate_key_is_reported_at_the_later_row() {
    let tmp = tempfile::tempdir().unwrap();
    let (f, errors) = errors_with(
        tmp.path(),
        "contacts.csv",
        "code,name,cell_code\nL1,张三,C1\nL2,王五,C1\nL1,赵六,C2\n",
        Lang::En,
    );
    assert_eq!(
        errors,
        vec![format!("{}:4: code: duplicate key L1 (first at line 2)", f.display())]
    );
    let (f, errors) = errors_with(
        tmp.path(),
        "assignments.csv",
        "deputy_code,cell_code\nD1,C1\nD1,C1\n",
        Lang::Zh,
    );
    assert_eq!(
        errors,
        vec![format!(
            "{}:3: deputy_code: 重复的键 D1/C1（首次出现在第 2 行）",
            f.display()
        )]
    );
}

#[test]
fn unknown_references_name_the_column_and_the_code() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let areas = write(
        d,
        "areas.csv",
        "code,name,level,parent_code\nX,牟平区,county,OUTSIDE\nT1,城关镇,town,NOPE\n",
    );
    let stations = write(
        d,
        "stations.csv",
        "code,name,kind,area_code\nS1,站,town,A9\nS2,站二,point,\n",
    );
    let cells = write(d, "cells.csv", "code,name,area_code\nC1,一,T1\nC2,二,A8\n");
    let deputies = write(
        d,
        "deputies.csv",
        "code,name,level,station_code\nD1,王,county,S9\nD2,李,city,\n",
    );
    let assignments = write(d, "assignments.csv", "deputy_code,cell_code\nD7,C1\nD1,C7\n");
    let contacts = write(
        d,
        "contacts.csv",
        "code,name,cell_code,deputy_code\nL1,张,C6,\nL2,赵,C1,D6\n",
    );
    let receptions = write(
        d,
        "receptions.csv",
        "date,station_code,deputy_code\n2024-01-15,S5,D1\n2024-01-15,S1,D5\n",
    );
    let suggestions = write(
        d,
        "suggestions.csv",
        "code,cell_code,title,received_on,status,raised_by\nG1,C4,路,2024-01-01,received,\nG2,C1,灯,2024-01-01,received,Q1\nG3,C1,桥,2024-01-01,received,L2\n",
    );
    let all = [
        areas.clone(),
        stations.clone(),
        cells.clone(),
        deputies.clone(),
        assignments.clone(),
        contacts.clone(),
        receptions.clone(),
        suggestions.clone(),
    ];
    let errors = import_errors(&all, Lang::En);
    let want = [
        format!("{}:3: parent_code: unknown area NOPE", areas.display()),
        format!("{}:2: area_code: unknown area A9", stations.display()),
        format!("{}:3: area_code: unknown area A8", cells.display()),
        format!("{}:2: station_code: unknown station S9", deputies.display()),
        format!("{}:2: deputy_code: unknown deputy D7", assignments.display()),
        format!("{}:3: cell_code: unknown cell C7", assignments.display()),
        format!("{}:2: cell_code: unknown cell C6", contacts.display()),
        format!("{}:3: deputy_code: unknown deputy D6", contacts.display()),
        format!("{}:2: station_code: unknown station S5", receptions.display()),
        format!("{}:3: deputy_code: unknown deputy D5", receptions.display()),
        format!("{}:2: cell_code: unknown cell C4", suggestions.display()),
        format!("{}:3: raised_by: unknown deputy or contact Q1", suggestions.display()),
    ];
    assert_eq!(
        errors, want,
        "the county's parent is outside the data; G3's raiser is contact L2"
    );
    let errors = import_errors(&all, Lang::Zh);
    assert_has(
        &errors,
        &format!("{}:3: raised_by: 未知的代表或联络员 Q1", suggestions.display()),
    );
    assert_has(&errors, &format!("{}:2: cell_code: 未知的网格 C6", contacts.display()));
}

#[test]
fn a_bad_enum_value_names_the_allowed_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "areas.csv",
        "code,name,level,parent_code\nX,牟平区,province,\n",
    );
    let errors = import_errors(std::slice::from_ref(&f), Lang::En);
    assert_eq!(
        errors,
        vec![format!(
            "{}:2: level: invalid value \"province\" (one of county/town/village)",
            f.display()
        )]
    );
    let (f, errors) = errors_with(tmp.path(), "联络站.csv", "编码,名称,类型\nS9,站,大站\n", Lang::Zh);
    assert_eq!(
        errors,
        vec![format!(
            "{}:2: 类型: 无效的值 \"大站\"（可用：general/specialty/town/point/room/online，或对应中文）",
            f.display()
        )]
    );
}

#[test]
fn a_bad_date_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (f, errors) = errors_with(
        tmp.path(),
        "receptions.csv",
        "date,station_code,deputy_code,constituents\n2024-02-30,S1,D1,1\n15/3/2024,S1,D2,1\n",
        Lang::En,
    );
    assert_eq!(
        errors,
        vec![
            format!(
                "{}:2: date: invalid date \"2024-02-30\" (e.g. 2024-08-21, 2024/8/21, 2024年8月21日; years 1900–2200)",
                f.display()
            ),
            format!(
                "{}:3: date: invalid date \"15/3/2024\" (e.g. 2024-08-21, 2024/8/21, 2024年8月21日; years 1900–2200)",
                f.display()
            ),
        ]
    );
}

#[test]
fn numbers_out_of_range_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let (f, errors) = errors_with(
        d,
        "stations.csv",
        "code,name,kind,area_code,lon,lat,theme,reception_day\nS1,a,town,,200,37,,15\nS2,b,town,,121,-91,,0\nS3,c,town,,121,37,,32\nS4,d,town,,east,37,,\n",
        Lang::En,
    );
    let p = f.display();
    assert_eq!(
        errors,
        vec![
            format!("{p}:2: lon: 200 is out of range (−180…180)"),
            format!("{p}:3: lat: -91 is out of range (−90…90)"),
            format!("{p}:3: reception_day: 0 is out of range (1–31)"),
            format!("{p}:4: reception_day: 32 is out of range (1–31)"),
            format!("{p}:5: lon: \"east\" is not a number"),
        ]
    );
    let (f, errors) = errors_with(
        d,
        "receptions.csv",
        "date,station_code,deputy_code,constituents\n2024-01-15,S1,D1,-3\n2024-01-16,S1,D1,2.5\n",
        Lang::En,
    );
    assert_eq!(
        errors,
        vec![
            format!("{}:2: constituents: -3 is out of range (≥ 0)", f.display()),
            format!("{}:3: constituents: \"2.5\" is not a whole number ≥ 0", f.display()),
        ]
    );
    let f = write(d, "areas.csv", "code,name,level,parent_code\nX,县,county,\n");
    let c = write(
        d,
        "cells.csv",
        "code,name,area_code,households,population\nC1,一,X,-1,\nC2,二,X,,many\n",
    );
    let errors = import_errors(&[f, c.clone()], Lang::Zh);
    assert_eq!(
        errors,
        vec![
            format!("{}:2: households: -1 超出范围（≥ 0）", c.display()),
            format!("{}:3: population: \"many\" 不是非负整数", c.display()),
        ]
    );
}

#[test]
fn invalid_geometry_is_reported_per_feature() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let areas = write(d, "areas.csv", "code,name,level,parent_code\nX,县,county,\n");
    let feature = |code: &str, geometry: &str| {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}","name":"n","area_code":"X"}},"geometry":{geometry}}}"#
        )
    };
    let cells = write(
        d,
        "cells.geojson",
        format!(
            r#"{{"type":"FeatureCollection","features":[{},{},{},{},{},{}]}}"#,
            feature("C1", r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#),
            feature("C2", r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#),
            feature("C3", r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#),
            feature(
                "C4",
                r#"{"type":"Polygon","coordinates":[[[0,0],[190,0],[1,1],[0,0]]]}"#
            ),
            feature("C5", r#"{"type":"Point","coordinates":[0,0]}"#),
            feature("C6", "null"),
        ),
    );
    let errors = import_errors(&[areas.clone(), cells.clone()], Lang::En);
    let p = cells.display();
    assert_eq!(
        errors,
        vec![
            format!("{p}: feature 2: geometry: invalid geometry: ring 1 is not closed (first and last points differ)"),
            format!("{p}: feature 3: geometry: invalid geometry: ring 1 has 3 points (at least 4 needed)"),
            format!("{p}: feature 4: geometry: invalid geometry: coordinate out of range: 190, 0"),
            format!("{p}: feature 5: geometry: invalid geometry: geometry type Point is not Polygon or MultiPolygon"),
        ]
    );
    let errors = import_errors(&[areas, cells.clone()], Lang::Zh);
    assert_has(
        &errors,
        &format!("{p}: feature 2: geometry: 几何图形无效：第 1 个环未闭合（首末点不同）"),
    );
}

#[test]
fn geojson_that_is_not_json_or_not_features_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let f = write(
        d,
        "cells.geojson",
        "{\"type\": \"FeatureCollection\",\n \"features\": [\n}",
    );
    assert_eq!(
        import_errors(std::slice::from_ref(&f), Lang::En),
        vec![format!("{}: not valid JSON (near line 3)", f.display())]
    );
    let f = write(d, "cells.geojson", r#"{"type":"Polygon","coordinates":[]}"#);
    assert_eq!(
        import_errors(std::slice::from_ref(&f), Lang::En),
        vec![format!(
            "{}: expected a GeoJSON FeatureCollection (or one Feature)",
            f.display()
        )]
    );
    let f = write(
        d,
        "cells.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"C1","name":"n"},"geometry":null}]}"#,
    );
    assert_eq!(
        import_errors(std::slice::from_ref(&f), Lang::En),
        vec![format!(
            "{}: feature 1: area_code: required, must not be empty",
            f.display()
        )]
    );
    let b = write(d, "boundary.geojson", r#"{"type":"FeatureCollection","features":[]}"#);
    assert_eq!(
        import_errors(std::slice::from_ref(&b), Lang::En),
        vec![format!(
            "{}: a boundary file holds exactly one feature, found 0",
            b.display()
        )]
    );
}

/// Features are read while the file is parsed, before a `type` that may
/// follow them: a bad feature of a file that turns out not to be a
/// FeatureCollection, or not JSON, or a boundary of two, is not reported.
#[test]
fn geojson_features_count_only_in_a_whole_feature_collection() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let bad =
        r#"{"type":"Feature","properties":{"code":"C1","name":"n"},"geometry":{"type":"Point","coordinates":[0,0]}}"#;
    let cases = [
        (
            "cells.geojson",
            format!(r#"{{"features":[{bad}],"type":"Polygon"}}"#),
            "expected a GeoJSON FeatureCollection (or one Feature)",
        ),
        (
            "cells.geojson",
            format!("{{\"features\":[{bad},\n{bad}\n,]}}"),
            "not valid JSON (near line 3)",
        ),
        (
            "boundary.geojson",
            format!(r#"{{"features":[{bad},{bad}],"type":"FeatureCollection"}}"#),
            "a boundary file holds exactly one feature, found 2",
        ),
    ];
    for (name, text, want) in cases {
        let f = write(d, name, &text);
        assert_eq!(
            import_errors(std::slice::from_ref(&f), Lang::En),
            vec![format!("{}: {want}", f.display())],
            "{text}"
        );
    }
    let f = write(
        d,
        "cells.geojson",
        format!(r#"{{"features":[{bad},{bad}],"type":"FeatureCollection"}}"#),
    );
    let errors = import_errors(std::slice::from_ref(&f), Lang::En);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("{}: feature 2: ", f.display()))),
        "{errors:?}"
    );
}

#[test]
fn files_that_are_not_text_or_empty_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let empty = write(d, "areas.csv", "");
    assert_eq!(
        import_errors(std::slice::from_ref(&empty), Lang::En),
        vec![format!("{}: the file is empty", empty.display())]
    );
    assert_eq!(
        import_errors(std::slice::from_ref(&empty), Lang::Zh),
        vec![format!("{}: 文件为空", empty.display())]
    );
    let binary = write(d, "cells.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00");
    assert_eq!(
        import_errors(std::slice::from_ref(&binary), Lang::En),
        vec![format!(
            "{}: not a text file (binary content); save spreadsheets as .xlsx or .csv",
            binary.display()
        )]
    );
    let latin = write(d, "deputies.csv", b"code,name,level\nD1,Jos\xff,county\n");
    assert_eq!(
        import_errors(std::slice::from_ref(&latin), Lang::En),
        vec![format!(
            "{}: not text in a supported encoding (UTF-8 or GB18030/GBK)",
            latin.display()
        )]
    );
    let not_xlsx = write(d, "contacts.xlsx", "code,name\n");
    let errors = import_errors(std::slice::from_ref(&not_xlsx), Lang::En);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!("{}: cannot read the workbook", not_xlsx.display())),
        "{errors:?}"
    );
}

#[test]
fn suggestion_status_contradictions_name_each_missing_field() {
    let tmp = tempfile::tempdir().unwrap();
    let (f, errors) = errors_with(
        tmp.path(),
        "suggestions.csv",
        "code,cell_code,title,received_on,handling_unit,assigned_on,due_on,status,replied_on,satisfaction,closed_on\n\
         G1,C1,路,2024-01-01,,,,assigned,,,\n\
         G2,C1,灯,2024-01-01,局,2024-01-02,2024-02-01,closed,2024-01-20,unsatisfied,\n\
         G3,C1,桥,2024-01-01,局,2024-01-02,2024-02-01,replied,2024-01-20,,\n",
        Lang::En,
    );
    let p = f.display();
    assert_eq!(
        errors,
        vec![
            format!("{p}:2: handling_unit: required when the status is assigned"),
            format!("{p}:2: assigned_on: required when the status is assigned"),
            format!("{p}:2: due_on: required when the status is assigned"),
            format!("{p}:3: closed_on: required when the status is closed"),
            format!("{p}:3: satisfaction: must be satisfied or basic when the status is closed"),
        ]
    );
}

#[test]
fn codes_must_be_short_and_without_whitespace() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "C".repeat(65);
    let (f, errors) = errors_with(
        tmp.path(),
        "contacts.csv",
        &format!("code,name,cell_code\nL 1,张,C1\n{long},王,C1\nL3,赵,\n"),
        Lang::En,
    );
    let p = f.display();
    assert_eq!(
        errors,
        vec![
            format!("{p}:2: code: invalid code \"L 1\": 1–64 characters, no whitespace or /"),
            format!("{p}:3: code: invalid code \"{long}\": 1–64 characters, no whitespace or /"),
            format!("{p}:4: cell_code: required, must not be empty"),
        ]
    );
}

#[test]
fn chinese_headers_are_named_as_written_in_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (f, errors) = errors_with(
        tmp.path(),
        "联络员.csv",
        "编号,姓名,网格编码,在职\nL1,张三,C9,也许\n",
        Lang::Zh,
    );
    let p = f.display();
    assert_eq!(
        errors,
        vec![format!(
            "{p}:2: 在职: 无效的是/否值 \"也许\"（可用：是/否、true/false、1/0）"
        ),],
        "a row with a bad value is left out before references are checked"
    );
    std::fs::write(&f, "编号,姓名,网格编码\nL1,张三,C9\n").unwrap();
    let mut files = base_files(tmp.path());
    files.push(f.clone());
    assert_eq!(
        import_errors(&files, Lang::Zh),
        vec![format!("{p}:2: 网格编码: 未知的网格 C9")]
    );
}

#[test]
fn every_error_of_every_file_is_collected() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut body = String::from("code,name,cell_code\n");
    for i in 0..120 {
        body.push_str(&format!("L{i},人,NOPE{i}\n"));
    }
    let contacts = write(d, "contacts.csv", &body);
    let areas = write(d, "areas.csv", "code,name,level,parent_code\nX,县,planet,\n");
    let errors = import_errors(&[contacts, areas.clone()], Lang::En);
    assert_eq!(errors.len(), 121);
    assert!(
        errors[0].starts_with(&areas.display().to_string()),
        "areas come first, in dependency order"
    );
}

#[test]
fn overlong_values_and_huge_files_are_refused_without_reading_them_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let big = "字".repeat(30_000);
    let f = write(
        d,
        "areas.csv",
        format!("code,name,level,parent_code\nX,{big},county,\n"),
    );
    assert_eq!(
        import_errors(std::slice::from_ref(&f), Lang::En),
        vec![format!("{}:2: name: value too long (limit 64 KiB)", f.display())]
    );
    // A sparse file: large on disk, nothing actually written.
    let huge = d.join("cells.csv");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(lianluo::io::MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    assert_eq!(
        import_errors(std::slice::from_ref(&huge), Lang::En),
        vec![format!(
            "{}: the file is too large (limit 512 MiB); split it into several files",
            huge.display()
        )]
    );
}

#[test]
fn a_directory_with_nothing_to_import_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "README.md", "hello");
    let errors = import_errors(&[tmp.path().to_path_buf()], Lang::En);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].ends_with("no importable files in this directory (e.g. areas.csv, cells.geojson, 联络员.xlsx)"));
}
