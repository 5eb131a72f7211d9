-- test/hijack/setup.sql - the superuser's preparation of one scenario of
-- test/hijack.sh, after CREATE EXTENSION stunting and test/hijack/lib.sql,
-- before anything is planted, from the repository's top folder. psql
-- variables: owner, clerk.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = pg_catalog, pg_temp;
SELECT quote_ident(n.nspname) AS pg
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'postgis' \gset

-- the clerk uses the surveillance schema; the owner plants through
-- hijack_test.plant(); both run hijack_test.run_op()
GRANT USAGE ON SCHEMA :pg TO PUBLIC;
GRANT USAGE ON SCHEMA stunting TO :"clerk", :"owner";  -- the owner: to name its types
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA stunting TO :"clerk";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA stunting TO :"clerk";
-- (the clerk calls every function of the extension: the DBA grants those
-- revoked from PUBLIC, 0.7.0 the refreshes, 0.8.0 the checks, the NIK key
-- functions, the area and template grants and the published figures;
-- TRUNCATE for the operations that truncate and roll back)
SELECT pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %I', p.oid::pg_catalog.regprocedure, :'clerk')
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'
WHERE p.prokind = 'f' AND NOT pg_catalog.has_function_privilege(:'clerk', p.oid, 'EXECUTE')
ORDER BY 1 \gexec
GRANT TRUNCATE ON ALL TABLES IN SCHEMA stunting TO :"clerk";
GRANT USAGE ON SCHEMA hijack_test TO :"owner", :"clerk";
GRANT SELECT, UPDATE ON hijack_test.planned TO :"owner";
GRANT SELECT ON hijack_test.ops, hijack_test.doc TO :"clerk";
GRANT INSERT ON hijack_test.op_result TO :"clerk";

-- the 46 kelurahan and their 3 kecamatan, and a first simulated data set
\set doc `cat data/kota_kediri_kelurahan.geojson`
INSERT INTO hijack_test.doc VALUES (:'doc');
SELECT stunting.load_areas(d.doc, 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan') = 46 AS loaded
FROM hijack_test.doc d \gset
\if :loaded
\else
    \warn 'setup: load_areas did not load 46 kelurahan'
    SELECT 1 / 0;
\endif
SELECT stunting.derive_parent_areas('district');
-- 0.8.0: row-level security shows the clerk the rows of the areas it is
-- granted (the three kecamatan, so every kelurahan: the areas here have no
-- city row), and stunting.nik_hash(nik) needs the key
SELECT to_regprocedure('stunting.grant_area(name, text, text)') IS NOT NULL AS have_access \gset
\if :have_access
SELECT stunting.grant_area(:'clerk', a.code, 'enter') FROM stunting.area a WHERE a.level = 'district';
SELECT stunting.set_nik_key();
\endif
SELECT children FROM stunting.simulate_children(200, 1, 2, '2026-10-01');

-- points for area_at_search: 20 m outside the city (the nearest area
-- within 50 m) and, when the kelurahan polygons overlap, in an overlap
CREATE TABLE hijack_test.points (name text PRIMARY KEY, g :pg.geometry NOT NULL, expect text);
SET search_path = pg_catalog, :pg, pg_temp;
INSERT INTO hijack_test.points (name, g)
SELECT 'outside_20m',
       ST_SetSRID(ST_StartPoint(ST_ExteriorRing(ST_GeometryN(
           ST_Buffer(ST_Union(a.geom)::geography, 20)::geometry, 1))), 4326)
FROM stunting.area a WHERE a.level = 'village';
INSERT INTO hijack_test.points (name, g)
SELECT 'overlap', ST_PointOnSurface(x.i)
FROM (SELECT ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS i
      FROM stunting.area a JOIN stunting.area b
        ON a.level = 'village' AND b.level = 'village' AND a.code < b.code
       AND a.geom && b.geom AND ST_Overlaps(a.geom, b.geom)) x
WHERE NOT ST_IsEmpty(x.i) AND ST_Area(x.i::geography) > 1
ORDER BY ST_Area(x.i::geography) DESC LIMIT 1;
UPDATE hijack_test.points SET expect = stunting.area_at(g);
SET search_path = pg_catalog, pg_temp;
GRANT SELECT ON hijack_test.points TO :"clerk";
SELECT count(*) = 2 AS have_overlap FROM hijack_test.points WHERE expect IS NOT NULL \gset

-- 'Mankisrengoo' (Manisrenggo) must be a name only pg_trgm finds: no
-- area with the same key, the typed words are one word, and no one-typo
-- deletion neighbourhood meets it
SELECT NOT EXISTS (SELECT 1 FROM stunting.area a
                   WHERE a.level = 'village'
                     AND (a.name_key IN (k.q, k.ql, replace(k.q, 'j', 'y'))
                          OR stunting.name_key_ao(a.name_key) = stunting.name_key_ao(k.q)
                          OR stunting.name_deletions(a.name_key)
                             && (stunting.name_deletions(k.q) || stunting.name_deletions(k.ql))))
       AND strpos(stunting.normalize_name(k.t), ' ') = 0 AS trigram_only
FROM (SELECT t, replace(stunting.normalize_name(t), ' ', '') AS q,
             replace(stunting.normalize_name_literal(t), ' ', '') AS ql
      FROM (VALUES ('Mankisrengoo')) v (t)) k \gset
\if :trigram_only
\else
    \warn 'setup: Mankisrengoo is found before the trigram step; choose another name'
    SELECT 1 / 0;
\endif

\ir ops.sql
\if :have_access
\else
    -- (before 0.8.0: no row-level security, area grants, keyed NIK hash or published figures)
    DELETE FROM hijack_test.ops WHERE id BETWEEN 130 AND 159;
\endif
\if :have_overlap
\else
    DELETE FROM hijack_test.ops WHERE name LIKE '%overlap%';
\endif

-- Run statements (TRUNCATE, a renamed area), then undo them all: the
-- error rolls the operation's subtransaction back.  For the triggers that
-- only such statements reach (a trigger that raises is not counted).
CREATE FUNCTION hijack_test.run_and_undo(VARIADIC statements text[]) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY statements LOOP
        EXECUTE s;
    END LOOP;
    RAISE EXCEPTION 'done: % children, % measurements, % summaries left',
        (SELECT count(*) FROM stunting.child), (SELECT count(*) FROM stunting.measurement),
        (SELECT count(*) FROM stunting.area_month_summary)
        USING ERRCODE = 'P0001';
END
$fn$;
GRANT EXECUTE ON FUNCTION hijack_test.run_and_undo(text[]) TO :"clerk";

-- The children and measurements on an area code, as the superuser sees
-- them (row-level security shows the clerk only the rows of its areas).
\if :have_access
CREATE FUNCTION hijack_test.rows_on(code text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT (SELECT pg_catalog.count(*) FROM stunting.child c WHERE c.area_code OPERATOR(pg_catalog.=) code)
             OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM stunting.measurement m WHERE m.area_code OPERATOR(pg_catalog.=) code) $fn$;
GRANT EXECUTE ON FUNCTION hijack_test.rows_on(text) TO :"clerk";
\endif
