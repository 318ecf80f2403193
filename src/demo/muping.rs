//! The bundled demo county: the real Muping district (牟平区) — its 13
//! towns and 584 villages with their NBS codes, and its boundary — tiled
//! by a synthetic grid of ~1.87 km squares clipped to the boundary.

use super::codes::Codes;
use super::land::{lay_out, rectangle, round_shape, shape_area, Land, Piece, Town, Village};
use super::rng::Rng;
use crate::model::{AreaLevel, Boundary};
use anyhow::{anyhow, Context};
use geo::{BooleanOps, Contains, MultiPolygon, Point};

pub const DIVISIONS: &str = include_str!("../../data/real/muping-divisions.csv");
pub const BOUNDARY: &str = include_str!("../../data/real/muping-boundary.geojson");

/// Grid square size: ≈ 1.87 km both ways at 37.3° N.
const STEP_LON: f64 = 0.0211;
const STEP_LAT: f64 = 0.0168;
/// Clipped pieces smaller than this share of a square are dropped (they
/// are slivers along the coast and the border).
const MIN_PIECE_SHARE: f64 = 0.03;
/// 昆嵛山 (Kunyu Mountain) forest: the demo leaves a block of it without cells.
const KUNYU: (f64, f64) = (121.745, 37.262);
/// The district seat (宁海街道, in WGS84): the first town's cells start here.
const SEAT: (f64, f64) = (121.595, 37.386);

pub struct RealCounty {
    pub land: Land,
    pub boundary: Boundary,
}

pub fn county(rng: &mut Rng, codes: &mut Codes) -> anyhow::Result<RealCounty> {
    let (code, name, parent_code, towns, villages) = divisions()?;
    let (boundary, shape) = boundary()?;
    let pieces = grid_pieces(&shape);
    let near = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.full)
        .min_by(|(_, a), (_, b)| {
            let d = |p: &Piece| (p.square[0] - KUNYU.0).powi(2) + (p.square[1] - KUNYU.1).powi(2);
            d(a).total_cmp(&d(b))
        })
        .map(|(k, _)| k);
    let cells = lay_out(pieces, near, Some(SEAT), &towns, &villages, rng, codes);
    Ok(RealCounty {
        land: Land {
            code,
            name,
            parent_code,
            towns,
            villages,
            cells,
        },
        boundary,
    })
}

type Divisions = (String, String, String, Vec<Town>, Vec<Village>);

/// The county, its towns and their villages, as in the divisions file.
fn divisions() -> anyhow::Result<Divisions> {
    let mut county = None;
    let mut towns: Vec<Town> = Vec::new();
    let mut villages = Vec::new();
    for (n, line) in DIVISIONS.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let [code, name, level, parent] = fields[..] else {
            return Err(anyhow!("muping-divisions.csv:{}: expected 4 fields", n + 1));
        };
        match AreaLevel::parse(level) {
            Some(AreaLevel::County) => county = Some((code.to_string(), name.to_string(), parent.to_string())),
            Some(AreaLevel::Town) => towns.push(Town {
                code: code.into(),
                name: name.into(),
                villages: vec![],
            }),
            Some(AreaLevel::Village) => {
                let town = towns
                    .iter()
                    .position(|t| t.code == parent)
                    .with_context(|| format!("muping-divisions.csv:{}: unknown town {parent}", n + 1))?;
                towns[town].villages.push(villages.len());
                villages.push(Village {
                    code: code.into(),
                    name: name.into(),
                    town,
                });
            }
            None => return Err(anyhow!("muping-divisions.csv:{}: bad level {level}", n + 1)),
        }
    }
    let (code, name, parent) = county.context("muping-divisions.csv: no county row")?;
    Ok((code, name, parent, towns, villages))
}

fn boundary() -> anyhow::Result<(Boundary, MultiPolygon<f64>)> {
    let feature: serde_json::Value = serde_json::from_str(BOUNDARY)?;
    let geometry = feature.get("geometry").context("boundary: no geometry")?;
    let shape = crate::spatial::parse_geometry(geometry)?;
    let prop = |k: &str| feature["properties"][k].as_str().unwrap_or_default().to_string();
    let boundary = Boundary {
        code: prop("code").into(),
        name: prop("name").into(),
        geometry: geometry.to_string(),
    };
    Ok((boundary, shape))
}

/// Squares over the boundary's bounding box, clipped to it. Squares that no
/// boundary edge touches are wholly in or wholly out, so only the squares
/// along the border need the (slow) boolean intersection.
fn grid_pieces(shape: &MultiPolygon<f64>) -> Vec<Piece> {
    let Some([min_x, min_y, max_x, max_y]) = crate::spatial::bbox(shape) else {
        return Vec::new();
    };
    let edges: Vec<[f64; 4]> = shape
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|ring| ring.lines())
        .map(|l| {
            [
                l.start.x.min(l.end.x),
                l.start.y.min(l.end.y),
                l.start.x.max(l.end.x),
                l.start.y.max(l.end.y),
            ]
        })
        .collect();
    let nx = ((max_x - min_x) / STEP_LON).ceil() as u32;
    let ny = ((max_y - min_y) / STEP_LAT).ceil() as u32;
    let full_area = STEP_LON * STEP_LAT;
    let mut pieces = Vec::new();
    for j in 0..ny {
        for i in 0..nx {
            let x0 = min_x + f64::from(i) * STEP_LON;
            let y0 = min_y + f64::from(j) * STEP_LAT;
            let x1 = min_x + f64::from(i + 1) * STEP_LON;
            let y1 = min_y + f64::from(j + 1) * STEP_LAT;
            let square = rectangle(x0, y0, x1, y1);
            let touched = edges
                .iter()
                .any(|e| e[0] <= x1 && e[2] >= x0 && e[1] <= y1 && e[3] >= y0);
            let (shape, full) = if touched {
                (round_shape(&square.intersection(shape)), false)
            } else if shape.contains(&Point::new((x0 + x1) / 2.0, (y0 + y1) / 2.0)) {
                (MultiPolygon(vec![square]), true)
            } else {
                continue;
            };
            if shape.0.is_empty() || shape_area(&shape) < MIN_PIECE_SHARE * full_area {
                continue;
            }
            pieces.push(Piece {
                i,
                j,
                square: [x0, y0, x1, y1],
                full,
                shape,
            });
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_13_towns_and_584_villages() {
        let (code, _, parent, towns, villages) = divisions().unwrap();
        assert_eq!((code.as_str(), parent.as_str()), ("370612", "3706"));
        assert_eq!(towns.len(), 13);
        assert_eq!(villages.len(), 584);
    }

    #[test]
    fn grid_covers_the_boundary_with_about_500_pieces() {
        let (_, shape) = boundary().unwrap();
        let pieces = grid_pieces(&shape);
        assert!((450..=560).contains(&pieces.len()), "{}", pieces.len());
        let covered: f64 = pieces.iter().map(|p| shape_area(&p.shape)).sum();
        let share = covered / shape_area(&shape);
        assert!((0.99..1.001).contains(&share), "{share}");
    }
}
