-- stunting 0.1.0: WHO anthropometric z-scores, nutritional status by
-- Permenkes 2/2020, checks at data entry.
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
-- COST is in units of a built-in operator such as float8pl (1).  Measured
-- with test/bench: length/height and head circumference (no pow()) about 10,
-- the restricted indicators (one or more pow() calls) about 25, all of
-- anthro_zscores with its 25-column row about 100.

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

-- Nutritional status by the Indonesian standard, Permenkes 2/2020.
-- Cut-offs on the published (2-decimal) z-score; "sd" in the regulation is
-- "up to and including": -2.00 is normal, -3.00 is stunted.

CREATE TYPE stunting.height_status AS ENUM (
  'severely_stunted', 'stunted', 'normal', 'tall');
COMMENT ON TYPE stunting.height_status IS
  'PB/U or TB/U (length/height-for-age) by Permenkes 2/2020: sangat pendek (z < -3), pendek (-3 <= z < -2), normal (-2 <= z <= +3), tinggi (z > +3); worst first';

CREATE TYPE stunting.weight_status AS ENUM (
  'severely_underweight', 'underweight', 'normal', 'risk_of_overweight');
COMMENT ON TYPE stunting.weight_status IS
  'BB/U (weight-for-age) by Permenkes 2/2020: berat badan sangat kurang (z < -3), kurang (-3 <= z < -2), normal (-2 <= z <= +1), risiko berat badan lebih (z > +1); worst first';

CREATE TYPE stunting.nutrition_status AS ENUM (
  'severely_wasted', 'wasted', 'severely_thin', 'thin', 'normal',
  'possible_risk_of_overweight', 'overweight', 'obese');
COMMENT ON TYPE stunting.nutrition_status IS
  'BB/PB, BB/TB and IMT/U by Permenkes 2/2020: gizi buruk, gizi kurang, gizi baik, berisiko gizi lebih, gizi lebih, obesitas (wasted under 5 years, thin for IMT/U from 5 years)';

CREATE FUNCTION stunting.classify_lhfa(z float8)
  RETURNS stunting.height_status
  AS 'MODULE_PATHNAME', 'stunting_classify_lhfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.classify_lhfa(float8) IS
  'Permenkes 2/2020 PB/U or TB/U status of a length/height-for-age z-score; a NaN or infinite z is an ERROR';

CREATE FUNCTION stunting.classify_wfa(z float8)
  RETURNS stunting.weight_status
  AS 'MODULE_PATHNAME', 'stunting_classify_wfa'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.classify_wfa(float8) IS
  'Permenkes 2/2020 BB/U status of a weight-for-age z-score; a NaN or infinite z is an ERROR';

CREATE FUNCTION stunting.classify_wflh(z float8, oedema boolean DEFAULT false)
  RETURNS stunting.nutrition_status
  AS 'MODULE_PATHNAME', 'stunting_classify_wflh'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION stunting.classify_wflh(float8, boolean) IS
  'Permenkes 2/2020 BB/PB or BB/TB status of a weight-for-length/height z-score; oedema is severely_wasted (gizi buruk) as WHO counts it, even without a z-score';

CREATE FUNCTION stunting.classify_bfa(z float8, age_days float8, oedema boolean DEFAULT false)
  RETURNS stunting.nutrition_status
  AS 'MODULE_PATHNAME', 'stunting_classify_bfa'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION stunting.classify_bfa(float8, float8, boolean) IS
  'Permenkes 2/2020 IMT/U status of a BMI-for-age z-score: the under-5 table below 60 months (1826.25 days), the 5-18 years table from 60 months (+1.00 is normal); oedema is severely_wasted under 5, severely_thin from 5';

CREATE FUNCTION stunting.label(status anyenum, lang text)
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_label'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.label(anyenum, text) IS
  'The wording of Permenkes 2/2020 for a status, in Bahasa Indonesia (id, id-ID, id_ID, in) or English (en, en-US, en_GB, ...); language tags are read with ICU';

CREATE FUNCTION stunting.label(status anyenum)
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_label_default'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.label(anyenum) IS
  'The wording of Permenkes 2/2020 for a status in the language of the setting stunting.language (default id)';

CREATE FUNCTION stunting.age_months_completed(birth date, visit date)
  RETURNS integer
  AS 'MODULE_PATHNAME', 'stunting_age_months_completed'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.age_months_completed(date, date) IS
  'Age in completed months (bulan penuh) at the visit, as Permenkes 2/2020 counts it: 2 months 29 days is 2; an ERROR when the visit is before the birth';

