#!/usr/bin/env bash
# test/hijack.sh - the extension's functions cannot be hijacked through
# search_path: a database owner without SUPERUSER who plants functions,
# aggregates, operators and views in public must not get its code run by a
# superuser (or anyone) who uses the extension, and CREATE EXTENSION does
# not adopt a schema stunting such a role could plant in.
#
# 1. Lint (static, first): every SQL and PL/pgSQL function of the extension
#    has SET search_path = pg_catalog, ..., stunting, ..., pg_temp (and no
#    schema but PostGIS's besides), and no body calls a pg_catalog function,
#    one of the extension's own functions or a pg_trgm function by its bare
#    name (SQL-standard bodies, bound when created, only the first check).
#    The C functions are not linted (see 2, the list for C code).
# 2. Scenarios A and B, each in a throw-away database owned by a role
#    without SUPERUSER (stunting_hijack_owner), with an ordinary role
#    (stunting_hijack_clerk) allowed to use the surveillance tables and to
#    call every function of the extension (from 0.8.0 also granted, by
#    stunting.grant_area, the three kecamatan to enter data for, so that
#    row-level security shows it the rows; a third role,
#    stunting_hijack_analyst, is what the operations grant areas and role
#    templates to and revoke them from):
#      A  PostGIS and pg_trgm in their own schema "postgis", which the owner
#         cannot write to; overloads of built-in, PostGIS and pg_trgm
#         functions, aggregates and operators planted;
#      B  CREATE EXTENSION stunting CASCADE (PostGIS and pg_trgm in public);
#         overloads of built-in (and the extension's own) functions and
#         aggregates only: no operators and no PostGIS functions (nor
#         pg_trgm's, also in public). With PostGIS in public, public is on
#         every function's search_path, and whoever can create objects there
#         can plant what PostGIS's own functions and the built-in operators
#         on two types (double precision * integer) resolve to; that cannot
#         be defended from inside the extension (the install warns, and that
#         WARNING is checked from 0.6.0 on), and the README says where
#         PostGIS should live (scenario A).
#    What is planted is generated from the bodies (test/hijack/lib.sql):
#    every name called, operator symbol used and temporary table created,
#    against the catalogs: overloads that would beat the original with
#    pg_catalog first on the path (better-fitting types). Besides, for the
#    C code, whose SPI queries have no SET search_path of their own
#    (stunting.area_at, extension/area_fmgr.c): a list by hand,
#    hijack_test.c_called(), of the operators =(oid, oid), =(name, name),
#    =(name, text), =(text, text), quote_ident, to_regprocedure, the
#    PostGIS functions and area_at_search, each planted as an exact copy in
#    public (in B the built-in functions and area_at_search only), and their
#    names and symbols join the bodies' for the overloads. Every planted
#    object reports to the spy (test/hijack/spy.sql), which tries ALTER
#    ROLE ... SUPERUSER when the session or current user is a superuser.
#    The scenario fails when fewer than 500 functions and 100 aggregates (and
#    in A 500 operators) were planted, or any exact copy for C code was not.
# 3. The owner then sets ALTER DATABASE ... SET search_path = public,
#    pg_catalog: public first, where an exact copy of a built-in wins over
#    pg_catalog's in whatever runs with the caller's path (C code's SPI; the
#    SQL and PL/pgSQL functions have their own). The operations of
#    test/hijack/ops.sql run in new sessions of that database, once as the
#    superuser and once as the clerk (SET ROLE; each run checks the path it
#    got); every SQL and PL/pgSQL function must be called (track_functions
#    = all). The operations' own SQL qualifies every function and operator.
#    Not run by default: the same with the session default path "$user",
#    public (HIJACK_DEFAULT_PATH_RUNS=1); with pg_catalog first it can only
#    show less, as the same objects are planted.
# 4. No spy report, no role attribute changed, every operation succeeded.
# 5. Scenario C (no operations; PostGIS and pg_trgm in schema postgis):
#    (i) the owner creates schema stunting, then the superuser's CREATE
#    EXTENSION stunting must fail with SQLSTATE 42501 and a message naming
#    schema stunting, leaving no extension and nothing in the schema; (ii)
#    the same with a schema stunting the superuser created and granted
#    CREATE on to PUBLIC; (iii) PostGIS in a schema "gis" where PUBLIC has
#    CREATE: CREATE EXTENSION succeeds, with a WARNING naming PUBLIC; (iv)
#    0.5.0 installed into the owner's schema stunting, ALTER EXTENSION
#    stunting UPDATE must fail with 42501 and leave 0.5.0. For versions
#    before 0.6.0, (ii) is only checked to fail, (iii) to succeed, and (iv)
#    is skipped; (i) is checked in full for every version (0.5.0 fails it).
# Not covered: types, casts or tables planted in public (only functions,
# aggregates, operators, and views named like the bodies' temporary tables);
# schemas other than public (e.g. one the owner names after a superuser,
# which the default "$user", public would put first); paths set otherwise
# than by the database (a role's setting or PGOPTIONS act the same way); C
# code other than the list in hijack_test.c_called(), which is kept by hand.
#
# Needs a running server (PGHOST, PGPORT, PGUSER of a superuser, as
# test/run.sh sets them) with the extension installed. About 35 s.
#   HIJACK_STUNTING_VERSION=0.5.0 test/hijack.sh   test another installed version
#   HIJACK_SCENARIOS="A"                           some scenarios only (A B C)
#   HIJACK_KEEP=1                                  keep the databases and roles
#   HIJACK_DEFAULT_PATH_RUNS=1                     also run the operations with
#     the default search_path "$user", public (before the database's is set)
#   HIJACK_B_OPERATORS=1                           plant operators in scenario B too
#     (shows what a writable PostGIS schema exposes: fails by design)
# Caps on what is planted (round robin, so a cap drops the least likely
# types): HIJACK_PER_NAME (400), HIJACK_MAX_FUNCTIONS (8000),
# HIJACK_PER_OPERATOR (400), HIJACK_MAX_OPERATORS (8000); the floors above
# apply whatever the caps.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

