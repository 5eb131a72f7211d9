#!/bin/bash
# test/bench/bench_hotspots.sh - the hotspot statistics at scale:
#   1. local_gi_star and local_moran on a synthetic grid of BENCH_AREAS
#      (100,000) areas with queen neighbours (3 to 8, 7.9 on average) and
#      BENCH_PERMUTATIONS (999) permutations (target: each under 5 s), with
#      the same call without permutations as the baseline measured in the
#      same run (ratio: what the permutations cost);
#   2. area_neighbours for Kabupaten Kediri's 344 desa polygons (target:
#      under 1 s), when ../shared/geo/kabupaten_kediri_desa.geojson is there.
# Each time is the median of BENCH_REPS (3) runs, wall clock on the server.
# A report, not a test: a missed target prints MISS, the exit status is 0
# unless the script breaks.  Run as root; BENCH_BUILD=1 builds and installs
# the extension first.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_AREAS=${BENCH_AREAS:-100000}
BENCH_PERMUTATIONS=${BENCH_PERMUTATIONS:-999}
BENCH_REPS=${BENCH_REPS:-3}
GEO=${STUNTING_GEO_DIR:-$HERE/../../../shared/geo}

cd "$HERE/../.."
# shellcheck disable=SC1091 # the shared benchmark settings (test/bench/bench_cluster.sh)
source test/bench/bench_cluster.sh
bench_cluster_start "${BENCH_BUILD:-0}"

"${PSQL[@]}" -c "SET client_min_messages = warning" -c "CREATE EXTENSION stunting CASCADE"
echo "== a grid of $BENCH_AREAS areas with queen neighbours"
"${PSQL[@]}" -v areas="$BENCH_AREAS" <<'SQL'
-- about square: rows x cols >= areas, cut at areas
SELECT ceil(sqrt(:areas))::int AS side \gset
CREATE TABLE cell AS
SELECT k AS id, k / :side AS r, k % :side AS c,
       -- a smooth field with a few clusters, plus noise (fixed seed)
       sin(k / :side / 40.0) + cos(k % :side / 35.0) + 0.5 * random() AS y
FROM (SELECT setseed(0.42)) s, generate_series(0, :areas - 1) k;
-- queen pairs, each once: right, down-left, down, down-right
CREATE TABLE pair AS
SELECT id AS f, t FROM cell,
       LATERAL (VALUES (CASE WHEN c + 1 < :side THEN id + 1 END),
                       (CASE WHEN c > 0 THEN id + :side - 1 END),
                       (id + :side),
                       (CASE WHEN c + 1 < :side THEN id + :side + 1 END)) v (t)
WHERE t IS NOT NULL AND t < :areas;
CREATE TABLE arrays AS
SELECT (SELECT array_agg(id::text ORDER BY id) FROM cell) AS ids,
       (SELECT array_agg(y ORDER BY id) FROM cell) AS y,
       (SELECT array_agg(f::text ORDER BY f, t) FROM pair) AS nb_from,
       (SELECT array_agg(t::text ORDER BY f, t) FROM pair) AS nb_to;
SELECT cardinality(ids) AS areas, cardinality(nb_from) AS pairs,
       round(2.0 * cardinality(nb_from) / cardinality(ids), 2) AS mean_neighbours FROM arrays;
SQL
bench_define_timer


gi0=$(bench_median_ms "SELECT count(*) FROM arrays, stunting.local_gi_star(ids, y, nb_from, nb_to, 0)")
gi=$(bench_median_ms "SELECT count(*) FROM arrays, stunting.local_gi_star(ids, y, nb_from, nb_to, $BENCH_PERMUTATIONS)")
lm0=$(bench_median_ms "SELECT count(*) FROM arrays, stunting.local_moran(ids, y, nb_from, nb_to, 0)")
lm=$(bench_median_ms "SELECT count(*) FROM arrays, stunting.local_moran(ids, y, nb_from, nb_to, $BENCH_PERMUTATIONS)")
"${PSQL[@]}" -At -c "SELECT 'hot spots (p_sim < 0.01 and z > 0): ' || count(*) FROM arrays, stunting.local_gi_star(ids, y, nb_from, nb_to, $BENCH_PERMUTATIONS) WHERE p_sim < 0.01 AND z > 0"

nb="-"
if [ -f "$GEO/kabupaten_kediri_desa.geojson" ]; then
    echo "== Kabupaten Kediri's desa"
    # (psql reads the file: it is too big for a command-line argument)
    "${PSQL[@]}" -v file="$GEO/kabupaten_kediri_desa.geojson" <<'SQL'
\set doc `cat :'file'`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan') AS desa;
SQL
    nb=$(bench_median_ms "SELECT count(*) FROM stunting.area_neighbours('village')")
fi

printf '\n%12s  %s\n' "median ms" "what"
printf '%12s  %s\n' "$gi0" "local_gi_star, $BENCH_AREAS areas, no permutations" \
    "$gi" "local_gi_star, $BENCH_AREAS areas, $BENCH_PERMUTATIONS permutations" \
    "$lm0" "local_moran, $BENCH_AREAS areas, no permutations" \
    "$lm" "local_moran, $BENCH_AREAS areas, $BENCH_PERMUTATIONS permutations" \
    "$nb" "area_neighbours, Kabupaten Kediri's desa"
printf '\n%-52s %8s  %-8s %s\n' "ratio or time" "value" "target" ""
printf '%-52s %8s  %-8s %s\n' \
    "local_gi_star with / without permutations" "$(awk -v a="$gi" -v b="$gi0" 'BEGIN { printf "%.1f", a / b }')" "-" "" \
    "local_moran with / without permutations" "$(awk -v a="$lm" -v b="$lm0" 'BEGIN { printf "%.1f", a / b }')" "-" "" \
    "local_gi_star, $BENCH_PERMUTATIONS permutations (ms)" "$gi" "< 5000" "$(bench_verdict_le "$gi" 5000)" \
    "local_moran, $BENCH_PERMUTATIONS permutations (ms)" "$lm" "< 5000" "$(bench_verdict_le "$lm" 5000)"
if [ "$nb" != "-" ]; then
    printf '%-52s %8s  %-8s %s\n' "area_neighbours, 344 desa (ms)" "$nb" "< 1000" "$(bench_verdict_le "$nb" 1000)"
fi
stunting_cluster_stop
