#!/usr/bin/env bash
# test/coverage_check.sh - every function of the extension is called by the
# pg_regress suite.
#
# Reads the statistics the suite left behind: run it after `make
# installcheck` on a server started with track_functions = 'all' (test/run.sh:
# STUNTING_PGOPTS="-c track_functions=all"), with PGHOST, PGPORT and PGUSER
# pointing at that server.
#
#   test/coverage_check.sh [-v] [DATABASE]    (default contrib_regression)
#
# -v also lists every function with its number of calls.  Prints how many of
# the extension's functions the suite called and fails, listing them with
# their signature and kind (plain, aggregate, trigger, support), when any has
# no call.  Two rules, both printed when they apply:
#   - aggregates: track_functions never counts them (nodeAgg and
#     nodeWindowAgg call their transition and combine functions directly), so
#     an aggregate counts as called when a statement of the suite's SQL files
#     (REGRESS in the Makefile; comments and quoted strings left out) calls it
#     with a number of arguments it accepts.  Its support functions are
#     checked like any other function: the suite must call them directly.
#   - exempt: a function with an argument of type internal that the server
#     calls as a support function (a type's receive function, ...): SQL cannot
#     call it at all, and track_functions does not count the server's calls.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

verbose=
if [ "${1:-}" = "-v" ]; then
    verbose=1
    shift
fi
db=${1:-contrib_regression}
# The suite's sessions got the server's settings, not ours.
unset PGOPTIONS
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -At -F '|' -d "$db" "$@"; }

fail() {
    echo "coverage: FAILED: $*" >&2
    exit 1
}

if ! exists=$(psql -X -q -At -d postgres \
        -c "SELECT count(*) FROM pg_database WHERE datname = '${db//\'/\'\'}'" 2>&1); then
    fail "cannot connect to the server (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-}): $exists"
fi
[ "$exists" = 1 ] || fail "database $db does not exist: run the pg_regress suite (make installcheck) on this server first"

setting=$(psql_db -c "SELECT current_setting('track_functions')") || fail "cannot read track_functions in $db"
[ "$setting" = all ] \
    || fail "track_functions is '$setting' in database $db on this server, not 'all': calls of SQL and PL/pgSQL functions are not counted; start the server with -c track_functions=all (STUNTING_PGOPTS) and run the suite again"

[ "$(psql_db -c "SELECT count(*) FROM pg_extension WHERE extname = 'stunting'")" = 1 ] \
    || fail "extension stunting is not installed in $db"

# Statistics reach the shared counters when a backend exits: wait until the
# suite's sessions are gone.
for _ in $(seq 1 60); do
    others=$(psql_db -c "SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid()")
    [ "$others" = 0 ] && break
    sleep 0.5
done
[ "$others" = 0 ] || fail "$others other sessions still connected to $db: their calls may not be counted yet"

reset=$(psql_db -c "SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()")
[ -z "$reset" ] || echo "coverage: warning: the statistics of $db were reset at $reset: calls before that are not counted"

