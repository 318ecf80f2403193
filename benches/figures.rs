//! SPEC §8 figures, printed beside their targets: `cargo bench --bench figures
//! -- [county|city|province]...` (default: county). Figures are measured on
//! the release binary run as an operator would run it, in child processes,
//! so that peak memory is the program's own.
//!
//! This reports; it asserts nothing (benchmarks are not timed tests).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Target {
    county: &'static str,
    province: &'static str,
}

fn main() {
    let mut scales: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if scales.is_empty() {
        scales.push("county".into());
    }
    let bin = release_binary();
    for scale in scales {
        run_scale(&bin, &scale);
    }
}

/// The binary cargo built for this bench (optimised, as `cargo bench` builds it).
fn release_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_lianluo"))
}

/// Wall time and peak RSS (KiB) of one child process.
fn measure(cmd: &mut Command) -> (Duration, u64, bool) {
    let start = Instant::now();
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn");
    let pid = child.id() as i32;
    let (status, rss) = wait_rusage(pid);
    let elapsed = start.elapsed();
    let _ = child.wait();
    if !status {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        eprintln!("  (failed: {})", err.trim());
    }
    (elapsed, rss, status)
}

#[repr(C)]
struct Timeval {
    sec: i64,
    usec: i64,
}

#[repr(C)]
struct Rusage {
    utime: Timeval,
    stime: Timeval,
    maxrss: i64,
    rest: [i64; 13],
}

extern "C" {
    fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
}

/// wait4(2): exit status and the child's own peak RSS in KiB.
fn wait_rusage(pid: i32) -> (bool, u64) {
    let mut status = 0;
    let mut usage = Rusage {
        utime: Timeval { sec: 0, usec: 0 },
        stime: Timeval { sec: 0, usec: 0 },
        maxrss: 0,
        rest: [0; 13],
    };
    // SAFETY: wait4 writes only into the two out-pointers we own.
    let r = unsafe { wait4(pid, &mut status, 0, &mut usage) };
    let ok = r == pid && (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0;
    (ok, usage.maxrss.max(0) as u64)
}

fn report(name: &str, value: String, target: &Target, scale: &str) {
    let t = if scale == "province" {
        target.province
    } else {
        target.county
    };
    println!("  {name:<44} {value:>14}   target {t}");
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn mb(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 / 1024.0)
}

fn run_scale(bin: &Path, scale: &str) {
    let dir = std::env::temp_dir().join(format!("lianluo-bench-{scale}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");
    let data = dir.join("data");
    let db = dir.join("bench.db");
    println!(
        "lianluo figures at {scale} scale ({} cores)",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );

    let t = Instant::now();
    let ok = Command::new(bin)
        .args(["demo", "--scale", scale, "--out"])
        .arg(&data)
        .stdout(Stdio::null())
        .status();
    assert!(ok.map(|s| s.success()).unwrap_or(false), "demo generation failed");
    println!("  {:<44} {:>14}", "generate the data set", ms(t.elapsed()));

    let lianluo = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.arg("--db").arg(&db).args(args).env("LIANLUO_OPERATOR", "bench");
        c
    };
    let _ = lianluo(&["init", "--empty"]).stdout(Stdio::null()).status();
    let (d, rss_import, _) = measure(lianluo(&["import"]).arg(&data));
    report(
        "import of the whole data set",
        ms(d),
        &Target {
            county: "≤ 0.5 s",
            province: "≤ 30 s",
        },
        scale,
    );

    yardstick(
        "sqlite3 shell's bare .import of the CSV files",
        d,
        "≤ 3×",
        sqlite_import(&data, &dir),
    );

    // The demo's "today", as the hand-written SQL has it.
    let (d, rss_gaps, _) = measure(&mut lianluo(&["gaps", "--format", "json", "--as-of", "2026-11-22"]));
    report(
        "full gap audit (load + all rules + JSON)",
        ms(d),
        &Target {
            county: "≤ 50 ms",
            province: "≤ 3 s",
        },
        scale,
    );
    yardstick(
        "relational rules by hand in the sqlite3 shell",
        d,
        "≤ 2×",
        sqlite_audit(&db),
    );

    // A whole year to plan: every active deputy gets a slot (SPEC §11).
    let (d, rss_plan, _) = measure(&mut lianluo(&[
        "rota",
        "plan",
        "--year",
        "2027",
        "--as-of",
        "2027-01-01",
    ]));
    report(
        "rota plan of a whole year",
        format!("{} / {}", ms(d), mb(rss_plan)),
        &Target {
            county: "—",
            province: "≤ 5 s, ≤ 400 MB",
        },
        scale,
    );
    // The ledger's two lists (SPEC §10, issue 14).
    for (what, args) in [
        (
            "units (the scorecard: load + count + JSON)",
            &["units", "--format", "json", "--as-of", "2026-11-22"][..],
        ),
        (
            "suggest due (the reminder list: load + JSON)",
            &["suggest", "due", "--format", "json", "--as-of", "2026-11-22"][..],
        ),
    ] {
        let (d, rss, _) = measure(&mut lianluo(args));
        report(
            what,
            format!("{} / {}", ms(d), mb(rss)),
            &Target {
                county: "—",
                province: "≤ 1 s, ≤ 400 MB",
            },
            scale,
        );
    }
    let (d, rss_points, _) = measure(&mut lianluo(&["points", "--format", "json", "--as-of", "2026-11-22"]));
    report(
        "points (load + ledger + JSON)",
        format!("{} / {}", ms(d), mb(rss_points)),
        &Target {
            county: "—",
            province: "≤ 1 s",
        },
        scale,
    );

    let points = dir.join("points.csv");
    write_points(&data, &points, 1_000_000);
    let (d, rss_locate, _) = measure(lianluo(&["locate", "--batch"]).arg(&points));
    report(
        "locate --batch of 1,000,000 points",
        ms(d),
        &Target {
            county: "≤ 1 s",
            province: "≤ 2 s",
        },
        scale,
    );

    yardstick(
        "shapely 2 STRtree, same points, whole run",
        d,
        "≤ 1×",
        shapely_locate(&data, &points, &dir),
    );

    let peak = rss_import.max(rss_gaps).max(rss_locate);
    report(
        "peak memory (RSS) of import / audit / locate",
        format!("{} / {} / {}", mb(rss_import), mb(rss_gaps), mb(rss_locate)),
        &Target {
            county: "≤ 40 MB",
            province: "≤ 400 MB",
        },
        scale,
    );
    let _ = peak;
    let _ = std::fs::remove_dir_all(&dir);
}

/// What an operator could use instead, and lianluo's time as a multiple of
/// it (SPEC §8's ratios). None: the tool is not installed here.
fn yardstick(what: &str, ours: Duration, target: &str, theirs: Option<Duration>) {
    match theirs {
        Some(t) => println!(
            "    vs {what:<41} {:>14}   ratio {:.2}× (target {target})",
            ms(t),
            ours.as_secs_f64() / t.as_secs_f64().max(1e-9)
        ),
        None => println!("    vs {what:<41} {:>14}", "not installed"),
    }
}

fn compare_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/compare").join(name)
}