-- Every status of one child, and the flags dashboards filter on.
CREATE TYPE stunting.assessment AS (
  height            stunting.height_status,
  weight            stunting.weight_status,
  weight_for_height stunting.nutrition_status,
  bmi               stunting.nutrition_status,
  stunted           boolean,
  severely_stunted  boolean,
  wasted            boolean,
  underweight       boolean,
  overweight        boolean
);
COMMENT ON TYPE stunting.assessment IS
  'Permenkes 2/2020 statuses of one measurement (stunting.assess) and the flags dashboards filter on';
COMMENT ON COLUMN stunting.assessment.height IS 'PB/U or TB/U status';
COMMENT ON COLUMN stunting.assessment.weight IS 'BB/U status (NULL with oedema, as the z-score)';
COMMENT ON COLUMN stunting.assessment.weight_for_height IS 'BB/PB or BB/TB status (under 5 years); oedema is severely_wasted';
COMMENT ON COLUMN stunting.assessment.bmi IS 'IMT/U status; oedema is severely_wasted under 5, severely_thin from 5';
COMMENT ON COLUMN stunting.assessment.stunted IS 'pendek or sangat pendek: length/height-for-age z < -2';
COMMENT ON COLUMN stunting.assessment.severely_stunted IS 'sangat pendek: length/height-for-age z < -3';
COMMENT ON COLUMN stunting.assessment.wasted IS 'gizi kurang or gizi buruk by BB/PB or BB/TB (z < -2, or oedema)';
COMMENT ON COLUMN stunting.assessment.underweight IS 'berat badan kurang or sangat kurang (weight-for-age z < -2), or oedema (WHO counts it below -3)';
COMMENT ON COLUMN stunting.assessment.overweight IS 'under 5 years: weight-for-length/height z > +2 (gizi lebih, obesitas); from 5 years: BMI-for-age z > +1 (gizi lebih, obesitas)';

CREATE FUNCTION stunting.assess(z stunting.zscores)
  RETURNS stunting.assessment
  LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 5
  RETURN (SELECT ROW(s.height, s.weight, s.wfh, s.bmi,
                     s.height <= 'stunted', s.height = 'severely_stunted',
                     s.wfh <= 'wasted',
                     coalesce(z.oedema, false) OR s.weight <= 'underweight',
                     CASE WHEN z.age_days IS NULL OR z.age_days < 1826.25
                          THEN s.wfh >= 'overweight'
                          ELSE s.bmi >= 'overweight' END)::stunting.assessment
          FROM (SELECT stunting.classify_lhfa(z.zlen) AS height,
                       stunting.classify_wfa(z.zwei) AS weight,
                       stunting.classify_wflh(z.zwfl, z.oedema) AS wfh,
                       stunting.classify_bfa(z.zbmi, z.age_days, z.oedema) AS bmi) AS s);
COMMENT ON FUNCTION stunting.assess(stunting.zscores) IS
  'Every Permenkes 2/2020 status of one measurement (from stunting.anthro_zscores) plus the booleans stunted, severely_stunted, wasted, underweight and overweight';

-- Checks at data entry.
CREATE FUNCTION stunting.measurement_problems(sex text, birth date, visit date,
                                              weight_kg float8, lenhei_cm float8,
                                              measure text DEFAULT NULL,
                                              oedema boolean DEFAULT false)
  RETURNS text[]
  AS 'MODULE_PATHNAME', 'stunting_measurement_problems'
  LANGUAGE C STABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION stunting.measurement_problems(text, date, date, float8, float8, text, boolean) IS
  'Machine-readable codes of every problem of one measurement (empty when clean): sex_missing, sex_invalid, age_missing, visit_before_birth, visit_in_future, older_than_19_years, weight_not_positive, lenhei_not_positive, weight_in_grams, lenhei_in_millimetres, weight_lenhei_swapped, measure_invalid, standing_under_9_months, lying_from_24_months, implausible_lhfa, implausible_wfa, implausible_wflh, implausible_bfa, bmi_out_of_range. STABLE: visit_in_future depends on the current date';

CREATE FUNCTION stunting.problem_message(code text, lang text DEFAULT 'id')
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_problem_message'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.problem_message(text, text) IS
  'What a problem code of stunting.measurement_problems means, in Bahasa Indonesia (default) or English';
