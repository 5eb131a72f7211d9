-- Matching typed kelurahan names to codes: normalize_name, match_area,
-- match_area_code on the Kota Kediri areas of the areas test, with the
-- test sets of test/names/ (make_names.py).
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- normalize_name: the issue's examples, then Unicode
SELECT t AS typed, stunting.normalize_name(t) AS normalized
FROM unnest(ARRAY['KEL. BANDAR LOR', 'bandarlor', 'Banjar Mlati', 'Tampoerejo', 'Ds. Pojok',
                  'Kelurahan  Bandar-Lor', 'Kec. Kota', 'Kota', 'Kelurahan Kemasan, Kec. Kota',
                  'Sukamaju II', 'SUKAMAJU  ii', 'Tjandi', 'Bandjaran', 'Banjaran', 'Njonja Tjoe', 'Djokdjakarta',
                  'Ngadi’rejo', 'Ngadi''rejo', 'Bandar—Lor', '“Pojok”', 'ＫＥＬ．Ｂａｎｄａｒ　Ｌｏｒ',
                  'Çukurova', 'Straße', 'Κέρκυρα', 'Москва', '北京', '...', '']) WITH ORDINALITY AS u (t, k)
ORDER BY k;
SELECT stunting.normalize_name(NULL) IS NULL AS strict;
-- a name over the length bound is refused before ICU sees it (22023)
\set VERBOSITY terse
SELECT stunting.normalize_name(repeat('a', 1000001));
\set VERBOSITY default

-- 3,000 random strings over the first 12,288 code points (letters of many
-- scripts, punctuation, symbols): always a clean key, never an error
SELECT setseed(0.25);
CREATE TEMP TABLE noise AS
SELECT k, (SELECT string_agg(chr(1 + floor(random() * 12287)::int), '')
           FROM generate_series(1, 1 + (k % 17)) WHERE k > 0) AS s
FROM generate_series(1, 3000) k;
SELECT count(*) AS inputs,
       count(*) FILTER (WHERE stunting.normalize_name(s) ~ '^([a-z0-9]+( [a-z0-9]+)*)?$') AS clean_keys,
       count(*) FILTER (WHERE stunting.normalize_name_literal(s) ~ '^([a-z0-9]+( [a-z0-9]+)*)?$') AS clean_literal_keys,
       count(stunting.match_area_code(s)) <= 3000 AS matched_without_error
FROM noise;

-- the areas get their keys; Kota Kediri itself as the parent of the kecamatan
BEGIN;
INSERT INTO stunting.area (code, name, level) VALUES ('35.71', 'Kota Kediri', 'regency')
ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level;
UPDATE stunting.area SET parent_code = '35.71' WHERE level = 'district';
SELECT code, name, name_key FROM stunting.area WHERE code IN ('35.71', '35.71.01', '35.71.01.1001', '35.71.01.1003') ORDER BY code;

-- exact, ambiguous and level cases
SELECT * FROM stunting.match_area('KEL. BANDAR LOR', '35.71');
SELECT * FROM stunting.match_area('Banyaran', '35.71');
SELECT * FROM stunting.match_area('Tampurejo', '35.71');
SELECT stunting.match_area_code('Tampurejo', '35.71') AS ambiguous_gives_null,
       stunting.match_area_code('Tampurejo', '35.71.03') AS within_pesantren,
       stunting.match_area_code('Mojoroto', '35.71') AS village,
       stunting.match_area_code('Mojoroto', '35.71', 'district') AS district,
       stunting.match_area_code('Kecamatan Pesantren', '35.71', 'district') AS district_with_prefix,
       stunting.match_area_code('Kediri', '35.71') AS nothing,
       stunting.match_area_code('', '35.71') AS empty,
       stunting.match_area_code(NULL, '35.71') AS null_name;

