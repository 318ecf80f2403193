//! The TUI never draws a character from data that could drive the terminal
//! or break its lines (hardening L1: U+2028 passed where 17 other vectors
//! held): line and paragraph separators, zero-width characters, bidi marks.

mod tui_support;

use lianluo::i18n::Lang;
use tui_support::*;

fn unsafe_on_screen(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
        })
        .collect()
}

#[test]
fn separators_and_invisible_characters_in_names_never_reach_the_screen() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut store = open(&db, false);
    let mut ds = store.load().expect("load");
    let c = ds.contacts.iter_mut().find(|c| c.code == "C00042").expect("contact");
    c.name = "王\u{2028}林\u{200b}汉\u{2029}\u{feff}\u{061c}".into();
    let set = lianluo::store::ImportSet {
        contacts: Some(vec![c.clone()]),
        ..Default::default()
    };
    store.apply_import(&actor("setup"), set).expect("import");
    let mut app = app_on(store, Lang::En);
    press(&mut app, "5 / text:C00042 Enter");
    let list = screen(&mut app, 80, 24);
    assert!(list.contains("王林汉"), "{list}");
    press(&mut app, "Enter");
    let detail = screen(&mut app, 80, 24);
    assert!(detail.contains("王林汉"), "{detail}");
    press(&mut app, "Esc Esc Ctrl-f text:C00042");
    let lookup = screen(&mut app, 80, 24);
    assert!(lookup.contains("王林汉"), "{lookup}");
    for (what, text) in [("list", &list), ("detail", &detail), ("lookup", &lookup)] {
        assert_eq!(unsafe_on_screen(text), Vec::<char>::new(), "{what}: {text}");
    }
}
