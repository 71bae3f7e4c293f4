/*
 * print.c -- the printer's writer and the module's fields, in the order
 * wabt's wasm2wat prints them: the order of the binary's sections (types,
 * imports, functions, tables, memories, globals, exports, start, elements,
 * data), each item with its name or an `(;index;)` comment.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/vec.h"
#include "internal.h"

/* The spaces that indent up to 64 levels in one write. */
static const char SPACES[] = "                                                                "
                             "                                                                ";

/* Text reaches the writer in pieces of at least this many bytes (the last
 * one excepted). */
#define PIECE 65536

/* Hands the piece written so far to the writer and empties it. */
static void write_piece(kn_printer *p)
{
    if (p->failed)
        return;
    if (p->out->failed) {
        kn_error_set(p->err, KN_ERR_LIMIT, "out of memory");
        p->failed = true;
    } else if (p->out->len && !p->write(p->write_ctx, p->out->data, p->out->len)) {
        kn_error_set(p->err, KN_ERR_IO, "cannot write the text");
        p->failed = true;
    }
    p->out->len = 0;
}

/* Every token starts here, so a full piece is handed on between tokens. */
void kn_p_write_next(kn_printer *p)
{
    if (p->out->len >= PIECE)
        write_piece(p);
    switch (p->next) {
    case KN_NEXT_SPACE:
        kn_buf_byte(p->out, ' ');
        break;
    case KN_NEXT_NEWLINE:
    case KN_NEXT_FORCE:
        kn_buf_byte(p->out, '\n');
        for (int n = p->indent; n > 0; n -= (int)sizeof SPACES - 1)
            kn_buf_push(p->out, SPACES,
                        n < (int)sizeof SPACES - 1 ? (size_t)n : sizeof SPACES - 1);
        break;
    case KN_NEXT_NONE:
        break;
    }
    p->next = KN_NEXT_NONE;
}

void kn_p_putn(kn_printer *p, const char *s, size_t n, kn_next next)
{
    kn_p_write_next(p);
    kn_buf_push(p->out, s, n);
    p->next = next;
}

void kn_p_puts(kn_printer *p, const char *s, kn_next next)
{
    kn_p_putn(p, s, strlen(s), next);
}

