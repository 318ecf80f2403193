//! Domain types and their rules: pure, no I/O.
//!
//! Every enum knows its stable English code (used in files, JSON and SQL),
//! its Chinese label, and how to read either from an operator's file.

mod codes;
mod dataset;
mod enums;
mod kind;
mod move_messages;
mod packed;
mod phone;
mod suggestion;
mod text;

pub use codes::{is_valid_code, CodeHasher, CodeMap, CodeSet};
pub use dataset::*;
pub use enums::*;
pub use kind::Kind;
pub use packed::Packed;
pub use phone::{is_valid_phone, phone_key};
pub use suggestion::{
    add_months, allowed_moves, check_allowed, check_evaluate, check_extend, check_move, dates_out_of_order,
    is_being_handled, split_units, year_start, DateOrder, MoveError, MoveInput, Need,
};
pub use text::{
    check_text, escape_unsafe, fold_typed, in_years, is_unsafe, mask_phone, parse_bool, parse_date, parse_iso_date,
    sanitize, sanitize_lines, TextKind, TextProblem, MAX_TEXT_CHARS, YEARS,
};

use chrono::NaiveDate;

/// The text of a row's fields. Codes, names and phones are short: kept
/// inline (up to 24 bytes) instead of each in its own allocation, which
/// halves what a province's two million rows hold in memory.
pub use compact_str::{format_compact, CompactString as Text};
use serde::{Deserialize, Serialize};

/// A division: the county, a town (镇街) or a village (村居).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub code: Text,
    pub name: Text,
    pub level: AreaLevel,
    pub parent_code: Text,
}

/// A grid cell (网格). `geometry` is the GeoJSON geometry object as text,
/// kept exactly as imported so that export gives it back unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub code: Text,
    pub name: Text,
    pub area_code: Text,
    pub households: Option<i64>,
    pub population: Option<i64>,
    pub grid_worker: Text,
    pub geometry: Option<String>,
}

/// The county's outer boundary (边界); `code` is the county's area code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    pub code: Text,
    pub name: Text,
    /// The GeoJSON geometry object as text.
    pub geometry: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deputy {
    pub code: Text,
    pub name: Text,
    pub level: DeputyLevel,
    pub district: Text,
    pub phone: Text,
    pub sector: Text,
    pub station_code: Text,
    pub active: bool,
}

/// A deputy covers a cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Assignment {
    pub deputy_code: Text,
    pub cell_code: Text,
}

/// A liaison contact (民情联络员).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub code: Text,
    pub name: Text,
    pub role: ContactRole,
    pub phone: Text,
    pub cell_code: Text,
    pub deputy_code: Text,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Station {
    pub code: Text,
    pub name: Text,
    pub kind: StationKind,
    pub area_code: Text,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub theme: Text,
    pub reception_day: u8,
}

/// A deputy received constituents at a station on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reception {
    pub date: NaiveDate,
    pub station_code: Text,
    pub deputy_code: Text,
    pub constituents: i64,
}

impl Reception {
    /// Its key (SPEC §2): date, station, deputy; tables sort by it.
    pub fn key(&self) -> (NaiveDate, &str, &str) {
        (self.date, &self.station_code, &self.deputy_code)
    }
}

/// A handling unit (承办单位): a bureau, a town or an enterprise that
/// answers the suggestions assigned to it (SPEC §10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub code: Text,
    pub name: Text,
    pub kind: UnitKind,
    /// The unit's contact person.
    pub contact: Text,
    pub phone: Text,
    pub active: bool,
}

/// The unit a value names (SPEC §2): the one whose code it is, else the one
/// unit whose name is exactly the value; None when it names none, or when
/// two units share the name.
pub fn unit_named<'a>(units: &'a [Unit], value: &str) -> Option<&'a Unit> {
    if let Some(unit) = units.iter().find(|u| u.code == value) {
        return Some(unit);
    }
    let mut named = units.iter().filter(|u| u.name == value);
    match (named.next(), named.next()) {
        (Some(unit), None) => Some(unit),
        _ => None,
    }
}

/// A deputy expected to receive constituents at a station on a day (接待安排, SPEC §11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotaSlot {
    pub date: NaiveDate,
    pub station_code: Text,
    pub deputy_code: Text,
    pub role: RotaRole,
}

impl RotaSlot {
    /// Its key (SPEC §2): date, station, deputy, as a reception's.
    pub fn key(&self) -> (NaiveDate, &str, &str) {
        (self.date, &self.station_code, &self.deputy_code)
    }
}

/// A duty a deputy performed besides receptions (履职活动, SPEC §11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub date: NaiveDate,
    pub deputy_code: Text,
    pub kind: ActivityKind,
    pub note: Text,
}

