//! Three years of work in one county: reception days (the 15th of each
//! month, 2024-01 … 2026-11) and suggestions going round their loop, as
//! they stand on the demo's "today" (`AS_OF`), with a handful of the
//! suggestion gaps of SPEC §3.

use super::codes::Codes;
use super::land::Land;
use super::names::{village_short, ISSUES};
use super::people::Populated;
use super::rng::Rng;
use crate::model::{Category, Dataset, Reception, Satisfaction, Status, Suggestion, SuggestionSource, Text};
use chrono::{Datelike, Duration, NaiveDate};

/// The day the bundled demo describes (its "today").
pub const AS_OF: (i32, u32, u32) = (2026, 11, 22);
const LAST_RECEPTION: (i32, u32) = (2026, 11);
/// Suggestions per year per county; 2026 runs to the last reception day.
const SUGGESTIONS: [(i32, usize); 3] = [(2024, 510), (2025, 510), (2026, 446)];
/// Share of each year's suggestions that are closed by `AS_OF`.
const CLOSED_SHARE: [f64; 3] = [0.8, 0.6, 0.2];
const DEPUTIES_WITHOUT_RECEPTION: usize = 12;
const OVERDUE: usize = 12;
const REOPENED_OVERDUE: usize = 3;
const UNASSIGNED: usize = 6;
const UNSATISFIED: usize = 10;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub fn as_of() -> NaiveDate {
    date(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn last_day() -> NaiveDate {
    date(LAST_RECEPTION.0, LAST_RECEPTION.1, 15)
}

/// Each active deputy attends one to three reception days a year at the
/// station of the deputy's town; a few have not been yet this year.
pub fn receptions(pop: &Populated, rng: &mut Rng, ds: &mut Dataset) {
    let absent: Vec<usize> = rng.sample(pop.deputies.len(), DEPUTIES_WITHOUT_RECEPTION);
    for (k, d) in pop.deputies.clone().enumerate() {
        let deputy = &ds.deputies[d];
        let (code, station, active) = (deputy.code.clone(), deputy.station_code.clone(), deputy.active);
        for year in 2024..=LAST_RECEPTION.0 {
            if !active && year > 2024 || year == LAST_RECEPTION.0 && absent.contains(&k) {
                continue;
            }
            let months = if year == LAST_RECEPTION.0 {
                LAST_RECEPTION.1 as usize
            } else {
                12
            };
            let times = match rng.below(10) {
                0..=3 => 1,
                4..=7 => 2,
                _ => 3,
            };
            for m in rng.sample(months, if active { times } else { 1 }) {
                let station_code = if rng.chance(0.03) {
                    pop.general_station.clone()
                } else {
                    station.to_string()
                };
                ds.receptions.push(Reception {
                    date: date(year, m as u32 + 1, 15),
                    station_code: station_code.into(),
                    deputy_code: code.clone(),
                    constituents: rng.range(0, 8),
                });
            }
        }
    }
}

/// The suggestions of one county, codes in order of receipt.
pub fn suggestions(land: &Land, pop: &Populated, rng: &mut Rng, codes: &mut Codes, ds: &mut Dataset) {
    if land.cells.is_empty() {
        return;
    }
    let today = as_of();
    let mut list: Vec<Suggestion> = Vec::new();
    for (y, (year, count)) in SUGGESTIONS.iter().enumerate() {
        let start = date(*year, 1, 1);
        let end = if *year == LAST_RECEPTION.0 {
            last_day()
        } else {
            date(*year, 12, 31)
        };
        let days = (end - start).num_days();
        for _ in 0..*count {
            let cell = rng.below(land.cells.len());
            let mut received = start + Duration::days(rng.range(0, days));
            let source = match rng.below(20) {
                0..=6 => SuggestionSource::Reception,
                7..=12 => SuggestionSource::Liaison,
                13..=15 => SuggestionSource::Online,
                16..=18 => SuggestionSource::Visit,
                _ => SuggestionSource::Session,
            };
            if source == SuggestionSource::Reception && received.day() < 15 {
                received = date(received.year(), received.month(), 15);
            }
            let raised_by = match source {
                SuggestionSource::Online => Text::default(),
                SuggestionSource::Liaison => pick_code(rng, &pop.cell_contacts[cell], |i| &ds.contacts[i].code),
                _ => pick_code(rng, &pop.cell_deputies[cell], |i| &ds.deputies[i].code),
            };
            let category = match rng.below(100) {
                0..=7 => Category::Key,
                8..=14 => Category::Difficult,
                _ => Category::General,
            };
            let planned = rng.chance(CLOSED_SHARE[y]);
            list.push(lifecycle(
                land,
                cell,
                received,
                source,
                raised_by.to_string(),
                category,
                planned,
                today,
                rng,
            ));
        }
    }
    plant_gaps(&mut list, rng, today);
    list.sort_by_key(|s| s.received_on);
    for mut s in list {
        s.code = codes.suggestion().into();
        ds.suggestions.push(s);
    }
}

fn pick_code<'a>(rng: &mut Rng, among: &[usize], code: impl Fn(usize) -> &'a Text) -> Text {
    if among.is_empty() {
        Text::default()
    } else {
        code(rng.pick(among)).clone()
    }
}

/// A suggestion's timeline (assigned a few days after receipt, replied
/// before its deadline, closed after evaluation), cut at `today`.
#[allow(clippy::too_many_arguments)]
fn lifecycle(
    land: &Land,
    cell: usize,
    received_on: NaiveDate,
    source: SuggestionSource,
    raised_by: String,
    category: Category,
    will_close: bool,
    today: NaiveDate,
    rng: &mut Rng,
) -> Suggestion {
    let planned = &land.cells[cell];
    let issue = &ISSUES[rng.below(ISSUES.len())];
    let village = village_short(&land.villages[planned.village].name);
    let title = if rng.chance(0.3) {
        format!("关于{}{}的建议", village, issue.title)
    } else {
        format!("{}{}", village, issue.title)
    };
    let unit = match issue.unit {
        Some(u) => u.to_string(),
        None => format!("{}人民政府", land.towns[planned.town].name),
    };
    let assigned = received_on + Duration::days(rng.range(1, 5));
    let limit = match category {
        Category::General => 30,
        Category::Key => 45,
        Category::Difficult => 60,
    };
    let due = assigned + Duration::days(limit);
    let replied = assigned + Duration::days(rng.range(5, limit));
    let closed = replied + Duration::days(rng.range(3, 20));
    let mut s = Suggestion::received(&planned.code, &title, source, &raised_by, category, received_on);
    if assigned > today {
        return s;
    }
    s.handling_unit = unit.into();
    s.assigned_on = Some(assigned);
    s.due_on = Some(due);
    s.status = if today < assigned + Duration::days(3) {
        Status::Assigned
    } else {
        Status::Handling
    };
    if replied > today {
        return s;
    }
    s.status = Status::Replied;
    s.replied_on = Some(replied);
    if will_close && closed <= today {
        s.status = Status::Closed;
        s.closed_on = Some(closed);
        s.satisfaction = Some(if rng.chance(0.85) {
            Satisfaction::Satisfied
        } else {
            Satisfaction::Basic
        });
    } else if rng.chance(0.3) {
        s.satisfaction = Some(if rng.chance(0.8) {
            Satisfaction::Satisfied
        } else {
            Satisfaction::Basic
        });
    }
    s
}

/// Overdue, unassigned and unsatisfied suggestions: a few of each.
fn plant_gaps(list: &mut [Suggestion], rng: &mut Rng, today: NaiveDate) {
    let mut taken = vec![false; list.len()];
    let mut choose = |rng: &mut Rng, list: &[Suggestion], n: usize, ok: &dyn Fn(&Suggestion) -> bool| {
        let candidates: Vec<usize> = (0..list.len()).filter(|k| !taken[*k] && ok(&list[*k])).collect();
        let chosen: Vec<usize> = rng
            .sample(candidates.len(), n)
            .into_iter()
            .map(|k| candidates[k])
            .collect();
        for k in &chosen {
            taken[*k] = true;
        }
        chosen
    };
    let stalled = |s: &Suggestion| {
        s.status == Status::Replied && s.received_on >= date(2026, 3, 1) && s.received_on <= date(2026, 8, 31)
    };
    for (n, k) in choose(rng, list, OVERDUE + REOPENED_OVERDUE, &stalled)
        .into_iter()
        .enumerate()
    {
        let s = &mut list[k];
        s.satisfaction = None;
        if n < REOPENED_OVERDUE {
            s.status = Status::Reopened;
            s.satisfaction = Some(Satisfaction::Unsatisfied);
        } else {
            s.status = Status::Handling;
            s.replied_on = None;
        }
    }
    let late = |s: &Suggestion| s.received_on >= date(2026, 9, 1) && s.received_on <= today - Duration::days(12);
    for k in choose(rng, list, UNASSIGNED, &late) {
        let s = &mut list[k];
        s.status = Status::Received;
        s.handling_unit.clear();
        s.assigned_on = None;
        s.due_on = None;
        s.replied_on = None;
        s.satisfaction = None;
        s.closed_on = None;
    }
    let replied = |s: &Suggestion| s.status == Status::Replied;
    for k in choose(rng, list, UNSATISFIED, &replied) {
        list[k].satisfaction = Some(Satisfaction::Unsatisfied);
    }
}
