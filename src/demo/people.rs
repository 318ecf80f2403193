//! The people and stations of one county: stations placed so that few
//! cells are far from one, deputies placed in electoral districts and
//! assigned to cells, liaison contacts linked to deputies — with a
//! realistic handful of the gaps that the rules of SPEC §3 find.

use super::codes::Codes;
use super::land::{round6, Land};
use super::names::{self, village_short, SECTORS};
use super::rng::Rng;
use crate::model::Text;
use crate::model::{Assignment, Contact, ContactRole, Dataset, Deputy, DeputyLevel, Station, StationKind};

/// Deputies living in one county, by level (the figures of DOMAIN.md).
const LEVELS: [(DeputyLevel, usize); 5] = [
    (DeputyLevel::National, 1),
    (DeputyLevel::Provincial, 2),
    (DeputyLevel::City, 21),
    (DeputyLevel::County, 209),
    (DeputyLevel::Township, 770),
];
const INACTIVE_DEPUTIES: usize = 14;
const CONTACTS: usize = 1420;
const POINTS: usize = 20;
const UNLOCATED_POINTS: usize = 2;
/// Greedy point placement stops once no more than this many cells are
/// farther than `FAR_KM` from a station (so `cell-far-from-station` fires a little).
const FAR_CELLS_LEFT: usize = 6;
const FAR_KM: f64 = 5.0;
/// A point is placed to bring cells within this distance (a margin under `FAR_KM`).
const REACH_KM: f64 = 4.95;
const CELLS_PER_DISTRICT: usize = 4;

/// Deliberate gaps per county.
const CELLS_WITHOUT_DEPUTY: usize = 4;
/// Active contacts entered a second time under another code (the same
/// phone, written with dashes): `contact-duplicate`.
const DUPLICATED_CONTACTS: usize = 4;
const CELLS_WITHOUT_CONTACT: usize = 5;
const DEPUTIES_WITHOUT_CONTACT: usize = 7;
const OVERLOADED_DEPUTIES: usize = 3;
const MISMATCHED_CONTACTS: usize = 24;
const CONTACTS_OF_INACTIVE_DEPUTIES: usize = 4;
const CONTACTS_WITHOUT_DEPUTY: usize = 3;
const INACTIVE_CONTACTS: usize = 20;
const BAD_PHONES: usize = 9;
/// A deputy's ordinary load stays below this, so only the planned
/// deputies are overloaded.
const ORDINARY_LOAD: usize = 8;

/// What the activity generator needs to know about a populated county.
pub struct Populated {
    /// Global indexes of the county's deputies in `Dataset::deputies`.
    pub deputies: std::ops::Range<usize>,
    /// Per cell (local index): active deputies assigned (global indexes).
    pub cell_deputies: Vec<Vec<usize>>,
    /// Per cell: active contacts (global indexes into `Dataset::contacts`).
    pub cell_contacts: Vec<Vec<usize>>,
    pub general_station: String,
}

pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// Cells of each town, in layout order (local cell indexes).
fn cells_by_town(land: &Land) -> Vec<Vec<usize>> {
    let mut by_town = vec![Vec::new(); land.towns.len()];
    for (k, c) in land.cells.iter().enumerate() {
        by_town[c.town].push(k);
    }
    by_town
}

