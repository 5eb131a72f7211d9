-- Synthetic children and posyandu visits for demos, tests and benchmarks,
-- written through the same triggers as real data (surveillance.sql).

-- A standard normal deviate from random() (Box-Muller), so that
-- setseed() makes simulate_children reproducible.
CREATE FUNCTION stunting.random_normal_deviate()
  RETURNS float8
  LANGUAGE sql VOLATILE PARALLEL RESTRICTED
  SET search_path FROM CURRENT
  RETURN pg_catalog.sqrt(-2.0 * pg_catalog.ln(1.0 - pg_catalog.random()))
         * pg_catalog.cos(2.0 * pg_catalog.pi() * pg_catalog.random());

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
    IF pg_catalog.jsonb_typeof(prevalence) <> 'object' THEN
        RAISE EXCEPTION 'simulate_children: prevalence must be a JSON object of area code -> proportion, got %', prevalence
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT key INTO bad_key FROM pg_catalog.jsonb_each(prevalence) AS e
    WHERE NOT EXISTS (SELECT 1 FROM area a WHERE a.code = e.key) ORDER BY key LIMIT 1;
    IF bad_key IS NOT NULL THEN
        RAISE EXCEPTION 'simulate_children: prevalence names area "%", which is not in stunting.area', bad_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT key INTO bad_key FROM pg_catalog.jsonb_each(prevalence) AS e
    WHERE pg_catalog.jsonb_typeof(e.value) <> 'number' OR NOT ((e.value)::float8 > 0 AND (e.value)::float8 < 1)
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
        last_month := (pg_catalog.date_trunc('month', current_date) - interval '1 month')::date;
    END IF;
    last_month := pg_catalog.date_trunc('month', last_month)::date;
    IF last_month > pg_catalog.date_trunc('month', current_date) THEN
        RAISE EXCEPTION 'simulate_children: last_month % is in the future', pg_catalog.to_char(last_month, 'YYYY-MM')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    first_month := (last_month - pg_catalog.make_interval(months => months - 1))::date;
    window_end := (last_month + interval '1 month' - interval '1 day')::date;

    PERFORM pg_catalog.setseed(seed / 2147483648.0);

    -- rows inserted with explicit ids leave the identity sequences behind:
    -- move them past those ids so that the new rows cannot collide
    PERFORM pg_catalog.setval('stunting.child_id_seq', pg_catalog.max(id)) FROM child
    HAVING pg_catalog.max(id) >= (SELECT last_value FROM stunting.child_id_seq);
    PERFORM pg_catalog.setval('stunting.measurement_id_seq', pg_catalog.max(id)) FROM measurement
    HAVING pg_catalog.max(id) >= (SELECT last_value FROM stunting.measurement_id_seq);

    -- villages with their target prevalence (the deepest area that has one)
    CREATE TEMP TABLE pg_temp.stunting_sim_village ON COMMIT DROP AS
    WITH RECURSIVE up (village, ancestor, depth, parent_code) AS (
        SELECT a.code, a.code, 0, a.parent_code
        FROM area a WHERE a.level = 'village' AND a.geom IS NOT NULL
        UNION ALL
        SELECT up.village, p.code, up.depth + 1, p.parent_code
        FROM up JOIN area p ON p.code = up.parent_code
        WHERE up.depth < 10
    )
    SELECT v.code, v.name, v.geom,
           pg_catalog.row_number() OVER (ORDER BY v.code)::integer AS k,
           coalesce((SELECT (prevalence ->> up.ancestor)::float8 FROM up
                     WHERE up.village = v.code AND prevalence ? up.ancestor
                     ORDER BY up.depth LIMIT 1),
                    default_prevalence) AS target
    FROM area v
    WHERE v.level = 'village' AND v.geom IS NOT NULL
      AND (within IS NULL
           OR EXISTS (SELECT 1 FROM up WHERE up.village = v.code AND up.ancestor = within));
    SELECT pg_catalog.count(*) INTO n_villages FROM pg_temp.stunting_sim_village;
    IF n_villages = 0 THEN
        RAISE EXCEPTION 'simulate_children: no village with a boundary%',
                        CASE WHEN within IS NULL THEN ' in stunting.area' ELSE pg_catalog.format(' in area "%s"', within) END
            USING ERRCODE = 'no_data_found',
                  HINT = 'Load kelurahan/desa boundaries with stunting.load_areas first.';
    END IF;

    -- the village's mean HAZ (P(HAZ < -2) = target), village effect, posyandu day
    ALTER TABLE pg_temp.stunting_sim_village ADD COLUMN mean_haz float8, ADD COLUMN posyandu_day integer;
    UPDATE pg_temp.stunting_sim_village v
    SET mean_haz = s.mean_haz, posyandu_day = s.posyandu_day
    FROM (SELECT code,
                 -2.0 - pg_catalog.sqrt(child_sd ^ 2 + month_sd ^ 2) * stunting.normal_quantile(target)
                     + village_sd * stunting.random_normal_deviate() AS mean_haz,
                 5 + pg_catalog.floor(pg_catalog.random() * 20)::integer AS posyandu_day
          FROM (SELECT code, target FROM pg_temp.stunting_sim_village ORDER BY k OFFSET 0) o) s
    WHERE v.code = s.code;

    CREATE TEMP TABLE pg_temp.stunting_sim_child ON COMMIT DROP AS
    SELECT c.i, v.code AS area_code, v.k AS village_k, c.sex, c.birth_date,
           v.mean_haz + child_sd * c.n1 AS haz, -0.3 + 1.0 * c.n2 AS whz,
           c.gps_off, c.gps_dx, c.gps_dy, NULL::bigint AS id
    FROM (SELECT i,
                 1 + least(pg_catalog.floor(pg_catalog.random() * n_villages)::integer, n_villages - 1) AS vk,
                 CASE WHEN pg_catalog.random() < 0.5 THEN 'L' ELSE 'P' END AS sex,
                 window_end - pg_catalog.floor(pg_catalog.random() * (window_end - (first_month - interval '60 months')::date + 1))::integer AS birth_date,
                 stunting.random_normal_deviate() AS n1,
                 stunting.random_normal_deviate() AS n2,
                 pg_catalog.random() < 0.05 AS gps_off,
                 20.0 * stunting.random_normal_deviate() AS gps_dx,
                 20.0 * stunting.random_normal_deviate() AS gps_dy
          FROM pg_catalog.generate_series(1, n) AS i) c
    JOIN pg_temp.stunting_sim_village v ON v.k = c.vk;
    UPDATE pg_temp.stunting_sim_child SET id = s.id
    FROM (SELECT i, pg_catalog.nextval('stunting.child_id_seq') AS id
          FROM (SELECT i FROM pg_temp.stunting_sim_child ORDER BY i OFFSET 0) o) s
    WHERE pg_temp.stunting_sim_child.i = s.i;

    -- homes: points inside the village (seeded), a few moved by GPS error
    INSERT INTO child (id, sex, birth_date, area_code, home)
    SELECT c.id, c.sex, c.birth_date, c.area_code,
           CASE WHEN c.gps_off
                THEN ST_Translate(p.geom,
                                  c.gps_dx / (111320.0 * pg_catalog.cos(pg_catalog.radians(ST_Y(p.geom)))),
                                  c.gps_dy / 110574.0)
                ELSE p.geom END
    FROM (SELECT c.*, pg_catalog.row_number() OVER (PARTITION BY c.village_k ORDER BY c.i) AS j
          FROM pg_temp.stunting_sim_child c) c
    JOIN (SELECT v.k, d.path[1] AS j, d.geom
          FROM pg_temp.stunting_sim_village v
          JOIN (SELECT village_k, pg_catalog.count(*)::integer AS n FROM pg_temp.stunting_sim_child GROUP BY village_k) cnt
            ON cnt.village_k = v.k,
          LATERAL ST_Dump(ST_GeneratePoints(v.geom, cnt.n, pg_catalog.abs(seed % 1000000) * 1000 + v.k)) AS d) p
      ON p.k = c.village_k AND p.j = c.j
    ORDER BY c.i;
    GET DIAGNOSTICS n_children = ROW_COUNT;

    -- every month of the window, in a fixed order so that random() repeats
    CREATE TEMP TABLE pg_temp.stunting_sim_visit ON COMMIT DROP AS
    SELECT s.*,
           CASE WHEN s.slip < 1.0 / 3 THEN s.weight_rec * 1000 ELSE s.weight_rec END AS weight_kg,
           CASE WHEN s.slip >= 1.0 / 3 AND s.slip < 2.0 / 3 THEN s.lenhei_rec * 10
                WHEN s.slip >= 2.0 / 3 THEN s.weight_rec ELSE s.lenhei_rec END AS lenhei_cm
    FROM (
        SELECT o.*,
               CASE WHEN o.heap THEN pg_catalog.round(o.weight_true * 2) / 2 ELSE pg_catalog.round(o.weight_true * 10) / 10 END AS weight_rec,
               CASE WHEN o.heap THEN pg_catalog.round(o.lenhei_true * 2) / 2 ELSE pg_catalog.round(o.lenhei_true * 10) / 10 END AS lenhei_rec,
               CASE WHEN o.slipped THEN o.slip_kind END AS slip
        FROM (
            SELECT o.*,
                   coalesce(stunting.value_at_zscore('wflh', o.sex, o.age, o.whz_t, o.lenhei_true, o.measure),
                            stunting.value_at_zscore('wfa', o.sex, o.age, 0.6 * o.haz_t + 0.6 * o.whz_t)) AS weight_true
            FROM (
                SELECT o.*,
                       stunting.value_at_zscore('lhfa', o.sex, o.age, o.haz_t, NULL, o.measure) AS lenhei_true
                FROM (
                    SELECT o.i, o.id, o.sex, o.birth_date, o.area_code, o.name AS village_name,
                           o.visit_date, (o.visit_date - o.birth_date)::float8 AS age,
                           CASE WHEN o.visit_date - o.birth_date < 731 THEN 'l' ELSE 'h' END AS measure,
                           o.attends, o.haz_t, o.whz_t, o.heap, o.slipped, o.slip_kind
                    FROM (
                        SELECT o.*,
                               (o.month + (o.posyandu_day - 1) + pg_catalog.floor(pg_catalog.random() * 3)::integer)::date AS visit_date,
                               pg_catalog.random() < attendance AS attends,
                               o.haz + month_sd * stunting.random_normal_deviate() AS haz_t,
                               o.whz + 0.5 * stunting.random_normal_deviate() AS whz_t,
                               pg_catalog.random() < digit_preference AS heap,
                               pg_catalog.random() < unit_slips AS slipped,
                               pg_catalog.random() AS slip_kind
                        FROM (SELECT c.i, c.id, c.sex, c.birth_date, c.area_code, c.haz, c.whz,
                                     v.posyandu_day, v.name, m.month::date AS month
                              FROM pg_temp.stunting_sim_child c
                              JOIN pg_temp.stunting_sim_village v ON v.k = c.village_k
                              CROSS JOIN pg_catalog.generate_series(first_month, last_month, interval '1 month') AS m (month)
                              ORDER BY m.month, c.i OFFSET 0) o) o
                    WHERE o.attends
                      AND o.visit_date >= o.birth_date
                      AND o.visit_date <= current_date
                      AND (o.visit_date - o.birth_date) < 1826) o) o) o) s;
    ALTER TABLE pg_temp.stunting_sim_visit ADD COLUMN problems text[];
    UPDATE pg_temp.stunting_sim_visit
    SET problems = stunting.measurement_problems(sex, birth_date, visit_date, weight_kg, lenhei_cm, measure);
    SELECT pg_catalog.count(*) FILTER (WHERE pg_catalog.cardinality(problems) > 0) INTO n_rejected FROM pg_temp.stunting_sim_visit;

    INSERT INTO measurement (child_id, visit_date, weight_kg, lenhei_cm, measure,
                             posyandu, measured_by)
    SELECT id, visit_date, weight_kg, lenhei_cm, measure,
           pg_catalog.format('Posyandu %s %s', village_name, 1 + i % 5),
           pg_catalog.format('TPK %s', 1 + i % 3)
    FROM pg_temp.stunting_sim_visit
    WHERE pg_catalog.cardinality(problems) = 0
    ORDER BY visit_date, id;
    GET DIAGNOSTICS n_measured = ROW_COUNT;

    DROP TABLE pg_temp.stunting_sim_village, pg_temp.stunting_sim_child, pg_temp.stunting_sim_visit;
    RETURN QUERY SELECT n_children, n_measured, n_rejected;
