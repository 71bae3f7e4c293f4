/*
 * cmd_tools.c -- the text tools: `kiln validate`, `kiln wat2wasm` and
 * `kiln wasm2wat`.
 *
 * wat2wasm and wasm2wat accept the common arguments of wabt's tools of the
 * same names, so that scripts written for wabt keep working when kiln is
 * installed (or symlinked) as `wat2wasm`/`wasm2wat` (see main.c): -o FILE,
 * -v, --enable-FEATURE/--disable-FEATURE (accepted: kiln always has every
 * 2.0 feature and SIMD), --no-check, --debug-names, --fold-exprs. Options
 * of wabt's that would change the output in ways kiln does not implement
 * (--relocatable, --inline-imports, --generate-names, ...) are refused
 * rather than ignored. `-` is stdin; without -o the output goes to stdout;
 * a file output is written to a temporary file renamed into place, so a
 * failure never leaves a half-written file (an output that exists and is
 * no regular file, /dev/null or a pipe, is written in place).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../binary/decode.h"
#include "../print/print.h"
#include "cli.h"

int kn_cmd_validate(int argc, char **argv)
{
    int nfiles = 0, status = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            puts("usage: kiln validate FILE...\n"
                 "Decodes and validates each FILE (.wasm or .wat, `-` for stdin);\n"
                 "prints nothing on success, else the first error with its byte\n"
                 "offset (binary) or line:column (text). Exit status 1 on any error.");
            return 0;
        }
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0 ||
            strncmp(a, "--enable-", 9) == 0 || strncmp(a, "--disable-", 10) == 0)
            continue;   /* wabt's wasm-validate options, accepted */
        nfiles++;
        kn_module *m = kn_cli_load(a, true);
        if (!m)
            status = 1;
        kn_module_delete(m);
    }
    if (nfiles == 0) {
        fputs("usage: kiln validate FILE...\n", stderr);
        return 2;
    }
    return status;
}

/* An output being written: stdout when the path is NULL or "-"; a
 * temporary file that output_close renames into place when the path is a
 * regular file or none; the path itself otherwise (/dev/null, a pipe: a
 * rename would put a regular file in its place). */
typedef struct output {
    const char *path;      /* for messages */
    char *tmp;             /* the temporary file, or NULL */
    FILE *f;
    int error;             /* errno of the first failure, 0 while none */
} output;

static bool output_open(output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->path = "<stdout>";
        o->f = stdout;
        return true;
    }
    o->path = path;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if ((o->f = fopen(path, "wb")) != NULL)
            return true;
        fprintf(stderr, "kiln: %s: %s\n", path, strerror(errno));
        return false;
    }
    size_t n = strlen(path) + 16;
    if (!(o->tmp = malloc(n))) {
        fputs("kiln: out of memory\n", stderr);
        return false;
    }
    snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd >= 0) {
        /* mkstemp makes the file 0600; give it the mode a plain create would */
        mode_t mask = umask(0);
        umask(mask);
        if (fchmod(fd, 0666 & ~mask) == 0 && (o->f = fdopen(fd, "wb")) != NULL)
            return true;
        o->error = errno;
        close(fd);
        unlink(o->tmp);
    } else {
        o->error = errno;
    }
    fprintf(stderr, "kiln: %s: %s\n", path, strerror(o->error));
    free(o->tmp);
    return false;
}

/* Appends to the output (a kn_print_write). */
static bool output_write(void *ctx, const uint8_t *bytes, size_t len)
{
    output *o = ctx;
    if (!o->error && fwrite(bytes, 1, len, o->f) != len)
        o->error = errno ? errno : EIO;
    return !o->error;
}

/* Ends the output: a file is renamed into place when `ok` and every write
 * succeeded, else removed, so a failure never leaves a half-written file.
 * Reports a failure to write. */
static bool output_close(output *o, bool ok)
{
    if ((o->f == stdout ? fflush(o->f) : fclose(o->f)) != 0 && !o->error)
        o->error = errno;
    if (o->tmp) {
        if (ok && !o->error && rename(o->tmp, o->path) != 0)
            o->error = errno;
        if (!ok || o->error)
            unlink(o->tmp);
        free(o->tmp);
    }
    if (o->error)
        fprintf(stderr, "kiln: %s: %s\n", o->path, strerror(o->error));
    return ok && !o->error;
}

/* The options of both converters. */
typedef struct tool_opts {
    const char *tool;      /* "wat2wasm" or "wasm2wat", for messages */
    const char *in, *out;
    bool no_check;
    bool debug_names;      /* wat2wasm */
    kn_print_options print;/* wasm2wat */
} tool_opts;

