//! `locate`: which cell holds a point, one at a time and in a streamed batch.

use lianluo::model::{format_compact, Text};
use lianluo::model::{Cell, Dataset, Station, StationKind};
use lianluo::spatial::{haversine_km, locate_batch, locate_batch_named, nearest_station, CellIndex, LocateError};

fn cell(code: &str, geometry: &str) -> Cell {
    Cell {
        code: code.into(),
        name: format_compact!("cell {code}"),
        area_code: "V1".into(),
        households: None,
        population: None,
        grid_worker: Text::default(),
        geometry: Some(geometry.into()),
    }
}

fn ring(x0: f64, y0: f64, x1: f64, y1: f64) -> String {
    format!("[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]")
}

fn square(x0: f64, y0: f64, size: f64) -> String {
    format!(
        r#"{{"type":"Polygon","coordinates":[{}]}}"#,
        ring(x0, y0, x0 + size, y0 + size)
    )
}

/// Cells around (121.0, 37.0):
/// - G2 and G1 side by side, sharing the edge lon = 121.01;
/// - G3: a MultiPolygon of a square with a hole plus a detached island;
/// - G4: the hole's filling;
/// - G5: no geometry at all.
fn county() -> Dataset {
    let holed = format!(
        r#"{{"type":"MultiPolygon","coordinates":[[{},{}],[{}]]}}"#,
        ring(121.10, 37.00, 121.13, 37.03),
        ring(121.11, 37.01, 121.12, 37.02),
        ring(121.20, 37.00, 121.21, 37.01),
    );
    let mut no_shape = cell("G5", "");
    no_shape.geometry = None;
    let mut ds = Dataset {
        cells: vec![
            cell("G2", &square(121.00, 37.00, 0.01)),
            cell("G1", &square(121.01, 37.00, 0.01)),
            cell("G3", &holed),
            cell("G4", &square(121.11, 37.01, 0.01)),
            no_shape,
        ],
        stations: vec![Station {
            code: "S1".into(),
            name: "station".into(),
            kind: StationKind::Town,
            area_code: "T1".into(),
            lon: Some(121.005),
            lat: Some(37.005),
            theme: Text::default(),
            reception_day: 15,
        }],
        ..Dataset::default()
    };
    ds.sort();
    ds
}

fn located(index: &CellIndex, ds: &Dataset, lon: f64, lat: f64) -> Option<String> {
    index.locate(lon, lat).map(|i| ds.cells[i].code.to_string())
}

#[test]
fn points_inside_a_cell_are_located_and_points_outside_are_not() {
    let ds = county();
    let index = CellIndex::new(&ds);
    assert_eq!(located(&index, &ds, 121.005, 37.005).as_deref(), Some("G2"));
    assert_eq!(located(&index, &ds, 121.015, 37.005).as_deref(), Some("G1"));
    assert_eq!(located(&index, &ds, 121.05, 37.005), None);
    assert_eq!(located(&index, &ds, 0.0, 0.0), None);
    assert_eq!(located(&index, &ds, f64::INFINITY, 37.0), None);
}

#[test]
fn a_point_on_a_shared_edge_belongs_to_the_lowest_code() {
    let ds = county();
    let index = CellIndex::new(&ds);
    assert_eq!(located(&index, &ds, 121.01, 37.005).as_deref(), Some("G1"));
    // A shared corner of G1 and G2 too.
    assert_eq!(located(&index, &ds, 121.01, 37.01).as_deref(), Some("G1"));
    // The outer edge of a single cell still belongs to it.
    assert_eq!(located(&index, &ds, 121.00, 37.005).as_deref(), Some("G2"));
}

#[test]
fn a_hole_in_a_multipolygon_is_not_part_of_the_cell() {
    let ds = county();
    let index = CellIndex::new(&ds);
    assert_eq!(located(&index, &ds, 121.105, 37.005).as_deref(), Some("G3"));
    assert_eq!(
        located(&index, &ds, 121.205, 37.005).as_deref(),
        Some("G3"),
        "the island"
    );
    assert_eq!(
        located(&index, &ds, 121.115, 37.015).as_deref(),
        Some("G4"),
        "the hole is G4's"
    );
    let without_filling = Dataset {
        cells: ds.cells.iter().filter(|c| c.code != "G4").cloned().collect(),
        ..ds
    };
    let index = CellIndex::new(&without_filling);
    assert_eq!(located(&index, &without_filling, 121.115, 37.015), None);
}

#[test]
fn the_nearest_station_is_measured_by_haversine() {
    let ds = county();
    let (i, km) = nearest_station(&ds, 121.015, 37.005).unwrap();
    assert_eq!(ds.stations[i].code, "S1");
    assert!((km - haversine_km(121.015, 37.005, 121.005, 37.005)).abs() < 1e-12);
    assert!((km - 0.888).abs() < 0.01, "{km}");
}

#[test]
fn batch_keeps_every_column_and_appends_the_cell() {
    let ds = county();
    let index = CellIndex::new(&ds);
    let input = "name,lat,lon,note\r\n\
                 Wang,37.005,121.005,\"in G2, west\"\r\n\
                 Li,37.005,121.01,edge\r\n\
                 Zhao,37.015,121.115,hole\r\n\
                 Sun,10,10,far\r\n\
                 Zhou,north,121.005,not a number\r\n";
    let mut out = Vec::new();
    let rows = locate_batch(input.as_bytes(), &mut out, &index, &ds).unwrap();
    assert_eq!(rows, 5);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "name,lat,lon,note,cell\n\
         Wang,37.005,121.005,\"in G2, west\",G2\n\
         Li,37.005,121.01,edge,G1\n\
         Zhao,37.015,121.115,hole,G4\n\
         Sun,10,10,far,\n\
         Zhou,north,121.005,not a number,\n"
    );
}

#[test]
fn batch_without_a_lon_column_names_the_file_and_the_column() {
    let ds = county();
    let index = CellIndex::new(&ds);
    let err = locate_batch_named("points.csv", "x,lat\n1,2\n".as_bytes(), Vec::new(), &index, &ds).unwrap_err();
    assert!(
        matches!(&err, LocateError::MissingColumn { file, column: "lon" } if file == "points.csv"),
        "{err:?}"
    );
}

#[test]
fn batch_streams_many_rows() {
    let ds = county();
    let index = CellIndex::new(&ds);
    let mut input = String::from("lon,lat\n");
    for k in 0..10_000 {
        let lon = 121.0 + (k % 100) as f64 * 0.0003;
        input.push_str(&format!("{lon},37.005\n"));
    }
    let mut out = Vec::new();
    assert_eq!(locate_batch(input.as_bytes(), &mut out, &index, &ds).unwrap(), 10_000);
    let text = String::from_utf8(out).unwrap();
    let g2 = text.lines().filter(|l| l.ends_with(",G2")).count();
    let g1 = text.lines().filter(|l| l.ends_with(",G1")).count();
    // Of every 100 rows, k = 0..=33 fall in G2 (lon < 121.01), k = 34..=66 in G1 (up to 121.02).
    assert_eq!((g2, g1), (3_400, 3_300));
}
