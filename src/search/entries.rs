//! What lookup can find, flattened once: areas (towns, villages), cells,
//! deputies, contacts and stations. An entry points at its row of the
//! dataset the index was built from, and keeps of its own only the forms
//! queries match where they differ from the row's; codes, names and phones
//! are read from the row, and the detail line is made for the hits shown.

use crate::i18n::{tr, Lang};
use crate::model::{find_by_code, fold_typed, mask_phone, sanitize, AreaLevel, Contact, Dataset, Deputy, Kind, Text};

/// Where an entry's row is in the dataset (an index into that table).
#[derive(Debug, Clone, Copy)]
enum Row {
    Area(u32),
    Cell(u32),
    Deputy(u32),
    Contact(u32),
    Station(u32),
}

/// One thing lookup can find. A province has half a million: 24 bytes
/// each, where a copy of their codes, names, phones and details took 130.
pub struct Entry {
    row: Row,
    pub forms: Forms,
}

/// A code and a name as queries match them: folded as queries are, kept
/// only where that differs from the row's text.
pub struct Forms {
    /// The forms queries match, for the few entries where they differ from
    /// the row's (boxed: the rest pay one pointer, not two strings).
    folded: Option<Box<Folded>>,
    pub name_ascii: bool,
}

/// An entry's code and name as queries match them, where they differ.
struct Folded {
    /// More than ASCII case folding of the code (None: compare the code
    /// ignoring ASCII case).
    code: Option<Text>,
    /// Lowercase, NFKC-folded, without unsafe characters.
    name: Option<Text>,
}

impl Forms {
    /// The forms of a row's code and name (also of a person read from the
    /// database where the lookup is made, outside any index).
    pub fn of(code: &str, name: &str) -> Forms {
        // Most codes and names need no folding: a lookup that offers a
        // province's 340,000 people looks at each without a copy.
        let code_plain = code.is_ascii() && code.trim() == code && !code.chars().any(crate::model::is_unsafe);
        if code_plain && plain(name) {
            return Forms {
                folded: None,
                name_ascii: name.is_ascii(),
            };
        }
        // Folded as queries are (NFKC): a full-width （ in a name meets
        // the ( of a query folded from it.
        let name_lower = fold_typed(&sanitize(name)).to_lowercase();
        let code_lower = fold_typed(&sanitize(code)).to_lowercase();
        let code = (code_lower != code.to_ascii_lowercase()).then(|| Text::from(code_lower));
        let name_ascii = name_lower.is_ascii();
        let name = (name_lower != name).then(|| Text::from(name_lower));
        let folded = (code.is_some() || name.is_some()).then(|| Box::new(Folded { code, name }));
        Forms { folded, name_ascii }
    }

    /// The name lowercased and without control characters: what queries match.
    pub fn name_lower<'a>(&'a self, stored: &'a str) -> &'a str {
        self.folded.as_ref().and_then(|f| f.name.as_deref()).unwrap_or(stored)
    }

    /// The code lowercased, when plain ASCII case folding is not enough.
    pub fn code_folded(&self) -> Option<&str> {
        self.folded.as_ref().and_then(|f| f.code.as_deref())
    }
}

/// Whether text is as a query meets it already: no unsafe or uppercase
/// character, no blank at either end, NFKC-normal (what [`Forms::of`]
/// would fold it to is itself).
fn plain(text: &str) -> bool {
    use unicode_normalization::{is_nfkc_quick, IsNormalized};
    text.trim() == text
        && !text.chars().any(|c| crate::model::is_unsafe(c) || c.is_uppercase())
        && is_nfkc_quick(text.chars()) == IsNormalized::Yes
}

impl Entry {
    fn new(row: Row, code: &str, name: &str) -> Entry {
        Entry {
            row,
            forms: Forms::of(code, name),
        }
    }

    /// A cell, village, town, deputy, contact or station.
    pub fn kind(&self, ds: &Dataset) -> Kind {
        match self.row {
            Row::Area(i) => match ds.areas.get(i as usize).map(|a| a.level) {
                Some(AreaLevel::Town) => Kind::Town,
                _ => Kind::Village,
            },
            Row::Cell(_) => Kind::Cell,
            Row::Deputy(_) => Kind::Deputy,
            Row::Contact(_) => Kind::Contact,
            Row::Station(_) => Kind::Station,
        }
    }

    /// Contacts and deputies rank before places on a tie.
    pub fn person(&self) -> bool {
        matches!(self.row, Row::Deputy(_) | Row::Contact(_))
    }

