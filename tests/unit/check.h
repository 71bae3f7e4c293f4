/*
 * check.h -- the unit tests' assertion macro. Each test program counts its
 * checks and ends with the line "N passed, M failed" that tests/run.sh adds
 * up; the exit status is 1 when any check failed.
 */
#ifndef KN_CHECK_H
#define KN_CHECK_H

#include <stdio.h>

static unsigned check_passed, check_failed;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            check_passed++;                                                \
        } else {                                                           \
            check_failed++;                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                \
        }                                                                  \
    } while (0)

static inline int check_report(void)
{
    printf("%u passed, %u failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