END
$$;

COMMENT ON FUNCTION stunting.simulate_children(integer, integer, integer, date, jsonb, float8, text, float8, float8, float8) IS
  'Synthetic children and monthly posyandu measurements drawn from the WHO growth standards, for demos, tests and benchmarks: n children spread over the villages (below `within`), `months` months up to last_month (default: the last complete month), stunting at the prevalence given per area code (deepest area wins; default_prevalence elsewhere), attendance, digit preference and unit slips at the given rates (rows the data-entry checks reject are counted, not inserted). Reproducible for a seed; resets the session''s random() sequence';


-- The registry side of the simulated children: KMS ownership, the
-- posyandu each is registered at, and a target population (S) per
-- kelurahan, month and F1 age group.  The registry is taken to hold the
-- share `registered` of the area's under-fives, so S is the registered
-- children of the group divided by it (rounded up): with the simulated
-- attendance of 0.85, D/S comes out near 0.85 x registered.
CREATE FUNCTION stunting.simulate_target_population(seed integer, registered float8 DEFAULT 0.9,
                                                    kms float8 DEFAULT 0.9)
  RETURNS TABLE (children bigint, with_kms bigint, target_rows bigint)
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path FROM CURRENT
AS $$
DECLARE
    n_children bigint;
    n_kms bigint;
    n_rows bigint;
