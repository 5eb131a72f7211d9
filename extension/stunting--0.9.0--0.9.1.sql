-- stunting 0.9.0 -> 0.9.1: growth monitoring at the posyandu, continued
-- (issue 17): stunting.weighing_of_month derives a whole month's codes in
-- one pass; skdn_age_group is C and skdn counts each source once per cell
-- (5 times faster); the weight trajectories of the simulator falter at
-- realistic rates (persistent deviations, faltering spells, a scale error).
--
-- Released scripts are never edited: later versions add an upgrade script.

\echo Use "ALTER EXTENSION stunting UPDATE TO '0.9.1'" to load this file. \quit

-- The schema stunting comes second on every function's path, so it must be
-- the superuser's alone.  CREATE EXTENSION adopts a schema stunting that
-- already exists: one owned by, or open to, a role without SUPERUSER (who
-- could plant objects in it for these functions to run) is refused.
DO $$
DECLARE
    owner_name text;
    owner_is_superuser boolean;
    creators text;
BEGIN
    SELECT r.rolname, r.rolsuper,
           (SELECT pg_catalog.string_agg(w.who, ', ' ORDER BY w.who)
            FROM (SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE g.rolname::text END AS who
                  FROM pg_catalog.aclexplode(n.nspacl) a
                  LEFT JOIN pg_catalog.pg_roles g ON g.oid = a.grantee
                  WHERE a.privilege_type = 'CREATE' AND (a.grantee = 0 OR NOT g.rolsuper)) w)
    INTO owner_name, owner_is_superuser, creators
    FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
    WHERE n.nspname = 'stunting';
    IF NOT owner_is_superuser THEN
        RAISE EXCEPTION 'schema stunting is owned by role "%", which is not a superuser', owner_name
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'The functions of stunting find their own objects in that schema. Drop it, or make a '
                         'superuser its owner (ALTER SCHEMA stunting OWNER TO ...), and check what is in it.';
    ELSIF creators IS NOT NULL THEN
        RAISE EXCEPTION 'schema stunting lets roles without SUPERUSER create objects in it: %', creators
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'The functions of stunting find their own objects in that schema. '
                         'REVOKE CREATE ON SCHEMA stunting FROM them, and check what is in it.';
    END IF;
END
$$;

-- Every function with a body is created with "SET search_path FROM
-- CURRENT", i.e. the path set here: pg_catalog first, so that nothing in
-- another schema can stand in for a built-in type or table; stunting; the
-- schema PostGIS is installed in (found now), where the bodies' geometry
-- functions and types are found; pg_temp last, so that a temporary table or
-- type is never found first.  Bodies still write built-in functions as
-- pg_catalog.name(...) and polymorphic array operators as
-- OPERATOR(pg_catalog.||): PostGIS's schema is often public, and there an
-- exact-type overload would beat pg_catalog's polymorphic function.
SELECT pg_catalog.set_config('search_path',
                             'pg_catalog, stunting, ' || pg_catalog.quote_ident(n.nspname) || ', pg_temp',
                             true)
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'postgis';

-- Whoever can create objects in PostGIS's schema can plant there what the
-- bodies' geometry calls and mixed-type operators resolve to: say who can,
-- now (PUBLIC when every role can, roles created later included).
DO $$
DECLARE
    schema_name text;
    open_to_public boolean;
    writers text[];
BEGIN
    SELECT n.nspname,
           EXISTS (SELECT FROM pg_catalog.aclexplode(n.nspacl) a
                   WHERE a.grantee = 0 AND a.privilege_type = 'CREATE'),
           ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                 WHERE NOT r.rolsuper AND r.rolname !~ '^pg_'
                   AND pg_catalog.has_schema_privilege(r.oid, n.oid, 'CREATE')
                 ORDER BY r.rolname)
    INTO schema_name, open_to_public, writers
    FROM pg_catalog.pg_extension e
    JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'postgis';
    IF open_to_public OR pg_catalog.cardinality(writers) > 0 THEN
        RAISE WARNING 'PostGIS is in schema "%", where roles without SUPERUSER can create objects: %',
                      schema_name,
                      CASE WHEN open_to_public THEN 'PUBLIC (every role)'
                           ELSE pg_catalog.array_to_string(writers[1:5], ', ')
                                || CASE WHEN pg_catalog.cardinality(writers) > 5
                                        THEN pg_catalog.format(' and %s more', pg_catalog.cardinality(writers) - 5)
                                        ELSE '' END END
            USING HINT = 'The functions of stunting find PostGIS through that schema, so such a role can plant '
                         'objects they would run. Install PostGIS in a schema only superusers can write to '
                         '(README, "Where PostGIS should live").';
    END IF;
END
$$;

-- ========================================================================
-- extension/sql/growth_monitoring.sql: the F1 age group in C (changed in 0.9.1)

