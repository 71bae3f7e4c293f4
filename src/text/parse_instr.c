/*
 * parse_instr.c -- instructions of the text format (spec 6.5): plain
 * instructions with their immediates, structured control (flat and folded),
 * labels, block types, memory arguments, and folded expressions.
 *
 * Instructions are written to the code buffer in execution order, the order
 * of the binary: a folded `(op imm* operand*)` parses op and immediates
 * first, then writes its operands, then op. Every implicit type that a type
 * use appends is appended at that point of the flat order, which is the
 * order wabt appends them in.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

/* A plain instruction whose encoding waits for its operands. */
typedef struct pending {
    const kn_opinfo *op;
    kn_buf imm;                 /* encoded immediates */
    bool call_indirect;         /* then `use` and `table` instead of imm */
    wat_typeuse use;
    uint32_t table;
} pending;

static bool enter(wat *p, const kn_token *at)
{
    if (++p->depth > WAT_MAX_DEPTH)
        return wat_fail(p, at, "nesting too deep");
    return true;
}

/* The instruction named by keyword `t`, from the one opcode table. The
 * first row of a name wins: `select` is the untyped form. */
const kn_opinfo *wat_lookup_op(const kn_token *t)
{
    if (t->kind != KN_TOK_KEYWORD)
        return NULL;
    for (int i = 0; i < KN_OP_COUNT; i++) {
        const char *name = kn_opinfo_table[i].name;
        if (name[0] == t->text[0] && strlen(name) == t->len &&
            memcmp(name, t->text, t->len) == 0)
            return &kn_opinfo_table[i];
    }
    return NULL;
}

static void put_opcode(kn_buf *out, const kn_opinfo *op)
{
    if (op->prefix) {
        kn_buf_byte(out, op->prefix);
        kn_buf_uleb(out, op->code);
    } else {
        kn_buf_byte(out, (uint8_t)op->code);
    }
}

static void put_op(kn_buf *out, kn_opcode id)
{
    put_opcode(out, &kn_opinfo_table[id]);
}

/* ---- labels (6.5.1) ---- */

static bool push_label(wat *p, const kn_token *id)
{
    if (p->nlabels == p->labelcap) {
        uint32_t cap = p->labelcap ? p->labelcap * 2 : 16;
        wat_label *v = realloc(p->labels, cap * sizeof *v);
        if (!v)
            return wat_nomem(p);
        p->labels = v;
        p->labelcap = cap;
    }
    p->labels[p->nlabels++] = id ? (wat_label){id->text, (uint32_t)id->len}
                                 : (wat_label){NULL, 0};
    return true;
}

/* A label index: a number, or the depth of the innermost label with that
 * identifier (an inner label shadows an outer one). */
static bool label_index(wat *p, uint32_t *out)
{
    kn_token t = wat_next(p);
    if (t.kind != KN_TOK_ID)
        return wat_u32(p, &t, out);
    for (uint32_t i = p->nlabels; i-- > 0;) {
        const wat_label *l = &p->labels[i];
        if (l->id && l->len == t.len && memcmp(l->id, t.text, t.len) == 0) {
            *out = p->nlabels - 1 - i;
            return true;
        }
    }
    return wat_fail(p, &t, "unknown label %.*s", (int)t.len, t.text);
}

/* `end $l` / `else $l` must repeat the block's label (6.5.2). */
static bool closing_label(wat *p)
{
    kn_token t = wat_peek(p);
    if (t.kind != KN_TOK_ID)
        return true;
    wat_next(p);
    const wat_label *l = &p->labels[p->nlabels - 1];
    if (!l->id || l->len != t.len || memcmp(l->id, t.text, t.len) != 0)
        return wat_fail(p, &t, "mismatching label");
    return true;
}

/* ---- block types (6.5.2) ---- */

/* A block type is written inline when it has no params and at most one
 * result, also when it is given as `(type x)`; otherwise as a type index,
 * an implicit type being appended if no type matches. */
