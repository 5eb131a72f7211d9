-- stunting 0.7.0 -> 0.8.0: who may see and change what (issue 16): roles
-- by area and row-level security, the audit trail, the keyed NIK hash, the
-- published figures with small cells suppressed.
--
-- Released scripts are never edited: later versions add an upgrade script.

\echo Use "ALTER EXTENSION stunting UPDATE TO '0.8.0'" to load this file. \quit

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
-- extension/sql/access.sql (new in 0.8.0)

-- Who may see and change what: database roles mapped to areas, and
-- row-level security on the tables of identified children.
--
-- The DBA creates the roles (an extension creates none) and gives each one a
-- template of table privileges (stunting.grant_template) and its areas
-- (stunting.grant_area).  A grant on a kecamatan or the city covers every
-- area below it, as DHIS2's organisation units do; a role has the areas of
-- every role whose privileges it has (pg_has_role ... 'USAGE'), so a grant
-- to a group role reaches its members.  'enter' includes 'view'.
--
-- The policies themselves are in policies.sql, once the tables exist.

CREATE TABLE stunting.area_access (
    role_name  name NOT NULL,
    area_code  text NOT NULL,
    can_enter  boolean NOT NULL DEFAULT false,
    granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (role_name, area_code)
);

SELECT pg_catalog.pg_extension_config_dump('stunting.area_access', '');

COMMENT ON TABLE stunting.area_access IS 'Areas each database role may view or enter data for (stunting.grant_area, stunting.revoke_area); an area covers every area below it; each role reads its own rows; pg_dump keeps its rows';

COMMENT ON COLUMN stunting.area_access.role_name IS 'Database role (or group role) granted the area';
COMMENT ON COLUMN stunting.area_access.area_code IS 'stunting.area code: a kelurahan/desa, or a kecamatan or city covering all below it';
COMMENT ON COLUMN stunting.area_access.can_enter IS 'May enter and correct children and measurements (besides viewing them)';
COMMENT ON COLUMN stunting.area_access.granted_at IS 'When the area was last granted';

ALTER TABLE stunting.area_access ENABLE ROW LEVEL SECURITY;

-- A role sees its own grants and those of the roles it has the privileges
-- of: what stunting.area_scope reads as the caller.
CREATE POLICY area_access_own ON stunting.area_access FOR SELECT
    USING (EXISTS (SELECT FROM pg_catalog.pg_roles r
                   WHERE r.rolname OPERATOR(pg_catalog.=) area_access.role_name
                     AND pg_catalog.pg_has_role(r.oid, 'USAGE')));

GRANT SELECT ON stunting.area_access TO PUBLIC;

-- The codes of every area the current role may view (or enter), with all
-- the areas below them.  Run as the caller (pg_has_role needs the caller);
-- a policy calls it once per query, as (SELECT stunting.area_scope(...)),
-- and the result is kept for the rest of the transaction (access_fmgr.c):
-- a grant, a revocation or a new area takes effect in other sessions at
-- their next transaction.
CREATE FUNCTION stunting.area_scope(privilege text) RETURNS text[]
AS 'MODULE_PATHNAME', 'stunting_area_scope'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.area_scope(text) IS
'Codes of every area the current role may view (privilege view) or enter data for (enter), the areas below its granted areas included; what the row-level security policies use; read once per transaction (a change of grants or areas in another session counts from this session''s next transaction)';

CREATE FUNCTION stunting.area_scope_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'stunting_area_scope_changed'
LANGUAGE C;

REVOKE EXECUTE ON FUNCTION stunting.area_scope_changed() FROM PUBLIC;

COMMENT ON FUNCTION stunting.area_scope_changed() IS
'Trigger on stunting.area_access and stunting.area: a write drops this session''s stunting.area_scope results';

CREATE TRIGGER area_access_scope_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stunting.area_access
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.area_scope_changed();

CREATE TRIGGER area_scope_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stunting.area
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.area_scope_changed();

