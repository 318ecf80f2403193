//! The command line (SPEC §5): one file per subcommand, each a thin layer
//! over the library. Exit codes are SPEC's.

mod args;
mod commands;
mod output;

pub use args::{Cli, Command};

use crate::i18n::{tr, Lang};
use crate::store::{Actor, IoStep, OpenOptions, Store, StoreError};
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

/// Map a store error to SPEC's exit code and a message in the operator's language.
pub fn store_failure(lang: Lang, e: StoreError) -> Failure {
    let zh = lang.is_zh();
    match e {
        StoreError::CannotOpen { path, reason } => Failure::new(
            exit::NO_INPUT,
            if zh {
                format!("无法打开数据库 {}：{}", path.display(), reason_zh(&reason))
            } else {
                format!("cannot open the database {}: {reason}", path.display())
            },
        ),
        StoreError::NewerSchema { path, found, supported } => Failure::new(
            exit::NO_INPUT,
            if zh {
                format!(
                    "数据库 {} 由更新版本的 lianluo 写入（结构版本 {found}，本程序只能读到 {supported}）：请使用新版 lianluo；文件未被改动",
                    path.display()
                )
            } else {
                format!(
                    "the database {} was written by a newer lianluo (schema version {found}; this program reads up to {supported}): use a newer lianluo; the file was not touched",
                    path.display()
                )
            },
        ),
        StoreError::ReadOnly(why) => Failure::new(
            exit::FAILURE,
            if zh {
                format!("只读，不能修改：{}", why_zh(&why))
            } else {
                format!("read-only, nothing changed: {why}")
            },
        ),
        StoreError::Busy => Failure::new(
            exit::CONFLICT,
            tr(
                lang,
                "数据库正被其他操作员写入，请稍后再试；未做任何修改",
                "the database stayed busy (another operator is writing); nothing changed, try again",
            ),
        ),
        StoreError::Conflict { kind, code, by, at } => Failure::new(
            exit::CONFLICT,
            if zh {
                format!("{kind} {code} 已被 {by} 于 {at} 修改；未做任何修改，请刷新后重试")
            } else {
                format!("{kind} {code} was changed by {by} at {at}; nothing changed, reload and try again")
            },
        ),
        StoreError::NotFound { kind, code } => Failure::new(
            exit::NOT_FOUND,
            if zh {
                format!("找不到{}：{code}", kind_zh(kind))
            } else {
                format!("unknown {kind}: {code}")
            },
        ),
        StoreError::Refused(why) => Failure::new(exit::FAILURE, why),
        // A bad value given to a field or an option is 65, a change a rule
        // forbids is 1 (SPEC §5).
        StoreError::BadText { field, problem } => Failure::new(
            exit::DATA,
            format!("{}: {}", field_flag(field), crate::io::text_problem_text(problem, lang)),
        ),
        StoreError::DatesOutOfOrder { code, order } => Failure::new(
            exit::FAILURE,
            format!("{code}: {}", crate::io::date_order_text(&order, lang)),
        ),
        // Not 66: the database was found and opened (or would be, given
        // room); SPEC §5 counts a failed write as "another failure".
        StoreError::DiskFull => Failure::new(
            exit::FAILURE,
            tr(
                lang,
                "磁盘已满：未做任何修改（请清理数据库所在磁盘的空间后重试）",
                "the disk is full: nothing was changed (free space on the disk that holds the database and try again)",
            ),
        ),
        StoreError::Io(step) => Failure::new(
            exit::FAILURE,
            if zh {
                format!(
                    "磁盘读写出错（{}）：未做任何修改（请检查磁盘及其剩余空间后重试）",
                    io_step_zh(step)
                )
            } else {
                format!("the disk failed while {step}: nothing was changed (check the disk and its free space, then try again)")
            },
        ),
        StoreError::Sqlite(e) => Failure::new(
            exit::FAILURE,
            if zh {
                format!("数据库错误：{e}；未做任何修改")
            } else {
                format!("database error: {e}; nothing changed")
            },
        ),
    }
}

/// The option a command gives a stored field by (the TUI's forms name
/// their fields themselves).
fn field_flag(field: &str) -> &str {
    match field {
        "title" => "--title",
        "unit" | "handling_unit" => "--unit",
        "reason" => "--reason",
        "cell_code" => "--cell",
        "raised_by" => "--raised-by",
        other => other,
    }
}

fn io_step_zh(step: IoStep) -> &'static str {
    match step {
        IoStep::Read => "读取数据库时",
        IoStep::Write => "写入数据库时",
        IoStep::Sync => "将数据库写回磁盘时",
        IoStep::SharedMemory => "创建数据库旁的 -shm 文件时",
        IoStep::Other => "操作数据库时",
    }
}

fn reason_zh(reason: &str) -> &str {
    use crate::store::reason;
    match reason {
        reason::EMPTY => "空文件不是 lianluo 数据库（请用 lianluo init 创建）",
        reason::UNMERGED_WAL => {
            "数据库有尚未合并的修改（在其 -wal 文件中），您没有其所在目录的写权限，无法读取；请有写权限的操作员打开它一次"
        }
        other => other,
    }
}

fn why_zh(why: &str) -> &str {
    if why.contains("--read-only") {
        "以 --read-only 打开"
    } else if why.contains("cannot write") {
        "您没有写入数据库文件或其所在目录的权限"
    } else {
        why
    }
}

pub fn kind_zh(kind: &str) -> &str {
    match kind {
        "contact" => "联络员",
        "deputy" => "代表",
        "cell" => "网格",
        "suggestion" => "建议",
        "station" => "联络站",
        "setting" => "设置项",
        "deputy or contact" => "代表或联络员",
        other => other,
    }
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
    let ctx = Context {
        db,
        lang,
        actor: Actor::from_env(cli.operator.as_deref()),
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