static bool put_blocktype(wat *p, kn_buf *out, wat_typeuse *u)
{
    const kn_valtype *params = u->params.data, *results = u->results.data;
    size_t np = u->params.len, nr = u->results.len;
    if (u->has_index) {
        if (u->has_inline && !wat_typeuse_check(p, u))
            return false;
        if (u->index >= p->types.count) {  /* "unknown type" when validated */
            kn_buf_sleb(out, u->index);
            return true;
        }
        const wat_functype *t = &p->typev[u->index];
        params = t->types;
        np = t->nparams;
        results = t->types + np;
        nr = t->nresults;
    }
    if (np == 0 && nr == 0) {
        kn_buf_byte(out, 0x40);
    } else if (np == 0 && nr == 1) {
        kn_buf_byte(out, results[0]);
    } else {
        uint32_t index = u->index;
        if (!u->has_index && !wat_type_find_or_add(p, params, (uint32_t)np,
                                                   results, (uint32_t)nr, &index))
            return false;
        kn_buf_sleb(out, index);
    }
    return true;
}

/* `$label? blocktype` after block, loop or if; the label is pushed by
 * the caller, when its scope begins. */
static bool block_head(wat *p, kn_token *label, wat_typeuse *u)
{
    *label = wat_peek(p);
    if (label->kind == KN_TOK_ID)
        wat_next(p);
    return wat_typeuse_parse(p, u, false);
}

static bool push_block_label(wat *p, const kn_token *label)
{
    return push_label(p, label->kind == KN_TOK_ID ? label : NULL);
}

/* ---- plain instructions ---- */

/* `offset=N`? `align=N`? of a load or store (6.5.6); alignment defaults to
 * the natural one and must be a power of two. */
static bool memarg(wat *p, pending *in)
{
    uint64_t offset = 0;
    uint32_t align = in->op->access;
    static const char *const keys[] = {"offset=", "align="};
    for (int k = 0; k < 2; k++) {
        kn_token t = wat_peek(p);
        size_t n = strlen(keys[k]);
        if (t.kind != KN_TOK_KEYWORD || t.len < n || memcmp(t.text, keys[k], n) != 0)
            continue;
        wat_next(p);
        kn_token num = {KN_TOK_NUMBER, t.text + n, t.len - n, t.line, t.column};
        uint64_t v;
        /* The value is a natural number (6.5.6): with a sign or a
         * fraction the keyword names nothing. */
        if (kn_number_syntax(num.text, num.len) != KN_NUM_INT ||
            num.text[0] == '-' || num.text[0] == '+')
            return wat_fail(p, &t, "unknown operator %.*s", (int)t.len, t.text);
        if (!kn_token_u64(&num, &v) || v > UINT32_MAX)
            return wat_fail(p, &t, "i32 constant out of range");
        if (k == 0) {
            offset = v;
        } else {
            if (v == 0 || (v & (v - 1)) != 0)
                return wat_fail(p, &t, "alignment must be a power of two");
            align = (uint32_t)v;
        }
    }
    uint8_t log2 = 0;
    while ((align >> log2) > 1)
        log2++;
    kn_buf_byte(&in->imm, log2);
    kn_buf_uleb(&in->imm, offset);
    return true;
}

/* A numeric literal's failure in the spec's words: a well-formed number
 * out of range, a malformed one (a reserved token), or no number at all. */
static bool bad_literal(wat *p, const kn_token *t, bool integer)
{
    if (t->kind == KN_TOK_NUMBER) {
        kn_numsyntax s = kn_number_syntax(t->text, t->len);
        if (!integer || s == KN_NUM_INT)
            return wat_fail(p, t, "constant out of range");
    }
    return wat_unexpected(p, t);
}

static void put_le(kn_buf *out, uint64_t bits, int bytes)
{
    for (int i = 0; i < bytes; i++)
        kn_buf_byte(out, (uint8_t)(bits >> (8 * i)));
}

/* A two's-complement bit pattern of `bits` bits as the value it denotes. */
static int64_t as_signed(uint64_t v, int bits)
{
    if (bits == 32) {
        uint32_t w = (uint32_t)v;
        return w >= 0x80000000u ? (int64_t)w - 0x100000000 : (int64_t)w;
    }
    return v > INT64_MAX ? -(int64_t)~v - 1 : (int64_t)v;
}

/* ---- vector immediates (6.5.8) ---- */

/* A lane index of extract/replace_lane and load/store_lane: a natural
 * number, at most 255 ("malformed lane index"); whether it names a lane of
 * the shape is for the validator ("invalid lane index"). */
