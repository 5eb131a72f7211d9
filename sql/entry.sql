-- Writes to the surveillance tables beyond single-row entry: bulk loads
-- through stunting.measurement_import and its quarantine, stored rows kept
-- as stored (restores), the references the triggers keep, TRUNCATE, and
-- when the summaries are applied (at commit).  Runs after surveillance.
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- 100 children of two kelurahan, ids 70001-70100
INSERT INTO stunting.child (id, sex, birth_date, area_code)
SELECT 70000 + i, CASE WHEN i % 2 = 0 THEN 'l' ELSE 'p' END, date '2024-01-15' + i * 3,
       CASE WHEN i % 3 = 0 THEN '35.71.01.1003' ELSE '35.71.02.1003' END
FROM generate_series(1, 100) i;

-- A month of field data: 1,000 rows, 950 clean and 50 with problems
-- (10 each: weight in grams, length in millimetres, visit before birth,
-- unknown child, no visit date).
CREATE TEMP TABLE field AS
SELECT n, c.id AS child_id, date '2026-11-01' + (n % 28) AS visit_date, c.birth_date,
       round((49.9 + 7.3 * sqrt(((date '2026-11-01' + (n % 28)) - c.birth_date) / 30.4375))::numeric, 1)::float8 AS lenhei_cm
FROM generate_series(1, 1000) n
JOIN stunting.child c ON c.id = 70001 + (n % 100);
ALTER TABLE field ADD weight_kg float8, ADD bad text;
UPDATE field SET weight_kg = round((16 * (lenhei_cm / 100) ^ 2)::numeric, 1);
UPDATE field SET bad = (ARRAY['grams', 'millimetres', 'before_birth', 'no_child', 'no_date'])[1 + (n / 20) % 5]
WHERE n % 20 = 7;
UPDATE field SET weight_kg = weight_kg * 1000 WHERE bad = 'grams';
UPDATE field SET lenhei_cm = lenhei_cm * 10 WHERE bad = 'millimetres';
UPDATE field SET visit_date = birth_date - 3 WHERE bad = 'before_birth';
UPDATE field SET child_id = 99000 + n WHERE bad = 'no_child';
UPDATE field SET visit_date = NULL WHERE bad = 'no_date';
SELECT count(*) AS rows, count(bad) AS bad FROM field;
SELECT count(*) AS measurements_before FROM stunting.measurement \gset
INSERT INTO stunting.measurement_import (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu, measured_by)
SELECT child_id, visit_date, weight_kg, lenhei_cm, 'h', 'Posyandu Melati', 'kader ' || (n % 5)
FROM field ORDER BY n;
-- 950 stored, 50 quarantined with their codes, nothing lost or left behind
SELECT count(*) - :measurements_before AS stored FROM stunting.measurement;
SELECT count(*) AS left_in_import FROM stunting.measurement_import;
SELECT f.bad, q.problems, count(*) AS n, bool_and(q.entered_by = current_user) AS who, bool_and(q.attempts = 1) AS once
FROM stunting.measurement_quarantine q
JOIN field f ON f.child_id = q.child_id AND f.visit_date IS NOT DISTINCT FROM q.visit_date
            AND f.weight_kg = q.weight_kg AND f.lenhei_cm = q.lenhei_cm
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS quarantined FROM stunting.measurement_quarantine;
-- as entered: the quarantined rows are the bad rows, value for value
SELECT count(*) AS as_entered FROM field f
WHERE bad IS NOT NULL AND EXISTS (
    SELECT FROM stunting.measurement_quarantine q
    WHERE q.child_id = f.child_id AND q.visit_date IS NOT DISTINCT FROM f.visit_date
      AND q.weight_kg = f.weight_kg AND q.lenhei_cm = f.lenhei_cm AND q.measure = 'h'
      AND q.posyandu = 'Posyandu Melati' AND q.measured_by = 'kader ' || (f.n % 5));
SELECT count(*) AS discrepancies FROM stunting.check_area_month();

-- COPY works the same way (here: 2 clean rows, 1 in grams)
COPY stunting.measurement_import (child_id, visit_date, weight_kg, lenhei_cm, measure) FROM stdin;
70010	2026-11-30	12.1	86.0	h
70011	2026-11-30	11.8	85.2	h
70012	2026-11-30	12100	86.0	h
\.
SELECT count(*) - :measurements_before AS stored FROM stunting.measurement;
SELECT problems FROM stunting.measurement_quarantine WHERE child_id = 70012;

