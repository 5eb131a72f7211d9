-- Golden vectors: test/golden/zscores.csv comes from an independent Python
-- re-implementation of the WHO algorithm (test/reference/who_reference.py,
-- written from the specification only).  Every column of every row must
-- agree exactly: z-scores to the published 2 decimals, clenhei and cbmi to
-- the last bit.
\i test/golden/expected_table.sql
\copy expected FROM 'test/golden/zscores.csv' WITH (FORMAT csv, HEADER)

SELECT count(*) > 20000 AS enough_rows,
       count(*) FILTER (WHERE age_days >= 1826.25) > 1000 AS enough_2007,
       count(*) FILTER (WHERE zwfl IS NOT NULL) > 5000 AS enough_wfl,
       count(*) FILTER (WHERE flen OR fwei OR fwfl OR fbmi) > 100 AS enough_flags
FROM expected;

CREATE TEMP TABLE computed AS
SELECT g.*, stunting.anthro_zscores(sex, age_days, weight_kg, lenhei_cm, measure,
                                    oedema, headc_cm, armc_cm, triskin_mm,
                                    subskin_mm) AS z
FROM expected g;

-- mismatches per column: all zero
SELECT count(*) FILTER (WHERE (z).clenhei IS DISTINCT FROM clenhei) AS clenhei,
       count(*) FILTER (WHERE (z).cmeasure IS DISTINCT FROM cmeasure) AS cmeasure,
       count(*) FILTER (WHERE (z).c9mo_flag IS DISTINCT FROM c9mo_flag) AS c9mo,
       count(*) FILTER (WHERE (z).cbmi IS DISTINCT FROM cbmi) AS cbmi,
       count(*) FILTER (WHERE (z).csex IS DISTINCT FROM csex) AS csex,
       count(*) FILTER (WHERE (z).zlen IS DISTINCT FROM zlen OR (z).flen IS DISTINCT FROM flen) AS len,
       count(*) FILTER (WHERE (z).zwei IS DISTINCT FROM zwei OR (z).fwei IS DISTINCT FROM fwei) AS wei,
       count(*) FILTER (WHERE (z).zwfl IS DISTINCT FROM zwfl OR (z).fwfl IS DISTINCT FROM fwfl) AS wfl,
       count(*) FILTER (WHERE (z).zbmi IS DISTINCT FROM zbmi OR (z).fbmi IS DISTINCT FROM fbmi) AS bmi,
       count(*) FILTER (WHERE (z).zhc IS DISTINCT FROM zhc OR (z).fhc IS DISTINCT FROM fhc) AS hc,
       count(*) FILTER (WHERE (z).zac IS DISTINCT FROM zac OR (z).fac IS DISTINCT FROM fac) AS ac,
       count(*) FILTER (WHERE (z).zts IS DISTINCT FROM zts OR (z).fts IS DISTINCT FROM fts) AS ts,
       count(*) FILTER (WHERE (z).zss IS DISTINCT FROM zss OR (z).fss IS DISTINCT FROM fss) AS ss
FROM computed;

-- the first few differing rows, for diagnosis (none expected)
SELECT sex, age_days, weight_kg, lenhei_cm, measure, oedema,
       zlen, (z).zlen AS got_zlen, zwei, (z).zwei AS got_zwei,
       zwfl, (z).zwfl AS got_zwfl, zbmi, (z).zbmi AS got_zbmi
FROM computed
WHERE row(clenhei, cmeasure, c9mo_flag, cbmi, csex, zlen, flen, zwei, fwei,
          zwfl, fwfl, zbmi, fbmi, zhc, fhc, zac, fac, zts, fts, zss, fss)
      IS DISTINCT FROM
      row((z).clenhei, (z).cmeasure, (z).c9mo_flag, (z).cbmi, (z).csex,
          (z).zlen, (z).flen, (z).zwei, (z).fwei, (z).zwfl, (z).fwfl,
          (z).zbmi, (z).fbmi, (z).zhc, (z).fhc, (z).zac, (z).fac,
          (z).zts, (z).fts, (z).zss, (z).fss)
LIMIT 5;

-- the single-indicator functions agree with anthro_zscores on every row
SELECT count(*) FILTER (WHERE stunting.zscore_lhfa(sex, age_days, lenhei_cm, measure)
                              IS DISTINCT FROM (z).zlen) AS lhfa,
       count(*) FILTER (WHERE stunting.zscore_wfa(sex, age_days, weight_kg, oedema)
                              IS DISTINCT FROM (z).zwei) AS wfa,
       count(*) FILTER (WHERE stunting.zscore_wflh(sex, weight_kg, lenhei_cm, measure, age_days, oedema)
                              IS DISTINCT FROM (z).zwfl) AS wflh,
       count(*) FILTER (WHERE stunting.zscore_bfa(sex, age_days, weight_kg, lenhei_cm, measure, oedema)
                              IS DISTINCT FROM (z).zbmi) AS bfa,
       count(*) FILTER (WHERE stunting.zscore_hcfa(sex, age_days, headc_cm)
                              IS DISTINCT FROM (z).zhc) AS hcfa,
       count(*) FILTER (WHERE stunting.zscore_acfa(sex, age_days, armc_cm)
                              IS DISTINCT FROM (z).zac) AS acfa,
       count(*) FILTER (WHERE stunting.zscore_tsfa(sex, age_days, triskin_mm)
                              IS DISTINCT FROM (z).zts) AS tsfa,
       count(*) FILTER (WHERE stunting.zscore_ssfa(sex, age_days, subskin_mm)
                              IS DISTINCT FROM (z).zss) AS ssfa
FROM computed;
