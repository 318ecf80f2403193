//! Writing a validated import: one transaction, one audit entry naming the
//! files and the counts. Validation (file:line errors) happens before, in
//! `io`; here the rows are known good.

use super::audit::{self, Change};
use super::rows;
use super::{Actor, Result, Store};
use crate::model::*;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The kinds of file, in dependency order (what must exist first comes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Areas,
    Stations,
    Cells,
    Boundary,
    Deputies,
    Assignments,
    Contacts,
    Receptions,
    Units,
    Suggestions,
    Rota,
    Activities,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Areas,
        Kind::Stations,
        Kind::Cells,
        Kind::Boundary,
        Kind::Deputies,
        Kind::Assignments,
        Kind::Contacts,
        Kind::Receptions,
        Kind::Units,
        Kind::Suggestions,
        Kind::Rota,
        Kind::Activities,
    ];

    /// The English name (file stem and `--kind`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Areas => "areas",
            Kind::Stations => "stations",
            Kind::Cells => "cells",
            Kind::Boundary => "boundary",
            Kind::Deputies => "deputies",
            Kind::Assignments => "assignments",
            Kind::Contacts => "contacts",
            Kind::Receptions => "receptions",
            Kind::Units => "units",
            Kind::Suggestions => "suggestions",
            Kind::Rota => "rota",
            Kind::Activities => "activities",
        }
    }

    /// The Chinese file stem.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Areas => "区划",
            Kind::Stations => "联络站",
            Kind::Cells => "网格",
            Kind::Boundary => "边界",
            Kind::Deputies => "代表",
            Kind::Assignments => "分工",
            Kind::Contacts => "联络员",
            Kind::Receptions => "接待",
            Kind::Units => "承办单位",
            Kind::Suggestions => "建议",
            Kind::Rota => "接待安排",
            Kind::Activities => "履职活动",
        }
    }

    /// From a file stem or `--kind`, English or Chinese.
    pub fn parse(text: &str) -> Option<Kind> {
        let t = text.trim();
        Kind::ALL
            .into_iter()
            .find(|k| t.eq_ignore_ascii_case(k.name()) || t == k.zh())
    }
}

/// Validated rows to write. A kind that is None was not imported.
#[derive(Debug, Clone, Default)]
pub struct ImportSet {
    pub areas: Option<Vec<Area>>,
    /// Cells with their bounding boxes [min_lon, min_lat, max_lon, max_lat].
    pub cells: Option<Vec<(Cell, Option<[f64; 4]>)>>,
    pub boundary: Option<Vec<Boundary>>,
    pub deputies: Option<Vec<Deputy>>,
    pub assignments: Option<Vec<Assignment>>,
    pub contacts: Option<Vec<Contact>>,
    pub stations: Option<Vec<Station>>,
    pub receptions: Option<Vec<Reception>>,
    pub units: Option<Vec<Unit>>,
    pub suggestions: Option<Vec<Suggestion>>,
    pub rota: Option<Vec<RotaSlot>>,
    pub activities: Option<Vec<Activity>>,
    /// The optional columns each row's file lacked (SPEC §2's `?`): their
    /// stored values are kept.
    pub kept: Kept,
    /// Make each imported kind exactly the file's rows.
    pub replace: bool,
    /// The files, as given, for the audit entry.
    pub files: Vec<String>,
}

/// For each imported row of a kind with optional columns, a mask of the
/// columns its file did not have (bit i = `io::headers::kept_when_absent`'s
/// i-th column), in the order of the rows; empty when every file had them
/// all. An updated row keeps its stored values there (absent is not empty);
/// a new row gets the defaults the parser gave it.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    pub suggestions: Vec<u8>,
    pub units: Vec<u8>,
}

/// What an import did, per kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportCounts {
    /// kind → [rows read, inserted or changed, removed]
    pub kinds: BTreeMap<&'static str, [usize; 3]>,
}

impl ImportCounts {
    pub fn changed(&self) -> bool {
        self.kinds.values().any(|c| c[1] > 0 || c[2] > 0)
    }
}

