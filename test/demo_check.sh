#!/usr/bin/env bash
# test/demo_check.sh - the README's main command works: tools/demo_run.sh
# (what tools/demo.sh runs once its cluster is up) on a fresh database of
# the test cluster, with fewer children; then its output and files are
# checked: the tables printed, the priority kelurahan and the Gi* hot spots
# where the simulation put the most stunting (west Mojoroto), the two SVG
# maps with 46 paths and a GeoJSON FeatureCollection with 46 features; the
# sections 0.8.0 added: what the lurah of Sukorame sees (some of the
# children, not all) and the published figures.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
# the roles tools/demo.sql creates (cluster-wide): dropped afterwards unless
# they were there before
demo_roles=$(psql -X -At -d postgres -c "SELECT string_agg(r, ', ') FROM unnest(ARRAY['demo_lurah_sukorame', 'demo_publik']) r
                                         WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)")
cleanup() {
    rm -rf "$out"
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS stunting_demo" >/dev/null 2>&1 || true
    [ -z "$demo_roles" ] || psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $demo_roles" >/dev/null 2>&1 || true
}
trap cleanup EXIT

psql -X -q -d postgres -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS stunting_demo' -c 'CREATE DATABASE stunting_demo'
psql -X -q -d stunting_demo -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION stunting CASCADE'
PGDATABASE=stunting_demo DEMO_CHILDREN=4000 tools/demo_run.sh "$out" > "$out/log" 2>&1 || {
    cat "$out/log"
    exit 1
}

fail() { echo "demo check: $*" >&2; cat "$out/log"; exit 1; }
for heading in 'Prevalensi stunting' 'kota dan kecamatan' 'per kelurahan' 'Kelurahan prioritas' 'Titik panas'; do
    grep -q "$heading" "$out/log" || fail "no \"$heading\" table"
done
# 0.8.0: what the lurah of Sukorame sees under row-level security (some of
# the children, not all), and the published figures
grep -q '^== Yang dilihat lurah Sukorame' "$out/log" || fail "no \"Yang dilihat lurah Sukorame\" section"
seen=$(sed -n '/^== Yang dilihat lurah Sukorame/,/^== /p' "$out/log" | grep -E '^ *anak yang terlihat: ' | head -1)
[[ $seen =~ anak\ yang\ terlihat:\ ([0-9]+)\ dari\ ([0-9]+) ]] || fail "no line \"anak yang terlihat: N dari M\" under the Sukorame heading"
[ "${BASH_REMATCH[1]}" -gt 0 ] && [ "${BASH_REMATCH[1]}" -lt "${BASH_REMATCH[2]}" ] \
    || fail "the lurah of Sukorame should see some but not all children: $seen"
grep -q '^== Angka publik bulan ini' "$out/log" || fail "no \"Angka publik bulan ini\" section"
echo "demo check: the lurah of Sukorame sees ${BASH_REMATCH[1]} of ${BASH_REMATCH[2]} children; the published figures are printed"
# twelve months in the trend table, 46 kelurahan rows, three kecamatan
[ "$(grep -cE '^ (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) [0-9]{4} ' "$out/log")" -ge 12 ] \
    || fail "fewer than 12 months in the trend table"
[ "$(sed -n '/: per kelurahan/,/Kelurahan prioritas/p' "$out/log" | grep -cE '^ (Kota|Mojoroto|Pesantren) +\| ')" -eq 46 ] \
    || fail "not 46 kelurahan rows"
# hot spots: the four set highest are Gi* hot spots
hot=$(sed -n '/Titik panas/,$p' "$out/log" | grep -E 'Hot Spot' | awk -F'|' '{gsub(/ /, "", $1); print $1}')
[ "$(echo "$hot" | grep -cE '^(Sukorame|Bujel|Gayam|Ngampel)$')" -eq 4 ] || fail "hot spots: $hot"
# the top three priority kelurahan are among the four the demo sets highest
top=$(sed -n '/Kelurahan prioritas/,/Titik panas/p' "$out/log" | grep -E '^ +[123] \|' | awk -F'|' '{gsub(/ /, "", $2); print $2}')
[ "$(echo "$top" | grep -cE '^(Sukorame|Bujel|Gayam|Ngampel)$')" -eq 3 ] || fail "top priority kelurahan: $top"

