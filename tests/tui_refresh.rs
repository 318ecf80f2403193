//! The TUI follows every change — the operator's own or another's — by one
//! path: the rows shown are read again from the database and the
//! snapshot (audit, summaries, directory) is made again. Whatever was
//! changed, what the screens show after it must be what a fresh start on
//! the same database shows.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::model::{Category, Contact, Deputy, MoveInput, Reception, Status, Suggestion, SuggestionSource};
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
    let first = store.load().expect("load").contacts[0].name.to_string();
    std::fs::write(files.path().join("contacts.csv"), text.replacen(&first, "王改名", 1)).expect("write");
    let existing = store.load().expect("load");
    let set =
        lianluo::io::read_import(&[files.path().join("contacts.csv")], None, false, &existing, Lang::En).expect("read");
    store.apply_import(&actor("bob"), set).expect("import");
    app.follow_others();
    press(&mut app, "5 Home");
    assert!(
        screen(&mut app, 80, 24).contains("王改名"),
        "the roster shows the name imported"
    );
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
fn the_places_are_kept_after_changes_to_people_and_read_again_after_a_change_to_a_place() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    let (places, shapes) = (
        std::sync::Arc::clone(&app.snap.dir),
        std::sync::Arc::clone(&app.snap.cells_index),
    );
    // Contacts, deputies, assignments, suggestions and a reception changed:
    // the directory of places stays the one read (not a copy of it).
    changes_of_every_kind(&db);
    app.follow_others();
    assert!(std::sync::Arc::ptr_eq(&places, &app.snap.dir), "the places are kept");
    assert_same_screens(every_screen(&mut app), fresh_screens(&db));
    // A station renamed: the places are read again (its name shows), the
    // cells' shapes kept.
    let station = places.stations[0].code.to_string();
    drop(places);
    let changed = open(&db, false)
        .edit_record(
            &actor("bob"),
            lianluo::store::Kind::Stations,
            &station,
            &[("name".to_string(), "改名联络站".to_string())],
            None,
            Lang::En,
        )
        .expect("edit");
    assert!(changed.is_some(), "the station changed");
    app.follow_others();
    assert_eq!(app.snap.station(&station).map(|s| s.name.as_str()), Some("改名联络站"));
    assert!(
        std::sync::Arc::ptr_eq(&shapes, &app.snap.cells_index),
        "the shapes are kept"
    );
    assert_same_screens(every_screen(&mut app), fresh_screens(&db));
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
fn a_snapshot_holds_the_places_and_the_audit_and_no_people() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let snap = lianluo::tui::data::Snapshot::load(&open(&db, true), as_of(), Lang::Zh).expect("load");
    let ds = open(&db, true).load().expect("load");
    assert!(!ds.contacts.is_empty() && !ds.deputies.is_empty());
    // The people are read where shown: the snapshot keeps none of them.
    assert!(snap.dir.contacts.is_empty() && snap.dir.deputies.is_empty() && snap.dir.assignments.is_empty());
    assert_eq!(snap.dir.cells.len(), ds.cells.len(), "the map's cells stay");
    assert_eq!(snap.dir.stations, ds.stations);
    // Its lookup index finds the places, and no person (a lookup offers
    // those from the database).
    let (cell, contact) = (ds.cells[0].code.as_str(), ds.contacts[0].code.as_str());
    assert_eq!(snap.search.find(&snap.dir, cell, 5).hits[0].code, cell);
    assert_eq!(snap.search.find(&snap.dir, contact, 5).total, 0);
    // Every deputy is counted, by code, as the directory held them.
    let codes: Vec<&str> = snap.deputy_codes().iter().collect();
    assert_eq!(codes, ds.deputies.iter().map(|d| d.code.as_str()).collect::<Vec<_>>());
    let d = &ds.deputies[3];
    let summary = snap.deputy_summary(d.clone()).expect("summary");
    assert_eq!(
        summary,
        lianluo::coverage::deputy_summaries(&ds, as_of()).swap_remove(3)
    );
}

/// The roster filtered by `query` (typed after `/`), at 80×24.
fn roster_filtered(app: &mut App, query: &str) -> String {
    press(app, &format!("5 / text:{query} Enter"));
    screen(app, 80, 24)
}

#[test]
fn the_roster_made_ahead_filters_as_a_fresh_start_does() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let mut app = app_on(open(&db, false), Lang::Zh);
    app.make_rows_ahead();
    press(&mut app, "5");
    assert!(!app.roster_ready(), "nothing filtered yet: the rows are being made");
    // Each frame prepared looks for them (as the terminal's loop does).
    let start = std::time::Instant::now();
    while !app.roster_ready() && start.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.tick();
        screen(&mut app, 80, 24);
    }
    assert!(app.roster_ready(), "the roster's rows were made on another thread");
    // What they find is what the rows a filter makes for itself find: by a
    // deputy's code, a name's pinyin initials, a phone's last digits.
    let c = &ds.contacts[17];
    let tail: String = c.phone.chars().filter(char::is_ascii_digit).collect();
    let tail = tail[tail.len().saturating_sub(4)..].to_string();
    let initials: String = lianluo::search::pinyin_sort_key(&c.name)
        .split_whitespace()
        .filter_map(|p| p.chars().next())
        .collect();
    assert_filters_as_a_fresh_start(&mut app, &db, &[c.deputy_code.to_string(), initials, tail]);
}

