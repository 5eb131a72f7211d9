-- stunting.growth_summary: a mergeable summary of child measurements
-- (growth_summary.c, summary_format.c, survey_quality.c), the aggregates
-- that make and merge it, WHO's prevalence and mean z-score estimates, and
-- the data-quality report.

-- The type ---------------------------------------------------------------

CREATE TYPE stunting.growth_summary;

CREATE FUNCTION stunting.growth_summary_in(cstring) RETURNS stunting.growth_summary
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_in'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stunting.growth_summary_out(stunting.growth_summary) RETURNS cstring
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_out'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stunting.growth_summary_recv(internal) RETURNS stunting.growth_summary
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_recv'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stunting.growth_summary_send(stunting.growth_summary) RETURNS bytea
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_send'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Fixed size (a few kB whatever the row count); mostly zeros, so it is
-- stored compressed.
CREATE TYPE stunting.growth_summary (
  INPUT = stunting.growth_summary_in,
  OUTPUT = stunting.growth_summary_out,
  RECEIVE = stunting.growth_summary_recv,
  SEND = stunting.growth_summary_send,
  INTERNALLENGTH = VARIABLE,
  ALIGNMENT = double,
  STORAGE = extended
);

COMMENT ON TYPE stunting.growth_summary IS
  'Mergeable summary of child measurements: what WHO''s prevalence tables and the data-quality report need, for any number of children, in a fixed size';

COMMENT ON FUNCTION stunting.growth_summary_in(cstring) IS
  'Text input of growth_summary: the named-field form growth_summary_out writes; inconsistent values are rejected';

COMMENT ON FUNCTION stunting.growth_summary_out(stunting.growth_summary) IS
  'Text output of growth_summary: every field named, floats in the shortest form that reads back exactly';

COMMENT ON FUNCTION stunting.growth_summary_recv(internal) IS
  'Binary input of growth_summary (version byte, then the fields in network order; no OIDs)';

COMMENT ON FUNCTION stunting.growth_summary_send(stunting.growth_summary) IS
  'Binary output of growth_summary (version byte, then the fields in network order; no OIDs)';

-- Aggregates -----------------------------------------------------------------

CREATE FUNCTION stunting.growth_summary_accum(stunting.growth_summary, stunting.zscores)
  RETURNS stunting.growth_summary
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_accum'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION stunting.growth_summary_accum(stunting.growth_summary, stunting.zscores, float8)
  RETURNS stunting.growth_summary
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_accum'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION stunting.growth_summary_accum(stunting.growth_summary, stunting.zscores, float8, boolean)
  RETURNS stunting.growth_summary
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_accum'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION stunting.growth_summary_combine(stunting.growth_summary, stunting.growth_summary)
  RETURNS stunting.growth_summary
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_combine'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.growth_summary_accum(stunting.growth_summary, stunting.zscores) IS
  'Transition function of stunting.summarize(zscores)';

COMMENT ON FUNCTION stunting.growth_summary_accum(stunting.growth_summary, stunting.zscores, float8) IS
  'Transition function of stunting.summarize(zscores, weight)';

COMMENT ON FUNCTION stunting.growth_summary_accum(stunting.growth_summary, stunting.zscores, float8, boolean) IS
  'Transition function of stunting.summarize(zscores, weight, in_domain)';

COMMENT ON FUNCTION stunting.growth_summary_combine(stunting.growth_summary, stunting.growth_summary) IS
  'Merges two summaries (the + operator, and the combine function of summarize and merge)';