impl Store {
    /// Write an import as one transaction with one audit entry. Writes
    /// nothing (and no entry) when the import changes nothing.
    ///
    /// Each kind's rows are dropped as soon as they are written: a
    /// province's rows are a few hundred megabytes, and the index builds at
    /// the end need memory of their own.
    pub fn apply_import(&mut self, actor: &Actor, mut set: ImportSet) -> Result<ImportCounts> {
        let counts = self.with_import_cache(|store| store.apply_import_tx(actor, &mut set, None))?;
        Ok(counts.unwrap_or_default())
    }

    /// As [`Store::apply_import`], for rows that `io::read_import` checked
    /// against this store's data read when [`Store::data_version`] was
    /// `checked_at`. When nobody has written since, those checks proved
    /// every reference, and SQLite's own foreign key lookup per row (a
    /// sixth of the write at province scale) is skipped. When someone has,
    /// the import is written with the lookups on, so a row removed in the
    /// meantime still cannot be referred to.
    pub fn apply_checked_import(&mut self, actor: &Actor, mut set: ImportSet, checked_at: i64) -> Result<ImportCounts> {
        self.check_writable()?;
        if self.data_version()? == checked_at {
            // Only switchable outside a transaction; switched back whatever happens.
            self.conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
            // Nothing is taken from `set` unless the write goes ahead.
            let result = self.with_import_cache(|store| store.apply_import_tx(actor, &mut set, Some(checked_at)));
            self.conn.execute_batch("PRAGMA foreign_keys = ON;")?;
            if let Some(counts) = result? {
                return Ok(counts);
            }
        }
        self.apply_import(actor, set)
    }

    /// Run `write` with a page cache sized for a bulk load: a province
    /// touches far more B-tree pages than SQLite's default 2 MB holds, and a
    /// larger cache keeps index pages from being written out and read back.
    fn with_import_cache<T>(&mut self, write: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        let result = write(self);
        self.conn.pragma_update(None, "cache_size", -DEFAULT_CACHE_KIB)?;
        result
    }