/// Each query filters the roster as it does on a fresh start (the filter
/// cleared after each).
fn assert_filters_as_a_fresh_start(app: &mut App, db: &Path, queries: &[String]) {
    for query in queries {
        let shown = roster_filtered(app, query);
        press(app, "/ C-u Enter");
        let fresh = roster_filtered(&mut app_on(open(db, false), Lang::Zh), query);
        assert_eq!(shown, fresh, "filtered by {query:?}");
    }
}

#[test]
fn rows_kept_for_a_filter_take_in_a_contact_another_operator_adds_and_let_go_of_one_removed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let mut app = app_on(open(&db, false), Lang::Zh);
    // A filter makes the roster's rows; cleared, they stay with the view.
    roster_filtered(&mut app, "张");
    press(&mut app, "/ C-u Enter");
    assert!(app.roster_ready());
    // Another operator adds a contact and removes one no suggestion names.
    let bob = actor("bob");
    let mut other = open(&db, false);
    let given: Vec<(String, String)> = [
        ("code", "C99999"),
        ("name", "钱多多"),
        ("role", "网格员"),
        ("cell_code", ds.cells[3].code.as_str()),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    other
        .add_record(&bob, lianluo::store::Kind::Contacts, &given, Lang::Zh)
        .expect("add");
    let gone = ds
        .contacts
        .iter()
        .find(|c| !ds.suggestions.iter().any(|s| s.raised_by == c.code))
        .expect("a contact who raised nothing")
        .clone();
    other
        .remove_record(&bob, lianluo::store::Kind::Contacts, &gone.code, None)
        .expect("remove");
    app.follow_others();
    let queries = ["C99999".to_string(), "qdd".to_string(), gone.code.to_string()];
    assert_filters_as_a_fresh_start(&mut app, &db, &queries);
    assert!(
        roster_filtered(&mut app, "C99999").contains("钱多多"),
        "the added contact is found"
    );
}

#[test]
fn the_snapshots_reads_are_the_years_read_without_its_free_text() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, true);
    let year = store.load_year(as_of()).expect("year");
    let places = store.load_screens(true).expect("places");
    // The places whole, names and shapes and all; of the deputies what the
    // audit and their summaries read (their names are read where shown);
    // no assignments or contacts (counted as read, below), no activity.
    assert_eq!(places.areas, year.areas);
    assert_eq!(places.cells, year.cells);
    assert_eq!(places.boundary, year.boundary);
    let summarised: Vec<Deputy> = year
        .deputies
        .iter()
        .map(|d| Deputy {
            phone: Default::default(),
            sector: Default::default(),
            ..d.clone()
        })
        .collect();
    assert_eq!(places.deputies, summarised);
    assert!(places.assignments.is_empty());
    let mut assignments = Vec::new();
    store
        .each_assignment(|a| assignments.push(a.clone()))
        .expect("assignments");
    assert!(!assignments.is_empty());
    assert_eq!(assignments, year.assignments);
    let unnamed: Vec<Contact> = year
        .contacts
        .iter()
        .map(|c| Contact {
            name: Default::default(),
            ..c.clone()
        })
        .collect();
    assert!(places.contacts.is_empty());
    // The contacts, read one at a time as the audit counts them: every
    // one, in code order, without its name.
    let mut contacts: Vec<Contact> = Vec::new();
    store
        .each_audit_contact(|c| contacts.push(c.clone()))
        .expect("contacts");
    assert!(!contacts.is_empty());
    assert_eq!(contacts, unnamed);
    assert_eq!(places.stations, year.stations);
    assert_eq!(places.units, year.units);
    assert!(places.suggestions.is_empty() && places.receptions.is_empty());
    assert!(places.rota.is_empty() && places.activities.is_empty());
    // The year's receptions, read one at a time as the audit counts them.
    let mut receptions = Vec::new();
    store
        .each_reception(as_of(), |r| receptions.push(r.clone()))
        .expect("receptions");
    assert!(!receptions.is_empty());
    assert_eq!(receptions, year.receptions);
    // The rota slots and activities, read one at a time as the audit
    // counts them: the year's.
    let (mut rota, mut activities) = (Vec::new(), Vec::new());
    store.each_rota_slot(as_of(), |s| rota.push(s.clone())).expect("rota");
    store
        .each_activity(as_of(), |a| activities.push(a.clone()))
        .expect("activities");
    assert!(!rota.is_empty() && !activities.is_empty());
    assert_eq!(rota, year.rota);
    // (By date and deputy; a deputy's kinds of a day as stored, not in the
    // kinds' order: the audit counts them, whatever the order.)
    activities.sort_by(|a, b| a.key().cmp(&b.key()));
    assert_eq!(activities, year.activities);
    // The suggestions, read one at a time as the audit counts them: every
    // one, in code order, without its title.
    let mut streamed: Vec<Suggestion> = Vec::new();
    store
        .each_audit_suggestion(|s| streamed.push(s.clone()))
        .expect("suggestions");
    let untitled: Vec<Suggestion> = year
        .suggestions
        .iter()
        .map(|s| Suggestion {
            title: Default::default(),
            ..s.clone()
        })
        .collect();
    assert!(!untitled.is_empty());
    assert_eq!(streamed, untitled);
}

