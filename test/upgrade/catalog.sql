-- test/upgrade/catalog.sql - a canonical text description of everything that
-- belongs to one extension in the current database, for diffing two installs
-- (test/upgrade_check.sh: a fresh install against an upgraded one).
--
--   psql -X -At -v ON_ERROR_STOP=1 -v ext=stunting -d DB -f test/upgrade/catalog.sql
--
-- One fact a line, each line starting with the object it is about (as
-- pg_describe_object names it), sorted, with no OIDs, so that a diff names
-- the object that differs.  Owner-independent: an owner that is the
-- extension's owner is printed as OWNER, and so is, in an ACL, the object's
-- owner; other roles by name, PUBLIC as PUBLIC.  The extension's own name is never
-- printed, so that two extensions of different names but the same scripts
-- give the same text.  Multi-line texts (function and view definitions) give
-- one line per line; newlines inside other values are shown as \n.
--
-- Covered: the extension (version, schema, requirements, configuration
-- tables), its members, objects in its schema that are not members; of every
-- function its definition and attributes, of aggregates every pg_aggregate
-- column; types (composite attributes, enum labels, domains and their
-- constraints, ranges); operators; casts; operator classes and families;
-- tables, views and sequences (columns, constraints, indexes, triggers,
-- policies, rules, options, view definitions, sequence parameters, the rows
-- of member tables as count and md5); ACLs and pg_init_privs; comments and
-- security labels on every object and sub-object (columns, constraints,
-- triggers, indexes, policies).
\set QUIET on
SET search_path = pg_catalog;
SET client_min_messages = warning;
SET extra_float_digits = 1;
SET DateStyle = ISO;
SET IntervalStyle = postgres;
SET TimeZone = 'UTC';
SET bytea_output = hex;

SELECT e.oid AS ext_oid, e.extowner AS ext_owner, e.extnamespace AS ext_ns
FROM pg_extension e WHERE e.extname = :'ext' \gset
-- (psql does not substitute variables inside the dollar-quoted bodies below)
CREATE TEMP TABLE ext_owner AS SELECT :ext_owner::oid AS oid;

