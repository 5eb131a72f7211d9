-- The stunting demo: WHO z-scores for a few children measured by a family
-- support team (Tim Pendamping Keluarga) in Kota Kediri.
\pset footer off
\echo
\echo '== stunting: WHO z-scores in PostgreSQL'
SELECT stunting.version();

CREATE TEMP TABLE pengukuran (
  nama        text,     -- name (fictitious)
  jenis_kel   text,     -- sex as typed in the app: L / P
  lahir       date,     -- birth date
  tgl_ukur    date,     -- visit date
  berat_kg    float8,   -- weight
  tinggi_cm   float8,   -- length/height
  cara_ukur   text,     -- telentang (lying) / berdiri (standing)
  edema       boolean,
  lila_cm     float8    -- mid-upper arm circumference
);
INSERT INTO pengukuran VALUES
  ('Ahmad',  'L', '2025-09-14', '2026-11-05',  8.9, 73.1, 'telentang', false, 13.9),
  ('Siti',   'P', '2024-02-03', '2026-11-05', 10.1, 82.4, 'berdiri',   false, 14.6),
  ('Bima',   'L', '2023-06-21', '2026-11-06', 12.2, 91.0, 'berdiri',   false, 15.0),
  ('Dewi',   'P', '2026-03-30', '2026-11-06',  5.4, 60.2, 'berdiri',   false, 12.1),
  ('Rizky',  'L', '2021-12-01', '2026-11-07', 15.9, 103.5, 'berdiri',  false, 15.8),
  ('Putri',  'P', '2025-01-19', '2026-11-07',  7.1, 72.0, 'telentang', true,  11.2),
  ('Fajar',  'L', '2019-08-10', '2026-11-08', 19.5, 116.2, 'berdiri',  false, NULL);

\echo
\echo '== z-scores (WHO 2006 standards under 5 years, WHO 2007 reference from 5)'
SELECT nama, jenis_kel AS sex, stunting.age_days(lahir, tgl_ukur) AS age_days,
       z.zlen AS haz, z.zwei AS waz, z.zwfl AS whz, z.zbmi AS baz, z.zac AS muacz,
       z.clenhei, z.c9mo_flag,
       z.zlen < -2 AS stunted, z.zlen < -3 AS severely_stunted
FROM pengukuran,
     LATERAL stunting.anthro_zscores(jenis_kel, stunting.age_days(lahir, tgl_ukur),
                                     berat_kg, tinggi_cm, cara_ukur, edema,
                                     armc_cm => lila_cm) AS z
ORDER BY nama;

\echo
\echo '== status by Permenkes 2/2020 (labels in Bahasa Indonesia, then English)'
SELECT nama, stunting.label(a.height) AS "PB/U, TB/U", stunting.label(a.weight) AS "BB/U",
       stunting.label(a.weight_for_height) AS "BB/PB, BB/TB", stunting.label(a.bmi, 'en') AS "IMT/U (en)",
       a.stunted, a.wasted
FROM pengukuran,
     LATERAL stunting.anthro_zscores(jenis_kel, stunting.age_days(lahir, tgl_ukur),
                                     berat_kg, tinggi_cm, cara_ukur, edema) AS z,
     LATERAL stunting.assess(z) AS a
ORDER BY nama;

\echo
\echo '== checks at data entry: a weight typed in grams, a swapped pair'
SELECT stunting.measurement_problems('P', '2025-02-10', '2026-11-05', 8900, 76.5, 'telentang') AS grams,
       stunting.measurement_problems('L', '2024-05-01', '2026-11-05', 88.2, 12.1, 'berdiri') AS swapped,
       stunting.problem_message('weight_in_grams') AS pesan;

\echo
\echo '== one indicator at a time'
SELECT nama,
       stunting.zscore_lhfa(jenis_kel, stunting.age_days(lahir, tgl_ukur), tinggi_cm, cara_ukur) AS haz,
       stunting.zscore_wflh(jenis_kel, berat_kg, tinggi_cm, cara_ukur,
                            stunting.age_days(lahir, tgl_ukur), edema) AS whz
FROM pengukuran ORDER BY nama;

\echo
\echo '== bad input is an error, not a silent NULL'
\set ON_ERROR_STOP 0
SELECT stunting.zscore_lhfa('X', 400, 75);
\set ON_ERROR_STOP 1

\echo
\echo '== prevalence as WHO Anthro prints it, from summaries per kelurahan merged into one'
CREATE TEMP TABLE ringkasan AS      -- one summary per (fictitious) kelurahan
SELECT CASE WHEN nama < 'M' THEN 'Bandar Lor' ELSE 'Pakelan' END AS kelurahan,
       stunting.summarize(stunting.anthro_zscores(jenis_kel, stunting.age_days(lahir, tgl_ukur),
                                                  berat_kg, tinggi_cm, cara_ukur, edema)) AS s
FROM pengukuran GROUP BY 1;
SELECT kelurahan, round(p.r::numeric, 1) AS stunting_pct, round(p.ll::numeric, 1) AS ll,
       round(p.ul::numeric, 1) AS ul, p.unwpop AS children
FROM ringkasan, LATERAL stunting.prevalence(s, 'HA_2') AS p ORDER BY kelurahan;
SELECT 'city' AS area, key, round(p.r::numeric, 1) AS pct, round(p.ll::numeric, 1) AS ll,
       round(p.ul::numeric, 1) AS ul, p.unwpop AS children
FROM (SELECT stunting.merge(s) AS s FROM ringkasan) AS m,
     unnest(ARRAY['HA_2', 'WH_2', 'WA_2']) AS key,
     LATERAL stunting.prevalence(m.s, key) AS p;
SELECT round(e.r::numeric, 2) AS mean_haz, round(e.stdev::numeric, 2) AS sd_haz,
       stunting.quality_report(m.s)->'sex'->'male' AS boys, stunting.quality_report(m.s)->'sex'->'female' AS girls
FROM (SELECT stunting.merge(s) AS s FROM ringkasan) AS m, LATERAL stunting.zscore_mean(m.s, 'HA') AS e;
