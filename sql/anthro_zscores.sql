-- anthro_zscores: every column at once, the cleaned values, NULL handling,
-- and agreement with the single-indicator functions.
\x on
-- a boy of 1000 days measured lying (-0.7 cm), with every measurement
SELECT * FROM stunting.anthro_zscores('m', 1000, 12.5, 88, 'l', false, 48, 15, 7, 6);

-- a girl of 200 days measured standing (8.97 months is under 9: c9mo)
SELECT * FROM stunting.anthro_zscores('perempuan', 200, 7.2, 65, 'berdiri');
\x off

-- sex missing: cleaned values only, no z-score
SELECT clenhei, cmeasure, cbmi, csex, zlen, zwei, zwfl, zbmi, flen
FROM stunting.anthro_zscores(NULL, 400, 9, 75, 'h');

-- age missing: only weight-for-length/height (table by measure)
SELECT clenhei, cmeasure, zlen, zwei, zwfl, fwfl, zbmi, age_days
FROM stunting.anthro_zscores('f', NULL, 11.8965, 87, 'h');

-- nothing but sex and age
SELECT clenhei, cbmi, zlen, zwei, zwfl, zbmi, zhc, weight, oedema
FROM stunting.anthro_zscores('m', 100, NULL, NULL);

-- from 60 months: the 2007 reference for zlen, zwei, zbmi; heights as
-- measured (no 0.7 cm), the rest NULL
SELECT clenhei, cmeasure, c9mo_flag, round(cbmi::numeric, 4) AS cbmi, zlen, zwei, zwfl, zbmi, zhc
FROM stunting.anthro_zscores('m', 2500, 20, 115, 'l', false, 50);

-- NULL oedema counts as no oedema
SELECT (stunting.anthro_zscores('m', 400, 9, 75, 'l', NULL)).oedema;

-- called once per row in a query, agrees with the single functions
SELECT count(*) AS children,
       count(*) FILTER (WHERE (z).zlen IS DISTINCT FROM stunting.zscore_lhfa(sex, age, len, m)) AS lhfa_diff,
       count(*) FILTER (WHERE (z).zwei IS DISTINCT FROM stunting.zscore_wfa(sex, age, w)) AS wfa_diff,
       count(*) FILTER (WHERE (z).zwfl IS DISTINCT FROM stunting.zscore_wflh(sex, w, len, m, age)) AS wflh_diff,
       count(*) FILTER (WHERE (z).zbmi IS DISTINCT FROM stunting.zscore_bfa(sex, age, w, len, m)) AS bfa_diff,
       count(*) FILTER (WHERE (z).zlen IS NOT NULL) > 900 AS most_have_zlen
FROM (SELECT sex, age, len, w, m, stunting.anthro_zscores(sex, age, w, len, m) AS z
      FROM (SELECT CASE WHEN i % 2 = 0 THEN 'm' ELSE 'f' END AS sex,
                   (i * 7.3) % 6900 AS age,
                   50 + (i * 7.3) % 6900 / 6900 * 120 + (i % 7) AS len,
                   3 + (i * 7.3) % 6900 / 6900 * 50 + (i % 5) AS w,
                   CASE i % 3 WHEN 0 THEN 'l' WHEN 1 THEN 'h' END AS m
            FROM generate_series(1, 1000) AS i) AS c) AS s;
