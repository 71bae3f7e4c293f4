/*
 * hello.c -- the smallest WASI command in C: tests/suites/wasi.sh runs it.
 * (`make bench` times start-up on its twin, bench/hello.c.)
 */
#include <stdio.h>

int main(void)
{
    puts("hello from WASI");
    return 0;
}
