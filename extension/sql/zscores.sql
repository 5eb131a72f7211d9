-- WHO z-scores (who_zscore.c, who_tables.c; the rules are
-- ../shared/spec/who-algorithm.md): one function per indicator, all of them
-- at once (anthro_zscores), and the inverse (value_at_zscore).

-- Every output column of WHO anthro's anthro_zscores(), under WHO's names,
-- plus the cleaned inputs the aggregates need.
CREATE TYPE stunting.zscores AS (
  clenhei   float8,
  cmeasure  text,
  c9mo_flag boolean,
  cbmi      float8,
  csex      smallint,
  zlen      float8,
  flen      boolean,
  zwei      float8,
  fwei      boolean,
  zwfl      float8,
  fwfl      boolean,
  zbmi      float8,
  fbmi      boolean,
  zhc       float8,
  fhc       boolean,
  zac       float8,
  fac       boolean,
  zts       float8,
  fts       boolean,
  zss       float8,
  fss       boolean,
  age_days  float8,
  weight    float8,
  lenhei    float8,
  oedema    boolean
);

COMMENT ON TYPE stunting.zscores IS
  'All WHO z-scores of one child measurement, as returned by stunting.anthro_zscores: WHO anthro''s output columns under WHO''s names, plus the inputs age_days, weight, lenhei and oedema';

COMMENT ON COLUMN stunting.zscores.clenhei IS
  'length/height in cm actually used: +0.7 for standing under 731 days, -0.7 for lying from 731 days (under 60 months only)';

COMMENT ON COLUMN stunting.zscores.cmeasure IS
  'measure used: l (lying, recumbent length), h (standing height) or NULL (unknown, or standing under 9 months)';

COMMENT ON COLUMN stunting.zscores.c9mo_flag IS
  'true when a standing measure under 9 months was ignored (WHO anthro 1.1.0)';

COMMENT ON COLUMN stunting.zscores.cbmi IS
  'body-mass index in kg/m2 from weight and clenhei; NULL unless clenhei > 0';

COMMENT ON COLUMN stunting.zscores.csex IS '1 = male, 2 = female';

COMMENT ON COLUMN stunting.zscores.zlen IS
  'length/height-for-age z-score (2006 standards under 60 months, 2007 reference 60-228 months)';

COMMENT ON COLUMN stunting.zscores.flen IS 'zlen below -6 or above 6';

COMMENT ON COLUMN stunting.zscores.zwei IS
  'weight-for-age z-score (2006 standards under 60 months, 2007 reference 60-120 months); NULL with oedema';

COMMENT ON COLUMN stunting.zscores.fwei IS 'zwei below -6 or above 5';

COMMENT ON COLUMN stunting.zscores.zwfl IS
  'weight-for-length/height z-score (under 60 months, or age unknown); NULL with oedema';

COMMENT ON COLUMN stunting.zscores.fwfl IS 'zwfl below -5 or above 5';

COMMENT ON COLUMN stunting.zscores.zbmi IS
  'BMI-for-age z-score (2006 standards under 60 months, 2007 reference 60-228 months); NULL with oedema';

COMMENT ON COLUMN stunting.zscores.fbmi IS 'zbmi below -5 or above 5';

COMMENT ON COLUMN stunting.zscores.zhc IS 'head circumference-for-age z-score (under 60 months)';

COMMENT ON COLUMN stunting.zscores.fhc IS 'zhc below -5 or above 5';

COMMENT ON COLUMN stunting.zscores.zac IS 'arm circumference-for-age z-score (3 to 60 months)';

COMMENT ON COLUMN stunting.zscores.fac IS 'zac below -5 or above 5';

COMMENT ON COLUMN stunting.zscores.zts IS 'triceps skinfold-for-age z-score (3 to 60 months)';

COMMENT ON COLUMN stunting.zscores.fts IS 'zts below -5 or above 5';

COMMENT ON COLUMN stunting.zscores.zss IS 'subscapular skinfold-for-age z-score (3 to 60 months)';

COMMENT ON COLUMN stunting.zscores.fss IS 'zss below -5 or above 5';

COMMENT ON COLUMN stunting.zscores.age_days IS 'age in days as given (unrounded)';

COMMENT ON COLUMN stunting.zscores.weight IS 'weight in kg as given';

COMMENT ON COLUMN stunting.zscores.lenhei IS 'length/height in cm as measured, before the 0.7 cm adjustment (for digit-preference checks)';

COMMENT ON COLUMN stunting.zscores.oedema IS 'bilateral pitting oedema (NULL input counts as false)';

-- Sex: m, male, l, laki-laki, 1 / f, female, p, perempuan, 2 (trimmed, any case).
-- Measure: l, lying, recumbent, telentang / h, standing, berdiri; NULL = unknown.
-- COST is in units of a built-in operator such as float8pl (1): about 6 ns
-- a row, half of (bare scan - count(*)) in test/bench/bench_zscores.sh.
-- Measured there: lhfa 39 ns, wfa 57, bfa 68, wflh 72, anthro_zscores 363;
-- hcfa has no pow() like lhfa, acfa/tsfa/ssfa one like wfa.

CREATE FUNCTION stunting.zscore_lhfa(sex text, age_days float8, lenhei_cm float8,
                                     measure text DEFAULT NULL)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_lhfa'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 7;

