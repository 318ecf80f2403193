//! The suggestion ledger in the TUI (SPEC §6, §10): the key-unsupervised
//! gap fixed from the Gaps view with a deputy picker, and the lifecycle's
//! forms. On the bundled demo county.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::model::Suggestion;
use std::path::Path;
use tui_support::*;

fn suggestion_of(db: &Path, code: &str) -> Suggestion {
    let ds = open(db, true).load().expect("load");
    ds.suggestions
        .into_iter()
        .find(|s| s.code == code)
        .unwrap_or_else(|| panic!("no suggestion {code}"))
}

#[test]
fn a_key_suggestion_without_a_supervisor_gets_one_from_the_gaps_view() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "8 / text:suggestion-key-unsupervised Enter");
    let code = app
        .tables
        .gaps
        .current()
        .expect("a finding")
        .cell(0)
        .expect("a code")
        .to_string();
    let found = |app: &lianluo::tui::App| {
        app.snap
            .findings
            .iter()
            .any(|f| f.rule == "suggestion-key-unsupervised" && f.code == code)
    };
    assert!(found(&app), "{code} is a finding of the rule");
    let leader = {
        let ds = open(&db, true).load().expect("load");
        ds.deputies.iter().find(|d| d.active).expect("deputy").code.to_string()
    };
    press(&mut app, &format!("f text:{leader} Enter y"));
    assert_eq!(suggestion_of(&db, &code).supervisor, leader, "{:?}", app.message);
    assert!(!found(&app), "the finding is gone after the refresh");
    let log = open(&db, true)
        .audit_log(&lianluo::store::AuditFilter::default())
        .expect("log");
    assert_eq!(log[0].action, "suggestions.edit");
    assert_eq!(log[0].code, code);
}

#[test]
fn the_units_view_sorts_by_a_rate_and_enter_lists_the_unit_s_suggestions() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "9");
    let t = &app.tables.units;
    let ds = open(&db, true).load().expect("load");
    assert_eq!(t.visible_len(), ds.units.len(), "every unit listed");
    // Sorted by the reply rate, highest first (a ranking).
    press(&mut app, "S text:Reply Enter");
    let rate = |app: &lianluo::tui::App, n: usize| -> f64 {
        let cell = app.tables.units.visible_row(n).and_then(|r| r.cell(6)).unwrap_or("");
        cell.trim_end_matches('%').parse().unwrap_or(f64::INFINITY)
    };
    let rates: Vec<f64> = (0..app.tables.units.visible_len()).map(|n| rate(&app, n)).collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]), "descending: {rates:?}");
    assert!(rates.first() > rates.last(), "{rates:?}");
    // Enter: that unit's suggestions, every one handled by it, and only those.
    let code = app.tables.units.current_code().expect("a unit").to_string();
    press(&mut app, "Enter");
    assert_eq!(app.view, lianluo::tui::views::View::Suggestions);
    assert_eq!(
        shown_codes(&mut app),
        handled_by(&ds, &code, |_| true),
        "handled by {code}"
    );
}

/// The codes of every suggestion the Suggestions view shows, in order.
fn shown_codes(app: &mut lianluo::tui::App) -> Vec<String> {
    let n = app.tables.suggestions.visible_len();
    press(app, "g");
    let mut codes = Vec::new();
    for _ in 0..n {
        screen(app, 80, 24);
        codes.extend(app.tables.suggestions.current_code().map(str::to_string));
        press(app, "j");
    }
    codes
}

/// The codes of the suggestions `unit` handles that `keep` keeps, in code order.
fn handled_by(ds: &lianluo::model::Dataset, unit: &str, keep: impl Fn(&Suggestion) -> bool) -> Vec<String> {
    let mut codes: Vec<String> = ds
        .suggestions
        .iter()
        .filter(|s| s.handling_unit == unit && keep(s))
        .map(|s| s.code.to_string())
        .collect();
    codes.sort();
    codes
}

#[test]
fn u_on_suggestions_shows_those_of_the_unit_chosen_with_the_other_filters_and_every_unit_again() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let unit = ds.units[1].clone();
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "6");
    let every = app.tables.suggestions.visible_len();
    // The picker narrows by the unit's code (or name) as typed.
    press(&mut app, &format!("U text:{} Enter", unit.code));
    let handled = handled_by(&ds, &unit.code, |_| true);
    assert!(!handled.is_empty() && handled.len() < every);
    assert_eq!(shown_codes(&mut app), handled);
    let bar = screen(&mut app, 80, 24);
    assert!(
        bar.contains(&format!("unit: {}", unit.name)),
        "the status line names the unit:\n{bar}"
    );
    // With a status filter: those of the unit in that status.
    press(&mut app, "f");
    let status = app.query.status.expect("a status");
    assert_eq!(
        shown_codes(&mut app),
        handled_by(&ds, &unit.code, |s| s.status == status)
    );
    // The status cycled back to none; the picker opens on the unit shown
    // (Enter keeps it), and its first choice is every unit's suggestions.
    press(&mut app, &vec!["f"; lianluo::model::Status::ALL.len()].join(" "));
    assert_eq!(app.query.status, None);
    press(&mut app, "U Enter");
    assert_eq!(app.query.unit.as_deref(), Some(unit.code.as_str()));
    assert_eq!(shown_codes(&mut app), handled);
    press(&mut app, "U text:every Enter");
    assert_eq!(app.query.unit, None);
    assert_eq!(app.tables.suggestions.visible_len(), every);
}

