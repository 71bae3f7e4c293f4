/*
 * dump.c -- the interpreter's code as text (`kiln inspect --code`): every
 * operation's name and operand format, from the same lists the dispatch
 * loop and the translator are made from, and a printer of a translated
 * function. The golden tests (tests/interp/code/) compare its output, so
 * a fusion that stops firing fails a test.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "internal.h"

typedef struct iop_info {
    const char *name, *format;
} iop_info;

/* The translator's operations, in enum order from KN_IOP_FIRST_ + 1. */
static const iop_info iops[] = {
#define IOP_ROW(id, format) {#id, format},
    KN_IOPS(IOP_ROW)
#undef IOP_ROW
#define IOP_ROW_A(id, view, result, expr) {#id "_A", "ds"},
#define IOP_ROW_AB(id, view, result, expr) {#id "_A", "dss"}, {#id "_B", "dss"},
    KN_NUM_UNOPS(IOP_ROW_A)
    KN_NUM_BINOPS(IOP_ROW_AB)
#undef IOP_ROW_A
#undef IOP_ROW_AB
};
_Static_assert(sizeof iops / sizeof iops[0] == KN_IOP_COUNT - KN_OP_COUNT,
               "one row per internal operation");

/* The operands of a wasm instruction as the translator emits it
 * (internal.h): by its immediates and signature, but for the few whose
 * operands are their own. */
static const char *wasm_format(uint32_t op)
{
    switch (op) {
    case KN_OP_BR: return "T";
    case KN_OP_BR_IF: return "sT";
    case KN_OP_BR_TABLE: return "s";   /* then the table: dump() */
    case KN_OP_CALL: return "ii";
    case KN_OP_CALL_INDIRECT: return "iisi";
    case KN_OP_SELECT: return "dsss";
    case KN_OP_REF_IS_NULL: return "ds";
    case KN_OP_REF_FUNC:
    case KN_OP_GLOBAL_GET:
    case KN_OP_TABLE_SIZE:
    case KN_OP_I32_CONST: return "di";
    case KN_OP_I64_CONST: return "dii";
    case KN_OP_GLOBAL_SET: return "is";
    case KN_OP_TABLE_GET: return "dis";
    case KN_OP_TABLE_SET: return "iss";
    case KN_OP_TABLE_GROW: return "diss";
    case KN_OP_TABLE_FILL: return "isss";
    case KN_OP_TABLE_COPY:
    case KN_OP_TABLE_INIT: return "iisss";
    case KN_OP_ELEM_DROP:
    case KN_OP_DATA_DROP: return "i";
    case KN_OP_MEMORY_SIZE: return "d";
    case KN_OP_MEMORY_INIT: return "isss";
    case KN_OP_V128_CONST: return "dV";
    case KN_OP_I8X16_SHUFFLE: return "dssV";
    default: break;
    }
    const char *sig = kn_opinfo_table[op].sig;
    const char *colon = sig ? strchr(sig, ':') : NULL;
    if (!colon)
        return "";   /* block, local.get, ...: never in the code */
    bool result = colon[1] != '\0';
    switch (kn_opinfo_table[op].imm) {
    case KN_IMM_MEMARG: return result ? "dsi" : "ssi";
    case KN_IMM_LANE: return colon - sig == 1 ? "dsi" : "dssi";
    case KN_IMM_MEMARG_LANE: return result ? "dssii" : "ssii";
    default: break;
    }
    static const char *const by_arity[2][4] = {
        {"", "s", "ss", "sss"}, {"d", "ds", "dss", "dsss"}};
    size_t nargs = (size_t)(colon - sig);
    return nargs < 4 ? by_arity[result][nargs] : "";
}

const char *kn_iop_name(uint32_t op)
{
    if (op < KN_OP_COUNT)
        return kn_opinfo_table[op].name;
    return op < KN_IOP_COUNT ? iops[op - KN_OP_COUNT].name : NULL;
}

static const char *format_of(uint32_t op)
{
    return op < KN_OP_COUNT ? wasm_format(op) : iops[op - KN_OP_COUNT].format;
}

static kn_iop_shape shapes[KN_IOP_COUNT];
static pthread_once_t shapes_once = PTHREAD_ONCE_INIT;

static void make_shapes(void)
{
    for (uint32_t op = 0; op < KN_IOP_COUNT; op++) {
        const char *f = format_of(op);
        uint32_t words = 1;
        for (const char *c = f; *c; c++)
            words += *c == 'V' ? 4 : 1;
        shapes[op] = (kn_iop_shape){f, (uint8_t)words, strchr(f, 'T') != NULL};
    }
}

const kn_iop_shape *kn_iop_shapes(void)
{
    pthread_once(&shapes_once, make_shapes);
    return shapes;
}