-- Grants and revocations: the DBA's (or a role the DBA lets run them).
CREATE FUNCTION stunting.grant_area(role_name name, area_code text, privilege text DEFAULT 'view') RETURNS void
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    IF privilege NOT IN ('view', 'enter') THEN
        RAISE EXCEPTION 'grant_area: privilege must be view or enter, not %', privilege
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = grant_area.role_name) THEN
        RAISE EXCEPTION 'grant_area: role "%" does not exist', grant_area.role_name
            USING ERRCODE = 'undefined_object',
                  HINT = 'The DBA creates the roles (CREATE ROLE); the extension creates none.';
    END IF;
    IF NOT EXISTS (SELECT FROM stunting.area a WHERE a.code = grant_area.area_code) THEN
        RAISE EXCEPTION 'grant_area: no such area: %', grant_area.area_code
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    INSERT INTO stunting.area_access AS g (role_name, area_code, can_enter, granted_at)
    VALUES (grant_area.role_name, grant_area.area_code, privilege = 'enter', pg_catalog.now())
    ON CONFLICT ON CONSTRAINT area_access_pkey
    DO UPDATE SET can_enter = g.can_enter OR EXCLUDED.can_enter, granted_at = EXCLUDED.granted_at;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.grant_area(name, text, text) FROM PUBLIC;

COMMENT ON FUNCTION stunting.grant_area(name, text, text) IS
'Lets a role view (default) or enter data for an area and every area below it; entering includes viewing; not executable by PUBLIC';

CREATE FUNCTION stunting.revoke_area(role_name name, area_code text DEFAULT NULL, privilege text DEFAULT 'view')
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    n integer;
BEGIN
    IF privilege IS NULL OR privilege NOT IN ('view', 'enter') THEN
        RAISE EXCEPTION 'revoke_area: privilege must be view or enter, not %', COALESCE(privilege, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF privilege = 'enter' THEN
        UPDATE stunting.area_access g SET can_enter = false
        WHERE g.role_name = revoke_area.role_name AND (revoke_area.area_code IS NULL OR g.area_code = revoke_area.area_code)
          AND g.can_enter;
    ELSE
        DELETE FROM stunting.area_access g
        WHERE g.role_name = revoke_area.role_name AND (revoke_area.area_code IS NULL OR g.area_code = revoke_area.area_code);
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.revoke_area(name, text, text) FROM PUBLIC;

COMMENT ON FUNCTION stunting.revoke_area(name, text, text) IS
'Takes an area (or, with area_code NULL, every area) from a role: privilege view (default) removes the grant, enter leaves viewing; returns the number of grants changed; not executable by PUBLIC';

-- The table privileges of each template, as GRANT statements' parts.
CREATE FUNCTION stunting.template_privileges(template text)
RETURNS TABLE (privileges text, object_type text, object_name text)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
BEGIN
    IF template NOT IN ('entry', 'viewer', 'aggregates', 'tiles') THEN
        RAISE EXCEPTION 'no role template %: entry, viewer, aggregates or tiles', template
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT t.p, t.o, t.n FROM (VALUES
        ('USAGE', 'SCHEMA', 'stunting', '{entry,viewer,aggregates,tiles}'::text[]),
        ('SELECT', 'TABLE', 'stunting.area', '{entry,viewer,aggregates,tiles}'),
        ('SELECT', 'TABLE', 'stunting.area_month_public', '{entry,viewer,aggregates,tiles}'),
        ('EXECUTE', 'FUNCTION', 'stunting.public_area_month(date)', '{entry,viewer,aggregates,tiles}'),
        ('EXECUTE', 'FUNCTION', 'stunting.area_public_mvt(integer, integer, integer, date, text)', '{tiles}'),
        -- not nik_hash: with the row's kelurahan, sex and birth date, a
        -- reader of the hashes could test the 10,000 NIKs a child may have
        ('SELECT (id, sex, birth_date, area_code, home)', 'TABLE', 'stunting.child', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.measurement', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.measurement_quarantine', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.audit_log', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.child_month_transition', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.area_village', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.area_month_summary', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.area_month', '{entry,viewer}'),
        ('EXECUTE', 'FUNCTION', 'stunting.nik_hash(text)', '{entry}'),
        -- ids come from the sequences: an id chosen ahead of them would
        -- make other areas' inserts fail
        ('INSERT (sex, birth_date, area_code, home, nik_hash), UPDATE (sex, birth_date, area_code, home, nik_hash), DELETE',
         'TABLE', 'stunting.child', '{entry}'),
        ('INSERT (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema, headc_cm, armc_cm, posyandu, measured_by, geom, area_code), '
         'UPDATE (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema, headc_cm, armc_cm, posyandu, measured_by, geom, area_code), DELETE',
         'TABLE', 'stunting.measurement', '{entry}'),
        ('INSERT', 'TABLE', 'stunting.measurement_import', '{entry}'),
        ('INSERT (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema, headc_cm, armc_cm, posyandu, measured_by, geom, area_code, problems), '
         'UPDATE (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema, headc_cm, armc_cm, posyandu, measured_by, geom, area_code, problems, attempts), DELETE',
         'TABLE', 'stunting.measurement_quarantine', '{entry}'),
        ('USAGE', 'SEQUENCE', 'stunting.child_id_seq', '{entry}'),
        ('USAGE', 'SEQUENCE', 'stunting.measurement_id_seq', '{entry}'),
        ('USAGE', 'SEQUENCE', 'stunting.measurement_quarantine_id_seq', '{entry}')
    ) AS t(p, o, n, templates)
    WHERE template = ANY (t.templates);
END
$$;

COMMENT ON FUNCTION stunting.template_privileges(text) IS
'What a role template grants: entry (kader, Tim Pendamping Keluarga: read and write children and measurements of its areas), viewer (puskesmas, kecamatan, kelurahan, city analysts: read them), aggregates (BI: the published figures only), tiles (tile servers: the published figures and their tile function); no template reads child.nik_hash or chooses an id';

CREATE FUNCTION stunting.grant_template(role_name name, template text) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    p record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = grant_template.role_name) THEN
        RAISE EXCEPTION 'grant_template: role "%" does not exist', grant_template.role_name
            USING ERRCODE = 'undefined_object',
                  HINT = 'The DBA creates the roles (CREATE ROLE); the extension creates none.';
    END IF;
    FOR p IN SELECT * FROM stunting.template_privileges(template) LOOP
        EXECUTE pg_catalog.format('GRANT %s ON %s %s TO %I', p.privileges, p.object_type, p.object_name,
                                  grant_template.role_name);
    END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.grant_template(name, text) FROM PUBLIC;

COMMENT ON FUNCTION stunting.grant_template(name, text) IS
'Grants a role the table and function privileges of a template (stunting.template_privileges: entry, viewer, aggregates, tiles); its areas come from stunting.grant_area; not executable by PUBLIC';

CREATE FUNCTION stunting.revoke_template(role_name name, template text) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    p record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = revoke_template.role_name) THEN
        RAISE EXCEPTION 'revoke_template: role "%" does not exist', revoke_template.role_name
            USING ERRCODE = 'undefined_object';
    END IF;
    FOR p IN SELECT * FROM stunting.template_privileges(template) LOOP
        EXECUTE pg_catalog.format('REVOKE %s ON %s %s FROM %I', p.privileges, p.object_type, p.object_name,
                                  revoke_template.role_name);
    END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.revoke_template(name, text) FROM PUBLIC;

