//! 1 Overview: counts, coverage ratios, gap counts per rule, suggestions
//! pending and overdue, a monthly chart, the next reception day.

use super::App;
use crate::coverage::Ratio;
use crate::i18n::{tr, Lang};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::widgets::{fit, truncate, width};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};
use ratatui::Frame;

/// A ratio as its whole items: the percentage, then the counts; an item
/// that does not fit is left out whole rather than cut.
fn ratio(r: Ratio) -> Vec<String> {
    vec![format!("{:>3.0}%", r.pct()), format!("({}/{})", r.part, r.whole)]
}

/// The label column's width: a label this long or shorter is padded to it.
const LABEL: usize = 17;

/// A label and its value's items in `room` columns: the label is padded
/// to [`LABEL`] when there is room (else one space), and the items that do
/// not fit are dropped whole, never cut (a cut `(1394/140` reads as a
/// number).
fn kv(k: &str, items: &[String], style: Style, room: usize) -> Line<'static> {
    let mut value = String::new();
    for item in items {
        let next = if value.is_empty() {
            item.clone()
        } else {
            format!("{value} {item}")
        };
        if width(k) + 1 + width(&next) > room {
            break;
        }
        value = next;
    }
    let pad = LABEL.min(room.saturating_sub(width(&value))).max(width(k) + 1);
    Line::from(vec![Span::raw(fit(k, pad)), Span::styled(value, style)])
}

