-- Checks at data entry: each problem code with an example that triggers it
-- and a near one that does not.  A clean measurement: boy, 1 year, 9.5 kg,
-- 75 cm lying.
SELECT stunting.measurement_problems('m', '2024-01-01', '2025-01-01', 9.5, 75, 'l') AS clean;

SELECT problem, stunting.measurement_problems(sex, birth, visit, w, h, m, o) AS codes
FROM (VALUES
  ('sex missing',           NULL,  '2024-01-01'::date, '2025-01-01'::date, 9.5::float8, 75::float8, 'l', false),
  ('sex invalid',           'x',   '2024-01-01', '2025-01-01', 9.5, 75, 'l', false),
  ('age missing',           'm',   NULL,         '2025-01-01', 9.5, 75, 'l', false),
  ('visit before birth',    'm',   '2025-01-02', '2025-01-01', 9.5, 75, 'l', false),
  ('same day: fine',        'm',   '2025-01-01', '2025-01-01', 3.3, 50, 'l', false),
  ('visit in future',       'm',   current_date - 364, current_date + 1, 9.5, 75, 'l', false),
  ('visit today: fine',     'm',   current_date - 365, current_date, 9.5, 75, 'l', false),
  ('older than 19 years',   'f',   '2000-01-01', '2019-09-02', 50, 158, 'h', false),
  ('227.98 months: fine',   'f',   '2000-01-01', '2018-12-31', 50, 158, 'h', false),
  ('weight zero',           'm',   '2024-01-01', '2025-01-01', 0, 75, 'l', false),
  ('length negative',       'm',   '2024-01-01', '2025-01-01', 9.5, -75, 'l', false),
  ('weight in grams',       'm',   '2024-01-01', '2025-01-01', 9500, 75, 'l', false),
  ('heavy teenager: fine',  'm',   '2008-01-01', '2025-01-01', 110, 180, 'h', false),
  ('height in millimetres', 'm',   '2024-01-01', '2025-01-01', 9.5, 750, 'l', false),
  ('weight/height swapped', 'm',   '2024-01-01', '2025-01-01', 75, 9.5, 'l', false),
  ('measure invalid',       'm',   '2024-01-01', '2025-01-01', 9.5, 75, 'q', false),
  ('standing at 8 months',  'm',   '2024-01-01', '2024-09-01', 8, 69, 'h', false),
  ('standing at 9 months',  'm',   '2024-01-01', '2024-10-01', 8.6, 71.5, 'h', false),
  ('lying at 731 days',     'm',   '2023-01-01', '2025-01-01', 12, 87, 'l', false),
  ('lying at 730 days',     'm',   '2023-01-02', '2025-01-01', 12, 87, 'l', false),
  ('implausible lhfa',      'm',   '2024-01-01', '2025-01-01', 9.5, 52, 'l', false),
  ('implausible wfa',       'm',   '2024-01-01', '2025-01-01', 25, 75, 'l', false),
  ('implausible wflh',      'm',   '2024-01-01', '2025-01-01', 4.5, 75, 'l', false),
  ('bmi out of range',      'm',   '2010-01-01', '2025-01-01', 120, 160, 'h', false),
  ('bmi 40.0: fine',        'm',   '2010-01-01', '2025-01-01', 102.4, 160, 'h', false),
  ('bmi 40.04',             'm',   '2010-01-01', '2025-01-01', 102.5, 160, 'h', false),
  ('oedema: fine',          'm',   '2024-01-01', '2025-01-01', 9.5, 75, 'l', true)
) AS v(problem, sex, birth, visit, w, h, m, o);

-- the implausible_* codes are exactly WHO's flags, on many children
SELECT count(*) AS children,
       count(*) FILTER (WHERE (z).flen) AS flagged_len,
       count(*) FILTER (WHERE coalesce((z).flen, false) <> ('implausible_lhfa' = ANY (p))) AS lhfa_diff,
       count(*) FILTER (WHERE coalesce((z).fwei, false) <> ('implausible_wfa' = ANY (p))) AS wfa_diff,
       count(*) FILTER (WHERE coalesce((z).fwfl, false) <> ('implausible_wflh' = ANY (p))) AS wflh_diff,
       count(*) FILTER (WHERE coalesce((z).fbmi, false) <> ('implausible_bfa' = ANY (p))) AS bfa_diff
