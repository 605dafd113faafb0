/* compare_lmpcr.c -- LM-PCR site tables side by side (include/htlvpvl/compare_lmpcr.h). */
#include "htlvpvl/compare_lmpcr.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hp_lcmp_init(hp_lcmp_t *c)
{
    memset(c, 0, sizeof *c);
}

void hp_lcmp_destroy(hp_lcmp_t *c)
{
    if (!c) return;
    for (int i = 0; i < c->n_chrom; i++)
        free(c->chrom[i]);
    for (int i = 0; i < c->n_sample; i++)
        free(c->sample[i]);
    for (int i = 0; i < c->n_subject; i++)
        free(c->subject_name[i]);
    free(c->chrom), free(c->sample), free(c->subj), free(c->subject_name);
    free(c->row), free(c->site), free(c->umis), free(c->cells);
    memset(c, 0, sizeof *c);
}

/* index of s in v[0..*n), added when absent; -1 out of memory */
static int intern(char ***v, int *n, const char *s)
{
    for (int i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0) return i;
    char **p = realloc(*v, (size_t)(*n + 1) * sizeof *p);
    if (!p) return -1;
    *v = p;
    if (!(p[*n] = strdup(s))) return -1;
    return (*n)++;
}

static int col_of(char **f, int nf, const char *name)
{
    for (int i = 0; i < nf; i++)
        if (strcmp(f[i], name) == 0) return i;
    return -1;
}

static int split(char *s, char **f, int max)
{
    int n = 0;
    f[n++] = s;
    for (char *p = s; *p && n < max; p++)
        if (*p == '\t') *p = 0, f[n++] = p + 1;
    return n;
}

int hp_lcmp_add(hp_lcmp_t *c, const char *name, const char *subject, const char *path,
                int64_t *line, const char **msg)
{
    *line = 0, *msg = NULL;
    FILE *fp = fopen(path, "r");
    if (!fp) return -1;
    int ret = -3, smp = c->n_sample;
    char *buf = NULL, *f[64];
    size_t cap = 0;
    int *sj = realloc(c->subj, (size_t)(smp + 1) * sizeof *sj);
    if (!sj) goto out;
    c->subj = sj;
    char **sn = realloc(c->sample, (size_t)(smp + 1) * sizeof *sn);
    if (!sn) goto out;
    c->sample = sn;
    if (!(sn[smp] = strdup(name))) goto out;
    int s = intern(&c->subject_name, &c->n_subject, subject ? subject : name);
    if (s < 0) {
        free(sn[smp]);
        goto out;
    }
    sj[smp] = s;
    c->n_sample++;
    ret = -2;
    if (getline(&buf, &cap, fp) < 0) {
        *line = 1, *msg = "empty: no header";
        goto out;
    }
    *line = 1;
    buf[strcspn(buf, "\r\n")] = 0;
    int nf = split(buf, f, 64);
    int ic = col_of(f, nf, "chrom"), ip = col_of(f, nf, "pos"), is = col_of(f, nf, "strand");
    int iu = col_of(f, nf, "umis"), ie = col_of(f, nf, "estimated_cells");
    if (ic < 0 || ip < 0 || is < 0 || iu < 0 || ie < 0) {
        *msg = "not a sites table of count --assay lmpcr (chrom, pos, strand, umis, "
               "estimated_cells)";
        goto out;
    }
    int need = ic;
    if (ip > need) need = ip;
    if (is > need) need = is;
    if (iu > need) need = iu;
    if (ie > need) need = ie;
    while (getline(&buf, &cap, fp) >= 0) {
        ++*line;
        buf[strcspn(buf, "\r\n")] = 0;
        if (!*buf) continue;
        if (split(buf, f, 64) <= need) {
            *msg = "too few columns";
            goto out;
        }
        char *e1, *e2, *e3;
        long pos = strtol(f[ip], &e1, 10);
        long long u = strtoll(f[iu], &e2, 10);
        double cells = strcmp(f[ie], "NA") == 0 ? NAN : strtod(f[ie], &e3);
        if (*e1 || pos < 1 || pos > INT32_MAX || *e2 || u < 0 || (strcmp(f[ie], "NA") && *e3) ||
            (strcmp(f[is], "+") && strcmp(f[is], "-"))) {
            *msg = "bad pos, strand, umis or estimated_cells";
            goto out;
        }
        if (c->n_row == c->m_row) {
            int64_t m = c->m_row ? 2 * c->m_row : 256;
            hp_lcmp_row_t *p = realloc(c->row, (size_t)m * sizeof *p);
            if (!p) {
                ret = -3;
                goto out;
            }
            c->row = p, c->m_row = m;
        }
        int ch = intern(&c->chrom, &c->n_chrom, f[ic]);
        if (ch < 0) {
            ret = -3;
            goto out;
        }
        c->row[c->n_row++] = (hp_lcmp_row_t){
            ch, (int32_t)pos, (uint8_t)(f[is][0] == '-'), smp, (int64_t)u, cells, -1};
    }
    ret = ferror(fp) ? -1 : 0;
out:
    free(buf);
    fclose(fp);
    return ret;
}