# The SKDN section: each kecamatan's row as printed (S K D N T O B 2T BGM and
# the five ratios) equals an independent count in plain SQL from the
# measurements, the children, stunting.kbm and stunting.target_population
# (not from stunting.weighing); the ten lowest N/D are ten, in order, and no
# other kelurahan is lower; the referral count is stunting.referrals'
grep -q '^== SKDN bulan ini per kecamatan' "$out/log" || fail "no SKDN section"
skdn=$(sed -n '/^== SKDN bulan ini per kecamatan/,/^== /p' "$out/log" | grep -E '^ (Kota|Mojoroto|Pesantren) +\|' \
       | awk -F'|' '{gsub(/ /, ""); $1 = $1; print}' | sort)
[ "$(echo "$skdn" | wc -l)" -eq 3 ] || fail "not 3 kecamatan in the SKDN table: $skdn"
independent=$(psql -X -At -d stunting_demo <<'SQL' | sort
WITH m AS (SELECT max(month) AS m FROM stunting.measurement WHERE weight_kg IS NOT NULL),
-- each child's weighing of each month: the month's latest measurement with a weight
counted AS (
    SELECT DISTINCT ON (x.child_id, x.month) x.child_id, x.month, x.visit_date, x.weight_kg, x.area_code,
           c.birth_date, (x.z).zwei AS zwei, (x.z).fwei AS fwei
    FROM stunting.measurement x JOIN stunting.child c ON c.id = x.child_id
    WHERE x.weight_kg IS NOT NULL
    ORDER BY x.child_id, x.month, x.visit_date DESC, x.id DESC),
firsts AS (SELECT child_id, min(month) AS first_month FROM counted GROUP BY child_id),
-- the code of this month's and last month's: B (no earlier weighing), O
-- (none last month), else N when the gain in grams (rounded) is positive
-- and at least the KBM of the KMS month (calendar months since the birth
-- month), T when not (no KBM for the month: neither)
coded AS (
    SELECT c.*,
           CASE WHEN f.first_month = c.month THEN 'B'
                WHEN p.child_id IS NULL THEN 'O'
                WHEN b.min_gain_g IS NULL THEN NULL
                WHEN round((c.weight_kg - p.weight_kg) * 1000) > 0
                     AND round((c.weight_kg - p.weight_kg) * 1000) >= b.min_gain_g THEN 'N'
                ELSE 'T' END AS code
    FROM counted c CROSS JOIN m
    JOIN firsts f ON f.child_id = c.child_id
    LEFT JOIN counted p ON p.child_id = c.child_id AND p.month = (c.month - interval '1 month')::date
    LEFT JOIN stunting.kbm b ON b.version = 'buku-kia-2023'
         AND b.kms_month = (extract(year FROM c.visit_date) - extract(year FROM c.birth_date)) * 12
                           + extract(month FROM c.visit_date) - extract(month FROM c.birth_date)
    WHERE c.month IN (m.m, (m.m - interval '1 month')::date)),
d AS (
    SELECT k.parent_code AS district, count(*) AS d,
           count(*) FILTER (WHERE c.code = 'N') AS n, count(*) FILTER (WHERE c.code = 'T') AS t,
           count(*) FILTER (WHERE c.code = 'O') AS o, count(*) FILTER (WHERE c.code = 'B') AS b,
           count(*) FILTER (WHERE c.code = 'T' AND p.code = 'T') AS two_t,
           count(*) FILTER (WHERE c.zwei < -3 AND NOT c.fwei) AS bgm
    FROM coded c CROSS JOIN m
    JOIN stunting.area k ON k.code = c.area_code
    LEFT JOIN coded p ON p.child_id = c.child_id AND p.month = (m.m - interval '1 month')::date
    WHERE c.month = m.m
      AND (extract(year FROM c.visit_date) - extract(year FROM c.birth_date)) * 12
          + extract(month FROM c.visit_date) - extract(month FROM c.birth_date)
          - (extract(day FROM c.visit_date) < extract(day FROM c.birth_date))::int <= 60
    GROUP BY k.parent_code),
-- S: the target population of the month; K: children with a KMS registered
-- in the area, born by the month's end and at most 60 completed months old
-- at it (completed months: calendar months, less one when the day of the
-- month is not reached)
s AS (
    SELECT a.parent_code AS district, sum(t.children) AS s
    FROM stunting.target_population t CROSS JOIN m JOIN stunting.area a ON a.code = t.area_code
    WHERE t.month = m.m GROUP BY a.parent_code),
k AS (
    SELECT a.parent_code AS district, count(*) AS k
    FROM stunting.child c CROSS JOIN m JOIN stunting.area a ON a.code = c.area_code
    WHERE c.kms AND c.birth_date < (m.m + interval '1 month')::date
      AND (extract(year FROM m.m) - extract(year FROM c.birth_date)) * 12
          + extract(month FROM m.m) - extract(month FROM c.birth_date)
          - (extract(day FROM (m.m + interval '1 month - 1 day')) < extract(day FROM c.birth_date))::int <= 60
    GROUP BY a.parent_code),
pct AS (
    SELECT dist.name, s.s, k.k, d.*
    FROM d JOIN stunting.area dist ON dist.code = d.district
    LEFT JOIN s ON s.district = d.district LEFT JOIN k ON k.district = d.district)
SELECT concat_ws(' ', p.name, p.s, p.k, p.d, p.n, p.t, p.o, p.b, p.two_t, p.bgm,
                 to_char((100.0 * p.d / p.s)::float8, 'FM990.0'), to_char((100.0 * p.n / p.d)::float8, 'FM990.0'),
                 to_char((100.0 * p.n / nullif(p.d - p.o - p.b, 0))::float8, 'FM990.0'),
                 to_char((100.0 * p.k / p.s)::float8, 'FM990.0'), to_char((100.0 * p.bgm / p.d)::float8, 'FM990.0'))
FROM pct p ORDER BY p.name;
SQL
)
[ "$skdn" = "$independent" ] || fail "SKDN rows per kecamatan (printed: $(echo $skdn)) differ from an independent count ($(echo $independent))"
low=$(sed -n '/^== Sepuluh kelurahan dengan N\/D terendah/,/^== /p' "$out/log" | grep -E '^ +[0-9]+ \|' | awk -F'|' '{gsub(/ /, "", $5); print $5}')
[ "$(echo "$low" | wc -l)" -eq 10 ] || fail "not ten kelurahan with the lowest N/D"
[ "$(echo "$low" | sort -n)" = "$low" ] || fail "the ten lowest N/D are not in order: $(echo $low)"
lowest_else=$(psql -X -At -d stunting_demo -c "SELECT to_char(min(n_d_pct), 'FM990.0') FROM (SELECT n_d_pct FROM stunting.skdn((SELECT max(month) FROM stunting.weighing)) WHERE level = 'village' AND age_group = '0-60' AND d > 0 ORDER BY n_d_pct OFFSET 10) x")
awk -v a="$(echo "$low" | tail -1)" -v b="$lowest_else" 'BEGIN { exit !(a + 0 <= b + 0) }' || fail "a kelurahan outside the ten has a lower N/D ($lowest_else)"
ref=$(grep -E '^ *anak yang dirujuk: ' "$out/log" | awk '{print $NF}')
[ "$ref" = "$(psql -X -At -d stunting_demo -c "SELECT count(*) FROM stunting.referrals((SELECT max(month) FROM stunting.weighing))")" ] \
    && [ "$ref" -gt 0 ] || fail "referrals printed: $ref"
