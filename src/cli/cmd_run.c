/*
 * cmd_run.c -- `kiln run`: instantiate a module with WASI preview 1 and
 * call `_start` (a WASI command) or the export named by --invoke.
 *
 * Options use wasmtime's spellings so that habits and tutorials carry over.
 * They are one table (run_options): a name, an argument name for the help,
 * a setter and a line of help; `--name VALUE` and `--name=VALUE` are both
 * accepted for every option that takes a value.
 *
 * Exit status: the guest's proc_exit code (its low 8 bits, as for a native
 * process), 0 when _start returns; 134 after a trap (wasmtime's choice: 128
 * + SIGABRT, so scripts tell a trap from a guest's exit(1)); 1 when the
 * module cannot be loaded, linked or instantiated; 2 for a bad command line;
 * 143 or 130 when SIGTERM or SIGINT stopped it (128 + the signal's number,
 * as for a native process killed by it).
 */
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../aot/aot.h"
#include "../binary/decode.h"
#include "../interp/interp.h"
#include "../runtime/runtime.h"
#include "../runtime/watchdog.h"
#include "../wasi/command.h"
#include "../wasi/wasi.h"
#include "cli.h"

enum { EXIT_TRAP = 134, EXIT_ERROR = 1, EXIT_USAGE = 2 };

extern char **environ;

/* SIGTERM and SIGINT stop the guest as they would stop a native program:
 * the handler interrupts the store, which ends a loop, a call or a
 * blocking WASI call alike, and kiln exits with 128 + the signal's number
 * and no trap message; before the store exists (while loading) it exits
 * at once. Handling them matters most when kiln is a container's PID 1,
 * to which the kernel applies no default action: unhandled, `podman stop`
 * would wait for its SIGKILL. A handler reaches only statics: the store
 * the runner publishes (which --timeout's watchdog interrupts too) and the
 * signal. They are delivered to the main thread alone (the watchdog's
 * thread blocks them), so the store cannot be deleted while the handler
 * runs. */
static _Atomic(kn_store *) running_store;
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
    kn_store *s = atomic_load(&running_store);
    if (s)
        kn_store_interrupt(s);
    else
        _exit(128 + sig);
}

/* Everything the command line asks for. Strings point into argv except
 * those built here, which `owned` keeps for freeing. */
typedef struct run_opts {
    const char *invoke;      /* NULL: run _start */
    const char *argv0;       /* NULL: the module file name as given */
    uint32_t npreopens;
    kn_wasi_preopen *preopens;
    int nenv;
    const char **env;        /* "NAME=VALUE" */
    bool inherit_env;        /* --inherit-env */
    uint32_t nlisteners;
    int *listeners;          /* listening sockets, closed by run_opts_free */
    size_t nowned;
    char **owned;
    /* Limits (--fuel, --timeout, --max-*): `has_fuel` and `has_max_table`
     * say whether they were given, as 0 is a limit for them; the others
     * refuse 0, which means "not given". */
    bool has_fuel;
    uint64_t fuel;
    uint64_t timeout_ns;
    const char *timeout;     /* as given, for the message */
    bool has_max_table;
    uint32_t max_pages, max_table, max_depth;
    uint64_t max_code;
    kn_cli_codegen codegen;  /* -C */
    bool allow_precompiled;  /* --allow-precompiled */
} run_opts;

static void run_opts_free(run_opts *o)
{
    for (uint32_t i = 0; i < o->nlisteners; i++)
        close(o->listeners[i]);
    for (size_t i = 0; i < o->nowned; i++)
        free(o->owned[i]);
    free(o->owned);
    free(o->preopens);
    free(o->env);
    free(o->listeners);
}

/* `array` (n elements of `size` bytes) grown by one element; NULL, with
 * `array` unchanged, when out of memory. */
static void *grow(void *array, size_t n, size_t size)
{
    void *bigger = realloc(array, (n + 1) * size);
    if (!bigger)
        fprintf(stderr, "kiln: out of memory\n");
    return bigger;
}

/* Records malloc'ed `s` for run_opts_free; NULL (s freed) when out of
 * memory. */
static char *own(run_opts *o, char *s)
{
    char **owned = s ? grow(o->owned, o->nowned, sizeof *owned) : NULL;
    if (!owned) {
        if (!s)
            fprintf(stderr, "kiln: out of memory\n");
        free(s);
        return NULL;
    }
    o->owned = owned;
    owned[o->nowned++] = s;
    return s;
}

