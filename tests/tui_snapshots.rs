//! Every view, and the help, picker, confirmation and form, at 80×24 in
//! Chinese and English, on the bundled demo county as of its fixed date.

mod tui_support;

use lianluo::i18n::Lang;
use tui_support::*;

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// (snapshot name, keys pressed from the Overview)
const SCREENS: [(&str, &str); 20] = [
    ("overview", "1"),
    ("cells", "2"),
    ("cell_detail", "2 Enter"),
    ("map", "3"),
    ("deputies", "4"),
    ("deputy_detail", "4 Enter"),
    ("contacts", "5"),
    ("suggestions", "6"),
    ("stations", "7"),
    ("station_rota", "7 Enter j j"),
    ("station_rota_form", "7 Enter j j r"),
    ("deputy_ledger", "4 j Enter"),
    ("gaps", "8"),
    ("units", "9"),
    ("help", "5 ?"),
    ("reassign_picker", "5 / text:C00042 Enter r"),
    ("reassign_confirm", "5 / text:C00042 Enter r text:D00036 Enter"),
    ("suggestion_form", "2 a text:村口路灯"),
    ("unit_picker", "6 U text:交通"),
    ("unit_filtered", "6 U text:交通 Enter"),
];

#[test]
fn every_screen_in_both_languages_at_80_by_24() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        for (name, keys) in SCREENS {
            let mut app = app_on(open(&db, false), lang);
            press(&mut app, keys);
            let text = screen(&mut app, 80, 24);
            insta::assert_snapshot!(format!("{name}_{}", lang_name(lang)), text);
        }
    }
}

#[test]
fn a_small_terminal_gets_a_clear_notice_and_no_panic() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    let text = screen(&mut app, 40, 12);
    assert!(text.contains("Terminal too small"), "{text}");
    for (w, h) in [(1, 1), (59, 15), (60, 16), (200, 60)] {
        for keys in ["1", "2 Enter", "3", "5 r"] {
            press(&mut app, "Esc Esc");
            press(&mut app, keys);
            let _ = screen(&mut app, w, h);
        }
    }
}

#[test]
fn control_characters_in_names_never_reach_the_screen() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut store = open(&db, false);
    let mut ds = store.load().expect("load");
    let c = ds.contacts.iter_mut().find(|c| c.code == "C00042").expect("contact");
    c.name = "王\u{1b}[2J林\u{7}汉".into();
    let set = lianluo::store::ImportSet {
        contacts: Some(vec![c.clone()]),
        ..Default::default()
    };
    store.apply_import(&actor("setup"), set).expect("import");
    let mut app = app_on(store, Lang::En);
    press(&mut app, "5 / text:C00042 Enter");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("王[2J林"), "{text}");
    press(&mut app, "Enter");
    let detail = screen(&mut app, 80, 24);
    assert!(detail.contains("王[2J林汉"), "{detail}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
}

/// The rule ids with findings in the demo county, from the library.
fn rules_with_findings(db: &std::path::Path) -> Vec<&'static str> {
    let ds = open(db, false).load().expect("load");
    let findings = lianluo::coverage::audit(&ds, as_of(), &lianluo::coverage::RULES);
    let mut rules: Vec<&'static str> = findings.iter().map(|f| f.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    rules
}

#[test]
fn the_overview_lists_every_rule_with_findings_or_says_how_many_more() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let rules = rules_with_findings(&db);
    assert!(rules.len() >= 14, "{rules:?}");
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(open(&db, false), lang);
        let text = screen(&mut app, 80, 24);
        for rule in &rules {
            let label = match lang {
                Lang::Zh => lianluo::coverage::rule(rule).map(|r| r.label_zh).expect("a rule"),
                Lang::En => rule,
            };
            assert!(text.contains(&format!("! {label} ")), "{rule} missing:\n{text}");
        }
        // Below 80×24 the list is cut, and says by how many.
        let small = screen(&mut app, 60, 20);
        let more = match lang {
            Lang::Zh => "条规则 · 8 查看",
            Lang::En => "more rules · 8 shows all",
        };
        assert!(small.contains(more), "{small}");
    }
}

#[test]
fn the_zh_overview_and_gaps_show_no_rule_ids() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    for (keys, size) in [("1", (80, 24)), ("1", (120, 40)), ("8", (80, 24)), ("8", (120, 40))] {
        let mut app = app_on(open(&db, false), Lang::Zh);
        press(&mut app, keys);
        let text = screen(&mut app, size.0, size.1);
        for rule in lianluo::coverage::RULES {
            let head: String = rule.chars().take(8).collect();
            assert!(!text.contains(&head), "{keys} {size:?}: {rule}\n{text}");
        }
    }
}

