//! Behaviour of the TUI's state, without a terminal: keys in, store changes out.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::store::AuditFilter;
use lianluo::tui::app::Overlay;
use lianluo::tui::views::View;
use tui_support::*;

/// A deputy (active, not the contact's current one) to reassign to.
fn other_deputy(store: &lianluo::store::Store, contact: &str) -> String {
    let ds = store.load().expect("load");
    let current = ds
        .contacts
        .iter()
        .find(|c| c.code == contact)
        .expect("contact")
        .deputy_code
        .clone();
    ds.deputies
        .iter()
        .find(|d| d.active && d.code != current)
        .expect("a deputy")
        .code
        .to_string()
}

fn deputy_of(db: &std::path::Path, contact: &str) -> String {
    let ds = open(db, true).load().expect("load");
    ds.contacts
        .iter()
        .find(|c| c.code == contact)
        .expect("contact")
        .deputy_code
        .to_string()
}

#[test]
fn reassign_from_a_filtered_roster_changes_the_store_and_writes_an_audit_entry() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let target = other_deputy(&store, "C00042");
    let mut app = app_on(store, Lang::En);
    press(&mut app, "5 / text:C00042 Enter");
    assert_eq!(app.view, View::Contacts);
    assert_eq!(app.tables.contacts.visible_len(), 1);
    press(&mut app, "r");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Picker { .. })),
        "r opens the deputy picker"
    );
    // Typed characters go to the picker, not to the view keys (q would quit).
    press(&mut app, &format!("text:{target} Enter"));
    assert!(!app.wants.quit);
    let Some(Overlay::Confirm { text, .. }) = app.overlays.last() else {
        panic!("no confirmation")
    };
    let now = deputy_of(&db, "C00042");
    assert!(text.starts_with("Reassign "), "{text}");
    assert!(text.contains("(C00042, now ") && text.contains(&now), "{text}");
    assert!(text.contains(&format!("({target})")), "{text}");
    press(&mut app, "y");
    assert!(app.overlays.is_empty());
    assert_eq!(deputy_of(&db, "C00042"), target);
    let log = app.store().audit_log(&AuditFilter::default()).expect("log");
    let entry = log
        .iter()
        .find(|e| e.action == "contacts.reassign")
        .expect("audit entry");
    assert_eq!(entry.code, "C00042");
    assert_eq!(entry.operator, "alice");
    let msg = app.message.clone().expect("message");
    assert!(!msg.error && msg.text.contains("Reassigned 1"), "{msg:?}");
}

#[test]
fn reassign_is_refused_when_another_operator_changed_the_contact() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let target = other_deputy(&store, "C00042");
    let mut app = app_on(store, Lang::En);
    press(&mut app, "5 / text:C00042 Enter r");
    // Meanwhile bob changes the same contact from another terminal.
    let mut bob = open(&db, false);
    let bobs = bob
        .load()
        .expect("load")
        .deputies
        .iter()
        .find(|d| d.active && d.code != target && d.code != deputy_of(&db, "C00042"))
        .expect("deputy")
        .code
        .clone();
    bob.reassign_contacts(&actor("bob"), &["C00042".to_string()], &bobs, None)
        .expect("bob's change");
    press(&mut app, &format!("text:{target} Enter y"));
    let msg = app.message.clone().expect("message");
    assert!(msg.error, "{msg:?}");
    assert!(msg.text.contains("changed by bob"), "{}", msg.text);
    // Nothing was lost: bob's change stands, and the view shows it.
    assert_eq!(deputy_of(&db, "C00042"), bobs);
    let row = app.tables.contacts.current().expect("row");
    assert!(row.cells().any(|c| c.starts_with(bobs.as_str())), "{row:?}");
}

#[test]
fn read_only_refuses_reassign_with_the_reason() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, true), Lang::En);
    press(&mut app, "5 r");
    assert!(app.overlays.is_empty(), "no picker in read-only mode");
    let msg = app.message.clone().expect("message");
    assert!(msg.error);
    assert!(
        msg.text.contains("Read-only") && msg.text.contains("--read-only"),
        "{}",
        msg.text
    );
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("READ-ONLY"), "{text}");
}

#[test]
fn undo_puts_the_previous_deputy_back_and_is_refused_after_someone_else_changed_it() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let before = deputy_of(&db, "C00042");
    let target = other_deputy(&store, "C00042");
    let mut app = app_on(store, Lang::En);
    press(&mut app, &format!("5 / text:C00042 Enter r text:{target} Enter y"));
    assert_eq!(deputy_of(&db, "C00042"), target);
    press(&mut app, "u");
    assert_eq!(deputy_of(&db, "C00042"), before, "{:?}", app.message);

    // Again, but bob changes the contact before alice undoes.
    press(&mut app, &format!("r text:{target} Enter y"));
    let mut bob = open(&db, false);
    bob.reassign_contacts(&actor("bob"), &["C00042".to_string()], &before, None)
        .expect("bob");
    press(&mut app, "u");
    let msg = app.message.clone().expect("message");
    assert!(
        msg.error && msg.text.contains("Cannot undo") && msg.text.contains("bob"),
        "{}",
        msg.text
    );
}

