//! Loads `keymaps/default.toml` (embedded) and patches it with the
//! operator's own file: override a key, add one, unbind one. An unknown
//! action, a bad key or a clash is an error naming the file and line.
//! Help and the status-bar hints are generated from the loaded table.

use super::action::Action;
use crate::i18n::{tr, Lang};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.toml");

/// Where a binding applies. Views look in their own context, then global;
/// pickers, forms, filters and confirmations only in their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Overview,
    Cells,
    Map,
    Deputies,
    Contacts,
    Suggestions,
    Stations,
    Gaps,
    Units,
    Detail,
    Picker,
    Confirm,
    Form,
    Filter,
    Help,
}

impl Context {
    pub const ALL: [Context; 16] = [
        Context::Global,
        Context::Overview,
        Context::Cells,
        Context::Map,
        Context::Deputies,
        Context::Contacts,
        Context::Suggestions,
        Context::Stations,
        Context::Gaps,
        Context::Units,
        Context::Detail,
        Context::Picker,
        Context::Confirm,
        Context::Form,
        Context::Filter,
        Context::Help,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Overview => "overview",
            Context::Cells => "cells",
            Context::Map => "map",
            Context::Deputies => "deputies",
            Context::Contacts => "contacts",
            Context::Suggestions => "suggestions",
            Context::Stations => "stations",
            Context::Gaps => "gaps",
            Context::Units => "units",
            Context::Detail => "detail",
            Context::Picker => "picker",
            Context::Confirm => "confirm",
            Context::Form => "form",
            Context::Filter => "filter",
            Context::Help => "help",
        }
    }

    pub fn parse(name: &str) -> Option<Context> {
        Context::ALL.iter().copied().find(|c| c.name() == name)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Context::Global => tr(lang, "全局", "Everywhere"),
            Context::Overview => tr(lang, "总览", "Overview"),
            Context::Cells => tr(lang, "网格", "Cells"),
            Context::Map => tr(lang, "地图", "Map"),
            Context::Deputies => tr(lang, "代表", "Deputies"),
            Context::Contacts => tr(lang, "联络员", "Contacts"),
            Context::Suggestions => tr(lang, "意见建议", "Suggestions"),
            Context::Stations => tr(lang, "联络站", "Stations"),
            Context::Gaps => tr(lang, "覆盖缺口", "Gaps"),
            Context::Units => tr(lang, "承办单位", "Units"),
            Context::Detail => tr(lang, "详情", "Detail"),
            Context::Picker => tr(lang, "选择框", "Picker"),
            Context::Confirm => tr(lang, "确认", "Confirmation"),
            Context::Form => tr(lang, "表单", "Form"),
            Context::Filter => tr(lang, "筛选", "Filter"),
            Context::Help => tr(lang, "帮助", "Help"),
        }
    }
}

/// Keys the program keeps for itself in every context, whatever a keymap
/// file says: Ctrl-C quits (asking first over a typed form), Ctrl-Z
/// suspends (see `App::queue_key`).
pub const FIXED_KEYS: [Key; 2] = [
    Key {
        code: KeyCode::Char('c'),
        ctrl: true,
        alt: false,
    },
    Key {
        code: KeyCode::Char('z'),
        ctrl: true,
        alt: false,
    },
];

/// A key as written in a keymap file (`r`, `Ctrl-f`, `PgDn`, `Space`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// The key of a terminal event. Shift is folded into the character
    /// (`G` is Shift-g), so it is not kept.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let code = match ev.code {
            KeyCode::Char(c) if ev.modifiers.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Reads `r`, `G`, `Ctrl-f`, `C-f`, `Enter`, `Esc`, `Space`, `PgUp`,
    /// `Up`, `F1`, `+`, `-`, …
    pub fn parse(text: &str) -> Option<Key> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        let (mut ctrl, mut alt) = (false, false);
        let mut rest = t;
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = ["ctrl-", "ctrl+", "c-"]
                .iter()
                .find(|p| lower.starts_with(*p) && rest.len() > p.len());
            if let Some(p) = prefix {
                ctrl = true;
                rest = &rest[p.len()..];
                continue;
            }
            let prefix = ["alt-", "alt+", "a-", "m-"]
                .iter()
                .find(|p| lower.starts_with(*p) && rest.len() > p.len());
            if let Some(p) = prefix {
                alt = true;
                rest = &rest[p.len()..];
                continue;
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() && c != ' ' => {
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" | "cr" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "space" | "spc" => KeyCode::Char(' '),
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" | "s-tab" => KeyCode::BackTab,
                "backspace" | "bs" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" | "pgdown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                f if f.starts_with('f') && f.len() > 1 => {
                    let n: u8 = f[1..].parse().ok()?;
                    if !(1..=12).contains(&n) {
                        return None;
                    }
                    KeyCode::F(n)
                }
                _ => return None,
            },
        };
        Some(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// One key bound to an action in a context, with its help text.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    pub about: Option<String>,
    pub about_zh: Option<String>,
}

