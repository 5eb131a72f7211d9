#!/bin/bash
# test/bench/bench_summary.sh - what does the stunting.summarize aggregate
# cost, does it scale with parallel workers, and is its memory flat?
#
# Starts a throw-away cluster, creates BENCH_ROWS (1,000,000) children with
# their z-scores computed once (stunting.zscores column) in 46 areas, and:
#   1. times summarize(z) GROUP BY area against count(*), avg((z).zlen)
#      GROUP BY area, serial, best of BENCH_REPS (5) runs each;
#   2. times both again with 2 parallel workers (speed-up over serial);
#   3. measures the aggregate's peak memory over BENCH_SMALL (100,000) and
#      BENCH_ROWS rows: HashAggregate's "Memory Usage" and the backend's
#      peak RSS (VmHWM) in a fresh connection;
#   4. checks that serial and parallel give the same estimates per area.
# It is a benchmark, not a test: a missed target prints MISS, the exit
# status is 0 unless the script itself breaks.  Run as root from anywhere:
#
#     test/bench/bench_summary.sh
#
# It uses the installed extension (BENCH_BUILD=1: build and install it
# first).  See test/bench/README.md for what is measured and why.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_ROWS=${BENCH_ROWS:-1000000}
BENCH_SMALL=${BENCH_SMALL:-100000}
BENCH_REPS=${BENCH_REPS:-5}
BENCH_LOG=${BENCH_LOG:-/dev/null}

# Server settings: test/bench/bench_cluster.sh.  The parallel queries raise
# max_parallel_workers_per_gather for themselves.
cd "$HERE/../.."
# shellcheck disable=SC1091 # the shared benchmark settings
source test/bench/bench_cluster.sh
bench_cluster_start "${BENCH_BUILD:-0}"
PARALLEL="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0;
  SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"

# How busy other programs keep the CPUs: the share of all CPUs' time not
# idle over 3 s, taken while the cluster does nothing (before the run and
# after it).  A parallel speed-up needs idle cores: with one of two taken,
# the leader and 2 workers share the other one.
busy_pct() {
    local _ u n s i w q sq st t0 i0 t1 i1
    read -r _ u n s i w q sq st _ </proc/stat
    t0=$((u + n + s + i + w + q + sq + st)) i0=$((i + w))
    sleep 3
    read -r _ u n s i w q sq st _ </proc/stat
    t1=$((u + n + s + i + w + q + sq + st)) i1=$((i + w))
    echo $(( 100 - 100 * (i1 - i0) / (t1 - t0) ))
}
busy_start=$(busy_pct)
echo "== creating $BENCH_ROWS children and timing $BENCH_REPS runs per query"
start=$SECONDS
"${PSQL[@]}" -v rows="$BENCH_ROWS" -v small="$BENCH_SMALL" -v reps="$BENCH_REPS" \
    -v clk_tck="$(getconf CLK_TCK)" \
    -f "$HERE/bench_summary.sql" >"$BENCH_LOG"
echo "== loaded and timed in $(( SECONDS - start )) s; checking the parallel plans"

# -- The parallel plans: Partial HashAggregate / Gather, and do the workers
# start in the timed path (EXECUTE inside PL/pgSQL)?  auto_explain logs the
# nested statement with its actual plan; client_min_messages brings the log
# line to psql's stderr.
plan_ok=yes
for id in 11 12; do
    plan=$("${PSQL[@]}" -At 2>&1 <<EOF
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = on;
SET auto_explain.log_timing = off;
SELECT bench_apply(gucs) FROM bench_queries WHERE id = $id \g /dev/null
SET client_min_messages = log;
SELECT bench_once(sql) FROM bench_queries WHERE id = $id \g /dev/null
EOF
)
    echo "$plan" >>"$BENCH_LOG"
    for want in 'Partial HashAggregate|Partial GroupAggregate' 'Gather' 'Workers Launched: 2'; do
        grep -Eq "$want" <<<"$plan" || { plan_ok=no; echo "   query $id: no '$want' in the plan" >&2; }
    done
done

# -- Serial and parallel give the same estimates.  CREATE TABLE AS runs its
# query in parallel too (EXPLAIN ANALYZE shows the workers).
echo "== comparing serial and parallel results"
cmp_plan=$("${PSQL[@]}" -At <<EOF
SET max_parallel_workers_per_gather = 0;
CREATE TABLE cmp_serial AS
  SELECT area, stunting.summarize(z) AS s FROM children GROUP BY area;
$PARALLEL
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF)
CREATE TABLE cmp_parallel AS
  SELECT area, stunting.summarize(z) AS s FROM children GROUP BY area;
