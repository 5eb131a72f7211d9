/*
 * status_fmgr.c - SQL glue for the Permenkes 2/2020 status functions: the
 * classify_* functions, label() and the stunting.language setting.  The
 * rules themselves are in permenkes.c and lang_tag.c.
 */
#include "postgres.h"

#include "fmgr.h"
#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "fmgr_args.h"
#include "permenkes.h"
#include "stunting.h"

/* stunting.language: the text as set, and the language it names. */
static char *language_setting = NULL;
static int	language = PMK_LANG_ID;

static bool
check_language(char **newval, void **extra, GucSource source)
{
	int			lang = pmk_parse_language(*newval, strlen(*newval));
	int		   *parsed;

	if (lang < 0)
	{
		GUC_check_errdetail("Supported languages: %s.", PMK_SUPPORTED_LANGUAGES);
		return false;
	}
	parsed = malloc(sizeof(int));	/* the GUC machinery free()s it */
	if (parsed == NULL)
		return false;
	*parsed = lang;
	*extra = parsed;
	return true;
}

static void
assign_language(const char *newval, void *extra)
{
	language = *(int *) extra;
}

void
stunting_define_language_setting(void)
{
	DefineCustomStringVariable("stunting.language",
							   "Language of stunting.label(status): id (Bahasa Indonesia) or en (English).",
							   "Any BCP 47 tag or ICU locale of those languages: id, id-ID, id_ID, in, en, en-US, en_GB.",
							   &language_setting,
							   "id",
							   PGC_USERSET,
							   0,
							   check_language, assign_language, NULL);
}

/*
 * A status type of this extension: which one, and the OIDs of its values in
 * declared order.  Looked up once per call site.
 */
typedef struct status_type
{
	Oid			typoid;
	pmk_type	type;
	int			n;
	Oid			values[PMK_NUTRITION_N];
} status_type;

static const char *const type_names[PMK_TYPE_N] = {
	"height_status", "weight_status", "nutrition_status", "weight_gain"
};

static status_type *
get_status_type(FmgrInfo *flinfo, Oid typoid)
{
	status_type *st = flinfo->fn_extra;
	HeapTuple	tup;
	Form_pg_type typ;
	int			type = -1;
	const char *const *labels;

	if (st != NULL && st->typoid == typoid)
		return st;

	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typoid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", typoid);
	typ = (Form_pg_type) GETSTRUCT(tup);
	if (typ->typnamespace == get_namespace_oid("stunting", true))
	{
		for (int i = 0; i < PMK_TYPE_N; i++)
			if (strcmp(NameStr(typ->typname), type_names[i]) == 0)
				type = i;
	}
	ReleaseSysCache(tup);
	if (type < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("type %s is not a status type of stunting", format_type_be(typoid)),
				 errhint("Use stunting.height_status, stunting.weight_status, stunting.nutrition_status or stunting.weight_gain.")));

	st = MemoryContextAlloc(flinfo->fn_mcxt, sizeof(status_type));
	st->typoid = typoid;
	st->type = (pmk_type) type;
	labels = pmk_enum_labels(st->type, &st->n);
	for (int i = 0; i < st->n; i++)
		st->values[i] = DatumGetObjectId(DirectFunctionCall2(enum_in,
															 CStringGetDatum(labels[i]),
															 ObjectIdGetDatum(typoid)));
	flinfo->fn_extra = st;
	return st;
}

static Datum
status_result(FunctionCallInfo fcinfo, int status)
{
	status_type *st;

	if (status == PMK_NONE)
		PG_RETURN_NULL();
	/* a classify function always returns the same type: look it up once */
	st = fcinfo->flinfo->fn_extra;
	if (st == NULL)
		st = get_status_type(fcinfo->flinfo, get_func_rettype(fcinfo->flinfo->fn_oid));
	PG_RETURN_OID(st->values[status]);
}

PG_FUNCTION_INFO_V1(stunting_classify_lhfa);
Datum
stunting_classify_lhfa(PG_FUNCTION_ARGS)
{
	return status_result(fcinfo, pmk_classify_lhfa(arg_measurement(fcinfo, 0, "z")));
}

PG_FUNCTION_INFO_V1(stunting_classify_wfa);
Datum
stunting_classify_wfa(PG_FUNCTION_ARGS)
{
	return status_result(fcinfo, pmk_classify_wfa(arg_measurement(fcinfo, 0, "z")));
}

PG_FUNCTION_INFO_V1(stunting_classify_wflh);
Datum
stunting_classify_wflh(PG_FUNCTION_ARGS)
{
	double		z = arg_measurement(fcinfo, 0, "z");
	bool		oedema = arg_oedema(fcinfo, 1);

	return status_result(fcinfo, pmk_classify_wflh(z, oedema));
}

PG_FUNCTION_INFO_V1(stunting_classify_bfa);
Datum
stunting_classify_bfa(PG_FUNCTION_ARGS)
{
	double		z = arg_measurement(fcinfo, 0, "z");
	double		age = arg_age(fcinfo, 1);
	bool		oedema = arg_oedema(fcinfo, 2);

	return status_result(fcinfo, pmk_classify_bfa(z, age, oedema));
}

/* The regulation's wording of a status value in a language. */
static Datum
label_of(FunctionCallInfo fcinfo, pmk_lang lang)
{
	Oid			value = PG_GETARG_OID(0);
	Oid			typoid = get_fn_expr_argtype(fcinfo->flinfo, 0);
	status_type *st;

	if (!OidIsValid(typoid))
	{
		/* called without an expression tree: ask the catalog */
		HeapTuple	tup = SearchSysCache1(ENUMOID, ObjectIdGetDatum(value));

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for enum value %u", value);
		typoid = ((Form_pg_enum) GETSTRUCT(tup))->enumtypid;
		ReleaseSysCache(tup);
	}
	st = get_status_type(fcinfo->flinfo, typoid);
	for (int i = 0; i < st->n; i++)
		if (st->values[i] == value)
			PG_RETURN_TEXT_P(cstring_to_text(pmk_label(st->type, i, lang)));
	elog(ERROR, "enum value %u is not a value of %s", value, format_type_be(typoid));
	PG_RETURN_NULL();			/* not reached */
}

PG_FUNCTION_INFO_V1(stunting_label);
Datum
stunting_label(PG_FUNCTION_ARGS)
{
	return label_of(fcinfo, arg_language(PG_GETARG_TEXT_PP(1)));
}

PG_FUNCTION_INFO_V1(stunting_label_default);
Datum
stunting_label_default(PG_FUNCTION_ARGS)
{
	return label_of(fcinfo, (pmk_lang) language);
}