impl Binding {
    pub fn about(&self, lang: Lang) -> String {
        // Each language's own override, else the action table's words:
        // the keymap file holds only texts that differ from the table.
        let own = match lang {
            Lang::Zh => self.about_zh.as_ref(),
            Lang::En => self.about.as_ref(),
        };
        match own {
            Some(text) => text.clone(),
            None => self.action.about(lang).to_string(),
        }
    }
}

/// The loaded keymap: for each context, its bindings in file order.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    contexts: BTreeMap<Context, Vec<Binding>>,
}

impl Keymap {
    /// The action bound to `key` in exactly this context.
    pub fn lookup(&self, ctx: Context, key: Key) -> Option<Action> {
        self.contexts.get(&ctx)?.iter().find(|b| b.key == key).map(|b| b.action)
    }

    /// The bindings of a context, in order (for help).
    pub fn bindings(&self, ctx: Context) -> &[Binding] {
        self.contexts.get(&ctx).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The keys bound to an action in a context, joined (`r`, `↑/k`).
    pub fn keys_for(&self, ctx: Context, action: Action) -> Option<String> {
        let keys: Vec<String> = self
            .bindings(ctx)
            .iter()
            .filter(|b| b.action == action)
            .map(|b| b.key.to_string())
            .collect();
        (!keys.is_empty()).then(|| keys.join("/"))
    }

    /// The keys for an action looked up in a view context, then global.
    pub fn keys_in_view(&self, ctx: Context, action: Action) -> Option<String> {
        self.keys_for(ctx, action)
            .or_else(|| self.keys_for(Context::Global, action))
    }
}

/// What went wrong with a keymap file, with file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct KeymapError {
    pub file: PathBuf,
    pub line: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Syntax(String),
    UnknownContext(String),
    UnknownAction(String),
    BadKey(String),
    /// Two actions on one key in one context.
    Clash {
        context: String,
        key: String,
        first: String,
        second: String,
        first_line: usize,
    },
    Unreadable(String),
}

impl KeymapError {
    pub fn message(&self, lang: Lang) -> String {
        let what = match &self.problem {
            Problem::Syntax(m) => format!("{}: {m}", tr(lang, "格式错误", "not valid TOML")),
            Problem::UnknownContext(c) => format!("{} [{c}]", tr(lang, "未知的分区", "unknown section")),
            Problem::UnknownAction(a) => format!("{} \"{a}\"", tr(lang, "未知的动作", "unknown action")),
            Problem::BadKey(k) => format!("{} \"{k}\"", tr(lang, "无法识别的按键", "bad key")),
            Problem::Clash {
                context,
                key,
                first,
                second,
                first_line,
            } => match lang {
                Lang::Zh => {
                    format!("按键冲突：[{context}] 中的 {key} 同时绑定了 {first}（第 {first_line} 行）和 {second}")
                }
                Lang::En => {
                    format!("key clash: {key} in [{context}] is bound to both {first} (line {first_line}) and {second}")
                }
            },
            Problem::Unreadable(m) => format!("{}: {m}", tr(lang, "无法读取", "cannot read")),
        };
        format!("{}:{}: {}", self.file.display(), self.line, what)
    }
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for KeymapError {}

#[derive(Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    keys: Keys,
    action: String,
    about: Option<String>,
    about_zh: Option<String>,
    #[allow(dead_code)]
    writes: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSection {
    #[serde(default)]
    bind: Vec<Spanned<RawBinding>>,
    #[serde(default)]
    unbind: Vec<Spanned<String>>,
}

type RawFile = BTreeMap<Spanned<String>, Spanned<RawSection>>;

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map(|t| t.matches('\n').count() + 1)
        .unwrap_or(1)
}

