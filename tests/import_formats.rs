//! What import accepts (SPEC §2): encodings, line endings, Chinese headers
//! and values, .xlsx, GeoJSON, quoted fields, Chinese file names, directories.

#[path = "fixtures/io/helpers.rs"]
mod helpers;

use chrono::NaiveDate;
use helpers::*;
use lianluo::i18n::Lang;
use lianluo::model::*;
use lianluo::store::Kind;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn imports_utf8_with_bom_and_crlf() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "areas.csv",
        "\u{feff}code,name,level,parent_code\r\nX,牟平区,county,\r\nT1,城关镇,town,X\r\n",
    );
    let set = import(&[f]).unwrap();
    let areas = set.areas.unwrap();
    assert_eq!(areas.len(), 2);
    assert_eq!(areas[0].code, "X");
    assert_eq!(areas[1].parent_code, "X");
    assert_eq!(areas[1].level, AreaLevel::Town);
}

#[test]
fn imports_gb18030_roster_with_chinese_headers_and_values() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = base_files(tmp.path());
    let roster = "编号,姓名,身份,联系电话,网格编码,联系代表,在职\r\n\
                  L1,张三,网格员,138 1234 5678,C1,D1,是\r\n\
                  L2,王五,两委成员,,C2,,否\r\n\
                  L3,赵六,书记,0535-4211234,C1,D2,\r\n";
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(roster);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "the fixture must not be UTF-8");
    files.push(write(tmp.path(), "联络员.csv", &gbk));
    let set = import(&files).unwrap();
    let contacts = set.contacts.unwrap();
    assert_eq!(contacts.len(), 3);
    assert_eq!(
        contacts[0],
        Contact {
            code: "L1".into(),
            name: "张三".into(),
            role: ContactRole::GridWorker,
            phone: "138 1234 5678".into(),
            cell_code: "C1".into(),
            deputy_code: "D1".into(),
            active: true,
        }
    );
    assert_eq!(contacts[1].role, ContactRole::Committee);
    assert_eq!(contacts[1].deputy_code, "");
    assert!(!contacts[1].active);
    assert!(contacts[2].active, "empty 在职 means active");
    assert!(set.files.iter().any(|f| f.ends_with("联络员.csv")));
}

