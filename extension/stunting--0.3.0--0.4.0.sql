-- stunting 0.3.0 -> 0.4.0: the measurement at a z-score (the inverse of the
-- WHO z-scores), the normal quantile, and simulate_children, which fills the
-- surveillance tables with synthetic children for demos, tests and
-- benchmarks; area_at in C.

\echo Use "ALTER EXTENSION stunting UPDATE TO '0.4.0'" to load this file. \quit

CREATE FUNCTION stunting.value_at_zscore(indicator text, sex text, age_days float8, z float8,
                                         lenhei_cm float8 DEFAULT NULL, measure text DEFAULT NULL)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_value_at_zscore'
  LANGUAGE C IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION stunting.value_at_zscore(text, text, float8, float8, float8, text) IS
  'The measurement whose (unrounded) WHO z-score is z: indicator lhfa (cm, as measured with `measure`: the 0.7 cm rule undone), wfa (kg), wflh (kg at lenhei_cm as measured), bfa (kg/m2), hcfa/acfa (cm), tsfa/ssfa (mm); the same tables and age rules as the zscore_* functions, WHO''s linear extension beyond ±3 SD for the restricted indicators. NULL where the z-score would be NULL. Growth-chart SD lines and simulated children';

CREATE FUNCTION stunting.normal_quantile(p float8)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'stunting_normal_quantile'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.normal_quantile(float8) IS
  'Standard normal quantile (R''s qnorm, algorithm AS 241): -Infinity at 0, Infinity at 1, ERROR outside [0, 1]';

-- A standard normal deviate from random() (Box-Muller), so that
-- setseed() makes simulate_children reproducible.
CREATE FUNCTION stunting.random_normal_deviate()
  RETURNS float8
  LANGUAGE sql VOLATILE PARALLEL RESTRICTED
  RETURN sqrt(-2.0 * ln(1.0 - random())) * cos(2.0 * pi() * random());
COMMENT ON FUNCTION stunting.random_normal_deviate() IS
  'A standard normal deviate drawn with random() (Box-Muller): reproducible after setseed(); used by simulate_children';

CREATE FUNCTION stunting.simulate_children(
    n integer,
    seed integer,
    months integer DEFAULT 12,
    last_month date DEFAULT NULL,
    prevalence jsonb DEFAULT '{}',
    default_prevalence float8 DEFAULT 0.2,
    within text DEFAULT NULL,
    attendance float8 DEFAULT 0.85,
    digit_preference float8 DEFAULT 0.05,
    unit_slips float8 DEFAULT 0.005)
  RETURNS TABLE (children bigint, measurements bigint, rejected bigint)
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
  SET search_path FROM CURRENT
AS $$
-- The model (README, "Simulated children"):
--   * every village (below `within`, when given) gets children with equal
--     probability; each child a sex (1:1), a birth date such that it is
--     under five years old in some month of the window, a home point inside
--     the village (5 % of them off by a GPS error of about 20 m);
--   * a child's own height-for-age z is drawn around its village's mean,
--     chosen so that the share below -2 is the village's target prevalence
--     (the deepest area with an entry in `prevalence`, else
--     default_prevalence), plus a village effect (SD 0.15), the child's
--     own SD 1.3; weight-for-length/height around -0.3 (SD 1.0);
--   * each month the child comes to the posyandu with probability
--     `attendance`, on the village's posyandu day; the month's z-scores
--     vary around the child's own (SD 0.3 and 0.5), so that the SDs of a
--     month's z-scores are where WHO expects real surveys; length (lying under
--     731 days) or height and weight are the WHO values at those z-scores
--     (value_at_zscore), recorded to 0.1 cm and 0.1 kg;
--   * field errors: with probability `digit_preference` both values are
--     recorded to the nearest 0.5 (terminal digits 0 and 5), with
--     probability `unit_slips` the weight is typed in grams, the length in
--     millimetres, or the two are swapped.  The data-entry checks reject
--     what they catch: those rows are not inserted and are counted as
--     rejected, as the app would refuse them.
-- setseed(seed) makes it reproducible (same seed, same database, same
-- last_month: same rows); it also resets the session's random() sequence.
DECLARE
    -- SDs of HAZ: the total (about 1.35) is where WHO expects survey data
    child_sd      constant float8 := 1.3;   -- between children
    month_sd      constant float8 := 0.3;   -- month to month (growth, measurement error)
    village_sd    constant float8 := 0.15;  -- between villages' means
    first_month   date;
    window_end    date;
    n_villages    integer;
    bad_key       text;
    n_children    bigint;
    n_measured    bigint;
    n_rejected    bigint;