FROM (SELECT stunting.anthro_zscores(sex, visit - birth, w, h, m) AS z,
             stunting.measurement_problems(sex, birth, visit, w, h, m) AS p
      FROM (SELECT CASE WHEN i % 2 = 0 THEN 'm' ELSE 'f' END AS sex,
                   '2020-01-01'::date AS birth, '2020-01-01'::date + i % 1800 AS visit,
                   2 + (i * 37 % 1000) / 40.0 AS w, 40 + (i * 53 % 1000) / 12.0 AS h,
                   CASE WHEN i % 1800 < 731 THEN 'l' ELSE 'h' END AS m
            FROM generate_series(1, 3000) AS i) AS g) AS s;

-- every code has a message in both languages
SELECT code, stunting.problem_message(code) AS id, stunting.problem_message(code, 'en-GB') AS en
FROM unnest(ARRAY['sex_missing', 'sex_invalid', 'age_missing', 'visit_before_birth',
                  'visit_in_future', 'older_than_19_years', 'weight_not_positive',
                  'lenhei_not_positive', 'weight_in_grams', 'lenhei_in_millimetres',
                  'weight_lenhei_swapped', 'measure_invalid', 'standing_under_9_months',
                  'lying_from_24_months', 'implausible_lhfa', 'implausible_wfa',
                  'implausible_wflh', 'implausible_bfa', 'bmi_out_of_range']) AS code;

SELECT regress.err('SELECT stunting.problem_message(''no_such_problem'')') AS unknown_code,
       regress.err('SELECT stunting.problem_message(''sex_missing'', ''fr'')') AS bad_language,
       regress.err('SELECT stunting.measurement_problems(''m'', NULL, NULL, ''NaN'', 70)') AS nan_weight;

-- README: a CHECK constraint (rejects with 23514, names the constraint)
CREATE TABLE regress.checked (
  sex text, birth date, visit date, weight_kg float8, lenhei_cm float8, measure text,
  CONSTRAINT measurement_is_plausible CHECK (
    cardinality(stunting.measurement_problems(sex, birth, visit, weight_kg,
                                              lenhei_cm, measure)) = 0));
INSERT INTO regress.checked VALUES ('m', '2024-01-01', '2025-01-01', 9.5, 75, 'l');
SELECT regress.err($$INSERT INTO regress.checked VALUES ('m', '2024-01-01', '2025-01-01', 9500, 75, 'l')$$) AS grams;

-- README: a trigger that rejects with the problems in the message, or keeps
-- the row with its problems recorded; the DBA chooses per table
CREATE TABLE regress.measurement (
  sex text, birth date, visit date, weight_kg float8, lenhei_cm float8, measure text,
  problems text[]);
CREATE FUNCTION regress.check_measurement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.problems := stunting.measurement_problems(NEW.sex, NEW.birth, NEW.visit,
                                                NEW.weight_kg, NEW.lenhei_cm, NEW.measure);
  IF TG_ARGV[0] = 'reject' AND cardinality(NEW.problems) > 0 THEN
    RAISE EXCEPTION 'measurement rejected: %', array_to_string(NEW.problems, ', ')
      USING ERRCODE = 'check_violation',
            DETAIL = (SELECT string_agg(stunting.problem_message(p), ' ')
                      FROM unnest(NEW.problems) AS p);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER reject_problems BEFORE INSERT OR UPDATE ON regress.measurement
  FOR EACH ROW EXECUTE FUNCTION regress.check_measurement('reject');
SELECT regress.err($$INSERT INTO regress.measurement VALUES ('m', '2024-01-01', '2025-01-01', 75, 9.5, 'l')$$) AS rejected;
DROP TRIGGER reject_problems ON regress.measurement;
CREATE TRIGGER record_problems BEFORE INSERT OR UPDATE ON regress.measurement
  FOR EACH ROW EXECUTE FUNCTION regress.check_measurement('keep');
INSERT INTO regress.measurement VALUES ('m', '2024-01-01', '2025-01-01', 75, 9.5, 'l'),
                                       ('f', '2024-01-01', '2025-01-01', 9, 74, 'l');
SELECT sex, weight_kg, lenhei_cm, problems FROM regress.measurement ORDER BY sex;
