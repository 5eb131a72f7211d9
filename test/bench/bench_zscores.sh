#!/bin/bash
# test/bench/bench_zscores.sh - how much do the z-score functions cost per row?
#
# Starts a throw-away cluster, creates BENCH_ROWS (1,000,000) synthetic
# children, times four aggregate queries over them BENCH_REPS (7) times each
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
BENCH_REPS=${BENCH_REPS:-7}
LMS_FILE=${LMS_FILE:-$HERE/../../../shared/who/2006/lenanthro.txt}

# Server settings: test/bench/bench_cluster.sh.  This benchmark always
# builds and installs the extension first.
cd "$HERE/../.."
# shellcheck disable=SC1091 # the shared benchmark settings
source test/bench/bench_cluster.sh
bench_cluster_start 1

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
  WITH base AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms
                FROM bench_runs WHERE id = 1)
  SELECT q.id, q.name,
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.ms)::numeric, 1),
         round(min(r.ms)::numeric, 1), round(max(r.ms)::numeric, 1),
         round(((percentile_cont(0.5) WITHIN GROUP (ORDER BY r.ms) - min(base.ms))
                * 1e6 / $BENCH_ROWS)::numeric)
  FROM bench_queries q JOIN bench_runs r USING (id), base
  GROUP BY q.id, q.name ORDER BY q.id")

# One line per ratio: name|ratio of medians|median of per-run ratios|op|target.
# The judged number is the ratio of the medians.  The per-run ratio divides
# run r of one query by run r of the other, taken seconds apart (runs go
# round-robin), so a machine that is slow for a while slows both sides
# alike: when the two columns disagree, the machine was noisy.
ratios=$("${PSQL[@]}" -At -F '|' -c "
  WITH med AS (
    SELECT id, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms
    FROM bench_runs GROUP BY id
  ), wanted (ord, name, num, den, op, target) AS (VALUES
    (1, 'zscore_lhfa / baseline A', 2, 1, '<=', 2.0),
    (2, 'anthro_zscores / baseline A', 3, 1, '<=', 5.0),
    (3, 'SQL join / zscore_lhfa', 4, 2, '>=', 20),
    (4, 'classify_lhfa(z) / z alone', 10, 9, '<=', 1.3),
    -- no targets: what bounds the ratios above, and the other SQL baseline
    (5, 'SQL join / scan only (any function)', 4, 0, '', NULL),
    (6, 'row-building floor / baseline A', 8, 1, '', NULL),
    (7, 'SQL lookup function / zscore_lhfa', 12, 11, '', NULL)
  )
  SELECT w.name, n.ms / d.ms,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms / b.ms)
          FROM bench_runs a JOIN bench_runs b USING (run)
          WHERE a.id = w.num AND b.id = w.den),
         w.op, w.target
  FROM wanted w JOIN med n ON n.id = w.num JOIN med d ON d.id = w.den
  ORDER BY w.ord")

cpu=$(awk -F ': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
pgversion=$("${PSQL[@]}" -At -c "SELECT version()")
settings=$("${PSQL[@]}" -At -c "
  SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name)
  FROM pg_settings WHERE name IN ('shared_buffers', 'jit',
    'max_parallel_workers_per_gather', 'work_mem')")
size=$("${PSQL[@]}" -At -c "SELECT pg_size_pretty(pg_relation_size('children'))")

cat <<EOF

stunting z-score benchmark
  machine     $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -r)
  postgres    $pgversion
  settings    $settings
  data        $BENCH_ROWS children ($size), $BENCH_REPS timed runs per query after 1 warm-up

  median ms    min ms    max ms   ns/row over A   query
EOF
awk -F '|' '{ printf "  %9.1f %9.1f %9.1f   %13s   %s\n", $3, $4, $5, ($1 <= 1 || $1 >= 11 ? "" : $6), $2 }' <<<"$results"
echo
echo "  ratio                                of medians   per run   target"
awk -F '|' '{
    if ($4 == "") {
        printf "  %-36s %8.2f %9.2f   (no target)\n", $1, $2, $3
        next
    }
    ok = ($4 == "<=") ? ($2 <= $5) : ($2 >= $5)
    printf "  %-36s %8.2f %9.2f   %s %-4s %s\n", $1, $2, $3, $4, $5, ok ? "PASS" : "MISS"
}' <<<"$ratios"
echo
