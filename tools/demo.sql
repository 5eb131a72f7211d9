-- The Kota Kediri demo (tools/demo.sh): the monthly stunting evaluation by
-- kecamatan and kelurahan, on the 46 kelurahan of data/ and children that
-- stunting.simulate_children draws from the WHO growth standards.
-- psql variables: doc (the boundary GeoJSON), children, seed.
\pset footer off
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

\echo '== loading the 46 kelurahan of Kota Kediri (data/kota_kediri_kelurahan.geojson)'
SELECT stunting.load_areas(:'doc', 'village', 'kode', 'kelurahan', 'kecamatan_kode', 'kecamatan') AS kelurahan,
       stunting.derive_parent_areas('district') AS kecamatan;

SELECT format('== simulating %s children and 12 months of posyandu visits (seed %s)', :children, :seed) AS msg \gset
\echo :msg
\echo '         Mojoroto 24 %, four kelurahan in its west 32 %, Kota 13 %, Pesantren 18 %'
SELECT children AS balita, measurements AS pengukuran,
       rejected AS ditolak_pemeriksaan_entri
FROM stunting.simulate_children(:children, :seed, 12,
       prevalence => '{"35.71.01": 0.24, "35.71.01.1005": 0.32, "35.71.01.1006": 0.32,
                       "35.71.01.1007": 0.32, "35.71.01.1010": 0.32,
                       "35.71.02": 0.13, "35.71.03": 0.18}');
\echo '== weight trajectories with faltering (KMS), the registry and the target population'
SELECT t.measurements AS berat_digambar_ulang, p.with_kms AS punya_kms, p.target_rows AS baris_sasaran
FROM stunting.simulate_growth_trajectories(:seed, 0.1) t, stunting.simulate_target_population(:seed) p;

\echo '== monthly evaluation'
CREATE TEMP TABLE bulan_ini AS SELECT max(month) AS month FROM stunting.area_month_summary;
CREATE FUNCTION pg_temp.nama_bulan(m date) RETURNS text LANGUAGE sql IMMUTABLE
RETURN (ARRAY['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus',
              'September', 'Oktober', 'November', 'Desember'])[extract(month FROM m)]
       || ' ' || extract(year FROM m);
CREATE FUNCTION pg_temp.persen(x float8) RETURNS text LANGUAGE sql IMMUTABLE
RETURN to_char(x, 'FM990.0');
-- the whole city: the kelurahan summaries merged
CREATE TEMP TABLE kota_kediri AS
SELECT month, stunting.merge(summary) AS summary FROM stunting.area_month_summary GROUP BY month;

\echo
\echo '== Prevalensi stunting (% balita dengan TB/U < -2 SD) per bulan, kota dan kecamatan'
SELECT pg_temp.nama_bulan(k.month) AS "Bulan", (k.p).unwpop AS "Balita diukur",
       pg_temp.persen((k.p).r) AS "Kota Kediri",
       pg_temp.persen(max(d.stunting_pct) FILTER (WHERE d.name = 'Mojoroto')) AS "Mojoroto",
       pg_temp.persen(max(d.stunting_pct) FILTER (WHERE d.name = 'Kota')) AS "Kota",
       pg_temp.persen(max(d.stunting_pct) FILTER (WHERE d.name = 'Pesantren')) AS "Pesantren"
FROM (SELECT month, stunting.prevalence(summary, 'HA_2') AS p FROM kota_kediri) k
JOIN stunting.area_month d ON d.month = k.month AND d.level = 'district'
GROUP BY k.month, (k.p).unwpop, (k.p).r ORDER BY k.month;

\echo
SELECT format('== %s: kota dan kecamatan', pg_temp.nama_bulan(month)) AS judul,
       format('== %s: per kelurahan (perubahan: dibanding bulan lalu, poin persen)', pg_temp.nama_bulan(month)) AS judul_kelurahan
FROM bulan_ini \gset
\echo :judul
SELECT "Wilayah", "Balita diukur", "Stunting", "% stunting", "IK 95%", "% sangat pendek", "% wasting",
       "% underweight", "% overweight", "Rerata TB/U", "Skor kualitas"
