#!/bin/bash
# test/bench/bench_names.sh - matching typed names nationally: the 83,762
# desa/kelurahan of ../shared/geo/wilayah_desa.csv (with their kecamatan,
# kabupaten/kota and provinces) loaded into stunting.area, then BENCH_NAMES
# (10,000) messy spellings of randomly chosen desa (test/names/make_names.py's
# variants: case, prefixes, spacing, old spelling, a/o, typos, kecamatan
# appended) matched with match_area_code (target: under 5 s for all), once
# against the whole country and once within the desa's kabupaten/kota.
# Also reports how many got the right code, a wrong one, or none.
# A report, not a test: the exit status is 0 unless the script breaks.
# Run as root; BENCH_BUILD=1 builds and installs the extension first.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_NAMES=${BENCH_NAMES:-10000}
BENCH_REPS=${BENCH_REPS:-3}
GEO=${STUNTING_GEO_DIR:-$HERE/../../../shared/geo}
CSV=$GEO/wilayah_desa.csv
[ -f "$CSV" ] || { echo "bench_names: $CSV not found" >&2; exit 1; }

cd "$HERE/../.."
# shellcheck disable=SC1091 # the shared benchmark settings (test/bench/bench_cluster.sh)
source test/bench/bench_cluster.sh
bench_cluster_start "${BENCH_BUILD:-0}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; stunting_cluster_stop' EXIT

# the messy names: python3 with the test set's own variants
python3 - "$CSV" "$BENCH_NAMES" > "$tmp/names.csv" <<'PY'
import csv, random, sys
sys.path.insert(0, "test/names")
from make_names import variants
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
rng = random.Random(2026)
w = csv.writer(sys.stdout, lineterminator="\n")
for _ in range(int(sys.argv[2])):
    r = rng.choice(rows)
    kind, typed = rng.choice(variants(r["nama"], r["kecamatan"]))
    w.writerow([kind, typed, r["kode"], r["kabkota_kode"]])
PY

"${PSQL[@]}" -c "SET client_min_messages = warning" -c "CREATE EXTENSION stunting CASCADE"
echo "== loading $(($(wc -l < "$CSV") - 1)) desa/kelurahan"
"${PSQL[@]}" -c "CREATE TABLE wilayah (kode text, nama text, jenis text, kecamatan_kode text, kecamatan text,
                      kabkota_kode text, kabkota text, provinsi_kode text, provinsi text)" \
           -c "CREATE TABLE typed (kind text, typed text, code text, regency text)"
"${PSQL[@]}" -c "\copy wilayah FROM STDIN WITH (FORMAT csv, HEADER true)" < "$CSV"
"${PSQL[@]}" -c "\copy typed FROM STDIN WITH (FORMAT csv)" < "$tmp/names.csv"
"${PSQL[@]}" <<'SQL'
\timing on
INSERT INTO stunting.area (code, name, level)
SELECT DISTINCT provinsi_kode, provinsi, 'province' FROM wilayah;
INSERT INTO stunting.area (code, name, level, parent_code)
SELECT DISTINCT kabkota_kode, kabkota, 'regency', provinsi_kode FROM wilayah;
INSERT INTO stunting.area (code, name, level, parent_code)
SELECT DISTINCT kecamatan_kode, kecamatan, 'district', kabkota_kode FROM wilayah;
INSERT INTO stunting.area (code, name, level, parent_code)
SELECT kode, nama, 'village', kecamatan_kode FROM wilayah;
\timing off
VACUUM ANALYZE stunting.area;
SQL
bench_define_timer


national=$(bench_median_ms "SELECT count(stunting.match_area_code(typed)) FROM typed")
regency=$(bench_median_ms "SELECT count(stunting.match_area_code(typed, regency)) FROM typed")
norm=$(bench_median_ms "SELECT count(stunting.normalize_name(typed)) FROM typed")
echo "== outcomes"
"${PSQL[@]}" <<'SQL'
SELECT 'national' AS scope, count(*) FILTER (WHERE got = code) AS right_code,
       count(*) FILTER (WHERE got <> code) AS wrong_code, count(*) FILTER (WHERE got IS NULL) AS no_code
FROM (SELECT code, stunting.match_area_code(typed) AS got FROM typed) t
UNION ALL
SELECT 'within the kabupaten/kota', count(*) FILTER (WHERE got = code),
       count(*) FILTER (WHERE got <> code), count(*) FILTER (WHERE got IS NULL)
FROM (SELECT code, stunting.match_area_code(typed, regency) AS got FROM typed) t;
SQL

printf '\n%12s  %s\n' "median ms" "what"
printf '%12s  %s\n' "$norm" "normalize_name, $BENCH_NAMES names" \
    "$national" "match_area_code, $BENCH_NAMES names, whole country" \
    "$regency" "match_area_code, $BENCH_NAMES names, within the kabupaten/kota"
printf '\n%-52s %8s  %-8s %s\n' "time" "value" "target" ""
printf '%-52s %8s  %-8s %s\n' "match_area_code, $BENCH_NAMES names, country (ms)" "$national" "< 5000" "$(bench_verdict_le "$national" 5000)" \
    "match_area_code, within kabupaten/kota (ms)" "$regency" "-" ""
