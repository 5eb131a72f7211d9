-- Growth monitoring at the posyandu: the KMS month of age, the KBM and its
-- editions, N/T/O/B of a pair of weighings, the stored codes of every
-- weighing (stunting.weighing) under late entries, corrections, deletes and
-- two weighings in a month, 2T and BGM, the SKDN report against an
-- independent count, the referral list, the labels.
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- KMS month (calendar months from the birth month) against completed months
SELECT b::date AS birth, v::date AS visit, stunting.kms_month(b::date, v::date) AS kms_month,
       stunting.age_months_completed(b::date, v::date) AS completed
FROM (VALUES ('2025-01-31', '2025-01-31'), ('2025-01-01', '2025-01-31'), ('2025-01-31', '2025-02-01'),
             ('2025-01-15', '2025-02-14'), ('2025-01-15', '2025-02-15'), ('2024-02-29', '2025-02-28'),
             ('2020-12-31', '2025-12-01')) AS t(b, v);
SELECT regress.err('SELECT stunting.kms_month(''2025-02-01'', ''2025-01-31'')') AS visit_before_birth,
       regress.err('SELECT stunting.kms_month(''2025-02-01'', ''infinity'')') AS infinite;

-- The shipped KBM (Buku KIA 2023) by KMS month; none for the birth month or after 60
SELECT pg_catalog.string_agg(m || ':' || COALESCE(stunting.kbm(m)::text, '-'), ' ' ORDER BY m) AS kbm
FROM generate_series(0, 13) AS m;
SELECT stunting.kbm(60) AS at_60, stunting.kbm(61) AS at_61, stunting.kbm(NULL) AS null_month,
       stunting.kbm(7, 'buku-kia-2023') AS month_7, stunting.kbm(7, 'no such edition') AS unknown_edition,
       stunting.kms_reference_in_use() AS in_use;
SELECT version, bgm_z, source FROM stunting.kms_reference;

-- Pairs of weighings: B, O, N at exactly the KBM (8.0 -> 8.2 kg is 200 g,
-- not 199.99999999999929), T 1 g short, T for nothing and for a loss,
-- NULL with no KBM, NULL without a weight
SELECT label, stunting.weight_gain_status(pv::date, pw, v::date, w, kbm) AS gain,
       CASE WHEN pw IS NOT NULL AND w IS NOT NULL THEN stunting.weight_gain_g(pw, w) END AS gain_g
FROM (VALUES ('first weighing',           NULL,          NULL,  '2025-03-10', 8.0,   200),
             ('not weighed last month',   '2025-01-28',  7.0,   '2025-03-01', 8.0,   200),
             ('gap of a year',            '2024-03-31',  7.0,   '2025-03-01', 8.0,   200),
             ('exactly the KBM',          '2025-02-28',  8.0,   '2025-03-01', 8.2,   200),
             ('one gram short',           '2025-02-10',  8.0,   '2025-03-10', 8.199, 200),
             ('one gram over',            '2025-02-10',  8.0,   '2025-03-10', 8.201, 200),
             ('no gain',                  '2025-02-10',  8.0,   '2025-03-10', 8.0,   200),
             ('a loss',                   '2025-02-10',  8.0,   '2025-03-10', 7.9,   200),
             ('800 g at month 1',         '2025-01-20',  3.3,   '2025-02-20', 4.1,   800),
             ('no KBM for the age',       '2025-02-10',  8.0,   '2025-03-10', 8.5,   NULL),
             ('no KBM, first weighing',   NULL,          NULL,  '2025-03-10', 8.5,   NULL),
             ('no KBM, not last month',   '2025-01-10',  8.0,   '2025-03-10', 8.5,   NULL),
             ('no weight',                '2025-02-10',  8.0,   '2025-03-10', NULL,  200),
             ('no visit',                 '2025-02-10',  8.0,   NULL,         8.2,   200)) AS t(label, pv, pw, v, w, kbm);
-- with the birth date: the KBM of the KMS month in use (born in January,
-- weighed in August: month 7, 400 g)
SELECT stunting.weight_gain_status('2025-01-20'::date, '2025-07-05'::date, 7.0, '2025-08-05'::date, 7.4) AS month_7_400g,
       stunting.weight_gain_status('2025-01-20'::date, '2025-07-05'::date, 7.0, '2025-08-05'::date, 7.399) AS month_7_399g;
