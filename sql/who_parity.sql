-- Expectations published in WHO's own test suites, as reference values:
-- anthro (tests/testthat/test-zscores.R, 1.1.0 era) and anthroplus
-- (tests/testthat/test-zscores.R at 4a303d40, the 1.0.0 era the spec
-- describes).  Ages given there in months are months * 30.4375 days here.

-- anthro: "length for age uses adjusted lenhei": boy, 987 days, 72.86 cm lying
SELECT zlen = -6.09 AS zlen_ok, flen AS flagged
FROM stunting.anthro_zscores('1', 987, NULL, 72.86, 'l');

-- anthro: "young children with measured standing will be adjusted":
-- boy, 8 and 9 months, 60 cm standing: c9mo (1, 0), clenhei (60, 60.7),
-- zlen (-4.81, -5.02) to 0.01
SELECT m AS months, c9mo_flag, clenhei, abs(zlen - expected) <= 0.01 AS zlen_ok, cmeasure
FROM (VALUES (8, -4.81), (9, -5.02)) AS v(m, expected),
     stunting.anthro_zscores('m', m * 30.4375, NULL, 60, 'h');

-- anthro: "height measurements are used for age 24 months" and "clenhei takes
-- the measure argument into account": girl, 24 months, 77.5 cm, measure
-- unknown or standing: clenhei 77.5, zlen -2.55
SELECT coalesce(meas, 'unknown') AS measure, clenhei, zlen
FROM unnest(ARRAY[NULL, 'h']) AS meas,
     stunting.anthro_zscores('f', 24 * 30.4375, 8.8, 77.5, meas);

-- anthro: "adds adjusted lenhei": boy, 100 cm at 730/800 days, h/h/l/l
SELECT d AS age_days, meas, clenhei
FROM (VALUES (730, 'h'), (800, 'h'), (730, 'l'), (800, 'l')) AS v(d, meas),
     stunting.anthro_zscores('m', d, NULL, 100, meas);

-- anthro: "adds bmi": 20 kg at 100 cm is BMI 20
SELECT cbmi FROM stunting.anthro_zscores('m', 30, 20, 100);

-- anthroplus: "computes correct value for age ~ 60 months": girls
SELECT m AS months, zwfa_expected, zwei, zbfa_expected, zbmi, zhfa_expected, zlen,
       fwei OR fbmi OR flen AS any_flag
FROM (VALUES (60.32, 113.8, 18.7, 0.21, -0.58, 0.96),
             (60.911701, 113.6, 20.5, 0.79, 0.42, 0.85))
       AS v(m, h, w, zwfa_expected, zbfa_expected, zhfa_expected),
     stunting.anthro_zscores('2', m * 30.4375, w, h);

-- anthroplus: "age upper bounds are inclusive": boy, 60 cm, 30 kg at 120,
-- 228, 120.1 and 228.1 months; NA pattern hfa (F,F,F,T), wfa (F,T,T,T),
-- bfa (F,F,F,T)
SELECT m AS months, zlen IS NULL AS hfa_na, zwei IS NULL AS wfa_na, zbmi IS NULL AS bfa_na
FROM unnest(ARRAY[120, 228, 120.1, 228.1]::float8[]) AS m,
     stunting.anthro_zscores('1', m * 30.4375, 30, 60);

-- the specification quotes these from WHO's runs: weight 0 at 70 cm
-- without age gives zwfl -15.54; weight 0 at 100 months gives zwfa -10.80
-- and zbfa -16.62
SELECT stunting.zscore_wflh('m', 0, 70) AS zwfl,
       stunting.zscore_wfa('m', 100 * 30.4375, 0) AS zwfa,
       stunting.zscore_bfa('m', 100 * 30.4375, 0, 130) AS zbfa;
