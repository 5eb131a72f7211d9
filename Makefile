# stunting - PostgreSQL extension, built with PGXS.
#
#   make && make install           build and install the extension
#   make installcheck              pg_regress suite against a running server
#   make unittest                  the C math on its own, without a server
#   make tables                    regenerate extension/who_tables.c (needs ../shared/who)
#   make check-tables              check that the committed tables match the raw files
#   test/run.sh                    everything, on a throw-away cluster (see README)

EXTENSION  = stunting
MODULE_big = stunting
PGFILEDESC = "stunting - WHO child growth z-scores and stunting surveillance"

# The rules are plain C (MATH_SRCS: no postgres.h);
# *_fmgr.c is the SQL glue.
MATH_SRCS  = extension/who_zscore.c extension/who_codes.c extension/who_tables.c \
             extension/permenkes.c extension/lang_tag.c extension/data_checks.c \
             extension/distributions.c extension/growth_summary.c \
             extension/summary_format.c extension/survey_quality.c \
             extension/spatial_stats.c extension/name_normalize.c \
             extension/who_velocity.c extension/who_velocity_tables.c \
             extension/growth_monitoring.c
OBJS       = extension/stunting.o extension/zscore_fmgr.o extension/status_fmgr.o \
             extension/age_fmgr.o extension/checks_fmgr.o extension/summary_fmgr.o \
             extension/distributions_fmgr.o extension/area_fmgr.o extension/spatial_fmgr.o \
             extension/name_fmgr.o extension/surveillance_fmgr.o extension/privacy_fmgr.o extension/audit_fmgr.o extension/access_fmgr.o \
             extension/velocity_fmgr.o extension/growth_monitoring_fmgr.o extension/weighing_month_fmgr.o \
             $(MATH_SRCS:.c=.o)
# The version lives in stunting.control alone: the install script's name,
# stunting.version() and the tests read it from there.
EXTVERSION := $(shell sed -n "s/^default_version = '\([^']*\)'/\1/p" stunting.control)

# The current install script is built from one hand-edited SQL file per
# concern, in this order (each needs only what comes before it).
SQL_SOURCES = $(addprefix extension/sql/, schema.sql zscores.sql ages.sql status.sql \
              checks.sql summary.sql velocity.sql names.sql areas.sql matching.sql access.sql surveillance.sql growth_monitoring.sql \
              maps.sql hotspots.sql simulation.sql \
              privacy.sql audit.sql public_figures.sql policies.sql)
DATA_built = extension/stunting--$(EXTVERSION).sql
# Released scripts, never edited (test/upgrade/released.sha256): the first
# install script and the upgrade chain that carries installations forward.
DATA       = extension/stunting--0.1.0.sql extension/stunting--0.1.0--0.2.0.sql \
             extension/stunting--0.2.0--0.3.0.sql extension/stunting--0.3.0--0.4.0.sql \
             extension/stunting--0.4.0--0.5.0.sql extension/stunting--0.5.0--0.6.0.sql \
             extension/stunting--0.6.0--0.7.0.sql extension/stunting--0.7.0--0.8.0.sql \
             extension/stunting--0.8.0--0.9.0.sql extension/stunting--0.9.0--0.9.1.sql

# pg_regress: install must run first (it creates the extension).
REGRESS      = install helpers codes bad_input lhfa wfa wflh bfa other_indicators anthro_zscores \
               age_rules flags rounding oedema who2007 age_days golden fuzz \
               who_parity status labels assess age_months problems \
               summary summary_fuzz summary_limits quality prevalence_parity velocity areas surveillance entry maps simulate area_at hotspots names growth_monitoring \
               access public_figures privacy
REGRESS_OPTS = --inputdir=. --outputdir=test/results
ISOLATION = entry_same_area_month entry_two_area_months entry_update_delete correction_then_entry entry_then_correction refresh_during_entry entry_repeatable_read correction_row_locks grant_during_entry rekey_during_entry weighing_late_entry
ISOLATION_OPTS = --inputdir=. --outputdir=test/results/isolation

EXTRA_CLEAN = test/results test/unit/test_who test/unit/test_permenkes test/unit/test_summary test/unit/test_spatial test/unit/test_names test/unit/test_growth \
              test/fuzz/fuzz_who test/fuzz/fuzz_summary

WARNINGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
# No fused multiply-add: WHO's R code rounds every operation (exactness).
FPFLAGS  = -ffp-contract=off
PG_CFLAGS = $(WARNINGS) $(FPFLAGS)
PG_CPPFLAGS = -DSTUNTING_VERSION='"$(EXTVERSION)"'

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
# PGXS compiles the JIT bitcode (installed for llvmjit's inliner) with
# BITCODE_CFLAGS, which PG_CFLAGS does not reach: without this, clang fuses
# a * b + c into llvm.fmuladd there.
override BITCODE_CFLAGS += $(FPFLAGS)

