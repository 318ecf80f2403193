-- The relational gap rules of SPEC §3 written by hand, for the sqlite3 shell:
-- the yardstick for `lianluo gaps` (SPEC §8: within 2x, although lianluo
-- also runs the spatial rules). As of 2026-11-22, default thresholds.
-- Usage: sqlite3 -readonly DB < audit.sql > /dev/null
.mode list
WITH
  p(as_of, year_start, assign_cutoff) AS (SELECT '2026-11-22', '2026-01-01', date('2026-11-22', '-7 days')),
  active_deputy AS (SELECT code FROM deputies WHERE active = 1),
  cell_deputies AS (SELECT a.cell_code, count(*) n FROM assignments a JOIN deputies d ON d.code = a.deputy_code AND d.active = 1 GROUP BY a.cell_code),
  cell_contacts AS (SELECT cell_code, count(*) n FROM contacts WHERE active = 1 GROUP BY cell_code),
  deputy_contacts AS (SELECT deputy_code, count(*) n FROM contacts WHERE active = 1 AND deputy_code IS NOT NULL GROUP BY deputy_code)
SELECT 'cell-no-deputy', c.code FROM cells c WHERE NOT EXISTS (SELECT 1 FROM cell_deputies x WHERE x.cell_code = c.code)
UNION ALL
SELECT 'cell-no-contact', c.code FROM cells c WHERE NOT EXISTS (SELECT 1 FROM cell_contacts x WHERE x.cell_code = c.code)
UNION ALL
SELECT 'contact-no-deputy', k.code FROM contacts k LEFT JOIN deputies d ON d.code = k.deputy_code
  WHERE k.active = 1 AND (d.code IS NULL OR d.active = 0)
UNION ALL
SELECT 'deputy-no-contact', d.code FROM deputies d WHERE d.active = 1
  AND NOT EXISTS (SELECT 1 FROM deputy_contacts x WHERE x.deputy_code = d.code)
UNION ALL
SELECT 'deputy-overloaded', x.deputy_code FROM deputy_contacts x JOIN deputies d ON d.code = x.deputy_code AND d.active = 1
  WHERE x.n > 10
UNION ALL
SELECT 'contact-deputy-mismatch', k.code FROM contacts k JOIN deputies d ON d.code = k.deputy_code AND d.active = 1
  WHERE k.active = 1 AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.deputy_code = k.deputy_code AND a.cell_code = k.cell_code)
UNION ALL
SELECT 'deputy-no-reception', d.code FROM deputies d, p WHERE d.active = 1
  AND NOT EXISTS (SELECT 1 FROM receptions r WHERE r.deputy_code = d.code AND r.date BETWEEN p.year_start AND p.as_of)
UNION ALL
SELECT 'suggestion-overdue', s.code FROM suggestions s, p
  WHERE s.status IN ('assigned', 'handling', 'reopened') AND s.due_on < p.as_of
UNION ALL
SELECT 'suggestion-unassigned', s.code FROM suggestions s, p
  WHERE s.status = 'received' AND s.received_on < p.assign_cutoff
UNION ALL
SELECT 'suggestion-unsatisfied', s.code FROM suggestions s WHERE s.satisfaction = 'unsatisfied' AND s.status = 'replied'
UNION ALL
SELECT 'cell-no-geometry', c.code FROM cells c WHERE c.geometry IS NULL
UNION ALL
SELECT 'contact-bad-phone', k.code FROM contacts k WHERE k.active = 1
  AND NOT (k.phone GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
        OR k.phone GLOB '0[1-9]*-[0-9]*');