COMMENT ON FUNCTION stunting.revoke_template(name, text) IS
'Revokes from a role what stunting.grant_template granted for a template (its area grants stay: stunting.revoke_area); not executable by PUBLIC';



-- ========================================================================
-- Changed objects of 0.7.0 (as extension/sql/surveillance.sql has them).

COMMENT ON FUNCTION stunting.nik_hash(text, text) IS
'Deprecated (0.8.0): SHA-256 of a 16-digit NIK with a salt the caller sends, so the salt reaches the server log with every failing statement; use stunting.nik_hash(nik), keyed server-side. Kept for installations re-keying from 0.7.0 (README). The error never shows the NIK.';

COMMENT ON DOMAIN stunting.nik_sha256 IS 'A hash of a NIK (32 bytes): the keyed HMAC-SHA-256 of stunting.nik_hash(nik)';

COMMENT ON COLUMN stunting.child.nik_hash IS 'Optional keyed hash of the NIK (stunting.nik_hash(nik)), never the raw NIK; unique within a kelurahan (stunting.nik_duplicates lists those shared across kelurahan); not readable by the role templates';

COMMENT ON COLUMN stunting.measurement_quarantine.area_code IS 'As entered; when none was and the loader is under row-level security, the child''s kelurahan at loading (if the loader may enter data there): the area whose roles may correct the row';


-- A NIK is unique within a kelurahan, no longer city-wide (a conflict told
-- an entry role that a guessed NIK is registered somewhere in the city).
ALTER TABLE stunting.child DROP CONSTRAINT child_nik_hash_key;
ALTER TABLE stunting.child ADD CONSTRAINT child_area_nik_hash_key UNIQUE (area_code, nik_hash);

-- The children's columns the checks need, not the NIK hash (no template
-- reads it); a quarantined row keeps the kelurahan it was loaded for.
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
    -- (the columns the checks need: the templates do not let roles read
    -- the NIK hash)
    SELECT ch.sex, ch.birth_date, ch.area_code INTO c.sex, c.birth_date, c.area_code
    FROM stunting.child ch WHERE ch.id = NEW.child_id;
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