static bool lane_index(wat *p, kn_buf *imm)
{
    kn_token t = wat_next(p);
    uint32_t x;
    if (t.kind != KN_TOK_NUMBER || t.text[0] == '-' || t.text[0] == '+' ||
        kn_number_syntax(t.text, t.len) != KN_NUM_INT)
        return wat_unexpected(p, &t);
    if (!kn_token_u32(&t, &x) || x > 255)
        return wat_fail(p, &t, "malformed lane index");
    kn_buf_byte(imm, (uint8_t)x);
    return true;
}

/* i8x16.shuffle's sixteen lane indices: every number that follows counts
 * towards them, so that a wrong count is "invalid lane length" and a
 * number that is no byte "malformed lane index". */
static bool shuffle_lanes(wat *p, kn_buf *imm)
{
    int n = 0;
    for (kn_token t = wat_peek(p); t.kind == KN_TOK_NUMBER; t = wat_peek(p)) {
        uint32_t x;
        wat_next(p);
        if (kn_number_syntax(t.text, t.len) != KN_NUM_INT || t.text[0] == '-' ||
            t.text[0] == '+' || !kn_token_u32(&t, &x) || x > 255)
            return wat_fail(p, &t, "malformed lane index");
        if (++n > 16)
            return wat_fail(p, &t, "invalid lane length");
        kn_buf_byte(imm, (uint8_t)x);
    }
    if (n < 16) {
        kn_token t = wat_peek(p);
        return wat_fail(p, &t, "invalid lane length");
    }
    return true;
}

/* `v128.const shape lane*`: the lanes of i8x16 ... f64x2, written as
 * sixteen little-endian bytes (5.4.8). As in the spec's tests, a wrong
 * count of numbers is reported before a number out of range. */
static bool v128_const(wat *p, kn_buf *imm)
{
    static const struct { char name[6]; unsigned bits; bool is_float; } shapes[] = {
        {"i8x16", 8, false}, {"i16x8", 16, false}, {"i32x4", 32, false},
        {"i64x2", 64, false}, {"f32x4", 32, true}, {"f64x2", 64, true},
    };
    kn_token t = wat_next(p), lanes[16];
    size_t s = 0;
    while (s < sizeof shapes / sizeof shapes[0] && !kn_token_is(&t, shapes[s].name))
        s++;
    if (s == sizeof shapes / sizeof shapes[0])
        return wat_unexpected(p, &t);
    unsigned bits = shapes[s].bits, n = 128 / bits;
    for (unsigned i = 0; i < n; i++) {
        lanes[i] = wat_next(p);
        if (lanes[i].kind == KN_TOK_LPAREN || lanes[i].kind == KN_TOK_RPAREN ||
            lanes[i].kind == KN_TOK_EOF)
            return wat_fail(p, &lanes[i], "wrong number of lane literals");
        if (lanes[i].kind != KN_TOK_NUMBER)
            return wat_unexpected(p, &lanes[i]);
    }
    t = wat_peek(p);
    if (t.kind == KN_TOK_NUMBER)
        return wat_fail(p, &t, "wrong number of lane literals");
    for (unsigned i = 0; i < n; i++) {
        uint64_t v;
        uint32_t v32;
        bool ok;
        if (!shapes[s].is_float)
            ok = kn_token_int(&lanes[i], bits, &v);
        else if (bits == 32)
            ok = kn_token_f32(&lanes[i], &v32), v = v32;
        else
            ok = kn_token_f64(&lanes[i], &v);
        if (!ok)
            return bad_literal(p, &lanes[i], !shapes[s].is_float);
        put_le(imm, v, (int)bits / 8);
    }
    return true;
}

static bool opt_index(wat *p, wat_space *s, uint32_t *out)
{
    kn_token t = wat_peek(p);
    *out = 0;
    return !wat_is_index(&t) || wat_index(p, s, out);
}

/* An index into `s` as a u32 immediate. */
static bool put_index(wat *p, wat_space *s, kn_buf *imm)
{
    uint32_t x;
    if (!wat_index(p, s, &x))
        return false;
    kn_buf_uleb(imm, x);
    return true;
}

/* The immediates of `in->op` (6.5), encoded into in->imm, or for
 * call_indirect kept in in->use until the instruction is written. */
