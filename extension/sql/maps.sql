-- Maps of the monthly estimates: GeoJSON, Mapbox vector tiles (the
-- function-layer signature of pg_tileserv and Martin) and SVG choropleths.

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
    LEFT JOIN stunting.area_month m ON m.code = a.code AND m.month = pg_catalog.date_trunc('month', area_month_estimate.month)::date
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
        m := (SELECT pg_catalog.max(s.month) FROM stunting.area_month_summary s WHERE s.children > 0);
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

COMMENT ON FUNCTION stunting.area_mvt(integer, integer, integer, date, text) IS
'Mapbox vector tile z/x/y (layer "areas", EPSG:3857) of the areas of a level with their stunting estimate for a month (default: the latest month with data): code, name, parent_name, children, stunted, stunting_pct, ci_low, ci_high, month. The signature pg_tileserv and Martin publish as a function layer.';

-- Text made safe for XML character data and attribute values.
CREATE FUNCTION stunting.xml_escape(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
RETURN pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&apos;');

COMMENT ON FUNCTION stunting.xml_escape(text) IS 'Escapes & < > " and '' for XML text and attribute values';

CREATE FUNCTION stunting.svg_map(level text, title text, legend_title text, note text,
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

COMMENT ON FUNCTION stunting.svg_map(text, text, text, text, text[], text[], jsonb, text) IS
'The SVG layout behind area_svg and hotspot_svg: every area of the level with a boundary, filled and titled from fills ({code: {"fill", "tip"}}; grey without) and outlined in stroke, labels at ST_PointOnSurface, a title, a legend of the given colours and labels, and a note';

CREATE FUNCTION stunting.area_svg(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
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

COMMENT ON FUNCTION stunting.area_svg(date, text, text, text) IS
'A complete SVG choropleth of the areas of a level for a month: the prevalence of a key (default HA_2, stunting) in the WHO-UNICEF 2018 classes, with title, legend, area labels at ST_PointOnSurface, a tooltip per area and a note of the data month; lang ''id'' (default) or ''en''.';
