/*
 * run.c -- executing .wast scripts (`kiln wast`).
 *
 * One store per script holds spectest (registered as "spectest") and every
 * module the script instantiates. Modules are kept until the store is
 * deleted, since instances refer to them, even instances whose
 * instantiation trapped (their functions may already sit in a shared
 * table). A module command that fails leaves "no module" as the current
 * one, so the commands after it fail instead of acting on a stale module.
 *
 * Host externrefs `(ref.extern N)` are pointers to per-N cells owned by the
 * runner: equal N give equal pointers, and a pointer maps back to its N.
 */
#include "run.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/vec.h"
#include "../binary/decode.h"
#include "../exec/exec.h"
#include "../text/wat.h"
#include "../valid/validate.h"
#include "internal.h"
#include "script.h"


/* A module id ($name) or a registered name, and the instance it denotes
 * (NULL for a module that failed, or for spectest among registrations). */
typedef struct binding {
    const char *name;
    kn_instance *inst;
} binding;

typedef struct runner {
    const char *path;
    FILE *out;
    uint32_t max_failures;
    kn_wast_result *result;
    kn_engine *engine;
    kn_store *store;
    kn_spectest spectest;
    kn_instance *current;   /* the latest module, NULL if it failed */
    kn_vec modules;            /* kn_module *, freed after the store */
    kn_vec ids;                /* binding: $id -> instance */
    kn_vec registered;         /* binding: "name" -> instance, spectest first */
    kn_vec cells;              /* uint32_t *: externref N is the cell holding N */
} runner;

