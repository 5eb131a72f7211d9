-- WHO parity of the prevalence tables.  test/golden/prevalence_expected.csv
-- holds every row of anthro_prevalence (21 groups) or anthroplus_prevalence
-- (27 groups) for ten data sets (simple and weighted designs, 0-5 and 5-19
-- years, 1 %, 100 %, one row, oedema only, flagged only), computed by the
-- independent reference test/reference/who_prevalence.py
-- (test/golden/make_prevalence.py).  Each group is summarized here as WHO
-- does it: the group's rows in the domain, every other row counting
-- toward N.
SET extra_float_digits = 0;

CREATE TEMP TABLE pin (dataset text, sex smallint, age_days float8, weight_kg float8,
  lenhei_cm float8, measure text, oedema boolean, sw float8);
\copy pin FROM 'test/golden/prevalence_input.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE pexp (dataset text, grp text, key text, r float8, se float8, ll float8,
  ul float8, stdev float8, pop float8, unwpop bigint);
\copy pexp FROM 'test/golden/prevalence_expected.csv' WITH (FORMAT csv, HEADER)

CREATE TEMP TABLE pz AS
SELECT dataset, sex, age_days / 30.4375 AS months,
       CASE WHEN bool_or(sw IS NOT NULL) OVER (PARTITION BY dataset) THEN sw ELSE 1 END AS sw,
       stunting.anthro_zscores(sex::text, age_days, weight_kg, lenhei_cm, measure, oedema) AS z
FROM pin;

-- group name -> predicate: optional sex, optional [lo, hi) months
CREATE TEMP TABLE pgroup AS
SELECT DISTINCT dataset, grp,
       CASE WHEN grp LIKE '%Female%' THEN 2 WHEN grp LIKE '%Male%' THEN 1 END AS sex,
       (regexp_match(grp, '(\d+)-(\d+) mo'))[1]::float8 AS lo,
       (regexp_match(grp, '(\d+)-(\d+) mo'))[2]::float8 + 1 AS hi
FROM pexp;

CREATE TEMP TABLE psum AS
SELECT g.dataset, g.grp,
       stunting.summarize(p.z, p.sw,
         (g.sex IS NULL OR p.sex = g.sex) AND
         (g.lo IS NULL OR (p.months >= g.lo AND p.months < g.hi))) AS s
FROM pgroup g JOIN pz p USING (dataset)
GROUP BY g.dataset, g.grp;

CREATE TEMP TABLE pgot AS
SELECT e.dataset, e.grp, e.key,
       CASE WHEN e.key IN ('HA', 'WA', 'BMI', 'WH') THEN stunting.zscore_mean(s.s, e.key)
            ELSE stunting.prevalence(s.s, e.key) END AS got,
       e AS want
FROM pexp e JOIN psum s USING (dataset, grp);

CREATE FUNCTION pg_temp.same(a float8, b float8) RETURNS boolean LANGUAGE sql AS
$$ SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-9 * greatest(1, abs(b)) $$;

-- every estimate, every column
SELECT count(*) AS estimates,
       count(*) FILTER (WHERE NOT (pg_temp.same((got).r, (want).r) AND pg_temp.same((got).se, (want).se)
         AND pg_temp.same((got).ll, (want).ll) AND pg_temp.same((got).ul, (want).ul)
         AND pg_temp.same((got).stdev, (want).stdev) AND pg_temp.same((got).pop, (want).pop)
         AND pg_temp.same((got).unwpop, (want).unwpop))) AS mismatches
FROM pgot;
SELECT dataset, count(*) AS estimates FROM pgot GROUP BY dataset ORDER BY dataset;

-- the first mismatches, if any, in full
SELECT dataset, grp, key, got, want FROM pgot
WHERE NOT (pg_temp.same((got).r, (want).r) AND pg_temp.same((got).se, (want).se)
  AND pg_temp.same((got).ll, (want).ll) AND pg_temp.same((got).ul, (want).ul)
  AND pg_temp.same((got).stdev, (want).stdev) AND pg_temp.same((got).pop, (want).pop)
  AND pg_temp.same((got).unwpop, (want).unwpop))
ORDER BY 1, 2, 3 LIMIT 5;

-- a few rows as printed (rounded): the spec's 1 % example, with and without weights
SELECT dataset, grp, key, round((got).r::numeric, 4) AS r, round((got).ll::numeric, 4) AS ll,
       round((got).ul::numeric, 4) AS ul, (got).pop, (got).unwpop
FROM pgot WHERE grp = 'All' AND key = 'HA_2'
  AND dataset IN ('one_percent', 'one_percent_unweighted', 'all_stunted', 'one_row')
ORDER BY dataset;
-- anthroplus blanks weight-for-age in its all-ages rows, not in the 5-9 years rows
SELECT grp, (got).r IS NULL AS blank FROM pgot
WHERE dataset = 'plus' AND key = 'WA_2' AND grp IN ('All', 'Sex: Male', 'Age Group 2: 60-119 mo', 'Age Group 1: 60-71 mo')
ORDER BY grp;
-- oedema only: counted below -3 for WA, BMI and WH, not in their means
SELECT key, round((got).r::numeric, 2) AS r, (got).unwpop FROM pgot
WHERE dataset = 'oedema_only' AND grp = 'All' AND key IN ('WA_3', 'WA', 'WH_3', 'WH', 'HA_3')
ORDER BY key;