static const hp_lcmp_t *g_c; /* chrom names for the comparators (single-threaded use) */

static int cmp_pos(const hp_lcmp_row_t *a, const hp_lcmp_row_t *b)
{
    int x = strcmp(g_c->chrom[a->chrom], g_c->chrom[b->chrom]);
    if (x) return x;
    if (a->strand != b->strand) return a->strand - b->strand;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return a->sample - b->sample;
}

static int cmp_row(const void *pa, const void *pb)
{
    return cmp_pos(pa, pb);
}

static const hp_lcmp_row_t *g_rows;

static int cmp_by_umis(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    const hp_lcmp_row_t *x = &g_rows[a], *y = &g_rows[b];
    if (x->umis != y->umis) return x->umis > y->umis ? -1 : 1;
    return a - b; /* rows are in position order */
}

int hp_lcmp_build(hp_lcmp_t *c, int window, double owner_share)
{
    g_c = c;
    if (c->n_row > 1) qsort(c->row, (size_t)c->n_row, sizeof *c->row, cmp_row);
    int n = (int)c->n_row, ret = -3;
    int *ord = malloc((size_t)(n ? n : 1) * sizeof *ord);
    int *center = malloc((size_t)(n ? n : 1) * sizeof *center);
    int *site_of_center = malloc((size_t)(n ? n : 1) * sizeof *site_of_center);
    double *subj_umis = calloc((size_t)(c->n_subject ? c->n_subject : 1), sizeof *subj_umis);
    if (!ord || !center || !site_of_center || !subj_umis) goto out;
    for (int i = 0; i < n; i++)
        ord[i] = i, center[i] = -1;
    g_rows = c->row;
    qsort(ord, (size_t)n, sizeof *ord, cmp_by_umis);
    for (int q = 0; q < n; q++) {
        int i = ord[q], best = -1;
        const hp_lcmp_row_t *r = &c->row[i];
        for (int dir = -1; dir <= 1; dir += 2)
            for (int j = i + dir; j >= 0 && j < n; j += dir) {
                const hp_lcmp_row_t *x = &c->row[j];
                if (x->chrom != r->chrom || x->strand != r->strand || abs(x->pos - r->pos) > window)
                    break;
                if (center[j] != j) continue;
                int d = abs(x->pos - r->pos), bd = best < 0 ? 0 : abs(c->row[best].pos - r->pos);
                if (best < 0 || d < bd || (d == bd && c->row[j].umis > c->row[best].umis)) best = j;
            }
        center[i] = best >= 0 ? best : i;
    }
    /* sites in position order */
    c->n_site = 0;
    for (int i = 0; i < n; i++)
        if (center[i] == i) site_of_center[i] = c->n_site++;
    c->site = calloc((size_t)(c->n_site ? c->n_site : 1), sizeof *c->site);
    size_t nm = (size_t)(c->n_site ? c->n_site : 1) * (size_t)(c->n_sample ? c->n_sample : 1);
    c->umis = calloc(nm, sizeof *c->umis);
    c->cells = calloc(nm, sizeof *c->cells);
    if (!c->site || !c->umis || !c->cells) goto out;
    for (int i = 0; i < n; i++) {
        hp_lcmp_row_t *r = &c->row[i];
        int s = site_of_center[center[i]];
        r->site = s;
        if (center[i] == i) {
            c->site[s].chrom = r->chrom, c->site[s].pos = r->pos, c->site[s].strand = r->strand;
        }
        c->umis[(size_t)s * c->n_sample + r->sample] += (double)r->umis;
        double *ce = &c->cells[(size_t)s * c->n_sample + r->sample];
        if (isfinite(r->cells)) *ce += r->cells;
        c->site[s].umis += r->umis;
    }
    for (int s = 0; s < c->n_site; s++) {
        hp_lcmp_site_t *st = &c->site[s];
        memset(subj_umis, 0, (size_t)c->n_subject * sizeof *subj_umis);
        double tot = 0;
        for (int k = 0; k < c->n_sample; k++) {
            double u = c->umis[(size_t)s * c->n_sample + k];
            subj_umis[c->subj[k]] += u, tot += u;
        }
        int top = 0;
        st->n_subject = 0;
        for (int j = 0; j < c->n_subject; j++) {
            st->n_subject += subj_umis[j] > 0;
            if (subj_umis[j] > subj_umis[top]) top = j;
        }
        st->owner_share = tot > 0 ? subj_umis[top] / tot : 0;
        st->owner = tot > 0 && (st->n_subject <= 1 || st->owner_share >= owner_share) ? top : -1;
    }
    ret = 0;
out:
    free(ord), free(center), free(site_of_center), free(subj_umis);
    return ret;
}