#[test]
fn the_overview_never_cuts_a_number_nor_runs_texts_together() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(open(&db, false), lang);
        for (w, h) in [(60, 20), (80, 24), (120, 40)] {
            let text = screen(&mut app, w, h);
            for line in text.lines() {
                // A ratio's counts show whole or not at all.
                assert_eq!(line.matches('(').count(), line.matches(')').count(), "{w}×{h}: {line}");
                assert!(!line.contains(")Sugg") && !line.contains(")每月"), "{w}×{h}: {line}");
            }
            assert!(text.contains("1/1") && !text.contains("national1/1"), "{text}");
        }
        let text = screen(&mut app, 80, 24);
        // The months are two digits: the chart's title says which years.
        assert!(text.contains("2025-12") && text.contains("2026-11"), "{text}");
    }
}

#[test]
fn help_lists_every_keymap_section_and_the_marks_without_action_ids_in_zh() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "5 ?");
    let text: Vec<String> = lianluo::tui::views::help::lines(&app)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.to_string()).collect())
        .collect();
    let text = text.join("\n");
    for section in [
        "[联络员]",
        "[标记]",
        "[全局]",
        "[详情]",
        "[筛选]",
        "[选择框]",
        "[表单]",
        "[确认]",
        "[帮助]",
    ] {
        assert!(text.contains(section), "{section}:\n{text}");
    }
    for id in ["quit", "view.overview", "contacts.reassign", "lookup.open"] {
        assert!(!text.contains(id), "{id}:\n{text}");
    }
    for rule in lianluo::coverage::RULE_TABLE {
        assert!(
            text.contains(&format!("!{}", rule.mark)) && text.contains(rule.label_zh),
            "{}",
            rule.id
        );
    }
    assert!(text.contains("停"), "{text}");
}

#[test]
fn marks_are_letters_per_rule_and_inactive_people_are_marked_in_text_and_sort_last() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    // C00019's deputy is outside its cell: the mismatch rule's letter, not a count.
    press(&mut app, "5");
    let text = screen(&mut app, 80, 24);
    let row = text.lines().find(|l| l.contains("C00019")).expect("row");
    assert!(row.trim_end().ends_with("!M"), "{row}");
    assert!(!text.contains("!1"), "{text}");
    // D00007 is inactive: marked in text, and last in the points sort both ways.
    press(&mut app, "4");
    let text = screen(&mut app, 80, 24);
    let row = text.lines().find(|l| l.contains("D00007")).expect("row");
    assert!(row.contains(" off"), "{row}");
    for keys in ["o o o o o o o o", "O"] {
        press(&mut app, keys);
        let text = screen(&mut app, 80, 24);
        let first = text.lines().nth(2).unwrap_or_default();
        assert!(!first.contains("off"), "{keys}: {first}\n{text}");
    }
    // The legend under the table names the marks.
    assert!(
        text.contains("!R deputy-no-reception") || text.contains("!L deputy-no-contact"),
        "{text}"
    );
    // A detail's gaps carry the same mark as the rows.
    press(&mut app, "5 / text:C00019 Enter Enter");
    let detail = screen(&mut app, 80, 24);
    assert!(detail.contains("!M contact-deputy-mismatch"), "{detail}");
}

#[test]
fn wide_terminals_give_the_cut_columns_room_and_tables_scroll_sideways() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "5");
    let wide = screen(&mut app, 120, 40);
    for cut in ["secreta…", "committ…", "grid_wo…", "G00001 杜家村…"] {
        assert!(!wide.contains(cut), "{cut}:\n{wide}");
    }
    press(&mut app, "2");
    let wide = screen(&mut app, 120, 40);
    assert!(!wide.contains("杜家村居…"), "{wide}");
    press(&mut app, "7");
    let wide = screen(&mut app, 160, 40);
    assert!(!wide.contains("联络…"), "{wide}");
    // At 80 columns the contacts' cells are cut: › says so, l scrolls.
    press(&mut app, "5");
    let narrow = screen(&mut app, 80, 24);
    let header = narrow.lines().nth(1).unwrap_or_default();
    assert!(header.starts_with("  Code") && header.ends_with('›'), "{header}");
    assert!(narrow.contains("G00001 杜家村…"), "{narrow}");
    press(&mut app, "l l");
    let scrolled = screen(&mut app, 80, 24);
    let header = scrolled.lines().nth(1).unwrap_or_default();
    assert!(header.starts_with("‹ Code") && !header.contains("Name"), "{header}");
    assert!(scrolled.contains("G00001 杜家村第1网格"), "{scrolled}");
    assert!(scrolled.contains(" >C00001"), "the cursor stays: {scrolled}");
    press(&mut app, "Left Left");
    assert_eq!(screen(&mut app, 80, 24), narrow);
}

