-- Data for bench_areas.sh: Kota Kediri's kelurahan, :points random points
-- in and just around the city, and
-- helpers that time a statement and make measurement histories.
SET client_min_messages = warning;
\set doc `cat data/kota_kediri_kelurahan.geojson`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan');
SELECT setseed(0.57);
-- children's homes: uniform over the city and up to about 50 m beyond its
-- edge (so some fall in the gaps between kelurahan or just outside)
CREATE TABLE pts AS
WITH city AS (SELECT ST_Buffer(ST_Union(geom), 0.00045) AS g FROM stunting.area WHERE level = 'village'),
     cand AS (SELECT ST_SetSRID(ST_MakePoint(ST_XMin(g) + random() * (ST_XMax(g) - ST_XMin(g)),
                                             ST_YMin(g) + random() * (ST_YMax(g) - ST_YMin(g))), 4326) AS geom
              FROM city, generate_series(1, (:points * 2.5)::int))
SELECT row_number() OVER () AS id, c.geom
FROM cand c, city WHERE ST_Intersects(city.g, c.geom)
LIMIT :points;
VACUUM ANALYZE pts;
ANALYZE stunting.area;

CREATE FUNCTION stunting_bench_ms(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE q;
    RETURN round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000, 1);
END $$;

-- n children spread over the 46 kelurahan, then measurements for n random
-- children: monthly visits from 2023 on, lengths around a WHO-like median
CREATE FUNCTION stunting_bench_measure(n integer, first date) RETURNS void LANGUAGE sql AS $$
    INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
    SELECT c.id, v, round(((14.5 + 3 * random()) * (len / 100) ^ 2)::numeric, 1), len,
           CASE WHEN v - c.birth_date < 731 THEN 'l' ELSE 'h' END
    FROM (SELECT (SELECT max(id) FROM stunting.child) AS maxid) m,
         LATERAL (SELECT 1 + floor(random() * m.maxid)::bigint AS cid, first + (random() * 27)::int AS v
                  FROM generate_series(1, n) g) pick
    JOIN stunting.child c ON c.id = pick.cid,
         LATERAL (SELECT round(((49.9 + 7.3 * sqrt((v - c.birth_date) / 30.4375)) * (1 + 0.037 * (-1 + 0.8 * (random() - 0.5))))::numeric, 1)::float8 AS len) l
    WHERE v > c.birth_date + 30
$$;
CREATE FUNCTION stunting_bench_history(n integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE months integer := 24; k integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM stunting.child) THEN
        INSERT INTO stunting.child (sex, birth_date, area_code)
        SELECT CASE WHEN i % 2 = 0 THEN 'l' ELSE 'p' END, date '2021-06-01' + (i % 1600),
               (SELECT array_agg(code ORDER BY code) FROM stunting.area WHERE level = 'village')[1 + i % 46]
        FROM generate_series(1, 20000) i;
        -- the month the timed inserts go to, already partly filled
        PERFORM stunting_bench_measure(5000, date '2026-03-01');
    END IF;
    FOR k IN 0 .. months - 1 LOOP
        PERFORM stunting_bench_measure(n / months, (date '2024-01-01' + make_interval(months => k))::date);
    END LOOP;
END $$;
CREATE FUNCTION stunting_bench_new(n integer) RETURNS void LANGUAGE sql AS $$
    SELECT stunting_bench_measure(n, date '2026-03-01')
$$;