EOF
)
echo "$cmp_plan" >>"$BENCH_LOG"
grep -q 'Workers Launched: 2' <<<"$cmp_plan" || { plan_ok=no; echo "   the parallel comparison ran without 2 workers" >&2; }
# areas|prevalence identical|mean identical|summary identical|max |d r| prev|
# max |d r| mean|max |d se| mean|max |d stdev| mean|counts equal
cmp=$("${PSQL[@]}" -At -F '|' -c "
  SELECT count(*),
         count(*) FILTER (WHERE pa IS NOT DISTINCT FROM pb),
         count(*) FILTER (WHERE ma IS NOT DISTINCT FROM mb),
         count(*) FILTER (WHERE a.s::text = b.s::text),
         max(abs((pa).r - (pb).r)),
         max(abs((ma).r - (mb).r)),
         max(abs((ma).se - (mb).se)),
         max(abs((ma).stdev - (mb).stdev)),
         bool_and((pa).unwpop = (pb).unwpop AND (ma).unwpop = (mb).unwpop
                  AND (pa).pop = (pb).pop AND (ma).pop = (mb).pop)
  FROM cmp_serial a
  FULL JOIN cmp_parallel b USING (area),
  LATERAL (SELECT stunting.prevalence(a.s, 'HA_2') AS pa, stunting.prevalence(b.s, 'HA_2') AS pb,
                  stunting.zscore_mean(a.s, 'HA') AS ma, stunting.zscore_mean(b.s, 'HA') AS mb) e")
IFS='|' read -r cmp_n cmp_prev cmp_mean cmp_text cmp_dprev cmp_dmean cmp_dse cmp_dsd cmp_counts <<<"$cmp"

# -- Memory.  For each table and grouping:
#  * HashAggregate's "Memory Usage" from EXPLAIN (ANALYZE, BUFFERS): the
#    peak of the hash table with the transition states in it;
#  * the backend's peak RSS (VmHWM in /proc/<pid>/status, read by the
#    backend itself) in a fresh connection.  The connection first scans the
#    table with count(*), so every shared_buffers page the aggregate will
#    read is already mapped (and counted in RSS); the peak less the shared
#    memory mapped at the end (RssShmem) is the backend's own memory.
echo "== measuring memory"
mem_lines=""
for table in children_small children; do
    rows=$("${PSQL[@]}" -At -c "SELECT count(*) FROM $table")
    for grouping in none city area; do
        case $grouping in
            none) query="SELECT stunting.summarize(z) FROM $table"; label="1 (no GROUP BY)" ;;
            city) query="SELECT city, stunting.summarize(z) FROM $table GROUP BY city"; label="1 (GROUP BY city)" ;;
            area) query="SELECT area, stunting.summarize(z) FROM $table GROUP BY area"; label="46 (GROUP BY area)" ;;
        esac
        hashmem=-
        if [ $grouping != none ]; then
            plan=$("${PSQL[@]}" -At -c "SET enable_sort = off" \
                -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) $query")
            echo "$plan" >>"$BENCH_LOG"
            hashmem=$(sed -n 's/.*Memory Usage: \([0-9]*\)kB.*/\1/p' <<<"$plan" | head -1)
            hashmem=${hashmem:--}
        fi
        rss=$("${PSQL[@]}" -At -F '|' <<EOF
SELECT count(*) FROM $table \g /dev/null
SELECT bench_status_kb('VmHWM') AS hwm_before \gset
$query \g /dev/null
SELECT :hwm_before, bench_status_kb('VmHWM'), bench_status_kb('RssShmem');
EOF
)
        mem_lines+="$rows|$grouping|$label|$hashmem|$rss"$'\n'
    done
done
mem_lines=${mem_lines%$'\n'}
echo "$mem_lines" >>"$BENCH_LOG"

# -- Timings: id|name|best|median|max (ms)|ns per row (best)|best CPU ms|
# median wait ms (the backend's, i.e. the leader's for a parallel query)|
# best CPU ms of the leader and its workers.
results=$("${PSQL[@]}" -At -F '|' -c "
  SELECT q.id, q.name, round(min(r.ms)::numeric, 1),
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.ms)::numeric, 1),
         round(max(r.ms)::numeric, 1), round((min(r.ms) * 1e6 / $BENCH_ROWS)::numeric),
         round(min(r.cpu_ms)::numeric, 1),
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.wait_ms)::numeric, 1),
         round(min(r.work_ms)::numeric)
  FROM bench_queries q JOIN bench_runs r USING (id)
  GROUP BY q.id, q.name ORDER BY q.id")

