-- stunting.age_days(birth, visit): whole days, as the z-score functions want.
SELECT stunting.age_days('2024-01-15', '2024-01-15') AS same_day,
       stunting.age_days('2024-01-15', '2025-01-15') AS one_year_leap,
       stunting.age_days('2021-03-01', '2026-03-01') AS five_years,
       stunting.age_days('2020-02-29', '2020-03-01') AS leap_day;

-- a fifth birthday can be 1827 days (two leap days): past 60 months
-- (1826.25 days), so the 2007 reference applies to that visit
SELECT stunting.age_days('2019-06-01', '2024-06-01') AS fifth_birthday;

SELECT stunting.age_days(NULL, '2024-01-01') IS NULL AS strict;

SELECT regress.err('SELECT stunting.age_days(''2024-01-02'', ''2024-01-01'')') AS visit_before_birth,
       regress.err('SELECT stunting.age_days(''-infinity'', ''2024-01-01'')') AS infinite;

-- with the z-score functions
SELECT stunting.zscore_wfa('f', stunting.age_days('2024-01-01', '2024-12-31'), 8.9462) AS median_girl_365d;
