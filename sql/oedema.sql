-- Oedema: no weight-based z-score (weight-for-age, weight-for-length/height,
-- BMI-for-age) and no flag for them; length, head, arm and skinfolds are
-- unaffected.  NULL oedema means no oedema.
SELECT o AS oedema, zlen IS NOT NULL AS zlen, zwei, fwei, zwfl, fwfl, zbmi, fbmi,
       zhc IS NOT NULL AS zhc, zac IS NOT NULL AS zac, zts IS NOT NULL AS zts,
       zss IS NOT NULL AS zss, cbmi IS NOT NULL AS cbmi, oedema AS coedema
FROM unnest(ARRAY[true, false, NULL]::boolean[]) AS o,
     stunting.anthro_zscores('m', 400, 9.6, 75.5, 'l', o, 46, 15, 8, 7);

-- the same in the single functions
SELECT stunting.zscore_wfa('m', 400, 9.6, true) AS wfa,
       stunting.zscore_wflh('m', 9.6, 75.5, 'l', 400, true) AS wflh,
       stunting.zscore_wflh('m', 9.6, 75.5, 'l', NULL, true) AS wflh_no_age,
       stunting.zscore_bfa('m', 400, 9.6, 75.5, 'l', true) AS bfa,
       stunting.zscore_lhfa('m', 400, 75.5, 'l') IS NOT NULL AS lhfa;

-- 2007 reference (from 60 months): weight-for-age and BMI-for-age too
SELECT zlen IS NOT NULL AS zlen, zwei, zbmi, oedema
FROM stunting.anthro_zscores('f', 2000, 18, 110, 'h', true);
