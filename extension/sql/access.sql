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
        ('SELECT (id, sex, birth_date, area_code, home, posyandu, kms)', 'TABLE', 'stunting.child', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.measurement', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.measurement_quarantine', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.audit_log', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.child_month_transition', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.area_village', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.area_month_summary', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.area_month', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.weighing', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.target_population', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.kms_reference', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.kbm', '{entry,viewer}'),
        ('SELECT', 'TABLE', 'stunting.kms_in_use', '{entry,viewer}'),
        ('EXECUTE', 'FUNCTION', 'stunting.nik_hash(text)', '{entry}'),
        -- ids come from the sequences: an id chosen ahead of them would
        -- make other areas' inserts fail
        ('INSERT (sex, birth_date, area_code, home, nik_hash, posyandu, kms), UPDATE (sex, birth_date, area_code, home, nik_hash, posyandu, kms), DELETE',
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

