#!/usr/bin/env bash
# test/dump_restore.sh - a table of growth summaries and the rows of
# stunting.area (an extension configuration table) survive pg_dump and
# pg_restore (custom format); the summaries survive COPY BINARY into another
# database, value for value.  (Upgrade against fresh install: test/upgrade_check.sh.)
# Needs a running server (PGHOST, PGPORT, PGUSER set, as test/run.sh does)
# with the extension installed.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

for db in stunting_dump_src stunting_dump_dst; do
    q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done

# 1. summaries per kelurahan-month, weighted and not
q -d stunting_dump_src <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stunting CASCADE;
SELECT setseed(0.5);
CREATE TABLE monthly AS
SELECT 'k' || (i % 46) AS area, date '2026-01-01' + (i % 10) * interval '1 month' AS month,
       stunting.summarize(stunting.anthro_zscores(CASE WHEN i % 3 = 0 THEN 'f' ELSE 'm' END,
                          (random() * 1800)::float8, 4 + random() * 14, 50 + random() * 55),
                          0.5 + random()) AS s
FROM generate_series(1, 20000) AS i
GROUP BY 1, 2;
SQL
q -d stunting_dump_src >/dev/null <<'SQL'
\set doc `cat data/kota_kediri_kelurahan.geojson`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan');
SELECT stunting.derive_parent_areas('district');
INSERT INTO stunting.child (sex, birth_date, area_code, nik_hash)
SELECT CASE WHEN i % 2 = 0 THEN 'l' ELSE 'p' END, date '2024-01-01' + i,
       (SELECT code FROM stunting.area WHERE level = 'village' ORDER BY code OFFSET i % 46 LIMIT 1),
       stunting.nik_hash('3571' || lpad(i::text, 12, '0'), 'test')
FROM generate_series(1, 300) i;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
SELECT c.id, d, 11 + (c.id % 7) * 0.3, 80 + (c.id % 11) * 0.9 + extract(month FROM d), 'h'
FROM stunting.child c, (VALUES (date '2026-05-03'), (date '2026-06-04'), (date '2026-06-20')) v(d);
SQL
pg_dump -Fc -d stunting_dump_src -f "$tmp/src.dump"
pg_restore -d stunting_dump_dst "$tmp/src.dump"
sum_of() { q -d "$1" -c "SELECT count(*) || ' ' || md5(string_agg(area || month || s::text, ',' ORDER BY area, month)) FROM monthly"; }
src=$(sum_of stunting_dump_src)
dst=$(sum_of stunting_dump_dst)
echo "pg_dump/pg_restore: source $src, restored $dst"
[ "$src" = "$dst" ] || { echo "restored summaries differ"; exit 1; }
[ "${src%% *}" -ge 230 ] || { echo "too few summaries: $src"; exit 1; }
areas_of() { q -d "$1" -c "SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', code, name, level, parent_code,
                                    encode(ST_AsEWKB(geom), 'hex')), ',' ORDER BY code)) FROM stunting.area"; }
asrc=$(areas_of stunting_dump_src)
adst=$(areas_of stunting_dump_dst)
echo "pg_dump/pg_restore of stunting.area: source $asrc, restored $adst"
[ "$asrc" = "$adst" ] && [ "${asrc%% *}" = 49 ] || { echo "restored areas differ"; exit 1; }
surveillance_of() { q -d "$1" -c "SELECT (SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', id, sex, birth_date, area_code, encode(nik_hash, 'hex')), ',' ORDER BY id)) FROM stunting.child)
                                     || ' ' || (SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', id, child_id, visit_date, z::text, status::text), ',' ORDER BY id)) FROM stunting.measurement)
                                     || ' ' || (SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', month, area_code, children, stunted, summary::text), ',' ORDER BY month, area_code)) FROM stunting.area_month_summary)"; }
ssrc=$(surveillance_of stunting_dump_src)
sdst=$(surveillance_of stunting_dump_dst)
echo "pg_dump/pg_restore of children, measurements and (rebuilt) monthly summaries: source $ssrc, restored $sdst"
[ "$ssrc" = "$sdst" ] && [ "${ssrc%% *}" = 300 ] || { echo "restored surveillance data differ"; exit 1; }
q -d stunting_dump_dst -c "INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('m', '2025-01-01', '35.71.01.1001')" \
    || { echo "the restored child id sequence hands out a used id"; exit 1; }

# 2. COPY BINARY out of one database and into another
q -d stunting_dump_src -c "\\copy monthly TO '$tmp/monthly.bin' WITH (FORMAT binary)"
q -d stunting_dump_dst -c "TRUNCATE monthly" -c "\\copy monthly FROM '$tmp/monthly.bin' WITH (FORMAT binary)"
dst=$(sum_of stunting_dump_dst)
echo "COPY BINARY: source $src, copied $dst"
[ "$src" = "$dst" ] || { echo "copied summaries differ"; exit 1; }

for db in stunting_dump_src stunting_dump_dst; do
    q -d postgres -c "DROP DATABASE $db"
done
echo "dump/restore and COPY BINARY: ok"
