//! Before a frame is drawn: whatever it needs is made ready here (the
//! shown table's page and scroll, its window of rows read from the
//! database, the map following its selection, a detail's scroll kept in
//! its text), so that drawing only reads the state (`views::draw(&App)`).

use super::*;

impl App {
    /// Make the state ready for a frame of `size` (the whole terminal).
    pub fn prepare(&mut self, size: Rect) {
        let Some([_, body, _, _]) = views::screen_areas(size) else {
            return;
        };
        let view = self.view;
        if let Some(area) = views::table_area(view, body) {
            if let Some(t) = self.tables.of_mut(view) {
                t.fit_to(area);
            }
            // The window is read for the rows this body has room for…
            self.fill_window(view);
            self.roster_ahead();
            // …and the cursor it may have put elsewhere is kept in view.
            if let Some(t) = self.tables.of_mut(view) {
                t.fit_to(area);
            }
        }
        // The map's selection stays in view: the view follows it when it would leave.
        if view == View::Map {
            let (map_area, _) = views::map::areas(body);
            if let Some((xb, yb)) = views::map::window(&self.snap, self, map_area) {
                let mut map = self.map.clone();
                if map.follow(&self.snap, xb, yb) {
                    self.map = map;
                }
            }
        }
        for o in &mut self.overlays {
            if let Overlay::Picker { picker, .. } = o {
                picker.fit_to(body);
            }
        }
        // A detail's rows read before the last change are read again.
        let generation = self.generation();
        let stale: Vec<(usize, DetailKind, String)> = self
            .overlays
            .iter()
            .enumerate()
            .filter_map(|(i, o)| match o {
                Overlay::Detail(d) if d.read_at != generation => Some((i, d.kind, d.code.clone())),
                _ => None,
            })
            .collect();
        for (i, kind, code) in stale {
            let rows = self.rows_around(kind, &code);
            if let Some(Overlay::Detail(d)) = self.overlays.get_mut(i) {
                d.rows = rows;
                d.read_at = generation;
            }
        }
        // Down past a detail's end (or when all of it fits) scrolls no further.
        let limits: Vec<Option<u16>> = self
            .overlays
            .iter()
            .map(|o| match o {
                Overlay::Detail(d) => Some(views::detail::max_scroll(self, d, body)),
                _ => None,
            })
            .collect();
        for (o, limit) in self.overlays.iter_mut().zip(limits) {
            if let (Overlay::Detail(d), Some(max)) = (o, limit) {
                d.scroll = d.scroll.min(max);
            }
        }
    }
}
