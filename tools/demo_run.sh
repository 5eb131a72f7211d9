#!/usr/bin/env bash
# tools/demo_run.sh OUT - the Kota Kediri demo against the server and
# database psql connects to (PGHOST, PGPORT, PGDATABASE, ...), which must
# have the stunting extension installed and no areas loaded yet.
# tools/demo.sh wraps it with the package install, build and a throw-away
# cluster; test/demo_check.sh runs it in the test cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1
CHILDREN=${DEMO_CHILDREN:-18000}
SEED=${DEMO_SEED:-2026}
mkdir -p "$OUT"

# the boundaries are read by psql (the client), not by the server
psql -X -q -v ON_ERROR_STOP=1 -v children="$CHILDREN" -v seed="$SEED" \
     -v doc="$(cat data/kota_kediri_kelurahan.geojson)" -f tools/demo.sql

echo
echo "== writing the maps of the last month to $OUT"
month=$(psql -X -At -v ON_ERROR_STOP=1 -c 'SELECT max(month) FROM stunting.area_month_summary')
psql -X -At -v ON_ERROR_STOP=1 -c "SELECT stunting.area_svg('$month')" > "$OUT/kediri_stunting.svg"
psql -X -At -v ON_ERROR_STOP=1 -c "SELECT stunting.area_geojson('$month')" > "$OUT/kediri_stunting.geojson"
psql -X -At -v ON_ERROR_STOP=1 -c "SELECT stunting.hotspot_svg('$month')" > "$OUT/kediri_hotspots.svg"
echo "   $OUT/kediri_stunting.svg      choropleth of stunting by kelurahan, $month (open in a browser)"
echo "   $OUT/kediri_stunting.geojson  the same estimates as GeoJSON properties (QGIS, Leaflet)"
echo "   $OUT/kediri_hotspots.svg      Getis-Ord Gi* hot and cold spots of the same month"
