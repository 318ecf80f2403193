//! The Overview's `w` writes the report (SPEC §12) as `report --xlsx`
//! does: the form proposes this year and `报告-YYYY.xlsx`, the workbook
//! holds the same figures, and an existing file is never replaced.

mod tui_support;

use calamine::{Data, Reader, Xlsx};
use lianluo::i18n::Lang;
use tui_support::*;

#[test]
fn w_on_the_overview_writes_the_years_report_and_never_over_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut app = app_on(open(&db, false), Lang::Zh);
    press(&mut app, "1 w");
    let form = screen(&mut app, 80, 24);
    for proposed in ["报告-2026.xlsx", "2026-01-01", "2026-11-22"] {
        assert!(form.contains(proposed), "{proposed} not proposed:\n{form}");
    }
    let book = dir.path().join("年报.xlsx");
    press(&mut app, &format!("Tab Tab Ctrl-u text:{} Enter", book.display()));
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("已写入报告"), "{done}");

    // The figures of the workbook are the report's for the same period.
    let day = as_of();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let ds = open(&db, false).load_period(from, day).expect("load");
    let report = lianluo::report::figures(&ds, from, day);
    let mut x: Xlsx<_> = calamine::open_workbook(&book).expect("workbook");
    assert_eq!(x.sheet_names(), ["概况", "镇街", "承办单位", "类别", "月份"]);
    let summary = x.worksheet_range("概况").expect("summary");
    let value = |label: &str| {
        summary
            .rows()
            .find(|r| r[0] == Data::String(label.into()))
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("{label}"))
    };
    assert_eq!(value("代表进站人次"), Data::Float(report.receptions.records as f64));
    assert_eq!(value("收集建议"), Data::Float(report.suggestions.received as f64));
    let before = std::fs::read(&book).expect("read");

    // Again, to the same file: refused, the form kept, the file untouched.
    press(&mut app, &format!("w Tab Tab Ctrl-u text:{} Enter", book.display()));
    let refused = screen(&mut app, 80, 24);
    assert!(refused.contains("已存在"), "{refused}");
    assert!(refused.contains("写出报告"), "the form stays open:\n{refused}");
    assert_eq!(std::fs::read(&book).expect("read"), before);

    // A period that ends before it starts is said, and nothing is written.
    let other = dir.path().join("other.xlsx");
    press(
        &mut app,
        "Esc w Ctrl-u text:2026-06-01 Tab Ctrl-u text:2026-05-01 Tab Ctrl-u",
    );
    press(&mut app, &format!("text:{} Enter", other.display()));
    let bad = screen(&mut app, 80, 24);
    assert!(bad.contains("晚于截止日期"), "{bad}");
    assert!(!other.exists());
}
