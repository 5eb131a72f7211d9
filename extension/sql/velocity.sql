-- WHO growth velocity (2009): z-scores of weight, length and head
-- circumference increments between two visits (who_velocity.c; the
-- interval rules in the README, "Growth velocity").

CREATE FUNCTION stunting.velocity_z(indicator text, sex text, age_from_days float8, age_to_days float8,
                                    value_from float8, value_to float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_velocity_z'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION stunting.velocity_z(text, text, float8, float8, float8, float8) IS
  'WHO growth-velocity z-score (2009) of the increment from value_from to value_to (weight: kg; length, headc: cm) between two ages in days: the tabulated interval of 1, 2, 3, 4 or 6 months within 1/8 of it, ending at the nearest month; NULL when none fits, the increment has no z-score (length or head increment <= 0, a weight loss of Delta or more) or an input is NULL; unrounded';

CREATE FUNCTION stunting.velocity_interval(indicator text, age_from_days float8, age_to_days float8,
                                           OUT interval_months integer, OUT end_month integer)
  AS 'MODULE_PATHNAME', 'stunting_velocity_interval'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.velocity_interval(text, float8, float8) IS
  'The WHO growth-velocity table row two ages in days use: the interval in months and the age in months it ends at; NULLs when no tabulated interval fits';

CREATE FUNCTION stunting.velocity_reference(indicator text, sex text)
  RETURNS TABLE (interval_months integer, end_month integer, l float8, m float8, s float8, delta float8,
                 sd3neg float8, sd2neg float8, sd1neg float8, median float8, sd1 float8, sd2 float8, sd3 float8)
  AS 'MODULE_PATHNAME', 'stunting_velocity_reference'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;

COMMENT ON FUNCTION stunting.velocity_reference(text, text) IS
  'The WHO growth-velocity table of an indicator (weight: grams, with Delta; length, headc: cm) and sex, as compiled in: L, M, S, Delta and WHO''s printed -3 ... +3 SD increments';
