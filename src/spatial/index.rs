//! The R-tree over cell envelopes behind `locate`, the map's neighbours
//! and the overlap rule.

use super::grid::Grid;
use super::shapes::Shapes;
use super::territory::{overlaps, uncovered, Overlap, Uncovered};
use crate::model::Dataset;
use geo::{Coord, Intersects};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use std::sync::OnceLock;

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Cells' shapes with an R-tree over their bounding boxes.
///
/// `locate` answers which cell holds a point. A point on a border shared by
/// several cells (or in an overlap) belongs to the one with the lowest
/// code, so that the answer never depends on the order of the R-tree.
pub struct CellIndex {
    tree: RTree<Entry>,
    shapes: Shapes,
    /// Rank of each cell by code (0 = lowest code): `ds.cells` is normally
    /// sorted already, but the rule must not rely on it.
    rank: Vec<usize>,
    /// Buckets for fast point location; None when the cells are too uneven
    /// for a grid (then the R-tree answers).
    grid: Option<Grid>,
    /// What [`CellIndex::uncovered`] and [`CellIndex::overlaps`] found,
    /// kept: the TUI audits the same shapes again after every change that
    /// leaves them be, and the two are its audit's largest transients (at
    /// province 21 and 12 MB of heap while computed).
    uncovered: OnceLock<Option<Uncovered>>,
    overlaps: OnceLock<(f64, Vec<Overlap>)>,
}

impl CellIndex {
    /// Parse every cell's shape once and index the bounding boxes.
    pub fn new(ds: &Dataset) -> CellIndex {
        CellIndex::from_shapes(ds, Shapes::new(ds))
    }

