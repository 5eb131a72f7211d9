-- stunting 0.2.0 -> 0.3.0: administrative areas with PostGIS boundaries
-- (stunting.area), loading them from GeoJSON, dissolving parents from their
-- children, assigning points to areas and listing neighbours.
--
-- The functions here run SQL against PostGIS. They are created with
-- "SET search_path FROM CURRENT": while this script runs, search_path is
-- stunting followed by PostGIS's schema, so they find geometry functions
-- wherever PostGIS is installed, whatever the caller's search_path.

\echo Use "ALTER EXTENSION stunting UPDATE TO '0.3.0'" to load this file. \quit

CREATE TABLE stunting.area (
    code        text PRIMARY KEY CHECK (code <> ''),
    name        text NOT NULL,
    level       text NOT NULL
                CHECK (level IN ('province', 'regency', 'district', 'village')),
    parent_code text REFERENCES stunting.area (code) ON UPDATE CASCADE,
    geom        geometry(MultiPolygon, 4326)
);
CREATE INDEX area_geom_idx ON stunting.area USING gist (geom);
CREATE INDEX area_parent_idx ON stunting.area (parent_code);
CREATE INDEX area_level_idx ON stunting.area (level);
-- the user's rows are data: pg_dump keeps them
SELECT pg_catalog.pg_extension_config_dump('stunting.area', '');

COMMENT ON TABLE stunting.area IS
'Administrative areas (Kemendagri codes) with their boundaries: province, regency (kabupaten/kota), district (kecamatan), village (kelurahan/desa). Filled by stunting.load_areas; pg_dump keeps its rows.';
COMMENT ON COLUMN stunting.area.code IS 'Official area code, e.g. Kemendagri 35.71.01.1001 (Bandar Lor)';
COMMENT ON COLUMN stunting.area.name IS 'Official area name';
COMMENT ON COLUMN stunting.area.level IS 'province, regency (kabupaten/kota), district (kecamatan) or village (kelurahan/desa)';
COMMENT ON COLUMN stunting.area.parent_code IS 'Code of the area one level up (a village''s district, a district''s regency)';
COMMENT ON COLUMN stunting.area.geom IS 'Boundary, valid MultiPolygon in WGS 84 (EPSG:4326); NULL until loaded or derived';

