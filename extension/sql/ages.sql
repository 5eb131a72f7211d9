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


CREATE FUNCTION stunting.kms_month(birth date, visit date)
  RETURNS integer
  AS 'MODULE_PATHNAME', 'stunting_kms_month'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.kms_month(date, date) IS
  'The KMS month of age at the visit: calendar months from the birth month (column 0 of the KMS) to the visit''s month, not completed months (born 31 January, weighed 1 February: month 1); the KBM is read by it; an ERROR when the visit is before the birth';
