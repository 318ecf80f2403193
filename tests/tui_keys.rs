//! Keys that behave as a person expects (first-use #10, #13, #19, #22, #24).

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::tui::app::{Change, Overlay};
use tui_support::*;

#[test]
fn slash_reopens_with_the_old_filter_selected_so_typing_replaces_it() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 / text:zzzzzz Enter");
    assert_eq!(app.tables.contacts.visible_len(), 0);
    press(&mut app, "/ text:C00012 Enter");
    assert_eq!(app.tables.contacts.filter, "C00012", "replaced, not appended");
    assert_eq!(app.tables.contacts.visible_len(), 1);
    // An arrow keeps the old text and edits it.
    press(&mut app, "/ End Backspace text:3 Enter");
    assert_eq!(app.tables.contacts.filter, "C00013");
    // Backspace on the selection clears it.
    press(&mut app, "/ Backspace Enter");
    assert_eq!(app.tables.contacts.filter, "");
}

#[test]
fn a_message_goes_once_the_operator_acts_again() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "u");
    assert!(app.message.is_some(), "nothing to undo is said");
    press(&mut app, "6 a");
    assert_eq!(app.message, None, "{:?}", app.message);
}

#[test]
fn the_prefilled_zero_is_replaced_by_the_first_digit() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "7 a Tab Tab text:5");
    let Some(Overlay::Form { form, .. }) = app.overlays.last() else {
        panic!("no form")
    };
    assert_eq!(form.value("constituents"), "5");
}

#[test]
fn ctrl_c_asks_before_dropping_a_half_filled_form_and_quits_at_once_otherwise() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "6 a text:G00001 Tab text:半截内容 C-c");
    assert!(!app.wants.quit, "a typed form is not dropped without asking");
    assert!(matches!(
        app.overlays.last(),
        Some(Overlay::Confirm {
            change: Change::Quit,
            ..
        })
    ));
    press(&mut app, "n");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Form { .. })),
        "back to the form"
    );
    press(&mut app, "C-c y");
    assert!(app.wants.quit);

    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "6 a C-c");
    assert!(app.wants.quit, "an untouched form asks nothing");
}

#[test]
fn the_zh_status_bar_undo_and_conflict_messages_are_chinese() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "6 f");
    let text = screen(&mut app, 80, 24);
    let bar = text.lines().last().unwrap_or_default();
    assert!(bar.contains("状态：") && !bar.contains("status:"), "{bar}");
    press(&mut app, "5 / text:C00042 Enter r text:D00036 Enter y u");
    let msg = app.message.clone().expect("message").text;
    assert!(
        msg.starts_with("已撤销改派联络员") && msg.contains("C00042"),
        "undo names the action and the row: {msg}"
    );
    // Another operator changes the row under an open picker: the refusal
    // names the kind in Chinese.
    press(&mut app, "r");
    let mut bob = open(&db, false);
    bob.reassign_contacts(&actor("bob"), &["C00042".to_string()], "D00037", None)
        .expect("bob");
    app.follow_others();
    press(&mut app, "text:D00036 Enter y");
    let msg = app.message.clone().expect("message").text;
    assert!(msg.contains("联络员C00042") && !msg.contains("contact"), "{msg}");
}

#[test]
fn the_zh_read_only_notice_is_chinese() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, true), Lang::Zh);
    press(&mut app, "5 r");
    let msg = app.message.clone().expect("message").text;
    assert!(msg.contains("只读模式") && msg.contains("以 --read-only 打开"), "{msg}");
    assert!(!msg.contains("opened with"), "{msg}");
    let text = screen(&mut app, 80, 24);
    assert!(!text.contains("READ-ONLY"), "{text}");
}

