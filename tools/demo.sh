#!/usr/bin/env bash
# tools/demo.sh - the project's main job, end to end (README: "Demo"):
# Kota Kediri's monthly stunting evaluation by kecamatan and kelurahan.
#
#   tools/demo.sh [OUTPUT_FOLDER]      (default: ./kediri-demo)
#
# On a fresh Debian 12 machine, as root: installs what is missing, builds
# and installs the extension, starts a throw-away PostgreSQL 15 cluster as
# the postgres user, loads the 46 kelurahan (data/), simulates a year of
# posyandu measurements (stunting.simulate_children), prints the monthly
# tables and the priority kelurahan, writes kediri_stunting.svg and
# kediri_stunting.geojson to the output folder, and stops the cluster.
# DEMO_CHILDREN (default 18000) and DEMO_SEED (default 2026) change the
# simulation.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/pgcluster.sh

OUT=${1:-$PWD/kediri-demo}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

stunting_install_packages
stunting_build_install
stunting_cluster_start
echo '== creating the extension (PostGIS comes with it)'
psql -X -q -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION stunting CASCADE'
tools/demo_run.sh "$OUT"
stunting_cluster_stop
