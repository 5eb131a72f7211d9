-- test/bench/bench_zscores.sql - data set and timing loop for
-- test/bench/bench_zscores.sh (read that script first; it starts the cluster
-- and prints the report).
--
-- psql variables: rows (children to create), reps (timed runs per query).
-- psql's stdin (pstdin) must carry a WHO LMS file in the layout of
-- lenanthro.txt: tab-separated, a header line, then sex age l m s loh.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS stunting CASCADE;
CREATE EXTENSION IF NOT EXISTS pg_prewarm;

-- Baseline B's lookup table, as a DBA would load it from WHO's file.
CREATE TABLE lms_raw (sex int, age int, l float8, m float8, s float8, loh text);
\copy lms_raw FROM pstdin WITH (FORMAT csv, DELIMITER E'\t', HEADER true)

CREATE TABLE lms_lhfa (
  sex     text,
  age_day int,
  l       float8 NOT NULL,
  m       float8 NOT NULL,
  s       float8 NOT NULL,
  PRIMARY KEY (sex, age_day)
);
INSERT INTO lms_lhfa
SELECT CASE sex WHEN 1 THEN 'm' ELSE 'f' END, age, l, m, s FROM lms_raw;

-- 1M synthetic children under five.  Deterministic: setseed, and every
-- random() is drawn in one generate_series scan before any join.
SELECT setseed(0.2006);
CREATE TABLE children AS
WITH draw AS MATERIALIZED (
  SELECT i,
         CASE WHEN random() < 0.5 THEN 'm' ELSE 'f' END AS sex,
         random() * 1826 AS age_days,
         -- standard normal (Box-Muller)
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS zn,
         random() AS u_measure,
         random() AS u_bmi
  FROM generate_series(1, :rows) AS i
)
SELECT d.i AS id,
       d.sex,
       d.age_days,
       -- length around the WHO median, z ~ N(-1.2, 1.1): about 30 % stunted
       round((t.m * (1 + t.s * (-1.2 + 1.1 * d.zn)))::numeric, 1)::float8 AS lenhei_cm,
       -- mostly lying before 2 years and standing after, 5 % each way wrong,
       -- 5 % unknown
       CASE WHEN d.u_measure >= 0.95 THEN NULL
            WHEN (d.age_days < 731) = (d.u_measure < 0.90) THEN 'l'
            ELSE 'h' END AS measure,
       -- weight from a BMI of 14.5-18.5 kg/m2 at that length
       round(((14.5 + 4 * d.u_bmi) * (t.m * (1 + t.s * (-1.2 + 1.1 * d.zn)) / 100) ^ 2)::numeric, 1)::float8
         AS weight_kg
FROM draw d
JOIN lms_lhfa t ON t.sex = d.sex AND t.age_day = round(d.age_days)::int
ORDER BY d.i;

VACUUM ANALYZE children;
VACUUM ANALYZE lms_lhfa;

-- Baseline C, the other thing a DBA would write: the same lookup packaged
-- as a function, called once per row.  A SQL function with a FROM clause
-- is not inlined, so each call runs its query; that is slow enough that it
-- is timed on the first 100,000 children only, against zscore_lhfa on the
-- same rows.
CREATE TABLE children_100k AS SELECT * FROM children WHERE id <= 100000;
VACUUM ANALYZE children_100k;
CREATE FUNCTION lhfa_sql(p_sex text, p_age float8, p_len float8, p_measure text)
  RETURNS float8 LANGUAGE sql STABLE PARALLEL SAFE AS $f$
  SELECT round(((((p_len + CASE WHEN p_age < 731 AND p_measure = 'h' THEN 0.7::float8
                                WHEN p_age >= 731 AND p_measure = 'l' THEN -0.7::float8
                                ELSE 0::float8 END) / m) ^ l - 1) / (s * l))::numeric, 2)::float8
  FROM lms_lhfa WHERE sex = p_sex AND age_day = round(p_age)::int
$f$;

-- Pull both tables into shared_buffers, then scan once more so the OS and
-- the CPU caches are as warm as they will be for the timed runs.
SELECT pg_prewarm('children') > 0 AS children_prewarmed,
       pg_prewarm('children_100k') > 0 AS subset_prewarmed,
       pg_prewarm('lms_lhfa') > 0 AS lms_prewarmed;
SELECT count(*) AS children, pg_size_pretty(pg_relation_size('children')) AS size
FROM children;

-- The queries.  Baseline B is what one would write without the extension:
-- WHO's LMS table joined on sex and rounded age, the 0.7 cm adjustment as
-- CASE, round(..., 2) as WHO publishes (which needs numeric in SQL).  The
-- CASE constants are float8 so no numeric arithmetic happens per row beyond
-- the rounding itself.  anthro_zscores: written "(stunting.anthro_zscores(...)).zlen"
-- PostgreSQL would expand it into one call per referenced column; the
-- OFFSET 0 subquery keeps the call in the subquery's target list (evaluated
-- once per row) and the outer level only takes fields of the result.
CREATE TABLE bench_queries (id int PRIMARY KEY, name text, sql text);
INSERT INTO bench_queries VALUES
(0, 'scan only: count(*) (not in a ratio)',
 $q$SELECT count(*) FROM children$q$),