/* A copy of s[0, len) that run_opts_free will free. */
static char *own_copy(run_opts *o, const char *s, size_t len)
{
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return own(o, copy);
}

static bool add_preopen(run_opts *o, const char *host, size_t hostlen,
                        const char *guest, size_t guestlen)
{
    if (hostlen == 0 || guestlen == 0) {
        fprintf(stderr, "kiln run: empty directory name\n");
        return false;
    }
    kn_wasi_preopen *all = grow(o->preopens, o->npreopens, sizeof *all);
    if (!all)
        return false;
    o->preopens = all;
    kn_wasi_preopen *p = &all[o->npreopens];
    p->host_path = own_copy(o, host, hostlen);
    p->guest_path = own_copy(o, guest, guestlen);
    p->readonly = false;
    if (!p->host_path || !p->guest_path)
        return false;
    o->npreopens++;
    return true;
}

/* --dir HOST[::GUEST] */
static bool opt_dir(run_opts *o, const char *arg)
{
    const char *sep = strstr(arg, "::");
    if (!sep)
        return add_preopen(o, arg, strlen(arg), arg, strlen(arg));
    return add_preopen(o, arg, (size_t)(sep - arg), sep + 2, strlen(sep + 2));
}

/* --mapdir GUEST::HOST, the older spelling with the order reversed. */
static bool opt_mapdir(run_opts *o, const char *arg)
{
    const char *sep = strstr(arg, "::");
    if (!sep) {
        fprintf(stderr, "kiln run: --mapdir needs GUEST::HOST, got '%s'\n", arg);
        return false;
    }
    return add_preopen(o, sep + 2, strlen(sep + 2), arg, (size_t)(sep - arg));
}

/* --env NAME=VALUE, or --env NAME for the host's value (left unset when the
 * host has none, as it is on the host). */
static bool opt_env(run_opts *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    const char *var = arg;
    if (eq == arg || arg[0] == '\0') {
        fprintf(stderr, "kiln run: --env needs NAME or NAME=VALUE, got '%s'\n", arg);
        return false;
    }
    if (!eq) {
        const char *value = getenv(arg);
        if (!value)
            return true;
        if (!(var = own(o, kn_wasi_env_entry(arg, value))))
            return false;
    }
    const char **env = grow(o->env, (size_t)o->nenv, sizeof *env);
    if (!env)
        return false;
    o->env = env;
    env[o->nenv++] = var;
    return true;
}

/* --tcplisten HOST:PORT: a listening TCP socket, bound now, which the guest
 * gets as the descriptor after the preopens. The port is after the last
 * colon, so "[::1]:8080" and "::1:8080" both name IPv6 loopback. */
