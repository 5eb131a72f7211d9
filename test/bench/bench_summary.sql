-- test/bench/bench_summary.sql - data set and timing loop for
-- test/bench/bench_summary.sh (read that script first; it starts the
-- cluster, measures memory in fresh connections and prints the report).
--
-- psql variables: rows (children in the big table), small (children in the
-- small one, for the memory check), reps (timed runs per query), clk_tck
-- (the kernel's clock ticks a second: getconf CLK_TCK).

\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS stunting CASCADE;
CREATE EXTENSION IF NOT EXISTS pg_prewarm;
SELECT extversion AS stunting_version FROM pg_extension WHERE extname = 'stunting';

-- Children under five in the 46 kelurahan of one city (Kota Kediri), with
-- their z-scores computed once.  Deterministic: setseed, and every random()
-- is drawn in one generate_series scan.
--   * sex m/f, half each; age 0 to 1826 days (0-59 months), with fractions;
--   * length around a WHO-like median (49.9 cm at birth, 75.7 at 1 year,
--     107.6 at 5; 0.8 cm less for girls), z ~ N(-1.2, 1.1): about 28 %
--     stunted; rounded to 0.1 cm;
--   * measure mostly l before 731 days and h after, 5 % each way wrong,
--     5 % unknown;
--   * weight from a BMI of 14.5-18.5 at that length, 0.1 kg; 2 % missing;
--   * oedema in 0.5 %;
--   * area 1..46 (the kelurahan), uniform; city 1 for everyone (one group).
SELECT setseed(0.46);
CREATE TABLE children AS
WITH draw AS MATERIALIZED (
  SELECT i,
         CASE WHEN random() < 0.5 THEN 'm' ELSE 'f' END AS sex,
         random() * 1826 AS age_days,
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS zn,
         random() AS u_measure,
         random() AS u_bmi,
         random() AS u_weight_missing,
         random() AS u_oedema,
         random() AS u_area
  FROM generate_series(1, :rows) AS i
), kid AS (
  SELECT i, sex, age_days, u_bmi, u_weight_missing, u_oedema, u_area,
         (49.9 - CASE sex WHEN 'f' THEN 0.8 ELSE 0 END + 25.8 * sqrt(age_days / 365.25))
           * (1 + 0.037 * (-1.2 + 1.1 * zn)) AS len,
         CASE WHEN u_measure >= 0.95 THEN NULL
              WHEN (age_days < 731) = (u_measure < 0.90) THEN 'l'
              ELSE 'h' END AS measure
  FROM draw
)
SELECT i AS id,
       1 AS city,
       1 + floor(u_area * 46)::int AS area,
       stunting.anthro_zscores(
         sex, age_days,
         CASE WHEN u_weight_missing < 0.02 THEN NULL
              ELSE round(((14.5 + 4 * u_bmi) * (len / 100) ^ 2)::numeric, 1)::float8 END,
         round(len::numeric, 1)::float8,
         measure,
         u_oedema < 0.005) AS z
FROM kid
ORDER BY i;

CREATE TABLE children_small AS
SELECT * FROM children WHERE id <= :small ORDER BY id;

VACUUM ANALYZE children;
VACUUM ANALYZE children_small;
SELECT pg_prewarm('children') > 0 AS children_prewarmed,
       pg_prewarm('children_small') > 0 AS small_prewarmed;

-- What the data look like (also a sanity check of the generator).
SELECT count(*) AS children, count(DISTINCT area) AS areas,
       pg_size_pretty(pg_relation_size('children')) AS size,
       round(avg(pg_column_size(z))) AS z_bytes,
       round(100 * avg(((z).zlen < -2)::int), 1) AS pct_stunted,
       round(100 * avg(((z).zlen IS NULL)::int), 1) AS pct_no_zlen,
       round(100 * avg(((z).zwfl IS NULL)::int), 1) AS pct_no_zwfl,
       sum(((z).oedema)::int) AS oedema
FROM children;
SELECT stunting.prevalence(stunting.summarize(z), 'HA_2') AS prevalence_ha_2,
       stunting.zscore_mean(stunting.summarize(z), 'HA') AS mean_ha
FROM children;

-- The timed queries.  gucs: the settings each one runs with (set before
-- it is planned).  A parallel plan needs the costs zeroed: the table is
-- small enough that PostgreSQL would not otherwise pay for workers.
CREATE TABLE bench_queries (id int PRIMARY KEY, name text, gucs text, sql text);
INSERT INTO bench_queries
SELECT q.n + m.offs, q.name || m.suffix, m.gucs, q.sql
FROM (VALUES (0, ', serial', 'max_parallel_workers_per_gather=0'),
             (10, ', 2 workers', 'max_parallel_workers_per_gather=2 parallel_setup_cost=0 '
                                 'parallel_tuple_cost=0 min_parallel_table_scan_size=0 '
                                 'parallel_leader_participation=on'),
             -- 2 workers and a leader that only gathers: 2 processes on 2 cores
             (20, ', 2 workers, leader not scanning',
                  'max_parallel_workers_per_gather=2 parallel_setup_cost=0 '
                  'parallel_tuple_cost=0 min_parallel_table_scan_size=0 '
                  'parallel_leader_participation=off'))
       AS m (offs, suffix, gucs)
CROSS JOIN (VALUES
  (0, 'scan only: count(*)', $q$SELECT area, count(*) FROM children GROUP BY area$q$),
  (1, 'baseline: count(*), avg((z).zlen)',
      $q$SELECT area, count(*), avg((z).zlen) FROM children GROUP BY area$q$),
  (2, 'summarize(z)',
      $q$SELECT area, stunting.summarize(z) FROM children GROUP BY area$q$))
  AS q (n, name, sql);

CREATE FUNCTION bench_apply(gucs text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  kv text;
BEGIN
  FOREACH kv IN ARRAY regexp_split_to_array(gucs, '\s+') LOOP
    PERFORM set_config(split_part(kv, '=', 1), split_part(kv, '=', 2), false);
  END LOOP;
END $$;

-- A fresh backend for the timed runs.  This one ran CREATE EXTENSION ...
-- CASCADE and so has postgis-3.so loaded; a parallel worker loads every
-- library its leader has loaded, and postgis (with its ~50 shared
-- libraries) makes each worker start about 15 ms later.  A session that
-- only calls stunting's functions does not pay that.
\connect
SET client_min_messages = warning;

-- Show the plans once (no ANALYZE here; the check that workers start is in
-- the shell script).
CREATE FUNCTION bench_plan(q bench_queries) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  PERFORM bench_apply(q.gucs);
  RETURN NEXT '-- ' || q.name;
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q.sql LOOP
    RETURN NEXT line;
  END LOOP;
END $$;
SELECT bench_plan(q) FROM bench_queries q ORDER BY id;

-- Timing: server-side wall clock around EXECUTE (as bench_zscores.sql), no
-- EXPLAIN ANALYZE.  Round-robin: run 1 of every query, then run 2, ...; run
-- 0 is an untimed warm-up.  EXECUTE without INTO runs the whole query and
-- drops the rows.
--
-- Besides the wall clock, CPU time from /proc (superuser only):
--   cpu_ms   the backend's time on a CPU (/proc/self/schedstat);
--   wait_ms  the backend's time ready to run but waiting for a CPU: what
--            other programs (or its own workers) took from it;
--   work_ms  cpu_ms plus the CPU time of the parallel workers: they are
--            children of the postmaster, which has reaped them when the
--            query returns, so they are in its cutime + cstime (clock
--            ticks: getconf CLK_TCK of them a second).
-- A serial query's cpu_ms does not grow when other programs take a CPU (a
-- busy host under the VM can still slow it).  work_ms of a parallel query
-- over cpu_ms of the serial one is what parallelism costs in CPU.
CREATE TABLE bench_runs (id int, run int, ms float8, cpu_ms float8, wait_ms float8,
                         work_ms float8);

-- {run ns, wait ns, postmaster's children's CPU ms}
CREATE FUNCTION bench_sched() RETURNS float8[] LANGUAGE sql AS $$
  SELECT string_to_array(trim(pg_read_file('/proc/self/schedstat')), ' ')::float8[]
         || (SELECT (f[14]::float8 + f[15]::float8) * 1000 / current_setting('bench.clk_tck')::float8
             FROM (SELECT string_to_array(split_part(pg_read_file(
                            '/proc/' || (string_to_array(split_part(
                               pg_read_file('/proc/self/stat'), ') ', 2), ' '))[2] || '/stat'),
                          ') ', 2), ' ') AS f) AS postmaster)
$$;
-- (set on the function, so that it holds in every session)
ALTER FUNCTION bench_sched() SET bench.clk_tck = :'clk_tck';

CREATE FUNCTION bench_once(q text) RETURNS float8[] LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz;
  s0 float8[];
  s1 float8[];
  ms float8;
BEGIN
  s0 := bench_sched();
  t0 := clock_timestamp();
  EXECUTE q;
  ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
  s1 := bench_sched();
  RETURN ARRAY[ms, (s1[1] - s0[1]) / 1e6, (s1[2] - s0[2]) / 1e6,
               (s1[1] - s0[1]) / 1e6 + (s1[4] - s0[4])];
END $$;

SELECT set_config('bench.reps', :'reps', false) IS NOT NULL AS reps_set;
DO $$
DECLARE
  reps int := current_setting('bench.reps')::int;
  q    record;
  t    float8[];
BEGIN
  FOR r IN 0 .. reps LOOP
    FOR q IN SELECT * FROM bench_queries ORDER BY id LOOP
      PERFORM bench_apply(q.gucs);
      t := bench_once(q.sql);
      IF r > 0 THEN
        INSERT INTO bench_runs VALUES (q.id, r, t[1], t[2], t[3], t[4]);
      END IF;
    END LOOP;
  END LOOP;
END $$;
RESET ALL;

-- For the memory check: this backend's /proc/self/status (superuser only).
CREATE FUNCTION bench_status_kb(key text) RETURNS bigint LANGUAGE sql AS $$
  SELECT (regexp_match(pg_read_file('/proc/self/status'), key || ':\s+(\d+) kB'))[1]::bigint
$$;
