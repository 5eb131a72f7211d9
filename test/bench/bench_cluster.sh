# test/bench/bench_cluster.sh - shared by the benchmark scripts (source it
# from the top of the checkout): the server settings every benchmark runs
# with, and starting its throw-away cluster.
#
# Server settings, the same for every query (both sides of every ratio):
#  - shared_buffers 1GB: the tables stay in PostgreSQL's own cache, so no
#    run reads from the kernel or the disk;
#  - no parallel workers unless a query raises max_parallel_workers_per_gather
#    for itself (up to 8 may be started);
#  - jit off: JIT would switch on for the costlier queries only, so ratios
#    would compare different executors; it does not compile C functions;
#  - autovacuum off: nothing in the background during the timed runs;
#  - fsync, full_page_writes, synchronous_commit off, big max_wal_size:
#    only to load the data faster.
# BENCH_PGOPTS adds settings.  (One line: pg_ctl hands -o to a shell, where
# a newline would end the command.)
export STUNTING_PGOPTS="-c shared_buffers=1GB -c max_parallel_workers_per_gather=0 \
 -c max_parallel_workers=8 -c max_worker_processes=8 \
 -c jit=off -c autovacuum=off -c fsync=off -c full_page_writes=off \
 -c synchronous_commit=off -c max_wal_size=4GB -c work_mem=64MB ${BENCH_PGOPTS:-}"

# shellcheck disable=SC1091 # the shared library, checked on its own
source tools/pgcluster.sh

PSQL=(psql -X -q -v ON_ERROR_STOP=1)

# Installs what is missing, builds and installs the extension when $1 is 1,
# and starts the cluster (stopped again on exit).
bench_cluster_start() {
    stunting_install_packages
    if [ "${1:-0}" = 1 ]; then
        stunting_build_install
    fi
    stunting_cluster_start
}

# Creates bench_ms(query) in the current database: the wall-clock time of
# one run of the query on the server, in ms.
bench_define_timer() {
    "${PSQL[@]}" <<'SQL'
CREATE FUNCTION bench_ms(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE q;
    RETURN round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000, 1);
END $$;
SQL
}

# The median ms of BENCH_REPS runs of a statement (bench_define_timer
# first), after one warm-up run; each run in its own transaction, rolled
# back, so that every run sees the same data.
bench_median_ms() {
    local sql=$1 times=()
    "${PSQL[@]}" -c "BEGIN" -c "$sql" -c "ROLLBACK" >/dev/null
    for _ in $(seq "${BENCH_REPS:-3}"); do
        times+=("$("${PSQL[@]}" -At -c "BEGIN" -c "SELECT bench_ms(\$q\$$sql\$q\$)" -c "ROLLBACK" | grep -E '^[0-9.]+$')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# PASS when value <= target, else MISS.
bench_verdict_le() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "MISS" }'; }
