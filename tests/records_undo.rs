//! Undo (the TUI's `u`, `Store::undo_last`) reverts every kind of change
//! that section 9's record functions make — an edit of each kind, an
//! add, a removal, assignments — giving back the county as it was, and
//! leaves a stale one alone.

use assert_cmd::Command;
use lianluo::i18n::Lang;
use lianluo::model::Dataset;
use lianluo::store::{Actor, Kind, OpenOptions, Store, StoreError};
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small");

/// A cell nothing refers to, with a shape: removing it and undoing that
/// must give the shape back.
const LONE_CELL: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"G9","name":"孤格","area_code":"370612001009","households":5,"population":9,"grid_worker":""},"geometry":{"type":"Polygon","coordinates":[[[121.7,37.38],[121.71,37.38],[121.71,37.39],[121.7,37.39],[121.7,37.38]]]}}
]}"#;

fn county() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    let lianluo = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("lianluo").expect("binary");
        cmd.arg("--db").arg(&db).args(args).env("LIANLUO_OPERATOR", "importer");
        cmd.assert().success();
    };
    lianluo(&["init", "--empty"]);
    lianluo(&["import", FIXTURE]);
    let lone = dir.path().join("cells.geojson");
    std::fs::write(&lone, LONE_CELL).expect("write");
    lianluo(&["import", lone.to_str().expect("path")]);
    (dir, db)
}

fn open(db: &Path) -> Store {
    Store::open(db, OpenOptions::default()).expect("open")
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(f, v)| (f.to_string(), v.to_string())).collect()
}

/// An edit: the kind, the record's key, its fields.
type Edit = (Kind, &'static str, &'static [(&'static str, &'static str)]);

fn county_now(store: &Store) -> Dataset {
    store.load().expect("load")
}

#[test]
fn undo_reverts_an_edit_of_each_kind() {
    let (_dir, db) = county();
    let mut store = open(&db);
    let tui = Actor::new("alice", "");
    let edits: [Edit; 7] = [
        (Kind::Areas, "370612001", &[("name", "宁海")]),
        (Kind::Cells, "G1", &[("households", "200"), ("网格员", "钱七")]),
        (Kind::Deputies, "D1", &[("active", "否"), ("phone", "13800000009")]),
        (Kind::Contacts, "C1", &[("phone", "0535-4211234"), ("cell_code", "G2")]),
        (Kind::Stations, "ST01", &[("lon", "121.7"), ("theme", "民生")]),
        (Kind::Receptions, "2026-01-15/ST01/D1", &[("constituents", "9")]),
        (
            Kind::Suggestions,
            "S2",
            &[("title", "村道硬化二期"), ("raised_by", "D2")],
        ),
    ];
    for (kind, key, given) in edits {
        let before = county_now(&store);
        let changed = store
            .edit_record(&tui, kind, key, &fields(given), None, Lang::En)
            .expect("edit");
        assert!(changed.is_some(), "{kind:?} {key} changed");
        assert_ne!(county_now(&store), before);
        let (action, codes) = store.undo_last(&tui).expect("undo").expect("something to undo");
        assert_eq!(action, format!("{}.edit", kind.name()));
        assert_eq!(codes, [key.to_string()]);
        assert_eq!(county_now(&store), before, "{kind:?} {key} is back as it was");
    }
}

#[test]
fn undo_reverts_an_add_and_a_removal_shape_and_all() {
    let (_dir, db) = county();
    let mut store = open(&db);
    let tui = Actor::new("alice", "");
    let start = county_now(&store);
    store
        .add_record(
            &tui,
            Kind::Contacts,
            &fields(&[("code", "C9"), ("姓名", "钱八"), ("role", "网格员"), ("网格编码", "G3")]),
            Lang::Zh,
        )
        .expect("add");
    assert!(county_now(&store).contacts.iter().any(|c| c.code == "C9"));
    store.undo_last(&tui).expect("undo").expect("undone");
    assert_eq!(county_now(&store), start, "the added contact is gone");

    store.remove_record(&tui, Kind::Cells, "G9", None).expect("remove");
    assert!(!county_now(&store).cells.iter().any(|c| c.code == "G9"));
    store.undo_last(&tui).expect("undo").expect("undone");
    assert_eq!(county_now(&store), start, "the cell is back with its shape");
    let lone = store.load_cells().expect("cells");
    assert!(lone.cells.iter().any(|c| c.code == "G9" && c.geometry.is_some()));
}

