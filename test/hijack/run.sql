-- test/hijack/run.sql - one run of the operations of test/hijack/ops.sql,
-- with the session's own search_path (the database's: public, pg_catalog,
-- set by its owner; or the default "$user", public). test/hijack.sh starts
-- it in a new session as the superuser, or as the clerk with SET ROLE first
-- (the session user stays the superuser: the spies' check of session_user
-- still sees a superuser behind the clerk). psql variables: run (its
-- name), runno (what @run@ becomes in the operations).
\set ON_ERROR_STOP 1
\set VERBOSITY terse
SET client_min_messages = warning;
SET statement_timeout = '120s';
SELECT 'who', current_user, session_user,
       (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) current_user),
       (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) session_user),
       pg_catalog.current_setting('search_path');
\set ON_ERROR_STOP 0
SELECT pg_catalog.format('SELECT hijack_test.run_op(%s, %L, pg_catalog.current_setting(%L), %s)',
                         o.id, :'run', 'search_path', :'runno')
FROM hijack_test.ops o ORDER BY o.id \gexec
RESET ROLE;
-- the statistics of this backend, now (pg_stat_user_functions is read next)
SELECT pg_catalog.pg_stat_force_next_flush();
SELECT 'done';
