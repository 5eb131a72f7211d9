-- The surveillance schema: children, measurements computed and checked on
-- write, monthly summaries kept current incrementally, and the BI views.
SET client_min_messages = warning;
\set SHOW_CONTEXT never
\set doc `cat data/kota_kediri_kelurahan.geojson`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan') AS loaded;
INSERT INTO stunting.area (code, name, level) VALUES ('35.71', 'Kota Kediri', 'regency') ON CONFLICT DO NOTHING;
UPDATE stunting.area SET parent_code = '35.71' WHERE level = 'district';

-- 400 children in 4 kelurahan of 2 kecamatan, 3 months, some measured twice a month
SELECT setseed(0.25);
INSERT INTO stunting.child (sex, birth_date, area_code)
SELECT CASE WHEN i % 2 = 0 THEN 'L' ELSE 'perempuan' END,
       date '2026-01-01' - (30 + (random() * 1700)::int),
       (ARRAY['35.71.01.1001', '35.71.01.1002', '35.71.02.1001', '35.71.03.1001'])[1 + i % 4]
FROM generate_series(1, 400) i ORDER BY i;
CREATE TEMP TABLE visit AS
SELECT c.id AS child_id, d AS visit_date, c.birth_date
FROM stunting.child c, (VALUES (date '2026-01-10'), (date '2026-02-12'), (date '2026-03-09'), (date '2026-03-25')) v(d)
WHERE random() < 0.8;
-- lengths around a WHO-like median (49.9 + 7.3 sqrt(months) cm) with z ~ N(-1, 1.2),
-- about a quarter
-- stunted; weights from a BMI of 14.5-17.5
CREATE TEMP TABLE drawn AS
SELECT child_id, visit_date,
       round(((49.9 + 7.3 * sqrt((visit_date - birth_date) / 30.4375))
              * (1 + 0.037 * (-1 + 1.2 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))))::numeric, 1)::float8 AS lenhei_cm,
       visit_date - birth_date AS age
FROM visit;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu)
SELECT child_id, visit_date, weight_kg,
       lenhei_cm, CASE WHEN age < 731 THEN 'l' ELSE 'h' END, 'Posyandu ' || (child_id % 7)
FROM (SELECT d.*, round(((14.5 + 3 * random()) * (lenhei_cm / 100) ^ 2)::numeric, 1)::float8 AS weight_kg FROM drawn d) d
JOIN stunting.child c ON c.id = d.child_id
-- (the odd draw WHO would flag is left out: the trigger would reject it)
WHERE cardinality(stunting.measurement_problems(c.sex, c.birth_date, d.visit_date, d.weight_kg, d.lenhei_cm,
                                                CASE WHEN age < 731 THEN 'l' ELSE 'h' END)) = 0
ORDER BY child_id, visit_date;

