//! The key documentation cannot drift from the keys: the help screen lists
//! every binding of the keymap with the words of the action table (or the
//! keymap's own override), the keymap file copies none of the table's
//! words, and the README's key table names only keys bound where it says.

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::tui::action::Action;
use lianluo::tui::keymap::{self, Context, Key, FIXED_KEYS};
use lianluo::tui::views::{self, View};
use tui_support::*;

fn text_of(lines: &[ratatui::text::Line]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect::<String>())
        .collect()
}

#[test]
fn help_lists_every_binding_of_every_context_with_its_keys_and_words() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(open(&db, false), lang);
        for view in View::ALL {
            app.dispatch(view.action());
            let lines = text_of(&views::help::lines(&app));
            for ctx in [
                view.context(),
                Context::Global,
                Context::Detail,
                Context::Picker,
                Context::Form,
            ] {
                for b in app.keymap.bindings(ctx) {
                    let words = b.about(lang);
                    let keys = app.keymap.keys_for(ctx, b.action).expect("bound");
                    let first = keys.split('/').next().unwrap_or("").to_string();
                    assert!(
                        lines.iter().any(|l| l.starts_with(&first) && l.contains(&words)),
                        "{view:?} {ctx:?}: {first} {words} missing"
                    );
                }
            }
        }
    }
}

#[test]
fn the_default_keymap_overrides_the_action_tables_words_and_never_copies_them() {
    let value: toml::Table = toml::from_str(keymap::DEFAULT_KEYMAP).expect("toml");
    for (section, body) in value {
        let binds = body.get("bind").and_then(|b| b.as_array()).cloned().unwrap_or_default();
        for b in binds {
            let name = b.get("action").and_then(|a| a.as_str()).expect("action");
            let Some(action) = Action::parse(name) else { continue };
            for (field, lang) in [("about", Lang::En), ("about_zh", Lang::Zh)] {
                if let Some(text) = b.get(field).and_then(|t| t.as_str()) {
                    assert_ne!(
                        text,
                        action.about(lang),
                        "[{section}] {name}: {field} copies the action table"
                    );
                }
            }
        }
    }
}

/// The contexts a README row's "where" means (a view's keys are its own
/// and the global ones, as the app looks them up).
fn contexts_of(place: &str) -> Vec<Context> {
    if let Some(view) = View::ALL.into_iter().find(|v| place.starts_with(v.label(Lang::En))) {
        return vec![view.context(), Context::Global];
    }
    if place.contains("anywhere") {
        return vec![Context::Global, Context::Picker];
    }
    if place.contains("detail") {
        return vec![Context::Detail];
    }
    if place.contains("table") {
        return View::ALL.iter().map(|v| v.context()).chain([Context::Global]).collect();
    }
    panic!("README: unknown place {place:?}");
}

#[test]
fn the_readmes_key_table_names_only_keys_bound_where_it_says() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let section = readme
        .split("## At the reception desk")
        .nth(1)
        .expect("the README's key section");
    let map = keymap::load(None).expect("keymap");
    let mut rows = 0;
    for line in section.lines().skip_while(|l| !l.starts_with("| key")).skip(2) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, keys, place, _what, ..] = cells.as_slice() else {
            break;
        };
        rows += 1;
        let contexts = contexts_of(place);
        // Each `key` of the first column that reads as a key.
        for token in keys.split('`').skip(1).step_by(2) {
            let Some(key) = Key::parse(token) else { continue };
            let fixed = FIXED_KEYS
                .iter()
                .any(|f| Key::parse(&token.to_ascii_lowercase()) == Some(*f));
            let bound = contexts.iter().any(|c| map.lookup(*c, key).is_some());
            assert!(fixed || bound, "README names {token} for {place:?}, not bound there");
        }
    }
    assert!(rows >= 5, "only {rows} rows read");
}
