#!/bin/bash
# test/bench/bench_load_areas.sh - stunting.load_areas keeps a flat time per
# feature from 10,000 to 80,000 features (the national list has 83,762
# desa/kelurahan).  Each size is loaded with parent codes (20 villages to a
# kecamatan, created by load_areas) into a fresh, just vacuumed stunting.area
# (the case that was quadratic on 0.6.0: cached plans chosen on the empty
# table scanned the whole table per feature).  The features are synthetic
# grid squares of 0.001 degrees, generated in SQL.  Reports seconds per
# 1,000 features for each size and the ratio 80k / 10k.
# A test, unlike the other benchmarks: exits non-zero when the ratio is
# above BENCH_MAX_RATIO (2.0).  About 30 s on the 2-core VM.
# Run as root; BENCH_BUILD=1 builds and installs the extension first.
# BENCH_SMALL and BENCH_LARGE change the sizes (10000, 80000).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_SMALL=${BENCH_SMALL:-10000}
BENCH_LARGE=${BENCH_LARGE:-80000}
BENCH_MAX_RATIO=${BENCH_MAX_RATIO:-2.0}

cd "$HERE/../.."
# shellcheck disable=SC1091 # the shared benchmark settings (test/bench/bench_cluster.sh)
source test/bench/bench_cluster.sh
bench_cluster_start "${BENCH_BUILD:-0}"

"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stunting CASCADE;
-- n grid squares (code G.000001.., kecamatan K.00000.. of 20 each)
CREATE FUNCTION grid_doc(n integer) RETURNS jsonb LANGUAGE sql AS $$
SELECT jsonb_build_object('type', 'FeatureCollection', 'features', jsonb_agg(f ORDER BY i))
FROM (SELECT i, jsonb_build_object(
        'type', 'Feature',
        'properties', jsonb_build_object('kode', 'G.' || lpad(i::text, 6, '0'), 'nama', 'Desa ' || i,
                                         'kec', 'K.' || lpad((i / 20)::text, 5, '0'), 'kecnama', 'Kec ' || (i / 20)),
        'geometry', jsonb_build_object('type', 'Polygon', 'coordinates',
            jsonb_build_array(jsonb_build_array(
                jsonb_build_array(110 + x * 0.001, -7 - y * 0.001),
                jsonb_build_array(110 + (x + 1) * 0.001, -7 - y * 0.001),
                jsonb_build_array(110 + (x + 1) * 0.001, -7 - (y + 1) * 0.001),
                jsonb_build_array(110 + x * 0.001, -7 - (y + 1) * 0.001),
                jsonb_build_array(110 + x * 0.001, -7 - y * 0.001))))) AS f
      FROM (SELECT i, (i - 1) % side AS x, (i - 1) / side AS y
            FROM (SELECT ceil(sqrt(n))::integer AS side) s, generate_series(1, n) i) g) q
$$;
CREATE TABLE docs (n integer PRIMARY KEY, doc jsonb);
SQL

# seconds to load n features into an empty, vacuumed stunting.area, in a new session
load_seconds() {
    local n=$1
    "${PSQL[@]}" -c "INSERT INTO docs SELECT $n, grid_doc($n) ON CONFLICT DO NOTHING"
    "${PSQL[@]}" -c "SET client_min_messages = warning" -c "TRUNCATE stunting.area CASCADE"
    "${PSQL[@]}" -c "VACUUM stunting.area"
    "${PSQL[@]}" -At <<SQL | grep -E '^[0-9.]+$'
DO \$\$ BEGIN PERFORM set_config('bench.t0', clock_timestamp()::text, false); END \$\$;
SELECT stunting.load_areas(doc, 'village', 'kode', 'nama', 'kec', 'kecnama') FROM docs WHERE n = $n \gset
SELECT round(extract(epoch FROM clock_timestamp() - current_setting('bench.t0')::timestamptz)::numeric, 2);
SQL
}

echo "== load_areas: $BENCH_SMALL and $BENCH_LARGE synthetic features, fresh vacuumed table"
small_s=$(load_seconds "$BENCH_SMALL")
large_s=$(load_seconds "$BENCH_LARGE")
got=$("${PSQL[@]}" -At -c "SELECT count(*) FROM stunting.area WHERE level = 'village'")
[ "$got" = "$BENCH_LARGE" ] || { echo "loaded $got villages, expected $BENCH_LARGE" >&2; exit 1; }
small_k=$(awk -v s="$small_s" -v n="$BENCH_SMALL" 'BEGIN { printf "%.3f", s / (n / 1000) }')
large_k=$(awk -v s="$large_s" -v n="$BENCH_LARGE" 'BEGIN { printf "%.3f", s / (n / 1000) }')
ratio=$(awk -v a="$large_k" -v b="$small_k" 'BEGIN { printf "%.2f", a / b }')
printf '\n%10s %10s %14s\n' features seconds "s / 1000"
printf '%10s %10s %14s\n' "$BENCH_SMALL" "$small_s" "$small_k" "$BENCH_LARGE" "$large_s" "$large_k"
verdict=$(awk -v r="$ratio" -v m="$BENCH_MAX_RATIO" 'BEGIN { print (r <= m) ? "ok" : "FAIL" }')
printf '\nratio of s / 1000 features, %s / %s: %s (at most %s) %s\n' "$BENCH_LARGE" "$BENCH_SMALL" "$ratio" "$BENCH_MAX_RATIO" "$verdict"
stunting_cluster_stop
[ "$verdict" = ok ]
