-- stunting.area: loading Kota Kediri's kelurahan from GeoJSON, deriving the
-- kecamatan, assigning points and listing neighbours.
SET client_min_messages = warning;
\set SHOW_CONTEXT never
\set doc `cat data/kota_kediri_kelurahan.geojson`

SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan') AS loaded;
-- 46 kelurahan with valid boundaries; the 3 kecamatan made from parent codes
SELECT level, count(*) AS areas, count(geom) AS with_geom,
       bool_and(ST_IsValid(geom)) AS valid, bool_and(ST_SRID(geom) = 4326) AS srid_4326,
       bool_and(GeometryType(geom) = 'MULTIPOLYGON') AS multipolygon
FROM stunting.area GROUP BY level ORDER BY level;
SELECT code, name, level, parent_code,
       (SELECT count(*) FROM stunting.area c WHERE c.parent_code = a.code) AS children
FROM stunting.area a WHERE level = 'district' ORDER BY code;

-- loading the same document again changes nothing, not even row versions
CREATE TEMP TABLE before AS SELECT code, xmin::text AS x FROM stunting.area;
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan') AS loaded_again;
SELECT count(*) AS rows_rewritten FROM stunting.area a JOIN before b USING (code) WHERE a.xmin::text <> b.x;

-- an update by code: a new name and geometry for one kelurahan
SELECT stunting.load_areas(jsonb_build_object('type', 'FeatureCollection', 'features', jsonb_build_array(
         jsonb_build_object('type', 'Feature',
           'properties', jsonb_build_object('kode', '35.71.01.1001', 'kelurahan', 'Bandar Lor (test)'),
           'geometry', ST_AsGeoJSON(ST_Buffer(ST_PointOnSurface(geom), 0.001))::jsonb))),
       'village', 'kode', 'kelurahan')
FROM stunting.area WHERE code = '35.71.01.1001';
SELECT name, parent_code, round((ST_Area(geom::geography) / 1e4)::numeric, 1) AS hectares
FROM stunting.area WHERE code = '35.71.01.1001';
-- and back
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan') AS reloaded;
SELECT name, parent_code, round((ST_Area(geom::geography) / 1e6)::numeric, 2) AS km2
FROM stunting.area WHERE code = '35.71.01.1001';

-- an invalid polygon (a bow tie) is repaired; a Polygon becomes a MultiPolygon;
-- Z is dropped; a parent code not yet known becomes a district named from its key
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.01.01.0001", "nama": "Bow Tie", "kec": "99.01.01", "kecnama": "Test Kec"},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0,5],[1,1,5],[1,0,5],[0,1,5],[0,0,5]]]}}]}',
  'village', 'kode', 'nama', 'kec', 'kecnama');
SELECT code, name, level, parent_code, ST_IsValid(geom) AS valid, ST_NumGeometries(geom) AS parts,
       ST_NDims(geom) AS dims, round(ST_Area(geom)::numeric, 3) AS area_deg2
FROM stunting.area WHERE code IN ('99.01.01.0001', '99.01.01') ORDER BY code;
DELETE FROM stunting.area WHERE code LIKE '99.%' AND level = 'village';
DELETE FROM stunting.area WHERE code LIKE '99.%';

-- bad documents and bad features: an ERROR naming the feature, nothing loaded
SELECT count(*) AS areas_before FROM stunting.area;
\set VERBOSITY default
SELECT stunting.load_areas('[]', 'village');
SELECT stunting.load_areas('{"type": "Feature"}', 'village');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": []}', 'kelurahan');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.01", "nama": "Good"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}},
  {"type": "Feature", "properties": {"nama": "No code"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}', 'village');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.01", "nama": "Good"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}},
  {"type": "Feature", "properties": {"kode": "99.02", "nama": "No geometry"}, "geometry": null}]}', 'village');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.03", "nama": "A point"}, "geometry": {"type": "Point", "coordinates": [112, -7.8]}}]}', 'village');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.04", "nama": "Broken"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0]]]}}]}', 'village');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.05", "nama": "Flat"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[2,0],[0,0]]]}}]}', 'village');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.06", "nama": "Twice"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}},
  {"type": "Feature", "properties": {"kode": "99.06", "nama": "Twice"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}', 'village');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.07"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}', 'village');
