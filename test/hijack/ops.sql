-- test/hijack/ops.sql - the operations test/hijack.sh runs once as the
-- superuser and once as the clerk, after the owner has planted its
-- overloads. Every SQL and PL/pgSQL function of the extension must be
-- reached by one of them (the script checks it with track_functions).
--
-- The statements are the caller's own SQL, run with the caller's
-- search_path (public, pg_catalog, as the database owner set it: public
-- first, where an exact copy of a built-in wins): built-ins are written
-- pg_catalog.name(), every operator OPERATOR(pg_catalog.x) (IS NOT
-- DISTINCT FROM, which looks up = by name, as OPERATOR(pg_catalog.=) with
-- IS TRUE), PostGIS as @pg@.name(), so that only the extension's own code
-- can reach what is planted. @run@ is the run's number (1 superuser, 2
-- clerk, ...): children 9@run@0001 and 9@run@0002 are the run's own.
INSERT INTO hijack_test.ops (id, name, sql, expect, expect_state, tolerate_050) VALUES
-- areas
(10, 'load_areas (reload, unchanged)',
 $$SELECT stunting.load_areas((SELECT d.doc FROM hijack_test.doc d), 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan')$$,
 '46', NULL, NULL),
(11, 'derive_parent_areas (unchanged)', $$SELECT stunting.derive_parent_areas('district')$$, '0', NULL, NULL),
(12, 'area_parent_level', $$SELECT stunting.area_parent_level('village')$$, 'district', NULL, NULL),
(13, 'area_parent_level, unknown level', $$SELECT stunting.area_parent_level('planet')$$, NULL, '22023', NULL),
(14, 'area_clean_geometry, self-intersecting polygon',
 $$SELECT @pg@.ST_GeometryType(stunting.area_clean_geometry('SRID=4326;POLYGON((112 -7.8,112.01 -7.81,112.01 -7.8,112 -7.81,112 -7.8))'::@pg@.geometry))$$,
 'ST_MultiPolygon', NULL, NULL),
(15, 'area_clean_geometry, UTM input',
 $$SELECT @pg@.ST_SRID(stunting.area_clean_geometry(@pg@.ST_Transform('SRID=4326;POLYGON((112 -7.8,112.01 -7.8,112.01 -7.81,112 -7.81,112 -7.8))'::@pg@.geometry, 32749)))$$,
 '4326', NULL, NULL),
(16, 'utm_srid', $$SELECT stunting.utm_srid('SRID=4326;POINT(112.01 -7.82)'::@pg@.geometry)$$, '32749', NULL, NULL),
(17, 'utm_srid, web mercator input',
 $$SELECT stunting.utm_srid(@pg@.ST_Transform('SRID=4326;POINT(112.01 -7.82)'::@pg@.geometry, 3857))$$, '32749', NULL, NULL),
(18, 'area_at (C)', $$SELECT stunting.area_at('SRID=4326;POINT(112.0135 -7.8166)'::@pg@.geometry)$$, '35.71.02.1002', NULL, NULL),
(19, 'area_at, UTM point (through area_at_search)',
 $$SELECT stunting.area_at(@pg@.ST_Transform('SRID=4326;POINT(112.0135 -7.8166)'::@pg@.geometry, 32749))$$, '35.71.02.1002', NULL, NULL),
(20, 'area_at_search, inside',
 $$SELECT stunting.area_at_search('SRID=4326;POINT(112.0135 -7.8166)'::@pg@.geometry, 'village')$$, '35.71.02.1002', NULL, NULL),
(21, 'area_at_search, UTM point',
 $$SELECT stunting.area_at_search(@pg@.ST_Transform('SRID=4326;POINT(112.0135 -7.8166)'::@pg@.geometry, 32749), 'village')$$,
 '35.71.02.1002', NULL, NULL),
(22, 'area_at_search, 20 m outside the city',
 $$SELECT (stunting.area_at_search(p.g, 'village') OPERATOR(pg_catalog.=) p.expect) IS TRUE FROM hijack_test.points p WHERE p.name OPERATOR(pg_catalog.=) 'outside_20m'$$,
 'true', NULL, NULL),
(23, 'area_at_search, in an overlap',
 $$SELECT (stunting.area_at_search(p.g, 'village') OPERATOR(pg_catalog.=) p.expect) IS TRUE FROM hijack_test.points p WHERE p.name OPERATOR(pg_catalog.=) 'overlap'$$,
 'true', NULL, NULL),
(24, 'area_at_search, far away',
 $$SELECT stunting.area_at_search('SRID=4326;POINT(112.5 -7.5)'::@pg@.geometry, 'district') IS NULL$$, 'true', NULL, NULL),
(25, 'area_at_search, not a point',
 $$SELECT stunting.area_at_search('SRID=4326;LINESTRING(112 -7.8,112.01 -7.81)'::@pg@.geometry, 'village')$$, NULL, '22023', NULL),
(26, 'area_neighbours', $$SELECT pg_catalog.count(*) FROM stunting.area_neighbours('village')$$, '242', NULL, NULL),
(27, 'area_neighbours, kecamatan, 10 m',
 $$SELECT pg_catalog.count(*) FROM stunting.area_neighbours('district', 10::double precision)$$, '4', NULL, NULL),
-- children and measurements
(30, 'nik_hash',
 $$SELECT stunting.nik_hash('3571000000000001', 'hijack-test-salt') OPERATOR(pg_catalog.=) pg_catalog.sha256(pg_catalog.convert_to('hijack-test-salt:3571000000000001', 'UTF8'))$$,
 'true', NULL, NULL),
(31, 'nik_hash, separators',
 $$SELECT stunting.nik_hash('3571.0000-0000 0001', 'hijack-test-salt') OPERATOR(pg_catalog.=) stunting.nik_hash('3571000000000001', 'hijack-test-salt')$$,
 'true', NULL, NULL),
(32, 'nik_hash, too short', $$SELECT stunting.nik_hash('12345', 'hijack-test-salt')$$, NULL, '22P02', NULL),
(33, 'nik_hash, empty salt', $$SELECT stunting.nik_hash('3571000000000001', '')$$, NULL, '22023', NULL),
(34, 'insert children',
 $$WITH c AS (INSERT INTO stunting.child (id, sex, birth_date, area_code, home, nik_hash)
              VALUES (9@run@0001, 'p', '2025-01-15', '35.71.02.1002', 'SRID=4326;POINT(112.0135 -7.8166)'::@pg@.geometry,
                      stunting.nik_hash('35710000000090@run@1', 'hijack-test-salt')),
                     (9@run@0002, 'l', '2025-02-01', '35.71.01.1001', NULL,
                      stunting.nik_hash('35710000000090@run@2', 'hijack-test-salt'))
              RETURNING 1)
   SELECT pg_catalog.count(*) FROM c$$,
 '2', NULL, NULL),
(35, 'insert measurements (two months, two kelurahan)',
 $$WITH m AS (INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure, oedema, headc_cm, armc_cm, posyandu, measured_by)
              VALUES (9@run@0001, '2026-09-10', 7.9, 70.2, 'l', false, 44.5, 14.0, 'Posyandu Uji', 'hijack'),
                     (9@run@0001, '2026-10-12', 8.2, 71.5, 'l', false, 45.0, 14.2, 'Posyandu Uji', 'hijack'),
                     (9@run@0002, '2026-10-05', 9.5, 78.0, 'l', false, NULL, NULL, 'Posyandu Uji', 'hijack')
              RETURNING 1)
   SELECT pg_catalog.count(*) FROM m$$,
 '3', NULL, NULL),
