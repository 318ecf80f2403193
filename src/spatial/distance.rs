//! Great-circle distances and the nearest station.

use crate::model::{Dataset, Station};
use rstar::primitives::GeomWithData;
use rstar::RTree;

/// Mean Earth radius in km (IUGG), as SPEC §3 fixes it.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two lon/lat points (haversine,
/// R = 6371.0088 km).
pub fn haversine_km(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let dphi = (lat2 - lat1).to_radians();
    let dlambda = (lon2 - lon1).to_radians();
    let a = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// A station's location, when it has one: both lon and lat present and finite.
fn station_location(ds: &Dataset, i: usize) -> Option<(f64, f64)> {
    let s = ds.stations.get(i)?;
    match (s.lon, s.lat) {
        (Some(lon), Some(lat)) if lon.is_finite() && lat.is_finite() => Some((lon, lat)),
        _ => None,
    }
}

/// The station nearest to a point, among those with a location, as
/// (index into `ds.stations`, km). None when no station has a location.
/// On equal distances the first station (lowest code) wins.
///
/// A linear scan: fine for one point. For many points build a
/// [`StationIndex`] once.
pub fn nearest_station(ds: &Dataset, lon: f64, lat: f64) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64)> = None;
    for i in 0..ds.stations.len() {
        if let Some((slon, slat)) = station_location(ds, i) {
            let km = haversine_km(lon, lat, slon, slat);
            if best.is_none_or(|(_, b)| km < b) {
                best = Some((i, km));
            }
        }
    }
    best
}

/// Stations with a location in an R-tree of points on the unit sphere:
/// the straight-line (chord) distance between two such points grows with
/// their great-circle distance, so the chord-nearest station is the
/// haversine-nearest one. Used by `cell-far-from-station` for many cells.
pub struct StationIndex {
    tree: RTree<GeomWithData<[f64; 3], usize>>,
}

fn unit_vector(lon: f64, lat: f64) -> [f64; 3] {
    let (lon, lat) = (lon.to_radians(), lat.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

impl StationIndex {
    /// Index every station of `ds` that has a location.
    pub fn new(ds: &Dataset) -> StationIndex {
        StationIndex::of(ds, |_| true)
    }

    /// Index the stations of `ds` that have a location and that `keep`
    /// accepts (the rota planner leaves online stations out).
    pub fn of(ds: &Dataset, keep: impl Fn(&Station) -> bool) -> StationIndex {
        let points = (0..ds.stations.len())
            .filter(|&i| ds.stations.get(i).is_some_and(&keep))
            .filter_map(|i| station_location(ds, i).map(|(lon, lat)| GeomWithData::new(unit_vector(lon, lat), i)))
            .collect();
        StationIndex {
            tree: RTree::bulk_load(points),
        }
    }

    /// True when no station has a location.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The nearest station to a point as (index into `ds.stations`, km),
    /// the distance by haversine. `ds` must be the Dataset the index was
    /// built from.
    pub fn nearest(&self, ds: &Dataset, lon: f64, lat: f64) -> Option<(usize, f64)> {
        let hit = self.tree.nearest_neighbor(&unit_vector(lon, lat))?;
        let (slon, slat) = station_location(ds, hit.data)?;
        Some((hit.data, haversine_km(lon, lat, slon, slat)))
    }

    /// As [`StationIndex::nearest`], but of stations at the same distance
    /// (within a millimetre: the chord and the haversine round
    /// differently) the first in `ds.stations` wins — the lowest code, as
    /// the rota planner's ties go (SPEC §11).
    pub fn nearest_first(&self, ds: &Dataset, lon: f64, lat: f64) -> Option<(usize, f64)> {
        const TIE_KM: f64 = 1e-6;
        let mut best: Option<(usize, f64)> = None;
        for hit in self.tree.nearest_neighbor_iter(&unit_vector(lon, lat)) {
            let Some((slon, slat)) = station_location(ds, hit.data) else {
                continue;
            };
            let km = haversine_km(lon, lat, slon, slat);
            match best {
                None => best = Some((hit.data, km)),
                Some((_, b)) if km > b + TIE_KM => break,
                Some((i, b)) if km < b - TIE_KM || hit.data < i => best = Some((hit.data, km)),
                Some(_) => {}
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::model::{Station, StationKind};

    fn station(code: &str, lon: Option<f64>, lat: Option<f64>) -> Station {
        Station {
            code: code.into(),
            name: code.into(),
            kind: StationKind::Town,
            area_code: "A".into(),
            lon,
            lat,
            theme: Text::default(),
            reception_day: 15,
        }
    }

    #[test]
    fn haversine_matches_known_distances() {
        // One degree of latitude on the mean sphere.
        let one_degree = haversine_km(121.0, 37.0, 121.0, 38.0);
        assert!((one_degree - 111.195).abs() < 0.01, "{one_degree}");
        assert_eq!(haversine_km(121.5, 37.3, 121.5, 37.3), 0.0);
        // Beijing to Shanghai is about 1,067 km.
        let bj_sh = haversine_km(116.4074, 39.9042, 121.4737, 31.2304);
        assert!((bj_sh - 1067.0).abs() < 5.0, "{bj_sh}");
    }

    #[test]
    fn nearest_station_skips_stations_without_a_location() {
        let ds = Dataset {
            stations: vec![
                station("S1", None, Some(37.0)),
                station("S2", Some(121.1), Some(37.0)),
                station("S3", Some(121.5), Some(37.0)),
                station("S4", Some(121.0), None),
            ],
            ..Dataset::default()
        };
        let (i, km) = nearest_station(&ds, 121.0, 37.0).unwrap();
        assert_eq!(ds.stations[i].code, "S2");
        assert!((km - haversine_km(121.0, 37.0, 121.1, 37.0)).abs() < 1e-9);
        let index = StationIndex::new(&ds);
        assert_eq!(index.nearest(&ds, 121.0, 37.0).map(|(i, _)| i), Some(i));
        assert_eq!(
            index
                .nearest(&ds, 121.45, 37.0)
                .map(|(i, _)| ds.stations[i].code.as_str()),
            Some("S3")
        );
    }

    #[test]
    fn no_station_with_a_location_means_no_nearest_station() {
        let ds = Dataset {
            stations: vec![station("S1", None, None)],
            ..Dataset::default()
        };
        assert_eq!(nearest_station(&ds, 121.0, 37.0), None);
        let index = StationIndex::new(&ds);
        assert!(index.is_empty());
        assert_eq!(index.nearest(&ds, 121.0, 37.0), None);
    }
}
