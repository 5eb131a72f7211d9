-- stunting 0.4.0 -> 0.5.0: planner costs of the z-score functions.
--
-- The library of 0.5.0 computes the same z-scores about twice as fast (no
-- data-dependent branches per row, R's rounding with one division), so the
-- COSTs set in 0.1.0 overstated them.  COST is in units of a built-in
-- operator: test/bench/bench_zscores.sh measures one as half of
-- (baseline A - scan only), about 6 ns per row on the development machine,
-- and each function's "ns/row over A" divided by that gives the numbers
-- below (zscore_lhfa 39 ns, zscore_wfa 57, zscore_bfa 68, zscore_wflh 72,
-- anthro_zscores 363).  hcfa has no pow() like lhfa; acfa, tsfa and ssfa
-- have one like wfa.

\echo Use "ALTER EXTENSION stunting UPDATE TO '0.5.0'" to load this file. \quit

ALTER FUNCTION stunting.zscore_lhfa(text, float8, float8, text) COST 7;
ALTER FUNCTION stunting.zscore_hcfa(text, float8, float8) COST 7;
ALTER FUNCTION stunting.zscore_wfa(text, float8, float8, boolean) COST 10;
ALTER FUNCTION stunting.zscore_acfa(text, float8, float8) COST 10;
ALTER FUNCTION stunting.zscore_tsfa(text, float8, float8) COST 10;
ALTER FUNCTION stunting.zscore_ssfa(text, float8, float8) COST 10;
ALTER FUNCTION stunting.zscore_bfa(text, float8, float8, float8, text, boolean) COST 12;
ALTER FUNCTION stunting.zscore_wflh(text, float8, float8, text, float8, boolean) COST 12;
ALTER FUNCTION stunting.anthro_zscores(text, float8, float8, float8, text, boolean,
                                       float8, float8, float8, float8) COST 60;
