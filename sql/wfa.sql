-- Weight-for-age (2006 standards): restricted LMS, linear beyond ±3 SD.
-- Expected values from weianthro.txt girls day 365: L -0.2022, M 8.9462, S 0.12267.
-- inside ±3 SD the LMS curve itself
SELECT z AS target, stunting.zscore_wfa('f', 365, regress.at_z(-0.2022, 8.9462, 0.12267, z)) AS z
FROM unnest(ARRAY[-3, -2.5, -2, -1, 0, 1, 2, 2.99, 3]::float8[]) AS z;

-- beyond ±3 SD: measured in units of the 2-3 SD distance on that side
WITH sd AS (
  SELECT regress.at_z(-0.2022, 8.9462, 0.12267, 3) AS p3,
         regress.at_z(-0.2022, 8.9462, 0.12267, 2) AS p2,
         regress.at_z(-0.2022, 8.9462, 0.12267, -3) AS m3,
         regress.at_z(-0.2022, 8.9462, 0.12267, -2) AS m2)
SELECT stunting.zscore_wfa('f', 365, p3 + 1.5 * (p3 - p2)) AS plus_4_5,
       stunting.zscore_wfa('f', 365, m3 - 0.5 * (m2 - m3)) AS minus_3_5,
       stunting.zscore_wfa('f', 365, m3 - 2 * (m2 - m3)) AS minus_5,
       -- the LMS curve at +4 SD is not +4 on WHO's restricted scale
       stunting.zscore_wfa('f', 365, regress.at_z(-0.2022, 8.9462, 0.12267, 4)) AS lms_4sd
FROM sd;

-- both sides of the ±3 SD switch: on the LMS curve inside, on the
-- restricted scale outside
WITH sd AS (
  SELECT regress.at_z(-0.2022, 8.9462, 0.12267, 3) AS p3,
         regress.at_z(-0.2022, 8.9462, 0.12267, 2) AS p2,
         regress.at_z(-0.2022, 8.9462, 0.12267, -3) AS m3,
         regress.at_z(-0.2022, 8.9462, 0.12267, -2) AS m2)
SELECT stunting.zscore_wfa('f', 365, regress.at_z(-0.2022, 8.9462, 0.12267, 2.996)) AS in_2_996,
       stunting.zscore_wfa('f', 365, p3 + 0.006 * (p3 - p2)) AS out_3_006,
       stunting.zscore_wfa('f', 365, regress.at_z(-0.2022, 8.9462, 0.12267, -2.996)) AS in_m2_996,
       stunting.zscore_wfa('f', 365, m3 - 0.006 * (m2 - m3)) AS out_m3_006
FROM sd;

-- boys day 1826 (M 18.3352) is the last 2006 day
SELECT stunting.zscore_wfa('m', 1826, 18.3352) AS d1826,
       stunting.zscore_wfa('m', 1826.2, 18.3352) AS d1826_2;

-- weight 0 or below: NULL; oedema: NULL
SELECT stunting.zscore_wfa('f', 365, 0) AS zero, stunting.zscore_wfa('f', 365, -2) AS negative,
       stunting.zscore_wfa('f', 365, 8.9462, true) AS oedema;