/* Options that only one of the tools has; the rest are common. */
static const char *const WAT2WASM_HELP =
    "usage: kiln wat2wasm FILE [-o OUT] [options]\n"
    "Encodes a module in the text format to the binary format (stdout without -o).\n"
    "  -o, --output FILE   write to FILE (through a temporary file renamed into place)\n"
    "  --debug-names       write a `name` section from the text's identifiers\n"
    "  --no-check          do not validate the module\n"
    "  -v, --verbose       accepted, as are --enable-*/--disable-* feature flags\n";
static const char *const WASM2WAT_HELP =
    "usage: kiln wasm2wat FILE [-o OUT] [options]\n"
    "Prints a module in the text format, as wabt's wasm2wat prints it (FILE may\n"
    "also be text, which is then reformatted).\n"
    "  -o, --output FILE   write to FILE (through a temporary file renamed into place)\n"
    "  -f, --fold-exprs    write folded expressions where possible\n"
    "  --inline-exports    write exports inline, (func $f (export \"f\") ...)\n"
    "  --no-debug-names    ignore the `name` section\n"
    "  --no-check          print modules that do not validate\n"
    "  -v, --verbose       accepted, as are --enable-*/--disable-* feature flags and\n"
    "                      --ignore-custom-section-errors (kiln always ignores them)\n";

/* Parses argv into `o`. Returns -1 to go on, else the exit status. */
static int parse_tool_args(tool_opts *o, bool to_text, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(to_text ? WASM2WAT_HELP : WAT2WASM_HELP, stdout);
            return 0;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i == argc) {
                fprintf(stderr, "kiln %s: %s needs a file name\n", o->tool, a);
                return 2;
            }
            o->out = argv[i];
        } else if (strncmp(a, "--output=", 9) == 0) {
            o->out = a + 9;
        } else if (strncmp(a, "-o", 2) == 0 && a[2]) {
            o->out = a + 2;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0 ||
                   strncmp(a, "--enable-", 9) == 0 || strncmp(a, "--disable-", 10) == 0) {
            continue;
        } else if (strcmp(a, "--no-check") == 0) {
            o->no_check = true;
        } else if (!to_text && strcmp(a, "--debug-names") == 0) {
            o->debug_names = true;
        } else if (to_text && (strcmp(a, "-f") == 0 || strcmp(a, "--fold-exprs") == 0)) {
            o->print.fold_exprs = true;
        } else if (to_text && strcmp(a, "--inline-exports") == 0) {
            o->print.inline_exports = true;
        } else if (to_text && strcmp(a, "--no-debug-names") == 0) {
            o->print.no_names = true;
        } else if (to_text && strcmp(a, "--ignore-custom-section-errors") == 0) {
            continue;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "kiln %s: unknown or unsupported option '%s' (see --help)\n",
                    o->tool, a);
            return 2;
        } else if (!o->in) {
            o->in = a;
        } else {
            fprintf(stderr, "kiln %s: unexpected argument '%s'\n", o->tool, a);
            return 2;
        }
    }
    if (!o->in) {
        fputs(to_text ? WASM2WAT_HELP : WAT2WASM_HELP, stderr);
        return 2;
    }
    return -1;
}

int kn_cmd_wat2wasm(int argc, char **argv)
{
    tool_opts o = {.tool = "wat2wasm"};
    int status = parse_tool_args(&o, false, argc, argv);
    if (status >= 0)
        return status;
    uint8_t *bytes;
    size_t len;
    if (!kn_cli_read_binary(o.in, o.debug_names, &bytes, &len))
        return 1;
    kn_module *m = o.no_check ? NULL : kn_cli_decode(o.in, bytes, len, true);
    output out;
    bool ok = (o.no_check || m) && output_open(&out, o.out);
    ok = ok && output_close(&out, output_write(&out, bytes, len));
    kn_module_delete(m);
    free(bytes);
    return ok ? 0 : 1;
}

int kn_cmd_wasm2wat(int argc, char **argv)
{
    tool_opts o = {.tool = "wasm2wat"};
    int status = parse_tool_args(&o, true, argc, argv);
    if (status >= 0)
        return status;
    uint8_t *bytes;
    size_t len;
    /* A text input keeps its identifiers as names, so reformatting text
     * loses none of them. */
    if (!kn_cli_read_binary(o.in, !o.print.no_names, &bytes, &len))
        return 1;
    kn_module *m = kn_cli_decode(o.in, bytes, len, !o.no_check);
    free(bytes);
    if (!m)
        return 1;
    /* The text goes out as it is printed: it can be far larger than the
     * module (print.h). */
    output out;
    kn_error err;
    kn_error_clear(&err);
    bool ok = output_open(&out, o.out);
    if (ok) {
        ok = kn_print_module_to(m, &o.print, output_write, &out, &err);
        if (!ok && err.kind != KN_ERR_IO)   /* output_close reports a write error */
            kn_cli_report(o.in, &err);
        ok = output_close(&out, ok);
    }
    kn_module_delete(m);
    return ok ? 0 : 1;
}
