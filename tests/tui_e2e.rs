//! End to end in a real terminal (tmux): the binary at 80×24, keys typed
//! as an operator would, the result read back through `lianluo log`.
//! Skipped, with a notice, when tmux is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lianluo");

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("NOTICE: tmux is not installed; skipping the TUI end-to-end test");
    }
    ok
}

fn lianluo(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LIANLUO_OPERATOR", "e2e")
        .output()
        .expect("run lianluo")
}

/// A tmux session running the TUI; killed when dropped.
struct Session {
    name: String,
    dir: PathBuf,
}

impl Session {
    fn start(dir: &Path, db: &Path, tag: &str) -> Session {
        let name = format!("lianluo-e2e-{}-{tag}", std::process::id());
        let exit_file = dir.join(format!("{tag}.exit"));
        let stty_file = dir.join(format!("{tag}.stty"));
        let script = format!(
            "env LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 TERM=xterm-256color LIANLUO_OPERATOR=e2e '{}' --db '{}' --lang en; \
             echo $? > '{}'; stty -a > '{}'; echo EXITED; sleep 60",
            BIN,
            db.display(),
            exit_file.display(),
            stty_file.display()
        );
        let st = Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", "80", "-y", "24", &script])
            .status()
            .expect("tmux");
        assert!(st.success(), "tmux new-session failed");
        let s = Session {
            name,
            dir: dir.to_path_buf(),
        };
        s.wait_for("1Overview");
        s
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let st = Command::new("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .expect("send-keys");
            assert!(st.success());
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn text(&self, text: &str) {
        let st = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status()
            .expect("send-keys");
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(150));
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen shows `text` (up to 10 s).
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "screen never showed {text:?}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn resize(&self, w: u16, h: u16) {
        let st = Command::new("tmux")
            .args([
                "resize-window",
                "-t",
                &self.name,
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .status()
            .expect("resize");
        assert!(st.success());
    }

    fn exit_code(&self, tag: &str) -> i32 {
        self.wait_for("EXITED");
        let text = std::fs::read_to_string(self.dir.join(format!("{tag}.exit"))).expect("exit file");
        text.trim().parse().expect("exit code")
    }

    /// The program's pid: the child of the pane's shell.
    fn program_pid(&self) -> String {
        let out = Command::new("tmux")
            .args(["list-panes", "-t", &self.name, "-F", "#{pane_pid}"])
            .output()
            .expect("list-panes");
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let out = Command::new("pgrep").args(["-P", &shell]).output().expect("pgrep");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .expect("program pid")
            .trim()
            .to_string()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["kill-session", "-t", &self.name]).status();
    }
}

fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("e2e.db");
    let out = lianluo(&db, &["init", "--demo"]);
    assert!(
        out.status.success(),
        "init --demo: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// A deputy other than the contact's current one.
fn other_deputy(db: &Path, contact: &str) -> String {
    let store = lianluo::store::Store::open(
        db,
        lianluo::store::OpenOptions {
            read_only: true,
            create: false,
        },
    )
    .expect("open");
    let ds = store.load().expect("load");
    let current = ds
        .contacts
        .iter()
        .find(|c| c.code == contact)
        .expect("contact")
        .deputy_code
        .clone();
    ds.deputies
        .iter()
        .find(|d| d.active && d.code != current)
        .expect("deputy")
        .code
        .to_string()
}

#[test]
fn an_operator_reassigns_a_contact_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let target = other_deputy(&db, "C00042");
    let s = Session::start(dir.path(), &db, "reassign");
    s.keys(&["5", "/"]);
    s.text("C00042");
    s.keys(&["Enter", "r"]);
    s.wait_for("Reassign ");
    s.wait_for("(C00042) to:");
    s.text(&target);
    s.keys(&["Enter"]);
    s.wait_for("(C00042, now ");
    s.keys(&["y"]);
    s.wait_for("Reassigned 1 contact");
    s.keys(&["q"]);
    assert_eq!(s.exit_code("reassign"), 0);
    let out = lianluo(&db, &["log", "--format", "json"]);
    assert!(out.status.success());
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let entry = log
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e["action"] == "contacts.reassign")
        .expect("a contacts.reassign entry");
    assert_eq!(entry["code"], "C00042");
    assert_eq!(entry["after"]["deputy_code"], target.as_str());
}

#[test]
fn an_escape_sequence_in_a_name_shows_as_text_and_resizing_never_crashes() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    {
        let mut store = lianluo::store::Store::open(&db, Default::default()).expect("open");
        let mut ds = store.load().expect("load");
        let c = ds.contacts.iter_mut().find(|c| c.code == "C00042").expect("contact");
        c.name = "王\u{1b}[2J林汉".into();
        let set = lianluo::store::ImportSet {
            contacts: Some(vec![c.clone()]),
            ..Default::default()
        };
        let actor = lianluo::store::Actor::new("setup", "");
        store.apply_import(&actor, set).expect("import");
    }
    let s = Session::start(dir.path(), &db, "escape");
    s.keys(&["5", "/"]);
    s.text("C00042");
    s.keys(&["Enter", "Enter"]);
    let screen = s.wait_for("王[2J林汉");
    assert!(screen.contains("1Overview"), "the screen was wiped:\n{screen}");
    s.resize(40, 12);
    s.wait_for("too small");
    s.resize(120, 40);
    s.wait_for("1Overview");
    s.resize(80, 24);
    s.keys(&["Escape", "q"]);
    assert_eq!(s.exit_code("escape"), 0);
}

