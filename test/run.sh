#!/usr/bin/env bash
# test/run.sh - every test of the project, as CI runs it (README: "Tests").
#
# On a fresh Debian 12 machine, as root: installs what is missing, builds
# with -Wall -Wextra -Werror, installs, runs the C unit tests, the table and
# golden-vector checks, the fuzzers, then the pg_regress suite and a
# differential test against the Python reference on a throw-away
# PostgreSQL 15 cluster (started as the postgres user and stopped
# afterwards), and the suite again with the server under valgrind.
#
#   test/run.sh                 everything
#   SKIP_VALGRIND=1 test/run.sh  everything but the (slow) valgrind pass
#
# The last line says "N passed, N failed"; the exit status is non-zero when
# anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/pgcluster.sh

passed=0
failed=0
failures=""

step() {
    local name=$1
    shift
    echo
    echo "== $name"
    if "$@"; then
        echo "-- ok: $name"
        passed=$((passed + 1))
    else
        echo "-- FAILED: $name"
        failed=$((failed + 1))
        failures="$failures\n  $name"
    fi
}

# Checks that need WHO's raw tables (../shared/who, not part of the repo).
WHO_DIR=${STUNTING_WHO_DIR:-$(cd .. && pwd)/shared/who}
GEO_DIR=${STUNTING_GEO_DIR:-$(cd .. && pwd)/shared/geo}
golden_is_current() {
    STUNTING_WHO_DIR=$WHO_DIR python3 test/golden/make_golden.py 2>/dev/null \
        | cmp -s - test/golden/zscores.csv
}

# The prevalence golden files (test/reference/who_prevalence.py needs mpmath,
# installed for Debian's own python3).
boundaries_are_current() {
    local tmp status
    tmp=$(mktemp -d)
    python3 tools/make_boundaries.py "$GEO_DIR/kediri_kelurahan.geojson" "$tmp/b.geojson" >/dev/null \
        && cmp -s "$tmp/b.geojson" data/kota_kediri_kelurahan.geojson
    status=$?
    rm -rf "$tmp"
    return $status
}

prevalence_golden_is_current() {
    local tmp
    tmp=$(mktemp -d)
    STUNTING_WHO_DIR=$WHO_DIR /usr/bin/python3 test/golden/make_prevalence.py "$tmp" 2>/dev/null \
        && cmp -s "$tmp/prevalence_input.csv" test/golden/prevalence_input.csv \
        && cmp -s "$tmp/prevalence_expected.csv" test/golden/prevalence_expected.csv
    local status=$?
    rm -rf "$tmp"
    return $status
}

regress() {
    make -s PG_CONFIG="$PG_BIN/pg_config" installcheck || {
        cat test/results/regression.diffs test/results/isolation/regression.diffs 2>/dev/null | head -200
        return 1
    }
}

stunting_install_packages || exit 1
step "build (-Werror) and install" stunting_build_install
step "JIT bitcode compiled without fused multiply-add" test/bitcode_check.sh "$PG_BIN/pg_config"
step "C unit tests (no server)" make -s unittest
step "C unit tests under valgrind" bash -c 'for t in test/unit/test_who test/unit/test_permenkes test/unit/test_summary test/unit/test_spatial test/unit/test_names test/unit/test_growth; do valgrind -q --error-exitcode=1 --leak-check=full $t || exit 1; done'
if [ -d "$WHO_DIR" ]; then
    step "committed WHO tables match the raw files" python3 tools/gen_who_tables.py --check --who "$WHO_DIR"
    step "committed WHO growth-velocity tables match the raw files" python3 tools/gen_velocity_tables.py --check --who "$WHO_DIR"
    step "reference implementation self-test" env STUNTING_WHO_DIR="$WHO_DIR" python3 test/reference/test_reference.py
    step "golden vectors regenerate byte for byte" golden_is_current
    step "prevalence golden files regenerate byte for byte" prevalence_golden_is_current
else
    echo "!! $WHO_DIR not found: table and golden-vector provenance checks not run"
fi
if [ -f "$GEO_DIR/kediri_kelurahan.geojson" ]; then
    step "committed boundaries (data/) match ../shared/geo" boundaries_are_current
    step "name-matching test sets (test/names/) regenerate" python3 test/names/make_names.py --check
else
    echo "!! $GEO_DIR not found: boundary provenance check not run"
fi
step "libFuzzer: text parsers and z-score math" make -s fuzz FUZZ_RUNS=${FUZZ_RUNS:-1000000}

# track_functions: the coverage step reads the suite's calls from pg_stat_user_functions
STUNTING_PGOPTS="-c track_functions=all" stunting_cluster_start
step "pg_regress suite and isolation specs (make installcheck)" regress
step "every function of the extension called by the pg_regress suite (track_functions = all)" test/coverage_check.sh
if [ -d "$WHO_DIR" ]; then
    step "differential test: 300,000 random children, C against the Python reference" \
        env STUNTING_WHO_DIR="$WHO_DIR" test/differential.sh
fi
step "pg_dump/pg_restore of areas, surveillance data and summaries, COPY BINARY" test/dump_restore.sh
step "concurrency load: pgbench, 2-16 clients, mixed entry, corrections and moves: 0 errors, exact counts, summaries and z-scores current" test/concurrency_load.sh
step "every long call is cancellable within 1.5 s (statement_timeout, pg_cancel_backend); names over 500 characters are 22023" test/cancel_check.sh
step "load_areas: time per feature flat from 10,000 to 80,000 features (ratio at most 2)" test/bench/bench_load_areas.sh
step "row-level security: a bulk load as an entry role and a read as a viewer cost at most 1.8x the owner's" test/bench/bench_access.sh
step "upgrades (first and previous release) equal a fresh install; released scripts unchanged; mutant self-test" test/upgrade_check.sh
step "roles given templates under 0.8.0 get the 0.9.0 columns and tables; the update codes stored weighings" test/upgrade_roles.sh
step "search_path hijacking: lint; overloads planted in public never run (PostGIS in its own schema, and in public)" test/hijack.sh
step "SVG map rendered by headless Chromium" test/render/svg_chromium.sh
step "hotspot statistics against an independent reference on Kota Kediri (1e-9)" test/spatial_parity.sh
step "Kota Kediri demo (tools/demo_run.sh): tables, priority kelurahan, SVG and GeoJSON" test/demo_check.sh
step "the README's role set-up for Kota Kediri: each role logs in and sees, enters and is refused what it should" test/roles_recipe.sh
stunting_cluster_stop

if [ -z "${SKIP_VALGRIND:-}" ]; then
    step "pg_regress suite with the server under valgrind" test/valgrind.sh
fi

echo
[ -n "$failures" ] && printf 'failed steps:%b\n' "$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
