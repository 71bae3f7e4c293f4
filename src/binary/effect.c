/*
 * effect.c -- the stack effects of the instructions typed by their
 * immediates, and block types (effect.h).
 */
#include "effect.h"

/* Every byte as a kn_valtype, for a block type's one result to point at. */
static const kn_valtype bytes[256] = {
#define B4(n) (n), (n) + 1, (n) + 2, (n) + 3
#define B16(n) B4(n), B4((n) + 4), B4((n) + 8), B4((n) + 12)
#define B64(n) B16(n), B16((n) + 16), B16((n) + 32), B16((n) + 48)
    B64(0), B64(64), B64(128), B64(192)
#undef B4
#undef B16
#undef B64
};

bool kn_block_type(const kn_module *m, int64_t bt, kn_functype *out)
{
    *out = (kn_functype){0, 0, NULL, NULL};
    if (bt == -64)   /* 0x40: empty */
        return true;
    if (bt < 0) {
        uint8_t b = (uint8_t)(bt + 128);   /* the byte of the s7 value */
        out->nresults = 1;
        out->results = &bytes[b];
        return kn_is_valtype(b);
    }
    if ((uint64_t)bt >= m->ntypes)
        return false;
    *out = m->types[bt];
    return true;
}

/* An index out of range: the message in the spec's words. */
static bool unknown(kn_error *err, const kn_instr *in, const char *what, uint32_t x)
{
    return kn_error_at_offset(err, KN_ERR_INVALID, in->offset, "unknown %s %u", what, x);
}

/* e's pops and pushes from its buffer: n types popped, then m pushed. */
static void from_buf(kn_effect *e, uint32_t n, uint32_t m)
{
    e->pops = e->buf;
    e->npops = n;
    e->pushes = e->buf + n;
    e->npushes = m;
}

static kn_valtype table_elem(const kn_module *m, uint32_t x)
{
    return x < m->ntables ? m->tables[x].elem : KN_ANY;
}

bool kn_effect_of(const kn_module *m, const kn_functype *type, const kn_func *func,
                  const kn_instr *in, kn_effect *e, kn_error *err)
{
    kn_valtype *b = e->buf;
    uint32_t x = in->imm.index;
    e->last = KN_ANY;
    from_buf(e, 0, 0);
    switch (in->op) {
    case KN_OP_CALL:
        if (x >= m->nfuncs || m->funcs[x].type >= m->ntypes)
            return unknown(err, in, "function", x);
        e->pops = m->types[m->funcs[x].type].params;
        e->npops = m->types[m->funcs[x].type].nparams;
        e->pushes = m->types[m->funcs[x].type].results;
        e->npushes = m->types[m->funcs[x].type].nresults;
        return true;
    case KN_OP_CALL_INDIRECT:
        e->last = KN_I32;
        x = in->imm.call_indirect.type;
        if (x >= m->ntypes)
            return unknown(err, in, "type", x);
        e->pops = m->types[x].params;
        e->npops = m->types[x].nparams;
        e->pushes = m->types[x].results;
        e->npushes = m->types[x].nresults;
        return true;
    case KN_OP_REF_NULL:
        b[0] = in->imm.type;
        from_buf(e, 0, 1);
        return true;
    case KN_OP_REF_IS_NULL:
        b[0] = KN_ANY, b[1] = KN_I32;
        from_buf(e, 1, 1);
        return true;
    case KN_OP_REF_FUNC:
        b[0] = KN_FUNCREF;
        from_buf(e, 0, 1);
        return x < m->nfuncs || unknown(err, in, "function", x);
    case KN_OP_DROP:
        b[0] = KN_ANY;
        from_buf(e, 1, 0);
        return true;
    case KN_OP_SELECT:
    case KN_OP_SELECT_T: {
        kn_valtype t = in->op == KN_OP_SELECT_T ? in->imm.type : KN_ANY;
        b[0] = t, b[1] = t, b[2] = KN_I32, b[3] = t;
        from_buf(e, 3, 1);
        return true;
    }
    case KN_OP_LOCAL_GET:
    case KN_OP_LOCAL_SET:
    case KN_OP_LOCAL_TEE: {
        bool known = type && func && x < type->nparams + func->nlocals;
        b[0] = b[1] = !known ? KN_ANY
                             : x < type->nparams ? type->params[x]
                                                 : func->locals[x - type->nparams];
        if (in->op == KN_OP_LOCAL_GET)
            from_buf(e, 0, 1);
        else
            from_buf(e, 1, in->op == KN_OP_LOCAL_TEE);
        return known || !type || unknown(err, in, "local", x);
    }
    case KN_OP_GLOBAL_GET:
    case KN_OP_GLOBAL_SET:
        b[0] = x < m->nglobals ? m->globals[x].type.type : KN_ANY;
        from_buf(e, in->op == KN_OP_GLOBAL_SET, in->op == KN_OP_GLOBAL_GET);
        return x < m->nglobals || unknown(err, in, "global", x);
    case KN_OP_TABLE_GET:   /* [i32] -> [t] */
        b[0] = KN_I32, b[1] = table_elem(m, x);
        from_buf(e, 1, 1);
        break;
    case KN_OP_TABLE_SET:   /* [i32 t] -> [] */
        b[0] = KN_I32, b[1] = table_elem(m, x);
        from_buf(e, 2, 0);
        break;
    case KN_OP_TABLE_SIZE:  /* [] -> [i32] */
        b[0] = KN_I32;
        from_buf(e, 0, 1);
        break;
    case KN_OP_TABLE_GROW:  /* [t i32] -> [i32] */
        b[0] = table_elem(m, x), b[1] = KN_I32, b[2] = KN_I32;
        from_buf(e, 2, 1);
        break;
    case KN_OP_TABLE_FILL:  /* [i32 t i32] -> [] */
        b[0] = KN_I32, b[1] = table_elem(m, x), b[2] = KN_I32;
        from_buf(e, 3, 0);
        break;
    case KN_OP_TABLE_COPY:  /* [i32 i32 i32] -> [], tables a (to) and b (from) */
    case KN_OP_TABLE_INIT:  /* the same, table b, element segment a */
        b[0] = b[1] = b[2] = KN_I32;
        from_buf(e, 3, 0);
        x = in->op == KN_OP_TABLE_COPY ? in->imm.pair.a : in->imm.pair.b;
        if (x >= m->ntables)
            return unknown(err, in, "table", x);
        if (in->op == KN_OP_TABLE_COPY && in->imm.pair.b >= m->ntables)
            return unknown(err, in, "table", in->imm.pair.b);
        if (in->op == KN_OP_TABLE_INIT && in->imm.pair.a >= m->nelems)
            return unknown(err, in, "elem segment", in->imm.pair.a);
        return true;
    default:
        return kn_error_at_offset(err, KN_ERR_INVALID, in->offset,
                                  "%s has no stated effect", kn_opinfo_table[in->op].name);
    }
    return x < m->ntables || unknown(err, in, "table", x);   /* table.get ... table.fill */
}