# ICU: PostgreSQL's own build settings when it was built with ICU, else pkg-config.
ifneq ($(strip $(ICU_LIBS)),)
STUNTING_ICU_CFLAGS := $(ICU_CFLAGS)
STUNTING_ICU_LIBS   := $(ICU_LIBS)
else
STUNTING_ICU_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n)
STUNTING_ICU_LIBS   := $(shell pkg-config --libs icu-uc icu-i18n)
endif
override CPPFLAGS += $(STUNTING_ICU_CFLAGS)
SHLIB_LINK += $(STUNTING_ICU_LIBS)

# PGXS tracks no header dependencies (Debian's PostgreSQL is built without
# --enable-depend): rebuild every object, and its JIT bitcode, when any header
# changes, so an inline function never goes stale in an object built earlier.
$(OBJS) $(OBJS:.o=.bc): $(wildcard extension/*.h)
extension/stunting.o extension/stunting.bc: stunting.control

$(DATA_built): $(SQL_SOURCES) stunting.control
	{ echo '-- stunting $(EXTVERSION), built by the Makefile from $(SQL_SOURCES:extension/sql/%=%)'; \
	  echo '-- (extension/sql/); edit those, not this file.'; cat $(SQL_SOURCES); } > $@

.PHONY: unittest tables check-tables fuzz

UNIT_CC ?= cc
test/unit/test_who: test/unit/test_who.c $(MATH_SRCS) extension/*.h
	$(UNIT_CC) -std=c99 -O2 -g $(WARNINGS) $(FPFLAGS) -Iextension -o $@ test/unit/test_who.c $(MATH_SRCS) $(STUNTING_ICU_LIBS) -lm

test/unit/test_permenkes: test/unit/test_permenkes.c $(MATH_SRCS) extension/*.h
	$(UNIT_CC) -std=c99 -O2 -g $(WARNINGS) $(FPFLAGS) -Iextension -o $@ test/unit/test_permenkes.c $(MATH_SRCS) $(STUNTING_ICU_LIBS) -lm

test/unit/test_summary: test/unit/test_summary.c test/common/json_check.h $(MATH_SRCS) extension/*.h
	$(UNIT_CC) -std=c99 -O2 -g $(WARNINGS) $(FPFLAGS) -Iextension -Itest/common -o $@ test/unit/test_summary.c $(MATH_SRCS) $(STUNTING_ICU_LIBS) -lm

test/unit/test_spatial: test/unit/test_spatial.c $(MATH_SRCS) extension/*.h
	$(UNIT_CC) -std=c99 -O2 -g $(WARNINGS) $(FPFLAGS) -Iextension -o $@ test/unit/test_spatial.c $(MATH_SRCS) $(STUNTING_ICU_LIBS) -lm

test/unit/test_names: test/unit/test_names.c $(MATH_SRCS) extension/*.h
	$(UNIT_CC) -std=c99 -O2 -g $(WARNINGS) $(FPFLAGS) -Iextension -o $@ test/unit/test_names.c $(MATH_SRCS) $(STUNTING_ICU_LIBS) -lm

test/unit/test_growth: test/unit/test_growth.c $(MATH_SRCS) extension/*.h
	$(UNIT_CC) -std=c99 -O2 -g $(WARNINGS) $(FPFLAGS) -Iextension -o $@ test/unit/test_growth.c $(MATH_SRCS) $(STUNTING_ICU_LIBS) -lm

unittest: test/unit/test_who test/unit/test_permenkes test/unit/test_summary test/unit/test_spatial test/unit/test_names test/unit/test_growth
	test/unit/test_who
	test/unit/test_permenkes
	test/unit/test_summary
	test/unit/test_spatial
	test/unit/test_names
	test/unit/test_growth

tables:
	python3 tools/gen_who_tables.py
	python3 tools/gen_velocity_tables.py

check-tables:
	python3 tools/gen_who_tables.py --check
	python3 tools/gen_velocity_tables.py --check

# libFuzzer on the text parsers and the math (clang); FUZZ_RUNS bounds the run.
FUZZ_RUNS ?= 1000000
test/fuzz/fuzz_who: test/fuzz/fuzz_who.c $(MATH_SRCS) extension/*.h
	clang -g -O1 $(FPFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -Iextension -o $@ test/fuzz/fuzz_who.c $(MATH_SRCS) $(STUNTING_ICU_LIBS) -lm

test/fuzz/fuzz_summary: test/fuzz/fuzz_summary.c test/common/json_check.h $(MATH_SRCS) extension/*.h
	clang -g -O1 $(FPFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -Iextension -Itest/common -o $@ test/fuzz/fuzz_summary.c $(MATH_SRCS) $(STUNTING_ICU_LIBS) -lm

fuzz: test/fuzz/fuzz_who test/fuzz/fuzz_summary
	test/fuzz/fuzz_who -runs=$(FUZZ_RUNS) -max_len=80 -seed=1
	test/fuzz/fuzz_summary -runs=$(FUZZ_RUNS) -max_len=4096 -seed=1
