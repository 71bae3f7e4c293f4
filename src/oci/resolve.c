/*
 * resolve.c -- what a container's entrypoint is, looked at from the host
 * without leaving the container's root; and whether a kiln binary can run
 * in an image that has no libc.
 *
 * Every lookup in the root goes through openat2(2) with RESOLVE_IN_ROOT:
 * the kernel resolves the path as if the root were "/" (an absolute
 * symbolic link, or `..` at the top, stays inside), which is how the
 * container itself will see it once its runtime has pivoted into it. So a
 * link in an image can neither make kiln-oci read a host file nor make it
 * judge a different file than the container will run. Magic links
 * (/proc/PID/fd/...) are refused outright.
 */
#define _GNU_SOURCE   /* O_PATH, syscall() */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "oci.h"

/* runc's PATH when process.env sets none. */
static const char default_path[] =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

static int open_in_root(int rootfd, const char *path, int flags)
{
    /* openat2 refuses O_NOCTTY beside O_PATH, where it means nothing. */
    struct open_how how = {
        .flags = (unsigned)(flags | O_CLOEXEC | (flags & O_PATH ? 0 : O_NOCTTY)),
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    long fd;
    int tries = 0;
    /* EAGAIN: a rename elsewhere in the tree raced with the lookup (the
     * kernel cannot then vouch for `..`); trying again is what it asks. */
    do
        fd = syscall(SYS_openat2, rootfd, path, &how, sizeof how);
    while (fd < 0 && (errno == EAGAIN || errno == EINTR) && ++tries < 16);
    return (int)fd;
}

/* Looks at `path` in the root: true when it is a regular file (and, with
 * `need_exec`, one with an execute bit, as execvp's search wants), with
 * e->wasm set from its first bytes; false with e->why set otherwise. The
 * file is first opened O_PATH and checked, so a FIFO or a device in an
 * image is never opened for reading. */
static bool examine(int rootfd, const char *path, bool need_exec, ko_entry *e)
{
    struct stat st, st2;
    int fd = open_in_root(rootfd, path, O_PATH);
    if (fd < 0) {
        snprintf(e->why, sizeof e->why, "%s: %s", path, strerror(errno));
        return false;
    }
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    close(fd);
    if (!regular) {
        snprintf(e->why, sizeof e->why, "%s: not a regular file", path);
        return false;
    }
    if (need_exec && !(st.st_mode & 0111)) {
        snprintf(e->why, sizeof e->why, "%s: not executable", path);
        return false;
    }
    fd = open_in_root(rootfd, path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        snprintf(e->why, sizeof e->why, "%s: %s", path, strerror(errno));
        return false;
    }
    unsigned char magic[4];
    ssize_t n = -1;
    if (fstat(fd, &st2) == 0 && st2.st_dev == st.st_dev && st2.st_ino == st.st_ino)
        n = pread(fd, magic, sizeof magic, 0);
    close(fd);
    if (n < 0) {
        snprintf(e->why, sizeof e->why, "%s: changed while it was examined", path);
        return false;
    }
    e->wasm = n == 4 && memcmp(magic, "\0asm", 4) == 0;
    return true;
}

/* dir + "/" + name, malloc'ed. */
static char *join(const char *dir, size_t dirlen, const char *name)
{
    size_t n = strlen(name);
    char *s = malloc(dirlen + n + 2);
    if (s) {
        memcpy(s, dir, dirlen);
        s[dirlen] = '/';
        memcpy(s + dirlen + 1, name, n + 1);
    }
    return s;
}

/* Examines `path` as the container sees it: a relative one from `cwd`. */
static bool examine_from(int rootfd, const char *cwd, const char *path, bool need_exec,
                         ko_entry *e, bool *oom)
{
    if (path[0] == '/')
        return examine(rootfd, path, need_exec, e);
    char *full = join(cwd, strlen(cwd), path);
    if (!full) {
        *oom = true;
        return false;
    }
    bool ok = examine(rootfd, full, need_exec, e);
    free(full);
    return ok;
}

bool ko_resolve_entry(int rootfd, const char *cwd, const char *path, const char *arg0,
                      ko_entry *out)
{
    memset(out, 0, sizeof *out);
    bool oom = false;
    if (arg0[0] == '\0') {
        snprintf(out->why, sizeof out->why, "process.args[0] is empty");
        return true;
    }
    if (strchr(arg0, '/')) {
        /* A path: kiln, started in cwd as the process would be, opens it
         * as given. */
        out->found = examine_from(rootfd, cwd, arg0, false, out, &oom);
        out->path = out->found ? strdup(arg0) : NULL;
        return !oom && (!out->found || out->path);
    }
    /* A name: the first executable regular file of that name along PATH,
     * an empty entry meaning the working directory, as execvp does. */
    const char *p = path ? path : default_path;
    for (;;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char *candidate = len ? join(p, len, arg0) : join(".", 1, arg0);
        if (!candidate)
            return false;
        if (examine_from(rootfd, cwd, candidate, true, out, &oom)) {
            out->found = true;
            out->path = candidate;
            return true;
        }
        free(candidate);
        if (oom)
            return false;
        if (!colon)
            break;
        p = colon + 1;
    }
    snprintf(out->why, sizeof out->why, "%s: not found in PATH %s", arg0, path ? path : default_path);
    return true;
}

bool ko_is_static_elf(const char *file, char *why, size_t size)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, size, "%s: %s", file, strerror(errno));
        return false;
    }
    Elf64_Ehdr eh;
    bool ok = false;
    if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh ||
        memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        eh.e_phentsize != sizeof(Elf64_Phdr)) {
        snprintf(why, size, "%s: not a 64-bit ELF executable", file);
        goto done;
    }
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (Elf64_Off)i * sizeof ph)) !=
            (ssize_t)sizeof ph) {
            snprintf(why, size, "%s: truncated ELF program headers", file);
            goto done;
        }
        if (ph.p_type == PT_INTERP) {
            snprintf(why, size, "%s is linked dynamically: an image without a libc cannot "
                     "run it (build one with `make static`)", file);
            goto done;
        }
    }
    ok = true;
done:
    close(fd);
    return ok;
}
