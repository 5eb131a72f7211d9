#!/usr/bin/env bash
# test/upgrade_check.sh - upgrading gives what a fresh install gives, and the
# comparison can tell when it does not.
#
#   test/upgrade_check.sh              check the installed default_version
#   test/upgrade_check.sh VERSION      check an older version as if it were the default
#   test/upgrade_check.sh --released   only step 1 (no server needed)
#
# 1. Released scripts never change: `sha256sum -c test/upgrade/released.sha256`,
#    and every committed extension/stunting--*.sql but the Makefile-built
#    stunting--<default_version>.sql is in that list, or is the upgrade to
#    default_version while that version is in development (not listed yet:
#    it is reported, and listed in the release commit).
# 2. In throw-away databases, test/upgrade/catalog.sql describes everything
#    that belongs to the extension; the description of a fresh
#    CREATE EXTENSION stunting is compared (diff) with that of
#    CREATE EXTENSION stunting VERSION '<first release>' + ALTER EXTENSION UPDATE
#    and of VERSION '<previous release>' + UPDATE.
# 3. The same in a second layout: databases where the superuser first ran
#    CREATE SCHEMA gis; CREATE EXTENSION postgis SCHEMA gis;
#    CREATE SCHEMA trgm; CREATE EXTENSION pg_trgm SCHEMA trgm;
#    (neither in public, not in the same schema), then CREATE EXTENSION
#    stunting without CASCADE.  Fresh against <previous release> + UPDATE and
#    <first release> + UPDATE, compared with each other only (the
#    descriptions name the schemas).  In each of them, at a target of 0.6.0
#    or later: every SQL and PL/pgSQL function of the extension has
#    search_path exactly "pg_catalog, stunting, gis, pg_temp", and with Kota
#    Kediri loaded match_area_code('Mankisrengoo') is '35.71.02.1015', which
#    only pg_trgm's trigram step finds.  In both layouts, an install or an
#    update that prints a WARNING fails the check: everything runs as a
#    superuser, in schemas only superusers can create objects in.
# 4. Self-test: a copy of the extension under another name, stunting_mutant
#    (stunting_mutant.control and stunting_mutant--*.sql in the sharedir,
#    removed on exit), compares equal to stunting, fresh and upgraded.  Then
#    the mutant's latest upgrade script is changed in several ways (a COST,
#    a function body, a comment removed, an ACL, a constraint; from 0.8.0, a
#    row-level security policy and a SECURITY DEFINER dropped): the upgraded
#    mutant must compare different, with the diff naming the changed object,
#    and the fresh mutant must still compare equal, which holds only when a
#    fresh install runs the full install script and no upgrade script.
#
# Versions come from the files: default_version of the installed
# stunting.control, the first release is the lowest stunting--X.sql, the
# previous release the highest X of the stunting--X--<version>.sql present.
# Needs a running server (PGHOST, PGPORT, PGUSER set, as test/run.sh does) with
# the extension installed; the sharedir must be writable (the mutant's files).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
LIST=test/upgrade/released.sha256
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
control_version() {
    sed -n "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$1"
}

# ---------------------------------------------------------------- 1. released scripts
check_released() {
    local built f n=0 missing=0 committed version pending=""
    version=$(control_version stunting.control)
    built=extension/stunting--$version.sql
    if sha256sum --quiet --strict -c "$LIST"; then
        n=$(grep -c '^[0-9a-f]\{64\} ' "$LIST")
    else
        fail "a released script is not what was released ($LIST): released scripts are never edited, a change goes into a new upgrade script"
    fi
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        committed=$(git ls-files 'extension/stunting--*.sql')
    else
        committed=$(ls extension/stunting--*.sql)
    fi
    for f in $committed; do
        [ "$f" = "$built" ] && continue
        if ! awk -v f="$f" '!/^#/ && ($2 == f || $2 == "*" f) { found = 1 } END { exit !found }' "$LIST"; then
            # the upgrade to the version in development: released with it
            if [[ $f == extension/stunting--*--"$version".sql ]]; then
                pending="$pending $f"
                continue
            fi
            fail "$f is committed but not in $LIST"
            echo "  hint: a newly released upgrade script must be added: sha256sum $f >> $LIST"
            missing=$((missing + 1))
        fi
    done
    [ "$missing" -eq 0 ] && [ "$n" -gt 0 ] \
        && echo "released scripts: $n unchanged ($LIST), every committed one listed${pending:+ but the upgrade in development} (built: $built)"
    [ -z "$pending" ] \
        || echo "not released yet (the upgrade to $version, in development; list it in $LIST when $version is released):$pending"
    return 0
}

