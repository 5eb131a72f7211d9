-- stunting 0.5.0 -> 0.6.0: every function with a body hardened against
-- search_path attacks, and hotspot_geojson fixed.
--
-- In 0.5.0 the SQL and PL/pgSQL functions ran with search_path "stunting,
-- public, public, pg_temp" and called built-ins unqualified, so a function
-- planted in public with an exact argument type (public.cardinality(text[])
-- against pg_catalog's polymorphic one) ran with the caller's privileges;
-- nik_hash had no SET search_path at all.  Each function below is the same
-- function with built-ins written pg_catalog.name(...), the extension's own
-- as stunting.name(...), polymorphic array operators as
-- OPERATOR(pg_catalog.||), temporary tables as pg_temp.name, pg_trgm's %
-- and similarity() through pg_trgm's schema, and search_path pg_catalog,
-- stunting, PostGIS's schema, pg_temp.  hotspot_geojson failed on every
-- call ("a.level must appear in the GROUP BY clause": its 'level' was the
-- joined area's column); it now names its parameter.  The update, like a
-- fresh install, refuses a schema stunting owned by or open to a role
-- without SUPERUSER, and warns when such roles can create objects in
-- PostGIS's schema (the functions find PostGIS there).  area_at (C) runs
-- its own queries with search_path pg_catalog, pg_temp (the library).
--
-- Released scripts are never edited: later versions add an upgrade script.

\echo Use "ALTER EXTENSION stunting UPDATE TO '0.6.0'" to load this file. \quit

-- The schema stunting comes second on every function's path, so it must be
-- the superuser's alone.  CREATE EXTENSION adopts a schema stunting that
-- already exists: one owned by, or open to, a role without SUPERUSER (who
-- could plant objects in it for these functions to run) is refused.
DO $$
DECLARE
    owner_name text;
    owner_is_superuser boolean;
    creators text;
BEGIN
    SELECT r.rolname, r.rolsuper,
           (SELECT pg_catalog.string_agg(w.who, ', ' ORDER BY w.who)
            FROM (SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE g.rolname::text END AS who
                  FROM pg_catalog.aclexplode(n.nspacl) a
                  LEFT JOIN pg_catalog.pg_roles g ON g.oid = a.grantee
                  WHERE a.privilege_type = 'CREATE' AND (a.grantee = 0 OR NOT g.rolsuper)) w)
    INTO owner_name, owner_is_superuser, creators
    FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
    WHERE n.nspname = 'stunting';
    IF NOT owner_is_superuser THEN
        RAISE EXCEPTION 'schema stunting is owned by role "%", which is not a superuser', owner_name
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'The functions of stunting find their own objects in that schema. Drop it, or make a '
                         'superuser its owner (ALTER SCHEMA stunting OWNER TO ...), and check what is in it.';
    ELSIF creators IS NOT NULL THEN
        RAISE EXCEPTION 'schema stunting lets roles without SUPERUSER create objects in it: %', creators
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'The functions of stunting find their own objects in that schema. '
                         'REVOKE CREATE ON SCHEMA stunting FROM them, and check what is in it.';
    END IF;
END
$$;

-- Every function with a body is created with "SET search_path FROM
-- CURRENT", i.e. the path set here: pg_catalog first, so that nothing in
-- another schema can stand in for a built-in type or table; stunting; the
-- schema PostGIS is installed in (found now), where the bodies' geometry
-- functions and types are found; pg_temp last, so that a temporary table or
-- type is never found first.  Bodies still write built-in functions as
-- pg_catalog.name(...) and polymorphic array operators as
-- OPERATOR(pg_catalog.||): PostGIS's schema is often public, and there an
-- exact-type overload would beat pg_catalog's polymorphic function.
SELECT pg_catalog.set_config('search_path',
                             'pg_catalog, stunting, ' || pg_catalog.quote_ident(n.nspname) || ', pg_temp',
                             true)
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'postgis';

-- Whoever can create objects in PostGIS's schema can plant there what the
-- bodies' geometry calls and mixed-type operators resolve to: say who can,
-- now (PUBLIC when every role can, roles created later included).
DO $$
DECLARE
    schema_name text;
    open_to_public boolean;
    writers text[];
BEGIN
    SELECT n.nspname,
           EXISTS (SELECT FROM pg_catalog.aclexplode(n.nspacl) a
                   WHERE a.grantee = 0 AND a.privilege_type = 'CREATE'),
           ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                 WHERE NOT r.rolsuper AND r.rolname !~ '^pg_'
                   AND pg_catalog.has_schema_privilege(r.oid, n.oid, 'CREATE')
                 ORDER BY r.rolname)
    INTO schema_name, open_to_public, writers
    FROM pg_catalog.pg_extension e
    JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'postgis';
    IF open_to_public OR pg_catalog.cardinality(writers) > 0 THEN
        RAISE WARNING 'PostGIS is in schema "%", where roles without SUPERUSER can create objects: %',
                      schema_name,
                      CASE WHEN open_to_public THEN 'PUBLIC (every role)'
                           ELSE pg_catalog.array_to_string(writers[1:5], ', ')
                                || CASE WHEN pg_catalog.cardinality(writers) > 5
                                        THEN pg_catalog.format(' and %s more', pg_catalog.cardinality(writers) - 5)
                                        ELSE '' END END
            USING HINT = 'The functions of stunting find PostGIS through that schema, so such a role can plant '
                         'objects they would run. Install PostGIS in a schema only superusers can write to '
                         '(README, "Where PostGIS should live").';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION stunting.assess(z stunting.zscores)
  RETURNS stunting.assessment
  LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 5
  SET search_path FROM CURRENT
  RETURN (SELECT ROW(s.height, s.weight, s.wfh, s.bmi,
                     s.height <= 'stunted', s.height = 'severely_stunted',
                     s.wfh <= 'wasted',
                     coalesce(z.oedema, false) OR s.weight <= 'underweight',
                     CASE WHEN z.age_days IS NULL OR z.age_days < 1826.25
                          THEN s.wfh >= 'overweight'
                          ELSE s.bmi >= 'overweight' END)::stunting.assessment
          FROM (SELECT stunting.classify_lhfa(z.zlen) AS height,
                       stunting.classify_wfa(z.zwei) AS weight,
                       stunting.classify_wflh(z.zwfl, z.oedema) AS wfh,
                       stunting.classify_bfa(z.zbmi, z.age_days, z.oedema) AS bmi) AS s);

CREATE OR REPLACE FUNCTION stunting.name_key_ao(key text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path FROM CURRENT
  RETURN pg_catalog.translate(key, 'o', 'a');

CREATE OR REPLACE FUNCTION stunting.area_parent_level(level text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
BEGIN
    CASE level
        WHEN 'village' THEN RETURN 'district';
        WHEN 'district' THEN RETURN 'regency';
        WHEN 'regency' THEN RETURN 'province';
        WHEN 'province' THEN RETURN NULL;
        ELSE RAISE EXCEPTION 'invalid area level: "%"', level
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The levels are province, regency, district and village.';
    END CASE;
END
$$;

CREATE OR REPLACE FUNCTION stunting.area_clean_geometry(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT CASE WHEN ST_IsEmpty(p) THEN NULL ELSE ST_Multi(p) END
    FROM (SELECT ST_CollectionExtract(
                     CASE WHEN ST_IsValid(t) THEN t ELSE ST_MakeValid(t) END, 3) AS p
          FROM (SELECT ST_Force2D(CASE WHEN ST_SRID(g) IN (0, 4326) THEN ST_SetSRID(g, 4326)
                                       ELSE ST_Transform(g, 4326) END) AS t) s) v
$$;

CREATE OR REPLACE FUNCTION stunting.load_areas(features jsonb, level text,
                                    code_key text DEFAULT 'kode',
                                    name_key text DEFAULT 'nama',
                                    parent_key text DEFAULT NULL,
                                    parent_name_key text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    parent_level text;
    feature jsonb;
    ordinal bigint;
    props jsonb;
    what text;
    c text;
    nm text;
    pc text;
    pn text;
    existing_level text;
    existing_parent text;
    g geometry;
    gtype text;
    dup record;
    loaded integer := 0;
BEGIN
    IF features IS NULL OR level IS NULL OR code_key IS NULL OR name_key IS NULL THEN
        RAISE EXCEPTION 'load_areas: features, level, code_key and name_key must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    parent_level := stunting.area_parent_level(level);
    IF parent_key IS NOT NULL AND parent_level IS NULL THEN
        RAISE EXCEPTION 'load_areas: a province has no parent, but parent_key "%" was given', parent_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pg_catalog.jsonb_typeof(features) IS DISTINCT FROM 'object'
       OR features->>'type' IS DISTINCT FROM 'FeatureCollection'
       OR pg_catalog.jsonb_typeof(features->'features') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'load_areas: not a GeoJSON FeatureCollection'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The document starts %s.', pg_catalog.left(features::text, 80));
    END IF;

    -- a code given twice: one pass, not a lookup per feature (national
    -- files have tens of thousands of features)
    SELECT pg_catalog.btrim(f.value->'properties'->>code_key) AS code, pg_catalog.min(f.ordinality) AS first, pg_catalog.max(f.ordinality) AS second
    INTO dup
    FROM pg_catalog.jsonb_array_elements(features->'features') WITH ORDINALITY f
    WHERE pg_catalog.jsonb_typeof(f.value->'properties') = 'object'
      AND nullif(pg_catalog.btrim(f.value->'properties'->>code_key), '') IS NOT NULL
    GROUP BY 1 HAVING pg_catalog.count(*) > 1
    ORDER BY pg_catalog.max(f.ordinality) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'load_areas: feature % (code "%") appears twice in the collection (first as feature %)',
                        dup.second, dup.code, dup.first
            USING ERRCODE = 'unique_violation';
    END IF;

    FOR feature, ordinal IN
        SELECT value, ordinality FROM pg_catalog.jsonb_array_elements(features->'features') WITH ORDINALITY
    LOOP
        what := pg_catalog.format('feature %s', ordinal);
        IF pg_catalog.jsonb_typeof(feature) IS DISTINCT FROM 'object' OR feature->>'type' IS DISTINCT FROM 'Feature' THEN
            RAISE EXCEPTION 'load_areas: % is not a GeoJSON Feature', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        props := feature->'properties';
        IF pg_catalog.jsonb_typeof(props) IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION 'load_areas: % has no properties', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        c := nullif(pg_catalog.btrim(props->>code_key), '');
        IF c IS NULL THEN
            RAISE EXCEPTION 'load_areas: % has no code (property "%")', what, code_key
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('Its properties are %s.', pg_catalog.left(props::text, 200));
        END IF;
        what := pg_catalog.format('feature %s (code "%s")', ordinal, c);
        nm := nullif(pg_catalog.btrim(props->>name_key), '');
        IF nm IS NULL THEN
            RAISE EXCEPTION 'load_areas: % has no name (property "%")', what, name_key
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        what := pg_catalog.format('feature %s (code "%s", "%s")', ordinal, c, nm);

        IF pg_catalog.jsonb_typeof(feature->'geometry') IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION 'load_areas: % has no geometry', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        gtype := feature->'geometry'->>'type';
        IF gtype IS NULL OR gtype NOT IN ('Polygon', 'MultiPolygon') THEN
            RAISE EXCEPTION 'load_areas: % has a geometry of type "%", not Polygon or MultiPolygon', what, gtype
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        BEGIN
            g := ST_GeomFromGeoJSON(feature->'geometry');
        EXCEPTION WHEN OTHERS THEN
            RAISE EXCEPTION 'load_areas: % has a geometry PostGIS cannot read', what
                USING ERRCODE = 'invalid_parameter_value', DETAIL = SQLERRM;
        END;
        g := stunting.area_clean_geometry(g);
        IF g IS NULL THEN
            RAISE EXCEPTION 'load_areas: % has an empty geometry (nothing polygonal is left after ST_MakeValid)', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;

        pc := NULL;
        IF parent_key IS NOT NULL THEN
            pc := nullif(pg_catalog.btrim(props->>parent_key), '');
            IF pc IS NULL THEN
                RAISE EXCEPTION 'load_areas: % has no parent code (property "%")', what, parent_key
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT a.level INTO existing_level FROM stunting.area a WHERE a.code = pc;
            IF NOT FOUND THEN
                pn := CASE WHEN parent_name_key IS NOT NULL THEN nullif(pg_catalog.btrim(props->>parent_name_key), '') END;
                INSERT INTO stunting.area (code, name, level) VALUES (pc, coalesce(pn, pc), parent_level);
            ELSIF existing_level <> parent_level THEN
                RAISE EXCEPTION 'load_areas: the parent "%" of % is a %, not a %', pc, what, existing_level, parent_level
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        END IF;

        SELECT a.level, a.parent_code INTO existing_level, existing_parent
        FROM stunting.area a WHERE a.code = c;
        IF FOUND AND existing_level <> level THEN
            RAISE EXCEPTION 'load_areas: % is already loaded as a %, not a %', what, existing_level, level
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF parent_key IS NULL THEN
            pc := existing_parent;  -- without parent codes, an update keeps the parent
        END IF;
        -- insert or update; a row that would not change is not touched
        INSERT INTO stunting.area AS a (code, name, level, parent_code, geom)
        VALUES (c, nm, level, pc, g)
        ON CONFLICT (code) DO UPDATE
            SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, geom = EXCLUDED.geom
            WHERE a.name IS DISTINCT FROM EXCLUDED.name
               OR a.parent_code IS DISTINCT FROM EXCLUDED.parent_code
               OR NOT ST_OrderingEquals(a.geom, EXCLUDED.geom)
               OR a.geom IS NULL;
        loaded := loaded + 1;
    END LOOP;
    RETURN loaded;
END
$$;

CREATE OR REPLACE FUNCTION stunting.derive_parent_areas(level text) RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE STRICT
SET search_path FROM CURRENT
AS $$
DECLARE
    changed integer;
BEGIN
    IF level = 'village' THEN
        RAISE EXCEPTION 'derive_parent_areas: a village has no children'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the level of the areas to derive, e.g. ''district'' to dissolve kelurahan into kecamatan.';
    END IF;
    PERFORM stunting.area_parent_level(level);
    -- Holes under one hectare in the dissolved outline are the gaps between
    -- neighbouring public polygons, not real holes: they are filled.
    WITH dissolved AS (
        SELECT c.parent_code AS code,
               stunting.area_clean_geometry(ST_Union(c.geom)) AS geom
        FROM stunting.area c JOIN stunting.area p ON p.code = c.parent_code
        WHERE p.level = derive_parent_areas.level AND c.geom IS NOT NULL
        GROUP BY c.parent_code
    ), filled AS (
        SELECT d.code,
               ST_Multi(ST_Collect(
                   ST_MakePolygon(ST_ExteriorRing(part.geom),
                                  ARRAY(SELECT ST_ExteriorRing(r.geom)
                                        FROM ST_DumpRings(part.geom) r
                                        WHERE r.path[1] > 0
                                          AND ST_Area(r.geom::geography) >= 10000
                                        ORDER BY r.path[1])))) AS geom
        FROM dissolved d, ST_Dump(d.geom) part
        GROUP BY d.code
    )
    UPDATE stunting.area a SET geom = f.geom
    FROM filled f
    WHERE a.code = f.code AND (a.geom IS NULL OR NOT ST_OrderingEquals(a.geom, f.geom));
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END
$$;

CREATE OR REPLACE FUNCTION stunting.utm_srid(geom geometry) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT CASE WHEN ST_Y(c) < 0 THEN 32700 ELSE 32600 END
           + least(60, greatest(1, pg_catalog.floor((ST_X(c) + 180) / 6)::integer + 1))
    FROM (SELECT ST_Centroid(ST_Envelope(CASE WHEN ST_SRID(geom) IN (0, 4326) THEN geom
                                              ELSE ST_Transform(geom, 4326) END)) AS c) s
$$;

CREATE OR REPLACE FUNCTION stunting.area_neighbours(level text, tolerance_m float8 DEFAULT 5)
RETURNS TABLE (code text, neighbour_code text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    srid integer;
    margin float8;
BEGIN
    PERFORM stunting.area_parent_level(level);
    IF NOT tolerance_m >= 0 OR tolerance_m > 10000 THEN
        RAISE EXCEPTION 'area_neighbours: tolerance_m must be between 0 and 10000 metres, got %', tolerance_m
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT stunting.utm_srid(ST_Extent(a.geom)::geometry),
           (tolerance_m + 1) / 111320.0 / greatest(pg_catalog.cos(pg_catalog.radians(pg_catalog.max(greatest(pg_catalog.abs(ST_YMin(a.geom)), pg_catalog.abs(ST_YMax(a.geom)))))), 0.01)
    INTO srid, margin
    FROM stunting.area a WHERE a.level = area_neighbours.level;
    IF srid IS NULL THEN
        RETURN;
    END IF;
    -- Public boundaries have gaps and overlaps, so ST_Touches misses most
    -- pairs: two areas are neighbours when they come within the tolerance,
    -- measured in metres in the local UTM zone.
    RETURN QUERY
    SELECT a.code, b.code
    FROM stunting.area a
    JOIN stunting.area b
      ON b.level = a.level AND b.code <> a.code
     AND b.geom && ST_Expand(a.geom, margin)
     AND ST_DWithin(ST_Transform(a.geom, srid), ST_Transform(b.geom, srid), tolerance_m)
    WHERE a.level = area_neighbours.level
    ORDER BY 1, 2;
END
$$;

CREATE OR REPLACE FUNCTION stunting.area_at_search(geom geometry, level text) RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    p geometry;
    found_code text;
    candidates text[];
BEGIN
    IF GeometryType(geom) <> 'POINT' OR ST_IsEmpty(geom) THEN
        RAISE EXCEPTION 'area_at: expected a point, got %', ST_AsText(geom)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM stunting.area_parent_level(level);
    p := CASE WHEN ST_SRID(geom) IN (0, 4326) THEN ST_SetSRID(geom, 4326)
              ELSE ST_Transform(geom, 4326) END;
    -- Inside (or on the boundary of) an area: nearly always exactly one.
    SELECT pg_catalog.array_agg(a.code) INTO candidates
    FROM stunting.area a
    WHERE a.level = area_at_search.level AND ST_Intersects(a.geom, p);
    IF pg_catalog.cardinality(candidates) = 1 THEN
        RETURN candidates[1];
    ELSIF pg_catalog.cardinality(candidates) > 1 THEN
        -- where public polygons overlap, the area the point lies deeper in
        SELECT a.code INTO found_code
        FROM stunting.area a
        WHERE a.code = ANY (candidates)
        ORDER BY ST_Distance(ST_Boundary(a.geom), p) DESC, a.code
        LIMIT 1;
        RETURN found_code;
    END IF;
    -- In a gap between polygons or just outside: the nearest area within 50 m.
    -- The box prefilter (50 m in degrees, with margin) lets the GiST index work.
    SELECT a.code INTO found_code
    FROM stunting.area a
    WHERE a.level = area_at_search.level
      AND a.geom && ST_Expand(p, 60.0 / 111320.0 / greatest(pg_catalog.cos(pg_catalog.radians(ST_Y(p))), 0.01))
      AND ST_DWithin(a.geom::geography, p::geography, 50)
    ORDER BY ST_Distance(a.geom::geography, p::geography), a.code
    LIMIT 1;
    RETURN found_code;
END
$$;

CREATE OR REPLACE FUNCTION stunting.match_area_search(typed text, within text, level text)
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
    IF q = '' THEN
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
            CONTINUE WHEN pg_catalog.cardinality(words) < 2;
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

CREATE OR REPLACE FUNCTION stunting.match_area(name text, within text DEFAULT NULL, level text DEFAULT 'village')
RETURNS TABLE (code text, name text, score float8, ambiguous boolean)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT m.area_code, m.area_name, m.score, m.ambiguous FROM stunting.match_area_search($1, $2, $3) m
$$;

CREATE OR REPLACE FUNCTION stunting.match_area_code(name text, within text DEFAULT NULL, level text DEFAULT 'village')
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

CREATE OR REPLACE FUNCTION stunting.nik_hash(nik text, salt text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    digits text := pg_catalog.regexp_replace(nik, '[\s.-]', '', 'g');
BEGIN
    IF digits !~ '^[0-9]{16}$' THEN
        RAISE EXCEPTION 'invalid NIK: expected 16 digits, got % characters', pg_catalog.length(digits)
            USING ERRCODE = 'invalid_text_representation';
    END IF;
    IF salt = '' THEN
        RAISE EXCEPTION 'nik_hash: the salt must not be empty'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN pg_catalog.sha256(pg_catalog.convert_to(salt || ':' || digits, 'UTF8'));
END
$$;

CREATE OR REPLACE FUNCTION stunting.refresh_area_month(months date[], area_codes text[]) RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    n integer;
BEGIN
    IF pg_catalog.cardinality(months) IS DISTINCT FROM pg_catalog.cardinality(area_codes) THEN
        RAISE EXCEPTION 'refresh_area_month: % months but % area codes', pg_catalog.cardinality(months), pg_catalog.cardinality(area_codes)
            USING ERRCODE = 'array_subscript_error';
    END IF;
    DELETE FROM stunting.area_month_summary s
    USING ROWS FROM (pg_catalog.unnest(months), pg_catalog.unnest(area_codes)) AS k(m, a)
    WHERE s.month = pg_catalog.date_trunc('month', k.m)::date AND s.area_code = k.a;
    INSERT INTO stunting.area_month_summary (month, area_code, summary, children, stunted, severely_stunted)
    SELECT l.month, l.area_code, stunting.summarize(l.z), pg_catalog.count(*),
           pg_catalog.count(*) FILTER (WHERE (l.status).stunted), pg_catalog.count(*) FILTER (WHERE (l.status).severely_stunted)
    FROM (SELECT DISTINCT ON (m.month, m.area_code, m.child_id) m.month, m.area_code, m.z, m.status
          FROM (SELECT DISTINCT pg_catalog.date_trunc('month', k.m)::date AS month, k.a AS area_code
                FROM ROWS FROM (pg_catalog.unnest(months), pg_catalog.unnest(area_codes)) AS k(m, a)) k
          JOIN stunting.measurement m ON m.month = k.month AND m.area_code = k.area_code
          ORDER BY m.month, m.area_code, m.child_id, m.visit_date DESC, m.id DESC) l
    GROUP BY l.month, l.area_code;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

CREATE OR REPLACE FUNCTION stunting.refresh_area_month() RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
BEGIN
    DELETE FROM stunting.area_month_summary;
    RETURN stunting.refresh_area_month(ARRAY(SELECT month FROM stunting.measurement GROUP BY 1, area_code ORDER BY 1, area_code),
                                       ARRAY(SELECT area_code FROM stunting.measurement GROUP BY month, 1 ORDER BY month, 1));
END
$$;

CREATE OR REPLACE FUNCTION stunting.measurement_before_write() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    c stunting.child;
    problems text[];
BEGIN
    SELECT * INTO c FROM stunting.child WHERE id = NEW.child_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'measurement of child %: no such child', NEW.child_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    problems := stunting.measurement_problems(c.sex, c.birth_date, NEW.visit_date,
                                              NEW.weight_kg, NEW.lenhei_cm, NEW.measure, NEW.oedema);
    IF pg_catalog.cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'measurement of child % on % rejected: %', NEW.child_id, pg_catalog.to_char(NEW.visit_date, 'YYYY-MM-DD'),
                        pg_catalog.array_to_string(problems, ', ')
            USING ERRCODE = 'check_violation',
                  DETAIL = (SELECT pg_catalog.string_agg(stunting.problem_message(p), ' ') FROM pg_catalog.unnest(problems) AS p);
    END IF;
    IF NEW.area_code IS NULL OR (TG_OP = 'UPDATE' AND NEW.child_id <> OLD.child_id AND NEW.area_code = OLD.area_code) THEN
        NEW.area_code := c.area_code;
    END IF;
    NEW.month := pg_catalog.date_trunc('month', NEW.visit_date)::date;
    NEW.z := stunting.anthro_zscores(c.sex, stunting.age_days(c.birth_date, NEW.visit_date)::float8,
                                     NEW.weight_kg, NEW.lenhei_cm, NEW.measure, NEW.oedema,
                                     NEW.headc_cm, NEW.armc_cm);
    NEW.status := stunting.assess(NEW.z);
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION stunting.measurement_after_write() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM stunting.refresh_area_month(ARRAY(SELECT month FROM new_rows GROUP BY 1, area_code ORDER BY 1, area_code),
                                            ARRAY(SELECT area_code FROM new_rows GROUP BY month, 1 ORDER BY month, 1));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM stunting.refresh_area_month(ARRAY(SELECT month FROM old_rows GROUP BY 1, area_code ORDER BY 1, area_code),
                                            ARRAY(SELECT area_code FROM old_rows GROUP BY month, 1 ORDER BY month, 1));
    ELSE
        PERFORM stunting.refresh_area_month(
            ARRAY(SELECT month FROM (SELECT month, area_code FROM old_rows UNION SELECT month, area_code FROM new_rows) k ORDER BY month, area_code),
            ARRAY(SELECT area_code FROM (SELECT month, area_code FROM old_rows UNION SELECT month, area_code FROM new_rows) k ORDER BY month, area_code));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION stunting.child_after_update() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.sex IS DISTINCT FROM OLD.sex OR NEW.birth_date IS DISTINCT FROM OLD.birth_date THEN
        UPDATE stunting.measurement SET child_id = child_id WHERE child_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION stunting.area_month_estimate(month date, level text, key text)
RETURNS TABLE (code text, name text, parent_name text, geom geometry, children integer,
               stunted integer, estimate stunting.estimate)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
BEGIN
    IF month IS NULL OR level IS NULL OR key IS NULL THEN
        RAISE EXCEPTION 'month, level and key must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM stunting.area_parent_level(level);
    PERFORM stunting.prevalence(stunting.merge(s), key)
    FROM (SELECT NULL::stunting.growth_summary AS s WHERE false) AS empty;
    RETURN QUERY
    SELECT a.code, a.name, p.name, a.geom, m.children, m.stunted, stunting.prevalence(m.summary, key)
    FROM stunting.area a
    LEFT JOIN stunting.area p ON p.code = a.parent_code
    LEFT JOIN stunting.area_month m ON m.code = a.code AND m.month = pg_catalog.date_trunc('month', area_month_estimate.month)::date
    WHERE a.level = area_month_estimate.level AND a.geom IS NOT NULL
    ORDER BY a.code;
END
$$;

CREATE OR REPLACE FUNCTION stunting.area_geojson(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2')
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT pg_catalog.jsonb_build_object(
        'type', 'FeatureCollection',
        'month', pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM'),
        'level', level,
        'key', key,
        'features', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
            'type', 'Feature',
            'id', e.code,
            'geometry', ST_AsGeoJSON(e.geom, 6)::jsonb,
            'properties', pg_catalog.jsonb_build_object(
                'code', e.code, 'name', e.name, 'parent_name', e.parent_name,
                'children', e.children, 'stunted', e.stunted,
                'r', (e.estimate).r, 'se', (e.estimate).se,
                'll', (e.estimate).ll, 'ul', (e.estimate).ul,
                'pop', (e.estimate).pop, 'unwpop', (e.estimate).unwpop))
            ORDER BY e.code), '[]'::jsonb))
    FROM stunting.area_month_estimate(month, level, key) e
$$;

CREATE OR REPLACE FUNCTION stunting.area_mvt(z integer, x integer, y integer, month date DEFAULT NULL,
                                  level text DEFAULT 'village')
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    m date := month;
    tile bytea;
BEGIN
    IF z IS NULL OR x IS NULL OR y IS NULL OR z < 0 OR z > 30 OR x < 0 OR y < 0
       OR x >= (1::bigint << z) OR y >= (1::bigint << z) THEN
        RAISE EXCEPTION 'area_mvt: no tile %/%/%', z, x, y
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF m IS NULL THEN
        m := (SELECT pg_catalog.max(s.month) FROM stunting.area_month_summary s);
    END IF;
    SELECT ST_AsMVT(t, 'areas', 4096, 'geom') INTO tile
    FROM (SELECT e.code, e.name, e.parent_name, e.children, e.stunted,
                 (e.estimate).r AS stunting_pct, (e.estimate).ll AS ci_low, (e.estimate).ul AS ci_high,
                 pg_catalog.to_char(m, 'YYYY-MM') AS month,
                 ST_AsMVTGeom(ST_Transform(e.geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
          FROM stunting.area_month_estimate(coalesce(m, date '1900-01-01'), level, 'HA_2') e
          WHERE ST_Transform(e.geom, 3857) && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)) t
    WHERE t.geom IS NOT NULL;
    RETURN coalesce(tile, ''::bytea);
END
$$;

CREATE OR REPLACE FUNCTION stunting.xml_escape(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
RETURN pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&apos;');

CREATE OR REPLACE FUNCTION stunting.svg_map(level text, title text, legend_title text, note text,
                                 legend_colours text[], legend_labels text[], fills jsonb,
                                 stroke text DEFAULT '#ffffff')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
-- fills: {code: {"fill": colour, "tip": tooltip text}} for every area of
-- the level that has a boundary; labels at ST_PointOnSurface.
DECLARE
    srid integer;
    min_x float8; min_y float8; max_x float8; max_y float8;
    width constant float8 := 900;
    map_w constant float8 := 640;
    pad constant float8 := 20;
    top constant float8 := 70;
    s float8;
    height float8;
    body text;
    labels text;
    legend text := '';
    i integer;
BEGIN
    SELECT stunting.utm_srid(ST_Extent(a.geom)::geometry) INTO srid
    FROM area a WHERE a.level = svg_map.level AND a.geom IS NOT NULL;
    IF srid IS NULL THEN
        RAISE EXCEPTION 'no area of level % has a boundary', level
            USING ERRCODE = 'no_data_found';
    END IF;
    SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) INTO min_x, min_y, max_x, max_y
    FROM (SELECT ST_Extent(ST_Transform(a.geom, srid)) AS e
          FROM area a WHERE a.level = svg_map.level AND a.geom IS NOT NULL) x;
    s := map_w / greatest(max_x - min_x, max_y - min_y, 1);
    height := top + (max_y - min_y) * s + 2 * pad + 30;

    -- Map coordinates: x' = (x - min_x) s + pad, y' = (y - max_y) s - top;
    -- ST_AsSVG writes -y', so north is up.
    SELECT pg_catalog.string_agg(pg_catalog.format('<path id="%s" d="%s" fill="%s" stroke="%s" stroke-width="0.8"><title>%s: %s</title></path>',
                             stunting.xml_escape(a.code),
                             ST_AsSVG(ST_Affine(ST_Transform(a.geom, srid), s, 0, 0, s, pad - min_x * s, -top - max_y * s), 0, 1),
                             coalesce(fills -> a.code ->> 'fill', '#d9d9d9'), stunting.xml_escape(stroke),
                             stunting.xml_escape(a.name), stunting.xml_escape(coalesce(fills -> a.code ->> 'tip', ''))),
                      E'\n' ORDER BY a.code),
           pg_catalog.string_agg(pg_catalog.format('<text x="%s" y="%s">%s</text>',
                             pg_catalog.round(((ST_X(p) - min_x) * s + pad)::numeric, 1), pg_catalog.round(((max_y - ST_Y(p)) * s + top)::numeric, 1),
                             stunting.xml_escape(a.name)), E'\n' ORDER BY a.code)
    INTO body, labels
    FROM area a,
         LATERAL (SELECT ST_Transform(ST_PointOnSurface(a.geom), srid) AS p) l
    WHERE a.level = svg_map.level AND a.geom IS NOT NULL;

    FOR i IN 1 .. pg_catalog.cardinality(legend_colours) LOOP
        legend := legend || pg_catalog.format(E'<rect x="%s" y="%s" width="18" height="14" fill="%s"/><text x="%s" y="%s">%s</text>\n',
                                   map_w + 2 * pad + 10, top + 25 + (i - 1) * 22, legend_colours[i],
                                   map_w + 2 * pad + 34, top + 37 + (i - 1) * 22, stunting.xml_escape(legend_labels[i]));
    END LOOP;

    RETURN pg_catalog.format(E'<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif">\n'
                  '<rect width="100%%" height="100%%" fill="#ffffff"/>\n'
                  '<text x="%s" y="32" font-size="20" font-weight="bold">%s</text>\n'
                  '<g class="areas">\n%s\n</g>\n'
                  '<g class="labels" font-size="7" text-anchor="middle" fill="#222222" pointer-events="none">\n%s\n</g>\n'
                  '<g class="legend" font-size="12">\n<text x="%s" y="%s" font-weight="bold">%s</text>\n%s</g>\n'
                  '<text x="%s" y="%s" font-size="11" fill="#555555">%s</text>\n'
                  '</svg>\n',
                  width, pg_catalog.round(height), width, pg_catalog.round(height),
                  pad, stunting.xml_escape(title),
                  coalesce(body, ''), coalesce(labels, ''),
                  map_w + 2 * pad + 10, top + 12, stunting.xml_escape(legend_title), legend,
                  pad, pg_catalog.round(height) - 12, stunting.xml_escape(note));
END
$$;

CREATE OR REPLACE FUNCTION stunting.area_svg(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                             lang text DEFAULT 'id')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    en boolean;
    -- WHO-UNICEF 2018 prevalence thresholds (percent): for stunting very low
    -- < 2.5, low < 10, medium < 20, high < 30, very high; for wasting and
    -- overweight < 2.5, < 5, < 10, < 15. Other keys use the stunting classes.
    wasting_like boolean := key IN ('WH_2', 'WH2', 'BMI_2', 'BMI2');
    breaks float8[] := CASE WHEN wasting_like THEN ARRAY[2.5, 5, 10, 15] ELSE ARRAY[2.5, 10, 20, 30] END;
    colours constant text[] := ARRAY['#1a9850', '#a6d96a', '#fee08b', '#f46d43', '#a50026'];
    classes_id text[] := CASE WHEN wasting_like
        THEN ARRAY['sangat rendah (< 2,5 %)', 'rendah (2,5–< 5 %)', 'sedang (5–< 10 %)', 'tinggi (10–< 15 %)', 'sangat tinggi (≥ 15 %)']
        ELSE ARRAY['sangat rendah (< 2,5 %)', 'rendah (2,5–< 10 %)', 'sedang (10–< 20 %)', 'tinggi (20–< 30 %)', 'sangat tinggi (≥ 30 %)'] END;
    classes_en text[] := CASE WHEN wasting_like
        THEN ARRAY['very low (< 2.5 %)', 'low (2.5–< 5 %)', 'medium (5–< 10 %)', 'high (10–< 15 %)', 'very high (≥ 15 %)']
        ELSE ARRAY['very low (< 2.5 %)', 'low (2.5–< 10 %)', 'medium (10–< 20 %)', 'high (20–< 30 %)', 'very high (≥ 30 %)'] END;
    fills jsonb;
BEGIN
    IF lang IS NULL OR pg_catalog.lower(lang) NOT IN ('id', 'en') THEN
        RAISE EXCEPTION 'area_svg: invalid language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''id'' (Bahasa Indonesia) or ''en''.';
    END IF;
    en := pg_catalog.lower(lang) = 'en';
    SELECT pg_catalog.jsonb_object_agg(e.code, pg_catalog.jsonb_build_object(
               'fill', CASE WHEN (e.estimate).r IS NULL THEN '#d9d9d9'
                            ELSE colours[1 + (SELECT pg_catalog.count(*) FROM pg_catalog.unnest(breaks) b WHERE (e.estimate).r >= b)::int] END,
               'tip', CASE WHEN (e.estimate).r IS NULL THEN CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END
                           ELSE pg_catalog.format('%s %% (%s–%s), n = %s',
                                       pg_catalog.to_char((e.estimate).r, 'FM990.0'), pg_catalog.to_char((e.estimate).ll, 'FM990.0'),
                                       pg_catalog.to_char((e.estimate).ul, 'FM990.0'), e.children) END))
    INTO fills
    FROM stunting.area_month_estimate(month, level, key) e;
    IF fills IS NULL THEN
        RAISE EXCEPTION 'area_svg: no area of level % has a boundary', level
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN stunting.svg_map(level,
                   CASE WHEN key = 'HA_2' THEN
                            CASE WHEN en THEN 'Stunting prevalence (height-for-age < −2 SD)' ELSE 'Prevalensi stunting (TB/U < −2 SD)' END
                        ELSE CASE WHEN en THEN 'Prevalence ' ELSE 'Prevalensi ' END || key END
                   || ' — ' || pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM'),
                   CASE WHEN en THEN 'Prevalence' ELSE 'Prevalensi' END,
                   CASE WHEN en THEN 'Data month: ' ELSE 'Bulan data: ' END
                   || pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM')
                   || CASE WHEN en THEN '. Each child counted once (latest measurement of the month); WHO Child Growth Standards; classes: WHO-UNICEF 2018 thresholds.'
                           ELSE '. Setiap anak dihitung sekali (pengukuran terakhir di bulan itu); Standar Pertumbuhan Anak WHO; kelas: ambang WHO-UNICEF 2018.' END,
                   colours OPERATOR(pg_catalog.||) '#d9d9d9'::text,
                   CASE WHEN en THEN classes_en ELSE classes_id END OPERATOR(pg_catalog.||) CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END,
                   fills);
END
$$;

CREATE OR REPLACE FUNCTION stunting.hotspots(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                  permutations integer DEFAULT 999, seed bigint DEFAULT 0)
RETURNS TABLE (code text, name text, cases integer, children integer, rate float8,
               smoothed_rate float8, gi_z float8, gi_p float8, gi_class text,
               lisa_i float8, lisa_quadrant text, lisa_p float8, lisa_class text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
-- The areas of the level with children measured that month are analysed
-- (at least 3 are needed, else every statistic is NULL); the others are
-- listed with NULL statistics.  The statistics run on the global binomial
-- empirical Bayes rate (3 of 10 children is not as sure as 30 of 100; a
-- spatial prior would itself make neighbours alike).  gi_class as ArcGIS's
-- Hot Spot Analysis labels its Gi_Bin (from the two-sided normal p of Gi*,
-- no FDR); lisa_class as GeoDa's LISA cluster map (the quadrant where the
-- pseudo p is significant after the false discovery rate at 0.05; the
-- normal p when permutations = 0).
DECLARE
    ids text[];
    cases_a float8[];
    children_a float8[];
    nb_from text[];
    nb_to text[];
BEGIN
    IF month IS NULL OR level IS NULL OR key IS NULL OR permutations IS NULL OR seed IS NULL THEN
        RAISE EXCEPTION 'hotspots: no argument may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT pg_catalog.array_agg(e.code ORDER BY e.code),
           pg_catalog.array_agg(pg_catalog.round((e.estimate).r * (e.estimate).pop / 100) ORDER BY e.code),
           pg_catalog.array_agg((e.estimate).pop ORDER BY e.code)
    INTO ids, cases_a, children_a
    FROM stunting.area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
    WHERE (e.estimate).pop > 0;
    IF coalesce(pg_catalog.cardinality(ids), 0) < 3 THEN
        RETURN QUERY
        SELECT e.code, e.name, pg_catalog.round((e.estimate).r * (e.estimate).pop / 100)::integer,
               (e.estimate).pop::integer, (e.estimate).r / 100, NULL::float8,
               NULL::float8, NULL::float8, NULL::text, NULL::float8, NULL::text, NULL::float8, NULL::text
        FROM stunting.area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
        ORDER BY e.code;
        RETURN;
    END IF;
    SELECT coalesce(pg_catalog.array_agg(n.code ORDER BY n.code, n.neighbour_code), '{}'),
           coalesce(pg_catalog.array_agg(n.neighbour_code ORDER BY n.code, n.neighbour_code), '{}')
    INTO nb_from, nb_to
    FROM stunting.area_neighbours(hotspots.level) n
    WHERE n.code = ANY (ids) AND n.neighbour_code = ANY (ids);

    RETURN QUERY
    WITH eb AS (SELECT * FROM stunting.eb_smooth(ids, cases_a, children_a, 'binomial')),
         y AS (SELECT pg_catalog.array_agg(eb.smoothed_rate ORDER BY eb.id) AS v FROM eb),
         gi AS (SELECT s.* FROM y, stunting.local_gi_star(ids, y.v, nb_from, nb_to,
                                                   hotspots.permutations, hotspots.seed) s),
         lm AS (SELECT s.*, CASE WHEN hotspots.permutations > 0 THEN s.p_sim ELSE s.p_norm END AS p
                FROM y, stunting.local_moran(ids, y.v, nb_from, nb_to, hotspots.permutations, hotspots.seed) s),
         sig AS (SELECT u.id, u.significant
                 FROM (SELECT pg_catalog.array_agg(lm.id ORDER BY lm.id) AS ids,
                              stunting.fdr(pg_catalog.array_agg(lm.p ORDER BY lm.id), 0.05) AS flags FROM lm) f,
                      ROWS FROM (pg_catalog.unnest(f.ids), pg_catalog.unnest(f.flags)) AS u (id, significant))
    SELECT e.code, e.name, pg_catalog.round((e.estimate).r * (e.estimate).pop / 100)::integer,
           (e.estimate).pop::integer,
           eb.raw_rate, eb.smoothed_rate,
           gi.z, gi.p_norm,
           CASE WHEN gi.z IS NULL THEN NULL
                WHEN gi.p_norm < 0.01 THEN CASE WHEN gi.z > 0 THEN 'Hot Spot - 99% Confidence' ELSE 'Cold Spot - 99% Confidence' END
                WHEN gi.p_norm < 0.05 THEN CASE WHEN gi.z > 0 THEN 'Hot Spot - 95% Confidence' ELSE 'Cold Spot - 95% Confidence' END
                WHEN gi.p_norm < 0.10 THEN CASE WHEN gi.z > 0 THEN 'Hot Spot - 90% Confidence' ELSE 'Cold Spot - 90% Confidence' END
                ELSE 'Not Significant' END,
           lm.i, lm.quadrant, lm.p,
           CASE WHEN lm.i IS NULL THEN NULL
                WHEN NOT sig.significant THEN 'Not Significant'
                ELSE CASE lm.quadrant WHEN 'HH' THEN 'High-High' WHEN 'LL' THEN 'Low-Low'
                                      WHEN 'LH' THEN 'Low-High' WHEN 'HL' THEN 'High-Low' END END
    FROM stunting.area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
    LEFT JOIN eb ON eb.id = e.code
    LEFT JOIN gi ON gi.id = e.code
    LEFT JOIN lm ON lm.id = e.code
    LEFT JOIN sig ON sig.id = e.code
    ORDER BY e.code;
END
$$;

CREATE OR REPLACE FUNCTION stunting.hotspot_streak(level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                        months integer DEFAULT 12)
RETURNS TABLE (code text, name text, streak integer, hot_months integer, through date)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
-- Gi* hot spot (any confidence) month by month over the last `months`
-- months with data, counted back from the latest.
DECLARE
    latest date;
BEGIN
    IF level IS NULL OR key IS NULL OR months IS NULL THEN
        RAISE EXCEPTION 'hotspot_streak: no argument may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF months < 1 OR months > 240 THEN
        RAISE EXCEPTION 'hotspot_streak: months must be between 1 and 240, got %', months
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT pg_catalog.max(s.month) INTO latest FROM area_month_summary s;
    IF latest IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH m AS (SELECT (latest - pg_catalog.make_interval(months => k))::date AS month, k
               FROM pg_catalog.generate_series(0, months - 1) k),
         hot AS (SELECT h.code, m.k, h.gi_class LIKE 'Hot Spot%' AS is_hot
                 FROM m CROSS JOIN LATERAL stunting.hotspots(m.month, hotspot_streak.level, hotspot_streak.key, 0) h)
    SELECT a.code, a.name,
           coalesce((SELECT pg_catalog.min(h.k) FROM hot h WHERE h.code = a.code AND h.is_hot IS NOT TRUE),
                    (SELECT pg_catalog.count(*) FROM hot h WHERE h.code = a.code))::integer,
           (SELECT pg_catalog.count(*) FROM hot h WHERE h.code = a.code AND h.is_hot)::integer,
           latest
    FROM area a
    WHERE a.level = hotspot_streak.level AND a.geom IS NOT NULL
    ORDER BY a.code;
END
$$;

CREATE OR REPLACE FUNCTION stunting.hotspot_svg(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                     lang text DEFAULT 'id', statistic text DEFAULT 'gi',
                                     permutations integer DEFAULT 999, seed bigint DEFAULT 0)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    en boolean;
    gi_classes constant text[] := ARRAY['Hot Spot - 99% Confidence', 'Hot Spot - 95% Confidence', 'Hot Spot - 90% Confidence',
                                        'Not Significant', 'Cold Spot - 90% Confidence', 'Cold Spot - 95% Confidence',
                                        'Cold Spot - 99% Confidence'];
    gi_colours constant text[] := ARRAY['#d62f27', '#ed7551', '#fab984', '#f7f7f2', '#c0ccbe', '#849eba', '#4575b5'];
    gi_id constant text[] := ARRAY['titik panas 99 %', 'titik panas 95 %', 'titik panas 90 %', 'tidak bermakna',
                                   'titik dingin 90 %', 'titik dingin 95 %', 'titik dingin 99 %'];
    lisa_classes constant text[] := ARRAY['High-High', 'Low-Low', 'Low-High', 'High-Low', 'Not Significant'];
    lisa_colours constant text[] := ARRAY['#ff0000', '#0000ff', '#a7adf9', '#f4ada8', '#eeeeee'];
    lisa_id constant text[] := ARRAY['tinggi-tinggi', 'rendah-rendah', 'rendah-tinggi', 'tinggi-rendah', 'tidak bermakna'];
    classes text[];
    colours text[];
    names text[];
    fills jsonb;
BEGIN
    IF lang IS NULL OR pg_catalog.lower(lang) NOT IN ('id', 'en') THEN
        RAISE EXCEPTION 'hotspot_svg: invalid language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''id'' (Bahasa Indonesia) or ''en''.';
    END IF;
    IF statistic IS NULL OR statistic NOT IN ('gi', 'lisa') THEN
        RAISE EXCEPTION 'hotspot_svg: invalid statistic "%"', statistic
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''gi'' (Getis-Ord Gi*) or ''lisa'' (Local Moran''s I).';
    END IF;
    en := pg_catalog.lower(lang) = 'en';
    classes := CASE WHEN statistic = 'gi' THEN gi_classes ELSE lisa_classes END;
    colours := CASE WHEN statistic = 'gi' THEN gi_colours ELSE lisa_colours END;
    names := CASE WHEN en THEN classes WHEN statistic = 'gi' THEN gi_id ELSE lisa_id END;
    SELECT pg_catalog.jsonb_object_agg(h.code, pg_catalog.jsonb_build_object(
               'fill', coalesce(colours[pg_catalog.array_position(classes, c.cls)], '#d9d9d9'),
               'tip', CASE WHEN c.cls IS NULL THEN CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END
                           ELSE pg_catalog.format('%s; %s %% (%s/%s)', names[pg_catalog.array_position(classes, c.cls)],
                                       pg_catalog.to_char(100 * h.rate, 'FM990.0'), h.cases, h.children) END))
    INTO fills
    FROM stunting.hotspots(month, level, key, permutations, seed) h,
         LATERAL (SELECT CASE WHEN statistic = 'gi' THEN h.gi_class ELSE h.lisa_class END AS cls) c;
    RETURN stunting.svg_map(level,
                   CASE WHEN statistic = 'gi'
                        THEN CASE WHEN en THEN 'Stunting hot spots (Getis-Ord Gi*) ' ELSE 'Titik panas stunting (Getis-Ord Gi*) ' END
                        ELSE CASE WHEN en THEN 'Stunting clusters (Local Moran''s I) ' ELSE 'Klaster stunting (Local Moran''s I) ' END END
                   || key || ' — ' || pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM'),
                   CASE WHEN en THEN 'Class' ELSE 'Kelas' END,
                   CASE WHEN en THEN 'Data month: ' ELSE 'Bulan data: ' END
                   || pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM')
                   || CASE WHEN statistic = 'gi'
                           THEN CASE WHEN en THEN '. Gi* on the empirical Bayes rate, kelurahan neighbours within 5 m; confidence from the normal p.'
                                     ELSE '. Gi* atas laju empirical Bayes, tetangga kelurahan dalam 5 m; kepercayaan dari p normal.' END
                           ELSE CASE WHEN en THEN pg_catalog.format('. Local Moran''s I on the empirical Bayes rate; %s permutations, FDR 0.05.', permutations)
                                     ELSE pg_catalog.format('. Local Moran''s I atas laju empirical Bayes; %s permutasi, FDR 0,05.', permutations) END END,
                   colours OPERATOR(pg_catalog.||) '#d9d9d9'::text,
                   names OPERATOR(pg_catalog.||) CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END,
                   fills,
                   '#9e9e9e');  -- grey outlines: "not significant" is near white
END
$$;

CREATE OR REPLACE FUNCTION stunting.hotspot_geojson(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                         permutations integer DEFAULT 999, seed bigint DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT pg_catalog.jsonb_build_object(
        'type', 'FeatureCollection',
        'month', pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM'),
        'level', hotspot_geojson.level,  -- not the joined area's column
        'key', key,
        'features', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
            'type', 'Feature',
            'id', h.code,
            'geometry', ST_AsGeoJSON(a.geom, 6)::jsonb,
            'properties', pg_catalog.to_jsonb(h))
            ORDER BY h.code), '[]'::jsonb))
    FROM stunting.hotspots(month, level, key, permutations, seed) h
    JOIN area a ON a.code = h.code
$$;

CREATE OR REPLACE FUNCTION stunting.random_normal_deviate()
  RETURNS float8
  LANGUAGE sql VOLATILE PARALLEL RESTRICTED
  SET search_path FROM CURRENT
  RETURN pg_catalog.sqrt(-2.0 * pg_catalog.ln(1.0 - pg_catalog.random()))
         * pg_catalog.cos(2.0 * pg_catalog.pi() * pg_catalog.random());

CREATE OR REPLACE FUNCTION stunting.simulate_children(
    n integer,
    seed integer,
    months integer DEFAULT 12,
    last_month date DEFAULT NULL,
    prevalence jsonb DEFAULT '{}',
    default_prevalence float8 DEFAULT 0.2,
    within text DEFAULT NULL,
    attendance float8 DEFAULT 0.85,
    digit_preference float8 DEFAULT 0.05,
    unit_slips float8 DEFAULT 0.005)
  RETURNS TABLE (children bigint, measurements bigint, rejected bigint)
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
  SET search_path FROM CURRENT
AS $$
-- The model (README, "Simulated children"):
--   * every village (below `within`, when given) gets children with equal
--     probability; each child a sex (1:1), a birth date such that it is
--     under five years old in some month of the window, a home point inside
--     the village (5 % of them off by a GPS error of about 20 m);
--   * a child's own height-for-age z is drawn around its village's mean,
--     chosen so that the share below -2 is the village's target prevalence
--     (the deepest area with an entry in `prevalence`, else
--     default_prevalence), plus a village effect (SD 0.15), the child's
--     own SD 1.3; weight-for-length/height around -0.3 (SD 1.0);
--   * each month the child comes to the posyandu with probability
--     `attendance`, on the village's posyandu day; the month's z-scores
--     vary around the child's own (SD 0.3 and 0.5), so that the SDs of a
--     month's z-scores are where WHO expects real surveys; length (lying under
--     731 days) or height and weight are the WHO values at those z-scores
--     (value_at_zscore), recorded to 0.1 cm and 0.1 kg;
--   * field errors: with probability `digit_preference` both values are
--     recorded to the nearest 0.5 (terminal digits 0 and 5), with
--     probability `unit_slips` the weight is typed in grams, the length in
--     millimetres, or the two are swapped.  The data-entry checks reject
--     what they catch: those rows are not inserted and are counted as
--     rejected, as the app would refuse them.
-- setseed(seed) makes it reproducible (same seed, same database, same
-- last_month: same rows); it also resets the session's random() sequence.
DECLARE
    -- SDs of HAZ: the total (about 1.35) is where WHO expects survey data
    child_sd      constant float8 := 1.3;   -- between children
    month_sd      constant float8 := 0.3;   -- month to month (growth, measurement error)
    village_sd    constant float8 := 0.15;  -- between villages' means
    first_month   date;
    window_end    date;
    n_villages    integer;
    bad_key       text;
    n_children    bigint;
    n_measured    bigint;
    n_rejected    bigint;
BEGIN
    IF n IS NULL OR seed IS NULL OR months IS NULL OR prevalence IS NULL
       OR default_prevalence IS NULL OR attendance IS NULL
       OR digit_preference IS NULL OR unit_slips IS NULL THEN
        RAISE EXCEPTION 'simulate_children: only last_month and within may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF n < 1 THEN
        RAISE EXCEPTION 'simulate_children: n must be at least 1, got %', n
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF months < 1 OR months > 240 THEN
        RAISE EXCEPTION 'simulate_children: months must be between 1 and 240, got %', months
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (default_prevalence > 0 AND default_prevalence < 1) THEN
        RAISE EXCEPTION 'simulate_children: default_prevalence must be between 0 and 1 (exclusive), got %', default_prevalence
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (attendance > 0 AND attendance <= 1) THEN
        RAISE EXCEPTION 'simulate_children: attendance must be in (0, 1], got %', attendance
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (digit_preference >= 0 AND digit_preference <= 1) THEN
        RAISE EXCEPTION 'simulate_children: digit_preference must be in [0, 1], got %', digit_preference
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (unit_slips >= 0 AND unit_slips <= 1) THEN
        RAISE EXCEPTION 'simulate_children: unit_slips must be in [0, 1], got %', unit_slips
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pg_catalog.jsonb_typeof(prevalence) <> 'object' THEN
        RAISE EXCEPTION 'simulate_children: prevalence must be a JSON object of area code -> proportion, got %', prevalence
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT key INTO bad_key FROM pg_catalog.jsonb_each(prevalence) AS e
    WHERE NOT EXISTS (SELECT 1 FROM area a WHERE a.code = e.key) ORDER BY key LIMIT 1;
    IF bad_key IS NOT NULL THEN
        RAISE EXCEPTION 'simulate_children: prevalence names area "%", which is not in stunting.area', bad_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT key INTO bad_key FROM pg_catalog.jsonb_each(prevalence) AS e
    WHERE pg_catalog.jsonb_typeof(e.value) <> 'number' OR NOT ((e.value)::float8 > 0 AND (e.value)::float8 < 1)
    ORDER BY key LIMIT 1;
    IF bad_key IS NOT NULL THEN
        RAISE EXCEPTION 'simulate_children: the prevalence of area "%" must be a number between 0 and 1 (exclusive), got %',
                        bad_key, prevalence -> bad_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF within IS NOT NULL AND NOT EXISTS (SELECT 1 FROM area WHERE code = within) THEN
        RAISE EXCEPTION 'simulate_children: no area "%" in stunting.area', within
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF last_month IS NULL THEN
        last_month := (pg_catalog.date_trunc('month', current_date) - interval '1 month')::date;
    END IF;
    last_month := pg_catalog.date_trunc('month', last_month)::date;
    IF last_month > pg_catalog.date_trunc('month', current_date) THEN
        RAISE EXCEPTION 'simulate_children: last_month % is in the future', pg_catalog.to_char(last_month, 'YYYY-MM')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    first_month := (last_month - pg_catalog.make_interval(months => months - 1))::date;
    window_end := (last_month + interval '1 month' - interval '1 day')::date;

    PERFORM pg_catalog.setseed(seed / 2147483648.0);

    -- rows inserted with explicit ids leave the identity sequences behind:
    -- move them past those ids so that the new rows cannot collide
    PERFORM pg_catalog.setval('stunting.child_id_seq', pg_catalog.max(id)) FROM child
    HAVING pg_catalog.max(id) >= (SELECT last_value FROM stunting.child_id_seq);
    PERFORM pg_catalog.setval('stunting.measurement_id_seq', pg_catalog.max(id)) FROM measurement
    HAVING pg_catalog.max(id) >= (SELECT last_value FROM stunting.measurement_id_seq);

    -- villages with their target prevalence (the deepest area that has one)
    CREATE TEMP TABLE pg_temp.stunting_sim_village ON COMMIT DROP AS
    WITH RECURSIVE up (village, ancestor, depth, parent_code) AS (
        SELECT a.code, a.code, 0, a.parent_code
        FROM area a WHERE a.level = 'village' AND a.geom IS NOT NULL
        UNION ALL
        SELECT up.village, p.code, up.depth + 1, p.parent_code
        FROM up JOIN area p ON p.code = up.parent_code
        WHERE up.depth < 10
    )
    SELECT v.code, v.name, v.geom,
           pg_catalog.row_number() OVER (ORDER BY v.code)::integer AS k,
           coalesce((SELECT (prevalence ->> up.ancestor)::float8 FROM up
                     WHERE up.village = v.code AND prevalence ? up.ancestor
                     ORDER BY up.depth LIMIT 1),
                    default_prevalence) AS target
    FROM area v
    WHERE v.level = 'village' AND v.geom IS NOT NULL
      AND (within IS NULL
           OR EXISTS (SELECT 1 FROM up WHERE up.village = v.code AND up.ancestor = within));
    SELECT pg_catalog.count(*) INTO n_villages FROM pg_temp.stunting_sim_village;
    IF n_villages = 0 THEN
        RAISE EXCEPTION 'simulate_children: no village with a boundary%',
                        CASE WHEN within IS NULL THEN ' in stunting.area' ELSE pg_catalog.format(' in area "%s"', within) END
            USING ERRCODE = 'no_data_found',
                  HINT = 'Load kelurahan/desa boundaries with stunting.load_areas first.';
    END IF;

    -- the village's mean HAZ (P(HAZ < -2) = target), village effect, posyandu day
    ALTER TABLE pg_temp.stunting_sim_village ADD COLUMN mean_haz float8, ADD COLUMN posyandu_day integer;
    UPDATE pg_temp.stunting_sim_village v
    SET mean_haz = s.mean_haz, posyandu_day = s.posyandu_day
    FROM (SELECT code,
                 -2.0 - pg_catalog.sqrt(child_sd ^ 2 + month_sd ^ 2) * stunting.normal_quantile(target)
                     + village_sd * stunting.random_normal_deviate() AS mean_haz,
                 5 + pg_catalog.floor(pg_catalog.random() * 20)::integer AS posyandu_day
          FROM (SELECT code, target FROM pg_temp.stunting_sim_village ORDER BY k OFFSET 0) o) s
    WHERE v.code = s.code;

    CREATE TEMP TABLE pg_temp.stunting_sim_child ON COMMIT DROP AS
    SELECT c.i, v.code AS area_code, v.k AS village_k, c.sex, c.birth_date,
           v.mean_haz + child_sd * c.n1 AS haz, -0.3 + 1.0 * c.n2 AS whz,
           c.gps_off, c.gps_dx, c.gps_dy, NULL::bigint AS id
    FROM (SELECT i,
                 1 + least(pg_catalog.floor(pg_catalog.random() * n_villages)::integer, n_villages - 1) AS vk,
                 CASE WHEN pg_catalog.random() < 0.5 THEN 'L' ELSE 'P' END AS sex,
                 window_end - pg_catalog.floor(pg_catalog.random() * (window_end - (first_month - interval '60 months')::date + 1))::integer AS birth_date,
                 stunting.random_normal_deviate() AS n1,
                 stunting.random_normal_deviate() AS n2,
                 pg_catalog.random() < 0.05 AS gps_off,
                 20.0 * stunting.random_normal_deviate() AS gps_dx,
                 20.0 * stunting.random_normal_deviate() AS gps_dy
          FROM pg_catalog.generate_series(1, n) AS i) c
    JOIN pg_temp.stunting_sim_village v ON v.k = c.vk;
    UPDATE pg_temp.stunting_sim_child SET id = s.id
    FROM (SELECT i, pg_catalog.nextval('stunting.child_id_seq') AS id
          FROM (SELECT i FROM pg_temp.stunting_sim_child ORDER BY i OFFSET 0) o) s
    WHERE pg_temp.stunting_sim_child.i = s.i;

    -- homes: points inside the village (seeded), a few moved by GPS error
    INSERT INTO child (id, sex, birth_date, area_code, home)
    SELECT c.id, c.sex, c.birth_date, c.area_code,
           CASE WHEN c.gps_off
                THEN ST_Translate(p.geom,
                                  c.gps_dx / (111320.0 * pg_catalog.cos(pg_catalog.radians(ST_Y(p.geom)))),
                                  c.gps_dy / 110574.0)
                ELSE p.geom END
    FROM (SELECT c.*, pg_catalog.row_number() OVER (PARTITION BY c.village_k ORDER BY c.i) AS j
          FROM pg_temp.stunting_sim_child c) c
    JOIN (SELECT v.k, d.path[1] AS j, d.geom
          FROM pg_temp.stunting_sim_village v
          JOIN (SELECT village_k, pg_catalog.count(*)::integer AS n FROM pg_temp.stunting_sim_child GROUP BY village_k) cnt
            ON cnt.village_k = v.k,
          LATERAL ST_Dump(ST_GeneratePoints(v.geom, cnt.n, pg_catalog.abs(seed % 1000000) * 1000 + v.k)) AS d) p
      ON p.k = c.village_k AND p.j = c.j
    ORDER BY c.i;
    GET DIAGNOSTICS n_children = ROW_COUNT;

    -- every month of the window, in a fixed order so that random() repeats
    CREATE TEMP TABLE pg_temp.stunting_sim_visit ON COMMIT DROP AS
    SELECT s.*,
           CASE WHEN s.slip < 1.0 / 3 THEN s.weight_rec * 1000 ELSE s.weight_rec END AS weight_kg,
           CASE WHEN s.slip >= 1.0 / 3 AND s.slip < 2.0 / 3 THEN s.lenhei_rec * 10
                WHEN s.slip >= 2.0 / 3 THEN s.weight_rec ELSE s.lenhei_rec END AS lenhei_cm
    FROM (
        SELECT o.*,
               CASE WHEN o.heap THEN pg_catalog.round(o.weight_true * 2) / 2 ELSE pg_catalog.round(o.weight_true * 10) / 10 END AS weight_rec,
               CASE WHEN o.heap THEN pg_catalog.round(o.lenhei_true * 2) / 2 ELSE pg_catalog.round(o.lenhei_true * 10) / 10 END AS lenhei_rec,
               CASE WHEN o.slipped THEN o.slip_kind END AS slip
        FROM (
            SELECT o.*,
                   coalesce(stunting.value_at_zscore('wflh', o.sex, o.age, o.whz_t, o.lenhei_true, o.measure),
                            stunting.value_at_zscore('wfa', o.sex, o.age, 0.6 * o.haz_t + 0.6 * o.whz_t)) AS weight_true
            FROM (
                SELECT o.*,
                       stunting.value_at_zscore('lhfa', o.sex, o.age, o.haz_t, NULL, o.measure) AS lenhei_true
                FROM (
                    SELECT o.i, o.id, o.sex, o.birth_date, o.area_code, o.name AS village_name,
                           o.visit_date, (o.visit_date - o.birth_date)::float8 AS age,
                           CASE WHEN o.visit_date - o.birth_date < 731 THEN 'l' ELSE 'h' END AS measure,
                           o.attends, o.haz_t, o.whz_t, o.heap, o.slipped, o.slip_kind
                    FROM (
                        SELECT o.*,
                               (o.month + (o.posyandu_day - 1) + pg_catalog.floor(pg_catalog.random() * 3)::integer)::date AS visit_date,
                               pg_catalog.random() < attendance AS attends,
                               o.haz + month_sd * stunting.random_normal_deviate() AS haz_t,
                               o.whz + 0.5 * stunting.random_normal_deviate() AS whz_t,
                               pg_catalog.random() < digit_preference AS heap,
                               pg_catalog.random() < unit_slips AS slipped,
                               pg_catalog.random() AS slip_kind
                        FROM (SELECT c.i, c.id, c.sex, c.birth_date, c.area_code, c.haz, c.whz,
                                     v.posyandu_day, v.name, m.month::date AS month
                              FROM pg_temp.stunting_sim_child c
                              JOIN pg_temp.stunting_sim_village v ON v.k = c.village_k
                              CROSS JOIN pg_catalog.generate_series(first_month, last_month, interval '1 month') AS m (month)
                              ORDER BY m.month, c.i OFFSET 0) o) o
                    WHERE o.attends
                      AND o.visit_date >= o.birth_date
                      AND o.visit_date <= current_date
                      AND (o.visit_date - o.birth_date) < 1826) o) o) o) s;
    ALTER TABLE pg_temp.stunting_sim_visit ADD COLUMN problems text[];
    UPDATE pg_temp.stunting_sim_visit
    SET problems = stunting.measurement_problems(sex, birth_date, visit_date, weight_kg, lenhei_cm, measure);
    SELECT pg_catalog.count(*) FILTER (WHERE pg_catalog.cardinality(problems) > 0) INTO n_rejected FROM pg_temp.stunting_sim_visit;

    INSERT INTO measurement (child_id, visit_date, weight_kg, lenhei_cm, measure,
                             posyandu, measured_by)
    SELECT id, visit_date, weight_kg, lenhei_cm, measure,
           pg_catalog.format('Posyandu %s %s', village_name, 1 + i % 5),
           pg_catalog.format('TPK %s', 1 + i % 3)
    FROM pg_temp.stunting_sim_visit
    WHERE pg_catalog.cardinality(problems) = 0
    ORDER BY visit_date, id;
    GET DIAGNOSTICS n_measured = ROW_COUNT;

    DROP TABLE pg_temp.stunting_sim_village, pg_temp.stunting_sim_child, pg_temp.stunting_sim_visit;
    RETURN QUERY SELECT n_children, n_measured, n_rejected;
END
$$;
