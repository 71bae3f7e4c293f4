/*
 * command.c -- running a WASI command (command.h).
 */
#include "command.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../exec/exec.h"

static void failed(kn_command_result *r, kn_error_kind kind, const char *fmt, const char *name)
{
    r->end = KN_COMMAND_FAILED;
    kn_error_set(&r->error, kind, fmt, name);
}

/* How a call ended: returned, exited or trapped (the store's details
 * copied: the store goes before the caller reads them). */
static void ended(kn_command_result *r, const kn_store *s, kn_trap_code code)
{
    if (code == KN_TRAP_NONE) {
        r->end = KN_COMMAND_RETURNED;
        return;
    }
    if (code == KN_TRAP_EXIT) {
        r->end = KN_COMMAND_EXITED;
        r->exit_code = s->trap.exit_code;
        return;
    }
    r->end = KN_COMMAND_TRAPPED;
    r->trap.code = code;
    snprintf(r->trap.message, sizeof r->trap.message, "%s", kn_trap_message(s, code));
    r->trap.nframes = s->trap.nframes;
    for (uint32_t i = 0; i < s->trap.nframes; i++) {
        const kn_funcinst *f = s->trap.frames[i];
        r->trap.frames[i] = f->instance ? f->index : UINT32_MAX;
    }
}

const char *kn_command_unknown_import(const kn_import *imp)
{
    return kn_wasi_is_module(imp)
               ? "(not a WASI preview 1 function)"
               : "(kiln provides only wasi_snapshot_preview1 and wasi_unstable)";
}

/* Every import a function of WASI's: there is nothing else. */
static bool link(const kn_command *c, kn_wasi *w, kn_store *s, kn_extern *imports,
                 kn_command_result *r)
{
    const kn_module *m = c->module;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const kn_import *imp = &m->imports[i];
        if (kn_wasi_resolve(w, s, imp, &imports[i]))
            continue;
        r->end = KN_COMMAND_FAILED;
        r->import = imp;
        kn_error_set(&r->error, KN_ERR_LINK, "unknown import \"%.*s\" \"%.*s\" %s",
                     (int)imp->module.len, imp->module.data, (int)imp->name.len,
                     imp->name.data, kn_command_unknown_import(imp));
        return false;
    }
    return true;
}

/* The exported function `name`, or NULL. */
static kn_funcinst *export_func(const kn_instance *inst, const char *name)
{
    kn_extern ex;
    if (!kn_instance_export(inst, name, strlen(name), &ex) || ex.kind != KN_EXTERN_FUNC)
        return NULL;
    return ex.of.func;
}

/* Calls the export `name` with `args`, _initialize first if there is one
 * (a WASI reactor initialises itself before any other export runs). */
static void invoke(kn_store *s, kn_instance *inst, const char *name, const kn_value *args,
                   uint32_t nargs, kn_command_result *r)
{
    kn_funcinst *init = export_func(inst, "_initialize");
    if (init && init->type->nparams == 0 && init->type->nresults == 0) {
        kn_trap_code code = kn_call(s, init, NULL, NULL);
        if (code != KN_TRAP_NONE) {
            ended(r, s, code);
            return;
        }
    }
    kn_funcinst *f = export_func(inst, name);
    if (!f) {
        failed(r, KN_ERR_LINK, "no exported function \"%s\"", name);
        return;
    }
    const kn_functype *t = f->type;
    if (nargs != t->nparams) {
        r->end = KN_COMMAND_FAILED;
        kn_error_set(&r->error, KN_ERR_LINK, "\"%s\" takes %u arguments, %u given",
                     name, (unsigned)t->nparams, (unsigned)nargs);
        return;
    }
    r->type = t;
    r->results = calloc(t->nresults + 1, sizeof *r->results);
    if (!r->results) {
        failed(r, KN_ERR_LIMIT, "%s", "out of memory");
        return;
    }
    ended(r, s, kn_call(s, f, args, r->results));
}

static void result_init(kn_command_result *r)
{
    memset(r, 0, sizeof *r);
    kn_error_clear(&r->error);
}

void kn_command_call(kn_store *s, kn_instance *inst, const char *name,
                     const kn_value *args, uint32_t nargs, kn_command_result *r)
{
    result_init(r);
    if (name) {
        invoke(s, inst, name, args, nargs, r);
        return;
    }
    kn_funcinst *start = export_func(inst, "_start");
    if (!start)
        failed(r, KN_ERR_LINK, "%s", "no exported function \"_start\" (not a WASI command; "
                                     "use --invoke NAME to call another export)");
    else if (start->type->nparams != 0 || start->type->nresults != 0)
        failed(r, KN_ERR_LINK, "%s", "\"_start\" must take and return nothing");
    else
        ended(r, s, kn_call(s, start, NULL, NULL));
}

void kn_command_run(const kn_command *c, kn_command_result *r)
{
    result_init(r);
    const kn_module *m = c->module;
    kn_engine *engine = kn_engine_new(c->tier);
    kn_store *s = engine ? kn_store_new(engine) : NULL;
    kn_extern *imports = calloc(m->nimports ? m->nimports : 1, sizeof *imports);
    kn_wasi *w = NULL;
    if (!s || !imports) {
        failed(r, KN_ERR_LIMIT, "%s", "out of memory");
        goto done;
    }
    if (c->max_code_bytes)
        kn_engine_set_max_code(engine, c->max_code_bytes);
    s->limits = c->limits;
    s->fuel_enabled = c->fuel_enabled;
    s->fuel = c->fuel;
    if (c->running)
        atomic_store(c->running, s);
    if (!(w = kn_wasi_new(c->wasi, &r->error))) {
        r->end = KN_COMMAND_FAILED;
        goto done;
    }
    if (!link(c, w, s, imports, r))
        goto done;
    kn_instance *inst = kn_instantiate(s, m, imports, &r->error);
    if (!inst) {
        if (r->error.kind == KN_ERR_TRAP || r->error.kind == KN_ERR_EXHAUSTION)
            ended(r, s, (kn_trap_code)r->error.trap);
        else
            r->end = KN_COMMAND_FAILED;
        goto done;
    }
    kn_extern ex;
    if (kn_instance_export(inst, "memory", 6, &ex) && ex.kind == KN_EXTERN_MEMORY)
        kn_wasi_set_memory(w, ex.of.memory);
    kn_command_call(s, inst, c->invoke, c->args, c->nargs, r);
done:
    if (c->running)
        atomic_store(c->running, NULL);
    if (c->watchdog)
        r->watchdog_fired = kn_watchdog_stop(c->watchdog);
    if (w)
        kn_wasi_delete(w);
    free(imports);
    kn_store_delete(s);
    kn_engine_delete(engine);
}

void kn_command_result_free(kn_command_result *r)
{
    free(r->results);
    r->results = NULL;
}
