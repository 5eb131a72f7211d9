-- Hotspot statistics (spatial_stats.c, spatial_fmgr.c): Getis-Ord Gi*,
-- Local Moran's I, empirical Bayes smoothing and the false discovery rate,
-- on arrays, usable on any data; hotspots() and hotspot_streak() run them
-- on the monthly summaries with area_neighbours; hotspot_svg and
-- hotspot_geojson map them.

CREATE FUNCTION stunting.local_gi_star(ids text[], y float8[], nb_from text[], nb_to text[],
                                       permutations integer DEFAULT 999, seed bigint DEFAULT 0)
  RETURNS TABLE (id text, g float8, z float8, p_norm float8, p_sim float8)
  AS 'MODULE_PATHNAME', 'stunting_local_gi_star'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 100;

COMMENT ON FUNCTION stunting.local_gi_star(text[], float8[], text[], text[], integer, bigint) IS
  'Getis-Ord Gi* per area (esda G_Local, star=True, transform=''B''): binary weights from the neighbour pairs (nb_from[k], nb_to[k]; either or both directions; repeats and self pairs ignored) plus the self weight; g, analytic z, two-sided normal p_norm, and the two-sided conditional-permutation pseudo p_sim (permutations draws, reproducible for a seed). Islands get NULL statistics; z is NULL where the variance is 0. At least 3 areas; NULL or non-finite values, repeated ids and unknown ids in the pairs are errors';

CREATE FUNCTION stunting.local_moran(ids text[], y float8[], nb_from text[], nb_to text[],
                                     permutations integer DEFAULT 999, seed bigint DEFAULT 0)
  RETURNS TABLE (id text, i float8, quadrant text, z_norm float8, p_norm float8, p_sim float8)
  AS 'MODULE_PATHNAME', 'stunting_local_moran'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 100;

COMMENT ON FUNCTION stunting.local_moran(text[], float8[], text[], text[], integer, bigint) IS
  'Local Moran''s I per area (esda Moran_Local, row-standardised weights from the neighbour pairs): i, quadrant HH/LH/LL/HL as esda assigns it (a value or lag of exactly 0 is not high), z_norm from esda''s total-randomisation moments EI and VI with the two-sided normal p_norm, and the two-sided conditional-permutation pseudo p_sim. Islands, and every area when the values have no variance, get NULL statistics';

CREATE FUNCTION stunting.eb_smooth(ids text[], cases float8[], population float8[],
                                   method text DEFAULT 'binomial',
                                   nb_from text[] DEFAULT NULL, nb_to text[] DEFAULT NULL)
  RETURNS TABLE (id text, raw_rate float8, smoothed_rate float8)
  AS 'MODULE_PATHNAME', 'stunting_eb_smooth'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000 ROWS 100;

COMMENT ON FUNCTION stunting.eb_smooth(text[], float8[], float8[], text, text[], text[]) IS
  'Empirical Bayes smoothing of the rates cases/population: global, or spatial (each area''s prior from itself and its neighbours) when nb_from and nb_to are given. method ''poisson'' is Marshall''s method as GeoDa and esda compute it (prior variance clamped at 0); ''binomial'' (default) the beta-binomial method of moments for a common outcome such as stunting (Martuzzi & Elliott 1996). Populations must be positive; binomial cases at most the population';

CREATE FUNCTION stunting.fdr(p float8[], alpha float8 DEFAULT 0.05)
  RETURNS boolean[]
  AS 'MODULE_PATHNAME', 'stunting_fdr'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.fdr(float8[], float8) IS
  'Benjamini-Hochberg false discovery rate: true where p <= the largest p(k) with p(k) <= k alpha / m (m: the non-NULL p values); NULL p stays NULL';

CREATE FUNCTION stunting.hotspots(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                  permutations integer DEFAULT 999, seed bigint DEFAULT 0)
RETURNS TABLE (code text, name text, cases integer, children integer, rate float8,
               smoothed_rate float8, gi_z float8, gi_p float8, gi_class text,
               lisa_i float8, lisa_quadrant text, lisa_p float8, lisa_class text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
-- The areas of the level with children measured that month are analysed
-- (at least 3 are needed, else every statistic is NULL); the others are
-- listed with NULL statistics.  The statistics run on the global binomial
-- empirical Bayes rate (3 of 10 children is not as sure as 30 of 100; a
-- spatial prior would itself make neighbours alike).  gi_class as ArcGIS's
-- Hot Spot Analysis labels its Gi_Bin (from the two-sided normal p of Gi*,
-- no FDR); lisa_class as GeoDa's LISA cluster map (the quadrant where the
-- pseudo p is significant after the false discovery rate at 0.05; the
-- normal p when permutations = 0).
DECLARE
    ids text[];
    cases_a float8[];
    children_a float8[];
    nb_from text[];
    nb_to text[];
