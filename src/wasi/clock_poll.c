/*
 * clock_poll.c -- clocks and poll_oneoff.
 *
 * WASI clock ids are realtime, monotonic, process and thread CPU time, the
 * host's four POSIX clocks. poll_oneoff waits on clock deadlines and on
 * descriptors' read/write readiness at once: the deadlines, converted to
 * the monotonic clock, bound a poll() of the descriptors; regular files
 * are always ready, as witx says.
 */
#include "internal.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* clock_res_get and clock_time_get: one body. clock_time_get's precision
 * is a hint kiln has no use for. */
static uint32_t clock_read(kn_wasi_call *c, uint32_t clock, uint32_t out, bool resolution)
{
    static const clockid_t clocks[4] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                        CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
    if (clock > 3)
        return KW_EINVAL;
    if (!kw_mem(c, out, 8))
        return KW_EFAULT;
    struct timespec ts;
    clockid_t id = clocks[clock];
    if ((resolution ? clock_getres(id, &ts) : clock_gettime(id, &ts)) != 0)
        return kw_errno(errno);
    uint64_t ns = kw_timespec_ns(ts);
    if (resolution && ns == 0)
        ns = 1;   /* "required to provide a non-zero value" */
    kw_out64(c, out, ns);
    return KW_ESUCCESS;
}

KW_FN(clock_res_get) { return clock_read(c, a[0].i32, a[1].i32, true); }
KW_FN(clock_time_get) { return clock_read(c, a[0].i32, a[2].i32, false); }

enum {
    EVENT_CLOCK = 0, EVENT_FD_READ = 1, EVENT_FD_WRITE = 2,
    SUBCLOCK_ABSTIME = 1, EVENTRW_HANGUP = 1,
    EVENT_SIZE = 32,
    /* Subscriptions per call; the host's poll() allows no more descriptors. */
    MAX_SUBS = 1 << 20
};

/* A subscription as read from the guest, and its outcome. */
typedef struct sub {
    uint64_t userdata;
    uint8_t type;
    bool ready;
    uint16_t error;
    uint64_t deadline;     /* clocks: on the monotonic clock, ns */
    int poll_index;        /* descriptors other than regular files, else -1 */
    uint64_t nbytes;
    uint16_t flags;
} sub;

/* Reads subscription `s` into `out`; descriptors that must be polled are
 * appended to `fds`. */
static void read_sub(kn_wasi_call *c, const uint8_t *s, sub *out, struct pollfd *fds,
                     int *nfds, uint64_t mono)
{
    *out = (sub){.userdata = kw_get64(s), .type = s[8], .poll_index = -1};
    if (out->type == EVENT_CLOCK) {
        kw_clock_layout l = kw_clock_fields(c);
        uint32_t id = kw_get32(s + l.id);
        uint64_t timeout = kw_get64(s + l.timeout);
        bool abs = kw_get16(s + l.flags) & SUBCLOCK_ABSTIME;
        if (id == 0 && abs) {
            uint64_t real = kw_clock_ns(CLOCK_REALTIME);
            out->deadline = timeout <= real ? mono : mono + (timeout - real);
        } else if (id <= 1) {
            out->deadline = abs ? timeout : timeout > UINT64_MAX - mono ? UINT64_MAX
                                                                       : mono + timeout;
        } else {
            out->ready = true;   /* CPU-time deadlines cannot be waited for */
            out->error = id <= 3 ? KW_ENOTSUP : KW_EINVAL;
        }
        return;
    }
    if (out->type != EVENT_FD_READ && out->type != EVENT_FD_WRITE) {
        out->ready = true;
        out->error = KW_EINVAL;
        return;
    }
    bool reading = out->type == EVENT_FD_READ;
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, kw_get32(s + 16),
                          KW_R_POLL_FD_READWRITE | (reading ? KW_R_FD_READ : KW_R_FD_WRITE),
                          &err);
    if (!f) {
        out->ready = true;
        out->error = (uint16_t)err;
        return;
    }
    if (f->filetype == KW_FILETYPE_REGULAR_FILE) {
        out->ready = true;
        struct stat st;
        off_t pos = lseek(f->host, 0, SEEK_CUR);
        if (reading && fstat(f->host, &st) == 0 && pos >= 0 && st.st_size > pos)
            out->nbytes = (uint64_t)(st.st_size - pos);
        return;
    }
    out->poll_index = *nfds;
    fds[*nfds].fd = f->host;
    fds[*nfds].events = reading ? POLLIN : POLLOUT;
    fds[*nfds].revents = 0;
    (*nfds)++;
}