/// `sqlite3 NEW.db` reading `.import --csv FILE TABLE` for every CSV file.
fn sqlite_import(data: &Path, dir: &Path) -> Option<Duration> {
    let db = dir.join("bare-import.db");
    let mut script = String::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data).ok()?.flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "csv")) {
        let table = f.file_stem()?.to_string_lossy().to_string();
        script.push_str(&format!(".import --csv '{}' {table}\n", f.display()));
    }
    let time = run_with_input(Command::new("sqlite3").arg(&db), &script);
    let _ = std::fs::remove_file(&db);
    time
}

/// benches/compare/audit.sql run by the sqlite3 shell on the imported database.
fn sqlite_audit(db: &Path) -> Option<Duration> {
    let script = std::fs::read_to_string(compare_script("audit.sql")).ok()?;
    run_with_input(Command::new("sqlite3").arg("-readonly").arg(db), &script)
}

/// benches/compare/locate_shapely.py: load the cells, build the tree, read
/// the points, query, write a line per point (what `locate --batch` does).
fn shapely_locate(data: &Path, points: &Path, dir: &Path) -> Option<Duration> {
    let out = dir.join("shapely-out.csv");
    let start = Instant::now();
    let status = Command::new("python3")
        .arg(compare_script("locate_shapely.py"))
        .arg(data.join("cells.geojson"))
        .arg(points)
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let time = start.elapsed();
    status.success().then_some(time)
}

fn run_with_input(cmd: &mut Command, input: &str) -> Option<Duration> {
    use std::io::Write;
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let status = child.wait().ok()?;
    let time = start.elapsed();
    status.success().then_some(time)
}

/// 1,000,000 deterministic pseudo-random points over the cells' extent.
fn write_points(data: &Path, out: &Path, n: usize) {
    let text = std::fs::read_to_string(data.join("cells.geojson")).unwrap_or_default();
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    // Scan the numbers pairwise: cheap and good enough for an extent.
    let mut nums = Vec::new();
    for part in text.split(['[', ']', ',']) {
        if let Ok(v) = part.trim().parse::<f64>() {
            nums.push(v);
        } else {
            nums.clear();
        }
        if nums.len() == 2 {
            let (x, y) = (nums[0], nums[1]);
            if (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y) {
                min_x = min_x.min(x);
                max_x = max_x.max(x);
                min_y = min_y.min(y);
                max_y = max_y.max(y);
            }
            nums.clear();
        }
    }
    if min_x > max_x {
        (min_x, min_y, max_x, max_y) = (121.15, 37.07, 121.93, 37.49);
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut s = String::with_capacity(n * 24);
    s.push_str("lon,lat\n");
    for _ in 0..n {
        let x = min_x + next() * (max_x - min_x);
        let y = min_y + next() * (max_y - min_y);
        s.push_str(&format!("{x:.6},{y:.6}\n"));
    }
    std::fs::write(out, s).expect("points");
}
