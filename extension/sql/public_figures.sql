-- The published figures: area-level counts and stunting rates for BI tools
-- and tile servers, with small cells suppressed.  No child row, no home
-- point, nothing below the kelurahan.
--
-- Suppression, per month and area (every level), with k the setting
-- stunting.min_cell_size (default 5):
--   primary: an area with fewer than k children measured shows no figure;
--     a count of stunted (or severely stunted) children from 1 to k - 1,
--     or a rate from fewer than k valid height-for-age z-scores, is hidden
--     with its rate and interval (a rate and the count of children give
--     the count back).  A count of 0 is shown: it names no child.
--   complementary: a hidden figure must not be derivable from the areas
--     around it in the tree.  Where a parent shows a figure and exactly
--     one of its areas hides it (the parent's minus the others' gives it
--     back), or the hidden ones sum to less than k (they bound each other),
--     the smallest non-zero figure shown among the others is hidden too
--     (or, without another, the parent's); where a parent hides a figure
--     and all of its areas show it (their sum gives it back), the smallest
--     of theirs is hidden.  Hidden zeros need nothing more (a 0 names no
--     child).  Repeated until no group needs more.  Which
--     figures are hidden for which reason is not published: a complement
--     known as such (0, or at least k) would give the small count back.
-- Why 5: fewer than five children in a kelurahan is a group their
-- neighbours can name, the threshold health statistics by area commonly
-- use; and a prevalence from fewer than five children means nothing (its
-- 95 % interval spans most of 0-100 %).

CREATE FUNCTION stunting.public_area_month(in_month date DEFAULT NULL)
RETURNS TABLE (month date, level text, code text, name text, parent_code text,
               children integer, stunted integer, stunting_pct float8, stunting_ci_low float8, stunting_ci_high float8,
               severely_stunted integer, severe_stunting_pct float8, severe_ci_low float8, severe_ci_high float8,
               suppressed boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
DECLARE
    k integer := stunting.min_cell_size();
    c_month date[];
    c_code text[];
    c_parent integer[];
    c_val integer[][];          -- [cell][1 children, 2 stunted, 3 severely stunted]
    c_pop integer[][];          -- valid z-scores behind the rates [cell][2|3]
    hidden boolean[][];
    n integer;
    i integer;
    j integer;
    g integer;
    v integer;
    hidden_count integer;
    hidden_sum integer;
    pick integer;
    changed boolean := true;
BEGIN
    -- the cells, grouped by (month, parent): each group is one run of
    -- consecutive indexes
    SELECT pg_catalog.array_agg(x.month ORDER BY x.i), pg_catalog.array_agg(x.code ORDER BY x.i),
           pg_catalog.array_agg(x.parent_i ORDER BY x.i),
           pg_catalog.array_agg(ARRAY[x.children, x.stunted, x.severely_stunted] ORDER BY x.i),
           pg_catalog.array_agg(ARRAY[0, COALESCE((x.e2).unwpop, 0)::integer, COALESCE((x.e3).unwpop, 0)::integer] ORDER BY x.i)
    INTO c_month, c_code, c_parent, c_val, c_pop
    FROM (SELECT c.*, p.i AS parent_i
          FROM (SELECT r.*, pg_catalog.row_number() OVER (ORDER BY r.month, r.parent_code COLLATE pg_catalog."C" NULLS FIRST,
                                                                   r.code COLLATE pg_catalog."C")::integer AS i
                FROM (SELECT s.month, v.code, a.parent_code,
                             pg_catalog.sum(s.children)::integer AS children, pg_catalog.sum(s.stunted)::integer AS stunted,
                             pg_catalog.sum(s.severely_stunted)::integer AS severely_stunted,
                             stunting.prevalence(stunting.merge(s.summary ORDER BY s.area_code), 'HA_2') AS e2,
                             stunting.prevalence(stunting.merge(s.summary ORDER BY s.area_code), 'HA_3') AS e3
                      FROM stunting.area_month_summary s
                      JOIN stunting.area_village v ON v.village_code = s.area_code
                      JOIN stunting.area a ON a.code = v.code
                      WHERE s.children > 0
                        AND (public_area_month.in_month IS NULL
                             OR s.month = pg_catalog.date_trunc('month', public_area_month.in_month)::date)
                      GROUP BY s.month, v.code, a.parent_code) r) c
          LEFT JOIN (SELECT r.month, r.code, pg_catalog.row_number() OVER (ORDER BY r.month, r.parent_code COLLATE pg_catalog."C" NULLS FIRST,
                                                                              r.code COLLATE pg_catalog."C")::integer AS i
                     FROM (SELECT DISTINCT s.month, v.code, a.parent_code
                           FROM stunting.area_month_summary s
                           JOIN stunting.area_village v ON v.village_code = s.area_code
                           JOIN stunting.area a ON a.code = v.code
                           WHERE s.children > 0
                             AND (public_area_month.in_month IS NULL
                                  OR s.month = pg_catalog.date_trunc('month', public_area_month.in_month)::date)) r) p
            ON p.month = c.month AND p.code = c.parent_code) x;
    n := COALESCE(pg_catalog.cardinality(c_month), 0);
    IF n = 0 THEN
        RETURN;
    END IF;

    -- primary suppression
    hidden := pg_catalog.array_fill(false, ARRAY[n, 3]);
    FOR i IN 1 .. n LOOP
        IF c_val[i][1] < k THEN
            hidden[i][1] := true; hidden[i][2] := true; hidden[i][3] := true;
        END IF;
        FOR v IN 2 .. 3 LOOP
            IF c_val[i][v] BETWEEN 1 AND k - 1 OR c_pop[i][v] < k THEN
                hidden[i][v] := true;
            END IF;
        END LOOP;
    END LOOP;

    -- complementary suppression, to a fixed point (each pass hides one more
    -- figure or ends)
    WHILE changed LOOP
        changed := false;
        i := 1;
        WHILE i <= n LOOP
            j := i;
            WHILE j < n AND c_month[j + 1] = c_month[i] AND c_parent[j + 1] IS NOT DISTINCT FROM c_parent[i] LOOP
                j := j + 1;
            END LOOP;
            IF c_parent[i] IS NOT NULL THEN
                FOR v IN 1 .. 3 LOOP
                    hidden_count := 0;
                    hidden_sum := 0;
                    pick := NULL;
                    FOR g IN i .. j LOOP
                        IF hidden[g][v] THEN
                            hidden_count := hidden_count + 1;
                            hidden_sum := hidden_sum + c_val[g][v];
                        -- the complement: the smallest figure shown, a 0
                        -- only when there is nothing else (a 0 hidden
                        -- beside a small count protects nothing)
                        ELSIF pick IS NULL OR (c_val[pick][v] = 0 AND c_val[g][v] > 0)
                              OR (c_val[g][v] > 0 AND c_val[g][v] < c_val[pick][v]) THEN
                            pick := g;
                        END IF;
                    END LOOP;
                    -- (hidden zeros need no protection: a 0 names no child)
                    IF hidden[c_parent[i]][v] THEN
                        -- a hidden parent with all its areas shown is their sum
                        IF hidden_count > 0 OR pick IS NULL OR c_val[c_parent[i]][v] = 0 THEN
                            CONTINUE;
                        END IF;
                    ELSIF hidden_sum > 0 AND (hidden_count = 1 OR hidden_sum < k) THEN
                        -- one hidden figure is the parent's minus the others';
                        -- hidden ones summing to less than k bound each other
                        pick := COALESCE(pick, c_parent[i]);
                    ELSE
                        CONTINUE;
                    END IF;
                    IF v = 1 THEN
                        hidden[pick][1] := true; hidden[pick][2] := true; hidden[pick][3] := true;
                    ELSE
                        hidden[pick][v] := true;
                    END IF;
                    changed := true;
                END LOOP;
            END IF;
            i := j + 1;
        END LOOP;
    END LOOP;

    RETURN QUERY
    SELECT c_month[x.i], a.level, a.code, a.name, a.parent_code,
           CASE WHEN NOT hidden[x.i][1] THEN c_val[x.i][1] END,
           CASE WHEN NOT hidden[x.i][2] THEN c_val[x.i][2] END,
           CASE WHEN NOT hidden[x.i][2] THEN (e.e2).r END,
           CASE WHEN NOT hidden[x.i][2] THEN (e.e2).ll END,
           CASE WHEN NOT hidden[x.i][2] THEN (e.e2).ul END,
           CASE WHEN NOT hidden[x.i][3] THEN c_val[x.i][3] END,
           CASE WHEN NOT hidden[x.i][3] THEN (e.e3).r END,
           CASE WHEN NOT hidden[x.i][3] THEN (e.e3).ll END,
           CASE WHEN NOT hidden[x.i][3] THEN (e.e3).ul END,
           hidden[x.i][1] OR hidden[x.i][2] OR hidden[x.i][3]
    FROM pg_catalog.generate_series(1, n) AS x(i)
    JOIN stunting.area a ON a.code = c_code[x.i]
    CROSS JOIN LATERAL (
        SELECT CASE WHEN NOT hidden[x.i][2] THEN stunting.prevalence(m.s, 'HA_2') END AS e2,
               CASE WHEN NOT hidden[x.i][3] THEN stunting.prevalence(m.s, 'HA_3') END AS e3
        FROM (SELECT stunting.merge(s.summary ORDER BY s.area_code) AS s
              FROM stunting.area_month_summary s
              JOIN stunting.area_village v ON v.village_code = s.area_code
              WHERE v.code = c_code[x.i] AND s.month = c_month[x.i] AND s.children > 0) m) e
    ORDER BY c_month[x.i], a.code;
END
$$;

-- Granted by every template (stunting.grant_template).
REVOKE EXECUTE ON FUNCTION stunting.public_area_month(date) FROM PUBLIC;

COMMENT ON FUNCTION stunting.public_area_month(date) IS
'The published figures of a month (all months when NULL) for every area with data: children, stunted and severely stunted counts, rates and 95% intervals, small cells suppressed (stunting.min_cell_size, primary and complementary; suppressed); SECURITY DEFINER over the summaries, so its readers need no privilege on them';

CREATE VIEW stunting.area_month_public AS
SELECT p.month, p.level, p.code, p.name, p.parent_code, p.children, p.stunted, p.stunting_pct,
       p.stunting_ci_low, p.stunting_ci_high, p.severely_stunted, p.severe_stunting_pct,
       p.severe_ci_low, p.severe_ci_high, p.suppressed
FROM stunting.public_area_month(NULL) p;

COMMENT ON VIEW stunting.area_month_public IS 'Published monthly figures of every area (kelurahan, kecamatan, city) for BI tools and the public: counts, stunting rates and intervals, with small cells suppressed (stunting.min_cell_size); no child-level data';

COMMENT ON COLUMN stunting.area_month_public.month IS 'Month (first day)';
COMMENT ON COLUMN stunting.area_month_public.level IS 'Area level: village, district, regency, province';
COMMENT ON COLUMN stunting.area_month_public.code IS 'Area code (Kemendagri)';
COMMENT ON COLUMN stunting.area_month_public.name IS 'Area name';
COMMENT ON COLUMN stunting.area_month_public.parent_code IS 'Code of the area one level up';
COMMENT ON COLUMN stunting.area_month_public.children IS 'Children measured in the month; NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.stunted IS 'Children stunted (HAZ < -2); NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.stunting_pct IS 'Stunting prevalence, %; NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.stunting_ci_low IS 'Lower limit of its 95% interval; NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.stunting_ci_high IS 'Upper limit of its 95% interval; NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.severely_stunted IS 'Children severely stunted (HAZ < -3); NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.severe_stunting_pct IS 'Severe stunting prevalence, %; NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.severe_ci_low IS 'Lower limit of its 95% interval; NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.severe_ci_high IS 'Upper limit of its 95% interval; NULL when suppressed';
COMMENT ON COLUMN stunting.area_month_public.suppressed IS 'Some figure of the row is hidden (a small count, or one that would give a small count back: which is not said)';

-- The tile layer of the published figures, with area_mvt's signature (the
-- one pg_tileserv publishes).
CREATE FUNCTION stunting.area_public_mvt(z integer, x integer, y integer, month date DEFAULT NULL,
                                         level text DEFAULT 'village')
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    m date := pg_catalog.date_trunc('month', month)::date;
    tile bytea;
BEGIN
    IF z IS NULL OR x IS NULL OR y IS NULL OR z < 0 OR z > 30 OR x < 0 OR y < 0
       OR x >= (1::bigint << z) OR y >= (1::bigint << z) THEN
        RAISE EXCEPTION 'area_public_mvt: no tile %/%/%', z, x, y
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM stunting.area_parent_level(level);
    IF m IS NULL THEN
        m := (SELECT pg_catalog.max(p.month) FROM stunting.public_area_month(NULL) p);
    END IF;
    SELECT ST_AsMVT(t, 'areas', 4096, 'geom') INTO tile
    FROM (SELECT a.code, a.name, p.children, p.stunted, p.stunting_pct, p.stunting_ci_low AS ci_low,
                 p.stunting_ci_high AS ci_high, COALESCE(p.suppressed, false) AS suppressed,
                 pg_catalog.to_char(m, 'YYYY-MM') AS month,
                 ST_AsMVTGeom(ST_Transform(a.geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
          FROM stunting.area a
          LEFT JOIN stunting.public_area_month(m) p ON p.code = a.code
          WHERE a.level = area_public_mvt.level AND a.geom IS NOT NULL
            AND ST_Transform(a.geom, 3857) && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)) t
    WHERE t.geom IS NOT NULL;
    RETURN COALESCE(tile, ''::bytea);
END
$$;

-- Granted by the tiles template.
REVOKE EXECUTE ON FUNCTION stunting.area_public_mvt(integer, integer, integer, date, text) FROM PUBLIC;

COMMENT ON FUNCTION stunting.area_public_mvt(integer, integer, integer, date, text) IS
'Mapbox vector tile z/x/y (layer "areas", EPSG:3857) of the published figures of a month (default: the latest) for the areas of a level: code, name, children, stunted, stunting_pct, ci_low, ci_high (NULL where suppressed), suppressed, month; reads only stunting.area_month_public''s source and the boundaries';
