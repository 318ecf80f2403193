//! A small county built by hand in which every gap rule fires a known
//! number of times: the audit, the per-cell and per-deputy summaries and
//! the JSON fields the CLI prints.

use chrono::NaiveDate;
use lianluo::coverage::{self, audit, cell_summaries, deputy_summaries, Finding};
use lianluo::model::*;
use lianluo::model::{format_compact, Text};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn square(x0: f64, y0: f64, w: f64, h: f64) -> String {
    let (x1, y1) = (x0 + w, y0 + h);
    format!(r#"{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}"#)
}

fn area(code: &str, name: &str, level: AreaLevel, parent: &str) -> Area {
    Area {
        code: code.into(),
        name: name.into(),
        level,
        parent_code: parent.into(),
    }
}

fn cell(code: &str, area: &str, geometry: Option<String>) -> Cell {
    Cell {
        code: code.into(),
        name: format_compact!("cell {code}"),
        area_code: area.into(),
        households: Some(100),
        population: Some(300),
        grid_worker: Text::default(),
        geometry,
    }
}

fn deputy(code: &str, active: bool) -> Deputy {
    Deputy {
        code: code.into(),
        name: format_compact!("deputy {code}"),
        level: DeputyLevel::Township,
        district: Text::default(),
        phone: "13912345678".into(),
        sector: Text::default(),
        station_code: "S1".into(),
        active,
    }
}

fn contact(code: &str, cell: &str, deputy: &str, active: bool) -> Contact {
    Contact {
        code: code.into(),
        name: format_compact!("contact {code}"),
        role: ContactRole::Secretary,
        // Each its own landline (C01 → 0535-4211201): no one is entered twice.
        phone: format_compact!("0535-42112{}", &code[code.len().saturating_sub(2)..]),
        cell_code: cell.into(),
        deputy_code: deputy.into(),
        active,
    }
}

fn assign(deputy: &str, cell: &str) -> Assignment {
    Assignment {
        deputy_code: deputy.into(),
        cell_code: cell.into(),
    }
}

fn station(code: &str, lon: Option<f64>, lat: Option<f64>) -> Station {
    Station {
        code: code.into(),
        name: format_compact!("station {code}"),
        kind: StationKind::Town,
        area_code: "T1".into(),
        lon,
        lat,
        theme: Text::default(),
        reception_day: 15,
    }
}

fn reception(date: &str, deputy: &str) -> Reception {
    Reception {
        date: day(date),
        station_code: "S1".into(),
        deputy_code: deputy.into(),
        constituents: 3,
    }
}

fn suggestion(code: &str, cell: &str, status: Status, received: &str, due: Option<&str>) -> Suggestion {
    let later = status != Status::Received;
    Suggestion {
        code: code.into(),
        cell_code: cell.into(),
        title: "street lights".into(),
        source: SuggestionSource::Reception,
        raised_by: Text::default(),
        category: Category::General,
        received_on: day(received),
        handling_unit: if later {
            "Town government".into()
        } else {
            Text::default()
        },
        assigned_on: later.then(|| day(received)),
        due_on: due.map(day),
        status,
        replied_on: matches!(status, Status::Replied | Status::Closed).then(|| day(received)),
        satisfaction: (status == Status::Closed).then_some(Satisfaction::Satisfied),
        closed_on: (status == Status::Closed).then(|| day(received)),
        co_units: Vec::new(),
        extended_from: None,
        result: None,
        supervisor: Default::default(),
    }
}

const AS_OF: &str = "2026-05-01";

/// G01–G03 tile the west of the boundary, its east quarter is in no cell;
/// G05 and G06 lie far east, overlapping each other by half.
fn county() -> Dataset {
    let mut overdue = suggestion("SG1", "G01", Status::Assigned, "2026-02-01", Some("2026-04-01"));
    overdue.raised_by = "D01".into();
    let mut unsatisfied = suggestion("SG5", "G02", Status::Replied, "2026-03-01", Some("2026-04-01"));
    unsatisfied.satisfaction = Some(Satisfaction::Unsatisfied);
    let mut old = suggestion("SG6", "G01", Status::Closed, "2025-06-01", Some("2025-07-01"));
    old.raised_by = "D01".into();
    let mut c07 = contact("C07", "G01", "", true);
    c07.phone = Text::default();
    // C05 is C04 entered again, the phone written another way.
    let mut c05 = contact("C05", "G06", "D01", true);
    c05.phone = "0535 42112 04".into();
    let mut ds = Dataset {
        areas: vec![
            area("370612", "Muping", AreaLevel::County, ""),
            area("T1", "Ninghai", AreaLevel::Town, "370612"),
            area("V1", "East Village", AreaLevel::Village, "T1"),
            area("V2", "West Village", AreaLevel::Village, "T1"),
        ],
        cells: vec![
            cell("G01", "V1", Some(square(121.00, 37.0, 0.01, 0.01))),
            cell("G02", "V1", Some(square(121.01, 37.0, 0.01, 0.01))),
            cell("G03", "V2", Some(square(121.02, 37.0, 0.01, 0.01))),
            cell("G04", "V2", None),
            cell("G05", "T1", Some(square(121.20, 37.0, 0.01, 0.01))),
            cell("G06", "T1", Some(square(121.205, 37.0, 0.01, 0.01))),
        ],
        boundary: Some(Boundary {
            code: "370612".into(),
            name: "Muping".into(),
            geometry: square(121.0, 37.0, 0.04, 0.01),
        }),
        deputies: vec![
            deputy("D01", true),
            deputy("D02", true),
            deputy("D03", true),
            deputy("D04", false),
        ],
        assignments: vec![
            assign("D01", "G01"),
            assign("D01", "G05"),
            assign("D01", "G06"),
            assign("D02", "G03"),
            assign("D02", "G04"),
            assign("D04", "G02"),
        ],
        contacts: vec![
            contact("C01", "G01", "D01", true),
            contact("C02", "G02", "D01", true), // D01 not assigned to G02
            contact("C03", "G04", "D02", true),
            contact("C04", "G05", "D01", true),
            c05,
            contact("C06", "G01", "D04", true), // inactive deputy
            c07,                                // no deputy, no phone
            contact("C08", "G03", "D03", false),
        ],
        stations: vec![station("S1", Some(121.015), Some(37.005)), station("S2", None, None)],
        receptions: vec![
            reception("2026-03-15", "D01"),
            reception("2025-12-15", "D02"), // last year
            reception("2026-06-15", "D03"), // after the as-of date
        ],
        suggestions: vec![
            overdue,
            suggestion("SG2", "G01", Status::Handling, "2026-02-01", Some(AS_OF)), // due today
            suggestion("SG3", "G03", Status::Received, "2026-04-20", None),        // 11 days
            suggestion("SG4", "G03", Status::Received, "2026-04-24", None),        // exactly 7 days
            unsatisfied,
            old,
        ],
        settings: Settings::default(),
        ..Dataset::default()
    };
    ds.settings.max_contacts_per_deputy = 3;
    ds.sort();
    ds
}

fn found(findings: &[Finding], rule: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.code.clone())
        .collect()
}

