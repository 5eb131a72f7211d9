-- Weight-for-length/height (2006): table choice, range ends, interpolation
-- between 0.1 cm rows, and children without age.
-- wflanthro boys: 45.0 (L -0.3521, M 2.441, S 0.09182), 45.3 (M 2.4911,
-- S 0.09164), 45.4 (M 2.5078, S 0.09159), 86.9 (M 11.9668), 110 (M 18.2689).
-- wfhanthro girls: 65 (L -0.3833, M 7.2402), 87 (M 11.8965), 120 (M 22.8173).

-- length table (under 731 days): 45 to 110 cm, both ends included
SELECT stunting.zscore_wflh('m', 2.441, 44.9, 'l', 10) AS l44_9,
       stunting.zscore_wflh('m', 2.441, 45, 'l', 10) AS l45,
       stunting.zscore_wflh('m', 18.2689, 110, 'l', 700) AS l110,
       stunting.zscore_wflh('m', 18.2689, 110.01, 'l', 700) AS l110_01;

-- height table (from 731 days): 65 to 120 cm
SELECT stunting.zscore_wflh('f', 7.2402, 64.9, 'h', 800) AS h64_9,
       stunting.zscore_wflh('f', 7.2402, 65, 'h', 800) AS h65,
       stunting.zscore_wflh('f', 22.8173, 120, 'h', 1500) AS h120,
       stunting.zscore_wflh('f', 22.8173, 120.01, 'h', 1500) AS h120_01;

-- between rows L, M and S are interpolated: 45.35 cm is the midpoint of
-- 45.3 and 45.4 (M 2.49945, S 0.091615)
SELECT stunting.zscore_wflh('m', 2.49945, 45.35, 'l', 10) AS midpoint,
       stunting.zscore_wflh('m', 2.49945 * (1 + -0.3521 * 0.091615 * 2) ^ (1 / -0.3521),
                            45.35, 'l', 10) AS midpoint_2sd;

-- ±0.7 cm before the table: 109.3 standing at 700 days is 110.0 cm of
-- length (inside), 109.4 is 110.1 (outside WFL although fine for WFH);
-- 65.7 lying at 800 days is 65.0 cm of height
SELECT stunting.zscore_wflh('m', 18.2689, 109.3, 'h', 700) AS s109_3,
       stunting.zscore_wflh('m', 18.2689, 109.4, 'h', 700) AS s109_4,
       stunting.zscore_wflh('f', 7.2402, 65.7, 'l', 800) AS l65_7,
       stunting.zscore_wflh('f', 22.8173, 120.7, 'l', 800) AS l120_7;

-- without age: the measure chooses the table (no adjustment); without both,
-- 87 cm does
SELECT stunting.zscore_wflh('m', 11.9668, 86.9) AS none_86_9_wfl,
       stunting.zscore_wflh('f', 11.8965, 87) AS none_87_wfh,
       stunting.zscore_wflh('f', 11.8965, 87, 'h') AS standing_87,
       stunting.zscore_wflh('m', 11.9668, 86.9, 'l') AS lying_86_9,
       stunting.zscore_wflh('f', 7.2402, 65, 'h') AS standing_65,
       stunting.zscore_wflh('f', 7.2402, 65, 'l') AS lying_65_in_wfl;

-- no z-score from 60 months, with oedema, or without weight/length
SELECT stunting.zscore_wflh('f', 22.8173, 120, 'h', 1826.2) AS d1826_2,
       stunting.zscore_wflh('f', 22.8173, 120, 'h', 1826.25) AS d1826_25,
       stunting.zscore_wflh('f', 11.8965, 87, 'h', 1000, true) AS oedema,
       stunting.zscore_wflh('f', NULL, 87) AS no_weight,
       stunting.zscore_wflh('f', 11.8965, NULL) AS no_length,
       stunting.zscore_wflh(NULL, 11.8965, 87) AS no_sex;

-- weight 0 is not excluded (WHO): very negative and flagged; negative: NULL
SELECT stunting.zscore_wflh('m', 0, 70) AS weight_0, stunting.zscore_wflh('m', -1, 70) AS weight_neg;
