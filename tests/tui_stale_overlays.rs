//! SPEC §7: a change confirmed in a picker, form or confirmation is
//! checked against the row as it was when that overlay opened — even when
//! the screen behind it followed another operator's change meanwhile
//! (`App::refresh`, what the terminal's once-a-second check does). One test
//! per kind of change: the other operator's change stands, nothing of
//! ours is written, and the operator is told who changed the row.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::model::{MoveInput, Reception, Status};
use lianluo::store::Store;
use lianluo::tui::app::Overlay;
use lianluo::tui::App;
use tui_support::*;

fn contact_field(db: &std::path::Path, contact: &str, cell: bool) -> String {
    let c = contact_of(db, contact);
    if cell {
        c.cell_code.to_string()
    } else {
        c.deputy_code.to_string()
    }
}

/// Active deputies other than `not`, in code order.
fn deputies_but(store: &Store, not: &[&str]) -> Vec<String> {
    let ds = store.load().expect("load");
    ds.deputies
        .iter()
        .filter(|d| d.active && !not.contains(&d.code.as_str()))
        .map(|d| d.code.to_string())
        .collect()
}

fn assert_refused_naming_bob(app: &App) {
    let msg = app.message.clone().expect("a message");
    assert!(msg.error, "{msg:?}");
    assert!(msg.text.contains("bob"), "names who changed it: {}", msg.text);
}

#[test]
fn reassign_confirmed_in_the_picker_after_a_refresh_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let before = contact_field(&db, "C00042", false);
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 / text:C00042 Enter r");
    let mut bob = open(&db, false);
    let others = deputies_but(&bob, &[&before]);
    bob.reassign_contacts(&actor("bob"), &["C00042".to_string()], &others[0], None)
        .expect("bob reassigns");
    app.follow_others();
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Picker { .. })),
        "the picker stays open"
    );
    press(&mut app, &format!("text:{} Enter", others[1]));
    let Some(Overlay::Confirm { text, .. }) = app.overlays.last() else {
        panic!("no confirmation")
    };
    // The question names the contact and the deputy it has now.
    assert!(text.contains("C00042") && text.contains(&others[0]), "{text}");
    press(&mut app, "y");
    assert_refused_naming_bob(&app);
    assert_eq!(contact_field(&db, "C00042", false), others[0], "bob's change stands");
}

#[test]
fn reassign_with_the_confirmation_open_during_a_refresh_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let before = contact_field(&db, "C00010", false);
    let mut bob = open(&db, false);
    let others = deputies_but(&bob, &[&before]);
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, &format!("5 / text:C00010 Enter r text:{} Enter", others[1]));
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm { .. })));
    bob.reassign_contacts(&actor("bob"), &["C00010".to_string()], &others[0], None)
        .expect("bob reassigns");
    app.follow_others();
    press(&mut app, "y");
    assert_refused_naming_bob(&app);
    assert_eq!(contact_field(&db, "C00010", false), others[0]);
}

#[test]
fn a_move_to_another_cell_after_a_refresh_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 / text:C00042 Enter m");
    let mut bob = open(&db, false);
    bob.move_contact(&actor("bob"), "C00042", "G00100", None)
        .expect("bob moves");
    app.follow_others();
    press(&mut app, "text:G00200 Enter y");
    assert_refused_naming_bob(&app);
    assert_eq!(contact_field(&db, "C00042", true), "G00100");
}

#[test]
fn a_handover_does_not_take_a_contact_linked_to_the_deputy_after_the_picker_opened() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let from = contact_field(&db, "C00001", false);
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, &format!("4 / text:{from} Enter r"));
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Picker { .. })),
        "{:?}",
        app.message
    );
    // bob links another contact to the deputy handed over.
    let mut bob = open(&db, false);
    let stray = if contact_field(&db, "C00900", false) == from {
        "C00901"
    } else {
        "C00900"
    };
    let stray_before = contact_field(&db, stray, false);
    bob.reassign_contacts(&actor("bob"), &[stray.to_string()], &from, None)
        .expect("bob links");
    app.follow_others();
    let to = deputies_but(&bob, &[&from])[0].clone();
    press(&mut app, &format!("text:{to} Enter y"));
    assert_refused_naming_bob(&app);
    assert_eq!(contact_field(&db, stray, false), from, "bob's link stands");
    assert_eq!(contact_field(&db, "C00001", false), from, "nothing handed over");
    assert_ne!(stray_before, from);
}

