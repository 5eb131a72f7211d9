-- The measurement at a z-score, the normal quantile, and simulate_children
-- (on the Kota Kediri areas of the areas test; every simulation is rolled
-- back, so later tests see the tables as they were).
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- value_at_zscore: at z = 0 the median; the z-score of the value is z again
SELECT stunting.value_at_zscore('lhfa', 'm', 0, 0) AS boy_birth_length,
       stunting.value_at_zscore('wfa', 'f', 0, 0) AS girl_birth_weight,
       stunting.value_at_zscore('wflh', 'm', 30, 0, 45.1, 'l') AS wfl_45_1,
       stunting.value_at_zscore('lhfa', 'm', 300, 0, NULL, 'l') AS lying_300,
       round(stunting.value_at_zscore('lhfa', 'm', 300, 0, NULL, 'h')::numeric, 10) AS standing_300,
       round(stunting.value_at_zscore('lhfa', 'm', 800, 0, NULL, 'l')::numeric, 10) AS lying_800;
-- round trips over ages of both references and both sides of ±3
WITH g AS (
  SELECT s, age, z, CASE WHEN age < 731 THEN 'l' ELSE 'h' END AS measure
  FROM unnest(ARRAY['m', 'f']) s,
       generate_series(0, 6900, 37) age,
       unnest(ARRAY[-4.5, -3.01, -3, -2.99, -2, -1.37, 0, 1.5, 2.99, 3, 3.01, 4.2]::float8[]) z
)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE stunting.zscore_lhfa(s, age, stunting.value_at_zscore('lhfa', s, age, z, NULL, measure), measure) = z) AS lhfa_equal,
       count(*) FILTER (WHERE stunting.zscore_wfa(s, age, stunting.value_at_zscore('wfa', s, age, z)) = z) AS wfa_equal,
       count(stunting.value_at_zscore('wfa', s, age, z)) AS wfa_defined,
       count(*) FILTER (WHERE stunting.zscore_hcfa(s, age, stunting.value_at_zscore('hcfa', s, age, z)) = z) AS hcfa_equal,
       count(stunting.value_at_zscore('hcfa', s, age, z)) AS hcfa_defined
FROM g;
-- weight-for-length/height round trip at the lengths of both tables
SELECT count(*) AS cases,
       count(*) FILTER (WHERE stunting.zscore_wflh(s, stunting.value_at_zscore('wflh', s, age, z, len, m), len, m, age) = z) AS equal
FROM unnest(ARRAY['m', 'f']) s, generate_series(45, 120, 0.7) len,
     (VALUES (100::float8, 'l'), (900, 'h')) a (age, m),
     unnest(ARRAY[-5, -3.01, -2, 0, 2.99, 3.5]::float8[]) z
WHERE stunting.value_at_zscore('wflh', s, age, z, len, m) IS NOT NULL;
-- NULL wherever the z-score would be NULL
SELECT stunting.value_at_zscore('hcfa', 'm', 1900, 0) AS hcfa_5y,
       stunting.value_at_zscore('wfa', 'm', 121 * 30.4375, 0) AS wfa_121_months,
       stunting.value_at_zscore('wflh', 'm', 300, 0, 110.1, 'l') AS wfl_110_1,
       stunting.value_at_zscore('lhfa', NULL, 300, 0) AS no_sex,
       stunting.value_at_zscore('lhfa', 'm', NULL, 0) AS no_age,
       stunting.value_at_zscore('lhfa', 'm', 300, NULL) AS no_z,
       stunting.value_at_zscore(NULL, 'm', 300, 0) AS no_indicator;
\set VERBOSITY terse
SELECT stunting.value_at_zscore('haz', 'm', 300, 0);
SELECT stunting.value_at_zscore('lhfa', 'x', 300, 0);
SELECT stunting.value_at_zscore('lhfa', 'm', -1, 0);
SELECT stunting.value_at_zscore('lhfa', 'm', 300, 'NaN');
SELECT stunting.value_at_zscore('lhfa', 'm', 300, 0, NULL, 'sitting');
\set VERBOSITY default

-- normal_quantile: R's qnorm
SELECT stunting.normal_quantile(0.975) AS q975, stunting.normal_quantile(0.5) AS q50,
       stunting.normal_quantile(0.005) AS q005, stunting.normal_quantile(0) AS q0,
       stunting.normal_quantile(1) AS q1, stunting.normal_quantile(NULL) AS qnull;
\set VERBOSITY terse
SELECT stunting.normal_quantile(1.5);
SELECT stunting.normal_quantile('NaN');
\set VERBOSITY default

