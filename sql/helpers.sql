-- Helpers for the rest of the suite (run right after install): schema
-- regress, inside the test database only.
CREATE SCHEMA regress;

-- The SQLSTATE and message of a statement's error, or 'no error'.
CREATE FUNCTION regress.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- The measurement at z on the LMS curve of one table row (§4.1 inverted).
CREATE FUNCTION regress.at_z(l float8, m float8, s float8, z float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT m * (1 + l * s * z) ^ (1 / l) $$;

-- The measurement at z beyond ±3 on WHO's restricted scale (§4.2 inverted).
CREATE FUNCTION regress.at_rz(l float8, m float8, s float8, z float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN z > 3
    THEN regress.at_z(l, m, s, 3) + (z - 3) * (regress.at_z(l, m, s, 3) - regress.at_z(l, m, s, 2))
    ELSE regress.at_z(l, m, s, -3) + (z + 3) * (regress.at_z(l, m, s, -2) - regress.at_z(l, m, s, -3))
  END $$;

SELECT regress.err('SELECT 1/0') AS err_works,
       round(regress.at_z(1, 50, 0.04, 2)::numeric, 6) AS at_z_works;
