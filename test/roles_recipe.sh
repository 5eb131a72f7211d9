#!/usr/bin/env bash
# test/roles_recipe.sh - the README's role set-up for Kota Kediri
# ("Deployment: roles and privacy") works as written: on a fresh database
# with the 46 kelurahan of data/, the recipe's SQL block is run as it stands
# (passwords filled in), then each role logs in and is checked: the kader of
# Bandar Lor enters a child and a measurement of Bandar Lor and cannot enter
# one of Sukorame; the TPK member sees only Sukorame; the camat of Mojoroto
# sees both, the health office everything; the BI and tile-server roles see
# the published figures and no child.  Uses the server psql connects to.
set -euo pipefail
cd "$(dirname "$0")/.."
db=stunting_roles
roles="siti kader_bandar_lor tpk_sukorame camat_mojoroto dinkes_kota bi_dashboard tileserv"
cleanup() {
    psql -X -q -d postgres -c 'SET client_min_messages = warning' -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    for r in $roles tpk_member; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
cleanup
psql -X -q -d postgres -c "CREATE DATABASE $db"
psql -X -q -d $db -v ON_ERROR_STOP=1 -v doc="$(cat data/kota_kediri_kelurahan.geojson)" <<'SQL' >/dev/null
SET client_min_messages = warning;
CREATE EXTENSION stunting CASCADE;
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan');
SELECT stunting.derive_parent_areas('district');
SQL

# the block after "For Kota Kediri:" in the README, passwords filled in
recipe=$(awk '/^several kelurahan gets one grant per kelurahan. For Kota Kediri:/ { f = 1; next }
              f && /^```sql/ { g = 1; next } g && /^```/ { exit } g { print }' README.md)
[ -n "$recipe" ] || { echo "roles recipe: no SQL block after 'For Kota Kediri:' in README.md" >&2; exit 1; }
echo "$recipe" | sed "s/PASSWORD '\.\.\.'/PASSWORD 'test-only'/" | psql -X -q -d $db -v ON_ERROR_STOP=1 >/dev/null
psql -X -q -d $db -c "CREATE ROLE tpk_member LOGIN IN ROLE tpk_sukorame"

# as a login role: psql -U
as() { local r=$1; shift; psql -X -q -At -v ON_ERROR_STOP=1 -U "$r" -d $db "$@"; }
fail() { echo "roles recipe: $*" >&2; exit 1; }

# (the ids come from the sequence: no template may choose one, 0.8.0)
child1=$(as siti -c "INSERT INTO stunting.child (sex, birth_date, area_code, nik_hash)
                     VALUES ('f', '2024-06-01', '35.71.01.1001', stunting.nik_hash('3571014106240001')) RETURNING id")
[[ $child1 =~ ^[0-9]+$ ]] || fail "siti: no child id returned: $child1"
if as siti -c "INSERT INTO stunting.child (id, sex, birth_date, area_code) VALUES (1000, 'f', '2024-06-01', '35.71.01.1001')" 2>/dev/null; then
    fail "the kader of Bandar Lor chose a child's id"
fi
if as siti -c "SELECT nik_hash FROM stunting.child" 2>/dev/null; then
    fail "the kader of Bandar Lor reads stunting.child.nik_hash"
fi
as siti -c "INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
            VALUES ($child1, '2026-06-10', 9.5, 78, 'h')" >/dev/null
if as siti -c "INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('m', '2024-06-01', '35.71.01.1005')" 2>/dev/null; then
    fail "the kader of Bandar Lor entered a child of Sukorame"
fi
child2=$(as tpk_member -c "INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('m', '2024-07-01', '35.71.01.1005') RETURNING id")
[[ $child2 =~ ^[0-9]+$ ]] || fail "tpk_member: no child id returned: $child2"
as tpk_member -c "INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
                  VALUES ($child2, '2026-06-11', 10, 80, 'h')" >/dev/null
if as tpk_member -c "INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
                     VALUES ($child1, '2026-06-12', 9.6, 78.2, 'h')" 2>/dev/null; then
    fail "the TPK member of Sukorame entered a measurement of a child of Bandar Lor"
fi
[ "$(as siti -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM stunting.child")" = "$child1" ] || fail "siti does not see Bandar Lor alone"
[ "$(as tpk_member -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM stunting.child")" = "$child2" ] || fail "the TPK member does not see Sukorame alone"
psql -X -q -d $db -c "ALTER ROLE camat_mojoroto LOGIN" -c "ALTER ROLE dinkes_kota LOGIN"
[ "$(as camat_mojoroto -c 'SELECT count(*) FROM stunting.measurement')" = 2 ] || fail "the camat of Mojoroto does not see both measurements"
[ "$(as dinkes_kota -c 'SELECT count(*) FROM stunting.child')" = 2 ] || fail "the health office does not see the city"
[ "$(as dinkes_kota -c "SELECT count(*) FROM stunting.area_month WHERE level = 'regency'")" = 1 ] || fail "no city row in area_month"
for r in bi_dashboard tileserv; do
    if as $r -c 'SELECT count(*) FROM stunting.child' 2>/dev/null; then fail "$r reads stunting.child"; fi
    [ "$(as $r -c "SELECT count(*) FROM stunting.area_month_public WHERE month = '2026-06-01' AND suppressed")" -gt 0 ] \
        || fail "$r: no suppressed cell among 2 children"
    [ "$(as $r -c "SELECT count(*) FROM stunting.area_month_public WHERE month = '2026-06-01' AND children IS NOT NULL")" = 0 ] \
        || fail "$r: a count of fewer than 5 children is shown"
done
[ "$(as tileserv -c 'SELECT length(stunting.area_public_mvt(12, 3322, 2137)) > 0')" = t ] || fail "tileserv: no tile"
# the audit log names who entered what
[ "$(psql -X -At -d $db -c "SELECT string_agg(role_name || ':' || table_name, ',' ORDER BY id) FROM stunting.audit_log")" \
  = "siti:child,siti:measurement,tpk_member:child,tpk_member:measurement" ] || fail "audit log: $(psql -X -At -d $db -c "SELECT string_agg(role_name, ',') FROM stunting.audit_log")"
echo "roles recipe: the README's set-up works: kader and TPK enter for their kelurahan only, the camat and the city see theirs, BI and tiles see suppressed figures and no child; the audit log names them"
