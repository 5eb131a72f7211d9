#!/usr/bin/env bash
# test/render/svg_chromium.sh - stunting.area_svg rendered by headless
# Chromium: the screenshot must show the map (grey kelurahan without data),
# the two classes the test data falls in, and every legend box.
# Needs a running server (PGHOST, PGPORT, PGUSER set, as test/run.sh does)
# with the extension installed, and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS stunting_render" >/dev/null 2>&1 || true' EXIT
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS stunting_render" -c "CREATE DATABASE stunting_render"
psql -X -q -d stunting_render -c "SET client_min_messages = warning" -c "CREATE EXTENSION stunting CASCADE"
# the areas and the measurements of the regression tests
psql -X -q -d stunting_render -f sql/areas.sql >/dev/null 2>&1
psql -X -q -d stunting_render -f sql/surveillance.sql >/dev/null 2>&1
psql -X -q -At -v ON_ERROR_STOP=1 -d stunting_render -c "SELECT stunting.area_svg('2026-03-01')" > "$tmp/map.svg"

chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,669 \
    --screenshot="$tmp/map.png" "file://$tmp/map.svg" >/dev/null 2>&1
python3 test/render/png_colours.py "$tmp/map.png" '#d9d9d9' '#a50026' '#f46d43' '#1a9850' '#a6d96a' '#fee08b' \
    | tee "$tmp/counts"
ok=1
check() {  # colour, least pixels, what
    local n
    n=$(awk -v c="$1" '$1 == c {print $2}' "$tmp/counts")
    if [ "${n:-0}" -lt "$2" ]; then echo "FAIL: $3: $n pixels of $1, expected at least $2"; ok=0; fi
}
check '#d9d9d9' 50000 'kelurahan without data (grey)'
check '#a50026' 2000 'very high class (Bandar Lor, Semampir)'
check '#f46d43' 2000 'high class (Bandar Kidul, Bangsal)'
check '#1a9850' 200 'legend box, very low'
check '#a6d96a' 200 'legend box, low'
check '#fee08b' 200 'legend box, medium'
[ "$ok" = 1 ] && echo "SVG rendered by Chromium: ok"
[ "$ok" = 1 ]
