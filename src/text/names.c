/*
 * names.c -- the `name` custom section (spec 7.4.1) of a text module, from
 * its identifiers, as wabt 1.0.32's `wat2wasm --debug-names` writes it
 * (wabt's output is the reference of the whole text parser: see encode.c).
 *
 *   namesec ::= section 0, named "name", last in the module, holding
 *               subsections id:byte size:u32 contents, in this order:
 *   id 0    ::= the module's name, when it has an identifier
 *   id 1    ::= namemap of functions: vec(idx name), increasing indices,
 *               only the named ones; omitted when none is
 *   id 2    ::= vec(funcidx namemap) of locals: always present, with an
 *               entry for every function, even one without named locals
 *   id 4..9 ::= namemaps of types, tables, memories, globals, elem and
 *               data segments (the extended name section), as id 1
 *
 * A name is its identifier without the `$`. Index spaces other than locals
 * need no bookkeeping: the prescan's identifier maps, read backwards, are
 * the name maps, imports included. A function's locals map lives only while
 * the function is parsed, so wat_names_function encodes it then.
 */
#include "parse.h"

#include <stdlib.h>

typedef struct named {
    uint32_t index, len;
    const char *id;        /* with its `$` */
} named;

static int by_index(const void *a, const void *b)
{
    const named *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

static void put_id(kn_buf *b, const char *id, uint32_t len)
{
    kn_buf_uleb(b, len - 1);  /* the lexer's ids have at least one idchar */
    kn_buf_push(b, id + 1, len - 1);
}

/* A namemap (7.4.1.1): the identifiers of `m` in increasing index order. */
static bool put_namemap(wat *p, kn_buf *b, const wat_map *m)
{
    kn_buf_uleb(b, m->count);
    if (m->count == 0)
        return true;
    named *v = malloc((size_t)m->count * sizeof *v);
    if (!v)
        return wat_nomem(p);
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->cap; i++) {
        const struct wat_slot *s = &m->slots[i];
        if (s->key)
            v[n++] = (named){s->value, s->len, s->key};
    }
    qsort(v, n, sizeof *v, by_index);
    for (uint32_t i = 0; i < n; i++) {
        kn_buf_uleb(b, v[i].index);
        put_id(b, v[i].id, v[i].len);
    }
    free(v);
    return true;
}

bool wat_names_function(wat *p)
{
    if (!p->debug_names)
        return true;
    kn_buf_uleb(&p->local_names, p->funcs.count - 1);
    return put_namemap(p, &p->local_names, &p->locals);
}

bool wat_names_encode(wat *p, kn_buf *out)
{
    const struct { uint8_t id; const wat_space *space; } maps[] = {
        {4, &p->types}, {5, &p->tables}, {6, &p->mems}, {7, &p->globals},
        {8, &p->elems}, {9, &p->datas}
    };
    kn_buf sec, sub;
    kn_buf_init(&sec);
    kn_buf_init(&sub);
    kn_buf_uleb(&sec, 4);
    kn_buf_push(&sec, "name", 4);
    bool ok = true;
    if (p->module_id.len > 0) {
        put_id(&sub, p->module_id.text, (uint32_t)p->module_id.len);
        wat_put_section(&sec, 0, &sub);
    }
    if (p->funcs.ids.count > 0) {
        sub.len = 0;
        ok = put_namemap(p, &sub, &p->funcs.ids);
        wat_put_section(&sec, 1, &sub);
    }
    sub.len = 0;
    kn_buf_uleb(&sub, p->funcs.count);
    kn_buf_push(&sub, p->local_names.data, p->local_names.len);
    if (p->local_names.failed)
        sub.failed = true;
    wat_put_section(&sec, 2, &sub);
    for (size_t i = 0; ok && i < sizeof maps / sizeof maps[0]; i++) {
        if (maps[i].space->ids.count == 0)
            continue;
        sub.len = 0;
        ok = put_namemap(p, &sub, &maps[i].space->ids);
        wat_put_section(&sec, maps[i].id, &sub);
    }
    if (ok)
        wat_put_section(out, 0, &sec);  /* a custom section */
    kn_buf_free(&sec);
    kn_buf_free(&sub);
    return ok;
}