BEGIN
    IF month IS NULL OR level IS NULL OR key IS NULL OR permutations IS NULL OR seed IS NULL THEN
        RAISE EXCEPTION 'hotspots: no argument may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT pg_catalog.array_agg(e.code ORDER BY e.code),
           pg_catalog.array_agg(pg_catalog.round((e.estimate).r * (e.estimate).pop / 100) ORDER BY e.code),
           pg_catalog.array_agg((e.estimate).pop ORDER BY e.code)
    INTO ids, cases_a, children_a
    FROM stunting.area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
    WHERE (e.estimate).pop > 0;
    IF coalesce(pg_catalog.cardinality(ids), 0) < 3 THEN
        RETURN QUERY
        SELECT e.code, e.name, pg_catalog.round((e.estimate).r * (e.estimate).pop / 100)::integer,
               (e.estimate).pop::integer, (e.estimate).r / 100, NULL::float8,
               NULL::float8, NULL::float8, NULL::text, NULL::float8, NULL::text, NULL::float8, NULL::text
        FROM stunting.area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
        ORDER BY e.code;
        RETURN;
    END IF;
    SELECT coalesce(pg_catalog.array_agg(n.code ORDER BY n.code, n.neighbour_code), '{}'),
           coalesce(pg_catalog.array_agg(n.neighbour_code ORDER BY n.code, n.neighbour_code), '{}')
    INTO nb_from, nb_to
    FROM stunting.area_neighbours(hotspots.level) n
    WHERE n.code = ANY (ids) AND n.neighbour_code = ANY (ids);

    RETURN QUERY
    WITH eb AS (SELECT * FROM stunting.eb_smooth(ids, cases_a, children_a, 'binomial')),
         y AS (SELECT pg_catalog.array_agg(eb.smoothed_rate ORDER BY eb.id) AS v FROM eb),
         gi AS (SELECT s.* FROM y, stunting.local_gi_star(ids, y.v, nb_from, nb_to,
                                                   hotspots.permutations, hotspots.seed) s),
         lm AS (SELECT s.*, CASE WHEN hotspots.permutations > 0 THEN s.p_sim ELSE s.p_norm END AS p
                FROM y, stunting.local_moran(ids, y.v, nb_from, nb_to, hotspots.permutations, hotspots.seed) s),
         sig AS (SELECT u.id, u.significant
                 FROM (SELECT pg_catalog.array_agg(lm.id ORDER BY lm.id) AS ids,
                              stunting.fdr(pg_catalog.array_agg(lm.p ORDER BY lm.id), 0.05) AS flags FROM lm) f,
                      ROWS FROM (pg_catalog.unnest(f.ids), pg_catalog.unnest(f.flags)) AS u (id, significant))
    SELECT e.code, e.name, pg_catalog.round((e.estimate).r * (e.estimate).pop / 100)::integer,
           (e.estimate).pop::integer,
           eb.raw_rate, eb.smoothed_rate,
           gi.z, gi.p_norm,
           CASE WHEN gi.z IS NULL THEN NULL
                WHEN gi.p_norm < 0.01 THEN CASE WHEN gi.z > 0 THEN 'Hot Spot - 99% Confidence' ELSE 'Cold Spot - 99% Confidence' END
                WHEN gi.p_norm < 0.05 THEN CASE WHEN gi.z > 0 THEN 'Hot Spot - 95% Confidence' ELSE 'Cold Spot - 95% Confidence' END
                WHEN gi.p_norm < 0.10 THEN CASE WHEN gi.z > 0 THEN 'Hot Spot - 90% Confidence' ELSE 'Cold Spot - 90% Confidence' END
                ELSE 'Not Significant' END,
           lm.i, lm.quadrant, lm.p,
           CASE WHEN lm.i IS NULL THEN NULL
                WHEN NOT sig.significant THEN 'Not Significant'
                ELSE CASE lm.quadrant WHEN 'HH' THEN 'High-High' WHEN 'LL' THEN 'Low-Low'
                                      WHEN 'LH' THEN 'Low-High' WHEN 'HL' THEN 'High-Low' END END
    FROM stunting.area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
    LEFT JOIN eb ON eb.id = e.code
    LEFT JOIN gi ON gi.id = e.code
    LEFT JOIN lm ON lm.id = e.code
    LEFT JOIN sig ON sig.id = e.code
    ORDER BY e.code;
END
$$;

