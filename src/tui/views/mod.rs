//! One file per view; this one lays out the screen: the view tabs, the
//! current view, any overlay (detail, picker, confirmation, form, help),
//! the hint or message line and the status bar.

pub mod cells;
pub mod contacts;
pub mod deputies;
pub mod detail;
pub mod gaps;
pub mod help;
pub mod history;
pub mod map;
pub mod overview;
pub mod rota;
pub mod stations;
pub mod suggestions;
pub mod units;

use super::action::Action;
use super::app::{App, DetailKind, Overlay};
use super::keymap::Context;
use super::widgets::{input, status, truncate, width};
use crate::i18n::{tr, Lang};
use crate::model::Kind;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// Smallest usable screen; below it a "too small" notice is shown.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    Cells,
    Map,
    Deputies,
    Contacts,
    Suggestions,
    Stations,
    Gaps,
    Units,
}

impl View {
    pub const ALL: [View; 9] = [
        View::Overview,
        View::Cells,
        View::Map,
        View::Deputies,
        View::Contacts,
        View::Suggestions,
        View::Stations,
        View::Gaps,
        View::Units,
    ];

    pub fn context(self) -> Context {
        match self {
            View::Overview => Context::Overview,
            View::Cells => Context::Cells,
            View::Map => Context::Map,
            View::Deputies => Context::Deputies,
            View::Contacts => Context::Contacts,
            View::Suggestions => Context::Suggestions,
            View::Stations => Context::Stations,
            View::Gaps => Context::Gaps,
            View::Units => Context::Units,
        }
    }

    pub fn action(self) -> Action {
        match self {
            View::Overview => Action::ViewOverview,
            View::Cells => Action::ViewCells,
            View::Map => Action::ViewMap,
            View::Deputies => Action::ViewDeputies,
            View::Contacts => Action::ViewContacts,
            View::Suggestions => Action::ViewSuggestions,
            View::Stations => Action::ViewStations,
            View::Gaps => Action::ViewGaps,
            View::Units => Action::ViewUnits,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        self.context().label(lang)
    }

    /// The actions the hint line offers in this view.
    fn hints(self) -> &'static [Action] {
        use Action::*;
        match self {
            View::Overview => &[LookupOpen, Help, Quit],
            View::Cells => &[Open, FilterOpen, SortNext, CellsAssign, SuggestionsAdd, Help],
            View::Map => &[Open, MapZoomIn, MapZoomOut, MapReset, Help],
            View::Deputies => &[Open, FilterOpen, SortNext, DeputiesHandover, Help],
            View::Contacts => &[SelectToggle, ContactsReassign, ContactsMove, FilterOpen, Undo, Help],
            View::Suggestions => &[
                SuggestionsAdd,
                SuggestionsAdvance,
                SuggestionsFilterStatus,
                FilterOpen,
                Help,
            ],
            View::Stations => &[Open, StationsRecord, FilterOpen, Help],
            View::Gaps => &[Open, GapsFix, FilterOpen, Help],
            View::Units => &[Open, SortPick, FilterOpen, Help],
        }
    }
}

/// The screen's rows: the view tabs, the view's body, the hint or
/// message line, the status bar. None below the smallest usable size.
pub fn screen_areas(area: Rect) -> Option<[Rect; 4]> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    Some(
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area),
    )
}

/// Where a view draws its table in a body (above the legend line of the
/// views that have one), None for a view without a table.
pub fn table_area(view: View, body: Rect) -> Option<Rect> {
    match view {
        View::Cells | View::Deputies | View::Contacts | View::Suggestions | View::Units => Some(with_legend(body).0),
        View::Stations | View::Gaps => Some(body),
        View::Overview | View::Map => None,
    }
}

