//! Rules about deputies and liaison contacts and the links between them.

use super::{both, finding, Facts, Finding, Phones};
use crate::model::{is_valid_phone, mask_phone, Contact};

/// `contact-no-deputy`: an active contact with no deputy, or whose deputy
/// is inactive (or unknown).
pub fn contact_no_deputy(f: &Facts, c: &Contact) -> Option<Finding> {
    if !c.active {
        return None;
    }
    let code = c.deputy_code.trim();
    let detail = match f.deputy_by_code.get(c.deputy_code.as_str()) {
        _ if code.is_empty() => both("no deputy", "没有联系代表"),
        None => both(format!("deputy {code} is unknown"), format!("代表 {code} 不存在")),
        Some(&d) if !f.deputies.is_active(d) => {
            both(format!("deputy {code} is inactive"), format!("代表 {code} 已离任"))
        }
        Some(_) => return None,
    };
    Some(finding("contact-no-deputy", &c.code, Some(&c.cell_code), detail))
}

/// `deputy-no-contact`: an active deputy linked to no active contact.
pub fn deputy_no_contact(f: &Facts) -> Vec<Finding> {
    f.deputies
        .iter()
        .enumerate()
        .filter(|(i, d)| d.active && f.deputy_contacts[*i] == 0)
        .map(|(_, d)| {
            finding(
                "deputy-no-contact",
                d.code,
                None,
                both("no active liaison contact linked", "没有联系在职联络员"),
            )
        })
        .collect()
}

/// `deputy-overloaded`: an active deputy linked to more than
/// `max_contacts_per_deputy` active contacts.
pub fn deputy_overloaded(f: &Facts) -> Vec<Finding> {
    let max = f.settings.max_contacts_per_deputy;
    f.deputies
        .iter()
        .enumerate()
        .filter(|(i, d)| d.active && f.deputy_contacts[*i] as i64 > max)
        .map(|(i, d)| {
            let n = f.deputy_contacts[i];
            let detail = both(
                format!("{n} active contacts (max {max})"),
                format!("联系 {n} 名在职联络员（上限 {max}）"),
            );
            finding("deputy-overloaded", d.code, None, detail)
        })
        .collect()
}

/// `contact-deputy-mismatch`: an active contact whose deputy is active but
/// not assigned to the contact's cell.
pub fn contact_deputy_mismatch(f: &Facts, c: &Contact) -> Option<Finding> {
    if !c.active {
        return None;
    }
    let deputy = f.active_deputy(&c.deputy_code)?;
    let assigned = match f.cell_by_code.get(c.cell_code.as_str()) {
        Some(&cell) => f.is_assigned_at(deputy, cell),
        // An unknown cell: no deputy can be assigned to it.
        None => false,
    };
    if assigned {
        return None;
    }
    let detail = both(
        format!("deputy {} is not assigned to cell {}", c.deputy_code, c.cell_code),
        format!("代表 {} 未分工联系网格 {}", c.deputy_code, c.cell_code),
    );
    Some(finding("contact-deputy-mismatch", &c.code, Some(&c.cell_code), detail))
}

/// `deputy-no-reception`: an active deputy with no reception record from
/// 1 January of the as-of year up to and including the as-of date.
pub fn deputy_no_reception(f: &Facts) -> Vec<Finding> {
    f.deputies
        .iter()
        .enumerate()
        .filter(|(i, d)| d.active && f.deputy_receptions[*i] == 0)
        .map(|(_, d)| {
            let detail = both(
                format!("no reception from {} to {}", f.year_start, f.as_of),
                format!("{} 至 {} 没有接待记录", f.year_start, f.as_of),
            );
            finding("deputy-no-reception", d.code, None, detail)
        })
        .collect()
}

/// `contact-bad-phone`: an active contact with an empty or invalid phone.
/// The detail shows the number masked, as list views do.
pub fn contact_bad_phone(_: &Facts, c: &Contact) -> Option<Finding> {
    if !c.active || is_valid_phone(&c.phone) {
        return None;
    }
    let detail = if c.phone.trim().is_empty() {
        both("phone is empty", "电话为空")
    } else {
        let masked = mask_phone(c.phone.trim());
        both(
            format!("phone {masked} is not a mobile or a landline with area code"),
            format!("电话 {masked} 不是手机号或带区号的固定电话"),
        )
    };
    Some(finding("contact-bad-phone", &c.code, Some(&c.cell_code), detail))
}

