//! Area computations over all cells: how much of the county's boundary no
//! cell covers, and which cells overlap.

use super::index::CellIndex;
use super::shapes::Shapes;
use geo::algorithm::bool_ops::{BooleanOps, FillRule, OpType};
use geo::{Area, ChamberlainDuquetteArea, LineString, MultiPolygon};

/// How much of the boundary lies in no cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uncovered {
    /// The boundary's area in km² (spherical, Chamberlain–Duquette).
    pub boundary_km2: f64,
    /// The part of it in no cell, km².
    pub uncovered_km2: f64,
    /// `uncovered_km2` as a percentage of `boundary_km2` (0 for an empty boundary).
    pub pct: f64,
}

/// All cell shapes seen as one subject for a boolean operation: the rings
/// are borrowed, never copied.
struct AllCells<'a>(Vec<&'a MultiPolygon<f64>>);

impl BooleanOps for AllCells<'_> {
    type Scalar = f64;

    fn rings(&self) -> impl Iterator<Item = &LineString<f64>> {
        self.0
            .iter()
            .flat_map(|mp| mp.0.iter())
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
    }
}

/// The boundary minus every cell, measured. None when no boundary is
/// loaded (or it could not be read).
///
/// One overlay operation with the non-zero fill rule: the shapes are
/// oriented alike (see [`Shapes`]), so overlapping cells count once and
/// holes stay holes.
pub fn uncovered(shapes: &Shapes) -> Option<Uncovered> {
    let boundary = shapes.boundary()?;
    let cells = AllCells(shapes.polygons().map(|(_, p)| p).collect());
    let rest = boundary.boolean_op_with_fill_rule(&cells, OpType::Difference, FillRule::NonZero);
    let boundary_km2 = boundary.chamberlain_duquette_unsigned_area() / 1e6;
    let uncovered_km2 = rest.chamberlain_duquette_unsigned_area() / 1e6;
    let pct = if boundary_km2 > 0.0 {
        100.0 * uncovered_km2 / boundary_km2
    } else {
        0.0
    };
    Some(Uncovered {
        boundary_km2,
        uncovered_km2,
        pct,
    })
}

/// Two cells (indexes into `ds.cells`, `a < b`) that overlap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overlap {
    pub a: usize,
    pub b: usize,
    /// The shared area as a percentage of the smaller cell's area.
    pub pct: f64,
}

/// Pairs of cells sharing more than `min_pct` % of the smaller one's area,
/// sorted by (a, b). Cells that only touch along a border share nothing.
///
/// Candidates come from the R-tree (bounding boxes that meet); a pair whose
/// boxes share too little area to reach the threshold is skipped before
/// the exact intersection is computed.
pub fn overlaps(index: &CellIndex, min_pct: f64) -> Vec<Overlap> {
    let shapes = index.shapes();
    let mut out = Vec::new();
    for (a, b) in index.candidate_pairs() {
        let (Some(sa), Some(sb)) = (shapes.cell(a), shapes.cell(b)) else {
            continue;
        };
        let smaller = sa.area.min(sb.area);
        if smaller <= 0.0 {
            continue;
        }
        let limit = smaller * min_pct / 100.0;
        if box_overlap_area(sa.bbox, sb.bbox) <= limit {
            continue;
        }
        let shared = sa.shape.intersection(&sb.shape).unsigned_area();
        if shared > limit {
            out.push(Overlap {
                a,
                b,
                pct: 100.0 * shared / smaller,
            });
        }
    }
    out
}

fn box_overlap_area(a: [f64; 4], b: [f64; 4]) -> f64 {
    let w = a[2].min(b[2]) - a[0].max(b[0]);
    let h = a[3].min(b[3]) - a[1].max(b[1]);
    if w > 0.0 && h > 0.0 {
        w * h
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::model::{Boundary, Cell, Dataset};

    fn square(x0: f64, y0: f64, w: f64, h: f64) -> String {
        let (x1, y1) = (x0 + w, y0 + h);
        format!(r#"{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}"#)
    }

    fn cell(code: &str, geometry: String) -> Cell {
        Cell {
            code: code.into(),
            name: code.into(),
            area_code: "V1".into(),
            households: None,
            population: None,
            grid_worker: Text::default(),
            geometry: Some(geometry),
        }
    }

    fn with_boundary(cells: Vec<Cell>, boundary: String) -> Dataset {
        Dataset {
            cells,
            boundary: Some(Boundary {
                code: "370612".into(),
                name: "county".into(),
                geometry: boundary,
            }),
            ..Dataset::default()
        }
    }

    #[test]
    fn uncovered_share_counts_overlapping_cells_once() {
        // Boundary 0.1° × 0.1°; cells cover the left 60 % and overlap each other.
        let ds = with_boundary(
            vec![
                cell("A", square(121.0, 37.0, 0.04, 0.1)),
                cell("B", square(121.02, 37.0, 0.04, 0.1)),
            ],
            square(121.0, 37.0, 0.1, 0.1),
        );
        let u = uncovered(&Shapes::new(&ds)).unwrap();
        assert!((u.pct - 40.0).abs() < 0.5, "{u:?}");
        // About 8.9 km × 11.1 km at this latitude.
        assert!((u.boundary_km2 - 98.6).abs() < 2.0, "{u:?}");
        assert!((u.uncovered_km2 - 0.4 * u.boundary_km2).abs() < 0.5, "{u:?}");
    }

    #[test]
    fn a_fully_covered_boundary_has_nothing_uncovered_and_no_boundary_means_none() {
        let cells = vec![
            cell("A", square(121.0, 37.0, 0.05, 0.1)),
            cell("B", square(121.05, 37.0, 0.05, 0.1)),
        ];
        let ds = with_boundary(cells.clone(), square(121.0, 37.0, 0.1, 0.1));
        let u = uncovered(&Shapes::new(&ds)).unwrap();
        assert!(u.pct < 1e-6, "{u:?}");
        let none = Dataset {
            cells,
            ..Dataset::default()
        };
        assert_eq!(uncovered(&Shapes::new(&none)), None);
    }

    #[test]
    fn overlaps_ignore_shared_borders_and_slivers() {
        let ds = Dataset {
            cells: vec![
                cell("A", square(0.0, 0.0, 1.0, 1.0)),
                cell("B", square(1.0, 0.0, 1.0, 1.0)),    // touches A along x = 1
                cell("C", square(1.5, 0.0, 1.0, 1.0)),    // overlaps B by 50 %
                cell("D", square(-0.496, 0.0, 0.5, 1.0)), // overlaps A by 0.8 % of D: a sliver
            ],
            ..Dataset::default()
        };
        let found = overlaps(&CellIndex::new(&ds), 1.0);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].a, found[0].b), (1, 2));
        assert!((found[0].pct - 50.0).abs() < 1e-6);
    }
}
