//! What a picker offers, narrowed by what the operator has typed. A
//! province has 140,000 deputies, 70,000 cells and 200,000 contacts: a
//! picker makes items for the first [`PICK_SHOWN`] matches only (the ones
//! nearest the task first: the cell's own deputies, the cell's contacts),
//! counts the rest, and narrows again at each key typed.

use super::data::Snapshot;
use super::matching::with_matcher;
use super::widgets::picker::PickItem;
use crate::i18n::{tr, Lang};
use crate::model::sanitize;

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

pub fn narrow(snap: &Snapshot, lang: Lang, source: &PickSource, query: &str) -> Option<Narrowed> {
    match source {
        PickSource::Fixed | PickSource::Lookup => None,
        PickSource::Deputies { first_cell, except } => {
            // The cell's own deputies first; for a cell with none (a gap's
            // fix), those covering other cells of its town.
            let mut preferred = first_cell.as_deref().map(|c| snap.cell_deputies(c)).unwrap_or_default();
            if preferred.is_empty() {
                if let Some(cell) = first_cell.as_deref() {
                    let town = town_cells(snap, cell);
                    preferred = snap
                        .dir
                        .assignments
                        .iter()
                        .filter(|a| town.contains(a.cell_code.as_str()))
                        .map(|a| a.deputy_code.as_str())
                        .collect();
                }
            }
            let except = except.as_deref();
            let candidates = snap
                .dir
                .deputies
                .iter()
                .filter(|d| d.active && Some(d.code.as_str()) != except);
            Some(narrowed(
                candidates,
                query,
                |d, text| {
                    text.push_str(&d.code);
                    text.push(' ');
                    text.push_str(&d.name);
                },
                |d| d.code.as_str(),
                |d| preferred.contains(&d.code.as_str()),
                |d, preferred| {
                    let name = sanitize(&d.name);
                    PickItem {
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
                    }
                },
            ))
        }
        PickSource::Cells => Some(narrowed(
            snap.dir.cells.iter(),
            query,
            |c, text| {
                text.push_str(&c.code);
                text.push(' ');
                text.push_str(&c.name);
                text.push(' ');
                text.push_str(&snap.cell_village(&c.code));
            },
            |c| c.code.as_str(),
            |_| false,
            |c, preferred| {
                let name = sanitize(&c.name);
                let village = snap.cell_village(&c.code);
                PickItem {
                    code: c.code.to_string(),
                    search: format!("{} {name} {village}", c.code),
                    label: name,
                    detail: village,
                    preferred,
                    kind: None,
                }
            },
        )),
        PickSource::Contacts { first_cell } => {
            // The cell's own contacts first; for a cell with none, those of
            // the other cells of its town.
            let own = |cell: &str| snap.dir.contacts.iter().any(|c| c.active && c.cell_code == cell);
            let near: std::collections::HashSet<&str> = match first_cell.as_deref() {
                Some(cell) if own(cell) => [cell].into_iter().collect(),
                Some(cell) => town_cells(snap, cell),
                None => Default::default(),
            };
            Some(narrowed(
                snap.dir.contacts.iter().filter(|c| c.active),
                query,
                |c, text| {
                    text.push_str(&c.code);
                    text.push(' ');
                    text.push_str(&c.name);
                },
                |c| c.code.as_str(),
                |c| near.contains(c.cell_code.as_str()),
                |c, preferred| {
                    let name = sanitize(&c.name);
                    PickItem {
                        code: c.code.to_string(),
                        search: format!("{} {name}", c.code),
                        detail: format!(
                            "{} · {}",
                            snap.cell_name(&c.cell_code),
                            snap.deputy_name(&c.deputy_code)
                        ),
                        label: name,
                        preferred,
                        kind: None,
                    }
                },
            ))
        }
    }
}

/// The codes of the cells in the same town as `cell` (the town of its
/// area, as `Dataset::town_and_village` finds it), `cell` included.
fn town_cells<'a>(snap: &'a Snapshot, cell: &str) -> std::collections::HashSet<&'a str> {
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

/// One pass over the candidates: each is matched on the text `search`
/// writes (into one buffer, not a string apiece); items are made for an
/// exact code, every preferred match and the first others up to
/// [`PICK_SHOWN`].
fn narrowed<'a, T: 'a>(
    candidates: impl Iterator<Item = &'a T>,
    query: &str,
    search: impl Fn(&T, &mut String),
    code: impl Fn(&T) -> &str,
    preferred: impl Fn(&T) -> bool,
    item: impl Fn(&T, bool) -> PickItem,
) -> Narrowed {
    let wanted = query.trim();
    let mut exact = None;
    let mut first: Vec<PickItem> = Vec::new();
    let mut rest: Vec<PickItem> = Vec::new();
    let (mut matches, mut total) = (0, 0);
    let mut text = String::new();
    with_matcher(query, |m| {
        for c in candidates {
            total += 1;
            text.clear();
            search(c, &mut text);
            if !m(&text) {
                continue;
            }
            matches += 1;
            let pref = preferred(c);
            if exact.is_none() && !wanted.is_empty() && code(c).eq_ignore_ascii_case(wanted) {
                exact = Some(item(c, pref));
            } else if pref {
                first.push(item(c, true));
            } else if first.len() + rest.len() < PICK_SHOWN {
                rest.push(item(c, false));
            }
        }
    });
    // An exact code goes to the top: typing a code then Enter picks it.
    let mut items: Vec<PickItem> = exact.into_iter().chain(first).chain(rest).collect();
    items.truncate(PICK_SHOWN.max(1));
    Narrowed { items, matches, total }
}
