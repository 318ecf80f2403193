//! Rules that need the cells' shapes: distance to stations, territory
//! coverage and overlaps.

use super::{both, finding, Facts, Finding};
use crate::spatial::StationIndex;

/// Overlaps at or below this share of the smaller cell are digitising
/// slivers, not gaps (SPEC §3: "more than 1 %").
const OVERLAP_MIN_PCT: f64 = 1.0;

/// `cell-far-from-station`: the cell's area-weighted centroid lies more than
/// `max_station_km` km (haversine) from the nearest station with a
/// location. Cells without geometry are left to `cell-no-geometry`; when no
/// station has a location there is no distance to measure, so no finding.
pub fn cell_far_from_station(f: &Facts) -> Vec<Finding> {
    let stations = StationIndex::new(f.ds);
    if stations.is_empty() {
        return Vec::new();
    }
    let max = f.settings.max_station_km;
    let shapes = f.index().shapes();
    f.ds.cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let centre = shapes.centroid(i)?;
            let (s, km) = stations.nearest(f.ds, centre.x(), centre.y())?;
            (km > max).then(|| {
                let station = &f.ds.stations[s].code;
                let detail = both(
                    format!("{km:.1} km from the nearest station {station} (max {max:.1} km)"),
                    format!("距最近的联络站 {station} {km:.1} 公里（上限 {max:.1} 公里）"),
                );
                finding("cell-far-from-station", &c.code, Some(&c.code), detail)
            })
        })
        .collect()
}

/// `territory-uncovered`: with a boundary loaded, more than
/// `max_uncovered_pct` % of its area lies in no cell. One finding named by
/// the boundary's code (the county's area code), with no cell.
pub fn territory_uncovered(f: &Facts) -> Vec<Finding> {
    let Some(boundary) = &f.ds.boundary else {
        return Vec::new();
    };
    let Some(u) = f.index().uncovered() else {
        return Vec::new();
    };
    let max = f.settings.max_uncovered_pct;
    if u.pct <= max {
        return Vec::new();
    }
    let detail = both(
        format!("{:.1} km² ({:.1} %) uncovered (max {max:.1} %)", u.uncovered_km2, u.pct),
        format!(
            "{:.1} 平方公里（{:.1}%）未划入网格（上限 {max:.1}%）",
            u.uncovered_km2, u.pct
        ),
    );
    vec![finding("territory-uncovered", &boundary.code, None, detail)]
}

/// `cells-overlap`: two cells sharing more than 1 % of the smaller one's
/// area; one finding for each of the two, naming the other. A cell that
/// overlaps several others has one finding per other cell.
pub fn cells_overlap(f: &Facts) -> Vec<Finding> {
    let cells = &f.ds.cells;
    let mut out = Vec::new();
    for o in f.index().overlaps(OVERLAP_MIN_PCT) {
        let (Some(a), Some(b)) = (cells.get(o.a), cells.get(o.b)) else {
            continue;
        };
        for (this, other) in [(a, b), (b, a)] {
            let detail = both(
                format!("overlaps {} by {:.1} %", other.code, o.pct),
                format!("与 {} 重叠 {:.1}%", other.code, o.pct),
            );
            out.push(finding("cells-overlap", &this.code, Some(&this.code), detail));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::{Boundary, Dataset};

    #[test]
    fn far_cells_are_measured_from_the_centroid_to_the_nearest_located_station() {
        // 0.01° cells near 37°N; 0.1° of longitude there is about 8.9 km.
        let ds = Dataset {
            cells: vec![
                cell("G1", Some(square(121.0, 37.0, 0.01))),
                cell("G2", Some(square(121.1, 37.0, 0.01))),
                cell("G3", None),
            ],
            stations: vec![
                station("S1", Some(121.005), Some(37.005)),
                station("S2", None, None), // sits right in G2 but has no location
            ],
            ..Dataset::default()
        };
        let found = cell_far_from_station(&Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["G2"]);
        assert_eq!(found[0].detail, "8.9 km from the nearest station S1 (max 5.0 km)");
        let mut wide = ds.clone();
        wide.settings.max_station_km = 9.0;
        assert!(cell_far_from_station(&Facts::new(&wide, day("2026-05-01"))).is_empty());
    }

    #[test]
    fn no_located_station_means_no_distance_finding() {
        let ds = Dataset {
            cells: vec![cell("G1", Some(square(121.0, 37.0, 0.01)))],
            stations: vec![station("S1", Some(121.0), None)],
            ..Dataset::default()
        };
        assert!(cell_far_from_station(&Facts::new(&ds, day("2026-05-01"))).is_empty());
    }

    fn county(cover: f64) -> Dataset {
        Dataset {
            cells: vec![cell("G1", Some(square(121.0, 37.0, 0.1 * cover)))],
            boundary: Some(Boundary {
                code: "370612".into(),
                name: "Muping".into(),
                geometry: square(121.0, 37.0, 0.1),
            }),
            ..Dataset::default()
        }
    }

    #[test]
    fn territory_uncovered_above_the_threshold_is_one_finding_for_the_boundary() {
        // A cell of 0.09° × 0.09° leaves 19 % of the 0.1° square uncovered.
        let found = territory_uncovered(&Facts::new(&county(0.9), day("2026-05-01")));
        assert_eq!(codes(&found), ["370612"]);
        assert_eq!(found[0].kind.code(), "territory");
        assert_eq!(found[0].cell, None);
        assert!(
            found[0].detail.contains("(19.0 %) uncovered (max 1.0 %)"),
            "{}",
            found[0].detail
        );
        // 0.998² leaves 0.4 %: under the threshold.
        assert!(territory_uncovered(&Facts::new(&county(0.998), day("2026-05-01"))).is_empty());
        let mut none = county(0.5);
        none.boundary = None;
        assert!(territory_uncovered(&Facts::new(&none, day("2026-05-01"))).is_empty());
    }

    #[test]
    fn overlapping_cells_each_name_the_other() {
        let ds = Dataset {
            cells: vec![
                cell("G1", Some(square(0.0, 0.0, 1.0))),
                cell("G2", Some(square(0.5, 0.0, 1.0))), // half of G1
                cell("G3", Some(square(1.5, 0.0, 1.0))), // touches G2 only along a border
            ],
            ..Dataset::default()
        };
        let found = cells_overlap(&Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["G1", "G2"]);
        assert_eq!(found[0].detail, "overlaps G2 by 50.0 %");
        assert_eq!(found[1].detail, "overlaps G1 by 50.0 %");
    }
}