-- a kelurahan code loaded as a district; a kelurahan as the parent of a kelurahan
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "35.71.01.1001", "nama": "Bandar Lor"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}', 'district');
SELECT stunting.load_areas('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kode": "99.08", "nama": "Child", "p": "35.71.01.1001"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}', 'village', 'kode', 'nama', 'p');
SELECT count(*) AS areas_after FROM stunting.area;

-- derive the kecamatan outlines from their kelurahan; a second run changes nothing
SELECT stunting.derive_parent_areas('district') AS derived;
SELECT stunting.derive_parent_areas('district') AS derived_again;
SELECT stunting.derive_parent_areas('village');
SELECT stunting.derive_parent_areas('kecamatan');
-- one polygon each, no holes (the sub-hectare gaps between kelurahan are filled),
-- and the kelurahan areas add up to the kecamatan's within the gaps and overlaps
SELECT d.code, d.name, ST_NumGeometries(d.geom) AS parts, ST_NRings(d.geom) AS rings, ST_IsValid(d.geom) AS valid,
       round((ST_Area(d.geom::geography) / 1e6)::numeric, 1) AS km2,
       abs(ST_Area(d.geom::geography) - sum(ST_Area(v.geom::geography))) / ST_Area(d.geom::geography) < 0.005 AS sums_match,
       bool_and(ST_Covers(d.geom, ST_PointOnSurface(v.geom))) AS covers_children
FROM stunting.area d JOIN stunting.area v ON v.parent_code = d.code
WHERE d.level = 'district' GROUP BY d.code, d.name, d.geom ORDER BY d.code;

-- area_at: each kelurahan's own point on surface (even for exclaves: every part)
SELECT count(*) FILTER (WHERE stunting.area_at(ST_PointOnSurface(p.geom)) = a.code) AS own_code, count(*) AS parts
FROM stunting.area a, ST_Dump(a.geom) p WHERE a.level = 'village';
SELECT count(*) FILTER (WHERE stunting.area_at(ST_PointOnSurface(geom), 'district') = code) AS own_code
FROM stunting.area WHERE level = 'district';
-- a point given in UTM 49S, and one with SRID 0
SELECT stunting.area_at(ST_Transform(ST_PointOnSurface(geom), 32749)) AS utm,
       stunting.area_at(ST_SetSRID(ST_PointOnSurface(geom), 0)) AS srid_0
FROM stunting.area WHERE code = '35.71.02.1005';
-- points in the gaps between kelurahan polygons go to a neighbouring kelurahan
CREATE TEMP TABLE gap AS
SELECT ST_PointOnSurface(ST_MakePolygon(ST_ExteriorRing(r.geom))) AS p
FROM (SELECT ST_Union(geom) AS u FROM stunting.area WHERE level = 'village') s,
     ST_Dump(s.u) part, ST_DumpRings(part.geom) r
WHERE r.path[1] > 0;
-- (a point on a sliver's surface can fall on a polygon's edge: those are not gaps)
DELETE FROM gap WHERE EXISTS (SELECT 1 FROM stunting.area a WHERE a.level = 'village' AND ST_Intersects(a.geom, p));
SELECT count(*) > 50 AS many_gaps, count(stunting.area_at(p)) = count(*) AS all_assigned
FROM gap;
-- and the code is that of the nearest kelurahan
SELECT count(*) AS wrong_nearest FROM gap
WHERE stunting.area_at(p) <> (SELECT code FROM stunting.area WHERE level = 'village'
                              ORDER BY ST_Distance(geom::geography, p::geography) LIMIT 1);
-- outside the city: 30 m beyond the edge is assigned, 80 m and far away are not
WITH city AS (SELECT ST_Union(geom) AS g FROM stunting.area WHERE level = 'village'),
     edge AS (SELECT ST_Transform(ST_PointN(ST_ExteriorRing(ST_GeometryN(g, 1)), 1), 32749) AS e,
                     ST_Transform(ST_Centroid(g), 32749) AS c FROM city),
     dir AS (SELECT e, (ST_X(e) - ST_X(c)) / ST_Distance(e, c) AS dx, (ST_Y(e) - ST_Y(c)) / ST_Distance(e, c) AS dy FROM edge)
