-- Hotspot statistics: Gi*, Local Moran's I, empirical Bayes, FDR on small
-- hand-checkable cases, then hotspots() and hotspot_streak() on simulated
-- Kota Kediri data (rolled back).
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- esda's G_Local docstring: six points, DistanceBand(threshold=15) binary,
-- y = 2 3 3.2 5 8 7, G_Local(y, w, transform='B', star=True).Zs printed there:
-- -1.39727626 -0.28917762 0.65064964 -0.28917762 1.23452088 2.02424331
CREATE TEMP TABLE esda_example AS
WITH pts (id, x, y) AS (VALUES ('a', 10, 10), ('b', 20, 10), ('c', 40, 10), ('d', 15, 20), ('e', 30, 20), ('f', 30, 30)),
     pairs AS (SELECT p.id AS f, q.id AS t FROM pts p JOIN pts q ON p.id < q.id
               WHERE sqrt((p.x - q.x) ^ 2 + (p.y - q.y) ^ 2) <= 15)
SELECT s.* FROM stunting.local_gi_star(ARRAY['a', 'b', 'c', 'd', 'e', 'f'], ARRAY[2, 3, 3.2, 5, 8, 7],
                                       (SELECT array_agg(f ORDER BY f, t) FROM pairs),
                                       (SELECT array_agg(t ORDER BY f, t) FROM pairs), 0) s;
SELECT id, round(z::numeric, 8) AS z, round(g::numeric, 10) AS g,
       round(p_norm::numeric, 8) AS p_norm, p_sim
FROM esda_example ORDER BY id;

-- a 3x3 rook grid, y = 1..9: the centre's Gi* is its expectation (z = 0),
-- the corners mirror each other; pairs listed once, twice, both ways and
-- with a self pair give the same result
CREATE TEMP TABLE grid AS
SELECT (r * 3 + c + 1)::text AS id, (r * 3 + c + 1)::float8 AS y, r, c
FROM generate_series(0, 2) r, generate_series(0, 2) c;
CREATE TEMP TABLE grid_pairs AS
SELECT a.id AS f, b.id AS t FROM grid a JOIN grid b ON abs(a.r - b.r) + abs(a.c - b.c) = 1 AND a.id < b.id;
SELECT s.id, round(s.z::numeric, 10) AS z, round(s.g::numeric, 10) AS g
FROM stunting.local_gi_star((SELECT array_agg(id ORDER BY id) FROM grid), (SELECT array_agg(y ORDER BY id) FROM grid),
                            (SELECT array_agg(f) FROM grid_pairs), (SELECT array_agg(t) FROM grid_pairs), 0) s
ORDER BY s.id::int;
WITH messy AS (SELECT f, t FROM grid_pairs UNION ALL SELECT t, f FROM grid_pairs
               UNION ALL SELECT f, t FROM grid_pairs UNION ALL SELECT '5', '5')
SELECT count(*) AS areas,
       bool_and(a.z IS NOT DISTINCT FROM b.z AND a.p_sim = b.p_sim) AS same
FROM stunting.local_gi_star((SELECT array_agg(id ORDER BY id) FROM grid), (SELECT array_agg(y ORDER BY id) FROM grid),
                            (SELECT array_agg(f) FROM grid_pairs), (SELECT array_agg(t) FROM grid_pairs), 99, 7) a
JOIN stunting.local_gi_star((SELECT array_agg(id ORDER BY id) FROM grid), (SELECT array_agg(y ORDER BY id) FROM grid),
                            (SELECT array_agg(f) FROM messy), (SELECT array_agg(t) FROM messy), 99, 7) b USING (id);

-- a chain 1-2-3-4-5 with y = 1..5: I = 0.8 0.4 0 0.4 0.8; the middle has
-- value and lag exactly 0: not high, so LL
SELECT id, round(i::numeric, 12) AS i, quadrant, round(z_norm::numeric, 10) AS z_norm,
       p_sim BETWEEN 0.02 AND 1 AS p_sim_ok
FROM stunting.local_moran(ARRAY['1', '2', '3', '4', '5'], ARRAY[1, 2, 3, 4, 5]::float8[],
                          ARRAY['1', '2', '3', '4'], ARRAY['2', '3', '4', '5'], 99, 1)