OWNER=stunting_hijack_owner
CLERK=stunting_hijack_clerk
# (0.8.0: the role the operations grant areas and templates to, and revoke)
ANALYST=stunting_hijack_analyst
DBS="stunting_hijack_lint stunting_hijack_a stunting_hijack_b stunting_hijack_c stunting_hijack_c_gis"
VERSION=${HIJACK_STUNTING_VERSION:-}
SCENARIOS=${HIJACK_SCENARIOS:-A B C}
# the least a scenario must plant, so that an empty plan cannot pass
MIN_FUNCTIONS=500 MIN_AGGREGATES=100 MIN_OPERATORS=500
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
    for r in $OWNER $CLERK $ANALYST; do
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

# true when version $1 is $2 or later
version_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$2" ]; }

# A statement that may fail: sets try_state (00000 when it succeeded) and
# try_message; stderr (notices, warnings) in $tmp/try.err. Retried when the
# extension's files are missing (others may be reinstalling them).
try_sql() {
    local db=$1 _ out
    shift
    for _ in 1 2 3 4; do
        out=$(psql -X -q -At -d "$db" -c 'SET client_min_messages = warning' "$@" \
                   -c '\echo state :LAST_ERROR_SQLSTATE' -c '\echo message :LAST_ERROR_MESSAGE' 2>"$tmp/try.err")
        try_state=$(printf '%s\n' "$out" | sed -n 's/^state //p' | tail -1)
        try_message=$(printf '%s\n' "$out" | sed -n 's/^message //p' | tail -1)
        case $try_state in
            58P01|58000) echo "   (failed: $try_message; retrying in 10 s)"; sleep 10 ;;
            *) return 0 ;;
        esac
    done
}

