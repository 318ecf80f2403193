//! 3 Map: the cells drawn from their geometry on a braille canvas,
//! coloured and marked by state (covered, gap, overdue), with a legend.
//! Arrows move to the neighbouring cell; `+`/`-` zoom; `HJKL` pan.

use super::App;
use crate::i18n::{tr, Lang};
use crate::tui::app::MapState;
use crate::tui::data::Snapshot;
use crate::tui::theme::{MARK_GAP, MARK_OVERDUE};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as CLine, Points};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    Covered,
    Gap,
    Overdue,
}

pub fn state(snap: &Snapshot, code: &str) -> CellState {
    state_of(snap.cell_index(code).and_then(|i| snap.cell_counts_at(i)))
}

/// The state of cell `i` of `ds.cells`: its counts are at the same place,
/// found without a search — the map asks this of every cell in view, every
/// frame.
fn state_at(snap: &Snapshot, i: usize) -> CellState {
    state_of(snap.cell_counts_at(i))
}

fn state_of(counts: Option<crate::coverage::CellCounts>) -> CellState {
    match counts {
        Some(n) if n.overdue > 0 => CellState::Overdue,
        Some(n) if !n.gaps.is_empty() => CellState::Gap,
        _ => CellState::Covered,
    }
}

/// The cell nearest to `from` in direction `dir` (x east, y north), or
/// None when nothing lies that way.
pub fn neighbour(snap: &Snapshot, from: Option<&str>, dir: (f64, f64)) -> Option<String> {
    let from_i = from.and_then(|c| snap.cell_index(c));
    let Some((x0, y0)) = from_i.and_then(|i| snap.centroids.get(i).copied().flatten()) else {
        return snap
            .dir
            .cells
            .iter()
            .enumerate()
            .find(|(i, _)| snap.centroids.get(*i).copied().flatten().is_some())
            .map(|(_, c)| c.code.to_string());
    };
    let mut best: Option<(f64, usize)> = None;
    for (i, c) in snap.centroids.iter().enumerate() {
        let Some((x, y)) = c else { continue };
        if Some(i) == from_i {
            continue;
        }
        let (dx, dy) = (x - x0, y - y0);
        let dist = (dx * dx + dy * dy).sqrt();
        if dist == 0.0 {
            continue;
        }
        let along = (dx * dir.0 + dy * dir.1) / dist;
        // Within 60° of the direction; straighter and nearer is better.
        if along < 0.5 {
            continue;
        }
        let score = dist * (2.0 - along);
        if best.is_none_or(|(b, _)| score < b) {
            best = Some((score, i));
        }
    }
    best.and_then(|(_, i)| snap.dir.cells.get(i))
        .map(|c| c.code.to_string())
}

impl MapState {
    /// Pan by `dx`, `dy` (fractions of the county's extent at ×1): when
    /// the selected cell would leave the view, the cell nearest the new
    /// centre becomes the selection, so the selection is always in view
    /// (and the next draw does not pan back to it).
    pub fn pan_by(&mut self, snap: &Snapshot, dx: f64, dy: f64) {
        self.pan.0 += dx / self.zoom;
        self.pan.1 += dy / self.zoom;
        let Some([x0, y0, x1, y1]) = snap.shapes().extent() else {
            return;
        };
        let (w, h) = (x1 - x0, y1 - y0);
        let centre = ((x0 + x1) / 2.0 + self.pan.0 * w, (y0 + y1) / 2.0 + self.pan.1 * h);
        // The smallest the view can be each way (its aspect only widens one).
        let (hw, hh) = (0.45 * w / self.zoom, 0.45 * h / self.zoom);
        let at = |i: usize| snap.centroids.get(i).copied().flatten();
        let selected = self.selected.as_deref().and_then(|c| snap.cell_index(c)).and_then(at);
        if selected.is_some_and(|(x, y)| (x - centre.0).abs() <= hw && (y - centre.1).abs() <= hh) {
            return;
        }
        let nearest = (0..snap.dir.cells.len())
            .filter_map(|i| at(i).map(|(x, y)| (i, (x - centre.0).powi(2) + (y - centre.1).powi(2))))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some(cell) = nearest.and_then(|(i, _)| snap.dir.cells.get(i)) {
            self.selected = Some(cell.code.to_string());
        }
    }