SELECT q, regress.err(q) FROM unnest(ARRAY[
  'SELECT stunting.weight_gain_status(''2025-03-01''::date, 8, ''2025-03-20''::date, 8.2, 200)',
  'SELECT stunting.weight_gain_status(''2025-04-01''::date, 8, ''2025-03-20''::date, 8.2, 200)',
  'SELECT stunting.weight_gain_status(''2025-02-01''::date, NULL, ''2025-03-20''::date, 8.2, 200)',
  'SELECT stunting.weight_gain_status(''2025-02-01''::date, 8, ''2025-03-20''::date, 0, 200)',
  'SELECT stunting.weight_gain_status(''2025-02-01''::date, -1, ''2025-03-20''::date, 8, 200)',
  'SELECT stunting.weight_gain_status(''2025-02-01''::date, 8, ''2025-03-20''::date, ''NaN'', 200)',
  'SELECT stunting.weight_gain_status(''2025-02-01''::date, 8, ''2025-03-20''::date, 8.2, 0)',
  'SELECT stunting.weight_gain_status(''-infinity''::date, 8, ''2025-03-20''::date, 8.2, 200)',
  'SELECT stunting.weight_gain_status(NULL, NULL, ''infinity''::date, 8.2, 200)',
  'SELECT stunting.weight_gain_g(8, ''Infinity'')'
]) AS q;

-- F1 age groups, both sides of each boundary
SELECT pg_catalog.string_agg(a || ':' || COALESCE(stunting.skdn_age_group(a), '-'), ' ' ORDER BY a) AS groups
FROM unnest(ARRAY[-1, 0, 12, 13, 36, 37, 60, 61]) AS a;

-- Labels of the codes and of the SKDN columns, both languages
SELECT g AS code, stunting.label(g, 'id') AS id, stunting.label(g, 'en') AS en
FROM unnest(enum_range(NULL::stunting.weight_gain)) AS g;
SELECT c AS code, stunting.skdn_label(c, 'id') AS id, stunting.skdn_label(c, 'en-GB') AS en
FROM unnest(ARRAY['S', 'K', 'D', 'N', 'T', 'O', 'B', '2T', 'BGM', 'D/S', 'K/S', 'N/D', 'N/(D-O-B)', 'BGM/D']) AS c;
SET stunting.language = 'en';
SELECT stunting.skdn_label('D') AS setting_en, stunting.label('T'::stunting.weight_gain) AS t_en;
RESET stunting.language;
SELECT stunting.skdn_label('D') AS setting_id, regress.err('SELECT stunting.skdn_label(''X'')') AS bad_code,
       regress.err('SELECT stunting.skdn_label(''D'', ''fr'')') AS bad_language;

-- ------------------------------------------------------------------------
-- Stored codes.  A city of two kelurahan, one with two posyandu.
INSERT INTO stunting.area (code, name, level, parent_code) VALUES
  ('97.01', 'Kota Uji', 'regency', NULL),
  ('97.01.01', 'Kecamatan Uji', 'district', '97.01'),
  ('97.01.01.1001', 'Kelurahan Satu', 'village', '97.01.01'),
  ('97.01.01.1002', 'Kelurahan Dua', 'village', '97.01.01');

-- Children 97001-97009 (birth dates chosen for the KMS months below)
INSERT INTO stunting.child (id, sex, birth_date, area_code, posyandu, kms) VALUES
  (97001, 'f', '2025-01-15', '97.01.01.1001', 'Melati', true),   -- B N T 2T, then O T (no 2T across O)
  (97002, 'm', '2024-03-10', '97.01.01.1001', 'Mawar', true),    -- two weighings in a month, late entry
  (97003, 'm', '2024-06-01', '97.01.01.1002', NULL, false),       -- B T, then B again after its first is deleted
  (97004, 'f', '2025-05-20', '97.01.01.1001', 'Melati', NULL),   -- BGM
  (97005, 'm', '2025-01-10', '97.01.01.1002', NULL, true),        -- KMS month 7: KBM 400 or 300 by edition
  (97006, 'f', '2020-08-01', '97.01.01.1002', NULL, true),        -- past 60 months: no KBM, not in SKDN
  (97007, 'm', '2025-02-01', '97.01.01.1001', 'Mawar', true),    -- height only: no weighing
  (97008, 'f', '2025-06-01', '97.01.01.1001', 'Melati', true),   -- not weighed this month: counts in K only
  (97009, 'f', '2025-05-20', '97.01.01.1002', NULL, true);        -- underweight, above the red line

INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, posyandu) VALUES
  (97001, '2025-05-05', 6.0, 61.0, 'Melati'),
  (97001, '2025-06-05', 6.6, 63.0, 'Melati'),   -- +600 >= KBM(5) 500: N
  (97001, '2025-07-05', 6.8, 64.0, 'Melati'),   -- +200 < 400: T
  (97001, '2025-08-05', 6.9, 65.0, 'Melati'),   -- +100 < 400: T, 2T
  (97001, '2025-10-05', 7.0, 66.0, 'Melati'),   -- September missed: O
  (97001, '2025-11-05', 7.1, 67.0, 'Melati'),   -- +100 < 300: T, not 2T (O before)
  (97002, '2025-09-02', 10.0, 80.0, 'Mawar'),
  (97002, '2025-11-03', 10.1, 81.0, 'Mawar'),   -- counted until the later one arrives
  (97002, '2025-11-25', 10.4, 81.5, 'Mawar'),   -- the latest of November counts: O
  (97003, '2025-10-10', 9.0, 75.0, NULL),
  (97003, '2025-11-10', 9.1, 76.0, NULL),       -- +100 < 200: T
  (97004, '2025-11-12', 3.6, 58.0, 'Melati'),   -- weight-for-age far below -3 SD: BGM
  (97005, '2025-07-01', 7.5, 67.0, NULL),
  (97005, '2025-08-01', 7.85, 68.0, NULL),      -- +350 at KMS month 7: T by 400, N by 300
  (97006, '2025-10-20', 16.0, 105.0, NULL),
  (97006, '2025-11-20', 16.1, 105.5, NULL),     -- KMS month 63: no KBM
  (97007, '2025-11-05', NULL, 70.0, 'Mawar'),
  (97009, '2025-11-06', 5.2, 60.0, NULL);       -- weight-for-age -2.62: BGM only for a line at -2

CREATE TEMP VIEW w AS
SELECT child_id, to_char(month, 'YYYY-MM') AS month, visit_date, posyandu, weight_kg, kms_month, age_months,
       gain_g, kbm_g, gain, two_t, bgm
FROM stunting.weighing WHERE child_id BETWEEN 97001 AND 97009;
SELECT * FROM w ORDER BY child_id, month;

-- 2T across B: a T right after the first weighing is not 2T
SELECT child_id, month, gain, two_t FROM w WHERE child_id = 97003;

-- Two weighings in a month: the latest counts; deleted, the earlier counts
DELETE FROM stunting.measurement WHERE child_id = 97002 AND visit_date = '2025-11-25';
SELECT child_id, month, visit_date, weight_kg, gain FROM w WHERE child_id = 97002 ORDER BY month;

-- A late entry of October turns November's O into a comparison (+100 < 200: T)
-- and the late month itself compares with September (+50: T)
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, posyandu)
VALUES (97002, '2025-10-04', 10.05, 80.5, 'Mawar');
SELECT child_id, month, gain_g, kbm_g, gain, two_t FROM w WHERE child_id = 97002 ORDER BY month;
-- ... and November is now 2T
SELECT two_t FROM w WHERE child_id = 97002 AND month = '2025-11';

-- A correction of the weight carries forward: 97001's August +100 becomes
-- +500 (N), so August is no longer 2T
UPDATE stunting.measurement SET weight_kg = 7.3 WHERE child_id = 97001 AND visit_date = '2025-08-05';
SELECT child_id, month, gain_g, gain, two_t FROM w WHERE child_id = 97001 ORDER BY month;
UPDATE stunting.measurement SET weight_kg = 6.9 WHERE child_id = 97001 AND visit_date = '2025-08-05';

-- A corrected birth date changes the KMS month and so the KBM: 97005 born
-- a month later is at month 6 in August (KBM 400 either way)
UPDATE stunting.child SET birth_date = '2025-02-10' WHERE id = 97005;
SELECT child_id, month, kms_month, kbm_g, gain FROM w WHERE child_id = 97005 ORDER BY month;
UPDATE stunting.child SET birth_date = '2025-01-10' WHERE id = 97005;
SELECT child_id, month, kms_month, kbm_g, gain FROM w WHERE child_id = 97005 ORDER BY month;

