/*
 * privacy_fmgr.c - what keeps identifiers and small counts private: the
 * keyed NIK hash (HMAC-SHA-256, PostgreSQL's own implementation in
 * common/hmac.c), random key material, and the small-cell threshold of the
 * published figures (a setting only a superuser can change).
 */
#include "postgres.h"

#include "common/cryptohash.h"
#include "common/hmac.h"
#include "common/sha2.h"
#include "fmgr.h"
#include "port.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "stunting.h"

static int	min_cell_size = 5;

void
stunting_define_privacy_settings(void)
{
	/*
	 * PGC_SUSET: the threshold protects children from the roles that read
	 * the published figures, so they must not lower it.  (A value such a
	 * role set before the library was loaded is refused when it loads.)
	 */
	DefineCustomIntVariable("stunting.min_cell_size",
							"Smallest count of children the published figures show (stunting.area_month_public).",
							"Counts below it are suppressed with the rates and intervals that would reveal them.",
							&min_cell_size,
							5, 1, 1000,
							PGC_SUSET,
							0,
							NULL, NULL, NULL);
}

PG_FUNCTION_INFO_V1(stunting_min_cell_size);
Datum
stunting_min_cell_size(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(min_cell_size);
}

/* hmac_sha256(key bytea, message bytea) */
PG_FUNCTION_INFO_V1(stunting_hmac_sha256);
Datum
stunting_hmac_sha256(PG_FUNCTION_ARGS)
{
	bytea	   *key = PG_GETARG_BYTEA_PP(0);
	bytea	   *message = PG_GETARG_BYTEA_PP(1);
	bytea	   *result = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	pg_hmac_ctx *ctx = pg_hmac_create(PG_SHA256);

	if (ctx == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (pg_hmac_init(ctx, (const uint8 *) VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key)) < 0 ||
		pg_hmac_update(ctx, (const uint8 *) VARDATA_ANY(message), VARSIZE_ANY_EXHDR(message)) < 0 ||
		pg_hmac_final(ctx, (uint8 *) VARDATA(result), PG_SHA256_DIGEST_LENGTH) < 0)
	{
		const char *why = pg_hmac_error(ctx);

		pg_hmac_free(ctx);
		/* the message names neither the key nor the data */
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("hmac_sha256 failed: %s", why)));
	}
	pg_hmac_free(ctx);
	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	PG_RETURN_BYTEA_P(result);
}

/* random_bytes(n integer): n bytes from the server's strong random source */
PG_FUNCTION_INFO_V1(stunting_random_bytes);
Datum
stunting_random_bytes(PG_FUNCTION_ARGS)
{
	int32		n = PG_GETARG_INT32(0);
	bytea	   *result;

	if (n < 1 || n > 1024)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("random_bytes: %d bytes asked for; from 1 to 1024 are given", n)));
	result = palloc(VARHDRSZ + n);
	if (!pg_strong_random(VARDATA(result), n))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("random_bytes: the strong random source failed")));
	SET_VARSIZE(result, VARHDRSZ + n);
	PG_RETURN_BYTEA_P(result);
}