static bool opt_tcplisten(run_opts *o, const char *arg)
{
    const char *colon = strrchr(arg, ':');
    if (!colon || colon == arg || colon[1] == '\0') {
        fprintf(stderr, "kiln run: --tcplisten needs HOST:PORT, got '%s'\n", arg);
        return false;
    }
    const char *host = arg;
    size_t hostlen = (size_t)(colon - arg);
    if (arg[0] == '[' && colon[-1] == ']') {
        host++;
        hostlen -= 2;
    }
    char *h = own_copy(o, host, hostlen);
    if (!h)
        return false;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res;
    int rc = getaddrinfo(h, colon + 1, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "kiln run: --tcplisten %s: %s\n", arg, gai_strerror(rc));
        return false;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    int one = 1;
    bool ok = fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
              bind(fd, res->ai_addr, res->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0;
    int error = errno;
    freeaddrinfo(res);
    if (!ok) {
        fprintf(stderr, "kiln run: --tcplisten %s: %s\n", arg, strerror(error));
        if (fd >= 0)
            close(fd);
        return false;
    }
    int *listeners = grow(o->listeners, o->nlisteners, sizeof *listeners);
    if (!listeners) {
        close(fd);
        return false;
    }
    o->listeners = listeners;
    listeners[o->nlisteners++] = fd;
    return true;
}

static bool opt_inherit_env(run_opts *o, const char *arg)
{
    (void)arg;
    o->inherit_env = true;
    return true;
}

/* --inherit-env: the guest's environment becomes all of kiln's, but for
 * the variables --env sets, which keep their --env value. */
static bool inherit_environment(run_opts *o)
{
    size_t nhost = 0;
    while (environ[nhost])
        nhost++;
    const char **env = calloc(nhost + (size_t)o->nenv + 1, sizeof *env);
    if (!env) {
        fprintf(stderr, "kiln: out of memory\n");
        return false;
    }
    int n = 0;
    for (size_t i = 0; i < nhost; i++) {
        size_t len = strcspn(environ[i], "=");
        bool set = false;
        for (int k = 0; k < o->nenv && !set; k++)
            set = strncmp(o->env[k], environ[i], len) == 0 && o->env[k][len] == '=';
        if (!set)
            env[n++] = environ[i];
    }
    for (int k = 0; k < o->nenv; k++)
        env[n++] = o->env[k];
    free(o->env);
    o->env = env;
    o->nenv = n;
    return true;
}

static bool opt_invoke(run_opts *o, const char *arg)
{
    o->invoke = arg;
    return true;
}

static bool opt_argv0(run_opts *o, const char *arg)
{
    o->argv0 = arg;
    return true;
}

/* A decimal count followed by one of `units` (name and multiplier; the
 * first is the default when the number stands alone), no more than
 * `max`; false after printing an error. */
typedef struct unit {
    const char *name;
    uint64_t scale;
} unit;

static bool parse_amount(const char *opt, const char *arg, const unit *units,
                         uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    uint64_t n = arg[0] >= '0' && arg[0] <= '9' ? strtoull(arg, &end, 10) : 0;
    if (arg[0] >= '0' && arg[0] <= '9' && errno == 0) {
        for (const unit *u = units; u->name; u++) {
            if (strcmp(end, u->name) == 0 || (u == units && *end == '\0')) {
                if (n > max / u->scale)
                    break;
                *out = n * u->scale;
                return true;
            }
        }
    }
    fprintf(stderr, "kiln run: %s: '%s' is not a valid amount (see kiln run --help)\n",
            opt, arg);
    return false;
}

static bool opt_codegen(run_opts *o, const char *arg)
{
    return kn_cli_codegen_parse(&o->codegen, "run", arg);
}

static bool opt_fuel(run_opts *o, const char *arg)
{
    static const unit units[] = {{"", 1}, {NULL, 0}};
    o->has_fuel = true;
    return parse_amount("--fuel", arg, units, UINT64_MAX, &o->fuel);
}

static bool opt_timeout(run_opts *o, const char *arg)
{
    static const unit units[] = {
        {"s", 1000000000}, {"ms", 1000000}, {"us", 1000}, {"ns", 1},
        {"m", UINT64_C(60000000000)}, {"h", UINT64_C(3600000000000)}, {NULL, 0},
    };
    o->timeout = arg;
    if (!parse_amount("--timeout", arg, units, UINT64_MAX, &o->timeout_ns))
        return false;
    if (o->timeout_ns == 0) {
        fprintf(stderr, "kiln run: --timeout must be more than 0\n");
        return false;
    }
    return true;
}

/* Bytes, rounded down to whole pages; at least one page. */
static bool opt_max_memory(run_opts *o, const char *arg)
{
    static const unit units[] = {
        {"", 1}, {"B", 1}, {"KiB", 1024}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
        {"K", 1024}, {"M", 1 << 20}, {"G", 1 << 30}, {"pages", KN_PAGE_SIZE}, {NULL, 0},
    };
    uint64_t bytes;
    if (!parse_amount("--max-memory", arg, units, (uint64_t)KN_MAX_PAGES * KN_PAGE_SIZE,
                      &bytes))
        return false;
    o->max_pages = (uint32_t)(bytes / KN_PAGE_SIZE);
    if (o->max_pages == 0) {
        fprintf(stderr, "kiln run: --max-memory: '%s' is less than one 64 KiB page\n", arg);
        return false;
    }
    return true;
}

static bool opt_max_code(run_opts *o, const char *arg)
{
    static const unit units[] = {
        {"", 1}, {"B", 1}, {"KiB", 1024}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
        {"K", 1024}, {"M", 1 << 20}, {"G", 1 << 30}, {NULL, 0},
    };
    if (!parse_amount("--max-code-size", arg, units, UINT64_MAX, &o->max_code))
        return false;
    if (o->max_code == 0) {
        fprintf(stderr, "kiln run: --max-code-size must be more than 0\n");
        return false;
    }
    return true;
}

static bool opt_max_table(run_opts *o, const char *arg)
{
    static const unit units[] = {{"", 1}, {NULL, 0}};
    uint64_t n;
    if (!parse_amount("--max-table-elements", arg, units, UINT32_MAX, &n))
        return false;
    o->has_max_table = true;
    o->max_table = (uint32_t)n;
    return true;
}

static bool opt_max_depth(run_opts *o, const char *arg)
{
    static const unit units[] = {{"", 1}, {NULL, 0}};
    uint64_t n = 1;
    if (!parse_amount("--max-call-depth", arg, units, UINT32_MAX, &n))
        return false;
    if (n == 0) {
        fprintf(stderr, "kiln run: --max-call-depth must be at least 1\n");
        return false;
    }
    o->max_depth = (uint32_t)n;
    return true;
}

typedef struct run_option {
    const char *name;        /* "--dir" */
    const char *value;       /* the value's name in the help; NULL: a flag, no value */
    bool (*set)(run_opts *o, const char *arg);  /* prints its own error */
    const char *help;
} run_option;

static const run_option run_options[] = {
    {"--dir", "HOST[::GUEST]", opt_dir,
     "give the guest host directory HOST, named GUEST (default: HOST)"},
    {"--mapdir", "GUEST::HOST", opt_mapdir, "the same, the older spelling"},
    {"--env", "NAME[=VALUE]", opt_env,
     "set a guest environment variable (without VALUE: the host's value);\n"
     "the guest sees no other variable of the host"},
    {"--inherit-env", NULL, opt_inherit_env,
     "give the guest every variable of kiln's environment (--env still\n"
     "sets or overrides one)"},
    {"--argv0", "NAME", opt_argv0, "the guest's argv[0] (default: FILE as given)"},
    {"--tcplisten", "HOST:PORT", opt_tcplisten,
     "listen on HOST:PORT and give the socket to the guest\n"
     "(the descriptor after the preopened directories)"},
    {"--invoke", "NAME", opt_invoke,
     "call export NAME with ARGS parsed by its parameter types and print\n"
     "its results, instead of running _start"},
    {"-C", "KEY=VALUE", opt_codegen, KN_CLI_CODEGEN_HELP},
    {"--fuel", "N", opt_fuel,
     "stop with the trap \"all fuel consumed\" after about N instructions"},
    {"--timeout", "DURATION", opt_timeout,
     "stop with the trap \"interrupted\" after DURATION of wall-clock time\n"
     "from kiln's start, loading and waits in WASI calls included (500ms,\n"
     "2s, 1m; a bare number is seconds)"},
    {"--max-memory", "SIZE", opt_max_memory,
     "let the guest's memories together take at most SIZE (64MiB,\n"
     "512KiB, 100pages; bare: bytes); memory.grow past it returns -1\n"
     "(default: 4GiB)"},
    {"--max-code-size", "SIZE", opt_max_code,
     "let the code kiln makes of the guest's functions (each on its first\n"
     "call) take at most SIZE together (64MiB; bare: bytes); a call past it\n"
     "stops with \"code size limit exceeded\", naming the function\n"
     "(default: 1GiB)"},
    {"--max-table-elements", "N", opt_max_table,
     "let the guest's tables together hold at most N elements;\n"
     "table.grow past it returns -1 (default: 10000000)"},
    {"--max-call-depth", "N", opt_max_depth,
     "stop with \"call stack exhausted\" beyond N nested calls (default: 10000)"},
};

static void print_help(void)
{
    puts("usage: kiln run [OPTIONS] FILE [ARGS...]\n"
         "\n"
         "Runs FILE (.wasm or .wat; - for stdin) with WASI preview 1: calls its\n"
         "export _start with ARGS as the guest's arguments. The guest reaches only\n"
         "what the options hand it: its arguments, stdio, the directories given by\n"
         "--dir/--mapdir, the variables given by --env and the --tcplisten sockets.\n"
         "\n"
         "options (--NAME VALUE or --NAME=VALUE):");
    for (size_t i = 0; i < sizeof run_options / sizeof run_options[0]; i++) {
        const run_option *r = &run_options[i];
        char label[64];
        snprintf(label, sizeof label, "%s%s%s", r->name, r->value ? " " : "",
                 r->value ? r->value : "");
        kn_cli_print_option(label, r->help, 26);
    }
    puts("  --allow-precompiled     run FILE when it is precompiled code (.cwasm, from\n"
         "                          kiln compile): native code kiln runs as it is, so\n"
         "                          trust whoever compiled it as you would a program\n"
         "                          they built\n"
         "  --                      end of options\n"
         "  -h, --help              show this help\n"
         "\n"
         "exit status: the guest's proc_exit code (low 8 bits), 0 when _start\n"
         "returns; 134 after a trap (message and backtrace on stderr); 1 when FILE\n"
         "cannot be loaded, linked or instantiated; 2 for a bad command line;\n"
         "143 or 130 after SIGTERM or SIGINT (which interrupt the guest).");
}

/* Parses the options before FILE into `o`; returns the index of FILE in
 * argv, or -1 after printing an error (or the help, *status 0). */
static int parse_options(int argc, char **argv, run_opts *o, int *status)
{
    *status = EXIT_USAGE;
    int i = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            print_help();
            *status = 0;
            return -1;
        }
        if (strcmp(a, "--allow-precompiled") == 0) {
            o->allow_precompiled = true;
            continue;
        }
        if (a[0] != '-' || a[1] == '\0')
            return i;   /* FILE (or "-" for stdin): the rest is the guest's */
        const run_option *r = NULL;
        const char *value = NULL;
        for (size_t k = 0; k < sizeof run_options / sizeof run_options[0]; k++) {
            size_t n = strlen(run_options[k].name);
            if (strncmp(a, run_options[k].name, n) == 0 && (a[n] == '\0' || a[n] == '=')) {
                r = &run_options[k];
                value = a[n] == '=' ? a + n + 1 : NULL;
                break;
            }
        }
        if (!r) {
            fprintf(stderr, "kiln run: unknown option '%s' (see kiln run --help)\n", a);
            return -1;
        }
        if (!r->value) {
            if (value) {
                fprintf(stderr, "kiln run: %s takes no value\n", r->name);
                return -1;
            }
        } else if (!value) {
            if (++i == argc) {
                fprintf(stderr, "kiln run: %s needs a value: %s %s\n", a, a, r->value);
                return -1;
            }
            value = argv[i];
        }
        if (!r->set(o, value))
            return -1;
    }
    if (i < argc)
        return i;
    fprintf(stderr, "kiln run: no module file given (see kiln run --help)\n");
    return -1;
}