COMMENT ON FUNCTION stunting.hotspots(date, text, text, integer, bigint) IS
'Stunting hotspots of a month (default key HA_2): per area of the level, cases and children, the rate and its global binomial empirical Bayes smoothing, Getis-Ord Gi* (gi_z, two-sided normal gi_p, gi_class as ArcGIS labels Gi_Bin: Hot/Cold Spot - 99/95/90% Confidence, Not Significant) and Local Moran''s I (lisa_i, lisa_quadrant, lisa_p = pseudo p, lisa_class as GeoDa: High-High, Low-Low, Low-High, High-Low where significant after the false discovery rate at 0.05, else Not Significant), both on the smoothed rate with area_neighbours. Areas without children measured, and islands, get NULL statistics';

CREATE FUNCTION stunting.hotspot_streak(level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                        months integer DEFAULT 12)
RETURNS TABLE (code text, name text, streak integer, hot_months integer, through date)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
-- Gi* hot spot (any confidence) month by month over the last `months`
-- months with data, counted back from the latest.
DECLARE
    latest date;
BEGIN
    IF level IS NULL OR key IS NULL OR months IS NULL THEN
        RAISE EXCEPTION 'hotspot_streak: no argument may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF months < 1 OR months > 240 THEN
        RAISE EXCEPTION 'hotspot_streak: months must be between 1 and 240, got %', months
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT pg_catalog.max(s.month) INTO latest FROM stunting.area_month_summary s WHERE s.children > 0;
    IF latest IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH m AS (SELECT (latest - pg_catalog.make_interval(months => k))::date AS month, k
               FROM pg_catalog.generate_series(0, months - 1) k),
         hot AS (SELECT h.code, m.k, h.gi_class LIKE 'Hot Spot%' AS is_hot
                 FROM m CROSS JOIN LATERAL stunting.hotspots(m.month, hotspot_streak.level, hotspot_streak.key, 0) h)
    SELECT a.code, a.name,
           coalesce((SELECT pg_catalog.min(h.k) FROM hot h WHERE h.code = a.code AND h.is_hot IS NOT TRUE),
                    (SELECT pg_catalog.count(*) FROM hot h WHERE h.code = a.code))::integer,
           (SELECT pg_catalog.count(*) FROM hot h WHERE h.code = a.code AND h.is_hot)::integer,
           latest
    FROM area a
    WHERE a.level = hotspot_streak.level AND a.geom IS NOT NULL
    ORDER BY a.code;
END
$$;

COMMENT ON FUNCTION stunting.hotspot_streak(text, text, integer) IS
'How many consecutive months, up to the latest month with data (through), each area of the level has been a Gi* hot spot (any confidence; stunting.hotspots with permutations 0), and in how many of the last `months` months it was one';

