//! SPEC §8 figures for the TUI, printed beside their targets:
//!
//!   cargo bench --bench tui_figures                      # county (data/demo)
//!   cargo bench --bench tui_figures -- --db /tmp/prov.db # a database you made
//!   LIANLUO_BENCH_PROVINCE=1 cargo bench --bench tui_figures  # also generate and import a province
//!
//! In process (on ratatui's TestBackend, 80×24): open the database, build
//! the App and draw the first frame; one Down key on the Contacts view to
//! the frame drawn. In a real terminal (the release binary in tmux, when
//! tmux is there): the bytes written for one row move, and peak RSS.
//! This reports; it asserts nothing (benchmarks are not timed tests).

use chrono::NaiveDate;
use lianluo::i18n::Lang;
use lianluo::store::{Actor, OpenOptions, Store};
use lianluo::tui::keymap;
use lianluo::tui::theme::Theme;
use lianluo::tui::{views, App};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Scale {
    name: String,
    db: PathBuf,
    province: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut scales = Vec::new();
    if let Some(i) = args.iter().position(|a| a == "--db") {
        let db = PathBuf::from(args.get(i + 1).expect("--db PATH"));
        let province =
            args.iter().any(|a| a == "--province") || std::fs::metadata(&db).is_ok_and(|m| m.len() > 50 << 20);
        scales.push(Scale {
            name: db.display().to_string(),
            db,
            province,
        });
    } else {
        let db = tmp.path().join("county.db");
        import(&root.join("data/demo"), &db);
        scales.push(Scale {
            name: "county (data/demo)".into(),
            db,
            province: false,
        });
        if std::env::var_os("LIANLUO_BENCH_PROVINCE").is_some() {
            let out = tmp.path().join("prov");
            let bin = release_binary(&root);
            let st = Command::new(&bin)
                .args(["demo", "--scale", "province", "--out"])
                .arg(&out)
                .status()
                .expect("demo");
            assert!(st.success(), "demo --scale province failed");
            let db = tmp.path().join("prov.db");
            import(&out, &db);
            scales.push(Scale {
                name: "province".into(),
                db,
                province: true,
            });
        }
    }
    for s in &scales {
        println!("== {}", s.name);
        in_process(s);
        in_terminal(&root, s);
    }
}

fn actor() -> Actor {
    Actor::new("bench", "")
}

fn import(dir: &Path, db: &Path) {
    let mut store = Store::open(
        db,
        OpenOptions {
            create: true,
            ..Default::default()
        },
    )
    .expect("create db");
    let existing = store.load().expect("load");
    let set = lianluo::io::read_import(&[dir.to_path_buf()], None, false, &existing, Lang::En).expect("import reads");
    store.apply_import(&actor(), set).expect("import applies");
}

