/*
 * code.c -- validation of function bodies (spec 3.3 and 3.4.1), by the
 * algorithm of the spec's appendix A.3.
 *
 * One pass over the instructions keeps two stacks: the operand stack of
 * value types and the control stack of enclosing blocks. Each frame
 * remembers the operand height at its entry; a frame's operands are those
 * above that height and no instruction may pop below it. After an
 * unconditional branch (unreachable, br, br_table, return) the rest of the
 * block is stack-polymorphic: the stack is cut back to the frame's height,
 * and popping below it yields UNKNOWN, a type that matches every type.
 *
 * Both stacks are heap arrays, so deep nesting costs heap, not C stack;
 * they are bounded by KN_MAX_NESTING and KN_MAX_OPERANDS.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../binary/decode.h"
#include "../binary/reader.h"
#include "../binary/effect.h"
#include "internal.h"

/* The type of an operand that unreachable code conjures: matches anything.
 * 0 is no value type's encoding. */
enum { UNKNOWN = 0 };

typedef struct frame {
    kn_opcode op;              /* BLOCK (also the function's own frame), LOOP, IF, ELSE */
    uint32_t nparams, nresults;
    const kn_valtype *params, *results;
    size_t height;             /* operand stack height at entry */
    bool unreachable;          /* the rest of the block is stack-polymorphic */
    uint32_t br_table;         /* the last br_table that checked this label */
} frame;

typedef struct fv {
    const kn_vctx *c;
    const kn_module *m;
    kn_error *err;
    kn_valtype *vals;
    size_t nvals, capvals;
    frame *ctrls;
    size_t nctrls, capctrls;
    const kn_func *func;
    const kn_functype *type;
    uint32_t off;              /* of the instruction being checked, for errors */
    uint32_t br_tables;        /* br_tables checked so far, numbering them */
} fv;

__attribute__((format(printf, 2, 3)))
static bool fail(fv *v, const char *fmt, ...)
{
    va_list ap;
    if (!v->err)
        return false;
    va_start(ap, fmt);
    kn_error_vset(v->err, KN_ERR_INVALID, fmt, ap);
    va_end(ap);
    v->err->has_offset = true;
    v->err->offset = v->off;
    return false;
}

static bool mismatch(fv *v, kn_valtype expect, kn_valtype actual)
{
    if (actual == UNKNOWN)   /* what was popped was below the frame */
        return fail(v, "type mismatch: expected %s, but the stack is empty",
                    expect == UNKNOWN ? "a value" : kn_valtype_name(expect));
    if (expect == UNKNOWN)
        return fail(v, "type mismatch: unexpected %s", kn_valtype_name(actual));
    return fail(v, "type mismatch: expected %s, found %s",
                kn_valtype_name(expect), kn_valtype_name(actual));
}

static frame *top(fv *v)
{
    return &v->ctrls[v->nctrls - 1];
}

static bool push_val(fv *v, kn_valtype t)
{
    if (v->nvals == v->capvals) {
        size_t cap = v->capvals ? v->capvals * 2 : 256;
        kn_valtype *p;
        if (v->nvals >= KN_MAX_OPERANDS)
            return kn_error_at_offset(v->err, KN_ERR_LIMIT, v->off,
                                      "operand stack too deep");
        p = realloc(v->vals, cap);
        if (!p)
            return kn_error_set(v->err, KN_ERR_LIMIT, "out of memory");
        v->vals = p;
        v->capvals = cap;
    }
    v->vals[v->nvals++] = t;
    return true;
}

/* Pops an operand of type `expect` (UNKNOWN: of any type) into `*actual`.
 * Below the frame's height, unreachable code yields UNKNOWN. */
static bool pop_val(fv *v, kn_valtype expect, kn_valtype *actual)
{
    const frame *f = top(v);
    kn_valtype t;
    if (v->nvals == f->height) {
        if (!f->unreachable)
            return mismatch(v, expect, UNKNOWN);
        t = UNKNOWN;
    } else {
        t = v->vals[--v->nvals];
        if (t != expect && t != UNKNOWN && expect != UNKNOWN)
            return mismatch(v, expect, t);
    }
    if (actual)
        *actual = t;
    return true;
}

static bool pop(fv *v, kn_valtype expect)
{
    return pop_val(v, expect, NULL);
}

static bool pop_vals(fv *v, const kn_valtype *t, uint32_t n)
{
    while (n > 0)
        if (!pop(v, t[--n]))
            return false;
    return true;
}

static bool push_vals(fv *v, const kn_valtype *t, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!push_val(v, t[i]))
            return false;
    return true;
}

/* Checks, without popping, that the operands on top of the stack have the
 * types t[0..n). Equal to A.3's push_vals(pop_vals(t)) when there is no
 * subtyping, since that only turns operands below the frame into UNKNOWN. */
