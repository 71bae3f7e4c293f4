/*
 * exit.c -- how a WASI program ends. argv[1] says how:
 *   "exit N"   exit(N): proc_exit(N); kiln exits with N
 *   "return N" return N from main: wasi-libc's _start calls proc_exit(N)
 *   "abort"    abort(): the trap "unreachable"; kiln prints it with a
 *              backtrace through this program's functions and exits 134
 *   "deep"     exit from deep in a recursion: the frames are dropped
 * Output written before the end must appear in full.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) static void leave_from_depth(int depth, int code)
{
    if (depth == 0)
        exit(code);
    leave_from_depth(depth - 1, code);
    __asm__ volatile("");   /* not a tail call: keep the frames */
}

int main(int argc, char **argv)
{
    printf("exit: %s %s\n", argc > 1 ? argv[1] : "", argc > 2 ? argv[2] : "");
    if (argc > 2 && strcmp(argv[1], "exit") == 0)
        exit(atoi(argv[2]));
    if (argc > 2 && strcmp(argv[1], "return") == 0)
        return atoi(argv[2]);
    if (argc > 1 && strcmp(argv[1], "abort") == 0) {
        fflush(stdout);
        abort();
    }
    if (argc > 2 && strcmp(argv[1], "deep") == 0)
        leave_from_depth(5000, atoi(argv[2]));
    return 0;
}
