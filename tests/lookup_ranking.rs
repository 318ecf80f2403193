//! `lookup` (SPEC §5): codes, names, pinyin with every reading, phone
//! tails; exact before prefix before partial, people before places.

use lianluo::model::Text;
use lianluo::model::*;
use lianluo::search::SearchIndex;

fn county() -> Dataset {
    let area = |code: &str, name: &str, level, parent: &str| Area {
        code: code.into(),
        name: name.into(),
        level,
        parent_code: parent.into(),
    };
    let deputy = |code: &str, name: &str, phone: &str| Deputy {
        code: code.into(),
        name: name.into(),
        level: DeputyLevel::Township,
        district: "宁海街道第1选区".into(),
        phone: phone.into(),
        sector: "农业农村".into(),
        station_code: "ST01".into(),
        active: true,
    };
    let contact = |code: &str, name: &str, phone: &str| Contact {
        code: code.into(),
        name: name.into(),
        role: ContactRole::Secretary,
        phone: phone.into(),
        cell_code: "G00001".into(),
        deputy_code: "D00001".into(),
        active: true,
    };
    Dataset {
        areas: vec![
            area("370612", "牟平区", AreaLevel::County, "3706"),
            area("370612001", "宁海街道", AreaLevel::Town, "370612"),
            area("370612001005", "王林村委会", AreaLevel::Village, "370612001"),
        ],
        cells: vec![Cell {
            code: "G00001".into(),
            name: "王林汉".into(),
            area_code: "370612001005".into(),
            households: Some(300),
            population: Some(800),
            grid_worker: "李四".into(),
            geometry: None,
        }],
        deputies: vec![
            deputy("D00001", "曾国藩", "13900001111"),
            deputy("D00002", "王林汉", "13900002222"),
            deputy("D000021", "张三", "13900003333"),
            deputy("D00003", "王立新", "13900004444"),
        ],
        contacts: vec![
            contact("C00001", "刘明", "138 1234 5678"),
            contact("C00002", "王林", "0535-4210000"),
        ],
        stations: vec![Station {
            code: "ST01".into(),
            name: "牟平区人大代表联络总站".into(),
            kind: StationKind::General,
            area_code: "370612".into(),
            lon: Some(121.6),
            lat: Some(37.39),
            theme: Text::default(),
            reception_day: 15,
        }],
        ..Dataset::default()
    }
}

/// The county and its index, searched together.
struct Lookup {
    ds: Dataset,
    idx: SearchIndex,
}

impl Lookup {
    fn new(lang: lianluo::i18n::Lang) -> Lookup {
        let ds = county();
        let idx = SearchIndex::build_in(&ds, lang);
        Lookup { ds, idx }
    }
    fn search(&self, query: &str, limit: usize) -> Vec<lianluo::search::Hit> {
        self.idx.search(&self.ds, query, limit)
    }
}

fn codes(idx: &Lookup, q: &str) -> Vec<String> {
    idx.search(q, 10)
        .into_iter()
        .map(|h| format!("{}:{}", h.kind, h.code))
        .collect()
}

#[test]
fn initials_wlh_find_wang_linhan_first() {
    let idx = Lookup::new(lianluo::i18n::Lang::En);
    let hits = idx.search("wlh", 10);
    assert_eq!(hits[0].code, "D00002");
    assert_eq!(hits[0].name, "王林汉");
    assert_eq!(hits[0].score, 350);
}

#[test]
fn both_readings_of_zeng_find_zeng_guofan() {
    let idx = Lookup::new(lianluo::i18n::Lang::En);
    assert_eq!(codes(&idx, "zgf")[0], "deputy:D00001");
    assert_eq!(codes(&idx, "cgf")[0], "deputy:D00001");
}

#[test]
fn full_pinyin_and_its_unfinished_prefix_match() {
    let idx = Lookup::new(lianluo::i18n::Lang::En);
    assert_eq!(codes(&idx, "wanglinhan")[0], "deputy:D00002");
    let prefix = codes(&idx, "wangl");
    for expected in ["deputy:D00002", "deputy:D00003", "contact:C00002", "cell:G00001"] {
        assert!(prefix.contains(&expected.to_string()), "{expected} in {prefix:?}");
    }
}

#[test]
fn whole_code_beats_a_code_prefix() {
    let idx = Lookup::new(lianluo::i18n::Lang::En);
    let hits = idx.search("d00002", 10);
    assert_eq!(hits[0].code, "D00002");
    assert_eq!(hits[1].code, "D000021");
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn phone_tail_finds_the_contact() {
    let idx = Lookup::new(lianluo::i18n::Lang::En);
    let hits = idx.search("5678", 10);
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].kind.code(), hits[0].code.as_str()), ("contact", "C00001"));
    assert!(hits[0].detail.contains("138****5678"), "{}", hits[0].detail);
}

#[test]
fn people_come_before_places_on_a_tie() {
    // 王林汉 is both a deputy's and a cell's name: both exact matches.
    let idx = Lookup::new(lianluo::i18n::Lang::En);
    let found = codes(&idx, "王林汉");
    assert_eq!(found[..2], ["deputy:D00002".to_string(), "cell:G00001".to_string()]);
    let hits = idx.search("王林汉", 10);
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn exact_before_prefix_before_partial() {
    let idx = Lookup::new(lianluo::i18n::Lang::En);
    let hits = idx.search("wanglin", 10);
    // 王林 (contact) is whole; 王林汉 (deputy, cell), 王林村委会 (village) start with it.
    assert_eq!(hits[0].code, "C00002");
    let scores: Vec<u32> = hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn no_match_gives_an_empty_list() {
    let idx = Lookup::new(lianluo::i18n::Lang::En);
    assert!(idx.search("xyzzy", 10).is_empty());
    assert!(idx.search("", 10).is_empty());
}

#[test]
fn details_say_what_each_thing_is() {
    let idx = Lookup::new(lianluo::i18n::Lang::Zh);
    let detail = |q: &str| idx.search(q, 1).remove(0).detail;
    assert!(detail("C00001").contains("书记"));
    assert!(detail("D00002").contains("宁海街道第1选区"));
    assert!(detail("G00001").contains("王林村委会") && detail("G00001").contains("宁海街道"));
    assert!(detail("ST01").contains("总站"));
}
