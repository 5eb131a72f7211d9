-- stunting 0.6.0 -> 0.7.0: many field teams at once (issue 15).
--
-- Released scripts are never edited: later versions add an upgrade script.

\echo Use "ALTER EXTENSION stunting UPDATE TO '0.7.0'" to load this file. \quit

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


-- The references between area, child, measurement and the summaries were
-- foreign keys; pg_restore -j loads these tables' rows in parallel, in any
-- order, while an extension table's foreign keys are checked, and failed.
-- The triggers below keep them instead.
ALTER TABLE stunting.child DROP CONSTRAINT child_area_code_fkey;
ALTER TABLE stunting.measurement DROP CONSTRAINT measurement_child_id_fkey,
                                 DROP CONSTRAINT measurement_area_code_fkey;
ALTER TABLE stunting.area_month_summary DROP CONSTRAINT area_month_summary_area_code_fkey,
                                        ALTER COLUMN summary DROP NOT NULL;

-- The statement triggers that deleted and re-inserted summaries (23505
-- under concurrent entry) give way to the commit-time refresh.
DROP TRIGGER measurement_after_insert ON stunting.measurement;
DROP TRIGGER measurement_after_update ON stunting.measurement;
DROP TRIGGER measurement_after_delete ON stunting.measurement;
DROP FUNCTION stunting.measurement_after_write();
DROP TRIGGER child_after_update ON stunting.child;

COMMENT ON TABLE stunting.area_month_summary IS 'One growth_summary per kelurahan and month over each child''s latest measurement of the month, kept current by triggers on stunting.measurement (applied when each transaction commits); an area-month whose measurements were all deleted keeps its row with children 0; rebuild with stunting.refresh_area_month';
COMMENT ON COLUMN stunting.area_month_summary.summary IS 'growth_summary of the children''s latest measurements of the month; NULL when children is 0';

-- Recomputes the summaries of the given (month, area) pairs from their
-- measurements: the cost depends on those area-months alone, not on history.
-- Safe beside concurrent entry: each area-month's summary row is made if
-- missing and locked, in (month, area_code) order, before anything is read;
-- at READ COMMITTED the recomputation then sees every transaction that
-- committed a change to those area-months before the locks were granted,
-- and a transaction still open refreshes them again at its own commit.  At
-- REPEATABLE READ or SERIALIZABLE a summary changed by a transaction the
-- snapshot does not see is a serialization failure (40001), never a stale
-- summary.  Rows are never deleted here: an area-month left without
-- measurements keeps its row, with children = 0 and summary NULL (a
-- deleted row could not be locked, so a concurrent transaction with an
-- older snapshot could write it back stale).
--
-- SECURITY DEFINER: the summaries are the owner's, derived from every
-- measurement; roles that enter measurements need no right to write them
-- (and so cannot rewrite published figures), and recomputing from the
-- stored rows is all a caller can make it do.
CREATE OR REPLACE FUNCTION stunting.refresh_area_month(months date[], area_codes text[]) RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    key_months date[];
    key_codes text[];
    n integer;
BEGIN
    IF pg_catalog.cardinality(months) IS DISTINCT FROM pg_catalog.cardinality(area_codes) THEN
        RAISE EXCEPTION 'refresh_area_month: % months but % area codes', pg_catalog.cardinality(months), pg_catalog.cardinality(area_codes)
            USING ERRCODE = 'array_subscript_error';
    END IF;
    SELECT pg_catalog.array_agg(k.month ORDER BY k.month, k.area_code COLLATE pg_catalog."C"),
           pg_catalog.array_agg(k.area_code ORDER BY k.month, k.area_code COLLATE pg_catalog."C")
    INTO key_months, key_codes
    FROM (SELECT DISTINCT pg_catalog.date_trunc('month', k.m)::date AS month, k.a AS area_code
          FROM ROWS FROM (pg_catalog.unnest(months), pg_catalog.unnest(area_codes)) AS k(m, a)
          WHERE k.m IS NOT NULL AND k.a IS NOT NULL) k;
    IF key_months IS NULL THEN
        RETURN 0;
    END IF;
    -- 1. a row for every area-month (a concurrent insert of the same key
    --    waits for the other transaction; it then finds the row)
    INSERT INTO stunting.area_month_summary (month, area_code, summary, children, stunted, severely_stunted)
    SELECT k.m, k.a, NULL, 0, 0, 0
    FROM ROWS FROM (pg_catalog.unnest(key_months), pg_catalog.unnest(key_codes)) WITH ORDINALITY AS k(m, a, i)
    ORDER BY k.i
    ON CONFLICT (month, area_code) DO NOTHING;
    -- 2. their locks, in key order
    PERFORM 1 FROM stunting.area_month_summary s
    WHERE (s.month, s.area_code) IN (SELECT k.m, k.a FROM ROWS FROM (pg_catalog.unnest(key_months), pg_catalog.unnest(key_codes)) AS k(m, a))
    ORDER BY s.month, s.area_code COLLATE pg_catalog."C"
    FOR UPDATE OF s;
    -- 3. the recomputation (a new snapshot at READ COMMITTED); the same
    --    summation order as check_area_month, so equal means equal
    UPDATE stunting.area_month_summary s
    SET summary = r.summary, children = r.children, stunted = r.stunted, severely_stunted = r.severely_stunted
    FROM (SELECT k.m, k.a, CASE WHEN l.children > 0 THEN l.summary END AS summary, l.children, l.stunted, l.severely_stunted
          FROM ROWS FROM (pg_catalog.unnest(key_months), pg_catalog.unnest(key_codes)) AS k(m, a)
          CROSS JOIN LATERAL (
              SELECT stunting.summarize(x.z ORDER BY x.child_id) AS summary, pg_catalog.count(*)::integer AS children,
                     (pg_catalog.count(*) FILTER (WHERE (x.status).stunted))::integer AS stunted,
                     (pg_catalog.count(*) FILTER (WHERE (x.status).severely_stunted))::integer AS severely_stunted
              FROM (SELECT DISTINCT ON (m.child_id) m.child_id, m.z, m.status
                    FROM stunting.measurement m
                    WHERE m.month = k.m AND m.area_code = k.a
                    ORDER BY m.child_id, m.visit_date DESC, m.id DESC) x) l) r
    WHERE s.month = r.m AND s.area_code = r.a;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

COMMENT ON FUNCTION stunting.refresh_area_month(date[], text[]) IS
'Recomputes stunting.area_month_summary for the given months and area codes (pairwise) from each child''s latest measurement of the month, locking the summaries in key order first (safe beside concurrent entry); SECURITY DEFINER, not executable by PUBLIC; returns the number of area-months refreshed';

