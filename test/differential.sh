#!/usr/bin/env bash
# test/differential.sh - differential test of the C z-scores against the
# independent Python reference (test/reference/who_reference.py) on fresh
# random children: DIFF_ROWS rows for each seed in DIFF_SEEDS.  Needs a
# running server (PGHOST, PGPORT, PGUSER set, as test/run.sh does) with the
# extension installed, and ../shared/who for the reference.
#
#   DIFF_SEEDS="1 2 3" DIFF_ROWS=100000 test/differential.sh
set -euo pipefail
cd "$(dirname "$0")/.."

seeds=${DIFF_SEEDS:-"11 12 13"}
rows=${DIFF_ROWS:-100000}
db=stunting_differential
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'SET client_min_messages = warning' \
    -c 'CREATE EXTENSION stunting CASCADE'

status=0
for seed in $seeds; do
    python3 test/golden/make_golden.py --random "$rows" --seed "$seed" > "$tmp/rows.csv" 2>/dev/null
    result=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" <<SQL
\i test/golden/expected_table.sql
\copy expected FROM '$tmp/rows.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) || ' rows, ' ||
       count(*) FILTER (WHERE row(e.clenhei, e.cmeasure, e.c9mo_flag, e.cbmi, e.csex,
                                  e.zlen, e.flen, e.zwei, e.fwei, e.zwfl, e.fwfl, e.zbmi,
                                  e.fbmi, e.zhc, e.fhc, e.zac, e.fac, e.zts, e.fts,
                                  e.zss, e.fss)
                              IS DISTINCT FROM
                              row(z.clenhei, z.cmeasure, z.c9mo_flag, z.cbmi, z.csex,
                                  z.zlen, z.flen, z.zwei, z.fwei, z.zwfl, z.fwfl, z.zbmi,
                                  z.fbmi, z.zhc, z.fhc, z.zac, z.fac, z.zts, z.fts,
                                  z.zss, z.fss)) || ' differ'
FROM expected e,
     LATERAL stunting.anthro_zscores(e.sex, e.age_days, e.weight_kg, e.lenhei_cm,
                                     e.measure, e.oedema, e.headc_cm, e.armc_cm,
                                     e.triskin_mm, e.subskin_mm) AS z;
SQL
)
    echo "seed $seed: $result"
    case "$result" in *" 0 differ") ;; *) status=1 ;; esac
done
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"
exit $status