#[test]
fn imports_chinese_values_of_every_vocabulary() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = base_files(tmp.path());
    files.push(write(
        tmp.path(),
        "代表.csv",
        "代表编码,姓名,级别,选区,手机,界别,联络站编码,有效\nD9,孙七,乡镇,三,,,S1,1\nD8,周八,全国,,,,,0\n",
    ));
    files.push(write(
        tmp.path(),
        "联络站.csv",
        "联络站编码,名称,类型,区划代码,经度,纬度,特色,接待日\nS2,网上站,网上,,,,,\nS3,法律站,特色站,X,121.5,37.5,法律,20\n",
    ));
    files.push(write(
        tmp.path(),
        "建议.csv",
        "编号,网格编码,建议内容,来源,提出人,类别,收集日期,承办单位,交办日期,办理时限,状态,答复日期,满意度,办结日期,协办单位,原办理时限,办理结果,督办领导\n\
         G1,C1,修路,走访,D1,难点,2024年8月21日,交通局,2024/8/22,2024-09-30,已办结,2024.9.1,基本满意,2024-09-02, 局 ; U7 ,2024/9/15,已解决,D1\n\
         G2,C2,路灯,网上,,一般,2024-08-01,,,,已收集,,,,,,,\n",
    ));
    // A unit named by its name (交通局) is stored as its code.
    files.push(write(
        tmp.path(),
        "承办单位.csv",
        "单位编码,单位名称,类型,联系人,联系电话,有效\nU7,交通局,部门,赵六,0535-4211000,是\nU8,城关镇人民政府,镇街,,,否\nU9,电力公司,企业,,,\nU10,其他单位,其他,,,\n",
    ));
    files.push(write(
        tmp.path(),
        "接待安排.csv",
        "接待日期,联络站编码,代表编码,角色\n2024/9/15,S1,D1,主接待\n2024年9月15日,S1,D9,参加\n",
    ));
    files.push(write(
        tmp.path(),
        "履职活动.csv",
        "日期,代表编码,类型,备注\n2024-05-01,D1,培训,履职培训\n2024-05-02,D1,视察,\n2024-05-03,D1,调研,\n2024-05-04,D1,会议,\n2024-05-04,D9,座谈,\n2024-05-05,D1,走访,\n",
    ));
    files.push(write(
        tmp.path(),
        "接待.csv",
        "日期,联络站编码,代表编码,接待人数\n2024/3/15,S1,D1,12\n",
    ));
    files.push(write(tmp.path(), "分工.csv", "代表编码,网格编码\nD1,C1\nD9,C2\n"));
    let set = import(&files).unwrap();
    let deputies = set.deputies.unwrap();
    let d9 = deputies.iter().find(|d| d.code == "D9").unwrap();
    assert_eq!(d9.level, DeputyLevel::Township);
    assert!(d9.active);
    let d8 = deputies.iter().find(|d| d.code == "D8").unwrap();
    assert_eq!(d8.level, DeputyLevel::National);
    assert!(!d8.active);
    let stations = set.stations.unwrap();
    let s2 = stations.iter().find(|s| s.code == "S2").unwrap();
    assert_eq!((s2.kind, s2.reception_day, s2.lon), (StationKind::Online, 15, None));
    let s3 = stations.iter().find(|s| s.code == "S3").unwrap();
    assert_eq!(
        (s3.kind, s3.reception_day, s3.lat),
        (StationKind::Specialty, 20, Some(37.5))
    );
    let sug = set.suggestions.unwrap();
    assert_eq!(
        sug[0],
        Suggestion {
            code: "G1".into(),
            cell_code: "C1".into(),
            title: "修路".into(),
            source: SuggestionSource::Visit,
            raised_by: "D1".into(),
            category: Category::Difficult,
            received_on: day(2024, 8, 21),
            handling_unit: "U7".into(),
            assigned_on: Some(day(2024, 8, 22)),
            due_on: Some(day(2024, 9, 30)),
            status: Status::Closed,
            replied_on: Some(day(2024, 9, 1)),
            satisfaction: Some(Satisfaction::Basic),
            closed_on: Some(day(2024, 9, 2)),
            co_units: vec!["局".into(), "U7".into()],
            extended_from: Some(day(2024, 9, 15)),
            result: Some(ReplyResult::A),
            supervisor: "D1".into(),
        }
    );
    let units = set.units.unwrap();
    let kinds: Vec<(&str, UnitKind, bool)> = units.iter().map(|u| (u.code.as_str(), u.kind, u.active)).collect();
    assert!(kinds.contains(&("U7", UnitKind::Bureau, true)), "{kinds:?}");
    assert!(kinds.contains(&("U8", UnitKind::Town, false)), "{kinds:?}");
    assert!(kinds.contains(&("U9", UnitKind::Enterprise, true)), "{kinds:?}");
    assert!(kinds.contains(&("U10", UnitKind::Other, true)), "{kinds:?}");
    let u7 = units.iter().find(|u| u.code == "U7").unwrap();
    assert_eq!((u7.contact.as_str(), u7.phone.as_str()), ("赵六", "0535-4211000"));
    let rota = set.rota.unwrap();
    let roles: Vec<(&str, RotaRole)> = rota.iter().map(|r| (r.deputy_code.as_str(), r.role)).collect();
    assert_eq!(roles, [("D1", RotaRole::Lead), ("D9", RotaRole::Member)]);
    assert!(rota.iter().all(|r| r.date == day(2024, 9, 15)));
    let kinds: Vec<ActivityKind> = set.activities.unwrap().iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            ActivityKind::Training,
            ActivityKind::Inspection,
            ActivityKind::Survey,
            ActivityKind::Meeting,
            ActivityKind::Meeting,
            ActivityKind::Visit
        ]
    );
    assert_eq!(
        (sug[1].source, sug[1].status),
        (SuggestionSource::Online, Status::Received)
    );
    let rec = set.receptions.unwrap();
    assert_eq!((rec[0].date, rec[0].constituents), (day(2024, 3, 15), 12));
    assert_eq!(set.assignments.unwrap().len(), 2);
}