ORDER BY id;
-- z_norm of area 1 by hand: (0.8 + 1/4) / sqrt(0.9875)
SELECT round((1.05 / sqrt(0.9875))::numeric, 10) AS expected_z_norm_1;

-- a star with an island: the island gets NULL statistics
SELECT id, round(g::numeric, 6) AS g, z IS NULL AS z_null, p_sim IS NULL AS p_null
FROM stunting.local_gi_star(ARRAY['hub', 'l1', 'l2', 'l3', 'l4', 'l5', 'island'], ARRAY[10, 1, 2, 3, 4, 5, 6]::float8[],
                            ARRAY['hub', 'hub', 'hub', 'hub', 'hub'], ARRAY['l1', 'l2', 'l3', 'l4', 'l5'], 99)
WHERE id IN ('hub', 'island') ORDER BY id;
SELECT id, i, quadrant, z_norm, p_sim
FROM stunting.local_moran(ARRAY['hub', 'l1', 'l2', 'l3', 'l4', 'l5', 'island'], ARRAY[10, 1, 2, 3, 4, 5, 6]::float8[],
                          ARRAY['hub', 'hub', 'hub', 'hub', 'hub'], ARRAY['l1', 'l2', 'l3', 'l4', 'l5'], 99)
WHERE id = 'island';
-- constant values: no variance, z and Moran NULL; all zero: G NULL too
SELECT id, g, z, p_norm FROM stunting.local_gi_star(ARRAY['a', 'b', 'c'], ARRAY[0.2, 0.2, 0.2], ARRAY['a', 'b'], ARRAY['b', 'c'], 0) ORDER BY id;
SELECT count(*) FILTER (WHERE i IS NULL AND quadrant IS NULL AND p_sim IS NULL) AS all_null
FROM stunting.local_moran(ARRAY['a', 'b', 'c'], ARRAY[0.2, 0.2, 0.2], ARRAY['a', 'b'], ARRAY['b', 'c']);
SELECT count(*) FILTER (WHERE g IS NULL) AS g_null
FROM stunting.local_gi_star(ARRAY['a', 'b', 'c'], ARRAY[0, 0, 0]::float8[], ARRAY['a', 'b'], ARRAY['b', 'c']);

-- permutations: reproducible for a seed, another seed draws others
CREATE TEMP TABLE field AS
SELECT (x * 20 + y)::text AS id, ((x * 7919 + y * 104729) % 1000) / 1000.0 AS v, x, y
FROM generate_series(0, 19) x, generate_series(0, 19) y;
CREATE TEMP TABLE field_pairs AS
SELECT a.id AS f, b.id AS t FROM field a JOIN field b ON abs(a.x - b.x) + abs(a.y - b.y) = 1 AND a.id < b.id;
CREATE TEMP TABLE runs AS
SELECT s AS seed, r.* FROM unnest(ARRAY[1, 1, 2]) WITH ORDINALITY AS u (s, run),
     LATERAL (SELECT u.run, g.* FROM stunting.local_gi_star((SELECT array_agg(id ORDER BY id) FROM field),
                                                             (SELECT array_agg(v ORDER BY id) FROM field),
                                                             (SELECT array_agg(f) FROM field_pairs),
                                                             (SELECT array_agg(t) FROM field_pairs), 999, u.s) g) r;
SELECT count(*) FILTER (WHERE a.p_sim = b.p_sim) = 400 AS same_seed_same_p,
       count(*) FILTER (WHERE a.p_sim <> c.p_sim) > 200 AS other_seed_other_p,
       min(a.p_sim) >= 0.002 AND max(a.p_sim) <= 1 AS in_range
FROM runs a JOIN runs b ON b.id = a.id AND b.run = 2 JOIN runs c ON c.id = a.id AND c.run = 3
WHERE a.run = 1;
SELECT count(*) FILTER (WHERE p_sim IS NULL) AS no_permutations
FROM stunting.local_moran((SELECT array_agg(id ORDER BY id) FROM field), (SELECT array_agg(v ORDER BY id) FROM field),
                          (SELECT array_agg(f) FROM field_pairs), (SELECT array_agg(t) FROM field_pairs), 0);