/* Records one failed command; prints it if within max_failures. */
static void fail(runner *r, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(runner *r, uint32_t line, const char *fmt, ...)
{
    if (++r->result->failed > r->max_failures)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(r->out, "%s:%" PRIu32 ": ", r->path, line);
    vfprintf(r->out, fmt, ap);
    fputc('\n', r->out);
    va_end(ap);
}

/* ---- externrefs ---- */

static void *extern_ref(runner *r, uint32_t n)
{
    uint32_t **cells = r->cells.items;
    for (size_t i = 0; i < r->cells.len; i++)
        if (*cells[i] == n)
            return cells[i];
    uint32_t *cell = malloc(sizeof *cell);
    if (!cell)
        return NULL;
    *cell = n;
    if (!kn_vec_push(&r->cells, sizeof cell, &cell)) {
        free(cell);
        return NULL;
    }
    return cell;
}

/* The N of an externref made by extern_ref, or false for another pointer. */
static bool extern_index(const runner *r, const void *ref, uint32_t *n)
{
    uint32_t *const *cells = r->cells.items;
    for (size_t i = 0; i < r->cells.len; i++) {
        if (cells[i] == ref) {
            *n = *cells[i];
            return true;
        }
    }
    return false;
}

/* ---- printing values ---- */

static void format_value(const runner *r, kn_valtype t, const kn_value *v,
                         char *out, size_t size)
{
    uint32_t n;
    switch (t) {
    case KN_I32: snprintf(out, size, "i32:0x%08" PRIx32, v->i32); break;
    case KN_I64: snprintf(out, size, "i64:0x%016" PRIx64, v->i64); break;
    case KN_F32: snprintf(out, size, "f32:0x%08" PRIx32, v->f32); break;
    case KN_F64: snprintf(out, size, "f64:0x%016" PRIx64, v->f64); break;
    case KN_V128: {
        size_t len = (size_t)snprintf(out, size, "v128:0x");
        for (int i = 15; i >= 0 && len + 2 < size; i--)
            len += (size_t)snprintf(out + len, size - len, "%02x", v->v128[i]);
        break;
    }
    default:
        if (!v->ref)
            snprintf(out, size, "ref.null");
        else if (t == KN_EXTERNREF && extern_index(r, v->ref, &n))
            snprintf(out, size, "ref.extern %" PRIu32, n);
        else
            snprintf(out, size, "%s:non-null", kn_valtype_name(t));
        break;
    }
}

static void format_expected(const runner *r, const kn_script_value *e,
                            char *out, size_t size)
{
    if (e->match == KN_MATCH_NAN_CANONICAL)
        snprintf(out, size, "%s:nan:canonical", kn_valtype_name(e->type));
    else if (e->match == KN_MATCH_NAN_ARITHMETIC)
        snprintf(out, size, "%s:nan:arithmetic", kn_valtype_name(e->type));
    else if (e->match == KN_MATCH_ANY_REF)
        snprintf(out, size, "%s:non-null", kn_valtype_name(e->type));
    else if (e->is_null)
        snprintf(out, size, "ref.null");
    else if (e->type == KN_EXTERNREF)
        snprintf(out, size, "ref.extern %" PRIu32, e->extern_index);
    else
        format_value(r, e->type, &e->value, out, size);
}

/* ---- matching results ---- */

/* NaN patterns (spec 4.3.3): canonical NaNs have only the payload's top bit
 * set, arithmetic NaNs at least that bit; the sign is free. */
static bool match_f32(kn_match how, uint32_t want, uint32_t got)
{
    switch (how) {
    case KN_MATCH_NAN_CANONICAL: return (got & 0x7fffffffu) == 0x7fc00000u;
    case KN_MATCH_NAN_ARITHMETIC: return (got & 0x7fc00000u) == 0x7fc00000u;
    default: return got == want;
    }
}

static bool match_f64(kn_match how, uint64_t want, uint64_t got)
{
    const uint64_t quiet = 0x7ff8000000000000u;
    switch (how) {
    case KN_MATCH_NAN_CANONICAL: return (got & 0x7fffffffffffffffu) == quiet;
    case KN_MATCH_NAN_ARITHMETIC: return (got & quiet) == quiet;
    default: return got == want;
    }
}

static bool match_v128(const kn_script_value *e, const uint8_t got[16])
{
    if (e->lanes == KN_LANES_F32X4) {
        for (int i = 0; i < 4; i++) {
            uint32_t w, g;
            memcpy(&w, e->value.v128 + 4 * i, 4);
            memcpy(&g, got + 4 * i, 4);
            if (!match_f32(e->lane_match[i], w, g))
                return false;
        }
        return true;
    }
    if (e->lanes == KN_LANES_F64X2) {
        for (int i = 0; i < 2; i++) {
            uint64_t w, g;
            memcpy(&w, e->value.v128 + 8 * i, 8);
            memcpy(&g, got + 8 * i, 8);
            if (!match_f64(e->lane_match[i], w, g))
                return false;
        }
        return true;
    }
    return memcmp(e->value.v128, got, 16) == 0;
}

static bool match_value(const runner *r, const kn_script_value *e, kn_valtype t,
                        const kn_value *got)
{
    uint32_t n;
    if (e->type != t)
        return false;
    if (kn_is_reftype(t)) {
        if (e->is_null)
            return got->ref == NULL;
        if (t == KN_EXTERNREF && e->match != KN_MATCH_ANY_REF)
            return extern_index(r, got->ref, &n) && n == e->extern_index;
        return got->ref != NULL;
    }
    switch (t) {
    case KN_I32: return got->i32 == e->value.i32;
    case KN_I64: return got->i64 == e->value.i64;
    case KN_F32: return match_f32(e->match, e->value.f32, got->f32);
    case KN_F64: return match_f64(e->match, e->value.f64, got->f64);
    default: return match_v128(e, got->v128);
    }
}

/* ---- modules ---- */

/* Decodes a script module (parsing it first if quoted). */
static kn_module *decode_module(const kn_script_module *sm, kn_error *err)
{
    if (sm->form != KN_MOD_QUOTE)
        return kn_decode(sm->bytes, sm->len, err);
    kn_buf wasm;
    kn_buf_init(&wasm);
    kn_module *m = NULL;
    if (kn_wat_to_wasm((const char *)sm->bytes, sm->len, NULL, &wasm, err)) {
        if (wasm.failed)
            kn_error_set(err, KN_ERR_LIMIT, "out of memory");
        else
            m = kn_decode(wasm.data, wasm.len, err);
    }
    kn_buf_free(&wasm);
    return m;
}

static kn_instance *lookup(const kn_vec *v, const char *name, size_t len, bool *found)
{
    const binding *b = v->items;
    for (size_t i = v->len; i-- > 0;) {
        if (strlen(b[i].name) == len && memcmp(b[i].name, name, len) == 0) {
            *found = true;
            return b[i].inst;
        }
    }
    *found = false;
    return NULL;
}

/* Resolves the module's imports by registered name (spec script semantics:
 * `register` makes an instance's exports importable under a module name). */
static bool resolve_imports(runner *r, const kn_module *m, kn_extern *imports,
                            kn_error *err)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const kn_import *imp = &m->imports[i];
        bool found, ok = false;
        kn_instance *inst = lookup(&r->registered, imp->module.data, imp->module.len,
                                   &found);
        if (found && inst)
            ok = kn_instance_export(inst, imp->name.data, imp->name.len, &imports[i]);
        else if (found)
            ok = kn_spectest_export(&r->spectest, imp->name.data, imp->name.len,
                                    &imports[i]);
        if (!ok)
            return kn_error_set(err, KN_ERR_LINK, "unknown import \"%s\" \"%s\"",
                                imp->module.data, imp->name.data);
    }
    return true;
}