/// Draw the whole screen from the state, as `App::prepare` left it:
/// nothing is read or changed here.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    let Some([tabs, body, hint, bar]) = screen_areas(area) else {
        return too_small(f, area, app.lang);
    };
    draw_tabs(f, tabs, app);
    match app.view {
        View::Overview => overview::draw(f, body, app),
        View::Cells => cells::draw(f, body, app),
        View::Map => map::draw(f, body, app),
        View::Deputies => deputies::draw(f, body, app),
        View::Contacts => contacts::draw(f, body, app),
        View::Suggestions => suggestions::draw(f, body, app),
        View::Stations => stations::draw(f, body, app),
        View::Gaps => gaps::draw(f, body, app),
        View::Units => units::draw(f, body, app),
    }
    let lang = app.lang;
    let theme = app.theme;
    let hint_text = hint_line(app);
    let n = app.overlays.len();
    for i in 0..n {
        let hint = overlay_hint(app, i);
        match app.overlays.get(i) {
            Some(Overlay::Detail(d)) => detail::draw(f, body, app, d),
            Some(Overlay::Picker { picker, .. }) => picker.render(f, body, &theme, lang, &hint),
            Some(Overlay::Form { form, .. }) => form.render(f, body, &theme, lang, &hint),
            Some(Overlay::Confirm { text, .. }) => confirm(f, body, app, text),
            Some(Overlay::Help { .. }) => help::draw(f, body, app),
            Some(Overlay::History { title, lines, scroll }) => {
                let (title, lines, scroll) = (title.clone(), lines.clone(), *scroll);
                history::draw(f, body, app, &title, &lines, scroll, &hint)
            }
            None => {}
        }
    }
    let line = match &app.message {
        None if app.typing.filtering => filter_line(app, hint.width as usize),
        Some(m) => Line::styled(
            truncate(&m.text, hint.width as usize),
            if m.error { theme.error() } else { theme.good() },
        ),
        None => Line::styled(truncate(&hint_text, hint.width as usize), theme.dim()),
    };
    f.render_widget(Paragraph::new(line), hint);
    status::render(f, bar, app);
}