(36, 'insert a rejected measurement (weight in grams)',
 $$WITH m AS (INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
              VALUES (9@run@0001, '2026-10-13', 8200, 71.5, 'l') RETURNING 1)
   SELECT pg_catalog.count(*) FROM m$$,
 NULL, '23514', NULL),
(37, 'insert a measurement of no child',
 $$WITH m AS (INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
              VALUES (-1, '2026-10-13', 8.2, 71.5, 'l') RETURNING 1)
   SELECT pg_catalog.count(*) FROM m$$,
 NULL, '23503', NULL),
(38, 'update a measurement: another month',
 $$WITH u AS (UPDATE stunting.measurement SET visit_date = '2026-09-25' WHERE child_id OPERATOR(pg_catalog.=) 9@run@0002 RETURNING 1)
   SELECT pg_catalog.count(*) FROM u$$,
 '1', NULL, NULL),
(39, 'update a measurement: another kelurahan',
 $$WITH u AS (UPDATE stunting.measurement SET area_code = '35.71.01.1002' WHERE child_id OPERATOR(pg_catalog.=) 9@run@0002 RETURNING 1)
   SELECT pg_catalog.count(*) FROM u$$,
 '1', NULL, NULL),
(40, 'update a measurement: another child',
 $$WITH u AS (UPDATE stunting.measurement SET child_id = 9@run@0002
              WHERE child_id OPERATOR(pg_catalog.=) 9@run@0001 AND visit_date OPERATOR(pg_catalog.=) '2026-09-10' RETURNING 1)
   SELECT pg_catalog.count(*) FROM u$$,
 '1', NULL, NULL),