/* Links and instantiates a valid module. The module then belongs to the
 * runner (it is kept alive for the store), whatever the outcome. */
static kn_instance *instantiate(runner *r, kn_module *m, kn_error *err)
{
    kn_extern *imports = calloc(m->nimports ? m->nimports : 1, sizeof *imports);
    kn_instance *inst = NULL;
    if (!imports || !kn_vec_push(&r->modules, sizeof m, &m)) {
        kn_error_set(err, KN_ERR_LIMIT, "out of memory");
        kn_module_delete(m);
    } else if (resolve_imports(r, m, imports, err)) {
        inst = kn_instantiate(r->store, m, imports, err);
    }
    free(imports);
    return inst;
}

static const char *kind_name(kn_error_kind k)
{
    switch (k) {
    case KN_ERR_NONE: return "success";
    case KN_ERR_MALFORMED: return "malformed";
    case KN_ERR_INVALID: return "invalid";
    case KN_ERR_LINK: return "link error";
    case KN_ERR_TRAP: return "trap";
    case KN_ERR_EXHAUSTION: return "exhaustion";
    case KN_ERR_LIMIT: return "limit";
    case KN_ERR_IO: return "I/O error";
    case KN_ERR_USAGE: return "usage error";
    }
    return "error";
}

/* Decodes, validates, links and instantiates; NULL with `err` on failure
 * at any stage. */
static kn_instance *load(runner *r, const kn_script_module *sm, kn_error *err)
{
    kn_module *m = decode_module(sm, err);
    if (!m)
        return NULL;
    if (!kn_validate(m, err)) {
        kn_module_delete(m);
        return NULL;
    }
    return instantiate(r, m, err);
}

static void run_module(runner *r, const kn_command *c)
{
    kn_error err;
    kn_error_clear(&err);
    r->current = load(r, &c->module, &err);
    if (c->module.id) {
        binding b = {c->module.id, r->current};
        if (!kn_vec_push(&r->ids, sizeof b, &b)) {
            fail(r, c->line, "module: out of memory");
            return;
        }
    }
    if (r->current)
        r->result->passed++;
    else
        fail(r, c->line, "module: expected success, got %s: %s", kind_name(err.kind),
             err.message);
}

static void run_register(runner *r, const kn_command *c)
{
    kn_instance *inst = r->current;
    bool found = true;
    if (c->register_id)
        inst = lookup(&r->ids, c->register_id, strlen(c->register_id), &found);
    if (!inst) {
        fail(r, c->line, "register: %s", found ? "no module" : "unknown module id");
        return;
    }
    binding b = {c->register_name, inst};
    if (!kn_vec_push(&r->registered, sizeof b, &b))
        fail(r, c->line, "register: out of memory");
    else
        r->result->passed++;
}

/* assert_malformed / assert_invalid / assert_unlinkable /
 * assert_uninstantiable: the module must fail at the given stage with a
 * message containing the script's. Quoted text is parsed and then decoded:
 * a well-formed text module may still encode something the binary format
 * forbids, and either is malformed. */
static void run_module_assert(runner *r, const kn_command *c)
{
    const char *cmd = "";
    kn_error_kind want = KN_ERR_NONE;
    switch (c->kind) {
    case KN_CMD_ASSERT_MALFORMED: cmd = "assert_malformed"; want = KN_ERR_MALFORMED; break;
    case KN_CMD_ASSERT_INVALID: cmd = "assert_invalid"; want = KN_ERR_INVALID; break;
    case KN_CMD_ASSERT_UNLINKABLE: cmd = "assert_unlinkable"; want = KN_ERR_LINK; break;
    default: cmd = "assert_uninstantiable"; want = KN_ERR_TRAP; break;
    }
    kn_error err;
    kn_error_clear(&err);
    /* A stage runs only after the stages before it succeeded, and only up
     * to the stage the command expects to fail. */
    kn_module *m = decode_module(&c->module, &err);
    if (m && want != KN_ERR_MALFORMED && kn_validate(m, &err) &&
        want != KN_ERR_INVALID) {
        if (instantiate(r, m, &err))
            err.kind = KN_ERR_NONE;
    } else {
        kn_module_delete(m);
    }
    /* Exhaustion in a start function is a trap for assert_uninstantiable. */
    kn_error_kind got = err.kind == KN_ERR_EXHAUSTION ? KN_ERR_TRAP : err.kind;
    const char *msg = c->message ? c->message : "";
    if (got == want && strstr(err.message, msg))
        r->result->passed++;
    else if (got == KN_ERR_NONE)
        fail(r, c->line, "%s: expected %s \"%s\", got success", cmd, kind_name(want),
             msg);
    else
        fail(r, c->line, "%s: expected %s \"%s\", got %s \"%s\"", cmd, kind_name(want),
             msg, kind_name(err.kind), err.message);
}

