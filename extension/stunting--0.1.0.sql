-- stunting 0.1.0: WHO anthropometric z-scores.
-- Released scripts are never edited: later versions add an upgrade script.

\echo Use "CREATE EXTENSION stunting CASCADE" to load this file. \quit

COMMENT ON SCHEMA stunting IS
  'stunting: WHO child growth z-scores and child stunting surveillance';

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
  oedema    boolean
);

COMMENT ON TYPE stunting.zscores IS
  'All WHO z-scores of one child measurement, as returned by stunting.anthro_zscores: WHO anthro''s output columns under WHO''s names, plus the cleaned inputs age_days, weight and oedema';
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
COMMENT ON COLUMN stunting.zscores.oedema IS 'bilateral pitting oedema (NULL input counts as false)';

-- Sex: m, male, l, laki-laki, 1 / f, female, p, perempuan, 2 (trimmed, any case).
-- Measure: l, lying, recumbent, telentang / h, standing, berdiri; NULL = unknown.
-- COST is in units of a built-in operator such as float8pl (1).  Measured
-- with test/bench: length/height and head circumference (no pow()) about 10,
-- the restricted indicators (one or more pow() calls) about 25, all of
-- anthro_zscores with its 24-column row about 100.

CREATE FUNCTION stunting.zscore_lhfa(sex text, age_days float8, lenhei_cm float8,
                                     measure text DEFAULT NULL)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_lhfa'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION stunting.zscore_lhfa(text, float8, float8, text) IS
  'WHO length/height-for-age z-score, rounded to 2 decimals as WHO publishes it: 2006 standards under 60 months (with the 0.7 cm length/height adjustment), 2007 reference from 60 to 228 months; NULL outside';

CREATE FUNCTION stunting.zscore_wfa(sex text, age_days float8, weight_kg float8,
                                    oedema boolean DEFAULT false)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_wfa'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION stunting.zscore_wfa(text, float8, float8, boolean) IS
  'WHO weight-for-age z-score, rounded to 2 decimals: 2006 standards under 60 months, 2007 reference from 60 to 120 months; NULL with oedema or outside';

CREATE FUNCTION stunting.zscore_wflh(sex text, weight_kg float8, lenhei_cm float8,
                                     measure text DEFAULT NULL,
                                     age_days float8 DEFAULT NULL,
                                     oedema boolean DEFAULT false)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_wflh'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION stunting.zscore_wflh(text, float8, float8, text, float8, boolean) IS
  'WHO weight-for-length (45-110 cm, under 731 days) or weight-for-height (65-120 cm, from 731 days) z-score, rounded to 2 decimals; without age the table follows the measure, without both 87 cm decides; NULL with oedema, from 60 months or outside the table';

CREATE FUNCTION stunting.zscore_bfa(sex text, age_days float8, weight_kg float8,
                                    lenhei_cm float8, measure text DEFAULT NULL,
                                    oedema boolean DEFAULT false)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_bfa'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION stunting.zscore_bfa(text, float8, float8, float8, text, boolean) IS
  'WHO BMI-for-age z-score, rounded to 2 decimals: 2006 standards under 60 months (BMI from the adjusted length/height), 2007 reference from 60 to 228 months; NULL with oedema or outside';

CREATE FUNCTION stunting.zscore_hcfa(sex text, age_days float8, headc_cm float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_hcfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
COMMENT ON FUNCTION stunting.zscore_hcfa(text, float8, float8) IS
  'WHO head circumference-for-age z-score (2006 standards, under 60 months), rounded to 2 decimals';

CREATE FUNCTION stunting.zscore_acfa(sex text, age_days float8, armc_cm float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_acfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 25;
COMMENT ON FUNCTION stunting.zscore_acfa(text, float8, float8) IS
  'WHO arm circumference (MUAC)-for-age z-score (2006 standards, 91 days to 60 months), rounded to 2 decimals';

CREATE FUNCTION stunting.zscore_tsfa(sex text, age_days float8, triskin_mm float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_tsfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 25;
COMMENT ON FUNCTION stunting.zscore_tsfa(text, float8, float8) IS
  'WHO triceps skinfold-for-age z-score (2006 standards, 91 days to 60 months; skinfold in mm), rounded to 2 decimals';

CREATE FUNCTION stunting.zscore_ssfa(sex text, age_days float8, subskin_mm float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_zscore_ssfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 25;
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
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION stunting.anthro_zscores(text, float8, float8, float8, text, boolean, float8, float8, float8, float8) IS
  'Every WHO z-score and flag of one measurement at once, as WHO anthro''s anthro_zscores (and anthroplus from 60 to 228 months) computes them';

CREATE FUNCTION stunting.age_days(birth date, visit date)
  RETURNS integer
  AS 'MODULE_PATHNAME', 'stunting_age_days'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.age_days(date, date) IS
  'Age in whole days at the visit (visit - birth); an ERROR when the visit is before the birth';

CREATE FUNCTION stunting.version()
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_version'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.version() IS
  'Version of the stunting library, the WHO tables and the ICU it was built with';
