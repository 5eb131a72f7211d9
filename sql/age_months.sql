-- stunting.age_months_completed: completed months (bulan penuh), as
-- PostgreSQL's age() counts them.
SELECT birth, visit, stunting.age_months_completed(birth, visit) AS months,
       age(visit, birth) AS pg_age
FROM (VALUES ('2024-01-15'::date, '2024-01-15'::date),
             ('2024-01-15', '2024-02-14'),
             ('2024-01-15', '2024-02-15'),
             ('2024-01-15', '2024-04-13'),   -- 2 months 29 days: 2
             ('2024-01-31', '2024-02-29'),
             ('2024-01-31', '2024-03-31'),
             ('2023-02-28', '2024-02-29'),
             ('2020-02-29', '2025-02-28'),
             ('2021-06-01', '2026-06-01')) AS v(birth, visit);

-- agrees with age() over many pairs
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE stunting.age_months_completed(b, v)
                        <> extract(year FROM age(v, b)) * 12 + extract(month FROM age(v, b))) AS differ
FROM (SELECT '2020-01-01'::date + (i * 7) % 1500 AS b,
             '2020-01-01'::date + (i * 7) % 1500 + (i * 13) % 2200 AS v
      FROM generate_series(1, 5000) AS i) AS p;

SELECT regress.err('SELECT stunting.age_months_completed(''2024-02-01'', ''2024-01-01'')') AS before_birth,
       regress.err('SELECT stunting.age_months_completed(''2024-02-01'', ''infinity'')') AS infinite;
