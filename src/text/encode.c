/*
 * encode.c -- the text parser's bookkeeping and output: identifier maps, the
 * module's type table, and the assembly of the section buffers into one
 * binary module (spec 5.5).
 *
 * The output follows wabt's wat2wasm byte for byte where the binary leaves a
 * choice: minimal LEB128s, sections in the order of 5.5.16, empty sections
 * omitted, a data count section only when an instruction needs it, and the
 * name section (names.c), when asked for, after all of them.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "../base/hash.h"

static struct wat_slot *find_slot(struct wat_slot *slots, uint32_t cap,
                                  const char *key, size_t len)
{
    uint32_t i = kn_hash(key, len) & (cap - 1);
    for (;;) {  /* terminates: the table is never full (load <= 1/2) */
        struct wat_slot *s = &slots[i];
        if (!s->key || (s->len == len && memcmp(s->key, key, len) == 0))
            return s;
        i = (i + 1) & (cap - 1);
    }
}

bool wat_map_get(const wat_map *m, const char *key, size_t len, uint32_t *value)
{
    if (m->count == 0)
        return false;
    struct wat_slot *s = find_slot(m->slots, m->cap, key, len);
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

wat_put wat_map_put(wat_map *m, const char *key, size_t len, uint32_t value)
{
    if (len > UINT32_MAX)
        return WAT_PUT_NOMEM;
    if ((m->count + 1) * 2 > m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 16;
        if (cap > UINT32_MAX / 4)
            return WAT_PUT_NOMEM;
        struct wat_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return WAT_PUT_NOMEM;
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                *find_slot(slots, cap, m->slots[i].key, m->slots[i].len) = m->slots[i];
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    struct wat_slot *s = find_slot(m->slots, m->cap, key, len);
    if (s->key)
        return WAT_PUT_DUPLICATE;
    s->key = key;
    s->len = (uint32_t)len;
    s->value = value;
    m->count++;
    return WAT_PUT_OK;
}

void wat_map_free(wat_map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* A signature's key in p->sigs: nparams, params, nresults, results, as in
 * the binary (5.3.6), so that equal keys are equal types. */
static const char *sig_key(wat *p, const kn_valtype *params, uint32_t np,
                           const kn_valtype *results, uint32_t nr, size_t *len)
{
    kn_buf b;
    kn_buf_init(&b);
    kn_buf_uleb(&b, np);
    kn_buf_push(&b, params, np);
    kn_buf_uleb(&b, nr);
    kn_buf_push(&b, results, nr);
    char *key = b.failed ? NULL : kn_arena_alloc(&p->arena, b.len, 1);
    if (key)
        memcpy(key, b.data, b.len);
    *len = b.len;
    kn_buf_free(&b);
    return key;
}

bool wat_type_add(wat *p, const kn_valtype *params, uint32_t np,
                  const kn_valtype *results, uint32_t nr, uint32_t *index)
{
    uint32_t n = p->types.count;
    if (n == p->typecap) {
        uint32_t cap = p->typecap ? p->typecap * 2 : 16;
        if (cap > UINT32_MAX / 2)
            return wat_nomem(p);
        wat_functype *v = realloc(p->typev, cap * sizeof *v);
        if (!v)
            return wat_nomem(p);
        p->typev = v;
        p->typecap = cap;
    }
    size_t total = (size_t)np + nr;
    kn_valtype *types = kn_arena_alloc(&p->arena, total ? total : 1, 1);
    size_t keylen;
    const char *key = sig_key(p, params, np, results, nr, &keylen);
    if (!types || !key)
        return wat_nomem(p);
    if (np)
        memcpy(types, params, np);
    if (nr)
        memcpy(types + np, results, nr);
    p->typev[n] = (wat_functype){np, nr, types};
    if (wat_map_put(&p->sigs, key, keylen, n) == WAT_PUT_NOMEM)
        return wat_nomem(p);
    p->types.count = n + 1;
    *index = n;
    return true;
}

/* The smallest index of an equal type, else a new type at the end: the
 * rule for inline type uses (6.6.2). */
bool wat_type_find_or_add(wat *p, const kn_valtype *params, uint32_t np,
                          const kn_valtype *results, uint32_t nr,
                          uint32_t *index)
{
    size_t keylen;
    const char *key = sig_key(p, params, np, results, nr, &keylen);
    if (!key)
        return wat_nomem(p);
    if (wat_map_get(&p->sigs, key, keylen, index))
        return true;
    return wat_type_add(p, params, np, results, nr, index);
}

void wat_put_section(kn_buf *out, uint8_t id, const kn_buf *body)
{
    kn_buf_byte(out, id);
    kn_buf_uleb(out, body->len);
    kn_buf_push(out, body->data, body->len);
    if (body->failed)
        out->failed = true;
}

/* A section whose body is a vector of `count` items, given without its
 * count. */
static void put_section(kn_buf *out, uint8_t id, const kn_buf *body,
                        uint32_t count)
{
    kn_buf head;
    kn_buf_init(&head);
    kn_buf_uleb(&head, count);
    kn_buf_byte(out, id);
    kn_buf_uleb(out, head.len + body->len);
    kn_buf_push(out, head.data, head.len);
    kn_buf_push(out, body->data, body->len);
    if (head.failed)
        out->failed = true;
    kn_buf_free(&head);
}

bool wat_encode(wat *p, kn_buf *out)
{
    static const uint8_t header[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    kn_buf_push(out, header, sizeof header);

    kn_buf *types = &p->sec[WAT_SEC_TYPE];
    for (uint32_t i = 0; i < p->types.count; i++) {
        const wat_functype *t = &p->typev[i];
        kn_buf_byte(types, 0x60);
        kn_buf_uleb(types, t->nparams);
        kn_buf_push(types, t->types, t->nparams);
        kn_buf_uleb(types, t->nresults);
        kn_buf_push(types, t->types + t->nparams, t->nresults);
    }
    p->nitems[WAT_SEC_TYPE] = p->types.count;

    /* 5.5.16: the data count section sits between elem and code. */
    static const uint8_t order[] = {
        WAT_SEC_TYPE, WAT_SEC_IMPORT, WAT_SEC_FUNC, WAT_SEC_TABLE,
        WAT_SEC_MEMORY, WAT_SEC_GLOBAL, WAT_SEC_EXPORT, WAT_SEC_START,
        WAT_SEC_ELEM, WAT_SEC_DATACOUNT, WAT_SEC_CODE, WAT_SEC_DATA
    };
    for (size_t i = 0; i < sizeof order; i++) {
        uint8_t id = order[i];
        const kn_buf *b = &p->sec[id];
        if (id == WAT_SEC_START) {
            if (p->has_start)
                wat_put_section(out, id, b);
        } else if (id == WAT_SEC_DATACOUNT) {
            if (p->uses_data_count) {
                kn_buf empty;
                kn_buf_init(&empty);
                put_section(out, id, &empty, p->datas.count);
            }
        } else if (p->nitems[id] > 0) {
            put_section(out, id, b, p->nitems[id]);
        }
        if (b->failed)
            out->failed = true;
    }
    if (p->debug_names && !wat_names_encode(p, out))
        return false;
    if (out->failed)
        return wat_nomem(p);
    return true;
}