fn too_small(f: &mut Frame, area: Rect, lang: Lang) {
    let text = match lang {
        Lang::Zh => format!(
            "终端太小：至少 {MIN_WIDTH}×{MIN_HEIGHT}（现在 {}×{}）。请放大窗口。",
            area.width, area.height
        ),
        Lang::En => format!(
            "Terminal too small: needs {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}). Enlarge the window.",
            area.width, area.height
        ),
    };
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn draw_tabs(f: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for v in View::ALL {
        let key = app.keymap.keys_for(Context::Global, v.action()).unwrap_or_default();
        let label = format!("{key}{}", v.label(app.lang));
        let style = if v == app.view {
            app.theme.cursor()
        } else {
            app.theme.plain()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "key what · key what" for actions, from the keymap.
pub fn hints_for(app: &App, ctx: Context, actions: &[Action]) -> String {
    let mut parts = Vec::new();
    for a in actions {
        let binding = app
            .keymap
            .bindings(ctx)
            .iter()
            .chain(app.keymap.bindings(Context::Global))
            .find(|b| b.action == *a);
        if let Some(b) = binding {
            parts.push(format!("{} {}", b.key, b.about(app.lang)));
        }
    }
    parts.join(" · ")
}

fn hint_line(app: &App) -> String {
    use Action::*;
    match app.overlays.last() {
        // What the keys do in the detail itself, not in the view beneath.
        Some(Overlay::Detail(d)) => {
            let keys: &[Action] = match d.kind {
                // The rota's key is the Stations view's, under the detail.
                DetailKind::Station => {
                    return [
                        hints_for(app, Context::Detail, &[MoveDown]),
                        hints_for(app, Context::Stations, &[RotaAttend]),
                        hints_for(app, Context::Detail, &[Back]),
                    ]
                    .join(" · ")
                }
                DetailKind::Cell => &[MoveDown, SuggestionsAdd, Back],
                _ => &[OpenCell, MoveDown, SuggestionsAdd, Back],
            };
            hints_for(app, Context::Detail, keys)
        }
        _ if app.view == View::Map => format!(
            "{} · {}",
            map_moves(app),
            hints_for(app, Context::Map, app.view.hints())
        ),
        _ => hints_for(app, app.view.context(), app.view.hints()),
    }
}

/// The map's moves: the arrows pick a neighbour, the pan keys (from the
/// keymap) shift the view.
fn map_moves(app: &App) -> String {
    let first = |a: Action| {
        let keys = app.keymap.keys_for(Context::Map, a).unwrap_or_default();
        keys.split('/').next().unwrap_or("").to_string()
    };
    let pan: String = [
        Action::MapPanLeft,
        Action::MapPanDown,
        Action::MapPanUp,
        Action::MapPanRight,
    ]
    .into_iter()
    .map(first)
    .collect();
    match app.lang {
        Lang::Zh => format!("←↑↓→ 相邻网格 · {pan} 平移"),
        Lang::En => format!("←↑↓→ next cell · {pan} pan"),
    }
}

/// The filter being typed, with its cursor, then what Enter and Esc do.
fn filter_line(app: &App, room: usize) -> Line<'static> {
    let label = format!("{} ", tr(app.lang, "筛选：", "Filter:"));
    let keys = format!("  {}", hints_for(app, Context::Filter, &[Action::Open, Action::Back]));
    let text = app.table().map(|t| t.filter.as_str()).unwrap_or("");
    // The text gets what the label leaves, keeping at least 20 columns for it.
    let for_text = room.saturating_sub(width(&label) + width(&keys)).max(20);
    let mut spans = vec![Span::styled(label, app.theme.key())];
    // Reopened, the old text shows selected: typing replaces it.
    let (style, cursor) = if app.typing.filter_selected {
        (app.theme.cursor(), app.theme.plain())
    } else {
        (app.theme.plain(), app.theme.cursor())
    };
    spans.extend(input::spans(
        text,
        app.typing.filter_cursor,
        for_text.min(room.saturating_sub(width(&spans[0].content))),
        style,
        cursor,
    ));
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::styled(
        truncate(&keys, room.saturating_sub(used)),
        app.theme.dim(),
    ));
    Line::from(spans)
}

fn overlay_hint(app: &App, i: usize) -> String {
    use Action::*;
    match app.overlays.get(i) {
        Some(Overlay::Picker { source, .. }) => {
            let typed = tr(app.lang, "输入编码/姓名/拼音筛选", "type a code, name or pinyin");
            let keys: &[Action] = if *source == crate::tui::pick_lists::PickSource::Lookup {
                &[Open, OpenCell, Back]
            } else {
                &[Open, Back]
            };
            format!("{typed} · {}", hints_for(app, Context::Picker, keys))
        }
        Some(Overlay::Form { .. }) => hints_for(app, Context::Form, &[FormNext, FormChoiceNext, Open, Back]),
        Some(Overlay::Confirm { .. }) => hints_for(app, Context::Confirm, &[ConfirmYes, ConfirmNo]),
        Some(Overlay::History { .. }) => {
            let close = app.keymap.keys_for(Context::Help, Back).unwrap_or_default();
            let scroll = hints_for(app, Context::Help, &[MoveDown, MoveUp]);
            format!("{scroll} · {close} {}", tr(app.lang, "关闭", "Close"))
        }
        _ => String::new(),
    }
}

fn confirm(f: &mut Frame, area: Rect, app: &App, text: &str) {
    let hint = hints_for(app, Context::Confirm, &[Action::ConfirmYes, Action::ConfirmNo]);
    let title = tr(app.lang, "确认", "Confirm");
    super::widgets::confirm::render(f, area, &app.theme, title, text, hint);
}

/// A bordered block with a title, for views.
pub fn titled<'a>(app: &App, title: String) -> Block<'a> {
    Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(title, app.theme.title()))
}

/// A table view's short legend of marks, drawn under the table: the marks
/// of the rules whose findings name one of `kinds` (from the one table of
/// them), whole items as many as fit, then the inactive mark when
/// `people`, and where `?` gives them all.
pub fn marks_legend(app: &App, kinds: &[Kind], people: bool, room: usize) -> Line<'static> {
    use super::theme::{MARK_GAP, MARK_INACTIVE_EN, MARK_INACTIVE_ZH};
    let lang = app.lang;
    let help = app.keymap.keys_for(Context::Global, Action::Help).unwrap_or_default();
    let tail = format!(" · {help} {}", tr(lang, "全部标记", "all marks"));
    let mut items: Vec<String> = Vec::new();
    if people {
        items.push(format!(
            "{} {}",
            tr(lang, MARK_INACTIVE_ZH, MARK_INACTIVE_EN),
            tr(lang, "已离任/无效", "inactive")
        ));
    }
    for r in crate::coverage::RULE_TABLE.iter().filter(|r| kinds.contains(&r.kind)) {
        items.push(format!("{MARK_GAP}{} {}", r.mark, r.label(lang)));
    }
    let mut text = String::new();
    for item in items {
        let next = if text.is_empty() {
            item
        } else {
            format!("{text}  {item}")
        };
        if width(&next) + width(&tail) > room {
            break;
        }
        text = next;
    }
    Line::styled(format!("{text}{tail}"), app.theme.dim())
}

/// A table view's area split into the table and its legend's line below.
pub fn with_legend(area: Rect) -> (Rect, Rect) {
    let [table, legend] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    (table, legend)
}
