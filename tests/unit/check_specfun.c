/* tests/unit/check_specfun.c — libfimrt's special functions: reference values, identities,
 * two precisions, aliasing, special values, and the regressions.
 *
 * Reference values were computed independently with Python's mpmath (the exact command is
 * above each table; arguments are the C doubles written there, which mpmath.mpf converts
 * exactly) and kept to 55 significant digits. Each point is checked at 200 bits to a
 * relative error below 1e-50, then for correct rounding and the ternary value at 24, 64
 * and 113 bits in the four rounding modes RNDN, RNDZ, RNDU, RNDD (the 55 digits decide
 * those roundings; a point whose reference is itself representable is skipped there).
 *
 * Random identity tests use a GMP generator seeded from FIMC_TEST_SEED (default 12345);
 * the seed is printed with any failure.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include <gmp.h>
#include <mpfr.h>

#include "fimrt.h"

#define SIGN(t) (((t) > 0) - ((t) < 0))

static unsigned long seed = 12345; /* set once by main from FIMC_TEST_SEED */

/* One calling shape for all the functions under test: k is polygamma's order, b the
 * second argument of lbeta and lchoose; the others ignore what they do not take. */
typedef int (*fun_t)(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd);

static int f_trigamma(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd)
{
    (void)b, (void)k;
    return fimrt_trigamma(y, a, rnd);
}

static int f_polygamma(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd)
{
    (void)b;
    return fimrt_polygamma(y, k, a, rnd);
}

static int f_lbeta(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd)
{
    (void)k;
    return fimrt_lbeta(y, a, b, rnd);
}

static int f_lchoose(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd)
{
    (void)k;
    return fimrt_lchoose(y, a, b, rnd);
}

static int f_lfactorial(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd)
{
    (void)b, (void)k;
    return fimrt_lfactorial(y, a, rnd);
}

static int f_log1pexp(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd)
{
    (void)b, (void)k;
    return fimrt_log1pexp(y, a, rnd);
}

static int f_expit(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd)
{
    (void)b, (void)k;
    return fimrt_expit(y, a, rnd);
}

static int f_logit(mpfr_t y, const mpfr_t a, const mpfr_t b, unsigned long k, mpfr_rnd_t rnd)
{
    (void)b, (void)k;
    return fimrt_logit(y, a, rnd);
}

struct ref {
    unsigned long k;
    double a, b;
    const char *val;
};

/* Checks f at one reference point as the header comment describes. */
static void check_ref(const char *name, fun_t f, const struct ref *r)
{
    static const mpfr_prec_t precs[] = {24, 64, 113};
    static const mpfr_rnd_t rnds[] = {MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD};
    mpfr_t a, b, y, exact, diff, tol;
    size_t i, j;

    mpfr_inits2(64, a, b, (mpfr_ptr)0);
    mpfr_set_d(a, r->a, MPFR_RNDN); /* exact */
    mpfr_set_d(b, r->b, MPFR_RNDN);
    mpfr_init2(y, 200);
    mpfr_inits2(400, exact, diff, tol, (mpfr_ptr)0);
    ck_assert_int_eq(mpfr_set_str(exact, r->val, 10, MPFR_RNDN), 0);

    f(y, a, b, r->k, MPFR_RNDN);
    mpfr_sub(diff, y, exact, MPFR_RNDN);
    mpfr_abs(diff, diff, MPFR_RNDN);
    mpfr_set_str(tol, "1e-50", 10, MPFR_RNDN);
    mpfr_mul(tol, tol, exact, MPFR_RNDN);
    mpfr_abs(tol, tol, MPFR_RNDN);
    if (mpfr_cmp(diff, tol) > 0) {
        char *s = NULL;
        mpfr_asprintf(&s, "%.60Rg", y);
        ck_abort_msg("%s(k=%lu, %.17g, %.17g) at 200 bits = %s, reference %s", name, r->k,
                     r->a, r->b, s, r->val);
    }

    for (i = 0; i < sizeof precs / sizeof precs[0]; i++)
        for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++) {
            mpfr_t yp, want;
            int t, tw;

            mpfr_inits2(precs[i], yp, want, (mpfr_ptr)0);
            t = f(yp, a, b, r->k, rnds[j]);
            tw = mpfr_set(want, exact, rnds[j]);
            if (tw != 0)
                ck_assert_msg(mpfr_equal_p(yp, want) && SIGN(t) == SIGN(tw),
                              "%s(k=%lu, %.17g, %.17g) at %ld bits, %s: not the correctly "
                              "rounded value (ternary %d, want %d)",
                              name, r->k, r->a, r->b, (long)precs[i], mpfr_print_rnd_mode(rnds[j]),
                              t, tw);
            mpfr_clears(yp, want, (mpfr_ptr)0);
        }
    mpfr_clears(a, b, y, exact, diff, tol, (mpfr_ptr)0);
}

