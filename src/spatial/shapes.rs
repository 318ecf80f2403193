//! Every cell's shape parsed once, with what the rules and the map need
//! beside it (bounding box, planar area, centroid).

use super::geometry::parse_valid_geometry;
use crate::model::Dataset;
use geo::orient::{Direction, Orient};
use geo::{Area, BoundingRect, Centroid, MultiPolygon, Point};

/// One cell's parsed shape.
#[derive(Debug, Clone)]
pub struct CellShape {
    /// The shape, oriented (exteriors counter-clockwise, holes clockwise)
    /// so that unions and fill rules treat every cell alike.
    pub shape: MultiPolygon<f64>,
    /// [min_lon, min_lat, max_lon, max_lat]
    pub bbox: [f64; 4],
    /// Planar area on lon/lat (square degrees): only ever used in ratios.
    pub area: f64,
}

/// The parsed shapes of a Dataset's cells (by index into `ds.cells`) and
/// of its boundary. Cells without geometry, or whose geometry text cannot
/// be read, have none.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    cells: Vec<Option<CellShape>>,
    boundary: Option<MultiPolygon<f64>>,
}

/// Parse a GeoJSON geometry text into an oriented shape; None when the
/// text is not a readable, valid Polygon/MultiPolygon or has no extent. A
/// shape an older version stored that crosses itself, has a hole outside
/// its shell or no area is left out of the spatial rules (the cell is
/// reported as `cell-no-geometry`, "cannot be read"): the overlay of the
/// territory rules is unbounded on such a shape (hardening H2).
pub fn parse_shape_text(text: &str) -> Option<MultiPolygon<f64>> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    if value.is_null() {
        return None;
    }
    let shape = parse_valid_geometry(&value).ok()?;
    Some(shape.orient(Direction::Default))
}

impl CellShape {
    fn new(shape: MultiPolygon<f64>) -> Option<CellShape> {
        let rect = shape.bounding_rect()?;
        let area = shape.unsigned_area();
        Some(CellShape {
            bbox: [rect.min().x, rect.min().y, rect.max().x, rect.max().y],
            area,
            shape,
        })
    }
}

impl Shapes {
    /// Parse every cell's geometry and the boundary's, once.
    pub fn new(ds: &Dataset) -> Shapes {
        let cells = ds
            .cells
            .iter()
            .map(|c| {
                c.geometry
                    .as_deref()
                    .and_then(parse_shape_text)
                    .and_then(CellShape::new)
            })
            .collect();
        let boundary = ds.boundary.as_ref().and_then(|b| parse_shape_text(&b.geometry));
        Shapes { cells, boundary }
    }

    /// Number of cells (with or without a shape): the length of `ds.cells`.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The parsed shape of cell `i` (index into `ds.cells`).
    pub fn cell(&self, i: usize) -> Option<&CellShape> {
        self.cells.get(i).and_then(Option::as_ref)
    }

    /// The cell shapes as MultiPolygons, by cell index (for drawing).
    pub fn polygons(&self) -> impl Iterator<Item = (usize, &MultiPolygon<f64>)> {
        self.cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.as_ref().map(|c| (i, &c.shape)))
    }

    /// The boundary's shape, when one is loaded and readable.
    pub fn boundary(&self) -> Option<&MultiPolygon<f64>> {
        self.boundary.as_ref()
    }

    /// The area-weighted centroid of cell `i` on lon/lat (geo's `Centroid`).
    pub fn centroid(&self, i: usize) -> Option<Point<f64>> {
        self.cell(i).and_then(|c| c.shape.centroid())
    }

    /// [min_lon, min_lat, max_lon, max_lat] of all cell shapes together.
    pub fn extent(&self) -> Option<[f64; 4]> {
        self.cells
            .iter()
            .flatten()
            .map(|c| c.bbox)
            .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
    }
}

/// The centroid of a cell of `ds` by index, parsing its geometry (for one
/// cell; use [`Shapes`] for many).
pub fn centroid(ds: &Dataset, i: usize) -> Option<Point<f64>> {
    let text = ds.cells.get(i)?.geometry.as_deref()?;
    parse_shape_text(text)?.centroid()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;
    use crate::model::Text;

    fn cell(code: &str, geometry: Option<&str>) -> Cell {
        Cell {
            code: code.into(),
            name: code.into(),
            area_code: "V1".into(),
            households: None,
            population: None,
            grid_worker: Text::default(),
            geometry: geometry.map(str::to_string),
        }
    }

    #[test]
    fn parses_each_cell_once_and_skips_missing_or_unreadable_geometry() {
        let square = r#"{"type":"Polygon","coordinates":[[[0,0],[0,2],[2,2],[2,0],[0,0]]]}"#;
        let ds = Dataset {
            cells: vec![
                cell("A", Some(square)),
                cell("B", None),
                cell("C", Some("not json")),
                cell("D", Some("null")),
            ],
            ..Dataset::default()
        };
        let shapes = Shapes::new(&ds);
        assert_eq!(shapes.len(), 4);
        let a = shapes.cell(0).unwrap();
        assert_eq!(a.bbox, [0.0, 0.0, 2.0, 2.0]);
        assert!((a.area - 4.0).abs() < 1e-12);
        assert!(shapes.cell(1).is_none() && shapes.cell(2).is_none() && shapes.cell(3).is_none());
        assert_eq!(shapes.polygons().count(), 1);
        assert_eq!(shapes.centroid(0), Some(Point::new(1.0, 1.0)));
        assert_eq!(centroid(&ds, 0), Some(Point::new(1.0, 1.0)));
        assert_eq!(centroid(&ds, 1), None);
        assert_eq!(shapes.extent(), Some([0.0, 0.0, 2.0, 2.0]));
    }

    #[test]
    fn centroid_is_area_weighted_over_the_parts() {
        // A 2×2 square at the origin and a 1×1 square at x 10: the big part weighs 4.
        let mp = r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[10,0],[11,0],[11,1],[10,1],[10,0]]]]}"#;
        let ds = Dataset {
            cells: vec![cell("A", Some(mp))],
            ..Dataset::default()
        };
        let c = Shapes::new(&ds).centroid(0).unwrap();
        assert!((c.x() - (4.0 * 1.0 + 1.0 * 10.5) / 5.0).abs() < 1e-9, "{c:?}");
    }
}