static bool peek_vals(fv *v, const kn_valtype *t, uint32_t n)
{
    const frame *f = top(v);
    size_t avail = v->nvals - f->height;
    for (uint32_t i = 0; i < n; i++) {
        kn_valtype a;
        if ((size_t)(n - i) > avail) {
            if (!f->unreachable)
                return mismatch(v, t[i], UNKNOWN);
            continue;
        }
        a = v->vals[v->nvals - (n - i)];
        if (a != t[i] && a != UNKNOWN)
            return mismatch(v, t[i], a);
    }
    return true;
}

static bool push_ctrl(fv *v, kn_opcode op, const kn_valtype *params,
                      uint32_t nparams, const kn_valtype *results,
                      uint32_t nresults)
{
    frame *f;
    /* The function's own frame does not count as nesting. */
    if (v->nctrls > KN_MAX_NESTING)
        return kn_error_at_offset(v->err, KN_ERR_LIMIT, v->off,
                                  "blocks nested too deeply");
    if (v->nctrls == v->capctrls) {
        size_t cap = v->capctrls ? v->capctrls * 2 : 64;
        frame *p = realloc(v->ctrls, cap * sizeof *p);
        if (!p)
            return kn_error_set(v->err, KN_ERR_LIMIT, "out of memory");
        v->ctrls = p;
        v->capctrls = cap;
    }
    f = &v->ctrls[v->nctrls++];
    f->op = op;
    f->params = params;
    f->nparams = nparams;
    f->results = results;
    f->nresults = nresults;
    f->height = v->nvals;
    f->unreachable = false;
    f->br_table = 0;
    return push_vals(v, params, nparams);
}

/* Ends the top frame: its results must be exactly what is left above its
 * height. */
static bool pop_ctrl(fv *v, frame *out)
{
    const frame *f = top(v);
    if (!pop_vals(v, f->results, f->nresults))
        return false;
    if (v->nvals != f->height)
        return fail(v, "type mismatch: %zu value(s) left at the end of the block",
                    v->nvals - f->height);
    *out = *f;
    v->nctrls--;
    return true;
}

/* Cuts the stack back to the frame's height: the rest is polymorphic. */
static void set_unreachable(fv *v)
{
    frame *f = top(v);
    v->nvals = f->height;
    f->unreachable = true;
}

/* A branch to a loop passes the loop's parameters, to any other block its
 * results (spec 3.3.8, br). */
static void label_types(const frame *f, const kn_valtype **t, uint32_t *n)
{
    if (f->op == KN_OP_LOOP) {
        *t = f->params;
        *n = f->nparams;
    } else {
        *t = f->results;
        *n = f->nresults;
    }
}

static bool label(fv *v, uint32_t depth, const kn_valtype **t, uint32_t *n)
{
    *t = NULL;
    *n = 0;
    if (depth >= v->nctrls)
        return fail(v, "unknown label %u", depth);
    label_types(&v->ctrls[v->nctrls - 1 - depth], t, n);
    return true;
}

static bool memory(fv *v, uint32_t x)
{
    return x < v->m->nmemories || fail(v, "unknown memory %u", x);
}

static bool elem_type(fv *v, uint32_t x, kn_valtype *t)
{
    *t = UNKNOWN;
    if (x >= v->m->nelems)
        return fail(v, "unknown elem segment %u", x);
    *t = v->m->elems[x].type;
    return true;
}

static bool data(fv *v, uint32_t x)
{
    return x < v->m->ndatas || fail(v, "unknown data segment %u", x);
}

/*
 * An instruction whose typing the opcode table states ("ii:i"), after the
 * checks its immediate needs: the memory, alignment (spec 3.3.7: at most
 * the natural alignment), data and elem indices.
 */
static bool plain(fv *v, const kn_instr *in)
{
    const kn_opinfo *info = &kn_opinfo_table[in->op];
    const char *colon = strchr(info->sig, ':');
    kn_valtype t;

    switch (info->imm) {
    case KN_IMM_MEMARG:
    case KN_IMM_MEMARG_LANE:
        if (!memory(v, in->imm.memarg.memory))
            return false;
        if (in->imm.memarg.align >= 32 ||
            (UINT32_C(1) << in->imm.memarg.align) > info->access)
            return fail(v, "alignment must not be larger than natural");
        if (info->imm == KN_IMM_MEMARG_LANE && in->lane >= 16 / info->access)
            return fail(v, "invalid lane index %u", in->lane);
        break;
    case KN_IMM_LANE:   /* the table's access is the lane width (opcodes.h) */
        if (in->lane >= 16 / info->access)
            return fail(v, "invalid lane index %u", in->lane);
        break;
    case KN_IMM_SHUFFLE:   /* lanes of both operands, 0-31 (spec 3.3.3) */
        for (int i = 0; i < 16; i++)
            if (in->imm.bytes[i] >= 32)
                return fail(v, "invalid lane index %u", in->imm.bytes[i]);
        break;
    case KN_IMM_MEMORY:
        if (!memory(v, in->imm.index))
            return false;
        break;
    case KN_IMM_MEMORY_INIT:
        if (!memory(v, in->imm.pair.b) || !data(v, in->imm.pair.a))
            return false;
        break;
    case KN_IMM_MEMORY_COPY:
        if (!memory(v, in->imm.pair.a) || !memory(v, in->imm.pair.b))
            return false;
        break;
    case KN_IMM_DATA:
        if (!data(v, in->imm.index))
            return false;
        break;
    case KN_IMM_ELEM:
        if (!elem_type(v, in->imm.index, &t))
            return false;
        break;
    default:
        break;
    }
    for (const char *p = colon; p > info->sig;)
        if (!pop(v, kn_sig_valtype(*--p)))
            return false;
    for (const char *p = colon + 1; *p; p++)
        if (!push_val(v, kn_sig_valtype(*p)))
            return false;
    return true;
}