-- bad input
\set VERBOSITY terse
SELECT * FROM stunting.local_gi_star(ARRAY['a', 'b'], ARRAY[1, 2]::float8[], '{}', '{}');
SELECT * FROM stunting.local_gi_star(ARRAY['a', 'b', 'c'], ARRAY[1, 2]::float8[], '{}', '{}');
SELECT * FROM stunting.local_gi_star(ARRAY['a', 'b', 'c'], ARRAY[1, NULL, 2]::float8[], '{}', '{}');
SELECT * FROM stunting.local_gi_star(ARRAY['a', 'b', 'c'], ARRAY[1, 'NaN', 2]::float8[], '{}', '{}');
SELECT * FROM stunting.local_gi_star(ARRAY['a', 'b', 'a'], ARRAY[1, 2, 3]::float8[], '{}', '{}');
SELECT * FROM stunting.local_gi_star(ARRAY['a', NULL, 'c'], ARRAY[1, 2, 3]::float8[], '{}', '{}');
SELECT * FROM stunting.local_gi_star(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]::float8[], ARRAY['a'], ARRAY['x']);
SELECT * FROM stunting.local_gi_star(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]::float8[], ARRAY['a', 'b'], ARRAY['b']);
SELECT * FROM stunting.local_gi_star(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]::float8[], ARRAY['a', NULL], ARRAY['b', 'c']);
SELECT * FROM stunting.local_moran(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]::float8[], '{}', '{}', -1);
SELECT * FROM stunting.local_moran(ARRAY[['a', 'b'], ['c', 'd']], ARRAY[1, 2, 3, 4]::float8[], '{}', '{}');
SELECT count(*) FROM stunting.local_moran(NULL, ARRAY[1, 2, 3]::float8[], '{}', '{}');
\set VERBOSITY default

-- empirical Bayes: equal rates shrink to the common rate
SELECT id, raw_rate, round(smoothed_rate::numeric, 12) AS smoothed
FROM stunting.eb_smooth(ARRAY['a', 'b', 'c'], ARRAY[1, 10, 4]::float8[], ARRAY[10, 100, 40]::float8[])
ORDER BY id;
-- Marshall (poisson) by hand on 2/10, 30/100, 5/40, 0/8: beta = 37/158,
-- s2 = sum b (r - beta)^2 / 158, alpha = s2 - beta / 39.5
WITH d (id, e, b) AS (VALUES ('a', 2, 10), ('b', 30, 100), ('c', 5, 40), ('d', 0, 8)),
     k AS (SELECT 37.0 / 158 AS beta, sum(b * (e::float8 / b - 37.0 / 158) ^ 2) / 158 AS s2 FROM d),
     hand AS (SELECT d.id, k.beta + (d.e::float8 / d.b - k.beta) * (k.s2 - k.beta / 39.5) / ((k.s2 - k.beta / 39.5) + k.beta / d.b) AS eb
              FROM d, k)
SELECT s.id, abs(s.smoothed_rate - hand.eb) < 1e-14 AS poisson_by_hand
FROM stunting.eb_smooth(ARRAY['a', 'b', 'c', 'd'], ARRAY[2, 30, 5, 0]::float8[], ARRAY[10, 100, 40, 8]::float8[], 'poisson') s
JOIN hand USING (id) ORDER BY id;
-- binomial shrinks toward beta, less for larger populations; spatial uses the neighbourhood
SELECT s.id, round(s.raw_rate::numeric, 4) AS raw, round(s.smoothed_rate::numeric, 4) AS binomial,
       round(p.smoothed_rate::numeric, 4) AS spatial_binomial
FROM stunting.eb_smooth(ARRAY['a', 'b', 'c', 'd'], ARRAY[2, 30, 5, 0]::float8[], ARRAY[10, 100, 40, 8]::float8[]) s
JOIN stunting.eb_smooth(ARRAY['a', 'b', 'c', 'd'], ARRAY[2, 30, 5, 0]::float8[], ARRAY[10, 100, 40, 8]::float8[],
                        'binomial', ARRAY['a', 'b', 'c'], ARRAY['b', 'c', 'd']) p USING (id)
