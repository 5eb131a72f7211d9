#!/usr/bin/env bash
# test/dump_restore.sh - pg_dump and pg_restore bring back every row.
#
# A source database holds Kota Kediri's 46 kelurahan and 3 kecamatan
# (stunting.area, an extension configuration table), about 2,000 children and
# 9,000 measurements over six months (some corrected, some deleted), plus 5
# stored measurements that today's data-entry checks reject (inserted with
# the user triggers disabled, as rows from an earlier release would be), and
# a table of growth summaries of its own; since 0.8.0 also the NIK key
# (stunting.nik_key, set by stunting.set_nik_key; a third of the children
# carry the keyed stunting.nik_hash(nik)), the audit trail the writes left
# (stunting.audit_log) and a role's area grant (stunting.area_access, for a
# role under row-level security).  It is dumped (custom format, and
# directory format in parallel) and restored serially, with pg_restore -j 4
# (eight times: the load order and timing of the configuration tables vary)
# and from the directory with -j 4.  Each restore must exit 0 with no ERROR
# and bring back every area, child and measurement as stored (count and md5
# over every column, the derived z, status, month and area_code included: not
# recomputed), the same monthly summaries (stunting.area_month_summary row for
# row, the view stunting.area_month; the audit trail entry for entry, the
# restore adding none; the area grants; the NIK key, so that
# stunting.nik_hash(nik) finds the restored children by NIK; the rows a
# role granted one kecamatan sees; stunting.check_area_month() and
# stunting.check_references() empty; rows of the summaries left with no child
# by deletions are counted, not compared) and sequences that hand out fresh
# ids (the audit trail's too); the data-entry checks still reject a new
# implausible row.  TRUNCATE of
# stunting.measurement, and of stunting.child, empties the summaries.  The
# summaries table also survives COPY BINARY into another database, value for
# value.  (Upgrade against fresh install: test/upgrade_check.sh.)
# Needs a running server (PGHOST, PGPORT, PGUSER set, as test/run.sh does)
# with the extension installed.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
chmod 755 "$tmp"
# A role (cluster-wide) granted one kecamatan of the source: its rows under
# row-level security must be the same after a restore.
viewer=stunting_dump_viewer
drop_viewer() {
    psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $viewer" >/dev/null 2>&1 || true
}
trap 'rm -rf "$tmp"; drop_viewer' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
failures=()
fail() { failures+=("$1"); echo "FAIL: $1"; }

src_db=stunting_dump_src
serial_db=stunting_dump_dst
# pg_restore -j 4 loads the tables in an order and at a pace that vary from
# run to run: repeat it (STUNTING_RESTORE_REPEAT, default 8)
parallel_dbs=$(for i in $(seq 1 "${STUNTING_RESTORE_REPEAT:-8}"); do echo stunting_dump_j$i; done)
dir_db=stunting_dump_dir
all_dbs="$src_db $serial_db $parallel_dbs $dir_db"
for db in $all_dbs stunting_dump_truncate_m stunting_dump_truncate_c; do
    q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db"
done
drop_viewer
q -d postgres -c "CREATE ROLE $viewer"
q -d postgres -c "CREATE DATABASE $src_db"

# 1. the source: summaries of its own, per kelurahan-month, weighted and not
q -d $src_db <<'SQL'
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