/*
 * Every target's label types must match the operands. A.3 checks them once
 * per target, which costs targets times arity; here each distinct label is
 * looked at once, and its types are checked only when they differ from
 * the default's, which pop_vals checks (a cheap memcmp tells). Differing
 * types can match only operands of unreachable code (UNKNOWN).
 */
static bool br_table(fv *v, const kn_instr *in)
{
    const uint8_t *cursor = in->imm.br_table.labels;
    const kn_valtype *t;
    uint32_t arity, stamp = ++v->br_tables;

    if (!pop(v, KN_I32) || !label(v, in->imm.br_table.default_label, &t, &arity))
        return false;
    for (uint32_t i = 0; i < in->imm.br_table.count; i++) {
        uint32_t depth = kn_br_table_label(&cursor);
        const kn_valtype *ti;
        uint32_t ni;
        if (!label(v, depth, &ti, &ni))
            return false;
        if (ni != arity)
            return fail(v, "type mismatch: br_table targets of arities %u and %u",
                        ni, arity);
        frame *f = &v->ctrls[v->nctrls - 1 - depth];
        if (f->br_table == stamp)
            continue;
        f->br_table = stamp;
        if ((ti != t && ni && memcmp(ti, t, ni) != 0) && !peek_vals(v, ti, ni))
            return false;
    }
    if (!pop_vals(v, t, arity))
        return false;
    set_unreachable(v);
    return true;
}

/* select without types takes numeric or vector operands only (spec 3.3.4),
 * so that its result type is known without reference subtyping. */
static bool select_untyped(fv *v)
{
    kn_valtype t1, t2;
    if (!pop(v, KN_I32) || !pop_val(v, UNKNOWN, &t1) || !pop_val(v, UNKNOWN, &t2))
        return false;
    if (kn_is_reftype(t1) || kn_is_reftype(t2))
        return fail(v, "type mismatch: select without a type needs "
                    "numeric or vector operands");
    if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN)
        return mismatch(v, t1, t2);
    return push_val(v, t1 == UNKNOWN ? t2 : t1);
}

/* Spec 3.2.2 (block types): empty, one value type, or a type index. */
static bool block_type(fv *v, int64_t bt, kn_functype *out)
{
    return kn_block_type(v->m, bt, out) || fail(v, "unknown type %lld", (long long)bt);
}

/* The effect of an instruction typed by its immediates (effect.h), checked
 * on the stack: what it pops (top first), then what it pushes. */
static bool apply(fv *v, const kn_effect *e)
{
    return (e->last == KN_ANY || pop(v, e->last)) && pop_vals(v, e->pops, e->npops) &&
           push_vals(v, e->pushes, e->npushes);
}