-- corrected in place and resubmitted: the fixed rows leave the quarantine
UPDATE stunting.measurement_quarantine SET weight_kg = weight_kg / 1000 WHERE 'weight_in_grams' = ANY (problems);
UPDATE stunting.measurement_quarantine SET lenhei_cm = lenhei_cm / 10 WHERE 'lenhei_in_millimetres' = ANY (problems);
SELECT * FROM stunting.resubmit_quarantine();
SELECT problems, count(*) AS n, bool_and(attempts = 2) AS twice FROM stunting.measurement_quarantine GROUP BY 1 ORDER BY 1;
SELECT count(*) - :measurements_before AS stored FROM stunting.measurement;
-- by id: nothing to do for ids not quarantined
SELECT * FROM stunting.resubmit_quarantine(ARRAY[-1]::bigint[]);
SELECT count(*) AS discrepancies FROM stunting.check_area_month();

-- interactive single-row entry still rejects, with the coded error
\set VERBOSITY default
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (70010, '2026-11-20', 12100, 86, 'h');
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (99999, '2026-11-20', 12, 86, 'h');
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, area_code) VALUES (70010, '2026-11-20', 12, 86, 'h', 'nowhere');
\set VERBOSITY terse

-- Stored rows: the table's owner inserting a row with its derived columns
-- (as pg_restore does) keeps it as it is, even one today's checks reject;
-- any other role's z and status are recomputed.
CREATE TEMP TABLE stored AS
SELECT * FROM stunting.measurement WHERE child_id = 70010 AND visit_date = '2026-11-30';
UPDATE stored SET id = 900001, weight_kg = 12100;          -- would be weight_in_grams
INSERT INTO stunting.measurement SELECT * FROM stored;
SELECT m.weight_kg, (m.z).zwei = (s.z).zwei AS z_as_stored, m.status = s.status AS status_as_stored
FROM stunting.measurement m JOIN stored s USING (id);
SELECT count(*) AS discrepancies FROM stunting.check_area_month();
DELETE FROM stunting.measurement WHERE id = 900001;
CREATE ROLE stunting_entry_test;
GRANT USAGE ON SCHEMA stunting TO stunting_entry_test;
GRANT SELECT, INSERT ON stunting.measurement TO stunting_entry_test;
GRANT SELECT ON stunting.child, stunting.area, stored TO stunting_entry_test;
SELECT stunting.grant_area('stunting_entry_test', '35.71', 'enter');  -- row-level security: the city
UPDATE stored SET id = 900002, weight_kg = 12.4, z = stunting.anthro_zscores('m', 100, 3, 50);
SET ROLE stunting_entry_test;
INSERT INTO stunting.measurement SELECT * FROM stored;
RESET ROLE;
SELECT (m.z).zwei = (stunting.anthro_zscores(c.sex, stunting.age_days(c.birth_date, m.visit_date)::float8, 12.4, m.lenhei_cm, 'h')).zwei AS recomputed
FROM stunting.measurement m JOIN stunting.child c ON c.id = m.child_id WHERE m.id = 900002;
DELETE FROM stunting.measurement WHERE id = 900002;
REVOKE ALL ON stunting.measurement, stunting.child, stunting.area, stored FROM stunting_entry_test;
SELECT stunting.revoke_area('stunting_entry_test') AS grants_revoked;
REVOKE USAGE ON SCHEMA stunting FROM stunting_entry_test;
DROP ROLE stunting_entry_test;

-- References, kept by the triggers: a child's area, a measurement's child
-- and area; a moved area code is carried along; an area in use stays.
\set VERBOSITY default
INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('m', '2025-01-01', 'nowhere');
UPDATE stunting.child SET area_code = 'nowhere' WHERE id = 70001;
DELETE FROM stunting.area WHERE code = '35.71.01.1003';
TRUNCATE stunting.area;
\set VERBOSITY terse
INSERT INTO stunting.area (code, name, level, parent_code) VALUES ('35.71.01.9999', 'Uji', 'village', '35.71.01');
UPDATE stunting.child SET area_code = '35.71.01.9999' WHERE id = 70003;  -- a move: past measurements stay where they were
SELECT count(*) FILTER (WHERE area_code = '35.71.01.9999') AS moved, count(*) AS measurements
FROM stunting.measurement WHERE child_id = 70003;
UPDATE stunting.measurement SET area_code = '35.71.01.9999' WHERE child_id = 70003 AND visit_date >= '2026-11-15';
UPDATE stunting.area SET code = '35.71.01.9998' WHERE code = '35.71.01.9999';
SELECT (SELECT area_code FROM stunting.child WHERE id = 70003) AS child_area,
       (SELECT count(*) FROM stunting.measurement WHERE area_code = '35.71.01.9998') AS measurements_carried,
       (SELECT count(*) FROM stunting.area_month_summary WHERE area_code = '35.71.01.9998' AND children > 0) AS summaries,
       (SELECT count(*) FROM stunting.area_month_summary WHERE area_code = '35.71.01.9999' AND children > 0) AS old_code_summaries;