BEGIN
    IF n IS NULL OR seed IS NULL OR months IS NULL OR prevalence IS NULL
       OR default_prevalence IS NULL OR attendance IS NULL
       OR digit_preference IS NULL OR unit_slips IS NULL THEN
        RAISE EXCEPTION 'simulate_children: only last_month and within may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF n < 1 THEN
        RAISE EXCEPTION 'simulate_children: n must be at least 1, got %', n
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF months < 1 OR months > 240 THEN
        RAISE EXCEPTION 'simulate_children: months must be between 1 and 240, got %', months
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (default_prevalence > 0 AND default_prevalence < 1) THEN
        RAISE EXCEPTION 'simulate_children: default_prevalence must be between 0 and 1 (exclusive), got %', default_prevalence
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (attendance > 0 AND attendance <= 1) THEN
        RAISE EXCEPTION 'simulate_children: attendance must be in (0, 1], got %', attendance
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (digit_preference >= 0 AND digit_preference <= 1) THEN
        RAISE EXCEPTION 'simulate_children: digit_preference must be in [0, 1], got %', digit_preference
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (unit_slips >= 0 AND unit_slips <= 1) THEN
        RAISE EXCEPTION 'simulate_children: unit_slips must be in [0, 1], got %', unit_slips
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(prevalence) <> 'object' THEN
        RAISE EXCEPTION 'simulate_children: prevalence must be a JSON object of area code -> proportion, got %', prevalence
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT key INTO bad_key FROM jsonb_each(prevalence) AS e
    WHERE NOT EXISTS (SELECT 1 FROM area a WHERE a.code = e.key) ORDER BY key LIMIT 1;
    IF bad_key IS NOT NULL THEN
        RAISE EXCEPTION 'simulate_children: prevalence names area "%", which is not in stunting.area', bad_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT key INTO bad_key FROM jsonb_each(prevalence) AS e
    WHERE jsonb_typeof(e.value) <> 'number' OR NOT ((e.value)::float8 > 0 AND (e.value)::float8 < 1)
    ORDER BY key LIMIT 1;
    IF bad_key IS NOT NULL THEN
        RAISE EXCEPTION 'simulate_children: the prevalence of area "%" must be a number between 0 and 1 (exclusive), got %',
                        bad_key, prevalence -> bad_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF within IS NOT NULL AND NOT EXISTS (SELECT 1 FROM area WHERE code = within) THEN
        RAISE EXCEPTION 'simulate_children: no area "%" in stunting.area', within
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF last_month IS NULL THEN
        last_month := (date_trunc('month', current_date) - interval '1 month')::date;
    END IF;
    last_month := date_trunc('month', last_month)::date;
    IF last_month > date_trunc('month', current_date) THEN
        RAISE EXCEPTION 'simulate_children: last_month % is in the future', to_char(last_month, 'YYYY-MM')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    first_month := (last_month - make_interval(months => months - 1))::date;
    window_end := (last_month + interval '1 month' - interval '1 day')::date;

    PERFORM setseed(seed / 2147483648.0);

    -- rows inserted with explicit ids leave the identity sequences behind:
    -- move them past those ids so that the new rows cannot collide
    PERFORM setval('stunting.child_id_seq', max(id)) FROM child
    HAVING max(id) >= (SELECT last_value FROM stunting.child_id_seq);
    PERFORM setval('stunting.measurement_id_seq', max(id)) FROM measurement
    HAVING max(id) >= (SELECT last_value FROM stunting.measurement_id_seq);

    -- villages with their target prevalence (the deepest area that has one)
    CREATE TEMP TABLE stunting_sim_village ON COMMIT DROP AS
    WITH RECURSIVE up (village, ancestor, depth, parent_code) AS (
        SELECT a.code, a.code, 0, a.parent_code
        FROM area a WHERE a.level = 'village' AND a.geom IS NOT NULL
        UNION ALL
        SELECT up.village, p.code, up.depth + 1, p.parent_code
        FROM up JOIN area p ON p.code = up.parent_code
        WHERE up.depth < 10
    )
    SELECT v.code, v.name, v.geom,
           row_number() OVER (ORDER BY v.code)::integer AS k,
           coalesce((SELECT (prevalence ->> up.ancestor)::float8 FROM up
                     WHERE up.village = v.code AND prevalence ? up.ancestor
                     ORDER BY up.depth LIMIT 1),
                    default_prevalence) AS target
    FROM area v
    WHERE v.level = 'village' AND v.geom IS NOT NULL
      AND (within IS NULL
           OR EXISTS (SELECT 1 FROM up WHERE up.village = v.code AND up.ancestor = within));
    SELECT count(*) INTO n_villages FROM stunting_sim_village;
    IF n_villages = 0 THEN
        RAISE EXCEPTION 'simulate_children: no village with a boundary%',
                        CASE WHEN within IS NULL THEN ' in stunting.area' ELSE format(' in area "%s"', within) END
            USING ERRCODE = 'no_data_found',
                  HINT = 'Load kelurahan/desa boundaries with stunting.load_areas first.';
    END IF;

    -- the village's mean HAZ (P(HAZ < -2) = target), village effect, posyandu day
    ALTER TABLE stunting_sim_village ADD COLUMN mean_haz float8, ADD COLUMN posyandu_day integer;
    UPDATE stunting_sim_village v
    SET mean_haz = s.mean_haz, posyandu_day = s.posyandu_day
    FROM (SELECT code,
                 -2.0 - sqrt(child_sd ^ 2 + month_sd ^ 2) * normal_quantile(target)
                     + village_sd * random_normal_deviate() AS mean_haz,
                 5 + floor(random() * 20)::integer AS posyandu_day
          FROM (SELECT code, target FROM stunting_sim_village ORDER BY k OFFSET 0) o) s
    WHERE v.code = s.code;

    CREATE TEMP TABLE stunting_sim_child ON COMMIT DROP AS
    SELECT c.i, v.code AS area_code, v.k AS village_k, c.sex, c.birth_date,
           v.mean_haz + child_sd * c.n1 AS haz, -0.3 + 1.0 * c.n2 AS whz,
           c.gps_off, c.gps_dx, c.gps_dy, NULL::bigint AS id
    FROM (SELECT i,
                 1 + least(floor(random() * n_villages)::integer, n_villages - 1) AS vk,
                 CASE WHEN random() < 0.5 THEN 'L' ELSE 'P' END AS sex,
                 window_end - floor(random() * (window_end - (first_month - interval '60 months')::date + 1))::integer AS birth_date,
                 random_normal_deviate() AS n1,
                 random_normal_deviate() AS n2,
                 random() < 0.05 AS gps_off,
                 20.0 * random_normal_deviate() AS gps_dx,
                 20.0 * random_normal_deviate() AS gps_dy
          FROM generate_series(1, n) AS i) c
    JOIN stunting_sim_village v ON v.k = c.vk;
    UPDATE stunting_sim_child SET id = s.id
    FROM (SELECT i, nextval('stunting.child_id_seq') AS id
          FROM (SELECT i FROM stunting_sim_child ORDER BY i OFFSET 0) o) s
    WHERE stunting_sim_child.i = s.i;

    -- homes: points inside the village (seeded), a few moved by GPS error
    INSERT INTO child (id, sex, birth_date, area_code, home)
    SELECT c.id, c.sex, c.birth_date, c.area_code,
           CASE WHEN c.gps_off
                THEN ST_Translate(p.geom,
                                  c.gps_dx / (111320.0 * cos(radians(ST_Y(p.geom)))),
                                  c.gps_dy / 110574.0)
                ELSE p.geom END
    FROM (SELECT c.*, row_number() OVER (PARTITION BY c.village_k ORDER BY c.i) AS j
          FROM stunting_sim_child c) c
    JOIN (SELECT v.k, d.path[1] AS j, d.geom
          FROM stunting_sim_village v
          JOIN (SELECT village_k, count(*)::integer AS n FROM stunting_sim_child GROUP BY village_k) cnt
            ON cnt.village_k = v.k,
          LATERAL ST_Dump(ST_GeneratePoints(v.geom, cnt.n, abs(seed % 1000000) * 1000 + v.k)) AS d) p
      ON p.k = c.village_k AND p.j = c.j
    ORDER BY c.i;
    GET DIAGNOSTICS n_children = ROW_COUNT;

    -- every month of the window, in a fixed order so that random() repeats
    CREATE TEMP TABLE stunting_sim_visit ON COMMIT DROP AS
    SELECT s.*,
           CASE WHEN s.slip < 1.0 / 3 THEN s.weight_rec * 1000 ELSE s.weight_rec END AS weight_kg,
           CASE WHEN s.slip >= 1.0 / 3 AND s.slip < 2.0 / 3 THEN s.lenhei_rec * 10
                WHEN s.slip >= 2.0 / 3 THEN s.weight_rec ELSE s.lenhei_rec END AS lenhei_cm
    FROM (
        SELECT o.*,
               CASE WHEN o.heap THEN round(o.weight_true * 2) / 2 ELSE round(o.weight_true * 10) / 10 END AS weight_rec,
               CASE WHEN o.heap THEN round(o.lenhei_true * 2) / 2 ELSE round(o.lenhei_true * 10) / 10 END AS lenhei_rec,
               CASE WHEN o.slipped THEN o.slip_kind END AS slip
        FROM (
            SELECT o.*,
                   coalesce(value_at_zscore('wflh', o.sex, o.age, o.whz_t, o.lenhei_true, o.measure),
                            value_at_zscore('wfa', o.sex, o.age, 0.6 * o.haz_t + 0.6 * o.whz_t)) AS weight_true
            FROM (
                SELECT o.*,
                       value_at_zscore('lhfa', o.sex, o.age, o.haz_t, NULL, o.measure) AS lenhei_true
                FROM (
                    SELECT o.i, o.id, o.sex, o.birth_date, o.area_code, o.name AS village_name,
                           o.visit_date, (o.visit_date - o.birth_date)::float8 AS age,
                           CASE WHEN o.visit_date - o.birth_date < 731 THEN 'l' ELSE 'h' END AS measure,
                           o.attends, o.haz_t, o.whz_t, o.heap, o.slipped, o.slip_kind
                    FROM (
                        SELECT o.*,
                               (o.month + (o.posyandu_day - 1) + floor(random() * 3)::integer)::date AS visit_date,
                               random() < attendance AS attends,
                               o.haz + month_sd * random_normal_deviate() AS haz_t,
                               o.whz + 0.5 * random_normal_deviate() AS whz_t,
                               random() < digit_preference AS heap,
                               random() < unit_slips AS slipped,
                               random() AS slip_kind
                        FROM (SELECT c.i, c.id, c.sex, c.birth_date, c.area_code, c.haz, c.whz,
                                     v.posyandu_day, v.name, m.month::date AS month
                              FROM stunting_sim_child c
                              JOIN stunting_sim_village v ON v.k = c.village_k
                              CROSS JOIN generate_series(first_month, last_month, interval '1 month') AS m (month)
                              ORDER BY m.month, c.i OFFSET 0) o) o
                    WHERE o.attends
                      AND o.visit_date >= o.birth_date
                      AND o.visit_date <= current_date
                      AND (o.visit_date - o.birth_date) < 1826) o) o) o) s;
    ALTER TABLE stunting_sim_visit ADD COLUMN problems text[];
    UPDATE stunting_sim_visit
    SET problems = measurement_problems(sex, birth_date, visit_date, weight_kg, lenhei_cm, measure);
    SELECT count(*) FILTER (WHERE cardinality(problems) > 0) INTO n_rejected FROM stunting_sim_visit;

    INSERT INTO measurement (child_id, visit_date, weight_kg, lenhei_cm, measure,
                             posyandu, measured_by)
    SELECT id, visit_date, weight_kg, lenhei_cm, measure,
           format('Posyandu %s %s', village_name, 1 + i % 5),
           format('TPK %s', 1 + i % 3)
    FROM stunting_sim_visit
    WHERE cardinality(problems) = 0
    ORDER BY visit_date, id;
    GET DIAGNOSTICS n_measured = ROW_COUNT;

    DROP TABLE stunting_sim_village, stunting_sim_child, stunting_sim_visit;
    RETURN QUERY SELECT n_children, n_measured, n_rejected;
