-- Data for bench_areas.sh: Kota Kediri's kelurahan, :points simulated
-- children with homes (stunting.simulate_children), a second set of points
-- spread evenly over the city and a 50 m ring around it, and helpers that
-- grow the measurement history.
SET client_min_messages = warning;
\set doc `cat data/kota_kediri_kelurahan.geojson`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan');
SELECT stunting.derive_parent_areas('district');

-- the children's homes: inside their kelurahan, 5 % off by a GPS error of
-- about 20 m (some in gaps or outside); few measurements (attendance 0.1 %)
SELECT * FROM stunting.simulate_children(:points, 1, 1, '2026-03-01', attendance => 0.001);
CREATE TABLE homes AS SELECT id, home AS geom FROM stunting.child;

-- harder: uniform over the city and up to about 50 m beyond its edge
SELECT setseed(0.57);
CREATE TABLE ring AS
WITH city AS (SELECT ST_Buffer(ST_Union(geom), 0.00045) AS g FROM stunting.area WHERE level = 'village'),
     cand AS (SELECT ST_SetSRID(ST_MakePoint(ST_XMin(g) + random() * (ST_XMax(g) - ST_XMin(g)),
                                             ST_YMin(g) + random() * (ST_YMax(g) - ST_YMin(g))), 4326) AS geom
              FROM city, generate_series(1, (:points * 2.5)::int))
SELECT row_number() OVER () AS id, c.geom
FROM cand c, city WHERE ST_Intersects(city.g, c.geom)
LIMIT :points;
VACUUM ANALYZE homes;
VACUUM ANALYZE ring;
ANALYZE stunting.area;

-- history: about n measurements of other children over the 24 months
-- before the timed month (simulate_children, seed k)
CREATE FUNCTION stunting_bench_history(n integer, k integer) RETURNS bigint LANGUAGE sql AS $$
    SELECT measurements FROM stunting.simulate_children(n / 16, k, 24, '2026-02-01')
$$;

-- the timed month's new measurements: simulated for new children, then
-- moved to a staging table, so that the timed statement is a plain INSERT
-- of n rows (triggers and the monthly refresh included)
CREATE FUNCTION stunting_bench_stage(n integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE first_child bigint;
BEGIN
    SELECT coalesce(max(id), 0) + 1 INTO first_child FROM stunting.child;
    PERFORM stunting.simulate_children(n + n / 5, 99, 1, '2026-03-01', attendance => 1);
    CREATE TABLE staged AS
    SELECT child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu, measured_by
    FROM stunting.measurement WHERE child_id >= first_child ORDER BY id LIMIT n;
    DELETE FROM stunting.measurement m USING staged s
    WHERE m.child_id = s.child_id AND m.visit_date = s.visit_date;
END $$;
CREATE FUNCTION stunting_bench_new() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu, measured_by)
    SELECT child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu, measured_by FROM staged;
END $$;
