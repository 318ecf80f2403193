//! GeoJSON geometry text → geo MultiPolygon, with the validation of SPEC §2.

use geo::{Coord, Intersects, Line, LineString, MultiPolygon, Polygon, PreparedGeometry, Relate};
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

/// The most vertices one geometry may hold: far more than any cell or
/// county boundary drawn by hand, and a bound on the work one shape can
/// give the spatial rules.
pub const MAX_VERTICES: usize = 1_000_000;

/// A shell smaller than this (square degrees, about 0.01 m²) has no area:
/// its points are identical or on one line.
const MIN_AREA: f64 = 1e-12;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeometryError {
    #[error("geometry is not valid JSON: {0}")]
    NotJson(String),
    #[error("geometry type {0} is not Polygon or MultiPolygon")]
    WrongType(String),
    #[error("ring {ring} has {points} points (at least 4 needed)")]
    TooFewPoints { ring: usize, points: usize },
    #[error("ring {0} is not closed (first and last points differ)")]
    Unclosed(usize),
    #[error("coordinate out of range: {0}, {1}")]
    OutOfRange(f64, f64),
    #[error("malformed coordinates")]
    Malformed,
    #[error("ring {0} crosses itself")]
    SelfIntersection(usize),
    #[error("ring {0} (a hole) is not inside its shell")]
    HoleOutside(usize),
    #[error("ring {0} has no area (its points are identical or on one line)")]
    ZeroArea(usize),
    #[error("more than {0} points")]
    TooManyPoints(usize),
}

/// Parse a GeoJSON geometry object and check it is a shape the spatial
/// rules can work with ([`validate`]): what the import stores and the
/// audits read.
pub fn parse_valid_geometry(value: &serde_json::Value) -> Result<MultiPolygon<f64>, GeometryError> {
    let shape = parse_geometry(value)?;
    validate(&shape)?;
    Ok(shape)
}

/// SPEC §2's invalid geometry beyond the shape of the JSON, as geo's
/// `Validation` judges it: a ring that crosses itself (geo's rule: two
/// segments meet that are not each other's neighbours), a hole not inside
/// its shell, a shell of zero area; and at most [`MAX_VERTICES`] points.
/// geo's own check compares every segment with every other (a ring of
/// 200,000 points would take hours): here the candidates come from an
/// R-tree, so a valid ring costs n log n.
pub fn validate(shape: &MultiPolygon<f64>) -> Result<(), GeometryError> {
    let points: usize = shape
        .0
        .iter()
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum();
    if points > MAX_VERTICES {
        return Err(GeometryError::TooManyPoints(MAX_VERTICES));
    }
    let mut ring_no = 0;
    for polygon in &shape.0 {
        let shell_no = ring_no + 1;
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            ring_no += 1;
            if crosses_itself(ring) {
                return Err(GeometryError::SelfIntersection(ring_no));
            }
        }
        if ring_area(polygon.exterior()) <= MIN_AREA {
            return Err(GeometryError::ZeroArea(shell_no));
        }
        if !polygon.interiors().is_empty() {
            let shell = Polygon::new(polygon.exterior().clone(), vec![]);
            let shell = PreparedGeometry::from(&shell);
            for (k, hole) in polygon.interiors().iter().enumerate() {
                let hole = Polygon::new(hole.clone(), vec![]);
                if !shell.relate(&hole).is_contains() {
                    return Err(GeometryError::HoleOutside(shell_no + 1 + k));
                }
            }
        }
    }
    Ok(())
}

/// The shoelace area of a closed ring, unsigned.
fn ring_area(ring: &LineString<f64>) -> f64 {
    let twice: f64 = ring.lines().map(|l| l.start.x * l.end.y - l.end.x * l.start.y).sum();
    (twice / 2.0).abs()
}

/// Whether two segments of the ring meet that are not neighbours: geo's
/// `linestring_has_self_intersection`, with an R-tree to find the pairs.
fn crosses_itself(ring: &LineString<f64>) -> bool {
    let lines: Vec<Line<f64>> = ring.lines().collect();
    let tree = RTree::bulk_load(
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| GeomWithData::new(rstar::primitives::Rectangle::from_aabb(envelope(l)), i))
            .collect(),
    );
    lines.iter().enumerate().any(|(i, line)| {
        tree.locate_in_envelope_intersecting(&envelope(line)).any(|other| {
            let j = other.data;
            let o = &lines[j];
            j > i && line.start != o.end && line.end != o.start && line.intersects(o)
        })
    })
}

fn envelope(l: &Line<f64>) -> AABB<[f64; 2]> {
    AABB::from_corners([l.start.x, l.start.y], [l.end.x, l.end.y])
}

/// Parse a GeoJSON geometry object (already decoded JSON).
pub fn parse_geometry(value: &serde_json::Value) -> Result<MultiPolygon<f64>, GeometryError> {
    let kind = value.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let coords = value.get("coordinates").ok_or(GeometryError::Malformed)?;
    let mut ring_no = 0;
    match kind {
        "Polygon" => Ok(MultiPolygon(vec![polygon(coords, &mut ring_no)?])),
        "MultiPolygon" => {
            let parts = coords.as_array().ok_or(GeometryError::Malformed)?;
            if parts.is_empty() {
                return Err(GeometryError::Malformed);
            }
            let polys = parts
                .iter()
                .map(|p| polygon(p, &mut ring_no))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(MultiPolygon(polys))
        }
        other => Err(GeometryError::WrongType(if other.is_empty() {
            "(none)".into()
        } else {
            other.into()
        })),
    }
}

