//! The arguments of SPEC §5, as clap derives them.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "lianluo",
    version,
    about = "联络 — grid coverage of deputies and liaison contacts for a county People's Congress office",
    long_about = "Without a command, opens the terminal UI on the database."
)]
pub struct Cli {
    /// The database file (else $LIANLUO_DB, else ./lianluo.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of messages: zh or en (else from $LANG).
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    /// A keymap file patching keymaps/default.toml (TUI).
    #[arg(long, global = true, value_name = "PATH")]
    pub keymap: Option<PathBuf>,
    /// Open for reading only; every change is refused.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Operator name for the audit log (else $LIANLUO_OPERATOR, else $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A code typed on the command line, as it is looked up: NFKC-folded, so
/// the full-width `Ｃ００００１` of a Chinese input method is `C00001`.
fn code(text: &str) -> Result<String, std::convert::Infallible> {
    Ok(crate::model::fold_typed(text))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TableOrJson {
    #[default]
    Table,
    Json,
}

/// `report --format`: Markdown (the default) or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    #[default]
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScaleArg {
    County,
    City,
    Province,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database: empty, or holding the demo county.
    Init {
        /// An empty database (the default).
        #[arg(long, conflicts_with = "demo")]
        empty: bool,
        /// A database holding the bundled demo county.
        #[arg(long)]
        demo: bool,
    },
    /// Import files or directories (CSV, XLSX, GeoJSON) in one transaction.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The kind of every file given (areas, cells, boundary, deputies, …).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Validate only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Make each imported kind exactly the file's rows.
        #[arg(long)]
        replace: bool,
    },
    /// Export the standard file set to a directory, or a workbook.
    Export {
        #[arg(value_name = "DIR", required_unless_present = "xlsx", conflicts_with = "xlsx")]
        dir: Option<PathBuf>,
        /// One .xlsx workbook with a sheet per table.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Replace an existing FILE (never the database itself).
        #[arg(long, requires = "xlsx")]
        force: bool,
    },
    /// Coverage gaps (SPEC §3).
    Gaps {
        /// Only this rule (repeatable).
        #[arg(long = "rule", value_name = "ID")]
        rules: Vec<String>,
        #[command(flatten)]
        as_of: AsOf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Exit 1 when any gap is found.
        #[arg(long)]
        check: bool,
    },
    /// One line per cell: who covers it and what is pending.
    Cells {
        #[command(flatten)]
        as_of: AsOf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Find cells, villages, deputies, contacts, stations (codes, names, pinyin, phone tails).
    Lookup {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: TableOrJson,
    },
    /// The cell at a point (lon lat), or --batch a CSV of points.
    Locate {
        #[arg(allow_negative_numbers = true, required_unless_present = "batch")]
        lon: Option<f64>,
        #[arg(allow_negative_numbers = true, required_unless_present = "batch")]
        lat: Option<f64>,
        /// A CSV with lon and lat columns (- for stdin); writes it back with a cell column.
        #[arg(long, value_name = "POINTS.csv", conflicts_with_all = ["lon", "lat"])]
        batch: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: TableOrJson,
    },
    /// Link contacts to a deputy, or hand all of one deputy's contacts to another.
    Reassign {
        #[arg(value_name = "CONTACT", value_parser = code)]
        contacts: Vec<String>,
        #[arg(long, value_name = "DEPUTY", value_parser = code)]
        to: String,
        #[arg(long, value_name = "DEPUTY", conflicts_with = "contacts", value_parser = code)]
        from: Option<String>,
    },
    /// Record a suggestion, or move one through its lifecycle.
    Suggest {
        #[command(subcommand)]
        action: SuggestCommand,
    },
    /// Add a record (SPEC §9): `add contact code=C01421 name=王林汉 role=书记 cell_code=G00001`.
    Add {
        /// area, cell, deputy, contact, station, reception (or the file stem, English or Chinese).
        kind: String,
        /// Columns as the kind's import names them (English or Chinese), values as a file holds them.
        #[arg(required = true, value_name = "FIELD=VALUE")]
        fields: Vec<String>,
    },
    /// Change fields of a record: `edit contact C00042 phone=0535-4211234 active=否`.
    Edit {
        kind: String,
        /// The record's code (a key of several columns joined by `/`: `2026-12-15/ST01/D00036`).
        #[arg(value_parser = code)]
        code: String,
        #[arg(required = true, value_name = "FIELD=VALUE")]
        fields: Vec<String>,
    },
    /// Delete a record that nothing refers to.
    Remove {
        kind: String,
        #[arg(value_parser = code)]
        code: String,
    },
    /// Assign a deputy to cells.
    Assign {
        #[arg(value_parser = code)]
        deputy: String,
        #[arg(required = true, value_name = "CELL", value_parser = code)]
        cells: Vec<String>,
    },
    /// Take cells from a deputy's assignments.
    Unassign {
        #[arg(value_parser = code)]
        deputy: String,
        #[arg(required = true, value_name = "CELL", value_parser = code)]
        cells: Vec<String>,
    },
    /// Every change of a record, oldest first.
    History {
        #[arg(value_parser = code)]
        code: String,
        /// The kind, when two kinds share the code.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: TableOrJson,
    },
    /// The reception rota (SPEC §11): a year's slots with who came, or `rota plan`.
    #[command(args_conflicts_with_subcommands = true)]
    Rota {
        #[command(subcommand)]
        action: Option<RotaCommand>,
        /// The year (default: the as-of date's).
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        #[command(flatten)]
        as_of: AsOf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The handling units' scorecard (考核) for the as-of year (SPEC §10).
    Units {
        #[command(flatten)]
        as_of: AsOf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Duty points (履职积分) of every active deputy for the as-of year (SPEC §11).
    Points {
        #[command(flatten)]
        as_of: AsOf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The audit log, newest first.
    Log {
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long, value_enum, default_value_t)]
        format: TableOrJson,
        /// Only this operator's entries.
        #[arg(long = "by", value_name = "OPERATOR")]
        by: Option<String>,
        /// Only entries about this kind (contact, suggestion, import, …).
        #[arg(long = "kind")]
        kind: Option<String>,
        /// Only entries about this code.
        #[arg(long = "code", value_parser = code)]
        code: Option<String>,
        /// Only entries on or after this date.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only entries on or before this date.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
    },
    /// Read or change the shared thresholds and weights.
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
    /// The period in figures, by town, unit, category and month (default: this year to today).
    Report {
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
        /// Write the report as an .xlsx workbook with charts instead.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Replace an existing FILE (never the database itself).
        #[arg(long, requires = "xlsx")]
        force: bool,
    },
    /// A consistent copy of the database, taken while others work.
    Backup {
        file: PathBuf,
        /// Replace an existing FILE (never the database itself).
        #[arg(long)]
        force: bool,
    },
    /// Write deterministic synthetic data in the import formats.
    Demo {
        #[arg(long, value_enum, default_value_t = ScaleArg::County)]
        scale: ScaleArg,
        #[arg(long, default_value_t = crate::demo::DEFAULT_SEED)]
        seed: u64,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct AsOf {
    /// Evaluate as of this date (default today).
    #[arg(long = "as-of", value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SuggestCommand {
    /// Record a new suggestion against a cell.
    Add {
        #[arg(long, value_parser = code)]
        cell: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "reception")]
        source: String,
        #[arg(long = "raised-by", value_parser = code)]
        raised_by: Option<String>,
        #[arg(long, default_value = "general")]
        category: String,
        /// The day it was received (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Move a suggestion to another status (SPEC §4, §10).
    Move {
        #[arg(value_parser = code)]
        code: String,
        status: String,
        /// Handling unit, by code or exact name (to assign).
        #[arg(long)]
        unit: Option<String>,
        /// Co-handling units, by code or exact name, separated by `,` or `;` (to assign).
        #[arg(long = "co-units", value_name = "U,U")]
        co_units: Option<String>,
        /// Due date (to assign or reopen; default the deadline of the settings).
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// The reply's result: A, B, C or D (to reply).
        #[arg(long)]
        result: Option<String>,
        /// satisfied, basic or unsatisfied.
        #[arg(long)]
        satisfaction: Option<String>,
        /// Why (to return or reopen).
        #[arg(long)]
        reason: Option<String>,
        /// The day of the move (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Extend the due date once, within extend_within_months of the assignment (SPEC §10).
    Extend {
        #[arg(value_parser = code)]
        code: String,
        #[arg(long, value_name = "DATE")]
        due: String,
        #[arg(long)]
        reason: String,
        /// The day of the extension (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// The reminder list (催办): suggestions being handled, due within DAYS of the as-of date (SPEC §10).
    Due {
        /// Days ahead (default the setting remind_days).
        #[arg(long, value_name = "DAYS")]
        within: Option<u32>,
        #[command(flatten)]
        as_of: AsOf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Rate a reply: satisfied, basic or unsatisfied (SPEC §4; not a move).
    Evaluate {
        #[arg(value_parser = code)]
        code: String,
        #[arg(long)]
        satisfaction: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RotaCommand {
    /// Fill the rota for the rest of a year: every active deputy short of
    /// `rota_per_year` gets slots on their station's reception days.
    Plan {
        #[arg(long, value_name = "YEAR")]
        year: i32,
        #[command(flatten)]
        as_of: AsOf,
        /// First remove the year's slots from the as-of date on.
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show one setting, or all.
    Get { key: Option<String> },
    /// Change a setting for every operator.
    Set {
        key: String,
        /// A weight may be negative (`config set points_per_absence -3`).
        #[arg(allow_negative_numbers = true)]
        value: String,
    },
}