-- computed on write: month, area (the child's home), z-scores and statuses
SELECT count(*) AS measurements, count(DISTINCT month) AS months,
       bool_and(m.area_code = c.area_code) AS home_area,
       bool_and(m.month = date_trunc('month', m.visit_date)::date) AS month_ok,
       bool_and((m.z).zlen IS NOT DISTINCT FROM stunting.zscore_lhfa(c.sex, (m.visit_date - c.birth_date)::float8, m.lenhei_cm, m.measure)) AS zlen_ok,
       bool_and((m.status).stunted IS NOT DISTINCT FROM (stunting.assess(m.z)).stunted) AS status_ok
FROM stunting.measurement m JOIN stunting.child c ON c.id = m.child_id;

-- The incremental summaries against a recomputation from scratch: each
-- child once per area-month, by its latest measurement.
CREATE TEMP VIEW scratch AS
SELECT month, area_code, count(*) AS children, count(*) FILTER (WHERE (status).stunted) AS stunted,
       stunting.summarize(z) AS s
FROM (SELECT DISTINCT ON (month, area_code, child_id) * FROM stunting.measurement
      ORDER BY month, area_code, child_id, visit_date DESC, id DESC) l
GROUP BY 1, 2;
CREATE TEMP VIEW mismatch AS
SELECT coalesce(a.month, b.month) AS month, coalesce(a.area_code, b.area_code) AS area_code
FROM (SELECT * FROM stunting.area_month_summary WHERE children > 0) a
FULL JOIN scratch b ON a.month = b.month AND a.area_code = b.area_code
WHERE a.children IS DISTINCT FROM b.children OR a.stunted IS DISTINCT FROM b.stunted
   OR (stunting.prevalence(a.summary, 'HA_2')).r IS DISTINCT FROM (stunting.prevalence(b.s, 'HA_2')).r
   OR abs((stunting.zscore_mean(a.summary, 'HA')).r - (stunting.zscore_mean(b.s, 'HA')).r) > 1e-12
   OR abs((stunting.zscore_mean(a.summary, 'WH')).stdev - (stunting.zscore_mean(b.s, 'WH')).stdev) > 1e-12;
SELECT (SELECT count(*) FROM stunting.area_month_summary) AS summaries,
       (SELECT sum(children) FROM stunting.area_month_summary) AS child_months,
       (SELECT count(*) FROM (SELECT DISTINCT child_id, month FROM stunting.measurement) x) AS distinct_child_months,
       (SELECT count(*) FROM mismatch) AS mismatches;

-- a correction of an old measurement updates its month only
CREATE TEMP TABLE before AS SELECT month, area_code, summary::text AS s FROM stunting.area_month_summary;
UPDATE stunting.measurement SET lenhei_cm = lenhei_cm - 8
WHERE id = (SELECT min(id) FROM stunting.measurement WHERE month = '2026-01-01' AND area_code = '35.71.01.1001');
SELECT b.month, b.area_code FROM before b JOIN stunting.area_month_summary a USING (month, area_code)
WHERE a.summary::text <> b.s ORDER BY 1, 2;
SELECT count(*) AS mismatches FROM mismatch;
-- moving a visit to another month refreshes both months; so does a change of area
UPDATE stunting.measurement SET visit_date = '2026-02-20'
WHERE id = (SELECT min(id) FROM stunting.measurement WHERE month = '2026-01-01' AND area_code = '35.71.02.1001');
UPDATE stunting.measurement SET area_code = '35.71.02.1002'
WHERE id IN (SELECT id FROM stunting.measurement WHERE month = '2026-03-01' AND area_code = '35.71.03.1001' LIMIT 5);
SELECT count(*) AS mismatches FROM mismatch;
SELECT count(*) AS new_area_month FROM stunting.area_month_summary WHERE area_code = '35.71.02.1002';
-- deletes, a child's corrected birth date, and a deleted child
DELETE FROM stunting.measurement WHERE child_id % 10 = 3 AND month = '2026-02-01';
UPDATE stunting.child SET birth_date = birth_date - 40 WHERE id = 8;
SELECT count(*) FILTER (WHERE (m.z).age_days = (m.visit_date - c.birth_date)) = count(*) AS ages_recomputed
FROM stunting.measurement m JOIN stunting.child c ON c.id = m.child_id WHERE c.id = 8;
DELETE FROM stunting.child WHERE id = 12;
SELECT count(*) AS mismatches FROM mismatch;
-- an area-month whose last measurement goes keeps its row, with no children
-- and no summary (a row is never deleted: a deleted row cannot be locked),
-- and is not in area_month
DELETE FROM stunting.measurement WHERE area_code = '35.71.02.1002';
SELECT count(*) AS rows_kept, bool_and(children = 0 AND stunted = 0 AND summary IS NULL) AS emptied
FROM stunting.area_month_summary WHERE area_code = '35.71.02.1002';
SELECT count(*) AS in_area_month FROM stunting.area_month WHERE code = '35.71.02.1002';
SELECT count(*) AS discrepancies FROM stunting.check_area_month();
-- the full rebuild gives the same
SELECT stunting.refresh_area_month() > 0 AS rebuilt;
SELECT count(*) AS mismatches FROM mismatch;

-- rejected rows: the data-entry checks of stunting.measurement_problems
\set VERBOSITY default
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm) VALUES (1, '2026-03-01', 11500, 85);
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm) VALUES (1, '2019-01-01', 11, 85);
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm) VALUES (99999, '2026-03-01', 11, 85);
INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('x', '2025-01-01', '35.71.01.1001');
INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('m', '2025-01-01', 'nowhere');
-- a NIK is stored only as a salted hash, never as it is
INSERT INTO stunting.child (sex, birth_date, area_code, nik_hash) VALUES ('m', '2025-01-01', '35.71.01.1001', convert_to('3571010101200001', 'UTF8'));
SELECT encode(stunting.nik_hash('3571 0101 0120 0001', 'kediri'), 'hex') = encode(stunting.nik_hash('3571010101200001', 'kediri'), 'hex') AS spaces_ignored,
       stunting.nik_hash('3571010101200001', 'kediri') <> stunting.nik_hash('3571010101200001', 'other') AS salted,
       octet_length(stunting.nik_hash('3571010101200001', 'kediri')) AS bytes;
