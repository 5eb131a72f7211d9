-- Length/height-for-age (2006 standards): plain LMS (no restriction beyond
-- ±3 SD), the ±0.7 cm rule at 731 days and the 9-month standing rule.
-- Expected values come from quoted rows of lenanthro.txt (L = 1).
-- boys day 0: L 1, M 49.8842, S 0.03795.  Plain LMS: z = 4 stays 4.00.
SELECT z AS target, stunting.zscore_lhfa('m', 0, regress.at_z(1, 49.8842, 0.03795, z)) AS z
FROM unnest(ARRAY[-6, -4, -3, -2, -1.5, 0, 1, 2, 3, 4, 6]::float8[]) AS z;

-- girls day 1826 (height): M 109.4189, S 0.04346
SELECT stunting.zscore_lhfa('f', 1826, 109.4189, 'h') AS standing,
       stunting.zscore_lhfa('f', 1826, 109.4189 + 0.7, 'l') AS lying_minus_07,
       stunting.zscore_lhfa('f', 1826, 109.4189) AS unknown_measure,
       stunting.zscore_lhfa('f', 1826, 109.4189 * (1 + 2 * 0.04346)) AS plus_2sd;

-- 731-day switch (boys 730: M 87.8018 length; 731: M 87.1303 height).
-- Standing under 731 days gets +0.7, lying from 731 days -0.7.
SELECT stunting.zscore_lhfa('m', 730, 87.8018, 'l') AS d730_lying,
       stunting.zscore_lhfa('m', 730, 87.1018, 'h') AS d730_standing,
       stunting.zscore_lhfa('m', 731, 87.1303, 'h') AS d731_standing,
       stunting.zscore_lhfa('m', 731, 87.8303, 'l') AS d731_lying,
       stunting.zscore_lhfa('m', 730, 87.8018, 'h') AS d730_standing_unadjusted_median;

-- age rounds half up to the table day: 730.49 -> 730, 730.5 -> 731
SELECT stunting.zscore_lhfa('m', 730.49, 87.8018, 'l') AS d730_49,
       stunting.zscore_lhfa('m', 730.5, 87.8303, 'l') AS d730_5_lying_adjusted,
       stunting.zscore_lhfa('m', 730.5, 87.1303) AS d730_5_unknown;

-- 9-month rule: standing under 9 months (273 days = 8.97 months) is taken
-- as an unknown measure, no +0.7 (boys 273: M 71.9273; 274: M 71.9714).
SELECT stunting.zscore_lhfa('m', 273, 71.9273, 'h') AS d273_standing,
       stunting.zscore_lhfa('m', 274, 71.9714 - 0.7, 'h') AS d274_standing,
       stunting.zscore_lhfa('m', 274, 71.9714, 'l') AS d274_lying;
