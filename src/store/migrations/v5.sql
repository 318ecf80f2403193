-- Version 4 → 5: the indexes the TUI's details read by (its read model:
-- the rows around a thing are read from the database each time it is
-- shown). A station's receptions and rota slots of a year, the
-- suggestions a deputy or contact raised: at province these were scans
-- of a year's receptions or of every suggestion (30–50 ms a detail).
CREATE INDEX receptions_station ON receptions(station_code, date);
CREATE INDEX rota_station ON rota(station_code, date);
CREATE INDEX suggestions_raised ON suggestions(raised_by);
