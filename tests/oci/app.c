/*
 * app.c -- the program of tests/suites/oci.sh's images, built twice: to
 * WASI (the WebAssembly image) and natively, statically (the native
 * image), so that both images run the same code.
 *
 *   app show ARGS...     its kind, argv, two variables, a file of the image
 *   app exit N           exits with status N
 *   app sleep            waits until it is stopped
 *   app spin             loops until it is stopped
 *   app escape PATH...   tries to read each PATH; prints what it got
 *   app hello            prints "hello" (the start-up measurement)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void print_file(const char *label, const char *path)
{
    char buf[256];
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("%s: cannot open %s\n", label, path);
        return;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    printf("%s: %s\n", label, buf);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "hello";
    if (strcmp(mode, "show") == 0) {
#ifdef __wasm__
        puts("kind: wasm");
#else
        puts("kind: native");
#endif
        for (int i = 0; i < argc; i++)
            printf("argv[%d]: %s\n", i, argv[i]);
        const char *g = getenv("GREETING"), *e = getenv("EXTRA");
        printf("GREETING: %s\n", g ? g : "(unset)");
        printf("EXTRA: %s\n", e ? e : "(unset)");
        print_file("file", "/data/greeting.txt");
        return 0;
    }
    if (strcmp(mode, "exit") == 0)
        return argc > 2 ? atoi(argv[2]) : 0;
    if (strcmp(mode, "sleep") == 0) {
        puts("sleeping");
        fflush(stdout);
        for (;;) {
            struct timespec ts = {1, 0};
            nanosleep(&ts, NULL);
        }
    }
    if (strcmp(mode, "spin") == 0) {
        puts("spinning");
        fflush(stdout);
        for (volatile unsigned long n = 0;; n++)
            ;
    }
    if (strcmp(mode, "escape") == 0) {
        for (int i = 2; i < argc; i++)
            print_file("escape", argv[i]);
        return 0;
    }
    puts("hello");
    return 0;
}