#[test]
fn the_picker_lists_the_cells_deputies_first_with_their_load() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let ds = store.load().expect("load");
    let contact = ds
        .contacts
        .iter()
        .find(|c| c.code == "C00042")
        .expect("contact")
        .clone();
    let assigned: Vec<String> = ds
        .assignments
        .iter()
        .filter(|a| a.cell_code == contact.cell_code)
        .map(|a| a.deputy_code.to_string())
        .filter(|d| ds.deputies.iter().any(|x| x.code == *d && x.active))
        .collect();
    assert!(!assigned.is_empty());
    let mut app = app_on(store, Lang::En);
    press(&mut app, "5 / text:C00042 Enter r");
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("picker")
    };
    let first: Vec<&str> = picker
        .items
        .iter()
        .take(assigned.len())
        .map(|i| i.code.as_str())
        .collect();
    for d in &assigned {
        assert!(first.contains(&d.as_str()), "{d} not among the first {first:?}");
    }
    assert!(picker.items[0].preferred && picker.items[0].detail.starts_with("load "));
}

#[test]
fn a_selection_of_several_contacts_is_reassigned_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let target = other_deputy(&store, "C00001");
    let mut app = app_on(store, Lang::En);
    press(&mut app, "5 Space Space Space");
    assert_eq!(app.tables.contacts.selected.len(), 3);
    press(&mut app, &format!("r text:{target} Enter"));
    let Some(Overlay::Confirm { text, .. }) = app.overlays.last() else {
        panic!("confirm")
    };
    // The question names each contact with the deputy it has now (first-use #20).
    assert!(text.starts_with("Reassign "), "{text}");
    for c in ["C00001", "C00002", "C00003"] {
        let now = deputy_of(&db, c);
        assert!(text.contains(&format!("({c}, now ")) && text.contains(&now), "{text}");
    }
    press(&mut app, "Enter");
    for c in ["C00001", "C00002", "C00003"] {
        assert_eq!(deputy_of(&db, c), target);
    }
    assert!(app.tables.contacts.selected.is_empty());
}

#[test]
fn an_illegal_suggestion_move_is_refused_naming_the_allowed_ones() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let ds = store.load().expect("load");
    let s = ds
        .suggestions
        .iter()
        .find(|s| s.status == lianluo::model::Status::Received)
        .expect("a received suggestion")
        .code
        .clone();
    let mut app = app_on(store, Lang::En);
    press(&mut app, &format!("6 / text:{s} Enter s text:closed Enter"));
    let msg = app.message.clone().expect("message");
    assert!(msg.error && msg.text.contains("allowed: assigned"), "{}", msg.text);
    // The legal move asks for a unit; the due date is filled in (SPEC §10).
    press(&mut app, "s text:assigned Enter");
    let Some(Overlay::Form { .. }) = app.overlays.last() else {
        panic!("form")
    };
    press(&mut app, "text:区住房和城乡建设局 Enter");
    assert!(app.overlays.is_empty(), "{:?}", app.message);
    let after = open(&db, true).load().expect("load");
    let moved = after.suggestions.iter().find(|x| x.code == s).expect("s");
    assert_eq!(moved.status, lianluo::model::Status::Assigned);
    assert_eq!(moved.handling_unit, "U003", "the unit named is stored as its code");
    let assigned_on = moved.assigned_on.expect("assigned on");
    assert_eq!(moved.due_on, Some(lianluo::model::add_months(assigned_on, 3)));
}

#[test]
fn the_reception_day_form_adds_a_suggestion_in_the_cell() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    let n = open(&db, true).load().expect("load").suggestions.len();
    press(&mut app, "2 a");
    let Some(Overlay::Form { form, .. }) = app.overlays.last() else {
        panic!("form")
    };
    assert_eq!(form.fields[0].resolved.as_ref().map(|r| r.0.as_str()), Some("G00001"));
    press(&mut app, "text:村口路灯不亮 Enter");
    assert!(app.overlays.is_empty(), "{:?}", app.message);
    let after = open(&db, true).load().expect("load");
    assert_eq!(after.suggestions.len(), n + 1);
    let added = after
        .suggestions
        .iter()
        .find(|s| s.title == "村口路灯不亮")
        .expect("added");
    assert_eq!(added.cell_code, "G00001");
    assert_eq!(added.received_on, as_of());
}

#[test]
fn lookup_jumps_to_a_contact_and_q_in_the_lookup_is_text() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "Ctrl-f text:C00042");
    assert!(!app.wants.quit);
    press(&mut app, "Enter");
    assert_eq!(app.view, View::Contacts);
    assert_eq!(app.tables.contacts.current_code(), Some("C00042"));
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Detail(_))),
        "the contact opens"
    );
}