static bool immediates(wat *p, pending *in)
{
    kn_buf *imm = &in->imm;
    uint32_t x, y;
    switch (in->op->imm) {
    case KN_IMM_NONE:
    case KN_IMM_BLOCK:
        return true;
    case KN_IMM_LABEL:
        if (!label_index(p, &x))
            return false;
        kn_buf_uleb(imm, x);
        return true;
    case KN_IMM_BR_TABLE: {
        kn_buf labels;
        kn_buf_init(&labels);
        uint32_t n = 0;
        bool ok = true;
        for (kn_token t = wat_peek(p); ok && wat_is_index(&t); t = wat_peek(p)) {
            ok = label_index(p, &x);
            if (ok)   /* x is set only then */
                kn_buf_uleb(&labels, x);
            n++;
        }
        if (ok && n == 0) {
            kn_token t = wat_peek(p);
            ok = wat_unexpected(p, &t);
        }
        if (ok) {  /* vec(labels) then the default, the last one */
            kn_buf_uleb(imm, n - 1);
            kn_buf_push(imm, labels.data, labels.len);
        }
        kn_buf_free(&labels);
        return ok;
    }
    case KN_IMM_FUNC:
        return put_index(p, &p->funcs, imm);
    case KN_IMM_CALL_INDIRECT:
        in->call_indirect = true;
        return opt_index(p, &p->tables, &in->table) &&
               wat_typeuse_parse(p, &in->use, false);
    case KN_IMM_LOCAL: {
        kn_token t = wat_next(p);
        if (t.kind == KN_TOK_ID) {
            if (!wat_map_get(&p->locals, t.text, t.len, &x))
                return wat_fail(p, &t, "unknown local %.*s", (int)t.len, t.text);
        } else if (!wat_u32(p, &t, &x)) {
            return false;
        }
        kn_buf_uleb(imm, x);
        return true;
    }
    case KN_IMM_GLOBAL:
        return put_index(p, &p->globals, imm);
    case KN_IMM_TABLE:
        if (!opt_index(p, &p->tables, &x))
            return false;
        kn_buf_uleb(imm, x);
        return true;
    case KN_IMM_MEMARG:
        return memarg(p, in);
    case KN_IMM_MEMORY:
        kn_buf_byte(imm, 0);
        return true;
    case KN_IMM_I32: {
        kn_token t = wat_next(p);
        if (t.kind != KN_TOK_NUMBER || !kn_token_i32(&t, &x))
            return bad_literal(p, &t, true);
        kn_buf_sleb(imm, as_signed(x, 32));
        return true;
    }
    case KN_IMM_I64: {
        kn_token t = wat_next(p);
        uint64_t v;
        if (t.kind != KN_TOK_NUMBER || !kn_token_i64(&t, &v))
            return bad_literal(p, &t, true);
        kn_buf_sleb(imm, as_signed(v, 64));
        return true;
    }
    case KN_IMM_F32: {
        kn_token t = wat_next(p);
        if (t.kind != KN_TOK_NUMBER || !kn_token_f32(&t, &x))
            return bad_literal(p, &t, false);
        put_le(imm, x, 4);
        return true;
    }
    case KN_IMM_F64: {
        kn_token t = wat_next(p);
        uint64_t v;
        if (t.kind != KN_TOK_NUMBER || !kn_token_f64(&t, &v))
            return bad_literal(p, &t, false);
        put_le(imm, v, 8);
        return true;
    }
    case KN_IMM_SELECT_T:
        return true;  /* reached through `select` below */
    case KN_IMM_REFTYPE: {
        kn_token t = wat_next(p);
        if (kn_token_is(&t, "func"))
            kn_buf_byte(imm, KN_FUNCREF);
        else if (kn_token_is(&t, "extern"))
            kn_buf_byte(imm, KN_EXTERNREF);
        else
            return wat_unexpected(p, &t);
        return true;
    }
    case KN_IMM_TABLE_INIT: {
        /* `table.init x? y`: with one index it is the segment's. */
        kn_token a = wat_next(p), b = wat_peek(p);
        if (wat_is_index(&b)) {
            if (!wat_index_of(p, &p->tables, &a, &x) || !wat_index(p, &p->elems, &y))
                return false;
        } else {
            x = 0;
            if (!wat_index_of(p, &p->elems, &a, &y))
                return false;
        }
        kn_buf_uleb(imm, y);
        kn_buf_uleb(imm, x);
        return true;
    }
    case KN_IMM_ELEM:
        return put_index(p, &p->elems, imm);
    case KN_IMM_MEMORY_INIT:
    case KN_IMM_DATA:
        if (!put_index(p, &p->datas, imm))
            return false;
        if (in->op->imm == KN_IMM_MEMORY_INIT)
            kn_buf_byte(imm, 0);
        p->uses_data_count = true;
        return true;
    case KN_IMM_MEMORY_COPY:
        kn_buf_byte(imm, 0);
        kn_buf_byte(imm, 0);
        return true;
    case KN_IMM_V128:
        return v128_const(p, imm);
    case KN_IMM_SHUFFLE:
        return shuffle_lanes(p, imm);
    case KN_IMM_LANE:
        return lane_index(p, imm);
    case KN_IMM_MEMARG_LANE:
        return memarg(p, in) && lane_index(p, imm);
    case KN_IMM_TABLE_COPY: {
        x = y = 0;
        kn_token t = wat_peek(p);
        if (wat_is_index(&t) &&
            (!wat_index(p, &p->tables, &x) || !wat_index(p, &p->tables, &y)))
            return false;
        kn_buf_uleb(imm, x);
        kn_buf_uleb(imm, y);
        return true;
    }
    }
    return true;
}