#[test]
fn sigterm_restores_the_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let s = Session::start(dir.path(), &db, "term");
    let pid = s.program_pid();
    let st = Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(st.success());
    let code = s.exit_code("term");
    assert_eq!(code, 128 + 15);
    let stty = std::fs::read_to_string(dir.path().join("term.stty")).expect("stty");
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "terminal left raw: {stty}"
    );
    let screen = s.screen();
    assert!(
        !screen.contains("1Overview"),
        "still on the alternate screen:\n{screen}"
    );
}

/// Whether a process is still there (a zombie counts as gone).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.split(") ").nth(1).is_some_and(|rest| rest.starts_with('Z')))
        .unwrap_or(false)
}

/// How long until the process is gone (gives up after 5 s: what is tested
/// is that it ends by itself, not how fast a loaded machine lets it).
fn gone_within(pid: &str) -> Duration {
    let start = Instant::now();
    while alive(pid) && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(10));
    }
    start.elapsed()
}

#[test]
fn sighup_ends_the_program_at_once_and_restores_the_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let s = Session::start(dir.path(), &db, "hup");
    // Let the first frame settle, so the program is asleep waiting for input.
    std::thread::sleep(Duration::from_millis(300));
    let pid = s.program_pid();
    let st = Command::new("kill").args(["-HUP", &pid]).status().expect("kill");
    assert!(st.success());
    let took = gone_within(&pid);
    assert!(!alive(&pid), "still running {took:?} after SIGHUP");
    assert_eq!(s.exit_code("hup"), 128 + 1);
    let stty = std::fs::read_to_string(dir.path().join("hup.stty")).expect("stty");
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "terminal left raw: {stty}"
    );
}

#[test]
fn a_closed_terminal_ends_the_program_promptly() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let s = Session::start(dir.path(), &db, "lost");
    std::thread::sleep(Duration::from_millis(300));
    let pid = s.program_pid();
    // Closing the session closes the pty: the program's tty is gone.
    let st = Command::new("tmux")
        .args(["kill-session", "-t", &s.name])
        .status()
        .expect("kill-session");
    assert!(st.success());
    let took = gone_within(&pid);
    assert!(!alive(&pid), "still running {took:?} after its tty closed");
}

