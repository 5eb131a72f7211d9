-- Ages and measurements: NaN, infinities and negative ages are an ERROR
-- 22023 naming the argument and the value; NULL is missing (NULL result).
SELECT v AS age, regress.err(format('SELECT stunting.zscore_lhfa(''m'', %L::float8, 70)', v))
FROM unnest(ARRAY['-1', '-0.001', 'NaN', 'Infinity', '-Infinity']) AS v;

-- -0 and 0 are fine ages
SELECT stunting.zscore_lhfa('m', '-0'::float8, 49.8842) AS minus_zero,
       stunting.zscore_lhfa('m', 0, 49.8842) AS zero;

SELECT q, regress.err(q) FROM unnest(ARRAY[
  'SELECT stunting.zscore_lhfa(''m'', 100, ''NaN'')',
  'SELECT stunting.zscore_wfa(''f'', 100, ''Infinity'')',
  'SELECT stunting.zscore_wflh(''f'', ''-Infinity'', 70)',
  'SELECT stunting.zscore_wflh(''f'', 8, ''NaN'')',
  'SELECT stunting.zscore_wflh(''f'', 8, 70, NULL, ''NaN'')',
  'SELECT stunting.zscore_bfa(''m'', 100, 6, ''Infinity'')',
  'SELECT stunting.zscore_hcfa(''m'', 100, ''NaN'')',
  'SELECT stunting.zscore_acfa(''m'', 100, ''Infinity'')',
  'SELECT stunting.zscore_tsfa(''m'', 100, ''NaN'')',
  'SELECT stunting.zscore_ssfa(''m'', ''NaN'', 5)',
  'SELECT stunting.anthro_zscores(''m'', 100, 6, 60, subskin_mm => ''NaN'')',
  'SELECT stunting.anthro_zscores(''m'', 100, 6, 60, headc_cm => ''-Infinity'')'
]) AS q;

-- NULL inputs give NULL, never an error
SELECT stunting.zscore_lhfa('m', NULL, 70) AS no_age,
       stunting.zscore_lhfa('m', 100, NULL) AS no_length,
       stunting.zscore_wfa('m', 100, NULL) AS no_weight,
       stunting.zscore_wfa('m', 100, 6, NULL) AS null_oedema_is_no,
       stunting.zscore_hcfa('m', NULL, 40) AS strict_hcfa,
       stunting.zscore_bfa('m', 100, NULL, 60) AS bfa_no_weight;

-- negative or zero measurements under 60 months: NULL, as WHO (§4.3)
SELECT stunting.zscore_lhfa('m', 100, 0) AS len0, stunting.zscore_lhfa('m', 100, -60) AS len_neg,
       stunting.zscore_wfa('m', 100, 0) AS wei0, stunting.zscore_hcfa('m', 100, -1) AS hc_neg,
       stunting.zscore_bfa('m', 100, 6, -60) AS bmi_neg_length;

-- out of range but well formed: NULL (older than 228 months, huge ages)
SELECT stunting.zscore_lhfa('m', 7000, 170) AS age_7000d,
       stunting.zscore_lhfa('m', 1e300, 170) AS age_1e300;