# One line per function of the extension:
# signature|kind|role|language|calls|internal argument|inlinable|nargs|defaults|name|entered
functions=$(psql_db <<'SQL'
SELECT pg_stat_clear_snapshot();
WITH ext AS (
    SELECT p.*
    FROM pg_proc p
    JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND e.oid = d.refobjid
    WHERE e.extname = 'stunting'
), roles (fn, role) AS (
    SELECT typinput, format('input function of type %s', oid::regtype) FROM pg_type
    UNION ALL SELECT typoutput, format('output function of type %s', oid::regtype) FROM pg_type
    UNION ALL SELECT typreceive, format('receive function of type %s', oid::regtype) FROM pg_type
    UNION ALL SELECT typsend, format('send function of type %s', oid::regtype) FROM pg_type
    UNION ALL SELECT typmodin, format('typmod input function of type %s', oid::regtype) FROM pg_type
    UNION ALL SELECT typmodout, format('typmod output function of type %s', oid::regtype) FROM pg_type
    UNION ALL SELECT typanalyze, format('analyze function of type %s', oid::regtype) FROM pg_type
    UNION ALL SELECT typsubscript, format('subscript function of type %s', oid::regtype) FROM pg_type
    UNION ALL SELECT aggtransfn, format('transition function of %s', aggfnoid::regprocedure) FROM pg_aggregate
    UNION ALL SELECT aggfinalfn, format('final function of %s', aggfnoid::regprocedure) FROM pg_aggregate
    UNION ALL SELECT aggcombinefn, format('combine function of %s', aggfnoid::regprocedure) FROM pg_aggregate
    UNION ALL SELECT aggserialfn, format('serial function of %s', aggfnoid::regprocedure) FROM pg_aggregate
    UNION ALL SELECT aggdeserialfn, format('deserial function of %s', aggfnoid::regprocedure) FROM pg_aggregate
    UNION ALL SELECT aggmtransfn, format('moving transition function of %s', aggfnoid::regprocedure) FROM pg_aggregate
    UNION ALL SELECT aggminvtransfn, format('moving inverse function of %s', aggfnoid::regprocedure) FROM pg_aggregate
    UNION ALL SELECT aggmfinalfn, format('moving final function of %s', aggfnoid::regprocedure) FROM pg_aggregate
    UNION ALL SELECT castfunc, format('function of the cast %s -> %s', castsource::regtype, casttarget::regtype) FROM pg_cast
    UNION ALL SELECT oprcode, format('function of operator %s', oid::regoperator) FROM pg_operator
    UNION ALL SELECT oprrest, format('restriction estimator of operator %s', oid::regoperator) FROM pg_operator
    UNION ALL SELECT oprjoin, format('join estimator of operator %s', oid::regoperator) FROM pg_operator
    UNION ALL SELECT prosupport, format('planner support function of %s', oid::regprocedure) FROM pg_proc
)
SELECT p.oid::regprocedure,
       CASE WHEN p.prokind = 'a' THEN 'aggregate'
            WHEN p.prokind = 'w' THEN 'window'
            WHEN p.prokind = 'p' THEN 'procedure'
            WHEN p.prorettype IN ('trigger'::regtype, 'event_trigger'::regtype) THEN 'trigger'
            WHEN r.roles IS NOT NULL THEN 'support'
            ELSE 'plain' END,
       coalesce(r.roles, ''),
       l.lanname,
       coalesce(s.calls, 0),
       'internal'::regtype = ANY (p.proargtypes),
       -- what inline_function() needs of the function itself
       l.lanname = 'sql' AND p.prokind = 'f' AND NOT p.prosecdef AND NOT p.proretset
           AND p.proconfig IS NULL AND p.prorettype <> 'record'::regtype,
       p.pronargs, p.pronargdefaults, p.proname,
       -- a row with no call: entered, but no call returned (each raised an error)
       s.funcid IS NOT NULL
FROM ext p
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_stat_user_functions s ON s.funcid = p.oid
LEFT JOIN LATERAL (SELECT string_agg(DISTINCT role, '; ') AS roles FROM roles WHERE fn = p.oid) r ON true
ORDER BY p.oid::regprocedure::text;
SQL
) || fail "cannot read the functions of extension stunting in $db"
functions=$(printf '%s\n' "$functions" | sed '/^$/d')
[ -n "$functions" ] || fail "extension stunting has no functions in $db"

