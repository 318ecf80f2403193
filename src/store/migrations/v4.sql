-- Version 3 → 4: the ledger, the rota and the duties (SPEC §10, §11).
-- New tables for the handling units, the rota and the activities; the
-- suggestion's co-units, extension, result and supervisor. The handling
-- units already named in free text become units of their own (in Rust,
-- after this script: `migrate_units_from_text`), so no suggestion loses
-- its unit.
ALTER TABLE suggestions ADD COLUMN co_units TEXT NOT NULL DEFAULT '';
ALTER TABLE suggestions ADD COLUMN extended_from TEXT;
ALTER TABLE suggestions ADD COLUMN result TEXT;
ALTER TABLE suggestions ADD COLUMN supervisor TEXT REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX suggestions_unit ON suggestions(handling_unit, assigned_on);

CREATE TABLE units (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL DEFAULT 'other',
    contact TEXT NOT NULL DEFAULT '',
    phone   TEXT NOT NULL DEFAULT '',
    active  INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE rota (
    date         TEXT NOT NULL,
    station_code TEXT NOT NULL REFERENCES stations(code) DEFERRABLE INITIALLY DEFERRED,
    deputy_code  TEXT NOT NULL REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    role         TEXT NOT NULL CHECK (role IN ('lead','member')),
    version      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (date, station_code, deputy_code)
) WITHOUT ROWID;
CREATE INDEX rota_deputy ON rota(deputy_code, date);

CREATE TABLE activities (
    date        TEXT NOT NULL,
    deputy_code TEXT NOT NULL REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (date, deputy_code, kind)
) WITHOUT ROWID;
CREATE INDEX activities_deputy ON activities(deputy_code, date);
