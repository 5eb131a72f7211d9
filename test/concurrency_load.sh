#!/usr/bin/env bash
# test/concurrency_load.sh - many field teams at once (issue 15): pgbench
# runs a mixed workload against stunting.measurement and stunting.child at
# READ COMMITTED with 2, 4, 8 and 16 clients, each client a fixed number of
# transactions (LOAD_TX, -t).  The scripts, with weights:
#   insert   one measurement of a random child on a random day of
#            June-September 2026
#   multi    one INSERT ... SELECT of 5 measurements: 5 children, 5 days,
#            so several area-months in one statement
#   update   a random measurement gets a new visit date (maybe another
#            month), a new weight and length, and now and then another
#            kelurahan
#   delete   exactly one row of a pool of measurements made for deleting
#            (a sequence hands each delete its own row)
#   correct  a child's sex flipped or birth date moved (within 30 days of
#            the original, so every visit stays plausible)
#   move     a child moved to another kelurahan (UPDATE child.area_code)
# The clients log in as a data-entry role (0.8.0: stunting.grant_template
# 'entry', stunting.grant_area(role, kecamatan, 'enter') on the three
# kecamatan, and so on every kelurahan), so every
# statement runs under row-level security, as a field team's would.
# Checks after each run: pgbench reports 0 failed transactions and no
# error; every client ran all its transactions; the number of measurements
# is what the committed scripts imply (pgbench's per-script counts, and a
# log table each script writes in its own transaction); every delete
# deleted one row; stunting.check_area_month() and stunting.check_weighing()
# are empty; every stored z and
# status equals a recomputation from the committed child; the audit trail
# (stunting.audit_log) holds one INSERT entry per measurement inserted and
# one DELETE entry per measurement deleted, the entries of the field team's
# writes under the entry role's name.
# Knobs: LOAD_TX (500 transactions per client), LOAD_CLIENTS ("2 4 8 16"),
# LOAD_CHILDREN (600; fewer children, more contention on each), LOAD_KEEP
# (a folder to keep the scripts and pgbench's outputs in), LOAD_ROLE (the
# entry role, stunting_load_entry; created and dropped), LOAD_AS (entry:
# pgbench logs in as LOAD_ROLE; owner: as the user psql connects as, the
# superuser, whom row-level security does not apply to: to compare the tps,
# e.g. LOAD_CLIENTS=16 LOAD_AS=owner against LOAD_CLIENTS=16).  About 70 s on
# 2 cores.
# Needs a running server (PGHOST, PGPORT, PGUSER set, as test/run.sh does)
# with the extension installed; creates and drops its own database.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=stunting_load
LOAD_TX=${LOAD_TX:-500}
LOAD_CLIENTS=${LOAD_CLIENTS:-2 4 8 16}
CHILDREN=${LOAD_CHILDREN:-600}
PGBENCH=${PGBENCH:-/usr/lib/postgresql/15/bin/pgbench}
ROLE=${LOAD_ROLE:-stunting_load_entry}
LOAD_AS=${LOAD_AS:-entry}
tmp=$(mktemp -d)
drop_role() {
    psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1 || true
}
trap 'rm -rf "$tmp"; drop_role' EXIT
# LOAD_KEEP=folder keeps the pgbench scripts and outputs there
keep() { if [ -n "${LOAD_KEEP:-}" ]; then mkdir -p "$LOAD_KEEP" && cp "$tmp"/* "$LOAD_KEEP"/; fi; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB"
drop_role
q -d postgres -c "CREATE ROLE $ROLE LOGIN" -c "CREATE DATABASE $DB"
# who pgbench logs in as (and whom the audit trail must name)
case $LOAD_AS in
    entry) bench_user=$ROLE ;;
    owner) bench_user=$(q -d postgres -c "SELECT current_user") ;;
    *) echo "LOAD_AS must be entry or owner, not $LOAD_AS"; exit 1 ;;
esac
q -d $DB >/dev/null <<SQL
SET client_min_messages = warning;
CREATE EXTENSION stunting CASCADE;
\set doc \`cat data/kota_kediri_kelurahan.geojson\`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan');
SELECT stunting.derive_parent_areas('district');
-- the kelurahan numbered 0..45, for scripts that pick one at random
CREATE TABLE load_area AS
  SELECT (row_number() OVER (ORDER BY code) - 1)::int AS k, code FROM stunting.area WHERE level = 'village';
SELECT setseed(0.15);
-- children born January-March 2025 (base_birth); corrections keep the
-- birth date within 30 days of it: every visit of June-September 2026 is
-- then at 13-22 months, measured lying
CREATE TABLE load_child (id bigint PRIMARY KEY, base_birth date NOT NULL);
WITH c AS (
  INSERT INTO stunting.child (sex, birth_date, area_code)
  SELECT CASE WHEN i % 2 = 0 THEN 'l' ELSE 'p' END, date '2025-01-01' + (i * 7919) % 90,
         (SELECT code FROM load_area WHERE k = i % 46)
  FROM generate_series(1, $CHILDREN) i
  RETURNING id, birth_date)
INSERT INTO load_child SELECT id, birth_date FROM c;
-- weight and length from the age (months) at the visit, with some spread
CREATE FUNCTION load_len(birth date, visit date, jitter int) RETURNS float8 LANGUAGE sql IMMUTABLE
  AS \$\$ SELECT round((74 + 0.95 * ((visit - birth) / 30.4375 - 12) + (jitter % 7 - 3) * 0.8)::numeric, 1)::float8 \$\$;
CREATE FUNCTION load_wt(birth date, visit date, jitter int) RETURNS float8 LANGUAGE sql IMMUTABLE
  AS \$\$ SELECT round((9.2 + 0.2 * ((visit - birth) / 30.4375 - 12) + (jitter % 5 - 2) * 0.3)::numeric, 1)::float8 \$\$;
-- what each committed script did, written in the script's transaction
CREATE TABLE load_log (kind text NOT NULL, n int NOT NULL);
-- history: 3 visits of every child
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu)
SELECT c.id, v, load_wt(c.birth_date, v, (c.id + d)::int), load_len(c.birth_date, v, (c.id * 3 + d)::int), 'l', 'history'
FROM stunting.child c, (VALUES (0), (37), (81)) o(d), LATERAL (SELECT date '2026-06-01' + ((c.id * 13 + o.d) % 122)::int AS v) x;
-- the pool the delete script takes its rows from, one row per delete
-- pgbench could run
CREATE TABLE load_pool (k bigint PRIMARY KEY, id bigint NOT NULL);
CREATE SEQUENCE load_pool_seq;
SQL
max_tx=0
for c in $LOAD_CLIENTS; do max_tx=$((max_tx + c * LOAD_TX)); done
q -d $DB >/dev/null <<SQL
WITH p AS (
  INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu)
  SELECT c.id, v, load_wt(c.birth_date, v, i), load_len(c.birth_date, v, i * 3), 'l', 'pool'
  FROM generate_series(1, $max_tx) i
  JOIN stunting.child c ON c.id = 1 + (i * 7) % $CHILDREN,
  LATERAL (SELECT date '2026-06-01' + (i * 11) % 122 AS v) x
  RETURNING id)
INSERT INTO load_pool SELECT row_number() OVER (ORDER BY id), id FROM p;
-- the field team: the entry template, the whole city (its three kecamatan:
-- the areas loaded here have no city row) to enter data for
SELECT stunting.grant_template('$ROLE', 'entry');
SELECT stunting.grant_area('$ROLE', code, 'enter') FROM stunting.area WHERE level = 'district';
GRANT SELECT ON load_area, load_child, load_pool TO $ROLE;
GRANT INSERT ON load_log TO $ROLE;
GRANT USAGE ON SEQUENCE load_pool_seq TO $ROLE;
VACUUM ANALYZE;
SQL

cat >"$tmp/insert.sql" <<SQL
\set c random(1, $CHILDREN)
\set d random(0, 121)
\set j random(0, 34)
WITH i AS (
  INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu)
  SELECT c.id, date '2026-06-01' + :d, load_wt(c.birth_date, date '2026-06-01' + :d, :j),
         load_len(c.birth_date, date '2026-06-01' + :d, :j), 'l', 'load'
  FROM stunting.child c WHERE c.id = :c
  RETURNING 1)
INSERT INTO load_log SELECT 'insert', count(*) FROM i;
SQL
cat >"$tmp/multi.sql" <<SQL
\set c random(1, $CHILDREN)
\set d random(0, 121)
\set j random(0, 34)
\set i0 1 + (:c) % $CHILDREN
\set i1 1 + (:c + 97) % $CHILDREN
\set i2 1 + (:c + 194) % $CHILDREN
\set i3 1 + (:c + 291) % $CHILDREN
\set i4 1 + (:c + 388) % $CHILDREN
\set v0 (:d) % 122
\set v1 (:d + 29) % 122
\set v2 (:d + 58) % 122
\set v3 (:d + 87) % 122
\set v4 (:d + 116) % 122
-- (the ids as constants, as an application sends them: an expression in
-- a join on stunting.child cannot be pushed below its row-level security
-- policy, and scans the table)
WITH i AS (
  INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu)
  SELECT c.id, x.v, load_wt(c.birth_date, x.v, :j + x.g), load_len(c.birth_date, x.v, :j + 2 * x.g), 'l', 'multi'
  FROM (VALUES (:i0::bigint, date '2026-06-01' + :v0, 0), (:i1::bigint, date '2026-06-01' + :v1, 1),
               (:i2::bigint, date '2026-06-01' + :v2, 2), (:i3::bigint, date '2026-06-01' + :v3, 3),
               (:i4::bigint, date '2026-06-01' + :v4, 4)) x(id, v, g)
  JOIN stunting.child c ON c.id = x.id
  RETURNING 1)
INSERT INTO load_log SELECT 'multi', count(*) FROM i;
SQL
cat >"$tmp/update.sql" <<SQL
\set m random(1, 4 * $CHILDREN)
\set d random(0, 121)
\set j random(0, 34)
\set a random(0, 45)
\set r random(0, 3)
SELECT min(id) AS base FROM stunting.measurement \gset
\set mid :base + :m
UPDATE stunting.measurement m
SET visit_date = date '2026-06-01' + :d,
    weight_kg = load_wt(c.birth_date, date '2026-06-01' + :d, :j),
    lenhei_cm = load_len(c.birth_date, date '2026-06-01' + :d, :j),
    area_code = CASE WHEN :r = 0 THEN (SELECT code FROM load_area WHERE k = :a) ELSE m.area_code END
FROM stunting.child c
WHERE c.id = m.child_id AND m.id = :mid;
SQL
cat >"$tmp/delete.sql" <<'SQL'
SELECT nextval('load_pool_seq') AS k \gset
WITH d AS (DELETE FROM stunting.measurement WHERE id = (SELECT id FROM load_pool WHERE k = :k) RETURNING 1)
INSERT INTO load_log SELECT 'delete', count(*) FROM d;
SQL
cat >"$tmp/correct.sql" <<SQL
\set c random(1, $CHILDREN)
\set s random(0, 1)
\set k random(-30, 30)
UPDATE stunting.child c
SET sex = CASE WHEN :s = 1 THEN CASE c.sex WHEN 'l' THEN 'p' ELSE 'l' END ELSE c.sex END,
    birth_date = CASE WHEN :s = 0 THEN b.base_birth + :k ELSE c.birth_date END
FROM load_child b
WHERE b.id = c.id AND c.id = :c;
SQL
cat >"$tmp/move.sql" <<SQL
\set c random(1, $CHILDREN)
\set a random(0, 45)
UPDATE stunting.child SET area_code = (SELECT code FROM load_area WHERE k = :a) WHERE id = :c;
SQL

fail=0
audit_mark=$(q -d $DB -c "SELECT coalesce(max(id), 0) FROM stunting.audit_log")
m0=$(q -d $DB -c "SELECT count(*) FROM stunting.measurement")
# the audit trail before the load: one INSERT entry per measurement so far
a0=$(q -d $DB -c "SELECT count(*) FROM stunting.audit_log WHERE table_name = 'measurement' AND operation = 'INSERT'")
[ "$a0" = "$m0" ] || { echo "before the load: $a0 audit INSERT entries for $m0 measurements"; exit 1; }
t_start=$(date +%s)
for clients in $LOAD_CLIENTS; do
    out="$tmp/pgbench_$clients.out"
    rc=0
    # -j 1: pgbench 15 adds up the per-script counts of its threads without
    # a lock (with -j 8 one run lost a transaction of a script's count)
    "$PGBENCH" -n -d $DB -U "$bench_user" -c "$clients" -j 1 -t "$LOAD_TX" --failures-detailed \
        -f "$tmp/insert.sql@30" -f "$tmp/multi.sql@10" -f "$tmp/update.sql@20" \
        -f "$tmp/delete.sql@15" -f "$tmp/correct.sql@15" -f "$tmp/move.sql@10" \
        >"$out" 2>&1 || rc=$?
    # per script, in -f order: insert, multi, update, delete, correct, move
    mapfile -t per_script < <(sed -n 's/^ - \([0-9]*\) transactions (.*/\1/p' "$out")
    processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
    tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out")
    errors=$(grep -cE 'ERROR|aborted|error:' "$out" || true)
    n_ins=${per_script[0]:-0} n_multi=${per_script[1]:-0} n_del=${per_script[3]:-0}
    read -r log_ins log_multi log_del del_not_one < <(q -d $DB -F ' ' -c "
        SELECT coalesce(sum(n) FILTER (WHERE kind = 'insert'), 0), coalesce(sum(n) FILTER (WHERE kind = 'multi'), 0),
               coalesce(sum(n) FILTER (WHERE kind = 'delete'), 0), count(*) FILTER (WHERE kind = 'delete' AND n <> 1)
        FROM load_log")
    expected=$((m0 + log_ins + log_multi - log_del))
    read -r measurements inconsistent weighing_wrong z_wrong < <(q -d $DB -F ' ' -c "
        SELECT (SELECT count(*) FROM stunting.measurement),
               (SELECT count(*) FROM stunting.check_area_month()),
               (SELECT count(*) FROM stunting.check_weighing()),
               (SELECT count(*) FROM stunting.measurement m JOIN stunting.child c ON c.id = m.child_id
                WHERE m.z::text IS DISTINCT FROM stunting.anthro_zscores(c.sex, stunting.age_days(c.birth_date, m.visit_date)::float8,
                          m.weight_kg, m.lenhei_cm, m.measure, m.oedema, m.headc_cm, m.armc_cm)::text
                   OR m.status::text IS DISTINCT FROM stunting.assess(stunting.anthro_zscores(c.sex, stunting.age_days(c.birth_date, m.visit_date)::float8,
                          m.weight_kg, m.lenhei_cm, m.measure, m.oedema, m.headc_cm, m.armc_cm))::text)")
    read -r audit_ins audit_del audit_other_role < <(q -d $DB -F ' ' -c "
        SELECT count(*) FILTER (WHERE operation = 'INSERT'), count(*) FILTER (WHERE operation = 'DELETE'),
               count(*) FILTER (WHERE id > $audit_mark AND operation <> 'UPDATE' AND role_name <> '$bench_user')
        FROM stunting.audit_log WHERE table_name = 'measurement'")
    echo "$clients clients x $LOAD_TX: exit $rc, processed ${processed:-?}, failed ${failed:-?}, errors in output $errors, ${tps:-?} tps;" \
         "scripts insert/multi/update/delete/correct/move ${per_script[*]:-?};" \
         "measurements $measurements (expected $expected), check_area_month rows $inconsistent, check_weighing rows $weighing_wrong, z/status differing $z_wrong;" \
         "audit: measurement inserts $audit_ins (expected $((m0 + log_ins + log_multi))), deletes $audit_del (expected $log_del), inserts and deletes not by $bench_user $audit_other_role"
    ok=1
    [ "$rc" = 0 ] || ok=0
    [ "${processed:-}" = $((clients * LOAD_TX)) ] || ok=0
    [ "${failed:-x}" = 0 ] || ok=0
    [ "$errors" = 0 ] || ok=0
    [ "$del_not_one" = 0 ] || ok=0
    [ "$measurements" = "$expected" ] || ok=0
    [ "$inconsistent" = 0 ] || ok=0
    [ "$weighing_wrong" = 0 ] || ok=0
    [ "$z_wrong" = 0 ] || ok=0
    [ "$audit_ins" = $((m0 + log_ins + log_multi)) ] && [ "$audit_del" = "$log_del" ] && [ "$audit_other_role" = 0 ] || ok=0
    # the log agrees with pgbench's own counts (cumulative over the runs):
    # each committed insert one row, each multi 5, each delete exactly one
    sum_ins=$(( ${sum_ins:-0} + n_ins )); sum_multi=$(( ${sum_multi:-0} + n_multi )); sum_del=$(( ${sum_del:-0} + n_del ))
    [ "$log_ins" = "$sum_ins" ] && [ "$log_multi" = $((5 * sum_multi)) ] && [ "$log_del" = "$sum_del" ] || {
        ok=0; echo "   the log (insert $log_ins, multi rows $log_multi, delete $log_del) disagrees with pgbench's counts (insert $sum_ins, multi $sum_multi x 5, delete $sum_del)"; }
    if [ $ok = 0 ]; then
        fail=1
        echo "   FAILED; pgbench output:"
        grep -E 'ERROR|DETAIL|CONTEXT|aborted|error|failed|deadlock|serializ' "$out" | sort | uniq -c | sort -rn | head -20 | sed 's/^/   /'
    fi
done
keep
echo "load runs took $(( $(date +%s) - t_start )) s"
q -d postgres -c "DROP DATABASE $DB"
if [ $fail = 0 ]; then
    echo "concurrency load: ok"
else
    echo "concurrency load: FAILED"
    exit 1
fi
