#!/usr/bin/env bash
# tools/demo.sh - the project's main job, end to end (README: "Demo").
# On a fresh Debian 12 machine, as root: installs what is missing, builds
# and installs the extension, starts a throw-away PostgreSQL 15 cluster as
# the postgres user, runs tools/demo.sql in it and stops it again.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/pgcluster.sh

stunting_install_packages
stunting_build_install
stunting_cluster_start
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION stunting CASCADE'
psql -X -q -v ON_ERROR_STOP=1 -f tools/demo.sql
stunting_cluster_stop
