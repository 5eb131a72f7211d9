-- Installing the extension, and the properties every SQL object must have.
CREATE EXTENSION stunting CASCADE;

SELECT e.extname, e.extversion = a.default_version AS default_version, e.extrelocatable, n.nspname AS schema,
       'postgis' = ANY (SELECT r.extname FROM pg_extension r
                        JOIN pg_depend d ON d.refobjid = r.oid
                        WHERE d.objid = e.oid AND d.deptype = 'n') AS requires_postgis
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
JOIN pg_available_extensions a ON a.name = e.extname
WHERE e.extname = 'stunting';

-- Every function: in schema stunting, PARALLEL SAFE unless it writes
-- (load_areas, derive_parent_areas), commented; IMMUTABLE unless it depends on
-- a setting, on today's date, on the installed library or on stunting.area.
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility,
       p.proparallel AS parallel, p.proisstrict AS strict, p.procost AS cost,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'
ORDER BY p.proname, p.oid::regprocedure::text;

-- nothing of the extension lives outside schema stunting
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS outside
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'
WHERE d.deptype = 'e'
  AND coalesce((SELECT pronamespace FROM pg_proc WHERE oid = d.objid AND d.classid = 'pg_proc'::regclass),
               (SELECT typnamespace FROM pg_type WHERE oid = d.objid AND d.classid = 'pg_type'::regclass),
               (SELECT relnamespace FROM pg_class WHERE oid = d.objid AND d.classid = 'pg_class'::regclass),
               (SELECT oprnamespace FROM pg_operator WHERE oid = d.objid AND d.classid = 'pg_operator'::regclass))
      IS DISTINCT FROM 'stunting'::regnamespace;

-- every type of the extension and every column of its composites are documented
SELECT t.oid::regtype AS type, t.typtype,
       obj_description(t.oid, 'pg_type') IS NOT NULL AS commented,
       (SELECT count(*) FROM pg_attribute a
        WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
          AND col_description(a.attrelid, a.attnum) IS NULL) AS uncommented_columns
FROM pg_type t
JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'
ORDER BY t.oid::regtype::text;

-- WHO's output columns, in WHO's order, then the cleaned inputs
SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
FROM pg_attribute
WHERE attrelid = 'stunting.zscores'::regclass AND attnum > 0 AND NOT attisdropped;

-- the library's version is the extension's (both from stunting.control)
SELECT stunting.version() LIKE 'stunting ' || e.extversion || ' (%' AND stunting.version() ~ 'ICU [0-9.]+\)$' AS version_ok
FROM pg_extension e WHERE e.extname = 'stunting';

-- every operator of the extension is documented
SELECT o.oid::regoperator AS operator, obj_description(o.oid, 'pg_operator') IS NOT NULL AS commented
FROM pg_operator o
JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting';

-- every table and view of the extension and every column of it are
-- documented; which tables pg_dump dumps (extension configuration tables;
-- area_month_summary is derived, and rebuilt when measurements are restored)
SELECT c.oid::regclass AS table_name, c.relkind, obj_description(c.oid, 'pg_class') IS NOT NULL AS commented,
       (SELECT count(*) FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          AND col_description(a.attrelid, a.attnum) IS NULL) AS uncommented_columns,
       c.oid = ANY (e.extconfig) AS dumped
FROM pg_class c
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'
WHERE c.relkind IN ('r', 'v')
ORDER BY 1;