#define FORM_A(id, view, result, expr) [KN_IOP_##id##_A] = KN_OP_##id,
#define FORM_AB(id, view, result, expr) [KN_IOP_##id##_A] = KN_OP_##id, [KN_IOP_##id##_B] = KN_OP_##id,
#define FORM_BR(id, f) [KN_IOP_##id##_A] = KN_IOP_##id, [KN_IOP_##id##_B] = KN_IOP_##id,
#define FORM_LOAD(id, f) [KN_IOP_##id##_A] = KN_OP_##id,
#define FORM_STORE(id, f) [KN_IOP_##id##_V] = KN_OP_##id, [KN_IOP_##id##_X_V] = KN_IOP_##id##_X,
#define FORM_IOP_AB(id, f) [KN_IOP_##id##_A] = KN_IOP_##id, [KN_IOP_##id##_B] = KN_IOP_##id,
#define FORM_IOP_A(id, f) [KN_IOP_##id##_A] = KN_IOP_##id,
static const uint16_t base_of[KN_IOP_COUNT] = {
    KN_NUM_UNOPS(FORM_A)
    KN_NUM_BINOPS(FORM_AB)
    KN_BRCMP_OPS(FORM_BR, )
    [KN_IOP_BR_I64_EQZ_A] = KN_IOP_BR_I64_EQZ, [KN_IOP_BR_I64_NEZ_A] = KN_IOP_BR_I64_NEZ,
    [KN_IOP_BR_IF_A] = KN_OP_BR_IF, [KN_IOP_BR_UNLESS_A] = KN_IOP_BR_UNLESS,
    KN_LOAD_OPS(FORM_LOAD, , , 0)
    KN_STORE_OPS(FORM_STORE, , 0)
    KN_LOAD_OPS(FORM_IOP_AB, ADD_, , 0)
    KN_LOADOP_OPS(FORM_IOP_A, )
    KN_UPDATE_OPS(FORM_IOP_A, )
    KN_PAIR_OPS(KN_PAIR_NAME, FORM_IOP_AB, , 0)
};
#undef FORM_A
#undef FORM_AB
#undef FORM_BR
#undef FORM_LOAD
#undef FORM_STORE
#undef FORM_IOP_AB
#undef FORM_IOP_A

uint32_t kn_iop_base(uint32_t op)
{
    return op < KN_IOP_COUNT && base_of[op] ? base_of[op] : op;
}

const char *kn_iop_format(uint32_t op)
{
    return op < KN_IOP_COUNT ? kn_iop_shapes()[op].format : NULL;
}

static void put(kn_buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(kn_buf *out, const char *fmt, ...)
{
    char line[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0)
        kn_buf_push(out, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* A jump word at code index `at`: its absolute target. */
static void target(kn_buf *out, const uint32_t *ops, uint32_t at)
{
    put(out, " @%04" PRIu32, at + ops[at]);
}

/* Prints the code of `c`, `len` words; false on a word no operation has. */
static bool dump(const kn_icode *c, uint32_t len, kn_buf *out)
{
    const uint32_t *ops = c->ops;
    for (uint32_t pc = 0; pc < len;) {
        const char *name = kn_iop_name(ops[pc]);
        if (!name)
            return false;
        const char *format = kn_iop_format(ops[pc]);
        put(out, "  %04" PRIu32 "  %s", pc, name);
        uint32_t k = pc + 1;
        for (const char *f = format; *f && k < len; f++) {
            switch (*f) {
            case 'd':
            case 's': put(out, " %c%" PRIu32, *f, ops[k++]); break;
            case 'i': put(out, " %" PRIu32, ops[k++]); break;
            case 'T': target(out, ops, k++); break;
            case 'V':
                put(out, " %08" PRIx32 "%08" PRIx32 "%08" PRIx32 "%08" PRIx32,
                    ops[k + 3], ops[k + 2], ops[k + 1], ops[k]);
                k += 4;
                break;
            }
        }
        if (ops[pc] == KN_OP_BR_TABLE && k < len) {   /* n, then n + 1 targets */
            uint32_t n = ops[k++];
            put(out, " [%" PRIu32 "]", n);
            for (uint32_t i = 0; i <= n && k < len; i++)
                target(out, ops, k++);
        }
        kn_buf_byte(out, '\n');
        pc = k;
    }
    return true;
}

bool kn_icode_check(const kn_icode *c)
{
    const uint32_t *ops = c->ops;
    const kn_iop_shape *shape = kn_iop_shapes();
    bool ok = true;
    uint8_t *start = calloc(c->len + 1, 1);   /* where operations begin */
    if (!start)
        return true;   /* nothing to say without memory */
    for (uint32_t pc = 0; pc < c->len && ok;) {
        uint32_t n = kn_iop_length(shape, ops, c->len, pc);
        ok = n > 0;
        start[pc] = 1;
        pc += n;
    }
    for (uint32_t pc = 0; pc < c->len && ok; pc += kn_iop_length(shape, ops, c->len, pc)) {
        const char *f = shape[ops[pc]].format;
        uint32_t k = pc + 1, targets = ops[pc] == KN_OP_BR_TABLE ? ops[pc + 2] + 1 : 0;
        for (; *f; f++, k++) {
            if (*f == 'T')
                ok = ok && k + ops[k] < c->len && start[k + ops[k]];
            if (*f == 'V')
                k += 3;
        }
        for (uint32_t i = 0; i < targets; i++)
            ok = ok && pc + 3 + i + ops[pc + 3 + i] < c->len && start[pc + 3 + i + ops[pc + 3 + i]];
    }
    free(start);
    return ok;
}

bool kn_interp_dump(const kn_module *m, uint32_t func, kn_buf *out)
{
    kn_icode *c = (kn_icode *)kn_translate(m, func);
    if (!c)
        return false;
    const kn_code *b = &c->base;
    put(out, "  frame %" PRIu32 " slots (%" PRIu32 " parameters), cost %" PRIu32 "\n",
        b->frame_size, b->nparams, b->cost);
    for (uint32_t i = 0; i < c->ninit; i++)
        if (c->init[i])   /* zeros are the locals; the rest constants */
            put(out, "  s%" PRIu32 " = 0x%" PRIx64 "\n", b->nparams + i, c->init[i]);
    bool ok = dump(c, c->len, out);
    kn_interp_tier.free(&c->base);
    return ok;
}