/* python3 -c 'import mpmath; mpmath.mp.dps=80; [print(mpmath.nstr(mpmath.psi(1, mpmath.mpf(x)), 55)) for x in (1e-5, 0.25, 0.5, 1.0, 1.5, 7.25, 100.0, 1e6, 1e30, -0.5, -7.25, -1234.567)]' */
static const struct ref trigamma_ref[] = {
    {1, 1e-5, 0, "10000000001.64490838997377778641193785350544025560117136"},
    {1, 0.25, 0, "17.1973291545071107392713191193352240215068944014941677"},
    {1, 0.5, 0, "4.934802200544679309417245499938075567656849703620395313"},
    {1, 1.0, 0, "1.644934066848226436472415166646025189218949901206798438"},
    {1, 1.5, 0, "0.9348022005446793094172454999380755676568497036203953132"},
    {1, 7.25, 0, "0.1478792331589321696521370560805090816835220648450271172"},
    {1, 100.0, 0, "0.01005016666333357139524566846570142253562820117553462388"},
    {1, 1e6, 0, "0.00000100000050000016666666666663333333333335714285714282381"},
    {1, 1e30, 0, "9.999999999999999801153751613445003953983049740752615447e-31"},
    {1, -0.5, 0, "8.934802200544679309417245499938075567656849703620395313"},
    {1, -7.25, 0, "19.61035453929326901569817669159093706528156997199089421"},
    {1, -1234.567, 0, "10.3193114238277056174347397046471428067859754726899304"},
};

/* python3 -c 'import mpmath; mpmath.mp.dps=80; [print(mpmath.nstr(mpmath.psi(k, mpmath.mpf(x)), 55)) for k, x in ((2, 1e-5), (2, 0.5), (3, 1.0), (4, 7.25), (5, 0.3), (2, 1e6), (3, 1e30), (2, -0.5), (3, -7.25), (6, -1234.567), (10, 2.5), (1, 0.5))]' */
static const struct ref polygamma_ref[] = {
    {2, 1e-5, 0, "-2000000000000001.913230544685271085141679787372751515441"},
    {2, 0.5, 0, "-16.82879664423431999559633426116029987070980809276698435"},
    {3, 1.0, 0, "6.493939402266829149096022179247007416648505711512361446"},
    {4, 7.25, 0, "-0.00283875796342218535940796078954108000241996564324780854"},
    {5, 0.3, 0, "164634.8460992230364336654829901668964237177710131338712"},
    {2, 1e6, 0, "-0.0000000000010000010000004999999999998333333333334999999999997"},
    {3, 1e30, 0, "1.999999999999999880692250968067004744779659688903075638e-90"},
    {2, -0.5, 0, "-0.8287966442343199955963342611602998707098080927669843451"},
    {3, -7.25, 0, "1558.541195203404497313636804570670447383462748361386258"},
    {6, -1234.567, 0, "-214110.9391867801649763221764579873438713819117144071577"},
    {10, 2.5, 0, "-156.2295965932329947593887831123529889116128151680272516"},
    {1, 0.5, 0, "4.934802200544679309417245499938075567656849703620395313"},
};

/* python3 -c 'import mpmath; mpmath.mp.dps=200; g=mpmath.loggamma; f=mpmath.mpf; [print(mpmath.nstr(g(f(a))+g(f(b))-g(f(a)+f(b)), 55)) for a, b in ((1e-5, 1e-5), (0.5, 0.5), (1.0, 7.25), (2.5, 3.5), (7.25, 1e6), (1e30, 2.5), (1e6, 1e6), (1e-5, 1e30), (1e30, 1e30))]' */
static const struct ref lbeta_ref[] = {
    {0, 1e-5, 1e-5, "12.20607264536568264509523843844473552282148394803871976"},
    {0, 0.5, 0.5, "1.144729885849400174143427351353058711647294812915311572"},
    {0, 1.0, 7.25, "-1.981001468866583408348807789445558469343512645202233571"},
    {0, 2.5, 3.5, "-3.30183526996205260979918438338982812830921570414398101"},
    {0, 7.25, 1e6, "-93.11028875070147141845807918454691846164531645185141804"},
    {0, 1e30, 2.5, "-172.4091991040805071914284265282864881515145927339418588"},
    {0, 1e6, 1e6, "-1386300.003362921116326119813153253387869470006210770096"},
    {0, 1e-5, 1e30, "11.51222891736792741185539605888616077438996876638194387"},
    {0, 1e30, 1e30, "-1386294361119890646400407529762.953996436052849667023418"},
};

/* python3 -c 'import mpmath; mpmath.mp.dps=200; g=mpmath.loggamma; f=mpmath.mpf; [print(mpmath.nstr(g(f(n)+1)-g(f(k)+1)-g(f(n)-f(k)+1), 55)) for n, k in ((10.0, 3.0), (100.0, 50.0), (1e6, 3e5), (0.5, 0.25), (7.25, 1e-5), (1e30, 5.0), (1e30, 1e-5), (1e6, 1.0), (50.5, 49.5), (2.5, -0.5))]' */
static const struct ref lchoose_ref[] = {
    {0, 10.0, 3.0, "4.787491742782045994247700934523243048399592315172032936"},
    {0, 100.0, 50.0, "66.78384165201742600900560566789659118360016968236217654"},
    {0, 1e6, 3e5, "610857.2556846419164865709412950393805368992479813026414"},
    {0, 0.5, 0.25, "0.07576143520838110058218915961162446819939267931270044712"},
    {0, 7.25, 1e-5, "0.00002625591357366171004024505577667487708046494784607527858"},
    {0, 1e30, 5.0, "340.6002722063248067078741414614013871032698685441048877"},
    {0, 1e30, 1e-5, "0.0006965476023009264315073005043540736229396820812132042025"},
    {0, 1e6, 1.0, "13.81551055796427410410794872810618524560660893177263786"},
    {0, 50.5, 49.5, "3.921973336281314141466966145454812588815382452837349496"},
    {0, 2.5, -0.5, "-1.163150809805680863068169152606518632776399183172503295"},
};