END
$$;
COMMENT ON FUNCTION stunting.simulate_children(integer, integer, integer, date, jsonb, float8, text, float8, float8, float8) IS
  'Synthetic children and monthly posyandu measurements drawn from the WHO growth standards, for demos, tests and benchmarks: n children spread over the villages (below `within`), `months` months up to last_month (default: the last complete month), stunting at the prevalence given per area code (deepest area wins; default_prevalence elsewhere), attendance, digit preference and unit slips at the given rates (rows the data-entry checks reject are counted, not inserted). Reproducible for a seed; resets the session''s random() sequence';

-- area_at in C (area_fmgr.c): the areas' boxes are read once per statement
-- and PostGIS's ST_Intersects is called on the few whose box holds the
-- point; every other case goes to area_at_search, the former body of
-- area_at, unchanged.
CREATE FUNCTION stunting.area_at_search(geom geometry, level text) RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    p geometry;
    found_code text;
    candidates text[];
BEGIN
    IF GeometryType(geom) <> 'POINT' OR ST_IsEmpty(geom) THEN
        RAISE EXCEPTION 'area_at: expected a point, got %', ST_AsText(geom)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM stunting.area_parent_level(level);
    p := CASE WHEN ST_SRID(geom) IN (0, 4326) THEN ST_SetSRID(geom, 4326)
              ELSE ST_Transform(geom, 4326) END;
    -- Inside (or on the boundary of) an area: nearly always exactly one.
    SELECT array_agg(a.code) INTO candidates
    FROM stunting.area a
    WHERE a.level = area_at_search.level AND ST_Intersects(a.geom, p);
    IF cardinality(candidates) = 1 THEN
        RETURN candidates[1];
    ELSIF cardinality(candidates) > 1 THEN
        -- where public polygons overlap, the area the point lies deeper in
        SELECT a.code INTO found_code
        FROM stunting.area a
        WHERE a.code = ANY (candidates)
        ORDER BY ST_Distance(ST_Boundary(a.geom), p) DESC, a.code
        LIMIT 1;
        RETURN found_code;
    END IF;
    -- In a gap between polygons or just outside: the nearest area within 50 m.
    -- The box prefilter (50 m in degrees, with margin) lets the GiST index work.
    SELECT a.code INTO found_code
    FROM stunting.area a
    WHERE a.level = area_at_search.level
      AND a.geom && ST_Expand(p, 60.0 / 111320.0 / greatest(cos(radians(ST_Y(p))), 0.01))
      AND ST_DWithin(a.geom::geography, p::geography, 50)
    ORDER BY ST_Distance(a.geom::geography, p::geography), a.code
    LIMIT 1;
    RETURN found_code;