/* `select (result t*)*`: with result types it is the typed form. */
static bool select_types(wat *p, pending *in)
{
    kn_buf types;
    kn_buf_init(&types);
    bool ok = true;
    while (ok && wat_accept_lparen_kw(p, "result")) {
        while (ok && wat_peek(p).kind != KN_TOK_RPAREN) {
            kn_valtype t;
            ok = wat_valtype(p, &t);
            if (ok)
                kn_buf_byte(&types, t);
        }
        ok = ok && wat_expect(p, KN_TOK_RPAREN);
        in->op = &kn_opinfo_table[KN_OP_SELECT_T];
    }
    if (ok && in->op == &kn_opinfo_table[KN_OP_SELECT_T]) {
        kn_buf_uleb(&in->imm, types.len);
        kn_buf_push(&in->imm, types.data, types.len);
    }
    kn_buf_free(&types);
    return ok;
}

/* An empty pending instruction: pending_free may follow at once. */
static void pending_init(pending *in)
{
    memset(in, 0, sizeof *in);
    kn_buf_init(&in->imm);
    wat_typeuse_init(&in->use);
}

/* Parses the instruction `name` and its immediates into `in`, which
 * pending_init prepared. */
static bool pending_parse(wat *p, const kn_token *name, pending *in)
{
    in->op = wat_lookup_op(name);
    /* `end` and `else` only delimit blocks (spec 6.5.2): a folded `(end)`
     * is no instruction, and encoding it would end the body early. */
    if (!in->op || in->op == &kn_opinfo_table[KN_OP_END] ||
        in->op == &kn_opinfo_table[KN_OP_ELSE])
        return wat_unexpected(p, name);
    if (in->op == &kn_opinfo_table[KN_OP_SELECT])
        return select_types(p, in);
    return immediates(p, in);
}

static bool pending_write(wat *p, pending *in, kn_buf *code)
{
    put_opcode(code, in->op);
    if (in->call_indirect) {
        uint32_t typeidx;
        if (!wat_typeuse_resolve(p, &in->use, &typeidx))
            return false;
        kn_buf_uleb(code, typeidx);
        kn_buf_uleb(code, in->table);
    } else {
        kn_buf_push(code, in->imm.data, in->imm.len);
    }
    return in->imm.failed ? wat_nomem(p) : true;
}

static void pending_free(pending *in)
{
    kn_buf_free(&in->imm);
    wat_typeuse_free(&in->use);
}

/* ---- structured instructions ---- */

static bool is_block_keyword(const kn_token *t)
{
    return kn_token_is(t, "block") || kn_token_is(t, "loop") || kn_token_is(t, "if");
}

static kn_opcode block_opcode(const kn_token *kw)
{
    return kn_token_is(kw, "block") ? KN_OP_BLOCK :
           kn_token_is(kw, "loop") ? KN_OP_LOOP : KN_OP_IF;
}

/* The body of a flat block up to its `end label?`: `instr*`, for `if`
 * then `(else label? instr*)?`. An empty else is not written (as wabt). */
static bool flat_body(wat *p, bool is_if, kn_buf *code)
{
    if (!wat_instrs(p, code))
        return false;
    if (is_if && wat_accept(p, "else")) {
        size_t mark = code->len;
        put_op(code, KN_OP_ELSE);
        if (!closing_label(p) || !wat_instrs(p, code))
            return false;
        if (code->len == mark + 1)
            code->len = mark;
    }
    kn_token t = wat_next(p);
    if (!kn_token_is(&t, "end"))
        return wat_unexpected(p, &t);
    if (!closing_label(p))
        return false;
    put_op(code, KN_OP_END);
    return true;
}