# ... the kelurahan and kecamatan, ~2,000 children, ~9,000 plausible
# measurements (lengths and weights from WHO's curves at z-scores within
# -3.5..+2, so the data-entry checks accept them) in 2026-05..2026-10, some
# children twice in a month, some counted for another kelurahan.
q -d $src_db >/dev/null <<'SQL'
\set doc `cat data/kota_kediri_kelurahan.geojson`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan');
SELECT stunting.derive_parent_areas('district');
-- the NIK key (0.8.0): pg_dump keeps it, the restored nik_hash(nik) must match
SELECT stunting.set_nik_key();
-- a DBA's KMS edition, chosen (0.9.0): pg_dump keeps it and the choice;
-- pg_restore -j may load the choice before the edition
INSERT INTO stunting.kms_reference (version, source) VALUES ('dinkes-dump', 'dump test: KMS reading 7: 300, 11: 200');
INSERT INTO stunting.kbm (version, kms_month, min_gain_g)
SELECT 'dinkes-dump', m, CASE WHEN m = 7 THEN 300 WHEN m = 11 THEN 200 ELSE stunting.kbm(m, 'buku-kia-2023') END
FROM generate_series(1, 60) AS m;
SELECT stunting.use_kms_reference('dinkes-dump');
SELECT setseed(0.25);
INSERT INTO stunting.child (sex, birth_date, area_code, home, nik_hash)
SELECT (ARRAY['l', 'p', 'm', 'f', 'laki-laki', 'perempuan'])[1 + i % 6],
       date '2021-11-01' + (random() * 1720)::integer,
       v.code, CASE WHEN i % 10 = 0 THEN ST_PointOnSurface(v.geom) END,
       CASE WHEN i % 3 = 0 THEN stunting.nik_hash('3571' || lpad(i::text, 12, '0')) END
FROM generate_series(1, 2000) i
JOIN (SELECT code, geom, row_number() OVER (ORDER BY code) - 1 AS k
      FROM stunting.area WHERE level = 'village') v ON v.k = i % 46;
CREATE TEMP TABLE kid AS
SELECT c.id, c.sex, c.birth_date, c.home, -3.2 + random() * 5 AS haz0, -2 + random() * 3.5 AS whz0,
       (SELECT a.code FROM stunting.area a WHERE a.level = 'village' AND a.code > c.area_code ORDER BY a.code LIMIT 1) AS other_area
FROM stunting.child c;
CREATE TEMP TABLE visit AS
SELECT k.*, d.visit, d.visit - k.birth_date AS age,
       CASE WHEN d.visit - k.birth_date < 731 THEN 'l' ELSE 'h' END AS measure,
       k.haz0 + (random() - 0.5) * 0.6 AS haz, k.whz0 + (random() - 0.5) * 1.0 AS whz
FROM kid k
CROSS JOIN generate_series(0, 5) AS m
CROSS JOIN LATERAL (SELECT (date '2026-05-01' + m * interval '1 month')::date + (k.id % 25)::integer AS visit
                    UNION ALL
                    SELECT (date '2026-05-01' + m * interval '1 month')::date + (k.id % 25)::integer + 3
                    WHERE k.id % 9 = 0 AND m = 3) d
WHERE random() < 0.75 AND d.visit > k.birth_date;
CREATE TEMP TABLE candidate AS
SELECT v.*, round(w::numeric, 1)::float8 AS weight_kg
FROM (SELECT v.*, round(stunting.value_at_zscore('lhfa', v.sex, v.age, v.haz, NULL, v.measure)::numeric, 1)::float8 AS lenhei_cm
      FROM visit v) v
CROSS JOIN LATERAL (SELECT coalesce(stunting.value_at_zscore('wflh', v.sex, v.age, v.whz, v.lenhei_cm, v.measure),
                                    stunting.value_at_zscore('wfa', v.sex, v.age, v.whz)) AS w) w;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema, headc_cm, armc_cm,
                                  posyandu, measured_by, geom, area_code)
SELECT id, visit, weight_kg, lenhei_cm, measure, id % 97 = 0,
       CASE WHEN id % 4 = 0 AND age < 731 THEN round(stunting.value_at_zscore('hcfa', sex, age, whz0)::numeric, 1) END,
       CASE WHEN id % 5 = 0 AND age >= 91 THEN round(stunting.value_at_zscore('acfa', sex, age, whz0)::numeric, 1) END,
       'Posyandu ' || (id % 12), (ARRAY['kader A', 'TPK 3', NULL])[1 + id % 3],
       CASE WHEN id % 10 = 0 THEN home END,
       CASE WHEN id % 50 = 0 THEN other_area END