#[test]
fn every_rule_fires_exactly_where_the_county_has_the_gap() {
    let findings = audit(&county(), day(AS_OF), &[]);
    let expected: [(&str, &[&str]); 16] = [
        ("cell-no-deputy", &["G02"]),
        ("cell-no-contact", &["G03"]),
        ("contact-no-deputy", &["C06", "C07"]),
        ("deputy-no-contact", &["D03"]),
        ("deputy-overloaded", &["D01"]),
        ("contact-deputy-mismatch", &["C02"]),
        ("deputy-no-reception", &["D02", "D03"]),
        ("suggestion-overdue", &["SG1"]),
        ("suggestion-unassigned", &["SG3"]),
        ("suggestion-unsatisfied", &["SG5"]),
        ("cell-far-from-station", &["G05", "G06"]),
        ("cell-no-geometry", &["G04"]),
        ("contact-bad-phone", &["C07"]),
        ("territory-uncovered", &["370612"]),
        ("cells-overlap", &["G05", "G06"]),
        ("contact-duplicate", &["C04", "C05"]),
    ];
    for (rule, codes) in expected {
        assert_eq!(found(&findings, rule), codes, "rule {rule}");
    }
    assert_eq!(findings.len(), 21);
}

#[test]
fn findings_are_sorted_by_rule_id_then_code() {
    let findings = audit(&county(), day(AS_OF), &[]);
    let keys: Vec<(&str, &str)> = findings.iter().map(|f| (f.rule, f.code.as_str())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys.first(), Some(&("cell-far-from-station", "G05")));
    assert_eq!(keys.last(), Some(&("territory-uncovered", "370612")));
}

#[test]
fn selected_rules_only_and_details_carry_the_numbers() {
    let ds = county();
    let findings = audit(
        &ds,
        day(AS_OF),
        &["deputy-overloaded", "territory-uncovered", "cells-overlap"],
    );
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        [
            "cells-overlap",
            "cells-overlap",
            "deputy-overloaded",
            "territory-uncovered"
        ]
    );
    assert_eq!(findings[0].detail, "overlaps G06 by 50.0 %");
    assert_eq!(findings[1].detail, "overlaps G05 by 50.0 %");
    assert_eq!(findings[2].detail, "4 active contacts (max 3)");
    assert!(
        findings[3].detail.contains("(25.0 %) uncovered"),
        "{}",
        findings[3].detail
    );
}

