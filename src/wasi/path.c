/*
 * path.c -- resolving a guest's path beneath a directory descriptor: the
 * sandbox.
 *
 * A path is walked one component at a time. Each directory on the way is
 * opened relative to the previous one with O_NOFOLLOW | O_DIRECTORY, so the
 * kernel never follows a symbolic link for us and never sees more than one
 * name; a link is read with readlinkat and its target spliced in front of
 * the rest of the path, then walked by the same rules. The directories
 * walked through are kept on a stack of descriptors; `..` pops it, and
 * popping the starting directory is ENOTCAPABLE, at once, whatever follows
 * (so `a/../../x` fails even though it would come back). Absolute paths
 * and absolute link targets are ENOTCAPABLE too.
 *
 * Why this holds against a concurrent attacker: every step is relative to
 * a descriptor we hold, not to a name. If another process swaps a
 * directory on our path for a symbolic link, the O_NOFOLLOW open fails and
 * we read the link and check its target ourselves; a swap after our open
 * cannot move the directory we hold. The caller performs the final
 * operation on (dir, leaf) with the no-follow variant of its call
 * (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, or calls that never follow), so a link
 * that appears as the last component after resolution is acted on, or
 * refused, but never followed.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int kw_open_search_flags(void)
{
#if defined(O_PATH)
    return O_PATH;     /* needs only search permission, like O_SEARCH */
#elif defined(O_SEARCH)
    return O_SEARCH;
#else
    return O_RDONLY;
#endif
}

/* The state of one walk: the directory stack and the path still to walk. */
typedef struct walk {
    int stack[KW_MAX_DEPTH];   /* stack[0] is the starting directory, not ours */
    uint32_t depth;
    char *rest;                /* malloc'ed; rest[pos..len) is still to walk */
    size_t pos, len;
    uint32_t links;
} walk;

static void walk_pop_to(walk *wk, uint32_t depth)
{
    while (wk->depth > depth)
        close(wk->stack[--wk->depth]);
}

/* Replaces the walked part of the path and the link's name by the link's
 * target: rest = target + "/" + what followed the link (the slash only
 * when something followed or the link had a trailing slash). */
static uint32_t splice_link(walk *wk, const char *target, size_t tlen, size_t after,
                       bool slash)
{
    if (++wk->links > KW_MAX_SYMLINKS)
        return KW_ELOOP;
    if (tlen == 0)
        return KW_ENOENT;
    if (target[0] == '/')
        return KW_ENOTCAPABLE;
    size_t tail = wk->len - after;
    size_t n = tlen + (slash ? 1 : 0) + tail;
    if (n > KW_MAX_PATH + (size_t)KW_MAX_SYMLINKS * PATH_MAX)
        return KW_ENAMETOOLONG;
    char *s = malloc(n + 1);
    if (!s)
        return KW_ENOMEM;
    memcpy(s, target, tlen);
    if (slash)
        s[tlen] = '/';
    memcpy(s + tlen + (slash ? 1 : 0), wk->rest + after, tail);
    s[n] = '\0';
    free(wk->rest);
    wk->rest = s;
    wk->pos = 0;
    wk->len = n;
    return KW_ESUCCESS;
}

/* readlinkat into `buf` (PATH_MAX bytes): the length, or -1 with errno
 * set (EINVAL: not a link). */