CREATE OR REPLACE FUNCTION stunting.skdn_age_group(age_months integer) RETURNS text
AS 'MODULE_PATHNAME', 'stunting_skdn_age_group'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.skdn_age_group(integer) IS
'The F1 Gizi age group of an age in completed months: 0-12, 13-36, 37-60; NULL outside 0-60';

-- ========================================================================
-- extension/sql/growth_monitoring.sql: a month's codes in one pass (new in 0.9.1)

-- The same rows for one whole month, derived in one pass over the
-- measurements up to that month (weighing_month_fmgr.c): a hash of the
-- children weighed in the month and the two before, instead of one index
-- lookup per child; as the caller (row-level security applies).
CREATE FUNCTION stunting.weighing_of_month(in_month date)
RETURNS SETOF stunting.weighing
AS 'MODULE_PATHNAME', 'stunting_weighing_of_month'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED
SET search_path FROM CURRENT;

COMMENT ON FUNCTION stunting.weighing_of_month(date) IS
'Every counted weighing of the month (any day of it) with its code, 2T and BGM, derived again from the measurements the caller can read in one pass (equal to stunting.weighing for the month when every measurement is visible), by the KMS edition in use';

-- ========================================================================
-- extension/sql/growth_monitoring.sql: the SKDN report (changed in 0.9.1)

