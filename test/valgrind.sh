#!/usr/bin/env bash
# test/valgrind.sh - the pg_regress suite with the PostgreSQL server under
# valgrind memcheck.  Debian's postgres is not built for valgrind, so the
# server itself produces reports of its own; this script fails only on
# reports whose stack passes through the stunting library.  Writes of WAL
# pages are suppressed as PostgreSQL's own valgrind.supp does
# (test/valgrind.supp says why).
#
# Run by test/run.sh (as root; needs the extension installed).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/pgcluster.sh

vgdir=$(mktemp -d /tmp/stunting-vg.XXXXXX)
chmod 777 "$vgdir"
# (a copy the postgres user can read: the checkout may be root's alone)
cp test/valgrind.supp "$vgdir/valgrind.supp"
chmod 644 "$vgdir/valgrind.supp"
# pg_ctl -p starts this wrapper instead of postgres; forked backends stay
# under valgrind.
cat > "$vgdir/postgres" <<WRAP
#!/bin/sh
exec valgrind --quiet --leak-check=no --error-limit=no --num-callers=30 \
  --suppressions=$vgdir/valgrind.supp \
  --log-file=$vgdir/vg.%p.log $PG_BIN/postgres "\$@"
WRAP
chmod 755 "$vgdir/postgres"

STUNTING_PGOPTS="-c shared_buffers=16MB -c max_parallel_workers_per_gather=0 -c jit=off" \
STUNTING_PG_CTL_OPTS="-p $vgdir/postgres -t 300" \
    stunting_cluster_start

status=0
make -s PG_CONFIG="$PG_BIN/pg_config" installcheck || status=1
stunting_cluster_stop

# Error blocks (separated by blank "==PID== " lines) that mention our code:
# the library, or (with debug information) any of our source files.
ours_pattern="stunting[.]so$(for f in extension/*.[ch]; do
    b=$(basename "$f"); printf '|[(]%s:' "${b//./[.]}"; done)"
ours=$(cat "$vgdir"/vg.*.log 2>/dev/null | awk -v RS='==[0-9]+== \n' -v pat="$ours_pattern" \
    '$0 ~ pat')
all=$(cat "$vgdir"/vg.*.log 2>/dev/null | grep -c 'Invalid\|uninitialised\|Mismatched' || true)
echo "valgrind: $all report lines in all, $(printf '%s' "$ours" | grep -c 'Invalid\|uninitialised\|Mismatched' || true) through the stunting library"
if [ -n "$ours" ]; then
    printf '%s\n' "$ours" | head -100 || true
    status=1
fi
[ -n "${KEEP_VG:-}" ] && echo "logs kept in $vgdir" || rm -rf "$vgdir"
exit $status
