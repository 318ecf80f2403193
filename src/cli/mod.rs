//! The command line (SPEC §5): one file per subcommand, each a thin layer
//! over the library. Exit codes are SPEC's.

mod args;
mod commands;
mod output;

pub use args::{Cli, Command};

use crate::i18n::{tr, Lang};
use crate::store::{Actor, OpenOptions, Store, StoreError};
use clap::Parser;
use std::path::PathBuf;

/// SPEC §5 exit codes.
pub mod exit {
    pub const OK: i32 = 0;
    pub const FAILURE: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const CONFLICT: i32 = 3;
    pub const NOT_FOUND: i32 = 4;
    pub const DATA: i32 = 65;
    pub const NO_INPUT: i32 = 66;
}

/// A failure with its exit code and the message for stderr.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn new(code: i32, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

pub type CmdResult = Result<i32, Failure>;

/// What every command knows: the database path, language and operator.
pub struct Context {
    pub db: PathBuf,
    pub lang: Lang,
    pub actor: Actor,
    pub read_only: bool,
}

impl Context {
    /// Open the existing database (66 when it cannot be opened).
    pub fn open(&self) -> Result<Store, Failure> {
        if !self.db.exists() {
            return Err(Failure::new(
                exit::NO_INPUT,
                format!(
                    "{}: {}",
                    self.db.display(),
                    tr(
                        self.lang,
                        "数据库不存在（先运行 lianluo init --empty 或 lianluo init --demo）",
                        "no database here (run `lianluo init --empty` or `lianluo init --demo` first)"
                    )
                ),
            ));
        }
        let store = Store::open(
            &self.db,
            OpenOptions {
                read_only: self.read_only,
                create: false,
            },
        )
        .map_err(|e| store_failure(self.lang, e))?;
        self.warn_if_world_readable();
        Ok(store)
    }

    /// Say once when every account on the machine can read the database
    /// (phone numbers of thousands of people).
    fn warn_if_world_readable(&self) {
        use std::os::unix::fs::PermissionsExt;
        static ONCE: std::sync::Once = std::sync::Once::new();
        let Ok(meta) = std::fs::metadata(&self.db) else { return };
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o004 == 0 {
            return;
        }
        ONCE.call_once(|| {
            let db = self.db.display();
            eprintln!(
                "lianluo: {}",
                if self.lang.is_zh() {
                    format!("警告：本机所有账户都能读取数据库 {db}（权限 {mode:04o}）；请运行 chmod o-rwx {db}（见 README 的“管理员”一节）")
                } else {
                    format!("warning: every account on this machine can read the database {db} (mode {mode:04o}); run `chmod o-rwx {db}` (see the README, for the administrator)")
                }
            );
        });
    }
}

/// Map a store error to SPEC's exit code and a message in the operator's
/// language (the store's wording, [`StoreError::message`], shared with the TUI).
pub fn store_failure(lang: Lang, e: StoreError) -> Failure {
    use crate::store::UndoRefusal;
    let code = match &e {
        StoreError::CannotOpen { .. } | StoreError::NewerSchema { .. } => exit::NO_INPUT,
        StoreError::Busy | StoreError::Conflict { .. } => exit::CONFLICT,
        StoreError::Undo(UndoRefusal::ImportedSince { .. }) => exit::CONFLICT,
        StoreError::NotFound { .. } => exit::NOT_FOUND,
        StoreError::BadSetting { .. } | StoreError::Record(_) => exit::USAGE,
        StoreError::Fields(_) => exit::DATA,
        // A bad value given to a field or an option is 65, a change a rule
        // forbids is 1 (SPEC §5). The command line names the option.
        StoreError::UnknownValue { field, .. } => {
            let text = e.message(lang);
            let text = text.strip_prefix(*field).unwrap_or(&text);
            return Failure::new(exit::DATA, format!("{}{text}", field_flag(field)));
        }
        StoreError::BadText { field, problem } => {
            return Failure::new(
                exit::DATA,
                format!(
                    "{}: {}",
                    field_flag(field),
                    crate::io::text_problem_text(*problem, lang)
                ),
            )
        }
        // Not 66 for a full disk or an I/O error: the database was found
        // and opened (or would be, given room); SPEC §5 counts a failed
        // write as "another failure".
        StoreError::ReadOnly(_)
        | StoreError::Exists { .. }
        | StoreError::Inactive { .. }
        | StoreError::Undo(_)
        | StoreError::Refused(_)
        | StoreError::Referenced { .. }
        | StoreError::DatesOutOfOrder { .. }
        | StoreError::DiskFull
        | StoreError::Io(_)
        | StoreError::Sqlite(_) => exit::FAILURE,
    };
    Failure::new(code, e.message(lang))
}

/// The option a command gives a stored field by (the TUI's forms name
/// their fields themselves).
fn field_flag(field: &str) -> &str {
    match field {
        "title" => "--title",
        "unit" | "handling_unit" => "--unit",
        "co_units" => "--co-units",
        "reason" => "--reason",
        "cell_code" => "--cell",
        "raised_by" => "--raised-by",
        other => other,
    }
}

pub fn kind_zh(kind: &str) -> &str {
    crate::store::kind_zh(kind)
}

/// Parse arguments, run, and return the exit code.
pub fn main() -> i32 {
    // SPEC §7: nothing lianluo creates gives others any permission
    // (SQLite's -wal, -shm and journals, xlsx temp files, folders included).
    // SAFETY: umask(2) only sets this process's file mode creation mask.
    unsafe { libc::umask(libc::umask(0o077) | 0o007) };
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => exit::OK,
                _ => exit::USAGE,
            };
            let _ = e.print();
            return code;
        }
    };
    if cli.command.is_some() {
        // A command's output read only in part (`lianluo lookup 王 | head`)
        // ends the command quietly, as it does `cat`: Rust ignores SIGPIPE,
        // and the first print to the closed pipe panicked. (Every change is
        // committed before its result is printed; the TUI draws on a tty.)
        // SAFETY: signal(2) only sets how this process takes SIGPIPE.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    }
    let lang = Lang::detect(cli.lang.as_deref());
    let db = cli
        .db
        .clone()
        .or_else(|| {
            std::env::var_os("LIANLUO_DB")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from("lianluo.db"));
    let actor = match Actor::from_env(cli.operator.as_deref()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("lianluo: {}", e.message(lang));
            return exit::USAGE;
        }
    };
    let ctx = Context {
        db,
        lang,
        actor,
        read_only: cli.read_only,
    };
    match commands::run(&ctx, &cli) {
        Ok(code) => code,
        Err(f) => {
            if !f.message.is_empty() {
                // Messages quote data (a deputy's name, a file's geometry
                // type): nothing in them may drive the terminal.
                eprintln!("lianluo: {}", crate::model::sanitize_lines(&f.message));
            }
            f.code
        }
    }
}
