#!/bin/bash
# test/bench/bench_growth_monitoring.sh - what the weight-gain codes N/T/O/B
# (stunting.weighing, growth_monitoring.sql) cost for one month of a city of
# BENCH_CHILDREN (1,000,000) children, against reading that month's
# measurements, all measured in the same run on the same cluster.
#
# Data (bench_growth_monitoring.sql): 46 kelurahan, BENCH_CHILDREN children,
# January and February 2026 stored with the triggers off and then refreshed
# once; March (one weighing per child) is inserted here through the row
# triggers, as the owner with the derived columns given (so
# measurement_before_write keeps them as stored), in one transaction whose
# COMMIT refreshes March's area-months and every child's weighings.
#
# Timed (wall clock on the server, bench_ms; BENCH_REPS (5) runs each,
# round-robin after one untimed warm-up round, each in a transaction rolled
# back; the report uses medians):
#   A     the month's measurements: count(*), sum(weight_kg) of March, read
#         through measurement_area_month_idx (area_code = ANY (the city's
#         kelurahan) AND month): only March's rows and pages.  There is no
#         index on month alone; "WHERE month = m" alone is a Seq Scan of all
#         three months (A-seq, reported);
#   B     the three months March's codes depend on: count(*), sum(weight_kg)
#         of January-March (a Seq Scan: they are the whole table);
#   read  SELECT gain, count(*) FROM stunting.weighing WHERE month = March
#         GROUP BY gain (judged: <= BENCH_MAX_READ_RATIO (2.0) x A), and
#         stunting.skdn(March) (reported);
#   B-cols  the same rows with every value the codes are made of (child,
#         id, visit date, area, posyandu, weight, age in days, WAZ and its
#         flag), aggregated so that nothing goes to the client;
#   month stunting.weighing_of_month(March), counting its rows, codes, 2T
#         and BGM: the month's codes derived from the measurements in one
#         pass (judged: <= BENCH_MAX_DERIVE_RATIO (2.0) x B-cols; B and A
#         reported); before the timing, its rows are compared with
#         stunting.weighing's (must be equal);
#   derive  stunting.weighing_compute(every child, March), the per-child
#         derivation the commit-time refresh uses, the same counts
#         (ratio to A and to B);
#   write stunting.refresh_weighing(every child, March): the commit-time
#         refresh of a month's load (locks, delete, compute, insert, counts),
#         rolled back, then VACUUM (not timed) of weighing and weighing_child
#         so that every run starts from the same tables.
# Plus, once: the INSERT of March through the triggers and its COMMIT.
#
# Every query runs in one process (max_parallel_workers_per_gather = 0).
# A test: exits non-zero when read / A exceeds BENCH_MAX_READ_RATIO, month /
# B-cols exceeds BENCH_MAX_DERIVE_RATIO, or weighing_of_month differs from
# stunting.weighing; the other ratios are reported (no target).  Knobs:
# BENCH_CHILDREN, BENCH_REPS, BENCH_MAX_READ_RATIO, BENCH_MAX_DERIVE_RATIO,
# BENCH_PLANS=0 (no plans), BENCH_PGOPTS, BENCH_LOG (plans, the
# EXPLAIN ANALYZE of derive and write: /tmp/bench_growth_monitoring.log),
# STUNTING_PGPORT, BENCH_BUILD=1 (build and install first).
# shared_buffers is 4GB here, not bench_cluster.sh's 1GB: at 1M children
# the measurements (3M rows) take about 1.1 GB and the weighings 0.4 GB.
# Run as root.  About 25 minutes at 1,000,000 children on the 2-core VM
# (about 4 at 200,000); the load takes about half.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_CHILDREN=${BENCH_CHILDREN:-1000000}
BENCH_REPS=${BENCH_REPS:-5}
BENCH_MAX_READ_RATIO=${BENCH_MAX_READ_RATIO:-2.0}
BENCH_MAX_DERIVE_RATIO=${BENCH_MAX_DERIVE_RATIO:-2.0}
BENCH_LOG=${BENCH_LOG:-/tmp/bench_growth_monitoring.log}
export BENCH_PGOPTS="-c shared_buffers=4GB ${BENCH_PGOPTS:-}"

cd "$HERE/../.."
# shellcheck disable=SC1091 # the shared benchmark settings (test/bench/bench_cluster.sh)
source test/bench/bench_cluster.sh
bench_cluster_start "${BENCH_BUILD:-0}"
: >"$BENCH_LOG"
started=$(date +%s)

