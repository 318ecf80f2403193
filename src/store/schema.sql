-- lianluo schema, version 4. Every changeable row carries a version that
-- each change bumps: a change made from a stale screen is refused.
-- Tables of small rows live in their key's B-tree (WITHOUT ROWID): one
-- B-tree written per row, reads in key order without a lookup. Cells and
-- the boundary keep a rowid: their geometry makes rows large.
-- References are deferred so that one import can load rows in any order;
-- empty optional references are stored as NULL.

CREATE TABLE areas (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('county','town','village')),
    parent_code TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE cells (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    area_code   TEXT NOT NULL REFERENCES areas(code) DEFERRABLE INITIALLY DEFERRED,
    households  INTEGER,
    population  INTEGER,
    grid_worker TEXT NOT NULL DEFAULT '',
    geometry    TEXT,           -- the GeoJSON geometry object, as imported
    min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cells_area ON cells(area_code);

CREATE TABLE boundary (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    geometry TEXT NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE stations (
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

CREATE TABLE deputies (
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

CREATE TABLE assignments (
    deputy_code TEXT NOT NULL REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    cell_code   TEXT NOT NULL REFERENCES cells(code) DEFERRABLE INITIALLY DEFERRED,
    version     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (deputy_code, cell_code)
) WITHOUT ROWID;
CREATE INDEX assignments_cell ON assignments(cell_code);

CREATE TABLE contacts (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    cell_code   TEXT NOT NULL REFERENCES cells(code) DEFERRABLE INITIALLY DEFERRED,
    deputy_code TEXT REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    active      INTEGER NOT NULL DEFAULT 1,
    version     INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX contacts_cell ON contacts(cell_code);
CREATE INDEX contacts_deputy ON contacts(deputy_code);

CREATE TABLE receptions (
    date         TEXT NOT NULL,
    station_code TEXT NOT NULL REFERENCES stations(code) DEFERRABLE INITIALLY DEFERRED,
    deputy_code  TEXT NOT NULL REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    constituents INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (date, station_code, deputy_code)
) WITHOUT ROWID;
CREATE INDEX receptions_deputy ON receptions(deputy_code, date);
CREATE INDEX receptions_station ON receptions(station_code, date);

CREATE TABLE suggestions (
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
    -- The ledger (schema 4): co-handling unit codes joined by ';', the due
    -- date before the one extension, the answer's class A–D, the deputy
    -- who supervises a key suggestion (NULL when none).
    co_units      TEXT NOT NULL DEFAULT '',
    extended_from TEXT,
    result        TEXT,
    supervisor    TEXT REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    version       INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX suggestions_cell ON suggestions(cell_code);
CREATE INDEX suggestions_status ON suggestions(status, due_on);
CREATE INDEX suggestions_unit ON suggestions(handling_unit, assigned_on);
CREATE INDEX suggestions_raised ON suggestions(raised_by);

-- The handling units (承办单位). A suggestion's handling_unit and co_units
-- hold their codes; not a foreign key, since '' means "none yet" and
-- co_units is a list: the import and the commands check them.
CREATE TABLE units (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL DEFAULT 'other',
    contact TEXT NOT NULL DEFAULT '',
    phone   TEXT NOT NULL DEFAULT '',
    active  INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

-- Who is expected to receive constituents where and when (接待安排).
CREATE TABLE rota (
    date         TEXT NOT NULL,
    station_code TEXT NOT NULL REFERENCES stations(code) DEFERRABLE INITIALLY DEFERRED,
    deputy_code  TEXT NOT NULL REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    role         TEXT NOT NULL CHECK (role IN ('lead','member')),
    version      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (date, station_code, deputy_code)
) WITHOUT ROWID;
CREATE INDEX rota_deputy ON rota(deputy_code, date);
CREATE INDEX rota_station ON rota(station_code, date);

-- Duties performed besides receptions (履职活动).
CREATE TABLE activities (
    date        TEXT NOT NULL,
    deputy_code TEXT NOT NULL REFERENCES deputies(code) DEFERRABLE INITIALLY DEFERRED,
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (date, deputy_code, kind)
) WITHOUT ROWID;
CREATE INDEX activities_deputy ON activities(deputy_code, date);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Facts about the file itself: whether it holds the demo county.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One entry per row an operator's action changed; `batch` groups the
-- entries of one action so that undo reverts it whole.
CREATE TABLE audit (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    batch    INTEGER NOT NULL,
    at       TEXT NOT NULL,
    operator TEXT NOT NULL,
    client   TEXT NOT NULL DEFAULT '',
    action   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    code     TEXT NOT NULL,
    before   TEXT,
    after    TEXT,
    undoes   INTEGER,       -- for an undo: the batch it reverted
    account  TEXT NOT NULL DEFAULT '',  -- the real user id's name ('' before schema 3)
    session  TEXT NOT NULL DEFAULT ''   -- the running program that made it
);
CREATE INDEX audit_code ON audit(kind, code);
CREATE INDEX audit_operator ON audit(operator, id);
CREATE INDEX audit_session ON audit(session, id);