-- The first weighing deleted: the next one is B
DELETE FROM stunting.measurement WHERE child_id = 97003 AND visit_date = '2025-10-10';
SELECT child_id, month, gain FROM w WHERE child_id = 97003;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm) VALUES (97003, '2025-10-10', 9.0, 75.0);

-- Within a transaction the codes are those of the last commit, unless the
-- summaries are applied per statement
BEGIN;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, posyandu)
VALUES (97008, '2025-10-01', 6.0, 63.0, 'Melati');
SELECT count(*) AS before_commit FROM w WHERE child_id = 97008;
SET CONSTRAINTS stunting.measurement_summaries IMMEDIATE;
SELECT count(*) AS applied FROM w WHERE child_id = 97008;
ROLLBACK;
SELECT count(*) AS after_rollback FROM w WHERE child_id = 97008;

SELECT count(*) AS mismatches FROM stunting.check_weighing();

-- ------------------------------------------------------------------------
-- The KBM replaced by the DBA: the other reading of the merged cells
-- (7: 300, 11: 200) as a local edition.  97005's +350 at month 7 is T by the
-- shipped edition, N by this one.
SELECT regress.err($$UPDATE stunting.kbm SET min_gain_g = 300 WHERE version = 'buku-kia-2023' AND kms_month = 7$$) AS shipped_kbm,
       regress.err($$DELETE FROM stunting.kms_reference WHERE version = 'buku-kia-2023'$$) AS shipped_edition,
       regress.err($$INSERT INTO stunting.kbm VALUES ('buku-kia-2023', 61, 200)$$) AS shipped_insert,
       regress.err($$SELECT stunting.use_kms_reference('dinkes-uji')$$) AS unknown_edition;
-- an edition chosen in the table directly, before its rows exist (as
-- pg_restore -j may load them), counts as the shipped one until they arrive
INSERT INTO stunting.kms_in_use (version) VALUES ('dinkes-uji');
SELECT stunting.kms_reference_in_use() AS in_use_before_its_rows;
DELETE FROM stunting.kms_in_use;
INSERT INTO stunting.kms_reference (version, source) VALUES ('dinkes-uji', 'Dinas Kesehatan Kota Uji, KMS reading 7: 300, 11: 200');
SELECT regress.err($$SELECT stunting.use_kms_reference('dinkes-uji')$$) AS edition_without_kbm;
INSERT INTO stunting.kbm (version, kms_month, min_gain_g)
SELECT 'dinkes-uji', m, CASE WHEN m = 7 THEN 300 WHEN m = 11 THEN 200 ELSE stunting.kbm(m, 'buku-kia-2023') END
FROM generate_series(1, 60) AS m;
SELECT gain AS before_use FROM w WHERE child_id = 97005 AND month = '2025-08';
SELECT stunting.use_kms_reference('dinkes-uji');
SELECT stunting.kms_reference_in_use() AS in_use, stunting.kbm(7) AS kbm_7, stunting.kbm(11) AS kbm_11;
SELECT child_id, month, kbm_g, gain FROM w WHERE child_id = 97005 AND month = '2025-08';
SELECT DISTINCT kms_version FROM stunting.weighing;
SELECT regress.err($$DELETE FROM stunting.kms_reference WHERE version = 'dinkes-uji'$$) AS delete_in_use;
-- a change to the edition in use recomputes the codes
UPDATE stunting.kbm SET min_gain_g = 350 WHERE version = 'dinkes-uji' AND kms_month = 7;
SELECT gain AS at_350 FROM w WHERE child_id = 97005 AND month = '2025-08';
UPDATE stunting.kbm SET min_gain_g = 351 WHERE version = 'dinkes-uji' AND kms_month = 7;
SELECT gain AS at_351 FROM w WHERE child_id = 97005 AND month = '2025-08';
SELECT count(*) AS differences_by_edition FROM (
    SELECT * FROM stunting.weighing_of_month('2025-08-01') EXCEPT SELECT * FROM stunting.weighing WHERE month = '2025-08-01') x;
-- a red line of the edition: at -2 SD, 97009 (-2.62) is BGM too
UPDATE stunting.kms_reference SET bgm_z = -2 WHERE version = 'dinkes-uji';
SELECT count(*) FILTER (WHERE bgm) AS bgm_at_minus_2 FROM w;
SELECT stunting.use_kms_reference('buku-kia-2023');
SELECT stunting.kms_reference_in_use() AS in_use, (SELECT count(*) FROM stunting.kms_in_use) AS rows_in_use;
SELECT gain AS back_to_shipped FROM w WHERE child_id = 97005 AND month = '2025-08';
SELECT count(*) FILTER (WHERE bgm) AS bgm_at_minus_3 FROM w;
DELETE FROM stunting.kbm WHERE version = 'dinkes-uji';
DELETE FROM stunting.kms_reference WHERE version = 'dinkes-uji';
SELECT count(*) AS mismatches FROM stunting.check_weighing();