echo "== building $BENCH_CHILDREN children, January and February (log: $BENCH_LOG)"
"${PSQL[@]}" -v children="$BENCH_CHILDREN" -f test/bench/bench_growth_monitoring.sql >>"$BENCH_LOG"
"${PSQL[@]}" >>"$BENCH_LOG" <<'SQL'
SET client_min_messages = warning;
CREATE UNLOGGED TABLE bench_march AS SELECT * FROM bench_month_rows WHERE k = 3 ORDER BY child_id;
SQL
echo "   $(( $(date +%s) - started )) s"

echo "== March through the triggers, one transaction"
load=$("${PSQL[@]}" -At -F ' ' <<'SQL'
SET client_min_messages = warning;
SET row_security = off;
BEGIN;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu, area_code, month, z, status)
SELECT child_id, visit_date, weight_kg, lenhei_cm, measure, posyandu, area_code,
       date_trunc('month', visit_date)::date, z, status
FROM bench_march ORDER BY child_id;
SELECT clock_timestamp() AS t1 \gset
COMMIT;
SELECT round(extract(epoch FROM :'t1'::timestamptz - :'t0'::timestamptz)::numeric * 1000, 1),
       round(extract(epoch FROM clock_timestamp() - :'t1'::timestamptz)::numeric * 1000, 1);
SQL
)
read -r insert_ms commit_ms <<<"$load"
echo "   INSERT $insert_ms ms, COMMIT $commit_ms ms"

echo "== VACUUM ANALYZE, prewarm"
"${PSQL[@]}" >>"$BENCH_LOG" <<'SQL'
SET client_min_messages = warning;
VACUUM ANALYZE stunting.measurement, stunting.weighing, stunting.weighing_child, stunting.child,
               stunting.area_month_summary, stunting.area;
SELECT c.relname, pg_size_pretty(pg_relation_size(c.oid)) AS size, pg_prewarm(c.oid) AS pages
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'stunting' AND c.relkind IN ('r', 'i')
  AND (c.relname ~ '^(measurement|weighing|child)' OR c.relname IN ('area', 'area_pkey', 'kbm_pkey', 'kbm'))
ORDER BY pg_relation_size(c.oid) DESC;
SQL
bench_define_timer >/dev/null
echo "   $(( $(date +%s) - started )) s so far"

# What March's weighings say (and that every child has one).
"${PSQL[@]}" -At -F ' ' <<'SQL' | tee -a "$BENCH_LOG"
SELECT 'measurements per month:', string_agg(to_char(month, 'YYYY-MM') || ' ' || n, ', ' ORDER BY month)
FROM (SELECT month, count(*) AS n FROM stunting.measurement GROUP BY month) s;
SELECT 'March weighings:', count(*), 'N', count(*) FILTER (WHERE gain = 'N'), 'T', count(*) FILTER (WHERE gain = 'T'),
       'O', count(*) FILTER (WHERE gain = 'O'), 'B', count(*) FILTER (WHERE gain = 'B'),
       'none', count(*) FILTER (WHERE gain IS NULL),
       '2T', count(*) FILTER (WHERE two_t), 'BGM', count(*) FILTER (WHERE bgm)
FROM stunting.weighing WHERE month = '2026-03-01';
SQL
# The one-pass derivation gives exactly the stored rows.
differ=$("${PSQL[@]}" -At -c "SELECT count(*) FROM ((SELECT * FROM stunting.weighing_of_month('2026-03-01') EXCEPT ALL SELECT * FROM stunting.weighing WHERE month = '2026-03-01') UNION ALL (SELECT * FROM stunting.weighing WHERE month = '2026-03-01' EXCEPT ALL SELECT * FROM stunting.weighing_of_month('2026-03-01'))) x")
n_march=$("${PSQL[@]}" -At -c "SELECT count(*) FROM stunting.weighing WHERE month = '2026-03-01'")
[ "$n_march" = "$BENCH_CHILDREN" ] || { echo "March has $n_march weighings, expected $BENCH_CHILDREN" >&2; exit 1; }