(41, 'correct a child''s sex',
 $$WITH u AS (UPDATE stunting.child SET sex = 'l' WHERE id OPERATOR(pg_catalog.=) 9@run@0001 RETURNING 1) SELECT pg_catalog.count(*) FROM u$$,
 '1', NULL, NULL),
(42, 'correct a child''s birth date',
 $$WITH u AS (UPDATE stunting.child SET birth_date = '2025-01-20' WHERE id OPERATOR(pg_catalog.=) 9@run@0001 RETURNING 1) SELECT pg_catalog.count(*) FROM u$$,
 '1', NULL, NULL),
(43, 'delete a measurement',
 $$WITH d AS (DELETE FROM stunting.measurement WHERE child_id OPERATOR(pg_catalog.=) 9@run@0002 AND visit_date OPERATOR(pg_catalog.=) '2026-09-25' RETURNING 1)
   SELECT pg_catalog.count(*) FROM d$$,
 '1', NULL, NULL),
(44, 'refresh_area_month()', $$SELECT stunting.refresh_area_month() OPERATOR(pg_catalog.>) 0$$, 'true', NULL, NULL),
(45, 'refresh_area_month(months, areas)',
 $$SELECT stunting.refresh_area_month(ARRAY['2026-10-01', '2026-10-15']::date[], ARRAY['35.71.02.1002', '35.71.02.1002'])$$,
 '1', NULL, NULL),
(46, 'refresh_area_month, arrays of different lengths',
 $$SELECT stunting.refresh_area_month(ARRAY['2026-10-01']::date[], ARRAY[]::text[])$$, NULL, '2202E', NULL),
(47, 'simulate_children',
 $$SELECT s.children OPERATOR(pg_catalog.=) 200 AND s.measurements OPERATOR(pg_catalog.>) 0
   FROM stunting.simulate_children(200, 7 OPERATOR(pg_catalog.+) @run@, 2, '2026-10-01') s$$,
 'true', NULL, NULL),
(48, 'simulate_children, prevalence and within',
 $$SELECT s.children FROM stunting.simulate_children(50, 20 OPERATOR(pg_catalog.+) @run@, 1, '2026-10-01',
        '{"35.71.01": 0.3, "35.71.01.1001": 0.4}'::jsonb, 0.2::double precision, '35.71.01') s$$,
 '50', NULL, NULL),
(49, 'simulate_children, default last month',
 $$SELECT s.children FROM stunting.simulate_children(20, 30 OPERATOR(pg_catalog.+) @run@, 1) s$$, '20', NULL, NULL),
(50, 'simulate_children, bad prevalence',
 $$SELECT s.children FROM stunting.simulate_children(20, 1, 1, '2026-10-01', '{"35.71.01": 2}'::jsonb) s$$, NULL, '22023', NULL),
-- views and estimates
(51, 'bulk load: one clean row, one in grams (measurement_import, store_measurement)',
 $$WITH i AS (INSERT INTO stunting.measurement_import (child_id, visit_date, weight_kg, lenhei_cm, measure)
              VALUES (9@run@0002, '2026-10-20', 9.6, 78.4, 'l'), (9@run@0002, '2026-10-21', 9600, 78.4, 'l') RETURNING 1)
   SELECT (SELECT pg_catalog.count(*) FROM i) OPERATOR(pg_catalog.||) '/'
          OPERATOR(pg_catalog.||) (SELECT pg_catalog.count(*) FROM stunting.measurement_quarantine q
                                   WHERE q.child_id OPERATOR(pg_catalog.=) 9@run@0002)$$,
 '0/0', NULL, NULL),