#[test]
fn the_suggestions_view_shows_the_unit_and_d_keeps_the_reminder_list() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let expected: Vec<String> = lianluo::coverage::due_soon(&ds.suggestions, as_of(), ds.settings.remind_days)
        .iter()
        .map(|d| d.suggestion.code.to_string())
        .collect();
    assert!(!expected.is_empty(), "the demo has suggestions due soon");
    let mut app = app_on(open(&db, false), Lang::Zh);
    assert_eq!(
        app.snap.overview.due_soon,
        expected.len(),
        "the Overview counts the same list"
    );
    press(&mut app, "6 d");
    let t = &app.tables.suggestions;
    let mut shown: Vec<String> = (0..t.visible_len())
        .filter_map(|n| t.visible_row(n).map(|r| r.code.to_string()))
        .collect();
    shown.sort();
    let mut sorted = expected.clone();
    sorted.sort();
    assert_eq!(shown, sorted);
    let first = t.visible_row(0).expect("a row");
    assert!(
        first.cell(5).unwrap_or("").ends_with('~'),
        "due-soon mark: {:?}",
        first.cell(5)
    );
    let s = ds.suggestions.iter().find(|s| s.code == first.code).expect("s");
    let unit = ds.units.iter().find(|u| u.code == s.handling_unit).expect("its unit");
    assert_eq!(first.cell(4), Some(unit.name.as_str()), "the unit by name");
    // d again: every suggestion.
    press(&mut app, "d");
    assert_eq!(app.tables.suggestions.visible_len(), ds.suggestions.len());
}

#[test]
fn assign_extend_reply_with_a_result_and_close_from_the_keyboard() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let code = {
        let ds = open(&db, true).load().expect("load");
        let s = ds
            .suggestions
            .iter()
            .find(|s| s.status == lianluo::model::Status::Received);
        s.expect("a received suggestion").code.to_string()
    };
    let mut app = app_on(open(&db, false), Lang::En);
    press(
        &mut app,
        &format!("6 / text:{code} Enter s text:assigned Enter text:U003 Tab text:U002、区水务局 Enter"),
    );
    let s = suggestion_of(&db, &code);
    let assigned_on = s.assigned_on.expect("assigned");
    assert_eq!(s.handling_unit, "U003");
    assert_eq!(
        s.co_units,
        ["U002", "U012"],
        "co-units by code or name, stored as codes"
    );
    assert_eq!(
        s.due_on,
        Some(lianluo::model::add_months(assigned_on, 3)),
        "{:?}",
        app.message
    );
    // The extension is a move of the same picker; its form proposes the latest date allowed.
    press(&mut app, "s text:extend Enter Tab text:情况复杂 Enter");
    let s = suggestion_of(&db, &code);
    assert_eq!(
        s.due_on,
        Some(lianluo::model::add_months(assigned_on, 6)),
        "{:?}",
        app.message
    );
    assert_eq!(s.extended_from, Some(lianluo::model::add_months(assigned_on, 3)));
    // A second extension is refused in the form, naming the rule.
    press(&mut app, "s text:extend Enter Tab text:again Enter");
    let msg = match app.overlays.last() {
        Some(lianluo::tui::app::Overlay::Form { form, .. }) => form.error.clone().unwrap_or_default(),
        other => panic!("the form stays open: {other:?}"),
    };
    assert!(msg.contains("extended once only"), "{msg}");
    press(&mut app, "Esc");
    // The reply asks for its result (A is first); closing for the rating.
    press(&mut app, "s text:replied Enter Enter");
    let s = suggestion_of(&db, &code);
    assert_eq!(s.status, lianluo::model::Status::Replied, "{:?}", app.message);
    assert_eq!(s.result, Some(lianluo::model::ReplyResult::A));
    // The evaluation, in the same picker while replied: basic (the second choice).
    press(&mut app, "s text:evaluate Enter Right Enter");
    let s = suggestion_of(&db, &code);
    assert_eq!(
        s.satisfaction,
        Some(lianluo::model::Satisfaction::Basic),
        "{:?}",
        app.message
    );
    press(&mut app, "s text:closed Enter Enter");
    let s = suggestion_of(&db, &code);
    assert_eq!(s.status, lianluo::model::Status::Closed, "{:?}", app.message);
    // The detail names the units and shows the extension and the result.
    press(&mut app, "Enter");
    let shown = screen(&mut app, 100, 40);
    for text in [
        "U003 区住房和城乡建设局",
        "U002 区交通运输局",
        "Extended from",
        "A solved",
    ] {
        assert!(shown.contains(text), "{text:?} in the detail:\n{shown}");
    }
    press(&mut app, "Esc");
    let log = open(&db, true)
        .audit_log(&lianluo::store::AuditFilter::default())
        .expect("log");
    let actions: Vec<&str> = log
        .iter()
        .filter(|e| e.code == code)
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "suggestions.move",
            "suggestions.edit",
            "suggestions.move",
            "suggestions.extend",
            "suggestions.move"
        ]
    );
}