CREATE OR REPLACE FUNCTION stunting.store_measurement(r stunting.measurement_import) RETURNS text[]
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
    SELECT ch.sex, ch.birth_date, ch.area_code INTO c.sex, c.birth_date, c.area_code
    FROM stunting.child ch WHERE ch.id = r.child_id;
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

CREATE OR REPLACE FUNCTION stunting.measurement_import_route() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    problems text[] := stunting.store_measurement(NEW);
    for_area text := NEW.area_code;
BEGIN
    IF problems IS NOT NULL THEN
        -- a row without an area is kept for the child's kelurahan, when the
        -- loader may enter data there: the kelurahan's other roles may
        -- then correct it (row-level security, access.sql)
        -- (for the owner, who sees every row, it stays as entered)
        IF for_area IS NULL AND pg_catalog.row_security_active('stunting.measurement_quarantine'::pg_catalog.regclass) THEN
            SELECT ch.area_code INTO for_area FROM stunting.child ch WHERE ch.id = NEW.child_id;
            IF NOT for_area = ANY (stunting.area_scope('enter')) THEN
                for_area := NULL;
            END IF;
        END IF;
        INSERT INTO stunting.measurement_quarantine (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema,
                                                     headc_cm, armc_cm, posyandu, measured_by, geom, area_code, problems)
        VALUES (NEW.child_id, NEW.visit_date, NEW.weight_kg, NEW.lenhei_cm, NEW.measure, NEW.oedema,
                NEW.headc_cm, NEW.armc_cm, NEW.posyandu, NEW.measured_by, NEW.geom, for_area, problems);
    END IF;
    RETURN NULL;
END
$$;



-- What must see every row, whatever row-level security shows the caller.
ALTER FUNCTION stunting.child_after_update() SECURITY DEFINER;
REVOKE EXECUTE ON FUNCTION stunting.child_after_update() FROM PUBLIC;
ALTER FUNCTION stunting.area_after_write() SECURITY DEFINER;
REVOKE EXECUTE ON FUNCTION stunting.area_after_write() FROM PUBLIC;
ALTER FUNCTION stunting.area_before_truncate() SECURITY DEFINER;
REVOKE EXECUTE ON FUNCTION stunting.area_before_truncate() FROM PUBLIC;

-- The caller's row-level security applies to what the views read.
ALTER VIEW stunting.child_month_transition SET (security_invoker = true);
CREATE OR REPLACE VIEW stunting.area_month WITH (security_invoker = true) AS
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
CROSS JOIN LATERAL (SELECT stunting.quality_report(r.s) AS q) q
WHERE NOT pg_catalog.row_security_active('stunting.area_month_summary'::pg_catalog.regclass)
   OR r.code = ANY ((SELECT stunting.area_scope('view'))::text[]);

COMMENT ON VIEW stunting.area_month IS 'Monthly stunting evaluation of every area (kelurahan, kecamatan, city) with plain columns for BI tools: each child counted once per month by its latest measurement; estimates as WHO Anthro computes them; a role under row-level security sees the areas it may view (the suppressed public figures: stunting.area_month_public)';


REVOKE EXECUTE ON FUNCTION stunting.check_area_month() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION stunting.check_references() FROM PUBLIC;


-- ========================================================================
-- extension/sql/privacy.sql (new in 0.8.0)

-- Privacy: the NIK key held server-side and the keyed NIK hash; the
-- small-cell threshold of the published figures (public_figures.sql).
--
-- A NIK is 16 digits: the kelurahan, the birth date (+40 for girls) and a
-- 4-digit serial.  The child row stores the kelurahan, sex and birth date,
-- so a hash anyone could recompute (a plain or salted SHA-256 whose salt the
-- applications send) falls to 10,000 guesses.  stunting.nik_hash(nik) is an
-- HMAC-SHA-256 under a key that only the extension's definer functions
-- read: applications send the NIK alone, and a stolen table of hashes is of
-- no use without the key.

CREATE FUNCTION stunting.hmac_sha256(key bytea, message bytea) RETURNS bytea
AS 'MODULE_PATHNAME', 'stunting_hmac_sha256'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.hmac_sha256(bytea, bytea) IS
'HMAC-SHA-256 (RFC 2104) of a message under a key, by PostgreSQL''s own implementation; 32 bytes';

CREATE FUNCTION stunting.random_bytes(n integer) RETURNS bytea
AS 'MODULE_PATHNAME', 'stunting_random_bytes'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.random_bytes(integer) IS
'n bytes (1 to 1024) from the server''s strong random source (pg_strong_random), for key material';