/// Two operators start lianluo on the same new path at the same moment:
/// both get the one demo county, neither an "already exists".
#[test]
fn two_operators_starting_on_no_database_at_once_share_one_demo_county() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("new.db");
    let (first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(|| Session::start(dir.path(), &db, "first"));
        let second = scope.spawn(|| Session::start(dir.path(), &db, "second"));
        (first.join().expect("first"), second.join().expect("second"))
    });
    for s in [&first, &second] {
        let screen = s.screen();
        assert!(screen.contains(" DEMO "), "no DEMO badge:\n{screen}");
    }
    let out = lianluo(&db, &["log", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        log.matches("\"action\": \"import\"").count() + log.matches("\"action\":\"import\"").count(),
        1,
        "{log}"
    );
}

#[test]
fn another_operators_change_shows_in_a_running_tui_with_its_gaps() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    // A contact with no deputy at all, and an active deputy of its own cell:
    // once linked, it has no gap left.
    let store = lianluo::store::Store::open(
        &db,
        lianluo::store::OpenOptions {
            read_only: true,
            create: false,
        },
    )
    .expect("open");
    let ds = store.load().expect("load");
    let today = chrono::Local::now().date_naive();
    let findings = lianluo::coverage::audit(&ds, today, &[]);
    let unlinked = |f: &&lianluo::coverage::Finding| f.rule == "contact-no-deputy";
    let before = findings.iter().filter(unlinked).count();
    let (contact, deputy) = findings
        .iter()
        .filter(unlinked)
        .filter_map(|f| {
            let c = ds
                .contacts
                .iter()
                .find(|c| c.code == f.code && c.deputy_code.is_empty())?;
            let d = ds.assignments.iter().find(|a| {
                a.cell_code == c.cell_code && ds.deputies.iter().any(|d| d.code == a.deputy_code && d.active)
            })?;
            let only_gap = findings.iter().filter(|g| g.code == c.code).count() == 1;
            only_gap.then(|| (c.code.to_string(), d.deputy_code.to_string()))
        })
        .next()
        .expect("a contact with no deputy in a covered cell");
    let row = |screen: &str| screen.lines().find(|l| l.contains(&contact)).map(str::to_string);

    let s = Session::start(dir.path(), &db, "follow");
    s.keys(&["5", "/"]);
    s.text(&contact);
    s.keys(&["Enter"]);
    let shown = s.wait_for(&contact);
    assert!(row(&shown).is_some_and(|l| l.contains('!')), "{shown}");

    let out = Command::new(BIN)
        .args(["reassign", "--db"])
        .arg(&db)
        .args(["--to", &deputy, &contact])
        .env("LIANLUO_OPERATOR", "bob")
        .output()
        .expect("reassign");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The row shows the deputy, then loses its gap mark once the audit is made again.
    let start = Instant::now();
    loop {
        let screen = s.screen();
        let line = row(&screen).unwrap_or_default();
        if line.contains(&deputy) && !line.contains('!') {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "never followed:\n{screen}");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The Overview counts one contact fewer without a deputy.
    s.keys(&["1"]);
    let start = Instant::now();
    loop {
        let screen = s.screen();
        let count = screen
            .lines()
            .find(|l| l.contains("contact-no-deputy"))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|n| n.parse::<usize>().ok());
        if count == Some(before - 1) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the Overview never showed {}:\n{screen}",
            before - 1
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    s.keys(&["q"]);
    assert_eq!(s.exit_code("follow"), 0);
}