# The queries: name|statement (one line each; $q$-quoted into bench_ms).
M="date '2026-03-01'"
IDS="ARRAY(SELECT id FROM stunting.child ORDER BY id)"
MONTHS="array_fill($M, ARRAY[(SELECT count(*)::int FROM stunting.child)])"
VILLAGES="(SELECT array_agg(code) FROM stunting.area WHERE level = 'village')::text[]"
QUERIES=(
  "A|SELECT count(*), sum(weight_kg) FROM stunting.measurement WHERE area_code = ANY ($VILLAGES) AND month = $M"
  "Aseq|SELECT count(*), sum(weight_kg) FROM stunting.measurement WHERE month = $M"
  "B|SELECT count(*), sum(weight_kg) FROM stunting.measurement WHERE month BETWEEN date '2026-01-01' AND $M"
  # the values the codes are made of, read from the same rows
  "Bcols|SELECT count(*), sum(child_id), sum(id), max(visit_date), max(area_code), max(posyandu), sum(weight_kg), sum((z).age_days), sum((z).zwei), count(*) FILTER (WHERE (z).fwei) FROM stunting.measurement WHERE month BETWEEN date '2026-01-01' AND $M"
  "month|SELECT count(*), count(gain), count(*) FILTER (WHERE two_t), count(bgm) FROM stunting.weighing_of_month($M)"
  "read|SELECT gain, count(*) FROM stunting.weighing WHERE month = $M GROUP BY gain"
  "skdn|SELECT count(*) FROM stunting.skdn($M)"
  # (every code column read: were weighing_compute ever inlined, count(*)
  #  alone would let the planner skip the window functions and the KBM)
  "derive|SELECT count(*), count(gain), count(*) FILTER (WHERE two_t), count(bgm) FROM stunting.weighing_compute($IDS, $MONTHS)"
  "write|SELECT stunting.refresh_weighing($IDS, $MONTHS)"
)

if [ "${BENCH_PLANS:-1}" = 1 ]; then
echo "== plans (EXPLAIN ANALYZE, BUFFERS) -> $BENCH_LOG"
{
    for entry in "${QUERIES[@]}"; do
        name=${entry%%|*} sql=${entry#*|}
        echo "-- $name: $sql"
        case $name in
            skdn|derive|write)
                # and the plans of the statements inside the functions
                "${PSQL[@]}" -c "LOAD 'auto_explain'" -c "SET auto_explain.log_min_duration = 1" \
                    -c "SET auto_explain.log_analyze = on" -c "SET auto_explain.log_buffers = on" \
                    -c "SET auto_explain.log_nested_statements = on" -c "SET client_min_messages = log" \
                    -c "BEGIN" -c "EXPLAIN (ANALYZE, BUFFERS) $sql" -c "ROLLBACK" 2>&1 ;;
            *)
                "${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS) $sql" ;;
        esac
        if [ "$name" = write ]; then
            "${PSQL[@]}" -c "SET client_min_messages = warning" -c "VACUUM stunting.weighing, stunting.weighing_child"
        fi
    done
} >>"$BENCH_LOG"
fi

echo "== timing: ${#QUERIES[@]} queries, $BENCH_REPS runs each after a warm-up, round-robin"
script=$(mktemp /tmp/bench_growth_monitoring.XXXXXX.sql)
times=$(mktemp /tmp/bench_growth_monitoring.XXXXXX.times)
{
    echo "SET client_min_messages = warning;"
    # one process each: weighing_of_month's scan hands every row to the
    # leader, where a parallel plan does not pay, so parallel reads would
    # measure the cores rather than the work
    echo "SET max_parallel_workers_per_gather = 0;"
    for r in $(seq 0 "$BENCH_REPS"); do
        for entry in "${QUERIES[@]}"; do
            name=${entry%%|*} sql=${entry#*|}
            echo "BEGIN;"
            echo "SELECT $r, '$name', bench_ms(\$q\$$sql\$q\$);"
            echo "ROLLBACK;"
            [ "$name" = write ] && echo "VACUUM stunting.weighing, stunting.weighing_child;"
        done
    done
} >"$script"
"${PSQL[@]}" -At -F ' ' -f "$script" >"$times"
rm -f "$script"

# median of numbers on stdin (mawk has no asort)
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# median of the timed runs of $1 (run 0 is the warm-up)
med() { awk -v q="$1" '$1 > 0 && $2 == q { print $3 }' "$times" | median; }
# median over the runs of (run r of $1) / (run r of $2)
per_run() { awk -v q="$1" -v b="$2" '$1 > 0 && $2 == q { x[$1] = $3 } $1 > 0 && $2 == b { y[$1] = $3 }
          END { for (r in x) print x[r] / y[r] }' "$times" | median | awk '{ printf "%.2f", $1 }'; }
minmax() { awk -v q="$1" '$1 > 0 && $2 == q { if (lo == "" || $3 < lo) lo = $3; if ($3 > hi) hi = $3 }
          END { printf "%9.1f %9.1f", lo, hi }' "$times"; }

declare -A MS
for entry in "${QUERIES[@]}"; do
    name=${entry%%|*}
    MS[$name]=$(med "$name")
done

printf '\n%d children, %s measurements (3 months); %d runs, medians in ms\n' \
    "$BENCH_CHILDREN" "$("${PSQL[@]}" -At -c "SELECT count(*) FROM stunting.measurement")" "$BENCH_REPS"
printf '%10s %9s %9s   %s\n' "median" "min" "max" "query"
describe() {
    case $1 in
        A) echo "A: March's measurements, count + sum(weight), via (area_code, month) index" ;;
        Aseq) echo "A-seq: the same, WHERE month = March alone (Seq Scan of 3 months)" ;;
        B) echo "B: the 3 months' measurements March's codes depend on, count + sum(weight)" ;;
        Bcols) echo "B-cols: the same rows, every value the codes are made of (ids, dates, area, posyandu, weight, age, WAZ)" ;;
        month) echo "month: weighing_of_month(March), one pass: count, codes, 2T, BGM" ;;
        read) echo "read: weighing, March, GROUP BY gain" ;;
        skdn) echo "skdn(March): every posyandu, kelurahan, kecamatan, city" ;;
        derive) echo "derive: weighing_compute(every child, March): count, codes, 2T, BGM" ;;
        write) echo "write: refresh_weighing(every child, March), rolled back" ;;
    esac
}
for entry in "${QUERIES[@]}"; do
    name=${entry%%|*}
    printf '%10s %s   %s\n' "${MS[$name]}" "$(minmax "$name")" "$(describe "$name")"