/* ---- actions ---- */

/* The outcome of an action: its results, or the trap that ended it. */
typedef struct outcome {
    kn_trap_code trap;
    uint32_t n;
    const kn_valtype *types;
    kn_value *values;   /* malloc'd, n entries (at least one) */
} outcome;

/* Performs an action. False (after recording the failure) when it could
 * not be performed at all: no such module or export, or wrong arguments. */
static bool perform(runner *r, const kn_command *c, outcome *o)
{
    const kn_action *a = &c->action;
    kn_instance *inst = r->current;
    bool found = true;
    if (a->module_id)
        inst = lookup(&r->ids, a->module_id, strlen(a->module_id), &found);
    if (!inst) {
        fail(r, c->line, "%s \"%s\": %s", a->is_get ? "get" : "invoke", a->field,
             found ? "no module (it failed)" : "unknown module id");
        return false;
    }
    kn_extern ex;
    kn_externkind want = a->is_get ? KN_EXTERN_GLOBAL : KN_EXTERN_FUNC;
    if (!kn_instance_export(inst, a->field, a->field_len, &ex) || ex.kind != want) {
        fail(r, c->line, "no %s exported as \"%s\"",
             a->is_get ? "global" : "function", a->field);
        return false;
    }
    o->trap = KN_TRAP_NONE;
    if (a->is_get) {
        o->n = 1;
        o->types = &ex.of.global->type.type;
        o->values = malloc(sizeof *o->values);
        if (!o->values) {
            fail(r, c->line, "out of memory");
            return false;
        }
        o->values[0] = ex.of.global->value;
        return true;
    }
    const kn_functype *type = ex.of.func->type;
    bool args_ok = a->nargs == type->nparams;
    for (uint32_t i = 0; args_ok && i < a->nargs; i++)
        args_ok = a->args[i].type == type->params[i];
    if (!args_ok) {
        fail(r, c->line, "invoke \"%s\": arguments do not match its type", a->field);
        return false;
    }
    kn_value *args = calloc((size_t)a->nargs + 1, sizeof *args);
    o->n = type->nresults;
    o->types = type->results;
    o->values = calloc((size_t)o->n + 1, sizeof *o->values);
    bool ok = args && o->values;
    for (uint32_t i = 0; ok && i < a->nargs; i++) {
        const kn_script_value *v = &a->args[i];
        args[i] = v->value;
        if (v->type == KN_EXTERNREF && !v->is_null)
            ok = (args[i].ref = extern_ref(r, v->extern_index)) != NULL;
        else if (kn_is_reftype(v->type))
            args[i].ref = NULL;
    }
    if (ok)
        o->trap = kn_call(r->store, ex.of.func, args, o->values);
    free(args);
    if (!ok) {
        free(o->values);
        fail(r, c->line, "out of memory");
    }
    return ok;
}

static void run_action(runner *r, const kn_command *c)
{
    outcome o;
    if (!perform(r, c, &o))
        return;
    if (o.trap == KN_TRAP_NONE)
        r->result->passed++;
    else
        fail(r, c->line, "invoke \"%s\": unexpected trap \"%s\"", c->action.field,
             kn_trap_message(r->store, o.trap));
    free(o.values);
}

static void run_assert_return(runner *r, const kn_command *c)
{
    outcome o;
    if (!perform(r, c, &o))
        return;
    char want[128], got[128];
    if (o.trap != KN_TRAP_NONE) {
        fail(r, c->line, "assert_return \"%s\": unexpected trap \"%s\"",
             c->action.field, kn_trap_message(r->store, o.trap));
    } else if (o.n != c->nresults) {
        fail(r, c->line, "assert_return \"%s\": expected %" PRIu32 " results, got %"
             PRIu32, c->action.field, c->nresults, o.n);
    } else {
        for (uint32_t i = 0; i < o.n; i++) {
            if (!match_value(r, &c->results[i], o.types[i], &o.values[i])) {
                format_expected(r, &c->results[i], want, sizeof want);
                format_value(r, o.types[i], &o.values[i], got, sizeof got);
                fail(r, c->line, "assert_return \"%s\": result %" PRIu32
                     ": expected %s, got %s", c->action.field, i, want, got);
                free(o.values);
                return;
            }
        }
        r->result->passed++;
    }
    free(o.values);
}