/// A paste of a whole message (bracketed, as terminals send it) and a raw
/// burst of keys far past crossterm's 1 KiB read leave the TUI answering:
/// the text lands in the field typed into, and `q` still quits at once.
/// (Before, bytes past the first KiB were never read and `q` waited
/// behind them with a core pinned.)
#[test]
fn a_long_paste_or_key_burst_is_read_whole_and_q_still_quits() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let s = Session::start(dir.path(), &db, "paste");
    // A raw burst into the Contacts filter: 3,000 bytes, then its end marker.
    s.keys(&["5", "/"]);
    s.text(&format!("{}END", "z".repeat(3_000)));
    s.wait_for("END");
    s.keys(&["Escape", "Escape"]);
    s.wait_for("5Contacts");
    // A 100 KB bracketed paste (within a field's 32,767 characters) into the title.
    let pasted = format!("{}路灯不亮TAIL", "长".repeat(32_700));
    let file = dir.path().join("paste.txt");
    std::fs::write(&file, &pasted).expect("write paste");
    s.keys(&["6", "a", "Tab"]);
    let st = Command::new("tmux")
        .args(["load-buffer", "-b", "p", file.to_str().expect("path")])
        .status()
        .expect("load-buffer");
    assert!(st.success());
    let st = Command::new("tmux")
        .args(["paste-buffer", "-p", "-b", "p", "-t", &s.name])
        .status()
        .expect("paste-buffer");
    assert!(st.success());
    s.wait_for("TAIL");
    // The same paste into the lookup.
    s.keys(&["Escape", "y"]);
    s.keys(&["C-f"]);
    let st = Command::new("tmux")
        .args(["paste-buffer", "-p", "-b", "p", "-t", &s.name])
        .status()
        .expect("paste-buffer");
    assert!(st.success());
    s.wait_for("TAIL");
    s.keys(&["Escape"]);
    s.keys(&["q"]);
    assert_eq!(s.exit_code("paste"), 0, "{}", s.screen());
}

/// First-use #1: two operators at once. One has the reassign picker open
/// on a contact while the other reassigns it from the command line; the
/// TUI follows that change in the background, under the picker. Confirming
/// then must not overwrite it: refused, naming the other operator, and the
/// log ends with the other operator's change.
#[test]
fn a_change_made_while_the_picker_is_open_is_not_overwritten() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mine = other_deputy(&db, "C00012");
    let s = Session::start(dir.path(), &db, "stale");
    s.keys(&["5", "/"]);
    s.text("C00012");
    s.keys(&["Enter", "r"]);
    s.wait_for("Reassign ");
    // bob's deputy: neither the current one nor the one this operator will pick.
    let store = lianluo::store::Store::open(
        &db,
        lianluo::store::OpenOptions {
            read_only: true,
            create: false,
        },
    )
    .expect("open");
    let ds = store.load().expect("load");
    let current = ds
        .contacts
        .iter()
        .find(|c| c.code == "C00012")
        .expect("contact")
        .deputy_code
        .to_string();
    let bobs = ds
        .deputies
        .iter()
        .find(|d| d.active && d.code != current && d.code != mine)
        .expect("deputy")
        .code
        .to_string();
    let out = Command::new(BIN)
        .args(["reassign", "--db"])
        .arg(&db)
        .args(["--to", &bobs, "C00012"])
        .env("LIANLUO_OPERATOR", "bob")
        .output()
        .expect("reassign");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Let the once-a-second check follow bob's change under the open picker.
    std::thread::sleep(Duration::from_millis(2_500));
    s.text(&mine);
    s.keys(&["Enter"]);
    s.wait_for("? y/n");
    s.keys(&["y"]);
    let screen = s.wait_for("Not saved");
    assert!(screen.contains("bob"), "{screen}");
    let log = lianluo(&db, &["log", "--format", "json", "--limit", "1"]);
    let entries: serde_json::Value = serde_json::from_slice(&log.stdout).expect("log json");
    assert_eq!(entries[0]["operator"], "bob", "{entries}");
    assert_eq!(entries[0]["after"]["deputy_code"], bobs.as_str(), "{entries}");
    s.keys(&["q"]);
    assert_eq!(s.exit_code("stale"), 0);
}

