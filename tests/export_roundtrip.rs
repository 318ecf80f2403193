//! Export → import into an empty database → export gives the same bytes,
//! and the same data (SPEC §2).

#[path = "fixtures/io/helpers.rs"]
mod helpers;

use helpers::*;
use lianluo::i18n::Lang;
use lianluo::model::Dataset;
use std::path::Path;

/// File name and bytes of every file in a directory, sorted by name.
type Files = Vec<(String, Vec<u8>)>;

fn files_in(dir: &Path) -> Files {
    let mut out: Files = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Export `ds`, import that into a fresh database, export again; returns both file sets and the reloaded data.
fn round_trip(ds: &Dataset) -> (Files, Files, Dataset) {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    let second = tmp.path().join("second");
    lianluo::io::export_dir(ds, &first).unwrap();
    let mut store = empty_store(tmp.path());
    let empty = store.load().unwrap();
    let set = lianluo::io::read_import(std::slice::from_ref(&first), None, false, &empty, Lang::En)
        .unwrap_or_else(|e| panic!("{:#?}", texts(e)));
    store.apply_import(&actor(), &set).unwrap();
    let loaded = store.load().unwrap();
    lianluo::io::export_dir(&loaded, &second).unwrap();
    (files_in(&first), files_in(&second), loaded)
}

#[test]
fn export_import_export_is_byte_identical() {
    let (first, second, _) = round_trip(&sample());
    assert_eq!(first.len(), 9);
    for ((n1, b1), (n2, b2)) in first.iter().zip(&second) {
        assert_eq!(n1, n2);
        assert_eq!(String::from_utf8_lossy(b1), String::from_utf8_lossy(b2), "{n1} differs");
    }
    assert_eq!(first, second);
}

#[test]
fn import_of_an_export_gives_back_identical_data() {
    let mut want = sample();
    want.sort();
    let (_, _, mut got) = round_trip(&want);
    got.sort();
    assert_eq!(got.areas, want.areas);
    assert_eq!(got.cells, want.cells);
    assert_eq!(got.boundary, want.boundary);
    assert_eq!(got.deputies, want.deputies);
    assert_eq!(got.assignments, want.assignments);
    assert_eq!(got.contacts, want.contacts);
    assert_eq!(got.stations, want.stations);
    assert_eq!(got.receptions, want.receptions);
    assert_eq!(got.suggestions, want.suggestions);
}

#[test]
fn awkward_floats_survive_the_round_trip_exactly() {
    let mut ds = sample();
    // 17 significant digits: a JSON parser that is off by one ULP would change these.
    let x = 0.1 + 0.2;
    let lon = 121.12345678901234_f64;
    ds.stations[0].lon = Some(lon);
    ds.stations[0].lat = Some(x);
    ds.cells[0].geometry = Some(format!(
        r#"{{"type":"Polygon","coordinates":[[[{lon},{x}],[121.2,{x}],[121.2,37.4],[{lon},{x}]]]}}"#
    ));
    let (first, second, loaded) = round_trip(&ds);
    assert_eq!(first, second);
    let s = loaded.stations.iter().find(|s| s.code == "S1").unwrap();
    assert_eq!(s.lon, Some(lon));
    assert_eq!(s.lat, Some(x));
    let cells = String::from_utf8(first.iter().find(|(n, _)| n == "cells.geojson").unwrap().1.clone()).unwrap();
    assert!(cells.contains("121.12345678901234,0.30000000000000004"), "{cells}");
}

#[test]
fn a_second_import_of_the_same_export_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    lianluo::io::export_dir(&sample(), &dir).unwrap();
    let mut store = empty_store(tmp.path());
    for round in 0..2 {
        let existing = store.load().unwrap();
        let set = lianluo::io::read_import(std::slice::from_ref(&dir), None, false, &existing, Lang::En)
            .unwrap_or_else(|e| panic!("{:#?}", texts(e)));
        let counts = store.apply_import(&actor(), &set).unwrap();
        assert_eq!(counts.changed(), round == 0, "round {round}: {counts:?}");
    }
}
