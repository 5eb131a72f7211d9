-- Labels: the regulation's words in Bahasa Indonesia and English; language
-- tags through ICU; the stunting.language setting.
SELECT s AS status, stunting.label(s, 'id') AS id, stunting.label(s, 'en') AS en
FROM unnest(enum_range(NULL::stunting.height_status)) AS s;
SELECT s AS status, stunting.label(s, 'id') AS id, stunting.label(s, 'en') AS en
FROM unnest(enum_range(NULL::stunting.weight_status)) AS s;
SELECT s AS status, stunting.label(s, 'id') AS id, stunting.label(s, 'en') AS en
FROM unnest(enum_range(NULL::stunting.nutrition_status)) AS s;

-- every tag form
SELECT tag, stunting.label('stunted'::stunting.height_status, tag)
FROM unnest(ARRAY['id', 'ID', 'id-ID', 'id_ID', 'id_id', 'in', 'in-ID',
                  'en', 'EN', 'en-US', 'en_GB', 'en-Latn-US']) AS tag;

-- unsupported or malformed: ERROR 22023 listing the languages
SELECT tag, regress.err(format('SELECT stunting.label(''normal''::stunting.height_status, %L)', tag))
FROM unnest(ARRAY['fr', 'jv', '', 'x', 'id-', '123', 'english', 'id id']) AS tag;

-- only the extension's status types
SELECT regress.err('CREATE TYPE pg_temp.mood AS ENUM (''ok'')') AS created,
       regress.err('SELECT stunting.label(''ok''::pg_temp.mood, ''en'')') AS other_enum;

-- the setting: Indonesian by default, any supported tag, checked when set
SELECT current_setting('stunting.language') AS default_language,
       stunting.label('severely_wasted'::stunting.nutrition_status) AS default_label;
SET stunting.language = 'en-US';
SELECT stunting.label('severely_wasted'::stunting.nutrition_status) AS en_label;
SET stunting.language = 'in';
SELECT stunting.label('severely_wasted'::stunting.nutrition_status) AS in_label;
SELECT regress.err('SET stunting.language = ''de''') AS bad_setting,
       current_setting('stunting.language') AS unchanged;
RESET stunting.language;

-- NULL in, NULL out
SELECT stunting.label(NULL::stunting.height_status, 'en') IS NULL AS null_status,
       stunting.label('tall'::stunting.height_status, NULL) IS NULL AS null_lang;
