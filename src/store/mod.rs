//! SQLite: schema and migrations, queries, the audit log. The only module
//! that writes SQL; every statement is parameterised.
//!
//! Each change an operator makes is one transaction holding the change and
//! its audit entries. Rows carry a version: a change made from a stale
//! screen (the row's version moved since it was read) is refused with the
//! name of whoever changed it.

mod around;
mod audit;
mod changes;
mod feed;
mod import;
mod ledger;
mod ledger_rows;
mod lines;
mod messages;
mod migrate;
mod people;
mod reads;
mod record_rows;
mod records;
mod rota;
mod rows;
mod staged;

pub use around::Around;
pub use audit::{AuditEntry, AuditFilter};
pub use changes::Versions;
pub use feed::Changes;
pub use import::{ImportCounts, ImportSet, Kept, Kind};
pub use ledger::Outcome;
pub use lines::{ContactLine, Names, SuggestionLine, SuggestionScope};
pub use messages::kind_zh;
pub use record_rows::Record;
pub use records::{FieldError, RecordRefusal};
pub use rota::RotaLine;
pub use staged::{may_write, Overwrite, Staged};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema version this program writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 5;

const SCHEMA: &str = include_str!("schema.sql");

/// A step of a migration that SQL alone cannot take.
type MigrationStep = fn(&rusqlite::Transaction) -> Result<()>;

/// The step that brings a file of the version before to each version: its
/// SQL, then (where there is one) its step in Rust, in the same transaction.
const MIGRATIONS: [(i64, &str, Option<MigrationStep>); 4] = [
    (2, include_str!("migrations/v2.sql"), None),
    (3, include_str!("migrations/v3.sql"), None),
    (4, include_str!("migrations/v4.sql"), Some(migrate::units_from_text)),
    (5, include_str!("migrations/v5.sql"), None),
];

/// Who is making a change, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The display name (`--operator`, else `$LIANLUO_OPERATOR`, else the
    /// account), checked by [`check_operator`].
    pub operator: String,
    /// The `$SSH_CLIENT` address, or empty on a local terminal.
    pub client: String,
    /// The name of the process's real user id, from the system: who
    /// really acted, whatever the display name says.
    pub account: String,
    /// This running program: undo undoes only the changes made under it.
    pub session: String,
}

impl Actor {
    /// An actor of this running program, under the system's account.
    pub fn new(operator: &str, client: &str) -> Actor {
        Actor {
            operator: operator.to_string(),
            client: client.to_string(),
            account: account(),
            session: session().to_string(),
        }
    }

    /// `--operator`, else `$LIANLUO_OPERATOR`, else the account;
    /// `$SSH_CLIENT`'s address. A display name that is blank, too long or
    /// holds control or invisible characters is refused.
    pub fn from_env(flag: Option<&str>) -> std::result::Result<Actor, OperatorError> {
        let account = account();
        let operator = match flag {
            Some(f) => f.to_string(),
            None => std::env::var("LIANLUO_OPERATOR")
                .ok()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| account.clone()),
        };
        let operator = check_operator(&operator)?;
        let client = std::env::var("SSH_CLIENT")
            .ok()
            .and_then(|s| s.split_whitespace().next().map(str::to_string))
            .unwrap_or_default();
        Ok(Actor {
            client: crate::model::sanitize(&client),
            ..Actor::new(&operator, "")
        })
    }

    /// How a refusal names who acted: the display name with the account
    /// beside it (`bob (root)`), or one name when they are the same (or no
    /// account was recorded, as before schema 3).
    pub fn display(account: &str, operator: &str) -> String {
        if account.is_empty() || account == operator {
            operator.to_string()
        } else {
            format!("{operator} ({account})")
        }
    }
}

/// The longest display name an operator may give, in characters.
pub const OPERATOR_MAX_CHARS: usize = 64;

/// Why a display name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorError {
    Blank,
    TooLong(usize),
    /// A control or invisible character (as `U+XXXX`).
    Invisible(char),
}

