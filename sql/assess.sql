-- stunting.assess: every status of one measurement and the dashboard flags.
SELECT name, (a).*
FROM (VALUES
  ('stunted boy, 700 days', stunting.anthro_zscores('m', 700, 9, 80, 'l')),
  ('well girl, 1000 days', stunting.anthro_zscores('f', 1000, 12.5, 90, 'h')),
  ('oedema, 400 days', stunting.anthro_zscores('m', 400, 8, 72, 'l', true)),
  ('overweight, 500 days', stunting.anthro_zscores('f', 500, 14, 76, 'l')),
  ('6 years, BMI 19', stunting.anthro_zscores('m', 2200, 23, 110, 'h')),
  ('6 years, oedema', stunting.anthro_zscores('m', 2200, 20, 110, 'h', true)),
  ('no age', stunting.anthro_zscores('f', NULL, 10, 80, 'l')),
  ('nothing measured', stunting.anthro_zscores('f', 300, NULL, NULL))
) AS c(name, z), LATERAL (SELECT stunting.assess(z) AS a) AS s;

-- the flags follow the statuses on a larger set
SELECT count(*) AS children,
       count(*) FILTER (WHERE (a).stunted IS DISTINCT FROM ((z).zlen < -2)) AS stunted_diff,
       count(*) FILTER (WHERE (a).severely_stunted IS DISTINCT FROM ((z).zlen < -3)) AS severe_diff,
       count(*) FILTER (WHERE (a).underweight IS DISTINCT FROM ((z).zwei < -2)) AS underweight_diff
FROM (SELECT z, stunting.assess(z) AS a
      FROM (SELECT stunting.anthro_zscores(CASE WHEN i % 2 = 0 THEN 'm' ELSE 'f' END,
                                           i % 1800, 3 + (i % 1800) * 0.008 + (i % 7) * 0.3,
                                           48 + (i % 1800) * 0.035 + (i % 11), 'l') AS z
            FROM generate_series(1, 2000) AS i) AS g) AS s;