-- ------------------------------------------------------------------------
-- SKDN of November 2025 with a target population: Kelurahan Satu by
-- posyandu, Kelurahan Dua as a whole.
INSERT INTO stunting.target_population (month, area_code, posyandu, age_group, children, source) VALUES
  ('2025-11-01', '97.01.01.1001', 'Melati', '0-12', 4, 'uji'),
  ('2025-11-01', '97.01.01.1001', 'Mawar', '0-12', 2, 'uji'),
  ('2025-11-01', '97.01.01.1001', 'Mawar', '13-36', 3, 'uji'),
  ('2025-11-01', '97.01.01.1002', '', '0-12', 2, 'uji'),
  ('2025-11-01', '97.01.01.1002', '', '13-36', 4, 'uji'),
  ('2025-11-01', '97.01.01.1002', '', '37-60', 1, 'uji');
SELECT regress.err($$INSERT INTO stunting.target_population VALUES ('2025-11-02', '97.01.01.1002', '', '0-12', 1, NULL)$$) AS not_a_month,
       regress.err($$INSERT INTO stunting.target_population VALUES ('2025-11-01', '97.01.01.1002', '', '0-59', 1, NULL)$$) AS bad_group;

SELECT level, code, name, posyandu, age_group, s, k, d, n, t, o, b, two_t, bgm,
       round(d_s_pct::numeric, 1) AS d_s, round(k_s_pct::numeric, 1) AS k_s, round(n_d_pct::numeric, 1) AS n_d,
       round(n_d_ob_pct::numeric, 1) AS n_d_ob, round(bgm_d_pct::numeric, 1) AS bgm_d
FROM stunting.skdn('2025-11-17') WHERE code LIKE '97.%';

-- The same counts, independently: from the measurements with the full
-- history of each child, the KBM table and the target table
CREATE TEMP TABLE independent AS
WITH counted AS (
    SELECT DISTINCT ON (m.child_id, m.month) m.child_id, m.month, m.visit_date, m.weight_kg, m.area_code, m.posyandu,
           c.birth_date, (m.z).zwei AS zwei, (m.z).fwei AS fwei
    FROM stunting.measurement m JOIN stunting.child c ON c.id = m.child_id
    WHERE m.weight_kg IS NOT NULL AND m.area_code LIKE '97.%'
    ORDER BY m.child_id, m.month, m.visit_date DESC, m.id DESC),
seq AS (
    SELECT c.*, lag(c.month) OVER w AS pm, lag(c.weight_kg) OVER w AS pw,
           row_number() OVER w AS nth
    FROM counted c WINDOW w AS (PARTITION BY c.child_id ORDER BY c.month)),
coded AS (
    SELECT s.*, (extract(year FROM age(s.visit_date, s.birth_date)) * 12 + extract(month FROM age(s.visit_date, s.birth_date)))::int AS am,
           CASE WHEN s.nth = 1 THEN 'B'
                WHEN s.pm <> s.month - interval '1 month' THEN 'O'
                WHEN (SELECT b.min_gain_g FROM stunting.kbm b WHERE b.version = 'buku-kia-2023'
                      AND b.kms_month = (extract(year FROM s.visit_date) - extract(year FROM s.birth_date)) * 12
                                        + extract(month FROM s.visit_date) - extract(month FROM s.birth_date)) IS NULL THEN NULL
                WHEN round((s.weight_kg - s.pw) * 1000) >= (SELECT b.min_gain_g FROM stunting.kbm b WHERE b.version = 'buku-kia-2023'
                      AND b.kms_month = (extract(year FROM s.visit_date) - extract(year FROM s.birth_date)) * 12
                                        + extract(month FROM s.visit_date) - extract(month FROM s.birth_date))
                     AND s.weight_kg > s.pw THEN 'N'
                ELSE 'T' END AS code
    FROM seq s),
two AS (
    SELECT c.*, (c.code = 'T' AND lag(c.code) OVER w = 'T' AND lag(c.month) OVER w = c.month - interval '1 month') IS TRUE AS tt
    FROM coded c WINDOW w AS (PARTITION BY c.child_id ORDER BY c.month))
