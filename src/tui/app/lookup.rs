//! The global lookup's hits and the form's lookup fields, matched against
//! the snapshot.

use super::*;

/// The lookup's hits as picker items (detail starts with the kind), the
/// first 50, and how many things match in all, so the picker can say how
/// many more there are.
pub(super) fn lookup_items(snap: &Snapshot, lang: Lang, query: &str) -> (Vec<PickItem>, usize) {
    if query.trim().is_empty() {
        return (Vec::new(), 0);
    }
    let found = snap.search.find(&snap.dir, query, 50);
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
    (items, found.total)
}

/// The kind of a lookup hit; an item without one (none is made so
/// today) is looked for among the rows by its code.
pub(super) fn lookup_kind_of(snap: &Snapshot, code: &str, kind: Option<Kind>) -> Kind {
    if let Some(kind) = kind {
        return kind;
    }
    if snap.cell(code).is_some() {
        Kind::Cell
    } else if snap.deputy(code).is_some() {
        Kind::Deputy
    } else if snap.contact(code).is_some() {
        Kind::Contact
    } else if snap.station(code).is_some() {
        Kind::Station
    } else {
        Kind::Village
    }
}

/// What a form's lookup field's text stands for: the one record it names
/// (a whole code or name, else the only match), or None when it names
/// none or several (see [`lookup_matches`]: the form then lists them).
pub fn resolve_lookup(snap: &Snapshot, kind: LookupKind, text: &str) -> Option<(String, String)> {
    let mut found = lookup_matches(snap, kind, text, 2);
    if found.len() == 1 {
        found.pop()
    } else {
        None
    }
}

/// The records a lookup field's text matches, at most `limit`: a whole
/// code or a whole name alone, else every record whose code and name match.
pub fn lookup_matches(snap: &Snapshot, kind: LookupKind, text: &str, limit: usize) -> Vec<(String, String)> {
    let q = text.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let mut candidates: Vec<(&str, String)> = Vec::new();
    if matches!(kind, LookupKind::Cell) {
        candidates.extend(snap.dir.cells.iter().map(|c| (c.code.as_str(), sanitize(&c.name))));
    }
    if matches!(kind, LookupKind::Deputy | LookupKind::Person) {
        candidates.extend(
            snap.dir
                .deputies
                .iter()
                .filter(|d| d.active)
                .map(|d| (d.code.as_str(), sanitize(&d.name))),
        );
    }
    if matches!(kind, LookupKind::Station) {
        candidates.extend(snap.dir.stations.iter().map(|s| (s.code.as_str(), sanitize(&s.name))));
    }
    if matches!(kind, LookupKind::Unit) {
        candidates.extend(
            snap.dir
                .units
                .iter()
                .filter(|u| u.active)
                .map(|u| (u.code.as_str(), sanitize(&u.name))),
        );
    }
    if matches!(kind, LookupKind::Person) {
        candidates.extend(snap.dir.contacts.iter().map(|c| (c.code.as_str(), sanitize(&c.name))));
    }
    if let Some((c, n)) = candidates.iter().find(|(c, _)| c.eq_ignore_ascii_case(q)) {
        return vec![(c.to_string(), n.clone())];
    }
    let named: Vec<&(&str, String)> = candidates.iter().filter(|(_, n)| n == q).collect();
    if named.len() == 1 {
        return vec![(named[0].0.to_string(), named[0].1.clone())];
    }
    crate::tui::matching::with_matcher(q, |m| {
        candidates
            .iter()
            .filter(|(c, n)| m(&format!("{c} {n}")))
            .take(limit)
            .map(|(c, n)| (c.to_string(), n.clone()))
            .collect()
    })
}