    /// Centre the view on the selected cell when it lies outside `xb`×`yb`
    /// (after a zoom, or arrows that walked off the edge); true when moved.
    pub fn follow(&mut self, snap: &Snapshot, xb: [f64; 2], yb: [f64; 2]) -> bool {
        let Some((x, y)) = self
            .selected
            .as_deref()
            .and_then(|c| snap.cell_index(c))
            .and_then(|i| snap.centroids.get(i).copied().flatten())
        else {
            return false;
        };
        // A margin of a twentieth of the view, so the mark is not on the edge.
        let (mx, my) = ((xb[1] - xb[0]) / 20.0, (yb[1] - yb[0]) / 20.0);
        if x >= xb[0] + mx && x <= xb[1] - mx && y >= yb[0] + my && y <= yb[1] - my {
            return false;
        }
        let Some([x0, y0, x1, y1]) = snap.shapes().extent() else {
            return false;
        };
        let (w, h) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
        self.pan = ((x - (x0 + x1) / 2.0) / w, (y - (y0 + y1) / 2.0) / h);
        true
    }
}

/// The lon/lat window shown, keeping shapes in proportion on the terminal.
pub fn window(snap: &Snapshot, app: &App, area: Rect) -> Option<([f64; 2], [f64; 2])> {
    let [x0, y0, x1, y1] = snap.shapes().extent()?;
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (mut w, mut h) = ((x1 - x0).max(1e-6), (y1 - y0).max(1e-6));
    // A terminal cell is about twice as tall as wide; a degree of
    // longitude is shorter than one of latitude by cos(lat).
    let k = cy.to_radians().cos().max(0.1);
    let want = (area.width as f64 * 0.5) / (area.height.max(1) as f64);
    if w * k / h < want {
        w = h * want / k;
    } else {
        h = w * k / want;
    }
    let (w, h) = (w * 1.05 / app.map.zoom, h * 1.05 / app.map.zoom);
    let cx = cx + app.map.pan.0 * (x1 - x0);
    let cy = cy + app.map.pan.1 * (y1 - y0);
    Some(([cx - w / 2.0, cx + w / 2.0], [cy - h / 2.0, cy + h / 2.0]))
}