/// First-use #4: a cell (or raiser) name that matches several records is
/// not taken as the first: the form says how many match and saving asks
/// which one.
#[test]
fn an_ambiguous_cell_name_in_the_suggestion_form_is_chosen_not_guessed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let matching: Vec<String> = ds
        .cells
        .iter()
        .filter(|c| c.name.starts_with("西李家疃"))
        .map(|c| c.code.to_string())
        .collect();
    assert!(matching.len() >= 2, "the demo has two cells of that village");
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "6 a text:西李家疃");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains(&format!("{} 个匹配", matching.len())), "{text}");
    press(&mut app, "Tab text:路灯不亮 Enter");
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("no choice offered: {:?}", app.message)
    };
    let offered: Vec<&str> = picker.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(offered, matching.iter().map(String::as_str).collect::<Vec<_>>());
    press(&mut app, "Down Enter");
    let Some(Overlay::Form { form, .. }) = app.overlays.last() else {
        panic!("back to the form")
    };
    assert_eq!(form.value("cell"), matching[1]);
    press(&mut app, "Enter");
    let added = open(&db, true).load().expect("load");
    let s = added.suggestions.iter().find(|s| s.title == "路灯不亮").expect("saved");
    assert_eq!(s.cell_code, matching[1].as_str(), "the cell chosen, not the first");
}

/// First-use #21: the lookup counts every match, not the 50 it shows, and
/// says how many more there are.
#[test]
fn the_lookup_counts_every_match_beyond_those_shown() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "C-f text:王");
    // As the CLI's lookup counts them, over the whole file.
    let ds = open(&db, true).load().expect("load");
    let total = lianluo::search::SearchIndex::build(&ds).find(&ds, "王", 1).total;
    assert!(total > 50, "the demo has more than 50 things matching 王: {total}");
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("no lookup")
    };
    assert_eq!(picker.items.len(), 50);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains(&format!("{total}/{total}")), "{text}");
    press(&mut app, "PgDn PgDn PgDn PgDn PgDn");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains(&format!("{} more", total - 50)), "{text}");
}

/// First-use #16: the Gaps counter counts findings, not the rules' header
/// rows, and a filter or `r` on a header lands on its first finding.
#[test]
fn the_gaps_counter_counts_findings_and_a_header_is_not_a_dead_end() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    let findings = app.snap.findings.len();
    press(&mut app, "8");
    let text = screen(&mut app, 80, 24);
    let bar = text.lines().last().unwrap_or_default().to_string();
    assert!(bar.contains(&format!("1/{findings}")), "{bar}");
    press(&mut app, "/ text:contact-no-deputy Enter");
    let row = app.tables.gaps.current().expect("a row");
    assert!(!row.banner, "the filter lands on a finding, not its rule's header");
    press(&mut app, "g r");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Picker { .. })),
        "r on the header fixes its first finding: {:?}",
        app.message
    );
}

/// The TUI's lookup (the places in its snapshot, the people read from the
/// database) finds and ranks as `lianluo lookup` does over the whole file.
#[test]
fn the_lookup_finds_and_ranks_as_the_clis_over_the_whole_file() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let cli = lianluo::search::SearchIndex::build_in(&ds, Lang::En);
    let mut app = app_on(open(&db, false), Lang::En);
    let phone_tail = &ds.contacts[7].phone[7..];
    let queries = [
        "王", "wl", "C0004", "D0003", "G0001", phone_tail, "杜家", "ningh", "ST0",
    ];
    for q in queries {
        press(&mut app, &format!("C-f text:{q}"));
        let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
            panic!("no lookup")
        };
        let found = cli.find(&ds, q, 50);
        assert!(!found.hits.is_empty(), "{q} finds something");
        let shown: Vec<(&str, &str)> = picker
            .items
            .iter()
            .map(|i| (i.code.as_str(), i.label.as_str()))
            .collect();
        let expected: Vec<(&str, &str)> = found.hits.iter().map(|h| (h.code.as_str(), h.name.as_str())).collect();
        assert_eq!(shown, expected, "{q}");
        let details: Vec<&str> = picker
            .items
            .iter()
            .map(|i| i.detail.split_once(" · ").map_or("", |d| d.1))
            .collect();
        let expected: Vec<&str> = found.hits.iter().map(|h| h.detail.as_str()).collect();
        assert_eq!(details, expected, "{q}: the lines beside the hits");
        assert!(
            screen(&mut app, 80, 24).contains(&format!("{}/{}", found.total, found.total)),
            "{q}: every match counted"
        );
        press(&mut app, "Esc");
    }
}

