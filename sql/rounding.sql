-- z-scores are published rounded to 2 decimals with R's round(x, 2):
-- nearest hundredth of the exact binary value (exact ties to even, tested
-- in the C unit tests).  Both sides of a half-hundredth, both signs.
-- lenanthro boys 0: L 1, M 49.8842, S 0.03795, so z = (y/M - 1)/S.
SELECT t AS unrounded, stunting.zscore_lhfa('m', 0, 49.8842 * (1 + 0.03795 * t)) AS z
FROM unnest(ARRAY[1.0049, 1.0051, -1.0049, -1.0051, 2.6749, 2.6751,
                  0.0049, -0.0049, -0.0051, 0.12499, 0.12501]::float8[]) AS t;

-- a tiny negative z is 0, not -0
SELECT stunting.zscore_lhfa('m', 0, 49.8842 * (1 - 0.03795 * 0.001))::text AS minus_tiny;

-- every published z-score is the double nearest to a whole number of
-- hundredths, so it prints with at most 2 decimals
SELECT count(*) AS zscores,
       count(*) FILTER (WHERE z::text !~ '^-?[0-9]+(\.[0-9]{1,2})?$') AS not_hundredths
FROM (SELECT stunting.zscore_wfa(CASE WHEN i % 2 = 0 THEN 'm' ELSE 'f' END,
                                 i % 6900, 2 + (i % 6900) * 0.006 + (i % 13) * 0.37) AS z
      FROM generate_series(1, 5000) AS i) AS s
WHERE z IS NOT NULL;
