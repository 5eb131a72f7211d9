-- stunting.growth_summary: the aggregates, the type's text and binary forms,
-- merging, bad input, parallel and hashed plans.
SET extra_float_digits = 0;
-- SQLSTATE and detail of an error (the detail says what is wrong with the text)
CREATE FUNCTION pg_temp.err_detail(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
  RETURN SQLSTATE || ': ' || d;
END $$;
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT l; END LOOP;
END $$;

-- 5,000 children under 5 in 46 kelurahan, with sampling weights
SELECT setseed(0.2020);
CREATE TABLE kids AS
SELECT i, 'k' || lpad((i % 46)::text, 2, '0') AS area,
       stunting.anthro_zscores(CASE WHEN i % 2 = 0 THEN 'm' ELSE 'f' END, a,
         round((3.3 + a / 120.0 + random() * 2 - 1)::numeric, 1)::float8,
         round((50 + 37 * (1 - exp(-a / 400.0)) + random() * 12 - 8)::numeric, 1)::float8,
         CASE WHEN a < 731 THEN 'l' ELSE 'h' END, i % 97 = 0) AS z,
       round((0.5 + random() * 2)::numeric, 2)::float8 AS w
FROM (SELECT i, floor(random() * 1826)::float8 AS a FROM generate_series(1, 5000) AS i) AS g;

-- Empty input: an empty summary (not NULL), so an empty group still gets a row.
SELECT s IS NOT NULL AS not_null, (stunting.prevalence(s, 'HA_2')).*
FROM (SELECT stunting.summarize(z) AS s FROM kids WHERE false) AS e;
SELECT stunting.merge(s) IS NOT NULL AS merge_of_nothing FROM (SELECT NULL::stunting.growth_summary AS s WHERE false) AS e;
-- NULL rows are skipped, as any aggregate skips them
SELECT stunting.quality_report(stunting.summarize(NULL::stunting.zscores))->'rows' AS null_rows_counted
FROM generate_series(1, 3);
-- one row: an estimate, but no SE or interval (N - 1 = 0)
SELECT (stunting.zscore_mean(stunting.summarize(z), 'HA')).* FROM kids WHERE i = 1;

-- Merging per-kelurahan summaries equals summarizing all rows at once.
CREATE TABLE per_area AS
SELECT area, stunting.summarize(z) AS s, stunting.summarize(z, w) AS sw FROM kids GROUP BY area;
CREATE TEMP TABLE whole AS
SELECT stunting.summarize(z) AS s, stunting.summarize(z, w) AS sw FROM kids;
CREATE FUNCTION pg_temp.rel(a float8, b float8) RETURNS float8 LANGUAGE sql AS
$$ SELECT CASE WHEN a IS NULL AND b IS NULL THEN 0 ELSE abs(a - b) / greatest(abs(b), 1e-300) END $$;
-- every field of the text form: integers equal, floats to 1e-12 relative
CREATE FUNCTION pg_temp.fields(s stunting.growth_summary) RETURNS TABLE (k int, v text) LANGUAGE sql AS
$$ SELECT k::int, v FROM regexp_split_to_table(s::text, '[ ,=:]') WITH ORDINALITY AS t(v, k) $$;
SELECT count(*) AS fields,
       count(*) FILTER (WHERE a.v ~ '^-?\d+$' AND a.v <> b.v) AS integers_differ,
       max(pg_temp.rel(a.v::float8, b.v::float8)) FILTER (WHERE a.v ~ '^-?[0-9.]+(e[-+]?\d+)?$') < 1e-12 AS floats_within_1e12
FROM pg_temp.fields((SELECT stunting.merge(sw) FROM per_area)) AS a
JOIN pg_temp.fields((SELECT sw FROM whole)) AS b USING (k);
SELECT count(*) FILTER (WHERE a.v ~ '^-?\d+$' AND a.v <> b.v) AS unweighted_integers_differ,
       max(pg_temp.rel(a.v::float8, b.v::float8)) FILTER (WHERE a.v ~ '^-?[0-9.]+(e[-+]?\d+)?$') < 1e-12 AS floats_within_1e12
FROM pg_temp.fields((SELECT stunting.merge(s) FROM per_area)) AS a
JOIN pg_temp.fields((SELECT s FROM whole)) AS b USING (k);

-- the + operator, associativity, and order
-- (the operator lives in schema stunting: OPERATOR(stunting.+), or put stunting on the search_path)
SET search_path = public, stunting;
SELECT pg_temp.rel((stunting.zscore_mean((a.sw + b.sw) + c.sw, 'WH')).se,
                   (stunting.zscore_mean(a.sw + (b.sw + c.sw), 'WH')).se) < 1e-12 AS associative,
       (stunting.prevalence((a.s + b.s) + c.s, 'WH_2')).unwpop = (stunting.prevalence(c.s OPERATOR(stunting.+) (b.s + a.s), 'WH_2')).unwpop AS counts_commute
FROM per_area a, per_area b, per_area c WHERE a.area = 'k00' AND b.area = 'k01' AND c.area = 'k02';
RESET search_path;
SELECT pg_temp.rel((stunting.prevalence(m, 'HA_2')).se, (stunting.prevalence(w, 'HA_2')).se) < 1e-12 AS merged_se,
       (stunting.prevalence(m, 'HA_2')).unwpop = (stunting.prevalence(w, 'HA_2')).unwpop AS merged_pop
FROM (SELECT stunting.merge(sw ORDER BY area DESC) AS m FROM per_area) AS x, (SELECT sw AS w FROM whole) AS y;

-- Text round trip is exact (bit for bit, through the shortest decimal form).
SELECT count(*) AS summaries, count(*) FILTER (WHERE sw::text::stunting.growth_summary::text = sw::text) AS text_round_trips
FROM per_area;
-- Binary round trip (send/recv) through COPY BINARY, by way of a file in
-- pg_regress's output folder (PG_ABS_BUILDDIR, whatever --outputdir is).
\copy (SELECT area, sw FROM per_area ORDER BY area) TO PROGRAM 'cat > "$PG_ABS_BUILDDIR/results/summary.bin"' WITH (FORMAT binary)
CREATE TEMP TABLE per_area_copy (area text, sw stunting.growth_summary);
\copy per_area_copy FROM PROGRAM 'cat "$PG_ABS_BUILDDIR/results/summary.bin"' WITH (FORMAT binary)
SELECT count(*) AS copied, count(*) FILTER (WHERE a.sw::text = b.sw::text) AS identical
FROM per_area a JOIN per_area_copy b USING (area);
SELECT length(stunting.growth_summary_send(sw)) AS wire_bytes, pg_column_size(sw) AS stored_bytes_max
FROM whole;

-- Bounded size: the same bytes for 1 row and for 5,000 rows.
SELECT DISTINCT length(stunting.growth_summary_send(s)) AS wire_bytes
FROM (SELECT stunting.summarize(z) AS s FROM kids WHERE i = 1 UNION ALL SELECT s FROM whole) AS t;

-- The support functions called directly (the aggregates, casts and COPY call
-- them too, but track_functions does not count those calls:
-- test/coverage_check.sh).
-- growth_summary_out is the text form, and the empty summary's is the
-- aggregates' initial value; growth_summary_in reads it back bit for bit
-- (the same wire bytes).
CREATE TEMP TABLE empty AS SELECT stunting.summarize(z) AS s FROM kids WHERE false;
SELECT stunting.growth_summary_out(w.sw)::text = w.sw::text AS out_is_the_text_form,
       stunting.growth_summary_out(w.sw)::text LIKE 'growth_summary v1 rows=5000 rows_positive=5000 weighted=t %' AS out_header,
       stunting.growth_summary_out(e.s)::text = (SELECT a.agginitval FROM pg_aggregate a
                                                 WHERE a.aggfnoid = 'stunting.summarize(stunting.zscores)'::regprocedure) AS empty_is_initcond,
       stunting.growth_summary_send(stunting.growth_summary_in(stunting.growth_summary_out(w.sw)))
         = stunting.growth_summary_send(w.sw) AS in_out_same_bytes,
       stunting.growth_summary_send(stunting.growth_summary_in(stunting.growth_summary_out(e.s)))
         = stunting.growth_summary_send(e.s) AS empty_in_out_same_bytes
FROM whole w, empty e;
-- growth_summary_send: the version byte 1, then the fields in network order:
-- rows and rows_positive as int8, weighted as one byte, domain_rows
SELECT get_byte(b, 0) AS version,
       substr(b, 2, 8) = int8send(5000) AS rows_int8,
       substr(b, 10, 8) = int8send(5000) AS rows_positive_int8,
       get_byte(b, 17) AS weighted_byte,
       substr(b, 19, 8) = int8send((stunting.quality_report(sw)->>'rows_in_domain')::int8) AS domain_rows_int8
FROM (SELECT stunting.growth_summary_send(sw) AS b, sw FROM whole) AS x;
-- growth_summary_accum, the transition function of each summarize: folded
-- row by row from the empty summary, it gives what the aggregate gives over
-- the same rows in the same order (weights, in_domain false for a third)
WITH RECURSIVE fold (i, s1, s2, s3) AS (
  SELECT 0, e.s, e.s, e.s FROM empty e
  UNION ALL
  SELECT f.i + 1, stunting.growth_summary_accum(f.s1, k.z),
         stunting.growth_summary_accum(f.s2, k.z, k.w),
         stunting.growth_summary_accum(f.s3, k.z, k.w, k.i % 3 <> 0)
  FROM fold f JOIN kids k ON k.i = f.i + 1
  WHERE f.i < 60
)
SELECT f.s1::text = a.s1::text AS accum_is_summarize,
       f.s2::text = a.s2::text AS weighted_accum,
       f.s3::text = a.s3::text AS in_domain_accum,
       stunting.quality_report(f.s3)->'rows' AS rows,
       stunting.quality_report(f.s3)->'rows_in_domain' AS rows_in_domain
FROM (SELECT s1, s2, s3 FROM fold WHERE i = 60) AS f,
     (SELECT stunting.summarize(z ORDER BY i) AS s1, stunting.summarize(z, w ORDER BY i) AS s2,
             stunting.summarize(z, w, i % 3 <> 0 ORDER BY i) AS s3
      FROM kids WHERE i <= 60) AS a;
-- one row: the weight counts, a NULL weight counts as 0, in_domain false or
-- NULL keeps the row out of the domain; a NULL row leaves the summary as it was;
-- called outside an aggregate, the summary passed in is not changed
SELECT (stunting.prevalence(stunting.growth_summary_accum(e.s, k.z), 'HA_2')).pop AS pop,
       (stunting.prevalence(stunting.growth_summary_accum(e.s, k.z, 2.5), 'HA_2')).pop AS weighted_pop,
       (stunting.prevalence(stunting.growth_summary_accum(e.s, k.z, NULL), 'HA_2')).pop AS null_weight_pop,
       stunting.quality_report(stunting.growth_summary_accum(e.s, k.z, 2.5, false))->'rows_in_domain' AS not_in_domain,
       stunting.quality_report(stunting.growth_summary_accum(e.s, k.z, 2.5, NULL))->'rows_in_domain' AS null_in_domain,
       stunting.growth_summary_accum(w.s, NULL)::text = w.s::text AS null_row_skipped,
       stunting.growth_summary_accum(w.s, NULL, 2, true)::text = w.s::text AS null_row_skipped_weighted
FROM empty e, whole w, kids k WHERE k.i = 1;
CREATE TEMP TABLE whole_text AS SELECT s::text AS t FROM whole;
SELECT stunting.quality_report(stunting.growth_summary_accum(w.s, k.z))->'rows' AS rows_after,
       stunting.quality_report(w.s)->'rows' AS rows_of_argument
FROM whole w, kids k WHERE k.i = 1;
SELECT count(*) AS stored_summary_unchanged FROM whole w JOIN whole_text t ON w.s::text = t.t;
-- a NULL summary to add to (only a direct call can pass one) is ERROR 22004
SELECT regress.err('SELECT stunting.growth_summary_accum(NULL, z) FROM kids WHERE i = 1') AS null_state;
-- growth_summary_combine: the + operator; merging two summaries adds their
-- counts, and leaves its arguments unchanged
SELECT stunting.growth_summary_combine(a.sw, b.sw)::text = (a.sw OPERATOR(stunting.+) b.sw)::text AS combine_is_plus,
       (stunting.prevalence(stunting.growth_summary_combine(a.sw, b.sw), 'HA_2')).unwpop
         = (stunting.prevalence(a.sw, 'HA_2')).unwpop + (stunting.prevalence(b.sw, 'HA_2')).unwpop AS counts_add,
       (stunting.quality_report(stunting.growth_summary_combine(a.sw, b.sw))->>'rows')::int
         = (SELECT count(*) FROM kids WHERE area IN ('k00', 'k01')) AS rows_add,
       pg_temp.rel((stunting.zscore_mean(stunting.growth_summary_combine(a.sw, b.sw), 'HA')).r,
                   (SELECT (stunting.zscore_mean(stunting.summarize(z, w), 'HA')).r FROM kids WHERE area IN ('k00', 'k01'))) < 1e-12 AS mean_of_both,
       stunting.growth_summary_combine(e.s, a.sw)::text = a.sw::text AS empty_is_neutral,
       a.sw::text = (SELECT sw::text FROM per_area WHERE area = 'k00') AS argument_unchanged
FROM per_area a, per_area b, empty e WHERE a.area = 'k00' AND b.area = 'k01';
-- growth_summary_recv takes an internal argument: only the server can call
-- it (the COPY BINARY round trip above).

-- Weights: NULL counts as 0, negative, NaN or infinite is an error.
SELECT (stunting.prevalence(stunting.summarize(z, NULL), 'HA_2')).pop AS null_weight_pop,
       stunting.quality_report(stunting.summarize(z, NULL))->'rows' AS rows
FROM kids WHERE i <= 10;
SELECT regress.err($$SELECT stunting.summarize(z, -1) FROM kids$$);
SELECT regress.err($$SELECT stunting.summarize(z, 'NaN') FROM kids$$);
SELECT regress.err($$SELECT stunting.summarize(z, 'Infinity') FROM kids$$);
SELECT regress.err($$SELECT stunting.summarize(z, 1e200) FROM kids$$);
SELECT regress.err($$SELECT stunting.summarize(z, 1e-200) FROM kids$$);
-- A zscores value that anthro_zscores cannot produce is an error.
SELECT regress.err($$SELECT stunting.summarize(ROW(NULL,NULL,NULL,NULL,3,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL)::stunting.zscores)$$);
SELECT regress.err($$SELECT stunting.summarize(ROW(NULL,NULL,NULL,NULL,1,'Infinity',false,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL)::stunting.zscores)$$);
SELECT regress.err($$SELECT stunting.summarize(ROW(NULL,NULL,NULL,NULL,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,-5,NULL,NULL,NULL)::stunting.zscores)$$);
-- Unknown keys list the valid ones.
SELECT regress.err($$SELECT stunting.prevalence(s, 'HA_4') FROM whole$$);
SELECT regress.err($$SELECT stunting.zscore_mean(s, 'HC') FROM whole$$);
-- keys are case-insensitive
SELECT (stunting.prevalence(s, 'ha_2')).r = (stunting.prevalence(s, 'HA_2')).r AS any_case FROM whole;

-- Malformed text is rejected with 22P02, naming what is wrong.
SELECT pg_temp.err_detail($$SELECT ''::stunting.growth_summary$$);
SELECT pg_temp.err_detail($$SELECT 'growth_summary v2'::stunting.growth_summary$$);
SELECT pg_temp.err_detail($$SELECT 'growth_summary v1 rows=1'::stunting.growth_summary$$);
SELECT pg_temp.err_detail(format('SELECT %L::stunting.growth_summary', replace(s::text, 'rows=5000', 'rows=-1'))) FROM whole;
SELECT pg_temp.err_detail(format('SELECT %L::stunting.growth_summary', replace(s::text, 'rows=5000', 'rows=4000'))) FROM whole;
SELECT pg_temp.err_detail(format('SELECT %L::stunting.growth_summary', s::text || ' extra')) FROM whole;
SELECT pg_temp.err_detail(format('SELECT %L::stunting.growth_summary', regexp_replace(s::text, 'HA.z\([^)]*\)=\d+,\d+,[^,]+', 'HA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=1,1,nan'))) FROM whole;
SELECT pg_temp.err_detail(format('SELECT %L::stunting.growth_summary', regexp_replace(s::text, 'HA.cut_3\(n,w,w2\)=\d+,\d+,\d+', 'HA.cut_3(n,w,w2)=99999,99999,99999'))) FROM whole;
SELECT pg_temp.err_detail(format('SELECT %L::stunting.growth_summary', regexp_replace(s::text, 'sex\(missing,male,female\)=0', 'sex(missing,male,female)=1'))) FROM whole;
SELECT pg_temp.err_detail(format('SELECT %L::stunting.growth_summary', regexp_replace(s::text, 'age_months=0:', 'age_months=229:'))) FROM whole;
SELECT pg_temp.err_detail(format('SELECT %L::stunting.growth_summary', replace(s::text, 'rows=5000', 'rows=99999999999999999999'))) FROM whole;

-- Parallel plans: Partial Aggregate, and the same result as a serial plan.
CREATE TABLE big AS SELECT k.* FROM kids k, generate_series(1, 8);
ANALYZE big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
SELECT * FROM pg_temp.plan_lines($$SELECT stunting.summarize(z, w) FROM big$$) AS plan;
SELECT count(*) FILTER (WHERE plan ~ 'Partial \w*Aggregate') > 0 AS partial_aggregate,
       count(*) FILTER (WHERE plan ~ 'Gather') > 0 AS gather
FROM pg_temp.plan_lines($$SELECT area, stunting.summarize(z, w) FROM big GROUP BY area$$) AS plan;
CREATE TABLE per_kid AS SELECT i, stunting.summarize(z) AS s FROM kids GROUP BY i;
ANALYZE per_kid;
SELECT count(*) FILTER (WHERE plan ~ 'Partial \w*Aggregate') > 0 AS partial_merge
FROM pg_temp.plan_lines($$SELECT stunting.merge(s) FROM per_kid$$) AS plan;
SELECT (stunting.prevalence(m, 'HA_2')).unwpop = (stunting.prevalence(w, 'HA_2')).unwpop AS merged_in_parallel,
       pg_temp.rel((stunting.zscore_mean(m, 'HA')).se, (stunting.zscore_mean(w, 'HA')).se) < 1e-12 AS same_se
FROM (SELECT stunting.merge(s) AS m FROM per_kid) AS x, (SELECT s AS w FROM whole) AS y;
DROP TABLE per_kid;
CREATE TEMP TABLE par_all AS SELECT stunting.summarize(z, w) AS s FROM big;
CREATE TEMP TABLE par AS SELECT area, stunting.summarize(z, w) AS s FROM big GROUP BY area;
RESET max_parallel_workers_per_gather;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser AS SELECT area, stunting.summarize(z, w) AS s FROM big GROUP BY area;
CREATE TEMP TABLE ser_all AS SELECT stunting.summarize(z, w) AS s FROM big;
SELECT (stunting.quality_report(p.s)->'rows') = (stunting.quality_report(q.s)->'rows') AS same_rows,
       pg_temp.rel((stunting.prevalence(p.s, 'WA_2')).ul, (stunting.prevalence(q.s, 'WA_2')).ul) < 1e-12 AS same_ul
FROM par_all p, ser_all q;
SELECT count(*) AS areas,
       count(*) FILTER (WHERE (stunting.quality_report(p.s)->'rows') = (stunting.quality_report(q.s)->'rows')) AS same_rows,
       max(pg_temp.rel((stunting.prevalence(p.s, 'HA_2')).se, (stunting.prevalence(q.s, 'HA_2')).se)) < 1e-12 AS same_se,
       max(pg_temp.rel((stunting.zscore_mean(p.s, 'WH')).stdev, (stunting.zscore_mean(q.s, 'WH')).stdev)) < 1e-12 AS same_sd
FROM par p JOIN ser q USING (area);
-- Hash and sort aggregation give the same result.
SET enable_hashagg = on; SET enable_sort = off;
CREATE TEMP TABLE hashed AS SELECT area, stunting.summarize(z, w) AS s FROM kids GROUP BY area;
SELECT count(*) FILTER (WHERE plan ~ 'HashAggregate') > 0 AS hash_plan
FROM pg_temp.plan_lines($$SELECT area, stunting.summarize(z, w) FROM kids GROUP BY area$$) AS plan;
SET enable_hashagg = off; SET enable_sort = on;
CREATE TEMP TABLE sorted AS SELECT area, stunting.summarize(z, w) AS s FROM kids GROUP BY area;
SELECT count(*) FILTER (WHERE plan ~ 'GroupAggregate') > 0 AS sort_plan
FROM pg_temp.plan_lines($$SELECT area, stunting.summarize(z, w) FROM kids GROUP BY area$$) AS plan;
SELECT count(*) AS areas,
       count(*) FILTER (WHERE (stunting.prevalence(h.s, 'HA_2')).unwpop = (stunting.prevalence(s.s, 'HA_2')).unwpop
                          AND pg_temp.rel((stunting.prevalence(h.s, 'HA_2')).ll, (stunting.prevalence(s.s, 'HA_2')).ll) < 1e-12
                          AND pg_temp.rel((stunting.zscore_mean(h.s, 'BMI')).se, (stunting.zscore_mean(s.s, 'BMI')).se) < 1e-12) AS same
FROM hashed h JOIN sorted s USING (area);
RESET enable_hashagg; RESET enable_sort; RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;

-- Roll-up as a DBA would store it: per kelurahan-month, then kecamatan and city.
SELECT round((stunting.prevalence(stunting.merge(s), 'HA_2')).r::numeric, 6) =
       round((SELECT (stunting.prevalence(s, 'HA_2')).r FROM whole)::numeric, 6) AS city_equals_all_rows
FROM per_area;
DROP TABLE big;

-- As a window aggregate (the state is updated in place there too): running and sliding frames
SELECT i, (stunting.prevalence(stunting.summarize(z) OVER (ORDER BY i), 'HA_2')).unwpop AS running,
       (stunting.prevalence(stunting.summarize(z) OVER (ORDER BY i ROWS 1 PRECEDING), 'HA_2')).unwpop AS sliding,
       (stunting.prevalence(stunting.merge(stunting.summarize(z)) OVER (), 'HA_2')).unwpop AS all_rows
FROM kids WHERE i <= 4 GROUP BY i, z ORDER BY i;
