//! The suggestion ledger's changes (SPEC §4, §10): a move, an extension and
//! an evaluation, each one transaction with one audit entry, checked
//! against the version the operator saw and against the shared deadlines.

use super::audit::{self, Change};
use super::changes::{check_version, json, text_ok, Versions};
use super::{ledger_rows, rows};
use super::{Actor, Result, Store, StoreError};
use crate::model::*;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction};

/// What a ledger change gives back: the suggestion as stored after it, or
/// the rule it would break (nothing written).
pub type Outcome = std::result::Result<Suggestion, MoveError>;

impl Store {
    /// The units, the suggestions and the settings, nothing else: what the
    /// scorecard and the reminder list read (a province's cells and people
    /// stay on disk). One read transaction: one consistent snapshot.
    pub fn load_ledger(&self) -> Result<Dataset> {
        self.reading(|store| {
            let conn = &store.conn;
            let units_sql = format!("SELECT {} FROM units ORDER BY code", ledger_rows::UNIT_COLS);
            let units = conn
                .prepare(&units_sql)?
                .query_map([], ledger_rows::unit)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let suggestions_sql = format!("SELECT {} FROM suggestions ORDER BY code", rows::SUGGESTION_COLS);
            let suggestions = conn
                .prepare(&suggestions_sql)?
                .query_map([], rows::suggestion)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Dataset {
                units,
                suggestions,
                settings: rows::load_settings(conn)?,
                ..Dataset::default()
            })
        })
    }

    /// Move a suggestion through its lifecycle (SPEC §4), the default
    /// deadlines and the return's limit as the settings say (SPEC §10).
    pub fn move_suggestion(
        &mut self,
        actor: &Actor,
        code: &str,
        to: Status,
        input: &MoveInput,
        expected: Option<&Versions>,
    ) -> Result<Outcome> {
        if let Some(unit) = &input.unit {
            text_ok("unit", unit.trim())?;
        }
        for unit in input.co_units.iter().flatten() {
            text_ok("co_units", unit.trim())?;
        }
        if let Some(reason) = &input.reason {
            text_ok("reason", reason)?;
        }
        let reason = input.reason.as_deref();
        self.change_suggestion(actor, code, expected, "suggestions.move", reason, |tx, s, limits| {
            let mut input = input.clone();
            if to == Status::Assigned {
                // Units named by code or by exact name are stored as codes.
                if let Some(unit) = &input.unit {
                    input.unit = Some(unit_code(tx, "unit", unit.trim())?);
                }
                if let Some(units) = &input.co_units {
                    let codes = units.iter().map(|u| unit_code(tx, "co_units", u.trim()));
                    input.co_units = Some(codes.collect::<Result<_>>()?);
                }
            }
            Ok(check_move(s, to, &input, limits))
        })
    }

    /// Extend the due date once (SPEC §10, audit `suggestions.extend`).
    pub fn extend_suggestion(
        &mut self,
        actor: &Actor,
        code: &str,
        due: NaiveDate,
        reason: &str,
        expected: Option<&Versions>,
    ) -> Result<Outcome> {
        text_ok("reason", reason)?;
        self.change_suggestion(
            actor,
            code,
            expected,
            "suggestions.extend",
            Some(reason),
            |_, s, limits| Ok(check_extend(s, due, Some(reason), limits)),
        )
    }

    /// Rate a reply (SPEC §4's back-to-back evaluation; not a move, so its
    /// audit entry is a record's edit, `suggestions.edit`). The same rating
    /// again changes nothing and writes nothing.
    pub fn evaluate_suggestion(
        &mut self,
        actor: &Actor,
        code: &str,
        satisfaction: Satisfaction,
        expected: Option<&Versions>,
    ) -> Result<Outcome> {
        self.change_suggestion(actor, code, expected, "suggestions.edit", None, |_, s, _| {
            Ok(check_evaluate(s, satisfaction))
        })
    }

    /// Name the deputy who supervises a suggestion (SPEC §10; what `edit
    /// suggestion CODE supervisor=D…` does, for the Gaps view's fix): an
    /// active deputy, else refused (unknown 4, inactive 1). Audit
    /// `suggestions.edit`; the same deputy again writes nothing.
    pub fn set_supervisor(
        &mut self,
        actor: &Actor,
        code: &str,
        deputy: &str,
        expected: Option<&Versions>,
    ) -> Result<Outcome> {
        self.change_suggestion(actor, code, expected, "suggestions.edit", None, |tx, s, _| {
            let found: Option<(String, bool)> = tx
                .query_row("SELECT name, active FROM deputies WHERE code = ?1", [deputy], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            match found {
                None => Err(StoreError::NotFound {
                    kind: "deputy",
                    code: deputy.to_string(),
                }),
                Some((name, false)) => Err(StoreError::Inactive {
                    kind: "deputy",
                    code: deputy.to_string(),
                    name,
                }),
                Some(_) => {
                    let mut next = s.clone();
                    next.supervisor = Text::from(deputy);
                    Ok(Ok(next))
                }
            }
        })
    }

    /// Read the suggestion and the settings in one write transaction, apply
    /// `rule`, and store what it gives with one audit entry (carrying the
    /// operator's reason beside the row). Only dates the change sets are
    /// checked for order: a row an older version stored out of order can
    /// still be moved on.
    fn change_suggestion(
        &mut self,
        actor: &Actor,
        code: &str,
        expected: Option<&Versions>,
        action: &str,
        reason: Option<&str>,
        rule: impl FnOnce(&Transaction, &Suggestion, &Settings) -> Result<Outcome>,
    ) -> Result<Outcome> {
        let tx = self.write()?;
        let (before, version) = fetch_suggestion(&tx, code)?;
        check_version(&tx, "suggestion", code, version, expected)?;
        let limits = rows::load_settings(&tx)?;
        let after = match rule(&tx, &before, &limits)? {
            Ok(after) => after,
            Err(refused) => return Ok(Err(refused)),
        };
        if after == before {
            return Ok(Ok(after));
        }
        let was = dates_out_of_order(&before);
        if let Some(&order) = dates_out_of_order(&after).iter().find(|o| !was.contains(o)) {
            return Err(StoreError::DatesOutOfOrder {
                code: code.to_string(),
                order,
            });
        }
        rows::upsert_suggestion(&tx, &after)?;
        let mut after_json = json(&after);
        if let (Some(serde_json::Value::Object(map)), Some(reason)) = (after_json.as_mut(), reason) {
            map.insert("reason".into(), serde_json::Value::String(reason.to_string()));
        }
        let change = Change {
            kind: "suggestion",
            code: code.to_string(),
            before: json(&before),
            after: after_json,
        };
        audit::record(&tx, actor, action, &[change])?;
        tx.commit()?;
        Ok(Ok(after))
    }
}