start=$(date +%s)
q -d postgres -c 'SELECT 1' >/dev/null || { echo "no server (PGHOST, PGPORT, PGUSER)"; exit 1; }
[ "$(q -d postgres -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')" = t ] \
    || { echo "PGUSER must be a superuser"; exit 1; }
drop_all >/dev/null 2>&1
q -d postgres -c "CREATE ROLE $OWNER NOLOGIN" -c "CREATE ROLE $CLERK NOLOGIN" -c "CREATE ROLE $ANALYST NOLOGIN" || exit 1

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
        if version_ge "$ext_version" 0.6.0; then
            if grep -Eq "PostGIS is in schema \"public\", where roles without SUPERUSER can create objects: (.*[ ,])?$OWNER([ ,]|\$)" "$tmp/create.err"; then
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
         "vocabulary of $(head -1 "$tmp/$sc.plan") types;" \
         "$(awk -F'\t' '$1 == "C-called exact copies" {print $2}' "$tmp/$sc.plan") exact copies of the" \
         "$(awk -F'\t' '$1 == "C-called objects" {print $2}' "$tmp/$sc.plan") objects C code's queries call"
    local nc_missing nc_all nc_copies
    nc_missing=$(awk -F'\t' '$1 == "C-called objects not found" {print $2}' "$tmp/$sc.plan")
    nc_all=$(awk -F'\t' '$1 == "C-called objects" {print $2}' "$tmp/$sc.plan")
    nc_copies=$(awk -F'\t' '$1 == "C-called exact copies" {print $2}' "$tmp/$sc.plan")
    [ "$nc_missing" = 0 ] || fail "$sc: $nc_missing objects of hijack_test.c_called() not found (keep it in step with the C code)"
    if [ "$sc" = A ] && [ "$nc_copies" != "$nc_all" ]; then
        fail "$sc: only $nc_copies of the $nc_all objects C code calls have an exact copy planned"
    fi

    # the owner plants
    qs -d "$db" -F $'\t' -c "SET SESSION AUTHORIZATION $OWNER" -f test/hijack/spy.sql \
        -c "SELECT * FROM hijack_test.plant()" > "$tmp/$sc.plant" || return 1
    echo "planted in public by $OWNER: $(awk -F'\t' '$2 == "planted" {printf "%s%s %ss", sep, $3, $1; sep=", "}' "$tmp/$sc.plant")" \
         "(not planted: $(awk -F'\t' '$2 != "planted" {n += $3} END {print n + 0}' "$tmp/$sc.plant"))"
    qs -d "$db" -c "SELECT '  (' || count(*) || ' ' || kind || 's ' || status || ', e.g. ' || min(signature) || ')'
                    FROM hijack_test.planned WHERE status <> 'planted'
                    GROUP BY kind, status ORDER BY kind, status LIMIT 8"
    # a floor, so that an empty or broken plan cannot pass
    local what floor n
    for what in function:$MIN_FUNCTIONS aggregate:$MIN_AGGREGATES operator:$MIN_OPERATORS; do
        floor=${what#*:} what=${what%%:*}
        # (B plants no operators, unless HIJACK_B_OPERATORS)
        [ "$what" = operator ] && [ "$sc" = B ] && [ "${HIJACK_B_OPERATORS:-0}" = 0 ] && continue
        n=$(awk -F'\t' -v k="$what" '$1 == k && $2 == "planted" {print $3}' "$tmp/$sc.plant")
        [ "${n:-0}" -ge "$floor" ] || fail "$sc: only ${n:-0} ${what}s planted (at least $floor expected)"
    done
    n=$(qs -d "$db" -c "SELECT count(*) FROM hijack_test.planned WHERE c_source IS NOT NULL AND status <> 'planted'")
    if [ "$n" != 0 ]; then
        qs -d "$db" -c "SELECT '  ' || signature || ': ' || status FROM hijack_test.planned
                        WHERE c_source IS NOT NULL AND status <> 'planted' ORDER BY id"
        fail "$sc: $n exact copies for C code not planted"
    fi

    qs -d "$db" -c "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
                    FROM pg_authid ORDER BY rolname" > "$tmp/$sc.roles.before"
    q -d postgres -c "ALTER DATABASE $db SET track_functions = 'all'"
    qs -d "$db" -c 'SELECT pg_stat_reset()' >/dev/null

    # The runs, each in a new session: name, @run@, path. The database's
    # path is the owner's: public first, for every session of its database.
    local runs="superuser:1:database clerk:2:database" r runno path want_path nruns=0 run_names="" got
    local -a role
    [ -n "${HIJACK_DEFAULT_PATH_RUNS:-}" ] && runs="superuser-default:3:default clerk-default:4:default $runs"
    for r in $runs; do
        IFS=: read -r run runno path <<< "$r"
        role=()
        [[ $run == clerk* ]] && role=(-c "SET ROLE $CLERK")
        if [ "$path" = database ]; then
            want_path='public, pg_catalog'
            if [ -z "$(qs -d "$db" -c "SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
                                      WHERE d.datname = '$db' AND s.setrole = 0
                                        AND 'search_path=public, pg_catalog' = ANY (s.setconfig)")" ]; then
                qs -d "$db" -c "SET SESSION AUTHORIZATION $OWNER" \
                    -c "ALTER DATABASE $db SET search_path = public, pg_catalog" || return 1
            fi
        else
            # (the server's default; these runs come before the database's is set)
            # shellcheck disable=SC2016 # $user is PostgreSQL's
            want_path='"$user", public'
        fi
        # (PGOPTIONS could set another path)
        env -u PGOPTIONS psql -X -q -At -d "$db" -v run="$run" -v runno="$runno" "${role[@]}" \
            -f test/hijack/run.sql > "$tmp/$sc.$run.out" 2> "$tmp/$sc.$run.err"
        nruns=$((nruns + 1)) run_names="$run_names $run"
        grep -q '^done$' "$tmp/$sc.$run.out" || { cat "$tmp/$sc.$run.err"; fail "$sc: the $run run did not finish"; }
        # who ran: the superuser runs with a superuser session and current
        # user, the clerk's with the clerk as current user and a superuser
        # session user; and with which search_path
        if [[ $run == clerk* ]]; then
            grep -Eq "^who\|$CLERK\|[^|]*\|f\|t\|" "$tmp/$sc.$run.out" || fail "$sc: the $run run is not the clerk's"
        else
            grep -Eq '^who\|[^|]*\|[^|]*\|t\|t\|' "$tmp/$sc.$run.out" || fail "$sc: the $run run is not a superuser's"
        fi
        got=$(grep -m1 '^who|' "$tmp/$sc.$run.out" | cut -d'|' -f6-)
        [ "$got" = "$want_path" ] || fail "$sc: the $run run had search_path '$got', not '$want_path'"
    done

    # operations
    qs -d "$db" -F ' ' -c "SELECT run, count(*) FILTER (WHERE ok), count(*), round(sum(ms) / 1000, 1)
                           FROM hijack_test.op_result GROUP BY run
                           ORDER BY array_position(string_to_array(btrim('$run_names'), ' '), run)" > "$tmp/$sc.ops"
    echo "operations (new sessions; search_path public, pg_catalog, the database's${HIJACK_DEFAULT_PATH_RUNS:+, or the default for *-default}):" \
         "$(awk '{printf "%s%s %s of %s ok (%s s)", sep, $1, $2, $3, $4; sep=", "}' "$tmp/$sc.ops")"
    if [ "$(qs -d "$db" -c 'SELECT count(*) FROM hijack_test.op_result WHERE NOT ok')" != 0 ] \
       || [ "$(qs -d "$db" -c 'SELECT count(*) FROM hijack_test.op_result')" != "$(( nruns * $(qs -d "$db" -c 'SELECT count(*) FROM hijack_test.ops') ))" ]; then
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
    local errs
    errs=$(for run in $run_names; do echo "$tmp/$sc.$run.err"; done)
    # shellcheck disable=SC2086 # one file a word
    cat $errs \
        | sed -n 's/^.*WARNING:  HIJACK-SPY //p' \
        | awk -F' [|] ' -v OFS='\t' '{sub(/^current_user /, "", $3); sub(/^session_user /, "", $4); print $1, $2, $3, $4, $5}' \
        > "$tmp/$sc.spy.tsv"
    # shellcheck disable=SC2086
    cat $errs | grep -v 'WARNING:  HIJACK-SPY ' | head -5 \
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

# ---------------------------------------------------------------------------
# nothing of stunting in database $1: no extension, nothing in a schema stunting
nothing_installed() {
    qs -d "$1" -c "SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'stunting')
                          + (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = 'stunting')
                          + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                             WHERE n.nspname = 'stunting')
                          + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                             WHERE n.nspname = 'stunting')"
}