(52, 'bulk load landed: one stored, one quarantined',
 $$SELECT (SELECT pg_catalog.count(*) FROM stunting.measurement m WHERE m.child_id OPERATOR(pg_catalog.=) 9@run@0002
                                                                    AND m.visit_date OPERATOR(pg_catalog.=) '2026-10-20')
          OPERATOR(pg_catalog.||) '/'
          OPERATOR(pg_catalog.||) (SELECT pg_catalog.count(*) FROM stunting.measurement_quarantine q
                                   WHERE q.child_id OPERATOR(pg_catalog.=) 9@run@0002)$$,
 '1/1', NULL, NULL),
(53, 'resubmit_quarantine (still in grams)',
 $$SELECT r.still_quarantined FROM stunting.resubmit_quarantine(ARRAY(SELECT q.id FROM stunting.measurement_quarantine q
                                                                     WHERE q.child_id OPERATOR(pg_catalog.=) 9@run@0002)) r$$,
 '1', NULL, NULL),
(54, 'check_area_month', $$SELECT pg_catalog.count(*) FROM stunting.check_area_month()$$, '0', NULL, NULL),
(55, 'check_references', $$SELECT pg_catalog.count(*) FROM stunting.check_references()$$, '0', NULL, NULL),
(56, 'delete an area in use (area_after_write)',
 $$DELETE FROM stunting.area WHERE code OPERATOR(pg_catalog.=) '35.71.01.1001' RETURNING code$$, NULL, '23503', NULL),
(57, 'rename an area in use, then undo (area_after_write carries the code)',
 $$SELECT hijack_test.run_and_undo('UPDATE stunting.area SET code = ''35.71.01.1901'' WHERE code = ''35.71.01.1001''')$$,
 NULL, 'P0001', NULL),
(58, 'truncate measurements, then undo (measurement_after_truncate)',
 $$SELECT hijack_test.run_and_undo('TRUNCATE stunting.measurement')$$, NULL, 'P0001', NULL),
(59, 'truncate children, then areas, then undo (child_after_truncate, area_before_truncate)',
 $$SELECT hijack_test.run_and_undo('TRUNCATE stunting.child', 'TRUNCATE stunting.area CASCADE')$$, NULL, 'P0001', NULL),
(60, 'view area_month', $$SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM stunting.area_month$$, 'true', NULL, NULL),
(61, 'view area_village', $$SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM stunting.area_village$$, 'true', NULL, NULL),
(62, 'view child_month_transition',
 $$SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM stunting.child_month_transition$$, 'true', NULL, NULL),
(63, 'area_month_estimate',
 $$SELECT pg_catalog.count(e.estimate) FROM stunting.area_month_estimate('2026-10-01', 'village', 'HA_2') e$$, '46', NULL, NULL),
(64, 'area_month_estimate, kecamatan',
 $$SELECT pg_catalog.count(*) FROM stunting.area_month_estimate('2026-10-01', 'district', 'WH_2')$$, '3', NULL, NULL),
(65, 'area_month_estimate, NULL key',
 $$SELECT pg_catalog.count(*) FROM stunting.area_month_estimate('2026-10-01', 'village', NULL)$$, NULL, '22004', NULL),
(66, 'assess',
 $$SELECT (stunting.assess(stunting.anthro_zscores('m', 400::double precision, 9.0::double precision, 75.0::double precision))).height::text$$,
 'normal', NULL, NULL),
-- maps
(70, 'area_geojson',
 $$SELECT pg_catalog.jsonb_array_length(stunting.area_geojson('2026-10-01') OPERATOR(pg_catalog.->) 'features')$$, '46', NULL, NULL),
(71, 'area_geojson, kecamatan',
 $$SELECT pg_catalog.jsonb_array_length(stunting.area_geojson('2026-10-01', 'district', 'HA_3') OPERATOR(pg_catalog.->) 'features')$$,
 '3', NULL, NULL),
(72, 'area_mvt', $$SELECT pg_catalog.octet_length(stunting.area_mvt(10, 830, 534, '2026-10-01')) OPERATOR(pg_catalog.>) 0$$,
 'true', NULL, NULL),
(73, 'area_mvt, latest month', $$SELECT pg_catalog.octet_length(stunting.area_mvt(10, 830, 534)) OPERATOR(pg_catalog.>) 0$$,
 'true', NULL, NULL),
