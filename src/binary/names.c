/*
 * names.c -- the `name` custom section (spec 7.4.1): debugging names that
 * kiln shows in traces and disassembly.
 *
 *   namesec    ::= subsections in increasing id order, each at most once:
 *                  id:byte size:u32 contents (exactly size bytes)
 *   id 0       ::= the module's name
 *   id 1       ::= namemap: vec(funcidx name), indices strictly increasing
 *
 * Other subsections (local names, and those of later proposals) are
 * skipped. Any flaw, such as an index out of range, discards the whole
 * section: names are never a reason to reject a module.
 */
#include "names.h"

#include <string.h>

#include "reader.h"

typedef struct names {
    kn_module *m;
    const char *module_name;
    const char **func_names;
} names;

static const char *copy_name(kn_module *m, const uint8_t *p, uint32_t len)
{
    return kn_arena_strndup(&m->arena, (const char *)p, len);
}

static bool module_subsection(names *n, kn_reader *r)
{
    const uint8_t *p;
    uint32_t len;
    if (!kn_read_name(r, &p, &len) || !kn_reader_at_end(r))
        return false;
    n->module_name = copy_name(n->m, p, len);
    return n->module_name != NULL;
}

static bool function_subsection(names *n, kn_reader *r)
{
    kn_module *m = n->m;
    uint32_t count, index, len;
    uint64_t next = 0;   /* the least index the next entry may have */
    const uint8_t *p;

    if (!kn_read_len(r, &count))
        return false;
    if (!(n->func_names = kn_arena_alloc(&m->arena, m->nfuncs, sizeof(char *))))
        return false;
    for (uint32_t i = 0; i < count; i++) {
        if (!kn_read_u32(r, &index) || !kn_read_name(r, &p, &len))
            return false;
        if (index < next || index >= m->nfuncs)
            return false;
        if (!(n->func_names[index] = copy_name(m, p, len)))
            return false;
        next = (uint64_t)index + 1;
    }
    return kn_reader_at_end(r);
}

static bool read_names(names *n, const kn_custom *c)
{
    kn_error ignored;
    kn_reader r, sub;
    int last = -1;
    uint8_t id;
    uint32_t size;
    const uint8_t *contents;

    kn_reader_init(&r, n->m->bytes, c->data_offset,
                   (size_t)c->data_offset + c->data_len, &ignored);
    while (!kn_reader_at_end(&r)) {
        if (!kn_read_byte(&r, &id) || !kn_read_len(&r, &size) ||
            !kn_read_bytes(&r, size, &contents))
            return false;
        if (id <= last)
            return false;
        last = id;
        kn_reader_init(&sub, n->m->bytes, (size_t)(contents - n->m->bytes),
                       (size_t)(contents - n->m->bytes) + size, &ignored);
        if (id == 0 && !module_subsection(n, &sub))
            return false;
        if (id == 1 && !function_subsection(n, &sub))
            return false;
    }
    return true;
}

void kn_names_decode(kn_module *m)
{
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        const kn_custom *c = &m->customs[i];
        if (c->name.len == 4 && memcmp(c->name.data, "name", 4) == 0) {
            names n = {m, NULL, NULL};
            if (read_names(&n, c)) {
                m->module_name = n.module_name;
                m->func_names = n.func_names;
            }
            return;
        }
    }
}
