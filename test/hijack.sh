#!/usr/bin/env bash
# test/hijack.sh - the extension's functions cannot be hijacked through
# search_path: a database owner without SUPERUSER who plants functions,
# aggregates, operators and views in public must not get its code run by a
# superuser (or anyone) who uses the extension.
#
# 1. Lint (static, first): every SQL and PL/pgSQL function of the extension
#    has SET search_path = pg_catalog, ..., stunting, ..., pg_temp (and no
#    schema but PostGIS's besides), and no body calls a pg_catalog function,
#    one of the extension's own functions or a pg_trgm function by its bare
#    name (SQL-standard bodies, bound when created, only the first check).
# 2. Two scenarios, each in a throw-away database owned by a role without
#    SUPERUSER (stunting_hijack_owner), with an ordinary role
#    (stunting_hijack_clerk) allowed to use the surveillance tables:
#      A  PostGIS and pg_trgm in their own schema "postgis", which the owner
#         cannot write to; overloads of built-ins, PostGIS and pg_trgm
#         functions planted;
#      B  CREATE EXTENSION stunting CASCADE (PostGIS and pg_trgm in public);
#         overloads of built-in functions and aggregates only.  With PostGIS
#         in public, public is on every function's search_path, and whoever
#         can create objects there can plant what PostGIS's own functions and
#         the built-in operators on two types (double precision * integer)
#         resolve to; that cannot be defended from inside the extension, and
#         the README says where PostGIS should live (scenario A).
#    What is planted is generated from the bodies (test/hijack/lib.sql):
#    every name called, operator symbol used and temporary table created,
#    against the catalogs. Every planted object reports to the spy
#    (test/hijack/spy.sql), which tries ALTER ROLE ... SUPERUSER when the
#    session or current user is a superuser.
# 3. The operations of test/hijack/ops.sql, once as the superuser and once
#    as the clerk; every SQL and PL/pgSQL function must be called
#    (track_functions = all).
# 4. No spy report, no role attribute changed, every operation succeeded.
#
# Needs a running server (PGHOST, PGPORT, PGUSER of a superuser, as
# test/run.sh sets them) with the extension installed. About 30 s.
#   HIJACK_STUNTING_VERSION=0.5.0 test/hijack.sh   test another installed version
#   HIJACK_SCENARIOS="A"                           one scenario only
#   HIJACK_KEEP=1                                  keep the databases and roles
#   HIJACK_B_OPERATORS=1                           plant operators in scenario B too
#     (shows what a writable PostGIS schema exposes: fails by design)
# Caps on what is planted (round robin, so a cap drops the least likely
# types): HIJACK_PER_NAME (400), HIJACK_MAX_FUNCTIONS (8000),
# HIJACK_PER_OPERATOR (400), HIJACK_MAX_OPERATORS (8000).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

OWNER=stunting_hijack_owner
CLERK=stunting_hijack_clerk
DBS="stunting_hijack_lint stunting_hijack_a stunting_hijack_b"
VERSION=${HIJACK_STUNTING_VERSION:-}
SCENARIOS=${HIJACK_SCENARIOS:-A B}
PER_NAME=${HIJACK_PER_NAME:-400}
MAX_FUNCTIONS=${HIJACK_MAX_FUNCTIONS:-8000}
PER_OPERATOR=${HIJACK_PER_OPERATOR:-400}
MAX_OPERATORS=${HIJACK_MAX_OPERATORS:-8000}
VERSION_CLAUSE=
if [ -n "$VERSION" ]; then
    [[ $VERSION =~ ^[0-9A-Za-z._-]+$ ]] || { echo "bad HIJACK_STUNTING_VERSION: $VERSION"; exit 1; }
    VERSION_CLAUSE=" VERSION '$VERSION'"
fi

tmp=$(mktemp -d /tmp/stunting-hijack.XXXXXX)
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# a session of the test's own, which nothing planted can reach
qs() { q -c 'SET search_path = pg_catalog, pg_temp' "$@"; }