    /// The code, name and phone of the entry's row ("" when the dataset is
    /// not the one the index was built from and has no such row).
    pub fn fields<'a>(&self, ds: &'a Dataset) -> (&'a str, &'a str, &'a str) {
        let at = |i: u32| i as usize;
        let row = match self.row {
            Row::Area(i) => ds.areas.get(at(i)).map(|a| (&a.code, &a.name, None)),
            Row::Cell(i) => ds.cells.get(at(i)).map(|c| (&c.code, &c.name, None)),
            Row::Deputy(i) => ds.deputies.get(at(i)).map(|d| (&d.code, &d.name, Some(&d.phone))),
            Row::Contact(i) => ds.contacts.get(at(i)).map(|c| (&c.code, &c.name, Some(&c.phone))),
            Row::Station(i) => ds.stations.get(at(i)).map(|s| (&s.code, &s.name, None)),
        };
        row.map_or(("", "", ""), |(code, name, phone)| {
            (code.as_str(), name.as_str(), phone.map_or("", |p| p.as_str()))
        })
    }

    /// The short line shown beside a hit, in `lang`.
    pub fn detail(&self, ds: &Dataset, lang: Lang) -> String {
        let area_name = |code: &str| find_by_code(&ds.areas, code, |a| &a.code).map_or("", |a| a.name.as_str());
        let at = |i: u32| i as usize;
        match self.row {
            Row::Area(i) => ds
                .areas
                .get(at(i))
                .map(|a| area_name(&a.parent_code).to_string())
                .unwrap_or_default(),
            Row::Cell(i) => ds
                .cells
                .get(at(i))
                .map(|c| {
                    let (town, village) = ds.town_and_village(&c.area_code);
                    join(&[
                        village.map_or("", |v| v.name.as_str()),
                        town.map_or("", |t| t.name.as_str()),
                    ])
                })
                .unwrap_or_default(),
            Row::Deputy(i) => ds
                .deputies
                .get(at(i))
                .map(|d| deputy_detail(d, lang))
                .unwrap_or_default(),
            Row::Contact(i) => ds
                .contacts
                .get(at(i))
                .map(|c| contact_detail(c, ds, lang))
                .unwrap_or_default(),
            Row::Station(i) => ds
                .stations
                .get(at(i))
                .map(|s| join(&[s.kind.label(lang), area_name(&s.area_code)]))
                .unwrap_or_default(),
        }
    }
}

/// Parts of a detail line, the empty ones left out, joined by " · ".
fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The line beside a deputy's hit: level, district, whether inactive.
pub fn deputy_detail(d: &Deputy, lang: Lang) -> String {
    let inactive = if d.active { "" } else { tr(lang, "离任", "inactive") };
    join(&[d.level.label(lang), &d.district, inactive])
}

/// The line beside a contact's hit: role, cell (its name where `places`
/// holds it), masked phone, whether inactive.
pub fn contact_detail(c: &Contact, places: &Dataset, lang: Lang) -> String {
    let inactive = if c.active { "" } else { tr(lang, "无效", "inactive") };
    let cell = find_by_code(&places.cells, &c.cell_code, |x| &x.code).map_or(c.cell_code.as_str(), |x| &x.name);
    join(&[
        c.role.label(lang),
        cell,
        &mask_phone(&c.phone.replace([' ', '-'], "")),
        inactive,
    ])
}

pub fn collect(ds: &Dataset) -> Vec<Entry> {
    let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let mut out =
        Vec::with_capacity(ds.areas.len() + ds.cells.len() + ds.deputies.len() + ds.contacts.len() + ds.stations.len());
    for (i, a) in ds.areas.iter().enumerate() {
        if matches!(a.level, AreaLevel::Town | AreaLevel::Village) {
            out.push(Entry::new(Row::Area(index(i)), &a.code, &a.name));
        }
    }
    out.extend(
        ds.cells
            .iter()
            .enumerate()
            .map(|(i, c)| Entry::new(Row::Cell(index(i)), &c.code, &c.name)),
    );
    out.extend(
        ds.deputies
            .iter()
            .enumerate()
            .map(|(i, d)| Entry::new(Row::Deputy(index(i)), &d.code, &d.name)),
    );
    out.extend(
        ds.contacts
            .iter()
            .enumerate()
            .map(|(i, c)| Entry::new(Row::Contact(index(i)), &c.code, &c.name)),
    );
    out.extend(
        ds.stations
            .iter()
            .enumerate()
            .map(|(i, s)| Entry::new(Row::Station(index(i)), &s.code, &s.name)),
    );
    out
}