/// Stations: one general, two specialty, one per town, and liaison points
/// placed greedily where cells are farthest from any station.
fn stations(land: &Land, rng: &mut Rng, codes: &mut Codes) -> (Vec<Station>, Vec<String>, String) {
    let by_town = cells_by_town(land);
    let centre_of = |cells: &[usize], at: usize| -> Option<(f64, f64)> {
        let located: Vec<usize> = cells
            .iter()
            .copied()
            .filter(|k| land.cells[*k].centroid.is_some())
            .collect();
        located
            .get(at.min(located.len().saturating_sub(1)))
            .and_then(|k| land.cells[*k].centroid)
    };
    // The cell of a town from which a station reaches most of the town's cells.
    let best_cover = |cells: &[usize]| -> Option<(f64, f64)> {
        let points: Vec<(f64, f64)> = cells.iter().filter_map(|k| land.cells[*k].centroid).collect();
        let reach = |p: &(f64, f64)| points.iter().filter(|q| haversine_km(*p, **q) <= REACH_KM).count();
        points
            .iter()
            .copied()
            .enumerate()
            .max_by_key(|(k, p)| (reach(p), std::cmp::Reverse(*k)))
            .map(|(_, p)| p)
    };
    let mut out: Vec<Station> = Vec::new();
    let station = |code: String, name: String, kind, area: &str, at: Option<(f64, f64)>, theme: &str| Station {
        code: code.into(),
        name: name.into(),
        kind,
        area_code: Text::from(area),
        lon: at.map(|p| round6(p.0)),
        lat: at.map(|p| round6(p.1)),
        theme: Text::from(theme),
        reception_day: 15,
    };
    let seat = by_town.first().cloned().unwrap_or_default();
    let general = codes.station();
    out.push(station(
        general.clone(),
        format!("{}人大代表联络总站", land.name),
        StationKind::General,
        &land.code,
        centre_of(&seat, seat.len() / 2),
        "综合",
    ));
    out.push(station(
        codes.station(),
        format!("{}法律服务人大代表特色站", land.name),
        StationKind::Specialty,
        &land.code,
        // In a law firm a few hundred metres from the general station.
        centre_of(&seat, seat.len() / 2).map(|(x, y)| (x + 0.0031, y - 0.0017)),
        "法律服务",
    ));
    let orchard = land.towns.len().saturating_sub(1).min(5);
    if let (Some(town), Some(cells)) = (land.towns.get(orchard), by_town.get(orchard)) {
        out.push(station(
            codes.station(),
            format!("{}苹果产业人大代表特色站", town.name),
            StationKind::Specialty,
            &town.code,
            centre_of(cells, cells.len() / 3),
            "苹果产业",
        ));
    }
    const THEMES: &[&str] = &[
        "乡村振兴",
        "社区治理",
        "海洋渔业",
        "生态保护",
        "果品产业",
        "文旅融合",
        "",
    ];
    let mut town_station = Vec::with_capacity(land.towns.len());
    for (t, town) in land.towns.iter().enumerate() {
        let code = codes.station();
        town_station.push(code.clone());
        let cells = &by_town[t];
        out.push(station(
            code,
            format!("{}人大代表联络站", town.name),
            StationKind::Town,
            &town.code,
            best_cover(cells),
            rng.pick(THEMES),
        ));
    }

    // Liaison points: first where they bring the most far cells within
    // reach, until only a few far cells are left; the rest near the county
    // seat (where most points are in reality), and a few not yet located.
    let centroids: Vec<(usize, (f64, f64))> = land
        .cells
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.centroid.map(|p| (k, p)))
        .collect();
    let far: Vec<(usize, (f64, f64))> = centroids
        .iter()
        .copied()
        .filter(|(_, p)| {
            out.iter()
                .filter_map(|s| Some(haversine_km(*p, (s.lon?, s.lat?))))
                .all(|d| d > FAR_KM)
        })
        .collect();
    let mut point_cells: Vec<(usize, bool)> = Vec::new();
    // Any located cell may hold a point; distances for the choice are on a
    // local plane in km (exact enough at this range, and cheap).
    let lat0 = centroids.first().map(|(_, p)| p.1).unwrap_or(0.0).to_radians().cos();
    let plane = |p: (f64, f64)| (p.0 * 111.32 * lat0, p.1 * 110.57);
    let near = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2) <= REACH_KM * REACH_KM;
    let candidates: Vec<(usize, (f64, f64))> = centroids.iter().map(|(k, p)| (*k, plane(*p))).collect();
    let mut far: Vec<(f64, f64)> = far.iter().map(|(_, p)| plane(*p)).collect();
    while point_cells.len() < POINTS - UNLOCATED_POINTS && far.len() > FAR_CELLS_LEFT {
        let reach = |p: (f64, f64)| far.iter().filter(|q| near(p, **q)).count();
        let Some(&(best, at)) = candidates
            .iter()
            .max_by_key(|(k, p)| (reach(*p), std::cmp::Reverse(*k)))
        else {
            break;
        };
        far.retain(|q| !near(at, *q));
        point_cells.push((best, true));
    }
    while point_cells.len() < POINTS - UNLOCATED_POINTS && !seat.is_empty() {
        point_cells.push((rng.pick(&seat), true));
    }
    while point_cells.len() < POINTS && !land.cells.is_empty() {
        point_cells.push((rng.below(land.cells.len()), false));
    }
    for (k, located) in point_cells {
        let cell = &land.cells[k];
        let village = &land.villages[cell.village];
        out.push(station(
            codes.station(),
            format!("{}人大代表联络点", village_short(&village.name)),
            StationKind::Point,
            &village.code,
            if located { cell.centroid } else { None },
            "",
        ));
    }
    (out, town_station, general)
}