#[test]
fn undo_reverts_assignments_given_in_one_call() {
    let (_dir, db) = county();
    let mut store = open(&db);
    let tui = Actor::new("alice", "");
    let start = county_now(&store);
    let changed = store
        .set_assignments(&tui, "D2", &["G1".into(), "G3".into()], true)
        .expect("assign");
    assert_eq!(changed, ["G1", "G3"]);
    let (action, mut codes) = store.undo_last(&tui).expect("undo").expect("undone");
    codes.sort();
    assert_eq!(action, "assignments.change");
    assert_eq!(codes, ["D2/G1", "D2/G3"]);
    assert_eq!(county_now(&store), start);
}

#[test]
fn an_edit_from_a_stale_form_is_a_conflict_and_undo_leaves_a_row_changed_since() {
    let (_dir, db) = county();
    let mut alice = open(&db);
    let mut bob = open(&db);
    let (a, b) = (Actor::new("alice", ""), Actor::new("bob", ""));
    let (_, seen) = alice.record(Kind::Contacts, "C1").expect("read").expect("C1");
    bob.edit_record(
        &b,
        Kind::Contacts,
        "C1",
        &fields(&[("phone", "13800000001")]),
        None,
        Lang::En,
    )
    .expect("bob's edit");
    match alice.edit_record(
        &a,
        Kind::Contacts,
        "C1",
        &fields(&[("phone", "13800000002")]),
        Some(seen),
        Lang::En,
    ) {
        Err(StoreError::Conflict { by, .. }) => assert!(by.contains("bob"), "{by}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Alice's own later edit, then bob's on top: alice's undo is refused.
    alice
        .edit_record(&a, Kind::Contacts, "C2", &fields(&[("name", "李梅梅")]), None, Lang::En)
        .expect("alice's edit");
    bob.edit_record(&b, Kind::Contacts, "C2", &fields(&[("name", "李玫")]), None, Lang::En)
        .expect("bob's edit");
    assert!(matches!(alice.undo_last(&a), Err(StoreError::Conflict { .. })));
    let c2 = county_now(&alice)
        .contacts
        .into_iter()
        .find(|c| c.code == "C2")
        .expect("C2");
    assert_eq!(c2.name, "李玫", "bob's change stays");
}

#[test]
fn undo_reverts_changes_to_units_rota_and_activities() {
    let (_dir, db) = county();
    let mut store = open(&db);
    let tui = Actor::new("alice", "");
    let start = county_now(&store);
    store
        .add_record(
            &tui,
            Kind::Activities,
            &fields(&[("date", "2026-03-01"), ("deputy_code", "D2"), ("kind", "survey")]),
            Lang::En,
        )
        .expect("add");
    store.undo_last(&tui).expect("undo").expect("undone");
    store
        .edit_record(
            &tui,
            Kind::Units,
            "U03",
            &fields(&[("contact", "李四")]),
            None,
            Lang::En,
        )
        .expect("edit");
    store.undo_last(&tui).expect("undo").expect("undone");
    store
        .add_record(
            &tui,
            Kind::Rota,
            &fields(&[("date", "2026-12-15"), ("station_code", "ST01"), ("deputy_code", "D2")]),
            Lang::En,
        )
        .expect("add");
    store.undo_last(&tui).expect("undo").expect("undone");
    assert_eq!(county_now(&store), start);
}
