//! The deterministic generator of demo and benchmark data (same seed, same
//! bytes), built on the real Muping divisions and boundary.
//!
//! - `County`: the bundled demo (`data/demo/`): the real Muping district
//!   (13 towns, 584 villages, its boundary) tiled by ~500 synthetic grid
//!   cells, with synthetic people, stations, receptions and suggestions.
//! - `City` (12 counties) and `Province` (140 counties): synthetic
//!   rectangular counties side by side; the boundary written is the
//!   rectangle around all of them (code `3790` for the city, `37` for the
//!   province), so `territory-uncovered` still has something to measure.
//!
//! Same seed, same bytes: one seeded SplitMix64 stream per part, ordered
//! vectors only, no clock. The data describe the world as of `AS_OF`
//! (2026-11-22): every gap rule of SPEC §3 fires a handful of times then.
//! OWNER: demo helper. The signatures below are the contract.

mod activity;
mod codes;
mod duties;
mod land;
mod ledger;
mod muping;
mod names;
mod people;
mod rng;
mod synthetic;

pub use activity::as_of;

use crate::model::{Area, AreaLevel, Boundary, Cell, Dataset};
use codes::Codes;
use land::{geometry_text, rectangle, Land};
use rng::Rng;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    County,
    City,
    Province,
}

impl Scale {
    /// Reads `county`, `city` or `province`.
    pub fn parse(text: &str) -> Option<Scale> {
        match text.trim().to_ascii_lowercase().as_str() {
            "county" => Some(Scale::County),
            "city" => Some(Scale::City),
            "province" => Some(Scale::Province),
            _ => None,
        }
    }
}

pub const DEFAULT_SEED: u64 = 2024;

/// Write the import file set for `scale` into `out` (created if needed).
pub fn generate(scale: Scale, seed: u64, out: &Path) -> anyhow::Result<()> {
    let ds = dataset(scale, seed)?;
    std::fs::create_dir_all(out)?;
    crate::io::export_dir(&ds, out)?;
    Ok(())
}

/// The bundled demo county (`data/demo/`), in memory.
pub fn bundled_county() -> anyhow::Result<Dataset> {
    dataset(Scale::County, DEFAULT_SEED)
}

/// The whole data set for `scale`, sorted by key.
pub fn dataset(scale: Scale, seed: u64) -> anyhow::Result<Dataset> {
    let rng = Rng::new(seed);
    let mut ds = Dataset::default();
    match scale {
        Scale::County => {
            let mut codes = Codes::new(5, 2);
            let real = muping::county(&mut rng.fork(1), &mut codes)?;
            fill(&real.land, &rng, 0, &mut codes, &mut ds);
            ds.boundary = Some(real.boundary);
        }
        Scale::City | Scale::Province => {
            let province = scale == Scale::Province;
            let plans = if province {
                synthetic::plans(10, 14)
            } else {
                synthetic::plans(12, 1)
            };
            let mut codes = if province { Codes::new(6, 4) } else { Codes::new(5, 3) };
            let mut places = rng.fork(1);
            for (n, plan) in plans.iter().enumerate() {
                let land = synthetic::county(plan, province, &mut places, &mut codes);
                fill(&land, &rng, n as u64, &mut codes, &mut ds);
            }
            let [x0, y0, x1, y1] = synthetic::extent(&plans, province);
            let (code, name) = if province {
                ("37", "示范省")
            } else {
                ("3790", "示范市")
            };
            ds.boundary = Some(Boundary {
                code: code.into(),
                name: name.into(),
                geometry: geometry_text(&geo::MultiPolygon(vec![rectangle(x0, y0, x1, y1)])),
            });
        }
    }
    ds.sort();
    Ok(ds)
}

