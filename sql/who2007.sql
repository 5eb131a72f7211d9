-- WHO Growth Reference 2007 (5-19 years, from 60 months): interpolation by
-- month, no length/height adjustment, anthroplus's treatment of zeros.
-- hfawho2007 boys 60: L 1, M 109.7265, S 0.04156; 61: M 110.2647, S 0.04164
-- bfawho2007 girls 100: L -1.4199, M 15.8058, S 0.11469; 101: L -1.4270, M 15.8394, S 0.11513
-- wfawho2007 boys 120: L -0.6764, M 31.1586, S 0.16305
SELECT stunting.zscore_lhfa('m', 60 * 30.4375, 109.7265) AS hfa_60,
       stunting.zscore_lhfa('m', 61 * 30.4375, 110.2647) AS hfa_61,
       -- 60.5 months: M and S halfway
       stunting.zscore_lhfa('m', 60.5 * 30.4375, (109.7265 + 110.2647) / 2) AS hfa_60_5,
       stunting.zscore_lhfa('m', 60.5 * 30.4375,
                            (109.7265 + 110.2647) / 2 * (1 + 2 * (0.04156 + 0.04164) / 2)) AS hfa_60_5_plus2;

-- BMI-for-age at 100.5 months: L, M, S interpolated (M 15.8226)
SELECT stunting.zscore_bfa('f', 100.5 * 30.4375, 15.8226 * 1.3 * 1.3, 130) AS bfa_100_5,
       stunting.zscore_bfa('f', 100 * 30.4375, 15.8058 * 1.3 * 1.3, 130) AS bfa_100;

-- heights are taken as measured: the measure makes no difference
SELECT stunting.zscore_lhfa('m', 61 * 30.4375, 110.2647, 'l') AS lying,
       stunting.zscore_lhfa('m', 61 * 30.4375, 110.2647, 'h') AS standing,
       (stunting.anthro_zscores('m', 61 * 30.4375, 18, 110.2647, 'l')).clenhei AS clenhei;

-- weight-for-age is restricted beyond ±3 SD (wfawho2007 boys 120)
SELECT stunting.zscore_wfa('m', 120 * 30.4375, 31.1586) AS median,
       stunting.zscore_wfa('m', 120 * 30.4375,
         31.1586 * (1 + -0.6764 * 0.16305 * 3) ^ (1 / -0.6764) * 2
         - 31.1586 * (1 + -0.6764 * 0.16305 * 2) ^ (1 / -0.6764)) AS restricted_4;

-- zero measurements are computed as anthroplus does (finite, flagged);
-- BMI of a zero height is NULL (WHO: Inf); negative measurements are NULL
SELECT zlen, flen, zwei, fwei, zbmi, fbmi, cbmi
FROM stunting.anthro_zscores('m', 100 * 30.4375, 0, 130);
SELECT zlen < -20 AS zlen_very_low, flen, zbmi, cbmi
FROM stunting.anthro_zscores('m', 100 * 30.4375, 25, 0);
SELECT stunting.zscore_lhfa('m', 100 * 30.4375, -130) AS height_negative,
       stunting.zscore_wfa('m', 100 * 30.4375, -25) AS weight_negative;

-- older than 228 months: NULL
SELECT stunting.zscore_lhfa('f', 229 * 30.4375, 163) AS hfa_229, stunting.zscore_bfa('f', 240 * 30.4375, 55, 163) AS bfa_240;