SELECT count(*) AS discrepancies FROM stunting.check_area_month();
SELECT * FROM stunting.check_references();
-- a child's id changed: its measurements follow; a deleted child takes them along
UPDATE stunting.child SET id = 70200 WHERE id = 70004;
SELECT count(*) AS followed FROM stunting.measurement WHERE child_id = 70200;
DELETE FROM stunting.child WHERE id = 70200;
SELECT count(*) AS orphans FROM stunting.measurement WHERE child_id IN (70004, 70200);
SELECT count(*) AS discrepancies FROM stunting.check_area_month();

-- The summaries are applied when the transaction commits: inside it they
-- do not show its own entries, unless it asks for them.
BEGIN;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (70005, '2026-10-01', 12, 86, 'h');
SELECT count(*) AS summary_yet FROM stunting.area_month_summary WHERE month = '2026-10-01';
SET CONSTRAINTS stunting.measurement_summaries IMMEDIATE;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (70006, '2026-10-01', 12, 86, 'h');
SELECT sum(children) AS children_now FROM stunting.area_month_summary WHERE month = '2026-10-01';
COMMIT;
SELECT sum(children) AS after_commit FROM stunting.area_month_summary WHERE month = '2026-10-01';
-- a rolled-back savepoint leaves no trace in the summaries
BEGIN;
SAVEPOINT s;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (70007, '2026-10-02', 12, 86, 'h');
ROLLBACK TO SAVEPOINT s;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (70008, '2026-10-02', 12, 86, 'h');
COMMIT;
SELECT sum(children) AS october FROM stunting.area_month_summary WHERE month = '2026-10-01';
SELECT count(*) AS discrepancies FROM stunting.check_area_month();
-- a refresh inside a savepoint that rolls back is made again at commit
BEGIN;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (70009, '2026-10-03', 12, 86, 'h');
SAVEPOINT s;
SET CONSTRAINTS stunting.measurement_summaries IMMEDIATE;
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT sum(children) AS october FROM stunting.area_month_summary WHERE month = '2026-10-01';
SELECT count(*) AS discrepancies FROM stunting.check_area_month();
-- what writes the summaries as the owner is not anyone's to attach or call
CREATE ROLE stunting_entry_test;
GRANT USAGE ON SCHEMA stunting TO stunting_entry_test;
SET ROLE stunting_entry_test;
CREATE TEMP TABLE t (month date, area_code text);
CREATE TRIGGER wipe AFTER TRUNCATE ON t FOR EACH STATEMENT EXECUTE FUNCTION stunting.measurement_after_truncate();
CREATE TRIGGER note BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION stunting.measurement_note_area_month();
CREATE CONSTRAINT TRIGGER apply AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stunting.measurement_apply_summaries();
SELECT stunting.refresh_area_month(ARRAY['2026-10-01']::date[], ARRAY['junk']);
SELECT stunting.refresh_area_month();
RESET ROLE;
DROP TABLE IF EXISTS t;
REVOKE USAGE ON SCHEMA stunting FROM stunting_entry_test;
DROP ROLE stunting_entry_test;
-- the trigger functions are triggers only
SELECT stunting.measurement_note_area_month();
SELECT stunting.refresh_area_month(ARRAY['2026-10-01']::date[], ARRAY[]::text[]);
SELECT stunting.refresh_area_month(ARRAY[]::date[], ARRAY[]::text[]) AS nothing;

-- TRUNCATE keeps the summaries consistent
BEGIN;
TRUNCATE stunting.measurement;
SELECT (SELECT count(*) FROM stunting.area_month_summary) AS summaries, (SELECT count(*) FROM stunting.area_month) AS area_month;
ROLLBACK;
BEGIN;
TRUNCATE stunting.child;
SELECT (SELECT count(*) FROM stunting.measurement) AS measurements, (SELECT count(*) FROM stunting.area_month_summary) AS summaries;
-- with no child or measurement left, the areas may go too
TRUNCATE stunting.area;
SELECT count(*) AS areas FROM stunting.area;
ROLLBACK;

-- clean up
DELETE FROM stunting.measurement_quarantine;
DELETE FROM stunting.child WHERE id BETWEEN 70001 AND 70100;
DELETE FROM stunting.area WHERE code = '35.71.01.9998';
SELECT count(*) AS discrepancies FROM stunting.check_area_month();
