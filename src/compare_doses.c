/* compare_doses.c -- the dosing schedule of `compare` (--doses) and ISO dates. */
#include "htlvpvl/compare.h"
#include "htlvpvl/tsv.h"
#include <errno.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hp_parse_iso_date(const char *s, double *days)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, n = 0;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10) return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap)) return -1;
    /* days from civil (Howard Hinnant's algorithm) */
    int yy = y - (m <= 2), era = yy / 400, yoe = yy - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = (double)era * 146097 + doe - 719468;
    return 0;
}

static void chomp(kstring_t *ks)
{
    while (ks->l > 0 && (ks->s[ks->l - 1] == '\r' || ks->s[ks->l - 1] == '\n'))
        ks->s[--ks->l] = '\0';
}

int hp_cmp_read_doses(hp_cmp_t *c, const char *path)
{
    enum { D_SUBJECT, D_DATE, D_DAY, D_DOSE, D_DRUG, N_D };
    static const char *names[N_D] = {"subject", "date", "day", "dose_mg_per_kg", "drug"};
    int col[N_D] = {-1, -1, -1, -1, -1}, n_hdr = 0, line = 0, cap = 0, ret = -1, r;
    kstring_t ks = KS_INITIALIZE;
    char *f[64];
    htsFile *fp = hts_open(path, "r");
    if (!fp) {
        snprintf(c->err, sizeof c->err, "%s: cannot open: %s", path,
                 strerror(errno ? errno : ENOENT));
        return -1;
    }
    if (!(c->doses_path = strdup(path))) goto oom;
    while ((r = hts_getline(fp, '\n', &ks)) >= 0) {
        line++;
        chomp(&ks);
        if (ks.l == 0 || ks.s[0] == '#') continue;
        int nf = 0;
        for (char *p = ks.s;; nf++) {
            char *t = strchr(p, '\t');
            if (nf < 64) f[nf] = p;
            if (!t) {
                nf++;
                break;
            }
            *t = '\0', p = t + 1;
        }
        if (nf > 64) {
            snprintf(c->err, sizeof c->err, "%s: line %d: more than 64 columns", path, line);
            goto done;
        }
        if (n_hdr == 0) {
            n_hdr = nf;
            for (int i = 0; i < nf; i++)
                for (int j = 0; j < N_D; j++)
                    if (strcmp(f[i], names[j]) == 0) col[j] = i;
            if (col[D_SUBJECT] < 0 || (col[D_DATE] < 0) == (col[D_DAY] < 0) || col[D_DOSE] < 0) {
                snprintf(c->err, sizeof c->err,
                         "%s: the header needs the columns subject, date or day (one of them), "
                         "dose_mg_per_kg (optional: drug)",
                         path);
                goto done;
            }
            continue;
        }
        if (nf != n_hdr) {
            snprintf(c->err, sizeof c->err, "%s: line %d: %d fields, the header has %d", path, line,
                     nf, n_hdr);
            goto done;
        }
        if (c->n_doses == cap) {
            cap = cap ? 2 * cap : 16;
            hp_cmp_dose_t *nd = realloc(c->doses, (size_t)cap * sizeof *nd);
            if (!nd) goto oom;
            c->doses = nd;
        }
        hp_cmp_dose_t *d = &c->doses[c->n_doses++];
        memset(d, 0, sizeof *d);
        d->line = line, d->mg_per_kg = NAN;
        const char *t = f[col[D_DATE] >= 0 ? col[D_DATE] : col[D_DAY]], *g = f[col[D_DOSE]];
        if (!*f[col[D_SUBJECT]]) {
            snprintf(c->err, sizeof c->err, "%s: line %d: empty subject", path, line);
            goto done;
        }
        if (!(d->subject = strdup(f[col[D_SUBJECT]]))) goto oom;
        if (col[D_DRUG] >= 0 && !hp_tsv_is_na(f[col[D_DRUG]]) && !(d->drug = strdup(f[col[D_DRUG]])))
            goto oom;
        char *e;
        errno = 0;
        d->day = strtod(t, &e);
        if (hp_parse_iso_date(t, &d->day) == 0) {
            d->is_date = 1;
        } else if (!*t || *e || errno || !isfinite(d->day)) {
            snprintf(c->err, sizeof c->err,
                     "%s: line %d: '%s' is neither a number of days nor an ISO date (YYYY-MM-DD)",
                     path, line, t);
            goto done;
        }
        if (!hp_tsv_is_na(g)) {
            d->mg_per_kg = strtod(g, &e);
            if (*e || !isfinite(d->mg_per_kg) || d->mg_per_kg < 0) {
                snprintf(c->err, sizeof c->err,
                         "%s: line %d: dose_mg_per_kg '%s' is not a number >= 0", path, line, g);
                goto done;
            }
        }
    }
    if (r < -1) {
        snprintf(c->err, sizeof c->err, "%s: read error", path);
        goto done;
    }
    if (n_hdr == 0) {
        snprintf(c->err, sizeof c->err, "%s: empty file (no header row)", path);
        goto done;
    }
    ret = 0;
    goto done;
oom:
    snprintf(c->err, sizeof c->err, "%s: out of memory", path);
done:
    free(ks.s);
    if (hts_close(fp) != 0 && ret == 0) {
        snprintf(c->err, sizeof c->err, "%s: read error on close", path);
        ret = -1;
    }
    return ret;
}