-- helpers, in pg_temp (not in the extension's schema)
CREATE FUNCTION pg_temp.who(r oid, owner oid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN r = 0 THEN 'PUBLIC'
              WHEN r = owner OR r = (SELECT oid FROM pg_temp.ext_owner) THEN 'OWNER'
              ELSE coalesce((SELECT quote_ident(rolname) FROM pg_roles WHERE oid = r), 'unknown role') END
$$;
-- an object's owner: OWNER when it is the extension's owner
CREATE FUNCTION pg_temp.owner(r oid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN r = (SELECT oid FROM pg_temp.ext_owner) THEN 'OWNER'
              ELSE coalesce((SELECT quote_ident(rolname) FROM pg_roles WHERE oid = r), 'unknown role') END
$$;
CREATE FUNCTION pg_temp.acl(a aclitem[], owner oid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN a IS NULL THEN 'NULL (default)'
              ELSE coalesce((SELECT string_agg(s, ', ' ORDER BY s COLLATE "C")
                             FROM (SELECT pg_temp.who(x.grantee, owner) || '=' || x.privilege_type
                                          || CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
                                          || ' by ' || pg_temp.who(x.grantor, owner) AS s
                                   FROM aclexplode(a) x) y), 'none (everything revoked)') END
$$;
CREATE FUNCTION pg_temp.one_line(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT replace(replace(t, E'\\', E'\\\\'), E'\n', E'\\n')
$$;
-- an option list sorted (the order of options is not significant); NULL stays NULL
CREATE FUNCTION pg_temp.sorted(a text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NOT NULL
              THEN '{' || coalesce((SELECT string_agg(x, ', ' ORDER BY x COLLATE "C") FROM unnest(a) x), '') || '}' END
$$;
CREATE FUNCTION pg_temp.fn(p oid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p = 0 THEN '-' ELSE p::regprocedure::text END
$$;
CREATE FUNCTION pg_temp.yn(b boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN b THEN 'yes' WHEN NOT b THEN 'no' ELSE 'NULL' END
$$;

-- the members: deptype 'e' dependencies on the extension
CREATE TEMP TABLE m AS
SELECT d.classid, d.objid, d.objsubid FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = :ext_oid AND d.deptype = 'e';
-- relations to describe: member relations and the identity sequences of member tables
CREATE TEMP TABLE rel AS
SELECT objid AS oid FROM m WHERE classid = 'pg_class'::regclass
UNION
SELECT d.objid FROM pg_depend d JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = d.refobjid
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i'
  AND (SELECT relkind FROM pg_class WHERE oid = d.objid) = 'S';
-- types that belong to the extension: member types, row types of its relations, their arrays and multiranges
CREATE TEMP TABLE own_type AS
WITH base AS (
  SELECT objid AS oid FROM m WHERE classid = 'pg_type'::regclass
  UNION SELECT t.oid FROM pg_type t JOIN rel ON rel.oid = t.typrelid)
SELECT oid FROM base
UNION SELECT t.typarray FROM pg_type t JOIN base USING (oid) WHERE t.typarray <> 0
UNION SELECT r.rngmultitypid FROM pg_range r JOIN base ON base.oid = r.rngtypid;
-- everything that may carry a comment, a security label or initial privileges:
-- the members, their parts (indexes, constraints, triggers, policies, rules,
-- the relation behind a composite type) and the extension's schema
CREATE TEMP TABLE owned AS
SELECT classid, objid FROM m
UNION SELECT 'pg_class'::regclass, oid FROM rel
UNION SELECT 'pg_class'::regclass, i.indexrelid FROM pg_index i JOIN rel ON rel.oid = i.indrelid
UNION SELECT 'pg_class'::regclass, t.typrelid FROM pg_type t JOIN own_type USING (oid) WHERE t.typrelid <> 0
UNION SELECT 'pg_constraint'::regclass, c.oid FROM pg_constraint c
      WHERE c.conrelid IN (SELECT oid FROM rel) OR c.contypid IN (SELECT oid FROM own_type)
UNION SELECT 'pg_trigger'::regclass, t.oid FROM pg_trigger t JOIN rel ON rel.oid = t.tgrelid WHERE NOT t.tgisinternal
UNION SELECT 'pg_policy'::regclass, p.oid FROM pg_policy p JOIN rel ON rel.oid = p.polrelid
UNION SELECT 'pg_rewrite'::regclass, r.oid FROM pg_rewrite r JOIN rel ON rel.oid = r.ev_class
UNION SELECT 'pg_namespace'::regclass, :ext_ns::oid;

------------------------------------------------------------------ extension
SELECT 'extension: version ' || extversion FROM pg_extension WHERE oid = :ext_oid;
SELECT 'extension: schema ' || quote_ident(extnamespace::regnamespace::text)
       || ', relocatable ' || pg_temp.yn(extrelocatable)
FROM pg_extension WHERE oid = :ext_oid;
SELECT x FROM (
SELECT 'extension: requires ' || pg_describe_object(refclassid, refobjid, refobjsubid)
FROM pg_depend
WHERE classid = 'pg_extension'::regclass AND objid = :ext_oid AND refclassid = 'pg_extension'::regclass
) q(x) ORDER BY x COLLATE "C";
SELECT x FROM (
SELECT 'extension: configuration table ' || c.cfg::regclass::text || ' condition '
       || coalesce(quote_literal((SELECT extcondition FROM pg_extension WHERE oid = :ext_oid)[c.n]), 'NULL')
FROM pg_extension e, unnest(e.extconfig) WITH ORDINALITY AS c(cfg, n)
WHERE e.oid = :ext_oid
) q(x) ORDER BY x COLLATE "C";
SELECT 'extension: ' || count(*) || ' configuration tables, '
       || coalesce(array_length((SELECT extcondition FROM pg_extension WHERE oid = :ext_oid), 1), 0) || ' conditions'
FROM pg_extension e, unnest(e.extconfig) c WHERE e.oid = :ext_oid;
SELECT 'extension: comment ' || coalesce(pg_temp.one_line(obj_description(:ext_oid, 'pg_extension')), 'NULL');
SELECT 'schema ' || quote_ident(n.nspname) || ': owner ' || pg_temp.owner(n.nspowner)
       || ', acl ' || pg_temp.acl(n.nspacl, n.nspowner)
FROM pg_namespace n WHERE n.oid = :ext_ns;

------------------------------------------------------------------ members
SELECT x FROM (
SELECT 'member: ' || pg_describe_object(classid, objid, objsubid) FROM m
) q(x) ORDER BY x COLLATE "C";

-- objects in the extension's schema that are not members (nor parts of members)
CREATE TEMP VIEW not_member AS
SELECT x FROM (
  SELECT pg_describe_object('pg_class'::regclass, c.oid, 0) AS x FROM pg_class c
  WHERE c.relnamespace = :ext_ns AND c.oid NOT IN (SELECT oid FROM rel)
    AND NOT (c.relkind IN ('i', 'I') AND EXISTS (SELECT FROM pg_index i JOIN rel ON rel.oid = i.indrelid WHERE i.indexrelid = c.oid))
    AND NOT (c.relkind = 'c' AND c.reltype IN (SELECT oid FROM own_type))
  UNION ALL SELECT pg_describe_object('pg_proc'::regclass, p.oid, 0) FROM pg_proc p
  WHERE p.pronamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_proc'::regclass AND objid = p.oid)
  UNION ALL SELECT pg_describe_object('pg_type'::regclass, t.oid, 0) FROM pg_type t
  WHERE t.typnamespace = :ext_ns AND t.oid NOT IN (SELECT oid FROM own_type)
  UNION ALL SELECT pg_describe_object('pg_operator'::regclass, o.oid, 0) FROM pg_operator o
  WHERE o.oprnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_operator'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_opclass'::regclass, o.oid, 0) FROM pg_opclass o
  WHERE o.opcnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_opclass'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_opfamily'::regclass, o.oid, 0) FROM pg_opfamily o
  WHERE o.opfnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_opfamily'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_collation'::regclass, o.oid, 0) FROM pg_collation o
  WHERE o.collnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_collation'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_conversion'::regclass, o.oid, 0) FROM pg_conversion o
  WHERE o.connamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_conversion'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_ts_config'::regclass, o.oid, 0) FROM pg_ts_config o
  WHERE o.cfgnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_ts_config'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_ts_dict'::regclass, o.oid, 0) FROM pg_ts_dict o
  WHERE o.dictnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_ts_dict'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_ts_parser'::regclass, o.oid, 0) FROM pg_ts_parser o
  WHERE o.prsnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_ts_parser'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_ts_template'::regclass, o.oid, 0) FROM pg_ts_template o
  WHERE o.tmplnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_ts_template'::regclass AND objid = o.oid)
  UNION ALL SELECT pg_describe_object('pg_statistic_ext'::regclass, o.oid, 0) FROM pg_statistic_ext o
  WHERE o.stxnamespace = :ext_ns AND NOT EXISTS (SELECT FROM m WHERE classid = 'pg_statistic_ext'::regclass AND objid = o.oid)
) s;
SELECT 'schema ' || quote_ident(:ext_ns::oid::regnamespace::text) || ': ' || count(*) || ' objects not members of the extension'
FROM not_member;
SELECT 'NOT A MEMBER: ' || x FROM not_member ORDER BY x COLLATE "C";