ORDER BY id;
\set VERBOSITY terse
SELECT * FROM stunting.eb_smooth(ARRAY['a', 'b'], ARRAY[1, 2]::float8[], ARRAY[10, 0]::float8[]);
SELECT * FROM stunting.eb_smooth(ARRAY['a', 'b'], ARRAY[1, 20]::float8[], ARRAY[10, 10]::float8[]);
SELECT count(*) FROM stunting.eb_smooth(ARRAY['a', 'b'], ARRAY[1, 20]::float8[], ARRAY[10, 10]::float8[], 'poisson');
SELECT * FROM stunting.eb_smooth(ARRAY['a', 'b'], ARRAY[-1, 2]::float8[], ARRAY[10, 10]::float8[]);
SELECT * FROM stunting.eb_smooth(ARRAY['a', 'b'], ARRAY[1, 2]::float8[], ARRAY[10, 10]::float8[], 'gamma');
SELECT * FROM stunting.eb_smooth(ARRAY['a', 'b'], ARRAY[1, 2]::float8[], ARRAY[10, 10]::float8[], 'binomial', ARRAY['a']);
SELECT * FROM stunting.eb_smooth(ARRAY['a', 'b'], NULL, ARRAY[10, 10]::float8[]);
\set VERBOSITY default

-- false discovery rate (Benjamini-Hochberg)
SELECT stunting.fdr(ARRAY[0.01, 0.04, 0.03, 0.005, 0.2]) AS five,
       stunting.fdr(ARRAY[0.011, 0.02, 0.03, 0.04, 0.05], 0.01) AS none,
       stunting.fdr(ARRAY[NULL, 0.001, 0.2, NULL]::float8[]) AS with_nulls,
       stunting.fdr('{}'::float8[]) AS empty;
\set VERBOSITY terse
SELECT stunting.fdr(ARRAY[0.5, 1.5]);
SELECT stunting.fdr(ARRAY[0.5], 0);
\set VERBOSITY default

-- hotspots on a simulated Kota Kediri: four kelurahan in west Mojoroto set
-- to 40 %, the rest of Mojoroto 25 %, Kota 10 %, Pesantren 18 %
BEGIN;
-- summaries are applied at commit; this transaction reads its own
SET CONSTRAINTS stunting.measurement_summaries IMMEDIATE;
DELETE FROM stunting.measurement;
DELETE FROM stunting.child;
SELECT children > 0 AS simulated FROM stunting.simulate_children(9000, 5, 2, '2026-10-01',
       '{"35.71.01": 0.25, "35.71.01.1005": 0.40, "35.71.01.1006": 0.40, "35.71.01.1007": 0.40,
         "35.71.01.1010": 0.40, "35.71.02": 0.10, "35.71.03": 0.18}');
CREATE TEMP TABLE hs AS SELECT * FROM stunting.hotspots('2026-10-01');
SELECT count(*) AS areas, count(gi_z) AS with_gi, count(lisa_i) AS with_lisa,
       bool_and(cases <= children) AS cases_ok,
       bool_and(abs(rate - cases::float8 / children) < 1e-12) AS rate_ok
FROM hs;
-- the four set highest are hot spots and High-High clusters
SELECT name, gi_class, lisa_class FROM hs
WHERE code IN ('35.71.01.1005', '35.71.01.1006', '35.71.01.1007', '35.71.01.1010') ORDER BY name;
-- hot spots only in Mojoroto, cold spots only outside it
SELECT left(code, 8) AS kecamatan, gi_class LIKE 'Hot%' AS hot, gi_class LIKE 'Cold%' AS cold, count(*)
FROM hs WHERE gi_class <> 'Not Significant' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
-- the same seed gives the same table; permutations 0 gives lisa_p = the normal p
SELECT count(*) = 46 AS reproducible FROM hs JOIN stunting.hotspots('2026-10-01') h2 USING (code)
WHERE hs.lisa_p = h2.lisa_p AND hs.gi_z = h2.gi_z;
-- the statistics are local_gi_star and local_moran of the smoothed rates
-- with area_neighbours; with permutations 0, lisa_p is the normal p
CREATE TEMP TABLE hs0 AS SELECT * FROM stunting.hotspots('2026-10-01', permutations => 0);
WITH s AS (SELECT array_agg(code ORDER BY code) AS ids, array_agg(smoothed_rate ORDER BY code) AS y FROM hs),
     nb AS (SELECT array_agg(code) AS f, array_agg(neighbour_code) AS t FROM stunting.area_neighbours('village'))