/* A formatted token (numbers, comments), followed by a space. */
void kn_p_printf(kn_printer *p, const char *fmt, ...)
{
    char text[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    kn_p_putn(p, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1,
              KN_NEXT_SPACE);
}

/* A newline before the next token. A pending forced newline (one after a
 * `;;` comment) is written first, so it is never lost. */
void kn_p_newline(kn_printer *p, bool force)
{
    if (p->next == KN_NEXT_FORCE)
        kn_p_write_next(p);
    p->next = force ? KN_NEXT_FORCE : KN_NEXT_NEWLINE;
}

void kn_p_open(kn_printer *p, const char *name, kn_next next)
{
    kn_p_puts(p, "(", KN_NEXT_NONE);
    kn_p_puts(p, name, next);
    p->indent += 2;
}

/* `)` right after the last token, unless a `;;` comment ends that line. */
void kn_p_close(kn_printer *p, kn_next next)
{
    if (p->next != KN_NEXT_FORCE)
        p->next = KN_NEXT_NONE;
    p->indent -= 2;
    kn_p_puts(p, ")", next);
}

/* Which bytes may appear in an identifier as wabt writes one: printable
 * ASCII but space, " ( ) , ; [ ] { }. Others become `_`. */
static bool idchar(uint8_t c)
{
    return c > 0x20 && c < 0x7f && !strchr("\"(),;[]{}", c);
}

void kn_p_name(kn_printer *p, const char *name, kn_next next)
{
    kn_p_write_next(p);
    for (const char *s = name; *s; s++)
        kn_buf_byte(p->out, idchar((uint8_t)*s) ? (uint8_t)*s : '_');
    p->next = next;
}

/* The name of item `index` of `ns`, or NULL. */
static const char *name_of(const kn_printer *p, kn_name_space ns, uint32_t index)
{
    const kn_module *m = p->m;
    uint32_t n = 0;
    switch (ns) {
    case KN_NS_TYPE: n = m->ntypes; break;
    case KN_NS_FUNC: n = m->nfuncs; break;
    case KN_NS_TABLE: n = m->ntables; break;
    case KN_NS_MEMORY: n = m->nmemories; break;
    case KN_NS_GLOBAL: n = m->nglobals; break;
    case KN_NS_ELEM: n = m->nelems; break;
    case KN_NS_DATA: n = m->ndatas; break;
    default: return NULL;
    }
    const char **names = p->names.of[ns];
    return names && index < n ? names[index] : NULL;
}

bool kn_p_named(const kn_printer *p, kn_name_space ns, uint32_t index)
{
    return name_of(p, ns, index) != NULL;
}

void kn_p_var(kn_printer *p, kn_name_space ns, uint32_t index, kn_next next)
{
    const char *name = name_of(p, ns, index);
    if (name)
        kn_p_name(p, name, next);
    else {
        kn_p_printf(p, "%" PRIu32, index);
        p->next = next;
    }
}

/* An item's name, or its index as a comment. */
static void name_or_index(kn_printer *p, kn_name_space ns, uint32_t index)
{
    const char *name = name_of(p, ns, index);
    if (name)
        kn_p_name(p, name, KN_NEXT_SPACE);
    else
        kn_p_printf(p, "(;%" PRIu32 ";)", index);
}

void kn_p_types(kn_printer *p, uint32_t n, const kn_valtype *types, const char *keyword)
{
    if (n == 0)
        return;
    kn_p_open(p, keyword, KN_NEXT_SPACE);
    for (uint32_t i = 0; i < n; i++)
        kn_p_puts(p, kn_valtype_name(types[i]), KN_NEXT_SPACE);
    kn_p_close(p, KN_NEXT_SPACE);
}

bool kn_p_grow(kn_printer *p, void **array, uint32_t *cap, uint32_t need, size_t size)
{
    if (kn_grow(array, cap, need, size))
        return true;
    if (!p->failed)
        kn_error_set(p->err, KN_ERR_LIMIT, "out of memory");
    p->failed = true;
    return false;
}

/* "..." with the bytes wabt escapes as \hh: controls, ", \ and all bytes
 * from 0x7f. */
static void quoted(kn_printer *p, const uint8_t *s, size_t n, kn_next next)
{
    static const char hex[] = "0123456789abcdef";
    kn_p_write_next(p);
    if (!kn_buf_reserve(p->out, 2 + 3 * n))
        return;
    uint8_t *o = p->out->data + p->out->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (uint8_t)hex[c >> 4];
            *o++ = (uint8_t)hex[c & 15];
        } else {
            *o++ = c;
        }
    }
    *o++ = '"';
    p->out->len = (size_t)(o - p->out->data);
    p->next = next;
}

static void quoted_name(kn_printer *p, kn_name name, kn_next next)
{
    quoted(p, (const uint8_t *)name.data, name.len, next);
}

static const char *const KIND_NAMES[] = {"func", "table", "memory", "global"};

static bool is_inline_export(const kn_printer *p, const kn_export *e)
{
    const kn_module *m = p->m;
    uint32_t imported = e->kind == KN_EXTERN_FUNC ? m->nfuncs_imported
                      : e->kind == KN_EXTERN_TABLE ? m->ntables_imported
                      : e->kind == KN_EXTERN_MEMORY ? m->nmemories_imported
                      : m->nglobals_imported;
    return p->opts.inline_exports && e->index >= imported;
}