echo "demo check: the SKDN rows per kecamatan equal an independent count ($(echo "$skdn" | tr '\n' ';')); ten lowest N/D in order; $ref referrals"

python3 - "$out" <<'PY'
import json, sys, xml.etree.ElementTree as ET
out = sys.argv[1]
svg = ET.parse(f"{out}/kediri_stunting.svg").getroot()
ns = {"s": "http://www.w3.org/2000/svg"}
paths = svg.findall(".//s:path", ns)
areas = [p for p in paths if p.get("id", "").startswith("35.71.")]
assert len(areas) == 46, f"{len(areas)} kelurahan paths in the SVG"
doc = json.load(open(f"{out}/kediri_stunting.geojson"))
assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 46, "GeoJSON: not 46 features"
with_data = [f for f in doc["features"] if f["properties"].get("r") is not None]
assert len(with_data) == 46, f"only {len(with_data)} kelurahan with estimates"
hot = ET.parse(f"{out}/kediri_hotspots.svg").getroot()
hot_areas = [p for p in hot.findall(".//s:path", ns) if p.get("id", "").startswith("35.71.")]
assert len(hot_areas) == 46, f"{len(hot_areas)} kelurahan paths in the hotspot SVG"
assert any(p.get("fill") == "#d62f27" for p in hot_areas), "no 99 % hot spot in the hotspot SVG"
print("demo check: 46 kelurahan in both SVG maps and the GeoJSON, all with estimates; 99 % hot spots mapped")
PY
