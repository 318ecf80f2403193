//! Rules about a cell's people and its shape's presence.

use super::{both, finding, Facts, Finding};

/// `cell-no-deputy`: a cell with no active deputy assigned.
pub fn cell_no_deputy(f: &Facts) -> Vec<Finding> {
    let ds = f.ds;
    ds.cells
        .iter()
        .enumerate()
        .filter(|(i, _)| f.cell_deputies[*i] == 0)
        .map(|(i, c)| {
            let detail = match f.cell_stale_assignments[i] {
                0 => both("no active deputy assigned", "没有在职代表联系"),
                n => both(
                    format!("no active deputy assigned ({n} inactive)"),
                    format!("没有在职代表联系（{n} 名已离任）"),
                ),
            };
            finding("cell-no-deputy", &c.code, Some(&c.code), detail)
        })
        .collect()
}

/// `cell-no-contact`: a cell with no active liaison contact.
pub fn cell_no_contact(f: &Facts) -> Vec<Finding> {
    f.ds.cells
        .iter()
        .enumerate()
        .filter(|(i, _)| f.cell_contacts[*i] == 0)
        .map(|(_, c)| {
            finding(
                "cell-no-contact",
                &c.code,
                Some(&c.code),
                both("no active liaison contact", "没有在职联络员"),
            )
        })
        .collect()
}

/// `cell-no-geometry`: a cell without geometry (also one whose stored
/// geometry cannot be read, which the map cannot draw either).
pub fn cell_no_geometry(f: &Facts) -> Vec<Finding> {
    f.ds.cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let detail = match c.geometry.as_deref().map(str::trim) {
                None | Some("") | Some("null") => both("no geometry", "没有边界"),
                Some(_) if f.index().shapes().cell(i).is_none() => both("geometry cannot be read", "边界无法读取"),
                Some(_) => return None,
            };
            Some(finding("cell-no-geometry", &c.code, Some(&c.code), detail))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::Dataset;

    #[test]
    fn a_cell_counts_only_active_deputies_assigned_to_it() {
        let ds = Dataset {
            cells: vec![cell("G1", None), cell("G2", None), cell("G3", None)],
            deputies: vec![deputy("D1", true), deputy("D2", false)],
            // G2 has only an inactive deputy; G3 an unknown one.
            assignments: vec![assign("D1", "G1"), assign("D2", "G2"), assign("D9", "G3")],
            ..Dataset::default()
        };
        let found = cell_no_deputy(&Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["G2", "G3"]);
        assert_eq!(found[0].detail, "no active deputy assigned (1 inactive)");
        assert_eq!(found[0].cell.as_deref(), Some("G2"));
        assert_eq!(found[0].kind.code(), "cell");
    }

    #[test]
    fn a_cell_counts_only_active_contacts() {
        let ds = Dataset {
            cells: vec![cell("G1", None), cell("G2", None)],
            contacts: vec![contact("C1", "G1", "", true), contact("C2", "G2", "", false)],
            ..Dataset::default()
        };
        assert_eq!(codes(&cell_no_contact(&Facts::new(&ds, day("2026-05-01")))), ["G2"]);
    }

    #[test]
    fn cells_without_readable_geometry_are_found() {
        let ds = Dataset {
            cells: vec![
                cell("G1", Some(square(0.0, 0.0, 1.0))),
                cell("G2", None),
                cell("G3", Some("{\"type\":\"Point\"}".into())),
            ],
            ..Dataset::default()
        };
        let found = cell_no_geometry(&Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["G2", "G3"]);
        assert_eq!(found[1].detail, "geometry cannot be read");
    }
}