#[test]
fn details_show_whole_labels_aligned_people_newest_receptions_and_do_not_scroll_for_nothing() {
    use unicode_width::UnicodeWidthStr;
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "2 Enter");
    let cell = screen(&mut app, 80, 24);
    for label in ["Town / village", "Households/pop.", "Nearest station"] {
        assert!(cell.contains(label), "{label}:\n{cell}");
    }
    // The contacts' deputies start in one column, whatever the names' widths.
    let arrows: Vec<usize> = cell
        .lines()
        .filter_map(|l| l.find(" → ").map(|i| UnicodeWidthStr::width(&l[..i])))
        .collect();
    assert!(
        arrows.len() >= 2 && arrows.iter().all(|&a| a == arrows[0]),
        "{arrows:?}\n{cell}"
    );
    // Everything fits at 120×40: Down keeps the first line.
    let tall = screen(&mut app, 120, 40);
    press(&mut app, "Down Down");
    assert_eq!(screen(&mut app, 120, 40), tall);
    // A station's rota runs day by day, and opens on the day at hand
    // (the first slot from the as-of date on): what is recorded now is in
    // view, not a year's lines down.
    press(&mut app, "Esc 7 Down Down Down Enter");
    let station = screen(&mut app, 80, 24);
    let dates: Vec<&str> = station
        .lines()
        .filter_map(|l| l.trim_start_matches(['│', ' ', '>']).get(..10))
        .filter(|d| d.starts_with("2026-"))
        .collect();
    assert!(dates.len() >= 3, "{station}");
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "in date order: {dates:?}");
    let at_cursor = station
        .lines()
        .find_map(|l| l.trim_start_matches('│').strip_prefix('>'))
        .and_then(|l| l.trim_start().get(..10))
        .expect("a slot under the cursor");
    assert!(at_cursor >= "2026-11-22", "{station}");
}

/// Whether the map's drawing (not its legend) shows the selection's `@`.
fn map_shows_selection(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .get(1..lines.len().saturating_sub(4))
        .unwrap_or_default()
        .iter()
        .any(|l| l.contains('@'))
}

#[test]
fn the_map_keeps_the_selected_cell_in_view_and_its_hint_names_the_arrows() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(open(&db, false), lang);
        press(&mut app, "3");
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("←↑↓→"), "{text}");
        press(&mut app, "+ + + + +");
        for _ in 0..15 {
            press(&mut app, "Right");
            let text = screen(&mut app, 80, 24);
            assert!(map_shows_selection(&text), "{text}");
        }
        for _ in 0..10 {
            press(&mut app, "Down");
            let text = screen(&mut app, 80, 24);
            assert!(map_shows_selection(&text), "{text}");
        }
        for keys in ["L", "L", "L", "H", "J", "J", "K", "-", "+ +"] {
            for _ in 0..4 {
                press(&mut app, keys);
                let text = screen(&mut app, 80, 24);
                assert!(map_shows_selection(&text), "{keys}: {text}");
            }
        }
    }
}

#[test]
fn the_overview_shows_the_years_figures_as_the_report_counts_them() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let day = as_of();
    let year_start = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&day), 1, 1).expect("1 January");
    let ds = open(&db, false).load_period(year_start, day).expect("load");
    let report = lianluo::report::figures(&ds, year_start, day);
    let pct = lianluo::coverage::percent;
    let rates = report.suggestions.rates();
    for (lang, words) in [
        (
            Lang::En,
            [
                format!(
                    "Visits / people  {} / {}",
                    report.receptions.records, report.receptions.constituents
                ),
                format!(
                    "Suggestions / solved {} / {}",
                    report.suggestions.received, report.suggestions.resolved
                ),
                format!("reply {} on time {}", pct(rates.reply_rate), pct(rates.on_time_rate)),
                format!("satisfied {}", pct(rates.satisfaction_rate)),
            ],
        ),
        (
            Lang::Zh,
            [
                format!(
                    "进站 / 接待群众  {} / {}",
                    report.receptions.records, report.receptions.constituents
                ),
                format!(
                    "收集 / 解决建议  {} / {}",
                    report.suggestions.received, report.suggestions.resolved
                ),
                format!("答复率 {} 按期率 {}", pct(rates.reply_rate), pct(rates.on_time_rate)),
                format!("办结率 {}", pct(rates.completion_rate)),
            ],
        ),
    ] {
        let mut app = app_on(open(&db, false), lang);
        let text = screen(&mut app, 80, 24);
        for w in words {
            assert!(text.contains(&w), "{w:?} not on the Overview:\n{text}");
        }
    }
}