CREATE AGGREGATE stunting.summarize(z stunting.zscores) (
  SFUNC = stunting.growth_summary_accum,
  STYPE = stunting.growth_summary,
  COMBINEFUNC = stunting.growth_summary_combine,
  INITCOND = 'growth_summary v1 rows=0 rows_positive=0 weighted=f domain_rows=0 excluded_rows=0 ref2007_rows=0 rows_over_120mo=0 HA.pop(n,w,w2)=0,0,0 HA.cut_3(n,w,w2)=0,0,0 HA.cut_2(n,w,w2)=0,0,0 HA.cut_1(n,w,w2)=0,0,0 HA.cut1(n,w,w2)=0,0,0 HA.cut2(n,w,w2)=0,0,0 HA.cut3(n,w,w2)=0,0,0 HA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 HA.quality(flagged,oedema,missing)=0,0,0 WA.pop(n,w,w2)=0,0,0 WA.cut_3(n,w,w2)=0,0,0 WA.cut_2(n,w,w2)=0,0,0 WA.cut_1(n,w,w2)=0,0,0 WA.cut1(n,w,w2)=0,0,0 WA.cut2(n,w,w2)=0,0,0 WA.cut3(n,w,w2)=0,0,0 WA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 WA.quality(flagged,oedema,missing)=0,0,0 BMI.pop(n,w,w2)=0,0,0 BMI.cut_3(n,w,w2)=0,0,0 BMI.cut_2(n,w,w2)=0,0,0 BMI.cut_1(n,w,w2)=0,0,0 BMI.cut1(n,w,w2)=0,0,0 BMI.cut2(n,w,w2)=0,0,0 BMI.cut3(n,w,w2)=0,0,0 BMI.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 BMI.quality(flagged,oedema,missing)=0,0,0 WH.pop(n,w,w2)=0,0,0 WH.cut_3(n,w,w2)=0,0,0 WH.cut_2(n,w,w2)=0,0,0 WH.cut_1(n,w,w2)=0,0,0 WH.cut1(n,w,w2)=0,0,0 WH.cut2(n,w,w2)=0,0,0 WH.cut3(n,w,w2)=0,0,0 WH.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 WH.quality(flagged,oedema,missing)=0,0,0 HA_2_WH.pop(n,w,w2)=0,0,0 HA_2_WH_2(n,w,w2)=0,0,0 HA_2_WH2(n,w,w2)=0,0,0 sex(missing,male,female)=0,0,0 age_missing=0 age_months=- weight_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0 lenhei_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0',
  PARALLEL = SAFE
);

CREATE AGGREGATE stunting.summarize(z stunting.zscores, weight float8) (
  SFUNC = stunting.growth_summary_accum,
  STYPE = stunting.growth_summary,
  COMBINEFUNC = stunting.growth_summary_combine,
  INITCOND = 'growth_summary v1 rows=0 rows_positive=0 weighted=f domain_rows=0 excluded_rows=0 ref2007_rows=0 rows_over_120mo=0 HA.pop(n,w,w2)=0,0,0 HA.cut_3(n,w,w2)=0,0,0 HA.cut_2(n,w,w2)=0,0,0 HA.cut_1(n,w,w2)=0,0,0 HA.cut1(n,w,w2)=0,0,0 HA.cut2(n,w,w2)=0,0,0 HA.cut3(n,w,w2)=0,0,0 HA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 HA.quality(flagged,oedema,missing)=0,0,0 WA.pop(n,w,w2)=0,0,0 WA.cut_3(n,w,w2)=0,0,0 WA.cut_2(n,w,w2)=0,0,0 WA.cut_1(n,w,w2)=0,0,0 WA.cut1(n,w,w2)=0,0,0 WA.cut2(n,w,w2)=0,0,0 WA.cut3(n,w,w2)=0,0,0 WA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 WA.quality(flagged,oedema,missing)=0,0,0 BMI.pop(n,w,w2)=0,0,0 BMI.cut_3(n,w,w2)=0,0,0 BMI.cut_2(n,w,w2)=0,0,0 BMI.cut_1(n,w,w2)=0,0,0 BMI.cut1(n,w,w2)=0,0,0 BMI.cut2(n,w,w2)=0,0,0 BMI.cut3(n,w,w2)=0,0,0 BMI.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 BMI.quality(flagged,oedema,missing)=0,0,0 WH.pop(n,w,w2)=0,0,0 WH.cut_3(n,w,w2)=0,0,0 WH.cut_2(n,w,w2)=0,0,0 WH.cut_1(n,w,w2)=0,0,0 WH.cut1(n,w,w2)=0,0,0 WH.cut2(n,w,w2)=0,0,0 WH.cut3(n,w,w2)=0,0,0 WH.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 WH.quality(flagged,oedema,missing)=0,0,0 HA_2_WH.pop(n,w,w2)=0,0,0 HA_2_WH_2(n,w,w2)=0,0,0 HA_2_WH2(n,w,w2)=0,0,0 sex(missing,male,female)=0,0,0 age_missing=0 age_months=- weight_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0 lenhei_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0',
  PARALLEL = SAFE
);

