#!/usr/bin/env bash
# test/upgrade_roles.sh - roles given the templates under 0.8.0 keep what the
# templates grant after ALTER EXTENSION stunting UPDATE to 0.9.0 (the new
# columns child.posyandu and child.kms, and the growth-monitoring tables),
# and the update computes the weight-gain codes of the weighings already
# stored.  Needs a running server (PGHOST, PGPORT, PGUSER: a superuser).
set -euo pipefail
db=stunting_upgrade_roles
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
cleanup() {
    psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
         -c "DROP ROLE IF EXISTS stunting_up_kader" -c "DROP ROLE IF EXISTS stunting_up_viewer" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
psql -X -q -d postgres -c "CREATE DATABASE $db" -c "CREATE ROLE stunting_up_kader" -c "CREATE ROLE stunting_up_viewer"
q -q >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stunting VERSION '0.8.0' CASCADE;
SELECT stunting.grant_template('stunting_up_kader', 'entry'), stunting.grant_template('stunting_up_viewer', 'viewer');
INSERT INTO stunting.area (code, name, level) VALUES ('UP.01', 'Uji', 'village');
INSERT INTO stunting.child (id, sex, birth_date, area_code) VALUES (1, 'f', '2025-01-15', 'UP.01');
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm) VALUES
    (1, '2025-06-05', 6.5, 62), (1, '2025-07-05', 7.2, 64), (1, '2025-08-05', 7.3, 65);
ALTER EXTENSION stunting UPDATE TO '0.9.0';
SQL
got=$(q -c "SELECT string_agg(to_char(month, 'MM') || gain, ' ' ORDER BY month) FROM stunting.weighing")
[ "$got" = "06B 07N 08T" ] || { echo "upgrade roles: the stored weighings after the update are \"$got\", not \"06B 07N 08T\""; exit 1; }
got=$(q -c "SELECT string_agg(format('%s:%s%s%s%s%s', r,
               has_column_privilege(r, 'stunting.child', 'kms', 'INSERT')::int, has_column_privilege(r, 'stunting.child', 'posyandu', 'UPDATE')::int,
               has_column_privilege(r, 'stunting.child', 'kms', 'SELECT')::int, has_table_privilege(r, 'stunting.weighing', 'SELECT')::int,
               has_table_privilege(r, 'stunting.target_population', 'SELECT')::int), ' ' ORDER BY r)
            FROM unnest(ARRAY['stunting_up_kader', 'stunting_up_viewer']) r")
want="stunting_up_kader:11111 stunting_up_viewer:00111"
[ "$got" = "$want" ] || { echo "upgrade roles: privileges after the update \"$got\", expected \"$want\""; exit 1; }
# and what a fresh grant of each template gives is the same
q -q >/dev/null -c "SELECT stunting.revoke_template('stunting_up_kader', 'entry'), stunting.grant_template('stunting_up_kader', 'entry')"
[ "$(q -c "SELECT has_column_privilege('stunting_up_kader', 'stunting.child', 'kms', 'INSERT')")" = t ] || { echo "upgrade roles: a fresh entry grant lacks child.kms"; exit 1; }
echo "upgrade roles: 0.8.0 roles with the entry and viewer templates have the 0.9.0 columns and tables after the update; stored weighings coded (B N T)"
