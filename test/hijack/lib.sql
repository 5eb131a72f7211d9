-- test/hijack/lib.sql - helpers of test/hijack.sh, in schema hijack_test.
--
-- Loaded by the superuser into each throw-away database after CREATE
-- EXTENSION stunting. The schema belongs to the superuser: the database
-- owner (the attacker of the test) cannot write to it. Every function here
-- runs with search_path pg_catalog, pg_temp, so nothing planted in public
-- can reach the test's own code.
--
--   hijack_test.strip(src)          a body without comments and string
--                                   literals (code), and the literals' text
--   hijack_test.tokens(code)        the tokens of stripped code, in order
--   hijack_test.calls(code)         every "name(" token: qualifier, name and
--                                   the token before it
--   hijack_test.operators(code)     every operator symbol
--   hijack_test.ext_functions()     the extension's sql and plpgsql functions
--   hijack_test.lint()              the static checks (offenders, one a row)
--   hijack_test.c_called()          what the C functions' SPI queries call
--   hijack_test.plan(...)           the objects to plant (hijack_test.planned)
--   hijack_test.run_op(op, run, ...) one operation of test/hijack/ops.sql
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = pg_catalog, pg_temp;
CREATE SCHEMA hijack_test;

-- Strips -- and /* */ comments (nested), '...' and E'...' literals and
-- dollar-quoted literals from SQL or PL/pgSQL source. A literal becomes ''
-- in code, and its text is appended (with a newline) to strings. Quoted
-- identifiers are kept.
CREATE FUNCTION hijack_test.strip(src text, OUT code text, OUT strings text)
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    -- states: 0 code, 1 -- comment, 2 /* comment, 3 '...', 4 E'...',
    -- 5 after $ (tag?), 6 in $tag$...$tag$, 7 "ident", 8 quote in '...',
    -- 9 backslash in E'...', 10 quote in E'...', 11 quote in "ident"
    st integer := 0;
    ch text;
    held text;          -- a - or / in code that may start a comment
    l1 text := '';      -- the last two characters written to code
    l2 text := '';
    tag text := '';
    closing text;
    tail text := '';
    depth integer := 0;
    pc text := '';
    o text[] := '{}';
    s text[] := '{}';
BEGIN
    FOREACH ch IN ARRAY regexp_split_to_array(src, '') LOOP
        -- states that look one character ahead fall through to state 0
        IF st = 5 THEN
            IF ch ~ '[A-Za-z_]' OR (tag <> '' AND ch ~ '[0-9]') THEN
                tag := tag || ch;
                CONTINUE;
            ELSIF ch = '$' THEN
                st := 6; closing := '$' || tag || '$'; tail := '';
                s := s || E'\n'::text;
                CONTINUE;
            ELSE
                o := o || ('$' || tag); l2 := l1; l1 := right('$' || tag, 1);
                st := 0;
            END IF;
        ELSIF st = 8 THEN
            IF ch = '''' THEN s := s || ch; st := 3; CONTINUE; END IF;
            o := o || ''''''::text; l2 := ''''; l1 := ''''; st := 0;
        ELSIF st = 10 THEN
            IF ch = '''' THEN s := s || ch; st := 4; CONTINUE; END IF;
            o := o || ''''''::text; l2 := ''''; l1 := ''''; st := 0;
        ELSIF st = 11 THEN
            IF ch = '"' THEN o := o || ch; st := 7; CONTINUE; END IF;
            st := 0;
        END IF;

        IF st = 0 THEN
            IF held IS NOT NULL THEN
                IF held = '-' AND ch = '-' THEN held := NULL; st := 1; CONTINUE; END IF;
                IF held = '/' AND ch = '*' THEN held := NULL; st := 2; depth := 1; pc := ''; CONTINUE; END IF;
                o := o || held; l2 := l1; l1 := held; held := NULL;
            END IF;
            IF ch IN ('-', '/') THEN
                held := ch;
            ELSIF ch = '''' THEN
                IF l1 IN ('E', 'e') AND l2 !~ '[A-Za-z0-9_$]' THEN st := 4; ELSE st := 3; END IF;
                s := s || E'\n'::text;
            ELSIF ch = '$' AND l1 !~ '[A-Za-z0-9_]' THEN
                st := 5; tag := '';
            ELSIF ch = '"' THEN
                o := o || ch; l2 := l1; l1 := ch; st := 7;
            ELSE
                o := o || ch; l2 := l1; l1 := ch;
            END IF;
        ELSIF st = 1 THEN
            IF ch = E'\n' THEN o := o || ch; l2 := l1; l1 := ch; st := 0; END IF;
        ELSIF st = 2 THEN
            IF pc = '*' AND ch = '/' THEN
                depth := depth - 1; pc := '';
                IF depth = 0 THEN o := o || ' '::text; l2 := l1; l1 := ' '; st := 0; END IF;
            ELSIF pc = '/' AND ch = '*' THEN
                depth := depth + 1; pc := '';
            ELSE
                pc := ch;
            END IF;
        ELSIF st = 3 THEN
            IF ch = '''' THEN st := 8; ELSE s := s || ch; END IF;
        ELSIF st = 4 THEN
            IF ch = '\' THEN st := 9; ELSIF ch = '''' THEN st := 10; ELSE s := s || ch; END IF;
        ELSIF st = 9 THEN
            s := s || ch; st := 4;
        ELSIF st = 6 THEN
            tail := right(tail || ch, length(closing));
            IF tail = closing THEN
                s := s[1:cardinality(s) - length(closing) + 1];
                st := 0; o := o || ''''''::text; l2 := ''''; l1 := '''';
            ELSE
                s := s || ch;
            END IF;
        ELSIF st = 7 THEN
            o := o || ch;
            IF ch = '"' THEN st := 11; END IF;
        END IF;
    END LOOP;
    IF held IS NOT NULL THEN o := o || held; END IF;
    IF st IN (8, 10) THEN o := o || ''''''::text; END IF;
    IF st = 5 THEN o := o || ('$' || tag); END IF;
    code := array_to_string(o, '');
    strings := array_to_string(s, '');
END
$fn$;

-- Tokens in order: identifiers (quoted or not), ::, .., numbers, operator
-- symbols (PostgreSQL's rule: a multi-character operator cannot end in + or
-- - unless it contains one of ~ ! @ # % ^ & | ` ?), and single characters.
CREATE FUNCTION hijack_test.tokens(code text)
RETURNS TABLE (n bigint, tok text)
LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH raw AS (
        SELECT t.n, t.m[1] AS tok
        FROM regexp_matches(code,
                 '[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+"|::|\.\.|[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|[-+*/<>=~!@#%^&|`?]+|[^[:space:]]',
                 'g') WITH ORDINALITY AS t (m, n)
    )
    SELECT r.n * 100 + p.k, p.part
    FROM raw r,
         LATERAL (SELECT 1 AS k, r.tok AS part
                  WHERE r.tok !~ '^[-+*/<>=~!@#%^&|`?]{2,}$'
                     OR r.tok ~ '[~!@#%^&|`?]' OR r.tok !~ '[-+]$'
                  UNION ALL
                  -- e.g. "*-" is "*" then "-"
                  SELECT k, x FROM (
                      SELECT 1 AS k, substring(r.tok FROM '^(.*[^-+])[-+]+$') AS x
                      UNION ALL
                      SELECT 1 + g, substr(substring(r.tok FROM '([-+]+)$'), g, 1)
                      FROM generate_series(1, length(substring(r.tok FROM '([-+]+)$'))) g
                  ) y
                  WHERE r.tok ~ '^[-+*/<>=~!@#%^&|`?]{2,}$'
                    AND r.tok !~ '[~!@#%^&|`?]' AND r.tok ~ '[-+]$' AND x IS NOT NULL) p