SELECT t.area_code, count(*) AS d, count(*) FILTER (WHERE code = 'N') AS n, count(*) FILTER (WHERE code = 'T') AS t,
       count(*) FILTER (WHERE code = 'O') AS o, count(*) FILTER (WHERE code = 'B') AS b,
       count(*) FILTER (WHERE tt) AS two_t, count(*) FILTER (WHERE zwei < -3 AND NOT fwei) AS bgm
FROM two t WHERE t.month = '2025-11-01' AND t.am BETWEEN 0 AND 60
GROUP BY t.area_code;
SELECT * FROM independent ORDER BY area_code;
SELECT count(*) AS differences FROM (
    (SELECT code, d, n, t, o, b, two_t, bgm FROM stunting.skdn('2025-11-01')
     WHERE level = 'village' AND age_group = '0-60' AND code LIKE '97.%'
     EXCEPT SELECT area_code, d, n, t, o, b, two_t, bgm FROM independent)
    UNION ALL
    (SELECT area_code, d, n, t, o, b, two_t, bgm FROM independent
     EXCEPT SELECT code, d, n, t, o, b, two_t, bgm FROM stunting.skdn('2025-11-01')
     WHERE level = 'village' AND age_group = '0-60' AND code LIKE '97.%')) x;
-- S and K independently
SELECT (SELECT sum(children) FROM stunting.target_population WHERE month = '2025-11-01' AND area_code LIKE '97.%') AS s,
       (SELECT s FROM stunting.skdn('2025-11-01') WHERE code = '97.01' AND age_group = '0-60') AS skdn_s,
       (SELECT count(*) FROM stunting.child WHERE kms AND area_code LIKE '97.%' AND birth_date <= '2025-11-30'
          AND age('2025-11-30', birth_date) <= interval '60 months 30 days') AS k,
       (SELECT k FROM stunting.skdn('2025-11-01') WHERE code = '97.01' AND age_group = '0-60') AS skdn_k;

-- A month without weighings still reports S and K; a month before any
-- target population has S NULL
SELECT level, code, posyandu, age_group, s, k, d FROM stunting.skdn('2025-12-01')
WHERE code LIKE '97.%' AND age_group = '0-60' AND level <> 'posyandu';
SELECT level, code, s, d, d_s_pct FROM stunting.skdn('2025-10-01')
WHERE code LIKE '97.%' AND age_group = '0-60' AND level = 'village';

-- The referral list of November: 2T, BGM and a new stunting
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, posyandu) VALUES
  (97007, '2025-10-05', NULL, 70.0, 'Mawar');  -- 97007: not stunted in October
UPDATE stunting.measurement SET lenhei_cm = 66.0 WHERE child_id = 97007 AND visit_date = '2025-11-05';  -- stunted in November
SELECT child_id, month, (status).stunted FROM (
  SELECT DISTINCT ON (child_id, month) child_id, to_char(month, 'YYYY-MM') AS month, status
  FROM stunting.measurement WHERE child_id = 97007 ORDER BY child_id, month, visit_date DESC, id DESC) x ORDER BY month;
SELECT * FROM stunting.referrals('2025-11-01') WHERE area_code LIKE '97.%';
SELECT * FROM stunting.referrals('2025-08-01') WHERE area_code LIKE '97.%';

-- ------------------------------------------------------------------------
-- Deleting a child takes its weighings; TRUNCATE is in the access test.
DELETE FROM stunting.child WHERE id = 97004;
SELECT count(*) AS weighings_of_deleted_child FROM stunting.weighing WHERE child_id = 97004;
SELECT stunting.refresh_weighing() > 0 AS refreshed_all, count(*) AS mismatches FROM stunting.check_weighing();
SELECT regress.err('SELECT stunting.refresh_weighing(ARRAY[1]::bigint[], ARRAY[]::date[])') AS uneven_arrays;

-- A stored row that disagrees is found by check_weighing
UPDATE stunting.weighing SET gain = 'N' WHERE child_id = 97003 AND month = '2025-11-01';
SELECT child_id, month FROM stunting.check_weighing();
SELECT stunting.refresh_weighing(ARRAY[97003]::bigint[], ARRAY['2025-11-01']::date[]) AS rewritten;
SELECT count(*) AS mismatches FROM stunting.check_weighing();