/* Parses one command-line argument as a value of type `t`. */
static bool parse_arg(const char *s, kn_valtype t, kn_value *out)
{
    char *end;
    errno = 0;
    memset(out, 0, sizeof *out);
    switch (t) {
    case KN_I32: {
        long long v = strtoll(s, &end, 0);
        if (v < INT32_MIN || v > UINT32_MAX)
            return false;
        out->i32 = (uint32_t)v;
        break;
    }
    case KN_I64:
        if (s[0] == '-')
            out->i64 = (uint64_t)strtoll(s, &end, 0);
        else
            out->i64 = strtoull(s, &end, 0);
        break;
    case KN_F32: {
        float f = strtof(s, &end);
        memcpy(&out->f32, &f, sizeof f);
        break;
    }
    case KN_F64: {
        double d = strtod(s, &end);
        memcpy(&out->f64, &d, sizeof d);
        break;
    }
    default:
        return false;   /* references and v128 cannot be given on a command line */
    }
    return errno == 0 && end != s && *end == '\0';
}

static void print_value(kn_valtype t, const kn_value *v)
{
    switch (t) {
    case KN_I32: printf("%" PRId32 "\n", (int32_t)v->i32); break;
    case KN_I64: printf("%" PRId64 "\n", (int64_t)v->i64); break;
    case KN_F32: {
        float f;
        memcpy(&f, &v->f32, sizeof f);
        printf("%.9g\n", (double)f);
        break;
    }
    case KN_F64: {
        double d;
        memcpy(&d, &v->f64, sizeof d);
        printf("%.17g\n", d);
        break;
    }
    case KN_V128: {   /* as the text format's v128.const writes it */
        uint32_t w[4];
        memcpy(w, v->v128, sizeof w);
        printf("i32x4 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 "\n",
               w[0], w[1], w[2], w[3]);
        break;
    }
    default:
        printf(v->ref ? "ref\n" : "null\n");
        break;
    }
}

