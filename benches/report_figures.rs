//! SPEC §12's speed targets for `lianluo report`, printed beside them:
//! `cargo bench --bench report_figures -- [county|province]...` (default:
//! county). The release binary is run in child processes, as an operator
//! runs it, so that peak memory is the program's own.
//!
//! This reports; it asserts nothing (benchmarks are not timed tests).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let mut scales: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if scales.is_empty() {
        scales.push("county".into());
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_lianluo"));
    for scale in scales {
        run_scale(&bin, &scale);
    }
}

/// Wall time and peak RSS (KiB) of one child process.
fn measure(cmd: &mut Command) -> (Duration, u64) {
    let t = Instant::now();
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
    let pid = child.id() as i32;
    let rss = wait_rusage(pid);
    let elapsed = t.elapsed();
    // Already reaped by wait4; this only tells the Child so.
    let _ = child.wait();
    (elapsed, rss)
}

#[repr(C)]
struct Rusage {
    utime: [i64; 2],
    stime: [i64; 2],
    maxrss: i64,
    rest: [i64; 13],
}

extern "C" {
    fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
}

/// wait4(2): the child's own peak RSS in KiB.
fn wait_rusage(pid: i32) -> u64 {
    let mut status = 0;
    let mut usage = Rusage {
        utime: [0; 2],
        stime: [0; 2],
        maxrss: 0,
        rest: [0; 13],
    };
    // SAFETY: wait4 writes only into the two out-parameters given.
    unsafe { wait4(pid, &mut status, 0, &mut usage) };
    usage.maxrss.max(0) as u64
}

fn run_scale(bin: &Path, scale: &str) {
    let dir = std::env::temp_dir().join(format!("lianluo-report-bench-{scale}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");
    let data = dir.join("data");
    let db = dir.join("bench.db");
    println!("lianluo report at {scale} scale");
    let ok = Command::new(bin)
        .args(["demo", "--scale", scale, "--out"])
        .arg(&data)
        .stdout(Stdio::null())
        .status();
    assert!(ok.map(|s| s.success()).unwrap_or(false), "demo generation failed");
    let lianluo = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.arg("--db").arg(&db).args(args).env("LIANLUO_OPERATOR", "bench");
        c
    };
    let _ = lianluo(&["init", "--empty"]).stdout(Stdio::null()).status();
    let _ = lianluo(&["import"]).arg(&data).stdout(Stdio::null()).status();
    let period = ["--from", "2026-01-01", "--to", "2026-11-22"];
    let (json_t, json_rss) = measure(lianluo(&["report", "--format", "json"]).args(period));
    let (md_t, md_rss) = measure(lianluo(&["--lang", "zh", "report"]).args(period));
    let book = dir.join("report.xlsx");
    let (xlsx_t, xlsx_rss) = measure(lianluo(&["--lang", "zh", "report", "--xlsx"]).arg(&book).args(period));
    let row = |what: &str, t: Duration, rss: u64, target: &str| {
        println!(
            "  {what:<30} {:>9.0} ms {:>7.0} MB   target {target}",
            t.as_secs_f64() * 1000.0,
            rss as f64 / 1024.0
        );
    };
    row("report --format json", json_t, json_rss, "≤ 2 s, ≤ 400 MB (province)");
    row("report (Markdown, zh)", md_t, md_rss, "≤ 2 s, ≤ 400 MB (province)");
    row("report --xlsx", xlsx_t, xlsx_rss, "≤ 5 s (province)");
    let _ = std::fs::remove_dir_all(&dir);
}