/// A suggestion in status `status` (the first by code).
fn suggestion_in(store: &Store, status: Status) -> String {
    store
        .load()
        .expect("load")
        .suggestions
        .iter()
        .find(|s| s.status == status)
        .expect("a suggestion")
        .code
        .to_string()
}

/// bob replies to the suggestion from another terminal.
fn bob_replies(bob: &mut Store, code: &str) {
    let input = MoveInput {
        on: Some(as_of()),
        result: Some(lianluo::model::ReplyResult::A),
        ..Default::default()
    };
    bob.move_suggestion(&actor("bob"), code, Status::Replied, &input, None)
        .expect("store")
        .expect("bob replies");
}

#[test]
fn a_status_move_after_another_operator_moved_the_suggestion_is_a_conflict_not_an_illegal_move() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut bob = open(&db, false);
    let code = suggestion_in(&bob, Status::Handling);
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, &format!("6 / text:{code} Enter s"));
    assert!(matches!(app.overlays.last(), Some(Overlay::Picker { .. })));
    bob_replies(&mut bob, &code);
    app.follow_others();
    press(&mut app, "text:replied Enter");
    assert_refused_naming_bob(&app);
    let msg = app.message.clone().expect("message").text;
    assert!(!msg.contains("allowed"), "not an illegal-move message: {msg}");
    assert!(
        app.overlays.is_empty(),
        "no form opened on a row that changed: {:?}",
        app.overlays.last()
    );
}

#[test]
fn a_status_move_form_saved_after_another_operator_moved_the_suggestion_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut bob = open(&db, false);
    let code = suggestion_in(&bob, Status::Handling);
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, &format!("6 / text:{code} Enter s text:replied Enter"));
    assert!(matches!(app.overlays.last(), Some(Overlay::Form { .. })));
    bob_replies(&mut bob, &code);
    app.follow_others();
    press(&mut app, "Enter");
    assert_refused_naming_bob(&app);
    let entries = app
        .store()
        .audit_log(&lianluo::store::AuditFilter::default())
        .expect("log");
    let moves = entries
        .iter()
        .filter(|e| e.action == "suggestions.move" && e.code == code)
        .count();
    assert_eq!(moves, 1, "only bob's move was written");
}

#[test]
fn recording_the_same_reception_again_asks_and_refuses_when_someone_recorded_it_meanwhile() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    let station = open(&db, true).load().expect("load").stations[0].code.to_string();
    let deputy = deputies_but(&open(&db, true), &[])[0].clone();
    let record = |app: &mut App, n: &str| {
        press(
            app,
            &format!("7 / text:{station} Enter Escape a text:{deputy} Tab Tab Backspace text:{n} Enter"),
        );
    };
    record(&mut app, "7");
    let count = |db: &std::path::Path| {
        open(db, true)
            .reception_constituents(&Reception {
                date: as_of(),
                station_code: station.as_str().into(),
                deputy_code: deputy.as_str().into(),
                constituents: 0,
            })
            .expect("read")
    };
    assert_eq!(count(&db), Some(7), "{:?}", app.message);
    record(&mut app, "9");
    let Some(Overlay::Confirm { text, .. }) = app.overlays.last() else {
        panic!("no question before replacing: {:?}", app.message)
    };
    assert!(
        text.contains("already recorded with 7") && text.contains("replace with 9"),
        "{text}"
    );
    // Meanwhile bob records 5 for the same reception.
    let mut bob = open(&db, false);
    let r = Reception {
        date: as_of(),
        station_code: station.as_str().into(),
        deputy_code: deputy.as_str().into(),
        constituents: 5,
    };
    bob.add_reception(&actor("bob"), &r, None).expect("bob records");
    app.follow_others();
    press(&mut app, "y");
    assert_refused_naming_bob(&app);
    assert_eq!(count(&db), Some(5), "bob's count stands");
    // Asked again on the count as it is now, a yes replaces it.
    record(&mut app, "9");
    press(&mut app, "y");
    assert_eq!(count(&db), Some(9), "{:?}", app.message);
}