/* The type of the function `m` exports as `name`, or NULL. */
static const kn_functype *export_type(const kn_module *m, const char *name)
{
    size_t len = strlen(name);
    for (uint32_t i = 0; i < m->nexports; i++) {
        const kn_export *ex = &m->exports[i];
        if (ex->kind == KN_EXTERN_FUNC && ex->name.len == len &&
            memcmp(ex->name.data, name, len) == 0)
            return &m->types[m->funcs[ex->index].type];
    }
    return NULL;
}

/* --invoke's ARGS, parsed by the export's parameter types; false after
 * printing why (the runner reports an export missing or a count wrong). */
static bool parse_args(const kn_module *m, const char *name, char **args, int nargs,
                       kn_value *vals)
{
    const kn_functype *type = export_type(m, name);
    for (uint32_t p = 0; type && p < type->nparams && p < (uint32_t)nargs; p++) {
        if (!parse_arg(args[p], type->params[p], &vals[p])) {
            fprintf(stderr, "kiln: argument %" PRIu32 " (\"%s\") is not a valid %s\n",
                    p + 1, args[p], kn_valtype_name(type->params[p]));
            return false;
        }
    }
    return true;
}

/* The exit status for how the run ended, after printing what the user
 * should see: the export's results, or the trap ("kiln: trap: MESSAGE"
 * and the backtrace, innermost call first), or why it could not run. */
