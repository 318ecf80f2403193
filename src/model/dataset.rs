//! A whole county in memory: what the gap rules, the cell summaries and the
//! exporter read. Rows are kept sorted by key so that every output that
//! walks them is in a stable order.

use super::*;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub areas: Vec<Area>,
    pub cells: Vec<Cell>,
    pub boundary: Option<Boundary>,
    pub deputies: Vec<Deputy>,
    pub assignments: Vec<Assignment>,
    pub contacts: Vec<Contact>,
    pub stations: Vec<Station>,
    pub receptions: Vec<Reception>,
    pub suggestions: Vec<Suggestion>,
    pub units: Vec<Unit>,
    pub rota: Vec<RotaSlot>,
    pub activities: Vec<Activity>,
    pub settings: Settings,
}

impl Dataset {
    /// Sort every table by its key (SPEC §2), as export and rules expect.
    pub fn sort(&mut self) {
        sort_rows(&mut self.areas, |a, b| a.code.cmp(&b.code));
        sort_rows(&mut self.cells, |a, b| a.code.cmp(&b.code));
        sort_rows(&mut self.deputies, |a, b| a.code.cmp(&b.code));
        sort_rows(&mut self.assignments, Ord::cmp);
        sort_rows(&mut self.contacts, |a, b| a.code.cmp(&b.code));
        sort_rows(&mut self.stations, |a, b| a.code.cmp(&b.code));
        sort_rows(&mut self.receptions, |a, b| a.key().cmp(&b.key()));
        sort_rows(&mut self.suggestions, |a, b| a.code.cmp(&b.code));
        sort_rows(&mut self.units, |a, b| a.code.cmp(&b.code));
        sort_rows(&mut self.rota, |a, b| a.key().cmp(&b.key()));
        sort_rows(&mut self.activities, |a, b| a.key().cmp(&b.key()));
    }

    /// Whether every table is in the order [`Dataset::sort`] gives it.
    pub fn is_sorted(&self) -> bool {
        self.areas.is_sorted_by(|a, b| a.code <= b.code)
            && self.cells.is_sorted_by(|a, b| a.code <= b.code)
            && self.deputies.is_sorted_by(|a, b| a.code <= b.code)
            && self.assignments.is_sorted()
            && self.contacts.is_sorted_by(|a, b| a.code <= b.code)
            && self.stations.is_sorted_by(|a, b| a.code <= b.code)
            && self.receptions.is_sorted_by(|a, b| a.key() <= b.key())
            && self.suggestions.is_sorted_by(|a, b| a.code <= b.code)
            && self.units.is_sorted_by(|a, b| a.code <= b.code)
            && self.rota.is_sorted_by(|a, b| a.key() <= b.key())
            && self.activities.is_sorted_by(|a, b| a.key() <= b.key())
    }

    /// The name, as stored, of the deputy with this code, else of the
    /// contact with it.
    pub fn person_name(&self, code: &str) -> Option<&str> {
        find_by_code(&self.deputies, code, |d| &d.code)
            .map(|d| d.name.as_str())
            .or_else(|| find_by_code(&self.contacts, code, |c| &c.code).map(|c| c.name.as_str()))
    }

    /// The town and village names of a cell's area: a village area gives
    /// its parent town; a town area gives no village.
    pub fn town_and_village(&self, area_code: &str) -> (Option<&Area>, Option<&Area>) {
        let find = |code: &str| find_by_code(&self.areas, code, |a| &a.code);
        area_town_village(find(area_code), find)
    }
}

/// The row with this code: a binary search in rows sorted by code (as the
/// store gives them); a hand-built table may not be, and is then searched
/// in full.
pub fn find_by_code<'a, T>(rows: &'a [T], code: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
    match rows.binary_search_by(|r| key(r).cmp(code)) {
        Ok(i) => rows.get(i),
        Err(_) => rows.iter().find(|r| key(r) == code),
    }
}

/// Resolve (town, village) from an area and a way to find its parent.
pub fn area_town_village<'a>(
    area: Option<&'a Area>,
    find: impl Fn(&str) -> Option<&'a Area>,
) -> (Option<&'a Area>, Option<&'a Area>) {
    match area {
        Some(a) if a.level == AreaLevel::Village => {
            let town = find(&a.parent_code).filter(|p| p.level == AreaLevel::Town);
            (town, Some(a))
        }
        Some(a) if a.level == AreaLevel::Town => (Some(a), None),
        _ => (None, None),
    }
}

/// A count as a table of figures holds it: a u32, saturating (no county has
/// four billion of anything; at province the summaries and duty terms of
/// 140,000 deputies are smaller so).
pub fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Sort rows (stable), leaving rows already in order as they are: what the
/// store reads comes sorted, and a stable sort of a province's 200,000
/// rows in order still takes a scratch buffer of up to 8 MB, and time.
pub fn sort_rows<T>(rows: &mut [T], order: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if !rows.is_sorted_by(|a, b| order(a, b).is_le()) {
        rows.sort_by(order);
    }
}