$fn$;

-- An identifier token as a name: unquoted folded to lower case.
CREATE FUNCTION hijack_test.ident(tok text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN tok ~ '^"' THEN replace(substr(tok, 2, length(tok) - 2), '""', '"')
                WHEN tok ~ '^[A-Za-z_]' THEN lower(tok) END
$fn$;

-- Every identifier directly followed by "(": its qualifier (NULL when
-- unqualified) and the token before the (qualified) name, lower case.
CREATE FUNCTION hijack_test.calls(code text)
RETURNS TABLE (qualifier text, name text, prev text)
LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN w.p1 = '.' THEN hijack_test.ident(w.p2) END,
           hijack_test.ident(w.tok),
           lower(CASE WHEN w.p1 = '.' THEN w.p3 ELSE w.p1 END)
    FROM (SELECT t.tok, lead(t.tok) OVER o AS nxt, lag(t.tok, 1) OVER o AS p1,
                 lag(t.tok, 2) OVER o AS p2, lag(t.tok, 3) OVER o AS p3
          FROM hijack_test.tokens(code) t WINDOW o AS (ORDER BY t.n)) w
    WHERE w.nxt = '(' AND hijack_test.ident(w.tok) IS NOT NULL
      AND (w.p1 IS DISTINCT FROM '.' OR hijack_test.ident(w.p2) IS NOT NULL)
$fn$;

CREATE FUNCTION hijack_test.operators(code text)
RETURNS SETOF text
LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT DISTINCT t.tok FROM hijack_test.tokens(code) t
    WHERE t.tok ~ '^[-+*/<>=~!@#%^&|`?]+$'
$fn$;

-- The extension's SQL and PL/pgSQL functions with their bodies (a
-- SQL-standard body, bound when the function was created, through
-- pg_get_functiondef).
CREATE FUNCTION hijack_test.ext_functions()
RETURNS TABLE (fn oid, signature text, lang name, sqlbody boolean, body text, config text[],
               inlinable boolean)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT p.oid, p.oid::regprocedure::text, l.lanname, p.prosqlbody IS NOT NULL,
           CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_functiondef(p.oid) ELSE p.prosrc END,
           p.proconfig,
           -- what the planner may inline (then track_functions cannot see the call)
           l.lanname = 'sql' AND p.proconfig IS NULL AND NOT p.prosecdef
    FROM pg_depend d
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'
    JOIN pg_proc p ON p.oid = d.objid
    JOIN pg_language l ON l.oid = p.prolang
    WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
      AND d.deptype = 'e' AND l.lanname IN ('sql', 'plpgsql')
$fn$;

-- Words that are SQL syntax, not function calls, although "word(" looks
-- like one (the grammar turns position(), substring(), trim(), ... into
-- calls of pg_catalog.name itself), and type names with a modifier.
CREATE FUNCTION hijack_test.syntax_words() RETURNS text[]
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT ARRAY['coalesce', 'greatest', 'least', 'nullif', 'exists', 'in', 'any', 'all', 'some',
                 'values', 'row', 'array', 'cast', 'extract', 'position', 'substring', 'trim',
                 'overlay', 'filter', 'over', 'using', 'normalize', 'treat', 'collation',
                 'xmlconcat', 'xmlelement', 'xmlexists', 'xmlforest', 'xmlparse', 'xmlpi',
                 'xmlroot', 'xmlserialize', 'within', 'group', 'operator', 'table', 'conflict',
                 'key', 'references', 'returns', 'as', 'on', 'and', 'or', 'not', 'when', 'then',
                 'else', 'case', 'select', 'from', 'where', 'join', 'lateral', 'recursive',
                 'char', 'character', 'varchar', 'numeric', 'decimal', 'dec', 'float',
                 'timestamp', 'time', 'interval', 'bit', 'national', 'nchar', 'varbit']
$fn$;

-- The static checks. kind: 'search_path' (proconfig: pg_catalog first,
-- stunting, pg_temp last, nothing but PostGIS's schema besides), 'unqualified
-- pg_catalog call', 'unqualified own call' (stunting's own functions),
-- 'unqualified pg_trgm call'. SQL-standard bodies (BEGIN ATOMIC / RETURN)
-- are bound when created, so only their search_path is checked.
CREATE FUNCTION hijack_test.lint()
RETURNS TABLE (kind text, function text, detail text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    f record;
    path text[];
    pg name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'postgis');