#[test]
fn quoted_fields_with_commas_and_newlines_keep_the_first_line_of_the_record() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = base_files(tmp.path());
    // The second record spans lines 3–4; the third starts on line 5 and is bad.
    files.push(write(
        tmp.path(),
        "contacts.csv",
        "code,name,role,phone,cell_code,deputy_code,active\n\
         L1,\"张, 三\",other,,C1,,\n\
         L2,\"王\n五\",other,,C1,,\n\
         L3,赵六,bogus,,C1,,\n",
    ));
    let errors = import_errors(&files, Lang::En);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].ends_with(
            "contacts.csv:5: role: invalid value \"bogus\" (one of secretary/committee/cadre/grid_worker/other)"
        ),
        "{errors:?}"
    );
    std::fs::write(
        tmp.path().join("contacts.csv"),
        "code,name,role,phone,cell_code,deputy_code,active\nL1,\"张, 三\",other,,C1,,\nL2,\"王\n五\",,,C1,,\n",
    )
    .unwrap();
    let set = import(&files).unwrap();
    let contacts = set.contacts.unwrap();
    assert_eq!(contacts[0].name, "张, 三");
    assert_eq!(contacts[1].name, "王\n五");
    assert_eq!(contacts[1].role, ContactRole::Other, "an empty role is other");
}

#[test]
fn header_only_files_are_valid_and_hold_no_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "contacts.csv",
        "code,name,role,phone,cell_code,deputy_code,active\n",
    );
    let set = import(&[f]).unwrap();
    assert_eq!(set.contacts.map(|c| c.len()), Some(0));
    assert!(set.areas.is_none());
}

#[test]
fn imports_xlsx_first_sheet_with_chinese_headers_numbers_and_date_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let tmp = tempfile::tempdir().unwrap();
    let mut files = base_files(tmp.path());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("接待记录").unwrap();
    for (c, h) in ["日期", "联络站编码", "代表编码", "接待人数"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let date = ExcelDateTime::from_ymd(2024, 8, 15).unwrap();
    sheet.write_datetime_with_format(1, 0, &date, &date_format).unwrap();
    sheet.write_string(1, 1, "S1").unwrap();
    sheet.write_string(1, 2, "D1").unwrap();
    sheet.write_number(1, 3, 9.0).unwrap();
    // A text date in row 3, and a bad value in row 4.
    sheet.write_string(2, 0, "2024年9月15日").unwrap();
    sheet.write_string(2, 1, "S1").unwrap();
    sheet.write_string(2, 2, "D2").unwrap();
    let path = tmp.path().join("receptions.xlsx");
    book.save(&path).unwrap();
    files.push(path.clone());
    let set = import(&files).unwrap();
    let rec = set.receptions.unwrap();
    assert_eq!(rec.len(), 2);
    assert_eq!((rec[0].date, rec[0].constituents), (day(2024, 8, 15), 9));
    assert_eq!((rec[1].date, rec[1].constituents), (day(2024, 9, 15), 0));

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["date", "station_code", "deputy_code", "constituents"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "2024-08-15").unwrap();
    sheet.write_string(1, 1, "S1").unwrap();
    sheet.write_string(1, 2, "D1").unwrap();
    sheet.write_string(3, 0, "2024-08-40").unwrap();
    sheet.write_string(3, 1, "S1").unwrap();
    sheet.write_string(3, 2, "D1").unwrap();
    book.save(&path).unwrap();
    let errors = import_errors(&files, Lang::En);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("receptions.xlsx:4: date: invalid date \"2024-08-40\""),
        "{errors:?}"
    );
}

#[test]
fn xlsx_numbers_in_code_and_phone_columns_read_as_whole_numbers() {
    use rust_xlsxwriter::Workbook;
    let tmp = tempfile::tempdir().unwrap();
    let mut files = base_files(tmp.path());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["编号", "姓名", "电话", "网格编码"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 1001.0).unwrap();
    sheet.write_string(1, 1, "张三").unwrap();
    sheet.write_number(1, 2, 13812345678.0).unwrap();
    sheet.write_string(1, 3, "C1").unwrap();
    let path = tmp.path().join("联络员.xlsx");
    book.save(&path).unwrap();
    files.push(path);
    let contacts = import(&files).unwrap().contacts.unwrap();
    assert_eq!(
        (contacts[0].code.as_str(), contacts[0].phone.as_str()),
        ("1001", "13812345678")
    );
}

