/*
 * hello.c -- the smallest WASI command in C: `make bench-wasi` times kiln's
 * start-up on it (bench/startup.sh), and tests/suites/wasi.sh runs it.
 */
#include <stdio.h>

int main(void)
{
    puts("hello from WASI");
    return 0;
}