CREATE OR REPLACE FUNCTION stunting.skdn(in_month date)
RETURNS TABLE (month date, level text, code text, name text, posyandu text, age_group text,
               s integer, k integer, d integer, n integer, t integer, o integer, b integer,
               two_t integer, bgm integer,
               d_s_pct float8, k_s_pct float8, n_d_pct float8, n_d_ob_pct float8, bgm_d_pct float8)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    WITH m AS (SELECT pg_catalog.date_trunc('month', in_month)::date AS m),
    groups AS (SELECT g FROM (VALUES ('0-12'), ('13-36'), ('37-60'), ('0-60')) AS g(g)),
    -- each source counted once per cell (kelurahan, posyandu, age group)
    -- in a hash, then spread over the age groups and the kelurahan totals
    w0 AS (
        SELECT w.area_code, NULLIF(w.posyandu, '') AS posyandu, stunting.skdn_age_group(w.age_months) AS ag,
               pg_catalog.count(*) AS d,
               pg_catalog.count(*) FILTER (WHERE w.gain = 'N') AS n,
               pg_catalog.count(*) FILTER (WHERE w.gain = 'T') AS t,
               pg_catalog.count(*) FILTER (WHERE w.gain = 'O') AS o,
               pg_catalog.count(*) FILTER (WHERE w.gain = 'B') AS b,
               pg_catalog.count(*) FILTER (WHERE w.two_t) AS two_t,
               pg_catalog.count(*) FILTER (WHERE w.bgm) AS bgm
        FROM stunting.weighing w
        CROSS JOIN m
        WHERE w.month = m.m
        GROUP BY 1, 2, 3),
    w AS (
        SELECT w.area_code, w.posyandu, g.g AS age_group,
               GROUPING(w.posyandu) = 1 AS whole,
               pg_catalog.sum(w.d)::bigint AS d, pg_catalog.sum(w.n)::bigint AS n,
               pg_catalog.sum(w.t)::bigint AS t, pg_catalog.sum(w.o)::bigint AS o,
               pg_catalog.sum(w.b)::bigint AS b, pg_catalog.sum(w.two_t)::bigint AS two_t,
               pg_catalog.sum(w.bgm)::bigint AS bgm
        FROM w0 w
        JOIN groups g ON g.g IN (w.ag, '0-60')
        WHERE w.ag IS NOT NULL
        GROUP BY GROUPING SETS ((w.area_code, w.posyandu, g.g), (w.area_code, g.g))),
    s AS (
        SELECT t.area_code, NULLIF(t.posyandu, '') AS posyandu, g.g AS age_group,
               GROUPING(NULLIF(t.posyandu, '')) = 1 AS whole, pg_catalog.sum(t.children) AS s
        FROM stunting.target_population t
        CROSS JOIN m
        JOIN groups g ON g.g IN (t.age_group, '0-60')
        WHERE t.month = m.m
        GROUP BY GROUPING SETS ((t.area_code, NULLIF(t.posyandu, ''), g.g), (t.area_code, g.g))),
    k0 AS (
        SELECT c.area_code, NULLIF(c.posyandu, '') AS posyandu,
               stunting.skdn_age_group(stunting.age_months_completed(
                   c.birth_date, (m.m OPERATOR(pg_catalog.+) '1 month - 1 day'::interval)::date)) AS ag,
               pg_catalog.count(*) AS k
        FROM stunting.child c
        CROSS JOIN m
        WHERE c.kms AND c.birth_date < (m.m OPERATOR(pg_catalog.+) '1 month'::interval)::date
        GROUP BY 1, 2, 3),
    k AS (
        SELECT k.area_code, k.posyandu, g.g AS age_group,
               GROUPING(k.posyandu) = 1 AS whole, pg_catalog.sum(k.k)::bigint AS k
        FROM k0 k
        JOIN groups g ON g.g IN (k.ag, '0-60')
        WHERE k.ag IS NOT NULL
        GROUP BY GROUPING SETS ((k.area_code, k.posyandu, g.g), (k.area_code, g.g))),
    -- (the second grouping set gives the kelurahan's own rows, "whole";
    --  the first a row per posyandu, and one for the rows without a
    --  posyandu, which counts in the kelurahan only)
    cells AS (
        SELECT COALESCE(w.area_code, s.area_code, k.area_code) AS area_code,
               COALESCE(w.posyandu, s.posyandu, k.posyandu) AS posyandu,
               COALESCE(w.age_group, s.age_group, k.age_group) AS age_group,
               COALESCE(w.whole, s.whole, k.whole) AS whole,
               w.d, w.n, w.t, w.o, w.b, w.two_t, w.bgm, s.s, k.k
        FROM (SELECT * FROM w WHERE w.whole OR w.posyandu IS NOT NULL) w
        FULL JOIN (SELECT * FROM s WHERE s.whole OR s.posyandu IS NOT NULL) s
          ON s.area_code = w.area_code AND s.posyandu IS NOT DISTINCT FROM w.posyandu
         AND s.age_group = w.age_group AND s.whole = w.whole
        FULL JOIN (SELECT * FROM k WHERE k.whole OR k.posyandu IS NOT NULL) k
          ON k.area_code = COALESCE(w.area_code, s.area_code)
         AND k.posyandu IS NOT DISTINCT FROM COALESCE(w.posyandu, s.posyandu)
         AND k.age_group = COALESCE(w.age_group, s.age_group) AND k.whole = COALESCE(w.whole, s.whole)),
    rows AS (
        SELECT 'posyandu' AS level, c.area_code AS code, c.posyandu, c.age_group,
               c.s, c.k, COALESCE(c.d, 0) AS d, COALESCE(c.n, 0) AS n, COALESCE(c.t, 0) AS t,
               COALESCE(c.o, 0) AS o, COALESCE(c.b, 0) AS b, COALESCE(c.two_t, 0) AS two_t, COALESCE(c.bgm, 0) AS bgm
        FROM cells c WHERE NOT c.whole
        UNION ALL
        SELECT a.level, v.code, NULL, c.age_group,
               pg_catalog.sum(c.s), COALESCE(pg_catalog.sum(c.k), 0), COALESCE(pg_catalog.sum(c.d), 0),
               COALESCE(pg_catalog.sum(c.n), 0), COALESCE(pg_catalog.sum(c.t), 0), COALESCE(pg_catalog.sum(c.o), 0),
               COALESCE(pg_catalog.sum(c.b), 0), COALESCE(pg_catalog.sum(c.two_t), 0), COALESCE(pg_catalog.sum(c.bgm), 0)
        FROM cells c
        JOIN stunting.area_village v ON v.village_code = c.area_code
        JOIN stunting.area a ON a.code = v.code
        WHERE c.whole
        GROUP BY a.level, v.code, c.age_group)
    SELECT m.m, r.level, r.code, a.name, r.posyandu, r.age_group,
           r.s::integer, r.k::integer, r.d::integer, r.n::integer, r.t::integer, r.o::integer, r.b::integer,
           r.two_t::integer, r.bgm::integer,
           100.0 * r.d / NULLIF(r.s, 0), 100.0 * r.k / NULLIF(r.s, 0),
           100.0 * r.n / NULLIF(r.d, 0), 100.0 * r.n / NULLIF(r.d - r.o - r.b, 0), 100.0 * r.bgm / NULLIF(r.d, 0)
    FROM rows r
    CROSS JOIN m
    JOIN stunting.area a ON a.code = r.code
    ORDER BY CASE r.level WHEN 'province' THEN 0 WHEN 'regency' THEN 1 WHEN 'district' THEN 2
                          WHEN 'village' THEN 3 ELSE 4 END,
             r.code COLLATE pg_catalog."C", r.posyandu COLLATE pg_catalog."C" NULLS FIRST,
             CASE r.age_group WHEN '0-12' THEN 0 WHEN '13-36' THEN 1 WHEN '37-60' THEN 2 ELSE 3 END
$$;

COMMENT ON FUNCTION stunting.skdn(date) IS
'The SKDN report of a month for every posyandu, kelurahan, kecamatan and city, in the F1 age groups (0-12, 13-36, 37-60 completed months) and all (0-60): S from stunting.target_population, K from stunting.child.kms (children of the area aged 0-60 at the month''s end), D weighed, N, T, O, B, 2T, BGM from stunting.weighing, and the ratios D/S, K/S, N/D, N/(D-O-B), BGM/D in %; a role under row-level security counts what it may view; stunting.skdn_label words the columns';

-- ========================================================================
-- extension/sql/simulation.sql: weight trajectories (changed in 0.9.1)

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
CREATE OR REPLACE FUNCTION stunting.simulate_growth_trajectories(seed integer, faltering float8 DEFAULT 0.1)
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