drop_all() {
    local db r
    for db in $DBS; do
        q -d postgres -c 'SET client_min_messages = warning' -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    done
    for r in $OWNER $CLERK; do
        q -d postgres -c 'SET client_min_messages = warning' -c "DROP ROLE IF EXISTS $r"
    done
}
cleanup() {
    [ -n "${HIJACK_KEEP:-}" ] && { echo "(HIJACK_KEEP: databases and roles kept; files in $tmp)"; return; }
    drop_all >/dev/null 2>&1 || echo "!! could not drop the test's databases and roles" >&2
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# CREATE EXTENSION, retried: others may be reinstalling the extension files.
create_extension() {
    local db=$1 sql=$2 _
    for _ in 1 2 3 4; do
        if q -d "$db" -c 'SET client_min_messages = warning' -c "$sql" 2>"$tmp/create.err"; then
            return 0
        fi
        echo "   ($sql failed: $(head -1 "$tmp/create.err"); retrying in 10 s)"
        q -d "$db" -c 'DROP EXTENSION IF EXISTS stunting' >/dev/null 2>&1
        sleep 10
    done
    cat "$tmp/create.err"
    return 1
}

start=$(date +%s)
q -d postgres -c 'SELECT 1' >/dev/null || { echo "no server (PGHOST, PGPORT, PGUSER)"; exit 1; }
[ "$(q -d postgres -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')" = t ] \
    || { echo "PGUSER must be a superuser"; exit 1; }
drop_all >/dev/null 2>&1
q -d postgres -c "CREATE ROLE $OWNER NOLOGIN" -c "CREATE ROLE $CLERK NOLOGIN" || exit 1

# ---------------------------------------------------------------------------
echo "== lint: search_path and qualified calls in every SQL and PL/pgSQL function"
q -d postgres -c "CREATE DATABASE stunting_hijack_lint" || exit 1
create_extension stunting_hijack_lint "CREATE EXTENSION stunting$VERSION_CLAUSE CASCADE" || exit 1
q -d stunting_hijack_lint -f test/hijack/lib.sql || exit 1
ext_version=$(q -d stunting_hijack_lint -c "SELECT extversion FROM pg_extension WHERE extname = 'stunting'")
nfunctions=$(q -d stunting_hijack_lint -c "SELECT count(*) FROM hijack_test.ext_functions()")
noffenders=$(q -d stunting_hijack_lint -c "SELECT count(*) FROM hijack_test.lint()")
echo "stunting $ext_version: $nfunctions SQL and PL/pgSQL functions scanned, $noffenders offenders"
q -d stunting_hijack_lint -c "
    WITH l AS (SELECT kind, detail, regexp_replace(function, '^stunting[.]', '') AS f FROM hijack_test.lint())
    SELECT '  ' || kind || ' (' || sum(n) || E' functions):\n' || string_agg(line, E'\n' ORDER BY line)
    FROM (SELECT kind, count(*) AS n,
                 '    ' || detail || ': ' || string_agg(DISTINCT split_part(f, '(', 1), ', ') AS line
          FROM l WHERE kind = 'search_path' GROUP BY kind, detail
          UNION ALL
          SELECT kind, 1, '    ' || CASE WHEN length(f) > 50 THEN split_part(f, '(', 1) || '(...)' ELSE f END
                          || ': ' || detail
          FROM l WHERE kind <> 'search_path') x
    GROUP BY kind ORDER BY kind"
[ "$noffenders" = 0 ] || fail "lint: $noffenders offenders"
q -d postgres -c "DROP DATABASE stunting_hijack_lint"

# ---------------------------------------------------------------------------
scenario() {
    local sc=$1 db label pgschema orig guard run version
    db=stunting_hijack_$(echo "$sc" | tr 'AB' 'ab')
    if [ "$sc" = A ]; then
        label="PostGIS and pg_trgm in schema postgis (not writable by the owner)"
    else
        label="CREATE EXTENSION stunting CASCADE (PostGIS and pg_trgm in public)"
    fi
    echo
    echo "== scenario $sc: $label"
    # (a run before may have made the owner a superuser)
    q -d postgres -c "ALTER ROLE $OWNER NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" \
        -c "ALTER ROLE $CLERK NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" || return 1
    q -d postgres -c "CREATE DATABASE $db OWNER $OWNER" || return 1
    if [ "$sc" = A ]; then
        q -d "$db" -c 'SET client_min_messages = warning' -c 'CREATE SCHEMA postgis' \
            -c 'CREATE EXTENSION postgis SCHEMA postgis' -c 'CREATE EXTENSION pg_trgm SCHEMA postgis' || return 1
        create_extension "$db" "CREATE EXTENSION stunting$VERSION_CLAUSE" || return 1
        ! grep -q 'PostGIS is in schema' "$tmp/create.err" \
            || fail "$sc: CREATE EXTENSION warned about a writable PostGIS schema: $(cat "$tmp/create.err")"
    else
        create_extension "$db" "CREATE EXTENSION stunting$VERSION_CLAUSE CASCADE" || return 1
        # from 0.6.0 on, the install warns that the owner can write to PostGIS's schema
        if [ "$(printf '%s\n0.6.0\n' "$ext_version" | sort -V | head -1)" = 0.6.0 ]; then
            if grep -q "PostGIS is in schema \"public\", where roles without SUPERUSER can create objects: $OWNER" "$tmp/create.err"; then
                echo "CREATE EXTENSION warned: $(grep -m1 WARNING "$tmp/create.err")"
            else
                fail "$sc: CREATE EXTENSION did not warn that $OWNER can write to PostGIS's schema public"
            fi
        fi
    fi
    q -d "$db" -f test/hijack/lib.sql || return 1
    q -d "$db" -v owner=$OWNER -v clerk=$CLERK -f test/hijack/setup.sql > "$tmp/$sc.setup.log" 2>&1 \
        || { cat "$tmp/$sc.setup.log"; return 1; }
    pgschema=$(qs -d "$db" -c "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                               WHERE e.extname = 'postgis'")
    if [ "$sc" = A ]; then
        orig="ARRAY['pg_catalog', 'stunting', '$pgschema']"
        guard="ARRAY['pg_catalog', 'stunting', 'public', '$pgschema']"
    else
        orig="ARRAY['pg_catalog', 'stunting']"
        guard="ARRAY['pg_catalog', 'stunting', 'public']"
    fi
    orig="($orig::regnamespace[])::oid[]"
    guard="($guard::regnamespace[])::oid[]"
    local per_operator=$PER_OPERATOR max_operators=$MAX_OPERATORS
    if [ "$sc" = B ] && [ "${HIJACK_B_OPERATORS:-0}" = 0 ]; then
        per_operator=0 max_operators=0
        echo "(scenario B: no operators planted; PostGIS's schema public is on the functions' path)"
    fi

    # what to plant, from the bodies (as the superuser, in hijack_test)
    qs -d "$db" -F $'\t' -c "SELECT hijack_test.fill_vocab('$pgschema')" \
        -c "SELECT * FROM hijack_test.plan($orig, $guard, $PER_NAME, $MAX_FUNCTIONS, $per_operator, $max_operators)" \
        > "$tmp/$sc.plan" || return 1
    version=$(qs -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'stunting'")
    echo "stunting $version:" \
         "$(q -d "$db" -c 'SELECT count(*) FROM hijack_test.ext_functions()') functions scanned;" \
         "$(awk -F'\t' '$1 == "names called" {print $2}' "$tmp/$sc.plan") names called," \
         "$(awk -F'\t' '$1 == "names called that exist in the schemas" {print $2}' "$tmp/$sc.plan") of them" \
         "functions of $(echo "$orig" | sed -E "s/^\(ARRAY\[|\]::.*$//g; s/'//g");" \
         "$(awk -F'\t' '$1 == "operator symbols" {print $2}' "$tmp/$sc.plan") operator symbols," \
         "$(awk -F'\t' '$1 == "temporary tables" {print $2}' "$tmp/$sc.plan") temporary tables;" \
         "vocabulary of $(head -1 "$tmp/$sc.plan") types"

    # the owner plants
    qs -d "$db" -F $'\t' -c "SET SESSION AUTHORIZATION $OWNER" -f test/hijack/spy.sql \
        -c "SELECT * FROM hijack_test.plant()" > "$tmp/$sc.plant" || return 1
    echo "planted in public by $OWNER: $(awk -F'\t' '$2 == "planted" {printf "%s%s %ss", sep, $3, $1; sep=", "}' "$tmp/$sc.plant")" \
         "(not planted: $(awk -F'\t' '$2 != "planted" {n += $3} END {print n + 0}' "$tmp/$sc.plant"))"
    qs -d "$db" -c "SELECT '  (' || count(*) || ' ' || kind || 's ' || status || ', e.g. ' || min(signature) || ')'
                    FROM hijack_test.planned WHERE status <> 'planted'
                    GROUP BY kind, status ORDER BY kind, status LIMIT 8"

    qs -d "$db" -c "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
                    FROM pg_authid ORDER BY rolname" > "$tmp/$sc.roles.before"
    q -d postgres -c "ALTER DATABASE $db SET track_functions = 'all'"
    qs -d "$db" -c 'SELECT pg_stat_reset()' >/dev/null

    for run in superuser clerk; do
        if [ $run = clerk ]; then
            psql -X -q -At -d "$db" -v run=$run -c "SET ROLE $CLERK" -f test/hijack/run.sql \
                > "$tmp/$sc.$run.out" 2> "$tmp/$sc.$run.err"
        else
            psql -X -q -At -d "$db" -v run=$run -f test/hijack/run.sql \
                > "$tmp/$sc.$run.out" 2> "$tmp/$sc.$run.err"
        fi
        grep -q '^done$' "$tmp/$sc.$run.out" || { cat "$tmp/$sc.$run.err"; fail "$sc: the $run run did not finish"; }
    done
    # who ran: the superuser run with a superuser session and current user,
    # the clerk's with the clerk as current user and a superuser session user
    grep -q "^who|[^|]*|[^|]*|t|t|" "$tmp/$sc.superuser.out" || fail "$sc: the superuser run is not a superuser's"
    grep -q "^who|$CLERK|[^|]*|f|t|" "$tmp/$sc.clerk.out" || fail "$sc: the clerk's run is not the clerk's"

    # operations
    qs -d "$db" -F ' ' -c "SELECT run, count(*) FILTER (WHERE ok), count(*), round(sum(ms) / 1000, 1)
                           FROM hijack_test.op_result GROUP BY run ORDER BY run DESC" > "$tmp/$sc.ops"
    echo "operations: $(awk '{printf "%s%s %s of %s ok (%s s)", sep, $1, $2, $3, $4; sep=", "}' "$tmp/$sc.ops")"
    if [ "$(qs -d "$db" -c 'SELECT count(*) FROM hijack_test.op_result WHERE NOT ok')" != 0 ] \
       || [ "$(qs -d "$db" -c 'SELECT count(*) FROM hijack_test.op_result')" != "$(( 2 * $(qs -d "$db" -c 'SELECT count(*) FROM hijack_test.ops') ))" ]; then
        qs -d "$db" -c "SELECT CASE WHEN k <= 16 THEN '  ' || r.run || ' ' || r.id || ' ' || r.name || ': ' || r.outcome
                                    ELSE '  (and ' || n - 16 || ' more)' END
                        FROM (SELECT r.*, row_number() OVER (ORDER BY r.run DESC, r.id) AS k, count(*) OVER () AS n
                              FROM hijack_test.op_result r WHERE NOT r.ok) r
                        WHERE k <= 17 ORDER BY k"
        fail "$sc: operations failed: $(qs -d "$db" -c 'SELECT count(*) FROM hijack_test.op_result WHERE NOT ok')"
    fi
    qs -d "$db" -c "SELECT '  (' || r.run || ' ' || r.id || ' ' || r.name || ': ' || r.outcome || ')'
                    FROM hijack_test.op_result r WHERE r.ok AND r.outcome LIKE 'tolerated%' ORDER BY r.run DESC, r.id"

    # spies: the table, and the warnings (which survive a rolled-back statement)
    cat "$tmp/$sc.superuser.err" "$tmp/$sc.clerk.err" \
        | sed -n 's/^.*WARNING:  HIJACK-SPY //p' \
        | awk -F' [|] ' -v OFS='\t' '{sub(/^current_user /, "", $3); sub(/^session_user /, "", $4); print $1, $2, $3, $4, $5}' \
        > "$tmp/$sc.spy.tsv"
    cat "$tmp/$sc.superuser.err" "$tmp/$sc.clerk.err" | grep -v 'WARNING:  HIJACK-SPY ' | head -5 \
        | sed 's/^/  (stderr) /'
    qs -d "$db" -c 'CREATE TEMP TABLE w (signature text, caller text, cu name, su name, escalation text)' \
        -c "\\copy w FROM '$tmp/$sc.spy.tsv'" -F $'\t' -c "
        SELECT (SELECT count(*) FROM w), (SELECT count(*) FROM public.hijack_spy),
               (SELECT count(DISTINCT signature) FROM w),
               (SELECT count(DISTINCT regexp_replace(caller, ' line .*', '')) FROM w)" > "$tmp/$sc.spycount"
    read -r nwarn nrows nsig ncallers < "$tmp/$sc.spycount"
    echo "spy reports: $nwarn (hijack_spy rows: $nrows), $nsig planted objects called from $ncallers functions"
    if [ "$nwarn" != 0 ] || [ "$nrows" != 0 ]; then
        qs -d "$db" -c 'CREATE TEMP TABLE w (signature text, caller text, cu name, su name, escalation text)' \
            -c "\\copy w FROM '$tmp/$sc.spy.tsv'" -c "
            INSERT INTO w SELECT signature, caller, current_user_name, session_user_name, escalation
                          FROM public.hijack_spy s
                          WHERE NOT EXISTS (SELECT 1 FROM w WHERE w.signature = s.signature AND w.caller = s.caller
                                                              AND w.cu = s.current_user_name)" -c "
            SELECT '  ' || f || ' [' || string_agg(DISTINCT who, ', ') || ']'
                   || CASE WHEN bool_or(escalated) THEN ' ESCALATION: ALTER ROLE ... SUPERUSER succeeded' ELSE '' END
                   || E'\n      ' || string_agg(signature || coalesce(' (line ' || lines || ')', ''), E'\n      '
                                              ORDER BY signature)
            FROM (SELECT f, signature, string_agg(DISTINCT who, ', ') AS who, bool_or(escalated) AS escalated,
                         string_agg(DISTINCT line::text, ', ') AS lines
                  FROM (SELECT CASE WHEN caller ~ '^SQL function \"'
                                    THEN substring(caller FROM '^SQL function \"([^\"]+)\"') || ' (SQL function)'
                                    ELSE regexp_replace(regexp_replace(caller, '^PL/pgSQL function (stunting[.])?', ''),
                                                        ' line [0-9]+ at .*$', '') END AS f,
                               substring(caller FROM ' line ([0-9]+) at ')::integer AS line,
                               signature, escalation LIKE '%succeeded' AS escalated,
                               CASE WHEN cu = su THEN cu::text ELSE cu || ' (session ' || su || ')' END AS who
                        FROM w) x
                  GROUP BY f, signature) y
            GROUP BY f ORDER BY f"
        fail "$sc: $nwarn spy reports"
    fi

    # role attributes
    qs -d "$db" -c "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
                    FROM pg_authid ORDER BY rolname" > "$tmp/$sc.roles.after"
    if ! diff "$tmp/$sc.roles.before" "$tmp/$sc.roles.after" > "$tmp/$sc.roles.diff"; then
        sed 's/^/  /' "$tmp/$sc.roles.diff"
        fail "$sc: role attributes changed (rolname|super|createrole|createdb|replication|bypassrls)"
    fi

    # every function was called
    qs -d "$db" -F '|' -c "
        SELECT count(*) FILTER (WHERE coalesce(pg_stat_get_function_calls(f.fn), 0) > 0), count(*),
               coalesce(string_agg(f.signature, ', ' ORDER BY f.signature)
                            FILTER (WHERE coalesce(pg_stat_get_function_calls(f.fn), 0) = 0 AND f.inlinable), ''),
               coalesce(string_agg(f.signature, ', ' ORDER BY f.signature)
                            FILTER (WHERE coalesce(pg_stat_get_function_calls(f.fn), 0) = 0 AND NOT f.inlinable), '')
        FROM hijack_test.ext_functions() f" > "$tmp/$sc.coverage"
    IFS='|' read -r ncalled nall inlined missed < "$tmp/$sc.coverage"
    echo "functions called: $ncalled of $nall${inlined:+ (not counted, inlinable SQL without SET: $inlined)}"
    if [ "$version" = 0.5.0 ] && [[ $missed == *stunting.hotspot_geojson* ]]; then
        # its one operation was tolerated: in 0.5.0 every call fails
        echo "  (hotspot_geojson: every call fails in 0.5.0)"
        missed=$(echo "$missed" | sed -E 's/(, )?stunting\.hotspot_geojson\([^)]*\)//; s/^, //')
    fi
    [ -z "$missed" ] || fail "$sc: functions the operations did not reach: $missed"

    [ -n "${HIJACK_KEEP:-}" ] || q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
}

for sc in $SCENARIOS; do
    scenario "$sc" || fail "scenario $sc could not be set up"
done

echo
echo "hijack: $failures failures ($(( $(date +%s) - start )) s)"
[ "$failures" -eq 0 ]