# One line per ratio: name|ratio of the bests|median of per-run ratios|op|target.
# The judged number is the ratio of the best runs (wall clock).  The per-run
# ratio divides run r of one query by run r of the other, taken seconds
# apart: when it disagrees with the ratio of the bests, the machine was
# noisy.  The CPU-time lines are not judged.  "serial, backend CPU time" is
# the same comparison with the time other programs took the CPU left out.
# "bound from CPU time" is 2 x serial CPU / CPU of leader and workers: the
# speed-up 2 idle cores would give if the work were split evenly, i.e.
# what parallelism costs in extra CPU (starting workers, merging) and
# nothing else.
ratios=$("${PSQL[@]}" -At -F '|' -c "
  WITH best AS (SELECT id, min(ms) AS ms, min(cpu_ms) AS cpu_ms, min(work_ms) AS work_ms
                FROM bench_runs GROUP BY id),
  wanted (ord, name, num, den, how, op, target) AS (VALUES
    (1, 'summarize / baseline, serial', 2, 1, 'wall', '<=', 3.0),
    (2, 'summarize / baseline, serial, backend CPU time', 2, 1, 'cpu', 'info', NULL),
    (3, 'summarize speed-up, 2 workers', 2, 12, 'wall', '>=', 1.6),
    (4, 'baseline speed-up, 2 workers', 1, 11, 'wall', 'info', NULL),
    (5, 'count(*) speed-up, 2 workers', 0, 10, 'wall', 'info', NULL),
    (6, 'summarize / baseline, 2 workers', 12, 11, 'wall', 'info', NULL),
    (7, 'summarize speed-up, 2 workers, leader idle', 2, 22, 'wall', 'info', NULL),
    (8, 'baseline speed-up, 2 workers, leader idle', 1, 21, 'wall', 'info', NULL),
    (9, 'summarize speed-up bound from CPU time', 2, 12, 'work', 'info', NULL),
    (10, 'baseline speed-up bound from CPU time', 1, 11, 'work', 'info', NULL)
  )
  SELECT w.name,
         CASE w.how WHEN 'wall' THEN n.ms / d.ms WHEN 'cpu' THEN n.cpu_ms / d.cpu_ms
                    ELSE 2 * n.cpu_ms / d.work_ms END,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY
                   CASE w.how WHEN 'wall' THEN a.ms / b.ms WHEN 'cpu' THEN a.cpu_ms / b.cpu_ms
                              ELSE 2 * a.cpu_ms / b.work_ms END)
          FROM bench_runs a JOIN bench_runs b USING (run)
          WHERE a.id = w.num AND b.id = w.den),
         w.op, w.target
  FROM wanted w JOIN best n ON n.id = w.num JOIN best d ON d.id = w.den
  ORDER BY w.ord")