    /// The import in one transaction. With `unchanged_since`, nothing is
    /// written (None), and nothing taken from `set`, unless the data is
    /// still as of that data version. Each kind is taken out of `set` and
    /// dropped once written.
    fn apply_import_tx(
        &mut self,
        actor: &Actor,
        set: &mut ImportSet,
        unchanged_since: Option<i64>,
    ) -> Result<Option<ImportCounts>> {
        let tx = self.write()?;
        if let Some(version) = unchanged_since {
            let now: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
            if now != version {
                return Ok(None);
            }
        }
        // Secondary indexes of tables that start empty are built once,
        // sorted, after their rows are in: much faster than row by row.
        let mut rebuild = Vec::new();
        for (present, table) in [
            (set.areas.is_some(), "areas"),
            (set.stations.is_some(), "stations"),
            (set.cells.is_some(), "cells"),
            (set.deputies.is_some(), "deputies"),
            (set.assignments.is_some(), "assignments"),
            (set.contacts.is_some(), "contacts"),
            (set.receptions.is_some(), "receptions"),
            (set.units.is_some(), "units"),
            (set.suggestions.is_some(), "suggestions"),
            (set.rota.is_some(), "rota"),
            (set.activities.is_some(), "activities"),
        ] {
            if present && is_empty(&tx, table)? {
                rebuild.extend(drop_indexes(&tx, table)?);
            }
        }
        let mut counts = ImportCounts::default();
        let phases = crate::timing::Phases::start();
        macro_rules! load {
            ($field:expr, $kind:expr, $table:literal, $key:expr, $sql:expr, $exec:expr) => {
                if let Some(rows) = $field.take() {
                    let mut changed = 0;
                    // Prepared once: a statement looked up per row costs as
                    // much as the insert itself at province scale.
                    let mut stmt = tx.prepare($sql)?;
                    for row in &rows {
                        changed += $exec(&mut stmt, row)?;
                    }
                    drop(stmt);
                    let mut removed = 0;
                    if set.replace {
                        let keep: HashSet<Text> = rows.iter().map($key).collect();
                        removed = remove_absent(&tx, $table, &keep)?;
                    }
                    counts.kinds.insert($kind.name(), [rows.len(), changed, removed]);
                    drop(rows);
                    phases.mark($kind.name());
                }
            };
        }
        load!(
            set.areas,
            Kind::Areas,
            "areas",
            |a: &Area| a.code.clone(),
            rows::AREA_UPSERT,
            rows::exec_area
        );
        load!(
            set.stations,
            Kind::Stations,
            "stations",
            |s: &Station| s.code.clone(),
            rows::STATION_UPSERT,
            rows::exec_station
        );
        load!(
            set.cells,
            Kind::Cells,
            "cells",
            |c: &(Cell, Option<[f64; 4]>)| c.0.code.clone(),
            rows::CELL_UPSERT,
            |stmt: &mut rusqlite::Statement, c: &(Cell, Option<[f64; 4]>)| rows::exec_cell(stmt, &c.0, c.1)
        );
        load!(
            set.boundary,
            Kind::Boundary,
            "boundary",
            |b: &Boundary| b.code.clone(),
            rows::BOUNDARY_UPSERT,
            rows::exec_boundary
        );
        load!(
            set.deputies,
            Kind::Deputies,
            "deputies",
            |d: &Deputy| d.code.clone(),
            rows::DEPUTY_UPSERT,
            rows::exec_deputy
        );
        load!(
            set.assignments,
            Kind::Assignments,
            "assignments",
            |a: &Assignment| format_compact!("{}\u{1f}{}", a.deputy_code, a.cell_code),
            rows::ASSIGNMENT_UPSERT,
            rows::exec_assignment
        );
        load!(
            set.contacts,
            Kind::Contacts,
            "contacts",
            |c: &Contact| c.code.clone(),
            rows::CONTACT_UPSERT,
            rows::exec_contact
        );
        // Receptions arrive grouped by station; inserted in key order, each
        // lands beside the last instead of at a random page of the key index.
        if let Some(rows) = set.receptions.as_mut() {
            rows.sort_by(|a, b| a.key().cmp(&b.key()));
        }
        load!(
            set.receptions,
            Kind::Receptions,
            "receptions",
            |r: &Reception| format_compact!("{}\u{1f}{}\u{1f}{}", r.date, r.station_code, r.deputy_code),
            rows::RECEPTION_UPSERT,
            rows::exec_reception
        );
        if let Some(rows) = set.units.as_mut() {
            keep_stored_units(&tx, rows, &set.kept.units)?;
        }
        if let Some(rows) = set.suggestions.as_mut() {
            keep_stored_suggestions(&tx, rows, &set.kept.suggestions)?;
        }
        load!(
            set.units,
            Kind::Units,
            "units",
            |u: &Unit| u.code.clone(),
            rows::UNIT_UPSERT,
            rows::exec_unit
        );
        load!(
            set.suggestions,
            Kind::Suggestions,
            "suggestions",
            |s: &Suggestion| s.code.clone(),
            rows::SUGGESTION_UPSERT,
            rows::exec_suggestion
        );
        load!(
            set.rota,
            Kind::Rota,
            "rota",
            |r: &RotaSlot| format_compact!("{}\u{1f}{}\u{1f}{}", r.date, r.station_code, r.deputy_code),
            rows::ROTA_UPSERT,
            rows::exec_rota
        );
        load!(
            set.activities,
            Kind::Activities,
            "activities",
            |a: &Activity| format_compact!("{}\u{1f}{}\u{1f}{}", a.date, a.deputy_code, a.kind),
            rows::ACTIVITY_UPSERT,
            rows::exec_activity
        );
        for sql in &rebuild {
            tx.execute_batch(sql)?;
        }
        phases.mark("indexes");
        if !counts.changed() {
            return Ok(Some(counts));
        }
        let after = serde_json::json!({ "files": set.files, "counts": counts.kinds });
        audit::record(
            &tx,
            actor,
            "import",
            &[Change {
                kind: "import",
                code: set.files.join(" "),
                before: None,
                after: Some(after),
            }],
        )?;
        tx.commit()?;
        phases.mark("commit");
        Ok(Some(counts))
    }
}

