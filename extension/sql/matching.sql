-- Matching typed area names to official codes: candidates from the key
-- indexes on stunting.area (areas.sql), scored with name_distance
-- (names.sql).

-- The search behind match_area (PL/pgSQL cannot name an input and an
-- output column alike, as match_area's signature does).
CREATE FUNCTION stunting.match_area_search(typed text, within text, level text)
RETURNS TABLE (area_code text, area_name text, score float8, ambiguous boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
-- Scores, best first (at most 5 candidates scoring 0.5 or more):
--   1     the key equals the area's key;
--   0.99  the key is the area's key with its kecamatan/kabupaten names
--         appended or prepended ("Bandar Lor Mojoroto");
--   0.96  equal once old j is read as y, or a and o are written alike;
--   else  1 - name_distance / longer length (on the key with old spelling
--         mapped and on the key as typed), also with a trailing or leading
--         ancestor name cut off (minus 0.01).
-- A candidate is ambiguous when another scores within 0.1 of the best.
-- The candidates come from index lookups, the nearest kind first (below):
-- an exact key is taken alone (other areas of the same name make it
-- ambiguous; near spellings do not).
DECLARE
    q text;
    ql text;
    words text[];
    runs text[];
    cands text[];
    step integer;
    trgm text;
BEGIN
    IF typed IS NULL OR level IS NULL THEN
        RETURN;
    END IF;
    PERFORM stunting.area_parent_level(level);
    IF within IS NOT NULL AND NOT EXISTS (SELECT 1 FROM area a WHERE a.code = within) THEN
        RAISE EXCEPTION 'match_area: no area "%" in stunting.area', within
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    q := pg_catalog.replace(stunting.normalize_name(typed), ' ', '');
    ql := pg_catalog.replace(stunting.normalize_name_literal(typed), ' ', '');
    -- A key over 1,000 bytes (a long name of expanding characters) is far
    -- from every area's key (name_distance does not compare it): no match.
    IF q = '' OR pg_catalog.octet_length(q) > 1000 OR pg_catalog.octet_length(ql) > 1000 THEN
        RETURN;
    END IF;

    -- The candidates, from the first of these steps that finds any (below
    -- `within` when given), each an index lookup:
    --   1. the same key (also as typed, with j read as y, or a/o alike);
    --   2. a run of the typed words is a key (the rest: kecamatan or city);
    --   3. the deletion neighbourhoods meet (one typo; GIN on name_deletions);
    --   4. below a small `within` (up to 2,000 areas): all of them;
    --   5. the 20 most similar keys by trigrams (pg_trgm's %).
    words := pg_catalog.string_to_array(stunting.normalize_name(typed), ' ');
    FOR step IN 1 .. 5 LOOP
        IF step = 1 THEN
            SELECT pg_catalog.array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level
              AND (a.name_key IN (q, ql, pg_catalog.replace(q, 'j', 'y')) OR stunting.name_key_ao(a.name_key) = stunting.name_key_ao(q));
        ELSIF step = 2 THEN
            -- (runs grow with the square of the words: a name with its
            -- kecamatan, city and province spelled out has fewer than 16)
            CONTINUE WHEN pg_catalog.cardinality(words) < 2 OR pg_catalog.cardinality(words) > 16;
            runs := ARRAY(SELECT pg_catalog.array_to_string(words[i:j], '')
                          FROM pg_catalog.generate_series(1, pg_catalog.cardinality(words)) i,
                               pg_catalog.generate_series(i, pg_catalog.cardinality(words)) j
                          WHERE j - i + 1 < pg_catalog.cardinality(words));
            SELECT pg_catalog.array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level AND a.name_key = ANY (runs);
        ELSIF step = 3 THEN
            runs := stunting.name_deletions(q) OPERATOR(pg_catalog.||) stunting.name_deletions(ql);
            SELECT pg_catalog.array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level AND stunting.name_deletions(a.name_key) OPERATOR(pg_catalog.&&) runs;
        ELSIF step = 4 THEN
            CONTINUE WHEN within IS NULL;
            WITH RECURSIVE down (code, level) AS (
                SELECT a.code, a.level FROM area a WHERE a.code = within
                UNION ALL
                SELECT a.code, a.level FROM area a JOIN down d ON a.parent_code = d.code
            )
            SELECT pg_catalog.array_agg(d.code) INTO cands
            FROM (SELECT d.code FROM down d WHERE d.level = match_area_search.level LIMIT 2001) d;
            IF pg_catalog.cardinality(cands) > 2000 THEN
                cands := NULL;
            END IF;
        ELSE
            -- pg_trgm's % and similarity(), named through pg_trgm's schema
            -- (it is relocatable and need not be PostGIS's)
            SELECT pg_catalog.quote_ident(n.nspname) INTO trgm
            FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'pg_trgm';
            EXECUTE pg_catalog.format(
                'SELECT pg_catalog.array_agg(n.code) FROM (SELECT a.code FROM stunting.area a '
                'WHERE a.level = $1 AND a.name_key OPERATOR(%1$s.%%) $2 '
                'ORDER BY %1$s.similarity(a.name_key, $2) DESC, a.code LIMIT 20) n', trgm)
            INTO cands USING match_area_search.level, q;
        END IF;
        IF cands IS NOT NULL AND within IS NOT NULL AND step <> 4 THEN
            SELECT pg_catalog.array_agg(c.code) INTO cands
            FROM pg_catalog.unnest(cands) AS c (code)
            WHERE within IN (WITH RECURSIVE up (code, parent) AS (
                                 SELECT a.code, a.parent_code FROM area a WHERE a.code = c.code
                                 UNION ALL
                                 SELECT p.code, p.parent_code FROM area p JOIN up ON p.code = up.parent)
                             SELECT up.code FROM up);
        END IF;
        EXIT WHEN cands IS NOT NULL;
    END LOOP;

    RETURN QUERY
    WITH cand AS (SELECT pg_catalog.unnest(cands) AS code),
    keyed AS (
        SELECT a.code, a.name, a.name_key AS k, coalesce(p.name_key, '') AS pk, coalesce(g.name_key, '') AS gk
        FROM cand c JOIN area a ON a.code = c.code
        LEFT JOIN area p ON p.code = a.parent_code
        LEFT JOIN area g ON g.code = p.parent_code
    ),
    scored AS (
        SELECT k.code, k.name, greatest(
            CASE WHEN k.k IN (q, ql) THEN 1.0 END,
            CASE WHEN q IN (k.k || k.pk, k.pk || k.k, k.k || k.gk, k.k || k.pk || k.gk, k.gk || k.k)
                 THEN 0.99 END,
            CASE WHEN k.k = pg_catalog.replace(q, 'j', 'y') OR stunting.name_key_ao(k.k) = stunting.name_key_ao(q) THEN 0.96 END,
            1.0 - stunting.name_distance(q, k.k)::float8 / greatest(pg_catalog.length(q), pg_catalog.length(k.k), 1),
            1.0 - stunting.name_distance(ql, k.k)::float8 / greatest(pg_catalog.length(ql), pg_catalog.length(k.k), 1),
            CASE WHEN k.pk <> '' AND pg_catalog.length(q) > pg_catalog.length(k.pk) AND pg_catalog.right(q, pg_catalog.length(k.pk)) = k.pk
                 THEN 0.99 - stunting.name_distance(pg_catalog.left(q, pg_catalog.length(q) - pg_catalog.length(k.pk)), k.k)::float8
                             / greatest(pg_catalog.length(q) - pg_catalog.length(k.pk), pg_catalog.length(k.k), 1) END,
            CASE WHEN k.pk <> '' AND pg_catalog.length(q) > pg_catalog.length(k.pk) AND pg_catalog.left(q, pg_catalog.length(k.pk)) = k.pk
                 THEN 0.99 - stunting.name_distance(pg_catalog.right(q, pg_catalog.length(q) - pg_catalog.length(k.pk)), k.k)::float8
                             / greatest(pg_catalog.length(q) - pg_catalog.length(k.pk), pg_catalog.length(k.k), 1) END,
            CASE WHEN k.gk <> '' AND pg_catalog.length(q) > pg_catalog.length(k.gk) AND pg_catalog.right(q, pg_catalog.length(k.gk)) = k.gk
                 THEN 0.99 - stunting.name_distance(pg_catalog.left(q, pg_catalog.length(q) - pg_catalog.length(k.gk)), k.k)::float8
                             / greatest(pg_catalog.length(q) - pg_catalog.length(k.gk), pg_catalog.length(k.k), 1) END
        ) AS score
        FROM keyed k
    ),
    ranked AS (
        SELECT s.*, pg_catalog.max(s.score) OVER () AS best,
               pg_catalog.count(*) FILTER (WHERE s.score >= 0.5) OVER () AS n_good
        FROM scored s
    )
    SELECT r.code, r.name, r.score,
           r.score >= r.best - 0.1 AND (SELECT pg_catalog.count(*) FROM ranked x WHERE x.score >= x.best - 0.1) > 1
    FROM ranked r
    WHERE r.score >= 0.5
    ORDER BY r.score DESC, r.code
    LIMIT 5;
END
$$;

COMMENT ON FUNCTION stunting.match_area_search(text, text, text) IS
'The search behind stunting.match_area (same rows, columns area_code and area_name)';

CREATE FUNCTION stunting.match_area(name text, within text DEFAULT NULL, level text DEFAULT 'village')
RETURNS TABLE (code text, name text, score float8, ambiguous boolean)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT m.area_code, m.area_name, m.score, m.ambiguous FROM stunting.match_area_search($1, $2, $3) m
$$;

COMMENT ON FUNCTION stunting.match_area(text, text, text) IS
'The areas of a level (below `within` when given, e.g. a kecamatan or Kota Kediri) whose names best match a typed name, best first, with a score (1 = the same key) and whether the match is ambiguous (another area scores within 0.1 of the best). Handles case, administrative prefixes, spacing, hyphens, old spellings, Javanese a/o, one-letter typos and kecamatan names appended';

CREATE FUNCTION stunting.match_area_code(name text, within text DEFAULT NULL, level text DEFAULT 'village')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    -- confident: score 0.8 or more, not ambiguous, and below 0.95 the same
    -- first letter (people seldom mistype it: Kandangan is not Dandangan)
    SELECT m.code
    FROM stunting.match_area($1, $2, $3) m JOIN area a ON a.code = m.code
    WHERE m.score >= 0.8 AND NOT m.ambiguous
      AND (m.score >= 0.95 OR pg_catalog.left(a.name_key, 1) = pg_catalog.left(pg_catalog.replace(stunting.normalize_name($1), ' ', ''), 1))
    ORDER BY m.score DESC LIMIT 1
$$;

COMMENT ON FUNCTION stunting.match_area_code(text, text, text) IS
'The code of the area a typed name means, only when match_area is confident (score at least 0.8, not ambiguous, and below 0.95 the same first letter); otherwise NULL. Safe in an UPDATE';

