-- Fuzzing growth_summary's text input through SQL: 6,000 mutants of a valid
-- summary (a character replaced, deleted or inserted, a number changed, a
-- field dropped) and 2,000 random strings.  Each is either accepted or
-- rejected with 22P02, nothing else; whatever is accepted reads back to the
-- same text.
SELECT setseed(0.77);
CREATE TEMP TABLE base AS
SELECT stunting.summarize(stunting.anthro_zscores(CASE WHEN i % 2 = 0 THEN 'm' ELSE 'f' END,
         (i * 13 % 1800)::float8, 3 + i % 15, 50 + i % 55, NULL, i % 50 = 0), 0.5 + (i % 3))::text AS t
FROM generate_series(1, 300) AS i;

CREATE TEMP TABLE mutants AS
SELECT k, CASE k % 6
         WHEN 0 THEN overlay(t PLACING chr(32 + (random() * 94)::int) FROM p FOR 1)
         WHEN 1 THEN overlay(t PLACING '' FROM p FOR 1)
         WHEN 2 THEN overlay(t PLACING (ARRAY['-', '0', '9', ',', ' ', '=', 'e', '.', 'nan', '1e308', ':'])[1 + (random() * 10)::int] FROM p FOR 0)
         WHEN 3 THEN regexp_replace(t, '\d+', ((random() * 1e6)::bigint - 1000)::text, 'g')
         WHEN 4 THEN overlay(t PLACING '' FROM p FOR (random() * 40)::int)
         ELSE overlay(t PLACING chr(128 + (random() * 5000)::int) FROM p FOR 1) END AS s
FROM base, generate_series(1, 6000) AS k, LATERAL (SELECT 1 + (random() * (length(t) - 1))::int + k * 0 AS p) AS r;
INSERT INTO mutants
SELECT 100000 + i, string_agg(chr(32 + (random() * 94)::int), '')
FROM generate_series(1, 2000) AS i, LATERAL generate_series(0, (random() * 60)::int + i * 0) AS j
GROUP BY i;

CREATE FUNCTION pg_temp.outcome(s text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE g stunting.growth_summary;
BEGIN
  g := s::stunting.growth_summary;
  IF g::text::stunting.growth_summary::text <> g::text THEN RETURN 'no round trip'; END IF;
  PERFORM stunting.quality_report(g), stunting.prevalence(g, 'HA_2'), stunting.zscore_mean(g, 'WH');
  RETURN 'ok';
EXCEPTION WHEN invalid_text_representation THEN
  RETURN '22P02';
END $$;

SELECT count(*) AS inputs,
       count(*) FILTER (WHERE o NOT IN ('ok', '22P02')) AS other_outcomes,
       count(*) FILTER (WHERE o = '22P02') > 5000 AS mostly_rejected,
       count(*) FILTER (WHERE o = 'ok') > 0 AS some_accepted
FROM (SELECT pg_temp.outcome(s) AS o FROM mutants) AS x;
