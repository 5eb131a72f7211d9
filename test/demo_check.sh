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

# The SKDN section: each kecamatan's D and N as printed equal an independent
# count from the measurements (each child's latest weighing of the month with
# a weight; N: last month's latest weighing exists and the gain, rounded to
# the gram, is positive and at least the KBM of the KMS month); the ten
# lowest N/D are ten, in order; the referral count is stunting.referrals'
grep -q '^== SKDN bulan ini per kecamatan' "$out/log" || fail "no SKDN section"
skdn=$(sed -n '/^== SKDN bulan ini per kecamatan/,/^== /p' "$out/log" | grep -E '^ (Kota|Mojoroto|Pesantren) +\|' \
       | awk -F'|' '{gsub(/ /, ""); print $1, $4, $5}' | sort)
[ "$(echo "$skdn" | wc -l)" -eq 3 ] || fail "not 3 kecamatan in the SKDN table: $skdn"
independent=$(psql -X -At -F ' ' -d stunting_demo <<'SQL' | sort
WITH m AS (SELECT max(month) AS m FROM stunting.measurement WHERE weight_kg IS NOT NULL),
counted AS (
    SELECT DISTINCT ON (x.child_id, x.month) x.child_id, x.month, x.visit_date, x.weight_kg, x.area_code, c.birth_date
    FROM stunting.measurement x JOIN stunting.child c ON c.id = x.child_id, m
    WHERE x.weight_kg IS NOT NULL AND x.month IN (m.m, (m.m - interval '1 month')::date)
    ORDER BY x.child_id, x.month, x.visit_date DESC, x.id DESC),
cur AS (
    SELECT c.*, p.weight_kg AS pw,
           (SELECT b.min_gain_g FROM stunting.kbm b WHERE b.version = 'buku-kia-2023'
              AND b.kms_month = (extract(year FROM c.visit_date) - extract(year FROM c.birth_date)) * 12
                                + extract(month FROM c.visit_date) - extract(month FROM c.birth_date)) AS kbm
    FROM counted c, m
    LEFT JOIN counted p ON true
    WHERE c.month = m.m AND p.child_id = c.child_id AND p.month = (m.m - interval '1 month')::date
    UNION ALL
    SELECT c.*, NULL, NULL FROM counted c, m
    WHERE c.month = m.m AND NOT EXISTS (SELECT FROM counted p WHERE p.child_id = c.child_id AND p.month = (m.m - interval '1 month')::date))
SELECT d.name, count(*), count(*) FILTER (WHERE round((cur.weight_kg - cur.pw) * 1000) >= cur.kbm AND cur.weight_kg > cur.pw)
FROM cur JOIN stunting.area v ON v.code = cur.area_code JOIN stunting.area d ON d.code = v.parent_code
WHERE age(cur.visit_date, cur.birth_date) < interval '61 months'
GROUP BY d.name;
SQL
)
[ "$skdn" = "$independent" ] || fail "SKDN D and N per kecamatan (printed: $(echo $skdn)) differ from an independent count ($(echo $independent))"
low=$(sed -n '/^== Sepuluh kelurahan dengan N\/D terendah/,/^== /p' "$out/log" | grep -E '^ +[0-9]+ \|' | awk -F'|' '{gsub(/ /, "", $5); print $5}')
[ "$(echo "$low" | wc -l)" -eq 10 ] || fail "not ten kelurahan with the lowest N/D"
[ "$(echo "$low" | sort -n)" = "$low" ] || fail "the ten lowest N/D are not in order: $(echo $low)"
lowest_else=$(psql -X -At -d stunting_demo -c "SELECT to_char(min(n_d_pct), 'FM990.0') FROM (SELECT n_d_pct FROM stunting.skdn((SELECT max(month) FROM stunting.weighing)) WHERE level = 'village' AND age_group = '0-60' AND d > 0 ORDER BY n_d_pct OFFSET 10) x")
awk -v a="$(echo "$low" | tail -1)" -v b="$lowest_else" 'BEGIN { exit !(a + 0 <= b + 0) }' || fail "a kelurahan outside the ten has a lower N/D ($lowest_else)"
ref=$(grep -E '^ *anak yang dirujuk: ' "$out/log" | awk '{print $NF}')
[ "$ref" = "$(psql -X -At -d stunting_demo -c "SELECT count(*) FROM stunting.referrals((SELECT max(month) FROM stunting.weighing))")" ] \
    && [ "$ref" -gt 0 ] || fail "referrals printed: $ref"
echo "demo check: SKDN D and N per kecamatan equal an independent count ($(echo $skdn)); ten lowest N/D in order; $ref referrals"

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
