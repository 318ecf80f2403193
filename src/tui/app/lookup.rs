//! The global lookup's hits and the form's lookup fields: the places
//! matched in the snapshot, the people as the database gives them, a row
//! at a time (the snapshot does not hold them).

use super::*;
use std::borrow::Cow;

/// The lookup's hits as picker items (detail starts with the kind), the
/// first 50, and how many things match in all, so the picker can say how
/// many more there are.
pub(super) fn lookup_items(
    store: &Store,
    snap: &Snapshot,
    lang: Lang,
    query: &str,
) -> Result<(Vec<PickItem>, usize), StoreError> {
    if query.trim().is_empty() {
        return Ok((Vec::new(), 0));
    }
    let found = store.lookup(&snap.search, &snap.dir, query, 50, lang)?;
    let items = found
        .hits
        .into_iter()
        .map(|h| PickItem {
            code: h.code.clone(),
            label: sanitize(&h.name),
            detail: format!("{} · {}", h.kind.label(lang), sanitize(&h.detail)),
            // The lookup narrows the items itself.
            search: String::new(),
            preferred: false,
            kind: Some(h.kind),
        })
        .collect();
    Ok((items, found.total))
}

/// The kind of a lookup hit; an item without one (none is made so
/// today) is looked for among the places by its code, then the people.
pub(super) fn lookup_kind_of(store: &Store, snap: &Snapshot, code: &str, kind: Option<Kind>) -> Kind {
    if let Some(kind) = kind {
        return kind;
    }
    if snap.cell(code).is_some() {
        Kind::Cell
    } else if snap.station(code).is_some() {
        Kind::Station
    } else if store.deputy(code).ok().flatten().is_some() {
        Kind::Deputy
    } else if store.contact(code).ok().flatten().is_some() {
        Kind::Contact
    } else {
        Kind::Village
    }
}

/// What a form's lookup field's text stands for: the one record it names
/// (a whole code or name, else the only match), or None when it names
/// none or several (see [`lookup_matches`]: the form then lists them), or
/// the database cannot be read just now (the field then waits for a key).
pub fn resolve_lookup(store: &Store, snap: &Snapshot, kind: LookupKind, text: &str) -> Option<(String, String)> {
    let mut found = lookup_matches(store, snap, kind, text, 2).ok()?;
    if found.len() == 1 {
        found.pop()
    } else {
        None
    }
}

/// The records a lookup field's text matches, at most `limit`: a whole
/// code or a whole name alone, else every record whose code and name match
/// (the first `limit`, in the order offered: places, deputies, contacts).
pub fn lookup_matches(
    store: &Store,
    snap: &Snapshot,
    kind: LookupKind,
    text: &str,
    limit: usize,
) -> Result<Vec<(String, String)>, StoreError> {
    let q = text.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    crate::tui::matching::with_matcher(q, |m| {
        let mut found = FieldMatches::new(q, m, limit);
        if matches!(kind, LookupKind::Cell) {
            snap.dir.cells.iter().for_each(|c| found.offer(&c.code, &c.name));
        }
        if matches!(kind, LookupKind::Deputy | LookupKind::Person) {
            store.each_person(Kind::Deputy, true, |d| found.offer(d.code, d.name))?;
        }
        if matches!(kind, LookupKind::Station) {
            snap.dir.stations.iter().for_each(|s| found.offer(&s.code, &s.name));
        }
        if matches!(kind, LookupKind::Unit) {
            snap.dir
                .units
                .iter()
                .filter(|u| u.active)
                .for_each(|u| found.offer(&u.code, &u.name));
        }
        if matches!(kind, LookupKind::Person) {
            store.each_person(Kind::Contact, false, |c| found.offer(c.code, c.name))?;
        }
        Ok(found.result())
    })
}

/// What a lookup field's text matches, gathered in one pass over the
/// records offered: the first whose code it is (any case), those whose
/// name it is, and the first `limit` whose code and name it matches.
struct FieldMatches<'a> {
    query: &'a str,
    matcher: &'a dyn Fn(&str) -> bool,
    limit: usize,
    code: Option<(String, String)>,
    named: Vec<(String, String)>,
    matched: Vec<(String, String)>,
    text: String,
}

impl<'a> FieldMatches<'a> {
    fn new(query: &'a str, matcher: &'a dyn Fn(&str) -> bool, limit: usize) -> FieldMatches<'a> {
        FieldMatches {
            query,
            matcher,
            limit,
            code: None,
            named: Vec::new(),
            matched: Vec::new(),
            text: String::new(),
        }
    }

    fn offer(&mut self, code: &str, name: &str) {
        if self.code.is_some() {
            return;
        }
        // (Sanitised as shown; most names have nothing to take out, and a
        // province offers 340,000 of them at each key.)
        let name_shown: Cow<str> = if name.chars().any(crate::model::is_unsafe) {
            sanitize(name).into()
        } else {
            name.into()
        };
        if code.eq_ignore_ascii_case(self.query) {
            self.code = Some((code.to_string(), name_shown.into_owned()));
            return;
        }
        if name_shown == self.query && self.named.len() < 2 {
            self.named.push((code.to_string(), name_shown.to_string()));
        }
        if self.matched.len() < self.limit {
            self.text.clear();
            self.text.push_str(code);
            self.text.push(' ');
            self.text.push_str(&name_shown);
            if (self.matcher)(&self.text) {
                self.matched.push((code.to_string(), name_shown.into_owned()));
            }
        }
    }

    fn result(self) -> Vec<(String, String)> {
        if let Some(one) = self.code {
            return vec![one];
        }
        if self.named.len() == 1 {
            return self.named;
        }
        self.matched
    }
}