struct ContactPlan {
    cell: usize,
    deputy: Option<usize>,
    active: bool,
}

/// Append the county's stations, deputies, assignments and contacts.
pub fn populate(land: &Land, rng: &mut Rng, codes: &mut Codes, ds: &mut Dataset) -> Populated {
    let (stations, town_station, general) = stations(land, rng, codes);
    ds.stations.extend(stations);
    let n_cells = land.cells.len();

    // Electoral districts: runs of a few consecutive cells within a town.
    let by_town = cells_by_town(land);
    let mut district_of = vec![0usize; n_cells];
    let mut district_names: Vec<String> = Vec::new();
    let mut district_cells: Vec<Vec<usize>> = Vec::new();
    for (t, cells) in by_town.iter().enumerate() {
        for (n, chunk) in cells.chunks(CELLS_PER_DISTRICT).enumerate() {
            for k in chunk {
                district_of[*k] = district_names.len();
            }
            district_names.push(format!("{}第{}选区", land.towns[t].name, n + 1));
            district_cells.push(chunk.to_vec());
        }
    }

    let no_deputy: Vec<usize> = rng.sample(n_cells, CELLS_WITHOUT_DEPUTY);
    let eligible: Vec<usize> = (0..n_cells).filter(|k| !no_deputy.contains(k)).collect();

    // Deputies, in level order; primary cells dealt round the county in a
    // shuffled order so that every cell gets about two.
    let first = ds.deputies.len();
    let total: usize = LEVELS.iter().map(|(_, n)| n).sum();
    let inactive = rng.sample(total, INACTIVE_DEPUTIES);
    let mut order: Vec<usize> = (0..total).filter(|k| !inactive.contains(k)).collect();
    rng.shuffle(&mut order);
    let mut primary = vec![usize::MAX; total];
    for (slot, d) in order.iter().enumerate() {
        primary[*d] = eligible[slot % eligible.len().max(1)];
    }
    let mut k = 0;
    for (level, count) in LEVELS {
        for _ in 0..count {
            let cell = if primary[k] == usize::MAX {
                rng.below(n_cells)
            } else {
                primary[k]
            };
            primary[k] = cell;
            let town = land.cells.get(cell).map(|c| c.town).unwrap_or(0);
            let station_code = match level {
                DeputyLevel::National | DeputyLevel::Provincial | DeputyLevel::City => general.clone(),
                _ => town_station.get(town).cloned().unwrap_or_else(|| general.clone()),
            };
            let phone = if rng.chance(0.04) {
                names::landline(rng)
            } else {
                names::mobile(rng)
            };
            ds.deputies.push(Deputy {
                code: codes.deputy().into(),
                name: names::person(rng).into(),
                level,
                district: district_names
                    .get(district_of.get(cell).copied().unwrap_or(0))
                    .cloned()
                    .unwrap_or_default()
                    .into(),
                phone: phone.into(),
                sector: rng.pick(SECTORS).into(),
                station_code: station_code.into(),
                active: !inactive.contains(&k),
            });
            k += 1;
        }
    }

    // Assignments: the primary cell and up to two more of the district.
    let mut cell_deputies: Vec<Vec<usize>> = vec![Vec::new(); n_cells];
    let mut deputy_cells: Vec<Vec<usize>> = vec![Vec::new(); total];
    for d in order.iter().copied() {
        let home = primary[d];
        let mut mine = vec![home];
        let extra = match rng.below(20) {
            0..=9 => 0,
            10..=16 => 1,
            _ => 2,
        };
        let mut others: Vec<usize> = district_cells[district_of[home]]
            .iter()
            .copied()
            .filter(|c| *c != home && !no_deputy.contains(c))
            .collect();
        rng.shuffle(&mut others);
        // The home cell stays first: the deputy's own contact lives there.
        mine.extend(others.into_iter().take(extra));
        for c in &mine {
            cell_deputies[*c].push(first + d);
            ds.assignments.push(Assignment {
                deputy_code: ds.deputies[first + d].code.clone(),
                cell_code: land.cells[*c].code.as_str().into(),
            });
        }
        deputy_cells[d] = mine;
    }
    for list in &mut cell_deputies {
        list.sort_unstable();
    }

    let plans = plan_contacts(
        land,
        rng,
        &order,
        &inactive,
        &deputy_cells,
        &cell_deputies,
        &no_deputy,
        first,
    );
    let mut cell_contacts: Vec<Vec<usize>> = vec![Vec::new(); n_cells];
    let base = ds.contacts.len();
    let bad: Vec<usize> = {
        let active: Vec<usize> = (0..plans.len()).filter(|k| plans[*k].active).collect();
        rng.sample(active.len(), BAD_PHONES)
            .into_iter()
            .map(|k| active[k])
            .collect()
    };
    for (k, plan) in plans.iter().enumerate() {
        let role = match rng.below(20) {
            0..=4 => ContactRole::Secretary,
            5..=10 => ContactRole::Committee,
            11..=12 => ContactRole::Cadre,
            13..=17 => ContactRole::GridWorker,
            _ => ContactRole::Other,
        };
        let phone = if bad.contains(&k) {
            names::bad_phone(rng)
        } else if rng.chance(0.03) {
            names::landline(rng)
        } else {
            names::mobile(rng)
        };
        if plan.active {
            cell_contacts[plan.cell].push(base + k);
        }
        ds.contacts.push(Contact {
            code: codes.contact().into(),
            name: names::person(rng).into(),
            role,
            phone: phone.into(),
            cell_code: land.cells[plan.cell].code.as_str().into(),
            deputy_code: plan.deputy.map(|d| ds.deputies[d].code.clone()).unwrap_or_default(),
            active: plan.active,
        });
    }
    duplicate_phones(&mut ds.contacts[base..]);
    Populated {
        deputies: first..first + total,
        cell_deputies,
        cell_contacts,
        general_station: general,
    }
}

