/*
 * print_instr.c -- function bodies and constant expressions as text.
 *
 * A body is first decoded into an array of instructions in which every
 * block, loop and if knows its `else` and `end`; printing then walks it
 * either flat (one instruction per line, blocks indented, `end` closing
 * them) or folded (--fold-exprs). Immediates are printed as wabt's
 * wasm2wat prints them: branch depths with the label they reach as a
 * comment, `offset=`/`align=` only when not the default, floats in
 * hexadecimal with their %g value in a comment.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static bool fail(kn_printer *p, uint32_t offset, const char *msg)
{
    if (!p->failed)
        kn_error_at_offset(p->err, KN_ERR_MALFORMED, offset, "%s", msg);
    p->failed = true;
    return false;
}

/*
 * A float's bits as wabt writes them: "-0x1.8p+1", "0x0p+0", "inf",
 * "nan", or "nan:0x200000" for a NaN whose payload is not the canonical
 * one. Subnormals are normalized ("0x1.p-149" for the least, its point
 * kept as wabt keeps it); trailing zero hex digits are dropped.
 */
static void hexfloat(char *out, uint64_t bits, int sigbits, int expbits)
{
    uint64_t sigmask = ((uint64_t)1 << sigbits) - 1;
    uint32_t expmax = (1u << expbits) - 1;
    uint32_t expfield = (uint32_t)(bits >> sigbits) & expmax;
    uint64_t sig = bits & sigmask;
    char *o = out;

    if ((bits >> (sigbits + expbits)) & 1)
        *o++ = '-';
    if (expfield == expmax) {
        if (sig == 0)
            strcpy(o, "inf");
        else if (sig == (uint64_t)1 << (sigbits - 1))
            strcpy(o, "nan");
        else
            sprintf(o, "nan:0x%" PRIx64, sig);
        return;
    }
    int exp = (int)expfield - (int)(expmax >> 1);
    bool zero = expfield == 0 && sig == 0;
    o += sprintf(o, "0x%c", zero ? '0' : '1');
    if (sig) {
        if (expfield == 0) {   /* subnormal: shift the leading 1 out */
            int lz = 0;
            while (!(sig & ((uint64_t)1 << (sigbits - 1 - lz))))
                lz++;
            sig = (sig << (lz + 1)) & sigmask;
            exp -= lz;
        }
        /* the point stays even when nothing follows it ("0x1.p-149") */
        *o++ = '.';
        for (uint64_t s = sig << (64 - sigbits); s; s <<= 4)
            *o++ = "0123456789abcdef"[s >> 60];
    }
    if (zero)
        strcpy(o, "p+0");
    else
        sprintf(o, "p%c%d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

/* The parameter and result types of a block type. */
static void blocktype(const kn_printer *p, int64_t bt, uint32_t *np, const kn_valtype **params,
                      uint32_t *nr, const kn_valtype **results, kn_valtype *one)
{
    *np = *nr = 0;
    *params = *results = NULL;
    if (bt == -64)
        return;
    if (bt < 0) {
        *one = (kn_valtype)(0x80 + bt);
        *nr = 1;
        *results = one;
    } else if ((uint64_t)bt < p->m->ntypes) {
        const kn_functype *t = &p->m->types[bt];
        *np = t->nparams, *params = t->params;
        *nr = t->nresults, *results = t->results;
    }
}

static void push_label(kn_printer *p, bool loop, uint32_t np, uint32_t nr)
{
    if (kn_p_grow(p, (void **)&p->labels, &p->labels_cap, p->nlabels + 1, sizeof *p->labels))
        p->labels[p->nlabels++] = (kn_plabel){loop, np, nr};
}

static void pop_label(kn_printer *p)
{
    if (p->nlabels)
        p->nlabels--;
}

/* "block (result i32)  ;; label = @1", then the block's label. */
static void begin_block(kn_printer *p, const kn_instr *in)
{
    uint32_t np, nr;
    const kn_valtype *params, *results;
    kn_valtype one;
    blocktype(p, in->imm.block, &np, &params, &nr, &results, &one);
    kn_p_puts(p, kn_opinfo_table[in->op].name, KN_NEXT_SPACE);
    kn_p_types(p, np, params, "param");
    kn_p_types(p, nr, results, "result");
    kn_p_printf(p, " ;; label = @%" PRIu32, p->nlabels);
    kn_p_newline(p, true);
    push_label(p, in->op == KN_OP_LOOP, np, nr);
    p->indent += 2;
}

/* A branch depth and, as a comment, the label it reaches. */
static void br_var(kn_printer *p, uint32_t depth, kn_next next)
{
    if (depth < p->nlabels)
        kn_p_printf(p, "%" PRIu32 " (;@%" PRIu32 ";)", depth, p->nlabels - depth - 1);
    else
        kn_p_printf(p, "%" PRIu32 " (; INVALID ;)", depth);
    p->next = next;
}

static void local_var(kn_printer *p, uint32_t index)
{
    const char **names = p->names.locals ? p->names.locals[p->func] : NULL;
    uint32_t total = p->type ? p->type->nparams + p->m->funcs[p->func].nlocals : 0;
    if (names && index < total && names[index])
        kn_p_name(p, names[index], KN_NEXT_NEWLINE);
    else {
        kn_p_printf(p, "%" PRIu32, index);
        p->next = KN_NEXT_NEWLINE;
    }
}

static void memarg(kn_printer *p, const kn_instr *in)
{
    if (in->imm.memarg.offset)
        kn_p_printf(p, "offset=%" PRIu64, in->imm.memarg.offset);
    if ((1u << in->imm.memarg.align) != kn_opinfo_table[in->op].access)
        kn_p_printf(p, "align=%" PRIu64, (uint64_t)1 << in->imm.memarg.align);
}

/* One instruction other than block, loop, if, else and end. */
static void instr(kn_printer *p, const kn_instr *in)
{
    const kn_opinfo *op = &kn_opinfo_table[in->op];
    char text[64];
    float f;
    double d;

    kn_p_puts(p, op->name, KN_NEXT_SPACE);
    switch (op->imm) {
    case KN_IMM_NONE:
    case KN_IMM_MEMORY:       /* memory 0, the only one, is not written */
    case KN_IMM_MEMORY_COPY:
    case KN_IMM_BLOCK:        /* handled by the callers */
        break;
    case KN_IMM_LABEL:
        br_var(p, in->imm.index, KN_NEXT_NEWLINE);
        break;
    case KN_IMM_BR_TABLE: {
        const uint8_t *cursor = in->imm.br_table.labels;
        for (uint32_t i = 0; i < in->imm.br_table.count; i++)
            br_var(p, kn_br_table_label(&cursor), KN_NEXT_SPACE);
        br_var(p, in->imm.br_table.default_label, KN_NEXT_NEWLINE);
        break;
    }
    case KN_IMM_FUNC:
        kn_p_var(p, KN_NS_FUNC, in->imm.index, KN_NEXT_NEWLINE);
        break;
    case KN_IMM_CALL_INDIRECT:
        if (in->imm.call_indirect.table != 0 || kn_p_named(p, KN_NS_TABLE, 0))
            kn_p_var(p, KN_NS_TABLE, in->imm.call_indirect.table, KN_NEXT_SPACE);
        kn_p_open(p, "type", KN_NEXT_SPACE);
        kn_p_var(p, KN_NS_TYPE, in->imm.call_indirect.type, KN_NEXT_NEWLINE);
        kn_p_close(p, KN_NEXT_NEWLINE);
        break;
    case KN_IMM_LOCAL:
        local_var(p, in->imm.index);
        break;
    case KN_IMM_GLOBAL:
        kn_p_var(p, KN_NS_GLOBAL, in->imm.index, KN_NEXT_NEWLINE);
        break;
    case KN_IMM_TABLE:
        kn_p_var(p, KN_NS_TABLE, in->imm.index, KN_NEXT_NEWLINE);
        break;
    case KN_IMM_MEMARG:
        memarg(p, in);
        break;
    case KN_IMM_I32:
        kn_p_printf(p, "%" PRId32, (int32_t)in->imm.i32);
        break;
    case KN_IMM_I64:
        kn_p_printf(p, "%" PRId64, (int64_t)in->imm.i64);
        break;
    case KN_IMM_F32:
        hexfloat(text, in->imm.f32, 23, 8);
        kn_p_puts(p, text, KN_NEXT_SPACE);
        memcpy(&f, &in->imm.f32, sizeof f);
        kn_p_printf(p, "(;=%g;)", (double)f);
        break;
    case KN_IMM_F64:
        hexfloat(text, in->imm.f64, 52, 11);
        kn_p_puts(p, text, KN_NEXT_SPACE);
        memcpy(&d, &in->imm.f64, sizeof d);
        kn_p_printf(p, "(;=%g;)", d);
        break;
    case KN_IMM_SELECT_T:
        if (in->select_arity == 1) {
            kn_p_types(p, 1, &in->imm.type, "result");
        } else {
            /* Only invalid modules have another number of types. wabt writes
             * none for none, which would read back as plain select: kiln
             * writes them all, "(result)" for none, so the binary survives. */
            kn_reader r;
            uint32_t n;
            kn_valtype t;
            kn_reader_init(&r, p->m->bytes, in->offset + 1, p->m->size, NULL);
            kn_read_u32(&r, &n);
            kn_p_open(p, "result", KN_NEXT_SPACE);
            for (uint32_t i = 0; i < in->select_arity && kn_read_valtype(&r, &t); i++)
                kn_p_puts(p, kn_valtype_name(t), KN_NEXT_SPACE);
            kn_p_close(p, KN_NEXT_SPACE);
        }
        break;
    case KN_IMM_REFTYPE:
        kn_p_puts(p, in->imm.type == KN_FUNCREF ? "func" : "extern", KN_NEXT_NEWLINE);
        break;
    case KN_IMM_TABLE_INIT:   /* elem, table */
        if (in->imm.pair.b != 0 || kn_p_named(p, KN_NS_TABLE, 0))
            kn_p_var(p, KN_NS_TABLE, in->imm.pair.b, KN_NEXT_SPACE);
        kn_p_var(p, KN_NS_ELEM, in->imm.pair.a, KN_NEXT_NEWLINE);
        break;
    case KN_IMM_ELEM:
        kn_p_var(p, KN_NS_ELEM, in->imm.index, KN_NEXT_NEWLINE);
        break;
    case KN_IMM_MEMORY_INIT:
        kn_p_var(p, KN_NS_DATA, in->imm.pair.a, KN_NEXT_SPACE);
        break;
    case KN_IMM_DATA:
        kn_p_var(p, KN_NS_DATA, in->imm.index, KN_NEXT_NEWLINE);
        break;
    case KN_IMM_TABLE_COPY:   /* destination, source */
        if (in->imm.pair.a != 0 || in->imm.pair.b != 0 || kn_p_named(p, KN_NS_TABLE, 0)) {
            kn_p_var(p, KN_NS_TABLE, in->imm.pair.a, KN_NEXT_SPACE);
            kn_p_var(p, KN_NS_TABLE, in->imm.pair.b, KN_NEXT_SPACE);
        }
        break;
    case KN_IMM_V128: {
        uint32_t lane[4];
        memcpy(lane, in->imm.bytes, 16);   /* kiln runs on little-endian hosts */
        kn_p_printf(p, "i32x4 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32,
                    lane[0], lane[1], lane[2], lane[3]);
        break;
    }
    case KN_IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            kn_p_printf(p, "%u", in->imm.bytes[i]);
        break;
    case KN_IMM_LANE:
        kn_p_printf(p, "%u", in->lane);
        break;
    case KN_IMM_MEMARG_LANE:
        memarg(p, in);
        kn_p_printf(p, "%u", in->lane);
        break;
    }
    kn_p_newline(p, false);
}

/* Instruction i of the body, read again from the module: p->body keeps
 * where each instruction starts, not its decoded form, so a long body
 * costs 12 bytes an instruction. decode_body has read it once, so this
 * read succeeds. */
static kn_instr instr_at(const kn_printer *p, uint32_t i)
{
    kn_reader r;
    kn_instr in;
    kn_reader_init(&r, p->m->bytes, p->body[i].offset, p->body_end, NULL);
    kn_read_instr(&r, &in);
    return in;
}

/*
 * Decodes the body of `f` into p->body, without its final `end`, linking
 * each block, loop and if to its `else` and `end`.
 */
static bool decode_body(kn_printer *p, const kn_func *f)
{
    kn_reader r;
    kn_error err;
    kn_instr in;
    uint32_t nopen = 0;
    p->body_end = (size_t)f->code_offset + f->code_len;
    kn_reader_init(&r, p->m->bytes, f->code_offset, p->body_end, &err);
    p->nbody = 0;
    for (;;) {
        if (!kn_p_grow(p, (void **)&p->body, &p->body_cap, p->nbody + 1, sizeof *p->body))
            return false;
        if (!kn_read_instr(&r, &in))
            return fail(p, err.has_offset ? (uint32_t)err.offset : f->code_offset, err.message);
        uint32_t at = p->nbody;
        p->body[at] = (kn_pinstr){in.offset, 0, 0};
        switch (in.op) {
        case KN_OP_BLOCK:
        case KN_OP_LOOP:
        case KN_OP_IF:
            if (!kn_p_grow(p, (void **)&p->blocks, &p->blocks_cap, nopen + 1,
                           sizeof *p->blocks))
                return false;
            p->blocks[nopen++] = at;
            break;
        case KN_OP_ELSE:
            if (!nopen || p->body[p->blocks[nopen - 1]].else_at ||
                instr_at(p, p->blocks[nopen - 1]).op != KN_OP_IF)
                return fail(p, in.offset, "else without if");
            p->body[p->blocks[nopen - 1]].else_at = at;
            break;
        case KN_OP_END:
            if (!nopen) {
                if (!kn_reader_at_end(&r))
                    return fail(p, in.offset, "section size mismatch");
                return true;
            }
            {
                kn_pinstr *open = &p->body[p->blocks[--nopen]];
                open->end_at = at;
                if (open->else_at)   /* the else knows the end too */
                    p->body[open->else_at].end_at = at;
            }
            break;
        default:
            break;
        }
        p->nbody++;
    }
}

/* The flat form: one instruction per line. */
static void flat(kn_printer *p)
{
    for (uint32_t i = 0; i < p->nbody; i++) {
        kn_instr in = instr_at(p, i);
        switch (in.op) {
        case KN_OP_BLOCK:
        case KN_OP_LOOP:
        case KN_OP_IF:
            begin_block(p, &in);
            break;
        case KN_OP_ELSE:
            if (p->body[i].end_at == i + 1)   /* an empty else branch is not written */
                break;
            p->indent -= 2;
            kn_p_puts(p, "else", KN_NEXT_SPACE);
            p->indent += 2;
            kn_p_newline(p, true);
            break;
        case KN_OP_END:
            p->indent -= 2;
            pop_label(p);
            kn_p_puts(p, "end", KN_NEXT_NEWLINE);
            break;
        default:
            instr(p, &in);
            break;
        }
    }
}

/* ---- the folded form ---------------------------------------------------- */

/* How many operands an instruction takes and results it gives, as wabt
 * counts them to fold: unconditional branches "give" one result. */
static void arity(const kn_printer *p, const kn_instr *in, uint32_t *nargs, uint32_t *nres)
{
    const kn_module *m = p->m;
    uint32_t np, nr;
    const kn_valtype *params, *results;
    kn_valtype one;
    *nargs = *nres = 0;
    switch (in->op) {
    case KN_OP_UNREACHABLE: *nres = 1; return;
    case KN_OP_BLOCK:
    case KN_OP_LOOP:
    case KN_OP_IF:
        blocktype(p, in->imm.block, &np, &params, &nr, &results, &one);
        *nargs = in->op == KN_OP_IF;
        *nres = nr;
        return;
    case KN_OP_BR:
    case KN_OP_BR_IF:
    case KN_OP_BR_TABLE: {
        uint32_t depth = in->op == KN_OP_BR_TABLE ? in->imm.br_table.default_label
                                                  : in->imm.index;
        uint32_t a = 0;
        if (depth < p->nlabels) {
            const kn_plabel *l = &p->labels[p->nlabels - 1 - depth];
            a = l->loop ? l->nparams : l->nresults;
        }
        *nargs = in->op == KN_OP_BR ? a : a + 1;
        *nres = in->op == KN_OP_BR_IF ? a : 1;
        return;
    }
    case KN_OP_RETURN:
        *nargs = p->type ? p->type->nresults : 0;
        *nres = 1;
        return;
    case KN_OP_CALL:
        if (in->imm.index < m->nfuncs && m->funcs[in->imm.index].type < m->ntypes) {
            const kn_functype *t = &m->types[m->funcs[in->imm.index].type];
            *nargs = t->nparams, *nres = t->nresults;
        }
        return;
    case KN_OP_CALL_INDIRECT:
        *nargs = 1;
        if (in->imm.call_indirect.type < m->ntypes) {
            const kn_functype *t = &m->types[in->imm.call_indirect.type];
            *nargs += t->nparams, *nres = t->nresults;
        }
        return;
    case KN_OP_REF_NULL: case KN_OP_REF_FUNC: case KN_OP_LOCAL_GET:
    case KN_OP_GLOBAL_GET: case KN_OP_TABLE_SIZE:
        *nres = 1; return;
    case KN_OP_REF_IS_NULL: case KN_OP_LOCAL_TEE: case KN_OP_TABLE_GET:
        *nargs = 1, *nres = 1; return;
    case KN_OP_DROP: case KN_OP_LOCAL_SET: case KN_OP_GLOBAL_SET:
        *nargs = 1; return;
    case KN_OP_SELECT: case KN_OP_SELECT_T:
        *nargs = 3, *nres = 1; return;
    case KN_OP_TABLE_SET:
        *nargs = 2; return;
    case KN_OP_TABLE_GROW:
        *nargs = 2, *nres = 1; return;
    case KN_OP_TABLE_INIT: case KN_OP_TABLE_COPY: case KN_OP_TABLE_FILL:
        *nargs = 3; return;
    default:
        break;
    }
    /* wabt counts a vector lane store as giving a result, like a lane load. */
    if (kn_opinfo_table[in->op].imm == KN_IMM_MEMARG_LANE) {
        *nargs = 2, *nres = 1;
        return;
    }
    const char *sig = kn_opinfo_table[in->op].sig;
    if (!sig)
        return;
    const char *colon = strchr(sig, ':');
    *nargs = (uint32_t)(colon - sig);
    *nres = (uint32_t)strlen(colon + 1);
}

/*
 * The folded form is written by a machine whose steps wait on an explicit
 * stack of frames (p->frames), not the C stack: a folded tree is as deep as
 * a body's blocks and expression chains nest, which a valid module makes a
 * hundred thousand levels deep (a 200 KB module once overflowed the C
 * stack). Each frame is one of the three steps below; the top one runs
 * until it finishes, pushing frames for the work it waits on.
 *
 *   LEVEL  folds the instructions [i, end) of one block level (a nested
 *          block is one expression, its contents folded when it is
 *          written), then becomes the FLUSH that writes what is left;
 *   FLUSH  writes the stack entries [i, end), one NODE each, then drops
 *          them, restoring stack_base to lo;
 *   NODE   writes one expression tree: an instruction and its operands,
 *          or a block with its contents (phase says how far it got).
 */
enum { FRAME_LEVEL, FRAME_FLUSH, FRAME_NODE };

static void push_frame(kn_printer *p, kn_fframe f)
{
    if (kn_p_grow(p, (void **)&p->frames, &p->frames_cap, p->nframes + 1, sizeof *p->frames))
        p->frames[p->nframes++] = f;
}

static void push_level(kn_printer *p, uint32_t lo, uint32_t hi)
{
    push_frame(p, (kn_fframe){.kind = FRAME_LEVEL, .i = lo, .end = hi});
}

static void push_node(kn_printer *p, int32_t node)
{
    push_frame(p, (kn_fframe){.kind = FRAME_NODE, .node = node,
                              .child = p->nodes[node].first_child});
}

/* Writes the expressions on the stack above stack_base and removes them.
 * Expressions they contain are folded above the current top meanwhile, so
 * the entries being written stay where they are. */
static void push_flush(kn_printer *p)
{
    kn_fframe f = {.kind = FRAME_FLUSH, .i = p->stack_base, .end = p->nstack,
                   .lo = p->stack_base};
    p->stack_base = p->nstack;
    push_frame(p, f);
}

/*
 * wabt's folding: an instruction taking N operands adopts the expressions
 * at the top of the stack when their results add up to exactly N; it
 * flushes the stack (writes everything pending) when they add up to more,
 * or when it gives no result itself.
 */
static void push_expr(kn_printer *p, uint32_t at)
{
    uint32_t nargs, nres, count = 0, first = p->nstack;
    kn_instr in = instr_at(p, at);
    arity(p, &in, &nargs, &nres);
    if (nargs > 0) {
        for (uint32_t i = p->nstack; i-- > p->stack_base;) {
            count += p->nodes[p->stack[i]].nresults;
            if (count == nargs) {
                first = i;
                break;
            }
            if (count > nargs)
                break;
        }
    }
    if (!kn_p_grow(p, (void **)&p->nodes, &p->nodes_cap, p->nnodes + 1, sizeof *p->nodes) ||
        !kn_p_grow(p, (void **)&p->stack, &p->stack_cap, p->nstack + 1, sizeof *p->stack))
        return;
    int32_t node = (int32_t)p->nnodes++;
    p->nodes[node] = (kn_fnode){at, nres, -1, -1};
    if (count == nargs && nargs > 0) {
        p->nodes[node].first_child = p->stack[first];
        for (uint32_t i = first; i + 1 < p->nstack; i++)
            p->nodes[p->stack[i]].next = p->stack[i + 1];
        p->nodes[p->stack[p->nstack - 1]].next = -1;
        p->nstack = first;
    }
    p->stack[p->nstack++] = node;
    if (count > nargs || nres == 0)
        push_flush(p);
}

/* One step of the top frame. Frames are pushed last: a push may move the
 * array, so `f` is not used after one. */
static void step(kn_printer *p)
{
    kn_fframe *f = &p->frames[p->nframes - 1];
    switch (f->kind) {
    case FRAME_LEVEL:
        if (f->i < f->end) {
            uint32_t at = f->i;
            /* a nested block is one expression: the level goes on after its end */
            f->i = p->body[at].end_at ? p->body[at].end_at + 1 : at + 1;
            push_expr(p, at);
        } else {   /* the level ends by writing what it leaves */
            p->nframes--;
            push_flush(p);
        }
        return;
    case FRAME_FLUSH:
        if (f->i < f->end) {
            push_node(p, p->stack[f->i++]);
        } else {
            p->stack_base = p->nstack = f->lo;
            p->nframes--;
        }
        return;
    }

    const kn_fnode *n = &p->nodes[f->node];
    uint32_t at = n->instr, else_at = p->body[at].else_at, end_at = p->body[at].end_at;
    kn_instr in = instr_at(p, at);
    int32_t child = f->child;
    switch (in.op) {
    case KN_OP_BLOCK:
    case KN_OP_LOOP:
        if (f->phase++ == 0) {
            kn_p_puts(p, "(", KN_NEXT_NONE);
            begin_block(p, &in);
            push_level(p, at + 1, end_at);
        } else {
            kn_p_close(p, KN_NEXT_NEWLINE);
            pop_label(p);
            p->nframes--;
        }
        return;
    case KN_OP_IF:
        switch (f->phase) {
        case 0:
            kn_p_puts(p, "(", KN_NEXT_NONE);
            begin_block(p, &in);
            f->phase = 1;
            return;
        case 1:   /* the condition, after the if's label is pushed, as wabt does */
            if (child >= 0) {
                f->child = p->nodes[child].next;
                push_node(p, child);
            } else {
                kn_p_open(p, "then", KN_NEXT_NEWLINE);
                f->phase = 2;
                push_level(p, at + 1, else_at ? else_at : end_at);
            }
            return;
        case 2:
            kn_p_close(p, KN_NEXT_NEWLINE);
            if (else_at && else_at + 1 < end_at) {
                kn_p_open(p, "else", KN_NEXT_NEWLINE);
                f->phase = 3;
                push_level(p, else_at + 1, end_at);
            } else {
                f->phase = 4;
            }
            return;
        case 3:
            kn_p_close(p, KN_NEXT_NEWLINE);
            f->phase = 4;
            return;
        default:
            kn_p_close(p, KN_NEXT_NEWLINE);
            pop_label(p);
            p->nframes--;
            return;
        }
    default:   /* an instruction, then its operands */
        if (f->phase == 0) {
            kn_p_puts(p, "(", KN_NEXT_NONE);
            instr(p, &in);
            p->indent += 2;
            f->phase = 1;
        } else if (child >= 0) {
            f->child = p->nodes[child].next;
            push_node(p, child);
        } else {
            kn_p_close(p, KN_NEXT_NEWLINE);
            p->nframes--;
        }
        return;
    }
}

/* The folded form of the instructions [lo, hi) at the top level of a body. */
static void fold(kn_printer *p, uint32_t lo, uint32_t hi)
{
    p->nnodes = p->nstack = p->stack_base = p->nframes = 0;
    push_level(p, lo, hi);
    while (p->nframes > 0 && !p->failed)
        step(p);
}

void kn_p_func_body(kn_printer *p, const kn_func *f)
{
    if (!decode_body(p, f))
        return;
    p->nlabels = 0;
    push_label(p, false, 0, p->type ? p->type->nresults : 0);
    if (p->opts.fold_exprs)
        fold(p, 0, p->nbody);
    else
        flat(p);
}

void kn_p_const_expr(kn_printer *p, kn_expr e, const char *keyword)
{
    kn_reader r;
    kn_instr in;
    uint32_t n = 0;
    kn_reader_init(&r, p->m->bytes, e.offset, (size_t)e.offset + e.len, NULL);
    while (kn_read_instr(&r, &in) && in.op != KN_OP_END)
        n++;
    p->nlabels = 0;
    kn_reader_init(&r, p->m->bytes, e.offset, (size_t)e.offset + e.len, NULL);
    if (n == 1) {   /* wabt's form, (i32.const 0) */
        kn_read_instr(&r, &in);
        kn_p_puts(p, "(", KN_NEXT_NONE);
        instr(p, &in);
        p->next = KN_NEXT_NONE;
        kn_p_puts(p, ")", KN_NEXT_SPACE);
        return;
    }
    /* Only invalid modules have other lengths (none, or several
     * instructions). wabt writes them as "(i32.const 0\n i32.const 1)",
     * which no parser reads back, and drops an empty offset (making the
     * segment passive). kiln writes forms that read back to the same
     * binary: (offset ...) and (item ...), or bare instructions in a
     * global. */
    if (keyword)
        kn_p_open(p, keyword, KN_NEXT_SPACE);
    for (uint32_t i = 0; i < n && kn_read_instr(&r, &in); i++)
        instr(p, &in);
    if (keyword)
        kn_p_close(p, KN_NEXT_SPACE);
}
