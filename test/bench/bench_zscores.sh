#!/bin/bash
# test/bench/bench_zscores.sh - how much do the z-score functions cost per row?
#
# Starts a throw-away cluster, creates BENCH_ROWS (1,000,000) synthetic
# children, times four aggregate queries over them BENCH_REPS (5) times each
# and reports the medians and their ratios against the targets.  It is a
# benchmark, not a test: a missed target prints MISS, the exit status is 0
# unless the script itself breaks.  Run as root from anywhere:
#
#     test/bench/bench_zscores.sh
#
# See test/bench/README.md for what is measured and why.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_ROWS=${BENCH_ROWS:-1000000}
BENCH_REPS=${BENCH_REPS:-5}
LMS_FILE=${LMS_FILE:-/work/shared/who/2006/lenanthro.txt}

# Server settings, the same for every query (both sides of every ratio):
#  - shared_buffers 1GB: the ~70 MB table and all its pages stay in
#    PostgreSQL's own cache, so no run reads from the kernel or the disk;
#  - no parallel workers: one backend on one core; with 2 cores, workers
#    would mostly measure scheduling noise, and per-row cost is the question;
#  - jit off: JIT would switch on for the costlier queries only (the join
#    passes jit_above_cost, baseline A does not), so ratios would compare
#    different executors; JIT does not compile the C functions anyway;
#  - autovacuum off: nothing in the background during the timed runs;
#  - fsync, full_page_writes, synchronous_commit off, big max_wal_size:
#    only to load the data faster (the timed queries write nothing).
STUNTING_PGOPTS="-c shared_buffers=1GB -c max_parallel_workers_per_gather=0
  -c jit=off -c autovacuum=off -c fsync=off -c full_page_writes=off
  -c synchronous_commit=off -c max_wal_size=4GB -c work_mem=64MB
  ${BENCH_PGOPTS:-}"
STUNTING_PGOPTS=$(echo $STUNTING_PGOPTS)   # one line for pg_ctl -o
export STUNTING_PGOPTS

# shellcheck source=../../tools/pgcluster.sh
source "$HERE/../../tools/pgcluster.sh"
stunting_install_packages
stunting_build_install
stunting_cluster_start

PSQL=(psql -X -q -v ON_ERROR_STOP=1)

# The LMS values only have to look real: the join costs the same whatever
# they are.  Without WHO's file, synthesise one with the same shape
# (2 sexes x days 0-1826, L = 1, a median curve through WHO's 0, 1 and 5 year
# medians).
lms_source() {
    if [ -r "$LMS_FILE" ]; then
        cat "$LMS_FILE"
    else
        echo "== $LMS_FILE not found: using a synthetic LMS table" >&2
        awk 'BEGIN {
            OFS = "\t"; print "sex", "age", "l", "m", "s", "loh"
            for (sex = 1; sex <= 2; sex++)
                for (age = 0; age <= 1826; age++)
                    print sex, age, 1, 49.5 + 25.8 * sqrt(age / 365.25) - 0.6 * (sex - 1),
                          0.037, (age < 731 ? "L" : "H")
        }'
    fi
}

echo "== creating $BENCH_ROWS children and timing $BENCH_REPS runs per query"
start=$SECONDS
lms_source | "${PSQL[@]}" -v rows="$BENCH_ROWS" -v reps="$BENCH_REPS" \
    -f "$HERE/bench_zscores.sql" >"${BENCH_LOG:-/dev/null}"
echo "== done in $(( SECONDS - start )) s"

# One line per query: id|name|median|min|max (ms).  With an odd number of
# runs percentile_cont(0.5) is the middle run.
results=$("${PSQL[@]}" -At -F '|' -c "
  SELECT q.id, q.name,
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.ms)::numeric, 1),
         round(min(r.ms)::numeric, 1), round(max(r.ms)::numeric, 1)
  FROM bench_queries q JOIN bench_runs r USING (id)
  GROUP BY q.id, q.name ORDER BY q.id")

median() { awk -F '|' -v id="$1" '$1 == id { print $3 }' <<<"$results"; }
base_a=$(median 1)
lhfa=$(median 2)
anthro=$(median 3)
sql_join=$(median 4)

# ratio NAME NUMERATOR DENOMINATOR OP TARGET: one report line.
ratio() {
    awk -v name="$1" -v a="$2" -v b="$3" -v op="$4" -v t="$5" 'BEGIN {
        r = a / b
        ok = (op == "<=") ? (r <= t) : (r >= t)
        printf "  %-34s %7.2f   target %s %-5s %s\n", name, r, op, t, ok ? "PASS" : "MISS"
    }'
}

cpu=$(awk -F ': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
pgversion=$("${PSQL[@]}" -At -c "SELECT version()")
settings=$("${PSQL[@]}" -At -c "
  SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name)
  FROM pg_settings WHERE name IN ('shared_buffers', 'jit',
    'max_parallel_workers_per_gather', 'work_mem')")
size=$("${PSQL[@]}" -At -c "SELECT pg_size_pretty(pg_relation_size('children'))")

cat <<EOF

stunting z-score benchmark
  machine     $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -r)
  postgres    $pgversion
  settings    $settings
  data        $BENCH_ROWS children ($size), $BENCH_REPS timed runs per query after 1 warm-up

  median ms    min ms    max ms   query
EOF
awk -F '|' '{ printf "  %9.1f %9.1f %9.1f   %s\n", $3, $4, $5, $2 }' <<<"$results"
echo
echo "  ratio (of medians)"
ratio "zscore_lhfa / baseline A" "$lhfa" "$base_a" "<=" 2.0
ratio "anthro_zscores / baseline A" "$anthro" "$base_a" "<=" 5.0
ratio "SQL join / zscore_lhfa" "$sql_join" "$lhfa" ">=" 20
echo
