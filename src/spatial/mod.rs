//! Geometry: reading cell shapes, the R-tree behind `locate`, distances,
//! territory coverage and overlaps (geo + rstar).
//! OWNER: coverage helper, except `geometry.rs`'s parse contract.

mod distance;
mod geometry;
mod grid;
mod index;
mod shapes;

pub use distance::{haversine_km, nearest_station, StationIndex, EARTH_RADIUS_KM};
pub use geometry::{bbox, parse_geometry, GeometryError};
pub use index::CellIndex;
pub use shapes::{centroid, parse_shape_text, CellShape, Shapes};
mod territory;
pub use territory::{overlaps, uncovered, Overlap, Uncovered};
mod batch;
pub use batch::{locate_batch, locate_batch_named, LocateError};