SELECT bool_and(g.z = hs.gi_z AND g.p_norm = hs.gi_p) AS gi_equal,
       bool_and(m.i = hs.lisa_i AND m.quadrant = hs.lisa_quadrant AND m.p_sim = hs.lisa_p) AS moran_equal,
       bool_and(m.p_norm = hs0.lisa_p) AS normal_p_without_permutations
FROM s, nb, stunting.local_gi_star(s.ids, s.y, nb.f, nb.t, 999, 0) g
JOIN stunting.local_moran((SELECT ids FROM s), (SELECT y FROM s), (SELECT f FROM nb), (SELECT t FROM nb), 999, 0) m USING (id)
JOIN hs ON hs.code = g.id JOIN hs0 ON hs0.code = g.id;
-- a month without data: every statistic NULL
SELECT count(*) AS areas, count(gi_z) AS with_gi, count(lisa_class) AS with_class
FROM stunting.hotspots('2020-01-01');
-- streaks: the four hottest kelurahan have been hot spots both months
SELECT name, streak, hot_months, through
FROM stunting.hotspot_streak('village', 'HA_2', 2)
WHERE code IN ('35.71.01.1005', '35.71.01.1006', '35.71.01.1007', '35.71.01.1010') ORDER BY name;
SELECT count(*) AS areas, max(streak) <= 2 AS bounded FROM stunting.hotspot_streak('village', 'HA_2', 2);
-- hotspot_svg: one path per kelurahan, filled with the colour of its class
-- in hotspots() (Gi* as ArcGIS colours Gi_Bin, LISA as GeoDa), its rate and
-- counts in the tooltip, a legend box per class and one for no data
CREATE TEMP TABLE hsvg AS
SELECT xmlparse(document stunting.hotspot_svg('2026-10-01')) AS gi_doc,
       xmlparse(document stunting.hotspot_svg('2026-10-01', 'village', 'HA_2', 'en', 'lisa')) AS lisa_doc,
       '{{s,http://www.w3.org/2000/svg}}'::text[] AS ns;
SELECT (xpath('count(//s:g[@class="areas"]/s:path)', gi_doc, ns))[1]::text AS gi_paths,
       (xpath('count(//s:g[@class="areas"]/s:path)', lisa_doc, ns))[1]::text AS lisa_paths,
       (xpath('count(//s:g[@class="legend"]/s:rect)', gi_doc, ns))[1]::text AS gi_legend_boxes,
       (xpath('count(//s:g[@class="legend"]/s:rect)', lisa_doc, ns))[1]::text AS lisa_legend_boxes,
       (xpath('/s:svg/s:text[1]/text()', gi_doc, ns))[1]::text AS gi_title,
       (xpath('/s:svg/s:text[1]/text()', lisa_doc, ns))[1]::text AS lisa_title
FROM hsvg;
SELECT h.gi_class, p.fill, count(*) AS kelurahan
FROM hsvg, unnest(xpath('//s:path/@id', gi_doc, ns)::text[], xpath('//s:path/@fill', gi_doc, ns)::text[]) AS p (code, fill)
JOIN hs h ON h.code = p.code
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT h.lisa_class, p.fill, count(*) AS kelurahan
FROM hsvg, unnest(xpath('//s:path/@id', lisa_doc, ns)::text[], xpath('//s:path/@fill', lisa_doc, ns)::text[]) AS p (code, fill)
JOIN hs h ON h.code = p.code
GROUP BY 1, 2 ORDER BY 1, 2;
-- tooltips: the name, the class (Bahasa Indonesia by default), the rate and cases/children of hotspots()
SELECT count(*) AS tooltips,
       count(*) FILTER (WHERE t.tip LIKE h.name || ': %; ' || to_char(100 * h.rate, 'FM990.0') || ' % ('
                                         || h.cases || '/' || h.children || ')') AS with_rate_and_counts