fn target(s: &Scale, county: &str, province: &str) -> String {
    if s.province {
        province.into()
    } else {
        county.into()
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// One frame as the terminal draws it: the state made ready, then drawn.
fn frame(term: &mut Terminal<TestBackend>, app: &mut App) {
    let size = term.backend().buffer().area;
    app.prepare(size);
    term.draw(|f| views::draw(f, app)).expect("draw");
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn in_process(s: &Scale) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    // As the terminal does it: the first frame at once, the data read on another thread.
    let start = Instant::now();
    let store = Store::open(&s.db, OpenOptions::default()).expect("open");
    let keymap = keymap::load(None).expect("keymap");
    let mut app = App::start(store, Lang::Zh, actor(), false, keymap.clone(), today, Theme::default()).expect("app");
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    frame(&mut term, &mut app);
    let first = start.elapsed();
    println!(
        "  open the database and draw the first frame   {:>12}   target {}",
        ms(first),
        target(s, "≤ 30 ms", "≤ 200 ms")
    );
    // Whatever arrives in the background is taken before timing keys.
    let settle = Instant::now();
    while app.loading() && settle.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(5));
        app.tick();
    }
    frame(&mut term, &mut app);
    println!(
        "  … and the frame with all the data              {:>12}",
        ms(start.elapsed())
    );
    // For comparison: everything read and computed before the first frame.
    let t = Instant::now();
    let store = Store::open(&s.db, OpenOptions::default()).expect("open");
    let mut inline = App::new(store, Lang::Zh, actor(), false, keymap, today, Theme::default()).expect("app");
    frame(&mut term, &mut inline);
    println!(
        "  (all in line before the first frame, as before) {:>11}",
        ms(t.elapsed())
    );
    drop(inline);
    let t = Instant::now();
    app.handle_key(key(KeyCode::Char('5')));
    frame(&mut term, &mut app);
    println!(
        "  5: the Contacts view first shown (rows built)  {:>12}",
        ms(t.elapsed())
    );
    let n = 200;
    let mut worst = Duration::ZERO;
    let all = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        app.handle_key(key(KeyCode::Down));
        frame(&mut term, &mut app);
        worst = worst.max(t.elapsed());
    }
    println!(
        "  Down on Contacts to frame drawn (mean/worst)  {:>12} / {}   target {}",
        ms(all.elapsed() / n),
        ms(worst),
        target(s, "≤ 2 ms", "≤ 5 ms")
    );
    // The operator's own change: reassign the contact under the cursor to
    // the second deputy the picker offers (or the next one that is not its
    // own); `y` to the frame drawn.
    let t = Instant::now();
    app.handle_key(key(KeyCode::Char('r')));
    frame(&mut term, &mut app);
    println!(
        "  r: the deputy picker shown                     {:>12}",
        ms(t.elapsed())
    );
    let t = Instant::now();
    app.handle_key(key(KeyCode::Char('w')));
    frame(&mut term, &mut app);
    println!(
        "  w: one key typed in the picker                 {:>12}",
        ms(t.elapsed())
    );
    // Another deputy than the contact's own (a reassign to it is no change).
    let own = app
        .tables
        .contacts
        .current_code()
        .and_then(|c| app.store().contact(c).ok().flatten())
        .map(|c| c.deputy_code.to_string())
        .unwrap_or_default();
    app.handle_key(key(KeyCode::Backspace));
    app.handle_key(key(KeyCode::Down));
    let offered = |app: &App| match app.overlays.last() {
        Some(lianluo::tui::app::Overlay::Picker { picker, .. }) => picker.current().map(|i| i.code.clone()),
        _ => None,
    };
    while offered(&app).is_some_and(|c| c == own) {
        app.handle_key(key(KeyCode::Down));
    }
    app.handle_key(key(KeyCode::Enter));
    let t = Instant::now();
    app.handle_key(key(KeyCode::Char('y')));
    frame(&mut term, &mut app);
    let said = app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    println!(
        "  y: a reassign confirmed to frame drawn         {:>12}   ({said})",
        ms(t.elapsed())
    );
    // The snapshot (audit, summaries, directory) made again on the
    // reading thread after that change, the screens usable meanwhile.
    let settle = Instant::now();
    while app.loading() && settle.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(5));
        app.tick();
    }
    frame(&mut term, &mut app);
    println!(
        "  … the audit made again after it, to frame    {:>12}   target {}",
        ms(settle.elapsed()),
        target(s, "–", "≤ 1.5 s")
    );
    // While the roster is shown, its rows are made on another thread: a
    // filter's first key then only matches them, each key after too.
    let made = Instant::now();
    while !app.roster_ready() && made.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(5));
        app.tick();
        frame(&mut term, &mut app);
    }
    println!(
        "  … the roster's rows made ahead (background)  {:>12}",
        ms(made.elapsed())
    );
    app.handle_key(key(KeyCode::Char('/')));
    for (k, what) in [('w', "first filter key (rows made ahead)"), ('a', "next filter key")] {
        let t = Instant::now();
        app.handle_key(key(KeyCode::Char(k)));
        frame(&mut term, &mut app);
        println!(
            "  /{k}: {what:<40} {:>12}{}",
            ms(t.elapsed()),
            if k == 'w' {
                format!("   target {}", target(s, "–", "≤ 150 ms"))
            } else {
                String::new()
            }
        );
    }
    for k in [KeyCode::Enter, KeyCode::Esc] {
        app.handle_key(key(k));
    }
    let t = Instant::now();
    app.handle_key(key(KeyCode::Char('o')));
    frame(&mut term, &mut app);
    println!(
        "  o: Contacts sorted by code (rows read)         {:>12}",
        ms(t.elapsed())
    );
    let t = Instant::now();
    app.handle_key(key(KeyCode::Char('o')));
    frame(&mut term, &mut app);
    println!(
        "  o: … then by name                              {:>12}",
        ms(t.elapsed())
    );
    // The global lookup, each key typed looking again: the places in the
    // snapshot's index, the people read from the database a row at a time.
    app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
    for (k, what) in [('w', "first key"), ('l', "second key"), ('h', "third key (wlh)")] {
        let t = Instant::now();
        app.handle_key(key(KeyCode::Char(k)));
        frame(&mut term, &mut app);
        println!("  Ctrl-f {k}: lookup, {what:<28}{:>12}", ms(t.elapsed()));
    }
    app.handle_key(key(KeyCode::Esc));
    // Every other view: shown for the first time, then one key on it
    // (Right pans the map; Down moves a row elsewhere).
    for (view, name) in [
        ('1', "Overview"),
        ('2', "Cells"),
        ('3', "Map"),
        ('4', "Deputies"),
        ('6', "Suggestions"),
        ('7', "Stations"),
        ('8', "Gaps"),
        ('9', "Units"),
    ] {
        let t = Instant::now();
        app.handle_key(key(KeyCode::Char(view)));
        frame(&mut term, &mut app);
        let shown = t.elapsed();
        let t = Instant::now();
        app.handle_key(key(if view == '3' { KeyCode::Right } else { KeyCode::Down }));
        frame(&mut term, &mut app);
        println!(
            "  {view}: {name:<12} first shown / one key       {:>12} / {}",
            ms(shown),
            ms(t.elapsed())
        );
    }
}