/* The rest of a folded block after its block type: `instr*`, for `if`
 * `(then instr*) (else instr*)?`; then `)`. */
static bool folded_body(wat *p, bool is_if, kn_buf *code)
{
    if (!is_if)
        return wat_instrs(p, code) && wat_expect(p, KN_TOK_RPAREN) &&
               (put_op(code, KN_OP_END), true);
    if (!wat_expect_lparen_kw(p, "then") || !wat_instrs(p, code) ||
        !wat_expect(p, KN_TOK_RPAREN))
        return false;
    if (wat_peek(p).kind == KN_TOK_LPAREN) {
        size_t mark = code->len;
        put_op(code, KN_OP_ELSE);
        if (!wat_expect_lparen_kw(p, "else") || !wat_instrs(p, code) ||
            !wat_expect(p, KN_TOK_RPAREN))
            return false;
        if (code->len == mark + 1)
            code->len = mark;
    }
    put_op(code, KN_OP_END);
    return wat_expect(p, KN_TOK_RPAREN);
}

/* `block|loop|if label? bt` after its keyword, then the rest of the block:
 * flat, `... end label?`, or folded, `(block|loop label? bt instr*)` and
 * `(if label? bt folded* (then instr*) (else instr*)?)`. A folded if's
 * condition comes before the `if` and outside its label's scope; its type
 * use is resolved after the condition, in the flat order. */
static bool block_instr(wat *p, const kn_token *kw, bool folded, kn_buf *code)
{
    wat_typeuse u;
    wat_typeuse_init(&u);
    kn_token label;
    bool is_if = kn_token_is(kw, "if");
    bool ok = enter(p, kw) && block_head(p, &label, &u);
    while (ok && folded && is_if && wat_peek(p).kind == KN_TOK_LPAREN &&
           !wat_peek2_is(p, "then"))
        ok = wat_folded_instr(p, code);
    if (ok) {
        put_op(code, block_opcode(kw));
        ok = put_blocktype(p, code, &u) && push_block_label(p, &label);
        if (ok) {
            ok = folded ? folded_body(p, is_if, code) : flat_body(p, is_if, code);
            p->nlabels--;
        }
    }
    wat_typeuse_free(&u);
    p->depth--;
    return ok;
}

/* `( plaininstr folded* )` or a folded block, from its `(`. */
bool wat_folded_instr(wat *p, kn_buf *code)
{
    kn_token lp = wat_next(p);
    if (lp.kind != KN_TOK_LPAREN)
        return wat_unexpected(p, &lp);
    kn_token kw = wat_next(p);
    if (is_block_keyword(&kw))
        return block_instr(p, &kw, true, code);
    /* Initialised before anything can fail: the nesting limit included,
     * every exit frees it. */
    pending in;
    pending_init(&in);
    bool ok = enter(p, &kw) && pending_parse(p, &kw, &in);
    while (ok && wat_peek(p).kind == KN_TOK_LPAREN)
        ok = wat_folded_instr(p, code);
    ok = ok && wat_expect(p, KN_TOK_RPAREN) && pending_write(p, &in, code);
    pending_free(&in);
    p->depth--;
    return ok;
}

bool wat_instrs(wat *p, kn_buf *code)
{
    for (;;) {
        kn_token t = wat_peek(p);
        if (t.kind == KN_TOK_RPAREN || kn_token_is(&t, "end") ||
            kn_token_is(&t, "else"))
            return true;
        if (t.kind == KN_TOK_LPAREN) {
            if (!wat_folded_instr(p, code))
                return false;
            continue;
        }
        if (t.kind != KN_TOK_KEYWORD && t.kind != KN_TOK_RESERVED)
            return wat_unexpected(p, &t);
        wat_next(p);
        if (is_block_keyword(&t)) {
            if (!block_instr(p, &t, false, code))
                return false;
            continue;
        }
        pending in;
        pending_init(&in);
        bool ok = pending_parse(p, &t, &in) && pending_write(p, &in, code);
        pending_free(&in);
        if (!ok)
            return false;
    }
}

bool wat_const_expr(wat *p, kn_buf *code)
{
    if (!wat_instrs(p, code))
        return false;
    kn_buf_byte(code, 0x0b);
    return true;
}