/// The default keymap, patched by the operator's file when given.
// Loaded once at start-up: the size of the error does not matter.
#[allow(clippy::result_large_err)]
pub fn load(user: Option<&Path>) -> Result<Keymap, KeymapError> {
    let mut map = Keymap::default();
    apply(&mut map, Path::new("keymaps/default.toml"), DEFAULT_KEYMAP, false)?;
    if let Some(path) = user {
        let text = std::fs::read_to_string(path).map_err(|e| KeymapError {
            file: path.to_path_buf(),
            line: 0,
            problem: Problem::Unreadable(e.to_string()),
        })?;
        apply(&mut map, path, &text, true)?;
    }
    Ok(map)
}

/// Parse a keymap text on its own (tests, and `load`).
// Loaded once at start-up: the size of the error does not matter.
#[allow(clippy::result_large_err)]
pub fn parse(file: &Path, text: &str) -> Result<Keymap, KeymapError> {
    let mut map = Keymap::default();
    apply(&mut map, file, text, false)?;
    Ok(map)
}

// Loaded once at start-up: the size of the error does not matter.
#[allow(clippy::result_large_err)]
fn apply(map: &mut Keymap, file: &Path, text: &str, patch: bool) -> Result<(), KeymapError> {
    let err = |offset: usize, problem: Problem| KeymapError {
        file: file.to_path_buf(),
        line: line_of(text, offset),
        problem,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        err(offset, Problem::Syntax(e.message().to_string()))
    })?;
    for (name, section) in raw {
        let ctx = Context::parse(name.get_ref())
            .ok_or_else(|| err(name.span().start, Problem::UnknownContext(name.get_ref().clone())))?;
        let section = section.into_inner();
        let list = map.contexts.entry(ctx).or_default();
        for key in &section.unbind {
            let k = Key::parse(key.get_ref())
                .ok_or_else(|| err(key.span().start, Problem::BadKey(key.get_ref().clone())))?;
            list.retain(|b| b.key != k);
        }
        // What this file has bound in this context so far: key → (action, line).
        let mut seen: std::collections::HashMap<Key, (String, usize)> = std::collections::HashMap::new();
        for entry in section.bind {
            let line = line_of(text, entry.span().start);
            let b = entry.into_inner();
            let action = if b.action.trim() == "none" {
                None
            } else {
                Some(Action::parse(&b.action).ok_or_else(|| KeymapError {
                    file: file.to_path_buf(),
                    line,
                    problem: Problem::UnknownAction(b.action.clone()),
                })?)
            };
            let keys = match b.keys {
                Keys::One(k) => vec![k],
                Keys::Many(ks) => ks,
            };
            for key_text in keys {
                let key = Key::parse(&key_text).ok_or_else(|| KeymapError {
                    file: file.to_path_buf(),
                    line,
                    problem: Problem::BadKey(key_text.clone()),
                })?;
                if let Some((first, first_line)) = seen.get(&key) {
                    if first != b.action.trim() {
                        return Err(KeymapError {
                            file: file.to_path_buf(),
                            line,
                            problem: Problem::Clash {
                                context: ctx.name().to_string(),
                                key: key.to_string(),
                                first: first.clone(),
                                second: b.action.trim().to_string(),
                                first_line: *first_line,
                            },
                        });
                    }
                }
                seen.insert(key, (b.action.trim().to_string(), line));
                // A patch overrides whatever the key did before in this context.
                if patch {
                    list.retain(|old| old.key != key);
                }
                if let Some(action) = action {
                    list.push(Binding {
                        key,
                        action,
                        about: b.about.clone(),
                        about_zh: b.about_zh.clone(),
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_and_chorded_keys() {
        assert_eq!(
            Key::parse("Ctrl-f"),
            Some(Key {
                code: KeyCode::Char('f'),
                ctrl: true,
                alt: false
            })
        );
        assert_eq!(Key::parse("PgDn"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("Space"), Some(Key::plain(KeyCode::Char(' '))));
        assert_eq!(Key::parse("G"), Some(Key::plain(KeyCode::Char('G'))));
        assert_eq!(Key::parse("+"), Some(Key::plain(KeyCode::Char('+'))));
        assert_eq!(Key::parse("Ctrl-"), None);
        assert_eq!(Key::parse("Hyper-x"), None);
        assert_eq!(Key::parse("F13"), None);
    }

    #[test]
    fn line_numbers_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
