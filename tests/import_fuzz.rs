//! No input, however malformed, may crash import: arbitrary bytes and
//! arbitrary text through `read_import` give Ok or Err, never a panic.

use lianluo::i18n::Lang;
use lianluo::io::read_import;
use lianluo::model::Dataset;
use proptest::prelude::*;
use std::path::PathBuf;

fn run(name: &str, bytes: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let paths: Vec<PathBuf> = vec![path];
    for lang in [Lang::En, Lang::Zh] {
        match read_import(&paths, None, false, &Dataset::default(), lang) {
            Ok(set) => assert!(set.files.len() == 1),
            Err(errors) => assert!(errors.iter().all(|e| !e.text.is_empty())),
        }
    }
}

/// Text that looks like CSV: a known header, then rows of random fields (quotes, commas, newlines, CJK).
fn csvish() -> impl Strategy<Value = String> {
    let field = prop::string::string_regex("[\"a-zA-Z0-9 ,\\n\\r\u{4e00}-\u{4e20}年月日/.-]{0,12}").unwrap();
    let row = prop::collection::vec(field, 0..9).prop_map(|f| f.join(","));
    prop::collection::vec(row, 0..12)
        .prop_map(|rows| format!("code,name,role,phone,cell_code,deputy_code,active\n{}", rows.join("\n")))
}

/// Text that looks like GeoJSON with random pieces.
fn geojsonish() -> impl Strategy<Value = String> {
    let num = prop_oneof![
        any::<f64>().prop_map(|f| format!("{f}")),
        (-200i32..200).prop_map(|i| i.to_string()),
        Just("1e999".to_string()),
        Just("null".to_string()),
    ];
    let point = (num.clone(), num).prop_map(|(x, y)| format!("[{x},{y}]"));
    let ring = prop::collection::vec(point, 0..6).prop_map(|p| format!("[{}]", p.join(",")));
    let kind = prop_oneof![Just("Polygon"), Just("MultiPolygon"), Just("Point"), Just("")];
    let code = prop::string::string_regex("[A-Z0-9 \u{4e00}-\u{4e05}]{0,5}").unwrap();
    let feature = (kind, ring, code).prop_map(|(k, r, c)| {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{c}","name":"n","area_code":"X","households":-1}},"geometry":{{"type":"{k}","coordinates":[{r}]}}}}"#
        )
    });
    prop::collection::vec(feature, 0..5)
        .prop_map(|f| format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, f.join(",")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_bytes_never_crash_the_csv_reader(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        run("contacts.csv", &bytes);
    }

    #[test]
    fn arbitrary_text_never_crashes_the_csv_reader(text in "\\PC{0,300}") {
        run("suggestions.csv", text.as_bytes());
    }

    #[test]
    fn csv_like_text_never_crashes_the_reader(text in csvish()) {
        run("contacts.csv", text.as_bytes());
        run("联络员.csv", &encoding_rs::GB18030.encode(&text).0);
    }

    #[test]
    fn arbitrary_bytes_never_crash_the_geojson_reader(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        run("cells.geojson", &bytes);
        run("boundary.geojson", &bytes);
    }

    #[test]
    fn geojson_like_text_never_crashes_the_reader(text in geojsonish()) {
        run("cells.geojson", text.as_bytes());
        run("boundary.json", text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_crash_the_xlsx_reader(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let mut with_zip_magic = b"PK\x03\x04".to_vec();
        with_zip_magic.extend_from_slice(&bytes);
        run("areas.xlsx", &with_zip_magic);
        run("areas.xlsx", &bytes);
    }
}

#[test]
fn deeply_nested_json_is_refused_not_a_stack_overflow() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    run("cells.geojson", text.as_bytes());
}