#[test]
fn lookup_by_pinyin_initials_finds_a_deputy() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    // 薛静 (D00036) is xj.
    press(&mut app, "Ctrl-f text:xuejing");
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("picker")
    };
    assert!(
        picker.items.iter().any(|i| i.code == "D00036"),
        "{:?}",
        picker.items.iter().map(|i| &i.code).collect::<Vec<_>>()
    );
}

#[test]
fn esc_clears_the_filter_and_q_quits() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 / text:C0004");
    assert!(app.tables.contacts.visible_len() < 20);
    press(&mut app, "Esc");
    assert!(app.tables.contacts.visible_len() > 1000);
    press(&mut app, "q");
    assert!(app.wants.quit);
}

#[test]
fn another_operators_change_refreshes_the_view_in_place() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let target = other_deputy(&store, "C00042");
    let mut app = app_on(store, Lang::En);
    press(&mut app, "5 / text:C00042 Enter");
    let mut bob = open(&db, false);
    bob.reassign_contacts(&actor("bob"), &["C00042".to_string()], &target, None)
        .expect("bob");
    std::thread::sleep(std::time::Duration::from_millis(950));
    app.tick();
    let row = app.tables.contacts.current().expect("row");
    assert_eq!(row.code, "C00042");
    assert!(row.cells().any(|c| c.starts_with(&target)), "{row:?}");
}

#[test]
fn a_deputys_contacts_are_handed_over_from_the_detail() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let ds = store.load().expect("load");
    let from = ds
        .contacts
        .iter()
        .find(|c| c.active)
        .expect("contact")
        .deputy_code
        .clone();
    let n = ds.contacts.iter().filter(|c| c.deputy_code == from).count();
    let to = ds
        .deputies
        .iter()
        .find(|d| d.active && d.code != from)
        .expect("deputy")
        .code
        .clone();
    let mut app = app_on(store, Lang::En);
    press(&mut app, &format!("4 / text:{from} Enter Enter r text:{to} Enter"));
    let Some(Overlay::Confirm { text, .. }) = app.overlays.last() else {
        panic!("confirm: {:?}", app.message)
    };
    assert!(text.starts_with(&format!("Hand all {n} contacts of")), "{text}");
    press(&mut app, "y");
    let after = open(&db, true).load().expect("load");
    assert_eq!(after.contacts.iter().filter(|c| c.deputy_code == from).count(), 0);
    assert!(after.contacts.iter().filter(|c| c.deputy_code == to).count() >= n);
}

#[test]
fn a_contact_with_no_deputy_is_fixed_from_the_gaps_view_with_r() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "8 / text:contact-no-deputy Enter");
    // The filter lands on the rule's first finding, not its header (first-use #16).
    assert!(!app.tables.gaps.current().expect("a finding").banner);
    let code = app
        .tables
        .gaps
        .current()
        .expect("a finding")
        .cell(0)
        .expect("a code")
        .to_string();
    let to = {
        let ds = open(&db, true).load().expect("load");
        ds.deputies.iter().find(|d| d.active).expect("deputy").code.clone()
    };
    press(&mut app, &format!("r text:{to} Enter y"));
    assert_eq!(deputy_of(&db, &code), to, "{:?}", app.message);
    // The finding is gone after the refresh.
    assert!(!app
        .snap
        .findings
        .iter()
        .any(|f| f.rule == "contact-no-deputy" && f.code == code));
}

#[test]
fn gaps_are_grouped_by_rule_most_severe_first_and_a_header_folds() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "8");
    let headers: Vec<String> = (0..app.tables.gaps.visible_len())
        .filter_map(|i| app.tables.gaps.visible_row(i))
        .filter(|r| r.banner)
        .map(|r| r.code.trim_start_matches("rule:").to_string())
        .collect();
    let severity = |r: &str| lianluo::coverage::severity(r).expect("a rule");
    let mut sorted = headers.clone();
    sorted.sort_by_key(|r| (severity(r), r.clone()));
    assert_eq!(headers, sorted);
    assert!(headers.len() >= 3, "{headers:?}");
    // Every finding sits under its own rule's header.
    let mut rule = String::new();
    for i in 0..app.tables.gaps.visible_len() {
        let row = app.tables.gaps.visible_row(i).expect("row");
        if row.banner {
            rule = row.code.trim_start_matches("rule:").to_string();
            // The header names the rule in Chinese, with its severity and count.
            let n = app.snap.findings.iter().filter(|f| f.rule == rule).count();
            assert!(
                row.cell(0).unwrap_or_default().contains(&format!("{n} 条")),
                "{}",
                row.cell(0).unwrap_or_default()
            );
        } else {
            assert!(
                row.tags().any(|t| t == format!("rule:{rule}")),
                "{:?} under {rule}",
                row.tags().collect::<Vec<_>>()
            );
        }
    }
    // Enter on the first header folds its group: the next row is the next header.
    let before = app.tables.gaps.visible_len();
    press(&mut app, "Enter");
    assert!(app.overlays.is_empty());
    let first = app.snap.findings.iter().filter(|f| f.rule == headers[0]).count();
    assert_eq!(app.tables.gaps.visible_len(), before - first);
    assert!(app.tables.gaps.visible_row(1).expect("row").banner);
    press(&mut app, "Enter");
    assert_eq!(app.tables.gaps.visible_len(), before);
}