/// The map's part of the view's area, and its legend's below.
pub fn areas(area: Rect) -> (Rect, Rect) {
    let [map_area, legend_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(area);
    (map_area, legend_area)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let theme = app.theme;
    let (map_area, legend_area) = areas(area);
    let snap = &app.snap;
    let Some((xb, yb)) = window(snap, app, map_area) else {
        let text = tr(
            lang,
            "没有带边界的网格，无法绘制地图",
            "No cell has a shape: nothing to draw",
        );
        f.render_widget(Paragraph::new(text), map_area);
        return;
    };
    let selected = app.map.selected.clone();
    let color = |s: CellState| {
        if !theme.color {
            return Color::Reset;
        }
        match s {
            CellState::Covered => Color::Green,
            CellState::Gap => Color::Yellow,
            CellState::Overdue => Color::Red,
        }
    };
    // One braille dot, in degrees: a cell smaller than two dots each way
    // (a province seen whole) is drawn as a dot at its centre, not as an
    // outline of lines that all land on the same dots.
    let dot = (
        (xb[1] - xb[0]) / (f64::from(map_area.width.max(1)) * 2.0),
        (yb[1] - yb[0]) / (f64::from(map_area.height.max(1)) * 4.0),
    );
    // The cells in view, from the R-tree, in code order (the order they
    // were always drawn in: where outlines cross, the later one shows).
    let mut in_view: Vec<usize> = snap.cells_index.in_box([xb[0], yb[0], xb[1], yb[1]]).collect();
    in_view.sort_unstable();
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds(xb)
        .y_bounds(yb)
        .paint(|ctx| {
            let tiny = |b: [f64; 4]| b[2] - b[0] < 2.0 * dot.0 && b[3] - b[1] < 2.0 * dot.1;
            let mut sel_shape = None;
            let mut dots: [Vec<(f64, f64)>; 3] = Default::default();
            for &i in &in_view {
                let Some(cell) = snap.dir.cells.get(i) else { continue };
                let Some((shape, bbox)) = snap.shapes().cell(i).map(|c| (&c.shape, c.bbox)) else {
                    continue;
                };
                if selected.as_deref() == Some(cell.code.as_str()) {
                    sel_shape = Some(shape);
                    continue;
                }
                let st = state_at(snap, i);
                if tiny(bbox) {
                    if let Some(Some(centre)) = snap.centroids.get(i) {
                        dots[st as usize].push(*centre);
                    }
                    continue;
                }
                let c = color(st);
                for poly in &shape.0 {
                    draw_ring(ctx, poly.exterior(), c);
                }
            }
            for (st, coords) in [CellState::Covered, CellState::Gap, CellState::Overdue]
                .into_iter()
                .zip(&dots)
            {
                ctx.draw(&Points {
                    coords,
                    color: color(st),
                });
            }
            ctx.layer();
            // Marks, so colour is never the only signal.
            for &i in &in_view {
                let Some(Some((x, y))) = snap.centroids.get(i) else {
                    continue;
                };
                if *x < xb[0] || *x > xb[1] || *y < yb[0] || *y > yb[1] {
                    continue;
                }
                let st = state_at(snap, i);
                let mark = match st {
                    CellState::Overdue => MARK_OVERDUE,
                    CellState::Gap => MARK_GAP,
                    CellState::Covered => continue,
                };
                ctx.print(*x, *y, Span::styled(mark, Style::new().fg(color(st))));
            }
            if let Some(shape) = sel_shape {
                ctx.layer();
                let c = if theme.color { Color::White } else { Color::Reset };
                for poly in &shape.0 {
                    draw_ring(ctx, poly.exterior(), c);
                }
                if let Some(i) = selected.as_ref().and_then(|s| snap.cell_index(s)) {
                    if let Some(Some((x, y))) = snap.centroids.get(i) {
                        ctx.print(*x, *y, Span::styled("@", theme.cursor()));
                    }
                }
            }
        });
    f.render_widget(canvas, map_area);
    let sel = selected.as_deref().unwrap_or("");
    let sel_line = match snap.summary(sel) {
        Some(s) => match lang {
            Lang::Zh => format!(
                "@ {} {} {}  代表{} 联络员{} 待办{} 逾期{}",
                s.code,
                crate::model::sanitize(&s.name),
                crate::model::sanitize(s.village.as_deref().unwrap_or("")),
                s.deputies,
                s.contacts,
                s.pending,
                s.overdue
            ),
            Lang::En => format!(
                "@ {} {}  deputies {} contacts {} pending {} overdue {}",
                s.code,
                crate::model::sanitize(&s.name),
                s.deputies,
                s.contacts,
                s.pending,
                s.overdue
            ),
        },
        None => String::new(),
    };
    let legend = Line::from(vec![
        Span::styled("- ", Style::new().fg(color(CellState::Covered))),
        Span::raw(tr(lang, "已覆盖  ", "covered  ")),
        Span::styled(format!("{MARK_GAP} "), Style::new().fg(color(CellState::Gap))),
        Span::raw(tr(lang, "有缺口  ", "gap  ")),
        Span::styled(format!("{MARK_OVERDUE} "), Style::new().fg(color(CellState::Overdue))),
        Span::raw(tr(lang, "有逾期  ", "overdue  ")),
        Span::styled("@ ", theme.cursor()),
        Span::raw(tr(lang, "选中", "selected")),
        Span::styled(format!("   ×{:.1}", app.map.zoom), theme.dim()),
    ]);
    f.render_widget(
        Paragraph::new(vec![Line::styled(sel_line, theme.key()), legend]),
        legend_area,
    );
}

fn draw_ring(ctx: &mut ratatui::widgets::canvas::Context, ring: &geo::LineString<f64>, color: Color) {
    for w in ring.0.windows(2) {
        ctx.draw(&CLine {
            x1: w[0].x,
            y1: w[0].y,
            x2: w[1].x,
            y2: w[1].y,
            color,
        });
    }
}
