-- Version 1 → 2: the tables of small rows move into their key's B-tree
-- (WITHOUT ROWID). Rows, versions and the audit log are kept as they are.
-- Run with foreign keys off, in one transaction (see `migrate` in mod.rs),
-- following SQLite's recipe: make the new table, copy, drop the old one,
-- give the new one the old name, make its indexes again.

CREATE TABLE new_areas (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('county','town','village')),
    parent_code TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
INSERT INTO new_areas (code, name, level, parent_code, version)
    SELECT code, name, level, parent_code, version FROM areas;
DROP TABLE areas;
ALTER TABLE new_areas RENAME TO areas;

CREATE TABLE new_stations (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    area_code     TEXT REFERENCES areas(code) DEFERRABLE INITIALLY DEFERRED,
    lon           REAL,
    lat           REAL,
    theme         TEXT NOT NULL DEFAULT '',
    reception_day INTEGER NOT NULL DEFAULT 15 CHECK (reception_day BETWEEN 1 AND 31),
    version       INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
INSERT INTO new_stations (code, name, kind, area_code, lon, lat, theme, reception_day, version)
    SELECT code, name, kind, area_code, lon, lat, theme, reception_day, version FROM stations;
DROP TABLE stations;
ALTER TABLE new_stations RENAME TO stations;

CREATE TABLE new_deputies (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    level        TEXT NOT NULL,
    district     TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    sector       TEXT NOT NULL DEFAULT '',
    station_code TEXT REFERENCES stations(code) DEFERRABLE INITIALLY DEFERRED,
    active       INTEGER NOT NULL DEFAULT 1,
    version      INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
INSERT INTO new_deputies (code, name, level, district, phone, sector, station_code, active, version)
    SELECT code, name, level, district, phone, sector, station_code, active, version FROM deputies;
DROP TABLE deputies;
ALTER TABLE new_deputies RENAME TO deputies;

CREATE TABLE new_assignments (
    deputy_code TEXT NOT NULL REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    cell_code   TEXT NOT NULL REFERENCES cells(code) DEFERRABLE INITIALLY DEFERRED,
    version     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (deputy_code, cell_code)
) WITHOUT ROWID;
INSERT INTO new_assignments (deputy_code, cell_code, version)
    SELECT deputy_code, cell_code, version FROM assignments;
DROP TABLE assignments;
ALTER TABLE new_assignments RENAME TO assignments;
CREATE INDEX assignments_cell ON assignments(cell_code);

CREATE TABLE new_contacts (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    cell_code   TEXT NOT NULL REFERENCES cells(code) DEFERRABLE INITIALLY DEFERRED,
    deputy_code TEXT REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    active      INTEGER NOT NULL DEFAULT 1,
    version     INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
INSERT INTO new_contacts (code, name, role, phone, cell_code, deputy_code, active, version)
    SELECT code, name, role, phone, cell_code, deputy_code, active, version FROM contacts;
DROP TABLE contacts;
ALTER TABLE new_contacts RENAME TO contacts;
CREATE INDEX contacts_cell ON contacts(cell_code);
CREATE INDEX contacts_deputy ON contacts(deputy_code);

CREATE TABLE new_receptions (
    date         TEXT NOT NULL,
    station_code TEXT NOT NULL REFERENCES stations(code) DEFERRABLE INITIALLY DEFERRED,
    deputy_code  TEXT NOT NULL REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    constituents INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (date, station_code, deputy_code)
) WITHOUT ROWID;
INSERT INTO new_receptions (date, station_code, deputy_code, constituents, version)
    SELECT date, station_code, deputy_code, constituents, version FROM receptions;
DROP TABLE receptions;
ALTER TABLE new_receptions RENAME TO receptions;
CREATE INDEX receptions_deputy ON receptions(deputy_code, date);

CREATE TABLE new_suggestions (
    code          TEXT PRIMARY KEY,
    cell_code     TEXT NOT NULL REFERENCES cells(code) DEFERRABLE INITIALLY DEFERRED,
    title         TEXT NOT NULL,
    source        TEXT NOT NULL,
    raised_by     TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL,
    received_on   TEXT NOT NULL,
    handling_unit TEXT NOT NULL DEFAULT '',
    assigned_on   TEXT,
    due_on        TEXT,
    status        TEXT NOT NULL,
    replied_on    TEXT,
    satisfaction  TEXT,
    closed_on     TEXT,
    version       INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
INSERT INTO new_suggestions (code, cell_code, title, source, raised_by, category, received_on, handling_unit, assigned_on, due_on, status, replied_on, satisfaction, closed_on, version)
    SELECT code, cell_code, title, source, raised_by, category, received_on, handling_unit, assigned_on, due_on, status, replied_on, satisfaction, closed_on, version FROM suggestions;
DROP TABLE suggestions;
ALTER TABLE new_suggestions RENAME TO suggestions;
CREATE INDEX suggestions_cell ON suggestions(cell_code);
CREATE INDEX suggestions_status ON suggestions(status, due_on);

CREATE TABLE new_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO new_settings (key, value)
    SELECT key, value FROM settings;
DROP TABLE settings;
ALTER TABLE new_settings RENAME TO settings;

CREATE TABLE new_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO new_meta (key, value)
    SELECT key, value FROM meta;
DROP TABLE meta;
ALTER TABLE new_meta RENAME TO meta;
