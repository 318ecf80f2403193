//! The reception desk (first-use #2, #12): a constituent names a person;
//! the operator reaches that person's cell — its deputies, contacts and
//! pending suggestions — in at most six keys from any view.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::tui::app::{DetailKind, Overlay};
use tui_support::*;

fn top_detail(app: &lianluo::tui::App) -> Option<(DetailKind, String)> {
    match app.overlays.last() {
        Some(Overlay::Detail(d)) => Some((d.kind, d.code.clone())),
        _ => None,
    }
}

/// The cell of a contact, from the database.
fn cell_of(db: &std::path::Path, contact: &str) -> String {
    contact_of(db, contact).cell_code.to_string()
}

#[test]
fn a_contact_named_by_pinyin_initials_opens_their_cell_in_three_keys() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "6"); // any view
                          // Ctrl-f, the initials (one key: typing), Tab: the cell of the person highlighted.
    press(&mut app, "C-f text:blr Tab");
    let cell = cell_of(&db, "C00019");
    assert_eq!(top_detail(&app), Some((DetailKind::Cell, cell.clone())));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains(&format!("网格 {cell}")), "{text}");
    assert!(text.contains("C00019 白琳荣"), "the cell lists its contacts: {text}");
}

#[test]
fn enter_in_a_contacts_detail_opens_the_cell_and_the_hint_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "C-f text:blr Enter");
    assert_eq!(top_detail(&app), Some((DetailKind::Contact, "C00019".to_string())));
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("Enter Open the cell"),
        "the hint names what Enter does: {text}"
    );
    press(&mut app, "Enter");
    assert_eq!(top_detail(&app), Some((DetailKind::Cell, cell_of(&db, "C00019"))));
}

#[test]
fn a_deputy_with_several_cells_is_asked_which_one_to_open() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = open(&db, true).load().expect("load");
    // A deputy covering three cells or more.
    let (deputy, cells) = ds
        .deputies
        .iter()
        .filter(|d| d.active)
        .map(|d| {
            let cells: Vec<String> = ds
                .assignments
                .iter()
                .filter(|a| a.deputy_code == d.code)
                .map(|a| a.cell_code.to_string())
                .collect();
            (d.code.to_string(), cells)
        })
        .find(|(_, cells)| cells.len() >= 3)
        .expect("a deputy with several cells");
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, &format!("C-f text:{deputy} Enter Enter"));
    let Some(Overlay::Picker { picker, .. }) = app.overlays.last() else {
        panic!("no choice of cells: {:?}", app.overlays.last())
    };
    let offered: Vec<&str> = picker.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(offered, cells.iter().map(String::as_str).collect::<Vec<_>>());
    // Six keys in all: Ctrl-f, the code, Enter, Enter, Down, Enter.
    press(&mut app, "Down Enter");
    assert_eq!(top_detail(&app), Some((DetailKind::Cell, cells[1].clone())));
}
