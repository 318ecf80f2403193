//! Geometry: reading cell shapes, the index behind `locate`, distances,
//! territory coverage and overlaps (geo + rstar).
//! OWNER: coverage helper, except `geometry.rs`'s parse contract.
//!
//! - [`Shapes`]: every cell's GeoJSON parsed once (by index into
//!   `ds.cells`), with bounding box, area and centroid; what the map draws.
//! - [`CellIndex`]: the shapes plus an R-tree (and a bucket grid) over the
//!   cells' boxes: [`CellIndex::locate`] a point, neighbours, candidate pairs.
//! - [`locate_batch`]: `lianluo locate --batch`, streaming CSV in and out.
//! - [`haversine_km`], [`nearest_station`], [`StationIndex`]: distances.
//! - [`uncovered`], [`overlaps`]: the area sums behind `territory-uncovered`
//!   and `cells-overlap`.

mod batch;
mod distance;
mod geometry;
mod grid;
mod index;
mod shapes;
mod territory;

pub use batch::{locate_batch, locate_batch_named, LocateError};
pub use distance::{haversine_km, nearest_station, StationIndex, EARTH_RADIUS_KM};
pub use geometry::{bbox, parse_geometry, parse_valid_geometry, validate, GeometryError, MAX_VERTICES};
pub use index::CellIndex;
pub use shapes::{centroid, parse_shape_text, CellShape, Shapes};
pub use territory::{overlaps, uncovered, Overlap, Uncovered};