static int by_item(const void *a, const void *b)
{
    const kn_iexport *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* With --inline-exports: the exports written inline, sorted by item and
 * then by their order in the section, so that each item finds its own by
 * binary search rather than by a walk over every export (quadratic:
 * 50,000 exported functions took 2 s). False when out of memory. */
static bool sort_inline_exports(kn_printer *p)
{
    const kn_module *m = p->m;
    if (!p->opts.inline_exports || m->nexports == 0)
        return true;
    if (!(p->iexports = malloc((size_t)m->nexports * sizeof *p->iexports)))
        return false;
    for (uint32_t i = 0; i < m->nexports; i++)
        if (is_inline_export(p, &m->exports[i]))
            p->iexports[p->niexports++] =
                (kn_iexport){m->exports[i].kind, m->exports[i].index, i};
    qsort(p->iexports, p->niexports, sizeof *p->iexports, by_item);
    return true;
}

/* With --inline-exports: (export "name") for each export of this item, in
 * the order of the export section. */
static void inline_exports(kn_printer *p, kn_externkind kind, uint32_t index)
{
    kn_iexport key = {kind, index, 0};
    uint32_t lo = 0, hi = p->niexports;
    while (lo < hi) {   /* the first entry not below (kind, index, 0) */
        uint32_t mid = lo + (hi - lo) / 2;
        if (by_item(&p->iexports[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < p->niexports && p->iexports[lo].kind == kind &&
           p->iexports[lo].index == index; lo++) {
        kn_p_open(p, "export", KN_NEXT_SPACE);
        quoted_name(p, p->m->exports[p->iexports[lo].pos].name, KN_NEXT_NONE);
        kn_p_close(p, KN_NEXT_SPACE);
    }
}

static void limits(kn_printer *p, const kn_limits *l)
{
    kn_p_printf(p, "%" PRIu64, l->min);
    if (l->has_max)
        kn_p_printf(p, "%" PRIu64, l->max);
}

static void begin_func(kn_printer *p, uint32_t index)
{
    kn_p_open(p, "func", KN_NEXT_SPACE);
    name_or_index(p, KN_NS_FUNC, index);
    inline_exports(p, KN_EXTERN_FUNC, index);
    kn_p_open(p, "type", KN_NEXT_SPACE);
    kn_p_var(p, KN_NS_TYPE, p->m->funcs[index].type, KN_NEXT_NONE);
    kn_p_close(p, KN_NEXT_SPACE);
}

static void table(kn_printer *p, uint32_t index)
{
    const kn_tabletype *t = &p->m->tables[index];
    kn_p_open(p, "table", KN_NEXT_SPACE);
    name_or_index(p, KN_NS_TABLE, index);
    inline_exports(p, KN_EXTERN_TABLE, index);
    limits(p, &t->limits);
    kn_p_puts(p, kn_valtype_name(t->elem), KN_NEXT_NONE);
    kn_p_close(p, KN_NEXT_NEWLINE);
}

static void memory(kn_printer *p, uint32_t index)
{
    kn_p_open(p, "memory", KN_NEXT_SPACE);
    name_or_index(p, KN_NS_MEMORY, index);
    inline_exports(p, KN_EXTERN_MEMORY, index);
    limits(p, &p->m->memories[index].limits);
    kn_p_close(p, KN_NEXT_NEWLINE);
}

static void begin_global(kn_printer *p, uint32_t index)
{
    const kn_globaltype *t = &p->m->globals[index].type;
    kn_p_open(p, "global", KN_NEXT_SPACE);
    name_or_index(p, KN_NS_GLOBAL, index);
    inline_exports(p, KN_EXTERN_GLOBAL, index);
    if (t->mutable_) {
        kn_p_open(p, "mut", KN_NEXT_SPACE);
        kn_p_puts(p, kn_valtype_name(t->type), KN_NEXT_SPACE);
        kn_p_close(p, KN_NEXT_SPACE);
    } else {
        kn_p_puts(p, kn_valtype_name(t->type), KN_NEXT_SPACE);
    }
}

static void imports(kn_printer *p)
{
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    for (uint32_t i = 0; i < p->m->nimports; i++) {
        const kn_import *im = &p->m->imports[i];
        kn_p_open(p, "import", KN_NEXT_SPACE);
        quoted_name(p, im->module, KN_NEXT_SPACE);
        quoted_name(p, im->name, KN_NEXT_SPACE);
        switch (im->kind) {
        case KN_EXTERN_FUNC:
            begin_func(p, nf++);
            kn_p_close(p, KN_NEXT_SPACE);
            break;
        case KN_EXTERN_TABLE:
            table(p, nt++);
            break;
        case KN_EXTERN_MEMORY:
            memory(p, nm++);
            break;
        case KN_EXTERN_GLOBAL:
            begin_global(p, ng++);
            kn_p_close(p, KN_NEXT_SPACE);
            break;
        }
        kn_p_close(p, KN_NEXT_NEWLINE);
    }
}

/* (param i32 i64) for unnamed ones, (param $x i32) for each named one, as
 * wabt groups them. Named ones are written as they are, not sanitized. */
static void bindings(kn_printer *p, const char *keyword, uint32_t n,
                     const kn_valtype *types, const char **names)
{
    bool prev_named = false;
    for (uint32_t i = 0; i < n; i++) {
        const char *name = names ? names[i] : NULL;
        if ((name || prev_named) && i > 0)
            kn_p_close(p, KN_NEXT_SPACE);
        if (name || prev_named || i == 0)
            kn_p_open(p, keyword, KN_NEXT_SPACE);
        if (name)
            kn_p_puts(p, name, KN_NEXT_SPACE);
        kn_p_puts(p, kn_valtype_name(types[i]), KN_NEXT_SPACE);
        prev_named = name != NULL;
    }
    if (n)
        kn_p_close(p, KN_NEXT_SPACE);
}

static void func(kn_printer *p, uint32_t index)
{
    const kn_module *m = p->m;
    const kn_func *f = &m->funcs[index];
    static const kn_functype empty = {0, 0, NULL, NULL};
    const kn_functype *t = f->type < m->ntypes ? &m->types[f->type] : &empty;
    const char **names = p->names.locals ? p->names.locals[index] : NULL;

    begin_func(p, index);
    bindings(p, "param", t->nparams, t->params, names);
    kn_p_types(p, t->nresults, t->results, "result");
    kn_p_newline(p, false);
    if (f->nlocals)
        bindings(p, "local", f->nlocals, f->locals, names ? names + t->nparams : NULL);
    kn_p_newline(p, false);
    p->func = index;
    p->type = t;
    kn_p_func_body(p, f);
    kn_p_close(p, KN_NEXT_NEWLINE);
}

static void exports(kn_printer *p)
{
    static const kn_name_space spaces[] = {KN_NS_FUNC, KN_NS_TABLE, KN_NS_MEMORY,
                                           KN_NS_GLOBAL};
    for (uint32_t i = 0; i < p->m->nexports; i++) {
        const kn_export *e = &p->m->exports[i];
        if (is_inline_export(p, e))
            continue;
        kn_p_open(p, "export", KN_NEXT_SPACE);
        quoted_name(p, e->name, KN_NEXT_SPACE);
        kn_p_open(p, KIND_NAMES[e->kind], KN_NEXT_SPACE);
        kn_p_var(p, spaces[e->kind], e->index, KN_NEXT_SPACE);
        kn_p_close(p, KN_NEXT_SPACE);
        kn_p_close(p, KN_NEXT_NEWLINE);
    }
}

/*
 * An element segment as wabt writes it, its form chosen from its contents
 * rather than the binary's flags: `func 0 1` when every item is a ref.func
 * of a funcref segment, else the type and one expression per item; the
 * table is named only when it is not table 0 of funcref.
 */
static void elem(kn_printer *p, uint32_t index)
{
    const kn_module *m = p->m;
    const kn_elem *e = &m->elems[index];
    bool all_funcs = e->type == KN_FUNCREF;
    for (uint32_t i = 0; e->exprs && i < e->nitems && all_funcs; i++)
        all_funcs = m->bytes[e->exprs[i].offset] == 0xd2;   /* ref.func */

    kn_p_open(p, "elem", KN_NEXT_SPACE);
    name_or_index(p, KN_NS_ELEM, index);
    if (e->mode == KN_SEG_ACTIVE) {
        if (e->type != KN_FUNCREF || e->table != 0) {
            kn_p_open(p, "table", KN_NEXT_SPACE);
            kn_p_var(p, KN_NS_TABLE, e->table, KN_NEXT_SPACE);
            kn_p_close(p, KN_NEXT_SPACE);
        }
        kn_p_const_expr(p, e->offset, "offset");
    } else if (e->mode == KN_SEG_DECLARATIVE) {
        kn_p_puts(p, "declare", KN_NEXT_SPACE);
    }
    kn_p_puts(p, all_funcs ? "func" : kn_valtype_name(e->type), KN_NEXT_SPACE);
    for (uint32_t i = 0; i < e->nitems; i++) {
        if (e->func_indices) {   /* the index form is always funcref */
            kn_p_var(p, KN_NS_FUNC, e->func_indices[i], KN_NEXT_SPACE);
        } else if (all_funcs) {
            kn_reader r;
            kn_instr in;
            kn_reader_init(&r, m->bytes, e->exprs[i].offset,
                           (size_t)e->exprs[i].offset + e->exprs[i].len, NULL);
            if (kn_read_instr(&r, &in))
                kn_p_var(p, KN_NS_FUNC, in.imm.index, KN_NEXT_SPACE);
        } else {
            kn_p_const_expr(p, e->exprs[i], "item");
        }
    }
    kn_p_close(p, KN_NEXT_NEWLINE);
}

static void data(kn_printer *p, uint32_t index)
{
    const kn_data *d = &p->m->datas[index];
    kn_p_open(p, "data", KN_NEXT_SPACE);
    name_or_index(p, KN_NS_DATA, index);
    if (d->mode == KN_SEG_ACTIVE) {
        if (d->memory != 0)
            kn_p_var(p, KN_NS_MEMORY, d->memory, KN_NEXT_SPACE);
        kn_p_const_expr(p, d->offset, "offset");
    }
    quoted(p, p->m->bytes + d->data_offset, d->data_len, KN_NEXT_SPACE);
    kn_p_close(p, KN_NEXT_NEWLINE);
}

static void module(kn_printer *p)
{
    const kn_module *m = p->m;
    kn_p_open(p, "module", KN_NEXT_SPACE);
    if (p->names.module)
        kn_p_name(p, p->names.module, KN_NEXT_NEWLINE);
    else
        kn_p_newline(p, false);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const kn_functype *t = &m->types[i];
        kn_p_open(p, "type", KN_NEXT_SPACE);
        name_or_index(p, KN_NS_TYPE, i);
        kn_p_open(p, "func", KN_NEXT_SPACE);
        kn_p_types(p, t->nparams, t->params, "param");
        kn_p_types(p, t->nresults, t->results, "result");
        kn_p_close(p, KN_NEXT_SPACE);
        kn_p_close(p, KN_NEXT_NEWLINE);
    }
    imports(p);
    for (uint32_t i = m->nfuncs_imported; i < m->nfuncs && !p->failed; i++)
        func(p, i);
    for (uint32_t i = m->ntables_imported; i < m->ntables; i++)
        table(p, i);
    for (uint32_t i = m->nmemories_imported; i < m->nmemories; i++)
        memory(p, i);
    for (uint32_t i = m->nglobals_imported; i < m->nglobals; i++) {
        begin_global(p, i);
        kn_p_const_expr(p, m->globals[i].init, NULL);
        kn_p_close(p, KN_NEXT_NEWLINE);
    }
    exports(p);
    if (m->has_start) {
        kn_p_open(p, "start", KN_NEXT_SPACE);
        kn_p_var(p, KN_NS_FUNC, m->start, KN_NEXT_NONE);
        kn_p_close(p, KN_NEXT_NEWLINE);
    }
    for (uint32_t i = 0; i < m->nelems; i++)
        elem(p, i);
    for (uint32_t i = 0; i < m->ndatas; i++)
        data(p, i);
    kn_p_close(p, KN_NEXT_NEWLINE);
    kn_p_write_next(p);
}

bool kn_print_module_to(const kn_module *m, const kn_print_options *opts,
                        kn_print_write write, void *ctx, kn_error *err)
{
    kn_printer p;
    kn_buf piece;
    memset(&p, 0, sizeof p);
    kn_buf_init(&piece);
    p.m = m;
    if (opts)
        p.opts = *opts;
    p.out = &piece;
    p.write = write;
    p.write_ctx = ctx;
    p.err = err;
    if ((!p.opts.no_names && !kn_names_read(m, &p.names)) || !sort_inline_exports(&p)) {
        kn_arena_free(&p.names.arena);
        return kn_error_set(err, KN_ERR_LIMIT, "out of memory");
    }
    module(&p);
    write_piece(&p);
    free(p.body);
    free(p.labels);
    free(p.nodes);
    free(p.stack);
    free(p.frames);
    free(p.blocks);
    free(p.iexports);
    kn_arena_free(&p.names.arena);
    kn_buf_free(&piece);
    return !p.failed;
}

static bool append(void *ctx, const uint8_t *bytes, size_t len)
{
    kn_buf *out = ctx;
    kn_buf_push(out, bytes, len);
    return !out->failed;
}

bool kn_print_module(const kn_module *m, const kn_print_options *opts, kn_buf *out,
                     kn_error *err)
{
    if (kn_print_module_to(m, opts, append, out, err))
        return true;
    if (out->failed)
        kn_error_set(err, KN_ERR_LIMIT, "out of memory");
    return false;
}