# CREATE EXTENSION with a schema stunting that the owner could plant in:
# $1 the case, $2 the setup (SQL, or "owner:" SQL run as the owner)
refused_schema() {
    local case=$1 setup=$2 db=stunting_hijack_c left
    qs -d "$db" -c 'SET client_min_messages = warning' -c 'DROP EXTENSION IF EXISTS stunting' \
        -c 'DROP SCHEMA IF EXISTS stunting CASCADE' || return 1
    if [[ $setup == owner:* ]]; then
        qs -d "$db" -c "SET SESSION AUTHORIZATION $OWNER" -c "${setup#owner:}" || return 1
    else
        qs -d "$db" -c "$setup" || return 1
    fi
    try_sql "$db" -c "CREATE EXTENSION stunting$VERSION_CLAUSE"
    left=$(nothing_installed "$db")
    echo "C($case) ${setup#owner:}: CREATE EXTENSION stunting: $try_state ${try_message:-(succeeded)}"
    if [ "$try_state" = 00000 ]; then
        fail "C($case): CREATE EXTENSION succeeded: stunting $ext_version adopted the schema"
    elif [ "$case" = i ] || version_ge "$ext_version" 0.6.0; then
        [ "$try_state" = 42501 ] || fail "C($case): CREATE EXTENSION did not fail with 42501 (insufficient_privilege)"
        printf '%s\n' "$try_message" | grep -Eq 'schema "?stunting"?([^a-z0-9_]|$)' \
            || fail "C($case): the error does not name schema stunting"
    fi
    [ "$left" = 0 ] || fail "C($case): after CREATE EXTENSION, $left objects of stunting are installed"
}