-- The level one up, or NULL for a province; an unknown level is an error.
CREATE FUNCTION stunting.area_parent_level(level text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
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
    IF jsonb_typeof(features) IS DISTINCT FROM 'object'
       OR features->>'type' IS DISTINCT FROM 'FeatureCollection'
       OR jsonb_typeof(features->'features') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'load_areas: not a GeoJSON FeatureCollection'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The document starts %s.', left(features::text, 80));
    END IF;

    -- a code given twice: one pass, not a lookup per feature (national
    -- files have tens of thousands of features)
    SELECT btrim(f.value->'properties'->>code_key) AS code, min(f.ordinality) AS first, max(f.ordinality) AS second
    INTO dup
    FROM jsonb_array_elements(features->'features') WITH ORDINALITY f
    WHERE jsonb_typeof(f.value->'properties') = 'object'
      AND nullif(btrim(f.value->'properties'->>code_key), '') IS NOT NULL
    GROUP BY 1 HAVING count(*) > 1
    ORDER BY max(f.ordinality) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'load_areas: feature % (code "%") appears twice in the collection (first as feature %)',
                        dup.second, dup.code, dup.first
            USING ERRCODE = 'unique_violation';
    END IF;

    FOR feature, ordinal IN
        SELECT value, ordinality FROM jsonb_array_elements(features->'features') WITH ORDINALITY
    LOOP
        what := format('feature %s', ordinal);
        IF jsonb_typeof(feature) IS DISTINCT FROM 'object' OR feature->>'type' IS DISTINCT FROM 'Feature' THEN
            RAISE EXCEPTION 'load_areas: % is not a GeoJSON Feature', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        props := feature->'properties';
        IF jsonb_typeof(props) IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION 'load_areas: % has no properties', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        c := nullif(btrim(props->>code_key), '');
        IF c IS NULL THEN
            RAISE EXCEPTION 'load_areas: % has no code (property "%")', what, code_key
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Its properties are %s.', left(props::text, 200));
        END IF;
        what := format('feature %s (code "%s")', ordinal, c);
        nm := nullif(btrim(props->>name_key), '');
        IF nm IS NULL THEN
            RAISE EXCEPTION 'load_areas: % has no name (property "%")', what, name_key
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        what := format('feature %s (code "%s", "%s")', ordinal, c, nm);

        IF jsonb_typeof(feature->'geometry') IS DISTINCT FROM 'object' THEN
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
            pc := nullif(btrim(props->>parent_key), '');
            IF pc IS NULL THEN
                RAISE EXCEPTION 'load_areas: % has no parent code (property "%")', what, parent_key
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT a.level INTO existing_level FROM stunting.area a WHERE a.code = pc;
            IF NOT FOUND THEN
                pn := CASE WHEN parent_name_key IS NOT NULL THEN nullif(btrim(props->>parent_name_key), '') END;
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

CREATE FUNCTION stunting.area_at(geom geometry, level text DEFAULT 'village') RETURNS text
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
    SELECT array_agg(a.code) INTO candidates
    FROM stunting.area a
    WHERE a.level = area_at.level AND ST_Intersects(a.geom, p);
    IF cardinality(candidates) = 1 THEN
        RETURN candidates[1];
    ELSIF cardinality(candidates) > 1 THEN
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
    WHERE a.level = area_at.level
      AND a.geom && ST_Expand(p, 60.0 / 111320.0 / greatest(cos(radians(ST_Y(p))), 0.01))
      AND ST_DWithin(a.geom::geography, p::geography, 50)
    ORDER BY ST_Distance(a.geom::geography, p::geography), a.code
    LIMIT 1;
    RETURN found_code;
END
$$;
COMMENT ON FUNCTION stunting.area_at(geometry, text) IS
'Code of the area of the given level (default village) containing a point (EPSG:4326; SRID 0 read as 4326, others transformed). In an overlap of two polygons, the one the point lies deeper in; in a gap or just outside, the nearest area within 50 m; otherwise NULL.';

-- A metric projection for an extent: its UTM zone (WGS 84).
CREATE FUNCTION stunting.utm_srid(geom geometry) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT CASE WHEN ST_Y(c) < 0 THEN 32700 ELSE 32600 END
           + least(60, greatest(1, floor((ST_X(c) + 180) / 6)::integer + 1))
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
           (tolerance_m + 1) / 111320.0 / greatest(cos(radians(max(greatest(abs(ST_YMin(a.geom)), abs(ST_YMax(a.geom)))))), 0.01)
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

-- ------------------------------------------------------------------------
-- Surveillance: children, their measurements, and monthly summaries per
-- kelurahan kept current as measurements arrive.
-- ------------------------------------------------------------------------

-- A NIK is never stored: only its SHA-256 with a salt of the city's choosing.
CREATE FUNCTION stunting.nik_hash(nik text, salt text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    digits text := regexp_replace(nik, '[\s.-]', '', 'g');
BEGIN
    IF digits !~ '^[0-9]{16}$' THEN
        RAISE EXCEPTION 'invalid NIK: expected 16 digits, got % characters', length(digits)
            USING ERRCODE = 'invalid_text_representation';
    END IF;
    IF salt = '' THEN
        RAISE EXCEPTION 'nik_hash: the salt must not be empty'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN sha256(convert_to(salt || ':' || digits, 'UTF8'));
END
$$;
COMMENT ON FUNCTION stunting.nik_hash(text, text) IS
'SHA-256 of a 16-digit NIK (spaces, dots and dashes ignored) with a salt, for stunting.child.nik_hash; the raw NIK is never stored. The error never shows the NIK.';

-- A domain, not a table CHECK: a violation's message then does not repeat
-- the row, so a raw NIK stored by mistake does not reach the logs.
CREATE DOMAIN stunting.nik_sha256 AS bytea CHECK (octet_length(VALUE) = 32);
COMMENT ON DOMAIN stunting.nik_sha256 IS 'A salted SHA-256 of a NIK (32 bytes, from stunting.nik_hash)';

CREATE TABLE stunting.child (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    sex         text NOT NULL
                CHECK ((stunting.anthro_zscores(sex, NULL, NULL, NULL)).csex IS NOT NULL),
    birth_date  date NOT NULL,
    area_code   text NOT NULL REFERENCES stunting.area (code) ON UPDATE CASCADE,
    home        geometry(Point, 4326),
    nik_hash    stunting.nik_sha256 UNIQUE
);
CREATE INDEX child_area_idx ON stunting.child (area_code);
SELECT pg_catalog.pg_extension_config_dump('stunting.child', '');
SELECT pg_catalog.pg_extension_config_dump('stunting.child_id_seq', '');
COMMENT ON TABLE stunting.child IS 'Children followed by the family-support teams (Tim Pendamping Keluarga); pg_dump keeps its rows';
COMMENT ON COLUMN stunting.child.id IS 'Child identifier';
COMMENT ON COLUMN stunting.child.sex IS 'Sex as entered (m/f, l/p, laki-laki/perempuan, 1/2, ...); must be recognisable';
COMMENT ON COLUMN stunting.child.birth_date IS 'Date of birth';
COMMENT ON COLUMN stunting.child.area_code IS 'Home kelurahan/desa (stunting.area code)';
COMMENT ON COLUMN stunting.child.home IS 'Optional home location (EPSG:4326)';
COMMENT ON COLUMN stunting.child.nik_hash IS 'Optional salted SHA-256 of the NIK (stunting.nik_hash), never the raw NIK';

CREATE TABLE stunting.measurement (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    child_id     bigint NOT NULL REFERENCES stunting.child (id) ON DELETE CASCADE,
    visit_date   date NOT NULL,
    weight_kg    float8,
    lenhei_cm    float8,
    measure      text,
    oedema       boolean NOT NULL DEFAULT false,
    headc_cm     float8,
    armc_cm      float8,
    posyandu     text,
    measured_by  text,
    geom         geometry(Point, 4326),
    area_code    text NOT NULL REFERENCES stunting.area (code) ON UPDATE CASCADE,
    month        date NOT NULL,
    z            stunting.zscores NOT NULL,
    status       stunting.assessment NOT NULL
);
CREATE INDEX measurement_child_idx ON stunting.measurement (child_id, visit_date);
CREATE INDEX measurement_area_month_idx ON stunting.measurement (area_code, month);
SELECT pg_catalog.pg_extension_config_dump('stunting.measurement', '');
SELECT pg_catalog.pg_extension_config_dump('stunting.measurement_id_seq', '');
COMMENT ON TABLE stunting.measurement IS 'Measurements of children; z-scores, statuses, area and month are computed on write and the data-entry checks reject implausible rows; pg_dump keeps its rows';
COMMENT ON COLUMN stunting.measurement.id IS 'Measurement identifier';
COMMENT ON COLUMN stunting.measurement.child_id IS 'The child measured (stunting.child)';
COMMENT ON COLUMN stunting.measurement.visit_date IS 'Date of the measurement';
COMMENT ON COLUMN stunting.measurement.weight_kg IS 'Weight in kg';
COMMENT ON COLUMN stunting.measurement.lenhei_cm IS 'Length (lying) or height (standing) in cm';
COMMENT ON COLUMN stunting.measurement.measure IS 'l/lying/telentang or h/standing/berdiri; NULL when not recorded';
COMMENT ON COLUMN stunting.measurement.oedema IS 'Bilateral pitting oedema';
COMMENT ON COLUMN stunting.measurement.headc_cm IS 'Optional head circumference in cm';
COMMENT ON COLUMN stunting.measurement.armc_cm IS 'Optional mid-upper arm circumference in cm';
COMMENT ON COLUMN stunting.measurement.posyandu IS 'Posyandu where the child was measured';
COMMENT ON COLUMN stunting.measurement.measured_by IS 'Who measured (field team or cadre)';
COMMENT ON COLUMN stunting.measurement.geom IS 'Optional location of the measurement (EPSG:4326)';
COMMENT ON COLUMN stunting.measurement.area_code IS 'Kelurahan the measurement counts for: the child''s home area when the row was written, unless given';
COMMENT ON COLUMN stunting.measurement.month IS 'First day of the month of visit_date (computed)';
COMMENT ON COLUMN stunting.measurement.z IS 'Every WHO z-score and flag (stunting.anthro_zscores; computed)';
COMMENT ON COLUMN stunting.measurement.status IS 'Permenkes 2/2020 statuses (stunting.assess; computed)';

-- Monthly summary per kelurahan: each child once, by its latest measurement
-- of the month.
CREATE TABLE stunting.area_month_summary (
    month            date NOT NULL,
    area_code        text NOT NULL REFERENCES stunting.area (code) ON UPDATE CASCADE,
    summary          stunting.growth_summary NOT NULL,
    children         integer NOT NULL,
    stunted          integer NOT NULL,
    severely_stunted integer NOT NULL,
    PRIMARY KEY (month, area_code)
);
COMMENT ON TABLE stunting.area_month_summary IS 'One growth_summary per kelurahan and month over each child''s latest measurement of the month, kept current by triggers on stunting.measurement; rebuild with stunting.refresh_area_month';
COMMENT ON COLUMN stunting.area_month_summary.month IS 'First day of the month';
COMMENT ON COLUMN stunting.area_month_summary.area_code IS 'Kelurahan/desa code';
COMMENT ON COLUMN stunting.area_month_summary.summary IS 'growth_summary of the children''s latest measurements of the month';
COMMENT ON COLUMN stunting.area_month_summary.children IS 'Children measured in the month';
COMMENT ON COLUMN stunting.area_month_summary.stunted IS 'Children stunted (height-for-age z < -2, not flagged)';
COMMENT ON COLUMN stunting.area_month_summary.severely_stunted IS 'Children severely stunted (height-for-age z < -3, not flagged)';

-- Recomputes the summaries of the given (month, area) pairs from their
-- measurements: the cost depends on those area-months alone, not on history.
CREATE FUNCTION stunting.refresh_area_month(months date[], area_codes text[]) RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    n integer;
BEGIN
    IF cardinality(months) IS DISTINCT FROM cardinality(area_codes) THEN
        RAISE EXCEPTION 'refresh_area_month: % months but % area codes', cardinality(months), cardinality(area_codes)
            USING ERRCODE = 'array_subscript_error';
    END IF;
    DELETE FROM stunting.area_month_summary s
    USING unnest(months, area_codes) AS k(m, a)
    WHERE s.month = date_trunc('month', k.m)::date AND s.area_code = k.a;
    INSERT INTO stunting.area_month_summary (month, area_code, summary, children, stunted, severely_stunted)
    SELECT l.month, l.area_code, stunting.summarize(l.z), count(*),
           count(*) FILTER (WHERE (l.status).stunted), count(*) FILTER (WHERE (l.status).severely_stunted)
    FROM (SELECT DISTINCT ON (m.month, m.area_code, m.child_id) m.month, m.area_code, m.z, m.status
          FROM (SELECT DISTINCT date_trunc('month', k.m)::date AS month, k.a AS area_code
                FROM unnest(months, area_codes) AS k(m, a)) k
          JOIN stunting.measurement m ON m.month = k.month AND m.area_code = k.area_code
          ORDER BY m.month, m.area_code, m.child_id, m.visit_date DESC, m.id DESC) l
    GROUP BY l.month, l.area_code;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION stunting.refresh_area_month(date[], text[]) IS
'Recomputes stunting.area_month_summary for the given months and area codes (pairwise) from each child''s latest measurement of the month; returns the number of summaries written';

CREATE FUNCTION stunting.refresh_area_month() RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
BEGIN
    DELETE FROM stunting.area_month_summary;
    RETURN stunting.refresh_area_month(ARRAY(SELECT month FROM stunting.measurement GROUP BY 1, area_code ORDER BY 1, area_code),
                                       ARRAY(SELECT area_code FROM stunting.measurement GROUP BY month, 1 ORDER BY month, 1));
END
$$;
COMMENT ON FUNCTION stunting.refresh_area_month() IS
'Rebuilds stunting.area_month_summary from all measurements; returns the number of summaries written';

-- On write: the child's data, the data-entry checks, z-scores and statuses.
CREATE FUNCTION stunting.measurement_before_write() RETURNS trigger
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
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'measurement of child % on % rejected: %', NEW.child_id, to_char(NEW.visit_date, 'YYYY-MM-DD'),
                        array_to_string(problems, ', ')
            USING ERRCODE = 'check_violation',
                  DETAIL = (SELECT string_agg(stunting.problem_message(p), ' ') FROM unnest(problems) AS p);
    END IF;
    IF NEW.area_code IS NULL OR (TG_OP = 'UPDATE' AND NEW.child_id <> OLD.child_id AND NEW.area_code = OLD.area_code) THEN
        NEW.area_code := c.area_code;
    END IF;
    NEW.month := date_trunc('month', NEW.visit_date)::date;
    NEW.z := stunting.anthro_zscores(c.sex, stunting.age_days(c.birth_date, NEW.visit_date)::float8,
                                     NEW.weight_kg, NEW.lenhei_cm, NEW.measure, NEW.oedema,
                                     NEW.headc_cm, NEW.armc_cm);
    NEW.status := stunting.assess(NEW.z);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION stunting.measurement_before_write() IS
'Trigger on stunting.measurement: rejects a row with data-entry problems (23514, the problems named and explained), sets area_code (from the child when not given), month, z and status';
CREATE TRIGGER measurement_before_write BEFORE INSERT OR UPDATE ON stunting.measurement
    FOR EACH ROW EXECUTE FUNCTION stunting.measurement_before_write();

-- After each statement: refresh the area-months it touched (old and new).
CREATE FUNCTION stunting.measurement_after_write() RETURNS trigger
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
COMMENT ON FUNCTION stunting.measurement_after_write() IS
'Statement trigger on stunting.measurement: recomputes the area-month summaries of the rows the statement inserted, updated (old and new area-month) or deleted';
CREATE TRIGGER measurement_after_insert AFTER INSERT ON stunting.measurement
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stunting.measurement_after_write();
CREATE TRIGGER measurement_after_update AFTER UPDATE ON stunting.measurement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stunting.measurement_after_write();
CREATE TRIGGER measurement_after_delete AFTER DELETE ON stunting.measurement
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stunting.measurement_after_write();

-- A corrected sex or birth date recomputes the child's measurements.
CREATE FUNCTION stunting.child_after_update() RETURNS trigger
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
COMMENT ON FUNCTION stunting.child_after_update() IS
'Trigger on stunting.child: a corrected sex or birth date recomputes the child''s measurements and their area-months';
CREATE TRIGGER child_after_update AFTER UPDATE ON stunting.child
    FOR EACH ROW EXECUTE FUNCTION stunting.child_after_update();

-- Every area with each kelurahan below it (itself included), for roll-ups.
CREATE VIEW stunting.area_village AS
WITH RECURSIVE up(code, village_code) AS (
    SELECT a.code, a.code FROM stunting.area a WHERE a.level = 'village'
    UNION ALL
    SELECT p.parent_code, up.village_code
    FROM up JOIN stunting.area p ON p.code = up.code
    WHERE p.parent_code IS NOT NULL
)
SELECT code, village_code FROM up;
COMMENT ON VIEW stunting.area_village IS 'Each area paired with every kelurahan/desa below it (a village with itself), for rolling village summaries up to districts and regencies';
COMMENT ON COLUMN stunting.area_village.code IS 'Area code (any level)';
COMMENT ON COLUMN stunting.area_village.village_code IS 'Code of a village within it';

CREATE VIEW stunting.area_month AS
SELECT r.month, a.level, a.code, a.name, p.name AS parent_name,
       r.children, r.stunted, r.severely_stunted,
       (stunting.prevalence(r.s, 'HA_2')).r AS stunting_pct,
       (stunting.prevalence(r.s, 'HA_2')).ll AS stunting_ci_low,
       (stunting.prevalence(r.s, 'HA_2')).ul AS stunting_ci_high,
       (stunting.prevalence(r.s, 'HA_3')).r AS severe_stunting_pct,
       (stunting.prevalence(r.s, 'WH_2')).r AS wasting_pct,
       (stunting.prevalence(r.s, 'WA_2')).r AS underweight_pct,
       (stunting.prevalence(r.s, 'WH2')).r AS overweight_pct,
       (stunting.zscore_mean(r.s, 'HA')).r AS mean_haz,
       (q.q -> 'indicators' -> 'HA' ->> 'flagged_pct')::float8 AS flagged_haz_pct,
       (q.q -> 'smart' ->> 'score')::float8 AS plausibility_score,
       r.s AS summary
FROM (SELECT s.month, v.code, stunting.merge(s.summary) AS s, sum(s.children)::integer AS children,
             sum(s.stunted)::integer AS stunted, sum(s.severely_stunted)::integer AS severely_stunted
      FROM stunting.area_month_summary s
      JOIN stunting.area_village v ON v.village_code = s.area_code
      GROUP BY s.month, v.code) r
JOIN stunting.area a ON a.code = r.code
LEFT JOIN stunting.area p ON p.code = a.parent_code
CROSS JOIN LATERAL (SELECT stunting.quality_report(r.s) AS q) q;
COMMENT ON VIEW stunting.area_month IS 'Monthly stunting evaluation of every area (kelurahan, kecamatan, city) with plain columns for BI tools: each child counted once per month by its latest measurement; estimates as WHO Anthro computes them';
COMMENT ON COLUMN stunting.area_month.month IS 'Month (first day)';
COMMENT ON COLUMN stunting.area_month.level IS 'Area level: village (kelurahan/desa), district (kecamatan), regency (kota/kabupaten), province';
COMMENT ON COLUMN stunting.area_month.code IS 'Area code (Kemendagri)';
COMMENT ON COLUMN stunting.area_month.name IS 'Area name';
COMMENT ON COLUMN stunting.area_month.parent_name IS 'Name of the area one level up';
COMMENT ON COLUMN stunting.area_month.children IS 'Children measured in the month';
COMMENT ON COLUMN stunting.area_month.stunted IS 'Children stunted (height-for-age z < -2), flagged values excluded';
COMMENT ON COLUMN stunting.area_month.severely_stunted IS 'Children severely stunted (height-for-age z < -3), flagged values excluded';
COMMENT ON COLUMN stunting.area_month.stunting_pct IS 'Stunting prevalence, % (HAZ < -2)';
COMMENT ON COLUMN stunting.area_month.stunting_ci_low IS 'Lower limit of the 95% confidence interval of stunting_pct (WHO logit interval)';
COMMENT ON COLUMN stunting.area_month.stunting_ci_high IS 'Upper limit of the 95% confidence interval of stunting_pct (WHO logit interval)';
COMMENT ON COLUMN stunting.area_month.severe_stunting_pct IS 'Severe stunting prevalence, % (HAZ < -3)';
COMMENT ON COLUMN stunting.area_month.wasting_pct IS 'Wasting prevalence, % (weight-for-length/height z < -2 or oedema)';
COMMENT ON COLUMN stunting.area_month.underweight_pct IS 'Underweight prevalence, % (weight-for-age z < -2 or oedema)';
COMMENT ON COLUMN stunting.area_month.overweight_pct IS 'Overweight prevalence, % (weight-for-length/height z > +2)';
COMMENT ON COLUMN stunting.area_month.mean_haz IS 'Mean height-for-age z-score';
COMMENT ON COLUMN stunting.area_month.flagged_haz_pct IS 'Share of height-for-age z-scores flagged as implausible, %';
COMMENT ON COLUMN stunting.area_month.plausibility_score IS 'SMART-style plausibility penalty score (0 best; see stunting.quality_report)';
COMMENT ON COLUMN stunting.area_month.summary IS 'The growth_summary behind the row, for further estimates';

CREATE VIEW stunting.child_month_transition AS
SELECT l.child_id, l.month, l.area_code,
       (l.status).stunted AS stunted,
       lag(l.month) OVER w AS previous_month,
       lag((l.status).stunted) OVER w AS previously_stunted,
       CASE WHEN lag(l.month) OVER w IS NULL OR (l.status).stunted IS NULL
                 OR lag((l.status).stunted) OVER w IS NULL THEN NULL
            WHEN (l.status).stunted AND lag((l.status).stunted) OVER w THEN 'persistently_stunted'
            WHEN (l.status).stunted THEN 'newly_stunted'
            WHEN lag((l.status).stunted) OVER w THEN 'recovered'
            ELSE 'not_stunted'
       END AS transition
FROM (SELECT DISTINCT ON (m.child_id, m.month) m.child_id, m.month, m.area_code, m.status
      FROM stunting.measurement m
      ORDER BY m.child_id, m.month, m.visit_date DESC, m.id DESC) l
WINDOW w AS (PARTITION BY l.child_id ORDER BY l.month);
COMMENT ON VIEW stunting.child_month_transition IS 'Per child and month measured: stunted or not by the latest measurement of the month, against the previous month the child was measured';
COMMENT ON COLUMN stunting.child_month_transition.child_id IS 'Child (stunting.child)';
COMMENT ON COLUMN stunting.child_month_transition.month IS 'Month (first day)';
COMMENT ON COLUMN stunting.child_month_transition.area_code IS 'Kelurahan the measurement counts for';
COMMENT ON COLUMN stunting.child_month_transition.stunted IS 'Stunted this month (NULL when height-for-age is missing or flagged)';
COMMENT ON COLUMN stunting.child_month_transition.previous_month IS 'The previous month the child was measured';
COMMENT ON COLUMN stunting.child_month_transition.previously_stunted IS 'Stunted in the previous month measured';
COMMENT ON COLUMN stunting.child_month_transition.transition IS 'newly_stunted, recovered, persistently_stunted or not_stunted; NULL for the first measurement or a missing status';

-- ------------------------------------------------------------------------
-- Maps
-- ------------------------------------------------------------------------

-- The estimate behind every map for one area-month; an unknown key is an
-- ERROR 22023 even when there is no data.
CREATE FUNCTION stunting.area_month_estimate(month date, level text, key text)
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
    LEFT JOIN stunting.area_month m ON m.code = a.code AND m.month = date_trunc('month', area_month_estimate.month)::date
    WHERE a.level = area_month_estimate.level AND a.geom IS NOT NULL
    ORDER BY a.code;
END
$$;
COMMENT ON FUNCTION stunting.area_month_estimate(date, text, text) IS
'Every area of a level with its boundary, children measured and the prevalence estimate for a prevalence key (stunting.prevalence) in a month; areas without data have NULL estimates';

CREATE FUNCTION stunting.area_geojson(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2')
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT jsonb_build_object(
        'type', 'FeatureCollection',
        'month', to_char(date_trunc('month', month), 'YYYY-MM'),
        'level', level,
        'key', key,
        'features', coalesce(jsonb_agg(jsonb_build_object(
            'type', 'Feature',
            'id', e.code,
            'geometry', ST_AsGeoJSON(e.geom, 6)::jsonb,
            'properties', jsonb_build_object(
                'code', e.code, 'name', e.name, 'parent_name', e.parent_name,
                'children', e.children, 'stunted', e.stunted,
                'r', (e.estimate).r, 'se', (e.estimate).se,
                'll', (e.estimate).ll, 'ul', (e.estimate).ul,
                'pop', (e.estimate).pop, 'unwpop', (e.estimate).unwpop))
            ORDER BY e.code), '[]'::jsonb))
    FROM stunting.area_month_estimate(month, level, key) e
$$;
COMMENT ON FUNCTION stunting.area_geojson(date, text, text) IS
'A GeoJSON FeatureCollection of the areas of a level (default village) with the estimate of a prevalence key (default HA_2, stunting) for a month as properties: code, name, parent_name, children, stunted, r, se, ll, ul (percent), pop, unwpop. For QGIS, Leaflet or any GIS.';

CREATE FUNCTION stunting.area_mvt(z integer, x integer, y integer, month date DEFAULT NULL,
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
        m := (SELECT max(s.month) FROM stunting.area_month_summary s);
    END IF;
    SELECT ST_AsMVT(t, 'areas', 4096, 'geom') INTO tile
    FROM (SELECT e.code, e.name, e.parent_name, e.children, e.stunted,
                 (e.estimate).r AS stunting_pct, (e.estimate).ll AS ci_low, (e.estimate).ul AS ci_high,
                 to_char(m, 'YYYY-MM') AS month,
                 ST_AsMVTGeom(ST_Transform(e.geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
          FROM stunting.area_month_estimate(coalesce(m, date '1900-01-01'), level, 'HA_2') e
          WHERE ST_Transform(e.geom, 3857) && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)) t
    WHERE t.geom IS NOT NULL;
    RETURN coalesce(tile, ''::bytea);
END
$$;
COMMENT ON FUNCTION stunting.area_mvt(integer, integer, integer, date, text) IS
'Mapbox vector tile z/x/y (layer "areas", EPSG:3857) of the areas of a level with their stunting estimate for a month (default: the latest month with data): code, name, parent_name, children, stunted, stunting_pct, ci_low, ci_high, month. The signature pg_tileserv and Martin publish as a function layer.';

-- Text made safe for XML character data and attribute values.
CREATE FUNCTION stunting.xml_escape(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN replace(replace(replace(replace(replace(s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&apos;');
COMMENT ON FUNCTION stunting.xml_escape(text) IS 'Escapes & < > " and '' for XML text and attribute values';

CREATE FUNCTION stunting.area_svg(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                  lang text DEFAULT 'id')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    en boolean;
    srid integer;
    xmin float8; ymin float8; xmax float8; ymax float8;
    width constant float8 := 900;
    map_w constant float8 := 640;
    pad constant float8 := 20;
    top constant float8 := 70;
    s float8;
    height float8;
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
    title text;
    body text;
    labels text;
    legend text := '';
    i integer;
BEGIN
    IF lang IS NULL OR lower(lang) NOT IN ('id', 'en') THEN
        RAISE EXCEPTION 'area_svg: invalid language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''id'' (Bahasa Indonesia) or ''en''.';
    END IF;
    en := lower(lang) = 'en';
    PERFORM 1 FROM stunting.area_month_estimate(month, level, key) LIMIT 0;  -- checks the arguments
    SELECT stunting.utm_srid(ST_Extent(a.geom)::geometry) INTO srid
    FROM stunting.area a WHERE a.level = area_svg.level AND a.geom IS NOT NULL;
    IF srid IS NULL THEN
        RAISE EXCEPTION 'area_svg: no area of level % has a boundary', level
            USING ERRCODE = 'no_data_found';
    END IF;
    SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) INTO xmin, ymin, xmax, ymax
    FROM (SELECT ST_Extent(ST_Transform(a.geom, srid)) AS e
          FROM stunting.area a WHERE a.level = area_svg.level AND a.geom IS NOT NULL) x;
    s := map_w / greatest(xmax - xmin, ymax - ymin, 1);
    height := top + (ymax - ymin) * s + 2 * pad + 30;

    -- Map coordinates: x' = (x - xmin) s + pad, y' = (y - ymax) s - top;
    -- ST_AsSVG writes -y', so north is up.
    SELECT string_agg(format('<path id="%s" d="%s" fill="%s" stroke="#ffffff" stroke-width="0.8"><title>%s: %s</title></path>',
                             stunting.xml_escape(e.code),
                             ST_AsSVG(ST_Affine(ST_Transform(e.geom, srid), s, 0, 0, s, pad - xmin * s, -top - ymax * s), 0, 1),
                             CASE WHEN (e.estimate).r IS NULL THEN '#d9d9d9'
                                  ELSE colours[1 + (SELECT count(*) FROM unnest(breaks) b WHERE (e.estimate).r >= b)::int] END,
                             stunting.xml_escape(e.name),
                             CASE WHEN (e.estimate).r IS NULL THEN CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END
                                  ELSE format('%s %% (%s–%s), n = %s',
                                              to_char((e.estimate).r, 'FM990.0'), to_char((e.estimate).ll, 'FM990.0'),
                                              to_char((e.estimate).ul, 'FM990.0'), e.children) END),
                      E'\n' ORDER BY e.code),
           string_agg(format('<text x="%s" y="%s">%s</text>',
                             round(((ST_X(p) - xmin) * s + pad)::numeric, 1), round(((ymax - ST_Y(p)) * s + top)::numeric, 1),
                             stunting.xml_escape(e.name)), E'\n' ORDER BY e.code)
    INTO body, labels
    FROM stunting.area_month_estimate(month, level, key) e,
         LATERAL (SELECT ST_Transform(ST_PointOnSurface(e.geom), srid) AS p) l;

    title := CASE WHEN key = 'HA_2' THEN
                      CASE WHEN en THEN 'Stunting prevalence (height-for-age < −2 SD)' ELSE 'Prevalensi stunting (TB/U < −2 SD)' END
                  ELSE CASE WHEN en THEN 'Prevalence ' ELSE 'Prevalensi ' END || key END
             || ' — ' || to_char(date_trunc('month', month), 'YYYY-MM');
    FOR i IN 1 .. 5 LOOP
        legend := legend || format(E'<rect x="%s" y="%s" width="18" height="14" fill="%s"/><text x="%s" y="%s">%s</text>\n',
                                   map_w + 2 * pad + 10, top + 25 + (i - 1) * 22, colours[i],
                                   map_w + 2 * pad + 34, top + 37 + (i - 1) * 22,
                                   stunting.xml_escape(CASE WHEN en THEN classes_en[i] ELSE classes_id[i] END));
    END LOOP;
    legend := legend || format(E'<rect x="%s" y="%s" width="18" height="14" fill="#d9d9d9"/><text x="%s" y="%s">%s</text>\n',
                               map_w + 2 * pad + 10, top + 25 + 5 * 22, map_w + 2 * pad + 34, top + 37 + 5 * 22,
                               CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END);

    RETURN format(E'<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif">\n'
                  '<rect width="100%%" height="100%%" fill="#ffffff"/>\n'
                  '<text x="%s" y="32" font-size="20" font-weight="bold">%s</text>\n'
                  '<g class="areas">\n%s\n</g>\n'
                  '<g class="labels" font-size="7" text-anchor="middle" fill="#222222" pointer-events="none">\n%s\n</g>\n'
                  '<g class="legend" font-size="12">\n<text x="%s" y="%s" font-weight="bold">%s</text>\n%s</g>\n'
                  '<text x="%s" y="%s" font-size="11" fill="#555555">%s</text>\n'
                  '</svg>\n',
                  width, round(height), width, round(height),
                  pad, stunting.xml_escape(title),
                  coalesce(body, ''), coalesce(labels, ''),
                  map_w + 2 * pad + 10, top + 12, CASE WHEN en THEN 'Prevalence' ELSE 'Prevalensi' END, legend,
                  pad, round(height) - 12,
                  stunting.xml_escape(CASE WHEN en THEN 'Data month: ' ELSE 'Bulan data: ' END
                                      || to_char(date_trunc('month', month), 'YYYY-MM')
                                      || CASE WHEN en THEN '. Each child counted once (latest measurement of the month); WHO Child Growth Standards; classes: WHO-UNICEF 2018 thresholds.'
                                              ELSE '. Setiap anak dihitung sekali (pengukuran terakhir di bulan itu); Standar Pertumbuhan Anak WHO; kelas: ambang WHO-UNICEF 2018.' END));
END
$$;
COMMENT ON FUNCTION stunting.area_svg(date, text, text, text) IS
'A complete SVG choropleth of the areas of a level for a month: the prevalence of a key (default HA_2, stunting) in the WHO-UNICEF 2018 classes, with title, legend, area labels at ST_PointOnSurface, a tooltip per area and a note of the data month; lang ''id'' (default) or ''en''.';