SELECT stunting.nik_hash('35710101012000', 'kediri');
SELECT stunting.nik_hash('3571010101200001', '');
\set VERBOSITY terse

-- the BI view: kelurahan, kecamatan and city rows; roll-ups add up
SELECT month, level, count(*) AS areas, sum(children) AS children, sum(stunted) AS stunted
FROM stunting.area_month GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS rollups, count(*) FILTER (WHERE (d.children, d.stunted) IS DISTINCT FROM (k.children, k.stunted)) AS rollup_mismatches
FROM stunting.area_month d,
     LATERAL (SELECT sum(c.children)::int AS children, sum(c.stunted)::int AS stunted FROM stunting.area_month c
              JOIN stunting.area a ON a.code = c.code WHERE a.parent_code = d.code AND c.month = d.month) k
WHERE d.level IN ('district', 'regency');
-- the city's stunting % equals the estimate over all its children's rows
SELECT abs(c.stunting_pct - (stunting.prevalence(stunting.summarize(l.z), 'HA_2')).r) < 1e-9 AS city_equal,
       c.stunting_ci_low < c.stunting_pct AND c.stunting_pct < c.stunting_ci_high AS ci_brackets,
       c.parent_name IS NULL AS city_has_no_parent
FROM stunting.area_month c,
     (SELECT DISTINCT ON (month, area_code, child_id) * FROM stunting.measurement
      WHERE month = '2026-03-01' ORDER BY month, area_code, child_id, visit_date DESC, id DESC) l
WHERE c.code = '35.71' AND c.month = '2026-03-01'
GROUP BY c.stunting_pct, c.stunting_ci_low, c.stunting_ci_high, c.parent_name;
SELECT name, parent_name, children > 0 AS measured, stunting_pct BETWEEN 0 AND 100 AS pct_ok,
       mean_haz < 0 AS mean_haz_negative, flagged_haz_pct >= 0 AS flagged_ok, plausibility_score >= 0 AS score_ok
FROM stunting.area_month WHERE month = '2026-03-01' ORDER BY level DESC, code;

-- transitions: a child stunted, then not, then stunted, then stunted again
INSERT INTO stunting.child (id, sex, birth_date, area_code) VALUES (1000, 'm', '2024-06-01', '35.71.01.1001');
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES
  (1000, '2026-01-05', 9.0, 74.0, 'l'),   -- stunted
  (1000, '2026-02-05', 10.5, 85.0, 'l'),  -- not stunted
  (1000, '2026-04-05', 10.6, 86.0, 'l'),  -- not stunted, but April's latest counts:
  (1000, '2026-04-20', 9.6, 77.5, 'l'),   -- stunted again (March not measured)
  (1000, '2026-05-05', 9.7, 78.0, 'l');   -- still stunted
SELECT month, stunted, previous_month, previously_stunted, transition
FROM stunting.child_month_transition WHERE child_id = 1000 ORDER BY month;
SELECT transition, count(*) > 0 AS seen FROM stunting.child_month_transition
WHERE transition IS NOT NULL GROUP BY 1 ORDER BY 1;
