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
  SET search_path FROM CURRENT
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