END
$$;
COMMENT ON FUNCTION stunting.area_at_search(geometry, text) IS
'The complete search behind stunting.area_at (which calls it for every point that is not inside exactly one area): the overlap rule, the nearest area within 50 m, other SRIDs and the errors. Same result as area_at for every point.';

CREATE OR REPLACE FUNCTION stunting.area_at(geom geometry, level text DEFAULT 'village') RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_area_at'
  LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION stunting.area_at(geometry, text) IS
'Code of the area of the given level (default village) containing a point (EPSG:4326; SRID 0 read as 4326, others transformed). In an overlap of two polygons, the one the point lies deeper in; in a gap or just outside, the nearest area within 50 m; otherwise NULL. Reads the areas once per statement (changes to stunting.area made later in the same statement are not seen).';

-- Hotspot statistics (spatial_stats.c, spatial_fmgr.c): Getis-Ord Gi*,
-- Local Moran's I, empirical Bayes smoothing and the false discovery rate,
-- on arrays, usable on any data; hotspots() and hotspot_streak() run them
-- on the monthly summaries with area_neighbours.

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
    SELECT array_agg(e.code ORDER BY e.code),
           array_agg(round((e.estimate).r * (e.estimate).pop / 100) ORDER BY e.code),
           array_agg((e.estimate).pop ORDER BY e.code)
    INTO ids, cases_a, children_a
    FROM area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
    WHERE (e.estimate).pop > 0;
    IF coalesce(cardinality(ids), 0) < 3 THEN
        RETURN QUERY
        SELECT e.code, e.name, round((e.estimate).r * (e.estimate).pop / 100)::integer,
               (e.estimate).pop::integer, (e.estimate).r / 100, NULL::float8,
               NULL::float8, NULL::float8, NULL::text, NULL::float8, NULL::text, NULL::float8, NULL::text
        FROM area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
        ORDER BY e.code;
        RETURN;
    END IF;
    SELECT coalesce(array_agg(n.code ORDER BY n.code, n.neighbour_code), '{}'),
           coalesce(array_agg(n.neighbour_code ORDER BY n.code, n.neighbour_code), '{}')
    INTO nb_from, nb_to
    FROM area_neighbours(hotspots.level) n
    WHERE n.code = ANY (ids) AND n.neighbour_code = ANY (ids);

    RETURN QUERY
    WITH eb AS (SELECT * FROM eb_smooth(ids, cases_a, children_a, 'binomial')),
         y AS (SELECT array_agg(eb.smoothed_rate ORDER BY eb.id) AS v FROM eb),
         gi AS (SELECT s.* FROM y, local_gi_star(ids, y.v, nb_from, nb_to,
                                                   hotspots.permutations, hotspots.seed) s),
         lm AS (SELECT s.*, CASE WHEN hotspots.permutations > 0 THEN s.p_sim ELSE s.p_norm END AS p
                FROM y, local_moran(ids, y.v, nb_from, nb_to, hotspots.permutations, hotspots.seed) s),
         sig AS (SELECT u.id, u.significant
                 FROM (SELECT array_agg(lm.id ORDER BY lm.id) AS ids,
                              fdr(array_agg(lm.p ORDER BY lm.id), 0.05) AS flags FROM lm) f,
                      unnest(f.ids, f.flags) AS u (id, significant))
    SELECT e.code, e.name, round((e.estimate).r * (e.estimate).pop / 100)::integer,
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
    FROM area_month_estimate(hotspots.month, hotspots.level, hotspots.key) e
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
    SELECT max(s.month) INTO latest FROM area_month_summary s;
    IF latest IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH m AS (SELECT (latest - make_interval(months => k))::date AS month, k
               FROM generate_series(0, months - 1) k),
         hot AS (SELECT h.code, m.k, h.gi_class LIKE 'Hot Spot%' AS is_hot
                 FROM m CROSS JOIN LATERAL hotspots(m.month, hotspot_streak.level, hotspot_streak.key, 0) h)
    SELECT a.code, a.name,
           coalesce((SELECT min(h.k) FROM hot h WHERE h.code = a.code AND h.is_hot IS NOT TRUE),
                    (SELECT count(*) FROM hot h WHERE h.code = a.code))::integer,
           (SELECT count(*) FROM hot h WHERE h.code = a.code AND h.is_hot)::integer,
           latest
    FROM area a
    WHERE a.level = hotspot_streak.level AND a.geom IS NOT NULL
    ORDER BY a.code;
