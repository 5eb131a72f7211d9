-- The head of the install script.  The Makefile builds
-- stunting--<version>.sql from the files of extension/sql/ in the order of
-- SQL_SOURCES, this one first; CREATE EXTENSION runs it alone, without the
-- upgrade scripts (which carry older installations forward).

\echo Use "CREATE EXTENSION stunting CASCADE" to load this file. \quit

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
-- bodies' geometry calls and mixed-type operators resolve to; say so now.
DO $$
DECLARE
    schema_name text;
    writers text[];
BEGIN
    SELECT n.nspname,
           pg_catalog.array_agg(r.rolname::text ORDER BY r.rolname)
               FILTER (WHERE r.oid IS NOT NULL)
    INTO schema_name, writers
    FROM pg_catalog.pg_extension e
    JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    LEFT JOIN pg_catalog.pg_roles r
           ON NOT r.rolsuper AND r.rolname !~ '^pg_'
          AND pg_catalog.has_schema_privilege(r.oid, n.oid, 'CREATE')
    WHERE e.extname = 'postgis'
    GROUP BY n.nspname;
    IF writers IS NOT NULL THEN
        RAISE WARNING 'PostGIS is in schema "%", where roles without SUPERUSER can create objects: %',
                      schema_name,
                      pg_catalog.array_to_string(writers[1:5], ', ')
                      || CASE WHEN pg_catalog.cardinality(writers) > 5
                              THEN pg_catalog.format(' and %s more', pg_catalog.cardinality(writers) - 5) ELSE '' END
            USING HINT = 'The functions of stunting find PostGIS through that schema, so such a role can plant '
                         'objects they would run. Install PostGIS in a schema only superusers can write to '
                         '(README, "Where PostGIS should live").';
    END IF;
END
$$;

COMMENT ON SCHEMA stunting IS
  'stunting: WHO child growth z-scores and child stunting surveillance';

CREATE FUNCTION stunting.version()
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_version'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stunting.version() IS
  'Version of the stunting library, the WHO tables and the ICU it was built with';
