-- Maps of the monthly evaluation: GeoJSON, vector tiles and SVG (uses the
-- areas and measurements of the surveillance test).
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- GeoJSON: every kelurahan, the estimates of area_month as properties
CREATE TEMP TABLE g AS SELECT stunting.area_geojson('2026-03-01') AS doc;
SELECT doc->>'type' AS type, doc->>'month' AS month, doc->>'key' AS key,
       jsonb_array_length(doc->'features') AS features FROM g;
SELECT count(*) AS with_data,
       count(*) FILTER (WHERE (f->'properties'->>'r')::float8 = m.stunting_pct
                          AND (f->'properties'->>'ll')::float8 = m.stunting_ci_low
                          AND (f->'properties'->>'children')::int = m.children) AS equal_to_area_month
FROM g, jsonb_array_elements(doc->'features') f
JOIN stunting.area_month m ON m.code = f->'properties'->>'code' AND m.month = '2026-03-01';
SELECT count(*) FILTER (WHERE f->'properties'->'r' = 'null' AND f->'properties'->'children' = 'null') AS without_data,
       bool_and(ST_IsValid(ST_GeomFromGeoJSON(f->'geometry'))) AS geometries_valid,
       bool_and(f->>'id' = f->'properties'->>'code') AS ids
FROM g, jsonb_array_elements(doc->'features') f;
-- another key and level; a month without data gives 46 features without estimates
SELECT f->'properties'->>'name' AS name, round((f->'properties'->>'r')::numeric, 6) = round((stunting.prevalence(m.summary, 'WH_2')).r::numeric, 6) AS wasting_equal
FROM jsonb_array_elements(stunting.area_geojson('2026-03-01', 'district', 'WH_2')->'features') f
JOIN stunting.area_month m ON m.code = f->'properties'->>'code' AND m.month = '2026-03-01' ORDER BY 1;
SELECT count(*) FILTER (WHERE f->'properties'->'r' = 'null') AS no_estimates
FROM jsonb_array_elements(stunting.area_geojson('2020-01-01')->'features') f;
\set VERBOSITY terse
SELECT stunting.area_geojson('2026-03-01', 'village', 'stunting');
SELECT stunting.area_geojson('2026-03-01', 'kelurahan');
SELECT stunting.area_geojson(NULL);

-- vector tiles: the tile over Kota Kediri at zoom 12 holds the layer and its
-- properties; a tile elsewhere is empty
SELECT length(t) > 1000 AS has_features,
       position('\x6172656173'::bytea IN t) > 0 AS layer_areas,
       position(convert_to('stunting_pct', 'UTF8') IN t) > 0 AS property,
       position(convert_to('Bandar Lor', 'UTF8') IN t) > 0 AS name_value
FROM (SELECT stunting.area_mvt(12, 3322, 2137, '2026-03-01') AS t) x;
SELECT length(stunting.area_mvt(12, 3322, 2137)) > 0 AS latest_month,
       length(stunting.area_mvt(12, 0, 0)) AS elsewhere,
       length(stunting.area_mvt(14, 13290, 8550, '2026-03-01', 'district')) > 0 AS district_tile;
SELECT stunting.area_mvt(1, 2, 0);
SELECT stunting.area_mvt(-1, 0, 0);

-- SVG: well-formed XML with one path and one label per kelurahan, a title
-- with the month, a legend, coloured by class
CREATE TEMP TABLE svg AS
SELECT xmlparse(document stunting.area_svg('2026-03-01')) AS id_doc,
       xmlparse(document stunting.area_svg('2026-03-01', 'village', 'HA_2', 'en')) AS en_doc;
SELECT (xpath('count(//s:path)', id_doc, '{{s,http://www.w3.org/2000/svg}}'))[1]::text AS paths,
       (xpath('count(//s:g[@class="labels"]/s:text)', id_doc, '{{s,http://www.w3.org/2000/svg}}'))[1]::text AS labels,
       (xpath('count(//s:g[@class="legend"]/s:rect)', id_doc, '{{s,http://www.w3.org/2000/svg}}'))[1]::text AS legend_boxes,
       (xpath('/s:svg/s:text[1]/text()', id_doc, '{{s,http://www.w3.org/2000/svg}}'))[1]::text AS title,
       (xpath('/s:svg/s:text[1]/text()', en_doc, '{{s,http://www.w3.org/2000/svg}}'))[1]::text AS title_en
FROM svg;
-- the four kelurahan with data are coloured by their class, the others grey
SELECT a.name, p.fill, m.stunting_pct >= 30 AS very_high
FROM svg, unnest(xpath('//s:path/@id', id_doc, '{{s,http://www.w3.org/2000/svg}}')::text[],
                 xpath('//s:path/@fill', id_doc, '{{s,http://www.w3.org/2000/svg}}')::text[]) AS p(code, fill)
JOIN stunting.area a ON a.code = p.code
LEFT JOIN stunting.area_month m ON m.code = p.code AND m.month = '2026-03-01'
WHERE p.fill <> '#d9d9d9' OR m.code IS NOT NULL ORDER BY a.code;
SELECT count(*) AS grey FROM svg, unnest(xpath('//s:path/@fill', id_doc, '{{s,http://www.w3.org/2000/svg}}')::text[]) f WHERE f = '#d9d9d9';
-- every path lies inside the picture
SELECT bool_and(v::float8 BETWEEN 0 AND 900) AS inside
FROM svg, unnest(xpath('//s:path/@d', id_doc, '{{s,http://www.w3.org/2000/svg}}')::text[]) d,
     regexp_split_to_table(d, '[^0-9.-]+') v WHERE v <> '';
-- names are escaped
UPDATE stunting.area SET name = 'Bandar <Lor> & "Co"' WHERE code = '35.71.01.1001';
SELECT (xpath('//s:path[@id="35.71.01.1001"]/s:title/text()', xmlparse(document stunting.area_svg('2026-03-01')), '{{s,http://www.w3.org/2000/svg}}'))[1]::text AS escaped;
UPDATE stunting.area SET name = 'Bandar Lor' WHERE code = '35.71.01.1001';
SELECT stunting.area_svg('2026-03-01', 'village', 'HA_2', 'fr');
SELECT stunting.area_svg('2026-03-01', 'province');
