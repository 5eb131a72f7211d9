-- The published figures (stunting.area_month_public, area_public_mvt):
-- area-level counts and rates with small cells suppressed, primary and
-- complementary, at every level.  Runs after access (it empties
-- stunting.child again).
SET client_min_messages = warning;
\set SHOW_CONTEXT never
TRUNCATE stunting.child;

-- August 2026, boys of 24 months: 78.5 cm is stunted (HAZ -2.82, not
-- severely), 87 cm is not.
--   Mojoroto:  Bandar Lor 3 children (too few), Bandar Kidul 8 (2 stunted:
--              too few), Banjarmlati 10 (none stunted)
--   Kota:      Semampir 20 (6 stunted), Balowerti 20 (5 stunted)
--   Pesantren: Bangsal 12 (6 stunted), its only kelurahan with data
CREATE TEMP TABLE plan (area_code text, children integer, stunted integer);
INSERT INTO plan VALUES ('35.71.01.1001', 3, 1), ('35.71.01.1002', 8, 2), ('35.71.01.1003', 10, 0),
                        ('35.71.02.1001', 20, 6), ('35.71.02.1002', 20, 5), ('35.71.03.1001', 12, 6);
INSERT INTO stunting.child (id, sex, birth_date, area_code)
SELECT 83000 + row_number() OVER (ORDER BY p.area_code, i), 'm', '2024-08-15', p.area_code
FROM plan p, generate_series(1, p.children) i;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
SELECT c.id, '2026-08-15', 11, CASE WHEN c.id - (SELECT min(c2.id) FROM stunting.child c2 WHERE c2.area_code = c.area_code) < p.stunted
                                    THEN 78.5 ELSE 87 END, 'h'
FROM stunting.child c JOIN plan p USING (area_code);
SELECT area_code, children, stunted FROM stunting.area_month_summary WHERE month = '2026-08-01' AND children > 0 ORDER BY 1;