CREATE OR REPLACE FUNCTION stunting.refresh_area_month() RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    -- every area-month with a summary or a measurement; one whose
    -- measurements arrive after this snapshot is refreshed by its own commit
    RETURN stunting.refresh_area_month(
        ARRAY(SELECT k.month FROM (SELECT m.month, m.area_code FROM stunting.measurement m
                                   UNION SELECT s.month, s.area_code FROM stunting.area_month_summary s) k),
        ARRAY(SELECT k.area_code FROM (SELECT m.month, m.area_code FROM stunting.measurement m
                                       UNION SELECT s.month, s.area_code FROM stunting.area_month_summary s) k));
END
$$;

-- Both are the DBA's to run (the triggers call them as the owner): a
-- caller could otherwise make summary rows for made-up keys, or hold their
-- locks in an open transaction.
REVOKE EXECUTE ON FUNCTION stunting.refresh_area_month() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION stunting.refresh_area_month(date[], text[]) FROM PUBLIC;

COMMENT ON FUNCTION stunting.refresh_area_month() IS
'Recomputes every stored summary and every area-month with measurements (safe beside concurrent entry); returns the number of area-months refreshed';

-- What a DBA runs after a restore, a bulk load or a doubt: every area-month
-- whose stored summary is not what its measurements give.
CREATE FUNCTION stunting.check_area_month()
RETURNS TABLE (month date, area_code text, stored_children integer, children integer, summary_matches boolean)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    WITH actual AS (
        SELECT l.month, l.area_code, stunting.summarize(l.z ORDER BY l.child_id) AS summary,
               pg_catalog.count(*)::integer AS children,
               (pg_catalog.count(*) FILTER (WHERE (l.status).stunted))::integer AS stunted,
               (pg_catalog.count(*) FILTER (WHERE (l.status).severely_stunted))::integer AS severely_stunted
        FROM (SELECT DISTINCT ON (m.month, m.area_code, m.child_id) m.month, m.area_code, m.child_id, m.z, m.status
              FROM stunting.measurement m
              ORDER BY m.month, m.area_code, m.child_id, m.visit_date DESC, m.id DESC) l
        GROUP BY l.month, l.area_code)
    SELECT d.month, d.area_code, d.stored_children, d.children, d.summary_matches
    FROM (SELECT COALESCE(s.month, a.month) AS month, COALESCE(s.area_code, a.area_code) AS area_code,
                 s.children AS stored_children, COALESCE(a.children, 0) AS children,
                 (s.summary::text IS NOT DISTINCT FROM a.summary::text) AS summary_matches,
                 s.children IS NOT DISTINCT FROM COALESCE(a.children, 0)
                 AND s.stunted IS NOT DISTINCT FROM COALESCE(a.stunted, 0)
                 AND s.severely_stunted IS NOT DISTINCT FROM COALESCE(a.severely_stunted, 0) AS counts_match
          FROM stunting.area_month_summary s
          FULL JOIN actual a ON a.month = s.month AND a.area_code = s.area_code) d
    WHERE NOT (d.summary_matches AND d.counts_match)
    ORDER BY d.month, d.area_code
$$;

COMMENT ON FUNCTION stunting.check_area_month() IS
'Every area-month whose row in stunting.area_month_summary differs from a recomputation from the measurements (children, stunted, severely stunted or the summary itself), or is missing; no rows when the summaries are current';

-- Entry of one child's measurement and a correction of that child's sex or
-- birth date serialise on a transaction-level advisory lock on the child's
-- bucket (shared for entry, exclusive for corrections and deletion):
-- advisory locks need no privilege on stunting.child, which a row lock (FOR
-- SHARE) would.  Key: (1398035540, hashint8(child id) & 1023): 1,024
-- buckets, so that a bulk load of a city's 20,000 children takes at most
-- 1,024 locks of the shared lock table (one per child ran out of shared
-- memory at about 12,000), at the price of a correction also holding back
-- entry of the children in its bucket until it commits.  Applications
-- should not use 1398035540 as the first key of their own advisory locks.

-- On write: the child's data, the data-entry checks, z-scores and statuses.
CREATE OR REPLACE FUNCTION stunting.measurement_before_write() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    c stunting.child;
    problems text[];
