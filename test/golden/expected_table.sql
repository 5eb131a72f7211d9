-- The layout of test/golden/zscores.csv (and of test/differential.sh's
-- rows): the inputs, then the expected anthro_zscores columns.
CREATE TEMP TABLE expected (
  sex text, age_days float8, weight_kg float8, lenhei_cm float8, measure text,
  oedema boolean, headc_cm float8, armc_cm float8, triskin_mm float8,
  subskin_mm float8,
  clenhei float8, cmeasure text, c9mo_flag boolean, cbmi float8, csex smallint,
  zlen float8, flen boolean, zwei float8, fwei boolean, zwfl float8,
  fwfl boolean, zbmi float8, fbmi boolean, zhc float8, fhc boolean,
  zac float8, fac boolean, zts float8, fts boolean, zss float8, fss boolean
);