#[test]
fn imports_cells_and_boundary_from_geojson() {
    let tmp = tempfile::tempdir().unwrap();
    let areas = write(
        tmp.path(),
        "areas.csv",
        "code,name,level,parent_code\nX,牟平区,county,\nV1,东关村,village,X\n",
    );
    let cells = write(
        tmp.path(),
        "cells.geojson",
        r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"code": "C1", "name": "一网格", "area_code": "V1", "households": 12, "population": 40.0, "grid_worker": "李四"},
   "geometry": {"type": "Polygon", "coordinates": [[[121.0, 37.0], [121.5, 37.0], [121.5, 37.5], [121.0, 37.0]]]}},
  {"type": "Feature", "properties": {"编码": "C2", "名称": "二网格", "村居编码": "V1"}, "geometry": null}
]}"#,
    );
    let boundary = write(
        tmp.path(),
        "边界.geojson",
        r#"{"type":"Feature","properties":{"code":"X","name":"牟平区"},"geometry":{"type":"MultiPolygon","coordinates":[[[[120,36],[122,36],[122,38],[120,36]]]]}}"#,
    );
    let set = import(&[boundary, cells, areas]).unwrap();
    let cells = set.cells.unwrap();
    assert_eq!(cells.len(), 2);
    let (c1, bbox) = &cells[0];
    assert_eq!((c1.households, c1.population), (Some(12), Some(40)));
    assert_eq!(
        c1.geometry.as_deref(),
        Some(r#"{"type":"Polygon","coordinates":[[[121.0,37.0],[121.5,37.0],[121.5,37.5],[121.0,37.0]]]}"#)
    );
    assert_eq!(*bbox, Some([121.0, 37.0, 121.5, 37.5]));
    assert_eq!(
        (cells[1].0.name.as_str(), cells[1].0.geometry.as_ref(), cells[1].1),
        ("二网格", None, None)
    );
    let b = set.boundary.unwrap();
    assert_eq!((b[0].code.as_str(), b[0].name.as_str()), ("X", "牟平区"));
    assert!(b[0].geometry.starts_with(r#"{"type":"MultiPolygon""#));
}

#[test]
fn a_directory_imports_every_recognised_file_in_dependency_order() {
    let tmp = tempfile::tempdir().unwrap();
    base_files(tmp.path());
    write(tmp.path(), "联络员.csv", "编号,姓名,网格编码,联系代表\nL1,张三,C1,D1\n");
    write(tmp.path(), "assignments.csv", "deputy_code,cell_code\nD1,C1\n");
    write(tmp.path(), "README.md", "not data");
    write(tmp.path(), "notes.csv", "whatever,else\n1,2\n");
    let set = import(&[tmp.path().to_path_buf()]).unwrap();
    let kinds: Vec<Kind> = set
        .files
        .iter()
        .map(|f| Kind::parse(std::path::Path::new(f).file_stem().unwrap().to_str().unwrap()).unwrap())
        .collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted, "files in dependency order: {:?}", set.files);
    assert_eq!(kinds.len(), 7, "{:?}", set.files);
    assert!(set
        .files
        .iter()
        .all(|f| f.starts_with(&tmp.path().display().to_string())));
    assert_eq!(set.contacts.unwrap()[0].deputy_code, "D1");
    assert_eq!(set.assignments.unwrap().len(), 1);
}

#[test]
fn kind_flag_overrides_the_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "roster-2024.csv",
        "code,name,level,parent_code\nX,牟平区,county,\n",
    );
    let set = lianluo::io::read_import(
        std::slice::from_ref(&f),
        Some(Kind::Areas),
        false,
        &Dataset::default(),
        Lang::En,
    )
    .unwrap();
    assert_eq!(set.areas.unwrap().len(), 1);
    let errors = import_errors(&[f], Lang::En);
    assert!(
        errors[0].contains("roster-2024.csv: cannot tell the kind"),
        "{errors:?}"
    );
}

#[test]
fn text_is_trimmed_and_normalised_to_nfc() {
    let tmp = tempfile::tempdir().unwrap();
    // "é" as e + combining acute; NFC makes it one character.
    let f = write(
        tmp.path(),
        "areas.csv",
        "code , NAME,Level,parent_code\n  X  ,Caf\u{65}\u{301} ,county,\n",
    );
    let areas = import(&[f]).unwrap().areas.unwrap();
    assert_eq!(areas[0].code, "X");
    assert_eq!(areas[0].name, "Caf\u{e9}");
}

#[test]
fn references_resolve_against_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = empty_store(tmp.path());
    let base = import(&base_files(tmp.path())).unwrap();
    store.apply_import(&actor(), base).unwrap();
    let existing = store.load().unwrap();
    let f = write(
        tmp.path(),
        "contacts.csv",
        "code,name,cell_code,deputy_code\nL1,张三,C2,D2\n",
    );
    let set = import_into(&[f], &existing, Lang::En).unwrap();
    assert_eq!(set.contacts.unwrap()[0].cell_code, "C2");
}
