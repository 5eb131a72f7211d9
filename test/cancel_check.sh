#!/usr/bin/env bash
# test/cancel_check.sh - every long call stops when asked to: with
# statement_timeout = '1s', each of normalize_name, match_area,
# match_area_code, local_gi_star, local_moran and hotspots on a heavy input
# ends with SQLSTATE 57014 in under 1.5 s of wall time (measured here, from
# the client), and names over the length bound end at once with 22023
# (the inputs of issue 15: U+FDFA, which NFKC makes 18 characters, 16,000
# and 333,333 times; on 0.6.0 the first ran 5 s, the second over 10 minutes
# ignoring pg_cancel_backend).  pg_cancel_backend from another session stops
# a running normalize_name workload within 1.5 s.
# Needs a running server (PGHOST, PGPORT, PGUSER set, as test/run.sh does)
# with the extension installed; creates the database stunting_cancel_check
# and drops it after.  About 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=stunting_cancel_check
LIMIT=1.5
tmp=$(mktemp -d)
chmod 755 "$tmp"
cleanup() {
    psql -X -q -d postgres -c "SET client_min_messages = warning" \
        -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()" \
        -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
echo "== setting up: 900 grid villages with children, 100,000 areas for the statistics"
q -d $DB >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stunting CASCADE;
-- 30 x 30 grid squares of 0.01 degrees (neighbours: the grid), for hotspots
SELECT stunting.load_areas(jsonb_build_object('type', 'FeatureCollection', 'features', jsonb_agg(f)), 'village')
FROM (SELECT jsonb_build_object('type', 'Feature',
        'properties', jsonb_build_object('kode', 'G.' || lpad(i::text, 4, '0'), 'nama', 'Desa ' || i),
        'geometry', jsonb_build_object('type', 'Polygon', 'coordinates',
            jsonb_build_array(jsonb_build_array(
                jsonb_build_array(112 + x * 0.01, -7 - y * 0.01), jsonb_build_array(112 + (x + 1) * 0.01, -7 - y * 0.01),
                jsonb_build_array(112 + (x + 1) * 0.01, -7 - (y + 1) * 0.01), jsonb_build_array(112 + x * 0.01, -7 - (y + 1) * 0.01),
                jsonb_build_array(112 + x * 0.01, -7 - y * 0.01))))) AS f
      FROM (SELECT i, (i - 1) % 30 AS x, (i - 1) / 30 AS y FROM generate_series(1, 900) i) g) q;
SELECT stunting.simulate_children(6000, 3, 1, '2026-10-01');
-- 100,000 areas in a 250 x 400 grid with random values, for local_gi_star and local_moran
CREATE TABLE big AS
SELECT (SELECT array_agg('a' || i ORDER BY i) FROM generate_series(0, 99999) i) AS ids,
       (SELECT array_agg(((i * 7919) % 1000) / 10.0 ORDER BY i)::float8[] FROM generate_series(0, 99999) i) AS y,
       (SELECT array_agg('a' || f ORDER BY f, t) FROM (
            SELECT i AS f, i + 1 AS t FROM generate_series(0, 99999) i WHERE i % 400 <> 399
            UNION ALL SELECT i, i + 400 FROM generate_series(0, 99599) i) p) AS nb_from,
       (SELECT array_agg('a' || t ORDER BY f, t) FROM (
            SELECT i AS f, i + 1 AS t FROM generate_series(0, 99999) i WHERE i % 400 <> 399
            UNION ALL SELECT i, i + 400 FROM generate_series(0, 99599) i) p) AS nb_to;
SQL

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
under() { awk -v t="$1" -v m="$2" 'BEGIN { exit !(t < m) }'; }

# check WHAT STATE SQL: SQL under statement_timeout = '1s' ends with SQLSTATE
# STATE in under LIMIT seconds (a client-side watchdog gives up after 20 s)
check() {
    local what=$1 want=$2 sql=$3 t0 t1 out state
    t0=$(now)
    out=$(timeout 20 psql -X -q -At -d $DB -v VERBOSITY=verbose -c "SET statement_timeout = '1s'" -c "$sql" 2>&1 || true)
    t1=$(now)
    state=$(printf '%s\n' "$out" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1)
    if [ "$state" = "$want" ] && under "$(secs "$t0" "$t1")" $LIMIT; then
        pass "$what: $state in $(secs "$t0" "$t1") s"
    else
        fail "$what: expected $want in under $LIMIT s, got '${state:-no error}' after $(secs "$t0" "$t1") s"
        printf '%s\n' "$out" | head -3 | sed 's/^/     /'
    fi
}

FDFA="repeat(E'\\\\uFDFA', 16000)"
HUGE="repeat(E'\\\\uFDFA', 333333)"
# a workload of names at the bound: each call is valid, the whole runs for hours
MANY="(SELECT repeat(E'\\\\uFDFA', 496) || i AS nm FROM generate_series(1, 100000000) i) w"

echo "== under statement_timeout = '1s'"
check "normalize_name, 16,000 x U+FDFA (over the bound)" 22023 "SELECT length(stunting.normalize_name($FDFA))"
check "normalize_name, 333,333 x U+FDFA (over the bound)" 22023 "SELECT length(stunting.normalize_name($HUGE))"
check "normalize_name_literal, 16,000 x U+FDFA" 22023 "SELECT length(stunting.normalize_name_literal($FDFA))"
check "match_area, 16,000 x U+FDFA" 22023 "SELECT count(*) FROM stunting.match_area($FDFA)"
check "match_area_code, 16,000 x U+FDFA" 22023 "SELECT stunting.match_area_code($FDFA)"
check "normalize_name, names of 500 characters for hours" 57014 "SELECT count(stunting.normalize_name(w.nm)) FROM $MANY"
check "match_area, names of 500 characters for hours" 57014 "SELECT count(m.*) FROM $MANY, stunting.match_area(w.nm) m"
check "match_area_code, names of 500 characters for hours" 57014 "SELECT count(stunting.match_area_code(w.nm)) FROM $MANY"
check "local_gi_star, 100,000 areas x 99,999 permutations" 57014 \
    "SELECT count(*) FROM big, stunting.local_gi_star(big.ids, big.y, big.nb_from, big.nb_to, 99999, 1)"
check "local_moran, 100,000 areas x 99,999 permutations" 57014 \
    "SELECT count(*) FROM big, stunting.local_moran(big.ids, big.y, big.nb_from, big.nb_to, 99999, 1)"
check "hotspots, 900 areas x 99,999 permutations" 57014 \
    "SELECT count(*) FROM stunting.hotspots('2026-10-01', permutations => 99999)"

# cancel WHAT STATES SQL: SQL runs in one session, pg_cancel_backend from
# another after 0.5 s; it must have ended within LIMIT s of the cancel with
# one of STATES (a call that ends before the cancel counts from its start)
cancel() {
    local what=$1 want=$2 sql=$3 pid t0 t1 state i
    psql -X -q -At -d $DB -v VERBOSITY=verbose -c "SET application_name = 'cancel_check'" -c "$sql" >"$tmp/out" 2>&1 &
    pid=$!
    sleep 0.5
    t0=$(now)
    q -d postgres -c "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = 'cancel_check' AND datname = '$DB'" >/dev/null
    for i in $(seq 200); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
    t1=$(now)
    if kill -0 $pid 2>/dev/null; then
        kill $pid 2>/dev/null || true
        fail "$what: still running $(secs "$t0" "$t1") s after pg_cancel_backend"
        return
    fi
    wait $pid || true
    state=$(sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' "$tmp/out" | head -1)
    if [[ " $want " == *" $state "* ]] && under "$(secs "$t0" "$t1")" $LIMIT; then
        pass "$what: $state, ended $(secs "$t0" "$t1") s after the cancel"
    else
        fail "$what: expected one of $want within $LIMIT s of the cancel, got '${state:-no error}' after $(secs "$t0" "$t1") s"
    fi
}

echo "== pg_cancel_backend from another session"
cancel "normalize_name, 333,333 x U+FDFA" "22023 57014" "SELECT length(stunting.normalize_name($HUGE))"
cancel "normalize_name, names of 500 characters for hours" 57014 "SELECT count(stunting.normalize_name(w.nm)) FROM $MANY"
cancel "local_gi_star, 100,000 areas x 99,999 permutations" 57014 \
    "SELECT count(*) FROM big, stunting.local_gi_star(big.ids, big.y, big.nb_from, big.nb_to, 99999, 1)"

echo "cancel_check: $passed passed, $failed failed"
[ $failed -eq 0 ]
