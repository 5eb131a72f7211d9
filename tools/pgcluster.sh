# tools/pgcluster.sh - shared by tools/demo.sh and test/run.sh (source it).
# Installs what a fresh Debian 12 machine lacks, builds and installs the
# extension, and runs a throw-away PostgreSQL 15 cluster as the postgres user.

PG_BIN=/usr/lib/postgresql/15/bin
STUNTING_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages the build, the tests and the demo need.
STUNTING_PACKAGES="postgresql-15 postgresql-server-dev-15 postgresql-15-postgis-3
  postgresql-contrib libicu-dev pkg-config build-essential python3 clang
  libclang-rt-14-dev valgrind python3-mpmath chromium"

stunting_install_packages() {
    local missing=""
    for p in $STUNTING_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "== installing:$missing"
        if [ "$(id -u)" -ne 0 ]; then
            echo "run as root (or install:$missing)" >&2
            return 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
}

stunting_build_install() {
    echo "== building and installing the extension"
    make -C "$STUNTING_TOP" -s PG_CONFIG="$PG_BIN/pg_config" all
    make -C "$STUNTING_TOP" -s PG_CONFIG="$PG_BIN/pg_config" install
}

# Starts a cluster in a new temporary folder; exports PGHOST, PGPORT, PGUSER.
stunting_cluster_start() {
    STUNTING_PGDATA=$(mktemp -d /tmp/stunting-pg.XXXXXX)
    chown postgres: "$STUNTING_PGDATA"
    chmod 700 "$STUNTING_PGDATA"
    export PGHOST=$STUNTING_PGDATA PGUSER=postgres PGDATABASE=postgres
    export PGPORT=${STUNTING_PGPORT:-$(( 20000 + RANDOM % 20000 ))}
    echo "== starting a throw-away cluster in $STUNTING_PGDATA (port $PGPORT)"
    # (cd /: the postgres user may not be allowed into the current folder)
    (cd / && runuser -u postgres -- "$PG_BIN/initdb" -D "$STUNTING_PGDATA/data" -A trust \
        -E UTF8 --locale=C.UTF-8 >/dev/null) || return 1
    # shellcheck disable=SC2086 # STUNTING_PG_CTL_OPTS holds several options
    (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$STUNTING_PGDATA/data" -w -s ${STUNTING_PG_CTL_OPTS:-} \
        -l "$STUNTING_PGDATA/server.log" \
        -o "-p $PGPORT -k $STUNTING_PGDATA -c listen_addresses='' ${STUNTING_PGOPTS:-}" start) || return 1
    trap stunting_cluster_stop EXIT
}

stunting_cluster_stop() {
    if [ -n "${STUNTING_PGDATA:-}" ] && [ -d "$STUNTING_PGDATA/data" ]; then
        (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$STUNTING_PGDATA/data" -s -m fast stop) || true
        rm -rf "$STUNTING_PGDATA"
    fi
    STUNTING_PGDATA=
}