/// Whole items on lines of `room` columns, two spaces in, one between.
fn wrap_items(items: &[String], room: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && width(&line) + 1 + width(item) > room {
            out.push(std::mem::take(&mut line));
        }
        if line.is_empty() {
            line = format!("  {item}");
        } else {
            line = format!("{line} {item}");
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let theme = app.theme;
    let o = &app.snap.overview;
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    // One column kept free at the right of the left half, so its texts
    // never run into the right half's.
    let room = (left.width as usize).saturating_sub(1);
    let head = |t: &str| Line::styled(t.to_string(), theme.title());
    let kv = |k: &str, v: String, style: Style| kv(k, &[v], style, room);
    if app.loading() && app.snap.dir.cells.is_empty() {
        let text = tr(
            lang,
            "正在读取数据库并计算覆盖情况…",
            "Reading the database and computing coverage…",
        );
        f.render_widget(Paragraph::new(Line::styled(text, theme.dim())), area);
        return;
    }
    let mut l = vec![head(tr(lang, "数量（总数 / 在职）", "Counts (total / active)"))];
    l.push(kv(
        tr(lang, "网格 / 联络站", "Cells / stations"),
        format!("{} / {}", o.cells, o.stations),
        theme.plain(),
    ));
    l.push(kv(
        tr(lang, "代表", "Deputies"),
        format!("{} / {}", o.deputies, o.active_deputies),
        theme.plain(),
    ));
    let levels: Vec<String> = o
        .deputies_by_level
        .iter()
        .map(|c| format!("{} {}/{}", c.level.label(lang), c.total, c.active))
        .collect();
    // The levels over as many lines as half the screen needs, each whole.
    for line in wrap_items(&levels, room) {
        l.push(Line::styled(line, theme.dim()));
    }
    l.push(kv(
        tr(lang, "联络员", "Contacts"),
        format!("{} / {}", o.contacts, o.active_contacts),
        theme.plain(),
    ));
    l.push(head(tr(lang, "覆盖率", "Coverage")));
    let pct_style = |r: Ratio| if r.part < r.whole { theme.warn() } else { theme.good() };
    for (k, r) in [
        (tr(lang, "网格有代表", "Cells w/ deputy"), o.cells_with_deputy),
        (tr(lang, "网格有联络员", "Cells w/ contact"), o.cells_with_contact),
        (tr(lang, "代表有联络员", "Deputies linked"), o.deputies_with_contact),
        (tr(lang, "联络员已挂钩", "Contacts linked"), o.contacts_linked),
    ] {
        l.push(self::kv(k, &ratio(r), pct_style(r), room));
    }
    // The year's headline figures (SPEC §12), as `report` counts them.
    let to = app.snap.today.format("%m-%d");
    l.push(head(&match lang {
        Lang::Zh => format!("本年（至 {to}）"),
        Lang::En => format!("This year (to {to})"),
    }));
    let y = &o.year;
    l.push(kv(
        tr(lang, "进站 / 接待群众", "Visits / people"),
        format!("{} / {}", y.receptions.records, y.receptions.constituents),
        theme.plain(),
    ));
    l.push(kv(
        tr(lang, "收集 / 解决建议", "Suggestions / solved"),
        format!("{} / {}", y.suggestions.received, y.suggestions.resolved),
        theme.plain(),
    ));
    l.push(self::kv(
        tr(lang, "待办/逾期/将到期", "Pending/late/soon"),
        &[format!("{} / {} / {}", o.pending, o.overdue, o.due_soon)],
        if o.overdue > 0 { theme.bad() } else { theme.plain() },
        room,
    ));
    let next = match &o.next_reception {
        Some(n) => {
            let mut parts = vec![n.date.format("%Y-%m-%d").to_string()];
            if n.rota.is_empty() {
                parts.push(format!("({} {})", n.stations.len(), tr(lang, "个站", "stations")));
            } else {
                // Who is on the rota that day: how many, then the leads
                // by name, as many as the line has room for.
                parts.push(match lang {
                    Lang::Zh => format!("排班{}人", n.rota.len()),
                    Lang::En => format!("{} on rota", n.rota.len()),
                });
                parts.extend(n.rota.iter().map(|r| app.snap.named(&r.deputy_code)));
            }
            parts
        }
        None => vec![tr(lang, "无", "none").to_string()],
    };
    l.push(self::kv(
        tr(lang, "下一个接待日", "Next reception"),
        &next,
        theme.key(),
        room,
    ));
    let counts_h = l.len() as u16;
    f.render_widget(Paragraph::new(l), left);

    let nonzero: Vec<&(&'static str, usize)> = o.gaps_per_rule.iter().filter(|(_, n)| *n > 0).collect();
    // In the rule table's order, as the overview counts them.
    // The chart takes the rows under the counts when they leave five (at
    // 80×24 they do), so the rule list has the whole right half; else it
    // sits under the rules and gives up rows (down to five) so that every
    // rule is listed.
    // The year's four rates sit under the rules, where 80×24 leaves rows.
    let [right, rates_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(right);
    draw_rates(f, rates_area, app);
    let (gaps_area, chart_area) = if left.height >= counts_h + 4 {
        let [_, below] = Layout::vertical([Constraint::Length(counts_h), Constraint::Min(4)]).areas(left);
        // One column kept free, as the counts keep one.
        let chart = Rect {
            width: below.width.saturating_sub(1),
            height: below.height.min(7),
            ..below
        };
        (right, chart)
    } else {
        let max_chart = 7.min(right.height / 2);
        let wanted = nonzero.len().max(1) as u16 + 1;
        let chart_h = right.height.saturating_sub(wanted).clamp(5.min(max_chart), max_chart);
        let [gaps_area, chart_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(chart_h)]).areas(right);
        (gaps_area, chart_area)
    };
    let mut g = vec![head(tr(lang, "覆盖缺口", "Gaps by rule"))];
    if nonzero.is_empty() {
        g.push(Line::styled(tr(lang, "没有缺口", "No gaps"), theme.good()));
    }
    let w = gaps_area.width.saturating_sub(8) as usize;
    let rows = (gaps_area.height as usize).saturating_sub(1);
    // Too many rules for the rows: the last row says how many more there are.
    let shown = if nonzero.len() > rows {
        rows.saturating_sub(1)
    } else {
        nonzero.len()
    };
    for (rule, n) in nonzero.iter().take(shown) {
        g.push(Line::from(vec![
            Span::styled("! ", theme.warn()),
            Span::raw(fit(crate::coverage::label(rule, lang), w.saturating_sub(1))),
            Span::styled(format!("{n:>5}"), theme.plain()),
        ]));
    }
    let more = nonzero.len() - shown;
    if more > 0 {
        let key = app
            .keymap
            .keys_for(Context::Global, Action::ViewGaps)
            .unwrap_or_default();
        let text = match lang {
            Lang::Zh => format!("… 另有 {more} 条规则 · {key} 查看"),
            Lang::En => format!("… {more} more rules · {key} shows all"),
        };
        g.push(Line::styled(truncate(&text, gaps_area.width as usize), theme.dim()));
    }
    f.render_widget(Paragraph::new(g), gaps_area);
    let bars: Vec<Bar> = o
        .per_month
        .iter()
        .map(|(m, n)| {
            Bar::default()
                .value(*n as u64)
                .label(Line::raw(m.get(5..).unwrap_or(m).to_string()))
        })
        .collect();
    // The months' labels are two digits: the title gives their years.
    let title = tr(lang, "每月收集的意见建议", "Suggestions per month");
    let span = match (o.per_month.first(), o.per_month.last()) {
        // Short enough for half of 80 columns in either language.
        (Some((a, _)), Some((b, _))) => format!("{title} {a}–{b}"),
        _ => title.to_string(),
    };
    let title = if width(&span) <= chart_area.width as usize {
        span
    } else {
        title.to_string()
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(title, theme.title()));
    let chart = BarChart::default()
        .block(block)
        .data(BarGroup::default().bars(&bars))
        .bar_width(2)
        .bar_gap(1)
        .bar_style(theme.key())
        .value_style(theme.cursor());
    f.render_widget(chart, chart_area);
}

/// The year's reply, on-time, completion and satisfaction rates (SPEC §6,
/// §12): each as `report` writes it (`71.3%`, `—` with nothing to count).
fn draw_rates(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let theme = app.theme;
    let r = app.snap.overview.year.suggestions.rates();
    let items: Vec<String> = [
        (tr(lang, "答复率", "reply"), r.reply_rate),
        (tr(lang, "按期率", "on time"), r.on_time_rate),
        (tr(lang, "办结率", "closed"), r.completion_rate),
        (tr(lang, "满意率", "satisfied"), r.satisfaction_rate),
    ]
    .into_iter()
    .map(|(k, v)| format!("{k} {}", crate::coverage::percent(v)))
    .collect();
    let mut lines = vec![Line::styled(
        tr(lang, "本年办理情况", "This year's rates").to_string(),
        theme.title(),
    )];
    let room = area.width as usize;
    lines.extend(
        wrap_items(&items, room)
            .into_iter()
            .map(|t| Line::styled(t, theme.plain())),
    );
    f.render_widget(Paragraph::new(lines), area);
}