#[test]
fn attendance_is_recorded_at_a_station() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let before = open(&db, true).load().expect("load").receptions.len();
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "7 a text:D00036 Tab Tab text:12 Enter");
    assert!(app.overlays.is_empty(), "{:?}", app.message);
    let after = open(&db, true).load().expect("load");
    assert_eq!(after.receptions.len(), before + 1);
    let r = after
        .receptions
        .iter()
        .find(|r| r.deputy_code == "D00036" && r.date == as_of())
        .expect("reception");
    assert_eq!(r.station_code, "ST01");
    assert_eq!(r.constituents, 12);
}

#[test]
fn map_arrows_move_to_a_neighbouring_cell_in_that_direction() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "3");
    let centroid = |app: &lianluo::tui::App| {
        let code = app.map.selected.clone().expect("selected");
        let i = app.snap.cell_index(&code).expect("the cell");
        app.snap.centroids[i].expect("centroid")
    };
    let start = centroid(&app);
    press(&mut app, "Right");
    let east = centroid(&app);
    assert!(east.0 > start.0, "{start:?} → {east:?}");
    press(&mut app, "Up");
    let north = centroid(&app);
    assert!(north.1 > east.1, "{east:?} → {north:?}");
    press(&mut app, "Enter");
    assert!(matches!(app.overlays.last(), Some(Overlay::Detail(_))));
}

#[test]
fn text_fields_edit_at_a_cursor_that_arrows_home_and_end_move() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    // The filter: a missing digit typed in the middle.
    press(&mut app, "5 / text:C0042 Left Left Left text:0");
    assert_eq!(app.tables.contacts.filter, "C00042");
    assert_eq!(app.tables.contacts.visible_len(), 1);
    press(&mut app, "Home Del Enter");
    assert_eq!(app.tables.contacts.filter, "00042");
    // A form field: Chinese pasted (it arrives as keys), then edited in the middle.
    press(&mut app, "Esc 2 a text:村口灯 Left text:路 Home Del End text:坏了");
    let Some(lianluo::tui::app::Overlay::Form { form, .. }) = app.overlays.last() else {
        panic!("a form: {:?}", app.overlays.last());
    };
    assert_eq!(form.value("title"), "口路灯坏了");
    // The picker's query too.
    press(&mut app, "Esc Esc 5 r text:wxlh Home Right Del");
    let Some(lianluo::tui::app::Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("a picker");
    };
    assert_eq!(picker.query(), "wlh");
}

#[test]
fn a_view_left_and_shown_again_is_as_the_operator_left_it() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "4 / text:D0004 Enter Down");
    let (filtered, cursor) = (
        app.tables.deputies.visible_len(),
        app.tables.deputies.current_code().map(str::to_string),
    );
    assert!(filtered > 1 && filtered < 20, "{filtered}");
    press(&mut app, "5 Space Down");
    let contact = app.tables.contacts.current_code().map(str::to_string);
    press(&mut app, "2 6 4");
    assert_eq!(app.tables.deputies.filter, "D0004");
    assert_eq!(app.tables.deputies.visible_len(), filtered);
    assert_eq!(app.tables.deputies.current_code().map(str::to_string), cursor);
    press(&mut app, "5");
    assert_eq!(app.tables.contacts.selected.len(), 1);
    assert_eq!(app.tables.contacts.current_code().map(str::to_string), contact);
}

#[test]
fn every_big_view_holds_a_window_not_its_whole_table() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    for key in ["2", "4", "5", "6"] {
        press(&mut app, key);
        let table = app.table().expect("a table view");
        assert!(table.visible_len() > 400, "{key}: {}", table.visible_len());
        assert!(
            table.rows().len() <= 3 * table.page,
            "{key}: {} rows held",
            table.rows().len()
        );
    }
}

#[test]
fn the_roster_holds_a_window_of_rows_and_pages_through_every_contact_in_order() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut codes: Vec<String> = open(&db, true)
        .load()
        .expect("load")
        .contacts
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    codes.sort();
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5");
    screen(&mut app, 80, 24);
    assert_eq!(app.tables.contacts.visible_len(), codes.len());
    let page = app.tables.contacts.page;
    let mut seen = Vec::new();
    for _ in 0..codes.len() {
        // The row under the cursor is always held, and it is the code's.
        let row = app.tables.contacts.current().expect("the cursor's row is held");
        assert_eq!(Some(row.code.as_str()), app.tables.contacts.current_code());
        assert_eq!(row.cell(0), Some(row.code.as_str()));
        assert!(
            app.tables.contacts.rows().len() <= 3 * page,
            "{} rows held",
            app.tables.contacts.rows().len()
        );
        seen.push(row.code.to_string());
        press(&mut app, "Down");
    }
    assert_eq!(seen, codes);
    // The last row, at once, and on the screen.
    press(&mut app, "g G");
    let last = codes.last().expect("a contact");
    assert_eq!(app.tables.contacts.current_code(), Some(last.as_str()));
    assert!(screen(&mut app, 80, 24).contains(last.as_str()));
    // Sorted by code, descending: the last code first.
    press(&mut app, "o O g");
    assert_eq!(app.tables.contacts.sort, Some((0, true)));
    assert_eq!(app.tables.contacts.current_code(), Some(last.as_str()));
    assert_eq!(app.tables.contacts.visible_len(), codes.len());
}