------------------------------------------------------------------ functions and aggregates
WITH f AS (SELECT p.*, pg_describe_object('pg_proc'::regclass, p.oid, 0) AS id
           FROM pg_proc p JOIN m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid)
SELECT id || ': ' || line FROM (
  SELECT id, 1 AS k, 0 AS n, 'kind ' || prokind::text || ', language ' || (SELECT lanname FROM pg_language WHERE oid = prolang) AS line FROM f
  UNION ALL SELECT id, 2, 0, 'arguments ' || pg_get_function_arguments(oid) FROM f
  UNION ALL SELECT id, 3, 0, 'argument names ' || coalesce(proargnames::text, 'NULL')
                   || ', modes ' || coalesce(proargmodes::text, 'NULL') || ', ' || pronargdefaults || ' defaults '
                   || coalesce(pg_get_expr(proargdefaults, 0), '-') FROM f
  UNION ALL SELECT id, 4, 0, 'returns ' || pg_get_function_result(oid) || ', retset ' || pg_temp.yn(proretset) FROM f
  UNION ALL SELECT id, 5, 0, 'volatility ' || provolatile::text || ', strict ' || pg_temp.yn(proisstrict)
                   || ', parallel ' || proparallel::text || ', leakproof ' || pg_temp.yn(proleakproof)
                   || ', security definer ' || pg_temp.yn(prosecdef) FROM f
  UNION ALL SELECT id, 6, 0, 'cost ' || procost || ', rows ' || prorows || ', support ' || pg_temp.fn(prosupport::oid) FROM f
  UNION ALL SELECT id, 7, 0, 'set ' || coalesce(pg_temp.sorted(proconfig), 'NULL') FROM f
  UNION ALL SELECT id, 8, 0, 'owner ' || pg_temp.owner(proowner) || ', acl ' || pg_temp.acl(proacl, proowner) FROM f
  UNION ALL SELECT id, 10, l.n::int, 'def| ' || l.line
            FROM f, regexp_split_to_table(rtrim(pg_get_functiondef(f.oid), E'\n'), E'\n') WITH ORDINALITY AS l(line, n)
            WHERE f.prokind <> 'a'
  UNION ALL SELECT f.id, 11, 0,
           'aggregate kind ' || a.aggkind::text || ', direct args ' || a.aggnumdirectargs
           || ', transfn ' || pg_temp.fn(a.aggtransfn::oid) || ', finalfn ' || pg_temp.fn(a.aggfinalfn::oid)
           || ', combinefn ' || pg_temp.fn(a.aggcombinefn::oid) || ', serialfn ' || pg_temp.fn(a.aggserialfn::oid)
           || ', deserialfn ' || pg_temp.fn(a.aggdeserialfn::oid)
           || ', mtransfn ' || pg_temp.fn(a.aggmtransfn::oid) || ', minvtransfn ' || pg_temp.fn(a.aggminvtransfn::oid)
           || ', mfinalfn ' || pg_temp.fn(a.aggmfinalfn::oid)
           || ', finalextra ' || pg_temp.yn(a.aggfinalextra) || ', mfinalextra ' || pg_temp.yn(a.aggmfinalextra)
           || ', finalmodify ' || a.aggfinalmodify::text || ', mfinalmodify ' || a.aggmfinalmodify::text
           || ', sortop ' || CASE WHEN a.aggsortop = 0 THEN '-' ELSE a.aggsortop::regoperator::text END
           || ', transtype ' || format_type(a.aggtranstype, NULL) || ', transspace ' || a.aggtransspace
           || ', mtranstype ' || CASE WHEN a.aggmtranstype = 0 THEN '-' ELSE format_type(a.aggmtranstype, NULL) END
           || ', mtransspace ' || a.aggmtransspace
           || ', initcond ' || coalesce(quote_literal(a.agginitval), 'NULL')
           || ', minitcond ' || coalesce(quote_literal(a.aggminitval), 'NULL')
           FROM f JOIN pg_aggregate a ON a.aggfnoid = f.oid
) s ORDER BY id COLLATE "C", k, n;