END
$$;
COMMENT ON FUNCTION stunting.hotspot_streak(text, text, integer) IS
'How many consecutive months, up to the latest month with data (through), each area of the level has been a Gi* hot spot (any confidence; stunting.hotspots with permutations 0), and in how many of the last `months` months it was one';

-- Maps coloured by hotspot class.  The SVG layout of area_svg moves into
-- svg_map, shared by area_svg (same output as in 0.3.0) and hotspot_svg.

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
    SELECT utm_srid(ST_Extent(a.geom)::geometry) INTO srid
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
    SELECT string_agg(format('<path id="%s" d="%s" fill="%s" stroke="%s" stroke-width="0.8"><title>%s: %s</title></path>',
                             xml_escape(a.code),
                             ST_AsSVG(ST_Affine(ST_Transform(a.geom, srid), s, 0, 0, s, pad - min_x * s, -top - max_y * s), 0, 1),
                             coalesce(fills -> a.code ->> 'fill', '#d9d9d9'), xml_escape(stroke),
                             xml_escape(a.name), xml_escape(coalesce(fills -> a.code ->> 'tip', ''))),
                      E'\n' ORDER BY a.code),
           string_agg(format('<text x="%s" y="%s">%s</text>',
                             round(((ST_X(p) - min_x) * s + pad)::numeric, 1), round(((max_y - ST_Y(p)) * s + top)::numeric, 1),
                             xml_escape(a.name)), E'\n' ORDER BY a.code)
    INTO body, labels
    FROM area a,
         LATERAL (SELECT ST_Transform(ST_PointOnSurface(a.geom), srid) AS p) l
    WHERE a.level = svg_map.level AND a.geom IS NOT NULL;

    FOR i IN 1 .. cardinality(legend_colours) LOOP
        legend := legend || format(E'<rect x="%s" y="%s" width="18" height="14" fill="%s"/><text x="%s" y="%s">%s</text>\n',
                                   map_w + 2 * pad + 10, top + 25 + (i - 1) * 22, legend_colours[i],
                                   map_w + 2 * pad + 34, top + 37 + (i - 1) * 22, xml_escape(legend_labels[i]));
    END LOOP;

    RETURN format(E'<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif">\n'
                  '<rect width="100%%" height="100%%" fill="#ffffff"/>\n'
                  '<text x="%s" y="32" font-size="20" font-weight="bold">%s</text>\n'
                  '<g class="areas">\n%s\n</g>\n'
                  '<g class="labels" font-size="7" text-anchor="middle" fill="#222222" pointer-events="none">\n%s\n</g>\n'
                  '<g class="legend" font-size="12">\n<text x="%s" y="%s" font-weight="bold">%s</text>\n%s</g>\n'
                  '<text x="%s" y="%s" font-size="11" fill="#555555">%s</text>\n'
                  '</svg>\n',
                  width, round(height), width, round(height),
                  pad, xml_escape(title),
                  coalesce(body, ''), coalesce(labels, ''),
                  map_w + 2 * pad + 10, top + 12, xml_escape(legend_title), legend,
                  pad, round(height) - 12, xml_escape(note));
END
$$;
COMMENT ON FUNCTION stunting.svg_map(text, text, text, text, text[], text[], jsonb, text) IS
'The SVG layout behind area_svg and hotspot_svg: every area of the level with a boundary, filled and titled from fills ({code: {"fill", "tip"}}; grey without) and outlined in stroke, labels at ST_PointOnSurface, a title, a legend of the given colours and labels, and a note';