(74, 'area_mvt, no such tile', $$SELECT stunting.area_mvt(2, 9, 0)$$, NULL, '22023', NULL),
(75, 'area_svg', $$SELECT pg_catalog.left(stunting.area_svg('2026-10-01'), 5)$$, '<?xml', NULL, NULL),
(76, 'area_svg, kecamatan, English',
 $$SELECT pg_catalog.left(stunting.area_svg('2026-10-01', 'district', 'HA_2', 'en'), 5)$$, '<?xml', NULL, NULL),
(77, 'area_svg, wasting classes', $$SELECT pg_catalog.left(stunting.area_svg('2026-10-01', 'village', 'WH_2', 'id'), 5)$$,
 '<?xml', NULL, NULL),
(78, 'area_svg, unknown language', $$SELECT stunting.area_svg('2026-10-01', 'village', 'HA_2', 'fr')$$, NULL, '22023', NULL),
(79, 'svg_map',
 $$SELECT pg_catalog.left(stunting.svg_map('village', 'T <&>', 'L', 'N', ARRAY['#000000'], ARRAY['x'], '{}'::jsonb), 5)$$,
 '<?xml', NULL, NULL),
(80, 'xml_escape', $$SELECT stunting.xml_escape('<a & "b''>')$$, '&lt;a &amp; &quot;b&apos;&gt;', NULL, NULL),
-- hot spots
(90, 'hotspots',
 $$SELECT pg_catalog.count(*) OPERATOR(pg_catalog.=) 46 AND pg_catalog.count(h.rate) OPERATOR(pg_catalog.>) 40
   FROM stunting.hotspots('2026-10-01') h$$,
 'true', NULL, NULL),
(91, 'hotspots, kecamatan, no permutations',
 $$SELECT pg_catalog.count(*) FROM stunting.hotspots('2026-10-01', 'district', 'HA_2', 0, 0::bigint)$$, '3', NULL, NULL),
(92, 'hotspots, a month without data', $$SELECT pg_catalog.count(*) FROM stunting.hotspots('2020-01-01')$$, '46', NULL, NULL),
(93, 'hotspot_streak', $$SELECT pg_catalog.count(*) FROM stunting.hotspot_streak('village', 'HA_2', 2)$$, '46', NULL, NULL),
(94, 'hotspot_svg', $$SELECT pg_catalog.left(stunting.hotspot_svg('2026-10-01'), 5)$$, '<?xml', NULL, NULL),
(95, 'hotspot_svg, LISA, English',
 $$SELECT pg_catalog.left(stunting.hotspot_svg('2026-10-01', 'village', 'HA_2', 'en', 'lisa', 99, 1::bigint), 5)$$,
 '<?xml', NULL, NULL),
-- names
(100, 'match_area (ambiguous)', $$SELECT pg_catalog.count(*) FROM stunting.match_area('Tampurejo')$$, '2', NULL, NULL),
(101, 'match_area_code (words of the kecamatan)',
 $$SELECT stunting.match_area_code('Bandar Lor Kec. Mojoroto')$$, '35.71.01.1001', NULL, NULL),
(102, 'match_area_code (one typo: deletion neighbourhood)',
 $$SELECT stunting.match_area_code('Singonegaraan', '35.71.03')$$, '35.71.03.1005', NULL, NULL),
(103, 'match_area (trigram step)',
 $$SELECT m.code FROM stunting.match_area('Mankisrengoo') m ORDER BY m.score DESC LIMIT 1$$, '35.71.02.1015', NULL, NULL),
(104, 'match_area_code (trigram step)', $$SELECT stunting.match_area_code('Mankisrengoo')$$, '35.71.02.1015', NULL, NULL),
(105, 'match_area_code (all areas below within)',
 $$SELECT stunting.match_area_code('Mankisrengoo', '35.71.02')$$, '35.71.02.1015', NULL, NULL),