#[test]
fn json_fields_name_the_cell_or_null() {
    let findings = audit(&county(), day(AS_OF), &[]);
    let json = serde_json::to_value(&findings).unwrap();
    let rows = json.as_array().unwrap();
    let row = |rule: &str, code: &str| {
        rows.iter()
            .find(|r| r["rule"] == rule && r["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{rule} {code}"))
    };
    let d = row("deputy-no-reception", "D02");
    assert_eq!(d["kind"], "deputy");
    assert_eq!(d["severity"], "medium");
    assert!(d["cell"].is_null());
    let t = row("territory-uncovered", "370612");
    assert_eq!(t["kind"], "territory");
    assert!(t["cell"].is_null());
    let c = row("contact-no-deputy", "C06");
    assert_eq!(
        (c["kind"].as_str(), c["cell"].as_str(), c["severity"].as_str()),
        (Some("contact"), Some("G01"), Some("high"))
    );
    let s = row("suggestion-unsatisfied", "SG5");
    assert_eq!(
        (s["kind"].as_str(), s["cell"].as_str()),
        (Some("suggestion"), Some("G02"))
    );
    let g = row("cell-no-geometry", "G04");
    assert_eq!(
        (g["kind"].as_str(), g["cell"].as_str(), g["severity"].as_str()),
        (Some("cell"), Some("G04"), Some("low"))
    );
    let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 6);
}

#[test]
fn cell_summaries_count_active_people_pending_overdue_and_gaps() {
    let ds = county();
    let findings = audit(&ds, day(AS_OF), &[]);
    let rows = cell_summaries(&ds, day(AS_OF), &findings);
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["G01", "G02", "G03", "G04", "G05", "G06"]);
    let g01 = &rows[0];
    assert_eq!(
        (g01.town.as_deref(), g01.village.as_deref()),
        (Some("Ninghai"), Some("East Village"))
    );
    // D01 only; C01, C06, C07 active; SG1 and SG2 open, SG6 closed; SG1 overdue.
    assert_eq!((g01.deputies, g01.contacts, g01.pending, g01.overdue), (1, 3, 2, 1));
    assert_eq!(
        g01.gaps,
        ["contact-bad-phone", "contact-no-deputy", "suggestion-overdue"]
    );
    let g02 = &rows[1];
    assert_eq!(g02.deputies, 0, "D04 is inactive");
    assert_eq!(
        g02.gaps,
        ["cell-no-deputy", "contact-deputy-mismatch", "suggestion-unsatisfied"]
    );
    let g03 = &rows[2];
    assert_eq!((g03.contacts, g03.pending, g03.overdue), (0, 2, 0));
    assert_eq!(g03.gaps, ["cell-no-contact", "suggestion-unassigned"]);
    let g05 = &rows[4];
    assert_eq!((g05.town.as_deref(), g05.village.as_deref()), (Some("Ninghai"), None));
    assert_eq!(
        g05.gaps,
        ["cell-far-from-station", "cells-overlap", "contact-duplicate"]
    );
}

#[test]
fn deputy_summaries_count_this_years_activity_and_duty_points() {
    let ds = county();
    let rows = deputy_summaries(&ds, day(AS_OF));
    let d01 = rows.iter().find(|r| r.code == "D01").unwrap();
    assert_eq!((d01.cells, d01.contacts, d01.receptions, d01.suggestions), (3, 4, 1, 1));
    // 1 reception × 2 + 1 suggestion × 1 + min(4, 3) contacts × 1.
    assert_eq!(d01.points, 6);
    let d03 = rows.iter().find(|r| r.code == "D03").unwrap();
    assert_eq!(
        (d03.contacts, d03.receptions, d03.points),
        (0, 0, 0),
        "inactive contact and a future reception"
    );
    let mut weighted = ds.clone();
    weighted.settings.points_per_reception = 10;
    weighted.settings.points_per_contact = 0;
    let d01 = deputy_summaries(&weighted, day(AS_OF))
        .into_iter()
        .find(|r| r.code == "D01")
        .unwrap();
    assert_eq!(d01.points, 11, "1 × 10 + 1 × 1 + 3 × 0");
}

#[test]
fn overview_counts_gaps_per_rule_and_the_ledger() {
    let ds = county();
    let findings = audit(&ds, day(AS_OF), &[]);
    let o = coverage::overview(&ds, day(AS_OF), &findings);
    assert_eq!(
        (o.cells, o.deputies, o.active_deputies, o.contacts, o.active_contacts),
        (6, 4, 3, 8, 7)
    );
    assert_eq!((o.suggestions, o.pending, o.overdue), (6, 5, 1));
    let far = o
        .gaps_per_rule
        .iter()
        .find(|(r, _)| *r == "cell-far-from-station")
        .unwrap();
    assert_eq!(far.1, 2);
    assert_eq!(o.next_reception.as_ref().map(|n| n.date), Some(day("2026-05-15")));
}