FROM (
  SELECT 0 AS urut, 'Kota Kediri' AS "Wilayah", p.unwpop AS "Balita diukur",
         round(p.r * p.unwpop / 100)::int AS "Stunting", pg_temp.persen(p.r) AS "% stunting",
         pg_temp.persen(p.ll) || '-' || pg_temp.persen(p.ul) AS "IK 95%",
         pg_temp.persen((stunting.prevalence(k.summary, 'HA_3')).r) AS "% sangat pendek",
         pg_temp.persen((stunting.prevalence(k.summary, 'WH_2')).r) AS "% wasting",
         pg_temp.persen((stunting.prevalence(k.summary, 'WA_2')).r) AS "% underweight",
         pg_temp.persen((stunting.prevalence(k.summary, 'WH2')).r) AS "% overweight",
         to_char((stunting.zscore_mean(k.summary, 'HA')).r, 'FM990.00') AS "Rerata TB/U",
         (stunting.quality_report(k.summary)->'smart'->>'score')::int AS "Skor kualitas"  -- SMART: 0 = baik
  FROM kota_kediri k JOIN bulan_ini b USING (month), LATERAL stunting.prevalence(k.summary, 'HA_2') p
  UNION ALL
  SELECT 1, 'Kec. ' || d.name, d.children, d.stunted, pg_temp.persen(d.stunting_pct),
         pg_temp.persen(d.stunting_ci_low) || '-' || pg_temp.persen(d.stunting_ci_high),
         pg_temp.persen(d.severe_stunting_pct), pg_temp.persen(d.wasting_pct),
         pg_temp.persen(d.underweight_pct), pg_temp.persen(d.overweight_pct),
         to_char(d.mean_haz, 'FM990.00'), d.plausibility_score::int
  FROM stunting.area_month d JOIN bulan_ini b USING (month) WHERE d.level = 'district'
) t ORDER BY urut, "Wilayah";

\echo
\echo :judul_kelurahan
SELECT v.parent_name AS "Kecamatan", v.name AS "Kelurahan", v.children AS "Balita diukur",
       v.stunted AS "Stunting", pg_temp.persen(v.stunting_pct) AS "% stunting",
       pg_temp.persen(v.stunting_ci_low) || '-' || pg_temp.persen(v.stunting_ci_high) AS "IK 95%",
       coalesce(to_char(v.stunting_pct - p.stunting_pct, 'FMSG990.0'), '') AS "Perubahan",
       pg_temp.persen(v.wasting_pct) AS "% wasting", pg_temp.persen(v.underweight_pct) AS "% underweight",
       to_char(v.mean_haz, 'FM990.00') AS "Rerata TB/U"
FROM stunting.area_month v JOIN bulan_ini b USING (month)
LEFT JOIN stunting.area_month p ON p.code = v.code AND p.month = (b.month - interval '1 month')::date
WHERE v.level = 'village' ORDER BY v.parent_name, v.name;

\echo
\echo '== Kelurahan prioritas (lokus intervensi): prevalensi tertinggi bulan ini;'
\echo '   "Di atas kota" = batas bawah IK 95% di atas prevalensi kota (beda bermakna)'
SELECT row_number() OVER (ORDER BY v.stunting_pct DESC, v.name) AS "No",
       v.name AS "Kelurahan", v.parent_name AS "Kecamatan",
       pg_temp.persen(v.stunting_pct) AS "% stunting",
       pg_temp.persen(v.stunting_ci_low) || '-' || pg_temp.persen(v.stunting_ci_high) AS "IK 95%",
       v.stunted AS "Balita stunting",
       t.baru AS "Baru stunting", t.pulih AS "Pulih", t.menetap AS "Stunting menetap",
       CASE WHEN v.stunting_ci_low > c.r THEN 'ya' ELSE 'tidak' END AS "Di atas kota"
FROM stunting.area_month v JOIN bulan_ini b USING (month)
CROSS JOIN LATERAL (SELECT (stunting.prevalence(k.summary, 'HA_2')).r FROM kota_kediri k
                    WHERE k.month = b.month) c
LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE x.transition = 'newly_stunted') AS baru,
                          count(*) FILTER (WHERE x.transition = 'recovered') AS pulih,
                          count(*) FILTER (WHERE x.transition = 'persistently_stunted') AS menetap
                   FROM stunting.child_month_transition x
                   WHERE x.area_code = v.code AND x.month = v.month) t ON true
WHERE v.level = 'village'
ORDER BY v.stunting_pct DESC, v.name LIMIT 10;

\echo
\echo '== Titik panas stunting bulan ini: Getis-Ord Gi* dan LISA (Local Moran''s I) atas laju empirical Bayes;'
\echo '   "Bulan berturut-turut" = berapa bulan terakhir berturut-turut kelurahan itu titik panas'
SELECT h.name AS "Kelurahan", a.parent_name AS "Kecamatan",
       pg_temp.persen(100 * h.rate) AS "% stunting", pg_temp.persen(100 * h.smoothed_rate) AS "% (EB)",
       to_char(h.gi_z, 'FMSG990.00') AS "Gi* z", h.gi_class AS "Kelas Gi*", h.lisa_class AS "Klaster LISA",
       s.streak AS "Bulan berturut-turut"
FROM bulan_ini b
CROSS JOIN LATERAL stunting.hotspots(b.month) h
JOIN stunting.area_month a ON a.code = h.code AND a.month = b.month
JOIN stunting.hotspot_streak('village', 'HA_2', 12) s ON s.code = h.code
WHERE h.gi_class <> 'Not Significant' OR h.lisa_class <> 'Not Significant'
ORDER BY h.gi_z DESC;

-- What a kelurahan official sees: the DBA gives the lurah of Sukorame a
-- role (the extension creates none), the viewer template and the area;
-- row-level security does the rest.  (README: "Deployment: roles and
-- privacy".)
SET client_min_messages = warning;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'demo_lurah_sukorame') THEN
        CREATE ROLE demo_lurah_sukorame;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'demo_publik') THEN
        CREATE ROLE demo_publik;
    END IF;