BEGIN
    FOR f IN SELECT * FROM hijack_test.ext_functions() ORDER BY 2 LOOP
        path := NULL;
        SELECT string_to_array(regexp_replace(substr(c, length('search_path=') + 1), '[" ]', '', 'g'), ',')
        INTO path
        FROM unnest(f.config) c WHERE c LIKE 'search_path=%';
        IF path IS NULL THEN
            kind := 'search_path'; function := f.signature; detail := 'no SET search_path';
            RETURN NEXT;
        ELSIF path[1] IS DISTINCT FROM 'pg_catalog' OR NOT 'stunting' = ANY (path)
              OR path[cardinality(path)] IS DISTINCT FROM 'pg_temp' THEN
            kind := 'search_path'; function := f.signature;
            detail := 'search_path = ' || array_to_string(path, ', ')
                      || ' (want pg_catalog first, stunting, pg_temp last)';
            RETURN NEXT;
        ELSIF EXISTS (SELECT 1 FROM unnest(path) x WHERE x NOT IN ('pg_catalog', 'stunting', 'pg_temp', pg)) THEN
            kind := 'search_path'; function := f.signature;
            detail := 'search_path = ' || array_to_string(path, ', ')
                      || format(' (want only pg_catalog, stunting, PostGIS''s schema %s, pg_temp)', pg);
            RETURN NEXT;
        END IF;
        CONTINUE WHEN f.sqlbody;
        RETURN QUERY
        SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = c.name
                                 AND p.pronamespace = 'pg_catalog'::regnamespace)
                    THEN 'unqualified pg_catalog call'
                    WHEN EXISTS (SELECT 1 FROM pg_proc p
                                 JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                      AND d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass
                                 JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_trgm'
                                 WHERE p.proname = c.name)
                    THEN 'unqualified pg_trgm call'
                    ELSE 'unqualified own call' END,
               f.signature,
               string_agg(DISTINCT c.name, ', ' ORDER BY c.name)
        FROM hijack_test.calls((hijack_test.strip(f.body)).code) c
        WHERE c.qualifier IS NULL
          AND NOT c.name = ANY (hijack_test.syntax_words())
          AND c.prev IS DISTINCT FROM '::' AND c.prev IS DISTINCT FROM 'as'
          AND c.prev IS DISTINCT FROM 'into' AND c.prev IS DISTINCT FROM 'table'
          AND (EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = c.name
                       AND p.pronamespace IN ('pg_catalog'::regnamespace, 'stunting'::regnamespace))
               OR EXISTS (SELECT 1 FROM pg_proc p
                          JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                               AND d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass
                          JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_trgm'
                          WHERE p.proname = c.name))
        GROUP BY 1, 2;
    END LOOP;
END
$fn$;

-- ---------------------------------------------------------------------
-- What to plant.

-- The vocabulary: concrete types a body could pass where a built-in takes
-- a polymorphic, "any" or implicitly cast argument. core: the smaller set
-- used for functions with two or more "any" arguments.
CREATE TABLE hijack_test.vocab (t oid PRIMARY KEY, ord integer NOT NULL, core boolean NOT NULL);

CREATE FUNCTION hijack_test.fill_vocab(postgis_schema name) RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    names text[] := ARRAY[
        -- core (also for two "any" arguments)
        'text', 'integer', 'bigint', 'double precision', 'numeric', 'boolean', 'date', 'jsonb',
        'record', '@.geometry',
        -- the rest
        'smallint', 'real', 'timestamp', 'timestamptz', 'interval', 'json', 'bytea', 'name',
        'character varying', '"char"', 'oid', 'regclass', '@.geography', '@.box2d', '@.box3d',
        '@.geometry_dump', 'stunting.height_status', 'stunting.weight_status',
        'stunting.nutrition_status', 'stunting.zscores', 'stunting.assessment',
        'stunting.estimate', 'stunting.growth_summary', 'stunting.area', 'stunting.child',
        'stunting.measurement', 'stunting.area_month_summary',
        'text[]', 'integer[]', 'bigint[]', 'smallint[]', 'double precision[]', 'numeric[]',
        'date[]', 'boolean[]', 'jsonb[]', 'name[]', '@.geometry[]'];
    i integer;
    ty oid;
BEGIN
    TRUNCATE hijack_test.vocab;
    FOR i IN 1 .. cardinality(names) LOOP
        ty := to_regtype(replace(names[i], '@', quote_ident(postgis_schema)));
        IF ty IS NOT NULL THEN
            INSERT INTO hijack_test.vocab VALUES (ty, i, i <= 10) ON CONFLICT DO NOTHING;
        END IF;
    END LOOP;
    RETURN (SELECT count(*) FROM hijack_test.vocab);
END
$fn$;

CREATE FUNCTION hijack_test.is_array(t oid) RETURNS boolean
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT typcategory = 'A' FROM pg_type WHERE oid = t $fn$;

-- A polymorphic type with the element type e put in; NULL where e does
-- not fit; any other type unchanged.
CREATE FUNCTION hijack_test.subst(t oid, e oid) RETURNS oid
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE
        WHEN t IN ('anyelement'::regtype, 'anycompatible'::regtype) THEN e
        WHEN t IN ('anynonarray'::regtype, 'anycompatiblenonarray'::regtype)
            THEN CASE WHEN NOT hijack_test.is_array(e) THEN e END
        WHEN t = 'anyenum'::regtype
            THEN (SELECT e FROM pg_type WHERE oid = e AND typtype = 'e')
        WHEN t IN ('anyarray'::regtype, 'anycompatiblearray'::regtype)
            THEN CASE WHEN hijack_test.is_array(e) THEN e
                      ELSE (SELECT nullif(typarray, 0) FROM pg_type WHERE oid = e) END
        ELSE t END
$fn$;

CREATE FUNCTION hijack_test.polymorphic() RETURNS oid[]
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT ARRAY['anyelement'::regtype, 'anynonarray'::regtype, 'anyenum'::regtype,
                 'anyarray'::regtype, 'anycompatible'::regtype, 'anycompatiblearray'::regtype,
                 'anycompatiblenonarray'::regtype]::oid[]
$fn$;

-- Types a planted signature cannot have (or that no body can pass).
CREATE FUNCTION hijack_test.unplantable() RETURNS oid[]
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT ARRAY['anyrange'::regtype, 'anymultirange'::regtype, 'anycompatiblerange'::regtype,
                 'anycompatiblemultirange'::regtype, 'internal'::regtype, 'cstring'::regtype,
                 'trigger'::regtype, 'event_trigger'::regtype, 'language_handler'::regtype,
                 'fdw_handler'::regtype, 'index_am_handler'::regtype, 'table_am_handler'::regtype,
                 'tsm_handler'::regtype, 'pg_ddl_command'::regtype, 'unknown'::regtype]::oid[]
$fn$;

-- v can be passed where t is declared: an implicit cast, or a composite
-- type for record.
CREATE FUNCTION hijack_test.fits(v oid, t oid) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT v <> t AND (EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = v AND c.casttarget = t
                                                        AND c.castcontext = 'i')
                       OR (t = 'record'::regtype AND EXISTS (SELECT 1 FROM pg_type y WHERE y.oid = v
                                                             AND y.typtype = 'c')))
$fn$;

-- The overloads of one function that would beat it for some vocabulary
-- type: polymorphic types replaced consistently by each element type,
-- "any" by each type (two "any" arguments: each pair of core types), and
-- for other signatures one argument at a time replaced by a type that
-- fits it. types: all argument types (proallargtypes order).
CREATE FUNCTION hijack_test.variants(fn oid)
RETURNS TABLE (types oid[], rettype oid, ord integer)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    p record;
    tys oid[];
    modes text[];
    poly boolean;
    anypos integer[];
    e record;
    v record;
    w record;
    t1 oid[];
    t2 oid[];
    r1 oid;
    i integer;
    k integer := 0;
    any_t constant oid := '"any"'::regtype;