-- The same rows derived again for a whole month in one pass, every month
-- with weighings (any day names its month); a month not finite is an error
CREATE FUNCTION pg_temp.month_differences(in_month date) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM (
        (SELECT * FROM stunting.weighing_of_month(in_month)
         EXCEPT ALL SELECT * FROM stunting.weighing w WHERE w.month = date_trunc('month', in_month))
        UNION ALL
        (SELECT * FROM stunting.weighing w WHERE w.month = date_trunc('month', in_month)
         EXCEPT ALL SELECT * FROM stunting.weighing_of_month(in_month))) x $$;
SELECT count(*) AS months, sum(pg_temp.month_differences(month)) AS differences,
       sum(pg_temp.month_differences(month + 20)) AS differences_mid_month
FROM (SELECT DISTINCT month FROM stunting.weighing) m;
SELECT child_id, to_char(month, 'YYYY-MM') AS month, gain, two_t, bgm, gain_g, kbm_g
FROM stunting.weighing_of_month('2025-11-01') WHERE child_id BETWEEN 97001 AND 97009 ORDER BY child_id;
SELECT count(*) AS rows_before_any_weighing FROM stunting.weighing_of_month('1990-01-01');
SELECT regress.err($$SELECT * FROM stunting.weighing_of_month('infinity')$$) AS infinite_month;

-- Clean up: the tests after this one count every child
DELETE FROM stunting.target_population WHERE area_code LIKE '97.%';
DELETE FROM stunting.child WHERE id BETWEEN 97001 AND 97009;
DELETE FROM stunting.area_month_summary WHERE area_code LIKE '97.%';
DELETE FROM stunting.area WHERE code LIKE '97.%' AND level = 'village';
DELETE FROM stunting.area WHERE code LIKE '97.%' AND level = 'district';
DELETE FROM stunting.area WHERE code LIKE '97.%';
SELECT count(*) AS weighings_left FROM stunting.weighing WHERE child_id BETWEEN 97001 AND 97009;

-- The simulators of the demo, on the suite's simulated children, rolled
-- back: every weight redrawn along a track, the codes recomputed at the
-- end of the statement; the registry and the target population filled
BEGIN;
SET CONSTRAINTS stunting.measurement_summaries IMMEDIATE;
SELECT children FROM stunting.simulate_children(300, 5, 3, '2026-06-01');
CREATE TEMP TABLE before_weights AS SELECT id, weight_kg FROM stunting.measurement WHERE weight_kg IS NOT NULL AND (z).zwei IS NOT NULL;
SELECT t.measurements + t.kept = (SELECT count(*) FROM before_weights) AS every_weight_redrawn_or_kept,
       t.kept < t.measurements / 100 AS few_kept
FROM stunting.simulate_growth_trajectories(17, 0.05) t;
SELECT round(count(*) FILTER (WHERE m.weight_kg <> b.weight_kg)::numeric / count(*), 1) AS share_changed,
       count(*) FILTER (WHERE m.weight_kg * 10 <> round(m.weight_kg * 10)) AS not_to_100_g
FROM stunting.measurement m JOIN before_weights b ON b.id = m.id;
SELECT count(*) AS mismatches FROM stunting.check_weighing();
SELECT regress.err('SELECT stunting.simulate_growth_trajectories(1, 1)') AS bad_faltering;
CREATE TEMP TABLE registry AS SELECT * FROM stunting.simulate_target_population(17, 0.8, 0.9);
SELECT p.children = (SELECT count(*) FROM stunting.child) AS every_child,
       p.with_kms = (SELECT count(*) FROM stunting.child WHERE kms) AS kms_counted,
       round(p.with_kms::numeric / p.children, 1) AS share_kms,
       p.target_rows = (SELECT count(*) FROM stunting.target_population) AS target_rows
FROM registry p;
-- S = the registered children of the group / 0.8, rounded up
SELECT count(*) AS wrong_s FROM stunting.target_population t
WHERE t.children <> ceil((SELECT count(*) FROM stunting.child c
                          WHERE c.area_code = t.area_code AND c.birth_date < t.month + interval '1 month'
                            AND stunting.skdn_age_group(stunting.age_months_completed(c.birth_date, (t.month + interval '1 month - 1 day')::date)) = t.age_group) / 0.8);
SELECT regress.err('SELECT stunting.simulate_target_population(1, 0)') AS bad_registered;
ROLLBACK;
