//! `data/demo/` is exactly what the generator writes for the county scale
//! and the default seed, and the generator is deterministic.

use lianluo::demo::{generate, Scale, DEFAULT_SEED};
use std::collections::BTreeMap;
use std::path::Path;

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv" || x == "geojson"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn bundled_demo_is_byte_for_byte_the_generator_output() {
    let tmp = tempfile::tempdir().unwrap();
    generate(Scale::County, DEFAULT_SEED, tmp.path()).unwrap();
    let fresh = files(tmp.path());
    let bundled = files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo"));
    assert_eq!(fresh.keys().collect::<Vec<_>>(), bundled.keys().collect::<Vec<_>>());
    for (name, bytes) in &fresh {
        assert!(
            bytes == &bundled[name],
            "data/demo/{name} differs: regenerate with `lianluo demo --scale county --seed 2024 --out data/demo`"
        );
    }
}

#[test]
fn same_seed_gives_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(Scale::County, 11, a.path()).unwrap();
    generate(Scale::County, 11, b.path()).unwrap();
    generate(Scale::County, 12, c.path()).unwrap();
    let (a, b, c) = (files(a.path()), files(b.path()), files(c.path()));
    assert!(a.len() >= 9, "{:?}", a.keys());
    assert_eq!(a, b);
    assert_ne!(a["contacts.csv"], c["contacts.csv"]);
    assert_ne!(a["cells.geojson"], c["cells.geojson"]);
}
