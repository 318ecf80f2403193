//! Wherever a suggestion names a unit (handling_unit, co_units), a value
//! that is a unit's code is that unit, otherwise a unit whose name is
//! exactly the value (SPEC §2); it is stored as the code. Resolved before
//! the reference checks, which then see codes only.

use super::rows::Parsed;
use crate::model::{Dataset, Text};
use std::collections::{HashMap, HashSet};

/// The units an import may name: its own and, unless `--replace` swaps
/// them out, the database's.
pub struct UnitNames<'a> {
    codes: HashSet<&'a str>,
    /// name → code; None when two units share the name (it names neither).
    by_name: HashMap<&'a str, Option<&'a str>>,
}

impl<'a> UnitNames<'a> {
    pub fn new(p: &'a Parsed, ds: &'a Dataset, replace: bool) -> UnitNames<'a> {
        let mut names = UnitNames {
            codes: HashSet::new(),
            by_name: HashMap::new(),
        };
        let imported = p.units.iter().flatten().map(|r| &r.value);
        let stored = ds.units.iter().filter(|_| !(replace && p.units.is_some()));
        for unit in imported.chain(stored) {
            if !names.codes.insert(unit.code.as_str()) {
                continue; // the imported row of this code came first
            }
            names
                .by_name
                .entry(unit.name.as_str())
                .and_modify(|code| {
                    if *code != Some(unit.code.as_str()) {
                        *code = None;
                    }
                })
                .or_insert(Some(unit.code.as_str()));
        }
        names
    }

    /// The code a value names: itself when it is a code, else the code of
    /// the one unit so named; None when it names no unit (or two). The rule
    /// of [`crate::model::unit_named`], over maps: an import asks it for
    /// every row.
    pub fn code_of(&self, value: &str) -> Option<&'a str> {
        if let Some(code) = self.codes.get(value) {
            return Some(code);
        }
        self.by_name.get(value).copied().flatten()
    }
}

/// Put the unit's code wherever an imported suggestion names a unit by its
/// name; a value naming no unit is left for the reference check to report.
pub fn resolve(p: &mut Parsed, ds: &Dataset, replace: bool) {
    let renames: Vec<(usize, Option<Text>, Vec<Text>)> = {
        let names = UnitNames::new(p, ds, replace);
        let Some(rows) = &p.suggestions else { return };
        let to_code = |v: &Text| names.code_of(v).filter(|c| *c != v.as_str()).map(Text::new);
        rows.iter()
            .enumerate()
            .filter_map(|(i, row)| {
                let s = &row.value;
                let unit = if s.handling_unit.is_empty() {
                    None
                } else {
                    to_code(&s.handling_unit)
                };
                let co_changed = s.co_units.iter().any(|u| to_code(u).is_some());
                let co = if co_changed {
                    s.co_units
                        .iter()
                        .map(|u| to_code(u).unwrap_or_else(|| u.clone()))
                        .collect()
                } else {
                    Vec::new()
                };
                (unit.is_some() || co_changed).then_some((i, unit, co))
            })
            .collect()
    };
    let Some(rows) = &mut p.suggestions else { return };
    for (i, unit, co) in renames {
        let Some(row) = rows.get_mut(i) else { continue };
        if let Some(unit) = unit {
            row.value.handling_unit = unit;
        }
        if !co.is_empty() {
            row.value.co_units = co;
        }
    }
}
