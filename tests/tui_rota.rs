//! The rota in the TUI (SPEC §6, §11): a station's detail lists its year
//! day by day, opens on the day at hand, and records the attendance of the
//! slot under the cursor in one key (the constituents asked, 0 by
//! default).

mod tui_support;

use lianluo::i18n::Lang;
use lianluo::model::{Reception, RotaRole, RotaSlot};
use lianluo::store::ImportSet;
use tui_support::*;

/// The demo county with D00001 on ST01's rota on 15 December (nobody
/// else is on it that day).
fn county_with_a_slot(dir: &std::path::Path) -> std::path::PathBuf {
    let db = demo_db(dir);
    let mut store = open(&db, false);
    let slot = RotaSlot {
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        station_code: "ST01".into(),
        deputy_code: "D00001".into(),
        role: RotaRole::Lead,
    };
    let set = ImportSet {
        rota: Some(vec![slot]),
        ..Default::default()
    };
    store.apply_import(&actor("setup"), set).expect("import");
    db
}

fn reception(db: &std::path::Path) -> Option<i64> {
    let r = Reception {
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        station_code: "ST01".into(),
        deputy_code: "D00001".into(),
        constituents: 0,
    };
    open(db, false).reception_constituents(&r).expect("read")
}

#[test]
fn one_key_on_a_rota_slot_records_its_attendance() {
    let dir = tempfile::tempdir().expect("dir");
    let db = county_with_a_slot(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    // The first slot from the as-of date (22 November) on is D00001's.
    press(&mut app, "7 Enter");
    let before = screen(&mut app, 80, 24);
    let line = before
        .lines()
        .find(|l| l.contains("> 2026-12-15"))
        .unwrap_or_else(|| panic!("{before}"));
    assert!(line.contains("D00001") && line.contains("to come"), "{line}");
    assert_eq!(reception(&db), None);

    // r: the form has the deputy and the day; only the number is asked.
    press(&mut app, "r Backspace text:5 Enter");
    assert_eq!(reception(&db), Some(5));
    let after = screen(&mut app, 80, 24);
    let line = after
        .lines()
        .find(|l| l.contains("> 2026-12-15"))
        .unwrap_or_else(|| panic!("{after}"));
    assert!(line.contains("✓ came, received 5"), "{line}");
    let log = open(&db, false).audit_log(&Default::default()).expect("log");
    assert_eq!(log[0].action, "receptions.add");
    assert_eq!(log[0].code, "2026-12-15/ST01/D00001");
}

#[test]
fn an_attended_slot_asks_again_with_the_number_recorded_and_zero_is_the_default() {
    let dir = tempfile::tempdir().expect("dir");
    let db = county_with_a_slot(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "7 Enter r Enter");
    assert_eq!(reception(&db), Some(0), "the default is 0 constituents");
    press(&mut app, "r");
    let form = screen(&mut app, 80, 24);
    assert!(form.contains("接待人数  0"), "{form}");
    assert!(form.contains("2026-12-15") && form.contains("D00001"), "{form}");
}

#[test]
fn the_cursor_walks_the_slots_and_a_station_without_any_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let db = county_with_a_slot(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "7 Enter k");
    let up = screen(&mut app, 80, 24);
    let line = up
        .lines()
        .find(|l| l.contains("> 2026-11-15"))
        .unwrap_or_else(|| panic!("{up}"));
    assert!(line.contains("✓ came"), "{line}");
    press(&mut app, "G");
    assert!(screen(&mut app, 80, 24).contains("> 2026-12-15"));
    // In the Stations view, r opens the station's rota first.
    press(&mut app, "Esc 7 r");
    let rota = screen(&mut app, 80, 24);
    assert!(rota.contains("> 2026-12-15"), "{rota}");
    assert!(rota.contains("r Record the rota slot's attendance"), "{rota}");
}

#[test]
fn e_and_h_in_a_stations_rota_act_on_the_slot_under_the_cursor() {
    let dir = tempfile::tempdir().expect("dir");
    let db = county_with_a_slot(dir.path());
    let mut app = app_on(open(&db, false), Lang::En);
    press(&mut app, "7 Enter e");
    let form = screen(&mut app, 80, 24);
    assert!(form.contains("Edit rota 2026-12-15/ST01/D00001"), "{form}");
    press(&mut app, "Esc H");
    let history = screen(&mut app, 80, 24);
    assert!(history.contains("2026-12-15/ST01/D00001"), "{history}");
}