FROM candidate
WHERE cardinality(stunting.measurement_problems(sex, birth_date, visit, weight_kg, lenhei_cm, measure, id % 97 = 0)) = 0
ORDER BY visit, id;
-- Corrections, as data entry makes them: a wrong birth date (its child's
-- measurements recomputed), visits moved to the right date, a posyandu's
-- whole month entered twice and deleted (its area-month left with no child).
UPDATE stunting.child SET birth_date = birth_date - 12 WHERE id % 400 = 7;
UPDATE stunting.measurement SET visit_date = visit_date + 20 WHERE id % 1000 = 3;
DELETE FROM stunting.measurement
WHERE month = '2026-05-01' AND area_code = (SELECT min(code) FROM stunting.area WHERE level = 'village');
-- 5 stored rows today's checks reject: the user triggers disabled, z, status,
-- month and area_code written as an earlier release (or a bulk load) would.
ALTER TABLE stunting.measurement DISABLE TRIGGER USER;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, area_code, month, z, status, posyandu)
SELECT r.child_id, r.visit, r.weight, r.lenhei, r.measure, r.area_code, date_trunc('month', r.visit)::date,
       r.z, stunting.assess(r.z), r.what
FROM (SELECT c.id AS child_id, c.area_code, b.what, coalesce(b.v, c.birth_date - 30) AS visit, b.weight, b.lenhei, b.measure,
             stunting.anthro_zscores(c.sex, (b.v - c.birth_date)::float8, b.weight, b.lenhei, b.measure) AS z
      FROM (VALUES (1, 'implausible HAZ', date '2026-08-10', 4.5, 55.0, 'h'),
                   (2, 'visit before birth', NULL, 3.2, 50.0, 'l'),
                   (3, 'weight in grams', date '2026-07-15', 11500, 85.0, 'h'),
                   (4, 'length in millimetres', date '2026-09-12', 12.0, 870.0, 'h'),
                   (5, 'weight and length swapped', date '2026-10-05', 86.0, 12.5, 'h')) b(k, what, v, weight, lenhei, measure)
      JOIN (SELECT c.*, row_number() OVER (ORDER BY id) AS k FROM stunting.child c
            WHERE birth_date BETWEEN '2023-01-01' AND '2024-06-01') c ON c.k = b.k) r;
ALTER TABLE stunting.measurement ENABLE TRIGGER USER;
SELECT stunting.refresh_area_month();
SELECT stunting.refresh_weighing();
-- a viewer of one kecamatan (0.8.0: stunting.area_access, row-level security)
SELECT stunting.grant_template('stunting_dump_viewer', 'viewer');
SELECT stunting.grant_area('stunting_dump_viewer', (SELECT min(code) FROM stunting.area WHERE level = 'district'), 'view');
SQL

