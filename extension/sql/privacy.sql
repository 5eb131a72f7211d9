-- Privacy: the NIK key held server-side and the keyed NIK hash; the
-- small-cell threshold of the published figures (public_figures.sql).
--
-- A NIK is 16 digits: the kelurahan, the birth date (+40 for girls) and a
-- 4-digit serial.  The child row stores the kelurahan, sex and birth date,
-- so a hash anyone could recompute (a plain or salted SHA-256 whose salt the
-- applications send) falls to 10,000 guesses.  stunting.nik_hash(nik) is an
-- HMAC-SHA-256 under a key that only the extension's definer functions
-- read: applications send the NIK alone, and a stolen table of hashes is of
-- no use without the key.

CREATE FUNCTION stunting.hmac_sha256(key bytea, message bytea) RETURNS bytea
AS 'MODULE_PATHNAME', 'stunting_hmac_sha256'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.hmac_sha256(bytea, bytea) IS
'HMAC-SHA-256 (RFC 2104) of a message under a key, by PostgreSQL''s own implementation; 32 bytes';

CREATE FUNCTION stunting.random_bytes(n integer) RETURNS bytea
AS 'MODULE_PATHNAME', 'stunting_random_bytes'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stunting.random_bytes(integer) IS
'n bytes (1 to 1024) from the server''s strong random source (pg_strong_random), for key material';

CREATE FUNCTION stunting.min_cell_size() RETURNS integer
AS 'MODULE_PATHNAME', 'stunting_min_cell_size'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION stunting.min_cell_size() IS
'The setting stunting.min_cell_size (default 5; only a superuser sets it): the smallest count of children the published figures show';

-- One row; no role but the owner may read it (no grant, ever).
CREATE TABLE stunting.nik_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea NOT NULL CHECK (pg_catalog.octet_length(key) >= 32),
    set_at    timestamptz NOT NULL DEFAULT pg_catalog.now()
);

REVOKE ALL ON stunting.nik_key FROM PUBLIC;

-- Dumped, or a restore could not recognise any NIK: a dump of this database
-- then holds the key.  README, "Deployment: roles and privacy".
SELECT pg_catalog.pg_extension_config_dump('stunting.nik_key', '');

COMMENT ON TABLE stunting.nik_key IS 'The key of stunting.nik_hash (one row, set by stunting.set_nik_key); readable by the extension''s owner alone; pg_dump keeps it, so a dump is as secret as the key';

COMMENT ON COLUMN stunting.nik_key.singleton IS 'Always true: the table holds one key';

COMMENT ON COLUMN stunting.nik_key.key IS 'HMAC-SHA-256 key, at least 32 bytes';

COMMENT ON COLUMN stunting.nik_key.set_at IS 'When the key was set';

-- The key is read here, as the owner, and never leaves: not in a result,
-- not in a message.  The messages name neither the NIK nor the key.
CREATE FUNCTION stunting.nik_hash(nik text) RETURNS bytea
LANGUAGE plpgsql VOLATILE STRICT PARALLEL RESTRICTED SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    digits text := pg_catalog.regexp_replace(nik, '[\s.-]', '', 'g');
    k bytea;
BEGIN
    IF digits !~ '^[0-9]{16}$' THEN
        RAISE EXCEPTION 'invalid NIK: expected 16 digits, got % characters', pg_catalog.length(digits)
            USING ERRCODE = 'invalid_text_representation';
    END IF;
    -- shared until the transaction ends: set_nik_key waits for every
    -- transaction hashing with the old key, so its clearing sees their rows
    -- (VOLATILE: after waiting here, the key is read with a new snapshot)
    PERFORM pg_catalog.pg_advisory_xact_lock_shared(1398035540, 1024);
    SELECT n.key INTO k FROM stunting.nik_key n;
    IF k IS NULL THEN
        RAISE EXCEPTION 'nik_hash: no NIK key is set'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'The extension''s owner runs SELECT stunting.set_nik_key(); once.';
    END IF;
    RETURN stunting.hmac_sha256(k, pg_catalog.convert_to(digits, 'UTF8'));
END
$$;

-- Granted by the entry template (stunting.grant_template), to register
-- children: no template reads the stored hashes, so no role can test a
-- guessed NIK against them.
REVOKE EXECUTE ON FUNCTION stunting.nik_hash(text) FROM PUBLIC;