fn release_binary(root: &Path) -> PathBuf {
    let st = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "lianluo"])
        .current_dir(root)
        .status()
        .expect("cargo build --release");
    assert!(st.success(), "release build failed");
    root.join("target/release/lianluo")
}

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Wait until the pane shows `text` (up to `secs`).
fn wait_for(session: &str, text: &str, secs: u64) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if tmux(&["capture-pane", "-p", "-t", session]).contains(text) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn in_terminal(root: &Path, s: &Scale) {
    if Command::new("tmux").arg("-V").output().is_err() {
        println!("  (no tmux: bytes per row move and RSS not measured)");
        return;
    }
    let bin = release_binary(root);
    let session = format!("tui-figures-{}", std::process::id());
    let log = std::env::temp_dir().join(format!("{session}.bytes"));
    let _ = std::fs::remove_file(&log);
    let script = format!(
        "env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 TERM=xterm-256color '{}' --db '{}' --lang zh; sleep 60",
        bin.display(),
        s.db.display()
    );
    tmux(&["new-session", "-d", "-s", &session, "-x", "80", "-y", "24", &script]);
    let ready = wait_for(&session, "1总览", 60);
    let pid = tmux(&["list-panes", "-t", &session, "-F", "#{pane_pid}"]);
    let shell = pid.trim().to_string();
    let out = Command::new("pgrep").args(["-P", &shell]).output().expect("pgrep");
    let pid = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if ready {
        tmux(&["send-keys", "-t", &session, "5"]);
        wait_for(&session, "身份", 60);
        // Let any background work land and the screen settle.
        std::thread::sleep(Duration::from_millis(if s.province { 8000 } else { 1500 }));
        tmux(&[
            "pipe-pane",
            "-o",
            "-t",
            &session,
            &format!("cat >> '{}'", log.display()),
        ]);
        std::thread::sleep(Duration::from_millis(300));
        tmux(&["send-keys", "-t", &session, "Down"]);
        std::thread::sleep(Duration::from_millis(500));
        tmux(&["pipe-pane", "-t", &session]);
        let bytes = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
        println!("  bytes written for one row move                 {bytes:>12}   target ≤ 400");
        // Every view, a filter on the roster, then another operator's
        // change followed: what an afternoon's work holds at its peak.
        for key in ["1", "2", "3", "4", "6", "7", "8", "9", "5", "/", "w", "Enter"] {
            tmux(&["send-keys", "-t", &session, key]);
            std::thread::sleep(Duration::from_millis(if s.province { 1500 } else { 300 }));
        }
        another_operators_change(&bin, &s.db);
        std::thread::sleep(Duration::from_millis(if s.province { 6000 } else { 1500 }));
    } else {
        println!("  (the TUI did not show its first screen in tmux)");
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<u64>().ok())
        .unwrap_or(0);
    println!(
        "  peak RSS (every view, a filter, another's change) {:>6} MB   target {}",
        hwm / 1024,
        target(s, "≤ 40 MB", "≤ 400 MB")
    );
    tmux(&["kill-session", "-t", &session]);
    let _ = std::fs::remove_file(&log);
}

/// Another operator reassigns the first contact to another active deputy,
/// through the command line.
fn another_operators_change(bin: &Path, db: &Path) {
    let store = Store::open(
        db,
        OpenOptions {
            read_only: true,
            create: false,
        },
    )
    .expect("open");
    let ds = store.load_roster().expect("roster");
    let Some(contact) = ds.contacts.first() else { return };
    let Some(deputy) = ds.deputies.iter().find(|d| d.active && d.code != contact.deputy_code) else {
        return;
    };
    let st = Command::new(bin)
        .args(["reassign", "--operator", "bench-bob", "--db"])
        .arg(db)
        .args(["--to", &deputy.code, &contact.code])
        .output()
        .expect("reassign");
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
}
