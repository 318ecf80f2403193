//! What a picker offers, narrowed by what the operator has typed. A
//! province has 140,000 deputies, 70,000 cells and 200,000 contacts: a
//! picker makes items for the first [`PICK_SHOWN`] matches only (the ones
//! nearest the task first: the cell's own deputies, the cell's contacts),
//! counts the rest, and narrows again at each key typed. The people are
//! read from the database a row at a time (the snapshot holds the places).

use super::data::Snapshot;
use super::matching::with_matcher;
use super::widgets::picker::PickItem;
use crate::i18n::{tr, Lang};
use crate::model::sanitize;
use crate::model::{find_by_code, Kind, Text};
use crate::search::Person;
use crate::store::{Store, StoreError};
use std::collections::HashSet;

/// Items a narrowed picker makes at most; typing narrows to the rest.
pub const PICK_SHOWN: usize = 200;

/// Where a picker's items come from.
#[derive(Debug, Clone, PartialEq)]
pub enum PickSource {
    /// Given whole when it opened (a handful: statuses); the picker
    /// narrows them itself.
    Fixed,
    /// The global lookup (the search index narrows).
    Lookup,
    /// Active deputies: those assigned to `first_cell` first; `except` left out.
    Deputies {
        first_cell: Option<String>,
        except: Option<String>,
    },
    Cells,
    /// Active contacts: those of `first_cell` first.
    Contacts {
        first_cell: Option<String>,
    },
}

/// A picker's items for `query`: at most [`PICK_SHOWN`] (an exact code
/// first, then the preferred), with how many match and how many there are
/// in all. None for [`PickSource::Fixed`] and [`PickSource::Lookup`].
pub struct Narrowed {
    pub items: Vec<PickItem>,
    pub matches: usize,
    pub total: usize,
}

pub fn narrow(
    store: &Store,
    snap: &Snapshot,
    lang: Lang,
    source: &PickSource,
    query: &str,
) -> Result<Option<Narrowed>, StoreError> {
    Ok(Some(match source {
        PickSource::Fixed | PickSource::Lookup => return Ok(None),
        PickSource::Deputies { first_cell, except } => {
            // The cell's own deputies first; for a cell with none (a gap's
            // fix), those covering other cells of its town.
            let mut preferred = match first_cell.as_deref() {
                Some(cell) => store.cell_deputies(cell)?,
                None => Vec::new(),
            };
            if preferred.is_empty() {
                if let Some(cell) = first_cell.as_deref() {
                    let town: Vec<&str> = town_cells(snap, cell).into_iter().collect();
                    preferred = store.deputies_of_cells(&town)?;
                }
            }
            let except = except.as_deref();
            let chosen = narrowed(query, |offer| {
                store.each_person(Kind::Deputy, true, |p| {
                    if Some(p.code) != except {
                        let preferred = preferred.binary_search_by(|c| c.as_str().cmp(p.code)).is_ok();
                        offer(Candidate::of(&p, preferred));
                    }
                })
            })?;
            // The rest of the deputies shown, read for them alone.
            let rows = store.deputies_of(&chosen.codes())?;
            chosen.into_items(|code, preferred| {
                let d = find_by_code(&rows, code, |d| &d.code)?;
                let name = sanitize(&d.name);
                Some(PickItem {
                    code: d.code.to_string(),
                    detail: format!(
                        "{} {} · {} · {}",
                        tr(lang, "联络员", "load"),
                        snap.deputy_load(&d.code),
                        d.level.label(lang),
                        sanitize(&d.district)
                    ),
                    search: format!("{} {name}", d.code),
                    label: name,
                    preferred,
                    kind: None,
                })
            })
        }
        PickSource::Cells => {
            let chosen = narrowed(query, |offer| {
                for c in &snap.dir.cells {
                    let village = snap.cell_village(&c.code);
                    offer(Candidate {
                        code: &c.code,
                        name: &c.name,
                        also: &village,
                        preferred: false,
                    });
                }
                Ok(())
            })?;
            chosen.into_items(|code, preferred| {
                let c = snap.cell(code)?;
                let name = sanitize(&c.name);
                let village = snap.cell_village(&c.code);
                Some(PickItem {
                    code: c.code.to_string(),
                    search: format!("{} {name} {village}", c.code),
                    label: name,
                    detail: village,
                    preferred,
                    kind: None,
                })
            })
        }
        PickSource::Contacts { first_cell } => {
            // The cell's own contacts first; for a cell with none, those of
            // the other cells of its town.
            let near: HashSet<&str> = match first_cell.as_deref() {
                Some(cell) if store.has_active_contact(cell)? => [cell].into_iter().collect(),
                Some(cell) => town_cells(snap, cell),
                None => Default::default(),
            };
            let chosen = narrowed(query, |offer| {
                store.each_person(Kind::Contact, true, |p| {
                    offer(Candidate::of(&p, near.contains(p.cell_code)));
                })
            })?;
            // The contacts shown and their deputies' names, read for them alone.
            let rows = store.contacts_of(&chosen.codes())?;
            let deputies: Vec<&str> = rows.iter().map(|c| c.deputy_code.as_str()).collect();
            let names = store.person_names(&deputies)?;
            let deputy_name = |code: &str| names.get(code).map(|n| sanitize(n)).unwrap_or_default();
            chosen.into_items(|code, preferred| {
                let c = find_by_code(&rows, code, |c| &c.code)?;
                let name = sanitize(&c.name);
                Some(PickItem {
                    code: c.code.to_string(),
                    search: format!("{} {name}", c.code),
                    detail: format!("{} · {}", snap.cell_name(&c.cell_code), deputy_name(&c.deputy_code)),
                    label: name,
                    preferred,
                    kind: None,
                })
            })
        }
    }))
}

