/*
 * trap.c -- trap messages, in the words of the spec's test suite, and
 * interrupts: the request kn_store_interrupt makes and the pipe through
 * which it wakes a host function that blocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "runtime.h"

static const char *const trap_messages[KN_TRAP_COUNT] = {
    [KN_TRAP_NONE] = "no trap",
    [KN_TRAP_UNREACHABLE] = "unreachable",
    [KN_TRAP_DIV_BY_ZERO] = "integer divide by zero",
    [KN_TRAP_INT_OVERFLOW] = "integer overflow",
    [KN_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [KN_TRAP_OOB_MEMORY] = "out of bounds memory access",
    [KN_TRAP_OOB_TABLE] = "out of bounds table access",
    [KN_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [KN_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [KN_TRAP_INDIRECT_CALL_MISMATCH] = "indirect call type mismatch",
    [KN_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [KN_TRAP_OUT_OF_MEMORY] = "out of memory",
    [KN_TRAP_HOST] = "host function failed",
    [KN_TRAP_EXIT] = "exit",
    [KN_TRAP_OUT_OF_FUEL] = "all fuel consumed",
    [KN_TRAP_INTERRUPTED] = "interrupted",
    [KN_TRAP_CODE_LIMIT] = "code size limit exceeded",
};

/* The request is published before the pipe is looked at, and the pipe
 * before a waiter looks at the request (both sequentially consistent), so
 * either the interrupter sees the pipe and writes to it or the waiter sees
 * the request before it sleeps; the same holds for the running
 * activation's poll flag (kn_poll_begin). Nothing here waits or locks: a
 * signal handler calls it. write() is async-signal-safe; errno is kept for
 * the code a signal interrupted. */
void kn_store_interrupt(kn_store *s)
{
    atomic_store(&s->interrupt, 1);
    atomic_fetch_add(&s->interrupting, 1);
    _Atomic int *poll = atomic_load(&s->poll);
    if (poll)
        atomic_store(poll, 1);
    atomic_fetch_sub(&s->interrupting, 1);
    int fd = atomic_load(&s->wake_write);
    if (fd >= 0) {
        int saved = errno;
        ssize_t n = write(fd, "", 1);   /* non-blocking: a full pipe wakes anyway */
        (void)n;
        errno = saved;
    }
}

int kn_store_wake_fd(kn_store *s)
{
    if (s->wake_read >= 0)
        return s->wake_read;
    int p[2];
    if (pipe(p) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        if (fcntl(p[i], F_SETFD, FD_CLOEXEC) != 0
            || fcntl(p[i], F_SETFL, fcntl(p[i], F_GETFL) | O_NONBLOCK) != 0) {
            int e = errno;
            close(p[0]);
            close(p[1]);
            errno = e;
            return -1;
        }
    }
    s->wake_read = p[0];
    atomic_store(&s->wake_write, p[1]);
    return p[0];
}

bool kn_store_take_interrupt(kn_store *s)
{
    char drain[64];
    if (s->wake_read >= 0)
        while (read(s->wake_read, drain, sizeof drain) > 0)
            ;
    return atomic_exchange(&s->interrupt, 0) != 0;
}

kn_trap_code kn_trap_set(kn_store *s, kn_trap_code code, uint32_t detail)
{
    kn_trap_info *info = &s->trap;
    info->code = code;
    if (code == KN_TRAP_UNINITIALIZED_ELEMENT)
        snprintf(info->message, sizeof info->message, "uninitialized element %u",
                 (unsigned)detail);
    else if (code != KN_TRAP_HOST)
        info->message[0] = '\0';
    info->nframes = 0;
    return code;
}

kn_trap_code kn_trap_host(kn_store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->trap.message, sizeof s->trap.message, fmt, ap);
    va_end(ap);
    s->trap.code = KN_TRAP_HOST;
    return KN_TRAP_HOST;
}

const char *kn_trap_message(const kn_store *s, kn_trap_code code)
{
    if (code == s->trap.code && s->trap.message[0])
        return s->trap.message;
    if ((unsigned)code >= KN_TRAP_COUNT)
        return "unknown trap";
    return trap_messages[code];
}

void kn_trap_to_error(const kn_store *s, kn_trap_code code, kn_error *err)
{
    kn_error_kind kind = code == KN_TRAP_STACK_EXHAUSTED ? KN_ERR_EXHAUSTION : KN_ERR_TRAP;
    kn_error_set(err, kind, "%s", kn_trap_message(s, code));
    if (err)
        err->trap = (int)code;
}
