//! Over real SSH, the way operators use the program: sshd on 127.0.0.1 with
//! keys made for the test, `ssh -tt` inside tmux, lianluo's TUI on the far
//! side; drive a reassign, drop the link (kill the ssh client), and check
//! that the server-side lianluo exited and the database is whole, with the
//! change either fully there or fully absent.
//!
//! Skipped (with a notice) where sshd, ssh, tmux or root are missing;
//! `.ci/run` installs them.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("lianluo")
}

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {cmd}"))
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn sshd_path() -> Option<PathBuf> {
    ["/usr/sbin/sshd", "/usr/bin/sshd"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Sshd(Child);

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Tmux(String);

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["kill-session", "-t", &self.0]).status();
    }
}

fn tmux(args: &[&str]) {
    let _ = Command::new("tmux").args(args).status();
}

fn screen(session: &str) -> String {
    Command::new("tmux")
        .args(["capture-pane", "-p", "-t", session])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn wait_for(session: &str, what: &str, secs: u64) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if screen(session).contains(what) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Processes whose command line names this database (pid, state, command).
fn lianluo_processes(db: &Path) -> Vec<String> {
    let needle = db.to_string_lossy().into_owned();
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if text.contains(&needle) && text.contains("lianluo") && !text.contains("ssh ") {
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|r| r.split_whitespace().next())
                .unwrap_or("?")
                .to_string();
            found.push(format!("{} [{state}] {text}", e.file_name().to_string_lossy()));
        }
    }
    found
}

fn lianluo_running(db: &Path) -> bool {
    !lianluo_processes(db).is_empty()
}

#[test]
fn a_dropped_ssh_link_ends_the_remote_tui_and_leaves_the_database_whole() {
    let Some(sshd) = sshd_path() else {
        eprintln!("skipped: no sshd (apt-get install openssh-server)");
        return;
    };
    if !have("ssh") || !have("tmux") || !have("ssh-keygen") || !is_root() {
        eprintln!("skipped: needs ssh, ssh-keygen, tmux and root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all("/run/sshd").unwrap();
    keygen(&d.join("host_key"));
    keygen(&d.join("client_key"));
    std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap();
    let port = free_port();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nAuthorizedKeysFile {ak}\nPidFile {pid}\n\
         StrictModes no\nUsePAM no\nPermitRootLogin yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
         PubkeyAuthentication yes\nAcceptEnv LANG LC_*\nClientAliveInterval 1\nClientAliveCountMax 2\n",
        hk = d.join("host_key").display(),
        ak = d.join("authorized_keys").display(),
        pid = d.join("sshd.pid").display(),
    );
    std::fs::write(d.join("sshd_config"), config).unwrap();
    let _sshd = Sshd(
        Command::new(&sshd)
            .arg("-D")
            .arg("-f")
            .arg(d.join("sshd_config"))
            .arg("-E")
            .arg(d.join("sshd.log"))
            .spawn()
            .unwrap(),
    );
    // Wait until sshd listens.
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(10), "sshd did not start");
        std::thread::sleep(Duration::from_millis(50));
    }

    let db = d.join("county.db");
    let init = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["init", "--demo"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let before = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["lookup", "C00001", "--format", "json"])
        .output()
        .unwrap();
    assert!(before.status.success());

    let remote = format!(
        "env LANG=en_US.UTF-8 LIANLUO_OPERATOR=ssh-operator TERM=xterm-256color {} --db {}",
        bin().display(),
        db.display()
    );
    let ssh = format!(
        "ssh -tt -p {port} -i {key} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1 '{remote}'",
        key = d.join("client_key").display()
    );
    let session = format!("lianluo-ssh-{}", std::process::id());
    let _tmux = Tmux(session.clone());
    tmux(&["new-session", "-d", "-s", &session, "-x", "80", "-y", "24", &ssh]);
    assert!(
        wait_for(&session, "DEMO", 20),
        "the TUI did not start over ssh:\n{}",
        screen(&session)
    );
    assert!(lianluo_running(&db), "no lianluo on the server side");

    // Drive a reassign: the contacts view, filter to C00001, reassign to D00002, confirm.
    for keys in [
        &["5"][..],
        &["/"],
        &["-l", "C00001"],
        &["Enter"],
        &["r"],
        &["-l", "D00002"],
        &["Enter"],
        &["y"],
    ] {
        let mut args = vec!["send-keys", "-t", session.as_str()];
        args.extend_from_slice(keys);
        tmux(&args);
        std::thread::sleep(Duration::from_millis(300));
    }
    // Drop the link: kill the ssh client as a network failure would.
    let _ = Command::new("pkill")
        .args(["-KILL", "-f", &format!("ssh -tt -p {port}")])
        .status();

    let start = Instant::now();
    while lianluo_running(&db) {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the server-side lianluo kept running after the link dropped: {}",
            lianluo_processes(&db).join("\n")
                + "\nsshd log:\n"
                + &std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let deputy: Option<String> = conn
        .query_row("SELECT deputy_code FROM contacts WHERE code = 'C00001'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let logged: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'contacts.reassign' AND code = 'C00001' AND operator = 'ssh-operator'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Fully there (deputy D00002 and its audit entry) or fully absent.
    if deputy.as_deref() == Some("D00002") {
        assert_eq!(logged, 1, "the change is there but its audit entry is not");
    } else {
        assert_eq!(logged, 0, "an audit entry for a change that is not there");
    }
}
