/*
 * stunting.c - the module itself: magic block, settings and build information.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include <unicode/uversion.h>

#include "stunting.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	stunting_define_language_setting();
	stunting_define_privacy_settings();
	MarkGUCPrefixReserved("stunting");
}

/* STUNTING_VERSION comes from stunting.control, through the Makefile. */
#ifndef STUNTING_VERSION
#error "STUNTING_VERSION is not defined: build with the Makefile"
#endif

/*
 * stunting.version(): the library's version and what it was built with, so a
 * DBA can tell which WHO tables and which ICU a server is really running.
 */
PG_FUNCTION_INFO_V1(stunting_version);
Datum
stunting_version(PG_FUNCTION_ARGS)
{
	UVersionInfo icu;
	char		icu_text[U_MAX_VERSION_STRING_LENGTH];

	u_getVersion(icu);
	u_versionToString(icu, icu_text);
	PG_RETURN_TEXT_P(cstring_to_text(psprintf(
		"stunting %s (WHO Child Growth Standards 2006 from anthro 1.1.0.9000, "
		"WHO Growth Reference 2007 from anthroplus 1.0.0.9000; ICU %s)",
		STUNTING_VERSION, icu_text)));
}
