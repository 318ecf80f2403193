//! The TUI follows every change — the operator's own or another's — by one
//! path: the rows shown are read again from the database and the
//! snapshot (audit, summaries, directory) is made again. Whatever was
//! changed, what the screens show after it must be what a fresh start on
//! the same database shows.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::model::{Category, MoveInput, Reception, Status, Suggestion, SuggestionSource};
use lianluo::tui::App;
use std::path::Path;
use tui_support::*;

/// Every view's screen (80×24), each after pressing its number key.
fn every_screen(app: &mut App) -> Vec<String> {
    (1..=9)
        .map(|n| {
            press(app, &n.to_string());
            screen(app, 80, 24)
        })
        .collect()
}

/// What a fresh start on `db` shows on every view.
fn fresh_screens(db: &Path) -> Vec<String> {
    every_screen(&mut app_on(open(db, false), Lang::Zh))
}

fn assert_same_screens(followed: Vec<String>, fresh: Vec<String>) {
    for (n, (a, b)) in followed.iter().zip(&fresh).enumerate() {
        assert_eq!(a, b, "view {}: the followed screen differs from a fresh start", n + 1);
    }
}

/// The codes of the active deputies, in code order.
fn active_deputies(ds: &lianluo::model::Dataset) -> Vec<String> {
    ds.deputies
        .iter()
        .filter(|d| d.active)
        .map(|d| d.code.to_string())
        .collect()
}

/// Another operator changes rows of every kind the TUI shows.
fn changes_of_every_kind(db: &Path) -> String {
    let mut bob = open(db, false);
    let bob_id = actor("bob");
    let ds = bob.load().expect("load");
    let deputies = active_deputies(&ds);
    let contact = ds.contacts[41].code.to_string();
    // Reassign, move, hand over.
    bob.reassign_contacts(&bob_id, std::slice::from_ref(&contact), &deputies[3], None)
        .expect("reassign");
    bob.move_contact(&bob_id, &contact, &ds.cells[7].code, None)
        .expect("move");
    bob.handover(&bob_id, &deputies[5], &deputies[6], None)
        .expect("handover");
    // Assign a deputy to a cell and take one off.
    bob.set_assignment(&bob_id, &deputies[8], &ds.cells[2].code, true)
        .expect("assign");
    let a = &ds.assignments[0];
    bob.set_assignment(&bob_id, &a.deputy_code, &a.cell_code, false)
        .expect("unassign");
    // A suggestion received and moved along.
    let s = Suggestion::received(
        &ds.cells[3].code,
        "村口路灯不亮",
        SuggestionSource::Reception,
        &deputies[1],
        Category::General,
        as_of(),
    );
    let added = bob.add_suggestion(&bob_id, s).expect("add");
    let input = MoveInput {
        unit: Some("U003".into()),
        due: as_of().checked_add_days(chrono::Days::new(15)),
        on: Some(as_of()),
        ..Default::default()
    };
    bob.move_suggestion(&bob_id, &added.code, Status::Assigned, &input, None)
        .expect("move")
        .expect("a legal move");
    // A reception day recorded this year.
    bob.add_reception(
        &bob_id,
        &Reception {
            date: as_of(),
            station_code: ds.stations[0].code.clone(),
            deputy_code: deputies[2].as_str().into(),
            constituents: 4,
        },
        None,
    )
    .expect("reception");
    contact
}

#[test]
fn after_another_operators_changes_every_screen_is_what_a_fresh_start_shows() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    let before = every_screen(&mut app);

    changes_of_every_kind(&db);
    app.follow_others();
    let after = every_screen(&mut app);
    assert_ne!(before, after, "the changes show");
    assert_same_screens(after, fresh_screens(&db));

    // Undoing the last change is followed too.
    open(&db, false)
        .undo_last(&actor("bob"))
        .expect("undo")
        .expect("something to undo");
    app.follow_others();
    assert_same_screens(every_screen(&mut app), fresh_screens(&db));
}

#[test]
fn an_open_detail_is_read_again_after_a_change() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    let contact = open(&db, true).load().expect("load").contacts[41].code.to_string();
    let show = |app: &mut App| {
        press(app, &format!("5 / text:{contact} Enter Enter"));
        screen(app, 80, 24)
    };
    let before = show(&mut app);
    let moved = changes_of_every_kind(&db);
    assert_eq!(moved, contact);
    // The detail stays open while the change is followed.
    app.follow_others();
    let followed = screen(&mut app, 80, 24);
    assert_ne!(before, followed, "the detail shows the move");
    assert_eq!(followed, show(&mut app_on(open(&db, false), Lang::Zh)));
}