busy_end=$(busy_pct)
cpu=$(awk -F ': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
pgversion=$("${PSQL[@]}" -At -c "SELECT version()")
extversion=$("${PSQL[@]}" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'stunting'")
settings=$("${PSQL[@]}" -At -c "
  SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name)
  FROM pg_settings WHERE name IN ('shared_buffers', 'jit', 'work_mem',
    'max_parallel_workers_per_gather', 'parallel_leader_participation')")
data=$("${PSQL[@]}" -At -c "
  SELECT pg_size_pretty(pg_relation_size('children')) || ', z ' ||
         round(avg(pg_column_size(z))) || ' bytes a row, ' || count(DISTINCT area) || ' areas'
  FROM children")
state=$("${PSQL[@]}" -At -c "SELECT pg_column_size(stunting.summarize(z)) FROM children_small")

cat <<EOF

stunting growth_summary aggregate benchmark
  machine     $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -r)
  postgres    $pgversion; stunting $extversion
  settings    $settings (serial runs)
  data        $BENCH_ROWS children ($data); $BENCH_SMALL in the small table
  state       $state bytes per group
  timing      $BENCH_REPS timed runs per query after 1 warm-up, round-robin
  other load  ${busy_start} % of the CPUs busy before the run, ${busy_end} % after (3 s each, cluster idle)

                                   backend:  best    median   with workers
    best ms  median ms    max ms  ns/row   CPU ms   wait ms   best CPU ms   query, all GROUP BY area
EOF
awk -F '|' '{ printf "  %9.1f %10.1f %9.1f %7s %8.1f %9.1f %13s   %s\n", $3, $4, $5, $6, $7, $8, $9, $2 }' <<<"$results"
echo "  (ns/row: best ms per row; backend CPU and wait: the leader's alone for 2 workers)"
echo "  parallel plans (Partial HashAggregate, Gather, 2 workers launched in the timed path): $plan_ok"

echo
echo "  memory (serial; one fresh connection per line, which scans the table first)"
echo "                                     HashAgg    VmHWM kB    VmHWM kB  RssShmem kB  peak less"
echo "      rows  groups                    Memory  after scan  after agg.    after agg.  shared kB"
awk -F '|' '{ printf "  %8d  %-22s %9s %11d %11d %13d %10d\n", $1, $3, ($4 == "-" ? "-" : $4 " kB"), $5, $6, $7, $6 - $7 }' <<<"$mem_lines"

# Memory ratios big / small for each grouping: name|ratio.
mem_ratios=$(awk -F '|' -v small="$BENCH_SMALL" '
    $1 == small { hs[$2] = $4; ps[$2] = $6 - $7; next }
    { hb[$2] = $4; pb[$2] = $6 - $7 }
    END {
        name["none"] = "no GROUP BY"
        name["city"] = "1 group (city)"
        name["area"] = "46 groups"
        n = split("city area", gs, " ")
        for (k = 1; k <= n; k++)
            printf "HashAgg Memory, %s|%s\n", name[gs[k]],
                (hs[gs[k]] > 0 && hb[gs[k]] != "-") ? hb[gs[k]] / hs[gs[k]] : "nan"
        n = split("none city area", gs, " ")
        for (k = 1; k <= n; k++)
            printf "peak RSS less shared, %s|%s\n", name[gs[k]],
                (ps[gs[k]] > 0 ? pb[gs[k]] / ps[gs[k]] : "nan")
    }' <<<"$mem_lines")

echo
same=MISS
if [ "$cmp_n" = 46 ] && [ "$cmp_prev" = "$cmp_n" ] && [ "$cmp_counts" = t ] &&
   awk -v d="$cmp_dmean" -v s="$cmp_dse" -v sd="$cmp_dsd" 'BEGIN { exit !(d <= 1e-12 && s <= 1e-12 && sd <= 1e-12) }'; then
    same=PASS
fi
echo "  serial = parallel, per area ($cmp_n areas):"
echo "    prevalence(s, 'HA_2') identical in $cmp_prev, max |difference| of r $cmp_dprev; counts and pop equal: $cmp_counts"
echo "    zscore_mean(s, 'HA') identical in $cmp_mean, max |difference| of r $cmp_dmean, se $cmp_dse, stdev $cmp_dsd"
echo "    the whole summary (text form, every field) identical in $cmp_text"

echo
echo "  ratio                                                bests   per run   target"
awk -F '|' '{
    if ($4 == "info") { printf "  %-50s %7.2f %9.2f   (not judged)\n", $1, $2, $3; next }
    ok = ($4 == "<=") ? ($2 <= $5) : ($2 >= $5)
    printf "  %-50s %7.2f %9.2f   %s %-4s %s\n", $1, $2, $3, $4, $5, ok ? "PASS" : "MISS"
}' <<<"$ratios"
awk -F '|' -v rows="$BENCH_ROWS" -v small="$BENCH_SMALL" '
    function human(n) { return n % 1000000 == 0 ? n / 1000000 "M" : n % 1000 == 0 ? n / 1000 "k" : n }
    {
        name = sprintf("%s, %s/%s", $1, human(rows), human(small))
        if ($2 == "nan")
            printf "  %-50s %7s %9s   ~1 (<= 1.10) MISS (not measured)\n", name, "-", ""
        else
            printf "  %-50s %7.2f %9s   ~1 (<= 1.10) %s\n", name, $2, "", ($2 <= 1.10 ? "PASS" : "MISS")
    }' <<<"$mem_ratios"
printf "  %-50s %7s %9s   equal        %s\n" "serial = parallel (46 areas)" \
    "$([ "$same" = PASS ] && echo yes || echo no)" "" "$same"
printf "  %-50s %7s %9s   yes          %s\n" "parallel plans: partial aggregates, 2 workers" \
    "$plan_ok" "" "$([ "$plan_ok" = yes ] && echo PASS || echo MISS)"
if [ "$busy_start" -ge 10 ] || [ "$busy_end" -ge 10 ]; then
    echo
    echo "  WARNING: other programs kept the CPUs busy (${busy_start} % before, ${busy_end} % after):"
    echo "  the timings, and above all the parallel speed-ups, are not this code's."
fi
echo
