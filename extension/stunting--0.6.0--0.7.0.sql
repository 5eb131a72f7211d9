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