CREATE FUNCTION stunting.min_cell_size() RETURNS integer
AS 'MODULE_PATHNAME', 'stunting_min_cell_size'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION stunting.min_cell_size() IS
'The setting stunting.min_cell_size (default 5; only a superuser sets it): the smallest count of children the published figures show';

-- One row; no role but the owner may read it (no grant, ever).
CREATE TABLE stunting.nik_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea NOT NULL CHECK (pg_catalog.octet_length(key) >= 32),
    set_at    timestamptz NOT NULL DEFAULT pg_catalog.now()
);

REVOKE ALL ON stunting.nik_key FROM PUBLIC;

-- Dumped, or a restore could not recognise any NIK: a dump of this database
-- then holds the key.  README, "Deployment: roles and privacy".
SELECT pg_catalog.pg_extension_config_dump('stunting.nik_key', '');

COMMENT ON TABLE stunting.nik_key IS 'The key of stunting.nik_hash (one row, set by stunting.set_nik_key); readable by the extension''s owner alone; pg_dump keeps it, so a dump is as secret as the key';

COMMENT ON COLUMN stunting.nik_key.singleton IS 'Always true: the table holds one key';

COMMENT ON COLUMN stunting.nik_key.key IS 'HMAC-SHA-256 key, at least 32 bytes';

COMMENT ON COLUMN stunting.nik_key.set_at IS 'When the key was set';

-- The key is read here, as the owner, and never leaves: not in a result,
-- not in a message.  The messages name neither the NIK nor the key.
CREATE FUNCTION stunting.nik_hash(nik text) RETURNS bytea
LANGUAGE plpgsql VOLATILE STRICT PARALLEL RESTRICTED SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    digits text := pg_catalog.regexp_replace(nik, '[\s.-]', '', 'g');
    k bytea;
BEGIN
    IF digits !~ '^[0-9]{16}$' THEN
        RAISE EXCEPTION 'invalid NIK: expected 16 digits, got % characters', pg_catalog.length(digits)
            USING ERRCODE = 'invalid_text_representation';
    END IF;
    -- shared until the transaction ends: set_nik_key waits for every
    -- transaction hashing with the old key, so its clearing sees their rows
    -- (VOLATILE: after waiting here, the key is read with a new snapshot)
    PERFORM pg_catalog.pg_advisory_xact_lock_shared(1398035540, 1024);
    SELECT n.key INTO k FROM stunting.nik_key n;
    IF k IS NULL THEN
        RAISE EXCEPTION 'nik_hash: no NIK key is set'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'The extension''s owner runs SELECT stunting.set_nik_key(); once.';
    END IF;
    RETURN stunting.hmac_sha256(k, pg_catalog.convert_to(digits, 'UTF8'));
END
$$;

-- Granted by the entry template (stunting.grant_template), to register
-- children: no template reads the stored hashes, so no role can test a
-- guessed NIK against them.
REVOKE EXECUTE ON FUNCTION stunting.nik_hash(text) FROM PUBLIC;

COMMENT ON FUNCTION stunting.nik_hash(text) IS
'HMAC-SHA-256 of a 16-digit NIK (spaces, dots and dashes ignored) under the server-held key (stunting.set_nik_key), for stunting.child.nik_hash; send the NIK as a bind parameter. No message repeats the NIK or the key. Granted by the entry template; waits for stunting.set_nik_key in progress.';

-- Sets the key (32 random bytes unless one is given).  A key in use is not
-- replaced silently: the hashes made with it would match nothing.  With
-- replace => true every stored hash is cleared in the same transaction; the
-- README's re-keying recipe recomputes them from the NIKs of the source
-- system before it commits.
CREATE FUNCTION stunting.set_nik_key(key bytea DEFAULT NULL, replace boolean DEFAULT false) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    new_key bytea := COALESCE(key, stunting.random_bytes(32));
    hashed bigint;
    cleared bigint := 0;
