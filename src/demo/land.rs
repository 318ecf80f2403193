//! The places of one county: its towns and villages, and its grid cells laid
//! out over the territory (contiguous per town), with the few deliberate
//! flaws that the gap rules should find (a block of uncovered territory,
//! two overlapping cells, three cells without geometry).

use super::codes::Codes;
use super::names::village_short;
use super::rng::Rng;
use geo::{Centroid, Coord, LineString, MultiPolygon, Polygon};

pub struct Town {
    pub code: String,
    pub name: String,
    /// Indexes into `Land::villages`.
    pub villages: Vec<usize>,
}

pub struct Village {
    pub code: String,
    pub name: String,
    pub town: usize,
}

pub struct PlannedCell {
    pub code: String,
    pub name: String,
    pub village: usize,
    pub town: usize,
    pub shape: Option<MultiPolygon<f64>>,
    /// (lon, lat) of the shape's centroid, as the coverage rules compute it.
    pub centroid: Option<(f64, f64)>,
}

/// One county's places. `parent_code` is outside the data (the city).
pub struct Land {
    pub code: String,
    pub name: String,
    pub parent_code: String,
    pub towns: Vec<Town>,
    pub villages: Vec<Village>,
    pub cells: Vec<PlannedCell>,
}

/// One square of the grid, clipped to the territory.
pub struct Piece {
    pub i: u32,
    pub j: u32,
    /// The unclipped square: [x0, y0, x1, y1].
    pub square: [f64; 4],
    /// True when the square lies wholly inside the territory.
    pub full: bool,
    pub shape: MultiPolygon<f64>,
}

/// Grid squares removed together so that `territory-uncovered` fires
/// (7 squares ≈ 1.4 % of a Muping-sized county; with dropped slivers ≈ 1.6 %).
const UNCOVERED_SQUARES: usize = 7;
/// Cells stretched into their eastern neighbour so that `cells-overlap` fires.
const OVERLAPPING_CELLS: usize = 2;
/// Extra cells listed without geometry so that `cell-no-geometry` fires.
const CELLS_WITHOUT_GEOMETRY: usize = 3;

pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A closed rectangle ring, rounded.
pub fn rectangle(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    let (x0, y0, x1, y1) = (round6(x0), round6(y0), round6(x1), round6(y1));
    let ring = vec![
        Coord { x: x0, y: y0 },
        Coord { x: x1, y: y0 },
        Coord { x: x1, y: y1 },
        Coord { x: x0, y: y1 },
        Coord { x: x0, y: y0 },
    ];
    Polygon::new(LineString(ring), vec![])
}

/// Round every coordinate to 6 decimals and drop what rounding made
/// degenerate (repeated points, rings of fewer than 4 points, zero area).
pub fn round_shape(shape: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let ring = |ls: &LineString<f64>| -> Option<LineString<f64>> {
        let mut out: Vec<Coord<f64>> = Vec::with_capacity(ls.0.len() + 1);
        for c in &ls.0 {
            let c = Coord {
                x: round6(c.x),
                y: round6(c.y),
            };
            if out.last() != Some(&c) {
                out.push(c);
            }
        }
        if out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        if out.len() < 3 || ring_area(&out).abs() < 1e-12 {
            return None;
        }
        let first = out[0];
        out.push(first);
        Some(LineString(out))
    };
    let polys = shape
        .0
        .iter()
        .filter_map(|p| {
            let ext = ring(p.exterior())?;
            let holes = p.interiors().iter().filter_map(ring).collect();
            Some(Polygon::new(ext, holes))
        })
        .collect();
    MultiPolygon(polys)
}

/// Signed shoelace area of an open ring (degrees²).
fn ring_area(ring: &[Coord<f64>]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|k| {
            let (a, b) = (ring[k], ring[(k + 1) % n]);
            a.x * b.y - b.x * a.y
        })
        .sum::<f64>()
        / 2.0
}

/// Area of a shape in degrees² (planar), enough to compare pieces.
pub fn shape_area(shape: &MultiPolygon<f64>) -> f64 {
    use geo::Area;
    shape.unsigned_area()
}

