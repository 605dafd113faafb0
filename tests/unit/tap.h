/* tap.h -- minimal TAP-style unit test macros (one header, no dependencies).
 *   TEST_OK(cond, "what it shows")          ok / not ok line
 *   TEST_NEAR(got, want, tol, "what")       |got - want| <= tol
 *   TEST_EQ_INT(got, want, "what")
 *   TEST_STR(got, want, "what")
 *   return test_done();                      exit 1 if any failed
 * Lines read "ok N - what" / "not ok N - what", counted by tests/run.sh. */
#ifndef HTLVPVL_TAP_H
#define HTLVPVL_TAP_H
#include <math.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void tap_report(int pass, const char *file, int line, const char *what)
{
    ++tap_n;
    if (!pass) ++tap_failed;
    printf("%s %d - %s%s", pass ? "ok" : "not ok", tap_n, what, pass ? "\n" : "");
    if (!pass) printf(" (%s:%d)\n", file, line);
    fflush(stdout);
}

#define TEST_OK(cond, what) tap_report(!!(cond), __FILE__, __LINE__, what)
#define TEST_NEAR(got, want, tol, what)                                                          \
    do {                                                                                         \
        double g_ = (got), w_ = (want);                                                          \
        int p_ = fabs(g_ - w_) <= (tol);                                                         \
        if (!p_) printf("# got %.10g, want %.10g +- %g\n", g_, w_, (double)(tol));               \
        tap_report(p_, __FILE__, __LINE__, what);                                                \
    } while (0)
#define TEST_EQ_INT(got, want, what)                                                             \
    do {                                                                                         \
        long long g_ = (long long)(got), w_ = (long long)(want);                                 \
        if (g_ != w_) printf("# got %lld, want %lld\n", g_, w_);                                 \
        tap_report(g_ == w_, __FILE__, __LINE__, what);                                          \
    } while (0)
#define TEST_STR(got, want, what)                                                                \
    do {                                                                                         \
        const char *g_ = (got), *w_ = (want);                                                    \
        int p_ = g_ && w_ && strcmp(g_, w_) == 0;                                                \
        if (!p_) printf("# got '%s', want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)");      \
        tap_report(p_, __FILE__, __LINE__, what);                                                \
    } while (0)

static inline int test_done(void) { return tap_failed ? 1 : 0; }
#endif