#[test]
fn an_import_or_a_setting_is_followed_as_any_change() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    let before = every_screen(&mut app);
    // A setting changes what every rule finds.
    let mut store = open(&db, false);
    assert!(store
        .set_setting(&actor("bob"), "max_contacts_per_deputy", "3")
        .expect("setting"));
    app.follow_others();
    let after = every_screen(&mut app);
    assert_ne!(before, after, "the setting moved the findings");
    assert_same_screens(after, fresh_screens(&db));

    // An import names files, not rows.
    let files = tempfile::tempdir().expect("dir");
    let demo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo/contacts.csv");
    let text = std::fs::read_to_string(demo).expect("contacts.csv");
    let first = app.snap.dir.contacts[0].name.to_string();
    std::fs::write(files.path().join("contacts.csv"), text.replacen(&first, "王改名", 1)).expect("write");
    let existing = store.load().expect("load");
    let set =
        lianluo::io::read_import(&[files.path().join("contacts.csv")], None, false, &existing, Lang::En).expect("read");
    store.apply_import(&actor("bob"), set).expect("import");
    app.follow_others();
    assert_eq!(app.snap.dir.contacts[0].name, "王改名");
    assert_same_screens(every_screen(&mut app), fresh_screens(&db));
}

#[test]
fn with_nothing_written_since_there_is_nothing_to_follow() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    let generation = app.generation();
    app.follow_others();
    assert_eq!(app.generation(), generation, "no change, no new generation");
    // A change is one generation.
    open(&db, false)
        .set_setting(&actor("bob"), "max_contacts_per_deputy", "3")
        .expect("setting");
    app.follow_others();
    assert_eq!(app.generation(), generation + 1);
}

#[test]
fn a_cell_changed_by_another_operator_has_its_shapes_read_again() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    let ds = open(&db, true).load().expect("load");
    // A change naming a cell: the shapes are parsed again with the rows
    // (the map and the spatial rules see what the database has).
    let first = &ds.cells[0];
    let changed = open(&db, false)
        .edit_record(
            &actor("bob"),
            lianluo::store::Kind::Cells,
            &first.code,
            &[("name".to_string(), "改名网格".to_string())],
            None,
            Lang::En,
        )
        .expect("edit");
    assert!(changed.is_some(), "the cell changed");
    app.follow_others();
    assert_eq!(app.snap.dir.cells[0].name, "改名网格");
    assert_same_screens(every_screen(&mut app), fresh_screens(&db));
    let fresh = app_on(open(&db, false), Lang::Zh);
    assert_eq!(app.snap.centroids, fresh.snap.centroids);
    assert_eq!(app.snap.findings, fresh.snap.findings);
}

#[test]
fn a_filtered_roster_follows_a_change_as_a_fresh_start_filtered_alike() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    // The roster filtered by the deputy a contact is reassigned to: the
    // contact comes into the filter, with its marks.
    let deputies = active_deputies(&ds);
    let filtered = |app: &mut App| {
        press(app, &format!("5 / text:{} Enter", deputies[3]));
        screen(app, 80, 24)
    };
    let mut app = app_on(open(&db, false), Lang::Zh);
    let before = filtered(&mut app);
    changes_of_every_kind(&db);
    app.follow_others();
    // (The cursor stays on its row; the fresh start's is on the first.)
    press(&mut app, "Home");
    let after = screen(&mut app, 80, 24);
    assert_ne!(before, after, "the reassigned contact shows in the filter");
    assert_eq!(after, filtered(&mut app_on(open(&db, false), Lang::Zh)));
}

#[test]
fn a_snapshot_letting_go_of_its_people_keeps_the_places_and_the_audit() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut snap = lianluo::tui::data::Snapshot::load(&open(&db, true), as_of(), Lang::Zh).expect("load");
    let (cells, findings) = (snap.dir.cells.clone(), snap.findings.clone());
    let (cell, contact) = (
        cells[0].code.to_string(),
        open(&db, true).load().expect("load").contacts[0].code.to_string(),
    );
    assert_eq!(snap.search.find(&snap.dir, &contact, 5).total, 1);
    assert!(snap.has_people());
    snap.let_go_of_people(Lang::Zh);
    assert!(!snap.has_people());
    assert!(snap.dir.contacts.is_empty() && snap.dir.deputies.is_empty() && snap.dir.assignments.is_empty());
    assert_eq!(snap.dir.cells, cells, "the map's cells stay");
    assert_eq!(snap.findings, findings, "the marks stay");
    // The lookup index pointed at the rows let go: it waits for the next
    // snapshot (nothing is found that could name a row no longer there).
    assert_eq!(snap.search.find(&snap.dir, &contact, 5).total, 0);
    assert_eq!(snap.search.find(&snap.dir, &cell, 5).total, 0);
}