impl OperatorError {
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let zh = lang.is_zh();
        match self {
            OperatorError::Blank if zh => "操作员名称（--operator 或 $LIANLUO_OPERATOR）不能为空".into(),
            OperatorError::Blank => "the operator name (--operator or $LIANLUO_OPERATOR) must not be blank".into(),
            OperatorError::TooLong(n) if zh => {
                format!("操作员名称过长（{n} 个字符，最多 {OPERATOR_MAX_CHARS} 个）")
            }
            OperatorError::TooLong(n) => {
                format!("the operator name is too long ({n} characters, at most {OPERATOR_MAX_CHARS})")
            }
            OperatorError::Invisible(c) if zh => {
                format!("操作员名称含控制字符或不可见字符（U+{:04X}）", *c as u32)
            }
            OperatorError::Invisible(c) => format!(
                "the operator name holds a control or invisible character (U+{:04X})",
                *c as u32
            ),
        }
    }
}

/// A display name as it is recorded (trimmed), or why it is refused:
/// blank, over [`OPERATOR_MAX_CHARS`], or holding a control character
/// (C0, DEL, C1) or an invisible one (zero-width, bidi controls, line and
/// paragraph separators, other format characters) — one that would print
/// like another name.
pub fn check_operator(name: &str) -> std::result::Result<String, OperatorError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(OperatorError::Blank);
    }
    if let Some(c) = name.chars().find(|&c| is_invisible(c)) {
        return Err(OperatorError::Invisible(c));
    }
    let n = name.chars().count();
    if n > OPERATOR_MAX_CHARS {
        return Err(OperatorError::TooLong(n));
    }
    Ok(name.to_string())
}

fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
            | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E0FFF}')
}

/// The name of the process's real user id, from /etc/passwd; the number
/// when it is not there. Never from `$USER` or `$LOGNAME`, which anyone
/// can set.
fn account() -> String {
    // SAFETY: getuid(2) takes no arguments and cannot fail.
    let uid = unsafe { getuid() };
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let id: u32 = fields.nth(1)?.parse().ok()?;
            (id == uid).then(|| crate::model::sanitize(name))
        })
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| uid.to_string())
}

/// This running program's session id: its pid, the time it first asked
/// and the clock's nanoseconds then (two programs never share one).
fn session() -> &'static str {
    static SESSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SESSION.get_or_init(|| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        format!("{}-{}-{:08x}", std::process::id(), now.as_secs(), now.subsec_nanos())
    })
}

