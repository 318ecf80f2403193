//! The keymap: the default file parses and names only real actions; an
//! operator's file patches it, and its mistakes are reported by file and line.

use lianluo::tui::action::Action;
use lianluo::tui::keymap::{self, Context, Key, Problem};
use ratatui::crossterm::event::KeyCode;
use std::io::Write;

fn user_file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(text.as_bytes()).expect("write");
    f
}

fn key(text: &str) -> Key {
    Key::parse(text).expect("key")
}

#[test]
fn default_keymap_parses_and_binds_the_spec_keys() {
    let map = keymap::load(None).expect("default keymap loads");
    let g = Context::Global;
    assert_eq!(map.lookup(g, key("q")), Some(Action::Quit));
    assert_eq!(map.lookup(g, key("5")), Some(Action::ViewContacts));
    assert_eq!(map.lookup(g, key("Ctrl-f")), Some(Action::LookupOpen));
    assert_eq!(map.lookup(g, key(":")), Some(Action::LookupOpen));
    assert_eq!(map.lookup(g, key("/")), Some(Action::FilterOpen));
    assert_eq!(map.lookup(g, key("j")), Some(Action::MoveDown));
    assert_eq!(map.lookup(g, key("Down")), Some(Action::MoveDown));
    assert_eq!(map.lookup(Context::Contacts, key("r")), Some(Action::ContactsReassign));
    assert_eq!(map.lookup(Context::Contacts, key("Space")), Some(Action::SelectToggle));
    assert_eq!(
        map.lookup(Context::Suggestions, key("s")),
        Some(Action::SuggestionsAdvance)
    );
    assert_eq!(map.lookup(Context::Map, key("+")), Some(Action::MapZoomIn));
    // In a picker, letters are text, not view keys.
    assert_eq!(map.lookup(Context::Picker, key("j")), None);
    assert_eq!(map.lookup(Context::Picker, key("Enter")), Some(Action::Open));
}

#[test]
fn every_action_named_in_the_default_file_exists_and_writes_are_marked() {
    let text = keymap::DEFAULT_KEYMAP;
    let value: toml::Table = toml::from_str(text).expect("toml");
    let mut seen = 0;
    for (_, section) in value {
        let binds = section
            .get("bind")
            .and_then(|b| b.as_array())
            .cloned()
            .unwrap_or_default();
        for b in binds {
            let name = b.get("action").and_then(|a| a.as_str()).expect("action");
            let action = Action::parse(name).unwrap_or_else(|| panic!("unknown action {name} in default.toml"));
            let marked = b.get("writes").and_then(|w| w.as_bool()).unwrap_or(false);
            assert_eq!(marked, action.writes(), "{name}: writes mark disagrees with the action");
            seen += 1;
        }
    }
    assert!(seen > 40, "only {seen} bindings");
}

#[test]
fn a_user_file_overrides_adds_and_unbinds() {
    let f = user_file(
        "[contacts]\nbind = [ { keys = \"R\", action = \"contacts.reassign\" }, { keys = \"m\", action = \"none\" } ]\nunbind = [\"x\"]\n\n[global]\nbind = [ { keys = \"q\", action = \"help\" } ]\n",
    );
    let map = keymap::load(Some(f.path())).expect("loads");
    assert_eq!(map.lookup(Context::Contacts, key("R")), Some(Action::ContactsReassign));
    assert_eq!(map.lookup(Context::Contacts, key("r")), Some(Action::ContactsReassign));
    assert_eq!(map.lookup(Context::Contacts, key("m")), None);
    assert_eq!(map.lookup(Context::Contacts, key("x")), None);
    assert_eq!(map.lookup(Context::Global, key("q")), Some(Action::Help));
}

#[test]
fn an_unknown_action_is_reported_with_file_and_line() {
    let f = user_file("# mine\n[contacts]\nbind = [\n  { keys = \"r\", action = \"contacts.reasign\" },\n]\n");
    let err = keymap::load(Some(f.path())).expect_err("refused");
    assert_eq!(err.problem, Problem::UnknownAction("contacts.reasign".into()));
    assert_eq!(err.line, 4);
    let msg = err.message(lianluo::i18n::Lang::En);
    assert!(msg.starts_with(&format!("{}:4:", f.path().display())), "{msg}");
    assert!(msg.contains("contacts.reasign"), "{msg}");
}

#[test]
fn a_clash_names_both_actions_and_lines() {
    let f = user_file(
        "[contacts]\nbind = [\n  { keys = \"z\", action = \"contacts.reassign\" },\n  { keys = \"z\", action = \"contacts.move\" },\n]\n",
    );
    let err = keymap::load(Some(f.path())).expect_err("refused");
    assert_eq!(err.line, 4);
    match &err.problem {
        Problem::Clash {
            first,
            second,
            first_line,
            ..
        } => {
            assert_eq!(first, "contacts.reassign");
            assert_eq!(second, "contacts.move");
            assert_eq!(*first_line, 3);
        }
        other => panic!("expected a clash, got {other:?}"),
    }
}

#[test]
fn a_bad_key_an_unknown_section_and_bad_toml_are_refused() {
    let f = user_file("[contacts]\nbind = [ { keys = \"Hyper-r\", action = \"contacts.reassign\" } ]\n");
    let err = keymap::load(Some(f.path())).expect_err("bad key");
    assert_eq!(err.problem, Problem::BadKey("Hyper-r".into()));
    assert_eq!(err.line, 2);

    let f = user_file("\n\n[contacs]\nbind = []\n");
    let err = keymap::load(Some(f.path())).expect_err("bad section");
    assert_eq!(err.problem, Problem::UnknownContext("contacs".into()));
    assert_eq!(err.line, 3);

    let f = user_file("[contacts]\nbind = [ { keys = \"r\" action = \"x\" } ]\n");
    let err = keymap::load(Some(f.path())).expect_err("bad toml");
    assert!(matches!(err.problem, Problem::Syntax(_)));
    assert_eq!(err.line, 2);
}

#[test]
fn arrows_and_vi_keys_move_alike() {
    let map = keymap::load(None).expect("loads");
    for (a, b) in [("Up", "k"), ("Down", "j"), ("Left", "h"), ("Right", "l")] {
        assert_eq!(map.lookup(Context::Global, key(a)), map.lookup(Context::Global, key(b)));
    }
    assert_eq!(key("PgDn").code, KeyCode::PageDown);
}
