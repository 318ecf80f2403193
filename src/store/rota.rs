//! The reception rota in the database (SPEC §11): planning a year in one
//! transaction, and a year's slots with whether a reception matches each.

use super::audit::{self, Change};
use super::rows::{self, text};
use super::{Result, Store};
use crate::model::{RotaRole, RotaSlot, Text};
use crate::rota::{plan, Plan};
use crate::store::Actor;
use chrono::NaiveDate;
use rusqlite::params;

/// A slot as `lianluo rota` lists it: the deputy's name beside it, and
/// whether a reception record has the same date, station and deputy.
#[derive(Debug, Clone, PartialEq)]
pub struct RotaLine {
    pub slot: RotaSlot,
    pub name: Text,
    pub received: bool,
}

/// The first and last day of a year (the year is in [`crate::model::YEARS`]
/// when it comes from the command line; any other gives an empty span).
fn year_span(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MAX);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MIN);
    (first, last)
}

impl Store {
    /// Plan year `year` as of `as_of` ([`crate::rota::plan`]) and store the
    /// plan, in one transaction: the data it plans from is what the
    /// transaction reads, so no other operator's change falls between. One
    /// audit entry (`rota.plan`, kind `rota`, code the year) counts the
    /// slots added, removed and whose role changed; none when the plan
    /// changes nothing.
    pub fn plan_rota(&mut self, actor: &Actor, year: i32, as_of: NaiveDate, replace: bool) -> Result<Plan> {
        let tx = self.write()?;
        let (from, to) = year_span(year);
        let ds = rows::load(&tx, rows::Scope::Year { from, to })?;
        let planned = plan(&ds, &ds.rota, year, as_of, replace);
        if planned.is_empty() {
            return Ok(planned);
        }
        {
            let mut remove =
                tx.prepare_cached("DELETE FROM rota WHERE date = ?1 AND station_code = ?2 AND deputy_code = ?3")?;
            for s in &planned.removed {
                remove.execute(params![
                    s.date.to_string(),
                    s.station_code.as_str(),
                    s.deputy_code.as_str()
                ])?;
            }
            let mut add =
                tx.prepare_cached("INSERT INTO rota(date, station_code, deputy_code, role) VALUES (?1, ?2, ?3, ?4)")?;
            for s in &planned.added {
                add.execute(params![
                    s.date.to_string(),
                    s.station_code.as_str(),
                    s.deputy_code.as_str(),
                    s.role.code()
                ])?;
            }
            let mut relabel = tx.prepare_cached(
                "UPDATE rota SET role = ?4, version = version + 1
                 WHERE date = ?1 AND station_code = ?2 AND deputy_code = ?3",
            )?;
            for s in &planned.relabelled {
                relabel.execute(params![
                    s.date.to_string(),
                    s.station_code.as_str(),
                    s.deputy_code.as_str(),
                    s.role.code()
                ])?;
            }
        }
        let change = Change {
            kind: "rota",
            code: year.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "year": year,
                "as_of": as_of.to_string(),
                "replace": replace,
                "added": planned.added.len(),
                "removed": planned.removed.len(),
                "leads_changed": planned.relabelled.len(),
            })),
        };
        audit::record(&tx, actor, "rota.plan", &[change])?;
        tx.commit()?;
        Ok(planned)
    }

    /// The slots of a year, sorted by date, station, deputy, each with the
    /// deputy's name and whether a reception matches it.
    pub fn rota_lines(&self, year: i32) -> Result<Vec<RotaLine>> {
        let (from, to) = year_span(year);
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.date, r.station_code, r.deputy_code, r.role, coalesce(d.name, ''),
                    EXISTS (SELECT 1 FROM receptions x WHERE x.date = r.date
                            AND x.station_code = r.station_code AND x.deputy_code = r.deputy_code)
             FROM rota r LEFT JOIN deputies d ON d.code = r.deputy_code
             WHERE r.date BETWEEN ?1 AND ?2
             ORDER BY r.date, r.station_code, r.deputy_code",
        )?;
        let lines = stmt
            .query_map(params![from.to_string(), to.to_string()], |r| {
                let date: String = r.get(0)?;
                let role: String = r.get(3)?;
                Ok(RotaLine {
                    slot: RotaSlot {
                        date: crate::model::parse_iso_date(&date).unwrap_or(NaiveDate::MIN),
                        station_code: text(r, 1)?,
                        deputy_code: text(r, 2)?,
                        role: RotaRole::parse(&role).unwrap_or(RotaRole::Member),
                    },
                    name: text(r, 4)?,
                    received: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(lines)
    }
}