extern "C" {
    fn getuid() -> u32;
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {reason}")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("the database {path} was written by a newer lianluo (schema {found}; this program reads up to {supported}): use a newer lianluo")]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("the database is read-only: {0}")]
    ReadOnly(String),
    #[error("the database stayed busy (another operator is writing); try again")]
    Busy,
    #[error("{kind} {code} was changed by {by} at {at} since you read it")]
    Conflict {
        kind: &'static str,
        code: String,
        by: String,
        at: String,
    },
    #[error("unknown {kind}: {code}")]
    NotFound { kind: &'static str, code: String },
    #[error("{kind} {code} already exists")]
    Exists { kind: &'static str, code: String },
    /// A change that would link to an inactive record (a deputy).
    #[error("{kind} {code} ({name}) is inactive")]
    Inactive {
        kind: &'static str,
        code: String,
        name: String,
    },
    #[error("{key}: {value:?} is not a valid value")]
    BadSetting { key: String, value: String },
    #[error("{0}")]
    Undo(UndoRefusal),
    #[error("{0}")]
    Refused(String),
    /// Values given to fields (`edit KIND CODE FIELD=VALUE`, a form) that
    /// the import's checks refuse: one per bad value. Nothing was written.
    #[error("{}", .0.iter().map(|e| e.text.as_str()).collect::<Vec<_>>().join("\n"))]
    Fields(Vec<FieldError>),
    /// A request to keep a record that is refused before any value is read.
    #[error("{0:?}")]
    Record(RecordRefusal),
    /// A record others still refer to: (kind, how many rows) of each.
    #[error("{code}: still referenced by {by:?}")]
    Referenced { code: String, by: Vec<(Kind, i64)> },
    /// A text a command or a form would store that the one text check
    /// refuses (`crate::model::check_text`): `field` as the model names it.
    #[error("{field}: {problem:?}")]
    BadText {
        field: &'static str,
        problem: crate::model::TextProblem,
    },
    /// A value given to a field or an option that names no record of the
    /// kind it must name (`--unit NOPE`): a bad value, exit 65.
    #[error("{field}: unknown {kind} {value:?}")]
    UnknownValue {
        field: &'static str,
        kind: &'static str,
        value: String,
    },
    /// A change that would put a suggestion's dates out of order.
    #[error("{code}: {} {} is before {} {}", order.field, order.date, order.before, order.other)]
    DatesOutOfOrder {
        code: String,
        order: crate::model::DateOrder,
    },
    /// SQLITE_FULL: a write found no room. The transaction was rolled back
    /// (in WAL mode the database file itself is not touched by a write).
    #[error("the disk is full: nothing was changed (free space on the disk that holds the database and try again)")]
    DiskFull,
    /// SQLITE_IOERR_*: the operating system refused a read or write (EIO,
    /// EFBIG past a file size limit …). Rolled back like a full disk.
    #[error("the disk failed while {0}: nothing was changed (check the disk and its free space, then try again)")]
    Io(IoStep),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

/// Why undo refused, beyond a row changed since by someone's change (a
/// [`StoreError::Conflict`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UndoRefusal {
    /// This program's last change is an import: undo does not revert
    /// imports, and does not reach past one to an older change.
    #[error("your last change was an import (at {at}), which undo cannot revert")]
    Import { at: String },
    /// An import changed the row since (imports write no entry per row).
    #[error("{kind} {code} was changed by an import by {by} at {at} since")]
    ImportedSince {
        kind: &'static str,
        code: String,
        by: String,
        at: String,
    },
    /// Undoing would link a contact back to a deputy now inactive.
    #[error("{contact} would go back to deputy {deputy} ({name}), who is now inactive")]
    InactiveDeputy {
        contact: String,
        deputy: String,
        name: String,
    },
}

/// What SQLite was doing when the disk failed, from its extended I/O error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoStep {
    Read,
    Write,
    Sync,
    /// Creating or growing the `-shm` file beside a WAL database, done on open.
    SharedMemory,
    Other,
}

impl IoStep {
    fn of(extended_code: Option<i32>) -> IoStep {
        use rusqlite::ffi;
        match extended_code.unwrap_or(0) {
            ffi::SQLITE_IOERR_READ | ffi::SQLITE_IOERR_SHORT_READ => IoStep::Read,
            ffi::SQLITE_IOERR_WRITE | ffi::SQLITE_IOERR_TRUNCATE => IoStep::Write,
            ffi::SQLITE_IOERR_FSYNC | ffi::SQLITE_IOERR_DIR_FSYNC => IoStep::Sync,
            ffi::SQLITE_IOERR_SHMOPEN | ffi::SQLITE_IOERR_SHMSIZE | ffi::SQLITE_IOERR_SHMMAP => IoStep::SharedMemory,
            _ => IoStep::Other,
        }
    }
}

impl std::fmt::Display for IoStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IoStep::Read => "reading the database",
            IoStep::Write => "writing the database",
            IoStep::Sync => "flushing the database to disk",
            IoStep::SharedMemory => "creating the database's -shm file beside it",
            IoStep::Other => "working on the database",
        })
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DatabaseBusy) | Some(DatabaseLocked) => StoreError::Busy,
            Some(ReadOnly) => StoreError::ReadOnly(e.to_string()),
            Some(DiskFull) => StoreError::DiskFull,
            Some(SystemIoFailure) => StoreError::Io(IoStep::of(e.sqlite_extended_error_code())),
            _ => StoreError::Sqlite(e),
        }
    }
}

/// A failure while opening: a full disk or an I/O error (a WAL database
/// creates its -shm file on open) is reported as such, anything else as
/// "cannot open".
fn open_failure(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure) => StoreError::from(e),
        _ => StoreError::CannotOpen {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How to open a database.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    /// Refuse every change (`--read-only`).
    pub read_only: bool,
    /// Create the file with an empty schema when it does not exist.
    pub create: bool,
}

/// Why a store opened read-only (the words are also its English message).
const READ_ONLY_FLAG: &str = "opened with --read-only";
const READ_ONLY_CANNOT_WRITE: &str = "you cannot write the database file or its folder";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: Option<String>,
}

