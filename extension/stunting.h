/*
 * stunting.h - what the module's SQL glue files share.
 */
#ifndef STUNTING_H
#define STUNTING_H

/* Defines the setting stunting.language (status_fmgr.c). */
extern void stunting_define_language_setting(void);

/* Defines the setting stunting.min_cell_size (privacy_fmgr.c). */
extern void stunting_define_privacy_settings(void);

/* Columns of stunting.zscores, in the order of the CREATE TYPE. */
enum
{
	COL_CLENHEI, COL_CMEASURE, COL_C9MO_FLAG, COL_CBMI, COL_CSEX,
	COL_ZLEN, COL_FLEN, COL_ZWEI, COL_FWEI, COL_ZWFL, COL_FWFL,
	COL_ZBMI, COL_FBMI, COL_ZHC, COL_FHC, COL_ZAC, COL_FAC,
	COL_ZTS, COL_FTS, COL_ZSS, COL_FSS,
	COL_AGE_DAYS, COL_WEIGHT, COL_LENHEI, COL_OEDEMA,
	ZSCORES_NATTS
};

#endif
