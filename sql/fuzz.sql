-- Fuzzing the text arguments through SQL: 20,000 random strings (random
-- length, random code points, white space and code fragments mixed in) as
-- sex, as measure, as a label language and as a problem code (code points
-- stay below the
-- UTF-16 surrogates, which PostgreSQL cannot store).  Each call either
-- succeeds or raises 22023; nothing else (no other error, no crash).
SELECT setseed(0.4242);
CREATE TEMP TABLE fuzz AS
SELECT i, string_agg(CASE WHEN r < 0.25 THEN chr(32 + (random() * 94)::int)
                          WHEN r < 0.35 THEN chr(1 + (random() * 31)::int)
                          WHEN r < 0.45 THEN (ARRAY[' ', 'm', 'f', 'l', 'h', 'laki', '-',
                                                    'perempuan', 'berdiri', 'MALE'])[1 + (random() * 9)::int]
                          ELSE chr(128 + (random() * 55000)::int) END, '') AS s
FROM (SELECT i, j, random() AS r
      FROM generate_series(1, 20000) AS i,
           LATERAL generate_series(0, (random() * 12)::int + i % 2 - 1) AS j) AS g
GROUP BY i;

CREATE FUNCTION pg_temp.outcome(q text, arg text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q USING arg;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

SELECT count(*) AS strings,
       count(*) FILTER (WHERE sex NOT IN ('ok', '22023')) AS sex_other_outcomes,
       count(*) FILTER (WHERE measure NOT IN ('ok', '22023')) AS measure_other_outcomes,
       count(*) FILTER (WHERE lang NOT IN ('ok', '22023')) AS lang_other_outcomes,
       count(*) FILTER (WHERE problem NOT IN ('ok', '22023')) AS problem_other_outcomes,
       count(*) FILTER (WHERE sex = '22023') > 19000 AS mostly_rejected
FROM (SELECT pg_temp.outcome('SELECT stunting.zscore_lhfa($1, 100, 60)', s) AS sex,
             pg_temp.outcome('SELECT stunting.zscore_lhfa(''m'', 100, 60, $1)', s) AS measure,
             pg_temp.outcome('SELECT stunting.label(''normal''::stunting.height_status, $1)', s) AS lang,
             pg_temp.outcome('SELECT stunting.problem_message($1)', s) AS problem
      FROM fuzz) AS o;

-- whatever was accepted is a listed code, trimmed and in any case
SELECT DISTINCT lower(btrim(s, E' \t\n\r\f' || chr(11))) AS accepted_sex
FROM fuzz WHERE pg_temp.outcome('SELECT stunting.zscore_lhfa($1, 100, 60)', s) = 'ok'
ORDER BY 1;