fn busy_timeout() -> Duration {
    let ms = std::env::var("LIANLUO_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    Duration::from_millis(ms)
}

impl Store {
    /// A second connection to a database this program already has open,
    /// for a thread that reads beside the screens: read-only, never created.
    pub fn open_beside(path: &Path) -> Result<Store> {
        Store::open(
            path,
            OpenOptions {
                read_only: true,
                create: false,
            },
        )
    }

    /// Open (or with `create`, create) the database at `path`.
    pub fn open(path: &Path, opts: OpenOptions) -> Result<Store> {
        let cannot = |reason: String| StoreError::CannotOpen {
            path: path.to_path_buf(),
            reason,
        };
        let exists = path.exists();
        if !exists && !opts.create {
            return Err(cannot("no such file".into()));
        }
        if exists && path.is_dir() {
            return Err(cannot("is a directory".into()));
        }
        // SPEC §7: a zero-byte file is no database (a failed copy would read
        // as a county without gaps), and nothing but `init` writes into it.
        let empty = exists && std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
        if empty && !opts.create {
            return Err(cannot(reason::EMPTY.into()));
        }
        let writable = !opts.read_only && can_write(path, exists);
        let (conn, read_only) = if writable {
            let flags =
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            (
                Connection::open_with_flags(path, flags).map_err(|e| open_failure(path, e))?,
                None,
            )
        } else {
            if !exists {
                return Err(cannot("no such file, and it cannot be created here".into()));
            }
            let why = if opts.read_only {
                READ_ONLY_FLAG.to_string()
            } else {
                READ_ONLY_CANNOT_WRITE.to_string()
            };
            (open_read_only(path)?, Some(why))
        };
        conn.busy_timeout(busy_timeout())?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
        };
        store.prepare(!exists || empty)?;
        Ok(store)
    }

    /// Set pragmas, and create or check the schema.
    fn prepare(&mut self, fresh: bool) -> Result<()> {
        let cannot = |reason: String| StoreError::CannotOpen {
            path: self.path.clone(),
            reason,
        };
        // A file that is not SQLite fails here, before anything is written.
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| open_failure(&self.path, e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        self.conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        if self.read_only.is_some() {
            if version == 0 {
                return Err(cannot("not a lianluo database (no schema)".into()));
            }
            if version < 4 {
                // Read as it is: what schema 4 added is shown empty, and a
                // free-text handling unit as a unit of its own name (the
                // temporary schema is this connection's, never the file's).
                self.conn.execute_batch(include_str!("migrations/v4-read-only.sql"))?;
            }
            return Ok(());
        }
        self.conn
            .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(|e| open_failure(&self.path, e))?;
        self.conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
        if version == 0 {
            let tables: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| {
                        r.get(0)
                    })?;
            if tables > 0 && !fresh {
                return Err(cannot("not a lianluo database (it holds other tables)".into()));
            }
            if !fresh {
                return Err(cannot("not a lianluo database (no schema)".into()));
            }
            let tx = self.conn.transaction()?;
            tx.execute_batch(SCHEMA)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
        } else if version < SCHEMA_VERSION {
            self.migrate()?;
        }
        Ok(())
    }

    /// Bring a file from an earlier version up to [`SCHEMA_VERSION`], one
    /// step per version, each one transaction: killed halfway, the file
    /// keeps its old version whole. Another lianluo opening the same file
    /// at that moment waits for the step and then finds it done. A
    /// migration changes how rows are stored, not what they say, so it
    /// writes no audit entry.
    fn migrate(&mut self) -> Result<()> {
        for (to, sql, step_in_rust) in MIGRATIONS {
            // SQLite's recipe for remaking a table: foreign keys off (which
            // can only be switched outside a transaction), then back on.
            self.conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
            let step = (|| -> Result<()> {
                let tx = self
                    .conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                if now < to {
                    tx.execute_batch(sql)?;
                    if let Some(step) = step_in_rust {
                        step(&tx)?;
                    }
                    tx.pragma_update(None, "user_version", to)?;
                    tx.commit()?;
                }
                Ok(())
            })();
            self.conn.execute_batch("PRAGMA foreign_keys = ON;")?;
            step?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why changes are refused, or None when this store may write.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Why changes are refused, in the operator's language.
    pub fn read_only_words(&self, lang: crate::i18n::Lang) -> Option<String> {
        let why = self.read_only.as_deref()?;
        Some(match why {
            READ_ONLY_FLAG => crate::i18n::tr(lang, "以 --read-only 打开", READ_ONLY_FLAG).to_string(),
            READ_ONLY_CANNOT_WRITE => crate::i18n::tr(lang, "你无权写入数据库文件或其所在文件夹", why).to_string(),
            other => other.to_string(),
        })
    }

    fn check_writable(&self) -> Result<()> {
        match &self.read_only {
            Some(why) => Err(StoreError::ReadOnly(why.clone())),
            None => Ok(()),
        }
    }

    /// A number that changes whenever another connection commits: the
    /// TUI polls it about once a second to refresh in place.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// True when the file holds the bundled demo county.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.meta("demo")?.as_deref() == Some("1"))
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.check_writable()?;
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// A consistent copy of the database, taken while others work: every
    /// page in one step inside one read transaction, so that other
    /// operators' commits meanwhile neither restart it nor reach the copy
    /// (SPEC §7: it finishes however busy they are). `dest` is written in
    /// place: callers that must never leave half a copy write to a
    /// [`Staged`] file, and check it with [`integrity_of`] before keeping it.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        let mut out = Connection::open(dest)?;
        out.busy_timeout(busy_timeout())?;
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let copied = (|| -> Result<()> {
            // The read transaction starts at its first read.
            self.conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
            loop {
                match backup.step(-1)? {
                    rusqlite::backup::StepResult::Done => return Ok(()),
                    // Only the destination can be locked (its own new file).
                    rusqlite::backup::StepResult::More => {}
                    _ => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        })();
        let ended = self.conn.execute_batch("COMMIT");
        copied?;
        ended?;
        out.close().map_err(|(_, e)| StoreError::from(e))
    }

    /// Close, after moving what the write-ahead log holds into the database
    /// file (a checkpoint), so that the file alone is the whole database,
    /// as a [`Staged`] file must be before it is moved into place. A
    /// checkpoint that cannot finish (a full disk) is an error; the data is
    /// then still whole in the file and its -wal beside it.
    pub fn close(self) -> Result<()> {
        if self.read_only.is_none() {
            let blocked: i64 = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            if blocked != 0 {
                return Err(StoreError::Busy);
            }
        }
        self.conn.close().map_err(|(_, e)| StoreError::from(e))
    }

    /// `PRAGMA integrity_check`, "ok" when whole.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// `PRAGMA integrity_check` of a copy (a backup before it is kept): "ok"
/// when whole, else what SQLite found first (a page it cannot read counts
/// as damage, not as an error).
pub fn integrity_of(path: &Path) -> Result<String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    let verdict = conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0));
    match verdict {
        Ok(v) => Ok(v),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ) =>
        {
            Ok(e.to_string())
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether we may open read-write: the file (or, for a new file, its
/// folder) is writable, and so is the folder (WAL needs -wal and -shm).
fn can_write(path: &Path, exists: bool) -> bool {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir_ok = access_w(&dir);
    if !exists {
        return dir_ok;
    }
    access_w(path) && dir_ok
}

fn access_w(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: access(2) reads a NUL-terminated path and nothing else.
    unsafe { libc_access(c.as_ptr(), 2) == 0 }
}

extern "C" {
    #[link_name = "access"]
    fn libc_access(path: *const std::ffi::c_char, mode: i32) -> i32;
}

/// Open for reading only. A WAL database in a folder we cannot write has
/// no -shm to share, so fall back to an immutable open (a snapshot of the
/// file alone) — unless a -wal holds commits not yet merged into the file
/// (a writer stopped before it could): that snapshot would be stale, so
/// it is refused (SPEC §7).
fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_failure(path, e))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(_) => {
            drop(conn);
            let mut wal = path.as_os_str().to_os_string();
            wal.push("-wal");
            // A -wal is 32 bytes of header, then a frame per page written.
            if std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 32) {
                return Err(StoreError::CannotOpen {
                    path: path.to_path_buf(),
                    reason: reason::UNMERGED_WAL.into(),
                });
            }
            let uri = format!("file:{}?immutable=1", uri_escape(path));
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI).map_err(|e| open_failure(path, e))
        }
    }
}

/// Why a file is not opened, for [`StoreError::CannotOpen`]; the command
/// line says each in the operator's language.
pub mod reason {
    pub const EMPTY: &str = "an empty file is not a lianluo database (`lianluo init` creates one)";
    pub const UNMERGED_WAL: &str = "the database has changes not yet merged into it (its -wal file), which you cannot read without write permission on its folder; ask an operator who can write it to open it once";
}

fn uri_escape(path: &Path) -> String {
    let s = path.to_string_lossy();
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '?' | '#' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}