BEGIN
    SELECT * INTO p FROM pg_proc WHERE oid = fn;
    tys := coalesce(p.proallargtypes, ARRAY(SELECT unnest(p.proargtypes)));
    modes := coalesce(p.proargmodes::text[], array_fill('i'::text, ARRAY[cardinality(tys)]));
    IF tys && hijack_test.unplantable() OR p.prorettype = ANY (hijack_test.unplantable()) THEN
        RETURN;
    END IF;
    poly := tys && hijack_test.polymorphic() OR p.prorettype = ANY (hijack_test.polymorphic());
    anypos := ARRAY(SELECT g FROM generate_series(1, cardinality(tys)) g
                    WHERE tys[g] = any_t AND modes[g] IN ('i', 'b', 'v'));
    IF cardinality(anypos) > 2 THEN
        RETURN;
    END IF;
    FOR e IN SELECT vo.t, vo.ord FROM hijack_test.vocab vo WHERE poly
             UNION ALL SELECT NULL::oid, 0 WHERE NOT poly
             ORDER BY 2 LOOP
        t1 := tys; r1 := p.prorettype;
        IF poly THEN
            -- arrays as element types only where no array type is derived
            CONTINUE WHEN hijack_test.is_array(e.t)
                          AND (tys && ARRAY['anyarray'::regtype, 'anycompatiblearray'::regtype]::oid[]
                               OR p.prorettype IN ('anyarray'::regtype, 'anycompatiblearray'::regtype));
            t1 := ARRAY(SELECT hijack_test.subst(x, e.t) FROM unnest(tys) WITH ORDINALITY u (x, o) ORDER BY o);
            r1 := hijack_test.subst(p.prorettype, e.t);
            CONTINUE WHEN r1 IS NULL OR array_position(t1, NULL) IS NOT NULL;
        END IF;
        IF cardinality(anypos) = 0 THEN
            k := k + 1; types := t1; rettype := r1; ord := k; RETURN NEXT;
        ELSIF cardinality(anypos) = 1 AND modes[anypos[1]] = 'v' THEN
            FOR v IN SELECT y.typarray FROM hijack_test.vocab vo JOIN pg_type y ON y.oid = vo.t
                     WHERE y.typarray <> 0 AND NOT hijack_test.is_array(vo.t) ORDER BY vo.ord LOOP
                t2 := t1; t2[anypos[1]] := v.typarray;
                k := k + 1; types := t2; rettype := r1; ord := k; RETURN NEXT;
            END LOOP;
        ELSIF cardinality(anypos) = 1 THEN
            FOR v IN SELECT vo.t FROM hijack_test.vocab vo ORDER BY vo.ord LOOP
                t2 := t1; t2[anypos[1]] := v.t;
                k := k + 1; types := t2; rettype := r1; ord := k; RETURN NEXT;
            END LOOP;
        ELSE
            FOR v IN SELECT vo.t FROM hijack_test.vocab vo WHERE vo.core ORDER BY vo.ord LOOP
                FOR w IN SELECT vo.t FROM hijack_test.vocab vo WHERE vo.core ORDER BY vo.ord LOOP
                    t2 := t1; t2[anypos[1]] := v.t; t2[anypos[2]] := w.t;
                    IF modes[anypos[2]] = 'v' THEN
                        t2[anypos[2]] := (SELECT nullif(typarray, 0) FROM pg_type WHERE oid = w.t);
                        CONTINUE WHEN t2[anypos[2]] IS NULL OR hijack_test.is_array(w.t);
                    END IF;
                    k := k + 1; types := t2; rettype := r1; ord := k; RETURN NEXT;
                END LOOP;
            END LOOP;
        END IF;
    END LOOP;
    -- one argument replaced by a type that fits it
    IF NOT poly AND cardinality(anypos) = 0 THEN
        FOR i IN 1 .. cardinality(tys) LOOP
            CONTINUE WHEN modes[i] NOT IN ('i', 'b');
            FOR v IN SELECT vo.t FROM hijack_test.vocab vo WHERE hijack_test.fits(vo.t, tys[i])
                     ORDER BY vo.ord LOOP
                t2 := tys; t2[i] := v.t;
                k := k + 1; types := t2; rettype := p.prorettype; ord := k; RETURN NEXT;
            END LOOP;
        END LOOP;
    END IF;
END
$fn$;

CREATE TABLE hijack_test.planned (
    id serial PRIMARY KEY,
    kind text NOT NULL,          -- function, aggregate, operator, relation
    name text NOT NULL,
    signature text NOT NULL,     -- what the spy reports
    overloads text,              -- the object it would beat
    ddl text[],
    c_source text,               -- an exact copy for C code's SPI: where (else NULL)
    status text                  -- set by hijack_test.plant()
);