(106, 'match_area, unknown within', $$SELECT pg_catalog.count(*) FROM stunting.match_area('Gayam', '99.99')$$, NULL, '22023', NULL),
(107, 'name_key_ao', $$SELECT stunting.name_key_ao('bandarlor')$$, 'bandarlar', NULL, NULL),
-- the rest
(110, 'random_normal_deviate', $$SELECT stunting.random_normal_deviate() IS NOT NULL$$, 'true', NULL, NULL),
-- 0.8.0: role templates, area grants (on stunting_hijack_analyst, a role
-- test/hijack.sh creates), the keyed NIK hash, the published figures, the
-- audit trail, areas renamed under row-level security (test/hijack/setup.sql
-- drops 130-159 before 0.8.0)
(130, 'template_privileges', $$SELECT pg_catalog.count(*) FROM stunting.template_privileges('entry')$$, '25', NULL, NULL),
(131, 'template_privileges, unknown template', $$SELECT pg_catalog.count(*) FROM stunting.template_privileges('admin')$$,
 NULL, '22023', NULL),
(132, 'grant_template (tiles)', $$SELECT pg_catalog.count(*) FROM (SELECT stunting.grant_template('stunting_hijack_analyst', 'tiles')) v$$, '1', NULL, NULL),
(133, 'grant_template granted',
 $$SELECT pg_catalog.has_function_privilege('stunting_hijack_analyst', 'stunting.area_public_mvt(integer, integer, integer, date, text)', 'EXECUTE')$$,
 'true', NULL, NULL),
(134, 'revoke_template (tiles)', $$SELECT pg_catalog.count(*) FROM (SELECT stunting.revoke_template('stunting_hijack_analyst', 'tiles')) v$$, '1', NULL, NULL),
(135, 'revoke_template revoked',
 $$SELECT pg_catalog.has_function_privilege('stunting_hijack_analyst', 'stunting.area_public_mvt(integer, integer, integer, date, text)', 'EXECUTE')$$,
 'false', NULL, NULL),
(136, 'grant_area', $$SELECT pg_catalog.count(*) FROM (SELECT stunting.grant_area('stunting_hijack_analyst', '35.71.01', 'view')) v$$, '1', NULL, NULL),
(137, 'grant_area, no such area', $$SELECT stunting.grant_area('stunting_hijack_analyst', '99.99', 'view')$$, NULL, '23503', NULL),
(138, 'grant_area, unknown privilege', $$SELECT stunting.grant_area('stunting_hijack_analyst', '35.71.01', 'own')$$, NULL, '22023', NULL),
(139, 'revoke_area (every area)', $$SELECT stunting.revoke_area('stunting_hijack_analyst', NULL)$$, '1', NULL, NULL),
(140, 'area_scope (the clerk''s three kecamatan and their kelurahan)',
 $$SELECT pg_catalog.cardinality(stunting.area_scope('enter'))$$, '49', NULL, NULL),
(141, 'area_scope, unknown privilege', $$SELECT stunting.area_scope('own')$$, NULL, '22023', NULL),
(142, 'nik_hash(nik), keyed',
 $$SELECT pg_catalog.octet_length(stunting.nik_hash('3571.0000-0000 0001')) OPERATOR(pg_catalog.=) 32
          AND stunting.nik_hash('3571.0000-0000 0001') OPERATOR(pg_catalog.=) stunting.nik_hash('3571000000000001')$$,
 'true', NULL, NULL),
(143, 'nik_hash(nik), too short', $$SELECT stunting.nik_hash('12345')$$, NULL, '22P02', NULL),
(144, 'set_nik_key, a key is set', $$SELECT stunting.set_nik_key()$$, NULL, '55000', NULL),
(145, 'set_nik_key, replaced, then undo',
 $$SELECT hijack_test.run_and_undo('SELECT stunting.set_nik_key(NULL, true)')$$, NULL, 'P0001', NULL),
(146, 'public_area_month', $$SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM stunting.public_area_month('2026-10-01')$$,
 'true', NULL, NULL),
(147, 'view area_month_public', $$SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM stunting.area_month_public$$, 'true', NULL, NULL),
(148, 'area_public_mvt',
 $$SELECT pg_catalog.octet_length(stunting.area_public_mvt(10, 830, 534, '2026-10-01')) OPERATOR(pg_catalog.>) 0$$, 'true', NULL, NULL),
(149, 'audit_log: the run''s child inserted (audit_row)',
 $$SELECT pg_catalog.count(*) FROM stunting.audit_log l
   WHERE l.table_name OPERATOR(pg_catalog.=) 'child' AND l.row_id OPERATOR(pg_catalog.=) 9@run@0001
     AND l.operation OPERATOR(pg_catalog.=) 'INSERT'$$,
 '1', NULL, NULL),