static const char *status_of(const hp_lcmp_t *c, const hp_lcmp_site_t *st, int sample)
{
    if (st->n_subject <= 1) return "private";
    if (st->owner < 0) return "ambiguous";
    return c->subj[sample] == st->owner ? "owner" : "collision";
}

int hp_lcmp_write_matrix(FILE *fp, const hp_lcmp_t *c, int cells)
{
    fputs("chrom\tpos\tstrand\towner\towner_share\tn_subjects", fp);
    for (int k = 0; k < c->n_sample; k++)
        fprintf(fp, "\t%s", c->sample[k]);
    fputc('\n', fp);
    for (int s = 0; s < c->n_site; s++) {
        const hp_lcmp_site_t *st = &c->site[s];
        fprintf(fp, "%s\t%d\t%c\t%s\t%.4f\t%d", c->chrom[st->chrom], st->pos,
                st->strand ? '-' : '+', st->owner >= 0 ? c->subject_name[st->owner] : "NA",
                st->owner_share, st->n_subject);
        for (int k = 0; k < c->n_sample; k++) {
            double v = (cells ? c->cells : c->umis)[(size_t)s * c->n_sample + k];
            if (cells)
                fprintf(fp, "\t%.3f", v);
            else
                fprintf(fp, "\t%.0f", v);
        }
        fputc('\n', fp);
    }
    return ferror(fp) ? -1 : 0;
}

int hp_lcmp_write_calls(FILE *fp, const hp_lcmp_t *c)
{
    fputs("chrom\tpos\tstrand\tsample\tsubject\tumis\testimated_cells\tstatus\n", fp);
    for (int s = 0; s < c->n_site; s++) {
        const hp_lcmp_site_t *st = &c->site[s];
        for (int k = 0; k < c->n_sample; k++) {
            double u = c->umis[(size_t)s * c->n_sample + k];
            if (u <= 0) continue;
            fprintf(fp, "%s\t%d\t%c\t%s\t%s\t%.0f\t%.3f\t%s\n", c->chrom[st->chrom], st->pos,
                    st->strand ? '-' : '+', c->sample[k], c->subject_name[c->subj[k]], u,
                    c->cells[(size_t)s * c->n_sample + k], status_of(c, st, k));
        }
    }
    return ferror(fp) ? -1 : 0;
}

int hp_lcmp_write_pairs(FILE *fp, const hp_lcmp_t *c)
{
    fputs("sample_a\tsample_b\tsame_subject\tsites_a\tsites_b\tshared\n", fp);
    for (int a = 0; a < c->n_sample; a++)
        for (int b = a + 1; b < c->n_sample; b++) {
            int64_t na = 0, nb = 0, both = 0;
            for (int s = 0; s < c->n_site; s++) {
                int x = c->umis[(size_t)s * c->n_sample + a] > 0;
                int y = c->umis[(size_t)s * c->n_sample + b] > 0;
                na += x, nb += y, both += x && y;
            }
            fprintf(fp, "%s\t%s\t%d\t%lld\t%lld\t%lld\n", c->sample[a], c->sample[b],
                    c->subj[a] == c->subj[b], (long long)na, (long long)nb, (long long)both);
        }
    return ferror(fp) ? -1 : 0;
}