# One line per thing a restore must bring back: count and md5 over every
# column of the rows (z and status included, as stored).
snapshot() {
    q -d "$1" <<'SQL'
SELECT 'stunting.area: ' || count(*) || ' rows, md5 ' || coalesce(md5(string_agg(a::text, E'\n' ORDER BY a.code)), '-') FROM stunting.area a;
SELECT 'stunting.child: ' || count(*) || ' rows, md5 ' || coalesce(md5(string_agg(c::text, E'\n' ORDER BY c.id)), '-') FROM stunting.child c;
SELECT 'stunting.measurement: ' || count(*) || ' rows, md5 ' || coalesce(md5(string_agg(m::text, E'\n' ORDER BY m.id)), '-') FROM stunting.measurement m;
SELECT 'measurements the data-entry checks reject (or of no child): ' || count(*) || ' rows, ids '
       || CASE WHEN count(*) <= 10 THEN coalesce(string_agg(m.id::text, ',' ORDER BY m.id), '-')
               ELSE min(m.id) || '..' || max(m.id) END
FROM stunting.measurement m LEFT JOIN stunting.child c ON c.id = m.child_id
WHERE c.id IS NULL OR cardinality(stunting.measurement_problems(c.sex, c.birth_date, m.visit_date, m.weight_kg, m.lenhei_cm, m.measure, m.oedema)) > 0;
SELECT 'stunting.weighing: ' || count(*) || ' rows, edition ' || stunting.kms_reference_in_use() || ', md5 '
       || coalesce(md5(string_agg(w::text, E'\n' ORDER BY w.child_id, w.month)), '-') FROM stunting.weighing w;
SELECT 'stunting.area_month_summary: ' || count(*) || ' rows with children, md5 ' || coalesce(md5(string_agg(s::text, E'\n' ORDER BY s.month, s.area_code)), '-')
FROM stunting.area_month_summary s WHERE s.children > 0;
-- (the view's roll-ups merge the village summaries in whatever order the
-- plan reads them: the last bits of a mean may differ, so to 1e-9)
SELECT 'stunting.area_month: ' || count(*) || ' rows, md5 ' || coalesce(md5(string_agg(concat_ws('|', v.month, v.level, v.code, v.name, v.parent_name,
           v.children, v.stunted, v.severely_stunted,
           (SELECT string_agg(round(x::numeric, 9)::text, '|')
            FROM unnest(ARRAY[v.stunting_pct, v.stunting_ci_low, v.stunting_ci_high, v.severe_stunting_pct, v.wasting_pct,
                              v.underweight_pct, v.overweight_pct, v.mean_haz, v.flagged_haz_pct, v.plausibility_score]) AS x)),
           E'\n' ORDER BY v.month, v.code)), '-')
FROM stunting.area_month v;
SELECT 'table monthly: ' || count(*) || ' rows, md5 ' || coalesce(md5(string_agg(area || month || s::text, ',' ORDER BY area, month)), '-') FROM monthly;
SELECT 'sequences: child_id_seq ' || (SELECT last_value || ' ' || is_called FROM stunting.child_id_seq)
       || ', measurement_id_seq ' || (SELECT last_value || ' ' || is_called FROM stunting.measurement_id_seq);
-- 0.8.0: the audit trail (every entry as written: a restore adds none), the
-- area grants, the NIK key (compared by its md5), the audit trail's sequence
SELECT 'stunting.audit_log: ' || count(*) || ' rows, md5 ' || coalesce(md5(string_agg(l::text, E'\n' ORDER BY l.id)), '-') FROM stunting.audit_log l;
SELECT 'stunting.area_access: ' || count(*) || ' rows, md5 ' || coalesce(md5(string_agg(g::text, E'\n' ORDER BY g.role_name, g.area_code)), '-') FROM stunting.area_access g;
SELECT 'stunting.nik_key: ' || count(*) || ' rows, md5 of the key ' || coalesce(md5(string_agg(k.key::text || ' ' || k.set_at, ',')), '-') FROM stunting.nik_key k;
SELECT 'sequence audit_log_id_seq ' || (SELECT last_value || ' ' || is_called FROM stunting.audit_log_id_seq);
-- the keyed hash finds the children by NIK (the key came back)
SELECT 'children found by stunting.nik_hash(nik): ' || count(*) || ' of ' || (SELECT count(*) FROM stunting.child WHERE nik_hash IS NOT NULL)
FROM stunting.child c
WHERE c.nik_hash IN (SELECT stunting.nik_hash('3571' || lpad(i::text, 12, '0')) FROM generate_series(1, 2000) i);
-- what the viewer of one kecamatan sees under row-level security
SET ROLE stunting_dump_viewer;
SELECT 'seen by stunting_dump_viewer: ' || (SELECT count(*) FROM stunting.child) || ' children, '
       || (SELECT count(*) FROM stunting.measurement) || ' measurements, ' || (SELECT count(*) FROM stunting.audit_log) || ' audit entries, md5 '
       || (SELECT coalesce(md5(string_agg(m.id::text, ',' ORDER BY m.id)), '-') FROM stunting.measurement m);
RESET ROLE;
SQL
}