BEGIN
    IF pg_catalog.octet_length(new_key) < 32 THEN
        RAISE EXCEPTION 'set_nik_key: a key must have at least 32 bytes, this one has %', pg_catalog.octet_length(new_key)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- every transaction hashing with the old key ends first (nik_hash
    -- holds this lock shared), and none hashes until this one ends; the
    -- statements below then see every hash made with the old key
    PERFORM pg_catalog.pg_advisory_xact_lock(1398035540, 1024);
    SELECT pg_catalog.count(*) INTO hashed FROM stunting.child c WHERE c.nik_hash IS NOT NULL;
    IF NOT replace AND EXISTS (SELECT FROM stunting.nik_key) THEN
        RAISE EXCEPTION 'set_nik_key: a NIK key is already set'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Replacing it makes every stored NIK hash useless: see "Re-keying" in the README (replace => true).';
    ELSIF NOT replace AND hashed > 0 THEN
        RAISE EXCEPTION 'set_nik_key: % children carry NIK hashes, but no NIK key is set', hashed
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'They were made by nik_hash(nik, salt) before 0.8.0: see "Re-keying" in the README (replace => true).';
    END IF;
    IF replace AND hashed > 0 THEN
        UPDATE stunting.child c SET nik_hash = NULL WHERE c.nik_hash IS NOT NULL;
        GET DIAGNOSTICS cleared = ROW_COUNT;
    END IF;
    INSERT INTO stunting.nik_key (singleton, key, set_at) VALUES (true, new_key, pg_catalog.now())
    ON CONFLICT (singleton) DO UPDATE SET key = EXCLUDED.key, set_at = EXCLUDED.set_at;
    RETURN cleared;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.set_nik_key(bytea, boolean) FROM PUBLIC;

COMMENT ON FUNCTION stunting.set_nik_key(bytea, boolean) IS
'Sets the key of stunting.nik_hash (32 random bytes when none is given); refuses to replace a key or to key over old hashes unless replace => true, which clears every stored NIK hash in the same transaction (re-hash them before commit: README, Re-keying); returns the number of hashes cleared; the owner''s alone';

