-- Growth monitoring at the posyandu (README, "Growth monitoring at the
-- posyandu"): the weight-gain code N/T/O/B of every weighing against the
-- KBM of the KMS, 2T and BGM, kept in stunting.weighing as measurements
-- arrive; the target population; the monthly SKDN report; the referral
-- list.
--
-- Which weighing counts: one per child and calendar month, the latest of
-- the month that has a weight (visit_date, then id), as for
-- stunting.area_month_summary.  N/T compare it with last calendar month's;
-- a child weighed in a month but not the month before is O; one never
-- weighed before is B.  The KBM is read by the KMS month of age
-- (stunting.kms_month: calendar months from the birth month); the SKDN's F1
-- age groups by completed months (stunting.age_months_completed).

CREATE TYPE stunting.weight_gain AS ENUM ('N', 'T', 'O', 'B');

COMMENT ON TYPE stunting.weight_gain IS
  'Weight-gain code of a weighing on the KMS (Buku KIA 2023): N naik (gained at least the KBM since last month''s weighing), T tidak naik (less, nothing, or a loss), O not weighed last month (no comparison), B baru (the first weighing); stunting.label words it';

-- ------------------------------------------------------------------------
-- The KBM (Kenaikan Berat badan Minimal) and the red line: one row per
-- edition of the KMS in stunting.kms_reference, its KBM row in
-- stunting.kbm.  The extension ships the reading of the Buku KIA 2023
-- below; a DBA adds the table the local Dinas Kesehatan uses as another
-- version and chooses it with stunting.use_kms_reference.

CREATE TABLE stunting.kms_reference (
    version  text PRIMARY KEY CHECK (version <> ''),
    source   text NOT NULL CHECK (source <> ''),
    bgm_z    float8 NOT NULL DEFAULT -3 CHECK (bgm_z BETWEEN -5 AND 0)
);

COMMENT ON TABLE stunting.kms_reference IS 'Editions of the KMS growth chart: their source and red line (BGM); the KBM of each is in stunting.kbm; the shipped edition buku-kia-2023 cannot be changed, a DBA adds others (pg_dump keeps them)';

COMMENT ON COLUMN stunting.kms_reference.version IS 'Name of the edition';

COMMENT ON COLUMN stunting.kms_reference.source IS 'Where its KBM row and red line come from';

COMMENT ON COLUMN stunting.kms_reference.bgm_z IS 'The red line (bawah garis merah): a weighing with WHO weight-for-age z below it is BGM; the WHO-based KMS draws it at -3 SD';

CREATE TABLE stunting.kbm (
    version     text NOT NULL,
    kms_month   integer NOT NULL CHECK (kms_month BETWEEN 1 AND 72),
    min_gain_g  integer NOT NULL CHECK (min_gain_g > 0),
    PRIMARY KEY (version, kms_month)
);

COMMENT ON TABLE stunting.kbm IS 'KBM (Kenaikan Berat badan Minimal) of each KMS edition: the least gain since last month''s weighing, in grams, by KMS month of age (stunting.kms_month); a month without a row is not judged (no N or T)';

COMMENT ON COLUMN stunting.kbm.version IS 'The edition (stunting.kms_reference)';

COMMENT ON COLUMN stunting.kbm.kms_month IS 'KMS month of age of the weighing: calendar months since the birth month';

COMMENT ON COLUMN stunting.kbm.min_gain_g IS 'Least gain in grams since last month''s weighing for N';

-- The shipped edition: the KBM row printed on the KMS of the Buku KIA
-- 2023 (both sexes).  Its sequence of values is verified; which months the
-- merged cells of 400, 300 and 200 g cover differs between copies (another
-- reading: 7: 300, 11: 200), hence a table a DBA replaces.
INSERT INTO stunting.kms_reference (version, source, bgm_z) VALUES
    ('buku-kia-2023', 'Kemenkes RI, Buku Kesehatan Ibu dan Anak (Buku KIA) 2023, KMS: KBM row 1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400, 7: 400, 8-11: 300, 12-60: 200 g (reading of the merged cells: README); red line -3 SD of WHO weight-for-age', -3);

INSERT INTO stunting.kbm (version, kms_month, min_gain_g)
SELECT 'buku-kia-2023', m,
       CASE WHEN m = 1 THEN 800 WHEN m = 2 THEN 900 WHEN m = 3 THEN 800 WHEN m = 4 THEN 600
            WHEN m = 5 THEN 500 WHEN m <= 7 THEN 400 WHEN m <= 11 THEN 300 ELSE 200 END
FROM pg_catalog.generate_series(1, 60) AS m;

-- The DBA's editions are dumped; the shipped one comes with the extension.
SELECT pg_catalog.pg_extension_config_dump('stunting.kms_reference', 'WHERE version <> ''buku-kia-2023''');

SELECT pg_catalog.pg_extension_config_dump('stunting.kbm', 'WHERE version <> ''buku-kia-2023''');

-- Which edition is in use: no row, the shipped one (a table of its own, so
-- that a restore, which brings the shipped edition back with the
-- extension, never finds two editions in use).
CREATE TABLE stunting.kms_in_use (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version    text NOT NULL
);

SELECT pg_catalog.pg_extension_config_dump('stunting.kms_in_use', '');

COMMENT ON TABLE stunting.kms_in_use IS 'The KMS edition the weight-gain codes use (one row; none: buku-kia-2023); set with stunting.use_kms_reference';

COMMENT ON COLUMN stunting.kms_in_use.singleton IS 'Always true: the table has at most one row';

COMMENT ON COLUMN stunting.kms_in_use.version IS 'The edition (stunting.kms_reference)';

CREATE FUNCTION stunting.kms_reference_in_use() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    -- (a chosen edition not in kms_reference counts as the shipped one: a
    -- parallel restore loads these tables in any order, and the arrival of
    -- the edition's rows recomputes every code)
    SELECT COALESCE((SELECT u.version FROM stunting.kms_in_use u
                     JOIN stunting.kms_reference r ON r.version = u.version), 'buku-kia-2023')
$$;

COMMENT ON FUNCTION stunting.kms_reference_in_use() IS
'The KMS edition in use for the weight-gain codes and BGM (stunting.kms_reference): the one chosen with stunting.use_kms_reference while it exists, else buku-kia-2023';

CREATE FUNCTION stunting.kbm(kms_month integer, version text) RETURNS integer
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT b.min_gain_g FROM stunting.kbm b WHERE b.version = kbm.version AND b.kms_month = kbm.kms_month
$$;

COMMENT ON FUNCTION stunting.kbm(integer, text) IS
'The KBM in grams of a KMS edition for a KMS month of age; NULL when the edition has none for that month';

CREATE FUNCTION stunting.kbm(kms_month integer) RETURNS integer
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT stunting.kbm(kbm.kms_month, stunting.kms_reference_in_use())
$$;

COMMENT ON FUNCTION stunting.kbm(integer) IS
'The KBM in grams for a KMS month of age (stunting.kms_month), by the edition in use; NULL when it has none for that month';

-- The shipped edition is read-only: it is not dumped (pg_dump would lose
-- a change), and the README names its numbers.  The edition in use cannot
-- be removed or renamed (stunting.use_kms_reference chooses only one that
-- exists; stunting.kms_in_use itself is not checked, as pg_restore -j may
-- load it before the editions).
CREATE FUNCTION stunting.kms_reference_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF (TG_OP IN ('UPDATE', 'DELETE') AND OLD.version = 'buku-kia-2023')
       OR (TG_OP IN ('INSERT', 'UPDATE') AND NEW.version = 'buku-kia-2023') THEN
        RAISE EXCEPTION 'the shipped KMS edition buku-kia-2023 cannot be changed'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Add your edition under another version name (stunting.kms_reference, stunting.kbm) and choose it with stunting.use_kms_reference.';
    END IF;
    IF TG_TABLE_NAME = 'kms_reference' AND TG_OP IN ('UPDATE', 'DELETE')
       AND OLD.version = stunting.kms_reference_in_use()
       AND (TG_OP = 'DELETE' OR NEW.version <> OLD.version) THEN
        RAISE EXCEPTION 'KMS edition "%" is in use', OLD.version
            USING ERRCODE = 'object_in_use',
                  HINT = 'Choose another edition first (stunting.use_kms_reference).';
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$;

COMMENT ON FUNCTION stunting.kms_reference_guard() IS
'Trigger on stunting.kms_reference and stunting.kbm: the shipped edition buku-kia-2023 is read-only (42501), and the edition in use cannot be removed or renamed (55006)';

CREATE TRIGGER kms_reference_guard BEFORE INSERT OR UPDATE OR DELETE ON stunting.kms_reference
    FOR EACH ROW EXECUTE FUNCTION stunting.kms_reference_guard();

CREATE TRIGGER kbm_guard BEFORE INSERT OR UPDATE OR DELETE ON stunting.kbm
    FOR EACH ROW EXECUTE FUNCTION stunting.kms_reference_guard();


-- ------------------------------------------------------------------------
-- The judgement of one weighing (growth_monitoring.c).

CREATE FUNCTION stunting.weight_gain_status(previous_visit date, previous_weight_kg float8,
                                            visit_date date, weight_kg float8, kbm_g integer)
  RETURNS stunting.weight_gain
  AS 'MODULE_PATHNAME', 'stunting_weight_gain_status'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION stunting.weight_gain_status(date, float8, date, float8, integer) IS
'Weight-gain code of a weighing against the previous one: B when previous_visit is NULL; O when it is not in the calendar month before; else N when the gain, rounded to the gram, is positive and at least kbm_g, T otherwise (NULL when kbm_g is NULL); NULL without a visit or weight; ERROR 22023 for a previous weighing in the same or a later month';

CREATE FUNCTION stunting.weight_gain_status(birth_date date, previous_visit date, previous_weight_kg float8,
                                            visit_date date, weight_kg float8)
  RETURNS stunting.weight_gain
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT stunting.weight_gain_status(previous_visit, previous_weight_kg, visit_date, weight_kg,
                                       stunting.kbm(stunting.kms_month(birth_date, visit_date)))
$$;

COMMENT ON FUNCTION stunting.weight_gain_status(date, date, float8, date, float8) IS
'Weight-gain code of a weighing of a child born on birth_date against its previous weighing, with the KBM of the KMS edition in use for the KMS month of age';

CREATE FUNCTION stunting.weight_gain_g(previous_weight_kg float8, weight_kg float8)
  RETURNS integer
  AS 'MODULE_PATHNAME', 'stunting_weight_gain_g'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.weight_gain_g(float8, float8) IS
'The gain in grams from one weight in kg to the next, rounded to the nearest gram (8.2 - 8.0 kg is 200 g, not 199.99999999999929)';

CREATE FUNCTION stunting.skdn_label(code text, lang text DEFAULT NULL)
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_skdn_label'
  LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION stunting.skdn_label(text, text) IS
'The wording of an SKDN column (S, K, D, N, T, O, B, 2T, BGM, D/S, K/S, N/D, N/(D-O-B), BGM/D) in Bahasa Indonesia (id) or English (en); lang NULL: the setting stunting.language';

CREATE FUNCTION stunting.skdn_age_group(age_months integer) RETURNS text
AS 'MODULE_PATHNAME', 'stunting_skdn_age_group'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.skdn_age_group(integer) IS
'The F1 Gizi age group of an age in completed months: 0-12, 13-36, 37-60; NULL outside 0-60';

-- ------------------------------------------------------------------------
-- Every counted weighing with its code, kept current at the commit of each
-- transaction that wrote measurements (surveillance_fmgr.c notes each
-- row's child and month; stunting.refresh_weighing recomputes the child's
-- weighings from that month on).

CREATE TABLE stunting.weighing (
    child_id            bigint NOT NULL,
    month               date NOT NULL,
    measurement_id      bigint NOT NULL,
    visit_date          date NOT NULL,
    area_code           text NOT NULL,
    posyandu            text,
    weight_kg           float8 NOT NULL,
    age_months          integer NOT NULL,
    kms_month           integer NOT NULL,
    previous_visit      date,
    previous_weight_kg  float8,
    gain_g              integer,
    kbm_g               integer,
    gain                stunting.weight_gain,
    two_t               boolean NOT NULL,
    bgm                 boolean,
    kms_version         text NOT NULL,
    PRIMARY KEY (child_id, month)
);

CREATE INDEX weighing_month_area_idx ON stunting.weighing (month, area_code);

COMMENT ON TABLE stunting.weighing IS 'Each child''s counted weighing of each month (the latest of the month with a weight) with its weight-gain code, 2T and BGM; kept current by triggers on stunting.measurement (at each commit) and rebuilt by stunting.refresh_weighing; not dumped (a restore recomputes it)';

COMMENT ON COLUMN stunting.weighing.child_id IS 'Child (stunting.child)';

COMMENT ON COLUMN stunting.weighing.month IS 'Month (first day)';

COMMENT ON COLUMN stunting.weighing.measurement_id IS 'The measurement that counts for the month';

COMMENT ON COLUMN stunting.weighing.visit_date IS 'Its date';

COMMENT ON COLUMN stunting.weighing.area_code IS 'Kelurahan it counts for';

COMMENT ON COLUMN stunting.weighing.posyandu IS 'Posyandu where the child was weighed';

COMMENT ON COLUMN stunting.weighing.weight_kg IS 'Weight in kg';

COMMENT ON COLUMN stunting.weighing.age_months IS 'Age in completed months at the visit (F1 age groups)';

COMMENT ON COLUMN stunting.weighing.kms_month IS 'KMS month of age at the visit (calendar months since the birth month; the KBM is read by it)';

COMMENT ON COLUMN stunting.weighing.previous_visit IS 'Last month''s counted weighing, when there is one';

COMMENT ON COLUMN stunting.weighing.previous_weight_kg IS 'Its weight in kg';

COMMENT ON COLUMN stunting.weighing.gain_g IS 'Gain since last month''s weighing, grams (rounded to the gram)';

COMMENT ON COLUMN stunting.weighing.kbm_g IS 'The KBM for kms_month, grams; NULL when the edition has none (no N or T)';

COMMENT ON COLUMN stunting.weighing.gain IS 'N, T, O or B (stunting.weight_gain); NULL when a comparison was due but no KBM exists for the month of age';

COMMENT ON COLUMN stunting.weighing.two_t IS '2T: T now and at last month''s weighing (refer to the puskesmas)';

COMMENT ON COLUMN stunting.weighing.bgm IS 'BGM: weight-for-age z below the red line of the edition (NULL when weight-for-age is missing or flagged)';

COMMENT ON COLUMN stunting.weighing.kms_version IS 'The KMS edition the code was judged by';

-- One row per child ever refreshed: its lock.  Every refresh of a child's
-- weighings first locks (and updates) this row, so refreshes of one child
-- take turns and each recomputes from every committed measurement; at
-- REPEATABLE READ a row updated by a transaction the snapshot does not see
-- is a serialization failure (40001), never stale weighings.  Rows are
-- never deleted (a deleted row could not be locked).
CREATE TABLE stunting.weighing_child (
    child_id   bigint PRIMARY KEY,
    weighings  integer NOT NULL
);

COMMENT ON TABLE stunting.weighing_child IS 'One row per child whose weighings were refreshed: the lock refreshes of that child take in turn; weighings is the number of its rows in stunting.weighing';

COMMENT ON COLUMN stunting.weighing_child.child_id IS 'Child';

COMMENT ON COLUMN stunting.weighing_child.weighings IS 'Its counted weighings (rows of stunting.weighing)';

-- The weighings of the given children from the given month on (per child:
-- the earliest month given), recomputed from stunting.measurement alone
-- (the birth date from the stored age: visit_date - age_days), so that a
-- restore that loads children and measurements in parallel recomputes them
-- right.  Reads the two months before for N/T and 2T, and whether the
-- child was weighed earlier still (O, not B).
CREATE FUNCTION stunting.weighing_compute(child_ids bigint[], from_months date[])
RETURNS SETOF stunting.weighing
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    WITH k AS (
        SELECT k.c AS child_id, pg_catalog.date_trunc('month', pg_catalog.min(k.m))::date AS from_month
        FROM ROWS FROM (pg_catalog.unnest(child_ids), pg_catalog.unnest(from_months)) AS k(c, m)
        WHERE k.c IS NOT NULL AND k.m IS NOT NULL
        GROUP BY k.c),
    ref AS (
        SELECT r.version, r.bgm_z FROM stunting.kms_reference r
        WHERE r.version = stunting.kms_reference_in_use()),
    counted AS (
        SELECT DISTINCT ON (m.child_id, m.month)
               k.from_month, m.child_id, m.month, m.id, m.visit_date, m.area_code, m.posyandu, m.weight_kg,
               m.visit_date - ((m.z).age_days)::integer AS birth_date, (m.z).zwei AS zwei, (m.z).fwei AS fwei
        FROM k
        JOIN stunting.measurement m
          ON m.child_id = k.child_id
         AND m.visit_date >= (k.from_month OPERATOR(pg_catalog.-) '2 months'::interval)::date
        WHERE m.weight_kg IS NOT NULL AND (m.z).age_days IS NOT NULL
        ORDER BY m.child_id, m.month, m.visit_date DESC, m.id DESC),
    earlier AS (
        SELECT k.child_id,
               EXISTS (SELECT FROM stunting.measurement e
                       WHERE e.child_id = k.child_id
                         AND e.visit_date < (k.from_month OPERATOR(pg_catalog.-) '2 months'::interval)::date
                         AND e.weight_kg IS NOT NULL AND (e.z).age_days IS NOT NULL) AS weighed_before
        FROM k),
    judged AS (
        SELECT c.*, e.weighed_before,
               stunting.age_months_completed(c.birth_date, c.visit_date) AS age_months,
               stunting.kms_month(c.birth_date, c.visit_date) AS kms_month,
               pg_catalog.lag(c.visit_date) OVER w AS lag_visit,
               pg_catalog.lag(c.weight_kg) OVER w AS lag_weight,
               pg_catalog.lag(c.month) OVER w AS lag_month
        FROM counted c JOIN earlier e ON e.child_id = c.child_id
        WINDOW w AS (PARTITION BY c.child_id ORDER BY c.month)),
    coded AS (
        SELECT j.*, b.min_gain_g AS kbm_g,
               (j.lag_month = (j.month OPERATOR(pg_catalog.-) '1 month'::interval)::date) IS TRUE AS follows,
               CASE WHEN j.lag_visit IS NULL AND j.weighed_before THEN 'O'::stunting.weight_gain
                    ELSE stunting.weight_gain_status(j.lag_visit, j.lag_weight, j.visit_date, j.weight_kg, b.min_gain_g)
               END AS gain
        FROM judged j
        LEFT JOIN ref ON true
        LEFT JOIN stunting.kbm b ON b.version = ref.version AND b.kms_month = j.kms_month),
    paired AS (
        SELECT c.*, pg_catalog.lag(c.gain) OVER w AS lag_gain
        FROM coded c
        WINDOW w AS (PARTITION BY c.child_id ORDER BY c.month))
    SELECT p.child_id, p.month, p.id, p.visit_date, p.area_code, p.posyandu, p.weight_kg,
           p.age_months, p.kms_month,
           CASE WHEN p.follows THEN p.lag_visit END,
           CASE WHEN p.follows THEN p.lag_weight END,
           CASE WHEN p.follows THEN stunting.weight_gain_g(p.lag_weight, p.weight_kg) END,
           p.kbm_g, p.gain,
           (p.gain = 'T' AND p.follows AND p.lag_gain = 'T') IS TRUE,
           CASE WHEN p.zwei IS NULL OR p.fwei THEN NULL ELSE p.zwei < ref.bgm_z END,
           ref.version
    FROM paired p CROSS JOIN ref
    WHERE p.month >= p.from_month
$$;

COMMENT ON FUNCTION stunting.weighing_compute(bigint[], date[]) IS
'The rows of stunting.weighing of the given children (pairwise with months: each child''s from its earliest month given) recomputed from their measurements, by the KMS edition in use';

-- The same rows for one whole month, derived in one pass over the
-- measurements up to that month (weighing_month_fmgr.c): a hash of the
-- children weighed in the month and the two before, instead of one index
-- lookup per child; as the caller (row-level security applies).
CREATE FUNCTION stunting.weighing_of_month(in_month date)
RETURNS SETOF stunting.weighing
AS 'MODULE_PATHNAME', 'stunting_weighing_of_month'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED
SET search_path FROM CURRENT;

COMMENT ON FUNCTION stunting.weighing_of_month(date) IS
'Every counted weighing of the month (any day of it) with its code, 2T and BGM, derived again from the measurements the caller can read in one pass (equal to stunting.weighing for the month when every measurement is visible), by the KMS edition in use';

-- SECURITY DEFINER: the weighings are the owner's, derived from every
-- measurement; the triggers call it as the owner.
CREATE FUNCTION stunting.refresh_weighing(child_ids bigint[], from_months date[]) RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    ids bigint[];
    months date[];
    n integer;
BEGIN
    IF pg_catalog.cardinality(child_ids) IS DISTINCT FROM pg_catalog.cardinality(from_months) THEN
        RAISE EXCEPTION 'refresh_weighing: % children but % months', pg_catalog.cardinality(child_ids), pg_catalog.cardinality(from_months)
            USING ERRCODE = 'array_subscript_error';
    END IF;
    SELECT pg_catalog.array_agg(k.c ORDER BY k.c), pg_catalog.array_agg(k.m ORDER BY k.c)
    INTO ids, months
    FROM (SELECT k.c, pg_catalog.min(k.m) AS m
          FROM ROWS FROM (pg_catalog.unnest(child_ids), pg_catalog.unnest(from_months)) AS k(c, m)
          WHERE k.c IS NOT NULL AND k.m IS NOT NULL
          GROUP BY k.c) k;
    IF ids IS NULL THEN
        RETURN 0;
    END IF;
    -- 1. each child's lock row, made if missing, then locked in id order
    INSERT INTO stunting.weighing_child (child_id, weighings)
    SELECT c, 0 FROM pg_catalog.unnest(ids) AS c ORDER BY c
    ON CONFLICT (child_id) DO NOTHING;
    PERFORM 1 FROM stunting.weighing_child w
    WHERE w.child_id = ANY (ids)
    ORDER BY w.child_id
    FOR UPDATE OF w;
    -- 2. with a snapshot taken after the locks (READ COMMITTED): every
    --    weighing from each child's month on, recomputed
    DELETE FROM stunting.weighing w
    USING ROWS FROM (pg_catalog.unnest(ids), pg_catalog.unnest(months)) AS k(c, m)
    WHERE w.child_id = k.c AND w.month >= pg_catalog.date_trunc('month', k.m)::date;
    INSERT INTO stunting.weighing SELECT * FROM stunting.weighing_compute(ids, months);
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE stunting.weighing_child c
    SET weighings = (SELECT pg_catalog.count(*) FROM stunting.weighing w WHERE w.child_id = c.child_id)
    WHERE c.child_id = ANY (ids);
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.refresh_weighing(bigint[], date[]) FROM PUBLIC;

COMMENT ON FUNCTION stunting.refresh_weighing(bigint[], date[]) IS
'Recomputes stunting.weighing for the given children from the given months on (pairwise), locking each child''s row of stunting.weighing_child in id order first (safe beside concurrent entry); SECURITY DEFINER, not executable by PUBLIC; returns the number of weighings written';

CREATE FUNCTION stunting.refresh_weighing() RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    -- every child with a weighing stored or a measurement
    RETURN stunting.refresh_weighing(
        ARRAY(SELECT k.child_id FROM (SELECT m.child_id FROM stunting.measurement m
                                      UNION SELECT w.child_id FROM stunting.weighing w) k),
        ARRAY(SELECT '-infinity'::date FROM (SELECT m.child_id FROM stunting.measurement m
                                             UNION SELECT w.child_id FROM stunting.weighing w) k));
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.refresh_weighing() FROM PUBLIC;

COMMENT ON FUNCTION stunting.refresh_weighing() IS
'Recomputes every child''s weighings (after a change of the KMS edition, a restore or a doubt); returns the number of weighings written';

-- What a DBA runs after a restore, a load or a doubt.
CREATE FUNCTION stunting.check_weighing()
RETURNS TABLE (child_id bigint, month date, stored text, recomputed text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    WITH r AS (
        SELECT * FROM stunting.weighing_compute(
            ARRAY(SELECT DISTINCT m.child_id FROM stunting.measurement m),
            ARRAY(SELECT '-infinity'::date FROM (SELECT DISTINCT m.child_id FROM stunting.measurement m) d)))
    SELECT COALESCE(s.child_id, r.child_id), COALESCE(s.month, r.month),
           CASE WHEN s.child_id IS NOT NULL THEN pg_catalog.row_to_json(s)::text END,
           CASE WHEN r.child_id IS NOT NULL THEN pg_catalog.row_to_json(r)::text END
    FROM stunting.weighing s
    FULL JOIN r ON r.child_id = s.child_id AND r.month = s.month
    WHERE s IS DISTINCT FROM r
    ORDER BY 1, 2
$$;

REVOKE EXECUTE ON FUNCTION stunting.check_weighing() FROM PUBLIC;

COMMENT ON FUNCTION stunting.check_weighing() IS
'Every weighing whose row in stunting.weighing differs from a recomputation from the measurements, or is missing, or should not be there; no rows when stunting.weighing is current';

-- A change of the edition in use, or of its rows, recomputes every
-- weighing (editions change seldom).  SECURITY DEFINER, as the refresh.
CREATE FUNCTION stunting.kms_reference_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM stunting.refresh_weighing();
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.kms_reference_changed() FROM PUBLIC;

COMMENT ON FUNCTION stunting.kms_reference_changed() IS
'Trigger on stunting.kms_reference, stunting.kbm and stunting.kms_in_use: recomputes every weighing (stunting.refresh_weighing)';

CREATE TRIGGER kms_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stunting.kms_reference
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.kms_reference_changed();

CREATE TRIGGER kbm_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stunting.kbm
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.kms_reference_changed();

CREATE TRIGGER kms_in_use_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stunting.kms_in_use
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.kms_reference_changed();

CREATE FUNCTION stunting.use_kms_reference(version text) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM 1 FROM stunting.kms_reference r WHERE r.version = use_kms_reference.version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no KMS edition "%"', use_kms_reference.version
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Add it to stunting.kms_reference and its KBM row to stunting.kbm first.';
    END IF;
    IF NOT EXISTS (SELECT FROM stunting.kbm b WHERE b.version = use_kms_reference.version) THEN
        RAISE EXCEPTION 'KMS edition "%" has no KBM rows in stunting.kbm', use_kms_reference.version
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF use_kms_reference.version = 'buku-kia-2023' THEN
        DELETE FROM stunting.kms_in_use;
    ELSE
        INSERT INTO stunting.kms_in_use (singleton, version) VALUES (true, use_kms_reference.version)
        ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version;
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.use_kms_reference(text) FROM PUBLIC;

COMMENT ON FUNCTION stunting.use_kms_reference(text) IS
'Chooses the KMS edition the weight-gain codes and BGM use and recomputes every weighing; the DBA''s (not executable by PUBLIC)';

-- A measurement table emptied empties the weighings (TRUNCATE fires no
-- row trigger).  SECURITY DEFINER, as the refresh.
CREATE FUNCTION stunting.weighing_after_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    TRUNCATE stunting.weighing, stunting.weighing_child;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.weighing_after_truncate() FROM PUBLIC;

COMMENT ON FUNCTION stunting.weighing_after_truncate() IS
'Trigger on stunting.measurement: TRUNCATE empties stunting.weighing too';

CREATE TRIGGER weighing_after_truncate AFTER TRUNCATE ON stunting.measurement
    FOR EACH STATEMENT EXECUTE FUNCTION stunting.weighing_after_truncate();

ALTER TABLE stunting.weighing ENABLE ROW LEVEL SECURITY;

CREATE POLICY weighing_view ON stunting.weighing FOR SELECT
    USING (area_code = ANY ((SELECT stunting.area_scope('view'))::text[]));

-- ------------------------------------------------------------------------
-- The target population (sasaran): under-fives per kelurahan (or per
-- posyandu within it), month and F1 age group, from the city's registry or
-- projections.

CREATE TABLE stunting.target_population (
    month      date NOT NULL CHECK (month = pg_catalog.date_trunc('month', month)::date),
    area_code  text NOT NULL,
    posyandu   text NOT NULL DEFAULT '',
    age_group  text NOT NULL CHECK (age_group IN ('0-12', '13-36', '37-60')),
    children   integer NOT NULL CHECK (children >= 0),
    source     text,
    PRIMARY KEY (month, area_code, posyandu, age_group)
);

SELECT pg_catalog.pg_extension_config_dump('stunting.target_population', '');

COMMENT ON TABLE stunting.target_population IS 'Target population (S, sasaran) of the SKDN report: under-fives per kelurahan and month in the F1 age groups, per posyandu or for the whole kelurahan (posyandu ''''); a kelurahan''s S is the sum of its rows; pg_dump keeps its rows';

COMMENT ON COLUMN stunting.target_population.month IS 'Month (first day)';

COMMENT ON COLUMN stunting.target_population.area_code IS 'Kelurahan/desa code (stunting.area)';

COMMENT ON COLUMN stunting.target_population.posyandu IS 'Posyandu, or '''' for the kelurahan as a whole (give one or the other for a kelurahan, not both)';

COMMENT ON COLUMN stunting.target_population.age_group IS 'F1 age group in completed months: 0-12, 13-36, 37-60';

COMMENT ON COLUMN stunting.target_population.children IS 'Under-fives in the group';

COMMENT ON COLUMN stunting.target_population.source IS 'Where the number comes from (registry, projection, ...)';

-- ------------------------------------------------------------------------
-- The SKDN report of a month: every posyandu, kelurahan, kecamatan and
-- city (every area with a kelurahan below), each F1 age group and all
-- (0-60).  Security invoker: a role under row-level security counts the
-- weighings and children it may view.
CREATE FUNCTION stunting.skdn(in_month date)
RETURNS TABLE (month date, level text, code text, name text, posyandu text, age_group text,
               s integer, k integer, d integer, n integer, t integer, o integer, b integer,
               two_t integer, bgm integer,
               d_s_pct float8, k_s_pct float8, n_d_pct float8, n_d_ob_pct float8, bgm_d_pct float8)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    WITH m AS (SELECT pg_catalog.date_trunc('month', in_month)::date AS m),
    groups AS (SELECT g FROM (VALUES ('0-12'), ('13-36'), ('37-60'), ('0-60')) AS g(g)),
    -- each source counted once per cell (kelurahan, posyandu, age group)
    -- in a hash, then spread over the age groups and the kelurahan totals
    w0 AS (
        SELECT w.area_code, NULLIF(w.posyandu, '') AS posyandu, stunting.skdn_age_group(w.age_months) AS ag,
               pg_catalog.count(*) AS d,
               pg_catalog.count(*) FILTER (WHERE w.gain = 'N') AS n,
               pg_catalog.count(*) FILTER (WHERE w.gain = 'T') AS t,
               pg_catalog.count(*) FILTER (WHERE w.gain = 'O') AS o,
               pg_catalog.count(*) FILTER (WHERE w.gain = 'B') AS b,
               pg_catalog.count(*) FILTER (WHERE w.two_t) AS two_t,
               pg_catalog.count(*) FILTER (WHERE w.bgm) AS bgm
        FROM stunting.weighing w
        CROSS JOIN m
        WHERE w.month = m.m
        GROUP BY 1, 2, 3),
    w AS (
        SELECT w.area_code, w.posyandu, g.g AS age_group,
               GROUPING(w.posyandu) = 1 AS whole,
               pg_catalog.sum(w.d)::bigint AS d, pg_catalog.sum(w.n)::bigint AS n,
               pg_catalog.sum(w.t)::bigint AS t, pg_catalog.sum(w.o)::bigint AS o,
               pg_catalog.sum(w.b)::bigint AS b, pg_catalog.sum(w.two_t)::bigint AS two_t,
               pg_catalog.sum(w.bgm)::bigint AS bgm
        FROM w0 w
        JOIN groups g ON g.g IN (w.ag, '0-60')
        WHERE w.ag IS NOT NULL
        GROUP BY GROUPING SETS ((w.area_code, w.posyandu, g.g), (w.area_code, g.g))),
    s AS (
        SELECT t.area_code, NULLIF(t.posyandu, '') AS posyandu, g.g AS age_group,
               GROUPING(NULLIF(t.posyandu, '')) = 1 AS whole, pg_catalog.sum(t.children) AS s
        FROM stunting.target_population t
        CROSS JOIN m
        JOIN groups g ON g.g IN (t.age_group, '0-60')
        WHERE t.month = m.m
        GROUP BY GROUPING SETS ((t.area_code, NULLIF(t.posyandu, ''), g.g), (t.area_code, g.g))),
    k0 AS (
        SELECT c.area_code, NULLIF(c.posyandu, '') AS posyandu,
               stunting.skdn_age_group(stunting.age_months_completed(
                   c.birth_date, (m.m OPERATOR(pg_catalog.+) '1 month - 1 day'::interval)::date)) AS ag,
               pg_catalog.count(*) AS k
        FROM stunting.child c
        CROSS JOIN m
        WHERE c.kms AND c.birth_date < (m.m OPERATOR(pg_catalog.+) '1 month'::interval)::date
        GROUP BY 1, 2, 3),
    k AS (
        SELECT k.area_code, k.posyandu, g.g AS age_group,
               GROUPING(k.posyandu) = 1 AS whole, pg_catalog.sum(k.k)::bigint AS k
        FROM k0 k
        JOIN groups g ON g.g IN (k.ag, '0-60')
        WHERE k.ag IS NOT NULL
        GROUP BY GROUPING SETS ((k.area_code, k.posyandu, g.g), (k.area_code, g.g))),
    -- (the second grouping set gives the kelurahan's own rows, "whole";
    --  the first a row per posyandu, and one for the rows without a
    --  posyandu, which counts in the kelurahan only)
    cells AS (
        SELECT COALESCE(w.area_code, s.area_code, k.area_code) AS area_code,
               COALESCE(w.posyandu, s.posyandu, k.posyandu) AS posyandu,
               COALESCE(w.age_group, s.age_group, k.age_group) AS age_group,
               COALESCE(w.whole, s.whole, k.whole) AS whole,
               w.d, w.n, w.t, w.o, w.b, w.two_t, w.bgm, s.s, k.k
        FROM (SELECT * FROM w WHERE w.whole OR w.posyandu IS NOT NULL) w
        FULL JOIN (SELECT * FROM s WHERE s.whole OR s.posyandu IS NOT NULL) s
          ON s.area_code = w.area_code AND s.posyandu IS NOT DISTINCT FROM w.posyandu
         AND s.age_group = w.age_group AND s.whole = w.whole
        FULL JOIN (SELECT * FROM k WHERE k.whole OR k.posyandu IS NOT NULL) k
          ON k.area_code = COALESCE(w.area_code, s.area_code)
         AND k.posyandu IS NOT DISTINCT FROM COALESCE(w.posyandu, s.posyandu)
         AND k.age_group = COALESCE(w.age_group, s.age_group) AND k.whole = COALESCE(w.whole, s.whole)),
    rows AS (
        SELECT 'posyandu' AS level, c.area_code AS code, c.posyandu, c.age_group,
               c.s, c.k, COALESCE(c.d, 0) AS d, COALESCE(c.n, 0) AS n, COALESCE(c.t, 0) AS t,
               COALESCE(c.o, 0) AS o, COALESCE(c.b, 0) AS b, COALESCE(c.two_t, 0) AS two_t, COALESCE(c.bgm, 0) AS bgm
        FROM cells c WHERE NOT c.whole
        UNION ALL
        SELECT a.level, v.code, NULL, c.age_group,
               pg_catalog.sum(c.s), COALESCE(pg_catalog.sum(c.k), 0), COALESCE(pg_catalog.sum(c.d), 0),
               COALESCE(pg_catalog.sum(c.n), 0), COALESCE(pg_catalog.sum(c.t), 0), COALESCE(pg_catalog.sum(c.o), 0),
               COALESCE(pg_catalog.sum(c.b), 0), COALESCE(pg_catalog.sum(c.two_t), 0), COALESCE(pg_catalog.sum(c.bgm), 0)
        FROM cells c
        JOIN stunting.area_village v ON v.village_code = c.area_code
        JOIN stunting.area a ON a.code = v.code
        WHERE c.whole
        GROUP BY a.level, v.code, c.age_group)
    SELECT m.m, r.level, r.code, a.name, r.posyandu, r.age_group,
           r.s::integer, r.k::integer, r.d::integer, r.n::integer, r.t::integer, r.o::integer, r.b::integer,
           r.two_t::integer, r.bgm::integer,
           100.0 * r.d / NULLIF(r.s, 0), 100.0 * r.k / NULLIF(r.s, 0),
           100.0 * r.n / NULLIF(r.d, 0), 100.0 * r.n / NULLIF(r.d - r.o - r.b, 0), 100.0 * r.bgm / NULLIF(r.d, 0)
    FROM rows r
    CROSS JOIN m
    JOIN stunting.area a ON a.code = r.code
    ORDER BY CASE r.level WHEN 'province' THEN 0 WHEN 'regency' THEN 1 WHEN 'district' THEN 2
                          WHEN 'village' THEN 3 ELSE 4 END,
             r.code COLLATE pg_catalog."C", r.posyandu COLLATE pg_catalog."C" NULLS FIRST,
             CASE r.age_group WHEN '0-12' THEN 0 WHEN '13-36' THEN 1 WHEN '37-60' THEN 2 ELSE 3 END
$$;

COMMENT ON FUNCTION stunting.skdn(date) IS
'The SKDN report of a month for every posyandu, kelurahan, kecamatan and city, in the F1 age groups (0-12, 13-36, 37-60 completed months) and all (0-60): S from stunting.target_population, K from stunting.child.kms (children of the area aged 0-60 at the month''s end), D weighed, N, T, O, B, 2T, BGM from stunting.weighing, and the ratios D/S, K/S, N/D, N/(D-O-B), BGM/D in %; a role under row-level security counts what it may view; stunting.skdn_label words the columns';

-- The referral list of a month: children to refer to the puskesmas, with
-- what triggered it.  Security invoker, as skdn.
CREATE FUNCTION stunting.referrals(in_month date)
RETURNS TABLE (child_id bigint, area_code text, posyandu text, visit_date date, age_months integer,
               weight_kg float8, gain_g integer, gain stunting.weight_gain,
               two_t boolean, bgm boolean, newly_stunted boolean, reasons text[])
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    WITH m AS (SELECT pg_catalog.date_trunc('month', in_month)::date AS m),
    -- newly stunted: stunted by the month's latest measurement, not stunted
    -- by the latest of the previous month measured (as
    -- stunting.child_month_transition)
    latest AS (
        SELECT DISTINCT ON (x.child_id) x.child_id, x.id, x.area_code, x.posyandu, x.visit_date, x.status,
               stunting.age_months_completed(x.visit_date - ((x.z).age_days)::integer, x.visit_date) AS age_months,
               x.weight_kg
        FROM stunting.measurement x CROSS JOIN m
        WHERE x.month = m.m
        ORDER BY x.child_id, x.visit_date DESC, x.id DESC),
    newly AS (
        SELECT l.* FROM latest l CROSS JOIN m
        WHERE (l.status).stunted
          AND (SELECT (p.status).stunted FROM stunting.measurement p
               WHERE p.child_id = l.child_id AND p.visit_date < m.m
               ORDER BY p.visit_date DESC, p.id DESC LIMIT 1) IS FALSE),
    flagged AS (
        SELECT w.* FROM stunting.weighing w CROSS JOIN m
        WHERE w.month = m.m AND (w.two_t OR w.bgm))
    SELECT q.* FROM (
        SELECT COALESCE(f.child_id, n.child_id) AS c, COALESCE(f.area_code, n.area_code) AS a,
               COALESCE(f.posyandu, n.posyandu) AS p,
               COALESCE(f.visit_date, n.visit_date), COALESCE(f.age_months, n.age_months),
               COALESCE(f.weight_kg, n.weight_kg), f.gain_g, f.gain,
               COALESCE(f.two_t, false), COALESCE(f.bgm, false), n.child_id IS NOT NULL,
               ARRAY(SELECT r FROM (VALUES (1, CASE WHEN f.two_t THEN '2T' END),
                                           (2, CASE WHEN f.bgm THEN 'BGM' END),
                                           (3, CASE WHEN n.child_id IS NOT NULL THEN 'newly_stunted' END)) AS v(i, r)
                     WHERE r IS NOT NULL ORDER BY i)
        FROM flagged f
        FULL JOIN newly n ON n.child_id = f.child_id) q
    ORDER BY q.a COLLATE pg_catalog."C", q.p COLLATE pg_catalog."C" NULLS LAST, q.c
$$;

COMMENT ON FUNCTION stunting.referrals(date) IS
'Children to refer in a month, per kelurahan and posyandu, with the reasons: 2T (T twice in a row), BGM (below the red line), newly_stunted (stunted by the month''s latest measurement, not by the latest of the previous month measured); a role under row-level security sees the children it may view';
