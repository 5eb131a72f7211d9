#!/bin/bash
# test/bench/bench_areas.sh - the geospatial functions against plain PostGIS
# baselines measured in the same run:
#   1. area_at over the homes of BENCH_POINTS (1,000,000) children made by
#      stunting.simulate_children, and over as many points spread evenly
#      over the city and a 50 m ring around it (more of them in gaps and
#      outside), against a plain ST_Contains join to the same areas
#      (target: area_at no slower; it also resolves gaps and overlaps,
#      which the join does not);
#   2. the monthly refresh: inserting BENCH_NEW (10,000) simulated
#      measurements in one statement, triggers included, over a history of
#      about BENCH_HISTORY (100,000) and then 3x that many simulated
#      measurements (target: under 1 s, and the same at both sizes);
#   3. area_geojson for the 46 kelurahan (target: under 100 ms).
# Each time is the median of BENCH_REPS (5) runs, wall clock on the server.
# A report, not a test: a missed target prints MISS, the exit status is 0
# unless the script breaks.  Run as root; BENCH_BUILD=1 builds and installs
# the extension first.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_POINTS=${BENCH_POINTS:-1000000}
BENCH_NEW=${BENCH_NEW:-10000}
BENCH_HISTORY=${BENCH_HISTORY:-100000}
BENCH_REPS=${BENCH_REPS:-5}

cd "$HERE/../.."
# shellcheck disable=SC1091 # the shared benchmark settings (test/bench/bench_cluster.sh)
source test/bench/bench_cluster.sh
bench_cluster_start "${BENCH_BUILD:-0}"

"${PSQL[@]}" -c "SET client_min_messages = warning" -c "CREATE EXTENSION stunting CASCADE"
echo "== loading Kota Kediri and $BENCH_POINTS points"
"${PSQL[@]}" -v points="$BENCH_POINTS" -f "$HERE/bench_areas.sql"

bench_define_timer

echo "== area_at against a plain ST_Contains join ($BENCH_POINTS points, twice)"
join_ms=$(bench_median_ms "SELECT count(a.code) FROM homes p LEFT JOIN stunting.area a ON a.level = 'village' AND ST_Contains(a.geom, p.geom)")
at_ms=$(bench_median_ms "SELECT count(stunting.area_at(p.geom)) FROM homes p")
ring_join_ms=$(bench_median_ms "SELECT count(a.code) FROM ring p LEFT JOIN stunting.area a ON a.level = 'village' AND ST_Contains(a.geom, p.geom)")
ring_at_ms=$(bench_median_ms "SELECT count(stunting.area_at(p.geom)) FROM ring p")
echo "== the monthly refresh: $BENCH_NEW new measurements over two history sizes"
"${PSQL[@]}" -c "SELECT stunting_bench_history($BENCH_HISTORY, 11)" >/dev/null
"${PSQL[@]}" -c "SELECT stunting_bench_stage($BENCH_NEW)"
small_hist=$("${PSQL[@]}" -At -c "SELECT count(*) FROM stunting.measurement")
small_ms=$(bench_median_ms "SELECT stunting_bench_new()")
"${PSQL[@]}" -c "SELECT stunting_bench_history($((2 * BENCH_HISTORY)), 12)" >/dev/null
large_hist=$("${PSQL[@]}" -At -c "SELECT count(*) FROM stunting.measurement")
large_ms=$(bench_median_ms "SELECT stunting_bench_new()")
geojson_ms=$(bench_median_ms "SELECT length(stunting.area_geojson('2026-03-01')::text)")

printf '\n%12s  %s\n' "median ms" "what"
printf '%12s  %s\n' "$join_ms" "ST_Contains join, $BENCH_POINTS children's homes" \
    "$at_ms" "area_at, $BENCH_POINTS children's homes" \
    "$ring_join_ms" "ST_Contains join, $BENCH_POINTS points over the city and a 50 m ring" \
    "$ring_at_ms" "area_at, the same points" \
    "$small_ms" "insert $BENCH_NEW measurements, $small_hist in the table" \
    "$large_ms" "insert $BENCH_NEW measurements, $large_hist in the table" \
    "$geojson_ms" "area_geojson, 46 kelurahan"
r1=$(awk -v a="$at_ms" -v b="$join_ms" 'BEGIN { printf "%.2f", a / b }')
r0=$(awk -v a="$ring_at_ms" -v b="$ring_join_ms" 'BEGIN { printf "%.2f", a / b }')
r2=$(awk -v a="$large_ms" -v b="$small_ms" 'BEGIN { printf "%.2f", a / b }')
hr=$(awk -v a="$large_hist" -v b="$small_hist" 'BEGIN { printf "%.1f", a / b }')
printf '\n%-52s %8s  %-8s %s\n' "ratio or time" "value" "target" ""
printf '%-52s %8s  %-8s %s\n' "area_at / ST_Contains join, homes" "$r1" "<= 1.0" "$(bench_verdict_le "$r1" 1.0)" \
    "area_at / ST_Contains join, city and ring" "$r0" "<= 1.0" "$(bench_verdict_le "$r0" 1.0)" \
    "refresh after $BENCH_NEW, history ${hr}x / 1x" "$r2" "<= 1.2" "$(bench_verdict_le "$r2" 1.2)" \
    "refresh after $BENCH_NEW (ms, larger history)" "$large_ms" "<= 1000" "$(bench_verdict_le "$large_ms" 1000)" \
    "area_geojson, 46 kelurahan (ms)" "$geojson_ms" "<= 100" "$(bench_verdict_le "$geojson_ms" 100)"
stunting_cluster_stop
