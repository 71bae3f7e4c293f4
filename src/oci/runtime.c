/*
 * runtime.c -- kiln-oci's command line: runc's, read just far enough to
 * find the log, the subcommand and the bundle, then handed whole to the
 * real runtime.
 *
 * runc's global options come before the subcommand (`--root R --log F
 * --log-format json create --bundle B --pid-file P ID`, as containerd's
 * shim passes them; podman passes none). Go's flag syntax is accepted:
 * one dash or two, and `--name=value`. Only `create` and `run` are looked
 * at further; every command, those two included, then runs the real
 * runtime with the same arguments, by execv, so its exit status, output,
 * pid file and console are the caller's directly.
 *
 * Configuration, for hosts where the defaults do not fit (podman and
 * containerd both pass their environment on to the runtime):
 *   KILN_OCI_RUNTIME  the real runtime: a path, or a name looked up in
 *                     PATH (default: runc, else crun)
 *   KILN_OCI_KILN     the static kiln that runs modules (default:
 *                     kiln-static beside the kiln-oci executable)
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oci.h"

/* runc's global options that take a value. */
static const char *const global_values[] = {"log", "log-format", "root", "criu", "rootless"};
/* create's and run's options that take a value, other than the bundle. */
static const char *const create_values[] = {"console-socket", "pid-file", "preserve-fds"};

/* If argv[*i] is option `name` (-name, --name, or either with =VALUE),
 * its value (advancing *i past a separate one) or "" when it lacks one;
 * NULL when it is another argument. */
static const char *option(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    if (a[0] != '-')
        return NULL;
    a += a[1] == '-' ? 2 : 1;
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc)
        return "";
    return argv[++*i];
}

/* Whether argv[*i] is one of `names` taking a value (skipped). */
static bool skip_valued(int argc, char **argv, int *i, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (option(argc, argv, i, names[k]))
            return true;
    return false;
}

/* The real runtime's path: $KILN_OCI_RUNTIME, or runc or crun in PATH. */
static bool find_runtime(const ko_log *log, char *out, size_t size)
{
    const char *want = getenv("KILN_OCI_RUNTIME");
    const char *const defaults[] = {"runc", "crun"};
    const char *const *names = want && *want ? &want : defaults;
    size_t nnames = want && *want ? 1 : 2;
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    for (size_t k = 0; k < nnames; k++) {
        if (strchr(names[k], '/')) {
            if ((size_t)snprintf(out, size, "%s", names[k]) < size && access(out, X_OK) == 0)
                return true;
            continue;
        }
        for (const char *p = path;;) {
            const char *colon = strchr(p, ':');
            int len = colon ? (int)(colon - p) : (int)strlen(p);
            if (len > 0 && (size_t)snprintf(out, size, "%.*s/%s", len, p, names[k]) < size &&
                access(out, X_OK) == 0)
                return true;
            if (!colon)
                break;
            p = colon + 1;
        }
    }
    if (want && *want)
        ko_error(log, "KILN_OCI_RUNTIME=%s: no such executable", want);
    else
        ko_error(log, "no OCI runtime found: install runc or crun, or set KILN_OCI_RUNTIME");
    return false;
}

/* The static kiln: $KILN_OCI_KILN, or kiln-static beside this program. */
static bool find_kiln(const ko_log *log, char *out, size_t size)
{
    const char *want = getenv("KILN_OCI_KILN");
    if (want && *want) {
        if ((size_t)snprintf(out, size, "%s", want) < size)
            return true;
        ko_error(log, "KILN_OCI_KILN is too long");
        return false;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash = n > 0 ? memchr(self, '/', (size_t)n) : NULL;
    if (!slash) {
        ko_error(log, "cannot find kiln-static: /proc/self/exe: %s",
                 n < 0 ? strerror(errno) : "not a path");
        return false;
    }
    self[n] = '\0';
    *strrchr(self, '/') = '\0';
    if ((size_t)snprintf(out, size, "%s/kiln-static", self) < size)
        return true;
    ko_error(log, "the path of kiln-static is too long");
    return false;
}

int ko_main(int argc, char **argv)
{
    ko_log log = {.path = NULL, .json = false};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *v;
        if ((v = option(argc, argv, &i, "log")))
            log.path = *v ? v : NULL;
        else if ((v = option(argc, argv, &i, "log-format")))
            log.json = strcmp(v, "json") == 0;
        else
            skip_valued(argc, argv, &i, global_values, sizeof global_values / sizeof *global_values);
    }
    const char *command = i < argc ? argv[i] : "";
    if (strcmp(command, "create") == 0 || strcmp(command, "run") == 0) {
        const char *bundle = ".";
        for (int k = i + 1; k < argc; k++) {
            const char *v;
            if (strcmp(argv[k], "--") == 0)
                break;
            if ((v = option(argc, argv, &k, "bundle")) || (v = option(argc, argv, &k, "b")))
                bundle = *v ? v : ".";
            else
                skip_valued(argc, argv, &k, create_values, sizeof create_values / sizeof *create_values);
        }
        char kiln[PATH_MAX];
        if (!find_kiln(&log, kiln, sizeof kiln) || !ko_prepare_bundle(&log, bundle, kiln))
            return 1;
    }
    char runtime[PATH_MAX];
    if (!find_runtime(&log, runtime, sizeof runtime))
        return 1;
    argv[0] = runtime;
    execv(runtime, argv);
    ko_error(&log, "%s: %s", runtime, strerror(errno));
    return 1;
}
