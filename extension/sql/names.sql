-- Name keys for matching typed area names (name_normalize.c, with ICU):
-- the key of a name, its deletion neighbourhood, and name_distance (optimal
-- string alignment: a transposed pair of letters is one typo, which
-- fuzzystrmatch's levenshtein counts as two).  stunting.area keeps a key
-- column made with normalize_name (areas.sql); matching.sql searches it.

CREATE FUNCTION stunting.normalize_name(name text)
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_normalize_name'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;

COMMENT ON FUNCTION stunting.normalize_name(text) IS
  'A typed area name as a comparable key: ICU NFKC, Any-Latin, Latin-ASCII and full case folding; apostrophes dropped, other punctuation and spacing collapsed; administrative words (kel., kelurahan, desa, ds., kec., kecamatan, kab., kabupaten, kota, ...) removed unless nothing else is left; the spelling before 1972 mapped per word (oe->u, dj->j, tj->c, sj->sy, ch->kh, nj->ny in a word with another old digraph); Roman numerals kept. ''KEL. BANDAR-LOR'' -> ''bandar lor''. A name over 500 characters is ERROR 22023 (the longest desa/kelurahan name has 44)';

CREATE FUNCTION stunting.normalize_name_literal(name text)
  RETURNS text
  AS 'MODULE_PATHNAME', 'stunting_normalize_name_literal'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;

COMMENT ON FUNCTION stunting.normalize_name_literal(text) IS
  'normalize_name without the mapping of old spelling: the spelling as typed (a typo such as ''Baloerti'' is not read as old spelling); match_area scores both; a name over 500 characters is ERROR 22023';

CREATE FUNCTION stunting.name_distance(a text, b text)
  RETURNS integer
  AS 'MODULE_PATHNAME', 'stunting_name_distance'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

COMMENT ON FUNCTION stunting.name_distance(text, text) IS
  'Optimal string alignment distance (insertions, deletions, substitutions and transpositions of adjacent characters cost 1 each) on bytes, for the ASCII keys of normalize_name; names over 1000 bytes are an error';

CREATE FUNCTION stunting.name_deletions(key text)
  RETURNS text[]
  AS 'MODULE_PATHNAME', 'stunting_name_deletions'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

COMMENT ON FUNCTION stunting.name_deletions(text) IS
  'The key and every string one letter shorter (its deletion neighbourhood, as SymSpell uses it): two keys one typo apart share a member, so a GIN index on it finds near spellings without a scan. Keys over 40 characters or not ASCII give only themselves';

-- A key with Javanese a/o written alike (Ngronggo, Ngrongga).
CREATE FUNCTION stunting.name_key_ao(key text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path FROM CURRENT
  RETURN pg_catalog.translate(key, 'o', 'a');

COMMENT ON FUNCTION stunting.name_key_ao(text) IS
  'A name key with o written as a (Javanese a/o spellings of one name); used by match_area';