END
$$;
SELECT stunting.grant_template('demo_lurah_sukorame', 'viewer'),
       stunting.grant_area('demo_lurah_sukorame', (SELECT code FROM stunting.area WHERE level = 'village' AND name = 'Sukorame')),
       stunting.grant_template('demo_publik', 'aggregates') \gset
SELECT count(*) AS semua_anak FROM stunting.child \gset
SET ROLE demo_lurah_sukorame;
\echo
\echo '== Yang dilihat lurah Sukorame (peran viewer, satu kelurahan): evaluasi bulanan kelurahannya'
SELECT count(*) AS anak, :semua_anak AS semua FROM stunting.child \gset
\echo '   anak yang terlihat:' :anak 'dari' :semua '(hanya anak Sukorame)'
SELECT pg_temp.nama_bulan(t.month) AS "Bulan", count(*) AS "Balita diukur",
       count(*) FILTER (WHERE t.stunted) AS "Stunting",
       count(*) FILTER (WHERE t.transition = 'newly_stunted') AS "Baru stunting",
       count(*) FILTER (WHERE t.transition = 'recovered') AS "Pulih",
       count(*) FILTER (WHERE t.transition = 'persistently_stunted') AS "Menetap"
FROM stunting.child_month_transition t
GROUP BY t.month ORDER BY t.month;
RESET ROLE;
SET ROLE demo_publik;
\echo
\echo '== Angka publik bulan ini (peran aggregates, untuk BI dan peta): sel kecil (< stunting.min_cell_size anak) disembunyikan'
SELECT p.level AS "Tingkat", p.name AS "Wilayah", p.children AS "Balita diukur", p.stunted AS "Stunting",
       pg_temp.persen(p.stunting_pct) AS "% stunting",
       CASE WHEN p.suppressed THEN 'ada angka disembunyikan' ELSE '' END AS "Catatan"
FROM stunting.area_month_public p
WHERE p.month = (SELECT max(x.month) FROM stunting.area_month_public x) AND p.level <> 'village'
ORDER BY p.level DESC, p.name;
SELECT count(*) FILTER (WHERE p.suppressed) AS tersembunyi, count(*) AS kelurahan
FROM stunting.area_month_public p
WHERE p.month = (SELECT max(x.month) FROM stunting.area_month_public x) AND p.level = 'village' \gset
\echo '   kelurahan dengan angka tersembunyi:' :tersembunyi 'dari' :kelurahan
RESET ROLE;

\echo
\echo '== SKDN bulan ini per kecamatan (0-60 bulan; S dari stunting.target_population)'
SELECT max(w.month) AS bulan_skdn FROM stunting.weighing w \gset
SELECT pg_temp.nama_bulan(:'bulan_skdn') AS bulan \gset
\echo '   bulan:' :bulan
SELECT k.name AS "Kecamatan", k.s AS "S", k.k AS "K", k.d AS "D", k.n AS "N", k.t AS "T", k.o AS "O", k.b AS "B",
       k.two_t AS "2T", k.bgm AS "BGM", pg_temp.persen(k.d_s_pct) AS "D/S %", pg_temp.persen(k.n_d_pct) AS "N/D %",
       pg_temp.persen(k.n_d_ob_pct) AS "N/(D-O-B) %", pg_temp.persen(k.k_s_pct) AS "K/S %", pg_temp.persen(k.bgm_d_pct) AS "BGM/D %"
FROM stunting.skdn(:'bulan_skdn') k
WHERE k.level = 'district' AND k.age_group = '0-60'
ORDER BY k.name;
SELECT c AS "Kolom", stunting.skdn_label(c, 'id') AS "Arti"
FROM unnest(ARRAY['S', 'K', 'D', 'N', 'T', 'O', 'B', '2T', 'BGM', 'D/S', 'N/D', 'N/(D-O-B)', 'K/S', 'BGM/D']) AS c;
\echo
\echo '== Sepuluh kelurahan dengan N/D terendah bulan ini'
SELECT row_number() OVER (ORDER BY k.n_d_pct, k.code) AS "No", k.name AS "Kelurahan", k.d AS "D", k.n AS "N",
       pg_temp.persen(k.n_d_pct) AS "N/D %", k.two_t AS "2T", k.bgm AS "BGM"
FROM stunting.skdn(:'bulan_skdn') k
WHERE k.level = 'village' AND k.age_group = '0-60' AND k.d > 0
ORDER BY k.n_d_pct, k.code LIMIT 10;
\echo
\echo '== Rujukan bulan ini (stunting.referrals): anak per alasan'
SELECT r.reason AS "Alasan", count(*) AS "Anak"
FROM stunting.referrals(:'bulan_skdn') x CROSS JOIN LATERAL unnest(x.reasons) AS r(reason)
GROUP BY r.reason ORDER BY r.reason;
SELECT count(*) AS rujukan FROM stunting.referrals(:'bulan_skdn') \gset
\echo '   anak yang dirujuk:' :rujukan
