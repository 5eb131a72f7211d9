-- NIKs and keys: the keyed hash (HMAC-SHA-256 under a server-held key),
-- setting and replacing the key, and messages that never repeat a NIK or
-- the key.  Runs after public_figures.
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- HMAC-SHA-256 itself: RFC 4231, test cases 1, 2 and 6 (a key longer than
-- a block)
SELECT encode(stunting.hmac_sha256(decode(repeat('0b', 20), 'hex'), 'Hi There'), 'hex') = 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' AS rfc4231_1,
       encode(stunting.hmac_sha256('Jefe', 'what do ya want for nothing?'), 'hex') = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' AS rfc4231_2,
       encode(stunting.hmac_sha256(decode(repeat('aa', 131), 'hex'), 'Test Using Larger Than Block-Size Key - Hash Key First'), 'hex')
           = '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54' AS rfc4231_6;
SELECT octet_length(stunting.random_bytes(32)) AS n, stunting.random_bytes(32) <> stunting.random_bytes(32) AS differ;
SELECT stunting.random_bytes(0);
SELECT stunting.random_bytes(1025);

-- The key: none yet (a fresh installation), then set, then not replaced
-- by mistake.
BEGIN;
DELETE FROM stunting.nik_key;
SAVEPOINT s;
SELECT stunting.nik_hash('3571011005240001');
ROLLBACK TO SAVEPOINT s;
SELECT stunting.set_nik_key() AS hashes_cleared;
SELECT octet_length(key) AS key_bytes FROM stunting.nik_key;
SAVEPOINT s;
SELECT stunting.set_nik_key();
ROLLBACK TO SAVEPOINT s;
SELECT stunting.set_nik_key(decode(repeat('ab', 16), 'hex'), replace => true);
ROLLBACK;

-- The hash is HMAC-SHA-256 of the 16 digits under the key; spaces, dots
-- and dashes are not part of a NIK.
SELECT stunting.set_nik_key(decode(repeat('ab', 32), 'hex'), replace => true) AS hashes_cleared;
SELECT stunting.nik_hash('3571011005240001') = stunting.hmac_sha256(decode(repeat('ab', 32), 'hex'), '3571011005240001') AS hmac,
       stunting.nik_hash('35.7101.100524.0001') = stunting.nik_hash('3571011005240001') AS normalised,
       stunting.nik_hash(' 3571-0110-0524-0001 ') = stunting.nik_hash('3571011005240001') AS spaced,
       stunting.nik_hash('3571011005240001') <> stunting.nik_hash('3571011005240002') AS distinct_niks,
       stunting.nik_hash('3571011005240001') <> stunting.nik_hash('3571011005240001', 'kediri-secret-salt') AS not_the_old_hash;
-- a wrong NIK's error gives its length, never its digits
SELECT stunting.nik_hash('35710110052400011');
SELECT stunting.nik_hash('357101100524000X');
SELECT stunting.nik_hash('');

-- A stored hash is the hash of the key it was made with: a new key makes
-- it useless, so replace => true clears the hashes, and the re-keying
-- recipe (README) recomputes them from the source's NIKs before commit.
INSERT INTO stunting.child (id, sex, birth_date, area_code, nik_hash) VALUES
    (84001, 'm', '2024-05-10', '35.71.01.1001', stunting.nik_hash('3571011005240001')),
    (84002, 'f', '2024-06-12', '35.71.01.1001', stunting.nik_hash('3571015206240002'));
SELECT stunting.set_nik_key();
BEGIN;
CREATE TEMP TABLE source_nik (child_id bigint, nik text) ON COMMIT DROP;
INSERT INTO source_nik VALUES (84001, '3571011005240001'), (84002, '3571015206240002');
SELECT stunting.set_nik_key(replace => true) AS hashes_cleared;
UPDATE stunting.child c SET nik_hash = stunting.nik_hash(s.nik) FROM source_nik s WHERE s.child_id = c.id;
COMMIT;
SELECT count(*) AS rehashed FROM stunting.child c
WHERE c.nik_hash = stunting.nik_hash(CASE c.id WHEN 84001 THEN '3571011005240001' ELSE '3571015206240002' END);
SELECT stunting.nik_hash('3571011005240001') = stunting.hmac_sha256(decode(repeat('ab', 32), 'hex'), '3571011005240001') AS old_key;
-- an installation coming from 0.7.0 holds salted SHA-256 hashes: no key
-- can be set over them without replace
BEGIN;
DELETE FROM stunting.nik_key;
UPDATE stunting.child SET nik_hash = stunting.nik_hash('3571011005240001', 'kediri-secret-salt') WHERE id = 84001;
SELECT stunting.set_nik_key();
ROLLBACK;

-- the key is nobody else's to read or set
CREATE ROLE regress_privacy_kader;
SELECT stunting.grant_template('regress_privacy_kader', 'entry');
SET ROLE regress_privacy_kader;
SELECT * FROM stunting.nik_key;
SELECT stunting.set_nik_key();
SELECT octet_length(stunting.nik_hash('3571011005240001')) AS kader_hashes;
RESET ROLE;
SELECT stunting.revoke_template('regress_privacy_kader', 'entry');
DROP ROLE regress_privacy_kader;