# The stored summaries equal a recomputation: stunting.refresh_area_month()
# in a transaction rolled back, and stunting.check_area_month() (0.7.0) lists
# no area-month; stunting.check_references() (0.7.0), where it exists, lists
# no row whose child or area is missing.
no_check_function_reported=
check_consistent() {
    local db=$1 what=$2 out
    out=$(q -d "$db" 2>&1 <<'SQL'
BEGIN;
CREATE TEMP TABLE stored AS SELECT month, area_code, summary::text, children, stunted, severely_stunted FROM stunting.area_month_summary;
DO $$ BEGIN PERFORM stunting.refresh_area_month(); END $$;
CREATE TEMP TABLE recomputed AS SELECT month, area_code, summary::text, children, stunted, severely_stunted FROM stunting.area_month_summary;
SELECT (SELECT count(*) FROM (TABLE stored EXCEPT ALL TABLE recomputed) d) || ' ' || (SELECT count(*) FROM (TABLE recomputed EXCEPT ALL TABLE stored) d);
ROLLBACK;
SQL
    ) || { fail "$what: recomputing the summaries failed: $out"; return; }
    [ "$out" = "0 0" ] || fail "$what: the stored summaries differ from a recomputation (stored rows not recomputed, recomputed rows not stored): $out"
    # every child's area, every measurement's child and area exist (0.7.0
    # keeps these references with triggers; before, foreign keys kept them)
    if [ "$(q -d "$db" -c "SELECT to_regprocedure('stunting.check_references()') IS NOT NULL")" = t ]; then
        out=$(q -d "$db" -c "SELECT count(*) FROM stunting.check_references()" 2>&1) \
            || { fail "$what: stunting.check_references() failed: $out"; return; }
        [ "$out" = 0 ] || fail "$what: stunting.check_references() lists $out row(s) whose child or area does not exist:
$(q -d "$db" -c "SELECT * FROM stunting.check_references() LIMIT 5" 2>&1 | sed 's/^/    /')"
    fi
    # the weight-gain codes (0.9.0) equal a recomputation from the
    # measurements (pg_restore -j loads them before or after the children:
    # the codes are computed from the measurements alone)
    if [ "$(q -d "$db" -c "SELECT to_regprocedure('stunting.check_weighing()') IS NOT NULL")" = t ]; then
        out=$(q -d "$db" -c "SELECT count(*) || ' ' || (((SELECT count(*) FROM stunting.weighing) > 0) = (SELECT count(*) > 0 FROM stunting.measurement WHERE weight_kg IS NOT NULL))::text FROM stunting.check_weighing()" 2>&1) \
            || { fail "$what: stunting.check_weighing() failed: $out"; return; }
        [ "${out%% *}" = 0 ] || fail "$what: stunting.check_weighing() lists ${out%% *} weighing(s) whose code differs from a recomputation:
$(q -d "$db" -c "SELECT * FROM stunting.check_weighing() LIMIT 5" 2>&1 | sed 's/^/    /')"
        [ "${out#* }" = true ] || fail "$what: stunting.weighing is empty while measurements with a weight exist, or the reverse"
    fi
    if [ "$(q -d "$db" -c "SELECT to_regprocedure('stunting.check_area_month()') IS NOT NULL")" != t ]; then
        [ -n "$no_check_function_reported" ] || fail "stunting.check_area_month() does not exist"
        no_check_function_reported=1
    elif ! out=$(q -d "$db" -c "SELECT count(*) FROM stunting.check_area_month()" 2>&1); then
        fail "$what: stunting.check_area_month() failed: $out"
    elif [ "$out" != 0 ]; then
        fail "$what: stunting.check_area_month() lists $out area-month(s) whose summary differs from a recomputation:
$(q -d "$db" -c "SELECT * FROM stunting.check_area_month() LIMIT 5" 2>&1 | sed 's/^/    /')"
    fi
}