/// The stored suggestion and its version, or NotFound.
fn fetch_suggestion(tx: &Transaction, code: &str) -> Result<(Suggestion, i64)> {
    let sql = format!(
        "SELECT {}, version FROM suggestions WHERE code = ?1",
        rows::SUGGESTION_COLS
    );
    // The version comes after the suggestion's own columns.
    tx.query_row(&sql, [code], |r| {
        Ok((rows::suggestion(r)?, r.get::<_, i64>(rows::SUGGESTION_COL_COUNT)?))
    })
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        kind: "suggestion",
        code: code.to_string(),
    })
}

/// The code of the unit `value` names: a unit's code, else the one unit
/// whose name is exactly `value` (SPEC §2). Naming no unit (or a name two
/// units share) is a bad value; no work is given to an inactive unit.
fn unit_code(tx: &Transaction, field: &'static str, value: &str) -> Result<String> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {} FROM units WHERE code = ?1 OR name = ?1 ORDER BY code",
        rows::UNIT_COLS
    ))?;
    let candidates: Vec<Unit> = stmt.query_map([value], rows::unit)?.collect::<rusqlite::Result<_>>()?;
    let found =
        crate::model::unit_named(&candidates, value).map(|u| (u.code.to_string(), u.name.to_string(), u.active));
    match found {
        Some((code, name, false)) => Err(StoreError::Inactive {
            kind: "unit",
            code,
            name,
        }),
        Some((code, _, _)) => Ok(code),
        None => Err(StoreError::UnknownValue {
            field,
            kind: "unit",
            value: value.to_string(),
        }),
    }
}