/// First-use #25: a gap's fix picker puts the likely candidates first —
/// for a cell with no deputy, the deputies covering other cells of its
/// town; for a cell with no contact, the contacts of its town.
#[test]
fn fix_pickers_put_the_cells_town_first() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    let f = app
        .snap
        .findings
        .iter()
        .find(|f| f.rule == "cell-no-deputy")
        .expect("a cell with no deputy")
        .clone();
    let ds = open(&db, true).load().expect("load");
    let town_of = |cell: &str| {
        let c = ds.cells.iter().find(|c| c.code == cell).expect("cell");
        let a = ds.areas.iter().find(|a| a.code == c.area_code).expect("area");
        a.parent_code.to_string()
    };
    let town = town_of(&f.code);
    let town_deputies: Vec<String> = ds
        .assignments
        .iter()
        .filter(|a| town_of(&a.cell_code) == town)
        .map(|a| a.deputy_code.to_string())
        .collect();
    assert!(!town_deputies.is_empty());
    press(&mut app, &format!("8 / text:{} Enter r", f.code));
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("no picker: {:?}", app.message)
    };
    let first = &picker.items[0];
    assert!(first.preferred && town_deputies.contains(&first.code), "{first:?}");
}

/// First-use #14: a column is chosen for sorting in one step (`S`), and
/// names sort in pinyin order (白 bai before 丁 ding), not by code point.
#[test]
fn a_column_is_chosen_directly_and_names_sort_in_pinyin_order() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5 S text:Name Enter");
    assert_eq!(app.tables.contacts.sort, Some((1, false)));
    let names: Vec<String> = (0..60)
        .filter_map(|n| app.tables.contacts.visible_row(n))
        .map(|r| r.cell(1).unwrap_or_default().to_string())
        .collect();
    let keys: Vec<String> = names
        .iter()
        .map(|n| lianluo::search::pinyin_sort_key(n).into_owned())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "{names:?}");
    assert!(names[0].starts_with('白') || keys[0] < lianluo::search::pinyin_sort_key("丁").into_owned());
    // Chosen again, the order reverses.
    press(&mut app, "S text:Name Enter");
    assert_eq!(app.tables.contacts.sort, Some((1, true)));
}

/// First-use #13: the zh status picker shows the statuses by their Chinese
/// words alone (it read `assigned   已交办`), and choosing one still works.
#[test]
fn the_zh_status_picker_is_chinese_and_its_choice_works() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    let code = ds
        .suggestions
        .iter()
        .find(|s| s.status == lianluo::model::Status::Received)
        .expect("a received suggestion")
        .code
        .to_string();
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, &format!("6 / text:{code} Enter s"));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("已交办") && !text.contains("assigned"), "{text}");
    press(&mut app, "Enter");
    let Some(Overlay::Form { form, .. }) = app.overlays.last() else {
        panic!("no form for the move: {:?}", app.message)
    };
    assert!(form.title.contains("已交办"), "{}", form.title);
}

/// First-use #14: the sort arrow is never cut off a narrow column's title.
#[test]
fn the_sort_arrow_always_shows_in_a_narrow_header() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "4 S text:积分 Enter");
    let text = screen(&mut app, 80, 24);
    let header = text.lines().nth(1).unwrap_or_default();
    assert!(header.contains("积↓"), "{header}");
}

/// First-use #3: a status filter chosen with the cursor on the last row
/// shows its matches from the top, not one with the rest scrolled off.
#[test]
fn a_filter_shows_its_matches_from_the_top() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "6 G f");
    let n = app.tables.suggestions.visible_len();
    assert!(n > 1, "several suggestions are received");
    assert_eq!(app.tables.suggestions.cursor, 0);
    let text = screen(&mut app, 80, 24);
    let shown = (0..n.min(10))
        .filter_map(|i| app.tables.suggestions.visible_row(i))
        .filter(|r| text.contains(r.code.as_str()))
        .count();
    assert_eq!(shown, n.min(10), "{text}");
}