BEGIN
    -- A row that arrives with its derived columns, written by the table's
    -- owner (pg_restore, or a superuser copying stored rows), is taken as
    -- stored: not judged again by today's checks, its child not looked up
    -- (pg_restore -j loads children and measurements in any order).
    -- (num_nulls: "z IS NOT NULL" would test every field of the composite)
    IF TG_OP = 'INSERT' AND pg_catalog.num_nulls(NEW.z, NEW.status, NEW.area_code, NEW.month) = 0
       AND pg_catalog.pg_has_role((SELECT r.relowner FROM pg_catalog.pg_class r WHERE r.oid = TG_RELID), 'USAGE') THEN
        RETURN NEW;
    END IF;
    -- A move to another kelurahan changes nothing the z-scores depend on.
    IF TG_OP = 'UPDATE' AND NEW.area_code IS DISTINCT FROM OLD.area_code AND NEW.area_code IS NOT NULL
       AND NEW.child_id = OLD.child_id AND NEW.visit_date = OLD.visit_date
       AND NEW.weight_kg IS NOT DISTINCT FROM OLD.weight_kg AND NEW.lenhei_cm IS NOT DISTINCT FROM OLD.lenhei_cm
       AND NEW.measure IS NOT DISTINCT FROM OLD.measure AND NEW.oedema IS NOT DISTINCT FROM OLD.oedema
       AND NEW.headc_cm IS NOT DISTINCT FROM OLD.headc_cm AND NEW.armc_cm IS NOT DISTINCT FROM OLD.armc_cm THEN
        PERFORM 1 FROM stunting.area a WHERE a.code = NEW.area_code;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'measurement %: no such area: %', OLD.id, NEW.area_code
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        NEW.month := OLD.month;
        NEW.z := OLD.z;
        NEW.status := OLD.status;
        RETURN NEW;
    END IF;
    -- Wait for a correction of this child in progress; at REPEATABLE READ
    -- or SERIALIZABLE the snapshot cannot see what it committed.  Not for an
    -- update that keeps the child: this row is already locked, and a
    -- correction recomputes every row of the child after their row locks
    -- (waiting here would deadlock with it).
    IF (TG_OP = 'INSERT' OR NEW.child_id <> OLD.child_id)
       AND NOT pg_catalog.pg_try_advisory_xact_lock_shared(1398035540, (pg_catalog.hashint8(NEW.child_id) & 1023)) THEN
        PERFORM pg_catalog.pg_advisory_xact_lock_shared(1398035540, (pg_catalog.hashint8(NEW.child_id) & 1023));
        IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
            RAISE EXCEPTION 'could not serialize access: child % was corrected concurrently', NEW.child_id
                USING ERRCODE = 'serialization_failure';
        END IF;
    END IF;
    SELECT * INTO c FROM stunting.child WHERE id = NEW.child_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'measurement of child %: no such child', NEW.child_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    problems := stunting.measurement_problems(c.sex, c.birth_date, NEW.visit_date,
                                              NEW.weight_kg, NEW.lenhei_cm, NEW.measure, NEW.oedema);
    IF pg_catalog.cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'measurement of child % on % rejected: %', NEW.child_id, pg_catalog.to_char(NEW.visit_date, 'YYYY-MM-DD'),
                        pg_catalog.array_to_string(problems, ', ')
            USING ERRCODE = 'check_violation',
                  DETAIL = (SELECT pg_catalog.string_agg(stunting.problem_message(p), ' ') FROM pg_catalog.unnest(problems) AS p);
    END IF;
    IF NEW.area_code IS NULL OR (TG_OP = 'UPDATE' AND NEW.child_id <> OLD.child_id AND NEW.area_code = OLD.area_code) THEN
        NEW.area_code := c.area_code;
    ELSIF TG_OP = 'INSERT' OR NEW.area_code IS DISTINCT FROM OLD.area_code THEN
        PERFORM 1 FROM stunting.area a WHERE a.code = NEW.area_code;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'measurement of child %: no such area: %', NEW.child_id, NEW.area_code
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    NEW.month := pg_catalog.date_trunc('month', NEW.visit_date)::date;
    NEW.z := stunting.anthro_zscores(c.sex, stunting.age_days(c.birth_date, NEW.visit_date)::float8,
                                     NEW.weight_kg, NEW.lenhei_cm, NEW.measure, NEW.oedema,
                                     NEW.headc_cm, NEW.armc_cm);
    NEW.status := stunting.assess(NEW.z);
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION stunting.measurement_before_write() IS
'Trigger on stunting.measurement: rejects a row with data-entry problems (23514, the problems named and explained) or an unknown child or area (23503), sets area_code (from the child when not given), month, z and status; a row the table''s owner inserts with its derived columns is kept as stored (restores); waits for a correction of the child in progress';

CREATE FUNCTION stunting.measurement_note_area_month() RETURNS trigger
AS 'MODULE_PATHNAME', 'stunting_measurement_note_area_month'
LANGUAGE C;

REVOKE EXECUTE ON FUNCTION stunting.measurement_note_area_month() FROM PUBLIC;

COMMENT ON FUNCTION stunting.measurement_note_area_month() IS
'Trigger on stunting.measurement: notes the area-months a row write touches (old and new), for the refresh at commit (measurement_apply_summaries)';

-- BEFORE, and named after measurement_before_write (BEFORE triggers fire in
-- name order): it sees the month and area that trigger set, and every row
-- of a statement is noted before the first measurement_summaries fires.
CREATE TRIGGER measurement_note_area_month BEFORE INSERT OR UPDATE OR DELETE ON stunting.measurement
    FOR EACH ROW EXECUTE FUNCTION stunting.measurement_note_area_month();

-- SECURITY DEFINER: it calls refresh_area_month(date[], text[]), which is
-- the owner's alone.  A trigger fires without EXECUTE on its function;
-- without it, no one can attach these to a table of their own.
CREATE FUNCTION stunting.measurement_apply_summaries() RETURNS trigger
AS 'MODULE_PATHNAME', 'stunting_measurement_apply_summaries'
LANGUAGE C SECURITY DEFINER;

REVOKE EXECUTE ON FUNCTION stunting.measurement_apply_summaries() FROM PUBLIC;

COMMENT ON FUNCTION stunting.measurement_apply_summaries() IS
'Deferred constraint trigger on stunting.measurement: at commit, refreshes every area-month the transaction touched (stunting.refresh_area_month, locks in key order)';

-- At commit; SET CONSTRAINTS stunting.measurement_summaries IMMEDIATE makes
-- it fire at the end of each statement, for a transaction that reads the
-- summaries of its own writes (it then holds their locks until it ends).
CREATE CONSTRAINT TRIGGER measurement_summaries AFTER INSERT OR UPDATE OR DELETE ON stunting.measurement
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION stunting.measurement_apply_summaries();

-- SECURITY DEFINER, as refresh_area_month: the summaries are the owner's.
CREATE FUNCTION stunting.measurement_after_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    TRUNCATE stunting.area_month_summary;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION stunting.measurement_after_truncate() IS
'Trigger on stunting.measurement: TRUNCATE empties stunting.area_month_summary too';