/* python3 -c 'import mpmath; mpmath.mp.dps=400; f=mpmath.mpf; [print(mpmath.nstr(mpmath.log(mpmath.gamma(f(n)+1)), 55)) for n in (1e-300, 1e-5, 0.5, 7.25, 100.0, 1e6, 1e30, -0.5, -2.5)]' */
static const struct ref lfactorial_ref[] = {
    {0, 1e-300, 0, "-5.772156649015328750710124455709999780347359988277769726e-301"},
    {0, 1e-5, 0, "-0.000005772074402712669595509068411184647137990682524067159268"},
    {0, 0.5, 0, "-0.1207822376352452223455184457816472122518527279025994684"},
    {0, 7.25, 0, "9.033186919605122853274557042578568714761719752473135177"},
    {0, 100.0, 0, "363.7393755555634901440799933696556380278239210628872747"},
    {0, 1e6, 0, "12815518.38465816962425107589296584125987322080282378313"},
    {0, 1e30, 0, "68077552789821371894120965638619.47660670870712605062851"},
    {0, -0.5, 0, "0.5723649429247000870717136756765293558236474064576557858"},
    {0, -2.5, 0, "0.8600470153764810145109326816703567873271571173554168423"},
};

/* python3 -c 'import mpmath; mpmath.mp.dps=80; f=mpmath.mpf; [print(mpmath.nstr(mpmath.log1p(mpmath.exp(f(x))) if x < 0 else f(x) + mpmath.log1p(mpmath.exp(-f(x))), 55)) for x in (-1e6, -50.0, -1.0, -1e-5, 0.0, 1e-5, 0.5, 7.25, 30.0, 1e6)]' */
static const struct ref log1pexp_ref[] = {
    {0, -1e6, 0, "3.29683147808855857896890796910772420856140150665837016e-434295"},
    {0, -50.0, 0, "1.928749847963917783017156812728211532954684690357056332e-22"},
    {0, -1.0, 0, "0.3132616875182228340489954949678556419152800856703483747"},
    {0, -1e-5, 0, "0.6931421805724453094167710249003497732504002284395644213"},
    {0, 0.0, 0, "0.6931471805599453094172321214581765680755001343602552541"},
    {0, 1e-5, 0, "0.6931521805724453094175890554394900863458588515778207923"},
    {0, 0.5, 0, "0.9740769841801066808729973550811707497555961946678628412"},
    {0, 7.25, 0, "7.25070992233433930726202366353122467635196011227233713"},
    {0, 30.0, 0, "30.00000000000009357622968839736779377697424675157721618"},
    {0, 1e6, 0, "1000000.0"}, /* + e^-1e6: the rounding is checked in test_log1pexp_special */
};

/* python3 -c 'import mpmath; mpmath.mp.dps=80; f=mpmath.mpf; [print(mpmath.nstr(1/(1+mpmath.exp(-f(x))), 55)) for x in (-1e6, -745.0, -50.0, -1.0, -1e-5, 1e-5, 0.5, 7.25, 30.0, 100.0)]' */
static const struct ref expit_ref[] = {
    {0, -1e6, 0, "3.29683147808855857896890796910772420856140150665837016e-434295"},
    {0, -745.0, 0, "2.822350730471937076353440082059782620824363062910177903e-324"},
    {0, -50.0, 0, "1.928749847963917783016970808929410491156536753400836331e-22"},
    {0, -1.0, 0, "0.2689414213699951207488407581781637256348553598349434807"},
    {0, -1e-5, 0, "0.4999975000000000208331288254902200344191130208817998285"},
    {0, 1e-5, 0, "0.5000024999999999791668711745097799655808869791182001715"},
    {0, 0.5, 0, "0.6224593312018545646389005657455084787532793653089101631"},
    {0, 7.25, 0, "0.9992903296008994118444893953320914739479761182255651526"},
    {0, 30.0, 0, "0.9999999999999064237703116070104616043734671501588842426"},
    {0, 100.0, 0, "0.9999999999999999999999999999999999999999999627992402398"},
};

/* python3 -c 'import mpmath; mpmath.mp.dps=80; f=mpmath.mpf; [print(mpmath.nstr(mpmath.log(f(p)/(1-f(p))), 55)) for p in (1e-300, 1e-5, 0.25, 0.3, 0.5 + 2.0**-40, 0.5 - 2.0**-40, 0.75, 0.9, 1 - 2.0**-40, 1 - 2.0**-53)]' */
static const struct ref logit_ref[] = {
    {0, 1e-300, 0, "-690.7755278982137051803383445701005029086133415836413441"},
    {0, 1e-5, 0, "-11.51291546492022800495025196733748732821388185662540046"},
    {0, 0.25, 0, "-1.098612288668109691395245236922525704647490557822749452"},
    {0, 0.3, 0, "-0.8472978603872036665778705839090612708292719755537235069"},
    {0, 0.5 + 0x1p-40, 0, "0.000000000003637978807091712951660160262354050806741360533295345845"},
    {0, 0.5 - 0x1p-40, 0, "-0.000000000003637978807091712951660160262354050806741360533295345845"},
    {0, 0.75, 0, "1.098612288668109691395245236922525704647490557822749452"},
    {0, 0.9, 0, "2.197224577336219629506718168324306962105266031257537745"},
    {0, 1 - 0x1p-40, 0, "27.72588722239690288198751151649884140719289581053027174"},
    {0, 1 - 0x1p-53, 0, "36.73680056967710128809099997476769790266251827285631129"},
};

