-- Head circumference (plain LMS), arm circumference and the two skinfolds
-- (restricted LMS, from 91 days).  Rows quoted from the raw tables:
-- hcanthro boys 100: L 1, M 40.8555, S 0.02901
-- acanthro boys 91: L 0.3933, M 13.4779, S 0.07474
-- tsanthro girls 200: L 0.0142, M 8.9715, S 0.19782
-- ssanthro boys 1000: L -0.7493, M 5.7891, S 0.18411
SELECT z AS target,
       stunting.zscore_hcfa('m', 100, regress.at_z(1, 40.8555, 0.02901, z)) AS hc,
       stunting.zscore_acfa('m', 91, regress.at_z(0.3933, 13.4779, 0.07474, z)) AS ac,
       stunting.zscore_tsfa('f', 200, regress.at_z(0.0142, 8.9715, 0.19782, z)) AS ts,
       stunting.zscore_ssfa('m', 1000, regress.at_z(-0.7493, 5.7891, 0.18411, z)) AS ss
FROM unnest(ARRAY[-3, -2, 0, 1.5, 3]::float8[]) AS z;

-- beyond 3 SD: head circumference stays on the LMS curve, the others are
-- restricted (so the LMS curve's 4 SD is not 4 for them)
SELECT stunting.zscore_hcfa('m', 100, regress.at_z(1, 40.8555, 0.02901, 4)) AS hc_4,
       stunting.zscore_acfa('m', 91, regress.at_z(0.3933, 13.4779, 0.07474, 4)) AS ac_lms_4,
       stunting.zscore_acfa('m', 91, 2 * regress.at_z(0.3933, 13.4779, 0.07474, 3)
                                     - regress.at_z(0.3933, 13.4779, 0.07474, 2)) AS ac_restricted_4;

-- arm circumference and skinfolds start at 91 days (rounded half up)
SELECT stunting.zscore_acfa('m', 90, 13.4779) AS ac_d90,
       stunting.zscore_acfa('m', 90.5, 13.4779) AS ac_d90_5,
       stunting.zscore_tsfa('m', 90.49, 9.7658) AS ts_d90_49,
       stunting.zscore_tsfa('m', 91, 9.7658) AS ts_d91,
       stunting.zscore_ssfa('m', 91, 7.692) AS ss_d91,
       stunting.zscore_hcfa('m', 0, 34.4618) AS hc_d0;

-- none of them from 60 months
SELECT stunting.zscore_hcfa('m', 1826.25, 50) AS hc, stunting.zscore_acfa('m', 1826.25, 16) AS ac,
       stunting.zscore_tsfa('m', 1826.25, 8) AS ts, stunting.zscore_ssfa('m', 1826.25, 6) AS ss,
       stunting.zscore_hcfa('m', 1826.2, 50) IS NOT NULL AS hc_d1826_2;

-- oedema does not touch them; zero is missing
SELECT (stunting.anthro_zscores('m', 100, 6, 60, NULL, true, 40.8555)).zhc AS hc_with_oedema,
       stunting.zscore_hcfa('m', 100, 0) AS hc_zero;
