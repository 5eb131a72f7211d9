-- area_at in C (0.4.0) against area_at_search, the SQL search it replaces
-- for points inside exactly one area (uses the areas of the areas test).
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- a 200 m grid over the city and 300 m around it, and points on every
-- kelurahan boundary (shared edges, slivers, gaps)
CREATE TEMP TABLE probe AS
WITH box AS (SELECT ST_Expand(ST_Extent(geom)::geometry, 0.003) AS b FROM stunting.area WHERE level = 'village')
SELECT 'grid' AS kind, ST_SetSRID(ST_MakePoint(x, y), 4326) AS geom
FROM box, generate_series(ST_XMin(b)::numeric, ST_XMax(b)::numeric, 0.0018) x,
          generate_series(ST_YMin(b)::numeric, ST_YMax(b)::numeric, 0.0018) y
UNION ALL
SELECT 'boundary', (ST_DumpPoints(ST_LineInterpolatePoints(ST_ExteriorRing((ST_Dump(geom)).geom), 0.02))).geom
FROM stunting.area WHERE level = 'village';
SELECT kind, count(*) > 1000 AS many,
       count(*) FILTER (WHERE stunting.area_at(geom) IS NOT DISTINCT FROM stunting.area_at_search(geom, 'village')) = count(*) AS all_equal,
       count(stunting.area_at(geom)) > 0 AS some_assigned,
       count(*) FILTER (WHERE stunting.area_at(geom) IS NULL) > 0 AS some_outside
FROM probe GROUP BY kind ORDER BY kind;
-- districts too, and a level change within one statement
SELECT count(*) FILTER (WHERE stunting.area_at(geom, 'district') IS NOT DISTINCT FROM stunting.area_at_search(geom, 'district')) = count(*) AS districts_equal,
       count(*) FILTER (WHERE stunting.area_at(geom, lvl) IS NOT DISTINCT FROM stunting.area_at_search(geom, lvl)) = count(*) AS mixed_levels_equal
FROM (SELECT geom, CASE WHEN row_number() OVER () % 3 = 0 THEN 'district' ELSE 'village' END AS lvl FROM probe WHERE kind = 'grid') p;
-- SRID 0 is read as 4326, other SRIDs are transformed
SELECT stunting.area_at(ST_MakePoint(112.0116, -7.8166)) AS srid_0,
       stunting.area_at(ST_Transform(ST_SetSRID(ST_MakePoint(112.0116, -7.8166), 4326), 32749)) AS utm,
       stunting.area_at(ST_SetSRID(ST_MakePoint(112.0116, -7.8166), 4326)) AS wgs84;
-- no areas of a level: NULL
SELECT stunting.area_at(ST_SetSRID(ST_MakePoint(112.0116, -7.8166), 4326), 'province') AS no_provinces;
-- bad input: the same errors as before
\set VERBOSITY terse
SELECT stunting.area_at(ST_SetSRID(ST_MakePoint(112.0116, -7.8166), 4326), 'kelurahan');
SELECT stunting.area_at('LINESTRING(112 -7.8, 112.1 -7.9)'::geometry);
SELECT stunting.area_at('POINT EMPTY'::geometry);