/// The codes of the cells in the same town as `cell` (the town of its
/// area, as `Dataset::town_and_village` finds it), `cell` included.
fn town_cells<'a>(snap: &'a Snapshot, cell: &str) -> HashSet<&'a str> {
    let ds = &snap.dir;
    let town_of = |area: &str| ds.town_and_village(area).0.map(|t| t.code.as_str());
    let Some(town) = snap.cell(cell).and_then(|c| town_of(&c.area_code)) else {
        return Default::default();
    };
    ds.cells
        .iter()
        .filter(|c| town_of(&c.area_code) == Some(town))
        .map(|c| c.code.as_str())
        .collect()
}

/// One thing a picker may offer, as its row holds it: matched on its code,
/// name and `also` (a cell's village).
struct Candidate<'a> {
    code: &'a str,
    name: &'a str,
    also: &'a str,
    preferred: bool,
}

impl<'a> Candidate<'a> {
    /// A person's row, matched on its code and name.
    fn of(p: &Person<'a>, preferred: bool) -> Candidate<'a> {
        Candidate {
            code: p.code,
            name: p.name,
            also: "",
            preferred,
        }
    }
}

/// The codes a picker shows, in its order (an exact code, then the
/// preferred, then the others), each with whether it is preferred; and
/// how many matched of how many offered.
struct Chosen {
    picked: Vec<(Text, bool)>,
    matches: usize,
    total: usize,
}

impl Chosen {
    fn codes(&self) -> Vec<&str> {
        self.picked.iter().map(|(c, _)| c.as_str()).collect()
    }

    /// The items of the codes picked (a code whose row is gone since the
    /// pass, by another operator's change, is left out).
    fn into_items(self, item: impl Fn(&str, bool) -> Option<PickItem>) -> Narrowed {
        Narrowed {
            items: self.picked.iter().filter_map(|(c, pref)| item(c, *pref)).collect(),
            matches: self.matches,
            total: self.total,
        }
    }
}

/// One pass over the candidates `offer_all` offers, one at a time, as
/// their rows hold them: each is matched on its code, name and `also`
/// (written into one buffer, not a string apiece); kept are the codes of an
/// exact code, every preferred match and the first others up to
/// [`PICK_SHOWN`].
fn narrowed(
    query: &str,
    offer_all: impl FnOnce(&mut dyn FnMut(Candidate<'_>)) -> Result<(), StoreError>,
) -> Result<Chosen, StoreError> {
    let wanted = query.trim();
    let mut exact = None;
    let mut first: Vec<(Text, bool)> = Vec::new();
    let mut rest: Vec<(Text, bool)> = Vec::new();
    let (mut matches, mut total) = (0, 0);
    let mut text = String::new();
    with_matcher(query, |m| {
        offer_all(&mut |c: Candidate<'_>| {
            total += 1;
            text.clear();
            text.push_str(c.code);
            text.push(' ');
            text.push_str(c.name);
            if !c.also.is_empty() {
                text.push(' ');
                text.push_str(c.also);
            }
            if !m(&text) {
                return;
            }
            matches += 1;
            if exact.is_none() && !wanted.is_empty() && c.code.eq_ignore_ascii_case(wanted) {
                exact = Some((Text::from(c.code), c.preferred));
            } else if c.preferred {
                first.push((Text::from(c.code), true));
            } else if first.len() + rest.len() < PICK_SHOWN {
                rest.push((Text::from(c.code), false));
            }
        })
    })?;
    // An exact code goes to the top: typing a code then Enter picks it.
    let mut picked: Vec<(Text, bool)> = exact.into_iter().chain(first).chain(rest).collect();
    picked.truncate(PICK_SHOWN.max(1));
    Ok(Chosen { picked, matches, total })
}
