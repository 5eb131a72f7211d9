-- Age rules: the 60-month (1826.25-day) hand-over from the 2006 standards
-- to the 2007 reference, and the 2007 upper limits (120 months for
-- weight-for-age, 228 months for height- and BMI-for-age), both ends included.
-- lenanthro girls 1826: M 109.4189 (height); hfawho2007 boys 60: M 109.7265.
SELECT d AS age_days, d / 30.4375 AS months,
       stunting.zscore_lhfa('f', d, 109.4189, 'h') AS lhfa_2006_median,
       stunting.zscore_lhfa('m', d, 109.7265, 'h') AS lhfa_2007_median,
       stunting.zscore_wflh('f', 22.8173, 120, 'h', d) AS wflh,
       stunting.zscore_hcfa('f', d, 49.9225) AS hcfa
FROM unnest(ARRAY[1826, 1826.2, 1826.24, 1826.25, 1826.3, 1826.5, 1827]::float8[]) AS d;

-- every column of anthro_zscores switches at the same age
SELECT d AS age_days, zlen IS NOT NULL AS zlen, zwei IS NOT NULL AS zwei,
       zbmi IS NOT NULL AS zbmi, zwfl IS NOT NULL AS zwfl, zhc IS NOT NULL AS zhc,
       zac IS NOT NULL AS zac, zts IS NOT NULL AS zts, zss IS NOT NULL AS zss,
       clenhei
FROM unnest(ARRAY[1826.2, 1826.25]::float8[]) AS d,
     stunting.anthro_zscores('m', d, 18, 110, 'l', false, 50, 16, 8, 6);

-- weight-for-age to 120 months (3652.5 days), height- and BMI-for-age to
-- 228 months (6939.75 days), inclusive
SELECT m AS months,
       stunting.zscore_wfa('m', m * 30.4375, 31.1586) IS NOT NULL AS wfa,
       stunting.zscore_lhfa('f', m * 30.4375, 163.1548) IS NOT NULL AS lhfa,
       stunting.zscore_bfa('f', m * 30.4375, 50, 160) IS NOT NULL AS bfa
FROM unnest(ARRAY[119.99, 120, 120.01, 227.99, 228, 228.01, 229]::float8[]) AS m;

-- wfamedian boys 120 months: M 31.1586; hfa girls 228 months: M 163.1548
SELECT stunting.zscore_wfa('m', 120 * 30.4375, 31.1586) AS wfa_120,
       stunting.zscore_lhfa('f', 228 * 30.4375, 163.1548) AS hfa_228;
