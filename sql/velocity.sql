-- WHO growth velocity (2009): every row of the compiled tables against
-- WHO's printed SD columns, the interval rule on both sides of each
-- boundary, the end-age rounding, the tails, NULL and bad input.
SET client_min_messages = warning;

-- The compiled tables: rows per indicator, sex and interval
SELECT i AS indicator, sx AS sex, r.interval_months, count(*) AS rows, min(r.end_month) AS first_end, max(r.end_month) AS last_end
FROM unnest(ARRAY['weight', 'length', 'headc']) AS i, unnest(ARRAY['m', 'f']) AS sx,
     LATERAL stunting.velocity_reference(i, sx) r
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- For every row: WHO's printed -2, -1, median, +1, +2 SD increments at the
-- nominal ages (end month a, start a - k) give z = -2 ... +2 to the printed
-- precision (SOURCE.md: the LMS parameters reproduce the printed columns to
-- 0.69 g and 0.05 cm), and velocity_z equals the LMS formula on the row.
-- Also +-3 SD, but where 1 + L S z <= 0: the LMS curve does not reach -3 SD
-- there, and WHO prints 0 or 0.1 cm (SOURCE.md).
CREATE TEMP TABLE velocity_check AS
SELECT i AS indicator, sx AS sex, r.interval_months, r.end_month, k, printed,
       stunting.velocity_z(i, sx, (r.end_month - r.interval_months) * 30.4375, r.end_month * 30.4375,
                           0, CASE WHEN i = 'weight' THEN printed / 1000 ELSE printed END) AS z,
       (((printed + r.delta) / r.m) ^ r.l - 1) / (r.l * r.s) AS lms_z,
       r.m * r.s * ((printed + r.delta) / r.m) ^ (1 - r.l) AS slope,  -- dd/dz there
       CASE WHEN i = 'weight' THEN 0.7 ELSE 0.051 END AS tolerance
FROM unnest(ARRAY['weight', 'length', 'headc']) AS i, unnest(ARRAY['m', 'f']) AS sx,
     LATERAL stunting.velocity_reference(i, sx) r,
     LATERAL (VALUES (-3, r.sd3neg), (-2, r.sd2neg), (-1, r.sd1neg), (0, r.median), (1, r.sd1), (2, r.sd2), (3, r.sd3)) AS p(k, printed)
WHERE printed + r.delta > 0 AND 1 + r.l * r.s * k > 0;
SELECT indicator, count(*) AS checked,
       count(*) FILTER (WHERE z IS NULL) AS no_z,
       count(*) FILTER (WHERE abs(z - k) > tolerance / slope) AS beyond_printed_precision,
       count(*) FILTER (WHERE abs(z - lms_z) > 1e-9) AS not_the_lms_formula,
       round(max(abs(z - k))::numeric, 4) AS max_abs_z_minus_k
FROM velocity_check GROUP BY indicator ORDER BY indicator;
-- a few by hand: boys' weight 0-1 month, median 1023 g (z 0), 321 g (-2)
SELECT round(stunting.velocity_z('weight', 'm', 0, 30.4375, 3.3, 4.323)::numeric, 6) AS median,
       round(stunting.velocity_z('weight', 'm', 0, 30.4375, 3.3, 3.621)::numeric, 3) AS minus2,
       round(stunting.velocity_z('length', 'f', 30.4375 * 4, 30.4375 * 6, 60, 60 + (SELECT median FROM stunting.velocity_reference('length', 'f') WHERE interval_months = 2 AND end_month = 6))::numeric, 6) AS length_median;

-- The interval rule: 1 month is 30.4375 days +- 3.8046875 (26.6 to 34.2
-- days); whole days on both sides of each boundary, every tabulated k
SELECT k, d AS days, (stunting.velocity_interval('weight', 100, 100 + d)).*
FROM (VALUES (1, 26), (1, 27), (1, 34), (1, 35), (2, 53), (2, 54), (2, 68), (2, 69),
             (3, 79), (3, 80), (3, 102), (3, 103), (4, 106), (4, 107), (4, 136), (4, 137), (4, 138),
             (6, 159), (6, 160), (6, 205), (6, 206), (5, 152)) AS t(k, d)
ORDER BY k, d;
-- exactly on the boundary (a fraction of a day) is inside
SELECT (stunting.velocity_interval('weight', 0, 30.4375 + 3.8046875)).interval_months AS upper_edge,
       (stunting.velocity_interval('weight', 0, 30.4375 + 3.8046876)).interval_months AS past_upper_edge,
       (stunting.velocity_interval('weight', 30.4375, 60.875 - 3.8046875)).interval_months AS lower_edge;
-- the end month is the nearest month (half up): 5.5 months ends at 6
SELECT (stunting.velocity_interval('length', 30.4375 * 3.5, 30.4375 * 5.5)).end_month AS end_5_5,
       (stunting.velocity_interval('length', 30.4375 * 3.5, 30.4375 * 5.5 - 0.01)).end_month AS end_just_below;