#[test]
fn a_sorted_and_filtered_roster_orders_every_matching_row() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    // Sorted by name (the second column), descending; then filtered.
    press(&mut app, "5 o o O");
    assert_eq!(app.tables.contacts.sort, Some((1, true)));
    let all = app.tables.contacts.visible_len();
    assert_eq!(all, 1_420);
    let names = |app: &mut lianluo::tui::app::App| {
        let mut out = Vec::new();
        press(app, "g");
        for _ in 0..app.tables.contacts.visible_len() {
            out.push(
                app.tables
                    .contacts
                    .current()
                    .expect("row")
                    .cell(1)
                    .unwrap_or("")
                    .to_string(),
            );
            press(app, "Down");
        }
        out
    };
    let sorted = names(&mut app);
    // Names sort in pinyin order (first-use #14).
    let py = |n: &String| lianluo::search::pinyin_sort_key(n).into_owned();
    assert!(
        sorted.windows(2).all(|w| py(&w[0]) >= py(&w[1])),
        "names descend: {:?}",
        &sorted[..30]
    );
    // Filtering keeps the order: by a surname (its pinyin would also
    // match every "网格" cell), every contact of that surname is found.
    let surname: String = sorted[sorted.len() / 2].chars().take(1).collect();
    press(&mut app, &format!("/ text:{surname} Enter"));
    let found = names(&mut app);
    assert!(!found.is_empty() && found.len() < all, "{}", found.len());
    assert!(found.windows(2).all(|w| py(&w[0]) >= py(&w[1])));
    let expected: Vec<&String> = sorted.iter().filter(|n| n.starts_with(&surname)).collect();
    // Others may match on their deputy's or cell's name.
    assert!(expected.iter().all(|n| found.contains(n)), "{expected:?}");
}

#[test]
fn the_suggestion_ledger_filters_by_status_in_the_store() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "6 f");
    let status = app.query.status.expect("a status filter");
    let expected = ds.suggestions.iter().filter(|s| s.status == status).count();
    assert!(expected > 0);
    assert_eq!(app.tables.suggestions.visible_len(), expected);
    press(&mut app, "G");
    let row = app.tables.suggestions.current().expect("row");
    assert_eq!(row.cell(2), Some(status.label(Lang::En)));
    press(&mut app, "Esc");
    assert_eq!(app.tables.suggestions.visible_len(), ds.suggestions.len());
}

/// An App as the real terminal makes it: data read on another thread.
fn background_app(db: &std::path::Path) -> lianluo::tui::App {
    let keymap = lianluo::tui::keymap::load(None).expect("default keymap");
    let mut app = lianluo::tui::App::start(
        open(db, false),
        Lang::En,
        actor("alice"),
        true,
        keymap,
        as_of(),
        lianluo::tui::theme::Theme::monochrome(),
    )
    .expect("app");
    wait_for_load(&mut app);
    app
}

/// Frames prepared, as the terminal's loop does (each looks for rows
/// made on another thread), until nothing is being made.
fn frames_until_idle(app: &mut lianluo::tui::App) {
    let start = std::time::Instant::now();
    while app.working() && start.elapsed().as_secs() < 20 {
        screen(app, 80, 24);
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.tick();
    }
}

/// The screen at the top of the view `keys` show is that of a fresh start
/// given the same keys.
fn assert_shows_as_a_fresh_start(app: &mut lianluo::tui::App, db: &std::path::Path, keys: &str) {
    press(app, "Home");
    let followed = screen(app, 80, 24);
    let mut fresh = app_on(open(db, false), Lang::En);
    press(&mut fresh, &format!("{keys} Home"));
    assert_eq!(followed, screen(&mut fresh, 80, 24));
}

fn wait_for_load(app: &mut lianluo::tui::App) {
    let start = std::time::Instant::now();
    while app.loading() {
        assert!(start.elapsed().as_secs() < 20, "the snapshot never came");
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.tick();
    }
}

