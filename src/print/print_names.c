/*
 * print_names.c -- the `name` custom section (spec 7.4.1, and subsections
 * 4-9 of the extended name section proposal) as the printer's identifiers.
 *
 * The rules are wabt's, so that names print as its wasm2wat prints them:
 *   - subsection ids strictly increase; each subsection ends where its size
 *     says; function and local indices strictly increase and are in range;
 *     any breach discards the whole section;
 *   - an empty name names nothing; a name out of range in subsections 4-9 is
 *     skipped;
 *   - a name already taken in its index space (a function's locals form one
 *     space) gets ".1", ".2", ... appended, the first free one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/hash.h"
#include "internal.h"

/* The names given in one index space, open addressing. Each also keeps
 * the counter its next repetition tries first (see unique). */
typedef struct strset {
    struct given {
        const char *name;   /* NULL: an empty slot */
        uint32_t next;
    } *slots;
    uint32_t cap, count;
} strset;

/* The slot of `name`, or the empty slot where it would go (cap > 0). */
static struct given *set_slot(const strset *s, const char *name)
{
    uint32_t i = kn_hash(name, strlen(name)) & (s->cap - 1);
    while (s->slots[i].name && strcmp(s->slots[i].name, name) != 0)
        i = (i + 1) & (s->cap - 1);
    return &s->slots[i];
}

static struct given *set_find(const strset *s, const char *name)
{
    if (!s->cap)
        return NULL;
    struct given *g = set_slot(s, name);
    return g->name ? g : NULL;
}

/* Adds `name`, which is not in the set. */
static bool set_add(strset *s, const char *name)
{
    if (2 * (s->count + 1) > s->cap) {   /* at most half full */
        strset grown = {NULL, s->cap ? 2 * s->cap : 16, s->count};
        if (!(grown.slots = calloc(grown.cap, sizeof *grown.slots)))
            return false;
        for (uint32_t i = 0; i < s->cap; i++)
            if (s->slots[i].name)
                *set_slot(&grown, s->slots[i].name) = s->slots[i];
        free(s->slots);
        *s = grown;
    }
    *set_slot(s, name) = (struct given){name, 1};
    s->count++;
    return true;
}

typedef struct reading {
    const kn_module *m;
    kn_names *n;
    strset sets[KN_NS_COUNT];
    bool oom;
} reading;

/*
 * "$" + name, made unique in `set` and added to it; NULL when out of
 * memory. A name already given gets the first of ".1", ".2", ... that
 * makes it new (wabt's rule). Names are only ever added, so every counter
 * below the one a name's last repetition got is taken for good: the
 * search resumes there, and each given name can stop it at most once (it
 * is "base.counter" for one base and counter only), which keeps naming
 * linear however often a name repeats.
 */
static const char *unique(reading *rd, strset *set, const uint8_t *p, uint32_t len)
{
    char *name = kn_arena_alloc(&rd->n->arena, (size_t)len + 16, 1);   /* room for ".4294967295" */
    if (!name)
        return NULL;
    name[0] = '$';
    memcpy(name + 1, p, len);
    name[len + 1] = '\0';
    struct given *base = set_find(set, name);
    if (base) {
        uint32_t counter = base->next;
        do
            snprintf(name + len + 1, 15, ".%u", counter++);
        while (set_find(set, name));
        base->next = counter;   /* before set_add moves the slots */
    }
    return set_add(set, name) ? name : NULL;
}

static uint32_t space_size(const kn_module *m, kn_name_space ns)
{
    switch (ns) {
    case KN_NS_TYPE: return m->ntypes;
    case KN_NS_FUNC: return m->nfuncs;
    case KN_NS_TABLE: return m->ntables;
    case KN_NS_MEMORY: return m->nmemories;
    case KN_NS_GLOBAL: return m->nglobals;
    case KN_NS_ELEM: return m->nelems;
    case KN_NS_DATA: return m->ndatas;
    default: return 0;
    }
}

/* Names item `index` of `ns`; false only when out of memory. */
static bool set_name(reading *rd, kn_name_space ns, uint32_t index,
                     const uint8_t *p, uint32_t len)
{
    kn_names *n = rd->n;
    if (len == 0 || index >= space_size(rd->m, ns))
        return true;
    if (!n->of[ns] &&
        !(n->of[ns] = kn_arena_alloc(&n->arena, space_size(rd->m, ns), sizeof(char *))))
        return false;
    return (n->of[ns][index] = unique(rd, &rd->sets[ns], p, len)) != NULL;
}

static uint32_t nparams_and_locals(const kn_module *m, uint32_t func)
{
    const kn_func *f = &m->funcs[func];
    uint32_t np = f->type < m->ntypes ? m->types[f->type].nparams : 0;
    return np + (f->imported ? 0 : f->nlocals);
}