FROM hsvg, unnest(xpath('//s:path/@id', gi_doc, ns)::text[], xpath('//s:path/s:title/text()', gi_doc, ns)::text[]) AS t (code, tip)
JOIN hs h ON h.code = t.code;
SELECT split_part((xpath(format('//s:path[@id="%s"]/s:title/text()', c), gi_doc, ns))[1]::text, ';', 1) AS gi_tip,
       split_part((xpath(format('//s:path[@id="%s"]/s:title/text()', c), lisa_doc, ns))[1]::text, ';', 1) AS lisa_tip_en
FROM hsvg, unnest(ARRAY['35.71.01.1005', '35.71.01.1006', '35.71.01.1007', '35.71.01.1010']) AS c ORDER BY c;
-- hotspot_geojson: a FeatureCollection with one feature per area of the
-- level, ordered by code, the row of hotspots() for the same month as its
-- properties and the area's boundary as its geometry
CREATE TEMP TABLE hgeo AS
SELECT stunting.hotspot_geojson('2026-10-01') AS doc, stunting.hotspot_geojson('2026-10-01', 'district') AS district_doc;
SELECT doc->>'type' AS type, doc->>'month' AS month, doc->>'level' AS level, doc->>'key' AS key,
       jsonb_array_length(doc->'features') AS features, district_doc->>'level' AS district_level,
       jsonb_array_length(district_doc->'features') AS district_features,
       (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(doc->'features'->0->'properties') AS k) AS properties
FROM hgeo;
SELECT count(*) AS features,
       count(*) FILTER (WHERE x.f->>'type' = 'Feature' AND x.f->>'id' = h.code) AS ids,
       count(*) FILTER (WHERE x.f->'properties' = to_jsonb(h)) AS properties_equal_hotspots,
       count(*) FILTER (WHERE ST_GeometryType(g.geom) = 'ST_MultiPolygon' AND ST_IsValid(g.geom)
                          AND ST_HausdorffDistance(g.geom, a.geom) < 1e-6) AS boundaries,
       array_agg(h.code ORDER BY x.n) = (SELECT array_agg(code ORDER BY code) FROM hs) AS ordered_by_code
FROM hgeo, jsonb_array_elements(doc->'features') WITH ORDINALITY AS x (f, n)
JOIN hs h ON h.code = x.f->>'id'
JOIN stunting.area a ON a.code = h.code,
LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(x.f->'geometry'), 4326) AS geom) g;
SELECT count(*) AS district_features,
       count(*) FILTER (WHERE x.f->'properties' = to_jsonb(h) AND a.level = 'district') AS properties_equal_hotspots
FROM hgeo, jsonb_array_elements(district_doc->'features') AS x (f)
JOIN stunting.hotspots('2026-10-01', 'district') h ON h.code = x.f->>'id'
JOIN stunting.area a ON a.code = h.code;
-- a month without data: every area, every statistic null
WITH g AS MATERIALIZED (SELECT stunting.hotspot_geojson('2020-01-01') AS d)
SELECT jsonb_array_length(d->'features') AS features,
       (SELECT count(*) FROM jsonb_array_elements(d->'features') AS f
        WHERE f->'properties'->'gi_z' = 'null' AND f->'properties'->'lisa_class' = 'null') AS without_statistics
FROM g;
ROLLBACK;
\set VERBOSITY terse
SELECT * FROM stunting.hotspots(NULL);
SELECT * FROM stunting.hotspots('2026-10-01', 'kelurahan');
SELECT * FROM stunting.hotspot_streak('village', 'HA_2', 0);
SELECT stunting.hotspot_svg('2026-10-01', 'village', 'HA_2', 'fr');
SELECT stunting.hotspot_svg('2026-10-01', 'village', 'HA_2', 'en', 'moran');
SELECT stunting.hotspot_geojson('2026-10-01', 'kelurahan');
\set VERBOSITY default