BEGIN
    IF NOT (registered > 0 AND registered <= 1) OR NOT (kms >= 0 AND kms <= 1) THEN
        RAISE EXCEPTION 'simulate_target_population: registered must be in (0, 1] and kms in [0, 1], got % and %', registered, kms
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_catalog.setseed((seed % 1000000) / 1000000.0);
    -- in id order, so that a seed gives the same rows
    UPDATE stunting.child c
    SET kms = x.has_kms, posyandu = x.posyandu
    FROM (SELECT ch.id, pg_catalog.random() < simulate_target_population.kms AS has_kms,
                 (SELECT m.posyandu FROM stunting.measurement m WHERE m.child_id = ch.id
                  ORDER BY m.visit_date DESC, m.id DESC LIMIT 1) AS posyandu
          FROM (SELECT c2.id FROM stunting.child c2 ORDER BY c2.id) ch) x
    WHERE c.id = x.id;
    GET DIAGNOSTICS n_children = ROW_COUNT;
    SELECT pg_catalog.count(*) FILTER (WHERE c.kms) INTO n_kms FROM stunting.child c;
    INSERT INTO stunting.target_population (month, area_code, posyandu, age_group, children, source)
    SELECT mo.month, c.area_code, '', g.age_group,
           pg_catalog.ceil(pg_catalog.count(*) / registered)::integer,
           'simulated: registered children / ' || registered
    FROM (SELECT DISTINCT m.month FROM stunting.measurement m) mo
    CROSS JOIN stunting.child c
    CROSS JOIN LATERAL (SELECT stunting.skdn_age_group(stunting.age_months_completed(
                            c.birth_date, (mo.month OPERATOR(pg_catalog.+) '1 month - 1 day'::interval)::date)) AS age_group) g
    WHERE c.birth_date < (mo.month OPERATOR(pg_catalog.+) '1 month'::interval)::date AND g.age_group IS NOT NULL
    GROUP BY mo.month, c.area_code, g.age_group
    ON CONFLICT (month, area_code, posyandu, age_group) DO UPDATE SET children = EXCLUDED.children, source = EXCLUDED.source;
    GET DIAGNOSTICS n_rows = ROW_COUNT;
    RETURN QUERY SELECT n_children, n_kms, n_rows;