-- (attached to a temporary table of anyone's, it emptied the summaries)
REVOKE EXECUTE ON FUNCTION stunting.measurement_after_truncate() FROM PUBLIC;

CREATE TRIGGER measurement_after_truncate AFTER TRUNCATE ON stunting.measurement
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.measurement_after_truncate();

-- A child's area must exist (a foreign key would be checked while
-- pg_restore -j loads areas and children in parallel, in any order).
CREATE FUNCTION stunting.child_before_write() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    area_found boolean;
    any_area boolean;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.area_code IS NOT DISTINCT FROM OLD.area_code THEN
        RETURN NEW;
    END IF;
    -- (pg_restore -j may load children before areas: the table's owner may
    -- insert children while stunting.area is still empty.  One statement,
    -- one snapshot: the areas' COPY may commit between two.)
    SELECT EXISTS (SELECT FROM stunting.area a WHERE a.code = NEW.area_code),
           EXISTS (SELECT FROM stunting.area)
    INTO area_found, any_area;
    IF NOT area_found AND NOT (TG_OP = 'INSERT' AND NOT any_area
                               AND pg_catalog.pg_has_role((SELECT r.relowner FROM pg_catalog.pg_class r WHERE r.oid = TG_RELID), 'USAGE')) THEN
        RAISE EXCEPTION 'child: no such area: %', NEW.area_code
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION stunting.child_before_write() IS
'Trigger on stunting.child: the area must exist (23503), except for rows the table''s owner inserts while stunting.area is empty (pg_restore -j loads areas and children in any order)';

CREATE TRIGGER child_before_write BEFORE INSERT OR UPDATE ON stunting.child
    FOR EACH ROW EXECUTE FUNCTION stunting.child_before_write();

-- A corrected sex or birth date recomputes the child's measurements; a
-- deleted child takes its measurements with it.  Both first wait for every
-- entry of the child in progress (the advisory lock), so the recomputation
-- sees them at READ COMMITTED.
CREATE OR REPLACE FUNCTION stunting.child_after_update() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    pass integer;
BEGIN
    IF TG_OP = 'DELETE' OR NEW.sex IS DISTINCT FROM OLD.sex OR NEW.birth_date IS DISTINCT FROM OLD.birth_date
       OR NEW.id <> OLD.id THEN
        -- Twice: first the rows this snapshot sees (their row locks taken
        -- before the advisory lock, so an entry holding one of them is not
        -- also waited for), then, once the entries in progress have
        -- committed, again with a new snapshot that sees them.
        FOR pass IN 1 .. 2 LOOP
            IF pass = 2 AND NOT pg_catalog.pg_try_advisory_xact_lock(1398035540, (pg_catalog.hashint8(OLD.id) & 1023)) THEN
                PERFORM pg_catalog.pg_advisory_xact_lock(1398035540, (pg_catalog.hashint8(OLD.id) & 1023));
                IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
                    RAISE EXCEPTION 'could not serialize access: child % was measured concurrently', OLD.id
                        USING ERRCODE = 'serialization_failure';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN
                DELETE FROM stunting.measurement WHERE child_id = OLD.id;
            ELSIF NEW.id <> OLD.id THEN
                UPDATE stunting.measurement SET child_id = NEW.id WHERE child_id = OLD.id;
            ELSE
                UPDATE stunting.measurement SET child_id = child_id WHERE child_id = NEW.id;
            END IF;
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION stunting.child_after_update() IS
'Trigger on stunting.child: a corrected sex or birth date recomputes the child''s measurements and their area-months, a deleted child''s measurements are deleted; waits for entries of the child in progress';

CREATE TRIGGER child_after_update AFTER UPDATE OR DELETE ON stunting.child
    FOR EACH ROW EXECUTE FUNCTION stunting.child_after_update();

CREATE FUNCTION stunting.child_after_truncate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    -- (measurement's own TRUNCATE trigger empties the summaries)
    TRUNCATE stunting.measurement;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION stunting.child_after_truncate() IS
'Trigger on stunting.child: TRUNCATE empties stunting.measurement and stunting.area_month_summary too';

CREATE TRIGGER child_after_truncate AFTER TRUNCATE ON stunting.child
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.child_after_truncate();

-- Areas in use: a new code is carried to the children and measurements
-- (ON UPDATE CASCADE before 0.7.0), deletion is refused.  Both lock the
-- tables first (SHARE ROW EXCLUSIVE: entry waits, and is waited for), so
-- the check sees every row committed before.  Areas change seldom.
CREATE FUNCTION stunting.area_after_write() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.code = OLD.code THEN
        RETURN NULL;
    END IF;
    LOCK TABLE stunting.child, stunting.measurement IN SHARE ROW EXCLUSIVE MODE;
    IF TG_OP = 'UPDATE' THEN
        UPDATE stunting.child SET area_code = NEW.code WHERE area_code = OLD.code;
        UPDATE stunting.measurement SET area_code = NEW.code WHERE area_code = OLD.code;
    ELSIF EXISTS (SELECT FROM stunting.child c WHERE c.area_code = OLD.code)
          OR EXISTS (SELECT FROM stunting.measurement m WHERE m.area_code = OLD.code) THEN
        RAISE EXCEPTION 'area % is still referenced by children or measurements', OLD.code
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION stunting.area_after_write() IS
'Trigger on stunting.area: a changed code is carried to stunting.child and stunting.measurement; an area still referenced cannot be deleted (23503)';

CREATE TRIGGER area_after_write AFTER UPDATE OR DELETE ON stunting.area
    FOR EACH ROW EXECUTE FUNCTION stunting.area_after_write();

CREATE FUNCTION stunting.area_before_truncate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF EXISTS (SELECT FROM stunting.child) OR EXISTS (SELECT FROM stunting.measurement) THEN
        RAISE EXCEPTION 'cannot truncate stunting.area: children and measurements refer to its areas'
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'TRUNCATE stunting.child first (it takes the measurements and summaries with it).';
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION stunting.area_before_truncate() IS
'Trigger on stunting.area: TRUNCATE is refused while children or measurements refer to areas (23503)';

CREATE TRIGGER area_before_truncate BEFORE TRUNCATE ON stunting.area
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.area_before_truncate();

-- What the triggers keep and a restore or a load with triggers disabled may
-- not: every reference between the tables.
CREATE FUNCTION stunting.check_references()
RETURNS TABLE (table_name text, id bigint, missing text, value text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT 'stunting.child', c.id, 'area', c.area_code
    FROM stunting.child c WHERE NOT EXISTS (SELECT FROM stunting.area a WHERE a.code = c.area_code)
    UNION ALL
    SELECT 'stunting.measurement', m.id, 'child', m.child_id::text
    FROM stunting.measurement m WHERE NOT EXISTS (SELECT FROM stunting.child c WHERE c.id = m.child_id)
    UNION ALL
    SELECT 'stunting.measurement', m.id, 'area', m.area_code
    FROM stunting.measurement m WHERE NOT EXISTS (SELECT FROM stunting.area a WHERE a.code = m.area_code)
    ORDER BY 1, 2, 3
$$;

COMMENT ON FUNCTION stunting.check_references() IS
'Every child whose area, and every measurement whose child or area, does not exist (the references the triggers keep); no rows when all hold';

-- Bulk loads: COPY (or INSERT ... SELECT) into stunting.measurement_import
-- stores each clean row in stunting.measurement and puts each row that
-- fails the data-entry checks, as entered, into
-- stunting.measurement_quarantine with its problem codes; nothing aborts the
-- load and nothing stays in measurement_import.
CREATE TABLE stunting.measurement_import (
    child_id     bigint,
    visit_date   date,
    weight_kg    float8,
    lenhei_cm    float8,
    measure      text,
    oedema       boolean DEFAULT false,
    headc_cm     float8,
    armc_cm      float8,
    posyandu     text,
    measured_by  text,
    geom         geometry(Point, 4326),
    area_code    text
);

COMMENT ON TABLE stunting.measurement_import IS 'Bulk-load target (COPY or INSERT ... SELECT): clean rows go to stunting.measurement, rows with problems to stunting.measurement_quarantine; always empty';

COMMENT ON COLUMN stunting.measurement_import.child_id IS 'As stunting.measurement.child_id';
COMMENT ON COLUMN stunting.measurement_import.visit_date IS 'As stunting.measurement.visit_date';
COMMENT ON COLUMN stunting.measurement_import.weight_kg IS 'As stunting.measurement.weight_kg';
COMMENT ON COLUMN stunting.measurement_import.lenhei_cm IS 'As stunting.measurement.lenhei_cm';
COMMENT ON COLUMN stunting.measurement_import.measure IS 'As stunting.measurement.measure';
COMMENT ON COLUMN stunting.measurement_import.oedema IS 'As stunting.measurement.oedema (NULL taken as false)';
COMMENT ON COLUMN stunting.measurement_import.headc_cm IS 'As stunting.measurement.headc_cm';
COMMENT ON COLUMN stunting.measurement_import.armc_cm IS 'As stunting.measurement.armc_cm';
COMMENT ON COLUMN stunting.measurement_import.posyandu IS 'As stunting.measurement.posyandu';
COMMENT ON COLUMN stunting.measurement_import.measured_by IS 'As stunting.measurement.measured_by';
COMMENT ON COLUMN stunting.measurement_import.geom IS 'As stunting.measurement.geom';
COMMENT ON COLUMN stunting.measurement_import.area_code IS 'As stunting.measurement.area_code (the child''s area when NULL)';

CREATE TABLE stunting.measurement_quarantine (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    child_id     bigint,
    visit_date   date,
    weight_kg    float8,
    lenhei_cm    float8,
    measure      text,
    oedema       boolean,
    headc_cm     float8,
    armc_cm      float8,
    posyandu     text,
    measured_by  text,
    geom         geometry(Point, 4326),
    area_code    text,
    problems     text[] NOT NULL,
    entered_by   text NOT NULL DEFAULT CURRENT_USER,
    entered_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    attempts     integer NOT NULL DEFAULT 1
);

CREATE INDEX measurement_quarantine_child_idx ON stunting.measurement_quarantine (child_id);

SELECT pg_catalog.pg_extension_config_dump('stunting.measurement_quarantine', '');

SELECT pg_catalog.pg_extension_config_dump('stunting.measurement_quarantine_id_seq', '');

COMMENT ON TABLE stunting.measurement_quarantine IS 'Rows of a bulk load (stunting.measurement_import) that failed the data-entry checks, as entered, with their problem codes; correct them here (UPDATE) and call stunting.resubmit_quarantine; pg_dump keeps its rows';

COMMENT ON COLUMN stunting.measurement_quarantine.id IS 'Quarantine entry identifier';
COMMENT ON COLUMN stunting.measurement_quarantine.child_id IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.visit_date IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.weight_kg IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.lenhei_cm IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.measure IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.oedema IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.headc_cm IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.armc_cm IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.posyandu IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.measured_by IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.geom IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.area_code IS 'As entered';
COMMENT ON COLUMN stunting.measurement_quarantine.problems IS 'Why the row was not stored: codes of stunting.measurement_problems, or child_unknown, area_unknown, visit_date_missing, child_id_missing, or rejected_<SQLSTATE> for any other refusal';
COMMENT ON COLUMN stunting.measurement_quarantine.entered_by IS 'Role that loaded the row';
COMMENT ON COLUMN stunting.measurement_quarantine.entered_at IS 'When the row was loaded (start of the loading transaction)';
COMMENT ON COLUMN stunting.measurement_quarantine.attempts IS 'How many times the row was submitted';

-- One row through the checks: stored in stunting.measurement (returns NULL)
-- or the problems that keep it out.  The same path for loads and
-- resubmissions.
CREATE FUNCTION stunting.store_measurement(r stunting.measurement_import) RETURNS text[]
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    c stunting.child;
    problems text[];
    state text;
BEGIN
    IF r.child_id IS NULL THEN
        RETURN ARRAY['child_id_missing'];
    END IF;
    IF r.visit_date IS NULL THEN
        RETURN ARRAY['visit_date_missing'];
    END IF;
    SELECT * INTO c FROM stunting.child WHERE id = r.child_id;
    IF NOT FOUND THEN
        RETURN ARRAY['child_unknown'];
    END IF;
    problems := stunting.measurement_problems(c.sex, c.birth_date, r.visit_date, r.weight_kg, r.lenhei_cm,
                                              r.measure, COALESCE(r.oedema, false));
    IF r.area_code IS NOT NULL AND NOT EXISTS (SELECT FROM stunting.area a WHERE a.code = r.area_code) THEN
        problems := problems OPERATOR(pg_catalog.||) 'area_unknown'::text;
    END IF;
    IF pg_catalog.cardinality(problems) > 0 THEN
        RETURN problems;
    END IF;
    BEGIN
        INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema,
                                          headc_cm, armc_cm, posyandu, measured_by, geom, area_code)
        VALUES (r.child_id, r.visit_date, r.weight_kg, r.lenhei_cm, r.measure, COALESCE(r.oedema, false),
                r.headc_cm, r.armc_cm, r.posyandu, r.measured_by, r.geom, r.area_code);
    EXCEPTION WHEN OTHERS THEN
        -- a refusal the checks above did not foresee (a constraint the DBA
        -- added, a child deleted meanwhile): the row is kept, with the code
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE;
        IF state IN ('40001', '40P01', '57014', '57P01', '53100', '53200', '53300') THEN
            RAISE;
        END IF;
        RETURN ARRAY['rejected_' || state];
    END;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION stunting.store_measurement(stunting.measurement_import) IS
'Submits one measurement as entered: stores it in stunting.measurement and returns NULL, or returns the problem codes that keep it out (nothing is raised for them); used by stunting.measurement_import and stunting.resubmit_quarantine';

CREATE FUNCTION stunting.measurement_import_route() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    problems text[] := stunting.store_measurement(NEW);
BEGIN
    IF problems IS NOT NULL THEN
        INSERT INTO stunting.measurement_quarantine (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema,
                                                     headc_cm, armc_cm, posyandu, measured_by, geom, area_code, problems)
        VALUES (NEW.child_id, NEW.visit_date, NEW.weight_kg, NEW.lenhei_cm, NEW.measure, NEW.oedema,
                NEW.headc_cm, NEW.armc_cm, NEW.posyandu, NEW.measured_by, NEW.geom, NEW.area_code, problems);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION stunting.measurement_import_route() IS
'Trigger on stunting.measurement_import: each row is stored in stunting.measurement or quarantined with its problem codes (stunting.store_measurement); none stays';

CREATE TRIGGER measurement_import_route BEFORE INSERT ON stunting.measurement_import
    FOR EACH ROW EXECUTE FUNCTION stunting.measurement_import_route();

-- Quarantined rows, corrected in place, submitted again: those that pass
-- leave the quarantine for stunting.measurement; the others keep their
-- new problem codes.
CREATE FUNCTION stunting.resubmit_quarantine(ids bigint[] DEFAULT NULL)
RETURNS TABLE (stored integer, still_quarantined integer)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    q stunting.measurement_quarantine;
    found_problems text[];
BEGIN
    stored := 0;
    still_quarantined := 0;
    FOR q IN SELECT * FROM stunting.measurement_quarantine x
             WHERE ids IS NULL OR x.id = ANY (ids)
             ORDER BY x.id
             FOR UPDATE SKIP LOCKED
    LOOP
        found_problems := stunting.store_measurement(ROW(q.child_id, q.visit_date, q.weight_kg, q.lenhei_cm, q.measure,
                                                   q.oedema, q.headc_cm, q.armc_cm, q.posyandu, q.measured_by,
                                                   q.geom, q.area_code)::stunting.measurement_import);
        IF found_problems IS NULL THEN
            DELETE FROM stunting.measurement_quarantine WHERE id = q.id;
            stored := stored + 1;
        ELSE
            UPDATE stunting.measurement_quarantine
            SET problems = found_problems, attempts = attempts + 1
            WHERE id = q.id;
            still_quarantined := still_quarantined + 1;
        END IF;
    END LOOP;
    RETURN NEXT;
END
$$;

COMMENT ON FUNCTION stunting.resubmit_quarantine(bigint[]) IS
'Submits quarantined measurements again (all, or those with the given ids; rows another session is resubmitting are skipped): the ones that pass are stored and leave stunting.measurement_quarantine, the others get their current problem codes; returns how many of each';

CREATE OR REPLACE VIEW stunting.area_month AS
SELECT r.month, a.level, a.code, a.name, p.name AS parent_name,
       r.children, r.stunted, r.severely_stunted,
       (stunting.prevalence(r.s, 'HA_2')).r AS stunting_pct,
       (stunting.prevalence(r.s, 'HA_2')).ll AS stunting_ci_low,
       (stunting.prevalence(r.s, 'HA_2')).ul AS stunting_ci_high,
       (stunting.prevalence(r.s, 'HA_3')).r AS severe_stunting_pct,
       (stunting.prevalence(r.s, 'WH_2')).r AS wasting_pct,
       (stunting.prevalence(r.s, 'WA_2')).r AS underweight_pct,
       (stunting.prevalence(r.s, 'WH2')).r AS overweight_pct,
       (stunting.zscore_mean(r.s, 'HA')).r AS mean_haz,
       (q.q -> 'indicators' -> 'HA' ->> 'flagged_pct')::float8 AS flagged_haz_pct,
       (q.q -> 'smart' ->> 'score')::float8 AS plausibility_score,
       r.s AS summary
FROM (SELECT s.month, v.code, stunting.merge(s.summary ORDER BY s.area_code) AS s, sum(s.children)::integer AS children,
             sum(s.stunted)::integer AS stunted, sum(s.severely_stunted)::integer AS severely_stunted
      FROM stunting.area_month_summary s
      JOIN stunting.area_village v ON v.village_code = s.area_code
      WHERE s.children > 0
      GROUP BY s.month, v.code) r
JOIN stunting.area a ON a.code = r.code
LEFT JOIN stunting.area p ON p.code = a.parent_code
CROSS JOIN LATERAL (SELECT stunting.quality_report(r.s) AS q) q;

-- The latest month is the latest with children (an emptied area-month keeps its row).
CREATE OR REPLACE FUNCTION stunting.area_mvt(z integer, x integer, y integer, month date DEFAULT NULL,
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

CREATE OR REPLACE FUNCTION stunting.hotspot_streak(level text DEFAULT 'village', key text DEFAULT 'HA_2',
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


-- Names longer than 500 characters are an error (22023); NFKC runs in
-- pieces (linear) and the call can be cancelled.
COMMENT ON FUNCTION stunting.normalize_name(text) IS
  'A typed area name as a comparable key: ICU NFKC, Any-Latin, Latin-ASCII and full case folding; apostrophes dropped, other punctuation and spacing collapsed; administrative words (kel., kelurahan, desa, ds., kec., kecamatan, kab., kabupaten, kota, ...) removed unless nothing else is left; the spelling before 1972 mapped per word (oe->u, dj->j, tj->c, sj->sy, ch->kh, nj->ny in a word with another old digraph); Roman numerals kept. ''KEL. BANDAR-LOR'' -> ''bandar lor''. A name over 500 characters is ERROR 22023 (the longest desa/kelurahan name has 44)';

COMMENT ON FUNCTION stunting.normalize_name_literal(text) IS
  'normalize_name without the mapping of old spelling: the spelling as typed (a typo such as ''Baloerti'' is not read as old spelling); match_area scores both; a name over 500 characters is ERROR 22023';

-- load_areas analyzes the table after 1,000 features (cached plans that
-- scanned the whole table made a national load quadratic).
CREATE OR REPLACE FUNCTION stunting.load_areas(features jsonb, level text,
                                    code_key text DEFAULT 'kode',
                                    name_key text DEFAULT 'nama',
                                    parent_key text DEFAULT NULL,
                                    parent_name_key text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
DECLARE
    parent_level text;
    feature jsonb;
    ordinal bigint;
    props jsonb;
    what text;
    c text;
    nm text;
    pc text;
    pn text;
    existing_level text;
    existing_parent text;
    g geometry;
    gtype text;
    dup record;
    loaded integer := 0;
BEGIN
    IF features IS NULL OR level IS NULL OR code_key IS NULL OR name_key IS NULL THEN
        RAISE EXCEPTION 'load_areas: features, level, code_key and name_key must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    parent_level := stunting.area_parent_level(level);
    IF parent_key IS NOT NULL AND parent_level IS NULL THEN
        RAISE EXCEPTION 'load_areas: a province has no parent, but parent_key "%" was given', parent_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pg_catalog.jsonb_typeof(features) IS DISTINCT FROM 'object'
       OR features->>'type' IS DISTINCT FROM 'FeatureCollection'
       OR pg_catalog.jsonb_typeof(features->'features') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'load_areas: not a GeoJSON FeatureCollection'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The document starts %s.', pg_catalog.left(features::text, 80));
    END IF;

    -- a code given twice: one pass, not a lookup per feature (national
    -- files have tens of thousands of features)
    SELECT pg_catalog.btrim(f.value->'properties'->>code_key) AS code, pg_catalog.min(f.ordinality) AS first, pg_catalog.max(f.ordinality) AS second
    INTO dup
    FROM pg_catalog.jsonb_array_elements(features->'features') WITH ORDINALITY f
    WHERE pg_catalog.jsonb_typeof(f.value->'properties') = 'object'
      AND nullif(pg_catalog.btrim(f.value->'properties'->>code_key), '') IS NOT NULL
    GROUP BY 1 HAVING pg_catalog.count(*) > 1
    ORDER BY pg_catalog.max(f.ordinality) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'load_areas: feature % (code "%") appears twice in the collection (first as feature %)',
                        dup.second, dup.code, dup.first
            USING ERRCODE = 'unique_violation';
    END IF;

    FOR feature, ordinal IN
        SELECT value, ordinality FROM pg_catalog.jsonb_array_elements(features->'features') WITH ORDINALITY
    LOOP
        what := pg_catalog.format('feature %s', ordinal);
        IF pg_catalog.jsonb_typeof(feature) IS DISTINCT FROM 'object' OR feature->>'type' IS DISTINCT FROM 'Feature' THEN
            RAISE EXCEPTION 'load_areas: % is not a GeoJSON Feature', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        props := feature->'properties';
        IF pg_catalog.jsonb_typeof(props) IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION 'load_areas: % has no properties', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        c := nullif(pg_catalog.btrim(props->>code_key), '');
        IF c IS NULL THEN
            RAISE EXCEPTION 'load_areas: % has no code (property "%")', what, code_key
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('Its properties are %s.', pg_catalog.left(props::text, 200));
        END IF;
        what := pg_catalog.format('feature %s (code "%s")', ordinal, c);
        nm := nullif(pg_catalog.btrim(props->>name_key), '');
        IF nm IS NULL THEN
            RAISE EXCEPTION 'load_areas: % has no name (property "%")', what, name_key
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        what := pg_catalog.format('feature %s (code "%s", "%s")', ordinal, c, nm);

        IF pg_catalog.jsonb_typeof(feature->'geometry') IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION 'load_areas: % has no geometry', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        gtype := feature->'geometry'->>'type';
        IF gtype IS NULL OR gtype NOT IN ('Polygon', 'MultiPolygon') THEN
            RAISE EXCEPTION 'load_areas: % has a geometry of type "%", not Polygon or MultiPolygon', what, gtype
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        BEGIN
            g := ST_GeomFromGeoJSON(feature->'geometry');
        EXCEPTION WHEN OTHERS THEN
            RAISE EXCEPTION 'load_areas: % has a geometry PostGIS cannot read', what
                USING ERRCODE = 'invalid_parameter_value', DETAIL = SQLERRM;
        END;
        g := stunting.area_clean_geometry(g);
        IF g IS NULL THEN
            RAISE EXCEPTION 'load_areas: % has an empty geometry (nothing polygonal is left after ST_MakeValid)', what
                USING ERRCODE = 'invalid_parameter_value';
        END IF;

        pc := NULL;
        IF parent_key IS NOT NULL THEN
            pc := nullif(pg_catalog.btrim(props->>parent_key), '');
            IF pc IS NULL THEN
                RAISE EXCEPTION 'load_areas: % has no parent code (property "%")', what, parent_key
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT a.level INTO existing_level FROM stunting.area a WHERE a.code = pc;
            IF NOT FOUND THEN
                pn := CASE WHEN parent_name_key IS NOT NULL THEN nullif(pg_catalog.btrim(props->>parent_name_key), '') END;
                INSERT INTO stunting.area (code, name, level) VALUES (pc, coalesce(pn, pc), parent_level);
            ELSIF existing_level <> parent_level THEN
                RAISE EXCEPTION 'load_areas: the parent "%" of % is a %, not a %', pc, what, existing_level, parent_level
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        END IF;

        SELECT a.level, a.parent_code INTO existing_level, existing_parent
        FROM stunting.area a WHERE a.code = c;
        IF FOUND AND existing_level <> level THEN
            RAISE EXCEPTION 'load_areas: % is already loaded as a %, not a %', what, existing_level, level
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF parent_key IS NULL THEN
            pc := existing_parent;  -- without parent codes, an update keeps the parent
        END IF;
        -- insert or update; a row that would not change is not touched
        INSERT INTO stunting.area AS a (code, name, level, parent_code, geom)
        VALUES (c, nm, level, pc, g)
        ON CONFLICT (code) DO UPDATE
            SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, geom = EXCLUDED.geom
            WHERE a.name IS DISTINCT FROM EXCLUDED.name
               OR a.parent_code IS DISTINCT FROM EXCLUDED.parent_code
               OR NOT ST_OrderingEquals(a.geom, EXCLUDED.geom)
               OR a.geom IS NULL;
        loaded := loaded + 1;
        -- The plans of the lookups above and of the parent_code foreign
        -- key's check are cached for the session, chosen while the table
        -- was empty or small (fresh, or just vacuumed): a scan of the whole
        -- table per feature, quadratic in a national load (16,000
        -- features took 50 s).  ANALYZE, once the table holds some rows,
        -- replaces them (it invalidates the cached plans) with index
        -- lookups.  It needs the table's owner (PostgreSQL 15): for
        -- another role it is skipped, not a WARNING.
        IF loaded = 1000 AND pg_catalog.pg_has_role(
               (SELECT t.relowner FROM pg_catalog.pg_class t
                WHERE t.oid OPERATOR(pg_catalog.=) 'stunting.area'::pg_catalog.regclass), 'USAGE') THEN
            ANALYZE stunting.area;
        END IF;
    END LOOP;
    RETURN loaded;
END
$$;

-- match_area: no error on a long name of expanding characters (its key
-- over 1,000 bytes, or more than 16 words).
CREATE OR REPLACE FUNCTION stunting.match_area_search(typed text, within text, level text)
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
    trgm text;
BEGIN
    IF typed IS NULL OR level IS NULL THEN
        RETURN;
    END IF;
    PERFORM stunting.area_parent_level(level);
    IF within IS NOT NULL AND NOT EXISTS (SELECT 1 FROM area a WHERE a.code = within) THEN
        RAISE EXCEPTION 'match_area: no area "%" in stunting.area', within
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    q := pg_catalog.replace(stunting.normalize_name(typed), ' ', '');
    ql := pg_catalog.replace(stunting.normalize_name_literal(typed), ' ', '');
    -- A key over 1,000 bytes (a long name of expanding characters) is far
    -- from every area's key (name_distance does not compare it): no match.
    IF q = '' OR pg_catalog.octet_length(q) > 1000 OR pg_catalog.octet_length(ql) > 1000 THEN
        RETURN;
    END IF;

    -- The candidates, from the first of these steps that finds any (below
    -- `within` when given), each an index lookup:
    --   1. the same key (also as typed, with j read as y, or a/o alike);
    --   2. a run of the typed words is a key (the rest: kecamatan or city);
    --   3. the deletion neighbourhoods meet (one typo; GIN on name_deletions);
    --   4. below a small `within` (up to 2,000 areas): all of them;
    --   5. the 20 most similar keys by trigrams (pg_trgm's %).
    words := pg_catalog.string_to_array(stunting.normalize_name(typed), ' ');
    FOR step IN 1 .. 5 LOOP
        IF step = 1 THEN
            SELECT pg_catalog.array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level
              AND (a.name_key IN (q, ql, pg_catalog.replace(q, 'j', 'y')) OR stunting.name_key_ao(a.name_key) = stunting.name_key_ao(q));
        ELSIF step = 2 THEN
            -- (runs grow with the square of the words: a name with its
            -- kecamatan, city and province spelled out has fewer than 16)
            CONTINUE WHEN pg_catalog.cardinality(words) < 2 OR pg_catalog.cardinality(words) > 16;
            runs := ARRAY(SELECT pg_catalog.array_to_string(words[i:j], '')
                          FROM pg_catalog.generate_series(1, pg_catalog.cardinality(words)) i,
                               pg_catalog.generate_series(i, pg_catalog.cardinality(words)) j
                          WHERE j - i + 1 < pg_catalog.cardinality(words));
            SELECT pg_catalog.array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level AND a.name_key = ANY (runs);
        ELSIF step = 3 THEN
            runs := stunting.name_deletions(q) OPERATOR(pg_catalog.||) stunting.name_deletions(ql);
            SELECT pg_catalog.array_agg(a.code) INTO cands FROM area a
            WHERE a.level = match_area_search.level AND stunting.name_deletions(a.name_key) OPERATOR(pg_catalog.&&) runs;
        ELSIF step = 4 THEN
            CONTINUE WHEN within IS NULL;
            WITH RECURSIVE down (code, level) AS (
                SELECT a.code, a.level FROM area a WHERE a.code = within
                UNION ALL
                SELECT a.code, a.level FROM area a JOIN down d ON a.parent_code = d.code
            )
            SELECT pg_catalog.array_agg(d.code) INTO cands
            FROM (SELECT d.code FROM down d WHERE d.level = match_area_search.level LIMIT 2001) d;
            IF pg_catalog.cardinality(cands) > 2000 THEN
                cands := NULL;
            END IF;
        ELSE
            -- pg_trgm's % and similarity(), named through pg_trgm's schema
            -- (it is relocatable and need not be PostGIS's)
            SELECT pg_catalog.quote_ident(n.nspname) INTO trgm
            FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'pg_trgm';
            EXECUTE pg_catalog.format(
                'SELECT pg_catalog.array_agg(n.code) FROM (SELECT a.code FROM stunting.area a '
                'WHERE a.level = $1 AND a.name_key OPERATOR(%1$s.%%) $2 '
                'ORDER BY %1$s.similarity(a.name_key, $2) DESC, a.code LIMIT 20) n', trgm)
            INTO cands USING match_area_search.level, q;
        END IF;
        IF cands IS NOT NULL AND within IS NOT NULL AND step <> 4 THEN
            SELECT pg_catalog.array_agg(c.code) INTO cands
            FROM pg_catalog.unnest(cands) AS c (code)
            WHERE within IN (WITH RECURSIVE up (code, parent) AS (
                                 SELECT a.code, a.parent_code FROM area a WHERE a.code = c.code
                                 UNION ALL
                                 SELECT p.code, p.parent_code FROM area p JOIN up ON p.code = up.parent)
                             SELECT up.code FROM up);
        END IF;
        EXIT WHEN cands IS NOT NULL;
    END LOOP;

    RETURN QUERY
    WITH cand AS (SELECT pg_catalog.unnest(cands) AS code),
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
            CASE WHEN k.k = pg_catalog.replace(q, 'j', 'y') OR stunting.name_key_ao(k.k) = stunting.name_key_ao(q) THEN 0.96 END,
            1.0 - stunting.name_distance(q, k.k)::float8 / greatest(pg_catalog.length(q), pg_catalog.length(k.k), 1),
            1.0 - stunting.name_distance(ql, k.k)::float8 / greatest(pg_catalog.length(ql), pg_catalog.length(k.k), 1),
            CASE WHEN k.pk <> '' AND pg_catalog.length(q) > pg_catalog.length(k.pk) AND pg_catalog.right(q, pg_catalog.length(k.pk)) = k.pk
                 THEN 0.99 - stunting.name_distance(pg_catalog.left(q, pg_catalog.length(q) - pg_catalog.length(k.pk)), k.k)::float8
                             / greatest(pg_catalog.length(q) - pg_catalog.length(k.pk), pg_catalog.length(k.k), 1) END,
            CASE WHEN k.pk <> '' AND pg_catalog.length(q) > pg_catalog.length(k.pk) AND pg_catalog.left(q, pg_catalog.length(k.pk)) = k.pk
                 THEN 0.99 - stunting.name_distance(pg_catalog.right(q, pg_catalog.length(q) - pg_catalog.length(k.pk)), k.k)::float8
                             / greatest(pg_catalog.length(q) - pg_catalog.length(k.pk), pg_catalog.length(k.k), 1) END,
            CASE WHEN k.gk <> '' AND pg_catalog.length(q) > pg_catalog.length(k.gk) AND pg_catalog.right(q, pg_catalog.length(k.gk)) = k.gk
                 THEN 0.99 - stunting.name_distance(pg_catalog.left(q, pg_catalog.length(q) - pg_catalog.length(k.gk)), k.k)::float8
                             / greatest(pg_catalog.length(q) - pg_catalog.length(k.gk), pg_catalog.length(k.k), 1) END
        ) AS score
        FROM keyed k
    ),
    ranked AS (
        SELECT s.*, pg_catalog.max(s.score) OVER () AS best,
               pg_catalog.count(*) FILTER (WHERE s.score >= 0.5) OVER () AS n_good
        FROM scored s
    )
    SELECT r.code, r.name, r.score,
           r.score >= r.best - 0.1 AND (SELECT pg_catalog.count(*) FROM ranked x WHERE x.score >= x.best - 0.1) > 1
    FROM ranked r
    WHERE r.score >= 0.5
    ORDER BY r.score DESC, r.code
    LIMIT 5;
END
$$;

