//! Checks across rows: duplicate keys (reported at the later row), unknown
//! references (resolved against the import and the database), and, with
//! `--replace`, rows that would be removed while the database still uses them.

use super::messages::{file_error, row_error, Problem, Target};
use super::rows::{Parsed, Row};
use super::ImportError;
use crate::i18n::Lang;
use crate::model::CodeSet;
use crate::model::Dataset;
use crate::store::Kind;
use std::collections::HashSet;

pub fn check(parsed: &Parsed, existing: &Dataset, replace: bool, lang: Lang, errors: &mut Vec<ImportError>) {
    // Duplicate keys and references are independent checks over hundreds
    // of thousands of rows at province scale: one thread each. Errors come
    // out in the same order as if run one after the other.
    let (duplicate_errors, reference_errors) = std::thread::scope(|scope| {
        let duplicates = scope.spawn(|| {
            let mut found = Vec::new();
            duplicates(parsed, lang, &mut found);
            found
        });
        let mut found = Vec::new();
        let known = Known::new(parsed, existing, replace);
        references(parsed, &known, lang, &mut found);
        // A panic in the other thread is a bug; pass it on unchanged.
        let duplicates = duplicates.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (duplicates, found)
    });
    errors.extend(duplicate_errors);
    errors.extend(reference_errors);
    second_leads(parsed, existing, replace, lang, errors);
    if replace {
        still_referenced(parsed, existing, lang, errors);
    }
}

fn duplicates(p: &Parsed, lang: Lang, errors: &mut Vec<ImportError>) {
    /// `key` borrows the row's key; `show` writes it for the message.
    fn each<'a, T, K: Ord>(
        p: &Parsed,
        rows: &'a Option<Vec<Row<T>>>,
        column: &str,
        key: impl Fn(&'a T) -> K,
        show: impl Fn(&K) -> String,
        lang: Lang,
        errors: &mut Vec<ImportError>,
    ) {
        let Some(rows) = rows else { return };
        // Row numbers sorted by key (a stable sort: equal keys stay in file
        // order), so each duplicate sits right after the first row with its
        // key. A hash map of every key would hold ten times the memory of
        // these numbers: 50 MB for a province's receptions.
        let mut order: Vec<u32> = (0..rows.len() as u32).collect();
        order.sort_by(|&a, &b| key(&rows[a as usize].value).cmp(&key(&rows[b as usize].value)));
        // (later row, first row with its key), reported in file order.
        let mut repeats: Vec<(u32, u32)> = Vec::new();
        for group in order.chunk_by(|&a, &b| key(&rows[a as usize].value) == key(&rows[b as usize].value)) {
            if let [first, later @ ..] = group {
                repeats.extend(later.iter().map(|&l| (l, *first)));
            }
        }
        repeats.sort_unstable();
        for (later, first) in repeats {
            let (row, earlier) = (&rows[later as usize], &rows[first as usize]);
            let k = show(&key(&row.value));
            let Some(src) = p.sources.get(row.src as usize) else {
                continue;
            };
            let problem = Problem::Duplicate {
                first: earlier.loc,
                key: k.clone(),
            };
            // Rows of one kind may come from two files (cells.csv and cells.geojson).
            let problem = match p.sources.get(earlier.src as usize) {
                Some(e) if earlier.src != row.src => Problem::DuplicateIn {
                    first: earlier.loc,
                    file: e.file.clone(),
                    key: k,
                },
                _ => problem,
            };
            errors.push(row_error(&src.file, row.loc, src.label(column), &problem, lang));
        }
    }
    let code = |k: &&str| k.to_string();
    each(p, &p.areas, "code", |a| a.code.as_str(), code, lang, errors);
    each(p, &p.stations, "code", |s| s.code.as_str(), code, lang, errors);
    each(p, &p.cells, "code", |c| c.0.code.as_str(), code, lang, errors);
    each(p, &p.boundary, "code", |b| b.code.as_str(), code, lang, errors);
    each(p, &p.deputies, "code", |d| d.code.as_str(), code, lang, errors);
    each(
        p,
        &p.assignments,
        "deputy_code",
        |a| (a.deputy_code.as_str(), a.cell_code.as_str()),
        |(d, c)| format!("{d}/{c}"),
        lang,
        errors,
    );
    each(p, &p.contacts, "code", |c| c.code.as_str(), code, lang, errors);
    each(
        p,
        &p.receptions,
        "date",
        |r| r.key(),
        |(date, s, d)| format!("{date}/{s}/{d}"),
        lang,
        errors,
    );
    each(p, &p.suggestions, "code", |s| s.code.as_str(), code, lang, errors);
    each(p, &p.units, "code", |u| u.code.as_str(), code, lang, errors);
    each(
        p,
        &p.rota,
        "date",
        |r| r.key(),
        |(date, s, d)| format!("{date}/{s}/{d}"),
        lang,
        errors,
    );
    each(
        p,
        &p.activities,
        "date",
        |a| a.key(),
        |(date, d, k)| format!("{date}/{d}/{k}"),
        lang,
        errors,
    );
}

