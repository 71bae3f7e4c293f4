/* hello.c -- the WASI command whose process start-to-exit time `make bench`
 * reports as start-up. */
#include <stdio.h>

int main(void)
{
    puts("hello, world");
    return 0;
}
