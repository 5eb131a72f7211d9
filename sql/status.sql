-- Permenkes 2/2020 categories: every boundary on both sides.  "sd" is "up
-- to and including": -3.00 is stunted, -2.00 normal, +1.00 normal.
SELECT z, stunting.classify_lhfa(z) AS height, stunting.classify_wfa(z) AS weight,
       stunting.classify_wflh(z) AS wfl, stunting.classify_bfa(z, 1000) AS bmi_under5,
       stunting.classify_bfa(z, 3000) AS bmi_5_18
FROM unnest(ARRAY[-3.01, -3.00, -2.01, -2.00, 0, 1.00, 1.01, 2.00, 2.01,
                  3.00, 3.01]::float8[]) AS z;

-- oedema: gizi buruk under 5 (as WHO counts it), severely thin from 5,
-- with or without a z-score; no oedema and no z-score: NULL
SELECT stunting.classify_wflh(NULL, true) AS wfl_oedema,
       stunting.classify_wflh(1.5, true) AS wfl_oedema_with_z,
       stunting.classify_wflh(NULL) AS wfl_null,
       stunting.classify_wflh(NULL, NULL) AS wfl_null_oedema_null,
       stunting.classify_bfa(NULL, 1000, true) AS bmi_oedema_under5,
       stunting.classify_bfa(NULL, 3000, true) AS bmi_oedema_from5,
       stunting.classify_bfa(NULL, 3000) AS bmi_null;

-- the IMT/U table switches at 60 months (1826.25 days), like the z-scores
SELECT d AS age_days, stunting.classify_bfa(1.5, d) AS z_1_5, stunting.classify_bfa(2.5, d) AS z_2_5
FROM unnest(ARRAY[1826, 1826.24, 1826.25, 1827]::float8[]) AS d;

-- NULL in, NULL out; NaN and infinities are errors; so is a bad age
SELECT stunting.classify_lhfa(NULL) IS NULL AS lhfa, stunting.classify_wfa(NULL) IS NULL AS wfa,
       stunting.classify_bfa(1, NULL) IS NULL AS bfa_no_age;
SELECT q, regress.err(q) FROM unnest(ARRAY[
  'SELECT stunting.classify_lhfa(''NaN'')',
  'SELECT stunting.classify_wfa(''Infinity'')',
  'SELECT stunting.classify_wflh(''-Infinity'', true)',
  'SELECT stunting.classify_bfa(''NaN'', 100)',
  'SELECT stunting.classify_bfa(1, -5)'
]) AS q;

-- the enums are ordered worst first
SELECT 'severely_stunted'::stunting.height_status < 'stunted' AS height_order,
       'severely_underweight'::stunting.weight_status < 'underweight' AS weight_order,
       enum_range(NULL::stunting.nutrition_status) AS nutrition_values;

-- straight from the z-score functions: a girl of 400 days, 70 cm lying
SELECT stunting.classify_lhfa(stunting.zscore_lhfa('p', 400, 70, 'telentang')) AS height,
       stunting.zscore_lhfa('p', 400, 70, 'telentang') AS zlen;

-- every published z from -6.00 to +6.00 against the regulation's table
-- written out as CASE expressions
SELECT count(*) AS zscores,
       count(*) FILTER (WHERE stunting.classify_lhfa(z)::text <> CASE
           WHEN z < -3 THEN 'severely_stunted' WHEN z < -2 THEN 'stunted'
           WHEN z <= 3 THEN 'normal' ELSE 'tall' END) AS lhfa_diff,
       count(*) FILTER (WHERE stunting.classify_wfa(z)::text <> CASE
           WHEN z < -3 THEN 'severely_underweight' WHEN z < -2 THEN 'underweight'
           WHEN z <= 1 THEN 'normal' ELSE 'risk_of_overweight' END) AS wfa_diff,
       count(*) FILTER (WHERE stunting.classify_wflh(z)::text <> CASE
           WHEN z < -3 THEN 'severely_wasted' WHEN z < -2 THEN 'wasted'
           WHEN z <= 1 THEN 'normal' WHEN z <= 2 THEN 'possible_risk_of_overweight'
           WHEN z <= 3 THEN 'overweight' ELSE 'obese' END) AS wflh_diff,
       count(*) FILTER (WHERE stunting.classify_bfa(z, 3000)::text <> CASE
           WHEN z < -3 THEN 'severely_thin' WHEN z < -2 THEN 'thin'
           WHEN z <= 1 THEN 'normal' WHEN z <= 2 THEN 'overweight' ELSE 'obese' END) AS bfa_5_18_diff
FROM (SELECT round(i / 100.0, 2)::float8 AS z FROM generate_series(-600, 600) AS i) AS g;
