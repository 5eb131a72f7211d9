-- Checks at data entry (data_checks.c): stable problem codes and what
-- they mean, in Bahasa Indonesia or English.
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