scenario_c() {
    echo
    echo "== scenario C: CREATE EXTENSION with a schema stunting, or PostGIS's, that others can create objects in"
    q -d postgres -c "ALTER ROLE $OWNER NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" || return 1
    q -d postgres -c "CREATE DATABASE stunting_hijack_c OWNER $OWNER" || return 1
    q -d stunting_hijack_c -c 'SET client_min_messages = warning' -c 'CREATE SCHEMA postgis' \
        -c 'CREATE EXTENSION postgis SCHEMA postgis' -c 'CREATE EXTENSION pg_trgm SCHEMA postgis' || return 1
    # (i) the database owner's schema stunting; (ii) the superuser's, open to PUBLIC
    refused_schema i "owner:CREATE SCHEMA stunting" || return 1
    refused_schema ii "CREATE SCHEMA stunting; GRANT CREATE ON SCHEMA stunting TO PUBLIC" || return 1

    # (iv) ALTER EXTENSION UPDATE refuses it too: 0.5.0 (which adopts it)
    # installed into the owner's schema stunting, then the update
    if version_ge "$ext_version" 0.6.0 \
       && [ -n "$(qs -d stunting_hijack_c -c "SELECT 1 FROM pg_extension_update_paths('stunting')
                                             WHERE source = '0.5.0' AND target = '$ext_version' AND path IS NOT NULL")" ]; then
        qs -d stunting_hijack_c -c 'SET client_min_messages = warning' -c 'DROP EXTENSION IF EXISTS stunting' \
            -c 'DROP SCHEMA IF EXISTS stunting CASCADE' || return 1
        qs -d stunting_hijack_c -c "SET SESSION AUTHORIZATION $OWNER" -c 'CREATE SCHEMA stunting' || return 1
        try_sql stunting_hijack_c -c "CREATE EXTENSION stunting VERSION '0.5.0'"
        if [ "$try_state" != 00000 ]; then
            echo "C(iv): (skipped: CREATE EXTENSION stunting VERSION '0.5.0' failed: $try_state $try_message)"
        else
            try_sql stunting_hijack_c -c "ALTER EXTENSION stunting UPDATE TO '$ext_version'"
            echo "C(iv) 0.5.0 in the owner's schema stunting: ALTER EXTENSION stunting UPDATE TO '$ext_version':" \
                 "$try_state ${try_message:-(succeeded)}"
            [ "$try_state" = 42501 ] || fail "C(iv): ALTER EXTENSION UPDATE did not fail with 42501 (insufficient_privilege)"
            printf '%s\n' "$try_message" | grep -Eq 'schema "?stunting"?([^a-z0-9_]|$)' \
                || fail "C(iv): the error does not name schema stunting: $try_message"
            [ "$(qs -d stunting_hijack_c -c "SELECT extversion FROM pg_extension WHERE extname = 'stunting'")" = 0.5.0 ] \
                || fail "C(iv): after the refused update, stunting is not 0.5.0"
        fi
    else
        echo "C(iv): (skipped: stunting $ext_version, or no update path from 0.5.0)"
    fi
    [ -n "${HIJACK_KEEP:-}" ] || q -d postgres -c "DROP DATABASE stunting_hijack_c WITH (FORCE)"

    # (iii) PostGIS in a schema where PUBLIC may create objects: installed,
    # with a warning that names PUBLIC
    q -d postgres -c "CREATE DATABASE stunting_hijack_c_gis" || return 1
    q -d stunting_hijack_c_gis -c 'SET client_min_messages = warning' -c 'CREATE SCHEMA gis' \
        -c 'GRANT CREATE ON SCHEMA gis TO PUBLIC' \
        -c 'CREATE EXTENSION postgis SCHEMA gis' -c 'CREATE EXTENSION pg_trgm SCHEMA gis' || return 1
    try_sql stunting_hijack_c_gis -c "CREATE EXTENSION stunting$VERSION_CLAUSE"
    echo "C(iii) PostGIS in schema gis, CREATE granted to PUBLIC: CREATE EXTENSION stunting:" \
         "$try_state ${try_message:-(succeeded)}"
    [ "$try_state" = 00000 ] || fail "C(iii): CREATE EXTENSION failed"
    if version_ge "$ext_version" 0.6.0; then
        if grep -q 'WARNING: .*PUBLIC' "$tmp/try.err"; then
            echo "  $(grep -m1 'WARNING: .*PUBLIC' "$tmp/try.err")"
        else
            sed 's/^/  /' "$tmp/try.err"
            fail "C(iii): no WARNING naming PUBLIC"
        fi
    fi
    [ -n "${HIJACK_KEEP:-}" ] || q -d postgres -c "DROP DATABASE stunting_hijack_c_gis WITH (FORCE)"
}

for sc in $SCENARIOS; do
    if [ "$sc" = C ]; then
        scenario_c || fail "scenario C could not be set up"
    else
        scenario "$sc" || fail "scenario $sc could not be set up"
    fi
done

echo
echo "hijack: $failures failures ($(( $(date +%s) - start )) s)"
[ "$failures" -eq 0 ]