-- rows that do not exist: 1-month weight after 12 months, head 2-month
-- after 12, anything after 24, a start before birth
SELECT stunting.velocity_z('weight', 'f', 30.4375 * 12, 30.4375 * 13, 9, 9.3) AS weight_1mo_at_13,
       (stunting.velocity_interval('weight', 30.4375 * 11, 30.4375 * 12)).end_month AS weight_1mo_at_12,
       stunting.velocity_z('headc', 'f', 30.4375 * 11, 30.4375 * 13, 44, 45) AS headc_2mo_at_13,
       stunting.velocity_z('headc', 'f', 30.4375 * 10, 30.4375 * 12, 44, 45) IS NOT NULL AS headc_2mo_at_12,
       stunting.velocity_z('length', 'm', 30.4375 * 23, 30.4375 * 25, 85, 87) AS length_2mo_at_25,
       stunting.velocity_z('weight', 'm', 0, 30.4375 * 2, 3.3, 5) IS NOT NULL AS weight_2mo_from_birth,
       stunting.velocity_z('weight', 'm', 0, 30.4375 * 1.4, 3.3, 4) AS weight_from_birth_43_days;

-- a start before birth: 160 days is a 6-month interval, ending at month 5
SELECT (stunting.velocity_interval('weight', 0, 160)).*,
       stunting.velocity_z('weight', 'm', 0, 160, 3.3, 7) AS weight_6mo_before_birth;

-- Tails: no restricted scale (the printed +-3 SD are the plain LMS curve);
-- no z-score for a length or head increment of 0 or less, or for a weight
-- loss of Delta (400 g for boys' 1-month intervals) or more
SELECT round(stunting.velocity_z('weight', 'm', 0, 30.4375, 3.3, 3.3 + 3.5)::numeric, 4) AS far_above,
       round(stunting.velocity_z('weight', 'm', 30.4375 * 5, 30.4375 * 6, 7, 6.7)::numeric, 4) AS a_loss_of_300g,
       stunting.velocity_z('weight', 'm', 30.4375 * 5, 30.4375 * 6, 7, 6.6) AS a_loss_of_delta,
       stunting.velocity_z('length', 'm', 30.4375 * 4, 30.4375 * 6, 65, 65) AS length_zero,
       stunting.velocity_z('length', 'm', 30.4375 * 4, 30.4375 * 6, 65, 64.5) AS length_negative,
       round(stunting.velocity_z('length', 'm', 30.4375 * 4, 30.4375 * 6, 65, 65.1)::numeric, 4) AS length_0_1cm,
       (SELECT delta FROM stunting.velocity_reference('weight', 'm') WHERE interval_months = 1 AND end_month = 6) AS delta;

-- an absurd increment whose z overflows: NULL, not Infinity
SELECT stunting.velocity_z('weight', 'm', 0, 30.4375, 0, 1e300) AS huge_weight,
       stunting.velocity_z('weight', 'm', 0, 30.4375, -1e308, 1e308) AS difference_overflows,
       stunting.velocity_z('length', 'f', 0, 60.875, 0, 1e308) IS NOT NULL AS huge_length_finite;

-- NULL inputs give NULL; bad codes and ages are errors naming the value
SELECT stunting.velocity_z(NULL, 'm', 0, 30, 3, 4) AS no_indicator, stunting.velocity_z('weight', NULL, 0, 30, 3, 4) AS no_sex,
       stunting.velocity_z('weight', 'm', NULL, 30, 3, 4) AS no_age, stunting.velocity_z('weight', 'm', 0, 30, NULL, 4) AS no_value,
       (stunting.velocity_interval('weight', NULL, 30)).interval_months AS interval_no_age,
       stunting.velocity_z(' Weight ', 'L', 0, 30.4375, 3.3, 4.323) IS NOT NULL AS codes_trimmed_any_case;
SELECT q, regress.err(q) FROM unnest(ARRAY[
  'SELECT stunting.velocity_z(''height'', ''m'', 0, 30, 3, 4)',
  'SELECT stunting.velocity_z(''weight'', ''x'', 0, 30, 3, 4)',
  'SELECT stunting.velocity_z(''weight'', ''m'', 30, 30, 3, 4)',
  'SELECT stunting.velocity_z(''weight'', ''m'', 60, 30, 3, 4)',
  'SELECT stunting.velocity_z(''weight'', ''m'', -1, 30, 3, 4)',
  'SELECT stunting.velocity_z(''weight'', ''m'', 0, ''Infinity'', 3, 4)',
  'SELECT stunting.velocity_z(''weight'', ''m'', 0, 30, ''NaN'', 4)',
  'SELECT stunting.velocity_interval(''weight'', 30, 0)',
  'SELECT count(*) FROM stunting.velocity_reference(''arm'', ''m'')',
  'SELECT stunting.velocity_interval(''weight'', -1, 30)',
  'SELECT stunting.velocity_interval(''weight'', 0, ''NaN'')',
  -- every argument present is checked, even where the result is NULL anyway
  'SELECT stunting.velocity_z(NULL, ''x'', 0, 30, 3, 4)',
  'SELECT stunting.velocity_z(''weight'', NULL, 60, 30, 3, 4)',
  'SELECT stunting.velocity_z(''weight'', ''m'', 60, 30, NULL, 4)',
  'SELECT stunting.velocity_z(''weight'', ''m'', NULL, -5, 3, 4)'
]) AS q;
