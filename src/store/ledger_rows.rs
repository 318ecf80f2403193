//! Reading and writing the rows of the tables of schema 4: the handling
//! units, the rota and the activities (SPEC §10, §11).

use super::rows::{bad_enum, date_text, read_date, read_enum, text};
use super::Result;
use crate::model::*;
use rusqlite::{params, Row, Statement};

pub(super) fn unit(row: &Row) -> rusqlite::Result<Unit> {
    Ok(Unit {
        code: text(row, 0)?,
        name: text(row, 1)?,
        kind: read_enum(row, 2, UnitKind::parse)?,
        contact: text(row, 3)?,
        phone: text(row, 4)?,
        active: row.get(5)?,
    })
}
pub(super) const UNIT_COLS: &str = "code, name, kind, contact, phone, active";

pub(super) const UNIT_UPSERT: &str = "INSERT INTO units(code, name, kind, contact, phone, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
           contact = excluded.contact, phone = excluded.phone, active = excluded.active,
           version = version + 1
         WHERE name IS NOT excluded.name OR kind IS NOT excluded.kind OR contact IS NOT excluded.contact
           OR phone IS NOT excluded.phone OR active IS NOT excluded.active";

pub(super) fn exec_unit(stmt: &mut Statement, u: &Unit) -> Result<usize> {
    Ok(stmt.execute(params![
        u.code.as_str(),
        u.name.as_str(),
        u.kind.code(),
        u.contact.as_str(),
        u.phone.as_str(),
        u.active
    ])?)
}

pub(super) fn rota_slot(row: &Row) -> rusqlite::Result<RotaSlot> {
    Ok(RotaSlot {
        date: read_date(row, 0)?.ok_or_else(|| bad_enum(0, "date"))?,
        station_code: text(row, 1)?,
        deputy_code: text(row, 2)?,
        role: read_enum(row, 3, RotaRole::parse)?,
    })
}
pub(super) const ROTA_COLS: &str = "date, station_code, deputy_code, role";

pub(super) const ROTA_UPSERT: &str = "INSERT INTO rota(date, station_code, deputy_code, role) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(date, station_code, deputy_code) DO UPDATE SET role = excluded.role, version = version + 1
         WHERE role IS NOT excluded.role";

pub(super) fn exec_rota(stmt: &mut Statement, r: &RotaSlot) -> Result<usize> {
    Ok(stmt.execute(params![
        date_text(Some(r.date)),
        r.station_code.as_str(),
        r.deputy_code.as_str(),
        r.role.code()
    ])?)
}

pub(super) fn activity(row: &Row) -> rusqlite::Result<Activity> {
    Ok(Activity {
        date: read_date(row, 0)?.ok_or_else(|| bad_enum(0, "date"))?,
        deputy_code: text(row, 1)?,
        kind: read_enum(row, 2, ActivityKind::parse)?,
        note: text(row, 3)?,
    })
}
pub(super) const ACTIVITY_COLS: &str = "date, deputy_code, kind, note";

pub(super) const ACTIVITY_UPSERT: &str = "INSERT INTO activities(date, deputy_code, kind, note) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(date, deputy_code, kind) DO UPDATE SET note = excluded.note, version = version + 1
         WHERE note IS NOT excluded.note";

pub(super) fn exec_activity(stmt: &mut Statement, a: &Activity) -> Result<usize> {
    Ok(stmt.execute(params![
        date_text(Some(a.date)),
        a.deputy_code.as_str(),
        a.kind.code(),
        a.note.as_str()
    ])?)
}
