-- growth_summary values stay restorable: merge and summarize refuse a count
-- that would wrap around or a sum that would not be finite (22003), and the
-- binary input refuses exactly what the text input refuses (one validator,
-- gs_check; same SQLSTATE 22P02 and detail).
SET extra_float_digits = 0;
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
  RETURN SQLSTATE || ': ' || m || CASE WHEN d <> '' THEN ' / ' || d ELSE '' END;
END $$;
-- text input: 'accepted', or SQLSTATE and detail
CREATE FUNCTION pg_temp.text_in(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text; g stunting.growth_summary;
BEGIN
  g := t::stunting.growth_summary;
  RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
  RETURN SQLSTATE || ': ' || d;
END $$;
-- binary input: the bytes go to stunting.growth_summary_recv through COPY
-- (FORMAT binary), a one-column file made here (COPY does not check types:
-- the field's bytes are what a client would send)
CREATE TEMP TABLE sink (s stunting.growth_summary);
CREATE FUNCTION pg_temp.binary_in(b bytea, with_message boolean DEFAULT false) RETURNS text LANGUAGE plpgsql AS $$
DECLARE f bytea; m text; d text;
BEGIN
  f := '\x5047434f50590aff0d0a00'::bytea || int4send(0) || int4send(0) || int2send(1::int2)
       || int4send(length(b)) || b || int2send(-1::int2);
  EXECUTE format('COPY pg_temp.sink FROM PROGRAM %L WITH (FORMAT binary)',
                 'echo ' || translate(encode(f, 'base64'), E'\n', '') || ' | base64 -d');
  RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
  RETURN SQLSTATE || ': ' || CASE WHEN with_message THEN m || ' / ' ELSE '' END || d;
END $$;

-- The fields of the binary form in order (summary_format.c's gs_fields):
-- name, number of values, kinds; the version byte comes first.
CREATE TEMP TABLE layout AS
SELECT ord, name, nvalues, kinds,
       2 + coalesce(sum(CASE WHEN kinds = 'b' THEN 1 ELSE 8 * nvalues END)
                    OVER (ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int AS byte
FROM (SELECT row_number() OVER () AS ord, * FROM (VALUES
  ('rows', 1, 'i'), ('rows_positive', 1, 'i'), ('weighted', 1, 'b'), ('domain_rows', 1, 'i'),
  ('excluded_rows', 1, 'i'), ('ref2007_rows', 1, 'i'), ('rows_over_120mo', 1, 'i')) AS v(name, nvalues, kinds)
  UNION ALL
  SELECT 7 + 9 * (i - 1) + j, ind || part, n, k
  FROM unnest(ARRAY['HA', 'WA', 'BMI', 'WH']) WITH ORDINALITY AS a(ind, i),
       (VALUES (1, '.pop', 3, 'idd'), (2, '.cut_3', 3, 'idd'), (3, '.cut_2', 3, 'idd'), (4, '.cut_1', 3, 'idd'),
               (5, '.cut1', 3, 'idd'), (6, '.cut2', 3, 'idd'), (7, '.cut3', 3, 'idd'),
               (8, '.z', 11, 'idddddddddd'), (9, '.quality', 3, 'iii')) AS p(j, part, n, k)
  UNION ALL
  SELECT 43 + ord, name, nvalues, kinds FROM (SELECT row_number() OVER () AS ord, * FROM (VALUES
    ('HA_2_WH.pop', 3, 'idd'), ('HA_2_WH_2', 3, 'idd'), ('HA_2_WH2', 3, 'idd'), ('sex', 3, 'iii'),
    ('age_missing', 1, 'i'), ('age_months', 229, 'h'), ('weight_digit', 10, 'iiiiiiiiii'),
    ('lenhei_digit', 10, 'iiiiiiiiii')) AS v(name, nvalues, kinds)) AS t) AS f;

-- the k-th value (1-based) of a field of the text form; for age_months, month k
CREATE FUNCTION pg_temp.get_value(t text, field text, k int DEFAULT 1) RETURNS text LANGUAGE sql AS $$
  SELECT CASE WHEN field = 'age_months'
              THEN coalesce(substring(t FROM '[=,]' || k || ':(-?\d+)'), '0')
              ELSE split_part(substring(t FROM ' ' || regexp_replace(field, '([.()])', '\\\1', 'g') || '(?:\([^)]*\))?=([^ ]*)'), ',', k) END
$$;
-- the text form with the k-th value of a field replaced
CREATE FUNCTION pg_temp.set_text(t text, field text, k int, v text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE pre text; vals text[]; rest text; m text[];
BEGIN
  IF field = 'age_months' THEN
    RETURN regexp_replace(t, '([=,])' || k || ':-?\d+', '\1' || k || ':' || v);
  END IF;
  m := regexp_match(t, '^(.* ' || regexp_replace(field, '([.()])', '\\\1', 'g') || '(?:\([^)]*\))?=)([^ ]*)(.*)$');
  vals := string_to_array(m[2], ',');
  vals[k] := v;
  RETURN m[1] || array_to_string(vals, ',') || m[3];
END $$;
-- the binary form with the k-th value of a field replaced (an int8 or a float8)
CREATE FUNCTION pg_temp.set_binary(b bytea, field text, k int, v text) RETURNS bytea LANGUAGE sql AS $$
  SELECT overlay(b PLACING CASE WHEN kinds <> 'h' AND substr(kinds, k, 1) = 'd' THEN float8send(v::float8)
                                ELSE int8send(v::int8) END
                 FROM byte + 8 * (CASE WHEN kinds = 'h' THEN k + 1 ELSE k END - 1) FOR 8)
  FROM pg_temp.layout WHERE name = field
$$;

-- Two summaries to tamper with: 300 children, unweighted and weighted.
CREATE TEMP TABLE base AS
SELECT stunting.summarize(z)::text AS u, stunting.summarize(z, 0.5 + (i % 3))::text AS w
FROM (SELECT i, stunting.anthro_zscores(CASE WHEN i % 2 = 0 THEN 'm' ELSE 'f' END,
        (i * 13 % 1800)::float8, 3 + i % 15, 50 + i % 55, NULL, i % 50 = 0) AS z
      FROM generate_series(1, 300) AS i) AS s;
-- the layout covers the binary form exactly, and editing a value in both
-- forms gives the same summary
SELECT (SELECT max(byte + CASE WHEN kinds = 'b' THEN 1 ELSE 8 * nvalues END) - 1 FROM layout)
         = length(stunting.growth_summary_send(w::stunting.growth_summary)) AS layout_covers_binary,
       pg_temp.get_value(w, 'HA.pop', 1)::int > 0 AS has_ha
FROM base;

-- Every rule of the validator (summary_format.c, gs_check), each broken by
-- one value, through the text input and the binary input.
CREATE TEMP TABLE cases (no int, rule text, weighted boolean, field text, k int, val text);
INSERT INTO cases
SELECT no, rule, weighted, field, k, val FROM base, LATERAL (VALUES
  (1, 'a row count is negative', true, 'excluded_rows', 1, '-1'),
  (2, 'age_missing is negative', true, 'age_missing', 1, '-1'),
  (3, 'domain_rows above rows', true, 'domain_rows', 1, (pg_temp.get_value(w, 'rows')::int8 + 1)::text),
  (4, 'ref2007_rows above domain_rows', true, 'ref2007_rows', 1, (pg_temp.get_value(w, 'domain_rows')::int8 + 1)::text),
  (5, 'unweighted: rows_positive <> rows', false, 'rows_positive', 1, (pg_temp.get_value(u, 'rows')::int8 - 1)::text),
  (6, 'a negative count', true, 'HA.pop', 1, '-1'),
  (7, 'a negative weight sum', true, 'WA.pop', 2, '-1'),
  (8, 'an infinite weight sum', true, 'HA.pop', 2, 'Infinity'),
  (9, 'unweighted: a weight sum <> its count', false, 'HA.pop', 2, (pg_temp.get_value(u, 'HA.pop')::int8 + 1)::text),
  (10, 'a cut-off above its population', true, 'HA.cut_3', 1, (pg_temp.get_value(w, 'HA.pop')::int8 + 1)::text),
  (11, 'a population above domain_rows', true, 'HA.pop', 1, (pg_temp.get_value(w, 'domain_rows')::int8 + 1)::text),
  (12, 'cut-offs not nested', true, 'HA.cut_3', 1, (pg_temp.get_value(w, 'HA.cut_2')::int8 + 1)::text),
  (13, 'below -1 and above +1 above the population', true, 'HA.cut_1', 1,
       (pg_temp.get_value(w, 'HA.pop')::int8 - pg_temp.get_value(w, 'HA.cut1')::int8 + 1)::text),
  (14, 'a z-score count above its population', true, 'HA.z', 1, (pg_temp.get_value(w, 'HA.pop')::int8 + 1)::text),
  (15, 'an infinite moment', true, 'HA.z', 11, 'Infinity'),
  (16, 'a negative sum of squares', true, 'HA.z', 4, '-1'),
  (17, 'no z-scores but moments', true, 'BMI.z', 1, '0'),
  (18, 'unweighted: a moment weight sum <> its count', false, 'WH.z', 2, (pg_temp.get_value(u, 'WH.z')::int8 + 1)::text),
  (19, 'a negative data-quality count', true, 'HA.quality', 1, '-1'),
  (20, 'an indicator''s rows above domain_rows', true, 'HA.quality', 3, pg_temp.get_value(w, 'domain_rows')),
  (21, 'an indicator''s rows overflow', true, 'HA.quality', 3, '9223372036854775807'),
  (22, 'a negative combined population', true, 'HA_2_WH.pop', 1, '-1'),
  (23, 'the combined population above HA''s', true, 'HA_2_WH.pop', 1, (pg_temp.get_value(w, 'HA.pop')::int8 + 1)::text),
  (24, 'a combined count above its population', true, 'HA_2_WH_2', 1, (pg_temp.get_value(w, 'HA_2_WH.pop')::int8 + 1)::text),
  (25, 'a negative sex count', true, 'sex', 2, '-1'),
  (26, 'sex counts overflow', true, 'sex', 2, '9223372036854775807'),
  (27, 'sex counts do not add up', true, 'sex', 2, (pg_temp.get_value(w, 'sex', 2)::int8 + 1)::text),
  (28, 'a negative age count', true, 'age_months', 1, '-1'),
  (29, 'age counts overflow', true, 'age_months', 1, '9223372036854775807'),
  (30, 'age counts do not add up', true, 'age_missing', 1, (pg_temp.get_value(w, 'age_missing')::int8 + 1)::text),
  (31, 'a negative digit count', true, 'weight_digit', 1, '-1'),
  (32, 'digit counts overflow', true, 'lenhei_digit', 5, '9223372036854775807'),
  (33, 'digit counts above domain_rows', true, 'weight_digit', 1, (pg_temp.get_value(w, 'domain_rows')::int8 + 1)::text),
  -- accepted by both: a subnormal moment (the text input refused it before)
  (34, 'a subnormal moment (accepted)', true, 'HA.z', 10, '4.9406564584124654e-324')
) AS c(no, rule, weighted, field, k, val);

CREATE TEMP TABLE outcomes AS
SELECT no, rule,
       pg_temp.text_in(pg_temp.set_text(t, field, k, CASE val WHEN 'Infinity' THEN '1e999' ELSE val END)) AS text_input,
       pg_temp.binary_in(pg_temp.set_binary(stunting.growth_summary_send(t::stunting.growth_summary), field, k, val)) AS binary_input
FROM cases, base, LATERAL (SELECT CASE WHEN weighted THEN w ELSE u END AS t) AS b;
SELECT no, rule, text_input, text_input = binary_input AS binary_same FROM outcomes ORDER BY no;
-- a NaN cannot be written as text (a syntax error there); the binary input
-- refuses it as the validator refuses an infinite value
SELECT pg_temp.text_in(pg_temp.set_text(w, 'HA.z', 3, 'nan')) AS text_nan,
       pg_temp.binary_in(pg_temp.set_binary(stunting.growth_summary_send(w::stunting.growth_summary), 'HA.z', 3, 'NaN')) AS binary_nan
FROM base;
-- the binary input's message, and its wire-format errors (version byte,
-- boolean byte, bytes left over, too few bytes)
SELECT pg_temp.binary_in(pg_temp.set_binary(stunting.growth_summary_send(w::stunting.growth_summary), 'HA.pop', 1, '-1'), true) AS negative_count,
       pg_temp.binary_in(overlay(stunting.growth_summary_send(w::stunting.growth_summary) PLACING '\x02'::bytea FROM 1 FOR 1), true) AS version_2,
       pg_temp.binary_in(overlay(stunting.growth_summary_send(w::stunting.growth_summary) PLACING '\x02'::bytea FROM 18 FOR 1), true) AS weighted_2,
       pg_temp.binary_in(stunting.growth_summary_send(w::stunting.growth_summary) || '\x00'::bytea, true) AS extra_byte,
       pg_temp.binary_in(substr(stunting.growth_summary_send(w::stunting.growth_summary), 1, 100), true) AS truncated
FROM base;
-- a summary with subnormal moments, made by summarize, reads back through
-- its text (a pg_dump of it restores) and its binary form
CREATE FUNCTION pg_temp.with_zlen(r stunting.zscores, v float8) RETURNS stunting.zscores LANGUAGE plpgsql AS $$
BEGIN r.zlen := v; r.flen := false; RETURN r; END $$;
CREATE TEMP TABLE tiny AS
SELECT stunting.summarize(pg_temp.with_zlen(stunting.anthro_zscores('f', 400, 9, 74, 'l', false), v)) AS s
FROM (VALUES (0.0::float8), (1e-155)) AS v(v);
SELECT pg_temp.get_value(s::text, 'HA.z', 9) AS m2,
       s::text::stunting.growth_summary::text = s::text AS text_round_trip,
       pg_temp.binary_in(stunting.growth_summary_send(s)) AS binary_input
FROM tiny;

-- Overflow in merge (the merge aggregate, the + operator and the combine
-- function share it): ERROR 22003 naming the value, the summary unchanged.
CREATE TEMP TABLE empty AS
SELECT stunting.summarize(z)::text AS e FROM (SELECT NULL::stunting.zscores AS z WHERE false) AS x;
-- counts that would wrap around
SELECT pg_temp.err(format('SELECT stunting.merge(s) FROM (VALUES (%L::stunting.growth_summary), (%1$L)) AS v(s)',
         pg_temp.set_text(pg_temp.set_text(e, 'rows', 1, '5000000000000000000'), 'rows_positive', 1, '5000000000000000000')))
  AS merge_rows
FROM empty;
SELECT pg_temp.err(format('SELECT %L::stunting.growth_summary OPERATOR(stunting.+) %1$L::stunting.growth_summary',
         pg_temp.set_text(e, 'excluded_rows', 1, '9223372036854775807'))) AS plus_excluded_rows
FROM empty;
SELECT pg_temp.err(format('SELECT stunting.growth_summary_combine(%L, %1$L)',
         pg_temp.set_text(pg_temp.set_text(e, 'rows', 1, '5000000000000000000'), 'rows_positive', 1, '5000000000000000000')))
  AS combine_rows
FROM empty;
-- sums that would be infinite
SELECT pg_temp.err(format('SELECT stunting.merge(s) FROM (VALUES (%L::stunting.growth_summary), (%1$L)) AS v(s)',
         pg_temp.set_text(w, 'HA.pop', 2, '1e308'))) AS merge_weight_sum,
       pg_temp.err(format('SELECT stunting.merge(s) FROM (VALUES (%L::stunting.growth_summary), (%1$L)) AS v(s)',
         pg_temp.set_text(w, 'HA.z', 11, '1.5e308'))) AS merge_moment,
       pg_temp.err(format('SELECT stunting.merge(s) FROM (VALUES (%L::stunting.growth_summary), (%L)) AS v(s)',
         pg_temp.set_text(w, 'HA.z', 8, '1e300'), pg_temp.set_text(w, 'HA.z', 8, '-1e300'))) AS merge_mean
FROM base;
-- unweighted counts past 2^53, where a weight sum no longer holds them
SELECT pg_temp.err(format('SELECT %L::stunting.growth_summary OPERATOR(stunting.+) stunting.summarize(stunting.anthro_zscores(''f'', 400, 9, 74, ''l'', false))',
         pg_temp.set_text(pg_temp.set_text(pg_temp.set_text(pg_temp.set_text(pg_temp.set_text(pg_temp.set_text(pg_temp.set_text(pg_temp.set_text(
           e, 'rows', 1, '9007199254740993'), 'rows_positive', 1, '9007199254740993'), 'domain_rows', 1, '9007199254740993'),
           'sex', 3, '9007199254740993'), 'age_missing', 1, '9007199254740993'),
           'HA.pop', 1, '9007199254740993'), 'HA.pop', 2, '9007199254740992'), 'HA.pop', 3, '9007199254740992'))) AS merge_past_2_53
FROM empty;
-- the same summaries of ordinary size merge as before
SELECT stunting.merge(s)::text = (w::stunting.growth_summary OPERATOR(stunting.+) w::stunting.growth_summary)::text AS merge_ok,
       (stunting.quality_report(stunting.merge(s))->>'rows')::int = 2 * pg_temp.get_value(w, 'rows')::int AS rows_doubled
FROM base, (VALUES (1), (2)) AS v(k), LATERAL (SELECT w::stunting.growth_summary AS s) AS x
GROUP BY w;

-- Overflow in summarize: a count at its limit (the transition function
-- called on such a state), and a fourth moment that would be infinite.
SELECT pg_temp.err(format('SELECT stunting.growth_summary_accum(%L, stunting.anthro_zscores(''f'', 400, 9, 74, ''l'', false))',
         pg_temp.set_text(pg_temp.set_text(e, 'rows', 1, '9223372036854775807'), 'rows_positive', 1, '9223372036854775807')))
  AS accum_rows
FROM empty;
SELECT pg_temp.err($$SELECT stunting.summarize(pg_temp.with_zlen(stunting.anthro_zscores('f', 400, 9, 74, 'l', false), v))
                     FROM (VALUES (1e100::float8), (-1e100)) AS v(v)$$) AS summarize_m4;
SELECT pg_temp.err($$SELECT stunting.summarize(pg_temp.with_zlen(stunting.anthro_zscores('f', 400, 9, 74, 'l', false), v), 1e100)
                     FROM (VALUES (1e200::float8), (-1e200)) AS v(v)$$) AS summarize_weighted;