/// The codes a reference may name once the import is applied.
struct Known<'a> {
    areas: CodeSet<&'a str>,
    cells: CodeSet<&'a str>,
    deputies: CodeSet<&'a str>,
    stations: CodeSet<&'a str>,
    contacts: CodeSet<&'a str>,
    units: CodeSet<&'a str>,
    rejected: &'a HashSet<(Kind, String)>,
}

/// Imported codes, plus the database's unless `--replace` swaps that kind out.
fn codes<'a, T, E>(
    imported: &'a Option<Vec<Row<T>>>,
    existing: &'a [E],
    replace: bool,
    code: impl Fn(&'a T) -> &'a str,
    existing_code: impl Fn(&'a E) -> &'a str,
) -> CodeSet<&'a str> {
    let size = imported.as_ref().map_or(0, Vec::len) + existing.len();
    let mut set: CodeSet<&str> = CodeSet::with_capacity_and_hasher(size, Default::default());
    if let Some(rows) = imported {
        set.extend(rows.iter().map(|r| code(&r.value)));
    }
    if !(replace && imported.is_some()) {
        set.extend(existing.iter().map(existing_code));
    }
    set
}

impl<'a> Known<'a> {
    fn new(p: &'a Parsed, ds: &'a Dataset, replace: bool) -> Known<'a> {
        Known {
            areas: codes(&p.areas, &ds.areas, replace, |a| &a.code, |a| &a.code),
            cells: codes(&p.cells, &ds.cells, replace, |c| &c.0.code, |c| &c.code),
            deputies: codes(&p.deputies, &ds.deputies, replace, |d| &d.code, |d| &d.code),
            stations: codes(&p.stations, &ds.stations, replace, |s| &s.code, |s| &s.code),
            contacts: codes(&p.contacts, &ds.contacts, replace, |c| &c.code, |c| &c.code),
            units: codes(&p.units, &ds.units, replace, |u| &u.code, |u| &u.code),
            rejected: &p.rejected,
        }
    }

    fn has(&self, target: Target, code: &str) -> bool {
        let rejected = |kind: Kind| self.rejected.contains(&(kind, code.to_string()));
        let found = match target {
            Target::Area => self.areas.contains(code),
            Target::Cell => self.cells.contains(code),
            Target::Deputy => self.deputies.contains(code),
            Target::Station => self.stations.contains(code),
            Target::Person => self.deputies.contains(code) || self.contacts.contains(code),
            Target::Unit => self.units.contains(code),
        };
        found
            || match target {
                Target::Area => rejected(Kind::Areas),
                Target::Cell => rejected(Kind::Cells),
                Target::Deputy => rejected(Kind::Deputies),
                Target::Station => rejected(Kind::Stations),
                Target::Person => rejected(Kind::Deputies) || rejected(Kind::Contacts),
                Target::Unit => rejected(Kind::Units),
            }
    }
}

/// A reference: (column, target, code). An empty code refers to nothing.
type Ref<'a> = (&'static str, Target, &'a str);
const NO_REF: Ref<'static> = ("", Target::Area, "");
const NO_REFS: [Ref<'static>; 4] = [NO_REF; 4];

fn one(r: Ref) -> [Ref; 4] {
    [r, NO_REF, NO_REF, NO_REF]
}

fn two<'a>(a: Ref<'a>, b: Ref<'a>) -> [Ref<'a>; 4] {
    [a, b, NO_REF, NO_REF]
}

