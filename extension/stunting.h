/*
 * stunting.h - what the module's SQL glue files share.
 */
#ifndef STUNTING_H
#define STUNTING_H

/* Defines the setting stunting.language (status_fmgr.c). */
extern void stunting_define_language_setting(void);

#endif