/* Marks the subscriptions that are ready now; returns how many are. */
static uint32_t collect(sub *subs, uint32_t n, const struct pollfd *fds)
{
    uint64_t mono = kw_clock_ns(CLOCK_MONOTONIC);
    uint32_t ready = 0;
    for (uint32_t i = 0; i < n; i++) {
        sub *s = &subs[i];
        if (s->ready)
            ;   /* settled when read */
        else if (s->type == EVENT_CLOCK)
            s->ready = s->deadline <= mono;
        else {
            const struct pollfd *p = &fds[s->poll_index];
            short want = s->type == EVENT_FD_READ ? POLLIN : POLLOUT;
            if (p->revents & POLLNVAL) {
                s->ready = true;
                s->error = KW_EBADF;
            } else if (p->revents & (want | POLLHUP | POLLERR)) {
                s->ready = true;
                if (p->revents & POLLHUP)
                    s->flags = EVENTRW_HANGUP;
                int avail = 0;
                if (s->type == EVENT_FD_READ && ioctl(p->fd, FIONREAD, &avail) == 0
                    && avail > 0)
                    s->nbytes = (uint64_t)avail;
            }
        }
        ready += s->ready;
    }
    return ready;
}

/* poll_oneoff(in, out, nsubscriptions, *nevents): waits (wait.c) until
 * at least one subscription is ready, then reports every one that is. */
KW_FN(poll_oneoff)
{
    uint32_t n = a[2].i32;
    if (n == 0 || n > MAX_SUBS)
        return KW_EINVAL;
    uint32_t ssize = kw_subscription_size(c);
    const uint8_t *in = kw_mem(c, a[0].i32, (uint64_t)n * ssize);
    uint8_t *out = kw_mem(c, a[1].i32, (uint64_t)n * EVENT_SIZE);
    if (!in || !out || !kw_mem(c, a[3].i32, 4))
        return KW_EFAULT;
    uint32_t err = kw_fuel(c, (uint64_t)n * (ssize + EVENT_SIZE));
    if (err != KW_ESUCCESS)
        return err;
    sub *subs = malloc(n * sizeof *subs);
    struct pollfd *fds = malloc(((size_t)n + 1) * sizeof *fds);   /* + the wake-up pipe */
    if (!subs || !fds) {
        free(subs);
        free(fds);
        return KW_ENOMEM;
    }
    int nfds = 0;
    uint64_t mono = kw_clock_ns(CLOCK_MONOTONIC), deadline = KW_FOREVER;
    bool immediate = false;
    for (uint32_t i = 0; i < n; i++) {
        read_sub(c, in + (uint64_t)i * ssize, &subs[i], fds, &nfds, mono);
        immediate |= subs[i].ready;
        if (subs[i].type == EVENT_CLOCK && !subs[i].ready && subs[i].deadline < deadline)
            deadline = subs[i].deadline;
    }
    /* Until something is ready: a wait can end early (a signal, a
     * descriptor whose event is not one asked for). */
    while ((err = kw_wait(c, fds, (uint32_t)nfds, immediate ? 0 : deadline)) == KW_ESUCCESS
           && collect(subs, n, fds) == 0)
        ;
    if (err == KW_ESUCCESS) {
        uint32_t nevents = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (!subs[i].ready)
                continue;
            uint8_t *e = out + (uint64_t)nevents++ * EVENT_SIZE;
            memset(e, 0, EVENT_SIZE);
            kw_put64(e, subs[i].userdata);
            kw_put16(e + 8, subs[i].error);
            e[10] = subs[i].type;
            kw_put64(e + 16, subs[i].nbytes);
            kw_put16(e + 24, subs[i].flags);
        }
        kw_out32(c, a[3].i32, nevents);
    }
    free(subs);
    free(fds);
    return err;
}
