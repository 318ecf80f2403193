//! Lookup over the bundled demo county: every contact can be found by its
//! name's initials, its code and its phone's last four digits.

use lianluo::demo::bundled_county;
use lianluo::model::is_valid_phone;
use lianluo::search::SearchIndex;
use std::time::Instant;

#[test]
fn demo_contacts_are_found_by_initials_code_and_phone_tail() {
    let ds = bundled_county().unwrap();
    let idx = SearchIndex::build(&ds);
    assert!(idx.len() > 3000);
    for c in ds.contacts.iter().step_by(97) {
        let by_code = idx.search(&c.code, 1);
        assert_eq!(by_code[0].code, c.code);
        let by_name = idx.search(&c.name, 200);
        assert!(by_name.iter().any(|h| h.code == c.code), "{}", c.name);
        if is_valid_phone(&c.phone) {
            let tail: String = c.phone.chars().filter(char::is_ascii_digit).collect();
            let tail = &tail[tail.len() - 4..];
            let hits = idx.search(tail, 50);
            assert!(hits.iter().any(|h| h.code == c.code), "{tail}");
        }
    }
}

#[test]
fn a_query_on_the_demo_county_is_quick() {
    let ds = bundled_county().unwrap();
    let idx = SearchIndex::build(&ds);
    let start = Instant::now();
    let hits = idx.search("wang", 20);
    let took = start.elapsed();
    assert!(!hits.is_empty());
    // Generous: debug builds are slow; the figure that counts is release.
    assert!(took.as_millis() < 500, "{took:?}");
}
