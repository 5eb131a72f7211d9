#!/bin/bash
# test/bench/bench_entry.sh - entry throughput: single-row INSERTs into
# stunting.measurement (every trigger: the checks, z-scores and statuses,
# noting the area-month, the refresh of its summary at commit), one
# transaction per row, by pgbench with 1, 4 and 16 clients, against
# INSERTs of the same rows into a table of the same shape without triggers
# (CREATE TABLE ... (LIKE stunting.measurement INCLUDING ALL): the same
# columns, defaults, identity and indexes), whose derived columns (area,
# month, z, status) the script computed beforehand.  Both sides take row k
# of one staged table, k from a sequence, so they write the same rows; each
# run starts from empty tables.  Rows/s is pgbench's tps (one row per
# transaction), the median of BENCH_REPS (3) runs; the two sides alternate
# run by run.  A report, not a test: no target, the exit status is 0 unless
# the script breaks.  Knobs: BENCH_ROWS (3000 rows per run, split over the
# clients), BENCH_CHILDREN (2000), BENCH_REPS, BENCH_CLIENTS ("1 4 16").
# Run as root; BENCH_BUILD=1 builds and installs the extension first.
# About 1-2 minutes on 2 cores.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_ROWS=${BENCH_ROWS:-3000}
BENCH_CHILDREN=${BENCH_CHILDREN:-2000}
BENCH_REPS=${BENCH_REPS:-3}
BENCH_CLIENTS=${BENCH_CLIENTS:-1 4 16}
PGBENCH=/usr/lib/postgresql/15/bin/pgbench

cd "$HERE/../.."
# shellcheck disable=SC1091 # the shared benchmark settings (test/bench/bench_cluster.sh)
source test/bench/bench_cluster.sh
bench_cluster_start "${BENCH_BUILD:-0}"
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"; stunting_cluster_stop' EXIT