#[test]
fn while_the_next_snapshot_is_read_a_lookup_finds_people_and_a_reassign_can_be_made() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let target = other_deputy(&open(&db, false), "C00042");
    let mut app = background_app(&db);
    // What a province does, on the demo county (it used to make lookups
    // and changes wait while the people were read again).
    app.let_go_past(0);
    open(&db, false)
        .reassign_contacts(&actor("bob"), &["C00043".to_string()], &target, None)
        .expect("bob");
    app.follow_others();
    assert!(app.loading());
    // 薛静 (D00036) by the pinyin of her name, from the database.
    press(&mut app, "Ctrl-f text:xuejing");
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("the lookup opens while the snapshot is read")
    };
    assert_eq!(picker.items.first().map(|i| i.code.as_str()), Some("D00036"));
    press(&mut app, "Esc 5 / text:C00042 Enter r");
    assert!(app.loading(), "still reading");
    press(&mut app, &format!("text:{target} Enter y"));
    let msg = app.message.clone().expect("message");
    assert!(!msg.error, "{msg:?}");
    assert_eq!(deputy_of(&db, "C00042"), target);
    wait_for_load(&mut app);
}

#[test]
fn a_reassign_shows_at_once_and_the_same_contact_can_be_changed_again_before_the_reload() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let first = other_deputy(&store, "C00042");
    let mut app = background_app(&db);
    press(&mut app, &format!("5 / text:C00042 Enter r text:{first} Enter y"));
    let msg = app.message.clone().expect("message");
    assert!(!msg.error, "{msg:?}");
    // The audit is being made again; the roster already shows the change.
    assert!(app.updating(), "the audit is made again in the background");
    assert!(screen(&mut app, 80, 24).contains("updating…"));
    let row = app.tables.contacts.current().expect("row");
    assert!(row.cells().any(|c| c.starts_with(first.as_str())), "{row:?}");
    assert_eq!(deputy_of(&db, "C00042"), first);
    // A second change to the same contact, before the snapshot is back, is
    // not refused as made from a stale screen: this screen made the first.
    let second = other_deputy(&store, "C00042");
    assert_ne!(second, first);
    press(&mut app, &format!("r text:{second} Enter y"));
    let msg = app.message.clone().expect("message");
    assert!(!msg.error, "{msg:?}");
    assert_eq!(deputy_of(&db, "C00042"), second);
    wait_for_load(&mut app);
    let row = app.tables.contacts.current().expect("row");
    assert!(row.cells().any(|c| c.starts_with(second.as_str())), "{row:?}");
    // Another operator's change is still refused as stale.
    let mut bob = open(&db, false);
    bob.reassign_contacts(&actor("bob"), &["C00042".to_string()], &first, None)
        .expect("bob");
    press(&mut app, &format!("r text:{second} Enter y"));
    let msg = app.message.clone().expect("message");
    assert!(msg.error && msg.text.contains("changed by bob"), "{msg:?}");
}

#[test]
fn a_suggestion_advanced_twice_offers_moves_from_its_new_status() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let code = ds
        .suggestions
        .iter()
        .find(|s| s.status == lianluo::model::Status::Assigned)
        .expect("an assigned suggestion")
        .code
        .to_string();
    let mut app = background_app(&db);
    press(&mut app, &format!("6 / text:{code} Enter s text:handling Enter y"));
    let msg = app.message.clone().expect("message");
    assert!(!msg.error, "{msg:?}");
    press(&mut app, "s");
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("the status picker");
    };
    let now = lianluo::model::Status::Handling.label(Lang::En);
    assert!(picker.title.contains(now), "{}", picker.title);
}

#[test]
fn a_picker_over_every_deputy_makes_items_for_the_first_matches_and_finds_the_rest_by_typing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let active: Vec<&str> = ds
        .deputies
        .iter()
        .filter(|d| d.active)
        .map(|d| d.code.as_str())
        .collect();
    let shown = lianluo::tui::pick_lists::PICK_SHOWN;
    assert!(active.len() > shown, "the demo has more deputies than a picker shows");
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 / text:C00042 Enter r");
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("a picker");
    };
    assert_eq!(picker.visible_len(), shown);
    // At the end of what is shown, the operator is told how to reach the rest.
    press(&mut app, &["PgDn"; 25].join(" "));
    let text = screen(&mut app, 80, 24);
    let more = active.len() - shown;
    assert!(text.contains(&format!("{more} more: type to narrow")), "{text}");
    assert!(text.contains(&format!("{}/{}", active.len(), active.len())), "{text}");
    // The last deputy, far past the first items, is found by its code and comes first.
    let last = active.last().expect("a deputy");
    press(&mut app, &format!("text:{}", last.to_lowercase()));
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("a picker");
    };
    assert_eq!(picker.current().map(|i| i.code.as_str()), Some(*last));
}

#[test]
fn a_reassign_in_a_roster_filtered_by_deputy_takes_the_contact_out_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let store = open(&db, false);
    let target = other_deputy(&store, "C00042");
    let old = deputy_of(&db, "C00042");
    let mut app = background_app(&db);
    // The old deputy's contacts, by its code in the Deputy column.
    press(&mut app, &format!("5 / text:{old} Enter"));
    assert!(app.tables.contacts.has_corpus(), "a filter keeps every row");
    let before = app.tables.contacts.visible_len();
    assert!(app.tables.contacts.select_code("C00042"), "C00042 is the old deputy's");
    press(&mut app, &format!("r text:{target} Enter y"));
    let msg = app.message.clone().expect("message");
    assert!(!msg.error, "{msg:?}");
    // Before the snapshot is read again, the contact has left the filter.
    assert!(app.loading());
    assert_eq!(app.tables.contacts.visible_len(), before - 1);
    assert!(!app.tables.contacts.select_code("C00042"));
    wait_for_load(&mut app);
    assert_eq!(app.tables.contacts.visible_len(), before - 1);
    assert!(!app.tables.contacts.select_code("C00042"));
}

