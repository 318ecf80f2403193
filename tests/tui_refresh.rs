//! The TUI follows other operators' changes row by row (the audit log names
//! the rows; they are read again and the audit made again of them) rather
//! than reading the county again. Whatever was changed, the snapshot it
//! ends with must be the one a fresh read gives.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::model::{Category, MoveInput, Reception, Status, Suggestion, SuggestionSource};
use lianluo::tui::data::{Derived, Snapshot, Table};
use tui_support::*;

fn fresh(db: &std::path::Path) -> Snapshot {
    Snapshot::load(&open(db, true), as_of(), Lang::Zh).expect("load")
}

/// Patch `snap` from the store and make its audit again, as the App does.
fn follow(snap: &mut Snapshot, db: &std::path::Path) -> lianluo::tui::data::Patched {
    let patched = snap
        .patch(&open(db, true), 5_000)
        .expect("read")
        .expect("changes followed row by row");
    let derived = Derived::compute(&snap.ds, &snap.cells_index, snap.today);
    snap.set_derived(derived);
    patched
}

fn assert_same(followed: &Snapshot, read: &Snapshot) {
    assert_eq!(followed.audit_id, read.audit_id);
    assert!(*followed.ds == *read.ds, "the rows differ from a fresh read");
    let only = |a: &Snapshot, b: &Snapshot| -> Vec<String> {
        a.findings
            .iter()
            .filter(|f| !b.findings.contains(f))
            .map(|f| format!("{} {} {}", f.rule, f.code, f.detail))
            .collect()
    };
    assert_eq!(
        (only(followed, read), only(read, followed)),
        (Vec::new(), Vec::new()),
        "findings only in the followed / the fresh snapshot"
    );
    assert_eq!(followed.findings, read.findings);
    assert_eq!(followed.cells, read.cells);
    assert_eq!(followed.deputies, read.deputies);
    assert_eq!(followed.overview, read.overview);
    let contacts: Vec<String> = read.ds.contacts.iter().map(|c| c.code.to_string()).collect();
    assert_eq!(
        followed.seen_versions(Table::Contacts, &contacts),
        read.seen_versions(Table::Contacts, &contacts)
    );
    let suggestions: Vec<String> = read.ds.suggestions.iter().map(|s| s.code.to_string()).collect();
    assert_eq!(
        followed.seen_versions(Table::Suggestions, &suggestions),
        read.seen_versions(Table::Suggestions, &suggestions)
    );
}

#[test]
fn changes_of_every_kind_followed_row_by_row_give_what_a_fresh_read_gives() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut snap = fresh(&db);
    let before = snap.findings.clone();

    let mut bob = open(&db, false);
    let bob_id = actor("bob");
    let ds = bob.load().expect("load");
    let deputies: Vec<String> = ds
        .deputies
        .iter()
        .filter(|d| d.active)
        .map(|d| d.code.to_string())
        .collect();
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
    // A suggestion received and moved along; another one advanced.
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
    let station = &ds.stations[0].code;
    bob.add_reception(
        &bob_id,
        &Reception {
            date: as_of(),
            station_code: station.clone(),
            deputy_code: deputies[2].as_str().into(),
            constituents: 4,
        },
        None,
    )
    .expect("reception");

    let patched = follow(&mut snap, &db);
    assert!(patched.contacts.contains(&contact), "{patched:?}");
    assert!(patched.suggestions.contains(&added.code.to_string()), "{patched:?}");
    assert_ne!(snap.findings, before, "the changes moved the findings");
    assert_same(&snap, &fresh(&db));

    // Undoing the last change is followed too.
    bob.undo_last(&bob_id).expect("undo").expect("something to undo");
    follow(&mut snap, &db);
    assert_same(&snap, &fresh(&db));
}

#[test]
fn an_import_or_a_setting_is_not_followed_row_by_row() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut snap = fresh(&db);
    let audit_id = snap.audit_id;
    // A setting changes what every rule finds: read everything again.
    let mut store = open(&db, false);
    assert!(store
        .set_setting(&actor("bob"), "max_contacts_per_deputy", "3")
        .expect("setting"));
    assert_eq!(snap.patch(&open(&db, true), 5_000).expect("read"), None);
    assert_eq!(snap.audit_id, audit_id, "nothing was followed");

    // An import names files, not rows.
    let mut snap = fresh(&db);
    let files = tempfile::tempdir().expect("dir");
    let demo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo/contacts.csv");
    let text = std::fs::read_to_string(demo).expect("contacts.csv");
    let first = snap.ds.contacts[0].name.to_string();
    std::fs::write(files.path().join("contacts.csv"), text.replacen(&first, "王改名", 1)).expect("write");
    let existing = store.load().expect("load");
    let set =
        lianluo::io::read_import(&[files.path().join("contacts.csv")], None, false, &existing, Lang::En).expect("read");
    store.apply_import(&actor("bob"), set).expect("import");
    assert_eq!(snap.patch(&open(&db, true), 5_000).expect("read"), None);
    assert_eq!(fresh(&db).ds.contacts[0].name, "王改名");
}

#[test]
fn with_nothing_written_since_there_is_nothing_to_follow() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut snap = fresh(&db);
    let patched = snap.patch(&open(&db, true), 5_000).expect("read").expect("followed");
    assert_eq!(patched.entries, 0);
    assert!(patched.contacts.is_empty() && patched.suggestions.is_empty());
    assert_same(&snap, &fresh(&db));
}
