-- Ages from dates: days for the WHO z-scores, completed months (bulan
-- penuh) as Permenkes 2/2020 counts them (age_fmgr.c).

CREATE FUNCTION stunting.age_days(birth date, visit date)
  RETURNS integer
  AS 'MODULE_PATHNAME', 'stunting_age_days'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.age_days(date, date) IS
  'Age in whole days at the visit (visit - birth); an ERROR when the visit is before the birth';

CREATE FUNCTION stunting.age_months_completed(birth date, visit date)
  RETURNS integer
  AS 'MODULE_PATHNAME', 'stunting_age_months_completed'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.age_months_completed(date, date) IS
  'Age in completed months (bulan penuh) at the visit, as Permenkes 2/2020 counts it: 2 months 29 days is 2; an ERROR when the visit is before the birth';

