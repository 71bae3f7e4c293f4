/*
 * links.c -- path_link, path_symlink, path_readlink, path_rename,
 * path_remove_directory and path_unlink_file inside one preopen (/t), with
 * their errors. (Escapes from the preopen are the sandbox tests', in
 * tests/wasi/sandbox/.)
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static void put(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
}

/* The contents of a file ("" when it cannot be read). */
static const char *get(const char *path)
{
    static char buf[64];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    buf[n > 0 ? n : 0] = '\0';
    if (fd >= 0)
        close(fd);
    return buf;
}

int main(void)
{
    struct stat st, st2;
    put("/t/a", "alpha");

    /* Hard links share the inode. */
    CHECK_EQ(link("/t/a", "/t/hard"), 0);
    CHECK_EQ(stat("/t/a", &st), 0);
    CHECK_EQ(stat("/t/hard", &st2), 0);
    CHECK_EQ(st.st_ino, st2.st_ino);
    CHECK_EQ(st.st_nlink, 2);
    put("/t/hard", "changed");
    CHECK(strcmp(get("/t/a"), "changed") == 0);
    errno = 0;
    CHECK_EQ(link("/t/a", "/t/hard"), -1);
    CHECK_EQ(errno, EEXIST);
    errno = 0;
    CHECK_EQ(link("/t/nothing", "/t/h2"), -1);
    CHECK_EQ(errno, ENOENT);

    /* Symlinks: readlink gives the target text; open follows, lstat not. */
    CHECK_EQ(symlink("a", "/t/sym"), 0);
    char buf[64];
    CHECK_EQ(readlink("/t/sym", buf, sizeof buf), 1);
    CHECK_EQ(buf[0], 'a');
    CHECK(strcmp(get("/t/sym"), "changed") == 0);
    CHECK_EQ(lstat("/t/sym", &st), 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK_EQ(stat("/t/sym", &st), 0);
    CHECK(S_ISREG(st.st_mode));
    /* A longer target, read into a buffer too small: truncated, as POSIX
     * readlink does (node says ENOBUFS instead; both are accepted). */
    CHECK_EQ(symlink("some/longer/target", "/t/long"), 0);
    CHECK_EQ(readlink("/t/long", buf, sizeof buf), 18);
    CHECK(memcmp(buf, "some/longer/target", 18) == 0);
    errno = 0;
    ssize_t n = readlink("/t/long", buf, 4);
    CHECK((n == 4 && memcmp(buf, "some", 4) == 0) || (n == -1 && errno == ENOBUFS));
    errno = 0;
    CHECK_EQ(readlink("/t/a", buf, sizeof buf), -1);
    CHECK_EQ(errno, EINVAL);   /* not a symlink */
    /* A dangling symlink exists for lstat only. */
    CHECK_EQ(lstat("/t/long", &st), 0);
    errno = 0;
    CHECK_EQ(stat("/t/long", &st), -1);
    CHECK_EQ(errno, ENOENT);
    errno = 0;
    CHECK_EQ(symlink("a", "/t/sym"), -1);
    CHECK_EQ(errno, EEXIST);
    /* A symlink to a directory inside, in the middle of a path. */
    CHECK_EQ(mkdir("/t/dir", 0755), 0);
    put("/t/dir/inner", "inner");
    CHECK_EQ(symlink("dir", "/t/dirlink"), 0);
    CHECK(strcmp(get("/t/dirlink/inner"), "inner") == 0);
    /* O_NOFOLLOW on a symlink fails (ELOOP, as POSIX says). */
    errno = 0;
    CHECK_EQ(open("/t/sym", O_RDONLY | O_NOFOLLOW), -1);
    CHECK_EQ(errno, ELOOP);
    /* A loop of symlinks ends in ELOOP, not a hang. */
    CHECK_EQ(symlink("loop2", "/t/loop1"), 0);
    CHECK_EQ(symlink("loop1", "/t/loop2"), 0);
    errno = 0;
    CHECK_EQ(open("/t/loop1", O_RDONLY), -1);
    CHECK_EQ(errno, ELOOP);

    /* Rename: moves, replaces a file, refuses what POSIX refuses. */
    CHECK_EQ(rename("/t/a", "/t/b"), 0);
    errno = 0;
    CHECK_EQ(stat("/t/a", &st), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK(strcmp(get("/t/b"), "changed") == 0);
    put("/t/c", "gamma");
    CHECK_EQ(rename("/t/c", "/t/b"), 0);
    CHECK(strcmp(get("/t/b"), "gamma") == 0);
    CHECK_EQ(rename("/t/b", "/t/dir/b"), 0);   /* into a subdirectory */
    CHECK(strcmp(get("/t/dir/b"), "gamma") == 0);
    CHECK_EQ(rename("/t/dir/b", "/t/dir/../b"), 0);
    CHECK(strcmp(get("/t/b"), "gamma") == 0);
    errno = 0;
    CHECK_EQ(rename("/t/b", "/t/dir"), -1);
    CHECK_EQ(errno, EISDIR);
    errno = 0;
    CHECK_EQ(rename("/t/dir", "/t/dir/sub"), -1);
    CHECK_EQ(errno, EINVAL);   /* a directory into itself */
    CHECK_EQ(mkdir("/t/full", 0755), 0);
    put("/t/full/x", "x");
    CHECK_EQ(mkdir("/t/empty", 0755), 0);
    errno = 0;
    CHECK_EQ(rename("/t/empty", "/t/full"), -1);
    CHECK(errno == ENOTEMPTY || errno == EEXIST);
    CHECK_EQ(rename("/t/full", "/t/empty"), 0);   /* over an empty one: fine */
    CHECK(strcmp(get("/t/empty/x"), "x") == 0);
    errno = 0;
    CHECK_EQ(rename("/t/nothing", "/t/x"), -1);
    CHECK_EQ(errno, ENOENT);
    /* Renaming a symlink moves the link, not its target. */
    CHECK_EQ(rename("/t/dirlink", "/t/dirlink2"), 0);
    CHECK_EQ(lstat("/t/dirlink2", &st), 0);
    CHECK(S_ISLNK(st.st_mode));

    /* Unlink and rmdir, and each on the wrong kind. */
    errno = 0;
    CHECK_EQ(unlink("/t/dir"), -1);
    CHECK(errno == EISDIR || errno == EPERM);
    errno = 0;
    CHECK_EQ(rmdir("/t/b"), -1);
    CHECK_EQ(errno, ENOTDIR);
    CHECK_EQ(unlink("/t/sym"), 0);   /* the link goes, its target stays */
    CHECK_EQ(lstat("/t/sym", &st), -1);
    CHECK_EQ(stat("/t/hard", &st), 0);
    CHECK_EQ(unlink("/t/hard"), 0);
    CHECK_EQ(unlink("/t/dirlink2"), 0);
    CHECK_EQ(stat("/t/dir/inner", &st), 0);
    errno = 0;
    CHECK_EQ(rmdir("/t/dir"), -1);
    CHECK_EQ(errno, ENOTEMPTY);
    CHECK_EQ(unlink("/t/dir/inner"), 0);
    CHECK_EQ(rmdir("/t/dir"), 0);
    errno = 0;
    CHECK_EQ(unlink("/t/dir"), -1);
    CHECK_EQ(errno, ENOENT);
    return check_done("links");
}
