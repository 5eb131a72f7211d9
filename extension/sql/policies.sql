-- Row-level security on the tables of identified children and on the
-- summaries (the roles, areas and templates: access.sql).  FORCE is not
-- set: the tables' owner and superusers, i.e. the extension's own definer
-- functions, pg_dump and the DBA, see every row.
--   child        read: its current area is viewable, or one of its
--                measurements is (a child that moved stays visible to the
--                area it moved from, whose past measurements keep that
--                area's code); write: its current area, before and after,
--                is one the role may enter;
--   measurement  read: its area (the kelurahan it counts for) is viewable;
--                write: its area, before and after, may be entered, and
--                (a trigger) its child's current area (the area a child
--                left can read its past measurements, no longer change them);
--   measurement_quarantine  read: loaded by the role, or its area is
--                viewable; load: as the role, for no area or one it may
--                enter; change: loaded by the role, or its area may be
--                entered (loader and loading time cannot be changed);
--   audit_log    read: one of its areas (before or after) is viewable;
--   area_month_summary  read: its area is viewable (stunting.area_month,
--                a security_invoker view, shows a role the areas all of
--                whose kelurahan it may view; everyone reads the suppressed
--                stunting.area_month_public).
-- (SELECT stunting.area_scope(...)) is computed once per query (an
-- initPlan), and area_scope itself once per transaction.

ALTER TABLE stunting.child ENABLE ROW LEVEL SECURITY;

-- (OFFSET 0: the planner would otherwise hash the child ids of every
-- measurement the role may view, once per statement, for a scan of child
-- in a join it cannot push below the policy; now the measurements are
-- probed by child, and only for a child outside the role's areas)
CREATE POLICY child_view ON stunting.child FOR SELECT
    USING (area_code = ANY ((SELECT stunting.area_scope('view'))::text[])
           OR EXISTS (SELECT FROM stunting.measurement m
                      WHERE m.child_id = child.id AND m.area_code = ANY ((SELECT stunting.area_scope('view'))::text[])
                      OFFSET 0));

CREATE POLICY child_enter_insert ON stunting.child FOR INSERT
    WITH CHECK (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY child_enter_update ON stunting.child FOR UPDATE
    USING (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]))
    WITH CHECK (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY child_enter_delete ON stunting.child FOR DELETE
    USING (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

ALTER TABLE stunting.measurement ENABLE ROW LEVEL SECURITY;

CREATE POLICY measurement_view ON stunting.measurement FOR SELECT
    USING (area_code = ANY ((SELECT stunting.area_scope('view'))::text[]));

CREATE POLICY measurement_enter_insert ON stunting.measurement FOR INSERT
    WITH CHECK (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY measurement_enter_update ON stunting.measurement FOR UPDATE
    USING (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]))
    WITH CHECK (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY measurement_enter_delete ON stunting.measurement FOR DELETE
    USING (area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

-- The child's current kelurahan must be one the role may enter, too: the
-- area a child left reads its past measurements, no longer changes them.
-- A trigger, not the policies: a policy on measurement reading child,
-- whose policy reads measurement, would recurse.
CREATE FUNCTION stunting.measurement_child_area() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    ids bigint[];
    child bigint;
    child_area text;
BEGIN
    IF pg_catalog.row_security_active(TG_RELID) THEN
        ids := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.child_id]
                          WHEN 'UPDATE' THEN ARRAY[OLD.child_id, NEW.child_id]
                          ELSE ARRAY[OLD.child_id] END;
        FOREACH child IN ARRAY ids LOOP
            SELECT ch.area_code INTO child_area FROM stunting.child ch WHERE ch.id = child;
            IF child_area IS NULL OR NOT child_area = ANY (stunting.area_scope('enter')) THEN
                RAISE EXCEPTION 'measurement of child %: the child''s kelurahan is not one this role may enter data for', child
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'A child that moved is entered for where it lives now.';
            END IF;
        END LOOP;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

COMMENT ON FUNCTION stunting.measurement_child_area() IS
'Trigger on stunting.measurement: a role under row-level security writes measurements only of children whose current kelurahan it may enter (42501)';

-- (named to fire after measurement_before_write, which refuses an unknown
-- child first, as for any role)
CREATE TRIGGER measurement_child_area BEFORE INSERT OR UPDATE OR DELETE ON stunting.measurement
    FOR EACH ROW EXECUTE FUNCTION stunting.measurement_child_area();

ALTER TABLE stunting.measurement_quarantine ENABLE ROW LEVEL SECURITY;

CREATE POLICY quarantine_view ON stunting.measurement_quarantine FOR SELECT
    USING (entered_by = CURRENT_USER OR area_code = ANY ((SELECT stunting.area_scope('view'))::text[]));

CREATE POLICY quarantine_load ON stunting.measurement_quarantine FOR INSERT
    WITH CHECK (entered_by = CURRENT_USER
                AND (area_code IS NULL OR area_code = ANY ((SELECT stunting.area_scope('enter'))::text[])));

CREATE POLICY quarantine_correct ON stunting.measurement_quarantine FOR UPDATE
    USING (entered_by = CURRENT_USER OR area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]))
    WITH CHECK (area_code IS NULL OR area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

CREATE POLICY quarantine_delete ON stunting.measurement_quarantine FOR DELETE
    USING (entered_by = CURRENT_USER OR area_code = ANY ((SELECT stunting.area_scope('enter'))::text[]));

-- Who loaded a row and when are not the loader's to choose, nor anyone's
-- to change (the policies above rest on entered_by).
CREATE FUNCTION stunting.quarantine_before_write() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF pg_catalog.row_security_active(TG_RELID) THEN
        IF TG_OP = 'INSERT' THEN
            NEW.entered_by := CURRENT_USER;
            NEW.entered_at := pg_catalog.now();
            NEW.attempts := 1;
        ELSE
            NEW.entered_by := OLD.entered_by;
            NEW.entered_at := OLD.entered_at;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION stunting.quarantine_before_write() IS
'Trigger on stunting.measurement_quarantine: for roles under row-level security, a loaded row is the caller''s, loaded now, and no update changes who loaded it or when';

CREATE TRIGGER quarantine_before_write BEFORE INSERT OR UPDATE ON stunting.measurement_quarantine
    FOR EACH ROW EXECUTE FUNCTION stunting.quarantine_before_write();

ALTER TABLE stunting.audit_log ENABLE ROW LEVEL SECURITY;

CREATE POLICY audit_view ON stunting.audit_log FOR SELECT
    USING (areas OPERATOR(pg_catalog.&&) (SELECT stunting.area_scope('view')));

ALTER TABLE stunting.area_month_summary ENABLE ROW LEVEL SECURITY;

CREATE POLICY area_month_summary_view ON stunting.area_month_summary FOR SELECT
    USING (area_code = ANY ((SELECT stunting.area_scope('view'))::text[]));
