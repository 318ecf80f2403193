//! `export DIR`: the file set, headers, codes and format of SPEC §2.

#[path = "fixtures/io/helpers.rs"]
mod helpers;

use helpers::sample;

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn export_writes_exactly_the_standard_file_set() {
    let tmp = tempfile::tempdir().unwrap();
    let written = lianluo::io::export_dir(&sample(), tmp.path()).unwrap();
    let mut names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want = vec![
        "areas.csv",
        "assignments.csv",
        "boundary.geojson",
        "cells.geojson",
        "contacts.csv",
        "deputies.csv",
        "receptions.csv",
        "stations.csv",
        "suggestions.csv",
        "units.csv",
        "rota.csv",
        "activities.csv",
    ];
    want.sort();
    assert_eq!(names, want);
    let mut on_disk: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, want);
}

#[test]
fn export_leaves_out_the_boundary_when_none_is_loaded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ds = sample();
    ds.boundary = None;
    lianluo::io::export_dir(&ds, tmp.path()).unwrap();
    assert!(!tmp.path().join("boundary.geojson").exists());
    assert!(tmp.path().join("cells.geojson").exists());
}

#[test]
fn export_csv_has_english_headers_codes_sorted_rows_and_lf() {
    let tmp = tempfile::tempdir().unwrap();
    lianluo::io::export_dir(&sample(), tmp.path()).unwrap();
    assert_eq!(
        read(tmp.path(), "areas.csv"),
        "code,name,level,parent_code\nT1,城关镇,town,X\nV1,东关村,village,T1\nX,牟平区,county,\n"
    );
    assert_eq!(
        read(tmp.path(), "assignments.csv"),
        "deputy_code,cell_code\nD1,C1\nD1,C2\n"
    );
    assert_eq!(
        read(tmp.path(), "contacts.csv"),
        "code,name,role,phone,cell_code,deputy_code,active\nL1,张三,grid_worker,0535-4211234,C1,D1,false\n"
    );
    assert_eq!(
        read(tmp.path(), "stations.csv"),
        "code,name,kind,area_code,lon,lat,theme,reception_day\nS1,城关站,town,T1,121.15,37.35,,15\n"
    );
    assert_eq!(
        read(tmp.path(), "deputies.csv"),
        "code,name,level,district,phone,sector,station_code,active\nD1,王林汉,county,第一选区,13812345678,农业,S1,true\n"
    );
    assert_eq!(
        read(tmp.path(), "receptions.csv"),
        "date,station_code,deputy_code,constituents\n2024-08-15,S1,D1,7\n"
    );
    assert_eq!(
        read(tmp.path(), "suggestions.csv"),
        "code,cell_code,title,source,raised_by,category,received_on,handling_unit,assigned_on,due_on,status,replied_on,satisfaction,closed_on,\
         co_units,extended_from,result,supervisor\n\
         G1,C1,\"修路灯\n两处\",reception,D1,key,2024-08-15,住建局,2024-08-16,2024-09-30,closed,2024-09-01,basic,2024-09-02,\
         U2,2024-09-15,A,D1\n"
    );
    assert_eq!(
        read(tmp.path(), "units.csv"),
        "code,name,kind,contact,phone,active\nU2,县水务局,bureau,李四,0535-4211235,true\n住建局,县住房和城乡建设局,other,,,false\n"
    );
    assert_eq!(
        read(tmp.path(), "rota.csv"),
        "date,station_code,deputy_code,role\n2024-08-15,S1,D1,lead\n"
    );
    assert_eq!(
        read(tmp.path(), "activities.csv"),
        "date,deputy_code,kind,note\n2024-06-03,D1,survey,\"调研 \"\"农村饮水\"\", 两天\"\n"
    );
    for name in ["areas.csv", "suggestions.csv", "cells.geojson"] {
        let bytes = std::fs::read(tmp.path().join(name)).unwrap();
        assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "{name} has a BOM");
        assert!(!bytes.contains(&b'\r'), "{name} has CR");
    }
}

#[test]
fn export_geojson_is_one_feature_per_line_with_null_geometry_when_none() {
    let tmp = tempfile::tempdir().unwrap();
    lianluo::io::export_dir(&sample(), tmp.path()).unwrap();
    let cells = read(tmp.path(), "cells.geojson");
    let lines: Vec<&str> = cells.lines().collect();
    assert_eq!(lines.len(), 4, "{cells}");
    assert_eq!(lines[0], r#"{"type":"FeatureCollection","features":["#);
    assert_eq!(
        lines[1],
        r#"{"type":"Feature","properties":{"code":"C1","name":"一网格, \"东\"","area_code":"V1","households":120,"population":350,"grid_worker":"李四"},"geometry":{"type":"Polygon","coordinates":[[[121.1,37.3],[121.2,37.3],[121.2,37.4],[121.1,37.3]]]}},"#
    );
    assert_eq!(
        lines[2],
        r#"{"type":"Feature","properties":{"code":"C2","name":"二网格","area_code":"V1","households":null,"population":null,"grid_worker":""},"geometry":null}"#
    );
    assert_eq!(lines[3], "]}");
    let parsed: serde_json::Value = serde_json::from_str(&cells).unwrap();
    assert_eq!(parsed["features"].as_array().unwrap().len(), 2);
    let boundary: serde_json::Value = serde_json::from_str(&read(tmp.path(), "boundary.geojson")).unwrap();
    assert_eq!(boundary["type"], "Feature");
    assert_eq!(boundary["properties"]["code"], "X");
    assert_eq!(boundary["geometry"]["type"], "Polygon");
}

#[test]
fn export_xlsx_writes_a_sheet_per_table() {
    use calamine::{open_workbook, Reader, Xlsx};
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("county.xlsx");
    lianluo::io::export_xlsx(&sample(), &file, false).unwrap();
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "areas",
            "cells",
            "deputies",
            "assignments",
            "contacts",
            "stations",
            "receptions",
            "suggestions",
            "units",
            "rota",
            "activities"
        ]
    );
    let cells = book.worksheet_range("cells").unwrap();
    let header: Vec<String> = cells.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        ["code", "name", "area_code", "households", "population", "grid_worker"]
    );
    assert_eq!(cells.height(), 3);
    let first: Vec<String> = cells.rows().nth(1).unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(first[0], "C1");
    assert_eq!(first[3], "120");
}
