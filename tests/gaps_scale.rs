//! The audit and batch locate on a synthetic province (~70,000 cells,
//! 200,000 contacts and suggestions): behaviour is asserted, the time is
//! only printed. Ignored by default (slow in debug builds):
//! `cargo test --release --test gaps_scale -- --ignored --nocapture`.

use chrono::NaiveDate;
use lianluo::coverage::audit;
use lianluo::model::*;
use lianluo::model::{format_compact, Text};
use lianluo::spatial::{locate_batch, CellIndex};
use std::time::Instant;

/// A deterministic hash → [0, 1).
fn noise(a: u64, b: u64, c: u64) -> f64 {
    let mut x = a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ c.wrapping_mul(0x1656_67B1_9E37_79F9);
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

const STEP: f64 = 0.01;

/// A grid vertex, jittered; the border of the grid stays straight.
fn vertex(i: u64, j: u64, n: u64, m: u64) -> (f64, f64) {
    let jx = if i == 0 || i == n {
        0.0
    } else {
        (noise(i, j, 1) - 0.5) * STEP * 0.4
    };
    let jy = if j == 0 || j == m {
        0.0
    } else {
        (noise(i, j, 2) - 0.5) * STEP * 0.4
    };
    (120.0 + i as f64 * STEP + jx, 36.0 + j as f64 * STEP + jy)
}

/// The middle of an edge, bent a little the same way for both cells.
fn bend(a: (f64, f64), b: (f64, f64), key: (u64, u64, u64), straight: bool) -> (f64, f64) {
    let k = if straight {
        0.0
    } else {
        (noise(key.0, key.1, key.2) - 0.5) * STEP * 0.2
    };
    ((a.0 + b.0) / 2.0 + k, (a.1 + b.1) / 2.0 - k)
}

fn province(n: u64, m: u64) -> Dataset {
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let mut ds = Dataset::default();
    for i in 0..n {
        for j in 0..m {
            let (a, b, c, d) = (
                vertex(i, j, n, m),
                vertex(i + 1, j, n, m),
                vertex(i + 1, j + 1, n, m),
                vertex(i, j + 1, n, m),
            );
            let ab = bend(a, b, (i, j, 10), j == 0);
            let bc = bend(b, c, (i + 1, j, 11), i + 1 == n);
            let cd = bend(d, c, (i, j + 1, 10), j + 1 == m);
            let da = bend(a, d, (i, j, 11), i == 0);
            let pts = [a, ab, b, bc, c, cd, d, da, a];
            let coords: Vec<String> = pts.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
            let k = i * m + j;
            ds.cells.push(Cell {
                code: format_compact!("G{k:06}"),
                name: format_compact!("cell {k}"),
                area_code: "V1".into(),
                households: None,
                population: None,
                grid_worker: Text::default(),
                geometry: (k % 1000 != 7)
                    .then(|| format!(r#"{{"type":"Polygon","coordinates":[[{}]]}}"#, coords.join(","))),
            });
        }
    }
    let cells = ds.cells.len() as u64;
    let deputies = cells * 2;
    for k in 0..deputies {
        ds.deputies.push(Deputy {
            code: format_compact!("D{k:06}"),
            name: format_compact!("deputy {k}"),
            level: DeputyLevel::Township,
            district: Text::default(),
            phone: "13812345678".into(),
            sector: Text::default(),
            station_code: Text::default(),
            active: k % 50 != 3,
        });
        if k % 100 != 1 {
            ds.assignments.push(Assignment {
                deputy_code: format_compact!("D{k:06}"),
                cell_code: format_compact!("G{:06}", k / 2),
            });
        }
        if k % 3 == 0 {
            ds.receptions.push(Reception {
                date: day("2026-03-15"),
                station_code: "S0".into(),
                deputy_code: format_compact!("D{k:06}"),
                constituents: 4,
            });
        }
    }
    for k in 0..cells * 3 {
        let cell = k % cells;
        ds.contacts.push(Contact {
            code: format_compact!("C{k:07}"),
            name: format_compact!("contact {k}"),
            role: ContactRole::GridWorker,
            phone: if k % 97 == 0 {
                "123".into()
            } else {
                "13912345678".into()
            },
            cell_code: format_compact!("G{cell:06}"),
            deputy_code: format_compact!("D{:06}", (cell * 2 + k % 3) % deputies),
            active: k % 40 != 0,
        });
        let status = Status::ALL[(k % 6) as usize];
        let later = status != Status::Received;
        ds.suggestions.push(Suggestion {
            code: format_compact!("S{k:07}"),
            cell_code: format_compact!("G{cell:06}"),
            title: "road".into(),
            source: SuggestionSource::Reception,
            raised_by: format_compact!("D{:06}", k % deputies),
            category: Category::General,
            received_on: day("2026-01-10") + chrono::Days::new(k % 100),
            handling_unit: if later { "bureau".into() } else { Text::default() },
            assigned_on: later.then(|| day("2026-01-10")),
            due_on: later.then(|| day("2026-02-01") + chrono::Days::new(k % 150)),
            status,
            replied_on: matches!(status, Status::Replied | Status::Closed).then(|| day("2026-03-01")),
            satisfaction: match status {
                Status::Closed => Some(Satisfaction::Satisfied),
                Status::Replied if k % 2 == 0 => Some(Satisfaction::Unsatisfied),
                _ => None,
            },
            closed_on: (status == Status::Closed).then(|| day("2026-03-02")),
            co_units: Vec::new(),
            extended_from: None,
            result: None,
            supervisor: Default::default(),
        });
    }
    let stations = (cells / 14).max(1);
    for k in 0..stations {
        ds.stations.push(Station {
            code: format_compact!("S{k}"),
            name: format_compact!("station {k}"),
            kind: StationKind::Point,
            area_code: "T1".into(),
            lon: Some(120.0 + noise(k, 0, 3) * n as f64 * STEP),
            lat: Some(36.0 + noise(k, 0, 4) * m as f64 * STEP),
            theme: Text::default(),
            reception_day: 15,
        });
    }
    let (x1, y1) = (120.0 + n as f64 * STEP * 1.02, 36.0 + m as f64 * STEP);
    ds.boundary = Some(Boundary {
        code: "370000".into(),
        name: "province".into(),
        geometry: format!(
            r#"{{"type":"Polygon","coordinates":[[[120,36],[{x1},36],[{x1},{y1}],[120,{y1}],[120,36]]]}}"#
        ),
    });
    ds.sort();
    ds
}

fn run(n: u64, m: u64) {
    let ds = province(n, m);
    let as_of = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let start = Instant::now();
    let findings = audit(&ds, as_of, &[]);
    let took = start.elapsed();
    let count = |rule: &str| findings.iter().filter(|f| f.rule == rule).count();
    println!(
        "{} cells: audit {:?}, {} findings",
        ds.cells.len(),
        took,
        findings.len()
    );
    for rule in lianluo::coverage::RULES {
        let start = Instant::now();
        let alone = audit(&ds, as_of, &[rule]).len();
        println!("  {rule}: {} ({:?} alone)", count(rule), start.elapsed());
        assert_eq!(alone, count(rule));
    }
    // Cells tile the grid exactly: no overlaps; the boundary is 2 % wider.
    assert_eq!(count("cells-overlap"), 0);
    assert_eq!(count("territory-uncovered"), 1);
    assert_eq!(
        count("cell-no-geometry"),
        ds.cells.iter().filter(|c| c.geometry.is_none()).count()
    );

    let index = CellIndex::new(&ds);
    let mut input = String::from("id,lon,lat\n");
    for k in 0..1_000_000u64 {
        let lon = 120.0 + noise(k, 7, 7) * n as f64 * STEP * 1.02;
        let lat = 36.0 + noise(k, 8, 8) * m as f64 * STEP;
        input.push_str(&format!("{k},{lon:.6},{lat:.6}\n"));
    }
    let start = Instant::now();
    let mut hits = 0;
    for k in 0..1_000_000u64 {
        let lon = 120.0 + noise(k, 7, 7) * n as f64 * STEP * 1.02;
        let lat = 36.0 + noise(k, 8, 8) * m as f64 * STEP;
        hits += usize::from(index.locate(lon, lat).is_some());
    }
    println!(
        "locate of 1,000,000 points without CSV: {:?} ({hits} in a cell)",
        start.elapsed()
    );
    let start = Instant::now();
    let mut out = Vec::with_capacity(input.len() + 8_000_000);
    let rows = locate_batch(input.as_bytes(), &mut out, &index, &ds).unwrap();
    println!("locate_batch of {rows} points: {:?}", start.elapsed());
    assert_eq!(rows, 1_000_000);
    let empty = out.split(|b| *b == b'\n').filter(|l| l.ends_with(b",")).count();
    assert!(
        empty > 5_000,
        "points beyond the grid or in shapeless cells get no cell: {empty}"
    );
}

#[test]
#[ignore]
fn county_scale_audit_and_locate() {
    run(25, 20);
}

#[test]
#[ignore]
fn province_scale_audit_and_locate() {
    run(280, 250);
}

/// The demo generator's data (what `lianluo demo --scale` writes).
fn run_demo(scale: lianluo::demo::Scale) {
    let ds = lianluo::demo::dataset(scale, lianluo::demo::DEFAULT_SEED).unwrap();
    let as_of = lianluo::demo::as_of();
    let start = Instant::now();
    let findings = audit(&ds, as_of, &[]);
    println!(
        "demo {scale:?}: {} cells, audit {:?}, {} findings",
        ds.cells.len(),
        start.elapsed(),
        findings.len()
    );
    for rule in lianluo::coverage::RULES {
        let start = Instant::now();
        let alone = audit(&ds, as_of, &[rule]).len();
        println!("  {rule}: {alone} ({:?} alone)", start.elapsed());
        assert_eq!(alone, findings.iter().filter(|f| f.rule == rule).count());
    }
    assert!(findings.iter().any(|f| f.rule == "cells-overlap"));
}

#[test]
#[ignore]
fn demo_county_audit() {
    run_demo(lianluo::demo::Scale::County);
}

#[test]
#[ignore]
fn demo_province_audit() {
    run_demo(lianluo::demo::Scale::Province);
}

#[test]
#[ignore]
fn demo_province_facts_agree_with_plain_counts() {
    let ds = lianluo::demo::dataset(lianluo::demo::Scale::Province, lianluo::demo::DEFAULT_SEED).unwrap();
    println!(
        "cells {} deputies {} assignments {} contacts {} receptions {} suggestions {}",
        ds.cells.len(),
        ds.deputies.len(),
        ds.assignments.len(),
        ds.contacts.len(),
        ds.receptions.len(),
        ds.suggestions.len()
    );
    let start = Instant::now();
    let f = lianluo::coverage::Facts::new(&ds, lianluo::demo::as_of());
    println!("facts {:?}", start.elapsed());
    let start = Instant::now();
    let baseline: std::collections::HashMap<&str, usize> = ds
        .contacts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();
    println!(
        "baseline: a std HashMap of {} contact codes {:?}",
        baseline.len(),
        start.elapsed()
    );
    let active_contacts = ds.contacts.iter().filter(|c| c.active).count();
    assert_eq!(f.cell_contacts.iter().sum::<usize>(), active_contacts);
    let year = f.year_start;
    let in_year = ds
        .receptions
        .iter()
        .filter(|r| r.date >= year && r.date <= f.as_of)
        .count();
    assert_eq!(f.deputy_receptions.iter().sum::<usize>(), in_year);
}