COMMENT ON FUNCTION stunting.zscore_lhfa(text, float8, float8, text) IS
  'WHO length/height-for-age z-score, rounded to 2 decimals as WHO publishes it: 2006 standards under 60 months (with the 0.7 cm length/height adjustment), 2007 reference from 60 to 228 months; NULL outside';

CREATE FUNCTION stunting.zscore_wfa(sex text, age_days float8, weight_kg float8,
                                    oedema boolean DEFAULT false)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_wfa'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;

COMMENT ON FUNCTION stunting.zscore_wfa(text, float8, float8, boolean) IS
  'WHO weight-for-age z-score, rounded to 2 decimals: 2006 standards under 60 months, 2007 reference from 60 to 120 months; NULL with oedema or outside';

CREATE FUNCTION stunting.zscore_wflh(sex text, weight_kg float8, lenhei_cm float8,
                                     measure text DEFAULT NULL,
                                     age_days float8 DEFAULT NULL,
                                     oedema boolean DEFAULT false)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_wflh'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 12;

COMMENT ON FUNCTION stunting.zscore_wflh(text, float8, float8, text, float8, boolean) IS
  'WHO weight-for-length (45-110 cm, under 731 days) or weight-for-height (65-120 cm, from 731 days) z-score, rounded to 2 decimals; without age the table follows the measure, without both 87 cm decides; NULL with oedema, from 60 months or outside the table';

CREATE FUNCTION stunting.zscore_bfa(sex text, age_days float8, weight_kg float8,
                                    lenhei_cm float8, measure text DEFAULT NULL,
                                    oedema boolean DEFAULT false)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_bfa'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 12;

COMMENT ON FUNCTION stunting.zscore_bfa(text, float8, float8, float8, text, boolean) IS
  'WHO BMI-for-age z-score, rounded to 2 decimals: 2006 standards under 60 months (BMI from the adjusted length/height), 2007 reference from 60 to 228 months; NULL with oedema or outside';

CREATE FUNCTION stunting.zscore_hcfa(sex text, age_days float8, headc_cm float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_hcfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 7;

COMMENT ON FUNCTION stunting.zscore_hcfa(text, float8, float8) IS
  'WHO head circumference-for-age z-score (2006 standards, under 60 months), rounded to 2 decimals';

CREATE FUNCTION stunting.zscore_acfa(sex text, age_days float8, armc_cm float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_acfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

COMMENT ON FUNCTION stunting.zscore_acfa(text, float8, float8) IS
  'WHO arm circumference (MUAC)-for-age z-score (2006 standards, 91 days to 60 months), rounded to 2 decimals';

CREATE FUNCTION stunting.zscore_tsfa(sex text, age_days float8, triskin_mm float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_tsfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

COMMENT ON FUNCTION stunting.zscore_tsfa(text, float8, float8) IS
  'WHO triceps skinfold-for-age z-score (2006 standards, 91 days to 60 months; skinfold in mm), rounded to 2 decimals';

CREATE FUNCTION stunting.zscore_ssfa(sex text, age_days float8, subskin_mm float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_ssfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

COMMENT ON FUNCTION stunting.zscore_ssfa(text, float8, float8) IS
  'WHO subscapular skinfold-for-age z-score (2006 standards, 91 days to 60 months; skinfold in mm), rounded to 2 decimals';

CREATE FUNCTION stunting.anthro_zscores(sex text, age_days float8, weight_kg float8,
                                        lenhei_cm float8, measure text DEFAULT NULL,
                                        oedema boolean DEFAULT false,
                                        headc_cm float8 DEFAULT NULL,
                                        armc_cm float8 DEFAULT NULL,
                                        triskin_mm float8 DEFAULT NULL,
                                        subskin_mm float8 DEFAULT NULL)
  RETURNS stunting.zscores
  AS 'MODULE_PATHNAME', 'stunting_anthro_zscores'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 60;

COMMENT ON FUNCTION stunting.anthro_zscores(text, float8, float8, float8, text, boolean, float8, float8, float8, float8) IS
  'Every WHO z-score and flag of one measurement at once, as WHO anthro''s anthro_zscores (and anthroplus from 60 to 228 months) computes them';

-- The inverse: the measurement at a z-score (growth-chart SD lines,
-- simulated children), and the standard normal quantile.

CREATE FUNCTION stunting.value_at_zscore(indicator text, sex text, age_days float8, z float8,
                                         lenhei_cm float8 DEFAULT NULL, measure text DEFAULT NULL)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_value_at_zscore'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 25;

COMMENT ON FUNCTION stunting.value_at_zscore(text, text, float8, float8, float8, text) IS
  'The measurement whose (unrounded) WHO z-score is z: indicator lhfa (cm, as measured with `measure`: the 0.7 cm rule undone), wfa (kg), wflh (kg at lenhei_cm as measured), bfa (kg/m2), hcfa/acfa (cm), tsfa/ssfa (mm); the same tables and age rules as the zscore_* functions, WHO''s linear extension beyond ±3 SD for the restricted indicators. NULL where the z-score would be NULL. Growth-chart SD lines and simulated children';

CREATE FUNCTION stunting.normal_quantile(p float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_normal_quantile'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.normal_quantile(float8) IS
  'Standard normal quantile (R''s qnorm, algorithm AS 241): -Infinity at 0, Infinity at 1, ERROR outside [0, 1]';