-- realistic messy spellings of the 46 kelurahan: at least 97 % resolve to
-- the right code, none to a wrong one
CREATE TEMP TABLE messy (kind text, typed text, code text, official text);
\copy messy FROM 'test/names/kota_kediri_messy.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE resolved AS
SELECT m.*, stunting.match_area_code(m.typed, '35.71') AS got FROM messy m;
SELECT count(*) AS spellings,
       count(*) FILTER (WHERE got = code) AS right_code,
       count(*) FILTER (WHERE got <> code) AS wrong_code,
       count(*) FILTER (WHERE got IS NULL) AS no_code,
       round(100.0 * count(*) FILTER (WHERE got = code) / count(*), 1) AS right_pct,
       count(*) FILTER (WHERE got = code) >= 0.97 * count(*) AS target_met
FROM resolved;
SELECT kind, count(*) AS spellings, count(*) FILTER (WHERE got = code) AS right_code
FROM resolved GROUP BY kind ORDER BY kind;
-- the ones left unresolved, with what match_area says
SELECT r.kind, r.typed, r.official, m.name AS candidate, round(m.score::numeric, 3) AS score, m.ambiguous
FROM resolved r LEFT JOIN LATERAL stunting.match_area(r.typed, '35.71') m ON true
WHERE r.got IS DISTINCT FROM r.code ORDER BY r.code, r.kind, m.score DESC;

-- desa of Kabupaten Kediri typed as if in the city: no confident code,
-- except the ones that share a kelurahan's name (listed)
CREATE TEMP TABLE kabupaten (code text, name text);
\copy kabupaten FROM PROGRAM 'grep -v "^#" test/names/kabupaten_kediri_names.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS desa,
       count(*) FILTER (WHERE stunting.match_area_code(k.name, '35.71') IS NOT NULL) AS confident
FROM kabupaten k;
SELECT k.name AS desa, a.name AS kelurahan, stunting.normalize_name(k.name) = stunting.normalize_name(a.name) AS same_name
FROM kabupaten k JOIN stunting.area a ON a.code = stunting.match_area_code(k.name, '35.71')
ORDER BY k.name;
ROLLBACK;
\set VERBOSITY terse
SELECT * FROM stunting.match_area('Pojok', 'nowhere');
SELECT * FROM stunting.match_area('Pojok', NULL, 'kelurahan');
\set VERBOSITY default

-- the length bound: 500 characters (the longest desa/kelurahan name in the
-- national list has 44); one more is ERROR 22023 with the lengths, never the name
SELECT length(stunting.normalize_name(repeat('a', 500))) AS ascii_500,
       length(stunting.normalize_name(repeat(E'\u00e9', 500))) AS e_acute_500,
       length(stunting.normalize_name(repeat(E'\uFDFA', 500))) AS fdfa_500,
       length(stunting.normalize_name_literal(repeat('b', 500))) AS literal_500;
SELECT count(*) AS matches_500 FROM stunting.match_area(repeat('x', 500));
SELECT stunting.match_area_code(repeat('x', 500)) AS code_500;
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
SELECT pg_temp.sqlstate_of($$SELECT stunting.normalize_name(repeat('a', 501))$$) AS ascii_501;
SELECT pg_temp.sqlstate_of($$SELECT stunting.normalize_name(repeat(E'\u00e9', 501))$$) AS e_acute_501;
SELECT pg_temp.sqlstate_of($$SELECT stunting.normalize_name(repeat(E'\uFDFA', 501))$$) AS fdfa_501;
SELECT pg_temp.sqlstate_of($$SELECT stunting.normalize_name(repeat('Bandar Lor ', 30000))$$) AS long_330000;
SELECT pg_temp.sqlstate_of($$SELECT stunting.normalize_name_literal(repeat('b', 501))$$) AS literal_501;
SELECT pg_temp.sqlstate_of($$SELECT * FROM stunting.match_area(repeat('x', 501))$$) AS match_501;
SELECT pg_temp.sqlstate_of($$SELECT stunting.match_area_code(repeat('x', 501))$$) AS code_501;
-- a name under the bound whose key is long (U+FDFA: 18 letters, 4 words
-- each) or has many words matches nothing, without an error
SELECT count(*) AS matches FROM stunting.match_area(repeat(E'\uFDFA', 500));
SELECT stunting.match_area_code(repeat(E'\uFDFA', 60)) IS NULL AS no_code;
SELECT count(*) AS matches FROM stunting.match_area(repeat('bandar lor ', 20));