#[test]
fn the_roster_and_the_ledger_filter_by_the_names_they_show_beside_codes() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let contact = ds.contacts.iter().find(|c| c.code == "C00042").expect("contact");
    let deputy = ds
        .deputies
        .iter()
        .find(|d| d.code == contact.deputy_code)
        .expect("its deputy");
    let expected = ds.contacts.iter().filter(|c| c.deputy_code == deputy.code).count();
    let mut app = app_on(open(&db, false), Lang::Zh);
    // The deputy's full name, shown in the Deputy column beside the code.
    press(&mut app, &format!("5 / text:{} Enter", deputy.name));
    assert!(
        app.tables.contacts.visible_len() >= expected,
        "{}",
        app.tables.contacts.visible_len()
    );
    assert!(app.tables.contacts.select_code("C00042"));
    // A suggestion found by the name of whoever raised it (not shown).
    let s = ds
        .suggestions
        .iter()
        .find(|s| ds.deputies.iter().any(|d| d.code == s.raised_by))
        .expect("a suggestion raised by a deputy");
    let raiser = ds.deputies.iter().find(|d| d.code == s.raised_by).expect("raiser");
    press(&mut app, &format!("6 / text:{} Enter", raiser.name));
    assert!(
        app.tables.suggestions.select_code(&s.code),
        "{} by {}",
        s.code,
        raiser.name
    );
}

#[test]
fn pickers_over_cells_and_contacts_narrow_by_name_and_put_the_cell_first() {
    use lianluo::tui::pick_lists::{narrow, PickSource};
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let app = app_on(open(&db, false), Lang::Zh);
    let snap = &app.snap;
    // (The people are read from the database, a row at a time.)
    let store = open(&db, true);
    let ds = store.load().expect("load");
    let narrow = |source: &PickSource, query: &str| {
        narrow(&store, snap, Lang::Zh, source, query)
            .expect("read")
            .expect("narrowed")
    };
    // Cells by their name: every cell of that name is offered, and only those.
    let cell = &snap.dir.cells[10];
    let named = snap
        .dir
        .cells
        .iter()
        .filter(|c| c.name.contains(cell.name.as_str()))
        .count();
    let n = narrow(&PickSource::Cells, &cell.name);
    assert!(n.items.iter().any(|i| i.code == cell.code.as_str()));
    assert!(n.matches >= named && n.matches < snap.dir.cells.len(), "{}", n.matches);
    assert_eq!(n.total, snap.dir.cells.len());
    // Contacts: those of the cell come first, marked preferred.
    let first_cell = Some(cell.code.to_string());
    let n = narrow(&PickSource::Contacts { first_cell }, "");
    let of_cell: Vec<&str> = ds
        .contacts
        .iter()
        .filter(|c| c.active && c.cell_code == cell.code)
        .map(|c| c.code.as_str())
        .collect();
    assert!(!of_cell.is_empty());
    let firsts: Vec<&str> = n.items.iter().take(of_cell.len()).map(|i| i.code.as_str()).collect();
    assert_eq!(firsts, of_cell);
    assert!(n.items.iter().take(of_cell.len()).all(|i| i.preferred));
    assert_eq!(n.items.len(), lianluo::tui::pick_lists::PICK_SHOWN);
    assert_eq!(n.total, ds.contacts.iter().filter(|c| c.active).count());
    // A handover's picker leaves out the deputy handing over.
    let from = ds.deputies.iter().find(|d| d.active).expect("deputy");
    let source = PickSource::Deputies {
        first_cell: None,
        except: Some(from.code.to_string()),
    };
    let n = narrow(&source, &from.code);
    assert!(n.items.iter().all(|i| i.code != from.code.as_str()));
}

#[test]
fn a_filter_on_gap_marks_follows_marks_that_another_change_moved() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let findings = lianluo::coverage::audit(&ds, as_of(), &[]);
    // A contact whose only gap is that its deputy is not assigned to its
    // cell: assigning that deputy there (a change to an assignment, not
    // to the contact) takes its mark away.
    let f = findings
        .iter()
        .find(|f| f.rule == "contact-deputy-mismatch" && findings.iter().filter(|g| g.code == f.code).count() == 1)
        .expect("a mismatch");
    let contact = ds.contacts.iter().find(|c| c.code == f.code.as_str()).expect("contact");
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 / text:! Enter");
    assert!(app.tables.contacts.select_code(&f.code), "{} is marked", f.code);
    let marked = app.tables.contacts.visible_len();
    let mut bob = open(&db, false);
    bob.set_assignment(&actor("bob"), &contact.deputy_code, &contact.cell_code, true)
        .expect("assign");
    std::thread::sleep(std::time::Duration::from_millis(950));
    app.tick();
    assert!(!app.tables.contacts.select_code(&f.code), "{} lost its mark", f.code);
    assert!(app.tables.contacts.visible_len() < marked);
}