/* assert_trap and assert_exhaustion on an action. */
static void run_assert_trap(runner *r, const kn_command *c)
{
    outcome o;
    if (!perform(r, c, &o))
        return;
    bool exhaustion = c->kind == KN_CMD_ASSERT_EXHAUSTION;
    const char *cmd = exhaustion ? "assert_exhaustion" : "assert_trap";
    const char *msg = c->message ? c->message : "";
    if (o.trap == KN_TRAP_NONE)
        fail(r, c->line, "%s \"%s\": expected \"%s\", got a result", cmd,
             c->action.field, msg);
    else if ((o.trap == KN_TRAP_STACK_EXHAUSTED) != exhaustion ||
             !strstr(kn_trap_message(r->store, o.trap), msg))
        fail(r, c->line, "%s \"%s\": expected \"%s\", got %s \"%s\"", cmd,
             c->action.field, msg,
             o.trap == KN_TRAP_STACK_EXHAUSTED ? "exhaustion" : "trap",
             kn_trap_message(r->store, o.trap));
    else
        r->result->passed++;
    free(o.values);
}

static void run_command(runner *r, const kn_command *c)
{
    switch (c->kind) {
    case KN_CMD_MODULE: run_module(r, c); break;
    case KN_CMD_REGISTER: run_register(r, c); break;
    case KN_CMD_ACTION: run_action(r, c); break;
    case KN_CMD_ASSERT_RETURN: run_assert_return(r, c); break;
    case KN_CMD_ASSERT_TRAP:
    case KN_CMD_ASSERT_EXHAUSTION: run_assert_trap(r, c); break;
    case KN_CMD_ASSERT_MALFORMED:
    case KN_CMD_ASSERT_INVALID:
    case KN_CMD_ASSERT_UNLINKABLE:
    case KN_CMD_ASSERT_UNINSTANTIABLE: run_module_assert(r, c); break;
    case KN_CMD_ERROR:
        fail(r, c->line, "cannot parse command: %s", c->error.message);
        break;
    }
}

/* ---- files ---- */

static void runner_free(runner *r)
{
    kn_store_delete(r->store);
    kn_engine_delete(r->engine);
    kn_module **modules = r->modules.items;
    for (size_t i = 0; i < r->modules.len; i++)
        kn_module_delete(modules[i]);
    uint32_t **cells = r->cells.items;
    for (size_t i = 0; i < r->cells.len; i++)
        free(cells[i]);
    kn_vec_free(&r->modules);
    kn_vec_free(&r->ids);
    kn_vec_free(&r->registered);
    kn_vec_free(&r->cells);
}

bool kn_wast_run_file(const char *path, const struct kn_tier *tier, FILE *out,
                      uint32_t max_failures,
                      kn_wast_result *result)
{
    result->passed = result->failed = 0;
    kn_buf text;
    kn_buf_init(&text);
    if (!kn_buf_read_file(&text, path)) {
        fprintf(out, "%s: cannot read: %s\n", path, strerror(errno));
        kn_buf_free(&text);
        return false;
    }
    kn_error err;
    kn_error_clear(&err);
    kn_script *script = kn_script_parse((const char *)text.data, text.len, &err);
    kn_buf_free(&text);
    if (!script) {
        char msg[512];
        kn_error_format(&err, path, msg, sizeof msg);
        fprintf(out, "%s\n", msg);
        return false;
    }

    runner r;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.out = out;
    r.max_failures = max_failures;
    r.result = result;
    r.engine = kn_engine_new(tier);
    r.store = r.engine ? kn_store_new(r.engine) : NULL;
    binding spectest = {"spectest", NULL};
    bool ok = r.store && kn_spectest_init(&r.spectest, r.store) &&
              kn_vec_push(&r.registered, sizeof spectest, &spectest);
    if (ok) {
        for (uint32_t i = 0; i < script->ncommands; i++)
            run_command(&r, &script->commands[i]);
        fprintf(out, "%s: %" PRIu32 " passed, %" PRIu32 " failed\n", path,
                result->passed, result->failed);
    } else {
        fprintf(out, "%s: out of memory\n", path);
    }
    runner_free(&r);
    kn_script_delete(script);
    return ok;
}