/// For each row, its references: (column, target, code), at most four (no
/// allocation per row), and a suggestion's co-units besides. Empty codes
/// are optional references left blank and are not checked.
fn references(p: &Parsed, known: &Known, lang: Lang, errors: &mut Vec<ImportError>) {
    fn each<T>(
        p: &Parsed,
        rows: &Option<Vec<Row<T>>>,
        refs: impl Fn(&T) -> [Ref<'_>; 4],
        known: &Known,
        lang: Lang,
        errors: &mut Vec<ImportError>,
    ) {
        let Some(rows) = rows else { return };
        for row in rows {
            for (column, target, code) in refs(&row.value) {
                if code.is_empty() || known.has(target, code) {
                    continue;
                }
                let Some(src) = p.sources.get(row.src as usize) else {
                    continue;
                };
                let problem = Problem::UnknownRef {
                    target,
                    code: code.to_string(),
                };
                errors.push(row_error(&src.file, row.loc, src.label(column), &problem, lang));
            }
        }
    }
    each(
        p,
        &p.areas,
        |a| {
            // The county's parent is outside the data.
            if a.level == crate::model::AreaLevel::County {
                NO_REFS
            } else {
                one(("parent_code", Target::Area, a.parent_code.as_str()))
            }
        },
        known,
        lang,
        errors,
    );
    each(
        p,
        &p.stations,
        |s| one(("area_code", Target::Area, s.area_code.as_str())),
        known,
        lang,
        errors,
    );
    each(
        p,
        &p.cells,
        |c| one(("area_code", Target::Area, c.0.area_code.as_str())),
        known,
        lang,
        errors,
    );
    each(
        p,
        &p.deputies,
        |d| one(("station_code", Target::Station, d.station_code.as_str())),
        known,
        lang,
        errors,
    );
    each(
        p,
        &p.assignments,
        |a| {
            two(
                ("deputy_code", Target::Deputy, a.deputy_code.as_str()),
                ("cell_code", Target::Cell, a.cell_code.as_str()),
            )
        },
        known,
        lang,
        errors,
    );
    each(
        p,
        &p.contacts,
        |c| {
            two(
                ("cell_code", Target::Cell, c.cell_code.as_str()),
                ("deputy_code", Target::Deputy, c.deputy_code.as_str()),
            )
        },
        known,
        lang,
        errors,
    );
    each(
        p,
        &p.receptions,
        |r| {
            two(
                ("station_code", Target::Station, r.station_code.as_str()),
                ("deputy_code", Target::Deputy, r.deputy_code.as_str()),
            )
        },
        known,
        lang,
        errors,
    );
    each(
        p,
        &p.suggestions,
        |s| {
            [
                ("cell_code", Target::Cell, s.cell_code.as_str()),
                ("raised_by", Target::Person, s.raised_by.as_str()),
                ("handling_unit", Target::Unit, s.handling_unit.as_str()),
                ("supervisor", Target::Deputy, s.supervisor.as_str()),
            ]
        },
        known,
        lang,
        errors,
    );
    if let Some(rows) = &p.suggestions {
        for row in rows {
            for unit in &row.value.co_units {
                if known.has(Target::Unit, unit) {
                    continue;
                }
                let Some(src) = p.sources.get(row.src as usize) else {
                    continue;
                };
                let problem = Problem::UnknownRef {
                    target: Target::Unit,
                    code: unit.to_string(),
                };
                errors.push(row_error(&src.file, row.loc, src.label("co_units"), &problem, lang));
            }
        }
    }
    each(
        p,
        &p.rota,
        |r| {
            two(
                ("station_code", Target::Station, r.station_code.as_str()),
                ("deputy_code", Target::Deputy, r.deputy_code.as_str()),
            )
        },
        known,
        lang,
        errors,
    );
    each(
        p,
        &p.activities,
        |a| one(("deputy_code", Target::Deputy, a.deputy_code.as_str())),
        known,
        lang,
        errors,
    );
}

/// One `lead` per date and station of the rota: among the imported slots
/// and the stored ones the import leaves in place (reported at the row
/// that makes the second).
fn second_leads(p: &Parsed, ds: &Dataset, replace: bool, lang: Lang, errors: &mut Vec<ImportError>) {
    use crate::model::RotaRole;
    use std::collections::HashMap;
    let Some(rows) = &p.rota else { return };
    let imported: HashSet<_> = rows.iter().map(|r| r.value.key()).collect();
    let mut leads: HashMap<(chrono::NaiveDate, &str), &str> = HashMap::new();
    if !replace {
        for slot in ds.rota.iter().filter(|s| s.role == RotaRole::Lead) {
            if !imported.contains(&slot.key()) {
                leads.insert((slot.date, &slot.station_code), &slot.deputy_code);
            }
        }
    }
    for row in rows.iter().filter(|r| r.value.role == RotaRole::Lead) {
        let slot = &row.value;
        match leads.get(&(slot.date, slot.station_code.as_str())) {
            Some(other) => {
                let Some(src) = p.sources.get(row.src as usize) else {
                    continue;
                };
                let problem = Problem::SecondLead {
                    date: slot.date.to_string(),
                    station: slot.station_code.to_string(),
                    other: other.to_string(),
                };
                errors.push(row_error(&src.file, row.loc, src.label("role"), &problem, lang));
            }
            None => {
                leads.insert((slot.date, &slot.station_code), &slot.deputy_code);
            }
        }
    }
}

/// With `--replace`, an imported kind loses the database rows its files do
/// not hold. Rows of kinds not imported (which stay) must not refer to them.
fn still_referenced(p: &Parsed, ds: &Dataset, lang: Lang, errors: &mut Vec<ImportError>) {
    // code → removed?, per kind that is being replaced.
    fn removed<'a, T, E>(
        imported: &'a Option<Vec<Row<T>>>,
        existing: &'a [E],
        code: impl Fn(&'a T) -> &'a str,
        existing_code: impl Fn(&'a E) -> &'a str,
    ) -> HashSet<&'a str> {
        let Some(rows) = imported else { return HashSet::new() };
        let keep: HashSet<&str> = rows.iter().map(|r| code(&r.value)).collect();
        existing
            .iter()
            .map(existing_code)
            .filter(|c| !keep.contains(c))
            .collect()
    }
    let gone_areas = removed(&p.areas, &ds.areas, |a| &a.code, |a| &a.code);
    let gone_cells = removed(&p.cells, &ds.cells, |c| &c.0.code, |c| &c.code);
    let gone_deputies = removed(&p.deputies, &ds.deputies, |d| &d.code, |d| &d.code);
    let gone_stations = removed(&p.stations, &ds.stations, |s| &s.code, |s| &s.code);
    let gone_contacts = removed(&p.contacts, &ds.contacts, |c| &c.code, |c| &c.code);
    let file_of = |kind: Kind| p.sources.iter().find(|s| s.kind == kind).map(|s| s.file.clone());
    let mut report = |target_kind: Kind, code: &str, by_kind: Kind, by_code: String| {
        let file = file_of(target_kind).unwrap_or_else(|| target_kind.name().to_string());
        let by = if lang == Lang::Zh { by_kind.zh() } else { by_kind.name() };
        let problem = Problem::StillReferenced {
            code: code.to_string(),
            by_kind: by,
            by_code,
        };
        errors.push(file_error(&file, &problem, lang));
    };
    if p.cells.is_none() {
        for c in &ds.cells {
            if gone_areas.contains(c.area_code.as_str()) {
                report(Kind::Areas, &c.area_code, Kind::Cells, c.code.to_string());
            }
        }
    }
    if p.stations.is_none() {
        for s in &ds.stations {
            if gone_areas.contains(s.area_code.as_str()) {
                report(Kind::Areas, &s.area_code, Kind::Stations, s.code.to_string());
            }
        }
    }
    if p.deputies.is_none() {
        for d in &ds.deputies {
            if gone_stations.contains(d.station_code.as_str()) {
                report(Kind::Stations, &d.station_code, Kind::Deputies, d.code.to_string());
            }
        }
    }
    if p.assignments.is_none() {
        for a in &ds.assignments {
            let key = format!("{}/{}", a.deputy_code, a.cell_code);
            if gone_deputies.contains(a.deputy_code.as_str()) {
                report(Kind::Deputies, &a.deputy_code, Kind::Assignments, key.clone());
            }
            if gone_cells.contains(a.cell_code.as_str()) {
                report(Kind::Cells, &a.cell_code, Kind::Assignments, key);
            }
        }
    }
    if p.contacts.is_none() {
        for c in &ds.contacts {
            if gone_cells.contains(c.cell_code.as_str()) {
                report(Kind::Cells, &c.cell_code, Kind::Contacts, c.code.to_string());
            }
            if gone_deputies.contains(c.deputy_code.as_str()) {
                report(Kind::Deputies, &c.deputy_code, Kind::Contacts, c.code.to_string());
            }
        }
    }
    if p.receptions.is_none() {
        for r in &ds.receptions {
            let key = format!("{}/{}/{}", r.date, r.station_code, r.deputy_code);
            if gone_stations.contains(r.station_code.as_str()) {
                report(Kind::Stations, &r.station_code, Kind::Receptions, key.clone());
            }
            if gone_deputies.contains(r.deputy_code.as_str()) {
                report(Kind::Deputies, &r.deputy_code, Kind::Receptions, key);
            }
        }
    }
    let gone_units = removed(&p.units, &ds.units, |u| &u.code, |u| &u.code);
    if p.rota.is_none() {
        for r in &ds.rota {
            let key = format!("{}/{}/{}", r.date, r.station_code, r.deputy_code);
            if gone_stations.contains(r.station_code.as_str()) {
                report(Kind::Stations, &r.station_code, Kind::Rota, key.clone());
            }
            if gone_deputies.contains(r.deputy_code.as_str()) {
                report(Kind::Deputies, &r.deputy_code, Kind::Rota, key);
            }
        }
    }
    if p.activities.is_none() {
        for a in &ds.activities {
            if gone_deputies.contains(a.deputy_code.as_str()) {
                let key = format!("{}/{}/{}", a.date, a.deputy_code, a.kind);
                report(Kind::Deputies, &a.deputy_code, Kind::Activities, key);
            }
        }
    }
    if p.suggestions.is_none() {
        for s in &ds.suggestions {
            let units = std::iter::once(&s.handling_unit).chain(&s.co_units);
            for unit in units.filter(|u| gone_units.contains(u.as_str())) {
                report(Kind::Units, unit, Kind::Suggestions, s.code.to_string());
            }
            if gone_deputies.contains(s.supervisor.as_str()) {
                report(Kind::Deputies, &s.supervisor, Kind::Suggestions, s.code.to_string());
            }
        }
    }
    if p.suggestions.is_none() {
        let deputies_after: HashSet<&str> = match &p.deputies {
            Some(rows) => rows.iter().map(|r| r.value.code.as_str()).collect(),
            None => ds.deputies.iter().map(|d| d.code.as_str()).collect(),
        };
        let contacts_after: HashSet<&str> = match &p.contacts {
            Some(rows) => rows.iter().map(|r| r.value.code.as_str()).collect(),
            None => ds.contacts.iter().map(|c| c.code.as_str()).collect(),
        };
        for s in &ds.suggestions {
            if gone_cells.contains(s.cell_code.as_str()) {
                report(Kind::Cells, &s.cell_code, Kind::Suggestions, s.code.to_string());
            }
            // raised_by names a deputy or a contact: it dangles when neither remains.
            let who = s.raised_by.as_str();
            let removed_here = gone_deputies.contains(who) || gone_contacts.contains(who);
            if removed_here && !deputies_after.contains(who) && !contacts_after.contains(who) {
                let kind = if gone_deputies.contains(who) {
                    Kind::Deputies
                } else {
                    Kind::Contacts
                };
                report(kind, who, Kind::Suggestions, s.code.to_string());
            }
        }
    }
}