-- What the SPI queries of the extension's C functions call, by hand from
-- extension/area_fmgr.c (stunting.area_at), extension/audit_fmgr.c
-- (stunting.audit_row) and extension/access_fmgr.c (stunting.area_scope,
-- which the row-level security policies call): the C code, unlike the SQL and
-- PL/pgSQL functions, has no SET search_path of its own, so its queries run
-- with the caller's path unless it sets one - and a database's or role's
-- search_path can put public before pg_catalog, where an exact copy of a
-- built-in wins. Every object here is planted as an exact copy in public
-- (hijack_test.plan), qualified in the C code or not, and its name or
-- symbol is added to what the variants are generated for. @ is PostGIS's
-- schema. Keep it in step with the C sources (grep SPI_ extension/*.c).
CREATE FUNCTION hijack_test.c_called()
RETURNS TABLE (kind text, signature text, source text)
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    VALUES
    ('operator', 'pg_catalog.=(oid, oid)', 'area_fmgr.c: n.oid = e.extnamespace'),
    ('operator', 'pg_catalog.=(name, name)', 'area_fmgr.c: e.extname = ''postgis'''),
    ('operator', 'pg_catalog.=(name, text)', 'area_fmgr.c: e.extname = ''postgis'''),
    ('operator', 'pg_catalog.=(text, text)', 'area_fmgr.c: level = $1'),
    ('function', 'pg_catalog.quote_ident(text)', 'area_fmgr.c: quote_ident(n.nspname)'),
    ('function', 'pg_catalog.to_regprocedure(text)', 'area_fmgr.c: to_regprocedure(...)'),
    ('function', '@.st_srid(@.geometry)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.st_setsrid(@.geometry, integer)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.st_x(@.geometry)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.st_y(@.geometry)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.geometrytype(@.geometry)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.st_isempty(@.geometry)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.st_intersects(@.geometry, @.geometry)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.geography(@.geometry)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.st_dwithin(@.geography, @.geography, double precision, boolean)',
     'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.st_distance(@.geography, @.geography, boolean)', 'area_fmgr.c: the PostGIS functions it calls'),
    ('function', '@.st_xmin(@.box3d)', 'area_fmgr.c: reading stunting.area'),
    ('function', '@.st_ymin(@.box3d)', 'area_fmgr.c: reading stunting.area'),
    ('function', '@.st_xmax(@.box3d)', 'area_fmgr.c: reading stunting.area'),
    ('function', '@.st_ymax(@.box3d)', 'area_fmgr.c: reading stunting.area'),
    ('function', 'stunting.area_at_search(@.geometry, text)', 'area_fmgr.c: the complete search'),
    -- 0.8.0: the audit trigger and area_scope run their queries with
    -- search_path pg_catalog, pg_temp (the copies must not run even so)
    ('function', 'pg_catalog.to_jsonb(anyelement)', 'audit_fmgr.c: to_jsonb($7), to_jsonb($8)'),
    ('function', 'pg_catalog.jsonb_object_keys(jsonb)', 'audit_fmgr.c: the changed columns'),
    ('operator', 'pg_catalog.->(jsonb, text)', 'audit_fmgr.c: r.o -> k.k'),
    ('operator', 'pg_catalog.=(jsonb, jsonb)', 'audit_fmgr.c: IS DISTINCT FROM'),
    ('function', 'pg_catalog.pg_has_role(oid, text)', 'access_fmgr.c: pg_has_role(r.oid, ''USAGE'')')
$fn$;

-- The names the bodies call, the operator symbols they use and the
-- temporary tables they create, from every SQL and PL/pgSQL function of
-- the extension (string literals too, for names: dynamic SQL).
CREATE FUNCTION hijack_test.body_names()
RETURNS TABLE (kind text, name text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH s AS (SELECT x.code, x.strings FROM hijack_test.ext_functions() e, LATERAL hijack_test.strip(e.body) x)
    SELECT 'call', c.name FROM s, hijack_test.calls(s.code) c
    UNION SELECT 'call', c.name FROM s, hijack_test.calls(s.strings) c
    UNION SELECT 'operator', o FROM s, hijack_test.operators(s.code) o
    -- operators the grammar looks up by name for keywords
    UNION SELECT 'operator', v.o
          FROM s, (VALUES ('\mlike\M', '~~'), ('\mlike\M', '!~~'), ('\milike\M', '~~*'),
                          ('\milike\M', '!~~*'), ('\msimilar\M', '~'), ('\msimilar\M', '!~'),
                          ('\mbetween\M', '>='), ('\mbetween\M', '<='),
                          ('\m(in|distinct|nullif|case)\M', '='), ('\m(in|distinct)\M', '<>')) v (w, o)
          WHERE s.code ~* v.w
    UNION SELECT 'temp table', m[1]
          FROM s, regexp_matches(lower(s.code),
                   'create\s+(?:temp|temporary)\s+table\s+(?:if\s+not\s+exists\s+)?(?:pg_temp\s*\.\s*)?([a-z_][a-z0-9_$]*)',
                   'g') m
$fn$;

-- The signature a spy reports, e.g. public.cardinality(text[]).
CREATE FUNCTION hijack_test.sig(name text, intypes oid[]) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT format('public.%s(%s)', quote_ident(name),
                  array_to_string(ARRAY(SELECT format_type(x, NULL)
                                        FROM unnest(intypes) WITH ORDINALITY u (x, o) ORDER BY o), ', '))
$fn$;

-- The body of every planted function: report, then return NULL (or
-- nothing, for a set, void or OUT parameters).
CREATE FUNCTION hijack_test.spy_body(sig text, ret text) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT format('BEGIN PERFORM public.hijack_spy_hit(%L, 1); RETURN%s; END', sig, ret)
$fn$;

-- CREATE FUNCTION for a planted overload: the original's parameter names,
-- modes and result shape (SETOF, OUT and TABLE columns), DEFAULT NULL
-- where the original has a default, the planted types.
CREATE FUNCTION hijack_test.function_ddl(name text, types oid[], modes text[], argnames text[],
                                         nargs integer, ndefaults integer, rettype oid, retset boolean)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    args text[] := '{}';
    tcols text[] := '{}';
    intypes oid[] := '{}';
    i integer;
    k integer := 0;
    nm text;
    a text;
    has_out boolean := false;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(types), 0) LOOP
        nm := CASE WHEN argnames IS NOT NULL AND argnames[i] <> '' THEN quote_ident(argnames[i]) || ' ' ELSE '' END;
        -- PL/pgSQL cannot have an input parameter and a result column of the
        -- same name (SQL can): the input one goes unnamed
        IF modes[i] IN ('i', 'v') AND nm <> ''
           AND EXISTS (SELECT 1 FROM generate_series(1, cardinality(types)) j
                       WHERE modes[j] IN ('o', 't') AND argnames[j] = argnames[i]) THEN
            nm := '';
        END IF;
        IF modes[i] = 't' THEN
            tcols := tcols || (nm || format_type(types[i], NULL)); has_out := true;
            CONTINUE;
        ELSIF modes[i] = 'o' THEN
            args := args || ('OUT ' || nm || format_type(types[i], NULL)); has_out := true;
            CONTINUE;
        END IF;
        k := k + 1;
        intypes := intypes || types[i];
        a := CASE modes[i] WHEN 'b' THEN 'INOUT ' WHEN 'v' THEN 'VARIADIC ' ELSE '' END
             || nm || format_type(types[i], NULL);
        has_out := has_out OR modes[i] = 'b';
        IF k > nargs - ndefaults AND modes[i] <> 'v' THEN
            a := a || ' DEFAULT NULL';
        END IF;
        args := args || a;
    END LOOP;
    RETURN format('CREATE FUNCTION public.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
                  name, array_to_string(args, ', '),
                  CASE WHEN cardinality(tcols) > 0 THEN 'TABLE (' || array_to_string(tcols, ', ') || ')'
                       ELSE CASE WHEN retset THEN 'SETOF ' ELSE '' END || format_type(rettype, NULL) END,
                  hijack_test.spy_body(hijack_test.sig(name, intypes),
                                       CASE WHEN retset OR has_out OR rettype = 'void'::regtype
                                            THEN '' ELSE ' NULL' END));
END
$fn$;

-- The variants of one operator that would beat it: polymorphic (and
-- record) operands replaced consistently by each vocabulary type,
-- others by every pair of types that fit them.
CREATE FUNCTION hijack_test.operator_variants(opr oid)
RETURNS TABLE (l oid, r oid, res oid, ord integer)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    o record;
    e record;
    lv record;
    rv record;
    k integer := 0;
    polys oid[] := hijack_test.polymorphic() || 'record'::regtype::oid;
BEGIN
    SELECT * INTO o FROM pg_operator WHERE oid = opr;
    IF o.oprleft = ANY (hijack_test.unplantable()) OR o.oprright = ANY (hijack_test.unplantable())
       OR o.oprresult = ANY (hijack_test.unplantable()) THEN
        RETURN;
    END IF;
    IF o.oprleft = ANY (polys) OR o.oprright = ANY (polys) OR o.oprresult = ANY (polys) THEN
        FOR e IN SELECT vo.t FROM hijack_test.vocab vo ORDER BY vo.ord LOOP
            CONTINUE WHEN hijack_test.is_array(e.t)
                          AND ARRAY[o.oprleft, o.oprright] && ARRAY['anyarray'::regtype, 'anycompatiblearray'::regtype]::oid[];
            l := CASE WHEN o.oprleft = 0 THEN 0
                      WHEN o.oprleft = 'record'::regtype THEN (SELECT y.oid FROM pg_type y WHERE y.oid = e.t AND y.typtype = 'c')
                      ELSE hijack_test.subst(o.oprleft, e.t) END;
            r := CASE WHEN o.oprright = 'record'::regtype THEN (SELECT y.oid FROM pg_type y WHERE y.oid = e.t AND y.typtype = 'c')
                      ELSE hijack_test.subst(o.oprright, e.t) END;
            res := hijack_test.subst(o.oprresult, e.t);
            CONTINUE WHEN l IS NULL OR r IS NULL OR res IS NULL;
            k := k + 1; ord := k; RETURN NEXT;
        END LOOP;
        RETURN;
    END IF;
    FOR lv IN SELECT o.oprleft AS t, 0 AS vord
              UNION ALL SELECT vo.t, vo.ord FROM hijack_test.vocab vo
                        WHERE o.oprleft <> 0 AND hijack_test.fits(vo.t, o.oprleft)
              ORDER BY 2 LOOP
        FOR rv IN SELECT o.oprright AS t, 0 AS vord
                  UNION ALL SELECT vo.t, vo.ord FROM hijack_test.vocab vo WHERE hijack_test.fits(vo.t, o.oprright)
                  ORDER BY 2 LOOP
            CONTINUE WHEN lv.t = o.oprleft AND rv.t = o.oprright;
            l := lv.t; r := rv.t; res := o.oprresult;
            k := k + 1; ord := k; RETURN NEXT;
        END LOOP;
    END LOOP;
END
$fn$;

-- Fills hijack_test.planned. p_orig: the schemas whose functions and
-- operators the bodies may reach; guard: where an existing signature
-- makes a planted one useless or impossible. Caps: per function name,
-- functions in all, per operator symbol, operators in all (round robin
-- over names and symbols, so that a cap cuts the least likely types).
-- Besides, exact copies of hijack_test.c_called() that are in p_orig but
-- not in public (operators only when max_operators > 0), outside the caps;
-- the names and symbols of c_called() join the bodies' for the variants.
CREATE FUNCTION hijack_test.plan(p_orig oid[], p_guard oid[], per_name integer, max_functions integer,
                                 per_symbol integer, max_operators integer)
RETURNS TABLE (what text, n bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $fn$
#variable_conflict use_column
DECLARE
    pg name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'postgis');
BEGIN
    TRUNCATE hijack_test.planned RESTART IDENTITY;
    DROP TABLE IF EXISTS hj_names, hj_fcand, hj_ocand, hj_c;
    CREATE TEMP TABLE hj_names AS SELECT * FROM hijack_test.body_names();
    -- what the C code calls: the objects, and their names and symbols
    CREATE TEMP TABLE hj_c AS
    SELECT c.kind, c.signature, c.source,
           CASE WHEN c.kind = 'function' THEN to_regprocedure(replace(c.signature, '@', quote_ident(pg)))::oid
                ELSE to_regoperator(replace(c.signature, '@', quote_ident(pg)))::oid END AS obj
    FROM hijack_test.c_called() c;
    INSERT INTO hj_names
    SELECT DISTINCT CASE WHEN c.kind = 'function' THEN 'c call' ELSE 'c operator' END,
           coalesce((SELECT p.proname::text FROM pg_proc p WHERE p.oid = c.obj AND c.kind = 'function'),
                    (SELECT o.oprname::text FROM pg_operator o WHERE o.oid = c.obj AND c.kind = 'operator'))
    FROM hj_c c WHERE c.obj IS NOT NULL;

    -- functions and aggregates
    CREATE TEMP TABLE hj_fcand AS
    SELECT p.oid AS orig, p.proname::text AS name, p.prokind, v.types, v.rettype, v.ord,
           coalesce(p.proargmodes::text[], array_fill('i'::text, ARRAY[cardinality(v.types)])) AS modes,
           p.proargnames AS argnames, p.pronargs, p.pronargdefaults, p.proretset,
           ARRAY(SELECT v.types[g] FROM generate_series(1, cardinality(v.types)) g
                 WHERE coalesce((p.proargmodes::text[])[g], 'i') IN ('i', 'b', 'v')) AS intypes
    FROM pg_proc p
    LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid,
         LATERAL hijack_test.variants(p.oid) v
    WHERE p.pronamespace = ANY (p_orig)
      AND p.proname IN (SELECT n.name FROM hj_names n WHERE n.kind IN ('call', 'c call'))
      AND (p.prokind = 'f' OR (p.prokind = 'a' AND a.aggkind = 'n'));
    -- one candidate per name and input signature; none that exists already
    DELETE FROM hj_fcand f
    WHERE EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = f.name AND p.pronamespace = ANY (p_guard)
                  AND ARRAY(SELECT unnest(p.proargtypes)) = f.intypes)
       OR (f.prokind = 'a' AND cardinality(f.intypes) = 0);
    DELETE FROM hj_fcand f USING hj_fcand g
    WHERE g.name = f.name AND g.intypes = f.intypes AND (g.orig, g.ord) < (f.orig, f.ord);

    INSERT INTO hijack_test.planned (kind, name, signature, overloads, ddl)
    SELECT CASE WHEN f.prokind = 'a' THEN 'aggregate' ELSE 'function' END, f.name,
           hijack_test.sig(f.name, f.intypes),
           f.orig::regprocedure::text,
           -- functions: the DDL now; aggregates: below (their support functions need the id)
           CASE WHEN f.prokind = 'f' THEN ARRAY[hijack_test.function_ddl(f.name, f.types, f.modes, f.argnames,
                                                                          f.pronargs, f.pronargdefaults,
                                                                          f.rettype, f.proretset)] END
    FROM (SELECT f.*, row_number() OVER (PARTITION BY f.name ORDER BY f.orig, f.ord) AS rk FROM hj_fcand f) f
    WHERE f.rk <= per_name
    ORDER BY f.rk, f.name
    LIMIT max_functions;

    UPDATE hijack_test.planned pl
    SET ddl = ARRAY[
        format('CREATE FUNCTION public.hijack_sf_%s(s %s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
               pl.id, format_type(f.rettype, NULL),
               array_to_string(ARRAY(SELECT format_type(x, NULL) FROM unnest(f.intypes) WITH ORDINALITY u (x, o) ORDER BY o), ', '),
               format_type(f.rettype, NULL), hijack_test.spy_body(pl.signature, ' NULL')),
        format('CREATE FUNCTION public.hijack_ff_%s(s %s) RETURNS %s LANGUAGE plpgsql AS %L',
               pl.id, format_type(f.rettype, NULL), format_type(f.rettype, NULL),
               hijack_test.spy_body(pl.signature, ' NULL')),
        format('CREATE AGGREGATE public.%I(%s) (SFUNC = public.hijack_sf_%s, STYPE = %s, FINALFUNC = public.hijack_ff_%s)',
               f.name,
               array_to_string(ARRAY(SELECT format_type(x, NULL) FROM unnest(f.intypes) WITH ORDINALITY u (x, o) ORDER BY o), ', '),
               pl.id, format_type(f.rettype, NULL), pl.id)]
    FROM hj_fcand f
    WHERE pl.kind = 'aggregate' AND f.prokind = 'a' AND f.name = pl.name
      AND pl.signature = hijack_test.sig(f.name, f.intypes);

    -- operators
    CREATE TEMP TABLE hj_ocand AS
    SELECT o.oid AS orig, o.oprname::text AS sym, x.l, x.r, x.res, x.ord
    FROM pg_operator o,
         LATERAL hijack_test.operator_variants(o.oid) x
    WHERE o.oprnamespace = ANY (p_orig) AND o.oprcode <> 0
      AND o.oprname IN (SELECT n.name FROM hj_names n WHERE n.kind IN ('operator', 'c operator'));
    DELETE FROM hj_ocand c
    WHERE EXISTS (SELECT 1 FROM pg_operator o WHERE o.oprname = c.sym AND o.oprnamespace = ANY (p_guard)
                  AND o.oprleft = c.l AND o.oprright = c.r);
    DELETE FROM hj_ocand c USING hj_ocand d
    WHERE d.sym = c.sym AND d.l = c.l AND d.r = c.r AND (d.orig, d.ord) < (c.orig, c.ord);
    INSERT INTO hijack_test.planned (kind, name, signature, overloads)
    SELECT 'operator', c.sym,
           CASE WHEN c.l = 0 THEN format('operator public.%s(NONE, %s)', c.sym, format_type(c.r, NULL))
                ELSE format('operator public.%s(%s, %s)', c.sym, format_type(c.l, NULL), format_type(c.r, NULL)) END
           || ' -> ' || format_type(c.res, NULL),
           c.orig::regoperator::text
    FROM (SELECT c.*, row_number() OVER (PARTITION BY c.sym ORDER BY c.orig, c.ord) AS rk FROM hj_ocand c) c
    WHERE c.rk <= per_symbol
    ORDER BY c.rk, c.sym
    LIMIT max_operators;
    UPDATE hijack_test.planned pl
    SET ddl = ARRAY[
        format('CREATE FUNCTION public.hijack_op_%s(%s) RETURNS %s LANGUAGE plpgsql AS %L',
               pl.id,
               CASE WHEN c.l = 0 THEN format_type(c.r, NULL)
                    ELSE format_type(c.l, NULL) || ', ' || format_type(c.r, NULL) END,
               format_type(c.res, NULL), hijack_test.spy_body(pl.signature, ' NULL')),
        format('CREATE OPERATOR public.%s (%sRIGHTARG = %s, FUNCTION = public.hijack_op_%s)',
               c.sym, CASE WHEN c.l = 0 THEN '' ELSE format('LEFTARG = %s, ', format_type(c.l, NULL)) END,
               format_type(c.r, NULL), pl.id)]
    FROM hj_ocand c
    WHERE pl.kind = 'operator'
      AND pl.signature = CASE WHEN c.l = 0 THEN format('operator public.%s(NONE, %s)', c.sym, format_type(c.r, NULL))
                              ELSE format('operator public.%s(%s, %s)', c.sym, format_type(c.l, NULL), format_type(c.r, NULL)) END
                         || ' -> ' || format_type(c.res, NULL);

    -- exact copies of what the C code calls: they win where public comes
    -- before the original's schema on the path the C code's queries run with
    INSERT INTO hijack_test.planned (kind, name, signature, overloads, ddl, c_source)
    SELECT 'function', p.proname, hijack_test.sig(p.proname, ARRAY(SELECT unnest(p.proargtypes))),
           p.oid::regprocedure::text || ' (exact copy)',
           ARRAY[hijack_test.function_ddl(p.proname,
                                          coalesce(p.proallargtypes, ARRAY(SELECT unnest(p.proargtypes))),
                                          coalesce(p.proargmodes::text[], array_fill('i'::text, ARRAY[p.pronargs])),
                                          p.proargnames, p.pronargs, p.pronargdefaults, p.prorettype, p.proretset)],
           c.source
    FROM hj_c c JOIN pg_proc p ON p.oid = c.obj
    WHERE c.kind = 'function' AND p.pronamespace = ANY (p_orig) AND p.pronamespace <> 'public'::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_proc q WHERE q.proname = p.proname
                      AND q.pronamespace = 'public'::regnamespace AND q.proargtypes = p.proargtypes)
      AND NOT EXISTS (SELECT 1 FROM hijack_test.planned pl
                      WHERE pl.signature = hijack_test.sig(p.proname, ARRAY(SELECT unnest(p.proargtypes))));
    INSERT INTO hijack_test.planned (kind, name, signature, overloads, ddl, c_source)
    SELECT 'operator', o.oprname,
           format('operator public.%s(%s, %s) -> %s', o.oprname, format_type(o.oprleft, NULL),
                  format_type(o.oprright, NULL), format_type(o.oprresult, NULL)),
           o.oid::regoperator::text || ' (exact copy)',
           ARRAY[format('CREATE FUNCTION public.hijack_cop_%s(%s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
                        o.oid, format_type(o.oprleft, NULL), format_type(o.oprright, NULL),
                        format_type(o.oprresult, NULL),
                        hijack_test.spy_body(format('operator public.%s(%s, %s) -> %s', o.oprname,
                                                    format_type(o.oprleft, NULL), format_type(o.oprright, NULL),
                                                    format_type(o.oprresult, NULL)), ' NULL')),
                 format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.hijack_cop_%s)',
                        o.oprname, format_type(o.oprleft, NULL), format_type(o.oprright, NULL), o.oid)],
           c.source
    FROM hj_c c JOIN pg_operator o ON o.oid = c.obj
    WHERE c.kind = 'operator' AND max_operators > 0 AND o.oprleft <> 0
      AND o.oprnamespace = ANY (p_orig) AND o.oprnamespace <> 'public'::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_operator q WHERE q.oprname = o.oprname
                      AND q.oprnamespace = 'public'::regnamespace
                      AND q.oprleft = o.oprleft AND q.oprright = o.oprright)
      AND NOT EXISTS (SELECT 1 FROM hijack_test.planned pl
                      WHERE pl.kind = 'operator'
                        AND split_part(pl.signature, ' -> ', 1)
                            = format('operator public.%s(%s, %s)', o.oprname, format_type(o.oprleft, NULL),
                                     format_type(o.oprright, NULL)));

    -- relations: a view in public for every temporary table a body creates
    INSERT INTO hijack_test.planned (kind, name, signature, overloads, ddl)
    SELECT 'relation', n.name, format('relation public.%I', n.name), format('temporary table %I', n.name),
           ARRAY[format('CREATE VIEW public.%I AS SELECT public.hijack_spy_hit(%L, 0) AS hijack',
                        n.name, format('relation public.%I', n.name)),
                 format('GRANT ALL ON public.%I TO PUBLIC', n.name)]
    FROM hj_names n
    WHERE n.kind = 'temp table'
      AND NOT EXISTS (SELECT 1 FROM pg_class r WHERE r.relname = n.name AND r.relnamespace = ANY (p_guard));

    RETURN QUERY
    SELECT 'names called', count(*) FROM hj_names WHERE kind = 'call'
    UNION ALL SELECT 'names called that exist in the schemas', count(DISTINCT p.proname)
              FROM pg_proc p WHERE p.pronamespace = ANY (p_orig)
                AND p.proname IN (SELECT n.name FROM hj_names n WHERE n.kind = 'call')
    UNION ALL SELECT 'operator symbols', count(*) FROM hj_names WHERE kind = 'operator'
    UNION ALL SELECT 'temporary tables', count(*) FROM hj_names WHERE kind = 'temp table'
    UNION ALL SELECT 'function candidates', count(*) FROM hj_fcand
    UNION ALL SELECT 'operator candidates', count(*) FROM hj_ocand
    UNION ALL SELECT 'C-called objects', count(*) FROM hj_c
    UNION ALL SELECT 'C-called objects not found', count(*) FROM hj_c WHERE obj IS NULL
    UNION ALL SELECT 'C-called exact copies', count(*) FROM hijack_test.planned WHERE c_source IS NOT NULL;
END
$fn$;

-- Runs the DDL of hijack_test.planned, each object in its own
-- subtransaction; called by the database owner, so the objects are the
-- owner's. A signature that exists already counts as a duplicate.
CREATE FUNCTION hijack_test.plant()
RETURNS TABLE (kind text, status text, n bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    r record;
    stmt text;
    st text;
BEGIN
    FOR r IN SELECT p.id, p.ddl FROM hijack_test.planned p ORDER BY p.id LOOP
        BEGIN
            FOREACH stmt IN ARRAY r.ddl LOOP
                EXECUTE stmt;
            END LOOP;
            st := 'planted';
        EXCEPTION
            WHEN duplicate_function OR duplicate_object OR duplicate_table OR duplicate_alias THEN
                st := 'duplicate';
            WHEN OTHERS THEN
                st := 'rejected: ' || SQLERRM;
        END;
        UPDATE hijack_test.planned p SET status = st WHERE p.id = r.id;
    END LOOP;
    RETURN QUERY
    SELECT p.kind, split_part(p.status, ':', 1), count(*)
    FROM hijack_test.planned p GROUP BY 1, 2 ORDER BY 1, 2;
END
$fn$;

-- ---------------------------------------------------------------------
-- The operations (test/hijack/ops.sql fills hijack_test.ops).
--   sql: one statement returning one value (DML through a CTE);
--        @pg@ is PostGIS's schema, @run@ 1 for the superuser's run and 2
--        for the clerk's;
--   expect: the value as text (NULL: any);
--   expect_state: the SQLSTATE the operation must fail with;
--   tolerate_050: a SQLSTATE accepted on 0.5.0 only (a known bug).
CREATE TABLE hijack_test.ops (
    id integer PRIMARY KEY,
    name text NOT NULL,
    sql text NOT NULL,
    expect text,
    expect_state text,
    tolerate_050 text
);
CREATE TABLE hijack_test.op_result (
    run text NOT NULL,
    id integer NOT NULL,
    name text NOT NULL,
    ok boolean NOT NULL,
    outcome text NOT NULL,
    ms numeric NOT NULL
);

-- One operation, with the caller's search_path (path: the session's,
-- as the caller's statement had it), in a subtransaction; the outcome goes
-- to hijack_test.op_result. runno: what @run@ becomes (1, 2, ...: each
-- run's own children).
CREATE FUNCTION hijack_test.run_op(op integer, run text, path text, runno integer) RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    o record;
    q text;
    res text;
    ok boolean;
    outcome text;
    st text;
    msg text;
    t0 timestamptz := clock_timestamp();
    pg name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'postgis');
    ver text := (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'stunting');
BEGIN
    SELECT * INTO o FROM hijack_test.ops WHERE id = op;
    q := replace(replace(o.sql, '@pg@', quote_ident(pg)), '@run@', runno::text);
    BEGIN
        PERFORM set_config('search_path', path, true);
        EXECUTE q INTO res;
        -- (still the caller's path, which may put public first)
        PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
        IF o.expect_state IS NOT NULL THEN
            ok := false;
            outcome := format('expected SQLSTATE %s, got %s', o.expect_state, coalesce(left(res, 60), 'NULL'));
        ELSIF o.expect IS NOT NULL AND res IS DISTINCT FROM o.expect THEN
            ok := false;
            outcome := format('got %s, expected %s', coalesce(left(res, 60), 'NULL'), o.expect);
        ELSE
            ok := true;
            outcome := 'ok';
        END IF;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
        IF st = o.expect_state THEN
            ok := true; outcome := 'ok (expected error ' || st || ')';
        ELSIF st = o.tolerate_050 AND ver = '0.5.0' THEN
            ok := true; outcome := 'tolerated on 0.5.0: ' || st || ' ' || left(msg, 80);
        ELSE
            ok := false; outcome := 'ERROR ' || st || ': ' || left(msg, 160);
        END IF;
    END;
    INSERT INTO hijack_test.op_result
    VALUES (run, op, o.name, ok, outcome, round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000, 1));
    RETURN ok;
END
$fn$;

-- The geometry helpers of the operations (filled by test/hijack/setup.sql).
CREATE TABLE hijack_test.doc (doc jsonb NOT NULL);
