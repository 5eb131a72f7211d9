-- Flags are set on the ROUNDED z-score, strictly outside the limits:
-- zlen below -6 or above 6; zwei below -6 or above 5; the rest beyond ±5.
-- So 5.004 rounds to 5.00 (not flagged) and 5.006 to 5.01 (flagged).
-- length-for-age, plain LMS (lenanthro boys 0: M 49.8842, S 0.03795)
SELECT t AS target, z.zlen, z.flen
FROM unnest(ARRAY[5.994, 5.996, 6.004, 6.006, -5.994, -5.996, -6.004, -6.006]::float8[]) AS t,
     stunting.anthro_zscores('m', 0, NULL, 49.8842 * (1 + 0.03795 * t)) AS z;

-- weight-for-age, restricted (weianthro girls 365: L -0.2022, M 8.9462, S 0.12267)
SELECT t AS target, z.zwei, z.fwei
FROM unnest(ARRAY[4.994, 4.996, 5.004, 5.006, -5.006, -5.994, -5.996, -6.004, -6.006]::float8[]) AS t,
     stunting.anthro_zscores('f', 365, regress.at_rz(-0.2022, 8.9462, 0.12267, t), NULL) AS z;

-- weight-for-length (wflanthro boys 45: L -0.3521, M 2.441, S 0.09182)
SELECT t AS target, z.zwfl, z.fwfl
FROM unnest(ARRAY[4.994, 4.996, 5.004, 5.006, -4.994, -4.996, -5.004, -5.006]::float8[]) AS t,
     stunting.anthro_zscores('m', 10, regress.at_rz(-0.3521, 2.441, 0.09182, t), 45, 'l') AS z;

-- head circumference, plain (hcanthro boys 100: M 40.8555, S 0.02901),
-- and arm circumference, restricted (acanthro boys 91)
SELECT t AS target, hc.zhc, hc.fhc, ac.zac, ac.fac
FROM unnest(ARRAY[4.996, 5.006, -4.996, -5.006]::float8[]) AS t,
     stunting.anthro_zscores('m', 100, NULL, NULL, headc_cm => 40.8555 * (1 + 0.02901 * t)) AS hc,
     stunting.anthro_zscores('m', 91, NULL, NULL,
                             armc_cm => regress.at_rz(0.3933, 13.4779, 0.07474, t)) AS ac;

-- missing z-score, missing flag
SELECT flen, fwei, fwfl, fbmi, fhc, fac, fts, fss FROM stunting.anthro_zscores('m', NULL, NULL, NULL);