CREATE OR REPLACE FUNCTION stunting.area_svg(month date, level text DEFAULT 'village', key text DEFAULT 'HA_2',
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
    IF lang IS NULL OR lower(lang) NOT IN ('id', 'en') THEN
        RAISE EXCEPTION 'area_svg: invalid language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''id'' (Bahasa Indonesia) or ''en''.';
    END IF;
    en := lower(lang) = 'en';
    SELECT jsonb_object_agg(e.code, jsonb_build_object(
               'fill', CASE WHEN (e.estimate).r IS NULL THEN '#d9d9d9'
                            ELSE colours[1 + (SELECT count(*) FROM unnest(breaks) b WHERE (e.estimate).r >= b)::int] END,
               'tip', CASE WHEN (e.estimate).r IS NULL THEN CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END
                           ELSE format('%s %% (%s–%s), n = %s',
                                       to_char((e.estimate).r, 'FM990.0'), to_char((e.estimate).ll, 'FM990.0'),
                                       to_char((e.estimate).ul, 'FM990.0'), e.children) END))
    INTO fills
    FROM area_month_estimate(month, level, key) e;
    IF fills IS NULL THEN
        RAISE EXCEPTION 'area_svg: no area of level % has a boundary', level
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN svg_map(level,
                   CASE WHEN key = 'HA_2' THEN
                            CASE WHEN en THEN 'Stunting prevalence (height-for-age < −2 SD)' ELSE 'Prevalensi stunting (TB/U < −2 SD)' END
                        ELSE CASE WHEN en THEN 'Prevalence ' ELSE 'Prevalensi ' END || key END
                   || ' — ' || to_char(date_trunc('month', month), 'YYYY-MM'),
                   CASE WHEN en THEN 'Prevalence' ELSE 'Prevalensi' END,
                   CASE WHEN en THEN 'Data month: ' ELSE 'Bulan data: ' END
                   || to_char(date_trunc('month', month), 'YYYY-MM')
                   || CASE WHEN en THEN '. Each child counted once (latest measurement of the month); WHO Child Growth Standards; classes: WHO-UNICEF 2018 thresholds.'
                           ELSE '. Setiap anak dihitung sekali (pengukuran terakhir di bulan itu); Standar Pertumbuhan Anak WHO; kelas: ambang WHO-UNICEF 2018.' END,
                   colours || '#d9d9d9'::text,
                   CASE WHEN en THEN classes_en ELSE classes_id END || CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END,
                   fills);
END
$$;

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
    IF lang IS NULL OR lower(lang) NOT IN ('id', 'en') THEN
        RAISE EXCEPTION 'hotspot_svg: invalid language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''id'' (Bahasa Indonesia) or ''en''.';
    END IF;
    IF statistic IS NULL OR statistic NOT IN ('gi', 'lisa') THEN
        RAISE EXCEPTION 'hotspot_svg: invalid statistic "%"', statistic
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''gi'' (Getis-Ord Gi*) or ''lisa'' (Local Moran''s I).';
    END IF;
    en := lower(lang) = 'en';
    classes := CASE WHEN statistic = 'gi' THEN gi_classes ELSE lisa_classes END;
    colours := CASE WHEN statistic = 'gi' THEN gi_colours ELSE lisa_colours END;
    names := CASE WHEN en THEN classes WHEN statistic = 'gi' THEN gi_id ELSE lisa_id END;
    SELECT jsonb_object_agg(h.code, jsonb_build_object(
               'fill', coalesce(colours[array_position(classes, c.cls)], '#d9d9d9'),
               'tip', CASE WHEN c.cls IS NULL THEN CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END
                           ELSE format('%s; %s %% (%s/%s)', names[array_position(classes, c.cls)],
                                       to_char(100 * h.rate, 'FM990.0'), h.cases, h.children) END))
    INTO fills
    FROM hotspots(month, level, key, permutations, seed) h,
         LATERAL (SELECT CASE WHEN statistic = 'gi' THEN h.gi_class ELSE h.lisa_class END AS cls) c;
    RETURN svg_map(level,
                   CASE WHEN statistic = 'gi'
                        THEN CASE WHEN en THEN 'Stunting hot spots (Getis-Ord Gi*) ' ELSE 'Titik panas stunting (Getis-Ord Gi*) ' END
                        ELSE CASE WHEN en THEN 'Stunting clusters (Local Moran''s I) ' ELSE 'Klaster stunting (Local Moran''s I) ' END END
                   || key || ' — ' || to_char(date_trunc('month', month), 'YYYY-MM'),
                   CASE WHEN en THEN 'Class' ELSE 'Kelas' END,
                   CASE WHEN en THEN 'Data month: ' ELSE 'Bulan data: ' END
                   || to_char(date_trunc('month', month), 'YYYY-MM')
                   || CASE WHEN statistic = 'gi'
                           THEN CASE WHEN en THEN '. Gi* on the empirical Bayes rate, kelurahan neighbours within 5 m; confidence from the normal p.'
                                     ELSE '. Gi* atas laju empirical Bayes, tetangga kelurahan dalam 5 m; kepercayaan dari p normal.' END
                           ELSE CASE WHEN en THEN format('. Local Moran''s I on the empirical Bayes rate; %s permutations, FDR 0.05.', permutations)
                                     ELSE format('. Local Moran''s I atas laju empirical Bayes; %s permutasi, FDR 0,05.', permutations) END END,
                   colours || '#d9d9d9'::text,
                   names || CASE WHEN en THEN 'no data' ELSE 'tidak ada data' END,
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
    SELECT jsonb_build_object(
        'type', 'FeatureCollection',
        'month', to_char(date_trunc('month', month), 'YYYY-MM'),
        'level', level,
        'key', key,
        'features', coalesce(jsonb_agg(jsonb_build_object(
            'type', 'Feature',
            'id', h.code,
            'geometry', ST_AsGeoJSON(a.geom, 6)::jsonb,
            'properties', to_jsonb(h))
            ORDER BY h.code), '[]'::jsonb))
    FROM hotspots(month, level, key, permutations, seed) h
    JOIN area a ON a.code = h.code
$$;
COMMENT ON FUNCTION stunting.hotspot_geojson(date, text, text, integer, bigint) IS
'A GeoJSON FeatureCollection of the areas of a level with every column of stunting.hotspots as properties (gi_class and lisa_class to style by), for QGIS, Leaflet or any GIS';

-- Matching typed area names to codes (#7): normalize_name in C with ICU
-- (name_normalize.c); a key column on stunting.area; pg_trgm's index finds
-- fuzzy candidates nationally; name_distance (optimal string alignment: a
-- transposed pair of letters is one typo, which fuzzystrmatch's
-- levenshtein counts as two) scores them.

CREATE FUNCTION stunting.normalize_name(name text)
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_normalize_name'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
COMMENT ON FUNCTION stunting.normalize_name(text) IS
  'A typed area name as a comparable key: ICU NFKC, Any-Latin, Latin-ASCII and full case folding; apostrophes dropped, other punctuation and spacing collapsed; administrative words (kel., kelurahan, desa, ds., kec., kecamatan, kab., kabupaten, kota, ...) removed unless nothing else is left; the spelling before 1972 mapped per word (oe->u, dj->j, tj->c, sj->sy, ch->kh, nj->ny in a word with another old digraph); Roman numerals kept. ''KEL. BANDAR-LOR'' -> ''bandar lor''';

CREATE FUNCTION stunting.normalize_name_literal(name text)
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_normalize_name_literal'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
COMMENT ON FUNCTION stunting.normalize_name_literal(text) IS
  'normalize_name without the mapping of old spelling: the spelling as typed (a typo such as ''Baloerti'' is not read as old spelling); match_area scores both';

CREATE FUNCTION stunting.name_distance(a text, b text)
  RETURNS integer
  AS 'MODULE_PATHNAME', 'stunting_name_distance'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
COMMENT ON FUNCTION stunting.name_distance(text, text) IS
  'Optimal string alignment distance (insertions, deletions, substitutions and transpositions of adjacent characters cost 1 each) on bytes, for the ASCII keys of normalize_name; names over 1000 bytes are an error';

CREATE FUNCTION stunting.name_deletions(key text)
  RETURNS text[]
  AS 'MODULE_PATHNAME', 'stunting_name_deletions'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
COMMENT ON FUNCTION stunting.name_deletions(text) IS
  'The key and every string one letter shorter (its deletion neighbourhood, as SymSpell uses it): two keys one typo apart share a member, so a GIN index on it finds near spellings without a scan. Keys over 40 characters or not ASCII give only themselves';

ALTER TABLE stunting.area
  ADD COLUMN name_key text GENERATED ALWAYS AS (replace(stunting.normalize_name(name), ' ', '')) STORED;
COMMENT ON COLUMN stunting.area.name_key IS 'normalize_name(name) without spaces: the key match_area compares typed names with (computed)';
CREATE INDEX area_name_key_idx ON stunting.area (level, name_key);
-- fastupdate off: areas change seldom, and a pending list would be scanned
-- by every lookup
CREATE INDEX area_name_key_trgm_idx ON stunting.area USING gin (name_key gin_trgm_ops) WITH (fastupdate = off);

-- A key with Javanese a/o written alike (Ngronggo, Ngrongga).
CREATE FUNCTION stunting.name_key_ao(key text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN translate(key, 'o', 'a');
COMMENT ON FUNCTION stunting.name_key_ao(text) IS
  'A name key with o written as a (Javanese a/o spellings of one name); used by match_area';
CREATE INDEX area_name_key_ao_idx ON stunting.area (level, stunting.name_key_ao(name_key));
CREATE INDEX area_name_deletions_idx ON stunting.area USING gin (stunting.name_deletions(name_key)) WITH (fastupdate = off);

-- The search behind match_area (PL/pgSQL cannot name an input and an
-- output column alike, as match_area's signature does).
CREATE FUNCTION stunting.match_area_search(typed text, within text, level text)
RETURNS TABLE (area_code text, area_name text, score float8, ambiguous boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
-- Scores, best first (at most 5 candidates scoring 0.5 or more):
--   1     the key equals the area's key;
--   0.99  the key is the area's key with its kecamatan/kabupaten names
--         appended or prepended ("Bandar Lor Mojoroto");
--   0.96  equal once old j is read as y, or a and o are written alike;
--   else  1 - name_distance / longer length (on the key with old spelling
--         mapped and on the key as typed), also with a trailing or leading
--         ancestor name cut off (minus 0.01).
-- A candidate is ambiguous when another scores within 0.1 of the best.
-- The candidates come from index lookups, the nearest kind first (below):
-- an exact key is taken alone (other areas of the same name make it
-- ambiguous; near spellings do not).
DECLARE
    q text;
    ql text;
    words text[];
    runs text[];
    cands text[];
    step integer;
BEGIN
    IF typed IS NULL OR level IS NULL THEN
        RETURN;
    END IF;
    PERFORM area_parent_level(level);
    IF within IS NOT NULL AND NOT EXISTS (SELECT 1 FROM area a WHERE a.code = within) THEN
        RAISE EXCEPTION 'match_area: no area "%" in stunting.area', within
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    q := replace(normalize_name(typed), ' ', '');
    ql := replace(normalize_name_literal(typed), ' ', '');
    IF q = '' THEN
        RETURN;
    END IF;

    -- The candidates, from the first of these steps that finds any (below
    -- `within` when given), each an index lookup:
    --   1. the same key (also as typed, with j read as y, or a/o alike);
    --   2. a run of the typed words is a key (the rest: kecamatan or city);
    --   3. the deletion neighbourhoods meet (one typo; GIN on name_deletions);
    --   4. below a small `within` (up to 2,000 areas): all of them;
    --   5. the 20 most similar keys by trigrams (pg_trgm's %).
    words := string_to_array(normalize_name(typed), ' ');
    FOR step IN 1 .. 5 LOOP
        IF step = 1 THEN
            SELECT array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level
              AND (a.name_key IN (q, ql, replace(q, 'j', 'y')) OR name_key_ao(a.name_key) = name_key_ao(q));
        ELSIF step = 2 THEN
            CONTINUE WHEN cardinality(words) < 2;
            runs := ARRAY(SELECT array_to_string(words[i:j], '')
                          FROM generate_series(1, cardinality(words)) i,
                               generate_series(i, cardinality(words)) j
                          WHERE j - i + 1 < cardinality(words));
            SELECT array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level AND a.name_key = ANY (runs);
        ELSIF step = 3 THEN
            runs := name_deletions(q) || name_deletions(ql);
            SELECT array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level AND name_deletions(a.name_key) && runs;
        ELSIF step = 4 THEN
            CONTINUE WHEN within IS NULL;
            WITH RECURSIVE down (code, level) AS (
                SELECT a.code, a.level FROM area a WHERE a.code = within
                UNION ALL
                SELECT a.code, a.level FROM area a JOIN down d ON a.parent_code = d.code
            )
            SELECT array_agg(d.code) INTO cands
            FROM (SELECT d.code FROM down d WHERE d.level = match_area_search.level LIMIT 2001) d;
            IF cardinality(cands) > 2000 THEN
                cands := NULL;
            END IF;
        ELSE
            SELECT array_agg(n.code) INTO cands
            FROM (SELECT a.code FROM area a
                  WHERE a.level = match_area_search.level AND a.name_key % q
                  ORDER BY similarity(a.name_key, q) DESC, a.code LIMIT 20) n;
        END IF;
        IF cands IS NOT NULL AND within IS NOT NULL AND step <> 4 THEN
            SELECT array_agg(c.code) INTO cands
            FROM unnest(cands) AS c (code)
            WHERE within IN (WITH RECURSIVE up (code, parent) AS (
                                 SELECT a.code, a.parent_code FROM area a WHERE a.code = c.code
                                 UNION ALL
                                 SELECT p.code, p.parent_code FROM area p JOIN up ON p.code = up.parent)
                             SELECT up.code FROM up);
        END IF;
        EXIT WHEN cands IS NOT NULL;
    END LOOP;

    RETURN QUERY
    WITH cand AS (SELECT unnest(cands) AS code),
    keyed AS (
        SELECT a.code, a.name, a.name_key AS k, coalesce(p.name_key, '') AS pk, coalesce(g.name_key, '') AS gk
        FROM cand c JOIN area a ON a.code = c.code
        LEFT JOIN area p ON p.code = a.parent_code
        LEFT JOIN area g ON g.code = p.parent_code
    ),
    scored AS (
        SELECT k.code, k.name, greatest(
            CASE WHEN k.k IN (q, ql) THEN 1.0 END,
            CASE WHEN q IN (k.k || k.pk, k.pk || k.k, k.k || k.gk, k.k || k.pk || k.gk, k.gk || k.k)
                 THEN 0.99 END,
            CASE WHEN k.k = replace(q, 'j', 'y') OR name_key_ao(k.k) = name_key_ao(q) THEN 0.96 END,
            1.0 - name_distance(q, k.k)::float8 / greatest(length(q), length(k.k), 1),
            1.0 - name_distance(ql, k.k)::float8 / greatest(length(ql), length(k.k), 1),
            CASE WHEN k.pk <> '' AND length(q) > length(k.pk) AND right(q, length(k.pk)) = k.pk
                 THEN 0.99 - name_distance(left(q, length(q) - length(k.pk)), k.k)::float8
                             / greatest(length(q) - length(k.pk), length(k.k), 1) END,
            CASE WHEN k.pk <> '' AND length(q) > length(k.pk) AND left(q, length(k.pk)) = k.pk
                 THEN 0.99 - name_distance(right(q, length(q) - length(k.pk)), k.k)::float8
                             / greatest(length(q) - length(k.pk), length(k.k), 1) END,
            CASE WHEN k.gk <> '' AND length(q) > length(k.gk) AND right(q, length(k.gk)) = k.gk
                 THEN 0.99 - name_distance(left(q, length(q) - length(k.gk)), k.k)::float8
                             / greatest(length(q) - length(k.gk), length(k.k), 1) END
        ) AS score
        FROM keyed k
    ),
    ranked AS (
        SELECT s.*, max(s.score) OVER () AS best,
               count(*) FILTER (WHERE s.score >= 0.5) OVER () AS n_good
        FROM scored s
    )
    SELECT r.code, r.name, r.score,
           r.score >= r.best - 0.1 AND (SELECT count(*) FROM ranked x WHERE x.score >= x.best - 0.1) > 1
    FROM ranked r
    WHERE r.score >= 0.5
    ORDER BY r.score DESC, r.code
    LIMIT 5;
END
$$;
COMMENT ON FUNCTION stunting.match_area_search(text, text, text) IS
'The search behind stunting.match_area (same rows, columns area_code and area_name)';

CREATE FUNCTION stunting.match_area(name text, within text DEFAULT NULL, level text DEFAULT 'village')
RETURNS TABLE (code text, name text, score float8, ambiguous boolean)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT m.area_code, m.area_name, m.score, m.ambiguous FROM match_area_search($1, $2, $3) m
$$;
COMMENT ON FUNCTION stunting.match_area(text, text, text) IS
'The areas of a level (below `within` when given, e.g. a kecamatan or Kota Kediri) whose names best match a typed name, best first, with a score (1 = the same key) and whether the match is ambiguous (another area scores within 0.1 of the best). Handles case, administrative prefixes, spacing, hyphens, old spellings, Javanese a/o, one-letter typos and kecamatan names appended';

CREATE FUNCTION stunting.match_area_code(name text, within text DEFAULT NULL, level text DEFAULT 'village')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    -- confident: score 0.8 or more, not ambiguous, and below 0.95 the same
    -- first letter (people seldom mistype it: Kandangan is not Dandangan)
    SELECT m.code
    FROM match_area($1, $2, $3) m JOIN area a ON a.code = m.code
    WHERE m.score >= 0.8 AND NOT m.ambiguous
      AND (m.score >= 0.95 OR left(a.name_key, 1) = left(replace(normalize_name($1), ' ', ''), 1))
    ORDER BY m.score DESC LIMIT 1
$$;
COMMENT ON FUNCTION stunting.match_area_code(text, text, text) IS
'The code of the area a typed name means, only when match_area is confident (score at least 0.8, not ambiguous, and below 0.95 the same first letter); otherwise NULL. Safe in an UPDATE';