END
$$;

COMMENT ON FUNCTION stunting.simulate_target_population(integer, float8, float8) IS
  'For simulated children: sets stunting.child.kms (a KMS/Buku KIA with probability kms) and posyandu (where last weighed), and fills stunting.target_population for every month with measurements: per kelurahan and F1 age group, the registered children divided by the share registered of the area''s under-fives; reproducible for a seed';

-- Weight trajectories for the simulated children, as the KMS sees them:
-- simulate_children draws each month's weight around the child's own
-- weight-for-length, so a month's gain is mostly noise (N/D near 45 %).
-- This redraws every weight of each child along a smooth weight-for-age
-- track (README, "Simulated children"): the child's level (its mean WAZ
-- as simulate_children drew it) plus a deviation that persists from month
-- to month (0.95 of it carries over, the rest is caught up) with a small
-- monthly innovation (SD 0.01); each calendar month starts a faltering
-- spell with probability `faltering`: 1 or 2 months in which the track
-- falls 0.2-0.4 a month.  The spells' mean fall is added back every
-- month, so that the children's mean WAZ stays where simulate_children
-- put it: a child not faltering gains a little above its channel (catch-up
-- and growth between illnesses).  The weight is the WHO weight-for-age at
-- the track's z, plus a scale and clothing error (SD 0.02 kg), recorded to
-- 0.1 kg; the rows are rewritten through the triggers (z-scores,
-- summaries, weighings).
CREATE FUNCTION stunting.simulate_growth_trajectories(seed integer, faltering float8 DEFAULT 0.1)
  RETURNS TABLE (children bigint, measurements bigint, kept bigint)
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path FROM CURRENT
  -- (a parallel scan of the measurements would run random_normal_deviate,
  -- a SQL function, during a parallel operation: an ERROR; and the draws
  -- must come in one order for a seed to repeat)
  SET max_parallel_workers_per_gather = 0