#[test]
fn at_province_scale_a_change_is_followed_with_a_filters_rows_let_go_meanwhile() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let target = other_deputy(&open(&db, false), "C00042");
    let mut app = background_app(&db);
    // What a province does, on the demo county.
    app.let_go_past(0);
    press(&mut app, &format!("5 / text:{target} Enter"));
    assert!(app.tables.contacts.has_corpus(), "a filter keeps every row");
    let before = app.tables.contacts.visible_len();
    open(&db, false)
        .reassign_contacts(&actor("bob"), &["C00042".to_string()], &target, None)
        .expect("bob");
    app.follow_others();
    // While the next snapshot is made: the filter's rows are let go; the
    // filtered keys stand.
    assert!(app.loading());
    assert!(!app.tables.contacts.has_corpus());
    assert!(!app.snap.dir.cells.is_empty());
    wait_for_load(&mut app);
    // The snapshot comes first and the old one is let go; the filter's
    // rows are made after it (made beside both, they were the peak of a
    // province's memory). Meanwhile the filtered keys stand.
    assert_eq!(
        app.tables.contacts.visible_len(),
        before + 1,
        "C00042 came into the filter"
    );
    frames_until_idle(&mut app);
    assert!(
        app.tables.contacts.has_corpus(),
        "the filter's rows came made after the snapshot"
    );
    assert!(!app.working(), "nothing is left being made");
    assert_eq!(
        app.tables.contacts.visible_len(),
        before + 1,
        "C00042 came into the filter"
    );
    assert_shows_as_a_fresh_start(&mut app, &db, &format!("5 / text:{target} Enter"));
}

#[test]
fn a_filtered_ledgers_rows_let_go_for_a_snapshot_come_after_it_while_the_ledger_is_shown() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let target = other_deputy(&open(&db, false), "C00042");
    let mut app = background_app(&db);
    // What a province does, on the demo county.
    app.let_go_past(0);
    press(&mut app, "6 / text:S000 Enter");
    assert!(app.tables.suggestions.has_corpus(), "a filter keeps every row");
    let before = app.tables.suggestions.visible_len();
    open(&db, false)
        .reassign_contacts(&actor("bob"), &["C00042".to_string()], &target, None)
        .expect("bob");
    app.follow_others();
    assert!(app.loading());
    assert!(
        !app.tables.suggestions.has_corpus(),
        "let go while the snapshot is made"
    );
    wait_for_load(&mut app);
    // Each frame prepared looks for them, as the terminal's loop does. (The
    // roster's rows made ahead stop when another view is shown: these are
    // the ledger's, and go on while it is.)
    frames_until_idle(&mut app);
    assert!(
        app.tables.suggestions.has_corpus(),
        "the ledger's rows came after the snapshot"
    );
    assert_eq!(app.tables.suggestions.visible_len(), before);
    assert_shows_as_a_fresh_start(&mut app, &db, "6 / text:S000 Enter");
}

#[test]
fn a_second_change_while_a_filters_rows_are_let_go_keeps_its_keys_until_the_rows_come() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let target = other_deputy(&open(&db, false), "C00042");
    let mut app = background_app(&db);
    // What a province does, on the demo county.
    app.let_go_past(0);
    press(&mut app, &format!("5 / text:{target} Enter"));
    let before = app.tables.contacts.visible_len();
    let bob = || open(&db, false);
    bob()
        .reassign_contacts(&actor("bob"), &["C00042".to_string()], &target, None)
        .expect("bob");
    app.follow_others();
    assert!(app.loading());
    // Another change while the snapshot is made: the filter's rows are not
    // made again on the screens' thread (beside the snapshot's read, at
    // province, they were its peak and half a second's wait).
    let ds = open(&db, true).load().expect("load");
    let third = ds
        .contacts
        .iter()
        .find(|c| c.code != "C00042" && c.deputy_code != target.as_str())
        .map(|c| c.code.to_string())
        .expect("a contact of another deputy");
    bob()
        .reassign_contacts(&actor("bob"), std::slice::from_ref(&third), &target, None)
        .expect("bob again");
    app.follow_others();
    assert!(app.loading(), "still reading (taken only by a tick)");
    assert!(!app.tables.contacts.has_corpus(), "the rows wait for the snapshot");
    // They come after the snapshot that follows both changes, with both.
    frames_until_idle(&mut app);
    assert!(
        app.tables.contacts.has_corpus(),
        "the filter's rows came after the snapshot"
    );
    assert_eq!(
        app.tables.contacts.visible_len(),
        before + 2,
        "both changes in the filter"
    );
    assert_shows_as_a_fresh_start(&mut app, &db, &format!("5 / text:{target} Enter"));
}
