//! What lookup can find, flattened once: areas (towns, villages), cells,
//! deputies, contacts and stations, with lowercase codes and names, phone
//! digits and a short detail line.

use crate::i18n::{tr, Lang};
use crate::model::Text;
use crate::model::{index_by_code, mask_phone, sanitize, AreaLevel, Dataset};

/// One thing lookup can find. A province has half a million: each keeps
/// only what matching needs, and the folded forms of its code and name
/// only where they differ from what is stored. Text up to 24 bytes (most
/// codes, names, phones and details) is kept inline, not allocated.
pub struct Entry {
    pub kind: &'static str,
    pub code: Text,
    /// The name as stored (the caller sanitizes it for display).
    pub name: Text,
    /// The forms queries match, for the few entries where they differ from
    /// what is stored (boxed: the rest pay one pointer, not two strings).
    folded: Option<Box<Folded>>,
    pub name_ascii: bool,
    /// The phone's digits only (empty for places).
    pub phone_digits: Text,
    pub detail: Text,
    /// Contacts and deputies rank before places on a tie.
    pub person: bool,
}

/// An entry's code and name as queries match them, where they differ.
struct Folded {
    /// More than ASCII case folding of the code (None: compare the code
    /// ignoring ASCII case).
    code: Option<Text>,
    /// Lowercase, without control characters.
    name: Option<Text>,
}

impl Entry {
    /// The name lowercased and without control characters: what queries match.
    pub fn name_lower(&self) -> &str {
        self.folded
            .as_ref()
            .and_then(|f| f.name.as_deref())
            .unwrap_or(&self.name)
    }

    /// The code lowercased, when plain ASCII case folding is not enough.
    pub fn code_folded(&self) -> Option<&str> {
        self.folded.as_ref().and_then(|f| f.code.as_deref())
    }
}

fn entry(kind: &'static str, code: &str, name: &str, phone: &str, detail: String, person: bool) -> Entry {
    let name_lower = sanitize(name).to_lowercase();
    let code_lower = sanitize(code).to_lowercase();
    let code_folded = (code_lower != code.to_ascii_lowercase()).then(|| Text::from(code_lower));
    let name_ascii = name_lower.is_ascii();
    let name_folded = (name_lower != name).then(|| Text::from(name_lower));
    let folded = (code_folded.is_some() || name_folded.is_some()).then(|| {
        Box::new(Folded {
            code: code_folded,
            name: name_folded,
        })
    });
    Entry {
        kind,
        code: code.into(),
        name: name.into(),
        folded,
        name_ascii,
        phone_digits: phone.chars().filter(char::is_ascii_digit).collect(),
        detail: detail.into(),
        person,
    }
}

pub fn collect(ds: &Dataset, lang: Lang) -> Vec<Entry> {
    let areas = index_by_code(&ds.areas, |a| &a.code);
    let cells = index_by_code(&ds.cells, |c| &c.code);
    let area_name = |code: &str| areas.get(code).map(|k| ds.areas[*k].name.as_str()).unwrap_or("");
    let cell_name = |code: &str| {
        cells
            .get(code)
            .map(|k| ds.cells[*k].name.clone())
            .unwrap_or_else(|| Text::from(code))
    };
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let mut out =
        Vec::with_capacity(ds.areas.len() + ds.cells.len() + ds.deputies.len() + ds.contacts.len() + ds.stations.len());
    for a in &ds.areas {
        let kind = match a.level {
            AreaLevel::Town => "town",
            AreaLevel::Village => "village",
            AreaLevel::County => continue,
        };
        out.push(entry(
            kind,
            &a.code,
            &a.name,
            "",
            area_name(&a.parent_code).to_string(),
            false,
        ));
    }
    for c in &ds.cells {
        let (town, village) =
            crate::model::area_town_village(areas.get(c.area_code.as_str()).map(|k| &ds.areas[*k]), |code| {
                areas.get(code).map(|k| &ds.areas[*k])
            });
        let detail = join(&[
            village.map(|v| v.name.as_str()).unwrap_or(""),
            town.map(|t| t.name.as_str()).unwrap_or(""),
        ]);
        out.push(entry("cell", &c.code, &c.name, "", detail, false));
    }
    for d in &ds.deputies {
        let inactive = if d.active { "" } else { tr(lang, "离任", "inactive") };
        let detail = join(&[d.level.label(lang), &d.district, inactive]);
        out.push(entry("deputy", &d.code, &d.name, &d.phone, detail, true));
    }
    for c in &ds.contacts {
        let inactive = if c.active { "" } else { tr(lang, "无效", "inactive") };
        let detail = join(&[
            c.role.label(lang),
            &cell_name(&c.cell_code),
            &mask_phone(&c.phone.replace([' ', '-'], "")),
            inactive,
        ]);
        out.push(entry("contact", &c.code, &c.name, &c.phone, detail, true));
    }
    for s in &ds.stations {
        let detail = join(&[s.kind.label(lang), area_name(&s.area_code)]);
        out.push(entry("station", &s.code, &s.name, "", detail, false));
    }
    out
}
