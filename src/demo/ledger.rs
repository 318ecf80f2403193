//! The ledger's side of a county's suggestions (SPEC §10): the handling
//! units they were assigned to, with co-handling units, extensions, the
//! class of each reply and the supervisors of key suggestions. Made after
//! the suggestions from a stream of its own, so that adding it left every
//! other row of the demo as it was.

use super::codes::Codes;
use super::land::Land;
use super::names;
use super::rng::Rng;
use crate::model::*;
use chrono::Duration;
use std::collections::BTreeMap;

/// Key suggestions left without a supervisor (`suggestion-key-unsupervised`).
const UNSUPERVISED: usize = 4;

/// Turn the unit names of the county's suggestions (`ds.suggestions[first..]`)
/// into units, and give the suggestions the rest of their ledger fields.
pub fn units_and_ledger(
    land: &Land,
    first_suggestion: usize,
    first_deputy: usize,
    rng: &mut Rng,
    codes: &mut Codes,
    ds: &mut Dataset,
) {
    // Every bureau a theme names and every town's government, whether or
    // not a suggestion went to it yet (a unit with nothing assigned is real).
    let mut named: Vec<(UnitKind, String)> = names::unit_names()
        .into_iter()
        .map(|n| (UnitKind::Bureau, n.to_string()))
        .collect();
    named.extend(
        land.towns
            .iter()
            .map(|t| (UnitKind::Town, format!("{}人民政府", t.name))),
    );
    named.sort();
    named.dedup();
    let mut code_of: BTreeMap<String, Text> = BTreeMap::new();
    // This county's bureaus, in code order: the co-handling units.
    let mut bureaus: Vec<Text> = Vec::new();
    for (kind, name) in named {
        let code: Text = codes.unit().into();
        code_of.insert(name.clone(), code.clone());
        if kind == UnitKind::Bureau {
            bureaus.push(code.clone());
        }
        ds.units.push(Unit {
            code,
            name: name.into(),
            kind,
            contact: names::person(rng).into(),
            phone: names::landline(rng).into(),
            active: true,
        });
    }
    // Committee leaders: the county's active deputies of county level or above.
    let leaders: Vec<Text> = ds.deputies[first_deputy..]
        .iter()
        .filter(|d| d.active && d.level <= DeputyLevel::County)
        .map(|d| d.code.clone())
        .collect();
    let mut unsupervised = 0;
    for s in &mut ds.suggestions[first_suggestion..] {
        if let Some(code) = code_of.get(s.handling_unit.as_str()) {
            s.handling_unit = code.clone();
        }
        let assigned = s.assigned_on.is_some();
        if assigned && s.category != Category::General && rng.chance(0.4) && !bureaus.is_empty() {
            let co = bureaus[rng.below(bureaus.len())].clone();
            if co != s.handling_unit {
                s.co_units.push(co);
            }
        }
        if matches!(s.status, Status::Replied | Status::Closed) {
            s.result = Some(match (s.status, rng.below(10)) {
                (Status::Closed, 0..=7) | (Status::Replied, 0..=4) => ReplyResult::A,
                (_, 5..=7) | (Status::Closed, _) => ReplyResult::B,
                (_, 8) => ReplyResult::C,
                _ => ReplyResult::D,
            });
        }
        // A few complex cases in hand were given more time, once.
        if s.status == Status::Handling && s.category == Category::Difficult && rng.chance(0.3) {
            if let (Some(on), Some(due)) = (s.assigned_on, s.due_on) {
                let longer = due + Duration::days(30);
                // Only one not yet overdue: the demo's overdue gaps stay as planted.
                if due >= super::activity::as_of() && longer <= on + Duration::days(180) {
                    s.extended_from = Some(due);
                    s.due_on = Some(longer);
                }
            }
        }
        if s.category == Category::Key && s.status != Status::Closed {
            if unsupervised < UNSUPERVISED || leaders.is_empty() {
                unsupervised += 1;
            } else {
                s.supervisor = leaders[rng.below(leaders.len())].clone();
            }
        } else if s.category == Category::Key && !leaders.is_empty() {
            s.supervisor = leaders[rng.below(leaders.len())].clone();
        }
    }
}
