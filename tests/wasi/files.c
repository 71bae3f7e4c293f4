/*
 * files.c -- reading and writing files: fd_read/fd_write (with several
 * iovecs), fd_pread/fd_pwrite, fd_seek/fd_tell, fd_filestat_get and
 * fd_filestat_set_size, fd_sync/fd_datasync, and the errors of path_open.
 * The suite preopens an empty temporary directory as /t.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

enum { SIZE = 300 * 1000 };
static unsigned char data[SIZE], back[SIZE];

static unsigned char pattern(size_t i)
{
    return (unsigned char)(i * 7 + (i >> 8) * 13);
}

int main(void)
{
    for (size_t i = 0; i < SIZE; i++)
        data[i] = pattern(i);

    /* Write in uneven chunks, read back in other uneven chunks. */
    int fd = open("/t/data.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    size_t off = 0, chunk = 1;
    int short_writes = 0;
    while (off < SIZE) {
        size_t n = chunk < SIZE - off ? chunk : SIZE - off;
        ssize_t w = write(fd, data + off, n);
        short_writes += w != (ssize_t)n;
        if (w <= 0)
            break;
        off += (size_t)w;
        chunk = chunk * 3 + 1;
    }
    CHECK_EQ(short_writes, 0);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), SIZE);
    CHECK_EQ(fsync(fd), 0);
    CHECK_EQ(fdatasync(fd), 0);
    CHECK_EQ(close(fd), 0);

    struct stat st;
    CHECK_EQ(stat("/t/data.bin", &st), 0);
    CHECK_EQ(st.st_size, SIZE);
    CHECK(S_ISREG(st.st_mode));

    fd = open("/t/data.bin", O_RDONLY);
    CHECK(fd >= 0);
    off = 0;
    chunk = 5;
    while (off < SIZE) {
        ssize_t r = read(fd, back + off, chunk < SIZE - off ? chunk : SIZE - off);
        if (r <= 0)
            break;
        off += (size_t)r;
        chunk = chunk * 2 + 3;
    }
    CHECK_EQ(off, SIZE);
    CHECK(memcmp(data, back, SIZE) == 0);
    char c;
    CHECK_EQ(read(fd, &c, 1), 0);   /* end of file */

    /* fd_seek with each whence, fd_tell. */
    CHECK_EQ(lseek(fd, 1000, SEEK_SET), 1000);
    CHECK_EQ(lseek(fd, -10, SEEK_CUR), 990);
    CHECK_EQ(lseek(fd, -1, SEEK_END), SIZE - 1);
    CHECK_EQ(read(fd, &c, 1), 1);
    CHECK_EQ((unsigned char)c, pattern(SIZE - 1));
    __wasi_filesize_t pos = 0;
    CHECK_EQ(__wasi_fd_tell(fd, &pos), 0);
    CHECK_EQ(pos, SIZE);
    errno = 0;
    CHECK_EQ(lseek(fd, -1, SEEK_SET), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(lseek(fd, SIZE + 100, SEEK_SET), SIZE + 100);   /* past the end is fine */
    CHECK_EQ(read(fd, &c, 1), 0);

    /* pread does not move the offset. */
    CHECK_EQ(lseek(fd, 5, SEEK_SET), 5);
    unsigned char buf[100];
    CHECK_EQ(pread(fd, buf, 100, 12345), 100);
    CHECK_EQ(buf[0], pattern(12345));
    CHECK_EQ(buf[99], pattern(12444));
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
    CHECK_EQ(pread(fd, buf, 100, SIZE - 10), 10);
    CHECK_EQ(close(fd), 0);

    /* writev/readv with several buffers, pwrite leaving the offset. */
    fd = open("/t/vec.txt", O_RDWR | O_CREAT | O_EXCL, 0644);
    CHECK(fd >= 0);
    struct iovec iov[3] = {{"hello", 5}, {"", 0}, {", world", 7}};
    CHECK_EQ(writev(fd, iov, 3), 12);
    CHECK_EQ(pwrite(fd, "W", 1, 7), 1);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 12);
    char p1[4] = {0}, p2[16] = {0};
    struct iovec in[2] = {{p1, 3}, {p2, sizeof p2 - 1}};
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(readv(fd, in, 2), 12);
    CHECK(strcmp(p1, "hel") == 0 && strcmp(p2, "lo, World") == 0);

    /* fd_filestat_set_size: shrink, then grow with zeros. */
    CHECK_EQ(ftruncate(fd, 4), 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 4);
    CHECK_EQ(ftruncate(fd, 10), 0);
    char z[10];
    CHECK_EQ(pread(fd, z, 10, 0), 10);
    CHECK(memcmp(z, "hell\0\0\0\0\0\0", 10) == 0);
    CHECK_EQ(close(fd), 0);

    /* The errors of path_open. */
    errno = 0;
    CHECK_EQ(open("/t/missing", O_RDONLY), -1);
    CHECK_EQ(errno, ENOENT);
    errno = 0;
    CHECK_EQ(open("/t/vec.txt", O_RDWR | O_CREAT | O_EXCL, 0644), -1);
    CHECK_EQ(errno, EEXIST);
    errno = 0;
    CHECK_EQ(open("/t/vec.txt", O_RDONLY | O_DIRECTORY), -1);
    CHECK_EQ(errno, ENOTDIR);
    errno = 0;
    CHECK_EQ(open("/t/vec.txt/x", O_RDONLY), -1);
    CHECK_EQ(errno, ENOTDIR);
    CHECK_EQ(mkdir("/t/d", 0755), 0);
    errno = 0;
    CHECK_EQ(open("/t/d", O_WRONLY), -1);
    CHECK_EQ(errno, EISDIR);
    errno = 0;
    CHECK_EQ(mkdir("/t/d", 0755), -1);
    CHECK_EQ(errno, EEXIST);
    /* O_TRUNC empties an existing file. */
    fd = open("/t/vec.txt", O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 0);
    CHECK_EQ(close(fd), 0);
    errno = 0;
    CHECK_EQ(close(fd), -1);
    CHECK_EQ(errno, EBADF);
    errno = 0;
    CHECK_EQ(write(12345, "x", 1), -1);
    CHECK_EQ(errno, EBADF);

    /* stdout is a descriptor like any other. */
    const char msg[] = "files: stdout works\n";
    CHECK_EQ(write(1, msg, sizeof msg - 1), sizeof msg - 1);
    return check_done("files");
}