echo "== loading Kota Kediri, $BENCH_CHILDREN children and $BENCH_ROWS rows to enter"
"${PSQL[@]}" >/dev/null <<SQL
SET client_min_messages = warning;
CREATE EXTENSION stunting CASCADE;
\set doc \`cat data/kota_kediri_kelurahan.geojson\`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan');
SELECT stunting.derive_parent_areas('district');
SELECT setseed(0.25);
-- children 6-48 months old at visits of June-September 2026, spread over the 46 kelurahan
INSERT INTO stunting.child (sex, birth_date, area_code)
SELECT CASE WHEN i % 2 = 0 THEN 'l' ELSE 'p' END, date '2022-10-01' + (i * 7919) % 1100,
       (SELECT code FROM stunting.area WHERE level = 'village' ORDER BY code OFFSET i % 46 LIMIT 1)
FROM generate_series(1, $BENCH_CHILDREN) i;
-- the rows to enter: weight and length near the median for the age,
-- lying under 24 months; the derived columns as the triggers would set them
CREATE TABLE bench_rows AS
SELECT k, c.id AS child_id, v AS visit_date,
       round((3.5 + 0.45 * a - 0.0035 * a * a + (k % 5 - 2) * 0.3)::numeric, 1)::float8 AS weight_kg,
       round((50 + 2.6 * a - 0.026 * a * a + (k % 7 - 3) * 0.7)::numeric, 1)::float8 AS lenhei_cm,
       CASE WHEN a < 24 THEN 'l' ELSE 'h' END AS measure, c.area_code, c.sex, c.birth_date
FROM generate_series(1, $BENCH_ROWS) k
JOIN stunting.child c ON c.id = 1 + (k * 37) % $BENCH_CHILDREN,
LATERAL (SELECT date '2026-06-01' + (k * 13) % 122 AS v) x,
LATERAL (SELECT (v - c.birth_date) / 30.4375 AS a) y;
ALTER TABLE bench_rows ADD PRIMARY KEY (k);
ALTER TABLE bench_rows ADD COLUMN month date, ADD COLUMN z stunting.zscores, ADD COLUMN status stunting.assessment;
UPDATE bench_rows SET month = date_trunc('month', visit_date)::date,
       z = stunting.anthro_zscores(sex, stunting.age_days(birth_date, visit_date)::float8, weight_kg, lenhei_cm, measure, false, NULL, NULL);
UPDATE bench_rows SET status = stunting.assess(z);
CREATE TABLE bench_plain (LIKE stunting.measurement INCLUDING ALL);
CREATE SEQUENCE bench_k;
VACUUM ANALYZE;
SQL
bad=$("${PSQL[@]}" -At -c "SELECT count(*) FROM bench_rows WHERE cardinality(stunting.measurement_problems(sex, birth_date, visit_date, weight_kg, lenhei_cm, measure)) > 0")
[ "$bad" = 0 ] || { echo "$bad staged rows would be rejected by the data-entry checks" >&2; exit 1; }

cat >"$tmp/trigger.sql" <<'SQL'
SELECT nextval('bench_k') AS k \gset
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
SELECT child_id, visit_date, weight_kg, lenhei_cm, measure FROM bench_rows WHERE k = :k;
SQL
cat >"$tmp/plain.sql" <<'SQL'
SELECT nextval('bench_k') AS k \gset
INSERT INTO bench_plain (child_id, visit_date, weight_kg, lenhei_cm, measure, area_code, month, z, status)
SELECT child_id, visit_date, weight_kg, lenhei_cm, measure, area_code, month, z, status FROM bench_rows WHERE k = :k;
SQL

# one run: side (trigger|plain), clients -> rows/s; checks the rows arrived
bench_run() {
    local side=$1 clients=$2 out tps n
    "${PSQL[@]}" -c "TRUNCATE stunting.measurement, bench_plain" -c "SELECT setval('bench_k', 1, false)" >/dev/null
    "${PSQL[@]}" -c "CHECKPOINT" >/dev/null
    out=$("$PGBENCH" -n -c "$clients" -j "$clients" -t $((BENCH_ROWS / clients)) -f "$tmp/$side.sql" 2>&1) \
        || { echo "$out" >&2; return 1; }
    tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
    if [ "$side" = trigger ]; then
        n=$("${PSQL[@]}" -At -c "SELECT count(*) FROM stunting.measurement")
        [ "$("${PSQL[@]}" -At -c "SELECT count(*) FROM stunting.check_area_month()")" = 0 ] \
            || { echo "summaries differ from the measurements after a run" >&2; return 1; }
    else
        n=$("${PSQL[@]}" -At -c "SELECT count(*) FROM bench_plain")
    fi
    [ "$n" = $(( (BENCH_ROWS / clients) * clients )) ] || { echo "$side, $clients clients: $n rows stored" >&2; return 1; }
    printf "%.0f\n" "$tps"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

lines=""
for clients in $BENCH_CLIENTS; do
    echo "== $clients clients: $BENCH_REPS runs of $(( (BENCH_ROWS / clients) * clients )) rows each side"
    trig=() plain=()
    for _ in $(seq "$BENCH_REPS"); do
        trig+=("$(bench_run trigger "$clients")")
        plain+=("$(bench_run plain "$clients")")
    done
    t=$(printf '%s\n' "${trig[@]}" | median)
    p=$(printf '%s\n' "${plain[@]}" | median)
    lines+=$(awk -v c="$clients" -v t="$t" -v p="$p" -v tr="${trig[*]}" -v pr="${plain[*]}" \
        'BEGIN { printf "%7d %12.0f %12.0f %10.1f   runs: %s | %s\\n", c, t, p, p / t, tr, pr }')
done
cpu=$(awk -F ': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cat <<EOF

stunting entry benchmark: single-row INSERT, one transaction per row
  machine   $(nproc) CPUs, ${cpu:-unknown CPU}; $("${PSQL[@]}" -At -c "SELECT version()" | cut -d, -f1); stunting $("${PSQL[@]}" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'stunting'")
  settings  test/bench/bench_cluster.sh (synchronous_commit and fsync off: commits cost no flush)
  rows      $BENCH_ROWS per run over $BENCH_CHILDREN children, 46 kelurahan, 4 months; median of $BENCH_REPS runs

clients  triggers r/s  plain r/s  plain/trig   runs (rows/s): triggers | plain
EOF
printf '%b' "$lines"
echo