static int run_status(const char *path, const kn_module *m, const kn_command_result *r)
{
    switch (r->end) {
    case KN_COMMAND_RETURNED:
        for (uint32_t i = 0; r->type && i < r->type->nresults; i++)
            print_value(r->type->results[i], &r->results[i]);
        return 0;
    case KN_COMMAND_EXITED:
        return (int)((unsigned)r->exit_code & 0xff);
    case KN_COMMAND_FAILED:
        if (!r->import) {
            kn_cli_report(path, &r->error);
            return EXIT_ERROR;
        }
        fprintf(stderr, "kiln: %s: unknown import \"", path);   /* names as they are */
        kn_cli_print_escaped(stderr, r->import->module.data, r->import->module.len, true);
        fputs("\" \"", stderr);
        kn_cli_print_escaped(stderr, r->import->name.data, r->import->name.len, true);
        fprintf(stderr, "\" %s\n", kn_command_unknown_import(r->import));
        return EXIT_ERROR;
    case KN_COMMAND_TRAPPED:
        if (r->trap.code == KN_TRAP_INTERRUPTED && stop_signal)
            return 128 + stop_signal;
        break;
    }
    fputs("kiln: trap: ", stderr);
    kn_cli_print_escaped(stderr, r->trap.message, strlen(r->trap.message), false);
    fputc('\n', stderr);
    for (uint32_t i = 0; i < r->trap.nframes; i++) {
        uint32_t f = r->trap.frames[i];
        const char *name = f != UINT32_MAX && m->func_names ? m->func_names[f] : NULL;
        if (name) {
            fprintf(stderr, "  %u: ", i);
            kn_cli_print_escaped(stderr, name, strlen(name), false);
            fputc('\n', stderr);
        } else if (f != UINT32_MAX) {
            fprintf(stderr, "  %u: func[%" PRIu32 "]\n", i, f);
        } else {
            fprintf(stderr, "  %u: <host function>\n", i);
        }
    }
    return EXIT_TRAP;
}

/* --timeout: one deadline for the whole run, loading included. Until the
 * store exists, time runs out in code that cannot be interrupted (reading,
 * decoding and validating the module), so the watchdog ends the process
 * itself, with status 134 as after the trap; from then on it interrupts
 * the store, which ends any loop, call or blocking WASI call. */
typedef struct deadline {
    kn_watchdog *watchdog;
    char loading[512];       /* the message when time runs out loading */
    bool fired;
} deadline;

static void deadline_fire(void *arg)
{
    deadline *d = arg;
    kn_store *s = atomic_load(&running_store);
    if (s) {
        kn_store_interrupt(s);
        return;
    }
    ssize_t n = write(2, d->loading, strlen(d->loading));
    (void)n;
    _exit(EXIT_TRAP);
}

/* Stops the watchdog, if any, before the store it interrupts goes. */
static void deadline_stop(deadline *d)
{
    if (d->watchdog)
        d->fired = kn_watchdog_stop(d->watchdog);
    d->watchdog = NULL;
}