echo "== source database ($src_db)"
src=$(snapshot $src_db)
echo "$src" | sed 's/^/   /'
read -r src_children src_measurements src_rejected src_summaries < <(q -d $src_db -c "
    SELECT (SELECT count(*) FROM stunting.child), (SELECT count(*) FROM stunting.measurement),
           (SELECT count(*) FROM stunting.measurement WHERE posyandu NOT LIKE 'Posyandu %'),
           (SELECT count(*) FROM stunting.area_month_summary)" -F ' ')
q -d $src_db -c "SELECT '   accepted measurements: ' || min(month) || '..' || max(month) || ', ' || count(DISTINCT month) || ' months, '
                        || count(DISTINCT area_code) || ' kelurahan, ' || (SELECT min(n) || '..' || max(n) FROM
                           (SELECT count(DISTINCT child_id) AS n FROM stunting.measurement WHERE posyandu LIKE 'Posyandu %' GROUP BY month) n)
                        || ' children a month'
                 FROM stunting.measurement WHERE posyandu LIKE 'Posyandu %'"
src_rejected_line=$(echo "$src" | sed -n 4p)
[ "$(echo "$src" | sed -n 1p | cut -d' ' -f2)" = 49 ] || fail "source: expected 49 areas (46 kelurahan, 3 kecamatan): $(echo "$src" | sed -n 1p)"
[ "$src_children" -ge 1900 ] && [ "$src_measurements" -ge 8500 ] \
    || fail "source: too few children ($src_children) or measurements ($src_measurements)"
[ "$src_rejected" = 5 ] && [[ $src_rejected_line == *": 5 rows, "* ]] \
    || fail "source: expected 5 stored measurements the data-entry checks reject: $src_rejected_line"
[ "$src_summaries" -ge 250 ] || fail "source: too few area-month summaries: $src_summaries"
check_consistent $src_db "source"
src_empty=$(q -d $src_db -c "SELECT count(*) FROM stunting.area_month_summary WHERE children = 0")
read -r src_max_child src_max_measurement src_max_audit < <(q -d $src_db -F ' ' -c "SELECT (SELECT max(id) FROM stunting.child), (SELECT max(id) FROM stunting.measurement), (SELECT coalesce(max(id), 0) FROM stunting.audit_log)")
# 0.8.0: every write above is in the audit trail (but the 5 rows inserted with
# the user triggers disabled); the key is set; the viewer sees some rows
read -r src_audit_child src_audit_measurement src_keys < <(q -d $src_db -F ' ' -c "
    SELECT (SELECT count(*) FROM stunting.audit_log WHERE table_name = 'child' AND operation = 'INSERT'),
           (SELECT count(*) FROM stunting.audit_log WHERE table_name = 'measurement' AND operation = 'INSERT'),
           (SELECT count(*) FROM stunting.nik_key)")
[ "$src_audit_child" = "$src_children" ] && [ "$src_audit_measurement" -ge $((src_measurements - 5)) ] \
    || fail "source: expected an audit entry for every insert: $src_audit_child child inserts ($src_children children), $src_audit_measurement measurement inserts ($src_measurements measurements, 5 unaudited)"
[ "$src_keys" = 1 ] || fail "source: expected one NIK key, found $src_keys"
src_found=$(echo "$src" | grep '^children found by')
[[ $src_found =~ ^children\ found\ by\ stunting.nik_hash\(nik\):\ ([0-9]+)\ of\ ([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] \
    && [ "${BASH_REMATCH[1]}" -ge 600 ] || fail "source: expected every hashed child (about 666) found by its NIK: $src_found"
src_seen=$(echo "$src" | grep '^seen by')
[[ $src_seen =~ :\ ([0-9]+)\ children,\ ([0-9]+)\ measurements,\ ([0-9]+)\ audit ]] \
    && [ "${BASH_REMATCH[1]}" -gt 0 ] && [ "${BASH_REMATCH[1]}" -lt "$src_children" ] \
    && [ "${BASH_REMATCH[2]}" -gt 0 ] && [ "${BASH_REMATCH[2]}" -lt "$src_measurements" ] && [ "${BASH_REMATCH[3]}" -gt 0 ] \
    || fail "source: the viewer of one kecamatan should see some but not all children and measurements: $src_seen"


# 2. dump it (custom format; directory format, in parallel), restore it
t0=$SECONDS
pg_dump -Fc -d $src_db -f "$tmp/src.dump" 2>"$tmp/dump.log" || { cat "$tmp/dump.log"; exit 1; }
pg_dump -Fd -j 4 -d $src_db -f "$tmp/src.dir" 2>>"$tmp/dump.log" || { cat "$tmp/dump.log"; exit 1; }
echo "== pg_dump -Fc and -Fd -j 4: $((SECONDS - t0)) s"
# (stunting.area's parent_code refers to the table itself: pg_dump warns)
awk '!seen[$0]++' "$tmp/dump.log" | sed 's/^/   /'

restore() {
    local db=$1; shift
    local log="$tmp/$db.log" rc=0 t=$SECONDS errors how
    how="pg_restore ${*//$tmp\//} into $db"
    q -d postgres -c "CREATE DATABASE $db"
    pg_restore "$@" -d "$db" >"$log" 2>&1 || rc=$?
    errors=$(grep -c 'ERROR' "$log" || true)
    echo "== $how: exit $rc, $errors ERROR line(s), $((SECONDS - t)) s"
    if [ "$rc" != 0 ] || [ "$errors" != 0 ]; then
        fail "$how: exit $rc, $errors ERROR line(s):
$(grep -A1 'ERROR' "$log" | head -12 | sed 's/^/    /')"
    fi
    grep -v 'ERROR' "$log" | grep -i 'warning' | head -5 | sed 's/^/   pg_restore said: /' || true
    local dst
    dst=$(snapshot "$db")
    if [ "$dst" = "$src" ]; then
        echo "   every area, child, measurement, summary, sequence, audit entry, area grant and the NIK key as in the source; the viewer sees the same rows"
    else
        fail "$how: the restored database differs from the source (< source, > restored):
$(diff <(echo "$src") <(echo "$dst") | grep '^[<>]' | sed 's/^/    /')"
    fi
    check_consistent "$db" "$how"
    # Rows of stunting.area_month_summary with no child (0.7.0 leaves one,
    # summary NULL, where deletions emptied an area-month) are not compared:
    # a restore writes summaries only where there are measurements.
    echo "   area-months with no child in stunting.area_month_summary: source $src_empty, restored $(q -d "$db" -c "SELECT count(*) FROM stunting.area_month_summary WHERE children = 0")"
    # The restored identity sequences hand out fresh ids; the triggers still
    # compute new rows and the data-entry checks still reject implausible ones.
    local out
    if out=$(q -d "$db" -F ' ' 2>&1 <<'SQL'
WITH c AS (INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('m', '2025-01-01', '35.71.01.1001') RETURNING id)
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
SELECT id, '2026-10-15', 9.8, 79.5, 'l' FROM c
RETURNING child_id, id, (z).zlen IS NOT NULL AND (status).height IS NOT NULL AND area_code = '35.71.01.1001';
SQL
    ); then
        read -r new_child new_measurement computed <<<"$out"
        [ "$new_child" -gt "$src_max_child" ] && [ "$new_measurement" -gt "$src_max_measurement" ] \
            || fail "$db: the restored sequences hand out used ids: child $new_child (source max $src_max_child), measurement $new_measurement (source max $src_max_measurement)"
        [ "$computed" = t ] || fail "$db: a new measurement's z, status and area were not computed: $out"
        # ... and are audited, under fresh audit ids (0.8.0)
        local audited
        audited=$(q -d "$db" -F ' ' -c "SELECT count(*) FILTER (WHERE table_name = 'child' AND operation = 'INSERT'),
                                               count(*) FILTER (WHERE table_name = 'measurement' AND operation = 'INSERT'),
                                               bool_and(id > $src_max_audit)
                                        FROM stunting.audit_log
                                        WHERE (table_name, row_id) IN (('child', $new_child), ('measurement', $new_measurement))")
        [ "$audited" = "1 1 t" ] \
            || fail "$db: the new child and measurement are not audited once each under fresh ids (child, measurement entries, ids above the source's $src_max_audit): $audited"
        check_consistent "$db" "$db, after a new measurement"
    else
        fail "$db: inserting a new child and measurement failed: $out"
    fi
    if out=$(q -d "$db" -c "INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
                            SELECT max(id), '2026-10-16', 9800, 79.5, 'l' FROM stunting.child" 2>&1); then
        fail "$db: a new measurement with a weight in grams was accepted"
    elif ! grep -q 'weight_in_grams' <<<"$out"; then
        fail "$db: a new measurement with a weight in grams failed, but not by the data-entry checks: $out"
    fi
}

restore $serial_db "$tmp/src.dump"
for db in $parallel_dbs; do
    restore "$db" -j 4 "$tmp/src.dump"
done
restore $dir_db -j 4 "$tmp/src.dir"

# 3. TRUNCATE empties the summaries (and so stunting.area_month)
after_truncate() {
    local db=$1 what=$2 out
    out=$(q -d "$db" -F ' ' -c "SELECT (SELECT count(*) FROM stunting.area_month_summary), (SELECT count(*) FROM stunting.area_month),
                                       (SELECT count(*) FROM stunting.measurement), (SELECT count(*) FROM stunting.child)")
    read -r n_summary n_view n_measurement n_child <<<"$out"
    echo "   after $what: $n_summary summaries, $n_view rows of stunting.area_month, $n_measurement measurements, $n_child children"
    [ "$n_summary" = 0 ] && [ "$n_view" = 0 ] \
        || fail "after $what: stunting.area_month_summary has $n_summary rows and stunting.area_month $n_view (expected none)"
    [ "$n_measurement" = 0 ] || fail "after $what: $n_measurement measurements are left"
    check_consistent "$db" "after $what"
}
echo "== TRUNCATE (in copies of the source database)"
trunc_dbs="stunting_dump_truncate_m stunting_dump_truncate_c"
for db in $trunc_dbs; do
    q -d postgres -c "CREATE DATABASE $db TEMPLATE $src_db"
done
db=stunting_dump_truncate_m
if out=$(q -d "$db" -c "TRUNCATE stunting.measurement" 2>&1); then
    after_truncate "$db" "TRUNCATE stunting.measurement"
    out=$(q -d "$db" -c "WITH c AS (INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('f', '2025-01-01', '35.71.01.1001') RETURNING id)
                         INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
                         SELECT id, '2026-10-15', 9.8, 79.5, 'l' FROM c" 2>&1) \
        || fail "a measurement after TRUNCATE stunting.measurement failed: $out"
    [ "$(q -d "$db" -c "SELECT count(*) FROM stunting.area_month_summary")" = 1 ] \
        || fail "a measurement after TRUNCATE stunting.measurement: expected 1 summary"
    check_consistent "$db" "a measurement after TRUNCATE stunting.measurement"
else
    fail "TRUNCATE stunting.measurement failed: $out"
fi
db=stunting_dump_truncate_c
if out=$(q -d "$db" -c "TRUNCATE stunting.child CASCADE" 2>&1); then
    after_truncate "$db" "TRUNCATE stunting.child CASCADE"
else
    fail "TRUNCATE stunting.child CASCADE failed: $out"
fi

# 4. COPY BINARY of the summaries out of one database and into another
monthly_of() { q -d "$1" -c "SELECT count(*) || ' ' || md5(string_agg(area || month || s::text, ',' ORDER BY area, month)) FROM monthly"; }
q -d $src_db -c "\\copy monthly TO '$tmp/monthly.bin' WITH (FORMAT binary)"
q -d $serial_db -c "TRUNCATE monthly" -c "\\copy monthly FROM '$tmp/monthly.bin' WITH (FORMAT binary)"
msrc=$(monthly_of $src_db)
mdst=$(monthly_of $serial_db)
echo "== COPY BINARY: source $msrc, copied $mdst"
[ "$msrc" = "$mdst" ] || fail "summaries copied with COPY BINARY differ"
[ "${msrc%% *}" -ge 230 ] || fail "too few summaries in table monthly: $msrc"

[ -n "${STUNTING_KEEP_DBS:-}" ] || for db in $all_dbs $trunc_dbs; do
    q -d postgres -c "DROP DATABASE IF EXISTS $db"
done
[ -n "${STUNTING_KEEP_DBS:-}" ] || drop_viewer
echo "== $SECONDS s"
if [ ${#failures[@]} -gt 0 ]; then
    echo "dump/restore: ${#failures[@]} check(s) FAILED:"
    printf '  - %s\n' "${failures[@]%%$'\n'*}"
    exit 1
fi
echo "dump/restore (serial, -j 4 ${STUNTING_RESTORE_REPEAT:-8} times, directory format -j 4), TRUNCATE and COPY BINARY: ok"