#[test]
fn the_snapshots_audit_counting_suggestions_as_read_is_the_clis_audit_of_the_whole_file() {
    use lianluo::coverage;
    use lianluo::tui::data::{Snapshot, UnitFigures};
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, true);
    let ds = store.load().expect("load");
    let findings = coverage::audit(&ds, as_of(), &[]);
    assert!(
        findings.iter().any(|f| f.rule == coverage::OVERDUE),
        "the demo has overdue suggestions"
    );
    let units: Vec<UnitFigures> =
        coverage::unit_scores(&ds.units, &ds.suggestions, lianluo::model::year_start(as_of()), as_of())
            .into_iter()
            .map(|s| UnitFigures {
                counts: s.counts,
                co_handled: s.co_handled,
            })
            .collect();
    // Each station's receptions of the year to the as-of date, counted here.
    let year_start = lianluo::model::year_start(as_of());
    let station_receptions: Vec<usize> = ds
        .stations
        .iter()
        .map(|s| {
            ds.receptions
                .iter()
                .filter(|r| r.station_code == s.code && year_start <= r.date && r.date <= as_of())
                .count()
        })
        .collect();
    assert!(station_receptions.iter().filter(|&&n| n > 0).count() > 1);
    // Each active deputy's points as `lianluo points` counts them (its own
    // count of their receptions and contacts: its read has no places).
    let points: std::collections::HashMap<String, i64> = lianluo::rota::points(&ds, &ds.rota, &ds.activities, as_of())
        .into_iter()
        .map(|p| (p.code.to_string(), p.points))
        .collect();
    assert!(points.values().filter(|&&p| p > 0).count() > 100);
    let same_as_the_cli = |snap: &Snapshot, how: &str| {
        let deputies: Vec<_> = ds
            .deputies
            .iter()
            .filter_map(|d| snap.deputy_summary(d.clone()))
            .collect();
        for d in deputies.iter().filter(|d| d.active) {
            assert_eq!(
                points.get(d.code.as_str()),
                Some(&d.points),
                "{how}: points of {}",
                d.code
            );
        }
        assert_eq!(snap.findings, findings, "{how}: findings");
        assert_eq!(snap.station_receptions, station_receptions, "{how}: stations");
        assert_eq!(
            snap.summaries().collect::<Vec<_>>(),
            coverage::cell_summaries(&ds, as_of(), &findings),
            "{how}: cells"
        );
        assert_eq!(deputies, coverage::deputy_summaries(&ds, as_of()), "{how}: deputies");
        assert_eq!(
            snap.overview,
            coverage::overview(&ds, as_of(), &findings),
            "{how}: overview"
        );
        assert_eq!(snap.units, units, "{how}: units");
    };
    // Counted as a second connection reads them.
    same_as_the_cli(&Snapshot::load(&store, as_of(), Lang::Zh).expect("load"), "beside");
    // A second connection cannot open the file (gone; this connection
    // keeps reading it): this one counts them.
    std::fs::remove_file(&db).expect("remove");
    same_as_the_cli(&Snapshot::load(&store, as_of(), Lang::Zh).expect("load"), "on its own");
}

#[test]
fn rows_that_cannot_be_made_ahead_are_not_tried_again_and_a_filter_makes_them() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    app.make_rows_ahead();
    // The file goes (the app's own connection keeps reading it): a second
    // connection, the one the rows are made on, cannot open it.
    std::fs::remove_file(&db).expect("remove");
    press(&mut app, "5");
    let start = std::time::Instant::now();
    let mut idle_frames = 0;
    while idle_frames < 20 && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.tick();
        screen(&mut app, 80, 24);
        idle_frames = if app.working() { 0 } else { idle_frames + 1 };
    }
    assert_eq!(idle_frames, 20, "the failed job is not started again frame after frame");
    assert!(!app.roster_ready());
    let filtered = roster_filtered(&mut app, "C0000");
    assert!(app.roster_ready(), "the filter made the rows itself:\n{filtered}");
    assert!(filtered.contains("C00001"), "{filtered}");
}
