-- Who may see and change what: roles by area (stunting.grant_area, a
-- kecamatan or the city covering every area below), the role templates,
-- row-level security on children, measurements, quarantine and the audit
-- log; the role matrix, run as each role.  Runs last: it empties
-- stunting.child.  The roles are cluster-wide: named regress_*, dropped at
-- the end.
SET client_min_messages = warning;
\set SHOW_CONTEXT never
TRUNCATE stunting.child, stunting.measurement_quarantine;
TRUNCATE stunting.audit_log;  -- (the entries of the tests before)
SELECT stunting.set_nik_key(decode(repeat('ab', 32), 'hex'), replace => true) AS hashes_cleared;

CREATE ROLE regress_kader_bandar_lor;      -- kader, kelurahan Bandar Lor (kecamatan Mojoroto)
CREATE ROLE regress_kader_bangsal;         -- kader, kelurahan Bangsal (kecamatan Pesantren)
CREATE ROLE regress_tpk_semampir;          -- a Tim Pendamping Keluarga group role, kelurahan Semampir
CREATE ROLE regress_tpk_member IN ROLE regress_tpk_semampir;  -- ... and one of its members
CREATE ROLE regress_puskesmas_mojoroto;    -- puskesmas / camat: view kecamatan Mojoroto
CREATE ROLE regress_analyst;               -- city health office: view the city
CREATE ROLE regress_bi;                    -- BI dashboard: aggregates only
CREATE ROLE regress_tiles;                 -- tile server: aggregates and their tiles
CREATE ROLE regress_nobody;                -- no template

SELECT stunting.grant_template('regress_kader_bandar_lor', 'entry');
SELECT stunting.grant_template('regress_kader_bangsal', 'entry');
SELECT stunting.grant_template('regress_tpk_semampir', 'entry');
SELECT stunting.grant_template('regress_puskesmas_mojoroto', 'viewer');
SELECT stunting.grant_template('regress_analyst', 'viewer');
SELECT stunting.grant_template('regress_bi', 'aggregates');
SELECT stunting.grant_template('regress_tiles', 'tiles');
SELECT stunting.grant_area('regress_kader_bandar_lor', '35.71.01.1001', 'enter');
SELECT stunting.grant_area('regress_kader_bangsal', '35.71.03.1001', 'enter');
SELECT stunting.grant_area('regress_tpk_semampir', '35.71.02.1001', 'enter');
SELECT stunting.grant_area('regress_puskesmas_mojoroto', '35.71.01');
SELECT stunting.grant_area('regress_analyst', '35.71');
SELECT role_name, area_code, can_enter FROM stunting.area_access WHERE role_name LIKE 'regress%' ORDER BY 1, 2;

-- the grants' own errors
SELECT stunting.grant_area('regress_no_such_role', '35.71');
SELECT stunting.grant_area('regress_analyst', '35.71.99');
SELECT stunting.grant_area('regress_analyst', '35.71', 'delete');
SELECT stunting.grant_template('regress_analyst', 'admin');
SELECT stunting.grant_template('regress_no_such_role', 'viewer');
SELECT * FROM stunting.template_privileges('tiles') ORDER BY 1, 2, 3;

-- Six children: Bandar Lor (3; 81006 moves to Bangsal later), Bandar Kidul
-- (Mojoroto), Bangsal (Pesantren), Semampir (Kota); a measurement each.
INSERT INTO stunting.child (id, sex, birth_date, area_code, home, nik_hash) VALUES
    (81001, 'm', '2024-05-10', '35.71.01.1001', 'SRID=4326;POINT(111.99 -7.81)', stunting.nik_hash('3571011005240001')),
    (81002, 'f', '2024-06-12', '35.71.01.1001', NULL, NULL),
    (81003, 'm', '2024-07-14', '35.71.01.1002', NULL, NULL),
    (81004, 'f', '2024-08-16', '35.71.03.1001', NULL, NULL),
    (81005, 'm', '2024-09-18', '35.71.02.1001', NULL, NULL),
    (81006, 'f', '2024-10-20', '35.71.01.1001', NULL, NULL);
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
SELECT id, date '2026-05-20', 11, 84, 'h' FROM stunting.child WHERE id BETWEEN 81001 AND 81006;
INSERT INTO stunting.measurement_quarantine (child_id, visit_date, weight_kg, lenhei_cm, area_code, problems, entered_by)
VALUES (81004, '2026-05-21', 1100, 84, '35.71.03.1001', '{weight_in_grams}', 'someone_else');