/* Runs `m` as a WASI command (wasi/command.h); returns the exit status. */
static int run_module(const char *path, const kn_module *m, const run_opts *o, deadline *d,
                      char **args, int nargs)
{
    const char **guest_argv = calloc((size_t)nargs + 1, sizeof *guest_argv);
    kn_value *vals = calloc((size_t)nargs + 1, sizeof *vals);
    if (!guest_argv || !vals) {
        fprintf(stderr, "kiln: out of memory\n");
        free(guest_argv);
        free(vals);
        return EXIT_ERROR;
    }
    /* With --invoke, ARGS are the export's arguments; the guest still sees
     * them as its argv, as under wasmtime. */
    guest_argv[0] = o->argv0 ? o->argv0 : path;
    for (int i = 0; i < nargs; i++)
        guest_argv[i + 1] = args[i];
    kn_wasi_config cfg = {
        .argc = nargs + 1, .argv = guest_argv,
        .envc = o->nenv, .envp = o->env,
        .npreopens = o->npreopens, .preopens = o->preopens,
        .stdin_fd = 0, .stdout_fd = 1, .stderr_fd = 2,
        .nlisteners = o->nlisteners, .listener_fds = o->listeners,
    };
    kn_command c = {
        .module = m, .tier = o->codegen.tier, .limits = kn_store_default_limits,
        .max_code_bytes = o->max_code,
        .fuel_enabled = o->has_fuel, .fuel = o->fuel, .wasi = &cfg,
        .invoke = o->invoke, .args = vals, .nargs = (uint32_t)nargs,
        .running = &running_store,
    };
    if (o->max_pages)
        c.limits.max_memory_pages = o->max_pages;
    if (o->has_max_table)
        c.limits.max_table_elems = o->max_table;
    if (o->max_depth)
        c.limits.max_call_depth = o->max_depth;
    int status = EXIT_ERROR;
    if (!o->invoke || parse_args(m, o->invoke, args, nargs, vals)) {
        kn_command_result r;
        c.watchdog = d->watchdog;   /* the runner stops it */
        d->watchdog = NULL;
        kn_command_run(&c, &r);
        d->fired = r.watchdog_fired;
        status = run_status(path, m, &r);
        kn_command_result_free(&r);
    }
    deadline_stop(d);
    free(vals);
    free(guest_argv);
    return status;
}

int kn_cmd_run(int argc, char **argv)
{
    run_opts o;
    memset(&o, 0, sizeof o);
    kn_cli_codegen_init(&o.codegen);
    int status;
    int i = parse_options(argc, argv, &o, &status);
    deadline d = {.watchdog = NULL};
    if (i >= 0 && o.inherit_env && !inherit_environment(&o)) {
        i = -1;
        status = EXIT_ERROR;
    }
    if (i >= 0) {
        const char *path = argv[i];
        status = EXIT_ERROR;
        struct sigaction stop = {.sa_handler = on_stop_signal};
        sigemptyset(&stop.sa_mask);
        sigaction(SIGTERM, &stop, NULL);
        sigaction(SIGINT, &stop, NULL);
        if (o.timeout_ns) {
            snprintf(d.loading, sizeof d.loading,
                     "kiln: the --timeout of %s ran out while loading %s\n", o.timeout, path);
            /* The watchdog's thread inherits a mask that blocks them. */
            sigset_t block, old;
            sigemptyset(&block);
            sigaddset(&block, SIGTERM);
            sigaddset(&block, SIGINT);
            pthread_sigmask(SIG_BLOCK, &block, &old);
            d.watchdog = kn_watchdog_start(o.timeout_ns, deadline_fire, &d);
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            if (!d.watchdog)
                fprintf(stderr, "kiln: cannot start the --timeout thread\n");
        }
        bool precompiled = false;
        kn_module *m = !o.timeout_ns || d.watchdog
                           ? kn_cli_load_run(path, o.allow_precompiled, &o.codegen, &precompiled)
                           : NULL;
        if (precompiled)
            o.codegen.tier = &kn_aot_tier;
        if (m) {
            /* A guest writing to a closed pipe or socket gets EPIPE, as a
             * native program that ignores SIGPIPE would, instead of kiln
             * being killed. */
            signal(SIGPIPE, SIG_IGN);
            status = run_module(path, m, &o, &d, argv + i + 1, argc - i - 1);
            kn_cli_module_free(m, precompiled);
        }
        deadline_stop(&d);
        if (d.fired)
            fprintf(stderr, "kiln: the --timeout of %s ran out\n", o.timeout);
    }
    run_opts_free(&o);
    fflush(stdout);
    return status;
}