#define NREF(t) ((int)(sizeof t / sizeof t[0]))

START_TEST(test_trigamma_ref) { check_ref("trigamma", f_trigamma, &trigamma_ref[_i]); }
END_TEST
START_TEST(test_polygamma_ref) { check_ref("polygamma", f_polygamma, &polygamma_ref[_i]); }
END_TEST
START_TEST(test_lbeta_ref) { check_ref("lbeta", f_lbeta, &lbeta_ref[_i]); }
END_TEST
START_TEST(test_lchoose_ref) { check_ref("lchoose", f_lchoose, &lchoose_ref[_i]); }
END_TEST
START_TEST(test_lfactorial_ref) { check_ref("lfactorial", f_lfactorial, &lfactorial_ref[_i]); }
END_TEST
START_TEST(test_log1pexp_ref) { check_ref("log1pexp", f_log1pexp, &log1pexp_ref[_i]); }
END_TEST
START_TEST(test_expit_ref) { check_ref("expit", f_expit, &expit_ref[_i]); }
END_TEST
START_TEST(test_logit_ref) { check_ref("logit", f_logit, &logit_ref[_i]); }
END_TEST

/* x = lo + (hi - lo) u, u uniform in [0, 1) with PREC(x) random bits. */
static void urandom(mpfr_t x, gmp_randstate_t st, double lo, double hi)
{
    mpfr_urandomb(x, st);
    mpfr_mul_d(x, x, hi - lo, MPFR_RNDN);
    mpfr_add_d(x, x, lo, MPFR_RNDN);
}

/* |a - b| <= 2^-bits (|s1| + |s2| + |s3|), computed at 600 bits. */
static int close_to(const mpfr_t a, const mpfr_t b, const mpfr_t s1, const mpfr_t s2,
                    const mpfr_t s3, long bits)
{
    mpfr_t d, s, t;
    int ok;

    mpfr_inits2(600, d, s, t, (mpfr_ptr)0);
    mpfr_sub(d, a, b, MPFR_RNDN);
    mpfr_abs(d, d, MPFR_RNDN);
    mpfr_abs(s, s1, MPFR_RNDN);
    mpfr_abs(t, s2, MPFR_RNDN);
    mpfr_add(s, s, t, MPFR_RNDN);
    mpfr_abs(t, s3, MPFR_RNDN);
    mpfr_add(s, s, t, MPFR_RNDN);
    mpfr_mul_2si(s, s, -bits, MPFR_RNDN);
    ok = mpfr_cmp(d, s) <= 0;
    mpfr_clears(d, s, t, (mpfr_ptr)0);
    return ok;
}

/* ψ^(k)(x+1) = ψ^(k)(x) + (-1)^k k!/x^(k+1) (the k-th derivative of ψ(x+1) = ψ(x) + 1/x;
 * for k = 1, ψ₁(x+1) = ψ₁(x) - 1/x²), for x random in (-20, 20) at 100 bits (so that x+1
 * is exact at 200), k = 1 (trigamma) or random in 1..8 (polygamma). */
static void check_recurrence(int use_trigamma)
{
    gmp_randstate_t st;
    mpfr_t x, x1, y0, y1, r, rhs;
    unsigned long j;
    int i;

    gmp_randinit_default(st);
    gmp_randseed_ui(st, seed + (unsigned long)use_trigamma);
    mpfr_init2(x, 100);
    mpfr_inits2(200, x1, y0, y1, (mpfr_ptr)0);
    mpfr_inits2(600, r, rhs, (mpfr_ptr)0);
    for (i = 0; i < 40; i++) {
        unsigned long k = use_trigamma ? 1 : 1 + gmp_urandomm_ui(st, 8);

        urandom(x, st, -20, 20);
        if (mpfr_integer_p(x))
            continue;
        mpfr_add_ui(x1, x, 1, MPFR_RNDN); /* exact */
        if (use_trigamma) {
            fimrt_trigamma(y0, x, MPFR_RNDN);
            fimrt_trigamma(y1, x1, MPFR_RNDN);
        } else {
            fimrt_polygamma(y0, k, x, MPFR_RNDN);
            fimrt_polygamma(y1, k, x1, MPFR_RNDN);
        }
        mpfr_pow_ui(r, x, k + 1, MPFR_RNDN);
        mpfr_ui_div(r, 1, r, MPFR_RNDN);
        for (j = 2; j <= k; j++)
            mpfr_mul_ui(r, r, j, MPFR_RNDN); /* k!/x^(k+1) */
        if (k & 1)
            mpfr_neg(r, r, MPFR_RNDN);
        mpfr_add(rhs, y0, r, MPFR_RNDN);
        ck_assert_msg(close_to(y1, rhs, y0, r, y1, 195),
                      "seed %lu: psi^(%lu)(x+1) != psi^(%lu)(x) + (-1)^k k!/x^(k+1) at x = %.30g",
                      seed, k, k, mpfr_get_d(x, MPFR_RNDN));
    }
    mpfr_clears(x, x1, y0, y1, r, rhs, (mpfr_ptr)0);
    gmp_randclear(st);
}

START_TEST(test_trigamma_recurrence) { check_recurrence(1); }
END_TEST
START_TEST(test_polygamma_recurrence) { check_recurrence(0); }
END_TEST