------------------------------------------------------------------ types
WITH t AS (SELECT t.*, pg_describe_object('pg_type'::regclass, t.oid, 0) AS id
           FROM pg_type t JOIN m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid)
SELECT id || ': ' || line FROM (
  SELECT id, 1 AS k, 0 AS n, 'typtype ' || typtype::text || ', category ' || typcategory::text || ', preferred ' || pg_temp.yn(typispreferred)
         || ', len ' || typlen || ', byval ' || pg_temp.yn(typbyval) || ', align ' || typalign::text
         || ', storage ' || typstorage::text || ', delim ' || quote_literal(typdelim::text) AS line FROM t
  UNION ALL SELECT id, 2, 0, 'input ' || pg_temp.fn(typinput::oid) || ', output ' || pg_temp.fn(typoutput::oid)
                   || ', receive ' || pg_temp.fn(typreceive::oid) || ', send ' || pg_temp.fn(typsend::oid)
                   || ', typmodin ' || pg_temp.fn(typmodin::oid) || ', typmodout ' || pg_temp.fn(typmodout::oid)
                   || ', analyze ' || pg_temp.fn(typanalyze::oid) || ', subscript ' || pg_temp.fn(typsubscript::oid) FROM t
  UNION ALL SELECT id, 3, 0, 'element ' || CASE WHEN typelem = 0 THEN '-' ELSE format_type(typelem, NULL) END
                   || ', array ' || CASE WHEN typarray = 0 THEN '-' ELSE format_type(typarray, NULL) END
                   || ', collation ' || CASE WHEN typcollation = 0 THEN '-' ELSE typcollation::regcollation::text END FROM t
  UNION ALL SELECT id, 4, 0, 'base type ' || CASE WHEN typbasetype = 0 THEN '-' ELSE format_type(typbasetype, typtypmod) END
                   || ', not null ' || pg_temp.yn(typnotnull) || ', ndims ' || typndims
                   || ', default ' || coalesce(pg_get_expr(typdefaultbin, 0), quote_literal(typdefault), 'NULL') FROM t
  UNION ALL SELECT id, 5, 0, 'owner ' || pg_temp.owner(typowner) || ', acl ' || pg_temp.acl(typacl, typowner) FROM t
  -- composite: the attributes in order (ordinal among the live ones)
  UNION ALL SELECT t.id, 6, a.n::int, 'attribute ' || a.n || ' ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attcollation <> (SELECT typcollation FROM pg_type WHERE oid = a.atttypid)
                           THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
            FROM t, LATERAL (SELECT at.*, row_number() OVER (ORDER BY at.attnum) AS n FROM pg_attribute at
                             WHERE at.attrelid = t.typrelid AND at.attnum > 0 AND NOT at.attisdropped) a
            WHERE t.typtype = 'c'
  -- enum: the labels in sort order
  UNION ALL SELECT t.id, 7, e.n::int, 'label ' || e.n || ' ' || quote_literal(e.enumlabel)
            FROM t, LATERAL (SELECT en.enumlabel, row_number() OVER (ORDER BY en.enumsortorder) AS n
                             FROM pg_enum en WHERE en.enumtypid = t.oid) e
  -- domain constraints
  UNION ALL SELECT t.id, 8, 0, 'constraint ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid)
            FROM t JOIN pg_constraint c ON c.contypid = t.oid
  -- range
  UNION ALL SELECT t.id, 9, 0, 'range subtype ' || format_type(r.rngsubtype, NULL)
                   || ', multirange ' || format_type(r.rngmultitypid, NULL)
                   || ', collation ' || CASE WHEN r.rngcollation = 0 THEN '-' ELSE r.rngcollation::regcollation::text END
                   || ', opclass ' || (SELECT pg_describe_object('pg_opclass'::regclass, r.rngsubopc, 0))
                   || ', canonical ' || pg_temp.fn(r.rngcanonical::oid) || ', subdiff ' || pg_temp.fn(r.rngsubdiff::oid)
            FROM t JOIN pg_range r ON r.rngtypid = t.oid
) s ORDER BY id COLLATE "C", k, n, line COLLATE "C";

