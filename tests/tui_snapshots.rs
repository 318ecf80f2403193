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
const SCREENS: [(&str, &str); 14] = [
    ("overview", "1"),
    ("cells", "2"),
    ("cell_detail", "2 Enter"),
    ("map", "3"),
    ("deputies", "4"),
    ("deputy_detail", "4 Enter"),
    ("contacts", "5"),
    ("suggestions", "6"),
    ("stations", "7"),
    ("gaps", "8"),
    ("help", "5 ?"),
    ("reassign_picker", "5 / text:C00042 Enter r"),
    ("reassign_confirm", "5 / text:C00042 Enter r text:D00036 Enter"),
    ("suggestion_form", "2 a text:村口路灯"),
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
