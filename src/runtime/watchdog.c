/*
 * watchdog.c -- a timeout thread per watchdog (watchdog.h): it sleeps on a
 * condition variable until the deadline or until stopped.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "watchdog.h"

struct kn_watchdog {
    void (*fire)(void *arg);
    void *arg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;        /* signalled by kn_watchdog_stop */
    struct timespec deadline;   /* CLOCK_MONOTONIC */
    bool stopped, fired;        /* under `lock` */
};

static void *watch(void *arg)
{
    kn_watchdog *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stopped && !w->fired) {
        if (pthread_cond_timedwait(&w->wake, &w->lock, &w->deadline) == ETIMEDOUT &&
            !w->stopped) {
            w->fire(w->arg);
            w->fired = true;
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

kn_watchdog *kn_watchdog_start(uint64_t ns, void (*fire)(void *arg), void *arg)
{
    kn_watchdog *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->fire = fire;
    w->arg = arg;
    if (ns > UINT64_C(1000000000) * 1000000000)   /* 31 years: never, and no overflow */
        ns = UINT64_C(1000000000) * 1000000000;
    clock_gettime(CLOCK_MONOTONIC, &w->deadline);
    w->deadline.tv_sec += (time_t)(ns / 1000000000);
    w->deadline.tv_nsec += (long)(ns % 1000000000);
    if (w->deadline.tv_nsec >= 1000000000L) {
        w->deadline.tv_nsec -= 1000000000L;
        w->deadline.tv_sec++;
    }

    pthread_condattr_t attr;
    bool attr_ok = pthread_condattr_init(&attr) == 0;
    bool ok = attr_ok && pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
              pthread_cond_init(&w->wake, &attr) == 0;
    if (attr_ok)
        pthread_condattr_destroy(&attr);
    if (!ok) {
        free(w);
        return NULL;
    }
    if (pthread_mutex_init(&w->lock, NULL) != 0) {
        pthread_cond_destroy(&w->wake);
        free(w);
        return NULL;
    }
    if (pthread_create(&w->thread, NULL, watch, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->wake);
        free(w);
        return NULL;
    }
    return w;
}

bool kn_watchdog_stop(kn_watchdog *w)
{
    pthread_mutex_lock(&w->lock);
    w->stopped = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    bool fired = w->fired;
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w);
    return fired;
}