static int cmp_pair(const void *a, const void *b)
{
    const double *x = a, *y = b;
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

int hp_cmp_apply_doses(hp_cmp_t *c)
{
    for (int i = 0; i < c->n_doses; i++) {
        int k;
        for (k = 0; k < c->n_subjects; k++)
            if (strcmp(c->subjects[k].name, c->doses[i].subject) == 0) break;
        if (k == c->n_subjects) {
            snprintf(c->err, sizeof c->err, "%s: line %d: subject '%s' is not in the sheet",
                     c->doses_path, c->doses[i].line, c->doses[i].subject);
            return -1;
        }
    }
    for (int k = 0; k < c->n_subjects; k++) {
        hp_cmp_subject_t *u = &c->subjects[k];
        int n_date = 0, n_num = 0, nd = 0;
        double origin = INFINITY, first_sample = INFINITY;
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            if (s->date)
                n_date++, first_sample = fmin(first_sample, s->timepoint);
            else
                n_num++;
        }
        for (int i = 0; i < c->n_doses; i++)
            if (strcmp(c->doses[i].subject, u->name) == 0) {
                nd++;
                if (c->doses[i].is_date)
                    n_date++, origin = fmin(origin, c->doses[i].day);
                else
                    n_num++;
            }
        if (n_date && n_num) {
            snprintf(c->err, sizeof c->err,
                     "%s: subject '%s' gives some times as ISO dates and some as numbers of "
                     "days (sheet%s): use one or the other",
                     c->sheet_path ? c->sheet_path : "-", u->name, nd ? " and doses" : "");
            return -1;
        }
        u->uses_dates = n_date > 0;
        if (!isfinite(origin)) origin = first_sample;
        u->origin_jd = u->uses_dates ? origin : 0;
        if (nd) {
            /* doses sorted by day; the drug names follow their doses */
            u->dose_day = malloc((size_t)nd * sizeof *u->dose_day);
            u->dose_mg_per_kg = malloc((size_t)nd * sizeof *u->dose_mg_per_kg);
            u->dose_drug = calloc((size_t)nd, sizeof *u->dose_drug);
            double *key = malloc((size_t)nd * 2 * sizeof *key);
            if (!u->dose_day || !u->dose_mg_per_kg || !u->dose_drug || !key) {
                free(key);
                snprintf(c->err, sizeof c->err, "%s: out of memory", c->doses_path);
                return -1;
            }
            for (int i = 0, m = 0; i < c->n_doses; i++)
                if (strcmp(c->doses[i].subject, u->name) == 0)
                    key[2 * m] = c->doses[i].day - u->origin_jd, key[2 * m + 1] = i, m++;
            qsort(key, (size_t)nd, 2 * sizeof *key, cmp_pair);
            for (int m = 0; m < nd; m++) {
                const hp_cmp_dose_t *d = &c->doses[(int)key[2 * m + 1]];
                u->dose_day[m] = key[2 * m];
                u->dose_mg_per_kg[m] = d->mg_per_kg;
                u->dose_drug[m] = d->drug;
            }
            u->n_doses = nd;
            free(key);
        }
        for (int j = 0; j < u->n; j++) {
            hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            s->timepoint -= u->origin_jd;
            s->days_since_dose = s->last_dose_mg_per_kg = NAN;
            /* a dose on a sample's day is taken as given after the blood draw */
            for (int m = 0; m < u->n_doses; m++)
                if (u->dose_day[m] < s->timepoint)
                    s->days_since_dose = s->timepoint - u->dose_day[m],
                    s->last_dose_mg_per_kg = u->dose_mg_per_kg[m];
        }
    }
    return 0;
}