fn polygon(value: &serde_json::Value, ring_no: &mut usize) -> Result<Polygon<f64>, GeometryError> {
    let rings = value.as_array().ok_or(GeometryError::Malformed)?;
    if rings.is_empty() {
        return Err(GeometryError::Malformed);
    }
    let mut out = Vec::with_capacity(rings.len());
    for ring in rings {
        *ring_no += 1;
        out.push(linear_ring(ring, *ring_no)?);
    }
    let exterior = out.remove(0);
    Ok(Polygon::new(exterior, out))
}

fn linear_ring(value: &serde_json::Value, ring: usize) -> Result<LineString<f64>, GeometryError> {
    let points = value.as_array().ok_or(GeometryError::Malformed)?;
    let mut coords = Vec::with_capacity(points.len());
    for p in points {
        let pair = p.as_array().ok_or(GeometryError::Malformed)?;
        if pair.len() < 2 {
            return Err(GeometryError::Malformed);
        }
        let x = pair[0].as_f64().ok_or(GeometryError::Malformed)?;
        let y = pair[1].as_f64().ok_or(GeometryError::Malformed)?;
        if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            return Err(GeometryError::OutOfRange(x, y));
        }
        coords.push(Coord { x, y });
    }
    if coords.len() < 4 {
        return Err(GeometryError::TooFewPoints {
            ring,
            points: coords.len(),
        });
    }
    if coords.first() != coords.last() {
        return Err(GeometryError::Unclosed(ring));
    }
    Ok(LineString(coords))
}

/// [min_lon, min_lat, max_lon, max_lat] of a shape, None when empty.
pub fn bbox(shape: &MultiPolygon<f64>) -> Option<[f64; 4]> {
    use geo::BoundingRect;
    shape
        .bounding_rect()
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_polygons_and_multipolygons() {
        let sq = json!([[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]);
        assert_eq!(
            parse_geometry(&json!({"type": "Polygon", "coordinates": sq}))
                .unwrap()
                .0
                .len(),
            1
        );
        let mp = json!({"type": "MultiPolygon", "coordinates": [sq, sq]});
        assert_eq!(parse_geometry(&mp).unwrap().0.len(), 2);
    }

    fn ring_of(points: &[(f64, f64)]) -> serde_json::Value {
        json!(points.iter().map(|&(x, y)| [x, y]).collect::<Vec<_>>())
    }

    #[test]
    fn refuses_crossing_rings_holes_outside_and_zero_area() {
        let poly = |rings: Vec<serde_json::Value>| json!({"type": "Polygon", "coordinates": rings});
        let square = ring_of(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]);
        assert!(parse_valid_geometry(&poly(vec![square.clone()])).is_ok());
        let bowtie = ring_of(&[(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)]);
        assert_eq!(
            parse_valid_geometry(&poly(vec![bowtie])),
            Err(GeometryError::SelfIntersection(1))
        );
        let inner = ring_of(&[(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8), (0.2, 0.2)]);
        assert!(parse_valid_geometry(&poly(vec![square.clone(), inner])).is_ok());
        let big = ring_of(&[(-1.0, -1.0), (2.0, -1.0), (2.0, 2.0), (-1.0, 2.0), (-1.0, -1.0)]);
        assert_eq!(
            parse_valid_geometry(&poly(vec![square.clone(), big])),
            Err(GeometryError::HoleOutside(2))
        );
        let same = ring_of(&[(0.5, 0.5); 4]);
        assert_eq!(parse_valid_geometry(&poly(vec![same])), Err(GeometryError::ZeroArea(1)));
        let line = ring_of(&[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (0.0, 0.0)]);
        assert_eq!(parse_valid_geometry(&poly(vec![line])), Err(GeometryError::ZeroArea(1)));
        // Ring numbers count on across a MultiPolygon's parts.
        let far = ring_of(&[(5.0, 5.0), (6.0, 6.0), (6.0, 5.0), (5.0, 6.0), (5.0, 5.0)]);
        let mp = json!({"type": "MultiPolygon", "coordinates": [[square], [far]]});
        assert_eq!(parse_valid_geometry(&mp), Err(GeometryError::SelfIntersection(2)));
    }

    #[test]
    fn a_ring_of_many_points_is_checked_quickly_either_way() {
        // A valid circle of 100,000 points, and a spiky ring (the review's):
        // geo's pairwise check would take minutes on the first.
        let n = 100_000;
        let mut circle: Vec<(f64, f64)> = (0..n)
            .map(|k| {
                let a = k as f64 / n as f64 * std::f64::consts::TAU;
                (121.0 + 0.01 * a.cos(), 37.0 + 0.01 * a.sin())
            })
            .collect();
        circle.push(circle[0]);
        let poly = json!({"type": "Polygon", "coordinates": [ring_of(&circle)]});
        assert!(parse_valid_geometry(&poly).is_ok());
        let mut seed = 1u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut spiky: Vec<(f64, f64)> = (0..4000)
            .map(|_| (121.6 + 0.01 * next(), 37.38 + 0.01 * next()))
            .collect();
        spiky.push(spiky[0]);
        let poly = json!({"type": "Polygon", "coordinates": [ring_of(&spiky)]});
        assert_eq!(parse_valid_geometry(&poly), Err(GeometryError::SelfIntersection(1)));
    }

    #[test]
    fn refuses_unclosed_short_out_of_range_and_other_types() {
        let open = json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]});
        assert_eq!(parse_geometry(&open), Err(GeometryError::Unclosed(1)));
        let short = json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]});
        assert_eq!(
            parse_geometry(&short),
            Err(GeometryError::TooFewPoints { ring: 1, points: 3 })
        );
        let far = json!({"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]});
        assert!(matches!(parse_geometry(&far), Err(GeometryError::OutOfRange(..))));
        let point = json!({"type": "Point", "coordinates": [0, 0]});
        assert_eq!(parse_geometry(&point), Err(GeometryError::WrongType("Point".into())));
    }
}