AS $$
DECLARE
    carry     constant float8 := 0.95;  -- share of last month's deviation kept
    walk_sd   constant float8 := 0.01;  -- monthly innovation of the track (z)
    scale_sd  constant float8 := 0.02;  -- scale and clothing error (kg)
    fall_low  constant float8 := 0.2;   -- a faltering month's fall (z), uniform
    fall_high constant float8 := 0.4;
    longest   constant integer := 2;    -- a spell lasts 1 .. longest months, uniform
    -- the spells' mean fall a month, added back every month
    mean_fall float8 := faltering * (1 + longest) / 2.0 * (fall_low + fall_high) / 2;
    n_children bigint;
    n_rows bigint;
    n_kept bigint;
BEGIN
    IF NOT (faltering >= 0 AND faltering < 1) THEN
        RAISE EXCEPTION 'simulate_growth_trajectories: faltering must be in [0, 1), got %', faltering
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_catalog.setseed((seed % 1000000) / 1000000.0);
    -- each child with a weight: its level and the calendar months it spans
    CREATE TEMP TABLE pg_temp.stunting_sim_level ON COMMIT DROP AS
    SELECT m.child_id, pg_catalog.avg((m.z).zwei) AS level,
           pg_catalog.min(m.month) AS first_month, pg_catalog.max(m.month) AS last_month
    FROM stunting.measurement m
    WHERE m.weight_kg IS NOT NULL AND (m.z).zwei IS NOT NULL
    GROUP BY m.child_id;
    -- the draws, in a fixed order: each child's deviation in the month
    -- before its first (stationary), then each month's innovation, spell
    -- start, length and fall, and the scale error
    CREATE TEMP TABLE pg_temp.stunting_sim_start ON COMMIT DROP AS
    SELECT o.child_id,
           walk_sd / pg_catalog.sqrt(1 - carry * carry) * stunting.random_normal_deviate() AS deviation
    FROM (SELECT l.child_id FROM pg_temp.stunting_sim_level l ORDER BY l.child_id OFFSET 0) o;
    CREATE TEMP TABLE pg_temp.stunting_sim_step ON COMMIT DROP AS
    SELECT o.child_id, o.t, o.month,
           stunting.random_normal_deviate() AS innovation,
           pg_catalog.random() < faltering AS starts,
           1 + pg_catalog.floor(pg_catalog.random() * longest)::integer AS spell,
           fall_low + (fall_high - fall_low) * pg_catalog.random() AS fall,
           scale_sd * stunting.random_normal_deviate() AS scale_error
    FROM (SELECT l.child_id, g.t,
                 (l.first_month OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => g.t))::date AS month
          FROM pg_temp.stunting_sim_level l
          CROSS JOIN LATERAL pg_catalog.generate_series(
              0, ((pg_catalog.date_part('year', l.last_month) - pg_catalog.date_part('year', l.first_month)) * 12
                  + pg_catalog.date_part('month', l.last_month) - pg_catalog.date_part('month', l.first_month))::integer) AS g (t)
          ORDER BY l.child_id, g.t OFFSET 0) o;
    -- the track: d(t) = carry * d(t - 1) + walk_sd * innovation - falls + mean_fall,
    -- summed in closed form; a month's falls are those of the spells
    -- started this month and (lasting 2) last month
    CREATE TEMP TABLE pg_temp.stunting_sim_track ON COMMIT DROP AS
    WITH falls AS (
        SELECT s.*,
               CASE WHEN s.starts THEN s.fall ELSE 0 END
               + COALESCE(pg_catalog.lag(CASE WHEN s.starts AND s.spell >= 2 THEN s.fall ELSE 0 END) OVER w, 0) AS falling
        FROM pg_temp.stunting_sim_step s
        WINDOW w AS (PARTITION BY s.child_id ORDER BY s.t)),
    deviation AS (
        SELECT f.child_id, f.month, f.scale_error,
               pg_catalog.power(carry, f.t::float8)
               * (carry * st.deviation
                  + pg_catalog.sum(pg_catalog.power(carry, -f.t::float8) * (walk_sd * f.innovation - f.falling + mean_fall))
                      OVER (PARTITION BY f.child_id ORDER BY f.t)) AS deviation
        FROM falls f JOIN pg_temp.stunting_sim_start st ON st.child_id = f.child_id)
    SELECT m.id, m.child_id, c.sex, c.birth_date, m.visit_date, m.lenhei_cm, m.measure, m.oedema,
           pg_catalog.round((stunting.value_at_zscore('wfa', c.sex, (m.z).age_days,
                                                      GREATEST(-4.5, LEAST(4.5, l.level + d.deviation)))
                             + d.scale_error)::numeric, 1)::float8 AS weight_kg
    FROM stunting.measurement m
    JOIN stunting.child c ON c.id = m.child_id
    JOIN pg_temp.stunting_sim_level l ON l.child_id = m.child_id
    JOIN deviation d ON d.child_id = m.child_id AND d.month = m.month
    WHERE m.weight_kg IS NOT NULL AND (m.z).zwei IS NOT NULL;
    -- a weight the data-entry checks would reject with the row's length
    -- (BMI-for-age beyond +-5) is not written: the row keeps its weight
    DELETE FROM pg_temp.stunting_sim_track t
    WHERE pg_catalog.cardinality(stunting.measurement_problems(t.sex, t.birth_date, t.visit_date, t.weight_kg,
                                                               t.lenhei_cm, t.measure, t.oedema)) > 0;
    GET DIAGNOSTICS n_kept = ROW_COUNT;
    UPDATE stunting.measurement m
    SET weight_kg = t.weight_kg
    FROM pg_temp.stunting_sim_track t
    WHERE m.id = t.id;
    GET DIAGNOSTICS n_rows = ROW_COUNT;
    SELECT pg_catalog.count(DISTINCT t.child_id) INTO n_children FROM pg_temp.stunting_sim_track t;
    DROP TABLE pg_temp.stunting_sim_level, pg_temp.stunting_sim_start, pg_temp.stunting_sim_step, pg_temp.stunting_sim_track;
    RETURN QUERY SELECT n_children, n_rows, n_kept;
END
$$;

COMMENT ON FUNCTION stunting.simulate_growth_trajectories(integer, float8) IS
  'For simulated children: redraws every weight along a smooth weight-for-age track per child (its mean WAZ; a deviation carried over 0.95 a month with innovations of SD 0.01) with faltering spells (probability `faltering` a month: 1-2 months falling 0.2-0.4 z a month, their mean fall added back so the mean WAZ stays), a scale error of SD 0.02 kg, recorded to 0.1 kg (a weight the data-entry checks would reject with the row''s length is not written: kept counts those rows); reproducible for a seed';