/// `contact-duplicate`: an active contact whose valid phone, spaces and
/// dashes removed, is another active contact's: the same person entered
/// twice. One finding per contact of such a group, naming the others.
pub fn contact_duplicate(f: &Facts, phones: &Phones) -> Vec<Finding> {
    let mut found = Vec::new();
    for group in phones.sorted.chunk_by(|a, b| a.key == b.key).filter(|g| g.len() > 1) {
        for (i, c) in group.iter().enumerate() {
            let others: Vec<&str> = group
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, other)| other.code.as_str())
                .collect();
            let detail = both(
                format!("same phone as {}", others.join(", ")),
                format!("与 {} 电话相同", others.join("、")),
            );
            found.push(finding("contact-duplicate", &c.code, Some(phones.cell(f, c)), detail));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::Dataset;
    use crate::model::Text;

    /// The rule's findings over every contact of the facts' Dataset.
    fn each(check: fn(&Facts, &Contact) -> Option<Finding>, f: &Facts) -> Vec<Finding> {
        f.ds.contacts.iter().filter_map(|c| check(f, c)).collect()
    }

    fn people() -> Dataset {
        Dataset {
            cells: vec![cell("G1", None), cell("G2", None)],
            deputies: vec![
                deputy("D1", true),
                deputy("D2", false),
                deputy("D3", true),
                deputy("D4", false),
            ],
            assignments: vec![assign("D1", "G1"), assign("D2", "G2")],
            contacts: vec![
                contact("C1", "G1", "D1", true),  // fine
                contact("C2", "G1", "", true),    // no deputy
                contact("C3", "G2", "D2", true),  // inactive deputy
                contact("C4", "G2", "D9", true),  // unknown deputy
                contact("C5", "G2", "D1", true),  // D1 not assigned to G2
                contact("C6", "G2", "", false),   // inactive: never a finding
                contact("C7", "G1", "D3", false), // inactive: does not link D3
            ],
            ..Dataset::default()
        }
    }

    #[test]
    fn contact_no_deputy_covers_empty_inactive_and_unknown_deputies() {
        let ds = people();
        let found = each(contact_no_deputy, &Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["C2", "C3", "C4"]);
        assert_eq!(found[1].detail, "deputy D2 is inactive");
        assert_eq!(found[1].cell.as_deref(), Some("G2"));
        assert_eq!(found[1].kind.code(), "contact");
    }

    #[test]
    fn mismatch_needs_an_active_deputy_not_assigned_to_the_contacts_cell() {
        let ds = people();
        let found = each(contact_deputy_mismatch, &Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["C5"]);
        assert_eq!(found[0].detail, "deputy D1 is not assigned to cell G2");
    }

    #[test]
    fn deputy_no_contact_counts_active_contacts_of_active_deputies() {
        let ds = people();
        let found = deputy_no_contact(&Facts::new(&ds, day("2026-05-01")));
        assert_eq!(
            codes(&found),
            ["D3"],
            "D3's only contact is inactive; D2 and D4 are inactive"
        );
        assert_eq!(found[0].cell, None);
        assert_eq!(found[0].kind.code(), "deputy");
    }

    #[test]
    fn overloaded_means_more_than_the_maximum_active_contacts() {
        let mut ds = people();
        ds.settings.max_contacts_per_deputy = 2;
        // D1 has C1 and C5: exactly the maximum is not overloaded.
        assert!(deputy_overloaded(&Facts::new(&ds, day("2026-05-01"))).is_empty());
        ds.contacts.push(contact("C8", "G1", "D1", true));
        ds.contacts.push(contact("C9", "G1", "D1", false));
        let found = deputy_overloaded(&Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["D1"]);
        assert_eq!(found[0].detail, "3 active contacts (max 2)");
        // An inactive deputy is never overloaded.
        ds.deputies[0].active = false;
        assert!(deputy_overloaded(&Facts::new(&ds, day("2026-05-01"))).is_empty());
    }

    #[test]
    fn receptions_count_from_new_year_to_the_as_of_date_inclusive() {
        let ds = Dataset {
            deputies: vec![
                deputy("D1", true),
                deputy("D2", true),
                deputy("D3", true),
                deputy("D4", true),
                deputy("D5", false),
            ],
            receptions: vec![
                reception("2026-01-01", "D1"), // first day of the year counts
                reception("2026-05-01", "D2"), // the as-of date counts
                reception("2025-12-31", "D3"), // last year does not
                reception("2026-05-02", "D4"), // after the as-of date does not
            ],
            ..Dataset::default()
        };
        let found = deputy_no_reception(&Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["D3", "D4"]);
        assert_eq!(found[0].detail, "no reception from 2026-01-01 to 2026-05-01");
    }

    #[test]
    fn duplicates_share_a_valid_phone_written_any_way_among_active_contacts() {
        let mut ds = people();
        ds.contacts[0].phone = "138 1234 5678".into(); // C1
        ds.contacts[1].phone = "13812345678".into(); // C2: the same as C1
        ds.contacts[2].phone = "138-1234-5678".into(); // C3: the same again
        ds.contacts[3].phone = "0535-4211234".into(); // C4: nobody else's
        ds.contacts[4].phone = "12345".into(); // C5: invalid, as C6's
        ds.contacts[5].phone = "12345".into(); // C6
        ds.contacts[6].phone = "13812345678".into(); // C7: inactive, never counted
        let found = crate::coverage::audit_facts(&Facts::new(&ds, day("2026-05-01")), &["contact-duplicate"]);
        assert_eq!(codes(&found), ["C1", "C2", "C3"]);
        assert_eq!(found[0].detail, "same phone as C2, C3");
        assert_eq!(found[1].detail_zh, "与 C1、C3 电话相同");
        assert_eq!(found[0].cell.as_deref(), Some("G1"));
        assert_eq!(found[0].kind.code(), "contact");
    }

    #[test]
    fn duplicates_name_their_cells_known_or_not_in_the_order_counted() {
        let mut ds = people();
        // Counted C3, C1, C2 (not in code order): the same phone, C2 in a
        // cell no one knows, C1 in none.
        ds.contacts.truncate(3);
        ds.contacts.rotate_right(1);
        for c in &mut ds.contacts {
            c.active = true;
            c.phone = "13812345678".into();
        }
        ds.contacts[0].cell_code = "G2".into(); // C3
        ds.contacts[1].cell_code = "".into(); // C1
        ds.contacts[2].cell_code = "G9".into(); // C2
        let found = crate::coverage::audit_facts(&Facts::new(&ds, day("2026-05-01")), &["contact-duplicate"]);
        let of = |code: &str| found.iter().find(|f| f.code == code).expect(code);
        assert_eq!(of("C3").cell.as_deref(), Some("G2"));
        assert_eq!(of("C1").cell, None, "no cell, none named");
        assert_eq!(of("C2").cell.as_deref(), Some("G9"));
        assert_eq!(
            of("C3").detail,
            "same phone as C1, C2",
            "the others in the order counted"
        );
        assert_eq!(of("C2").detail, "same phone as C3, C1");
    }

    #[test]
    fn bad_phones_are_empty_or_invalid_on_active_contacts() {
        let mut ds = people();
        ds.contacts[0].phone = "0535-4211234".into();
        ds.contacts[1].phone = "  ".into();
        ds.contacts[2].phone = "1381234".into();
        ds.contacts[5].phone = Text::default(); // inactive
        let found = each(contact_bad_phone, &Facts::new(&ds, day("2026-05-01")));
        assert_eq!(codes(&found), ["C2", "C3"]);
        assert_eq!(found[0].detail, "phone is empty");
        assert!(
            found[1].detail.contains("1234") && !found[1].detail.contains("1381234"),
            "{}",
            found[1].detail
        );
    }
}