/* Random arguments for function number fi (the order of funs below). */
static const struct {
    const char *name;
    fun_t f;
    double alo, ahi, blo, bhi;
} funs[] = {
    {"trigamma", f_trigamma, -20, 20, 0, 0},
    {"polygamma", f_polygamma, -20, 20, 0, 0},
    {"lbeta", f_lbeta, 0, 60, 0, 1e4},
    {"lchoose", f_lchoose, 0, 1e3, 0, 0}, /* k drawn in (-0.9, n + 0.9) */
    {"lfactorial", f_lfactorial, -0.99, 1e3, 0, 0},
    {"log1pexp", f_log1pexp, -80, 80, 0, 0},
    {"expit", f_expit, -80, 80, 0, 0},
    {"logit", f_logit, 0, 1, 0, 0},
};

static void random_args(int fi, gmp_randstate_t st, mpfr_t a, mpfr_t b, unsigned long *k)
{
    urandom(a, st, funs[fi].alo, funs[fi].ahi);
    *k = 1 + gmp_urandomm_ui(st, 6);
    if (fi == 3) {
        double n = mpfr_get_d(a, MPFR_RNDN);
        urandom(b, st, -0.9, n + 0.9);
    } else
        urandom(b, st, funs[fi].blo, funs[fi].bhi);
    if (mpfr_zero_p(a)) /* keep to the domains */
        mpfr_set_d(a, 0.5, MPFR_RNDN);
    if (mpfr_zero_p(b) && fi == 2)
        mpfr_set_d(b, 0.5, MPFR_RNDN);
}

/* The result at 100 bits and the one at 300 bits agree to 100 bits (both are correctly
 * rounded: they differ by at most half an ulp at 100 bits, plus 2^-300 relative). */
START_TEST(test_two_precisions)
{
    gmp_randstate_t st;
    mpfr_t a, b, y1, y3, d;
    unsigned long k;
    int i;

    gmp_randinit_default(st);
    gmp_randseed_ui(st, seed + 100 + (unsigned long)_i);
    mpfr_inits2(120, a, b, (mpfr_ptr)0);
    mpfr_init2(y1, 100);
    mpfr_inits2(300, y3, d, (mpfr_ptr)0);
    for (i = 0; i < 12; i++) {
        random_args(_i, st, a, b, &k);
        funs[_i].f(y1, a, b, k, MPFR_RNDN);
        funs[_i].f(y3, a, b, k, MPFR_RNDN);
        if (!mpfr_number_p(y1) || mpfr_zero_p(y1)) {
            ck_assert_msg(mpfr_equal_p(y1, y3) || (mpfr_nan_p(y1) && mpfr_nan_p(y3)),
                          "seed %lu: %s special value differs between 100 and 300 bits",
                          seed, funs[_i].name);
            continue;
        }
        mpfr_sub(d, y1, y3, MPFR_RNDN);
        mpfr_abs(d, d, MPFR_RNDN);
        ck_assert_msg(mpfr_cmp_ui_2exp(d, 1, mpfr_get_exp(y1) - 101) <= 0,
                      "seed %lu: %s(%.20g, %.20g, k=%lu) at 100 and 300 bits differ by more "
                      "than half an ulp",
                      seed, funs[_i].name, mpfr_get_d(a, MPFR_RNDN), mpfr_get_d(b, MPFR_RNDN), k);
    }
    mpfr_clears(a, b, y1, y3, d, (mpfr_ptr)0);
    gmp_randclear(st);
}
END_TEST

/* y and the argument the same mpfr_t: same value and ternary as a separate output. For
 * lbeta and lchoose also y aliasing the second argument, and both arguments one object. */
START_TEST(test_aliasing)
{
    gmp_randstate_t st;
    mpfr_t a, b, y, z;
    unsigned long k;
    int i, t1, t2;

    gmp_randinit_default(st);
    gmp_randseed_ui(st, seed + 200 + (unsigned long)_i);
    mpfr_inits2(150, a, b, y, z, (mpfr_ptr)0);
    for (i = 0; i < 6; i++) {
        random_args(_i, st, a, b, &k);
        t1 = funs[_i].f(y, a, b, k, MPFR_RNDN);
        mpfr_set(z, a, MPFR_RNDN);
        t2 = funs[_i].f(z, z, b, k, MPFR_RNDN);
        ck_assert_msg((mpfr_equal_p(y, z) || (mpfr_nan_p(y) && mpfr_nan_p(z))) && t1 == t2,
                      "seed %lu: %s with y = first argument differs", seed, funs[_i].name);
        if (_i == 2 || _i == 3) {
            mpfr_set(z, b, MPFR_RNDN);
            t2 = funs[_i].f(z, a, z, k, MPFR_RNDN);
            ck_assert_msg((mpfr_equal_p(y, z) || (mpfr_nan_p(y) && mpfr_nan_p(z))) && t1 == t2,
                          "seed %lu: %s with y = second argument differs", seed, funs[_i].name);
            t1 = funs[_i].f(y, a, a, k, MPFR_RNDN);
            mpfr_set(z, a, MPFR_RNDN);
            t2 = funs[_i].f(z, z, z, k, MPFR_RNDN);
            ck_assert_msg((mpfr_equal_p(y, z) || (mpfr_nan_p(y) && mpfr_nan_p(z))) && t1 == t2,
                          "seed %lu: %s(x, x) into x differs", seed, funs[_i].name);
        }
    }
    mpfr_clears(a, b, y, z, (mpfr_ptr)0);
    gmp_randclear(st);
}
END_TEST

