/*
 * cmd_run.c -- `kiln run`: instantiate a module and call an export.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../binary/decode.h"
#include "../interp/interp.h"
#include "../runtime/runtime.h"
#include "cli.h"

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
    default:
        printf(v->ref ? "ref\n" : "null\n");
        break;
    }
}

/* "kiln: trap: MESSAGE" and the backtrace, innermost call first. */
static void print_trap(const kn_store *s, kn_trap_code code)
{
    fprintf(stderr, "kiln: trap: %s\n", kn_trap_message(s, code));
    for (uint32_t i = 0; i < s->trap.nframes; i++) {
        const kn_funcinst *f = s->trap.frames[i];
        const kn_module *m = f->instance ? f->instance->module : NULL;
        const char *name = m && m->func_names ? m->func_names[f->index] : NULL;
        if (name)
            fprintf(stderr, "  %u: %s\n", i, name);
        else if (m)
            fprintf(stderr, "  %u: func[%" PRIu32 "]\n", i, f->index);
        else
            fprintf(stderr, "  %u: <host function>\n", i);
    }
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "kiln run: %s (see kiln --help)\n", msg);
    return 2;
}

int kn_cmd_run(int argc, char **argv)
{
    const char *invoke = NULL, *path = NULL;
    int i = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "--invoke") == 0) {
            if (++i == argc)
                return usage_error("--invoke needs a function name");
            invoke = argv[i];
        } else if (strncmp(a, "--invoke=", 9) == 0) {
            invoke = a + 9;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            puts("usage: kiln run [--invoke NAME] FILE [ARGS...]");
            return 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "kiln run: unknown option '%s'\n", a);
            return 2;
        } else {
            break;
        }
    }
    if (i == argc)
        return usage_error("no module file given");
    path = argv[i++];
    char **args = argv + i;
    int nargs = argc - i;

    kn_module *m = kn_cli_load(path, true);
    if (!m)
        return 1;
    int status = 1;
    kn_store *s = kn_store_new();
    kn_extern *imports = calloc(m->nimports ? m->nimports : 1, sizeof *imports);
    if (!s || !imports) {
        fprintf(stderr, "kiln: out of memory\n");
        goto done;
    }
    if (m->nimports > 0) {
        const kn_import *imp = &m->imports[0];
        fprintf(stderr, "kiln: %s: unknown import \"%s\" \"%s\" (kiln provides no "
                "host modules yet; WASI is not implemented)\n",
                path, imp->module.data, imp->name.data);
        goto done;
    }
    kn_error err;
    kn_error_clear(&err);
    kn_instance *inst = kn_instantiate(s, m, imports, &err);
    if (!inst) {
        if (err.kind == KN_ERR_TRAP || err.kind == KN_ERR_EXHAUSTION)
            print_trap(s, (kn_trap_code)err.trap);
        else
            fprintf(stderr, "kiln: %s: %s\n", path, err.message);
        goto done;
    }
    const char *name = invoke ? invoke : "_start";
    kn_extern ex;
    if (!kn_instance_export(inst, name, strlen(name), &ex) || ex.kind != KN_EXTERN_FUNC) {
        fprintf(stderr, "kiln: %s: no exported function \"%s\"\n", path, name);
        goto done;
    }
    const kn_functype *type = ex.of.func->type;
    if ((uint32_t)nargs != type->nparams) {
        fprintf(stderr, "kiln: \"%s\" takes %" PRIu32 " arguments, %d given\n", name,
                type->nparams, nargs);
        goto done;
    }
    kn_value *vals = calloc(type->nparams + type->nresults + 1, sizeof *vals);
    if (!vals)
        goto done;
    for (uint32_t p = 0; p < type->nparams; p++) {
        if (!parse_arg(args[p], type->params[p], &vals[p])) {
            fprintf(stderr, "kiln: argument %" PRIu32 " (\"%s\") is not a valid %s\n",
                    p + 1, args[p], kn_valtype_name(type->params[p]));
            free(vals);
            goto done;
        }
    }
    kn_value *results = vals + type->nparams;
    kn_trap_code trap = kn_call(s, ex.of.func, vals, results);
    if (trap != KN_TRAP_NONE) {
        print_trap(s, trap);
    } else {
        for (uint32_t r = 0; r < type->nresults; r++)
            print_value(type->results[r], &results[r]);
        status = 0;
    }
    free(vals);
done:
    free(imports);
    if (s)
        kn_store_delete(s);
    kn_module_delete(m);
    return status;
}