# Aggregates: where the suite's SQL calls each of them (file:line, or nothing).
read -ra regress <<< "$(sed -n '/^REGRESS *=/,/[^\\]$/p' "$top/Makefile" | sed 's/^REGRESS *=//; s/\\$//' | tr -s ' \t\n' ' ')"
[ "${#regress[@]}" -gt 0 ] || fail "no REGRESS list in $top/Makefile"
aggregates=$(printf '%s\n' "$functions" | awk -F'|' '$2 == "aggregate" { print $1 "|" $10 "|" $8 "|" $9 }')
agg_calls=
if [ -n "$aggregates" ]; then
    agg_calls=$(STUNTING_AGGREGATES=$aggregates python3 - "$top/sql" "${regress[@]}" <<'PY'
import os, re, sys
sqldir, tests = sys.argv[1], sys.argv[2:]
aggs = [l.split('|') for l in os.environ['STUNTING_AGGREGATES'].splitlines() if l.strip()]

def code_only(text):
    """The text with comments and quoted strings blanked (newlines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('--', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif c == "'":
            j = i + 1
            escaped = i > 0 and text[i - 1] in 'eE'
            while j < n:
                if escaped and text[j] == '\\':
                    j += 2
                    continue
                if text[j] == "'":
                    if j + 1 < n and text[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            j = min(j + 1, n)
            out.append("''" + re.sub(r'[^\n]', '', text[i:j])); i = j
        elif c == '$' and re.match(r'\$([A-Za-z_]\w*)?\$', text[i:]) and not (i > 0 and re.match(r'\w', text[i - 1])):
            tag = re.match(r'\$([A-Za-z_]\w*)?\$', text[i:]).group(0)
            j = text.find(tag, i + len(tag))
            j = n if j < 0 else j + len(tag)
            out.append("''" + re.sub(r'[^\n]', '', text[i:j])); i = j
        else:
            out.append(c); i += 1
    return ''.join(out)

def arity(code, start):
    """Number of arguments of the call whose '(' is at start (None if unbalanced)."""
    depth, args, seen, i = 0, 0, False, start
    while i < len(code):
        c = code[i]
        if c in '([':
            depth += 1
        elif c in ')]':
            depth -= 1
            if depth == 0:
                return args + 1 if seen else 0
        elif depth == 1:
            if c == ',':
                args += 1
            elif re.match(r'order\s+by\b', code[i:i + 20], re.I) and not re.match(r'\w', code[i - 1]):
                # an ordered aggregate: what follows ORDER BY is not an argument
                return args + 1
            elif not c.isspace():
                seen = True
        i += 1
    return None

found = {}
for test in tests:
    try:
        text = open(f'{sqldir}/{test}.sql', encoding='utf-8').read()
    except OSError:
        continue
    code = code_only(text)
    for sig, name, nargs, ndefaults in aggs:
        if sig in found:
            continue
        lo, hi = int(nargs) - int(ndefaults), int(nargs)
        for m in re.finditer(r'(?:\bstunting\s*\.\s*|(?<![\w.]))' + re.escape(name) + r'\s*\(', code, re.I):
            k = arity(code, m.end() - 1)
            if k is not None and lo <= k <= hi:
                found[sig] = f'sql/{test}.sql:{code.count(chr(10), 0, m.start()) + 1}'
                break
for sig, name, nargs, ndefaults in aggs:
    print(f'{sig}|{found.get(sig, "")}')
PY
    ) || fail "cannot scan the suite's SQL files for calls of the aggregates"
fi

total=0 called=0 by_sql=0 exempt=0
missing=() exempted=() agg_lines=() listing=()
hint_inline=
while IFS='|' read -r sig kind role lang calls internal inlinable _ _ _ entered; do
    total=$((total + 1))
    desc=$(printf '%-9s %s' "$kind" "$sig")
    [ "$kind" = aggregate ] || desc="$desc  [$lang${role:+; $role}]"
    listing+=("$(printf '%9s  %-9s %s' "$calls" "$kind" "$sig")")
    if [ "$kind" = aggregate ]; then
        where=$(printf '%s\n' "$agg_calls" | awk -F'|' -v s="$sig" '$1 == s { print $2 }')
        if [ -n "$where" ]; then
            by_sql=$((by_sql + 1))
            agg_lines+=("$sig: called at $where")
        else
            missing+=("$desc: no call in the suite's SQL files")
        fi
    elif [ "$calls" -gt 0 ]; then
        called=$((called + 1))
    elif [ "$internal" = t ] && [ -n "$role" ]; then
        exempt=$((exempt + 1))
        exempted+=("$sig [$role]")
    elif [ "$internal" = t ]; then
        missing+=("$desc: has an argument of type internal but no server role, so nothing can call it")
    elif [ "$entered" = t ]; then
        missing+=("$desc: entered, but no call returned (each raised an error)")
    elif [ "$inlinable" = t ]; then
        missing+=("$desc (LANGUAGE sql without SET: a call the planner inlines is not counted)")
        hint_inline=1
    else
        missing+=("$desc")
    fi
done <<< "$functions"

echo "coverage: database $db, track_functions = $setting"
if [ -n "$verbose" ]; then
    printf '  %9s  %-9s %s\n' calls kind function
    printf '  %s\n' "${listing[@]}"
fi
if [ "$by_sql" -gt 0 ]; then
    echo "rule (aggregates): track_functions never counts an aggregate (the executor calls its transition and combine functions directly);"
    echo "  it counts as called where a statement of the suite's SQL files calls it with an accepted number of arguments:"
    printf '  %s\n' "${agg_lines[@]}"
fi
if [ "$exempt" -gt 0 ]; then
    echo "rule (exempt): an argument of type internal: SQL cannot call the function, the server calls it and track_functions does not count that:"
    printf '  %s\n' "${exempted[@]}"
fi
echo "coverage: $total functions of extension stunting: $called called by the suite (pg_stat_user_functions), $by_sql aggregates called in its SQL, $exempt exempt, ${#missing[@]} not called"
if [ "${#missing[@]}" -gt 0 ]; then
    echo "not called by the suite:"
    printf '  %s\n' "${missing[@]}"
    if [ -n "$hint_inline" ]; then
        echo "  (an inlined SQL function is exercised but not counted; SET search_path on the function prevents inlining)"
    fi
    fail "${#missing[@]} of $total functions of extension stunting have no call in the pg_regress suite"
fi
echo "coverage: ok, every function of extension stunting is exercised by the pg_regress suite"