static ssize_t read_link(int dir, const char *name, char *buf)
{
    ssize_t n = readlinkat(dir, name, buf, PATH_MAX);
    if (n >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return n;
}

uint32_t kw_path_resolve(int dirfd, const char *path, size_t len, int follow,
                         kw_path *p)
{
    if (len == 0)
        return KW_ENOENT;
    if (len > KW_MAX_PATH)
        return KW_ENAMETOOLONG;
    if (memchr(path, '\0', len))
        return KW_EINVAL;
    if (path[0] == '/')
        return KW_ENOTCAPABLE;
    walk wk = {.depth = 1, .len = len};
    wk.stack[0] = dirfd;
    wk.rest = malloc(len + 1);
    if (!wk.rest)
        return KW_ENOMEM;
    memcpy(wk.rest, path, len);
    wk.rest[len] = '\0';
    char target[PATH_MAX];
    uint32_t err = KW_ESUCCESS;
    p->must_dir = false;

    for (;;) {
        while (wk.pos < wk.len && wk.rest[wk.pos] == '/')
            wk.pos++;
        size_t start = wk.pos;
        while (wk.pos < wk.len && wk.rest[wk.pos] != '/')
            wk.pos++;
        size_t clen = wk.pos - start, after = wk.pos;
        bool slash = wk.pos < wk.len;
        while (wk.pos < wk.len && wk.rest[wk.pos] == '/')
            wk.pos++;
        bool last = wk.pos == wk.len;
        /* clen > 0: the path and link targets are relative, and a
         * component that is not the last has another after it. */
        if (clen > NAME_MAX) {
            err = KW_ENAMETOOLONG;
            goto fail;
        }
        char name[NAME_MAX + 1];
        memcpy(name, wk.rest + start, clen);
        name[clen] = '\0';
        bool dot = strcmp(name, ".") == 0, dotdot = strcmp(name, "..") == 0;

        if (dotdot) {
            if (wk.depth == 1) {
                err = KW_ENOTCAPABLE;
                goto fail;
            }
            walk_pop_to(&wk, wk.depth - 1);
        }
        if (last) {
            strcpy(p->leaf, dot || dotdot ? "." : name);
            p->must_dir = slash || dot || dotdot;
            bool expand = follow & KW_FOLLOW || (follow & KW_FOLLOW_SLASH && slash);
            if (!expand || dot || dotdot)
                break;
            ssize_t n = read_link(wk.stack[wk.depth - 1], name, target);
            if (n < 0)
                break;   /* not a link, or not there: the caller's call will say */
            if ((err = splice_link(&wk, target, (size_t)n, after, slash)) != KW_ESUCCESS)
                goto fail;
            continue;
        }
        if (dot || dotdot)
            continue;
        int fd = openat(wk.stack[wk.depth - 1], name,
                        kw_open_search_flags() | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            int e = errno;
            /* A link says ELOOP (BSDs: EMLINK); with O_PATH, Linux may say
             * ENOTDIR. Only a link read here is followed. */
            if (e == ELOOP || e == EMLINK || e == ENOTDIR) {
                ssize_t n = read_link(wk.stack[wk.depth - 1], name, target);
                if (n >= 0) {
                    err = splice_link(&wk, target, (size_t)n, after, true);
                    if (err != KW_ESUCCESS)
                        goto fail;
                    continue;
                }
            }
            err = kw_errno(e);
            goto fail;
        }
        if (wk.depth == KW_MAX_DEPTH) {
            close(fd);
            err = KW_ENAMETOOLONG;
            goto fail;
        }
        wk.stack[wk.depth++] = fd;
    }
    /* Keep only the directory holding the leaf. */
    free(wk.rest);
    p->dir = wk.stack[wk.depth - 1];
    p->owned = wk.depth > 1;
    for (uint32_t i = 1; i + 1 < wk.depth; i++)
        close(wk.stack[i]);
    return KW_ESUCCESS;
fail:
    free(wk.rest);
    walk_pop_to(&wk, 1);
    return err;
}

uint32_t kw_path_at(kn_wasi_call *c, uint32_t fd, uint64_t rights, uint32_t ptr,
                    uint32_t len, int follow, kw_path *p)
{
    uint32_t err;
    kn_wasi_fd *f = kw_fd(c->w, fd, rights, &err);
    if (!f)
        return err;
    const uint8_t *s = kw_mem(c, ptr, len);
    if (!s)
        return KW_EFAULT;
    if (f->filetype != KW_FILETYPE_DIRECTORY)
        return KW_ENOTDIR;
    /* A path's bytes cost fuel as any guest-sized data does: each
     * component is a system call. */
    if ((err = kw_fuel(c, len)) != KW_ESUCCESS)
        return err;
    return kw_path_resolve(f->host, (const char *)s, len, follow, p);
}

void kw_path_done(kw_path *p)
{
    if (p->owned)
        close(p->dir);
    p->owned = false;
}
