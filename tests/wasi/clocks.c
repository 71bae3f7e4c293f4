/*
 * clocks.c -- clock_res_get and clock_time_get for the four clocks, and
 * sleeping through poll_oneoff (nanosleep).
 *
 * argv[1] is the host's time in seconds when the suite started the program:
 * the realtime clock must agree with it to within a minute (a wrong epoch or
 * unit is off by years). Durations are checked only from below (a sleep of
 * 20 ms takes at least 20 ms of monotonic time), never against an upper
 * bound, so a loaded machine cannot fail the test.
 */
#include <stdlib.h>
#include <time.h>
#include <wasi/api.h>

#include "check.h"

static int clock_errors;

static __wasi_timestamp_t now(__wasi_clockid_t id)
{
    __wasi_timestamp_t t = 0;
    clock_errors += __wasi_clock_time_get(id, 1, &t) != 0;
    return t;
}

int main(int argc, char **argv)
{
    const __wasi_clockid_t ids[] = {__WASI_CLOCKID_REALTIME, __WASI_CLOCKID_MONOTONIC,
                                    __WASI_CLOCKID_PROCESS_CPUTIME_ID,
                                    __WASI_CLOCKID_THREAD_CPUTIME_ID};
    for (int i = 0; i < 4; i++) {
        __wasi_timestamp_t res = 0;
        CHECK_EQ(__wasi_clock_res_get(ids[i], &res), 0);
        CHECK(res > 0 && res <= 1000000000ull);
    }
    __wasi_timestamp_t t;
    CHECK_EQ(__wasi_clock_time_get(4, 1, &t), __WASI_ERRNO_INVAL);   /* no such clock */
    CHECK_EQ(__wasi_clock_res_get(99, &t), __WASI_ERRNO_INVAL);

    if (argc > 1) {
        long long host = atoll(argv[1]);
        long long guest = (long long)(now(__WASI_CLOCKID_REALTIME) / 1000000000ull);
        CHECK(guest >= host - 60 && guest <= host + 60);
        struct timespec ts;
        CHECK_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
        CHECK(ts.tv_sec >= host - 60 && ts.tv_sec <= host + 60);
        CHECK(time(NULL) >= host - 60);
    }

    /* Monotonic never goes back. */
    __wasi_timestamp_t prev = now(__WASI_CLOCKID_MONOTONIC);
    int back = 0;
    for (int i = 0; i < 10000; i++) {
        __wasi_timestamp_t t2 = now(__WASI_CLOCKID_MONOTONIC);
        back += t2 < prev;
        prev = t2;
    }
    CHECK_EQ(back, 0);

    /* A 20 ms sleep lasts at least 20 ms. */
    __wasi_timestamp_t before = now(__WASI_CLOCKID_MONOTONIC);
    struct timespec d = {0, 20 * 1000 * 1000};
    CHECK_EQ(nanosleep(&d, NULL), 0);
    CHECK(now(__WASI_CLOCKID_MONOTONIC) - before >= 20 * 1000 * 1000ull);

    /* CPU time grows while computing, and more slowly than nothing at all
     * while asleep: it never exceeds the monotonic time that passed plus
     * one resolution step. */
    __wasi_timestamp_t cpu0 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID);
    __wasi_timestamp_t thr0 = now(__WASI_CLOCKID_THREAD_CPUTIME_ID);
    volatile unsigned x = 1;
    __wasi_timestamp_t mono0 = now(__WASI_CLOCKID_MONOTONIC);
    while (now(__WASI_CLOCKID_MONOTONIC) - mono0 < 30 * 1000 * 1000ull)
        for (int i = 0; i < 10000; i++)
            x = x * 1103515245u + 12345u;
    CHECK(now(__WASI_CLOCKID_PROCESS_CPUTIME_ID) > cpu0);
    CHECK(now(__WASI_CLOCKID_THREAD_CPUTIME_ID) > thr0);

    /* clock_time_get writes exactly 8 bytes. */
    uint64_t words[3] = {~0ull, ~0ull, ~0ull};
    CHECK_EQ(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &words[1]), 0);
    CHECK(words[0] == ~0ull && words[2] == ~0ull && words[1] != ~0ull);
    CHECK_EQ(clock_errors, 0);
    return check_done("clocks");
}
