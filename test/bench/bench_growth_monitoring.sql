-- test/bench/bench_growth_monitoring.sql - the data set of
-- test/bench/bench_growth_monitoring.sh (read that script first: it starts
-- the cluster, loads month 3 through the triggers, times and reports).
--
-- psql variable: children.  Builds, deterministic (setseed; every random()
-- drawn in one scan of a MATERIALIZED CTE):
--   * areas: one regency (Kota Kediri, 35.71), 3 kecamatan, 46 kelurahan;
--   * :children children, sex m/f, aged 90-1790 days on 2026-03-15, in a
--     kelurahan (uniform) and one of its 8 posyandu, all on the KMS;
--   * bench_plan: per child, which of the months 2026-01, -02, -03 it is
--     weighed in (90 %: all three; 4 %: January and March, so March is O;
--     3 %: February and March; 3 %: March only, so March is B), the visit
--     day of each month (1-28), and its weight and length:
--       weight = WHO-like median for the age x exp(f + e_k), f ~ N(-0.1,
--       0.12) per child (about 2 % below -3 SD: BGM), e_k a random walk of
--       steps N(0, 0.03) (so month-on-month gains scatter about the median
--       gain: N, T and losses all occur, and T twice: 2T); 0.1 kg;
--       length = median x exp(g), g ~ N(-0.04, 0.035); 0.1 cm; measure l
--       before 731 days, h after;
--   * January and February in stunting.measurement, inserted with their
--     derived columns (z from stunting.anthro_zscores, status from
--     stunting.assess, area_code, month) with the user triggers disabled,
--     then stunting.refresh_area_month() and stunting.refresh_weighing():
--     the state before March's load.  March is the script's.
-- Median weight (kg) at age a months: 3.3 + 4.7 (1 - exp(-a/4.5)) + 0.17 a
-- (6.1 at 3 months, 9.7 at 12, 12.1 at 24, 18.2 at 60; WHO boys 6.4, 9.6,
-- 12.2, 18.3); length (cm): 50 + 25 (1 - exp(-a/8)) + 0.55 a (76 at 12,
-- 87 at 24, 108 at 60).  Girls 4 % lighter and 1.5 % shorter.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- (the owner's load with row_security off is not audited: a restore-like
-- load; the audit trail is not what this benchmark measures)
SET row_security = off;

CREATE EXTENSION IF NOT EXISTS stunting CASCADE;
CREATE EXTENSION IF NOT EXISTS pg_prewarm;
SELECT extversion AS stunting_version FROM pg_extension WHERE extname = 'stunting';

INSERT INTO stunting.area (code, name, level, parent_code) VALUES
    ('35.71', 'Kota Kediri', 'regency', NULL),
    ('35.71.01', 'Mojoroto', 'district', '35.71'),
    ('35.71.02', 'Kota', 'district', '35.71'),
    ('35.71.03', 'Pesantren', 'district', '35.71');
INSERT INTO stunting.area (code, name, level, parent_code)
SELECT '35.71.0' || (1 + (v - 1) / 16) || '.' || (1000 + v), 'Kelurahan ' || v, 'village',
       '35.71.0' || (1 + (v - 1) / 16)
FROM generate_series(1, 46) AS v;

CREATE TABLE bench_village AS
SELECT row_number() OVER (ORDER BY code) - 1 AS vk, code FROM stunting.area WHERE level = 'village';