/* The instructions the opcode table gives no signature. */
static bool special(fv *v, const kn_instr *in)
{
    const kn_module *m = v->m;
    kn_functype bt;
    frame f;
    const kn_valtype *lt;
    uint32_t n;
    kn_valtype t = UNKNOWN;
    kn_effect e;

    switch (in->op) {
    case KN_OP_UNREACHABLE:
        set_unreachable(v);
        return true;
    case KN_OP_BLOCK:
    case KN_OP_LOOP:
    case KN_OP_IF:   /* an if first pops its condition */
        return block_type(v, in->imm.block, &bt) &&
               (in->op != KN_OP_IF || pop(v, KN_I32)) &&
               pop_vals(v, bt.params, bt.nparams) &&
               push_ctrl(v, in->op, bt.params, bt.nparams, bt.results, bt.nresults);
    case KN_OP_ELSE:
        if (top(v)->op != KN_OP_IF)
            return fail(v, "else without if");
        return pop_ctrl(v, &f) &&
               push_ctrl(v, KN_OP_ELSE, f.params, f.nparams, f.results, f.nresults);
    case KN_OP_END:
        if (!pop_ctrl(v, &f))
            return false;
        /* An if without else has an empty else branch, which passes its
         * parameters through as its results (spec 5.4.1). */
        if (f.op == KN_OP_IF &&
            (f.nparams != f.nresults ||
             (f.nparams && memcmp(f.params, f.results, f.nparams) != 0)))
            return fail(v, "type mismatch: if without else must have "
                        "equal parameters and results");
        return v->nctrls == 0 || push_vals(v, f.results, f.nresults);
    case KN_OP_BR:
        if (!label(v, in->imm.index, &lt, &n) || !pop_vals(v, lt, n))
            return false;
        set_unreachable(v);
        return true;
    case KN_OP_BR_IF:
        return label(v, in->imm.index, &lt, &n) && pop(v, KN_I32) &&
               pop_vals(v, lt, n) && push_vals(v, lt, n);
    case KN_OP_BR_TABLE:
        return br_table(v, in);
    case KN_OP_RETURN:
        if (!pop_vals(v, v->type->results, v->type->nresults))
            return false;
        set_unreachable(v);
        return true;
    case KN_OP_CALL_INDIRECT:
        if (in->imm.call_indirect.table >= m->ntables)
            return fail(v, "unknown table %u", in->imm.call_indirect.table);
        t = m->tables[in->imm.call_indirect.table].elem;
        if (t != KN_FUNCREF)
            return fail(v, "type mismatch: call_indirect through a table of %s",
                        kn_valtype_name(t));
        break;
    case KN_OP_REF_IS_NULL:
        if (!pop_val(v, UNKNOWN, &t))
            return false;
        if (t != UNKNOWN && !kn_is_reftype(t))
            return fail(v, "type mismatch: expected a reference, found %s",
                        kn_valtype_name(t));
        return push_val(v, KN_I32);
    case KN_OP_REF_FUNC:
        if (in->imm.index < m->nfuncs && !kn_vctx_declared(v->c, in->imm.index))
            return fail(v, "undeclared function reference %u", in->imm.index);
        break;
    case KN_OP_SELECT:
        return select_untyped(v);
    case KN_OP_SELECT_T:
        if (in->select_arity != 1)   /* 2.0: select yields one value */
            return fail(v, "invalid result arity");
        break;
    case KN_OP_GLOBAL_SET:
        if (in->imm.index < m->nglobals && !m->globals[in->imm.index].type.mutable_)
            return fail(v, "global is immutable");
        break;
    default:
        break;
    }
    if (!kn_effect_of(m, v->type, v->func, in, &e, v->err))
        return false;
    /* table.copy and table.init: the element types must agree too */
    kn_valtype to = KN_ANY, from = KN_ANY;
    if (in->op == KN_OP_TABLE_COPY) {
        to = m->tables[in->imm.pair.a].elem;
        from = m->tables[in->imm.pair.b].elem;
    } else if (in->op == KN_OP_TABLE_INIT) {
        to = m->tables[in->imm.pair.b].elem;
        from = m->elems[in->imm.pair.a].type;
    }
    if (to != from)
        return fail(v, "type mismatch: %s of %s from %s", kn_opinfo_table[in->op].name,
                    kn_valtype_name(to), kn_valtype_name(from));
    return apply(v, &e);
}

static bool check_body(fv *v, uint32_t index)
{
    const kn_module *m = v->m;
    kn_reader r;
    kn_instr in;

    v->func = &m->funcs[index];
    v->type = &m->types[v->func->type];
    v->nvals = 0;
    v->nctrls = 0;
    v->off = v->func->code_offset;
    kn_reader_init(&r, m->bytes, v->func->code_offset,
                   (size_t)v->func->code_offset + v->func->code_len, v->err);
    if (!push_ctrl(v, KN_OP_BLOCK, NULL, 0, v->type->results, v->type->nresults))
        return false;
    while (v->nctrls > 0) {
        if (!kn_read_instr(&r, &in))   /* running out is "unexpected end" */
            return false;
        v->off = in.offset;
        if (!(kn_opinfo_table[in.op].sig ? plain(v, &in) : special(v, &in)))
            return false;
    }
    if (!kn_reader_at_end(&r))
        return kn_error_at_offset(v->err, KN_ERR_MALFORMED, kn_reader_offset(&r),
                                  "section size mismatch");
    return true;
}

bool kn_valid_code(const kn_vctx *c)
{
    fv v;
    bool ok = true;

    memset(&v, 0, sizeof v);
    v.c = c;
    v.m = c->m;
    v.err = c->err;
    for (uint32_t i = c->m->nfuncs_imported; ok && i < c->m->nfuncs; i++)
        ok = check_body(&v, i);
    free(v.vals);
    free(v.ctrls);
    return ok;
}
