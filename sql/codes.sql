-- Sex and measure codes: trimmed, any case; anything else is an ERROR 22023
-- that names the argument and the value.
-- lenanthro day 0: boys M = 49.8842, girls M = 49.1477 (S = 0.0379).
-- A boys' median is z 0 for every male code, 0.4 for every female one.
SELECT code, stunting.zscore_lhfa(code, 0, 49.8842) AS z
FROM unnest(ARRAY['m', 'M', 'male', 'Male', ' MALE ', '1', 'l', 'L',
                  'laki-laki', 'Laki-Laki', E'\tm\n',
                  'f', 'F', 'female', 'FEMALE', '2', 'p', 'P', 'perempuan',
                  ' Perempuan ']) AS code;

-- NULL sex: no z-score, as WHO's NA
SELECT stunting.zscore_lhfa(NULL, 0, 49.8842) IS NULL AS null_sex;

SELECT code, regress.err(format('SELECT stunting.zscore_lhfa(%L, 0, 50)', code))
FROM unnest(ARRAY['', ' ', 'x', 'mm', 'laki', 'lakilaki', 'laki laki',
                  '0', '3', 'wanita', 'pria', 'perempuan2', 'ｍ']) AS code;

-- long values are clipped in the message
SELECT regress.err(format('SELECT stunting.zscore_wfa(%L, 100, 5)', repeat('é', 100)));

-- measure: l/lying/recumbent/telentang and h/standing/berdiri.  At 400 days
-- a standing height gets +0.7 cm (lenanthro boys 400: M 77.0812, S 0.03157).
SELECT code, stunting.anthro_zscores('m', 400, 10, 76, code) AS z
FROM unnest(ARRAY['l', 'L', 'lying', 'Recumbent', 'TELENTANG',
                  'h', 'H', 'standing', ' Berdiri ', NULL]) AS code;

SELECT code, regress.err(format('SELECT stunting.zscore_lhfa(''m'', 400, 76, %L)', code))
FROM unnest(ARRAY['', 'x', 'length', 'height', 'lh', 'standing up']) AS code;

-- a bad code is an error even where the result would be NULL anyway
SELECT regress.err('SELECT stunting.zscore_lhfa(''x'', NULL, NULL)') AS bad_sex_null_age,
       regress.err('SELECT stunting.zscore_wflh(NULL, 9, 75, ''q'')') AS bad_measure_null_sex,
       regress.err('SELECT stunting.anthro_zscores(''z'', NULL, NULL, NULL)') AS composite;

-- all functions take the same codes
SELECT regress.err('SELECT stunting.zscore_hcfa(''?'', 100, 40)') AS hcfa,
       regress.err('SELECT stunting.zscore_bfa(''m'', 100, 6, 60, ''?'')') AS bfa;