/// Give a few active contacts the phone of another, spread over the
/// roster: the same person entered twice. Chosen by position, not by the
/// generator's random stream, so that everything else it makes stays as
/// it was.
fn duplicate_phones(contacts: &mut [Contact]) {
    let valid: Vec<usize> = (0..contacts.len())
        .filter(|&k| contacts[k].active && crate::model::is_valid_phone(&contacts[k].phone))
        .collect();
    let parts = 2 * DUPLICATED_CONTACTS + 1;
    if valid.len() < parts {
        return;
    }
    for j in 0..DUPLICATED_CONTACTS {
        let (from, to) = (
            valid[(2 * j + 1) * valid.len() / parts],
            valid[(2 * j + 2) * valid.len() / parts],
        );
        let phone = contacts[from].phone.to_string();
        // A mobile written 138-1234-5678: equal once dashes are removed.
        let written = match (phone.get(..3), phone.get(3..7), phone.get(7..)) {
            (Some(a), Some(b), Some(c)) if phone.len() == 11 => format!("{a}-{b}-{c}"),
            _ => phone,
        };
        contacts[to].phone = written.into();
    }
}

/// Who each contact is linked to, and where: one contact for (nearly)
/// every deputy in a cell it covers, then the planned gaps, then more
/// contacts up to the roster size. Sorted by cell so codes follow places.
#[allow(clippy::too_many_arguments)]
fn plan_contacts(
    land: &Land,
    rng: &mut Rng,
    active_order: &[usize],
    inactive: &[usize],
    deputy_cells: &[Vec<usize>],
    cell_deputies: &[Vec<usize>],
    no_deputy: &[usize],
    first: usize,
) -> Vec<ContactPlan> {
    let n_cells = land.cells.len();
    let mut active: Vec<usize> = active_order.to_vec();
    active.sort_unstable();
    let free_cells: Vec<usize> = (0..n_cells).filter(|k| !no_deputy.contains(k)).collect();
    let no_contact: Vec<usize> = rng
        .sample(free_cells.len(), CELLS_WITHOUT_CONTACT)
        .into_iter()
        .map(|k| free_cells[k])
        .collect();
    let open: Vec<usize> = free_cells.iter().copied().filter(|k| !no_contact.contains(k)).collect();
    let silent: Vec<usize> = rng
        .sample(active.len(), DEPUTIES_WITHOUT_CONTACT)
        .into_iter()
        .map(|k| active[k])
        .collect();
    let talkers: Vec<usize> = active.iter().copied().filter(|d| !silent.contains(d)).collect();
    let overloaded: Vec<usize> = rng
        .sample(talkers.len(), OVERLOADED_DEPUTIES)
        .into_iter()
        .map(|k| talkers[k])
        .collect();
    let mut load = vec![0usize; deputy_cells.len()];
    let mut plans: Vec<ContactPlan> = Vec::with_capacity(CONTACTS);
    let add = |plans: &mut Vec<ContactPlan>, load: &mut Vec<usize>, cell: usize, deputy: Option<usize>, on: bool| {
        if let (Some(d), true) = (deputy, on) {
            load[d] += 1;
        }
        plans.push(ContactPlan {
            cell,
            deputy: deputy.map(|d| first + d),
            active: on,
        });
    };

    for d in talkers.iter().copied() {
        if let Some(cell) = deputy_cells[d].iter().copied().find(|c| !no_contact.contains(c)) {
            add(&mut plans, &mut load, cell, Some(d), true);
        }
    }
    for d in overloaded.iter().copied() {
        let cells: Vec<usize> = deputy_cells[d]
            .iter()
            .copied()
            .filter(|c| !no_contact.contains(c))
            .collect();
        let want = rng.range(11, 13) as usize;
        while load[d] < want && !cells.is_empty() {
            let cell = rng.pick(&cells);
            add(&mut plans, &mut load, cell, Some(d), true);
        }
    }
    // Town of each talker, to find someone outside a cell but nearby.
    let town_of = |d: usize| deputy_cells[d].first().map(|c| land.cells[*c].town);
    let pick_outsider = |rng: &mut Rng, load: &[usize], cell: usize| -> Option<usize> {
        let town = land.cells[cell].town;
        let near: Vec<usize> = talkers
            .iter()
            .copied()
            .filter(|d| town_of(*d) == Some(town) && load[*d] < ORDINARY_LOAD && !deputy_cells[*d].contains(&cell))
            .collect();
        (!near.is_empty()).then(|| rng.pick(&near))
    };
    // Cells with no deputy still have a contact or two, linked to a
    // deputy of the same town (who does not cover that cell).
    for cell in no_deputy.iter().copied() {
        for _ in 0..rng.range(1, 2) {
            let d = pick_outsider(rng, &load, cell);
            add(&mut plans, &mut load, cell, d, true);
        }
    }
    for _ in 0..MISMATCHED_CONTACTS {
        let cell = rng.pick(&open);
        if let Some(d) = pick_outsider(rng, &load, cell) {
            add(&mut plans, &mut load, cell, Some(d), true);
        }
    }
    for _ in 0..CONTACTS_OF_INACTIVE_DEPUTIES {
        let cell = rng.pick(&open);
        let d = (!inactive.is_empty()).then(|| rng.pick(inactive));
        add(&mut plans, &mut load, cell, d, true);
    }
    for _ in 0..CONTACTS_WITHOUT_DEPUTY {
        let cell = rng.pick(&open);
        add(&mut plans, &mut load, cell, None, true);
    }
    // Contacts who left: the reason a cell has nobody now.
    for k in 0..INACTIVE_CONTACTS {
        let cell = no_contact.get(k).copied().unwrap_or_else(|| rng.pick(&open));
        let d = cell_deputies[cell].first().map(|g| g - first);
        add(&mut plans, &mut load, cell, d, false);
    }
    let mut attempts = 0;
    while plans.len() < CONTACTS && attempts < CONTACTS * 20 && !open.is_empty() {
        attempts += 1;
        let cell = rng.pick(&open);
        let choices: Vec<usize> = cell_deputies[cell]
            .iter()
            .map(|g| g - first)
            .filter(|d| !silent.contains(d) && load[*d] < ORDINARY_LOAD)
            .collect();
        if choices.is_empty() {
            continue;
        }
        let d = rng.pick(&choices);
        add(&mut plans, &mut load, cell, Some(d), true);
    }
    plans.sort_by_key(|p| p.cell);
    plans
}