-- The matrix: each action run as each role in a subtransaction rolled back
-- afterwards.  A number is the rows read or written; denied: no privilege
-- (42501); rls: the new row is outside the role's areas (42501, row-level
-- security); otherwise the SQLSTATE.
CREATE SCHEMA regress_access;
GRANT USAGE ON SCHEMA regress_access TO PUBLIC;
CREATE FUNCTION regress_access.try(statement text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    n bigint;
    result text;
BEGIN
    BEGIN
        IF statement ~* '^\s*select' THEN
            EXECUTE statement INTO result;
        ELSE
            EXECUTE statement;
            GET DIAGNOSTICS n = ROW_COUNT;
            result := n::text;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'P0099';   -- undo the action
    EXCEPTION
        WHEN SQLSTATE 'P0099' THEN
            NULL;
        WHEN insufficient_privilege THEN
            result := CASE WHEN SQLERRM LIKE '%row-level security%' THEN 'rls' ELSE 'denied' END;
        WHEN OTHERS THEN
            result := SQLSTATE;
    END;
    RETURN result;
END
$$;
CREATE TABLE regress_access.action (n integer, action text, statement text);
INSERT INTO regress_access.action VALUES
 (1, 'read children', 'SELECT count(*) FROM stunting.child'),
 (2, 'read measurements', 'SELECT count(*) FROM stunting.measurement'),
 (3, 'read quarantine', 'SELECT count(*) FROM stunting.measurement_quarantine'),
 (4, 'read audit log', 'SELECT count(*) FROM stunting.audit_log'),
 (5, 'read transitions', 'SELECT count(*) FROM stunting.child_month_transition'),
 (6, 'read own area grants', 'SELECT count(*) FROM stunting.area_access'),
 (7, 'read NIK key', 'SELECT count(*) FROM stunting.nik_key'),
 (8, 'read summaries', 'SELECT count(*) FROM stunting.area_month_summary WHERE children > 0'),
 (9, 'read area_month', 'SELECT count(*) FROM stunting.area_month'),
 (10, 'read area_month_public', 'SELECT count(*) FROM stunting.area_month_public'),
 (11, 'read boundaries', 'SELECT count(*) FROM stunting.area'),
 (12, 'child: insert in Bandar Lor', $$INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('f', '2025-01-01', '35.71.01.1001')$$),
 (13, 'child: insert in Bangsal', $$INSERT INTO stunting.child (sex, birth_date, area_code) VALUES ('f', '2025-01-01', '35.71.03.1001')$$),
 (14, 'child: correct 81001 (Bandar Lor)', $$UPDATE stunting.child SET birth_date = birth_date - 1 WHERE id = 81001$$),
 (15, 'child: move 81001 to Bangsal', $$UPDATE stunting.child SET area_code = '35.71.03.1001' WHERE id = 81001$$),
 (16, 'child: delete 81004 (Bangsal)', $$DELETE FROM stunting.child WHERE id = 81004$$),
 (17, 'measure 81001 (Bandar Lor)', $$INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (81001, '2026-06-02', 11.2, 84.5, 'h')$$),
 (18, 'measure 81004 (Bangsal)', $$INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (81004, '2026-06-02', 11.2, 84.5, 'h')$$),
 (19, 'correct measurements of 81004', $$UPDATE stunting.measurement SET weight_kg = 11.1 WHERE child_id = 81004$$),
 (20, 'delete measurements of 81001', $$DELETE FROM stunting.measurement WHERE child_id = 81001$$),
 (21, 'bulk load 81001', $$SELECT coalesce(array_to_string(stunting.store_measurement(ROW(81001, '2026-06-03', 11.2, 84.5, 'h', false, NULL, NULL, NULL, NULL, NULL, NULL)::stunting.measurement_import), ','), 'stored')$$),
 (22, 'correct quarantine', $$UPDATE stunting.measurement_quarantine SET weight_kg = 1.1$$),
 (23, 'write summaries', $$UPDATE stunting.area_month_summary SET children = 0, stunted = 0$$),
 (24, 'add a summary', $$INSERT INTO stunting.area_month_summary VALUES ('2026-07-01', '35.71.01.1001', NULL, 9, 0, 0)$$),
 (25, 'delete summaries', $$DELETE FROM stunting.area_month_summary$$),
 (26, 'change audit log', $$UPDATE stunting.audit_log SET role_name = 'x'$$),
 (27, 'delete audit log', $$DELETE FROM stunting.audit_log$$),
 (28, 'forge audit log', $$INSERT INTO stunting.audit_log (role_name, session_role, operation, table_name, row_id, areas) VALUES ('x', 'x', 'INSERT', 'child', 1, '{}')$$),
 (29, 'nik_hash(nik)', $$SELECT octet_length(stunting.nik_hash('3571011005240001'))$$),
 (30, 'set_nik_key', $$SELECT octet_length(stunting.set_nik_key(replace => true)::text)$$),
 (31, 'grant_area', $$SELECT octet_length(stunting.grant_area(current_user, '35.71')::text)$$),
 (32, 'refresh_area_month', $$SELECT stunting.refresh_area_month()$$),
 (33, 'check_area_month', $$SELECT count(*) FROM stunting.check_area_month()$$),
 (34, 'public tile', $$SELECT sign(length(stunting.area_public_mvt(12, 3322, 2137)))$$),
 (35, 'area_mvt (not suppressed)', $$SELECT sign(length(stunting.area_mvt(12, 3322, 2137)))$$),
 (36, 'lower min_cell_size', $$SELECT octet_length(set_config('stunting.min_cell_size', '1', false))$$),
 (37, 'tables with geometry readable', $$SELECT count(*) FROM public.geometry_columns WHERE f_table_schema = 'stunting' AND has_table_privilege(quote_ident(f_table_schema) || '.' || quote_ident(f_table_name), 'SELECT')$$);
CREATE FUNCTION regress_access.matrix(roles text[]) RETURNS TABLE (n integer, action text, role text, result text)
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    r text;
    a regress_access.action;
BEGIN
    FOREACH r IN ARRAY roles LOOP
        FOR a IN SELECT * FROM regress_access.action ORDER BY 1 LOOP
            EXECUTE format('SET ROLE %I', r);
            n := a.n; action := a.action; role := r;
            result := regress_access.try(a.statement);
            RESET ROLE;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$$;
SELECT m.n, m.action,
       max(m.result) FILTER (WHERE m.role = 'regress_kader_bandar_lor') AS kader_bl,
       max(m.result) FILTER (WHERE m.role = 'regress_kader_bangsal') AS kader_bs,
       max(m.result) FILTER (WHERE m.role = 'regress_tpk_member') AS tpk_mbr,
       max(m.result) FILTER (WHERE m.role = 'regress_puskesmas_mojoroto') AS pusk_mj,
       max(m.result) FILTER (WHERE m.role = 'regress_analyst') AS analyst,
       max(m.result) FILTER (WHERE m.role = 'regress_bi') AS bi,
       max(m.result) FILTER (WHERE m.role = 'regress_tiles') AS tiles,
       max(m.result) FILTER (WHERE m.role = 'regress_nobody') AS nobody
FROM regress_access.matrix(ARRAY['regress_kader_bandar_lor', 'regress_kader_bangsal', 'regress_tpk_member',
                                 'regress_puskesmas_mojoroto', 'regress_analyst', 'regress_bi', 'regress_tiles',
                                 'regress_nobody']) m
GROUP BY m.n, m.action ORDER BY m.n;
-- (the superuser's view, for comparison: every row)
SELECT (SELECT count(*) FROM stunting.child) AS children, (SELECT count(*) FROM stunting.measurement) AS measurements;

-- A kecamatan viewer sees each of its kelurahan, and no other
SET ROLE regress_puskesmas_mojoroto;
SELECT c.id, c.area_code, a.name FROM stunting.child c JOIN stunting.area a ON a.code = c.area_code ORDER BY c.id;
RESET ROLE;
-- ... and the codes derived again for a month from what it can read: its
-- kelurahan only (the owner gets every one)
SET ROLE regress_puskesmas_mojoroto;
SELECT count(*) AS derived_seen, count(*) FILTER (WHERE w.area_code NOT LIKE '35.71.01.%') AS outside_mojoroto
FROM (SELECT DISTINCT month FROM stunting.measurement) m, stunting.weighing_of_month(m.month) w;
RESET ROLE;
SELECT count(*) AS derived_all, count(*) FILTER (WHERE w.area_code NOT LIKE '35.71.01.%') AS outside_mojoroto
FROM (SELECT DISTINCT month FROM stunting.measurement) m, stunting.weighing_of_month(m.month) w;

-- Nothing the policies hide shows through an error: a child of another
-- area is "no such child", word for word as a child that does not exist.
SET ROLE regress_kader_bangsal;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (81001, '2026-06-02', 11, 84, 'h');
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (89999, '2026-06-02', 11, 84, 'h');
-- ... the same in a bulk load: quarantined as child_unknown, the loader's own
INSERT INTO stunting.measurement_import (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (81001, '2026-06-02', 11, 84, 'h');
SELECT child_id, problems, entered_by FROM stunting.measurement_quarantine ORDER BY id;
-- The quarantine is no way into another area: a row loaded for one the
-- loader may not enter is refused, and who loaded it cannot be forged
-- (the template grants no such column; and with the whole table granted,
-- the trigger keeps them)
INSERT INTO stunting.measurement_quarantine (child_id, visit_date, weight_kg, lenhei_cm, area_code, problems)
VALUES (81001, '2026-06-20', 8, 68, '35.71.01.1001', '{}');
INSERT INTO stunting.measurement_quarantine (child_id, visit_date, weight_kg, lenhei_cm, area_code, problems, entered_by)
VALUES (81004, '2026-06-20', 8, 68, '35.71.03.1001', '{}', 'regress_kader_bandar_lor');
RESET ROLE;
GRANT INSERT, UPDATE ON stunting.measurement_quarantine TO regress_kader_bangsal;
SET ROLE regress_kader_bangsal;
INSERT INTO stunting.measurement_quarantine (child_id, visit_date, weight_kg, lenhei_cm, area_code, problems, entered_by)
VALUES (81004, '2026-06-20', 8, 68, '35.71.03.1001', '{}', 'regress_kader_bandar_lor');
UPDATE stunting.measurement_quarantine SET entered_by = 'regress_kader_bandar_lor', entered_at = '2020-01-01'
WHERE problems = '{}';
SELECT child_id, area_code, entered_by, entered_at > now() - interval '1 hour' AS loaded_now
FROM stunting.measurement_quarantine WHERE problems = '{}';
DELETE FROM stunting.measurement_quarantine WHERE problems = '{}';
RESET ROLE;
REVOKE INSERT, UPDATE ON stunting.measurement_quarantine FROM regress_kader_bangsal;
SELECT stunting.grant_template('regress_kader_bangsal', 'entry');

-- No template reads the NIK hashes (with a child's kelurahan, sex and
-- birth date, a reader could test its 10,000 possible NIKs) or chooses an
-- id (one ahead of the sequence would make other areas' inserts fail).
SET ROLE regress_analyst;
SELECT nik_hash FROM stunting.child;
SELECT * FROM stunting.child;
SELECT stunting.nik_hash('3571011005240001');
RESET ROLE;
SET ROLE regress_kader_bangsal;
INSERT INTO stunting.child (id, sex, birth_date, area_code) VALUES (81999, 'm', '2024-05-10', '35.71.03.1001');
SELECT count(*) AS hash_matches FROM stunting.child WHERE nik_hash = stunting.nik_hash('3571011005240001');
RESET ROLE;
-- A NIK is unique within a kelurahan, not across the city: Bangsal may
-- register the NIK Bandar Lor holds (a city-wide refusal would confirm
-- that a guessed NIK is registered somewhere), and the health office finds
-- the pair with stunting.nik_duplicates().  Within Bandar Lor it is
-- refused, and the refusal shows no hash (the role cannot read them).
SET ROLE regress_kader_bangsal;
INSERT INTO stunting.child (sex, birth_date, area_code, nik_hash)
VALUES ('m', '2024-05-10', '35.71.03.1001', stunting.nik_hash('3571011005240001'));
RESET ROLE;
SELECT d.area_code, d.other_area_code, 81001 IN (d.child_id, d.other_child_id) AS bandar_lor_child
FROM stunting.nik_duplicates() d ORDER BY d.area_code;
SET client_min_messages = notice;
DO $$
DECLARE
    detail text;
BEGIN
    SET LOCAL ROLE regress_kader_bandar_lor;
    INSERT INTO stunting.child (sex, birth_date, area_code, nik_hash)
    VALUES ('m', '2024-05-10', '35.71.01.1001', stunting.nik_hash('3571011005240001'));
EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RAISE NOTICE 'unique_violation: % / detail: %', SQLERRM, COALESCE(detail, '(none)');
END
$$;
SET client_min_messages = warning;
SET ROLE regress_nobody;
SELECT * FROM stunting.nik_duplicates();
RESET ROLE;
DELETE FROM stunting.child WHERE area_code = '35.71.03.1001' AND nik_hash IS NOT NULL;
-- the audit log says a hash was set, not which
SELECT operation, new_values ->> 'nik_hash' AS nik_hash FROM stunting.audit_log
WHERE table_name = 'child' AND row_id = 81001 AND operation = 'INSERT';

-- A child moves from Bandar Lor to Bangsal (the city's data manager, who
-- may enter both): it stays visible to Bandar Lor with its past
-- measurement there; Bangsal sees the child and only what is measured from
-- now on in Bangsal.
CREATE ROLE regress_city_data;
SELECT stunting.grant_template('regress_city_data', 'entry');
SELECT stunting.grant_area('regress_city_data', '35.71', 'enter');
SET ROLE regress_city_data;
UPDATE stunting.child SET area_code = '35.71.03.1001' WHERE id = 81006;
RESET ROLE;
SET ROLE regress_kader_bangsal;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (81006, '2026-06-10', 10.5, 80.5, 'h');
SELECT c.id, c.area_code, (SELECT count(*) FROM stunting.measurement m WHERE m.child_id = c.id) AS measurements
FROM stunting.child c WHERE c.id = 81006;
-- a corrected birth date recomputes the measurement of Bandar Lor too,
-- which Bangsal cannot see (the recomputation runs as the owner)
UPDATE stunting.child SET birth_date = '2024-09-20' WHERE id = 81006;
RESET ROLE;
SET ROLE regress_kader_bandar_lor;
SELECT c.id, c.area_code, m.area_code AS measured_in, (m.z).age_days = m.visit_date - date '2024-09-20' AS recomputed
FROM stunting.child c JOIN stunting.measurement m ON m.child_id = c.id WHERE c.id = 81006 ORDER BY m.visit_date;
-- Bandar Lor can no longer enter for the child, nor correct it or its past
-- measurement there
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (81006, '2026-06-11', 10.5, 80.5, 'h');
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, area_code) VALUES (81006, '2026-06-11', 10.5, 80.5, 'h', '35.71.01.1001');
UPDATE stunting.measurement SET weight_kg = weight_kg + 0.1 WHERE child_id = 81006;
DELETE FROM stunting.measurement WHERE child_id = 81006;
WITH u AS (UPDATE stunting.child SET sex = 'm' WHERE id = 81006 RETURNING 1) SELECT count(*) AS corrected FROM u;
RESET ROLE;
SELECT count(*) AS discrepancies FROM stunting.check_area_month();

-- The audit trail: who did what, per area; every entry role reads only
-- the entries of its areas.
SELECT role_name, operation, table_name, row_id, areas, old_values, new_values
FROM stunting.audit_log
WHERE table_name = 'child' AND row_id = 81006 ORDER BY id;
SET ROLE regress_kader_bangsal;
SELECT a.table_name, CASE WHEN a.table_name = 'child' THEN a.row_id
                          ELSE (SELECT m.child_id FROM stunting.measurement m WHERE m.id = a.row_id) END AS child_id,
       a.operation, a.role_name
FROM stunting.audit_log a WHERE a.table_name = 'measurement' OR a.row_id BETWEEN 81000 AND 81999 ORDER BY a.id;
RESET ROLE;
SET ROLE regress_tpk_member;
SELECT a.table_name, CASE WHEN a.table_name = 'child' THEN a.row_id
                          ELSE (SELECT m.child_id FROM stunting.measurement m WHERE m.id = a.row_id) END AS child_id,
       a.operation, a.role_name
FROM stunting.audit_log a WHERE a.table_name = 'measurement' OR a.row_id BETWEEN 81000 AND 81999 ORDER BY a.id;
RESET ROLE;
-- a measurement's audit entry: the columns a correction changed, old and new
UPDATE stunting.measurement SET weight_kg = 11.5 WHERE child_id = 81005;
UPDATE stunting.measurement SET weight_kg = 11.5 WHERE child_id = 81005;  -- no change: nothing recorded
SELECT operation, old_values ->> 'weight_kg' AS old_weight, new_values ->> 'weight_kg' AS new_weight,
       (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(new_values) k) AS changed
FROM stunting.audit_log WHERE table_name = 'measurement' AND operation = 'UPDATE'
  AND row_id = (SELECT id FROM stunting.measurement WHERE child_id = 81005) ORDER BY id;
-- a TRUNCATE is one entry, the owner's alone to read
BEGIN;
TRUNCATE stunting.measurement;
SELECT operation, table_name, row_id, areas FROM stunting.audit_log WHERE operation = 'TRUNCATE';
ROLLBACK;
-- the trigger is a trigger only, and no one else's to attach
SELECT stunting.audit_row();
SET ROLE regress_kader_bangsal;
CREATE TEMP TABLE t (id bigint, area_code text);
CREATE TRIGGER a AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION stunting.audit_row();
CREATE TRIGGER b AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION stunting.child_after_update();
DROP TABLE t;
RESET ROLE;

-- A grant counts at once in the session that made it, even inside one
-- transaction (area_scope's results are dropped when this session writes
-- stunting.area_access or stunting.area); other sessions see it from their
-- next transaction (specs/grant_during_entry.spec).
BEGIN;
SET LOCAL ROLE regress_kader_bangsal;
SELECT count(*) AS bangsal_children FROM stunting.child;
RESET ROLE;
SELECT stunting.grant_area('regress_kader_bangsal', '35.71.02.1001');
SET LOCAL ROLE regress_kader_bangsal;
SELECT count(*) AS with_semampir FROM stunting.child;
RESET ROLE;
ROLLBACK;

-- ... and a membership granted in the same transaction, too (a catalog
-- invalidation, which other sessions receive at their next statement)
CREATE ROLE regress_new_tpk;
SELECT stunting.grant_template('regress_new_tpk', 'viewer');
BEGIN;
SET LOCAL ROLE regress_new_tpk;
SELECT count(*) AS before_membership FROM stunting.child;
RESET ROLE;
GRANT regress_tpk_semampir TO regress_new_tpk;
SET LOCAL ROLE regress_new_tpk;
SELECT count(*) AS with_membership FROM stunting.child;
RESET ROLE;
ROLLBACK;

-- The references between areas and children hold whatever a role sees:
-- an area still in use cannot be deleted, nor renamed without carrying
-- its children along, by a role that cannot see them.
GRANT UPDATE, DELETE ON stunting.area TO regress_kader_bangsal;
SET ROLE regress_kader_bangsal;
DELETE FROM stunting.area WHERE code = '35.71.01.1002';
UPDATE stunting.area SET code = '35.71.01.1902' WHERE code = '35.71.01.1002';
RESET ROLE;
SELECT count(*) AS carried FROM stunting.child WHERE area_code = '35.71.01.1902';
UPDATE stunting.area SET code = '35.71.01.1002' WHERE code = '35.71.01.1902';
REVOKE UPDATE, DELETE ON stunting.area FROM regress_kader_bangsal;
SELECT count(*) AS broken_references FROM stunting.check_references();

-- Revoking: enter, then everything
SELECT stunting.revoke_area('regress_kader_bandar_lor', '35.71.01.1001', 'enter') AS revoked;
SET ROLE regress_kader_bandar_lor;
SELECT count(*) AS still_sees FROM stunting.child;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure) VALUES (81001, '2026-06-12', 11.3, 84.6, 'h');
RESET ROLE;
SELECT stunting.revoke_area('regress_kader_bandar_lor') AS revoked;
SET ROLE regress_kader_bandar_lor;
SELECT count(*) AS sees FROM stunting.child;
RESET ROLE;
SELECT stunting.revoke_area('regress_kader_bandar_lor', NULL, 'all');
SELECT stunting.area_scope('everything');

-- the templates come off as they went on
SELECT stunting.revoke_template('regress_tiles', 'tiles');
SELECT count(*) AS privileges_left FROM information_schema.role_table_grants WHERE grantee = 'regress_tiles';
SELECT has_function_privilege('regress_tiles', 'stunting.area_public_mvt(integer, integer, integer, date, text)', 'EXECUTE') AS tiles_left;

-- clean up: the roles and their grants
DROP SCHEMA regress_access CASCADE;
DO $$
DECLARE
    r text;
BEGIN
    FOR r IN SELECT rolname FROM pg_roles WHERE rolname LIKE 'regress\_%' AND rolname IN
             ('regress_kader_bandar_lor', 'regress_kader_bangsal', 'regress_tpk_semampir', 'regress_tpk_member',
              'regress_puskesmas_mojoroto', 'regress_analyst', 'regress_bi', 'regress_tiles', 'regress_nobody',
              'regress_city_data', 'regress_new_tpk') LOOP
        PERFORM stunting.revoke_area(r);
        EXECUTE format('DROP OWNED BY %I', r);
        EXECUTE format('DROP ROLE %I', r);
    END LOOP;
END
$$;
SELECT count(*) AS grants_left FROM stunting.area_access WHERE role_name LIKE 'regress%';
