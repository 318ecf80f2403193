//! Geometry: reading cell shapes, the R-tree behind `locate`, distances,
//! territory coverage and overlaps (geo + rstar).
//! OWNER: coverage helper, except `geometry.rs`'s parse contract.

mod geometry;

pub use geometry::{bbox, parse_geometry, GeometryError};