/* Helpers for the special values: y = f(x) is NaN, ±Inf, ±0 or an exact value. */
static void set_str(mpfr_t x, const char *s)
{
    mpfr_set_str(x, s, 0, MPFR_RNDN);
}

START_TEST(test_polygamma_special)
{
    mpfr_t x, y, z;

    mpfr_inits2(100, x, y, z, (mpfr_ptr)0);
    /* poles of ψ₁: +Inf from both sides, with the divide-by-zero flag */
    mpfr_clear_flags();
    mpfr_set_zero(x, 1);
    ck_assert_int_eq(fimrt_trigamma(y, x, MPFR_RNDN), 0);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0 && mpfr_divby0_p());
    mpfr_set_si(x, -3, MPFR_RNDN);
    fimrt_trigamma(y, x, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0);
    /* ψ₂: ∓Inf at ±0, NaN at negative integers */
    mpfr_set_zero(x, 1);
    fimrt_polygamma(y, 2, x, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) < 0);
    mpfr_set_zero(x, -1);
    fimrt_polygamma(y, 2, x, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0);
    mpfr_set_si(x, -3, MPFR_RNDN);
    fimrt_polygamma(y, 2, x, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    /* infinities and NaN */
    mpfr_set_inf(x, 1);
    fimrt_polygamma(y, 1, x, MPFR_RNDN);
    ck_assert(mpfr_zero_p(y) && !mpfr_signbit(y));
    fimrt_polygamma(y, 2, x, MPFR_RNDN);
    ck_assert(mpfr_zero_p(y) && mpfr_signbit(y));
    mpfr_set_inf(x, -1);
    fimrt_trigamma(y, x, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    mpfr_set_nan(x);
    fimrt_polygamma(y, 3, x, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    /* orders beyond 2^20 are refused */
    set_str(x, "2.5");
    mpfr_clear_flags();
    fimrt_polygamma(y, (1UL << 20) + 1, x, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y) && mpfr_erangeflag_p());
    /* k = 0 is digamma */
    set_str(x, "7.25");
    fimrt_polygamma(y, 0, x, MPFR_RNDN);
    mpfr_digamma(z, x, MPFR_RNDN);
    ck_assert(mpfr_equal_p(y, z));
    /* trigamma = polygamma(1) */
    set_str(x, "-3.3");
    fimrt_trigamma(y, x, MPFR_RNDU);
    fimrt_polygamma(z, 1, x, MPFR_RNDU);
    ck_assert(mpfr_equal_p(y, z));
    mpfr_clears(x, y, z, (mpfr_ptr)0);
}
END_TEST

/* x = 2^-100000: ψ₁(x) = 2^200000 + π²/6 + O(x), decided without 200000-bit arithmetic;
 * ψ₂(-2^-100000) = 2^300001 - 2ζ(3) + O(x). */
START_TEST(test_polygamma_tiny_power_of_two)
{
    mpfr_t x, y;

    mpfr_inits2(200, x, y, (mpfr_ptr)0);
    mpfr_set_ui_2exp(x, 1, -100000, MPFR_RNDN);
    ck_assert_int_lt(fimrt_trigamma(y, x, MPFR_RNDN), 0);
    ck_assert_int_eq(mpfr_cmp_ui_2exp(y, 1, 200000), 0);
    ck_assert_int_gt(fimrt_trigamma(y, x, MPFR_RNDU), 0);
    mpfr_nextbelow(y);
    ck_assert_int_eq(mpfr_cmp_ui_2exp(y, 1, 200000), 0);
    mpfr_neg(x, x, MPFR_RNDN);
    ck_assert_int_lt(fimrt_polygamma(y, 2, x, MPFR_RNDD), 0);
    mpfr_nextabove(y);
    ck_assert_int_eq(mpfr_cmp_ui_2exp(y, 1, 300001), 0);
    mpfr_clears(x, y, (mpfr_ptr)0);
}
END_TEST

START_TEST(test_lbeta_lchoose_special)
{
    mpfr_t a, b, y, z;

    mpfr_inits2(100, a, b, y, z, (mpfr_ptr)0);
    /* exact zeros */
    mpfr_set_ui(a, 1, MPFR_RNDN);
    ck_assert_int_eq(fimrt_lbeta(y, a, a, MPFR_RNDN), 0);
    ck_assert(mpfr_zero_p(y) && !mpfr_signbit(y));
    mpfr_set_ui(a, 10, MPFR_RNDN);
    mpfr_set_ui(b, 0, MPFR_RNDN);
    ck_assert_int_eq(fimrt_lchoose(y, a, b, MPFR_RNDN), 0);
    ck_assert(mpfr_zero_p(y));
    ck_assert_int_eq(fimrt_lchoose(y, a, a, MPFR_RNDN), 0);
    ck_assert(mpfr_zero_p(y));
    /* lbeta(1, b) = -log b and lchoose(n, 1) = lchoose(n, n-1) = log n, correctly rounded */
    set_str(b, "7.25");
    mpfr_set_ui(a, 1, MPFR_RNDN);
    ck_assert_int_eq(SIGN(fimrt_lbeta(y, a, b, MPFR_RNDU)), 1);
    mpfr_log(z, b, MPFR_RNDD);
    mpfr_neg(z, z, MPFR_RNDN);
    ck_assert(mpfr_equal_p(y, z));
    set_str(a, "10.5");
    set_str(b, "9.5");
    fimrt_lchoose(y, a, b, MPFR_RNDZ);
    mpfr_log(z, a, MPFR_RNDZ);
    ck_assert(mpfr_equal_p(y, z));
    /* C(n,k) = 0: -Inf; outside the domain: NaN */
    mpfr_set_ui(a, 10, MPFR_RNDN);
    mpfr_set_ui(b, 11, MPFR_RNDN);
    fimrt_lchoose(y, a, b, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) < 0);
    mpfr_set_si(b, -1, MPFR_RNDN);
    fimrt_lchoose(y, a, b, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) < 0);
    set_str(a, "2.5");
    set_str(b, "3.5");
    fimrt_lchoose(y, a, b, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) < 0);
    set_str(b, "3.75");
    fimrt_lchoose(y, a, b, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    mpfr_set_si(a, -1, MPFR_RNDN);
    set_str(b, "0.5");
    fimrt_lchoose(y, a, b, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    /* lbeta: poles, zeros, domain */
    mpfr_set_zero(a, 1);
    mpfr_set_ui(b, 2, MPFR_RNDN);
    mpfr_clear_flags();
    fimrt_lbeta(y, a, b, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0 && mpfr_divby0_p());
    mpfr_set_inf(a, 1);
    fimrt_lbeta(y, a, b, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) < 0);
    mpfr_set_si(a, -1, MPFR_RNDN);
    fimrt_lbeta(y, a, b, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    mpfr_clears(a, b, y, z, (mpfr_ptr)0);
}
END_TEST

/* Regression: with a = 1e300 and b = 1e-300, log Γ(a) and log Γ(a+b) agree to 2^-1000
 * relative; the first safety valve measured the error bound against those terms, found it
 * "tiny" long before the 690.78 underneath was resolved, and returned 0.
 * python3 -c 'import mpmath; mpmath.mp.dps=1000; g=mpmath.loggamma; f=mpmath.mpf; print(mpmath.nstr(g(f(1e300))+g(f(1e-300))-g(f(1e300)+f(1e-300)), 55))' */
START_TEST(test_lbeta_huge_plus_tiny_not_zero)
{
    static const struct ref r = {0, 1e300, 1e-300,
                                 "690.7755278982137051803383445701005029086133415836413441"};
    check_ref("lbeta", f_lbeta, &r);
}
END_TEST

START_TEST(test_lfactorial_special)
{
    mpfr_t n, y;

    mpfr_inits2(100, n, y, (mpfr_ptr)0);
    mpfr_set_ui(n, 0, MPFR_RNDN);
    ck_assert_int_eq(fimrt_lfactorial(y, n, MPFR_RNDN), 0);
    ck_assert(mpfr_zero_p(y) && !mpfr_signbit(y));
    mpfr_set_ui(n, 1, MPFR_RNDN);
    ck_assert_int_eq(fimrt_lfactorial(y, n, MPFR_RNDD), 0);
    ck_assert(mpfr_zero_p(y) && !mpfr_signbit(y));
    mpfr_set_si(n, -1, MPFR_RNDN);
    fimrt_lfactorial(y, n, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0);
    mpfr_set_si(n, -3, MPFR_RNDN);
    fimrt_lfactorial(y, n, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0);
    set_str(n, "-1.5"); /* Γ(-0.5) < 0 */
    fimrt_lfactorial(y, n, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    mpfr_set_inf(n, 1);
    fimrt_lfactorial(y, n, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0);
    /* n = 2^-100000: log Γ(1+n) = -γn (1 + O(n)), without forming 1+n */
    mpfr_set_ui_2exp(n, 1, -100000, MPFR_RNDN);
    fimrt_lfactorial(y, n, MPFR_RNDN);
    mpfr_mul_2si(y, y, 100000, MPFR_RNDN);
    mpfr_neg(y, y, MPFR_RNDN);
    {
        mpfr_t g;
        mpfr_init2(g, 100);
        mpfr_const_euler(g, MPFR_RNDN);
        ck_assert(mpfr_equal_p(y, g));
        mpfr_clear(g);
    }
    mpfr_clears(n, y, (mpfr_ptr)0);
}
END_TEST

START_TEST(test_logistic_special)
{
    mpfr_t x, y, z;

    mpfr_inits2(100, x, y, z, (mpfr_ptr)0);
    /* exact values */
    mpfr_set_zero(x, 1);
    ck_assert_int_eq(fimrt_expit(y, x, MPFR_RNDN), 0);
    ck_assert_int_eq(mpfr_cmp_ui_2exp(y, 1, -1), 0);
    mpfr_set_ui_2exp(x, 1, -1, MPFR_RNDN);
    ck_assert_int_eq(fimrt_logit(y, x, MPFR_RNDN), 0);
    ck_assert(mpfr_zero_p(y) && !mpfr_signbit(y));
    /* infinities */
    mpfr_set_inf(x, -1);
    ck_assert_int_eq(fimrt_log1pexp(y, x, MPFR_RNDN), 0);
    ck_assert(mpfr_zero_p(y) && !mpfr_signbit(y));
    ck_assert_int_eq(fimrt_expit(y, x, MPFR_RNDN), 0);
    ck_assert(mpfr_zero_p(y) && !mpfr_signbit(y));
    mpfr_set_inf(x, 1);
    fimrt_log1pexp(y, x, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0);
    ck_assert_int_eq(fimrt_expit(y, x, MPFR_RNDN), 0);
    ck_assert_int_eq(mpfr_cmp_ui(y, 1), 0);
    mpfr_set_zero(x, 1);
    mpfr_clear_flags();
    fimrt_logit(y, x, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) < 0 && mpfr_divby0_p());
    mpfr_set_ui(x, 1, MPFR_RNDN);
    fimrt_logit(y, x, MPFR_RNDN);
    ck_assert(mpfr_inf_p(y) && mpfr_sgn(y) > 0);
    set_str(x, "1.5");
    fimrt_logit(y, x, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    set_str(x, "-0.5");
    fimrt_logit(y, x, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    mpfr_set_nan(x);
    fimrt_log1pexp(y, x, MPFR_RNDN);
    ck_assert(mpfr_nan_p(y));
    mpfr_clears(x, y, z, (mpfr_ptr)0);
}
END_TEST

/* Far tails: log1pexp(1e6) = 1e6 + e^-1e6 and expit(1e6) = 1 - e^-1e6 + ..., rounded
 * correctly in every direction without resolving e^-1e6. */
START_TEST(test_logistic_tails)
{
    mpfr_t x, y, z;

    mpfr_inits2(100, x, y, z, (mpfr_ptr)0);
    mpfr_set_ui(x, 1000000, MPFR_RNDN);
    ck_assert_int_lt(fimrt_log1pexp(y, x, MPFR_RNDN), 0);
    ck_assert(mpfr_equal_p(y, x));
    ck_assert_int_lt(fimrt_log1pexp(y, x, MPFR_RNDD), 0);
    ck_assert(mpfr_equal_p(y, x));
    ck_assert_int_gt(fimrt_log1pexp(y, x, MPFR_RNDU), 0);
    mpfr_set(z, x, MPFR_RNDN);
    mpfr_nextabove(z);
    ck_assert(mpfr_equal_p(y, z));
    ck_assert_int_gt(fimrt_expit(y, x, MPFR_RNDN), 0);
    ck_assert_int_eq(mpfr_cmp_ui(y, 1), 0);
    ck_assert_int_gt(fimrt_expit(y, x, MPFR_RNDU), 0);
    ck_assert_int_eq(mpfr_cmp_ui(y, 1), 0);
    ck_assert_int_lt(fimrt_expit(y, x, MPFR_RNDZ), 0);
    mpfr_set_ui(z, 1, MPFR_RNDN);
    mpfr_nextbelow(z);
    ck_assert(mpfr_equal_p(y, z));
    /* logit inverts expit: logit(expit(x)) = x to about 2^-95 for moderate x */
    set_str(x, "3.75");
    mpfr_set_prec(z, 200);
    fimrt_expit(z, x, MPFR_RNDN);
    fimrt_logit(y, z, MPFR_RNDN);
    mpfr_sub(y, y, x, MPFR_RNDN);
    ck_assert(mpfr_cmpabs_ui(y, 0) == 0 || mpfr_get_exp(y) < -95);
    mpfr_clears(x, y, z, (mpfr_ptr)0);
}
END_TEST

static Suite *specfun_suite(void)
{
    Suite *s = suite_create("specfun");
    TCase *ref = tcase_create("reference");
    TCase *ident = tcase_create("identities");
    TCase *spec = tcase_create("special");

    /* generous for valgrind: the slowest checks run lngamma at ~1300 bits */
    tcase_set_timeout(ref, 120);
    tcase_set_timeout(ident, 120);
    tcase_set_timeout(spec, 120);
    tcase_add_loop_test(ref, test_trigamma_ref, 0, NREF(trigamma_ref));
    tcase_add_loop_test(ref, test_polygamma_ref, 0, NREF(polygamma_ref));
    tcase_add_loop_test(ref, test_lbeta_ref, 0, NREF(lbeta_ref));
    tcase_add_loop_test(ref, test_lchoose_ref, 0, NREF(lchoose_ref));
    tcase_add_loop_test(ref, test_lfactorial_ref, 0, NREF(lfactorial_ref));
    tcase_add_loop_test(ref, test_log1pexp_ref, 0, NREF(log1pexp_ref));
    tcase_add_loop_test(ref, test_expit_ref, 0, NREF(expit_ref));
    tcase_add_loop_test(ref, test_logit_ref, 0, NREF(logit_ref));
    suite_add_tcase(s, ref);

    tcase_add_test(ident, test_trigamma_recurrence);
    tcase_add_test(ident, test_polygamma_recurrence);
    tcase_add_loop_test(ident, test_two_precisions, 0, NREF(funs));
    tcase_add_loop_test(ident, test_aliasing, 0, NREF(funs));
    suite_add_tcase(s, ident);

    tcase_add_test(spec, test_polygamma_special);
    tcase_add_test(spec, test_polygamma_tiny_power_of_two);
    tcase_add_test(spec, test_lbeta_lchoose_special);
    tcase_add_test(spec, test_lbeta_huge_plus_tiny_not_zero);
    tcase_add_test(spec, test_lfactorial_special);
    tcase_add_test(spec, test_logistic_special);
    tcase_add_test(spec, test_logistic_tails);
    suite_add_tcase(s, spec);
    return s;
}

int main(void)
{
    const char *env = getenv("FIMC_TEST_SEED");
    SRunner *sr;
    int failed;

    if (env && *env)
        seed = strtoul(env, NULL, 10);
    sr = srunner_create(specfun_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (failed)
        fprintf(stderr, "check_specfun: %d failed with FIMC_TEST_SEED=%lu\n", failed, seed);
    mpfr_free_cache();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
