-- Administrative areas with PostGIS boundaries (stunting.area): loading
-- them from GeoJSON, dissolving parents from their children, the area a
-- point lies in (area_at, in C: area_fmgr.c) and neighbours.
--
-- Geometry functions are called unqualified: every function here runs with
-- search_path pg_catalog, stunting, PostGIS's schema, pg_temp (schema.sql),
-- so they are PostGIS's wherever PostGIS is installed.

CREATE TABLE stunting.area (
    code        text PRIMARY KEY CHECK (code <> ''),
    name        text NOT NULL,
    level       text NOT NULL
                CHECK (level IN ('province', 'regency', 'district', 'village')),
    parent_code text REFERENCES stunting.area (code) ON UPDATE CASCADE,
    geom        geometry(MultiPolygon, 4326),
    name_key    text GENERATED ALWAYS AS (pg_catalog.replace(stunting.normalize_name(name), ' ', '')) STORED
);

CREATE INDEX area_geom_idx ON stunting.area USING gist (geom);
CREATE INDEX area_parent_idx ON stunting.area (parent_code);
CREATE INDEX area_level_idx ON stunting.area (level);
-- name_key: exact keys, Javanese a/o spellings, deletion neighbourhoods
-- (one typo) and trigrams, for stunting.match_area (matching.sql).
-- fastupdate off: areas change seldom, and a pending list would be scanned
-- by every lookup.
CREATE INDEX area_name_key_idx ON stunting.area (level, name_key);
CREATE INDEX area_name_key_ao_idx ON stunting.area (level, stunting.name_key_ao(name_key));
CREATE INDEX area_name_deletions_idx ON stunting.area USING gin (stunting.name_deletions(name_key)) WITH (fastupdate = off);
-- pg_trgm's operator class, named through pg_trgm's schema
DO $$
BEGIN
    EXECUTE pg_catalog.format(
        'CREATE INDEX area_name_key_trgm_idx ON stunting.area USING gin (name_key %I.gin_trgm_ops) WITH (fastupdate = off)',
        (SELECT n.nspname FROM pg_catalog.pg_extension e
         JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'));
END
$$;

-- the user's rows are data: pg_dump keeps them
SELECT pg_catalog.pg_extension_config_dump('stunting.area', '');

COMMENT ON TABLE stunting.area IS
'Administrative areas (Kemendagri codes) with their boundaries: province, regency (kabupaten/kota), district (kecamatan), village (kelurahan/desa). Filled by stunting.load_areas; pg_dump keeps its rows.';

COMMENT ON COLUMN stunting.area.code IS 'Official area code, e.g. Kemendagri 35.71.01.1001 (Bandar Lor)';

COMMENT ON COLUMN stunting.area.name IS 'Official area name';

COMMENT ON COLUMN stunting.area.level IS 'province, regency (kabupaten/kota), district (kecamatan) or village (kelurahan/desa)';

COMMENT ON COLUMN stunting.area.parent_code IS 'Code of the area one level up (a village''s district, a district''s regency)';

COMMENT ON COLUMN stunting.area.geom IS 'Boundary, valid MultiPolygon in WGS 84 (EPSG:4326); NULL until loaded or derived';

COMMENT ON COLUMN stunting.area.name_key IS 'normalize_name(name) without spaces: the key match_area compares typed names with (computed)';

-- The level one up, or NULL for a province; an unknown level is an error.
CREATE FUNCTION stunting.area_parent_level(level text) RETURNS text
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

COMMENT ON FUNCTION stunting.area_parent_level(text) IS
'The level one up from an area level (village -> district -> regency -> province -> NULL); ERROR 22023 for an unknown level';

-- A geometry as stunting.area stores it: 2D, EPSG:4326, valid, MultiPolygon.
-- NULL when nothing polygonal is left.
CREATE FUNCTION stunting.area_clean_geometry(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT CASE WHEN ST_IsEmpty(p) THEN NULL ELSE ST_Multi(p) END
    FROM (SELECT ST_CollectionExtract(
                     CASE WHEN ST_IsValid(t) THEN t ELSE ST_MakeValid(t) END, 3) AS p
          FROM (SELECT ST_Force2D(CASE WHEN ST_SRID(g) IN (0, 4326) THEN ST_SetSRID(g, 4326)
                                       ELSE ST_Transform(g, 4326) END) AS t) s) v
$$;

COMMENT ON FUNCTION stunting.area_clean_geometry(geometry) IS
'A boundary as stunting.area stores it: 2D, EPSG:4326 (SRID 0 read as 4326, others transformed), repaired with ST_MakeValid, polygons only, MultiPolygon; NULL when no polygon is left';

CREATE FUNCTION stunting.load_areas(features jsonb, level text,
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
        -- The plans of the lookups above and of the parent_code foreign
        -- key's check are cached for the session, chosen while the table
        -- was empty or small (fresh, or just vacuumed): a scan of the whole
        -- table per feature, quadratic in a national load (16,000
        -- features took 50 s).  ANALYZE, once the table holds some rows,
        -- replaces them (it invalidates the cached plans) with index
        -- lookups.  It needs the table's owner (PostgreSQL 15): for
        -- another role it is skipped, not a WARNING.
        IF loaded = 1000 AND pg_catalog.pg_has_role(
               (SELECT t.relowner FROM pg_catalog.pg_class t
                WHERE t.oid OPERATOR(pg_catalog.=) 'stunting.area'::pg_catalog.regclass), 'USAGE') THEN
            ANALYZE stunting.area;
        END IF;
    END LOOP;
    RETURN loaded;
END
$$;

COMMENT ON FUNCTION stunting.load_areas(jsonb, text, text, text, text, text) IS
'Loads a GeoJSON FeatureCollection of areas of one level into stunting.area (insert or update by code; an unchanged row is not touched). Geometries are repaired (ST_MakeValid) and stored as 2D MultiPolygon in EPSG:4326. A parent code not yet loaded becomes an area one level up, named from parent_name_key. A feature without code, name or polygon geometry is an ERROR naming it, and nothing is loaded. Returns the number of features loaded.';

CREATE FUNCTION stunting.derive_parent_areas(level text) RETURNS integer
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

COMMENT ON FUNCTION stunting.derive_parent_areas(text) IS
'Sets the boundary of every area of the given level (district, regency or province) to the dissolved union of its children''s boundaries, filling the holes under 1 ha that gaps between public polygons leave. Returns the number of areas whose boundary changed.';

-- A metric projection for an extent: its UTM zone (WGS 84).
CREATE FUNCTION stunting.utm_srid(geom geometry) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT CASE WHEN ST_Y(c) < 0 THEN 32700 ELSE 32600 END
           + least(60, greatest(1, pg_catalog.floor((ST_X(c) + 180) / 6)::integer + 1))
    FROM (SELECT ST_Centroid(ST_Envelope(CASE WHEN ST_SRID(geom) IN (0, 4326) THEN geom
                                              ELSE ST_Transform(geom, 4326) END)) AS c) s
$$;

COMMENT ON FUNCTION stunting.utm_srid(geometry) IS
'EPSG code of the WGS 84 UTM zone at the centre of a geometry''s bounding box (Kota Kediri: 32749, UTM 49S)';

CREATE FUNCTION stunting.area_neighbours(level text, tolerance_m float8 DEFAULT 5)
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

COMMENT ON FUNCTION stunting.area_neighbours(text, float8) IS
'Neighbour pairs among the areas of a level: two areas whose boundaries come within tolerance_m metres (default 5, in the local UTM zone). Each pair is listed in both directions; an area without neighbours does not appear.';

-- The area a point lies in.  area_at (C, area_fmgr.c) reads the areas'
-- boxes once per statement and calls PostGIS's ST_Intersects on the few
-- whose box holds the point; every other case (overlaps, gaps, other SRIDs,
-- errors) goes to area_at_search, the complete search in SQL.
CREATE FUNCTION stunting.area_at_search(geom geometry, level text) RETURNS text
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

COMMENT ON FUNCTION stunting.area_at_search(geometry, text) IS
'The complete search behind stunting.area_at (which calls it for every point that is not inside exactly one area): the overlap rule, the nearest area within 50 m, other SRIDs and the errors. Same result as area_at for every point.';

CREATE FUNCTION stunting.area_at(geom geometry, level text DEFAULT 'village') RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_area_at'
  LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;

COMMENT ON FUNCTION stunting.area_at(geometry, text) IS
'Code of the area of the given level (default village) containing a point (EPSG:4326; SRID 0 read as 4326, others transformed). In an overlap of two polygons, the one the point lies deeper in; in a gap or just outside, the nearest area within 50 m; otherwise NULL. Reads the areas once per statement (changes to stunting.area made later in the same statement are not seen).';