COMMENT ON FUNCTION stunting.nik_hash(text) IS
'HMAC-SHA-256 of a 16-digit NIK (spaces, dots and dashes ignored) under the server-held key (stunting.set_nik_key), for stunting.child.nik_hash; send the NIK as a bind parameter. No message repeats the NIK or the key. Granted by the entry template; waits for stunting.set_nik_key in progress.';

-- Sets the key (32 random bytes unless one is given).  A key in use is not
-- replaced silently: the hashes made with it would match nothing.  With
-- replace => true every stored hash is cleared in the same transaction; the
-- README's re-keying recipe recomputes them from the NIKs of the source
-- system before it commits.
CREATE FUNCTION stunting.set_nik_key(key bytea DEFAULT NULL, replace boolean DEFAULT false) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    new_key bytea := COALESCE(key, stunting.random_bytes(32));
    hashed bigint;
    cleared bigint := 0;
BEGIN
    IF pg_catalog.octet_length(new_key) < 32 THEN
        RAISE EXCEPTION 'set_nik_key: a key must have at least 32 bytes, this one has %', pg_catalog.octet_length(new_key)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- every transaction hashing with the old key ends first (nik_hash
    -- holds this lock shared), and none hashes until this one ends; the
    -- statements below then see every hash made with the old key
    PERFORM pg_catalog.pg_advisory_xact_lock(1398035540, 1024);
    SELECT pg_catalog.count(*) INTO hashed FROM stunting.child c WHERE c.nik_hash IS NOT NULL;
    IF NOT replace AND EXISTS (SELECT FROM stunting.nik_key) THEN
        RAISE EXCEPTION 'set_nik_key: a NIK key is already set'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Replacing it makes every stored NIK hash useless: see "Re-keying" in the README (replace => true).';
    ELSIF NOT replace AND hashed > 0 THEN
        RAISE EXCEPTION 'set_nik_key: % children carry NIK hashes, but no NIK key is set', hashed
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'They were made by nik_hash(nik, salt) before 0.8.0: see "Re-keying" in the README (replace => true).';
    END IF;
    IF replace AND hashed > 0 THEN
        UPDATE stunting.child c SET nik_hash = NULL WHERE c.nik_hash IS NOT NULL;
        GET DIAGNOSTICS cleared = ROW_COUNT;
    END IF;
    INSERT INTO stunting.nik_key (singleton, key, set_at) VALUES (true, new_key, pg_catalog.now())
    ON CONFLICT (singleton) DO UPDATE SET key = EXCLUDED.key, set_at = EXCLUDED.set_at;
    RETURN cleared;
END
$$;

REVOKE EXECUTE ON FUNCTION stunting.set_nik_key(bytea, boolean) FROM PUBLIC;

COMMENT ON FUNCTION stunting.set_nik_key(bytea, boolean) IS
'Sets the key of stunting.nik_hash (32 random bytes when none is given); refuses to replace a key or to key over old hashes unless replace => true, which clears every stored NIK hash in the same transaction (re-hash them before commit: README, Re-keying); returns the number of hashes cleared; the owner''s alone';

-- A NIK is unique within a kelurahan (child_area_nik_hash_key), not across
-- the city: a city-wide conflict would tell an entry role that a NIK it
-- guessed is registered somewhere.  The health office finds the children
-- registered in two kelurahan here.
CREATE FUNCTION stunting.nik_duplicates()
RETURNS TABLE (child_id bigint, area_code text, other_child_id bigint, other_area_code text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
    SELECT a.id, a.area_code, b.id, b.area_code
    FROM stunting.child a
    JOIN stunting.child b ON b.nik_hash = a.nik_hash AND b.id <> a.id
    WHERE a.nik_hash IS NOT NULL
    ORDER BY a.id, b.id
$$;

REVOKE EXECUTE ON FUNCTION stunting.nik_duplicates() FROM PUBLIC;

COMMENT ON FUNCTION stunting.nik_duplicates() IS
'Pairs of children registered with the same NIK hash (in different kelurahan: within one the constraint refuses it), each pair in both orders: for the health office to resolve (a move, a mistyped NIK); the DBA''s';