impl Activity {
    /// Its key (SPEC §2): date, deputy, kind.
    pub fn key(&self) -> (NaiveDate, &str, ActivityKind) {
        (self.date, &self.deputy_code, self.kind)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub code: Text,
    pub cell_code: Text,
    pub title: Text,
    pub source: SuggestionSource,
    pub raised_by: Text,
    pub category: Category,
    pub received_on: NaiveDate,
    pub handling_unit: Text,
    pub assigned_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub status: Status,
    pub replied_on: Option<NaiveDate>,
    pub satisfaction: Option<Satisfaction>,
    pub closed_on: Option<NaiveDate>,
    // The ledger's fields (schema 4) default when absent, as in the audit
    // entries written before them.
    /// The co-handling units' codes (协办), in the order given.
    #[serde(default)]
    pub co_units: Vec<Text>,
    /// The due date before the one extension an assignment may have.
    #[serde(default)]
    pub extended_from: Option<NaiveDate>,
    /// The class of the answer, given with the reply.
    #[serde(default)]
    pub result: Option<ReplyResult>,
    /// The deputy (a committee leader) who supervises a key suggestion.
    #[serde(default)]
    pub supervisor: Text,
}

impl Suggestion {
    /// A suggestion as it comes in: no code yet (the store gives it one),
    /// no handling unit, no dates but the day it was received.
    pub fn received(
        cell_code: &str,
        title: &str,
        source: SuggestionSource,
        raised_by: &str,
        category: Category,
        received_on: NaiveDate,
    ) -> Suggestion {
        Suggestion {
            code: Text::default(),
            cell_code: cell_code.into(),
            title: title.into(),
            source,
            raised_by: raised_by.into(),
            category,
            received_on,
            handling_unit: Text::default(),
            assigned_on: None,
            due_on: None,
            status: Status::Received,
            replied_on: None,
            satisfaction: None,
            closed_on: None,
            co_units: Vec::new(),
            extended_from: None,
            result: None,
            supervisor: Text::default(),
        }
    }

    /// The deputy it counts for (SPEC §11: a deputy's suggestions are
    /// those raised by them and received in the period): its `raised_by`,
    /// when received from `from` to `to` (both included) and not empty.
    pub fn raised_in(&self, from: NaiveDate, to: NaiveDate) -> Option<&str> {
        (from <= self.received_on && self.received_on <= to && !self.raised_by.is_empty())
            .then_some(self.raised_by.as_str())
    }

    /// Status fields that contradict the status (SPEC §2 and §4), as the
    /// names of the missing or wrong columns. Empty when consistent.
    pub fn contradictions(&self) -> Vec<&'static str> {
        let mut bad = Vec::new();
        if self.status != Status::Received {
            if self.handling_unit.trim().is_empty() {
                bad.push("handling_unit");
            }
            if self.assigned_on.is_none() {
                bad.push("assigned_on");
            }
            if self.due_on.is_none() {
                bad.push("due_on");
            }
        }
        if matches!(self.status, Status::Replied | Status::Closed) && self.replied_on.is_none() {
            bad.push("replied_on");
        }
        if self.status == Status::Closed {
            if self.closed_on.is_none() {
                bad.push("closed_on");
            }
            if !matches!(
                self.satisfaction,
                Some(Satisfaction::Satisfied) | Some(Satisfaction::Basic)
            ) {
                bad.push("satisfaction");
            }
        }
        if self.result.is_some() && !matches!(self.status, Status::Replied | Status::Closed) {
            bad.push("result");
        }
        if let Some(from) = self.extended_from {
            if self.due_on.is_none_or(|due| due <= from) {
                bad.push("extended_from");
            }
        }
        bad
    }
}

/// Shared thresholds, deadlines and weights (SPEC §3, §10, §11), stored in
/// the database so that every operator works to the same ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub max_contacts_per_deputy: i64,
    pub assign_within_days: i64,
    pub max_station_km: f64,
    pub max_uncovered_pct: f64,
    pub reply_within_months: i64,
    pub extend_within_months: i64,
    pub return_within_days: i64,
    pub rehandle_within_months: i64,
    pub remind_days: i64,
    pub rota_per_year: i64,
    pub points_per_reception: i64,
    pub points_per_suggestion: i64,
    pub points_per_contact: i64,
    pub points_per_activity: i64,
    pub points_per_absence: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_contacts_per_deputy: 10,
            assign_within_days: 7,
            max_station_km: 5.0,
            max_uncovered_pct: 1.0,
            reply_within_months: 3,
            extend_within_months: 6,
            return_within_days: 10,
            rehandle_within_months: 1,
            remind_days: 7,
            rota_per_year: 1,
            points_per_reception: 2,
            points_per_suggestion: 1,
            points_per_contact: 1,
            points_per_activity: 1,
            points_per_absence: -2,
        }
    }
}