/// Append one county: its areas and cells, then its people and its work.
fn fill(land: &Land, rng: &Rng, n: u64, codes: &mut Codes, ds: &mut Dataset) {
    ds.areas.push(Area {
        code: land.code.as_str().into(),
        name: land.name.as_str().into(),
        level: AreaLevel::County,
        parent_code: land.parent_code.as_str().into(),
    });
    for town in &land.towns {
        ds.areas.push(Area {
            code: town.code.as_str().into(),
            name: town.name.as_str().into(),
            level: AreaLevel::Town,
            parent_code: land.code.as_str().into(),
        });
    }
    for village in &land.villages {
        ds.areas.push(Area {
            code: village.code.as_str().into(),
            name: village.name.as_str().into(),
            level: AreaLevel::Village,
            parent_code: land.towns[village.town].code.as_str().into(),
        });
    }
    let mut cells_rng = rng.fork(100 + n * 8);
    for cell in &land.cells {
        let households = cells_rng.range(120, 650);
        ds.cells.push(Cell {
            code: cell.code.as_str().into(),
            name: cell.name.as_str().into(),
            area_code: land.villages[cell.village].code.as_str().into(),
            households: Some(households),
            population: Some(households * cells_rng.range(230, 300) / 100),
            grid_worker: names::person(&mut cells_rng).into(),
            geometry: cell.shape.as_ref().map(geometry_text),
        });
    }
    let first_deputy = ds.deputies.len();
    let populated = people::populate(land, &mut rng.fork(101 + n * 8), codes, ds);
    let first_reception = ds.receptions.len();
    activity::receptions(&populated, &mut rng.fork(102 + n * 8), ds);
    let first_suggestion = ds.suggestions.len();
    activity::suggestions(land, &populated, &mut rng.fork(103 + n * 8), codes, ds);
    let ledger_rng = &mut rng.fork(104 + n * 8);
    ledger::units_and_ledger(land, first_suggestion, first_deputy, ledger_rng, codes, ds);
    let received = ds.receptions[first_reception..].to_vec();
    duties::rota(&populated, &received, &mut rng.fork(105 + n * 8), ds);
    duties::activities(&populated, &mut rng.fork(106 + n * 8), ds);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{is_valid_phone, Status};
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn county_demo_has_the_brief_sizes() {
        let ds = bundled_county().unwrap();
        eprintln!(
            "areas {} cells {} deputies {} assignments {} contacts {} stations {} receptions {} suggestions {}",
            ds.areas.len(),
            ds.cells.len(),
            ds.deputies.len(),
            ds.assignments.len(),
            ds.contacts.len(),
            ds.stations.len(),
            ds.receptions.len(),
            ds.suggestions.len()
        );
        assert_eq!(ds.areas.len(), 1 + 13 + 584);
        assert!((470..=530).contains(&ds.cells.len()));
        assert_eq!(ds.deputies.len(), 1003);
        assert_eq!(ds.contacts.len(), 1420);
        assert_eq!(ds.stations.len(), 36);
        assert!(ds.suggestions.iter().all(|s| s.contradictions().is_empty()));
        let closed = ds.suggestions.iter().filter(|s| s.status == Status::Closed).count();
        assert!(closed * 100 / ds.suggestions.len() > 40, "{closed}");
    }

    /// The relational gap rules, counted by hand, to keep the demo's gaps
    /// at a realistic handful (the full audit is tested in tests/).
    #[test]
    fn county_demo_has_a_handful_of_each_relational_gap() {
        let ds = bundled_county().unwrap();
        let today = as_of();
        let active: BTreeSet<&str> = ds
            .deputies
            .iter()
            .filter(|d| d.active)
            .map(|d| d.code.as_str())
            .collect();
        let assigned: BTreeSet<(&str, &str)> = ds
            .assignments
            .iter()
            .filter(|a| active.contains(a.deputy_code.as_str()))
            .map(|a| (a.deputy_code.as_str(), a.cell_code.as_str()))
            .collect();
        let covered: BTreeSet<&str> = assigned.iter().map(|(_, c)| *c).collect();
        let contacts: Vec<_> = ds.contacts.iter().filter(|c| c.active).collect();
        let with_contact: BTreeSet<&str> = contacts.iter().map(|c| c.cell_code.as_str()).collect();
        let mut load: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &contacts {
            *load.entry(c.deputy_code.as_str()).or_default() += 1;
        }
        let received: BTreeSet<&str> = ds
            .receptions
            .iter()
            .filter(|r| r.date.format("%Y").to_string() == "2026" && r.date <= today)
            .map(|r| r.deputy_code.as_str())
            .collect();
        let counts = [
            (
                "cell-no-deputy",
                ds.cells.iter().filter(|c| !covered.contains(c.code.as_str())).count(),
            ),
            (
                "cell-no-contact",
                ds.cells
                    .iter()
                    .filter(|c| !with_contact.contains(c.code.as_str()))
                    .count(),
            ),
            (
                "contact-no-deputy",
                contacts
                    .iter()
                    .filter(|c| !active.contains(c.deputy_code.as_str()))
                    .count(),
            ),
            (
                "deputy-no-contact",
                active.iter().filter(|d| !load.contains_key(*d)).count(),
            ),
            (
                "deputy-overloaded",
                active
                    .iter()
                    .filter(|d| load.get(*d).copied().unwrap_or(0) > 10)
                    .count(),
            ),
            (
                "contact-deputy-mismatch",
                contacts
                    .iter()
                    .filter(|c| active.contains(c.deputy_code.as_str()))
                    .filter(|c| !assigned.contains(&(c.deputy_code.as_str(), c.cell_code.as_str())))
                    .count(),
            ),
            (
                "deputy-no-reception",
                active.iter().filter(|d| !received.contains(*d)).count(),
            ),
            (
                "suggestion-overdue",
                ds.suggestions
                    .iter()
                    .filter(|s| matches!(s.status, Status::Assigned | Status::Handling | Status::Reopened))
                    .filter(|s| s.due_on.is_some_and(|d| d < today))
                    .count(),
            ),
            (
                "suggestion-unassigned",
                ds.suggestions
                    .iter()
                    .filter(|s| s.status == Status::Received && (today - s.received_on).num_days() > 7)
                    .count(),
            ),
            (
                "suggestion-unsatisfied",
                ds.suggestions
                    .iter()
                    .filter(|s| {
                        s.status == Status::Replied && s.satisfaction == Some(crate::model::Satisfaction::Unsatisfied)
                    })
                    .count(),
            ),
            (
                "cell-no-geometry",
                ds.cells.iter().filter(|c| c.geometry.is_none()).count(),
            ),
            (
                "contact-bad-phone",
                contacts.iter().filter(|c| !is_valid_phone(&c.phone)).count(),
            ),
        ];
        eprintln!("{counts:?}");
        for (rule, n) in counts {
            assert!((1..=40).contains(&n), "{rule}: {n}");
        }
    }

    #[test]
    fn same_seed_same_data_and_another_seed_differs() {
        let a = dataset(Scale::County, 7).unwrap();
        assert_eq!(a, dataset(Scale::County, 7).unwrap());
        assert_ne!(a.deputies, dataset(Scale::County, 8).unwrap().deputies);
    }

    #[test]
    fn city_scale_is_twelve_counties_with_unique_codes() {
        let ds = dataset(Scale::City, DEFAULT_SEED).unwrap();
        let county = bundled_county().unwrap();
        assert_eq!(ds.deputies.len(), 12 * county.deputies.len());
        assert_eq!(ds.contacts.len(), 12 * county.contacts.len());
        assert!(ds.cells.len() >= 12 * 490);
        let unique = |codes: Vec<&str>| codes.iter().collect::<BTreeSet<_>>().len() == codes.len();
        assert!(unique(ds.areas.iter().map(|a| a.code.as_str()).collect()));
        assert!(unique(ds.cells.iter().map(|c| c.code.as_str()).collect()));
        assert!(unique(ds.deputies.iter().map(|d| d.code.as_str()).collect()));
        assert!(unique(ds.contacts.iter().map(|c| c.code.as_str()).collect()));
        assert!(unique(ds.stations.iter().map(|s| s.code.as_str()).collect()));
        assert!(unique(ds.suggestions.iter().map(|s| s.code.as_str()).collect()));
        assert!(ds.suggestions.iter().all(|s| s.contradictions().is_empty()));
        assert!(ds.boundary.is_some());
    }
}
