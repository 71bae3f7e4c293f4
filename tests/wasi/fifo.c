/*
 * fifo.c -- FIFOs in a preopen: opening one waits for the other end, as a
 * blocking open(2) does (kiln waits in poll(), or looks again for a reader,
 * so that an interrupt can end the wait). argv[1] says what to do with the
 * FIFO argv[2]:
 *   "write"  open it for writing before the host reads it, write a line;
 *   "read"   open it for reading before the host writes it, and read until
 *            the host closes it.
 */
#include <fcntl.h>
#include <unistd.h>

#include "check.h"

int main(int argc, char **argv)
{
    const char *mode = argc > 2 ? argv[1] : "", *path = argc > 2 ? argv[2] : "";
    if (strcmp(mode, "write") == 0) {
        int fd = open(path, O_WRONLY);
        CHECK(fd >= 0);
        CHECK_EQ(write(fd, "through the fifo\n", 17), 17);
        CHECK_EQ(close(fd), 0);
    } else if (strcmp(mode, "read") == 0) {
        int fd = open(path, O_RDONLY);
        CHECK(fd >= 0);
        char buf[64] = {0};
        size_t got = 0;
        ssize_t n;
        while (got < sizeof buf - 1 && (n = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
            got += (size_t)n;
        CHECK(strcmp(buf, "from the host\n") == 0);
        CHECK_EQ(close(fd), 0);
    } else {
        CHECK(!"usage: fifo.wasm write|read PATH");
    }
    return check_done("fifo");
}