-- A NIK is unique within a kelurahan (child_area_nik_hash_key), not across
-- the city: a city-wide conflict would tell an entry role that a NIK it
-- guessed is registered somewhere.  The health office finds the children
-- registered in two kelurahan here.
CREATE FUNCTION stunting.nik_duplicates()
RETURNS TABLE (child_id bigint, area_code text, other_child_id bigint, other_area_code text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT a.id, a.area_code, b.id, b.area_code
    FROM stunting.child a
    JOIN stunting.child b ON b.nik_hash = a.nik_hash AND b.id <> a.id
    WHERE a.nik_hash IS NOT NULL
    ORDER BY a.id, b.id
$$;

REVOKE EXECUTE ON FUNCTION stunting.nik_duplicates() FROM PUBLIC;

COMMENT ON FUNCTION stunting.nik_duplicates() IS
'Pairs of children registered with the same NIK hash (in different kelurahan: within one the constraint refuses it), each pair in both orders: for the health office to resolve (a move, a mistyped NIK); the DBA''s';


-- ========================================================================
-- extension/sql/audit.sql (new in 0.8.0)

-- The audit trail: every insert, update and delete of children and
-- measurements, append-only (audit_fmgr.c).  Roles that write children and
-- measurements hold no privilege on it; the viewer and entry templates may
-- read it, row-level security limiting them to the entries of their areas
-- (access.sql).

CREATE TABLE stunting.audit_log (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    logged_at      timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
    transaction_id xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    role_name      text NOT NULL,
    session_role   text NOT NULL,
    operation      text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')),
    table_name     text NOT NULL,
    row_id         bigint,
    areas          text[] NOT NULL,
    old_values     jsonb,
    new_values     jsonb
);

CREATE INDEX audit_log_row_idx ON stunting.audit_log (table_name, row_id);

CREATE INDEX audit_log_areas_idx ON stunting.audit_log USING gin (areas);

SELECT pg_catalog.pg_extension_config_dump('stunting.audit_log', '');

SELECT pg_catalog.pg_extension_config_dump('stunting.audit_log_id_seq', '');

COMMENT ON TABLE stunting.audit_log IS 'Append-only trail of every insert, update, delete and truncation of stunting.child and stunting.measurement, written by triggers as the tables'' owner; no role that enters data can change it; read per area under row-level security; pg_dump keeps its rows (a restore adds none)';

COMMENT ON COLUMN stunting.audit_log.id IS 'Entry identifier, in the order written';
COMMENT ON COLUMN stunting.audit_log.logged_at IS 'Start of the statement that wrote the row';
COMMENT ON COLUMN stunting.audit_log.transaction_id IS 'Transaction that wrote the row (entries of one transaction share it)';
COMMENT ON COLUMN stunting.audit_log.role_name IS 'current_user of the write (the extension''s owner for what its own functions recomputed)';
COMMENT ON COLUMN stunting.audit_log.session_role IS 'session_user of the write (the role that logged in)';
COMMENT ON COLUMN stunting.audit_log.operation IS 'INSERT, UPDATE, DELETE or TRUNCATE';
COMMENT ON COLUMN stunting.audit_log.table_name IS 'child or measurement';
COMMENT ON COLUMN stunting.audit_log.row_id IS 'id of the child or measurement (NULL for TRUNCATE)';
COMMENT ON COLUMN stunting.audit_log.areas IS 'area_code of the row before and after the write: whose roles may read the entry (none for TRUNCATE: the owner''s alone)';
COMMENT ON COLUMN stunting.audit_log.old_values IS 'Columns the write changed, with their values before (every column for DELETE; NULL for INSERT)';
COMMENT ON COLUMN stunting.audit_log.new_values IS 'Columns the write changed, with their values after (every column for INSERT; NULL for DELETE)';

CREATE FUNCTION stunting.audit_row() RETURNS trigger
AS 'MODULE_PATHNAME', 'stunting_audit_row'
LANGUAGE C;

-- (attached to a table of anyone's, it would write the log as that table's
-- owner; CREATE TRIGGER needs EXECUTE)
REVOKE EXECUTE ON FUNCTION stunting.audit_row() FROM PUBLIC;

COMMENT ON FUNCTION stunting.audit_row() IS
'Trigger on stunting.child and stunting.measurement: records each row written (who, when, operation, changed columns old and new) and each TRUNCATE in stunting.audit_log, as the table''s owner; writes by the owner with row_security off (restores) are not recorded';

CREATE TRIGGER child_audit AFTER INSERT OR UPDATE OR DELETE ON stunting.child
    FOR EACH ROW EXECUTE FUNCTION stunting.audit_row();

CREATE TRIGGER measurement_audit AFTER INSERT OR UPDATE OR DELETE ON stunting.measurement
    FOR EACH ROW EXECUTE FUNCTION stunting.audit_row();

CREATE TRIGGER child_audit_truncate AFTER TRUNCATE ON stunting.child
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.audit_row();

CREATE TRIGGER measurement_audit_truncate AFTER TRUNCATE ON stunting.measurement
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.audit_row();


-- ========================================================================
-- extension/sql/public_figures.sql (new in 0.8.0)

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


-- ========================================================================
-- extension/sql/policies.sql (new in 0.8.0)

-- Row-level security on the tables of identified children and on the
-- summaries (the roles, areas and templates: access.sql).  FORCE is not
-- set: the tables' owner and superusers, i.e. the extension's own definer
-- functions, pg_dump and the DBA, see every row.
--   child        read: its current area is viewable, or one of its
--                measurements is (a child that moved stays visible to the
--                area it moved from, whose past measurements keep that
--                area's code); write: its current area, before and after,
--                is one the role may enter;
--   measurement  read: its area (the kelurahan it counts for) is viewable;
--                write: its area, before and after, may be entered, and
--                (a trigger) its child's current area (the area a child
--                left can read its past measurements, no longer change them);
--   measurement_quarantine  read: loaded by the role, or its area is
--                viewable; load: as the role, for no area or one it may
--                enter; change: loaded by the role, or its area may be
--                entered (loader and loading time cannot be changed);
--   audit_log    read: one of its areas (before or after) is viewable;
--   area_month_summary  read: its area is viewable (stunting.area_month,
--                a security_invoker view, shows a role the areas all of
--                whose kelurahan it may view; everyone reads the suppressed
--                stunting.area_month_public).
-- (SELECT stunting.area_scope(...)) is computed once per query (an
-- initPlan), and area_scope itself once per transaction.

ALTER TABLE stunting.child ENABLE ROW LEVEL SECURITY;

-- (OFFSET 0: the planner would otherwise hash the child ids of every
-- measurement the role may view, once per statement, for a scan of child
-- in a join it cannot push below the policy; now the measurements are
-- probed by child, and only for a child outside the role's areas)
CREATE POLICY child_view ON stunting.child FOR SELECT
    USING (area_code = ANY ((SELECT stunting.area_scope('view'))::text[])
           OR EXISTS (SELECT FROM stunting.measurement m
                      WHERE m.child_id = child.id AND m.area_code = ANY ((SELECT stunting.area_scope('view'))::text[])
                      OFFSET 0));

CREATE POLICY child_enter_insert ON stunting.child FOR INSERT
    WITH CHECK (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY child_enter_update ON stunting.child FOR UPDATE
    USING (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]))
    WITH CHECK (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY child_enter_delete ON stunting.child FOR DELETE
    USING (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

ALTER TABLE stunting.measurement ENABLE ROW LEVEL SECURITY;

CREATE POLICY measurement_view ON stunting.measurement FOR SELECT
    USING (area_code = ANY ((SELECT stunting.area_scope('view'))::text[]));

CREATE POLICY measurement_enter_insert ON stunting.measurement FOR INSERT
    WITH CHECK (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY measurement_enter_update ON stunting.measurement FOR UPDATE
    USING (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]))
    WITH CHECK (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY measurement_enter_delete ON stunting.measurement FOR DELETE
    USING (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

-- The child's current kelurahan must be one the role may enter, too: the
-- area a child left reads its past measurements, no longer changes them.
-- A trigger, not the policies: a policy on measurement reading child,
-- whose policy reads measurement, would recurse.
CREATE FUNCTION stunting.measurement_child_area() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    ids bigint[];
    child bigint;
    child_area text;
BEGIN
    IF pg_catalog.row_security_active(TG_RELID) THEN
        ids := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.child_id]
                          WHEN 'UPDATE' THEN ARRAY[OLD.child_id, NEW.child_id]
                          ELSE ARRAY[OLD.child_id] END;
        FOREACH child IN ARRAY ids LOOP
            SELECT ch.area_code INTO child_area FROM stunting.child ch WHERE ch.id = child;
            IF child_area IS NULL OR NOT child_area = ANY (stunting.area_scope('enter')) THEN
                RAISE EXCEPTION 'measurement of child %: the child''s kelurahan is not one this role may enter data for', child
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'A child that moved is entered for where it lives now.';
            END IF;
        END LOOP;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

COMMENT ON FUNCTION stunting.measurement_child_area() IS
'Trigger on stunting.measurement: a role under row-level security writes measurements only of children whose current kelurahan it may enter (42501)';

-- (named to fire after measurement_before_write, which refuses an unknown
-- child first, as for any role)
CREATE TRIGGER measurement_child_area BEFORE INSERT OR UPDATE OR DELETE ON stunting.measurement
    FOR EACH ROW EXECUTE FUNCTION stunting.measurement_child_area();

ALTER TABLE stunting.measurement_quarantine ENABLE ROW LEVEL SECURITY;

CREATE POLICY quarantine_view ON stunting.measurement_quarantine FOR SELECT
    USING (entered_by = CURRENT_USER OR area_code = ANY ((SELECT stunting.area_scope('view'))::text[]));

CREATE POLICY quarantine_load ON stunting.measurement_quarantine FOR INSERT
    WITH CHECK (entered_by = CURRENT_USER
                AND (area_code IS NULL OR area_code = ANY ((SELECT stunting.area_scope('enter'))::text[])));

CREATE POLICY quarantine_correct ON stunting.measurement_quarantine FOR UPDATE
    USING (entered_by = CURRENT_USER OR area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]))
    WITH CHECK (area_code IS NULL OR area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY quarantine_delete ON stunting.measurement_quarantine FOR DELETE
    USING (entered_by = CURRENT_USER OR area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

-- Who loaded a row and when are not the loader's to choose, nor anyone's
-- to change (the policies above rest on entered_by).
CREATE FUNCTION stunting.quarantine_before_write() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF pg_catalog.row_security_active(TG_RELID) THEN
        IF TG_OP = 'INSERT' THEN
            NEW.entered_by := CURRENT_USER;
            NEW.entered_at := pg_catalog.now();
            NEW.attempts := 1;
        ELSE
            NEW.entered_by := OLD.entered_by;
            NEW.entered_at := OLD.entered_at;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION stunting.quarantine_before_write() IS
'Trigger on stunting.measurement_quarantine: for roles under row-level security, a loaded row is the caller''s, loaded now, and no update changes who loaded it or when';

CREATE TRIGGER quarantine_before_write BEFORE INSERT OR UPDATE ON stunting.measurement_quarantine
    FOR EACH ROW EXECUTE FUNCTION stunting.quarantine_before_write();

ALTER TABLE stunting.audit_log ENABLE ROW LEVEL SECURITY;

CREATE POLICY audit_view ON stunting.audit_log FOR SELECT
    USING (areas OPERATOR(pg_catalog.&&) (SELECT stunting.area_scope('view')));

ALTER TABLE stunting.area_month_summary ENABLE ROW LEVEL SECURITY;

CREATE POLICY area_month_summary_view ON stunting.area_month_summary FOR SELECT
    USING (area_code = ANY ((SELECT stunting.area_scope('view'))::text[]));
