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
# Checks after each run: pgbench reports 0 failed transactions and no
# error; every client ran all its transactions; the number of measurements
# is what the committed scripts imply (pgbench's per-script counts, and a
# log table each script writes in its own transaction); every delete
# deleted one row; stunting.check_area_month() is empty; every stored z and
# status equals a recomputation from the committed child.
# Knobs: LOAD_TX (500 transactions per client), LOAD_CLIENTS ("2 4 8 16"),
# LOAD_CHILDREN (600; fewer children, more contention on each), LOAD_KEEP
# (a folder to keep the scripts and pgbench's outputs in).  About 25 s on
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# LOAD_KEEP=folder keeps the pgbench scripts and outputs there
keep() { if [ -n "${LOAD_KEEP:-}" ]; then mkdir -p "$LOAD_KEEP" && cp "$tmp"/* "$LOAD_KEEP"/; fi; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
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
WITH i AS (
  INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu)
  SELECT c.id, v, load_wt(c.birth_date, v, :j + g), load_len(c.birth_date, v, :j + 2 * g), 'l', 'multi'
  FROM generate_series(0, 4) g
  JOIN stunting.child c ON c.id = 1 + (:c + 97 * g) % $CHILDREN,
  LATERAL (SELECT date '2026-06-01' + (:d + 29 * g) % 122 AS v) x
  RETURNING 1)
INSERT INTO load_log SELECT 'multi', count(*) FROM i;
SQL
cat >"$tmp/update.sql" <<SQL
\set m random(1, 4 * $CHILDREN)
\set d random(0, 121)
\set j random(0, 34)
\set a random(0, 45)
\set r random(0, 3)
UPDATE stunting.measurement m
SET visit_date = date '2026-06-01' + :d,
    weight_kg = load_wt(c.birth_date, date '2026-06-01' + :d, :j),
    lenhei_cm = load_len(c.birth_date, date '2026-06-01' + :d, :j),
    area_code = CASE WHEN :r = 0 THEN (SELECT code FROM load_area WHERE k = :a) ELSE m.area_code END
FROM stunting.child c
WHERE c.id = m.child_id AND m.id = (SELECT min(id) FROM stunting.measurement) + :m;
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
m0=$(q -d $DB -c "SELECT count(*) FROM stunting.measurement")
t_start=$(date +%s)
for clients in $LOAD_CLIENTS; do
    out="$tmp/pgbench_$clients.out"
    rc=0
    # -j 1: pgbench 15 adds up the per-script counts of its threads without
    # a lock (with -j 8 one run lost a transaction of a script's count)
    "$PGBENCH" -n -d $DB -c "$clients" -j 1 -t "$LOAD_TX" --failures-detailed \
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
    read -r measurements inconsistent z_wrong < <(q -d $DB -F ' ' -c "
        SELECT (SELECT count(*) FROM stunting.measurement),
               (SELECT count(*) FROM stunting.check_area_month()),
               (SELECT count(*) FROM stunting.measurement m JOIN stunting.child c ON c.id = m.child_id
                WHERE m.z::text IS DISTINCT FROM stunting.anthro_zscores(c.sex, stunting.age_days(c.birth_date, m.visit_date)::float8,
                          m.weight_kg, m.lenhei_cm, m.measure, m.oedema, m.headc_cm, m.armc_cm)::text
                   OR m.status::text IS DISTINCT FROM stunting.assess(stunting.anthro_zscores(c.sex, stunting.age_days(c.birth_date, m.visit_date)::float8,
                          m.weight_kg, m.lenhei_cm, m.measure, m.oedema, m.headc_cm, m.armc_cm))::text)")
    echo "$clients clients x $LOAD_TX: exit $rc, processed ${processed:-?}, failed ${failed:-?}, errors in output $errors, ${tps:-?} tps;" \
         "scripts insert/multi/update/delete/correct/move ${per_script[*]:-?};" \
         "measurements $measurements (expected $expected), check_area_month rows $inconsistent, z/status differing $z_wrong"
    ok=1
    [ "$rc" = 0 ] || ok=0
    [ "${processed:-}" = $((clients * LOAD_TX)) ] || ok=0
    [ "${failed:-x}" = 0 ] || ok=0
    [ "$errors" = 0 ] || ok=0
    [ "$del_not_one" = 0 ] || ok=0
    [ "$measurements" = "$expected" ] || ok=0
    [ "$inconsistent" = 0 ] || ok=0
    [ "$z_wrong" = 0 ] || ok=0
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
