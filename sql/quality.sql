-- stunting.quality_report: the data-quality measures of a summary, each
-- checked against an independent computation (SQL aggregates over the same
-- rows, or R's prop.test / pchisq values quoted below).
SET extra_float_digits = 0;

-- Two posyandu: A measures to 0.1 kg and 0.1 cm; B rounds everything to whole
-- numbers (terminal digit 0).  60 boys and 40 girls in each.
CREATE TEMP TABLE dq AS
SELECT p, i, sex, age_days, weight, lenhei,
       stunting.anthro_zscores(sex, age_days, weight, lenhei, NULL, i = 7) AS z
FROM (SELECT p, i, CASE WHEN i <= 60 THEN 'm' ELSE 'f' END AS sex,
             (i * 18)::float8 AS age_days,
             CASE WHEN p = 'A' THEN round((6 + i * 0.0911)::numeric, 1)::float8
                  ELSE round(6 + i * 0.0911)::float8 END AS weight,
             CASE WHEN p = 'A' THEN round((62 + i * 0.3137)::numeric, 1)::float8
                  ELSE round(62 + i * 0.3137)::float8 END AS lenhei
      FROM unnest(ARRAY['A', 'B']) AS p, generate_series(1, 100) AS i) AS g;
CREATE TEMP TABLE dqs AS SELECT p, stunting.quality_report(stunting.summarize(z)) AS q FROM dq GROUP BY p;

-- digit preference: B's score is 100 (every weight ends in 0), A's is low
SELECT p, q->'digits'->'weight'->'counts' AS weight_digits,
       round((q->'digits'->'weight'->>'preference_score')::numeric, 2) AS dps_weight,
       q->'smart'->'checks'->'dps_weight'->>'rating' AS rating
FROM dqs ORDER BY p;
-- the score from its definition, 100 sqrt(chi2 / (N * 9)), over A's digits
SELECT round((100 * sqrt(sum((c - n / 10.0) ^ 2 / (n / 10.0)) / (max(n) * 9)))::numeric, 10)
       = round((q->'digits'->'weight'->>'preference_score')::numeric, 10) AS dps_matches_definition
FROM dqs, LATERAL (SELECT d::float8 AS c, sum(d::float8) OVER () AS n
                   FROM jsonb_array_elements_text(q->'digits'->'weight'->'counts') AS d) AS x
WHERE p = 'A' GROUP BY q;

-- sex ratio 60:40; R: prop.test(60, 100)$p.value = 0.0574331196320037
SELECT p, q->'sex' AS sex FROM dqs WHERE p = 'A';
SELECT abs((q->'sex'->>'p_value')::float8 - 0.0574331196320037) < 1e-12 AS sex_p_as_r FROM dqs WHERE p = 'A';

-- SD, skewness and excess kurtosis of the (unflagged) z-scores, against SQL aggregates
SELECT p, ind,
       round((q->'indicators'->ind->>'sd')::numeric, 10) = round(stddev_samp(v)::numeric, 10) AS sd_ok,
       round((q->'indicators'->ind->>'skewness')::numeric, 10) =
         round((sqrt(count(v)) * sum((v - m) ^ 3) / sum((v - m) ^ 2) ^ 1.5)::numeric, 10) AS skew_ok,
       round((q->'indicators'->ind->>'kurtosis')::numeric, 10) =
         round((count(v) * sum((v - m) ^ 4) / sum((v - m) ^ 2) ^ 2 - 3)::numeric, 10) AS kurt_ok,
       (q->'indicators'->ind->>'n')::int = count(v) AS n_ok
FROM dqs JOIN (SELECT p, ind, v, avg(v) OVER (PARTITION BY p, ind) AS m
               FROM dq, LATERAL (VALUES ('HA', CASE WHEN (z).flen THEN NULL ELSE (z).zlen END),
                                        ('WA', CASE WHEN (z).fwei THEN NULL ELSE (z).zwei END),
                                        ('BMI', CASE WHEN (z).fbmi THEN NULL ELSE (z).zbmi END),
                                        ('WH', CASE WHEN (z).fwfl THEN NULL ELSE (z).zwfl END)) AS t(ind, v)) AS d USING (p)
GROUP BY p, ind, q ORDER BY p, ind;

-- flags and oedema counts, against the rows
SELECT p, (q->'indicators'->'WH'->>'flagged')::int = count(*) FILTER (WHERE (z).fwfl) AS wh_flags_ok,
       (q->'indicators'->'WA'->>'oedema')::int AS wa_oedema, (q->'indicators'->'HA'->>'oedema')::int AS ha_oedema
FROM dqs JOIN dq USING (p) GROUP BY p, q ORDER BY p;

-- missing values: a row without weight is missing for WA, BMI, WH but not HA
SELECT q->'indicators'->'HA'->'missing' AS ha_missing, q->'indicators'->'WA'->'missing' AS wa_missing,
       q->'indicators'->'WH'->'missing' AS wh_missing, q->'age'->'missing' AS age_missing
FROM (SELECT stunting.quality_report(stunting.summarize(stunting.anthro_zscores('m', a, w, 80))) AS q
      FROM (VALUES (400::float8, NULL::float8), (400, 10), (NULL, 10)) AS v(a, w)) AS x;

-- age ratio 6-29 : 30-59 months (expected 0.85); R: prop.test(30, 70, p = 0.85/1.85)$p.value
SELECT (q->'age'->'ratio_6_29_to_30_59'->>'ratio')::float8 = 30.0 / 40 AS ratio_ok,
       abs((q->'age'->'ratio_6_29_to_30_59'->>'p_value')::float8 - 0.690154585363287) < 1e-12 AS age_p_as_r
FROM (SELECT stunting.quality_report(stunting.summarize(stunting.anthro_zscores('f', m * 30.4375 + 1, 10, 85))) AS q
      FROM (SELECT 6 + (k % 24) AS m FROM generate_series(1, 30) AS k
            UNION ALL SELECT 30 + (k % 30) FROM generate_series(1, 40) AS k) AS ages) AS x;

-- heaping by month of age: everyone at whole years gives a huge chi2
SELECT q->'age'->'heaping_month_mod_12'->'counts' AS counts,
       (q->'age'->'heaping_month_mod_12'->>'p_value')::float8 < 1e-10 AS heaped
FROM (SELECT stunting.quality_report(stunting.summarize(stunting.anthro_zscores('f', y * 365.25 + 3, 12, 90))) AS q
      FROM generate_series(1, 4) AS y, generate_series(1, 30) AS k) AS x;

-- SMART score: the sum of the penalties of the checks that could be scored
SELECT p, q->'smart'->'score' AS score, q->'smart'->'rating' AS rating,
       (SELECT sum((v->>'penalty')::int) FROM jsonb_each(q->'smart'->'checks') AS c(k, v)) =
         (q->'smart'->>'score')::int AS score_is_sum
FROM dqs ORDER BY p;

-- an empty summary: nothing to judge, every statistic null
SELECT q->'smart'->'score' AS score, q->'smart'->'rating' AS rating, q->'indicators'->'HA'->'sd' AS sd,
       q->'sex'->'p_value' AS sex_p
FROM (SELECT stunting.quality_report(stunting.summarize(z)) AS q FROM dq WHERE false) AS e;