/// First-use #19: Ctrl-Z gives the shell back (job control) with the
/// terminal as it was, and `fg` brings the TUI back, redrawn and answering.
#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let name = format!("lianluo-e2e-{}-suspend", std::process::id());
    let st = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "80",
            "-y",
            "24",
            "bash --norc -i",
        ])
        .status()
        .expect("tmux");
    assert!(st.success());
    let s = Session {
        name,
        dir: dir.path().to_path_buf(),
    };
    // One job (sh and the program): the exit is echoed only when it ends.
    s.text(&format!(
        "sh -c \"env LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 TERM=xterm-256color {BIN} --db '{}'; echo EXITED \\$?\"",
        db.display()
    ));
    s.keys(&["Enter"]);
    s.wait_for("1Overview");
    s.keys(&["C-z"]);
    let shell = s.wait_for("Stopped");
    assert!(
        !shell.contains("1Overview"),
        "the screen is the shell's again:\n{shell}"
    );
    s.text("fg");
    s.keys(&["Enter"]);
    s.wait_for("1Overview");
    s.keys(&["5"]);
    s.wait_for("C00001");
    s.keys(&["q"]);
    s.wait_for("EXITED 0");
}

#[test]
fn an_operator_changes_a_phone_in_the_edit_form_and_the_export_and_log_show_it() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let s = Session::start(dir.path(), &db, "edit");
    s.keys(&["5", "/"]);
    s.text("C00042");
    s.keys(&["Enter", "e"]);
    s.wait_for("Edit contact C00042");
    // name, role, then the phone: cleared and typed anew.
    s.keys(&["Down", "Down", "C-u"]);
    s.text("0535-4219999");
    s.keys(&["Enter"]);
    s.wait_for("Saved contact C00042");
    s.keys(&["q"]);
    assert_eq!(s.exit_code("edit"), 0);
    let out = dir.path().join("out");
    let export = lianluo(&db, &["export", out.to_str().expect("path")]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let contacts = std::fs::read_to_string(out.join("contacts.csv")).expect("contacts.csv");
    let row = contacts
        .lines()
        .find(|l| l.starts_with("C00042,"))
        .expect("C00042 exported");
    assert!(row.contains(",0535-4219999,"), "{row}");
    let log = lianluo(&db, &["log", "--limit", "1", "--format", "json"]);
    let log: serde_json::Value = serde_json::from_slice(&log.stdout).expect("json");
    let entry = &log[0];
    assert_eq!(entry["action"], "contacts.edit");
    assert_eq!(entry["code"], "C00042");
    assert_eq!(entry["operator"], "e2e");
    assert_eq!(entry["after"]["phone"], "0535-4219999");
}

