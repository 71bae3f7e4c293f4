/*
 * timer.c -- runs a command and measures it, for bench/run.sh.
 *
 *   timer [-n RUNS] [-o OUT] -- COMMAND [ARGS...]
 *
 * Runs COMMAND RUNS times (default 1), its standard output to the file OUT
 * (default /dev/null; the last run's output is kept), standard input
 * /dev/null, standard error inherited. Prints one line:
 *
 *   MIN MEDIAN MAXRSS STATUS CPU
 *
 * the fastest and the median wall-clock time in seconds, from fork to the
 * child's exit; the largest peak resident set of any run in KiB (the
 * kernel's ru_maxrss from wait4); the exit status of the first run that
 * failed (128 + the signal for a signal), 0 when all succeeded; and the
 * least CPU time (user + system, seconds) of any run, which a busy machine
 * disturbs less than wall-clock time.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int runs = 1;
    const char *out = "/dev/null";
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else
            break;
    }
    if (i + 1 >= argc || strcmp(argv[i], "--") != 0 || runs < 1 || runs > 10000) {
        fprintf(stderr, "usage: timer [-n RUNS] [-o OUT] -- COMMAND [ARGS...]\n");
        return 2;
    }
    char **cmd = argv + i + 1;
    double *times = malloc((size_t)runs * sizeof *times);
    if (!times)
        return 1;
    long maxrss = 0;
    double mincpu = -1;
    int status_out = 0;
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        pid_t pid = fork();
        if (pid < 0) {
            perror("timer: fork");
            return 1;
        }
        if (pid == 0) {
            int in = open("/dev/null", O_RDONLY);
            int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (in < 0 || fd < 0 || dup2(in, 0) < 0 || dup2(fd, 1) < 0) {
                perror(out);
                _exit(127);
            }
            close(in);
            close(fd);
            execvp(cmd[0], cmd);
            perror(cmd[0]);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) < 0) {
            perror("timer: wait4");
            return 1;
        }
        times[r] = now() - t0;
        double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
                     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
        if (mincpu < 0 || cpu < mincpu)
            mincpu = cpu;
        if (ru.ru_maxrss > maxrss)
            maxrss = ru.ru_maxrss;
        int code = WIFEXITED(status) ? WEXITSTATUS(status)
                 : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
        if (code && !status_out)
            status_out = code;
    }
    qsort(times, (size_t)runs, sizeof *times, cmp_double);
    printf("%.6f %.6f %ld %d %.6f\n", times[0], times[runs / 2], maxrss, status_out,
           mincpu);
    free(times);
    return 0;
}