if [ "${1:-}" = "--released" ]; then
    check_released
    [ "$failures" -eq 0 ] || { echo "upgrade check: $failures failed"; exit 1; }
    exit 0
fi
check_released

# ---------------------------------------------------------------- versions, from the files
sharedir=$("$PG_CONFIG" --sharedir)/extension
default=$(control_version "$sharedir/stunting.control")
target=${1:-$default}
[ -n "$target" ] || { echo "no default_version in $sharedir/stunting.control"; exit 1; }
scripts=("$sharedir"/stunting--*.sql)
first=$(for f in "${scripts[@]}"; do v=${f##*/stunting--}; v=${v%.sql}; if [[ $v != *--* ]]; then echo "$v"; fi; done \
        | sort -V | head -1)
prev=$(for f in "${scripts[@]}"; do v=${f##*/stunting--}; if [[ $v == *--"$target".sql ]]; then echo "${v%%--*}"; fi; done \
       | sort -V | tail -1)
[ -n "$first" ] || { echo "no install script stunting--X.sql in $sharedir"; exit 1; }
[ -n "$prev" ] || { echo "no upgrade script stunting--X--$target.sql in $sharedir"; exit 1; }
latest=stunting--$prev--$target.sql
if [ -f "$sharedir/stunting--$target.sql" ]; then
    how="full install script stunting--$target.sql"
else
    how="NO full install script stunting--$target.sql: a fresh install runs $first and the upgrade chain"
fi
echo "stunting $target (default_version $default): $how; first release $first, previous $prev, latest upgrade script $latest"
# the installed released scripts should be the repository's
(cd "$sharedir" && sed -n 's|^\([0-9a-f]\{64\}\)  extension/|\1  |p' "$OLDPWD/$LIST" | sha256sum --quiet -c - 2>/dev/null) \
    || echo "note: released scripts in $sharedir differ from $LIST (installed from another checkout?)"

# ---------------------------------------------------------------- helpers
tmp=$(mktemp -d /tmp/stunting-upgrade.XXXXXX)
dbs="stunting_upg_fresh stunting_upg_first stunting_upg_prev stunting_upg_mfresh stunting_upg_mupgraded
     stunting_upg_gis_fresh stunting_upg_gis_first stunting_upg_gis_prev"
mutant=stunting_mutant
cleanup() {
    rm -f "$sharedir/$mutant.control" "$sharedir/$mutant"--*.sql
    for db in $dbs; do
        psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    done
    rm -rf "$tmp"
}
# one run at a time on this machine: the mutant's files are in the shared sharedir
exec 9>/tmp/stunting_mutant.lock
flock -w 300 9 || { echo "another upgrade check holds /tmp/stunting_mutant.lock"; rm -rf "$tmp"; exit 1; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# Where PostGIS and pg_trgm are: public (CREATE EXTENSION stunting CASCADE
# puts them there), or gis (section 3: set up first, as below, and
# CREATE EXTENSION stunting without CASCADE, so that nothing lands in public).
layout=public
gis_setup=(-c "CREATE SCHEMA gis" -c "CREATE EXTENSION postgis SCHEMA gis"
           -c "CREATE SCHEMA trgm" -c "CREATE EXTENSION pg_trgm SCHEMA trgm")
# install DB EXT [VERSION [UPDATE]]: a new database with EXT created (at
# VERSION, else the default) and, when UPDATE is given, updated to it; in
# the $layout layout
install() {
    local db=$1 ext=$2 version=${3:-} update=${4:-}
    local cascade=" CASCADE" setup=() create alter=()
    if [ "$layout" = gis ]; then cascade=""; setup=("${gis_setup[@]}"); fi
    create="CREATE EXTENSION $ext$cascade"
    [ -n "$version" ] && create="CREATE EXTENSION $ext VERSION '$version'$cascade"
    if [ -n "$update" ]; then
        if [ "$update" = "$default" ]; then alter=(-c "ALTER EXTENSION $ext UPDATE")
        else alter=(-c "ALTER EXTENSION $ext UPDATE TO '$update'"); fi
    fi
    q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    [ ${#setup[@]} -eq 0 ] || q -d "$db" -c "SET client_min_messages = warning" "${setup[@]}"
    # the install's messages (WARNING and up): none is expected, see 3.
    if ! q -d "$db" -c "SET client_min_messages = warning" -c "$create" "${alter[@]}" 2> "$tmp/install.err"; then
        sed 's/^/    /' "$tmp/install.err"
        fail "$db: $create${update:+ + ALTER EXTENSION UPDATE} failed (layout $layout)"
        echo "upgrade check: $failures failed"
        exit 1
    fi
    if [ -s "$tmp/install.err" ]; then
        fail "$db: $create${update:+ + ALTER EXTENSION UPDATE} printed (layout $layout; run as a superuser, none expected):"
        sed 's/^/    /' "$tmp/install.err"
    fi
}
# fresh DB EXT: EXT at the target version as a new install does it
fresh() { if [ "$target" = "$default" ]; then install "$1" "$2"; else install "$1" "$2" "$target"; fi; }
describe() {  # DB EXT FILE
    psql -X -At -v ON_ERROR_STOP=1 -v ext="$2" -d "$1" -f test/upgrade/catalog.sql > "$3"
    if grep -q "$2" "$3" && [ "$2" != stunting ]; then fail "the description of $2 names the extension"; fi
}
# same FILE [FRESH]: is FILE the description of the fresh install (FRESH,
# else $tmp/fresh.txt)?  The diff goes to $tmp/diff.txt (< fresh stunting,
# > the other).
same() { diff "${2:-$tmp/fresh.txt}" "$1" > "$tmp/diff.txt"; }
show_diff() {  # the diff of the last comparison, at most $1 lines
    local n
    n=$(wc -l < "$tmp/diff.txt")
    head -"$1" "$tmp/diff.txt" | cut -c1-220 | sed 's/^/    /'
    [ "$n" -le "$1" ] || echo "    ... ($n diff lines)"
}

# ---------------------------------------------------------------- 2. fresh against upgraded
fresh stunting_upg_fresh stunting
describe stunting_upg_fresh stunting "$tmp/fresh.txt"
v=$(q -d stunting_upg_fresh -c "SELECT extversion FROM pg_extension WHERE extname = 'stunting'")
[ "$v" = "$target" ] || fail "a fresh install is at version $v, not $target"
echo "fresh install: $(wc -l < "$tmp/fresh.txt") lines, $(grep -c '^member: ' "$tmp/fresh.txt") member objects," \
     "$(grep -c '^comment on ' "$tmp/fresh.txt") comments"
compare_upgrade() {  # DB FROM
    install "$1" stunting "$2" "$target"
    describe "$1" stunting "$tmp/$1.txt"
    if same "$tmp/$1.txt"; then
        echo "$2 + ALTER EXTENSION UPDATE: equal to the fresh install"
    else
        fail "$2 + ALTER EXTENSION UPDATE differs from a fresh install of $target (< fresh, > upgraded):"
        show_diff 60
    fi
}
compare_upgrade stunting_upg_first "$first"
[ "$prev" = "$first" ] || compare_upgrade stunting_upg_prev "$prev"

# ---------------------------------------------------------------- 3. PostGIS in gis, pg_trgm in trgm
layout=gis
gis_path="pg_catalog, stunting, gis, pg_temp"
kediri_code=35.71.02.1015
# (what the functions' search_path should be and match_area_code finds: from 0.6.0 on)
at_least_060=$([ "$(printf '%s\n' 0.6.0 "$target" | sort -V | head -1)" = 0.6.0 ] && echo yes || echo no)
gis_checks() {  # DB LABEL: the layout, search_path of every function with a body, a trigram match
    local db=$1 label=$2 where bad n code
    where=$(q -d "$db" -c "SELECT string_agg(e.extname || ' in ' || e.extnamespace::regnamespace::text, ', ' ORDER BY e.extname)
                           FROM pg_extension e WHERE e.extname IN ('postgis', 'pg_trgm', 'stunting')")
    [ "$where" = "pg_trgm in trgm, postgis in gis, stunting in stunting" ] \
        || fail "$label: not the layout meant: $where"
    if [ "$at_least_060" = no ]; then
        echo "  $label: (search_path and match_area_code not checked: $target is older than 0.6.0)"
        return
    fi
    # every SQL and PL/pgSQL function: one search_path setting, exactly $gis_path
    bad=$(q -d "$db" -v path="search_path=$gis_path" <<'SQL'
SELECT f FROM (
SELECT p.oid::regprocedure::text || ': ' || coalesce(array_to_string(p.proconfig, '; '), 'no SET') AS f
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'
JOIN pg_language l ON l.oid = p.prolang
WHERE l.lanname IN ('sql', 'plpgsql')
  AND array(SELECT c FROM unnest(p.proconfig) c WHERE c LIKE 'search\_path=%') IS DISTINCT FROM ARRAY[:'path']
) s ORDER BY f COLLATE "C";
SQL
) || bad="(the query failed)"
    n=$(q -d "$db" -c "SELECT count(*) FROM pg_proc p
                       JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
                       JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'
                       JOIN pg_language l ON l.oid = p.prolang WHERE l.lanname IN ('sql', 'plpgsql')") || n=0
    if [ -n "$bad" ]; then
        fail "$label: SQL/PL/pgSQL functions whose search_path is not exactly \"$gis_path\":"
        echo "$bad" | head -10 | cut -c1-220 | sed 's/^/    /'
    elif [ "$n" -eq 0 ]; then
        fail "$label: no SQL or PL/pgSQL function in the extension"
    fi
    # Kota Kediri loaded (after describe: the rows of stunting.area are in the description)
    code=$(q -d "$db" <<'SQL'
SET client_min_messages = warning;
\set doc `cat data/kota_kediri_kelurahan.geojson`
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan') \gset
SELECT coalesce(stunting.match_area_code('Mankisrengoo'), 'NULL');
SQL
) || code="an error"
    if [ "$code" != "$kediri_code" ]; then
        fail "$label: match_area_code('Mankisrengoo') is $code, not $kediri_code (pg_trgm's trigram step, pg_trgm in trgm)"
    fi
    [ -n "$bad" ] || [ "$n" -eq 0 ] || [ "$code" != "$kediri_code" ] \
        || echo "  $label: search_path \"$gis_path\" on all $n SQL/PL/pgSQL functions;" \
                "match_area_code('Mankisrengoo') = $code"
}
echo "layout gis: $(for a in "${gis_setup[@]}"; do [ "$a" = -c ] || printf '%s; ' "$a"; done)then CREATE EXTENSION stunting (no CASCADE)"
fresh stunting_upg_gis_fresh stunting
describe stunting_upg_gis_fresh stunting "$tmp/gis_fresh.txt"
v=$(q -d stunting_upg_gis_fresh -c "SELECT extversion FROM pg_extension WHERE extname = 'stunting'")
[ "$v" = "$target" ] || fail "layout gis: a fresh install is at version $v, not $target"
echo "  fresh install: $(wc -l < "$tmp/gis_fresh.txt") lines, $(grep -c '^member: ' "$tmp/gis_fresh.txt") member objects"
gis_checks stunting_upg_gis_fresh "fresh install"
gis_compare_upgrade() {  # DB FROM
    install "$1" stunting "$2" "$target"
    describe "$1" stunting "$tmp/$1.txt"
    if same "$tmp/$1.txt" "$tmp/gis_fresh.txt"; then
        echo "  $2 + ALTER EXTENSION UPDATE: equal to the fresh install (layout gis)"
    else
        fail "layout gis: $2 + ALTER EXTENSION UPDATE differs from a fresh install of $target (< fresh, > upgraded):"
        show_diff 60
    fi
    gis_checks "$1" "$2 + UPDATE"
}
gis_compare_upgrade stunting_upg_gis_prev "$prev"
[ "$prev" = "$first" ] || gis_compare_upgrade stunting_upg_gis_first "$first"
layout=public

# ---------------------------------------------------------------- 4. self-test
cp "$sharedir/stunting.control" "$sharedir/$mutant.control"
for f in "$sharedir"/stunting--*.sql; do
    cp "$f" "$sharedir/$mutant--${f##*/stunting--}"
done
mlatest=$sharedir/$mutant--$prev--$target.sql
echo "self-test: $mutant, a copy of the ${#scripts[@]} installed scripts and the control file"

mutant_fresh_equal() {  # LABEL: a fresh mutant compares equal
    fresh stunting_upg_mfresh $mutant
    describe stunting_upg_mfresh $mutant "$tmp/mfresh.txt"
    if same "$tmp/mfresh.txt"; then
        echo "  fresh $mutant: EQUAL (ok)"
    else
        fail "$1: fresh $mutant differs from fresh stunting:"
        show_diff 4
        [ -f "$sharedir/stunting--$target.sql" ] \
            || echo "    (no stunting--$target.sql: a fresh install ran $first and the upgrade chain, mutated script included," \
                    "so it is the same as an upgrade and comparing the two proves nothing)"
    fi
}
mutant_upgraded() {  # a mutant at $prev updated to $target, described
    install stunting_upg_mupgraded $mutant "$prev" "$target"
    describe stunting_upg_mupgraded $mutant "$tmp/mupgraded.txt"
}

echo "unmodified copy (renaming is neutral):"
mutant_fresh_equal "unmodified"
mutant_upgraded
if same "$tmp/mupgraded.txt"; then
    echo "  $mutant $prev + UPDATE: EQUAL (ok)"
else
    fail "unmodified $mutant $prev + UPDATE differs from fresh stunting:"
    show_diff 20
fi

# Mutations of the mutant's latest upgrade script, as statements appended to
# it, so that each applies to whichever script is the latest (an edit of a
# statement already there could be a no-op: the script may restate a comment
# or a COST unchanged).  The targets come from the fresh install's catalog.
pick() { q -d stunting_upg_fresh -c "SET search_path = pg_catalog" -c "$1"; }
members="FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
         JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'"
tables_from="FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
             JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'stunting'"
# a C function's COST, plus one
f_cost=$(pick "SELECT p.oid::regprocedure $members JOIN pg_language l ON l.oid = p.prolang
               WHERE p.prokind = 'f' AND l.lanname = 'c' ORDER BY p.oid::regprocedure::text COLLATE \"C\" LIMIT 1")
sql_cost=$(pick "SELECT format('ALTER FUNCTION %s COST %s;', '$f_cost', procost + 1) FROM pg_proc WHERE oid = '$f_cost'::regprocedure")
# a function body: a comment line before its end
f_body=$(pick "SELECT p.oid::regprocedure $members JOIN pg_language l ON l.oid = p.prolang
               WHERE p.prokind = 'f' AND l.lanname IN ('plpgsql', 'sql') AND p.prosqlbody IS NULL
               ORDER BY p.oid::regprocedure::text COLLATE \"C\" LIMIT 1")
sql_body=$(pick "SELECT regexp_replace(pg_get_functiondef('$f_body'::regprocedure), '\\\$function\\\$\\s*\$',
                                       E'-- mutated\\n\$function\$;')")
# a comment on a table column, removed
c_col=$(pick "SELECT format('%s.%I', c.oid::regclass, a.attname) || '|' || pg_describe_object('pg_class'::regclass, c.oid, a.attnum)
              $tables_from
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
              JOIN pg_description ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid = c.oid AND ds.objsubid = a.attnum
              WHERE c.relkind = 'r' ORDER BY c.oid::regclass::text COLLATE \"C\", a.attnum LIMIT 1")
sql_comment="COMMENT ON COLUMN ${c_col%%|*} IS NULL;"
# an ACL: EXECUTE revoked from PUBLIC
f_acl=$(pick "SELECT p.oid::regprocedure $members WHERE p.prokind = 'f' AND p.proacl IS NULL
              ORDER BY p.oid::regprocedure::text COLLATE \"C\" DESC LIMIT 1")
sql_acl="REVOKE EXECUTE ON FUNCTION $f_acl FROM PUBLIC;"
# a constraint added to a table
t_con=$(pick "SELECT c.oid::regclass $tables_from WHERE c.relkind = 'r' ORDER BY c.oid::regclass::text COLLATE \"C\" LIMIT 1")
sql_con="ALTER TABLE $t_con ADD CONSTRAINT mutant_check CHECK (true) NOT VALID;"
# (0.8.0 on) a row-level security policy opened to every row
p_pol=$(pick "SELECT format('%I ON %s', p.polname, c.oid::regclass) || '|' || c.oid::regclass $tables_from
              JOIN pg_policy p ON p.polrelid = c.oid WHERE p.polqual IS NOT NULL
              ORDER BY c.oid::regclass::text COLLATE \"C\", p.polname COLLATE \"C\" LIMIT 1")
sql_pol="ALTER POLICY ${p_pol%%|*} USING (true);"
# (0.8.0 on) a SECURITY DEFINER function made SECURITY INVOKER
f_secdef=$(pick "SELECT p.oid::regprocedure $members WHERE p.prokind = 'f' AND p.prosecdef
                 ORDER BY p.oid::regprocedure::text COLLATE \"C\" LIMIT 1")
sql_secdef="ALTER FUNCTION $f_secdef SECURITY INVOKER;"

mutate() {  # NAME SQL EXPECTED: append SQL to the mutant's latest upgrade script
    local name=$1 sql=$2 expected=$3
    cp "$sharedir/$latest" "$mlatest"
    printf '\n;\n-- %s (test/upgrade_check.sh self-test)\n%s\n' "$name" "$sql" >> "$mlatest"
    if cmp -s "$sharedir/$latest" "$mlatest"; then
        fail "mutation $name did not change $mlatest"
        return
    fi
    echo "mutation $name: $(printf '%s' "$sql" | head -1 | cut -c1-110)"
    mutant_upgraded
    if same "$tmp/mupgraded.txt"; then
        fail "mutation $name: $mutant $prev + UPDATE compares EQUAL to fresh stunting: the comparison cannot see it"
    elif ! grep -qF -e "< $expected: " -e "> $expected: " "$tmp/diff.txt"; then
        fail "mutation $name: the diff does not name $expected:"
        show_diff 6
    else
        echo "  $mutant $prev + UPDATE: DIFFERENT (ok), $(grep -c '^[<>]' "$tmp/diff.txt") diff lines, naming $expected:"
        grep '^[<>]' "$tmp/diff.txt" | head -2 | cut -c1-220 | sed 's/^/    /'
    fi
    mutant_fresh_equal "mutation $name"
}
mutate cost "$sql_cost" "function $f_cost"
mutate body "$sql_body" "function $f_body"
mutate comment "$sql_comment" "comment on ${c_col#*|}"
mutate acl "$sql_acl" "function $f_acl"
mutate constraint "$sql_con" "table $t_con"
if [ -n "$p_pol" ]; then mutate policy "$sql_pol" "table ${p_pol#*|}"; else echo "mutation policy: skipped ($target has no policy)"; fi
if [ -n "$f_secdef" ]; then mutate "security definer" "$sql_secdef" "function $f_secdef"; else echo "mutation security definer: skipped (no SECURITY DEFINER function in $target)"; fi
cp "$sharedir/$latest" "$mlatest"

if [ "$failures" -eq 0 ]; then
    echo "upgrade check: ok"
else
    echo "upgrade check: $failures failed"
    exit 1
fi