#[test]
fn an_operator_records_an_attendance_from_the_rota_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    // The demo county's files (a demo database takes no import), with
    // D00001 on ST01's rota on the year's last reception day (nobody else
    // is on it): the station's detail opens on it, today being before it
    // (or on the year's last slot, after it).
    let files = dir.path().join("county");
    std::fs::create_dir(&files).expect("dir");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    for entry in std::fs::read_dir(&demo).expect("data/demo") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "csv" || x == "geojson") {
            std::fs::copy(&path, files.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let year = chrono::Datelike::year(&chrono::Local::now().date_naive());
    let mut rota = std::fs::read_to_string(files.join("rota.csv")).expect("rota");
    rota.push_str(&format!("{year}-12-15,ST01,D00001,lead\n"));
    std::fs::write(files.join("rota.csv"), rota).expect("rota");
    let db = dir.path().join("e2e.db");
    assert!(lianluo(&db, &["init", "--empty"]).status.success());
    let out = lianluo(&db, &["import", files.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let s = Session::start(dir.path(), &db, "rota");
    s.keys(&["7"]);
    // The rows arrive from a thread of their own: Enter once they are shown.
    s.wait_for("ST01");
    s.keys(&["Enter"]);
    let shown = s.wait_for(&format!("> {year}-12-15 D00001"));
    assert!(shown.contains("to come") || shown.contains("absent"), "{shown}");
    s.keys(&["r"]);
    s.wait_for("Constituents");
    s.keys(&["BSpace", "5", "Enter"]);
    s.wait_for("came, received 5");
    s.keys(&["Escape", "q"]);
    assert_eq!(s.exit_code("rota"), 0);

    let out = lianluo(&db, &["rota", "--year", &year.to_string(), "--format", "json"]);
    let slots: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let slot = slots
        .as_array()
        .expect("array")
        .iter()
        .find(|x| x["deputy"] == "D00001" && x["date"] == format!("{year}-12-15").as_str())
        .expect("the slot");
    assert_eq!(slot["attended"], true);
    let out = lianluo(&db, &["log", "--format", "json"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let entry = &log[0];
    assert_eq!(entry["action"], "receptions.add");
    assert_eq!(entry["operator"], "e2e");
    assert_eq!(entry["after"]["constituents"], 5);
}

/// The code of a suggestion in `status`.
fn suggestion_in(db: &Path, status: lianluo::model::Status) -> String {
    let store = lianluo::store::Store::open(
        db,
        lianluo::store::OpenOptions {
            read_only: true,
            create: false,
        },
    )
    .expect("open");
    let ds = store.load().expect("load");
    let s = ds
        .suggestions
        .iter()
        .find(|s| s.status == status)
        .expect("a suggestion");
    s.code.to_string()
}

#[test]
fn an_operator_takes_a_suggestion_through_the_ledger_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let code = suggestion_in(&db, lianluo::model::Status::Received);
    let s = Session::start(dir.path(), &db, "ledger");
    s.keys(&["6", "/"]);
    s.text(&code);
    s.keys(&["Enter", "s"]);
    s.text("assigned");
    s.keys(&["Enter"]);
    s.wait_for("Handling unit");
    s.text("U003");
    s.keys(&["Enter"]);
    s.wait_for("→ assigned");
    s.keys(&["s"]);
    s.text("extend");
    s.keys(&["Enter"]);
    s.wait_for("New due date");
    s.keys(&["Tab"]);
    s.text("complex case");
    s.keys(&["Enter"]);
    s.wait_for(&format!("Extended {code}"));
    s.keys(&["s"]);
    s.text("replied");
    s.keys(&["Enter"]);
    s.wait_for("Result");
    s.keys(&["Enter"]);
    s.wait_for("→ replied");
    s.keys(&["s"]);
    s.text("evaluate");
    s.keys(&["Enter"]);
    s.wait_for("rate the reply");
    s.keys(&["Enter"]);
    s.wait_for(&format!("{code}: satisfied"));
    s.keys(&["s"]);
    s.text("closed");
    s.keys(&["Enter"]);
    s.wait_for("Closed on");
    s.keys(&["Enter"]);
    s.wait_for("→ closed");
    s.keys(&["q"]);
    assert_eq!(s.exit_code("ledger"), 0);
    let out = lianluo(&db, &["history", &code, "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let history: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let entries = history.as_array().expect("array");
    let actions: Vec<&str> = entries.iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(
        actions[actions.len() - 5..],
        [
            "suggestions.move",
            "suggestions.extend",
            "suggestions.move",
            "suggestions.edit",
            "suggestions.move"
        ]
    );
    let last = &entries[entries.len() - 1]["after"];
    assert_eq!(last["status"], "closed");
    assert_eq!(last["handling_unit"], "U003");
    assert!(!last["extended_from"].is_null(), "{last}");
    assert!(!last["result"].is_null(), "{last}");
}

#[test]
fn an_operator_lists_a_units_suggestions_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ds = lianluo::store::Store::open(
        &db,
        lianluo::store::OpenOptions {
            read_only: true,
            create: false,
        },
    )
    .and_then(|s| s.load())
    .expect("load");
    let unit = &ds.units[2];
    let handled = ds.suggestions.iter().filter(|s| s.handling_unit == unit.code).count();
    let s = Session::start(dir.path(), &db, "units");
    s.keys(&["6", "U"]);
    s.wait_for("Suggestions of the unit");
    s.text(&unit.code);
    s.keys(&["Enter"]);
    // The status line names the unit and counts exactly its suggestions.
    let screen = s.wait_for(&format!("unit: {}", unit.name));
    assert!(
        screen.contains(&format!("1/{handled} ")),
        "{handled} handled:\n{screen}"
    );
    s.keys(&["q"]);
    assert_eq!(s.exit_code("units"), 0);
}