SELECT d AS metres_out,
       stunting.area_at(ST_Transform(ST_SetSRID(ST_MakePoint(ST_X(e) + dx * d, ST_Y(e) + dy * d), 32749), 4326)) IS NOT NULL AS assigned
FROM dir, (VALUES (30.0), (80.0), (5000.0)) v(d)
WHERE NOT ST_Intersects((SELECT g FROM city), ST_Transform(ST_SetSRID(ST_MakePoint(ST_X(e) + dx * d, ST_Y(e) + dy * d), 32749), 4326))
ORDER BY d;
SELECT stunting.area_at(ST_SetSRID(ST_MakePoint(106.8, -6.2), 4326)) AS jakarta;
-- in an overlap of two kelurahan, the one the point lies deeper in
WITH o AS (SELECT a.code AS a, b.code AS b, ST_PointOnSurface(ST_Intersection(a.geom, b.geom)) AS p
           FROM stunting.area a JOIN stunting.area b ON a.code < b.code AND a.level = 'village' AND b.level = 'village'
            AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 100)
SELECT count(*) > 10 AS overlaps,
       count(*) FILTER (WHERE stunting.area_at(p) = CASE WHEN ST_Distance(ST_Boundary(ga.geom), p) >= ST_Distance(ST_Boundary(gb.geom), p) THEN a ELSE b END) = count(*) AS deeper_wins
FROM o JOIN stunting.area ga ON ga.code = o.a JOIN stunting.area gb ON gb.code = o.b;
SELECT stunting.area_at(ST_MakeLine(ST_MakePoint(112, -7.8), ST_MakePoint(112.01, -7.8)));
SELECT stunting.area_at(ST_SetSRID(ST_MakePoint(112, -7.8), 4326), 'desa');
SELECT stunting.area_at(NULL) IS NULL AS null_point;

-- neighbours: ST_Touches finds about a third of the pairs; 5 m finds them all
SELECT count(*) AS directed_pairs, count(DISTINCT code) AS areas_with_neighbours,
       bool_and(EXISTS (SELECT 1 FROM stunting.area_neighbours('village') m
                        WHERE m.code = n.neighbour_code AND m.neighbour_code = n.code)) AS symmetric,
       bool_and(code <> neighbour_code) AS no_self_pairs
FROM stunting.area_neighbours('village') n;
SELECT count(*) AS touches_pairs FROM stunting.area a JOIN stunting.area b
  ON a.level = 'village' AND b.level = 'village' AND a.code <> b.code AND ST_Touches(a.geom, b.geom);
-- every pair at 5 m is also within 5 m on the sphere (geography), and vice versa
SELECT count(*) AS disagree FROM (
  SELECT code, neighbour_code FROM stunting.area_neighbours('village')
  EXCEPT
  SELECT a.code, b.code FROM stunting.area a JOIN stunting.area b
    ON a.level = 'village' AND b.level = 'village' AND a.code <> b.code AND ST_DWithin(a.geom::geography, b.geom::geography, 5)) x;
SELECT count(*) AS disagree FROM (
  SELECT a.code, b.code FROM stunting.area a JOIN stunting.area b
    ON a.level = 'village' AND b.level = 'village' AND a.code <> b.code AND ST_DWithin(a.geom::geography, b.geom::geography, 4.9)
  EXCEPT
  SELECT code, neighbour_code FROM stunting.area_neighbours('village')) x;
-- known pairs: Bandar Lor borders Bandar Kidul and Mojoroto
SELECT a.name, b.name FROM stunting.area_neighbours('village') n
JOIN stunting.area a ON a.code = n.code JOIN stunting.area b ON b.code = n.neighbour_code
WHERE a.name IN ('Bandar Lor', 'Mojoroto') AND b.name IN ('Bandar Kidul', 'Mojoroto', 'Bandar Lor') ORDER BY 1, 2;
-- the derived kecamatan: Kota borders Mojoroto and Pesantren
SELECT * FROM stunting.area_neighbours('district');
SELECT count(*) <= (SELECT count(*) FROM stunting.area_neighbours('village', 50)) AS grows_with_tolerance
FROM stunting.area_neighbours('village', 0) n;
SELECT * FROM stunting.area_neighbours('village', -1);
SELECT * FROM stunting.area_neighbours('village', 'NaN');
SELECT count(*) AS none_at_province FROM stunting.area_neighbours('province');
