//! Keeping the records in the TUI (SPEC §6, §9): `e` edits a record in a
//! form of its fields, `n` adds one, `x` (de)activates, `H` shows the
//! history; saved through the store's own checks, against the version the
//! form opened on; refused in read-only mode. On the bundled demo county.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::store::{AuditFilter, Kind};
use lianluo::tui::app::{Overlay, PickPurpose};
use tui_support::*;

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// The screen with what differs from run to run written out: today's
/// times (the history's) as `[at]`, the account that runs the tests as
/// `account`; a framed line keeps its width.
fn steady(text: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let today = chrono::Local::now().format("%Y-%m-%d ").to_string();
    let account = actor("alice").account;
    text.lines()
        .map(|line| {
            let Some(inner) = line.strip_prefix('│').and_then(|l| l.strip_suffix('│')) else {
                return line.to_string();
            };
            let width = inner.width();
            let mut steady = inner.replace(&format!("alice ({account})"), "alice (account)");
            if let Some(i) = steady.find(&today) {
                let end = (i + today.len() + 5).min(steady.len());
                steady = format!("{}[at]{}", &steady[..i], &steady[end..]);
            }
            let pad = width.saturating_sub(steady.width());
            format!("│{steady}{}│", " ".repeat(pad))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn last_entry(db: &std::path::Path) -> lianluo::store::AuditEntry {
    open(db, true)
        .audit_log(&AuditFilter {
            limit: Some(1),
            ..Default::default()
        })
        .expect("log")
        .remove(0)
}

#[test]
fn the_edit_form_and_the_history_pane_at_80_by_24_in_both_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(open(&db, false), lang);
        press(&mut app, "5 e");
        insta::assert_snapshot!(format!("record_form_{}", lang_name(lang)), screen(&mut app, 80, 24));
    }
    // Two changes of C00002, then its history, newest first.
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 Down e Down Down Ctrl-u text:13800001111 Enter");
    press(&mut app, "e Down Right Enter");
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(open(&db, false), lang);
        press(&mut app, "5 Down H");
        let text = steady(&screen(&mut app, 80, 24));
        insta::assert_snapshot!(format!("record_history_{}", lang_name(lang)), text);
    }
}

#[test]
fn e_saves_only_the_changed_field_names_the_operator_and_u_undoes_it() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let before = contact_of(&db, "C00001");
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 e Down Down Ctrl-u text:0535-4211234 Enter");
    assert!(app.overlays.is_empty(), "the form closed");
    let after = contact_of(&db, "C00001");
    assert_eq!(after.phone, "0535-4211234");
    assert_eq!(
        (after.name, after.role, after.cell_code, after.deputy_code, after.active),
        (
            before.name.clone(),
            before.role,
            before.cell_code.clone(),
            before.deputy_code.clone(),
            before.active
        )
    );
    let entry = last_entry(&db);
    assert_eq!(
        (entry.action.as_str(), entry.code.as_str()),
        ("contacts.edit", "C00001")
    );
    assert_eq!(entry.operator, "alice");
    press(&mut app, "u");
    assert_eq!(contact_of(&db, "C00001"), before, "undone");
    let message = app.message.clone().map(|m| m.text).unwrap_or_default();
    assert_eq!(message, "Undone: edit a contact: C00001");
}

#[test]
fn a_bad_value_keeps_the_form_open_naming_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let before = contact_of(&db, "C00001");
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "5 e Down Down Ctrl-u text:=SUM(A1) Enter");
    let Some(Overlay::Form { form, .. }) = app.overlays.last() else {
        panic!("the form stays open");
    };
    let error = form.error.clone().unwrap_or_default();
    assert!(error.starts_with("电话: 以 ="), "{error}");
    assert_eq!(form.fields[form.focus].key, "phone", "the cursor is on the bad field");
    // The phone put right, the cell now unknown: that is named instead.
    press(&mut app, "Ctrl-u text:13800003333 Down Ctrl-u text:NOPE Enter");
    let Some(Overlay::Form { form, .. }) = app.overlays.last() else {
        panic!("the form stays open");
    };
    let error = form.error.clone().unwrap_or_default();
    assert!(error.starts_with("网格编码: 未知的网格 NOPE"), "{error}");
    assert_eq!(contact_of(&db, "C00001"), before);
}

#[test]
fn a_form_saved_after_another_operator_changed_the_record_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 e Down Down Ctrl-u text:13800002222");
    let mut bob = open(&db, false);
    bob.edit_record(
        &actor("bob"),
        Kind::Contacts,
        "C00001",
        &[("name".into(), "彭飞".into())],
        None,
        Lang::En,
    )
    .expect("bob's edit");
    press(&mut app, "Enter");
    let after = contact_of(&db, "C00001");
    assert_eq!(after.name, "彭飞", "bob's change stays");
    assert_ne!(after.phone, "13800002222", "the stale form wrote nothing");
    let message = app.message.clone().map(|m| m.text).unwrap_or_default();
    assert!(message.contains("bob"), "{message}");
}

#[test]
fn n_proposes_the_next_free_code_and_adds_the_record() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 n");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("C01421"), "{text}");
    press(&mut app, "text:王新 Tab Tab Tab text:G00001 Enter");
    let added = contact_of(&db, "C01421");
    assert_eq!((added.name.as_str(), added.cell_code.as_str()), ("王新", "G00001"));
    assert!(added.active);
    assert_eq!(last_entry(&db).action, "contacts.add");
}

#[test]
fn x_deactivates_after_a_confirmation_and_esc_now_clears_the_selection() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 x");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm { .. })));
    press(&mut app, "y");
    assert!(!contact_of(&db, "C00001").active);
    press(&mut app, "x y");
    assert!(contact_of(&db, "C00001").active, "x again reactivates");
    press(&mut app, "Space Space");
    assert_eq!(app.tables.contacts.selected.len(), 2);
    press(&mut app, "Esc");
    assert!(app.tables.contacts.selected.is_empty());
}

#[test]
fn deactivating_a_deputy_with_contacts_offers_the_handover_picker_first() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "4 x");
    assert!(
        matches!(
            app.overlays.last(),
            Some(Overlay::Picker {
                purpose: PickPurpose::HandoverTo(_),
                ..
            })
        ),
        "{:?}",
        app.overlays.last()
    );
}

#[test]
fn the_read_only_mode_refuses_every_record_key_with_its_message() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, true), Lang::En);
    for keys in ["5 e", "5 n", "5 x", "2 e", "4 x"] {
        press(&mut app, keys);
        assert!(app.overlays.is_empty(), "{keys}: nothing opens");
        let message = app.message.clone().map(|m| m.text).unwrap_or_default();
        assert!(message.starts_with("Read-only"), "{keys}: {message}");
    }
    // The history only reads.
    press(&mut app, "5 H");
    assert!(matches!(app.overlays.last(), Some(Overlay::History { .. })));
}

#[test]
fn the_duplicate_fix_deactivates_one_of_the_two() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "8 / text:contact-duplicate Enter f");
    let Some(Overlay::Confirm { text, .. }) = app.overlays.last() else {
        panic!("a confirmation");
    };
    assert!(text.contains("C00159") && text.contains("C00317"), "{text}");
    press(&mut app, "y");
    assert!(!contact_of(&db, "C00159").active);
    assert!(contact_of(&db, "C00317").active);
}