-- Hotspot classes and their colours (ArcGIS's Hot Spot Analysis and
-- GeoDa's LISA cluster map use these): the class names are theirs.
CREATE FUNCTION stunting.hotspot_svg(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                     lang text DEFAULT 'id', statistic text DEFAULT 'gi',
                                     permutations integer DEFAULT 999, seed bigint DEFAULT 0)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    en boolean;
    gi_classes constant text[] := ARRAY['Hot Spot - 99% Confidence', 'Hot Spot - 95% Confidence', 'Hot Spot - 90% Confidence',
                                        'Not Significant', 'Cold Spot - 90% Confidence', 'Cold Spot - 95% Confidence',
                                        'Cold Spot - 99% Confidence'];
    gi_colours constant text[] := ARRAY['#d62f27', '#ed7551', '#fab984', '#f7f7f2', '#c0ccbe', '#849eba', '#4575b5'];
    gi_id constant text[] := ARRAY['titik panas 99 %', 'titik panas 95 %', 'titik panas 90 %', 'tidak bermakna',
                                   'titik dingin 90 %', 'titik dingin 95 %', 'titik dingin 99 %'];
    lisa_classes constant text[] := ARRAY['High-High', 'Low-Low', 'Low-High', 'High-Low', 'Not Significant'];
    lisa_colours constant text[] := ARRAY['#ff0000', '#0000ff', '#a7adf9', '#f4ada8', '#eeeeee'];
    lisa_id constant text[] := ARRAY['tinggi-tinggi', 'rendah-rendah', 'rendah-tinggi', 'tinggi-rendah', 'tidak bermakna'];
    classes text[];
    colours text[];
    names text[];
    fills jsonb;
BEGIN
    IF lang IS NULL OR pg_catalog.lower(lang) NOT IN ('id', 'en') THEN
        RAISE EXCEPTION 'hotspot_svg: invalid language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''id'' (Bahasa Indonesia) or ''en''.';
    END IF;
    IF statistic IS NULL OR statistic NOT IN ('gi', 'lisa') THEN
        RAISE EXCEPTION 'hotspot_svg: invalid statistic "%"', statistic
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''gi'' (Getis-Ord Gi*) or ''lisa'' (Local Moran''s I).';
    END IF;
    en := pg_catalog.lower(lang) = 'en';
    classes := CASE WHEN statistic = 'gi' THEN gi_classes ELSE lisa_classes END;
    colours := CASE WHEN statistic = 'gi' THEN gi_colours ELSE lisa_colours END;
    names := CASE WHEN en THEN classes WHEN statistic = 'gi' THEN gi_id ELSE lisa_id END;
    SELECT pg_catalog.jsonb_object_agg(h.code, pg_catalog.jsonb_build_object(
               'fill', coalesce(colours[pg_catalog.array_position(classes, c.cls)], '#d9d9d9'),
               'tip', CASE WHEN c.cls IS NULL THEN CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END
                           ELSE pg_catalog.format('%s; %s %% (%s/%s)', names[pg_catalog.array_position(classes, c.cls)],
                                       pg_catalog.to_char(100 * h.rate, 'FM990.0'), h.cases, h.children) END))
    INTO fills
    FROM stunting.hotspots(month, level, key, permutations, seed) h,
         LATERAL (SELECT CASE WHEN statistic = 'gi' THEN h.gi_class ELSE h.lisa_class END AS cls) c;
    RETURN stunting.svg_map(level,
                   CASE WHEN statistic = 'gi'
                        THEN CASE WHEN en THEN 'Stunting hot spots (Getis-Ord Gi*) ' ELSE 'Titik panas stunting (Getis-Ord Gi*) ' END
                        ELSE CASE WHEN en THEN 'Stunting clusters (Local Moran''s I) ' ELSE 'Klaster stunting (Local Moran''s I) ' END END
                   || key || ' — ' || pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM'),
                   CASE WHEN en THEN 'Class' ELSE 'Kelas' END,
                   CASE WHEN en THEN 'Data month: ' ELSE 'Bulan data: ' END
                   || pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM')
                   || CASE WHEN statistic = 'gi'
                           THEN CASE WHEN en THEN '. Gi* on the empirical Bayes rate, kelurahan neighbours within 5 m; confidence from the normal p.'
                                     ELSE '. Gi* atas laju empirical Bayes, tetangga kelurahan dalam 5 m; kepercayaan dari p normal.' END
                           ELSE CASE WHEN en THEN pg_catalog.format('. Local Moran''s I on the empirical Bayes rate; %s permutations, FDR 0.05.', permutations)
                                     ELSE pg_catalog.format('. Local Moran''s I atas laju empirical Bayes; %s permutasi, FDR 0,05.', permutations) END END,
                   colours OPERATOR(pg_catalog.||) '#d9d9d9'::text,
                   names OPERATOR(pg_catalog.||) CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END,
                   fills,
                   '#9e9e9e');  -- grey outlines: "not significant" is near white
END
$$;

COMMENT ON FUNCTION stunting.hotspot_svg(date, text, text, text, text, integer, bigint) IS
'A complete SVG map of stunting.hotspots: statistic ''gi'' colours the areas by Gi* class as ArcGIS''s Hot Spot Analysis does (hot/cold spot 99/95/90 %, not significant), ''lisa'' by LISA cluster as GeoDa does (High-High, Low-Low, Low-High, High-Low, not significant); legend, labels, a tooltip per area and the data month, in Bahasa Indonesia (default) or English';

CREATE FUNCTION stunting.hotspot_geojson(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
                                         permutations integer DEFAULT 999, seed bigint DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT pg_catalog.jsonb_build_object(
        'type', 'FeatureCollection',
        'month', pg_catalog.to_char(pg_catalog.date_trunc('month', month), 'YYYY-MM'),
        'level', hotspot_geojson.level,  -- not the joined area's column
        'key', key,
        'features', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
            'type', 'Feature',
            'id', h.code,
            'geometry', ST_AsGeoJSON(a.geom, 6)::jsonb,
            'properties', pg_catalog.to_jsonb(h))
            ORDER BY h.code), '[]'::jsonb))
    FROM stunting.hotspots(month, level, key, permutations, seed) h
    JOIN area a ON a.code = h.code
$$;

COMMENT ON FUNCTION stunting.hotspot_geojson(date, text, text, integer, bigint) IS
'A GeoJSON FeatureCollection of the areas of a level with every column of stunting.hotspots as properties (gi_class and lisa_class to style by), for QGIS, Leaflet or any GIS';

