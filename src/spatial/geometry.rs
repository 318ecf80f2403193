//! GeoJSON geometry text → geo MultiPolygon, with the validation of SPEC §2.

use geo::{Coord, LineString, MultiPolygon, Polygon};

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
