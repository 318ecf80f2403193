//! 1 Overview: counts, coverage ratios, gap counts per rule, suggestions
//! pending and overdue, a monthly chart, the next reception day.

use super::gaps::rule_label;
use super::App;
use crate::coverage::Ratio;
use crate::i18n::{tr, Lang};
use crate::tui::widgets::fit;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};
use ratatui::Frame;

fn ratio(r: Ratio) -> String {
    format!("{:>3.0}% ({}/{})", r.pct(), r.part, r.whole)
}

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let lang = app.lang;
    let theme = app.theme;
    let o = &app.snap.overview;
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let head = |t: &str| Line::styled(t.to_string(), theme.title());
    let kv = |k: &str, v: String, style: Style| Line::from(vec![Span::raw(fit(k, 16)), Span::styled(v, style)]);
    if app.loading() && app.snap.ds.cells.is_empty() {
        let text = tr(
            lang,
            "正在读取数据库并计算覆盖情况…",
            "Reading the database and computing coverage…",
        );
        f.render_widget(Paragraph::new(Line::styled(text, theme.dim())), area);
        return;
    }
    let mut l = vec![head(tr(lang, "数量（总数 / 在职）", "Counts (total / active)"))];
    l.push(kv(tr(lang, "网格", "Cells"), o.cells.to_string(), theme.plain()));
    l.push(kv(
        tr(lang, "代表", "Deputies"),
        format!("{} / {}", o.deputies, o.active_deputies),
        theme.plain(),
    ));
    let levels: Vec<String> = o
        .deputies_by_level
        .iter()
        .map(|c| format!("{}{}/{}", c.level.label(lang), c.total, c.active))
        .collect();
    // Five levels over two lines, so they fit half of an 80-column screen.
    let (a, b) = levels.split_at(levels.len().min(3));
    l.push(Line::styled(format!("  {}", a.join(" ")), theme.dim()));
    l.push(Line::styled(format!("  {}", b.join(" ")), theme.dim()));
    l.push(kv(
        tr(lang, "联络员", "Contacts"),
        format!("{} / {}", o.contacts, o.active_contacts),
        theme.plain(),
    ));
    l.push(kv(
        tr(lang, "联络站", "Stations"),
        o.stations.to_string(),
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
        l.push(kv(k, ratio(r), pct_style(r)));
    }
    l.push(head(tr(lang, "意见建议", "Suggestions")));
    l.push(kv(
        tr(lang, "待办 / 逾期", "Pending/overdue"),
        format!("{} / {}", o.pending, o.overdue),
        if o.overdue > 0 { theme.bad() } else { theme.plain() },
    ));
    let next = match &o.next_reception {
        Some(n) => format!(
            "{} ({} {})",
            n.date.format("%Y-%m-%d"),
            n.stations.len(),
            tr(lang, "个站", "stations")
        ),
        None => tr(lang, "无", "none").to_string(),
    };
    l.push(kv(tr(lang, "下一个接待日", "Next reception"), next, theme.key()));
    f.render_widget(Paragraph::new(l), left);

    let chart_h = 7.min(right.height / 2);
    let [gaps_area, chart_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(chart_h)]).areas(right);
    let mut g = vec![head(tr(lang, "覆盖缺口", "Gaps by rule"))];
    let mut nonzero: Vec<&(&str, usize)> = o.gaps_per_rule.iter().filter(|(_, n)| *n > 0).collect();
    nonzero.sort_by_key(|(r, _)| crate::coverage::RULES.iter().position(|x| x == r));
    if nonzero.is_empty() {
        g.push(Line::styled(tr(lang, "没有缺口", "No gaps"), theme.good()));
    }
    let w = gaps_area.width.saturating_sub(8) as usize;
    for (rule, n) in nonzero {
        let label = if lang == Lang::Zh {
            format!("{} {rule}", rule_label(rule, lang))
        } else {
            rule.to_string()
        };
        g.push(Line::from(vec![
            Span::styled("! ", theme.warn()),
            Span::raw(fit(&label, w.saturating_sub(1))),
            Span::styled(format!("{n:>5}"), theme.plain()),
        ]));
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
    let block = Block::default().borders(Borders::TOP).title(Span::styled(
        tr(lang, "每月收集的意见建议", "Suggestions per month"),
        theme.title(),
    ));
    let chart = BarChart::default()
        .block(block)
        .data(BarGroup::default().bars(&bars))
        .bar_width(2)
        .bar_gap(1)
        .bar_style(theme.key())
        .value_style(theme.cursor());
    f.render_widget(chart, chart_area);
}
