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
        let by_code = idx.search(&ds, &c.code, 1);
        assert_eq!(by_code[0].code, c.code);
        let by_name = idx.search(&ds, &c.name, 200);
        assert!(by_name.iter().any(|h| h.code == c.code), "{}", c.name);
        if is_valid_phone(&c.phone) {
            let tail: String = c.phone.chars().filter(char::is_ascii_digit).collect();
            let tail = &tail[tail.len() - 4..];
            let hits = idx.search(&ds, tail, 50);
            assert!(hits.iter().any(|h| h.code == c.code), "{tail}");
        }
    }
}

#[test]
fn a_query_on_the_demo_county_is_quick() {
    let ds = bundled_county().unwrap();
    let idx = SearchIndex::build(&ds);
    let start = Instant::now();
    let hits = idx.search(&ds, "wang", 20);
    let took = start.elapsed();
    assert!(!hits.is_empty());
    // Generous: debug builds are slow; the figure that counts is release.
    assert!(took.as_millis() < 500, "{took:?}");
}

/// Timings at province scale (run with `--release --ignored --nocapture`):
/// not a timed test, a measurement.
#[test]
#[ignore]
fn province_index_build_and_query_timings() {
    let start = Instant::now();
    let ds = lianluo::demo::dataset(lianluo::demo::Scale::Province, 2024).unwrap();
    eprintln!("province data set: {:?}", start.elapsed());
    let start = Instant::now();
    let idx = SearchIndex::build(&ds);
    eprintln!("index of {} entries: {:?}", idx.len(), start.elapsed());
    for q in ["wlh", "wang", "13812", "G012345", "王林"] {
        let start = Instant::now();
        let n = idx.search(&ds, q, 20).len();
        eprintln!("query {q:?}: {n} hits in {:?}", start.elapsed());
    }
    let county = bundled_county().unwrap();
    let idx = SearchIndex::build(&county);
    for q in ["wlh", "wang", "5678", "G00012", "王林"] {
        let start = Instant::now();
        let n = idx.search(&county, q, 20).len();
        eprintln!("county query {q:?}: {n} hits in {:?}", start.elapsed());
    }
}