(1, 'baseline A (sum of 2 columns)',
 $q$SELECT sum(age_days + lenhei_cm) FROM children$q$),
(2, 'zscore_lhfa',
 $q$SELECT sum(stunting.zscore_lhfa(sex, age_days, lenhei_cm, measure)) FROM children$q$),
(3, 'anthro_zscores (zlen,zwei,zwfl,zbmi)',
 $q$SELECT sum((z).zlen), sum((z).zwei), sum((z).zwfl), sum((z).zbmi)
FROM (SELECT stunting.anthro_zscores(sex, age_days, weight_kg, lenhei_cm, measure) AS z
      FROM children OFFSET 0) AS s$q$),
(5, 'zscore_wfa (not in a ratio)',
 $q$SELECT sum(stunting.zscore_wfa(sex, age_days, weight_kg)) FROM children$q$),
(6, 'zscore_wflh (not in a ratio)',
 $q$SELECT sum(stunting.zscore_wflh(sex, weight_kg, lenhei_cm, measure, age_days)) FROM children$q$),
(7, 'zscore_bfa (not in a ratio)',
 $q$SELECT sum(stunting.zscore_bfa(sex, age_days, weight_kg, lenhei_cm, measure)) FROM children$q$),
(8, 'anthro_zscores, nothing to compute (row-building floor)',
 $q$SELECT sum((z).zlen), sum((z).zwei), sum((z).zwfl), sum((z).zbmi)
FROM (SELECT stunting.anthro_zscores(sex, age_days, NULL, NULL, measure) AS z
      FROM children OFFSET 0) AS s$q$),
(9, 'count(zscore_lhfa) (classification baseline)',
 $q$SELECT count(stunting.zscore_lhfa(sex, age_days, lenhei_cm, measure)) FROM children$q$),
(10, 'count(classify_lhfa(zscore_lhfa))',
 $q$SELECT count(stunting.classify_lhfa(stunting.zscore_lhfa(sex, age_days, lenhei_cm, measure))) FROM children$q$),
(11, 'zscore_lhfa, first 100,000 children',
 $q$SELECT sum(stunting.zscore_lhfa(sex, age_days, lenhei_cm, measure)) FROM children_100k$q$),
(12, 'baseline C (plain-SQL lookup function), first 100,000 children',
 $q$SELECT sum(lhfa_sql(sex, age_days, lenhei_cm, measure)) FROM children_100k$q$),
(4, 'baseline B (plain-SQL LMS join)',
 $q$SELECT sum(round(((((c.lenhei_cm
            + CASE WHEN c.age_days < 731 AND c.measure = 'h' THEN 0.7::float8
                   WHEN c.age_days >= 731 AND c.measure = 'l' THEN -0.7::float8
                   ELSE 0::float8 END) / t.m) ^ t.l - 1) / (t.s * t.l))::numeric, 2))
FROM children c
JOIN lms_lhfa t ON t.sex = c.sex AND t.age_day = round(c.age_days)::int$q$);

-- Show the plans once (no ANALYZE: the timed runs below stay unperturbed).
SELECT format('EXPLAIN (VERBOSE, COSTS OFF) %s', sql) FROM bench_queries ORDER BY id
\gexec

-- Timing: server-side wall clock around EXECUTE, so neither psql nor the
-- socket is measured, and no EXPLAIN ANALYZE instrumentation (a clock read
-- per row per node) distorts the cheap queries.  Runs go round-robin
-- (run 1 of every query, then run 2, ...) so that a slow patch of the
-- machine hits every query alike; run 0 is an untimed warm-up.
CREATE TABLE bench_runs (id int, run int, ms float8);

CREATE FUNCTION bench_once(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  t0  timestamptz;
  res record;
BEGIN
  t0 := clock_timestamp();
  EXECUTE q INTO res;
  RETURN 1000 * extract(epoch FROM clock_timestamp() - t0);
END $$;

SELECT set_config('bench.reps', :'reps', false) IS NOT NULL AS reps_set;
DO $$
DECLARE
  reps int := current_setting('bench.reps')::int;
  q    record;
  ms   float8;
BEGIN
  FOR r IN 0 .. reps LOOP
    FOR q IN SELECT * FROM bench_queries ORDER BY id LOOP
      ms := bench_once(q.sql);
      IF r > 0 THEN
        INSERT INTO bench_runs VALUES (q.id, r, ms);
      END IF;
    END LOOP;
  END LOOP;
END $$;