-- What is published (default threshold 5):
--   Bandar Lor: primary (3 children); Bandar Kidul: complementary (else
--   Mojoroto - Banjarmlati = Bandar Lor), its 2 stunted primary anyway;
--   Mojoroto's 2 stunted: primary; so Pesantren's stunted (the smallest
--   other district's) complementary, and Bangsal's, which would equal it.
SHOW stunting.min_cell_size;
SELECT level, code, name, children, stunted, round(stunting_pct::numeric, 1) AS pct,
       round(stunting_ci_low::numeric, 1) AS ci_low, round(stunting_ci_high::numeric, 1) AS ci_high,
       severely_stunted AS severe, suppressed
FROM stunting.area_month_public WHERE month = '2026-08-01' ORDER BY level DESC, code;
-- no hidden figure can be recovered from its group: a shown parent has no
-- area hiding it alone, and a hidden parent is not the sum of its shown areas
WITH p AS (SELECT * FROM stunting.area_month_public WHERE month = '2026-08-01')
SELECT par.code, f.figure,
       count(*) FILTER (WHERE f.hidden) AS hidden_below, bool_or(f.parent_hidden) AS parent_hidden
FROM p par JOIN p kid ON kid.parent_code = par.code
CROSS JOIN LATERAL (VALUES ('children', kid.children IS NULL, par.children IS NULL),
                           ('stunted', kid.stunted IS NULL, par.stunted IS NULL),
                           ('severely_stunted', kid.severely_stunted IS NULL, par.severely_stunted IS NULL)) f(figure, hidden, parent_hidden)
GROUP BY par.code, f.figure
HAVING (NOT bool_or(f.parent_hidden) AND count(*) FILTER (WHERE f.hidden) = 1)
    OR (bool_or(f.parent_hidden) AND count(*) FILTER (WHERE f.hidden) = 0)
ORDER BY 1, 2;
-- the shown figures are the true ones
SELECT count(*) AS shown_and_wrong
FROM stunting.area_month_public p JOIN stunting.area_month a ON a.month = p.month AND a.code = p.code
WHERE p.month = '2026-08-01'
  AND (p.children <> a.children OR p.stunted <> a.stunted OR p.stunting_pct <> a.stunting_pct OR p.stunting_ci_low <> a.stunting_ci_low);

-- September: the complement is a non-zero figure (a hidden 0 beside a
-- hidden small count would give it back: the count is then the parent's
-- minus the shown), and hidden figures of a group sum to at least k.
--   Pesantren: Bangsal 6 children (2 stunted: too few), Pakunden 6 (none),
--   Tosaren 10 (5 stunted)
INSERT INTO stunting.child (id, sex, birth_date, area_code)
SELECT 85000 + row_number() OVER (ORDER BY p.code, i), 'm', '2024-09-15', p.code
FROM (VALUES ('35.71.03.1001', 6), ('35.71.03.1002', 6), ('35.71.03.1003', 10)) p(code, n), generate_series(1, p.n) i;
INSERT INTO stunting.measurement (child_id, visit_date, weight_kg, lenhei_cm, measure)
SELECT c.id, '2026-09-15', 11,
       CASE WHEN c.id - (SELECT min(c2.id) FROM stunting.child c2 WHERE c2.area_code = c.area_code AND c2.id >= 85000)
                 < (CASE c.area_code WHEN '35.71.03.1001' THEN 2 WHEN '35.71.03.1003' THEN 5 ELSE 0 END)
            THEN 78.5 ELSE 87 END, 'h'
FROM stunting.child c WHERE c.id >= 85000;
SELECT code, children, stunted, suppressed FROM stunting.area_month_public
WHERE month = '2026-09-01' AND code LIKE '35.71.03%' ORDER BY code;
-- in every group of both months whose parent shows the figure, the hidden
-- figures sum to 0 or to at least k (no group where they bound each other)
WITH p AS (SELECT * FROM stunting.area_month_public WHERE month IN ('2026-08-01', '2026-09-01')),
     a AS (SELECT * FROM stunting.area_month WHERE month IN ('2026-08-01', '2026-09-01'))
SELECT par.month, par.code, f.figure, sum(f.true_value) AS hidden_sum
FROM p par JOIN p kid ON kid.parent_code = par.code AND kid.month = par.month
JOIN a ON a.code = kid.code AND a.month = kid.month
CROSS JOIN LATERAL (VALUES ('children', kid.children IS NULL, par.children IS NOT NULL, a.children),
                           ('stunted', kid.stunted IS NULL, par.stunted IS NOT NULL, a.stunted),
                           ('severely_stunted', kid.severely_stunted IS NULL, par.severely_stunted IS NOT NULL, a.severely_stunted))
     f(figure, hidden, parent_shown, true_value)
WHERE f.hidden AND f.parent_shown
GROUP BY par.month, par.code, f.figure
HAVING sum(f.true_value) BETWEEN 1 AND 4
ORDER BY 1, 2, 3;

-- The threshold is a setting only a superuser changes: at 3, Bandar Lor
-- shows, Bandar Kidul no longer covers it.
SET stunting.min_cell_size = 3;
SELECT code, children, stunted, suppressed FROM stunting.area_month_public
WHERE month = '2026-08-01' AND code LIKE '35.71.01%' ORDER BY code;
SET stunting.min_cell_size = 0;
RESET stunting.min_cell_size;
SELECT stunting.min_cell_size();

-- by month: the function's argument is the month's first day or any day of it
SELECT count(*) AS rows, count(*) FILTER (WHERE suppressed) AS suppressed
FROM stunting.public_area_month('2026-08-20');
SELECT count(*) AS none FROM stunting.public_area_month('2026-09-01');

-- The tile: properties of the published figures only, suppressed cells
-- flagged, no child-level layer.
SELECT length(stunting.area_public_mvt(12, 3322, 2137, '2026-08-01')) > 0 AS tile,
       length(stunting.area_public_mvt(12, 0, 0, '2026-08-01')) AS elsewhere,
       length(stunting.area_public_mvt(12, 3322, 2137)) = length(stunting.area_public_mvt(12, 3322, 2137, '2026-08-01')) AS latest_by_default;
SELECT stunting.area_public_mvt(12, 3322, 2137, NULL, 'street');
SELECT stunting.area_public_mvt(12, 5000, 2137);
-- the rows the tile is made of for Bandar Lor (suppressed) and
-- Banjarmlati (shown)
CREATE TEMP TABLE layer AS
SELECT a.code, p.children, p.stunted, COALESCE(p.suppressed, false) AS suppressed
FROM stunting.area a LEFT JOIN stunting.area_month_public p ON p.code = a.code AND p.month = '2026-08-01'
WHERE a.level = 'village' AND a.code IN ('35.71.01.1001', '35.71.01.1003');
SELECT code, children, stunted, suppressed FROM layer ORDER BY code;
SELECT position('home' IN encode(stunting.area_public_mvt(12, 3322, 2137, '2026-08-01'), 'escape')) = 0 AS no_home,
       position('suppressed' IN encode(stunting.area_public_mvt(12, 3322, 2137, '2026-08-01'), 'escape')) > 0 AS flag,
       position('Banjarmlati' IN encode(stunting.area_public_mvt(12, 3322, 2137, '2026-08-01'), 'escape')) > 0 AS names;