SELECT setseed(0.903);
CREATE UNLOGGED TABLE bench_plan AS
WITH draw AS MATERIALIZED (
  SELECT i,
         random() AS u_sex, random() AS u_age, random() AS u_area, random() AS u_pos,
         random() AS u_pattern,
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS nf,
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS ng,
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS n1,
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS n2,
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS n3,
         random() AS d1, random() AS d2, random() AS d3
  FROM generate_series(1, :children) AS i
)
SELECT i AS child_id,
       CASE WHEN u_sex < 0.5 THEN 'm' ELSE 'f' END AS sex,
       date '2026-03-15' - (90 + floor(u_age * 1701))::int AS birth_date,
       floor(u_area * 46)::int AS village_k,
       1 + floor(u_pos * 8)::int AS posyandu_k,
       -- months weighed: 1 January, 2 February, 3 March
       CASE WHEN u_pattern < 0.90 THEN ARRAY[1, 2, 3]
            WHEN u_pattern < 0.94 THEN ARRAY[1, 3]
            WHEN u_pattern < 0.97 THEN ARRAY[2, 3]
            ELSE ARRAY[3] END AS months,
       -0.1 + 0.12 * nf AS f,
       -0.04 + 0.035 * ng AS g,
       ARRAY[0.03 * n1, 0.03 * (n1 + n2), 0.03 * (n1 + n2 + n3)] AS e,
       ARRAY[1 + floor(d1 * 28)::int, 1 + floor(d2 * 28)::int, 1 + floor(d3 * 28)::int] AS day
FROM draw;

INSERT INTO stunting.child (id, sex, birth_date, area_code, posyandu, kms)
SELECT p.child_id, p.sex, p.birth_date, v.code, v.code || '-P' || p.posyandu_k, true
FROM bench_plan p JOIN bench_village v ON v.vk = p.village_k
ORDER BY p.child_id;
SELECT setval(pg_get_serial_sequence('stunting.child', 'id'), :children);

-- The measurements of month k (1..3) of every child weighed then, with their
-- derived columns (the view the script inserts March from).
CREATE VIEW bench_month_rows AS
SELECT q.child_id, q.visit_date, q.weight_kg, q.lenhei_cm, q.measure, q.posyandu, q.area_code, q.k,
       q.z, stunting.assess(q.z) AS status
FROM (SELECT r.*, stunting.anthro_zscores(r.sex, (r.visit_date - r.birth_date)::float8,
                                          r.weight_kg, r.lenhei_cm, r.measure) AS z
      FROM (SELECT p.child_id, p.sex, p.birth_date, k, v.code AS area_code,
                   v.code || '-P' || p.posyandu_k AS posyandu,
                   (date '2026-01-01' + (k - 1) * interval '1 month')::date + p.day[k] - 1 AS visit_date,
                   round(((3.3 + 4.7 * (1 - exp(-a / 4.5)) + 0.17 * a)
                          * CASE p.sex WHEN 'f' THEN 0.96 ELSE 1 END * exp(p.f + p.e[k]))::numeric, 1)::float8 AS weight_kg,
                   round(((50 + 25 * (1 - exp(-a / 8)) + 0.55 * a)
                          * CASE p.sex WHEN 'f' THEN 0.985 ELSE 1 END * exp(p.g))::numeric, 1)::float8 AS lenhei_cm,
                   CASE WHEN a < 24 THEN 'l' ELSE 'h' END AS measure
            FROM bench_plan p
            JOIN bench_village v ON v.vk = p.village_k
            CROSS JOIN LATERAL unnest(p.months) AS k
            CROSS JOIN LATERAL (SELECT (((date '2026-01-01' + (k - 1) * interval '1 month')::date + p.day[k] - 1)
                                        - p.birth_date) / 30.4375::float8 AS a) AS age) r
      OFFSET 0) q;

-- January and February, as stored rows with the triggers off, then the
-- summaries and weighings computed once.
ALTER TABLE stunting.measurement DISABLE TRIGGER USER;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu, area_code, month, z, status)
SELECT child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu, area_code,
       date_trunc('month', visit_date)::date, z, status
FROM bench_month_rows WHERE k <= 2
ORDER BY k, child_id;
ALTER TABLE stunting.measurement ENABLE TRIGGER USER;
SELECT stunting.refresh_area_month() AS area_months_jan_feb;
SELECT stunting.refresh_weighing() AS weighings_jan_feb;