-- random_normal_deviate: Box-Muller on the session's random(), so setseed()
-- draws the same deviates again; 20,000 of them look standard normal
SELECT setseed(0.25);
CREATE TEMP TABLE deviates AS SELECT i, stunting.random_normal_deviate() AS x FROM generate_series(1, 20000) i;
SELECT setseed(0.25);
CREATE TEMP TABLE deviates_again AS SELECT i, stunting.random_normal_deviate() AS x FROM generate_series(1, 20000) i;
SELECT setseed(0.25);
CREATE TEMP TABLE box_muller AS
SELECT i, sqrt(-2.0 * ln(1.0 - random())) * cos(2.0 * pi() * random()) AS x FROM generate_series(1, 20000) i;
SELECT count(*) AS draws, count(DISTINCT a.x) AS distinct_values,
       count(*) FILTER (WHERE b.x = a.x) AS same_after_setseed,
       count(*) FILTER (WHERE c.x = a.x) AS box_muller_of_random
FROM deviates a JOIN deviates_again b USING (i) JOIN box_muller c USING (i);
-- mean 0 and SD 1 (SE 0.007), 5 % beyond ±1.96, quantiles at normal_quantile
SELECT abs(avg(x)) < 0.03 AS mean_0, abs(stddev(x) - 1) < 0.02 AS sd_1,
       abs(avg((abs(x) > 1.96)::int) - 0.05) < 0.006 AS tails_5_percent,
       (SELECT bool_and(abs(q - stunting.normal_quantile(p)) < 0.05)
        FROM unnest(ARRAY[0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99],
                    (SELECT percentile_cont(ARRAY[0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) WITHIN GROUP (ORDER BY x)
                     FROM deviates)) AS u (p, q)) AS quantiles
FROM deviates;

-- simulate_children: the same seed gives the same rows
BEGIN;
SELECT count(*) AS areas FROM stunting.area WHERE level = 'village' AND geom IS NOT NULL;
SELECT coalesce(max(id), 0) AS last_child FROM stunting.child \gset
SAVEPOINT fresh;
SELECT * FROM stunting.simulate_children(400, 7, 3, '2026-06-01');
SELECT md5(string_agg(format('%s %s %s %s %s %s', c.sex, c.birth_date, c.area_code, ST_AsText(c.home),
                             m.visit_date, m.weight_kg || '/' || m.lenhei_cm || m.measure), ',' ORDER BY m.id)) AS run1
FROM stunting.child c JOIN stunting.measurement m ON m.child_id = c.id WHERE c.id > :last_child \gset
ROLLBACK TO SAVEPOINT fresh;
SELECT * FROM stunting.simulate_children(400, 7, 3, '2026-06-01');
SELECT md5(string_agg(format('%s %s %s %s %s %s', c.sex, c.birth_date, c.area_code, ST_AsText(c.home),
                             m.visit_date, m.weight_kg || '/' || m.lenhei_cm || m.measure), ',' ORDER BY m.id)) = :'run1' AS same_rows
FROM stunting.child c JOIN stunting.measurement m ON m.child_id = c.id WHERE c.id > :last_child;
ROLLBACK TO SAVEPOINT fresh;
SELECT * FROM stunting.simulate_children(400, 8, 3, '2026-06-01');
SELECT md5(string_agg(format('%s %s %s %s %s %s', c.sex, c.birth_date, c.area_code, ST_AsText(c.home),
                             m.visit_date, m.weight_kg || '/' || m.lenhei_cm || m.measure), ',' ORDER BY m.id)) <> :'run1' AS other_seed_other_rows
FROM stunting.child c JOIN stunting.measurement m ON m.child_id = c.id WHERE c.id > :last_child;
ROLLBACK;

-- four months of Kota Kediri: Mojoroto 35 %, Kota 10 %, Pesantren the default 20 %
BEGIN;
-- summaries are applied at commit; this transaction reads its own
SET CONSTRAINTS stunting.measurement_summaries IMMEDIATE;
DELETE FROM stunting.measurement;
DELETE FROM stunting.child;
SELECT children, measurements, rejected, rejected::float8 / (measurements + rejected) < 0.01 AS under_1_pct_rejected
FROM stunting.simulate_children(4000, 2026, 4, '2026-10-01', '{"35.71.01": 0.35, "35.71.02": 0.10}');
-- each district near its target in every month (4000 children: about 3000 measured a month)
SELECT name, min(children) > 700 AS enough,
       round(min(stunting_pct)) AS min_pct, round(max(stunting_pct)) AS max_pct
FROM stunting.area_month WHERE level = 'district' GROUP BY name ORDER BY name;
-- the SDs of a month's z-scores are where WHO expects survey data
SELECT k, (r->k->>'sd')::float8 BETWEEN (r->k->'sd_expected'->>0)::float8 AND (r->k->'sd_expected'->>1)::float8 AS sd_as_expected,
       round((r->k->>'mean')::numeric, 1) AS mean
FROM (SELECT stunting.quality_report(stunting.merge(summary))->'indicators' AS r
      FROM stunting.area_month_summary WHERE month = '2026-10-01') q,
     unnest(ARRAY['HA', 'WH']) k;
-- visits: under five, once a month, length lying under 731 days, in the window
SELECT bool_and(v.visit_date - c.birth_date BETWEEN 0 AND 1825) AS under_five,
       bool_and((v.measure = 'l') = (v.visit_date - c.birth_date < 731)) AS measure_by_age,
       min(v.month) AS first_month, max(v.month) AS last_month,
       count(*) = count(DISTINCT (v.child_id, v.month)) AS once_a_month
FROM stunting.measurement v JOIN stunting.child c ON c.id = v.child_id;
-- homes: inside their kelurahan, a few off by GPS error but within 150 m
SELECT count(*) FILTER (WHERE ST_Covers(a.geom, c.home))::float8 / count(*) > 0.97 AS mostly_inside,
       count(*) FILTER (WHERE NOT ST_Covers(a.geom, c.home)) > 0 AS some_outside,
       max(ST_Distance(a.geom::geography, c.home::geography)) < 150 AS near
FROM stunting.child c JOIN stunting.area a ON a.code = c.area_code;
-- the incremental monthly summary equals a recomputation
CREATE TEMP TABLE before AS SELECT month, area_code, summary::text AS s FROM stunting.area_month_summary;
-- (every stored area-month is refreshed: those with children and those emptied)
SELECT stunting.refresh_area_month() AS refreshed \gset
SELECT :refreshed = (SELECT count(*) FROM stunting.area_month_summary) AS refreshed_all;
SELECT count(*) AS summaries,
       count(*) FILTER (WHERE b.s = a.summary::text) AS equal
FROM before b FULL JOIN stunting.area_month_summary a USING (month, area_code)
WHERE a.children > 0;
SELECT count(*) AS discrepancies FROM stunting.check_area_month();
ROLLBACK;

-- field errors: digit preference shows in the terminal digits, unit slips are rejected
BEGIN;
SELECT coalesce(max(id), 0) AS last_child FROM stunting.child \gset
SELECT rejected = 0 AS none_rejected FROM stunting.simulate_children(300, 1, 2, '2026-06-01', digit_preference => 0, unit_slips => 0);
SELECT round(100.0 * count(*) FILTER (WHERE round(lenhei_cm * 10)::int % 5 = 0) / count(*)) BETWEEN 15 AND 25 AS uniform_digits
FROM stunting.measurement WHERE child_id > :last_child;
ROLLBACK;
BEGIN;
SELECT coalesce(max(id), 0) AS last_child FROM stunting.child \gset
SELECT round(100.0 * rejected / (measurements + rejected)) BETWEEN 15 AND 25 AS one_in_five_rejected
FROM stunting.simulate_children(300, 1, 2, '2026-06-01', digit_preference => 0.6, unit_slips => 0.2);
SELECT round(100.0 * count(*) FILTER (WHERE round(lenhei_cm * 10)::int % 5 = 0) / count(*)) BETWEEN 60 AND 75 AS heaped_digits
FROM stunting.measurement WHERE child_id > :last_child;
ROLLBACK;
-- within: only the villages of one kecamatan
BEGIN;
SELECT coalesce(max(id), 0) AS last_child FROM stunting.child \gset
SELECT children FROM stunting.simulate_children(50, 3, 1, '2026-06-01', within => '35.71.03');
SELECT DISTINCT a.parent_code FROM stunting.child c JOIN stunting.area a ON a.code = c.area_code WHERE c.id > :last_child;
ROLLBACK;

-- bad arguments
\set VERBOSITY terse
SELECT * FROM stunting.simulate_children(0, 1);
SELECT * FROM stunting.simulate_children(10, 1, 0);
SELECT * FROM stunting.simulate_children(10, NULL);
SELECT * FROM stunting.simulate_children(10, 1, 12, '2999-01-01');
SELECT * FROM stunting.simulate_children(10, 1, prevalence => '{"35.71.09": 0.3}');
SELECT * FROM stunting.simulate_children(10, 1, prevalence => '{"35.71.01": 1.5}');
SELECT * FROM stunting.simulate_children(10, 1, prevalence => '{"35.71.01": "high"}');
SELECT * FROM stunting.simulate_children(10, 1, prevalence => '[0.3]');
SELECT * FROM stunting.simulate_children(10, 1, default_prevalence => 0);
SELECT * FROM stunting.simulate_children(10, 1, attendance => 0);
SELECT * FROM stunting.simulate_children(10, 1, unit_slips => -0.1);
SELECT * FROM stunting.simulate_children(10, 1, within => 'nowhere');
BEGIN;
DELETE FROM stunting.measurement;
DELETE FROM stunting.child;
DELETE FROM stunting.area_month_summary;
DELETE FROM stunting.area;
SELECT * FROM stunting.simulate_children(10, 1);
ROLLBACK;