/// Position of (x, y) along a Hilbert curve over a 2^k grid: consecutive
/// runs of cells in this order form compact, contiguous regions.
fn hilbert(mut x: u32, mut y: u32) -> u64 {
    let n: u32 = 1 << 10;
    let mut d: u64 = 0;
    let mut s = n / 2;
    while s > 0 {
        let rx = u32::from(x & s > 0);
        let ry = u32::from(y & s > 0);
        d += u64::from(s) * u64::from(s) * u64::from((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    d
}

/// GeoJSON geometry text with the shortest exact form of each coordinate.
pub fn geometry_text(shape: &MultiPolygon<f64>) -> String {
    let mut out = String::with_capacity(64 * shape.0.iter().map(|p| p.exterior().0.len()).sum::<usize>());
    let polygon = |out: &mut String, p: &Polygon<f64>| {
        out.push('[');
        for (r, ring) in std::iter::once(p.exterior()).chain(p.interiors()).enumerate() {
            if r > 0 {
                out.push(',');
            }
            out.push('[');
            for (k, c) in ring.0.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(&format!("[{},{}]", c.x, c.y));
            }
            out.push(']');
        }
        out.push(']');
    };
    if shape.0.len() == 1 {
        out.push_str("{\"type\":\"Polygon\",\"coordinates\":");
        polygon(&mut out, &shape.0[0]);
    } else {
        out.push_str("{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (k, p) in shape.0.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            polygon(&mut out, p);
        }
        out.push(']');
    }
    out.push('}');
    out
}

/// Lay grid pieces out as cells: drop a block of squares around
/// `uncovered_near` (an index into `pieces`), stretch two cells over their
/// neighbours, order the rest along a Hilbert curve, hand consecutive runs
/// to towns in proportion to their village counts and then to villages,
/// and add three cells without geometry. With `seat`, the curve is turned
/// so that the first town (the county seat) starts at that point.
pub fn lay_out(
    mut pieces: Vec<Piece>,
    uncovered_near: Option<usize>,
    seat: Option<(f64, f64)>,
    towns: &[Town],
    villages: &[Village],
    rng: &mut Rng,
    codes: &mut Codes,
) -> Vec<PlannedCell> {
    if let Some(centre) = uncovered_near
        .and_then(|k| pieces.get(k))
        .map(|p| (p.i as i64, p.j as i64))
    {
        let mut by_distance: Vec<(i64, usize)> = pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| p.full)
            .map(|(k, p)| ((p.i as i64 - centre.0).pow(2) + (p.j as i64 - centre.1).pow(2), k))
            .collect();
        by_distance.sort_unstable();
        let mut drop: Vec<usize> = by_distance.iter().take(UNCOVERED_SQUARES).map(|(_, k)| *k).collect();
        drop.sort_unstable_by(|a, b| b.cmp(a));
        for k in drop {
            pieces.remove(k);
        }
    }
    stretch_into_neighbours(&mut pieces, rng);
    pieces.sort_by_key(|p| hilbert(p.i, p.j));
    if let Some((x, y)) = seat {
        let d = |p: &Piece| {
            ((p.square[0] + p.square[2]) / 2.0 - x).powi(2) + ((p.square[1] + p.square[3]) / 2.0 - y).powi(2)
        };
        let first = (0..pieces.len()).min_by(|a, b| d(&pieces[*a]).total_cmp(&d(&pieces[*b])));
        // Turning the order round keeps every run contiguous except the one
        // across the curve's two ends, and that is where the last town ends.
        pieces.rotate_left(first.unwrap_or(0));
    }

    let total_villages: usize = towns.iter().map(|t| t.villages.len()).sum::<usize>().max(1);
    let n = pieces.len();
    let mut cells = Vec::with_capacity(n + CELLS_WITHOUT_GEOMETRY);
    let mut pieces = pieces.into_iter();
    let mut cum = 0;
    let mut taken = 0;
    let mut per_village = vec![0usize; villages.len()];
    let no_geometry_towns: Vec<usize> = rng.sample(towns.len(), CELLS_WITHOUT_GEOMETRY);
    for (t, town) in towns.iter().enumerate() {
        cum += town.villages.len();
        let end = n * cum / total_villages;
        let count = end - taken;
        taken = end;
        let v_count = town.villages.len().max(1);
        let mut slot_of_previous = usize::MAX;
        for c in 0..count {
            let Some(piece) = pieces.next() else { break };
            // Mostly one village per cell; now and then a village keeps a
            // second cell (so others in the town get none).
            let mut slot = c * v_count / count.max(1);
            if slot_of_previous != usize::MAX && slot != slot_of_previous && rng.chance(0.06) {
                slot = slot_of_previous;
            }
            slot_of_previous = slot;
            let Some(&village) = town.villages.get(slot) else {
                continue;
            };
            per_village[village] += 1;
            let centroid = piece.shape.centroid().map(|p| (p.x(), p.y()));
            cells.push(PlannedCell {
                code: String::new(),
                name: cell_name(&villages[village].name, per_village[village]),
                village,
                town: t,
                shape: Some(piece.shape),
                centroid,
            });
        }
        if no_geometry_towns.contains(&t) && !town.villages.is_empty() {
            let empty: Vec<usize> = town.villages.iter().copied().filter(|v| per_village[*v] == 0).collect();
            let village = if empty.is_empty() {
                rng.pick(&town.villages)
            } else {
                rng.pick(&empty)
            };
            per_village[village] += 1;
            cells.push(PlannedCell {
                code: String::new(),
                name: cell_name(&villages[village].name, per_village[village]),
                village,
                town: t,
                shape: None,
                centroid: None,
            });
        }
    }
    for cell in &mut cells {
        cell.code = codes.cell();
    }
    cells
}

fn cell_name(village: &str, k: usize) -> String {
    format!("{}第{}网格", village_short(village), k)
}

/// Stretch a few whole squares a quarter of a square into their eastern
/// neighbour (itself whole), a mapping mistake a real grid file can hold.
fn stretch_into_neighbours(pieces: &mut [Piece], rng: &mut Rng) {
    let whole: std::collections::BTreeSet<(u32, u32)> = pieces.iter().filter(|p| p.full).map(|p| (p.i, p.j)).collect();
    let mut candidates: Vec<usize> = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.full && whole.contains(&(p.i + 1, p.j)) && whole.contains(&(p.i + 2, p.j)))
        .map(|(k, _)| k)
        .collect();
    rng.shuffle(&mut candidates);
    let mut done: Vec<(u32, u32)> = Vec::new();
    for k in candidates {
        if done.len() == OVERLAPPING_CELLS {
            break;
        }
        let (i, j) = (pieces[k].i, pieces[k].j);
        if done.iter().any(|(a, b)| a.abs_diff(i) < 4 && b.abs_diff(j) < 4) {
            continue;
        }
        let [x0, y0, x1, y1] = pieces[k].square;
        pieces[k].shape = MultiPolygon(vec![rectangle(x0, y0, x1 + (x1 - x0) * 0.25, y1)]);
        done.push((i, j));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hilbert_neighbours_in_order_are_grid_neighbours() {
        let mut pts: Vec<(u32, u32)> = (0..8).flat_map(|i| (0..8).map(move |j| (i, j))).collect();
        pts.sort_by_key(|(i, j)| hilbert(*i, *j));
        for w in pts.windows(2) {
            assert_eq!(w[0].0.abs_diff(w[1].0) + w[0].1.abs_diff(w[1].1), 1, "{:?}", w);
        }
    }

    #[test]
    fn rounding_keeps_rings_closed_and_drops_degenerate_ones() {
        let sq = MultiPolygon(vec![
            rectangle(0.1234567, 0.0, 1.0, 1.0),
            rectangle(0.0, 0.0, 1e-8, 1e-8),
        ]);
        let r = round_shape(&sq);
        assert_eq!(r.0.len(), 1);
        let ring = &r.0[0].exterior().0;
        assert_eq!(ring.first(), ring.last());
        assert_eq!(ring[0].x, 0.123457);
    }

    #[test]
    fn geometry_text_is_geojson() {
        let text = geometry_text(&MultiPolygon(vec![rectangle(1.0, 2.0, 1.5, 2.5)]));
        assert_eq!(
            text,
            "{\"type\":\"Polygon\",\"coordinates\":[[[1,2],[1.5,2],[1.5,2.5],[1,2.5],[1,2]]]}"
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(crate::spatial::parse_geometry(&value).is_ok());
    }
}