    /// Index shapes already parsed from `ds`.
    pub fn from_shapes(ds: &Dataset, shapes: Shapes) -> CellIndex {
        let entries = (0..shapes.len())
            .filter_map(|i| {
                let b = shapes.cell(i)?.bbox;
                Some(GeomWithData::new(
                    Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]),
                    i,
                ))
            })
            .collect();
        let mut order: Vec<usize> = (0..ds.cells.len()).collect();
        order.sort_by(|a, b| ds.cells[*a].code.cmp(&ds.cells[*b].code));
        let mut rank = vec![0; ds.cells.len()];
        for (r, i) in order.into_iter().enumerate() {
            rank[i] = r;
        }
        let grid = Grid::new(&shapes, &rank);
        CellIndex {
            tree: RTree::bulk_load(entries),
            shapes,
            rank,
            grid,
            uncovered: OnceLock::new(),
            overlaps: OnceLock::new(),
        }
    }

    /// The part of the boundary in no cell (see [`uncovered`]), computed once.
    pub fn uncovered(&self) -> Option<Uncovered> {
        *self.uncovered.get_or_init(|| uncovered(&self.shapes))
    }

    /// The pairs of cells sharing more than `min_pct` % (see [`overlaps`]),
    /// computed once for the first `min_pct` asked (the rule's one).
    pub fn overlaps(&self, min_pct: f64) -> Vec<Overlap> {
        let (pct, found) = self.overlaps.get_or_init(|| (min_pct, overlaps(self, min_pct)));
        if *pct == min_pct {
            found.clone()
        } else {
            overlaps(self, min_pct)
        }
    }

    /// The parsed shapes, by cell index (for drawing and the rules).
    pub fn shapes(&self) -> &Shapes {
        &self.shapes
    }

    /// The parsed shapes, the index around them dropped.
    pub fn into_shapes(self) -> Shapes {
        self.shapes
    }

    /// The cell (index into `ds.cells`) whose shape contains the point,
    /// borders included; on a shared border the lowest code wins. None
    /// when no cell holds it, or the coordinates are not finite.
    pub fn locate(&self, lon: f64, lat: f64) -> Option<usize> {
        if !lon.is_finite() || !lat.is_finite() {
            return None;
        }
        let point = Coord { x: lon, y: lat };
        if let Some(grid) = &self.grid {
            // Candidates come lowest code first: the first hit is the answer.
            return grid
                .candidates(lon, lat)
                .iter()
                .map(|&i| i as usize)
                .find(|&i| self.holds(i, point));
        }
        let mut best: Option<usize> = None;
        for hit in self.tree.locate_all_at_point(&[lon, lat]) {
            let i = hit.data;
            let rank = self.rank.get(i).copied().unwrap_or(usize::MAX);
            if best.is_some_and(|b| self.rank.get(b).copied().unwrap_or(usize::MAX) <= rank) {
                continue;
            }
            if self.holds(i, point) {
                best = Some(i);
            }
        }
        best
    }

    /// Cell i's shape holds the point, border included.
    fn holds(&self, i: usize, p: Coord<f64>) -> bool {
        self.shapes.cell(i).is_some_and(|c| {
            let b = c.bbox;
            p.x >= b[0] && p.x <= b[2] && p.y >= b[1] && p.y <= b[3] && c.shape.intersects(&p)
        })
    }

    /// Cells whose bounding box meets the given box
    /// [min_lon, min_lat, max_lon, max_lat], in no particular order.
    pub fn in_box(&self, bbox: [f64; 4]) -> impl Iterator<Item = usize> + '_ {
        let envelope = AABB::from_corners([bbox[0], bbox[1]], [bbox[2], bbox[3]]);
        self.tree.locate_in_envelope_intersecting(&envelope).map(|e| e.data)
    }

    /// The cell next to cell `i` in a direction (`dx`, `dy` in -1, 0, 1;
    /// east and north positive), for the map's arrow keys: among the
    /// cells near `i`, the one whose centroid is closest while lying within
    /// 45° of the direction. None when `i` has no shape or no such cell.
    pub fn neighbour(&self, i: usize, dx: i8, dy: i8) -> Option<usize> {
        let here = self.shapes.centroid(i)?;
        let b = self.shapes.cell(i)?.bbox;
        let (dx, dy) = (f64::from(dx.signum()), f64::from(dy.signum()));
        if dx == 0.0 && dy == 0.0 {
            return None;
        }
        let direction_len = (dx * dx + dy * dy).sqrt();
        let best_in = |reach: f64| {
            let (w, h) = ((b[2] - b[0]).max(1e-6) * reach, (b[3] - b[1]).max(1e-6) * reach);
            let mut best: Option<(f64, usize, usize)> = None;
            for j in self.in_box([b[0] - w, b[1] - h, b[2] + w, b[3] + h]) {
                let Some(there) = self.shapes.centroid(j).filter(|_| j != i) else {
                    continue;
                };
                let (vx, vy) = (there.x() - here.x(), there.y() - here.y());
                let dist = (vx * vx + vy * vy).sqrt();
                // cos(angle) ≥ cos(45°), ties broken by the lower code.
                if dist <= 0.0 || (vx * dx + vy * dy) / (dist * direction_len) < std::f64::consts::FRAC_1_SQRT_2 {
                    continue;
                }
                let key = (dist, self.rank.get(j).copied().unwrap_or(usize::MAX), j);
                if best.is_none_or(|prev| key < prev) {
                    best = Some(key);
                }
            }
            best.map(|(_, _, j)| j)
        };
        // Look nearby first; widen once for sparse areas.
        best_in(1.0).or_else(|| best_in(8.0))
    }

    /// Every pair (i, j), i < j, of cells whose bounding boxes meet: the
    /// candidates for overlaps and neighbours.
    pub fn candidate_pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs: Vec<(usize, usize)> = self
            .tree
            .intersection_candidates_with_other_tree(&self.tree)
            .filter(|(a, b)| a.data < b.data)
            .map(|(a, b)| (a.data, b.data))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;
    use crate::model::Text;

    fn cell(code: &str, geometry: &str) -> Cell {
        Cell {
            code: code.into(),
            name: code.into(),
            area_code: "V1".into(),
            households: None,
            population: None,
            grid_worker: Text::default(),
            geometry: Some(geometry.into()),
        }
    }

    fn square(x0: f64, y0: f64, size: f64) -> String {
        let (x1, y1) = (x0 + size, y0 + size);
        format!(r#"{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}"#)
    }

    #[test]
    fn locates_inside_outside_and_prefers_the_lowest_code_on_a_shared_border() {
        // Stored out of code order on purpose: B is left of A, they share x = 1.
        let ds = Dataset {
            cells: vec![cell("B", &square(0.0, 0.0, 1.0)), cell("A", &square(1.0, 0.0, 1.0))],
            ..Dataset::default()
        };
        let index = CellIndex::new(&ds);
        assert_eq!(index.locate(0.5, 0.5), Some(0));
        assert_eq!(index.locate(1.5, 0.5), Some(1));
        assert_eq!(index.locate(1.0, 0.5), Some(1), "A has the lower code");
        assert_eq!(index.locate(3.0, 0.5), None);
        assert_eq!(index.locate(f64::NAN, 0.5), None);
        assert_eq!(index.candidate_pairs(), vec![(0, 1)]);
        assert_eq!(index.neighbour(0, 1, 0), Some(1), "A is east of B");
        assert_eq!(index.neighbour(1, -1, 0), Some(0));
        assert_eq!(index.neighbour(0, -1, 0), None);
        assert_eq!(index.neighbour(0, 0, 1), None);
        let mut near: Vec<usize> = index.in_box([0.2, 0.2, 0.3, 0.3]).collect();
        near.sort();
        assert_eq!(near, vec![0]);
    }

    #[test]
    fn the_overlaps_kept_are_those_of_the_share_first_asked_and_another_share_is_computed() {
        // A and B share 0.1 × 1 of their 1 × 1: 10 % of either.
        let ds = Dataset {
            cells: vec![cell("A", &square(0.0, 0.0, 1.0)), cell("B", &square(0.9, 0.0, 1.0))],
            ..Dataset::default()
        };
        let index = CellIndex::new(&ds);
        let found = index.overlaps(1.0);
        assert_eq!(found.len(), 1);
        assert!((found[0].pct - 10.0).abs() < 0.5, "{}", found[0].pct);
        assert_eq!(index.overlaps(1.0), found, "kept");
        assert!(index.overlaps(20.0).is_empty(), "another share, computed");
        assert_eq!(index.uncovered(), None, "no boundary");
    }
}