(150, 'rename an area in use, then undo: no child or measurement left on the old code (row-level security)',
 $$SELECT hijack_test.run_and_undo('UPDATE stunting.area SET code = ''35.71.01.1902'' WHERE code = ''35.71.01.1002''',
                                   'DO $d$ BEGIN IF hijack_test.rows_on(''35.71.01.1002'') > 0 THEN
                                        RAISE EXCEPTION ''% children and measurements left on the old code'', hijack_test.rows_on(''35.71.01.1002'') USING ERRCODE = ''23503''; END IF; END $d$')$$,
 NULL, 'P0001', NULL),
(151, 'nik_duplicates: the run''s two children given one NIK (two kelurahan), found in both orders, then undo',
 $$SELECT hijack_test.run_and_undo('UPDATE stunting.child SET nik_hash = (SELECT c.nik_hash FROM stunting.child c WHERE c.id = 9@run@0001) WHERE id = 9@run@0002',
                                   'DO $d$ BEGIN IF (SELECT count(*) FROM stunting.nik_duplicates() d WHERE d.child_id IN (9@run@0001, 9@run@0002)
                                                                                                    AND d.other_child_id IN (9@run@0001, 9@run@0002)) <> 2 THEN
                                        RAISE EXCEPTION ''the pair of children with one NIK not found twice'' USING ERRCODE = ''23505''; END IF; END $d$')$$,
 NULL, 'P0001', NULL),
-- growth monitoring (0.9.0)
(152, 'kbm(kms_month), the edition in use', $$SELECT stunting.kbm(7)$$, '400', NULL, NULL),
(153, 'kbm(kms_month, version)', $$SELECT stunting.kbm(12, 'buku-kia-2023')$$, '200', NULL, NULL),
(154, 'weight_gain_status with a birth date (KMS month 7, +400 g)',
 $$SELECT stunting.weight_gain_status('2025-01-20'::date, '2025-07-05'::date, 7.0, '2025-08-05'::date, 7.4)::text$$, 'N', NULL, NULL),
(155, 'skdn', $$SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM stunting.skdn('2026-10-01')$$, 'true', NULL, NULL),
(156, 'referrals', $$SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>=) 0 FROM stunting.referrals('2026-10-01')$$, 'true', NULL, NULL),
(157, 'skdn_age_group', $$SELECT stunting.skdn_age_group(13)$$, '13-36', NULL, NULL),
(158, 'check_weighing', $$SELECT pg_catalog.count(*) FROM stunting.check_weighing()$$, '0', NULL, NULL),
(159, 'refresh_weighing()', $$SELECT stunting.refresh_weighing() OPERATOR(pg_catalog.>) 0$$, 'true', NULL, NULL),
(160, 'a KMS edition added and chosen, then undo (kms_reference_guard, kms_reference_changed, use_kms_reference)',
 $$SELECT hijack_test.run_and_undo('INSERT INTO stunting.kms_reference (version, source) VALUES (''hijack'', ''test'')',
                                   'INSERT INTO stunting.kbm (version, kms_month, min_gain_g) SELECT ''hijack'', m, 300 FROM generate_series(1, 60) AS m',
                                   'SELECT stunting.use_kms_reference(''hijack'')')$$, NULL, 'P0001', NULL),
(161, 'the shipped KMS edition is read-only (kms_reference_guard)',
 $$UPDATE stunting.kbm SET min_gain_g = 1 WHERE version OPERATOR(pg_catalog.=) 'buku-kia-2023'$$, NULL, '42501', NULL),
(162, 'simulate_growth_trajectories and simulate_target_population, then undo',
 $$SELECT hijack_test.run_and_undo('SELECT stunting.simulate_growth_trajectories(3, 0.05)',
                                   'SELECT stunting.simulate_target_population(3)')$$, NULL, 'P0001', NULL),
-- last: in 0.5.0 every call fails ("column a.level must appear in the GROUP BY clause")
(120, 'hotspot_geojson',
 $$SELECT pg_catalog.jsonb_array_length(stunting.hotspot_geojson('2026-10-01') OPERATOR(pg_catalog.->) 'features')$$,
 '46', NULL, '42803');