/* Subsection 2: vec(funcidx, vec(localidx name)). */
static bool local_names(reading *rd, kn_reader *r)
{
    const kn_module *m = rd->m;
    kn_names *n = rd->n;
    uint32_t nfuncs, func, count, index, len;
    int64_t last_func = -1;
    const uint8_t *p;

    if (!kn_read_u32(r, &nfuncs))
        return false;
    for (uint32_t i = 0; i < nfuncs; i++) {
        if (!kn_read_u32(r, &func) || func >= m->nfuncs || (int64_t)func <= last_func)
            return false;
        last_func = func;
        uint32_t total = nparams_and_locals(m, func);
        if (!kn_read_u32(r, &count) || count > total)
            return false;
        strset set = {NULL, 0, 0};
        int64_t last = -1;
        bool ok = true;
        for (uint32_t k = 0; k < count && ok; k++) {
            ok = kn_read_u32(r, &index) && (int64_t)index > last &&
                 kn_read_name(r, &p, &len);
            last = index;
            if (!ok || len == 0 || index >= total)
                continue;
            if (!n->locals &&
                !(n->locals = kn_arena_alloc(&n->arena, m->nfuncs, sizeof(char **))))
                rd->oom = true;
            else if (!n->locals[func] &&
                     !(n->locals[func] = kn_arena_alloc(&n->arena, total, sizeof(char *))))
                rd->oom = true;
            else if (!(n->locals[func][index] = unique(rd, &set, p, len)))
                rd->oom = true;
            ok = !rd->oom;
        }
        free(set.slots);
        if (!ok)
            return false;
    }
    return true;
}

static bool subsection(reading *rd, uint32_t id, kn_reader *r)
{
    static const kn_name_space spaces[] = {KN_NS_TYPE, KN_NS_TABLE, KN_NS_MEMORY,
                                           KN_NS_GLOBAL, KN_NS_ELEM, KN_NS_DATA};
    const kn_module *m = rd->m;
    uint32_t count, index, len;
    int64_t last = -1;
    const uint8_t *p;

    if (kn_reader_at_end(r))
        return true;   /* an empty subsection names nothing */
    switch (id) {
    case 0:
        if (!kn_read_name(r, &p, &len))
            return false;
        if (len) {   /* the module's name is in no index space */
            strset none = {NULL, 0, 0};
            if (!(rd->n->module = unique(rd, &none, p, len)))
                rd->oom = true;
            free(none.slots);
        }
        break;
    case 1:
        if (!kn_read_u32(r, &count) || count > m->nfuncs)
            return false;
        for (uint32_t i = 0; i < count; i++) {
            if (!kn_read_u32(r, &index) || (int64_t)index <= last || index >= m->nfuncs ||
                !kn_read_name(r, &p, &len))
                return false;
            last = index;
            if (!set_name(rd, KN_NS_FUNC, index, p, len))
                rd->oom = true;
        }
        break;
    case 2:
        return local_names(rd, r);
    case 4: case 5: case 6: case 7: case 8: case 9:
        if (!kn_read_u32(r, &count))
            return false;
        for (uint32_t i = 0; i < count; i++) {
            if (!kn_read_u32(r, &index) || !kn_read_name(r, &p, &len))
                return false;
            if (!set_name(rd, spaces[id - 4], index, p, len))
                rd->oom = true;
        }
        break;
    default:   /* 3 (labels) and unknown subsections are skipped */
        r->pos = r->end;
        break;
    }
    return !rd->oom;
}

static bool read_section(reading *rd, const kn_custom *c)
{
    kn_error ignored;
    kn_reader r, sub;
    uint32_t id, size;
    int64_t last = -1;
    const uint8_t *contents;
    const uint8_t *bytes = rd->m->bytes;

    kn_reader_init(&r, bytes, c->data_offset, (size_t)c->data_offset + c->data_len,
                   &ignored);
    while (!kn_reader_at_end(&r)) {
        if (!kn_read_u32(&r, &id) || (int64_t)id <= last || !kn_read_u32(&r, &size) ||
            !kn_read_bytes(&r, size, &contents))
            return false;
        last = id;
        size_t start = (size_t)(contents - bytes);
        kn_reader_init(&sub, bytes, start, start + size, &ignored);
        if (!subsection(rd, id, &sub) || !kn_reader_at_end(&sub) || sub.failed)
            return false;
    }
    return true;
}

bool kn_names_read(const kn_module *m, kn_names *n)
{
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        const kn_custom *c = &m->customs[i];
        if (c->name.len != 4 || memcmp(c->name.data, "name", 4) != 0)
            continue;
        reading rd = {.m = m, .n = n};
        bool ok = read_section(&rd, c);
        for (int s = 0; s < KN_NS_COUNT; s++)
            free(rd.sets[s].slots);
        if (!ok) {   /* no names at all, as wabt would print none */
            kn_arena_free(&n->arena);
            memset(n, 0, sizeof *n);
        }
        return !rd.oom;
    }
    return true;
}
