-- A file of schema 1–3 opened read-only, as schema 4 reads it: objects of
-- the connection's own temporary schema, which unqualified names find
-- before the file's. Nothing here touches the file.
CREATE TEMP VIEW suggestions AS
    SELECT *, '' AS co_units, NULL AS extended_from, NULL AS result, NULL AS supervisor
    FROM main.suggestions;
CREATE TEMP TABLE units (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL DEFAULT 'other',
    contact TEXT NOT NULL DEFAULT '',
    phone   TEXT NOT NULL DEFAULT '',
    active  INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO temp.units(code, name)
    SELECT DISTINCT handling_unit, handling_unit FROM main.suggestions WHERE handling_unit <> '';
CREATE TEMP TABLE rota (
    date TEXT NOT NULL, station_code TEXT NOT NULL, deputy_code TEXT NOT NULL,
    role TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1
);
CREATE TEMP TABLE activities (
    date TEXT NOT NULL, deputy_code TEXT NOT NULL, kind TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1
);