done
printf '%10s %9s %9s   %s\n' "$insert_ms" "" "" "once: INSERT of March ($BENCH_CHILDREN rows) through the row triggers"
printf '%10s %9s %9s   %s\n' "$commit_ms" "" "" "once: its COMMIT (area-months, then refresh_weighing of every child)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-58s %8s %8s %8s %8s  %s\n' "ratio" "num ms" "den ms" "medians" "per run" "target"
line() { # name num den target
    local r v
    r=$(ratio "${MS[$2]}" "${MS[$3]}")
    if [ "$4" = "-" ]; then v="(reported)"; else v="<= $4 $(bench_verdict_le "$r" "$4")"; fi
    printf '%-58s %8s %8s %8s %8s  %s\n' "$1" "${MS[$2]}" "${MS[$3]}" "$r" "$(per_run "$2" "$3")" "$v"
}
line "read: weighing GROUP BY gain / A" read A "$BENCH_MAX_READ_RATIO"
line "read: skdn(March) / A" skdn A -
line "derive: weighing_of_month / B-cols (the values read)" month Bcols "$BENCH_MAX_DERIVE_RATIO"
line "derive: weighing_of_month / B (3 months, weights only)" month B -
line "derive: weighing_of_month / A" month A -
line "derive: weighing_compute / A" derive A -
line "derive: weighing_compute / B (3 months read)" derive B -
line "write: refresh_weighing / A" write A -
line "A-seq / A (what the missing month index costs)" Aseq A -
printf '%-58s %8s %8s %8s %8s  %s\n' "once: COMMIT of March's load / A" "$commit_ms" "${MS[A]}" \
    "$(ratio "$commit_ms" "${MS[A]}")" "" "(reported)"
printf '%-58s %8s %8s %8s %8s  %s\n' "once: INSERT + COMMIT of March's load / A" \
    "$(awk -v a="$insert_ms" -v b="$commit_ms" 'BEGIN { print a + b }')" "${MS[A]}" \
    "$(ratio "$(awk -v a="$insert_ms" -v b="$commit_ms" 'BEGIN { print a + b }')" "${MS[A]}")" "" "(reported)"
cat "$times" >>"$BENCH_LOG"
rm -f "$times"
verdict=$(bench_verdict_le "$(ratio "${MS[read]}" "${MS[A]}")" "$BENCH_MAX_READ_RATIO")
verdict_derive=$(bench_verdict_le "$(ratio "${MS[month]}" "${MS[Bcols]}")" "$BENCH_MAX_DERIVE_RATIO")
printf '\n%d s in all; read ratio %s; derive ratio %s; weighing_of_month differs from stunting.weighing in %s rows\n' \
    "$(( $(date +%s) - started ))" "$verdict" "$verdict_derive" "$differ"
stunting_cluster_stop
[ "$verdict" = PASS ] && [ "$verdict_derive" = PASS ] && [ "$differ" = 0 ]