CREATE AGGREGATE stunting.summarize(z stunting.zscores, weight float8, in_domain boolean) (
  SFUNC = stunting.growth_summary_accum,
  STYPE = stunting.growth_summary,
  COMBINEFUNC = stunting.growth_summary_combine,
  INITCOND = 'growth_summary v1 rows=0 rows_positive=0 weighted=f domain_rows=0 excluded_rows=0 ref2007_rows=0 rows_over_120mo=0 HA.pop(n,w,w2)=0,0,0 HA.cut_3(n,w,w2)=0,0,0 HA.cut_2(n,w,w2)=0,0,0 HA.cut_1(n,w,w2)=0,0,0 HA.cut1(n,w,w2)=0,0,0 HA.cut2(n,w,w2)=0,0,0 HA.cut3(n,w,w2)=0,0,0 HA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 HA.quality(flagged,oedema,missing)=0,0,0 WA.pop(n,w,w2)=0,0,0 WA.cut_3(n,w,w2)=0,0,0 WA.cut_2(n,w,w2)=0,0,0 WA.cut_1(n,w,w2)=0,0,0 WA.cut1(n,w,w2)=0,0,0 WA.cut2(n,w,w2)=0,0,0 WA.cut3(n,w,w2)=0,0,0 WA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 WA.quality(flagged,oedema,missing)=0,0,0 BMI.pop(n,w,w2)=0,0,0 BMI.cut_3(n,w,w2)=0,0,0 BMI.cut_2(n,w,w2)=0,0,0 BMI.cut_1(n,w,w2)=0,0,0 BMI.cut1(n,w,w2)=0,0,0 BMI.cut2(n,w,w2)=0,0,0 BMI.cut3(n,w,w2)=0,0,0 BMI.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 BMI.quality(flagged,oedema,missing)=0,0,0 WH.pop(n,w,w2)=0,0,0 WH.cut_3(n,w,w2)=0,0,0 WH.cut_2(n,w,w2)=0,0,0 WH.cut_1(n,w,w2)=0,0,0 WH.cut1(n,w,w2)=0,0,0 WH.cut2(n,w,w2)=0,0,0 WH.cut3(n,w,w2)=0,0,0 WH.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 WH.quality(flagged,oedema,missing)=0,0,0 HA_2_WH.pop(n,w,w2)=0,0,0 HA_2_WH_2(n,w,w2)=0,0,0 HA_2_WH2(n,w,w2)=0,0,0 sex(missing,male,female)=0,0,0 age_missing=0 age_months=- weight_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0 lenhei_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0',
  PARALLEL = SAFE
);

CREATE AGGREGATE stunting.merge(stunting.growth_summary) (
  SFUNC = stunting.growth_summary_combine,
  STYPE = stunting.growth_summary,
  COMBINEFUNC = stunting.growth_summary_combine,
  INITCOND = 'growth_summary v1 rows=0 rows_positive=0 weighted=f domain_rows=0 excluded_rows=0 ref2007_rows=0 rows_over_120mo=0 HA.pop(n,w,w2)=0,0,0 HA.cut_3(n,w,w2)=0,0,0 HA.cut_2(n,w,w2)=0,0,0 HA.cut_1(n,w,w2)=0,0,0 HA.cut1(n,w,w2)=0,0,0 HA.cut2(n,w,w2)=0,0,0 HA.cut3(n,w,w2)=0,0,0 HA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 HA.quality(flagged,oedema,missing)=0,0,0 WA.pop(n,w,w2)=0,0,0 WA.cut_3(n,w,w2)=0,0,0 WA.cut_2(n,w,w2)=0,0,0 WA.cut_1(n,w,w2)=0,0,0 WA.cut1(n,w,w2)=0,0,0 WA.cut2(n,w,w2)=0,0,0 WA.cut3(n,w,w2)=0,0,0 WA.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 WA.quality(flagged,oedema,missing)=0,0,0 BMI.pop(n,w,w2)=0,0,0 BMI.cut_3(n,w,w2)=0,0,0 BMI.cut_2(n,w,w2)=0,0,0 BMI.cut_1(n,w,w2)=0,0,0 BMI.cut1(n,w,w2)=0,0,0 BMI.cut2(n,w,w2)=0,0,0 BMI.cut3(n,w,w2)=0,0,0 BMI.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 BMI.quality(flagged,oedema,missing)=0,0,0 WH.pop(n,w,w2)=0,0,0 WH.cut_3(n,w,w2)=0,0,0 WH.cut_2(n,w,w2)=0,0,0 WH.cut_1(n,w,w2)=0,0,0 WH.cut1(n,w,w2)=0,0,0 WH.cut2(n,w,w2)=0,0,0 WH.cut3(n,w,w2)=0,0,0 WH.z(n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4)=0,0,0,0,0,0,0,0,0,0,0 WH.quality(flagged,oedema,missing)=0,0,0 HA_2_WH.pop(n,w,w2)=0,0,0 HA_2_WH_2(n,w,w2)=0,0,0 HA_2_WH2(n,w,w2)=0,0,0 sex(missing,male,female)=0,0,0 age_missing=0 age_months=- weight_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0 lenhei_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0',
  PARALLEL = SAFE
);