------------------------------------------------------------------ operators
SELECT x FROM (
SELECT pg_describe_object('pg_operator'::regclass, o.oid, 0) || ': '
       || 'kind ' || o.oprkind::text
       || ', left ' || CASE WHEN o.oprleft = 0 THEN '-' ELSE format_type(o.oprleft, NULL) END
       || ', right ' || CASE WHEN o.oprright = 0 THEN '-' ELSE format_type(o.oprright, NULL) END
       || ', result ' || CASE WHEN o.oprresult = 0 THEN '-' ELSE format_type(o.oprresult, NULL) END
       || ', function ' || pg_temp.fn(o.oprcode::oid)
       || ', commutator ' || CASE WHEN o.oprcom = 0 THEN '-' ELSE o.oprcom::regoperator::text END
       || ', negator ' || CASE WHEN o.oprnegate = 0 THEN '-' ELSE o.oprnegate::regoperator::text END
       || ', restrict ' || pg_temp.fn(o.oprrest::oid) || ', join ' || pg_temp.fn(o.oprjoin::oid)
       || ', merges ' || pg_temp.yn(o.oprcanmerge) || ', hashes ' || pg_temp.yn(o.oprcanhash)
       || ', owner ' || pg_temp.owner(o.oprowner)
FROM pg_operator o JOIN m ON m.classid = 'pg_operator'::regclass AND m.objid = o.oid
) q(x) ORDER BY x COLLATE "C";