/// A setting's value in place, whole or fractional.
enum SettingSlot<'a> {
    Int(&'a mut i64),
    Float(&'a mut f64),
}

impl Settings {
    /// Every key with the values it may take, inclusive. Bounded so that no
    /// product of a setting and a count can overflow: counts and days
    /// 0…10,000, months 1…120 (a deadline is never the same day), at most
    /// 366 days of reminders and 12 receptions a year, kilometres 0…1,000,
    /// a percentage 0…100, points 0…100 — an absence's −100…100, as it is
    /// meant to take points away.
    pub const RANGES: [(&'static str, f64, f64); 15] = [
        ("max_contacts_per_deputy", 0.0, 10_000.0),
        ("assign_within_days", 0.0, 10_000.0),
        ("max_station_km", 0.0, 1_000.0),
        ("max_uncovered_pct", 0.0, 100.0),
        ("reply_within_months", 1.0, 120.0),
        ("extend_within_months", 1.0, 120.0),
        ("return_within_days", 0.0, 10_000.0),
        ("rehandle_within_months", 1.0, 120.0),
        ("remind_days", 0.0, 366.0),
        ("rota_per_year", 0.0, 12.0),
        ("points_per_reception", 0.0, 100.0),
        ("points_per_suggestion", 0.0, 100.0),
        ("points_per_contact", 0.0, 100.0),
        ("points_per_activity", 0.0, 100.0),
        ("points_per_absence", -100.0, 100.0),
    ];

    /// The keys, in the order `config get` lists them.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        Settings::RANGES.iter().map(|(key, _, _)| *key)
    }

    fn slot(&mut self, key: &str) -> Option<SettingSlot<'_>> {
        use SettingSlot::{Float, Int};
        Some(match key {
            "max_contacts_per_deputy" => Int(&mut self.max_contacts_per_deputy),
            "assign_within_days" => Int(&mut self.assign_within_days),
            "max_station_km" => Float(&mut self.max_station_km),
            "max_uncovered_pct" => Float(&mut self.max_uncovered_pct),
            "reply_within_months" => Int(&mut self.reply_within_months),
            "extend_within_months" => Int(&mut self.extend_within_months),
            "return_within_days" => Int(&mut self.return_within_days),
            "rehandle_within_months" => Int(&mut self.rehandle_within_months),
            "remind_days" => Int(&mut self.remind_days),
            "rota_per_year" => Int(&mut self.rota_per_year),
            "points_per_reception" => Int(&mut self.points_per_reception),
            "points_per_suggestion" => Int(&mut self.points_per_suggestion),
            "points_per_contact" => Int(&mut self.points_per_contact),
            "points_per_activity" => Int(&mut self.points_per_activity),
            "points_per_absence" => Int(&mut self.points_per_absence),
            _ => return None,
        })
    }

    /// The value of a key as text, or None for an unknown key.
    pub fn get(&self, key: &str) -> Option<String> {
        let mut copy = self.clone();
        Some(match copy.slot(key)? {
            SettingSlot::Int(v) => v.to_string(),
            SettingSlot::Float(v) => v.to_string(),
        })
    }

    /// The values a key may take, inclusive ([`Settings::RANGES`]).
    pub fn range(key: &str) -> Option<(f64, f64)> {
        Settings::RANGES
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, lo, hi)| (*lo, *hi))
    }

    /// Set a key from text. Err names what was wrong (unknown key, or a
    /// value that is not a number of the right kind within [`Settings::range`]).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        let (lo, hi) = Settings::range(key).ok_or(SettingError::UnknownKey)?;
        let value = value.trim();
        match self.slot(key).ok_or(SettingError::UnknownKey)? {
            SettingSlot::Int(slot) => {
                *slot = value
                    .parse::<i64>()
                    .ok()
                    .filter(|v| (lo..=hi).contains(&(*v as f64)))
                    .ok_or(SettingError::BadValue)?
            }
            SettingSlot::Float(slot) => {
                *slot = value
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && (lo..=hi).contains(v))
                    .ok_or(SettingError::BadValue)?
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingError {
    UnknownKey,
    BadValue,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, name: &str) -> Unit {
        Unit {
            code: code.into(),
            name: name.into(),
            kind: UnitKind::Bureau,
            contact: Text::default(),
            phone: Text::default(),
            active: true,
        }
    }

    #[test]
    fn a_unit_is_named_by_its_code_else_by_a_name_no_other_unit_has() {
        let units = [
            unit("U1", "水务局"),
            unit("U2", "U1"),
            unit("U3", "交通局"),
            unit("U4", "交通局"),
        ];
        let named = |v: &str| unit_named(&units, v).map(|u| u.code.as_str());
        assert_eq!(named("U1"), Some("U1"), "a code wins over a name");
        assert_eq!(named("水务局"), Some("U1"));
        assert_eq!(named("交通局"), None, "two units share the name");
        assert_eq!(named("住建局"), None);
    }
}