COMMENT ON AGGREGATE stunting.summarize(stunting.zscores) IS
  'Summary of children''s z-scores (rows of stunting.anthro_zscores) for WHO''s prevalence tables and the data-quality report; no rows give an empty summary';

COMMENT ON AGGREGATE stunting.summarize(stunting.zscores, float8) IS
  'Summary with sampling weights (NULL counts as 0, as in WHO''s software; a negative weight is an error)';

COMMENT ON AGGREGATE stunting.summarize(stunting.zscores, float8, boolean) IS
  'Summary of a subgroup (domain estimation): rows with in_domain false or NULL count toward the population size N only, as rows outside a group do in WHO''s tables';

COMMENT ON AGGREGATE stunting.merge(stunting.growth_summary) IS
  'Merges summaries (kelurahan into kecamatan and city, months into years); equal to summarizing all rows at once';

CREATE OPERATOR stunting.+ (
  LEFTARG = stunting.growth_summary,
  RIGHTARG = stunting.growth_summary,
  FUNCTION = stunting.growth_summary_combine,
  COMMUTATOR = OPERATOR(stunting.+)
);

COMMENT ON OPERATOR stunting.+ (stunting.growth_summary, stunting.growth_summary) IS
  'Merges two summaries';

-- Estimates ------------------------------------------------------------------

CREATE TYPE stunting.estimate AS (
  r      float8,
  se     float8,
  ll     float8,
  ul     float8,
  stdev  float8,
  pop    float8,
  unwpop bigint
);

COMMENT ON TYPE stunting.estimate IS
  'An estimate as WHO''s prevalence tables print it: r, its standard error, the 95 % interval ll..ul, the SD (mean z-scores only), and the weighted and unweighted number of children';

COMMENT ON COLUMN stunting.estimate.r IS 'prevalence in percent, or mean z-score';

COMMENT ON COLUMN stunting.estimate.se IS 'standard error (percent for a prevalence), linearised as in R''s survey package';

COMMENT ON COLUMN stunting.estimate.ll IS 'lower limit of the 95 % interval: logit-t for a prevalence, Wald-t for a mean';

COMMENT ON COLUMN stunting.estimate.ul IS 'upper limit of the 95 % interval';

COMMENT ON COLUMN stunting.estimate.stdev IS 'standard deviation of the z-scores (NULL for a prevalence)';

COMMENT ON COLUMN stunting.estimate.pop IS 'children with a value for the indicator, weighted (WHO''s _pop; oedema included for WA, BMI, WH)';

COMMENT ON COLUMN stunting.estimate.unwpop IS 'children with a value for the indicator, unweighted (WHO''s _unwpop)';

CREATE FUNCTION stunting.prevalence(s stunting.growth_summary, key text)
  RETURNS stunting.estimate
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_prevalence'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.prevalence(stunting.growth_summary, text) IS
  'Prevalence (percent) for WHO''s column stem key: HA_3, HA_2, HA_1, HA1, HA2, HA3 and the same for WA, BMI, WH, or HA_2_WH_2 / HA_2_WH2; as anthro_prevalence computes it';

CREATE FUNCTION stunting.zscore_mean(s stunting.growth_summary, indicator text)
  RETURNS stunting.estimate
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_zscore_mean'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.zscore_mean(stunting.growth_summary, text) IS
  'Mean z-score with SE, Wald-t 95 % interval and SD for HA, WA, BMI or WH; as anthro_prevalence computes it';

CREATE FUNCTION stunting.quality_report(s stunting.growth_summary)
  RETURNS jsonb
  AS 'MODULE_PATHNAME', 'stunting_growth_summary_quality_report'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.quality_report(stunting.growth_summary) IS
  'Data-quality report: completeness, WHO flags, SD/skewness/kurtosis of each z-score, digit preference, age heaping, sex and age ratios, and a SMART-style plausibility score';