------------------------------------------------------------------ casts
SELECT x FROM (
SELECT pg_describe_object('pg_cast'::regclass, c.oid, 0) || ': function ' || pg_temp.fn(c.castfunc)
       || ', context ' || c.castcontext::text || ', method ' || c.castmethod::text
FROM pg_cast c JOIN m ON m.classid = 'pg_cast'::regclass AND m.objid = c.oid
) q(x) ORDER BY x COLLATE "C";

------------------------------------------------------------------ operator classes and families
SELECT x FROM (
SELECT pg_describe_object('pg_opclass'::regclass, c.oid, 0) || ': type ' || format_type(c.opcintype, NULL)
       || ', default ' || pg_temp.yn(c.opcdefault)
       || ', storage ' || CASE WHEN c.opckeytype = 0 THEN '-' ELSE format_type(c.opckeytype, NULL) END
       || ', family ' || pg_describe_object('pg_opfamily'::regclass, c.opcfamily, 0)
FROM pg_opclass c JOIN m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
) q(x) ORDER BY x COLLATE "C";
SELECT x FROM (
SELECT pg_describe_object('pg_opfamily'::regclass, f.oid, 0) || ': ' || x FROM pg_opfamily f
JOIN m ON m.classid = 'pg_opfamily'::regclass AND m.objid = f.oid,
LATERAL (SELECT pg_describe_object('pg_amop'::regclass, o.oid, 0) || ' ' || o.amoppurpose::text
                || coalesce(' ' || pg_describe_object('pg_opfamily'::regclass, nullif(o.amopsortfamily, 0), 0), '') AS x
         FROM pg_amop o WHERE o.amopfamily = f.oid
         UNION ALL SELECT pg_describe_object('pg_amproc'::regclass, p.oid, 0) FROM pg_amproc p WHERE p.amprocfamily = f.oid) y
) q(x) ORDER BY x COLLATE "C";

------------------------------------------------------------------ tables, views, sequences
WITH r AS (SELECT c.*, pg_describe_object('pg_class'::regclass, c.oid, 0) AS id
           FROM pg_class c JOIN rel ON rel.oid = c.oid)
