#!/usr/bin/env bash
# test/spatial_parity.sh - the hotspot statistics against an independent
# reference (test/reference/spatial_reference.py, plain Python from the
# formulas) on Kota Kediri's 46 kelurahan: neighbours from area_neighbours,
# stunting counts from stunting.simulate_children for several seeds and
# one month each.  Every analytic value (Gi* g, z, p_norm; Local Moran i,
# quadrant, z_norm, p_norm; empirical Bayes raw and smoothed rates, Poisson
# and binomial, global and spatial) must agree to 1e-9.
# Runs against the cluster psql connects to (test/run.sh's).
set -euo pipefail
cd "$(dirname "$0")/.."
db=stunting_spatial_parity
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT

psql -X -q -d postgres -c 'SET client_min_messages = warning' -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v doc="$(cat data/kota_kediri_kelurahan.geojson)" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stunting CASCADE;
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan');
SQL

checked=0
for seed in 1 2 3; do
    psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "DELETE FROM stunting.measurement" -c "DELETE FROM stunting.child" \
         -c "SELECT * FROM stunting.simulate_children(3000, $seed, 1, '2026-06-01', '{\"35.71.01\": 0.3}')" >/dev/null
    # the input, and the extension's answers, as JSON
    psql -X -At -d "$db" -v ON_ERROR_STOP=1 > "$tmp/in.json" <<'SQL'
WITH d AS (SELECT code, cases, children, smoothed_rate AS y
           FROM stunting.hotspots('2026-06-01', permutations => 0) WHERE children > 0),
     nb AS (SELECT code, neighbour_code FROM stunting.area_neighbours('village'))
SELECT json_build_object(
    'ids', (SELECT json_agg(code ORDER BY code) FROM d),
    'y', (SELECT json_agg(y ORDER BY code) FROM d),
    'cases', (SELECT json_agg(cases ORDER BY code) FROM d),
    'population', (SELECT json_agg(children ORDER BY code) FROM d),
    'pairs', (SELECT json_agg(json_build_array(code, neighbour_code)) FROM nb
              WHERE code IN (SELECT code FROM d) AND neighbour_code IN (SELECT code FROM d)));
SQL
    psql -X -At -d "$db" -v ON_ERROR_STOP=1 -v input="$(cat "$tmp/in.json")" > "$tmp/sql.json" <<'SQL'
WITH i AS (SELECT :'input'::jsonb AS d),
     a AS (SELECT ARRAY(SELECT jsonb_array_elements_text(d->'ids')) AS ids,
                  ARRAY(SELECT (jsonb_array_elements_text(d->'y'))::float8) AS y,
                  ARRAY(SELECT (jsonb_array_elements_text(d->'cases'))::float8) AS cases,
                  ARRAY(SELECT (jsonb_array_elements_text(d->'population'))::float8) AS pop,
                  ARRAY(SELECT p->>0 FROM jsonb_array_elements(d->'pairs') p) AS f,
                  ARRAY(SELECT p->>1 FROM jsonb_array_elements(d->'pairs') p) AS t FROM i)
SELECT json_build_object(
  'gi', (SELECT json_object_agg(g.id, json_build_array(g.g, g.z, g.p_norm)) FROM a, stunting.local_gi_star(a.ids, a.y, a.f, a.t, 0) g),
  'moran', (SELECT json_object_agg(m.id, json_build_array(m.i, m.quadrant, m.z_norm, m.p_norm)) FROM a, stunting.local_moran(a.ids, a.y, a.f, a.t, 0) m),
  'eb', json_build_object(
    'poisson_global', (SELECT json_object_agg(e.id, json_build_array(e.raw_rate, e.smoothed_rate)) FROM a, stunting.eb_smooth(a.ids, a.cases, a.pop, 'poisson') e),
    'poisson_spatial', (SELECT json_object_agg(e.id, json_build_array(e.raw_rate, e.smoothed_rate)) FROM a, stunting.eb_smooth(a.ids, a.cases, a.pop, 'poisson', a.f, a.t) e),
    'binomial_global', (SELECT json_object_agg(e.id, json_build_array(e.raw_rate, e.smoothed_rate)) FROM a, stunting.eb_smooth(a.ids, a.cases, a.pop, 'binomial') e),
    'binomial_spatial', (SELECT json_object_agg(e.id, json_build_array(e.raw_rate, e.smoothed_rate)) FROM a, stunting.eb_smooth(a.ids, a.cases, a.pop, 'binomial', a.f, a.t) e)));
SQL
    python3 test/reference/spatial_reference.py < "$tmp/in.json" > "$tmp/ref.json"
    n=$(python3 - "$tmp/sql.json" "$tmp/ref.json" <<'PY'
import json, sys
got, ref = (json.load(open(p)) for p in sys.argv[1:3])
checked = 0
def same(a, b, where):
    global checked
    if isinstance(b, str) or a is None or b is None:
        ok = a == b
    else:
        ok = abs(a - b) <= 1e-9 * max(1.0, abs(b))
    if not ok:
        sys.exit(f"spatial parity: {where}: extension {a!r}, reference {b!r}")
    checked += 1
for stat in ("gi", "moran"):
    assert set(got[stat]) == set(ref[stat]), stat
    for k, vals in ref[stat].items():
        for j, b in enumerate(vals):
            same(got[stat][k][j], b, f"{stat} {k} [{j}]")
for m, table in ref["eb"].items():
    for k, vals in table.items():
        for j, b in enumerate(vals):
            same(got["eb"][m][k][j], b, f"eb {m} {k} [{j}]")
print(checked)
PY
)
    echo "seed $seed: $n values equal to the reference (1e-9)"
    checked=$((checked + n))
done
[ "$checked" -gt 2000 ] || { echo "spatial parity: only $checked values checked" >&2; exit 1; }
echo "spatial parity: $checked values, all equal"
