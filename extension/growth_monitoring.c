/*
 * growth_monitoring.c - the posyandu's weight-gain judgement; see
 * growth_monitoring.h and the README ("Growth monitoring at the posyandu").
 */
#include "growth_monitoring.h"

#include <math.h>
#include <string.h>

int
gm_months_between(int year1, int month1, int year2, int month2)
{
	return (year2 - year1) * 12 + (month2 - month1);
}

int
gm_kms_month(int birth_year, int birth_month, int visit_year, int visit_month)
{
	return gm_months_between(birth_year, birth_month, visit_year, visit_month);
}

long
gm_gain_grams(double previous_kg, double kg)
{
	/* round half away from zero; weights are read to 0.1 kg or 0.05 kg */
	return lround((kg - previous_kg) * 1000.0);
}

int
gm_gain_status(int months_since_previous, long gain_g, long kbm_g, bool kbm_missing)
{
	if (months_since_previous <= 0)
		return GM_GAIN_B;
	if (months_since_previous > 1)
		return GM_GAIN_O;
	if (kbm_missing)
		return GM_GAIN_NONE;
	/* "T when it is smaller, zero or negative" */
	if (gain_g > 0 && gain_g >= kbm_g)
		return GM_GAIN_N;
	return GM_GAIN_T;
}

int
gm_age_months_completed(int birth_year, int birth_month, int birth_day,
						int visit_year, int visit_month, int visit_day)
{
	return gm_months_between(birth_year, birth_month, visit_year, visit_month)
		- (visit_day < birth_day ? 1 : 0);
}

/* The code of `now` against `last` (present), by the KBM of now's month. */
static int
code_after(const gm_kbm_table *kbm, const gm_month_weighing *last, const gm_month_weighing *now)
{
	long		g = (now->kms_month >= 0 && now->kms_month < kbm->size) ? kbm->grams[now->kms_month] : 0;

	return gm_gain_status(1, gm_gain_grams(last->kg, now->kg), g, g <= 0);
}

int
gm_month_code(const gm_kbm_table *kbm, const gm_month_weighing *before_last,
			  const gm_month_weighing *last, const gm_month_weighing *now,
			  bool weighed_earlier, bool *two_t)
{
	int			code;

	*two_t = false;
	if (last->present)
		code = code_after(kbm, last, now);
	else if (before_last->present || weighed_earlier)
		code = GM_GAIN_O;
	else
		code = GM_GAIN_B;
	/* last month's code is T only against the month before it */
	if (code == GM_GAIN_T && last->present && before_last->present)
		*two_t = code_after(kbm, before_last, last) == GM_GAIN_T;
	return code;
}

const char *
gm_skdn_age_group(int age_months)
{
	if (age_months < 0 || age_months > 60)
		return NULL;
	if (age_months <= 12)
		return "0-12";
	if (age_months <= 36)
		return "13-36";
	return "37-60";
}

static const char *const gain_words[GM_GAIN_COUNT][2] = {
	{"Naik", "Gained enough weight"},
	{"Tidak naik", "Did not gain enough weight"},
	{"Tidak ditimbang bulan lalu", "Not weighed last month"},
	{"Baru pertama kali ditimbang", "First weighing"},
};

const char *
gm_gain_label(gm_gain code, int lang)
{
	return gain_words[code][lang != 0];
}

/* The SKDN report's columns (Kemenkes, Pedoman Pemantauan Pertumbuhan). */
static const struct
{
	const char *code;
	const char *words[2];
}			skdn_words[] = {
	{"S", {"Jumlah seluruh balita di wilayah (sasaran)", "All under-fives of the area (target population)"}},
	{"K", {"Balita yang memiliki KMS/Buku KIA", "Under-fives with a KMS/Buku KIA"}},
	{"D", {"Balita yang ditimbang bulan ini", "Under-fives weighed this month"}},
	{"N", {"Balita yang naik berat badannya", "Under-fives who gained enough weight"}},
	{"T", {"Balita yang tidak naik berat badannya", "Under-fives who did not gain enough weight"}},
	{"O", {"Balita yang tidak ditimbang bulan lalu", "Under-fives not weighed last month"}},
	{"B", {"Balita yang baru pertama kali ditimbang", "Under-fives weighed for the first time"}},
	{"2T", {"Balita yang tidak naik berat badannya dua kali berturut-turut (dirujuk)",
	"Under-fives who did not gain enough weight twice in a row (referred)"}},
	{"BGM", {"Balita di bawah garis merah", "Under-fives below the red line"}},
	{"D/S", {"Partisipasi masyarakat (D/S)", "Participation (D/S)"}},
	{"K/S", {"Cakupan KMS/Buku KIA (K/S)", "KMS/Buku KIA coverage (K/S)"}},
	{"N/D", {"Keberhasilan penimbangan (N/D)", "Weighing success (N/D)"}},
	{"N/(D-O-B)", {"Keberhasilan penimbangan balita yang ditimbang dua bulan berturut-turut (N/(D-O-B))",
	"Weighing success of those weighed two months in a row (N/(D-O-B))"}},
	{"BGM/D", {"Balita di bawah garis merah di antara yang ditimbang (BGM/D)",
	"Under-fives below the red line among those weighed (BGM/D)"}},
};

const char *
gm_skdn_label(const char *code, int lang)
{
	for (size_t i = 0; i < sizeof(skdn_words) / sizeof(skdn_words[0]); i++)
		if (strcmp(skdn_words[i].code, code) == 0)
			return skdn_words[i].words[lang != 0];
	return NULL;
}