SELECT id || ': ' || line FROM (
  SELECT id, 1 AS k, 0 AS n, '' AS sub, 'kind ' || relkind::text || ', persistence ' || relpersistence::text
         || ', row security ' || pg_temp.yn(relrowsecurity) || ', forced ' || pg_temp.yn(relforcerowsecurity)
         || ', replica identity ' || relreplident::text || ', options ' || coalesce(pg_temp.sorted(reloptions), 'NULL')
         || ', access method ' || coalesce((SELECT amname FROM pg_am WHERE oid = relam), '-') AS line FROM r
  UNION ALL SELECT id, 2, 0, '', 'owner ' || pg_temp.owner(relowner) || ', acl ' || pg_temp.acl(relacl, relowner) FROM r
  UNION ALL SELECT id, 3, 0, '', 'partition key ' || coalesce(pg_get_partkeydef(oid), '-')
                   || ', partition of ' || coalesce((SELECT string_agg(inhparent::regclass::text, ', ' ORDER BY inhparent::regclass::text COLLATE "C")
                                                     FROM pg_inherits WHERE inhrelid = r.oid), '-')
                   || ', bound ' || coalesce(pg_get_expr(relpartbound, oid), '-') FROM r
  -- columns, in order (ordinal among the live ones, so a dropped column leaves no gap)
  UNION ALL SELECT r.id, 4, a.n::int, '', 'column ' || a.n || ' ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                   || coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), '')
                   || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY' WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END
                   || CASE a.attgenerated WHEN 's' THEN ' GENERATED ALWAYS (STORED)' ELSE '' END
                   || CASE WHEN a.attcollation <> (SELECT typcollation FROM pg_type WHERE oid = a.atttypid)
                           THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
                   || CASE WHEN a.attstorage <> (SELECT typstorage FROM pg_type WHERE oid = a.atttypid)
                           THEN ' STORAGE ' || a.attstorage::text ELSE '' END
                   || CASE WHEN a.attcompression <> '' THEN ' COMPRESSION ' || a.attcompression::text ELSE '' END
                   || CASE WHEN a.attstattarget <> -1 THEN ' STATISTICS ' || a.attstattarget ELSE '' END
                   -- (pg_attver: an internal per-install attribute option some server builds set, not a definition)
                   || coalesce(' OPTIONS ' || pg_temp.sorted(nullif(array(SELECT o FROM unnest(a.attoptions) o
                                                                          WHERE o NOT LIKE 'pg\_attver=%'), '{}')), '')
                   || coalesce(' FDW OPTIONS ' || pg_temp.sorted(a.attfdwoptions), '')
                   || CASE WHEN a.attacl IS NOT NULL THEN ' ACL ' || pg_temp.acl(a.attacl, r.relowner) ELSE '' END
            FROM r, LATERAL (SELECT at.*, row_number() OVER (ORDER BY at.attnum) AS n FROM pg_attribute at
                             WHERE at.attrelid = r.oid AND at.attnum > 0 AND NOT at.attisdropped) a
            LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            WHERE r.relkind <> 'S'
  -- constraints by name
  UNION ALL SELECT r.id, 5, 0, c.conname, 'constraint ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid)
                   || CASE WHEN c.conislocal THEN '' ELSE ' (inherited)' END
            FROM r JOIN pg_constraint c ON c.conrelid = r.oid
  -- indexes
  UNION ALL SELECT r.id, 6, 0, ic.relname, 'index ' || pg_get_indexdef(i.indexrelid)
                   || CASE WHEN i.indisclustered THEN ' (clustered)' ELSE '' END
                   || CASE WHEN i.indisreplident THEN ' (replica identity)' ELSE '' END
                   || CASE WHEN NOT i.indisvalid THEN ' (invalid)' ELSE '' END
            FROM r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
  -- triggers (not the internal ones of foreign keys: their names hold OIDs)
  UNION ALL SELECT r.id, 7, 0, t.tgname, 'trigger ' || pg_get_triggerdef(t.oid) || ' (enabled ' || t.tgenabled::text || ')'
            FROM r JOIN pg_trigger t ON t.tgrelid = r.oid WHERE NOT t.tgisinternal
  -- row-level security policies
  UNION ALL SELECT r.id, 8, 0, p.polname, 'policy ' || quote_ident(p.polname) || ' FOR ' || p.polcmd::text
                   || CASE WHEN p.polpermissive THEN ' PERMISSIVE' ELSE ' RESTRICTIVE' END
                   || ' TO ' || (SELECT string_agg(pg_temp.who(x, r.relowner), ', ' ORDER BY pg_temp.who(x, r.relowner) COLLATE "C")
                                 FROM unnest(p.polroles) x)
                   || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
                   || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')
            FROM r JOIN pg_policy p ON p.polrelid = r.oid
  -- rules (other than a view's _RETURN)
  UNION ALL SELECT r.id, 9, 0, w.rulename, 'rule ' || pg_temp.one_line(pg_get_ruledef(w.oid)) || ' (enabled ' || w.ev_enabled::text || ')'
            FROM r JOIN pg_rewrite w ON w.ev_class = r.oid WHERE w.rulename <> '_RETURN'
  -- views
  UNION ALL SELECT r.id, 10, l.n::int, '', 'view| ' || l.line
            FROM r, regexp_split_to_table(rtrim(pg_get_viewdef(r.oid), E'\n'), E'\n') WITH ORDINALITY AS l(line, n)
            WHERE r.relkind IN ('v', 'm')
  -- sequences
  UNION ALL SELECT r.id, 11, 0, '', 'sequence ' || format_type(s.seqtypid, NULL) || ' start ' || s.seqstart
                   || ' increment ' || s.seqincrement || ' min ' || s.seqmin || ' max ' || s.seqmax
                   || ' cache ' || s.seqcache || CASE WHEN s.seqcycle THEN ' cycle' ELSE ' no cycle' END
                   || ', owned by ' || coalesce((SELECT string_agg(pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)
                                                                   || ' (' || d.deptype::text || ')', ', ')
                                                 FROM pg_depend d
                                                 WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid
                                                   AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')), '-')
            FROM r JOIN pg_sequence s ON s.seqrelid = r.oid
  -- extended statistics
  UNION ALL SELECT r.id, 12, 0, x.stxname, 'statistics ' || pg_get_statisticsobjdef(x.oid)
            FROM r JOIN pg_statistic_ext x ON x.stxrelid = r.oid
) s ORDER BY id COLLATE "C", k, sub COLLATE "C", n, line COLLATE "C";

-- the rows of member tables (an install script may fill a lookup table)
SELECT format('SELECT %L || count(*) || '' rows, md5 '' || coalesce(md5(string_agg(t::text, E''\n'' ORDER BY t::text COLLATE "C")), ''-'') FROM ONLY %s t',
              pg_describe_object('pg_class'::regclass, c.oid, 0) || ': data ', c.oid::regclass)
FROM pg_class c JOIN rel ON rel.oid = c.oid WHERE c.relkind IN ('r', 'p', 'm')
ORDER BY pg_describe_object('pg_class'::regclass, c.oid, 0) COLLATE "C"
\gexec

------------------------------------------------------------------ other member objects
SELECT x FROM (
SELECT pg_describe_object('pg_event_trigger'::regclass, e.oid, 0) || ': on ' || e.evtevent
       || ', function ' || pg_temp.fn(e.evtfoid) || ', enabled ' || e.evtenabled::text || ', tags ' || coalesce(pg_temp.sorted(e.evttags), 'NULL')
FROM pg_event_trigger e JOIN m ON m.classid = 'pg_event_trigger'::regclass AND m.objid = e.oid
UNION ALL
SELECT pg_describe_object('pg_statistic_ext'::regclass, x.oid, 0) || ': ' || pg_get_statisticsobjdef(x.oid)
FROM pg_statistic_ext x JOIN m ON m.classid = 'pg_statistic_ext'::regclass AND m.objid = x.oid
UNION ALL
SELECT pg_describe_object('pg_collation'::regclass, c.oid, 0) || ': provider ' || c.collprovider::text
       || ', deterministic ' || pg_temp.yn(c.collisdeterministic) || ', collate ' || coalesce(c.collcollate, '-')
       || ', ctype ' || coalesce(c.collctype, '-') || ', icu locale ' || coalesce(c.colliculocale, '-')
FROM pg_collation c JOIN m ON m.classid = 'pg_collation'::regclass AND m.objid = c.oid
) q(x) ORDER BY x COLLATE "C";

------------------------------------------------------------------ comments, security labels, initial privileges
SELECT x FROM (
SELECT 'comment on ' || pg_describe_object(d.classoid, d.objoid, d.objsubid) || ': ' || pg_temp.one_line(d.description)
FROM pg_description d JOIN owned o ON o.classid = d.classoid AND o.objid = d.objoid
) q(x) ORDER BY x COLLATE "C";
SELECT x FROM (
SELECT 'security label (' || l.provider || ') on ' || pg_describe_object(l.classoid, l.objoid, l.objsubid) || ': ' || pg_temp.one_line(l.label)
FROM pg_seclabel l JOIN owned o ON o.classid = l.classoid AND o.objid = l.objoid
) q(x) ORDER BY x COLLATE "C";
SELECT x FROM (
SELECT 'initial privileges (' || i.privtype::text || ') on ' || pg_describe_object(i.classoid, i.objoid, i.objsubid) || ': '
       || pg_temp.acl(i.initprivs, :ext_owner)
FROM pg_init_privs i JOIN owned o ON o.classid = i.classoid AND o.objid = i.objoid
) q(x) ORDER BY x COLLATE "C";