/// The page cache of an import's transaction, and the usual one (KiB).
const IMPORT_CACHE_KIB: i64 = 64 * 1024;
const DEFAULT_CACHE_KIB: i64 = 2000;

fn is_empty(tx: &rusqlite::Transaction, table: &str) -> Result<bool> {
    // `table` comes from the fixed list in apply_import, never from input.
    let any: bool = tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), [], |r| r.get(0))?;
    Ok(!any)
}

/// Drop the secondary indexes of `table` (not the keys' own); returns the
/// SQL that creates them again.
fn drop_indexes(tx: &rusqlite::Transaction, table: &str) -> Result<Vec<String>> {
    let indexes: Vec<(String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
        )?;
        let rows = stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (name, _) in &indexes {
        // The name comes from sqlite_schema; quoted as an identifier.
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// Delete the rows of `table` whose key is not in `keep`; returns how many.
fn remove_absent(tx: &rusqlite::Transaction, table: &str, keep: &HashSet<Text>) -> Result<usize> {
    // The key columns, in the order `keep` joins them (with char 31).
    let key: &[&str] = match table {
        "assignments" => &["deputy_code", "cell_code"],
        "receptions" | "rota" => &["date", "station_code", "deputy_code"],
        "activities" => &["date", "deputy_code", "kind"],
        _ => &["code"],
    };
    // `table` and the columns come from the fixed lists above, never from
    // input. Rows are deleted by their key, so each delete is one lookup.
    let select = format!("SELECT {} FROM {table}", key.join(", "));
    let gone: Vec<Vec<String>> = {
        let mut stmt = tx.prepare(&select)?;
        let rows = stmt.query_map([], |r| (0..key.len()).map(|i| r.get::<_, String>(i)).collect())?;
        let mut gone = Vec::new();
        for row in rows {
            let values: Vec<String> = row?;
            if !keep.contains(values.join("\u{1f}").as_str()) {
                gone.push(values);
            }
        }
        gone
    };
    let condition: Vec<String> = key
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    let delete = format!("DELETE FROM {table} WHERE {}", condition.join(" AND "));
    let mut stmt = tx.prepare(&delete)?;
    let mut removed = 0;
    for values in gone {
        removed += stmt.execute(params_from_iter(values))?;
    }
    Ok(removed)
}

/// Fill in, from the stored row, the optional columns a unit's file lacked.
fn keep_stored_units(tx: &rusqlite::Transaction, rows: &mut [Unit], masks: &[u8]) -> Result<()> {
    if masks.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare(&format!("SELECT {} FROM units WHERE code = ?1", rows::UNIT_COLS))?;
    for (unit, &mask) in rows.iter_mut().zip(masks).filter(|(_, m)| **m != 0) {
        let Some(stored) = stmt.query_row([unit.code.as_str()], rows::unit).optional()? else {
            continue;
        };
        if mask & 1 != 0 {
            unit.kind = stored.kind;
        }
        if mask & 2 != 0 {
            unit.contact = stored.contact;
        }
        if mask & 4 != 0 {
            unit.phone = stored.phone;
        }
        if mask & 8 != 0 {
            unit.active = stored.active;
        }
    }
    Ok(())
}

/// Fill in, from the stored row, the optional columns a suggestion's file lacked.
fn keep_stored_suggestions(tx: &rusqlite::Transaction, rows: &mut [Suggestion], masks: &[u8]) -> Result<()> {
    if masks.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare(&format!(
        "SELECT {} FROM suggestions WHERE code = ?1",
        rows::SUGGESTION_COLS
    ))?;
    for (s, &mask) in rows.iter_mut().zip(masks).filter(|(_, m)| **m != 0) {
        let Some(stored) = stmt.query_row([s.code.as_str()], rows::suggestion).optional()? else {
            continue;
        };
        if mask & 1 != 0 {
            s.co_units = stored.co_units;
        }
        if mask & 2 != 0 {
            s.extended_from = stored.extended_from;
        }
        if mask & 4 != 0 {
            s.result = stored.result;
        }
        if mask & 8 != 0 {
            s.supervisor = stored.supervisor;
        }
    }
    Ok(())
}
