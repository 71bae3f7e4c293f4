/*
 * exec.c -- the dispatch loop: runs the internal code (internal.h).
 *
 * One C function executes every wasm frame of one activation: a call
 * pushes the caller's (ip, fp, function) on the store's frame stack
 * (exec/exec.h's frame protocol) and switches to the callee's code; a
 * return pops it. The C stack does not grow with wasm recursion. The hot state lives in locals the compiler keeps in
 * registers: ip (the next instruction), fp (the frame's slot 0), the
 * current instance, and the base and size of its memory, reloaded after
 * anything that may move or grow the memory (a call, memory.grow).
 *
 * Dispatch hides behind vmdispatch / vmcase / vmbreak (as in Lua): by
 * default each handler jumps straight to the next one through a table of
 * label addresses (GNU computed goto, one indirect branch per handler,
 * which predicts far better than a shared switch); with KN_DISPATCH_SWITCH
 * it is a portable switch in a loop.
 *
 * Traps jump to one label that hands them to the execution layer's one
 * exit (kn_trap), which records the trap with a backtrace and unwinds the
 * frames of this activation.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/guard.h"
#include "internal.h"
#include "numeric.h"
#include "numops.h"
#include "simd.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "kiln's memory accesses assume a little-endian host"
#endif

#ifdef KN_DISPATCH_SWITCH
#define vmdispatch(o) switch (o)
#define vmcase(op)    case op:
#define vmbreak       continue
#else
#define vmdispatch(o) goto *dispatch_table[o];
#define vmcase(op)    L_##op:
#define vmbreak       goto *dispatch_table[*ip]
#endif

/* Operand k of the current instruction, as a slot and as each type. */
#define S(k)    fp[ip[k]]
#define U32(k)  ((uint32_t)S(k))
#define I32(k)  ((int32_t)U32(k))
#define U64(k)  S(k)
#define I64(k)  ((int64_t)S(k))
#define F32(k)  kn_f32(S(k))
#define F64(k)  kn_f64(S(k))

/* The jump word at ip[k] holds its target relative to itself. Only a
 * loop's back edge jumps backward: it lands just after the loop's LOOP
 * instruction, whose cost operand is then ip[-1] (translate.c). */
#define JUMP(k) do { \
        ip += (k); \
        int32_t off_ = (int32_t)*ip; \
        ip += off_; \
        if (off_ < 0) \
            LIMITS(ip[-1]); \
    } while (0)

#define TRAP(code) do { trap = KN_TRAP_##code; goto trapped; } while (0)

/* Whether an access of n bytes at effective address ea is out of bounds.
 * With guard pages no check is needed: the access faults (guard.h). */
#if KN_GUARD_PAGES
#define OOB(ea, n) 0
#else
#define OOB(ea, n) ((ea) + (n) > msize)
#endif

/* The running wasm function, for the fault handler (exec/fault.c). */
#if KN_GUARD_PAGES
#define GUARD_FN(f) (act->fn = (f))
#else
#define GUARD_FN(f) ((void)act)
#endif

/* Fuel and interrupt (exec.h's costs), tested on entering a loop, on each
 * of its back edges and at calls: while neither is in use, one
 * predictable branch. */
#define LIMITS(cost) do { \
        if (kn_charge_needed(act)) { \
            trap = kn_charge(act, (cost)); \
            if (trap != KN_TRAP_NONE) \
                goto trapped; \
        } \
    } while (0)

/* Bulk operations do work in proportion to their length, not to their
 * instruction count: they take one more unit of fuel per
 * 2^KN_BULK_FUEL_SHIFT bytes, so one huge memory.fill cannot run on after the fuel is gone. So
 * do table.grow and memory.grow, for the elements and pages they add. */
#define BULK_LIMITS(bytes) LIMITS(kn_bulk_cost(bytes))

/*
 * The accumulator: every scalar numeric operation, load and integer
 * global.get leaves its result in a machine register as well as in its
 * destination slot, and the instruction right after it, when it uses that
 * result, reads the register instead (its _A, _B or _V form, chosen by the
 * translator). The slot round trip -- a store, then a load that must wait
 * for it -- is what bounds a chain of dependent operations; the register
 * takes it off the critical path. One accumulator per register file:
 * iacc for integers, facc and dacc for floats, as C types so that float
 * arithmetic needs no moves between files (see run() for how they are
 * kept in registers).
 *
 * For the operand views of numops.h: TYPE_t is the C type, GET_t(k)
 * operand k, ACC_t the accumulator; PUT_r(x) sets a result of class r.
 */
#define TYPE_u32 uint32_t
#define TYPE_i32 int32_t
#define TYPE_u64 uint64_t
#define TYPE_i64 int64_t
#define TYPE_f32 float
#define TYPE_f64 double
#define GET_u32(k) U32(k)
#define GET_i32(k) I32(k)
#define GET_u64(k) U64(k)
#define GET_i64(k) I64(k)
#define GET_f32(k) F32(k)
#define GET_f64(k) F64(k)
#define ACC_u32 ((uint32_t)iacc)
#define ACC_i32 ((int32_t)(uint32_t)iacc)
#define ACC_u64 iacc
#define ACC_i64 ((int64_t)iacc)
#define ACC_f32 facc
#define ACC_f64 dacc
#define PUT_I(x) (iacc = (x), S(1) = iacc)
#define PUT_F(x) (facc = (x), S(1) = kn_f32_bits(facc))
#define PUT_D(x) (dacc = (x), S(1) = kn_f64_bits(dacc))
/* The same from and to bit patterns, for memory. */
#define PUTBITS_I(v) PUT_I(v)
#define PUTBITS_F(v) (facc = kn_f32(v), S(1) = (v))
#define PUTBITS_D(v) (dacc = kn_f64(v), S(1) = (v))
#define ACCBITS_I iacc
#define ACCBITS_F kn_f32_bits(facc)
#define ACCBITS_D kn_f64_bits(dacc)

/* A numeric operation of numops.h: [op][d][a], [op][d][a][b]. */
#define UNOP(op, t, r, expr) \
    vmcase(KN_OP_##op) { TYPE_##t a = GET_##t(2); PUT_##r(expr); ip += 3; vmbreak; } \
    vmcase(KN_IOP_##op##_A) { TYPE_##t a = ACC_##t; PUT_##r(expr); ip += 3; vmbreak; }
#define BINOP(op, t, r, expr) \
    vmcase(KN_OP_##op) { \
        TYPE_##t a = GET_##t(2), b = GET_##t(3); \
        PUT_##r(expr); \
        ip += 4; \
        vmbreak; \
    } \
    vmcase(KN_IOP_##op##_A) { \
        TYPE_##t a = ACC_##t, b = GET_##t(3); \
        PUT_##r(expr); \
        ip += 4; \
        vmbreak; \
    } \
    vmcase(KN_IOP_##op##_B) { \
        TYPE_##t a = GET_##t(2), b = ACC_##t; \
        PUT_##r(expr); \
        ip += 4; \
        vmbreak; \
    }

/* A fused pair of i32 operations (numops.h): [op][d][x][y][o], and with x
 * or o from the accumulator. */
#define PAIR_IS(x_, o_, expr) { \
        uint32_t x = (x_), y = U32(3), o = (o_); \
        PUT_I(expr); \
        ip += 5; \
        vmbreak; \
    }
#define PAIR(unused, id, first, second, expr) \
    vmcase(KN_IOP_##id) PAIR_IS(U32(2), U32(4), expr) \
    vmcase(KN_IOP_##id##_A) PAIR_IS(ACC_u32, U32(4), expr) \
    vmcase(KN_IOP_##id##_B) PAIR_IS(U32(2), ACC_u32, expr)

/* Compare-and-branch: [op][a][b][T]. */
#define BRCMP_IF(cond) { if (cond) JUMP(3); else ip += 4; vmbreak; }
#define BRCMP(op, t, cond) \
    vmcase(KN_IOP_##op) { TYPE_##t a = GET_##t(1), b = GET_##t(2); BRCMP_IF(cond) } \
    vmcase(KN_IOP_##op##_A) { TYPE_##t a = ACC_##t, b = GET_##t(2); BRCMP_IF(cond) } \
    vmcase(KN_IOP_##op##_B) { TYPE_##t a = GET_##t(1), b = ACC_##t; BRCMP_IF(cond) }
/* Compare-and-branch forms of the integer comparisons of numops.h. */
#define BRCMP_OF(M, id, t, cond) M(BR_##id, t, cond)
/* An i32.add and a compare-and-branch on its result: [op][d][x][y][b][T]. */
#define ADD_BRCMP(op, t, cond) vmcase(KN_IOP_ADD_##op) { \
        PUT_I((uint32_t)(U32(2) + U32(3))); \
        TYPE_##t a = (TYPE_##t)ACC_u32, b = GET_##t(4); \
        if (cond) \
            JUMP(5); \
        else \
            ip += 6; \
        vmbreak; \
    }
/* A branch on one integer: [op][c][T]. */
#define BRTEST_IF(cond) { if (cond) JUMP(2); else ip += 3; vmbreak; }
#define BRTEST(op, op_a, t, cond) \
    vmcase(op) { TYPE_##t a = GET_##t(1); BRTEST_IF(cond) } \
    vmcase(op_a) { TYPE_##t a = ACC_##t; BRTEST_IF(cond) }

/* Loads: [op][d][addr][offset], the _A form with the address from the
 * accumulator, the indexed form [op_X][d][a][b][offset] whose address is
 * the i32 sum a + b (an i32.add fused in by the translator), and the
 * add-and-load forms below. The
 * effective address is 33 bits wide and checked with its access size in
 * 64 bits (spec 4.4.7). r is the class of the result. */
#define LOAD_AT(ea, type, conv, r, n) { \
        type v; \
        if (OOB(ea, sizeof v)) \
            TRAP(OOB_MEMORY); \
        memcpy(&v, mbase + (ea), sizeof v); \
        PUTBITS_##r(conv); \
        ip += (n); \
        vmbreak; \
    }
#define LOAD(op, type, conv, r) \
    vmcase(KN_OP_##op) { \
        uint64_t ea = (uint64_t)U32(2) + ip[3]; \
        LOAD_AT(ea, type, conv, r, 4) \
    } \
    vmcase(KN_IOP_##op##_A) { \
        uint64_t ea = (uint64_t)ACC_u32 + ip[3]; \
        LOAD_AT(ea, type, conv, r, 4) \
    } \
    vmcase(KN_IOP_##op##_X) { \
        uint64_t ea = (uint64_t)(uint32_t)(U32(2) + U32(3)) + ip[4]; \
        LOAD_AT(ea, type, conv, r, 5) \
    } \
    vmcase(KN_IOP_ADD_##op) ADD_LOAD_AT(U32(3), U32(4), type, conv, r) \
    vmcase(KN_IOP_ADD_##op##_A) ADD_LOAD_AT(ACC_u32, U32(4), type, conv, r) \
    vmcase(KN_IOP_ADD_##op##_B) ADD_LOAD_AT(U32(3), ACC_u32, type, conv, r)
/* The add-and-load forms: [op][d][sum][x][y][offset], fp[sum] = x + y,
 * then the load from fp[sum] + offset. */
#define ADD_LOAD_AT(x, y, type, conv, r) { \
        uint32_t sum = (uint32_t)((x) + (y)); \
        S(2) = sum; \
        uint64_t ea = (uint64_t)sum + ip[5]; \
        LOAD_AT(ea, type, conv, r, 6) \
    }

/* Stores: [op][addr][value][offset], indexed [op_X][a][b][value][offset];
 * the _V forms take the value from the accumulator of class r. */
#define STORE_AT(ea, type, value, n) { \
        type v = (type)(value); \
        if (OOB(ea, sizeof v)) \
            TRAP(OOB_MEMORY); \
        memcpy(mbase + (ea), &v, sizeof v); \
        ip += (n); \
        vmbreak; \
    }
#define STORE(op, type, r) \
    vmcase(KN_OP_##op) { \
        uint64_t ea = (uint64_t)U32(1) + ip[3]; \
        STORE_AT(ea, type, S(2), 4) \
    } \
    vmcase(KN_IOP_##op##_V) { \
        uint64_t ea = (uint64_t)U32(1) + ip[3]; \
        STORE_AT(ea, type, ACCBITS_##r, 4) \
    } \
    vmcase(KN_IOP_##op##_X) { \
        uint64_t ea = (uint64_t)(uint32_t)(U32(1) + U32(2)) + ip[4]; \
        STORE_AT(ea, type, S(3), 5) \
    } \
    vmcase(KN_IOP_##op##_X_V) { \
        uint64_t ea = (uint64_t)(uint32_t)(U32(1) + U32(2)) + ip[4]; \
        STORE_AT(ea, type, ACCBITS_##r, 5) \
    }

/* A binary operation on a and the value b loaded from memory (a load fused
 * in by the translator): [op][d][a][addr][offset], indexed
 * [op][d][a][x][y][offset], and both with a from the accumulator. The
 * memory operand is read as `mtype` and seen as t through `conv`. */
#define BINOP_M(op, t, r, mtype, conv, bits, expr) \
    vmcase(KN_IOP_##op##_U) { \
        TYPE_##t a = GET_##t(1); \
        UPDATE_AT((uint64_t)U32(2) + ip[3], t, mtype, conv, bits, expr) \
    } \
    vmcase(KN_IOP_##op##_U_A) { \
        TYPE_##t a = ACC_##t; \
        UPDATE_AT((uint64_t)U32(2) + ip[3], t, mtype, conv, bits, expr) \
    } \
    vmcase(KN_IOP_##op##_M) { \
        TYPE_##t a = GET_##t(2); \
        BINOP_AT((uint64_t)U32(3) + ip[4], t, r, mtype, conv, expr, 5) \
    } \
    vmcase(KN_IOP_##op##_MX) { \
        TYPE_##t a = GET_##t(2); \
        BINOP_AT((uint64_t)(uint32_t)(U32(3) + U32(4)) + ip[5], t, r, mtype, conv, expr, 6) \
    } \
    vmcase(KN_IOP_##op##_M_A) { \
        TYPE_##t a = ACC_##t; \
        BINOP_AT((uint64_t)U32(3) + ip[4], t, r, mtype, conv, expr, 5) \
    } \
    vmcase(KN_IOP_##op##_MX_A) { \
        TYPE_##t a = ACC_##t; \
        BINOP_AT((uint64_t)(uint32_t)(U32(3) + U32(4)) + ip[5], t, r, mtype, conv, expr, 6) \
    }
/* The memory operand of both: b, read as mtype at `address`. */
#define MEM_OPERAND(address, t, mtype, conv) \
        uint64_t ea = (address); \
        mtype m; \
        if (OOB(ea, sizeof m)) \
            TRAP(OOB_MEMORY); \
        memcpy(&m, mbase + ea, sizeof m); \
        TYPE_##t b = conv(m);
/* The update forms: [op][a][addr][offset], memory = a op memory; `bits`
 * turns the result back into memory's type. */
#define UPDATE_AT(address, t, mtype, conv, bits, expr) { \
        MEM_OPERAND(address, t, mtype, conv) \
        m = (mtype)bits(expr); \
        memcpy(mbase + ea, &m, sizeof m); \
        ip += 4; \
        vmbreak; \
    }
#define BINOP_AT(address, t, r, mtype, conv, expr, n) { \
        MEM_OPERAND(address, t, mtype, conv) \
        PUT_##r(expr); \
        ip += (n); \
        vmbreak; \
    }

/* Integer division and remainder of one width (spec 4.3.2 idiv, irem): a
 * zero divisor traps, and so does the signed quotient MIN / -1, which
 * overflows; the remainder MIN % -1 is 0 (C leaves it undefined). */
#define IDIV(bits) \
    vmcase(KN_OP_I##bits##_DIV_S) { \
        int##bits##_t a = I##bits(2), b = I##bits(3); \
        if (b == 0) \
            TRAP(DIV_BY_ZERO); \
        if (a == INT##bits##_MIN && b == -1) \
            TRAP(INT_OVERFLOW); \
        S(1) = (uint##bits##_t)(a / b); \
        ip += 4; \
        vmbreak; \
    } \
    vmcase(KN_OP_I##bits##_DIV_U) { \
        uint##bits##_t b = U##bits(3); \
        if (b == 0) \
            TRAP(DIV_BY_ZERO); \
        S(1) = U##bits(2) / b; \
        ip += 4; \
        vmbreak; \
    } \
    vmcase(KN_OP_I##bits##_REM_S) { \
        int##bits##_t a = I##bits(2), b = I##bits(3); \
        if (b == 0) \
            TRAP(DIV_BY_ZERO); \
        S(1) = b == -1 ? 0 : (uint##bits##_t)(a % b); \
        ip += 4; \
        vmbreak; \
    } \
    vmcase(KN_OP_I##bits##_REM_U) { \
        uint##bits##_t b = U##bits(3); \
        if (b == 0) \
            TRAP(DIV_BY_ZERO); \
        S(1) = U##bits(2) % b; \
        ip += 4; \
        vmbreak; \
    }

/* Float to integer: [op][d][a]; NaN and out-of-range values trap. */
#define TRUNC(op, fn, type, x) vmcase(KN_OP_##op) { \
        type r; \
        switch (fn((x), &r)) { \
        case 0: break; \
        case 1: TRAP(INVALID_CONVERSION); \
        default: TRAP(INT_OVERFLOW); \
        } \
        S(1) = r; \
        ip += 3; \
        vmbreak; \
    }

/* Vectors (simd.h): the v128 in slots k, k+1 of the current instruction. */
#define VGET(k)    kn_v128_read(&S(k))
#define VSET(k, v) kn_v128_write(&S(k), (v))
#define V_UNARY(op, fn)  vmcase(KN_OP_##op) { VSET(1, fn(VGET(2))); ip += 3; vmbreak; }
#define V_BINARY(op, fn) vmcase(KN_OP_##op) { VSET(1, fn(VGET(2), VGET(3))); ip += 4; vmbreak; }
#define V_TEST(op, fn)   vmcase(KN_OP_##op) { S(1) = fn(VGET(2)); ip += 3; vmbreak; }
#define V_SHIFT(op, fn)  vmcase(KN_OP_##op) { VSET(1, fn(VGET(2), U32(3))); ip += 4; vmbreak; }
#define V_SPLAT(op, fn)  vmcase(KN_OP_##op) { VSET(1, fn(S(2))); ip += 3; vmbreak; }

/* Lane accessors: [op][d][a][lane] and [op][d][a][x][lane]. The lane index
 * was validated; the mask keeps it in bounds regardless. */
#define EXTRACT(op, expr) vmcase(KN_OP_##op) { \
        kn_v128 v = VGET(2); \
        S(1) = (expr); \
        ip += 4; \
        vmbreak; \
    }
#define REPLACE(op, lane, type) vmcase(KN_OP_##op) { \
        kn_v128 v = VGET(2); \
        v.lane = (type)S(3); \
        VSET(1, v); \
        ip += 5; \
        vmbreak; \
    }

/* Vector loads: [op][d][addr][offset], n bytes at p. */
#define V_LOAD(op, n, expr) vmcase(KN_OP_##op) { \
        uint64_t ea = (uint64_t)U32(2) + ip[3]; \
        if (OOB(ea, n)) \
            TRAP(OOB_MEMORY); \
        const uint8_t *p = mbase + ea; \
        VSET(1, expr); \
        ip += 4; \
        vmbreak; \
    }
#define V_LOAD_EXTEND(op, fn) V_LOAD(op, 8, fn(p))

/* One lane from or to memory: [op][d][addr][v][offset][lane] and
 * [op][addr][v][offset][lane]. */
#define V_LOAD_LANE(op, n) vmcase(KN_OP_##op) { \
        uint64_t ea = (uint64_t)U32(2) + ip[4]; \
        if (OOB(ea, n)) \
            TRAP(OOB_MEMORY); \
        kn_v128 v = VGET(3); \
        memcpy(v.u8 + (ip[5] & (16 / (n) - 1)) * (n), mbase + ea, n); \
        VSET(1, v); \
        ip += 6; \
        vmbreak; \
    }
#define V_STORE_LANE(op, n) vmcase(KN_OP_##op) { \
        uint64_t ea = (uint64_t)U32(1) + ip[3]; \
        if (OOB(ea, n)) \
            TRAP(OOB_MEMORY); \
        kn_v128 v = VGET(2); \
        memcpy(mbase + ea, v.u8 + (ip[4] & (16 / (n) - 1)) * (n), n); \
        ip += 5; \
        vmbreak; \
    }

#define LOAD_INSTANCE(f) \
    (inst = (f)->instance, \
     mem = inst->module->nmemories ? inst->memories[0] : NULL)
#define LOAD_MEMORY() \
    (mbase = mem ? mem->data : NULL, msize = mem ? mem->size : 0)

/* The dispatch loop: runs `f` and every wasm function it calls, to f's
 * return; or, given `step`, the operations there to a STOP. */
static kn_trap_code run(kn_activation *act, kn_funcinst *f, kn_slot *fp,
                        const uint32_t *step)
{
#ifndef KN_DISPATCH_SWITCH
    static const void *const dispatch_table[KN_IOP_COUNT] = {
#define KN_OP_LABEL(id, prefix, code, name, imm, sig, access) &&L_KN_OP_##id,
        KN_OPCODES(KN_OP_LABEL)
#undef KN_OP_LABEL
#define KN_IOP_LABEL(id, format) &&L_KN_IOP_##id,
        KN_IOPS(KN_IOP_LABEL)
#undef KN_IOP_LABEL
#define KN_ACC_LABEL_A(id, view, result, expr) &&L_KN_IOP_##id##_A,
#define KN_ACC_LABEL_AB(id, view, result, expr) &&L_KN_IOP_##id##_A, &&L_KN_IOP_##id##_B,
        KN_NUM_UNOPS(KN_ACC_LABEL_A)
        KN_NUM_BINOPS(KN_ACC_LABEL_AB)
#undef KN_ACC_LABEL_A
#undef KN_ACC_LABEL_AB
    };
#endif
    /* The accumulators. GCC on x86-64 keeps a variable this function
     * reads and writes everywhere in memory when calls clobber the
     * register it would take, and the xmm registers are all clobbered by
     * calls; so the float accumulators are pinned to two of them. That
     * holds only while no call comes between a producer's write and the
     * next handler's read, which is so in this code, but not once a
     * sanitizer instruments the memory accesses of a function this large
     * with calls; so the pinning is for optimized builds without one.
     * Elsewhere they are ordinary variables. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__)
    register float facc __asm__("xmm14") = 0;
    register double dacc __asm__("xmm15") = 0;
#else
    float facc = 0;
    double dacc = 0;
#endif
    uint64_t iacc = 0;
    kn_store *s = act->store;
    kn_exec_state *st = act->state;
    const uint32_t entry_depth = st->depth;
    kn_funcinst *fn = f;
    kn_instance *inst;
    kn_meminst *mem;
    uint8_t *mbase;
    uint64_t msize;
    kn_trap_code trap;
    uint32_t trap_elem = 0;   /* the table index, for the message */
    kn_funcinst *callee;
    kn_slot *nfp;
    const uint32_t *ip;

    const kn_icode *code = (const kn_icode *)f->code;
    LOAD_INSTANCE(f);
    LOAD_MEMORY();
    GUARD_FN(f);
    if (step) {
        ip = step;
    } else {
        memcpy(fp + code->base.nparams, code->init, code->ninit * sizeof *fp);
        ip = code->ops;
        LIMITS(code->base.cost);
    }

    for (;;) {
        vmdispatch(*ip) {

        /* ---- control ---- */

        vmcase(KN_OP_UNREACHABLE) {
            TRAP(UNREACHABLE);
        }
        vmcase(KN_IOP_LOOP) {   /* entering a loop: its first iteration */
            LIMITS(ip[1]);
            ip += 2;
            vmbreak;
        }
        vmcase(KN_OP_BR) {
            JUMP(1);
            vmbreak;
        }
        vmcase(KN_OP_BR_TABLE) {
            uint32_t i = U32(1), n = ip[2];
            JUMP(3 + (i < n ? i : n));
            vmbreak;
        }
        KN_CMP32(BRCMP_OF, BRCMP)
        KN_CMP64(BRCMP_OF, BRCMP)
        KN_CMP32(BRCMP_OF, ADD_BRCMP)
        BRTEST(KN_OP_BR_IF,       KN_IOP_BR_IF_A,      u32, a != 0)
        BRTEST(KN_IOP_BR_UNLESS,  KN_IOP_BR_UNLESS_A,  u32, a == 0)
        BRTEST(KN_IOP_BR_I64_EQZ, KN_IOP_BR_I64_EQZ_A, u64, a == 0)
        BRTEST(KN_IOP_BR_I64_NEZ, KN_IOP_BR_I64_NEZ_A, u64, a != 0)
        vmcase(KN_IOP_RETURN0) {
            goto ret;
        }
        vmcase(KN_IOP_STOP) {
            return KN_TRAP_NONE;
        }
        vmcase(KN_IOP_RETURN1) {
            fp[0] = S(1);
            goto ret;
        }
        vmcase(KN_IOP_RETURNN) {
            memmove(fp, fp + ip[1], ip[2] * sizeof *fp);
            goto ret;
        }
        vmcase(KN_OP_CALL) {
            callee = inst->funcs[ip[1]];
            nfp = fp + ip[2];
            ip += 3;
            goto call;
        }
        vmcase(KN_OP_CALL_INDIRECT) {
            /* [op][type][table][index][argslot] (spec 4.4.8.8) */
            const kn_tableinst *tab = inst->tables[ip[2]];
            uint32_t i = U32(3);
            if (i >= tab->size)
                TRAP(UNDEFINED_ELEMENT);
            callee = tab->elems[i];
            if (!callee) {
                trap_elem = i;
                TRAP(UNINITIALIZED_ELEMENT);
            }
            if (callee->type_id != inst->type_ids[ip[1]])
                TRAP(INDIRECT_CALL_MISMATCH);
            nfp = fp + ip[4];
            ip += 5;
            goto call;
        }

        /* ---- moves, references, parametric, variables ---- */

        vmcase(KN_IOP_COPY) {
            S(1) = S(2);
            ip += 3;
            vmbreak;
        }
        vmcase(KN_IOP_I32_ADD2) {
            S(1) = (uint32_t)(U32(2) + U32(3));
            iacc = (uint32_t)(U32(5) + U32(6));
            S(4) = iacc;
            ip += 7;
            vmbreak;
        }
        vmcase(KN_IOP_COPY2) {
            S(1) = S(2);
            S(3) = S(4);
            ip += 5;
            vmbreak;
        }
        vmcase(KN_IOP_COPY128) {
            memmove(&S(1), &S(2), 16);   /* a branch may move it by one slot */
            ip += 3;
            vmbreak;
        }
        vmcase(KN_IOP_MOVE) {
            memmove(fp + ip[1], fp + ip[2], ip[3] * sizeof *fp);
            ip += 4;
            vmbreak;
        }
        vmcase(KN_OP_I32_CONST) {
            S(1) = ip[2];
            ip += 3;
            vmbreak;
        }
        vmcase(KN_OP_I64_CONST) {
            S(1) = ip[2] | (uint64_t)ip[3] << 32;
            ip += 4;
            vmbreak;
        }
        vmcase(KN_OP_SELECT) {
            /* Branch-free: compilers use select for data-dependent choices
             * (a CRC's feedback bit), which a branch would mispredict. */
            kn_slot keep = -(kn_slot)(U32(4) != 0);
            S(1) = (S(2) & keep) | (S(3) & ~keep);
            ip += 5;
            vmbreak;
        }
        vmcase(KN_OP_REF_IS_NULL) {
            S(1) = S(2) == 0;
            ip += 3;
            vmbreak;
        }
        vmcase(KN_OP_REF_FUNC) {
            S(1) = (uintptr_t)inst->funcs[ip[2]];
            ip += 3;
            vmbreak;
        }
        vmcase(KN_OP_GLOBAL_GET) {
            PUT_I(inst->globals[ip[2]]->value.i64);
            ip += 3;
            vmbreak;
        }
        vmcase(KN_OP_GLOBAL_SET) {
            inst->globals[ip[1]]->value.i64 = S(2);
            ip += 3;
            vmbreak;
        }
        vmcase(KN_IOP_GLOBAL_GET32) {
            PUT_I(inst->globals[ip[2]]->value.i32);
            ip += 3;
            vmbreak;
        }
        vmcase(KN_IOP_GLOBAL_SET32) {
            inst->globals[ip[1]]->value.i32 = U32(2);
            ip += 3;
            vmbreak;
        }
        vmcase(KN_IOP_GLOBAL_GET_REF) {
            S(1) = (uintptr_t)inst->globals[ip[2]]->value.ref;
            ip += 3;
            vmbreak;
        }
        vmcase(KN_IOP_GLOBAL_SET_REF) {
            inst->globals[ip[1]]->value.ref = (void *)(uintptr_t)S(2);
            ip += 3;
            vmbreak;
        }

        /* ---- tables (spec 4.4.6) ---- */

        vmcase(KN_OP_TABLE_GET) {
            const kn_tableinst *tab = inst->tables[ip[2]];
            uint32_t i = U32(3);
            if (i >= tab->size)
                TRAP(OOB_TABLE);
            S(1) = (uintptr_t)tab->elems[i];
            ip += 4;
            vmbreak;
        }
        vmcase(KN_OP_TABLE_SET) {
            kn_tableinst *tab = inst->tables[ip[1]];
            uint32_t i = U32(2);
            if (i >= tab->size)
                TRAP(OOB_TABLE);
            tab->elems[i] = (void *)(uintptr_t)S(3);
            ip += 4;
            vmbreak;
        }
        vmcase(KN_OP_TABLE_SIZE) {
            S(1) = inst->tables[ip[2]]->size;
            ip += 3;
            vmbreak;
        }
        vmcase(KN_OP_TABLE_GROW) {
            /* Filling the new elements is bulk work, charged before it is
             * done; a growth the limits refuse does none. */
            kn_tableinst *tab = inst->tables[ip[2]];
            uint32_t n = U32(4);
            if (kn_table_can_grow(tab, n))
                BULK_LIMITS((uint64_t)n * sizeof *tab->elems);
            S(1) = kn_table_grow(tab, n, (void *)(uintptr_t)S(3));
            ip += 5;
            vmbreak;
        }
        vmcase(KN_OP_TABLE_FILL) {
            kn_tableinst *tab = inst->tables[ip[1]];
            uint32_t i = U32(2), n = U32(4);
            void *ref = (void *)(uintptr_t)S(3);
            if ((uint64_t)i + n > tab->size)
                TRAP(OOB_TABLE);
            BULK_LIMITS((uint64_t)n * sizeof *tab->elems);
            for (uint32_t k = 0; k < n; k++)
                tab->elems[i + k] = ref;
            ip += 5;
            vmbreak;
        }
        vmcase(KN_OP_TABLE_COPY) {
            kn_tableinst *dt = inst->tables[ip[1]], *st_ = inst->tables[ip[2]];
            uint32_t d = U32(3), src = U32(4), n = U32(5);
            if ((uint64_t)d + n > dt->size || (uint64_t)src + n > st_->size)
                TRAP(OOB_TABLE);
            BULK_LIMITS((uint64_t)n * sizeof *dt->elems);
            if (n)
                memmove(dt->elems + d, st_->elems + src, n * sizeof *dt->elems);
            ip += 6;
            vmbreak;
        }
        vmcase(KN_OP_TABLE_INIT) {
            kn_tableinst *tab = inst->tables[ip[1]];
            const kn_elemseg *seg = &inst->elems[ip[2]];
            uint32_t d = U32(3), src = U32(4), n = U32(5);
            if ((uint64_t)src + n > seg->len || (uint64_t)d + n > tab->size)
                TRAP(OOB_TABLE);
            BULK_LIMITS((uint64_t)n * sizeof *tab->elems);
            if (n)
                memcpy(tab->elems + d, seg->refs + src, n * sizeof *tab->elems);
            ip += 6;
            vmbreak;
        }
        vmcase(KN_OP_ELEM_DROP) {
            inst->elems[ip[1]].len = 0;
            ip += 2;
            vmbreak;
        }

        /* ---- memory (spec 4.4.7) ---- */

        LOAD(I32_LOAD, uint32_t, v, I)
        LOAD(I64_LOAD, uint64_t, v, I)
        LOAD(F32_LOAD, uint32_t, v, F)
        LOAD(F64_LOAD, uint64_t, v, D)
        LOAD(I32_LOAD8_S, int8_t, (uint32_t)v, I)
        LOAD(I32_LOAD8_U, uint8_t, v, I)
        LOAD(I32_LOAD16_S, int16_t, (uint32_t)v, I)
        LOAD(I32_LOAD16_U, uint16_t, v, I)
        LOAD(I64_LOAD8_S, int8_t, (uint64_t)v, I)
        LOAD(I64_LOAD8_U, uint8_t, v, I)
        LOAD(I64_LOAD16_S, int16_t, (uint64_t)v, I)
        LOAD(I64_LOAD16_U, uint16_t, v, I)
        LOAD(I64_LOAD32_S, int32_t, (uint64_t)v, I)
        LOAD(I64_LOAD32_U, uint32_t, v, I)
        STORE(I32_STORE, uint32_t, I)
        STORE(I64_STORE, uint64_t, I)
        STORE(F32_STORE, uint32_t, F)
        STORE(F64_STORE, uint64_t, D)
        STORE(I32_STORE8, uint8_t, I)
        STORE(I32_STORE16, uint16_t, I)
        STORE(I64_STORE8, uint8_t, I)
        STORE(I64_STORE16, uint16_t, I)
        STORE(I64_STORE32, uint32_t, I)
        vmcase(KN_OP_MEMORY_SIZE) {
            S(1) = mem->pages;
            ip += 2;
            vmbreak;
        }
        vmcase(KN_OP_MEMORY_GROW) {
            /* So are the new pages: the host commits and zeroes each one
             * the guest touches (with explicit checks, growth also copies
             * the memory into a larger block). */
            uint32_t n = U32(2);
            if (kn_memory_can_grow(mem, n))
                BULK_LIMITS((uint64_t)n * KN_PAGE_SIZE);
            S(1) = kn_memory_grow(mem, n);
            LOAD_MEMORY();
            ip += 3;
            vmbreak;
        }
        vmcase(KN_OP_MEMORY_FILL) {
            uint64_t d = U32(1), n = U32(3);
            if (d + n > msize)
                TRAP(OOB_MEMORY);
            BULK_LIMITS(n);
            memset(mbase + d, (uint8_t)S(2), n);
            ip += 4;
            vmbreak;
        }
        vmcase(KN_OP_MEMORY_COPY) {
            uint64_t d = U32(1), src = U32(2), n = U32(3);
            if (d + n > msize || src + n > msize)
                TRAP(OOB_MEMORY);
            BULK_LIMITS(n);
            memmove(mbase + d, mbase + src, n);
            ip += 4;
            vmbreak;
        }
        vmcase(KN_OP_MEMORY_INIT) {
            /* [op][segment][d][s][n]; a dropped segment has length 0 */
            const kn_data *seg = &inst->module->datas[ip[1]];
            uint64_t len = inst->data_dropped[ip[1]] ? 0 : seg->data_len;
            uint64_t d = U32(2), src = U32(3), n = U32(4);
            if (src + n > len || d + n > msize)
                TRAP(OOB_MEMORY);
            BULK_LIMITS(n);
            memcpy(mbase + d, inst->module->bytes + seg->data_offset + src, n);
            ip += 5;
            vmbreak;
        }
        vmcase(KN_OP_DATA_DROP) {
            inst->data_dropped[ip[1]] = true;
            ip += 2;
            vmbreak;
        }

        /* ---- numeric (spec 4.4.1, operators of 4.3) ---- */

        KN_NUM_UNOPS(UNOP)
        KN_NUM_BINOPS(BINOP)
        IDIV(32)
        IDIV(64)
        BINOP_M(I32_ADD, u32, I, uint32_t, (uint32_t), (uint32_t), (uint32_t)(a + b))
        BINOP_M(F32_ADD, f32, F, uint32_t, kn_f32, kn_f32_bits, kn_faddf(a, b))
        BINOP_M(F32_SUB, f32, F, uint32_t, kn_f32, kn_f32_bits, kn_fsubf(a, b))
        BINOP_M(F32_MUL, f32, F, uint32_t, kn_f32, kn_f32_bits, kn_fmulf(a, b))
        BINOP_M(F64_ADD, f64, D, uint64_t, kn_f64, kn_f64_bits, kn_fadd(a, b))
        BINOP_M(F64_SUB, f64, D, uint64_t, kn_f64, kn_f64_bits, kn_fsub(a, b))
        BINOP_M(F64_MUL, f64, D, uint64_t, kn_f64, kn_f64_bits, kn_fmul(a, b))
        KN_PAIR_OPS(PAIR, 0)
        TRUNC(I32_TRUNC_F32_S, kn_trunc_i32_s, uint32_t, (double)F32(2))
        TRUNC(I32_TRUNC_F32_U, kn_trunc_i32_u, uint32_t, (double)F32(2))
        TRUNC(I32_TRUNC_F64_S, kn_trunc_i32_s, uint32_t, F64(2))
        TRUNC(I32_TRUNC_F64_U, kn_trunc_i32_u, uint32_t, F64(2))
        TRUNC(I64_TRUNC_F32_S, kn_trunc_i64_s, uint64_t, (double)F32(2))
        TRUNC(I64_TRUNC_F32_U, kn_trunc_i64_u, uint64_t, (double)F32(2))
        TRUNC(I64_TRUNC_F64_S, kn_trunc_i64_s, uint64_t, F64(2))
        TRUNC(I64_TRUNC_F64_U, kn_trunc_i64_u, uint64_t, F64(2))

        /* ---- vectors (spec 4.4.3, 4.4.7): lanes in simd.h; a v128 is two
         * slots, and every handler reads its operands before it writes ---- */

        KN_SIMD_UNARY(V_UNARY)
        KN_SIMD_BINARY(V_BINARY)
        KN_SIMD_TEST(V_TEST)
        KN_SIMD_SHIFT(V_SHIFT)
        KN_SIMD_SPLAT(V_SPLAT)
        vmcase(KN_OP_V128_BITSELECT) {
            VSET(1, v128_bitselect(VGET(2), VGET(3), VGET(4)));
            ip += 5;
            vmbreak;
        }
        vmcase(KN_OP_V128_CONST) {   /* [op][d][16 bytes in 4 words] */
            memcpy(&S(1), ip + 2, 16);
            ip += 6;
            vmbreak;
        }
        vmcase(KN_OP_I8X16_SHUFFLE) {   /* [op][d][a][b][16 lane bytes in 4 words] */
            VSET(1, i8x16_shuffle(VGET(2), VGET(3), (const uint8_t *)(ip + 4)));
            ip += 8;
            vmbreak;
        }
        EXTRACT(I8X16_EXTRACT_LANE_S, (uint32_t)(int32_t)v.i8[ip[3] & 15])
        EXTRACT(I8X16_EXTRACT_LANE_U, v.u8[ip[3] & 15])
        EXTRACT(I16X8_EXTRACT_LANE_S, (uint32_t)(int32_t)v.i16[ip[3] & 7])
        EXTRACT(I16X8_EXTRACT_LANE_U, v.u16[ip[3] & 7])
        EXTRACT(I32X4_EXTRACT_LANE,   v.u32[ip[3] & 3])
        EXTRACT(F32X4_EXTRACT_LANE,   v.u32[ip[3] & 3])
        EXTRACT(I64X2_EXTRACT_LANE,   v.u64[ip[3] & 1])
        EXTRACT(F64X2_EXTRACT_LANE,   v.u64[ip[3] & 1])
        REPLACE(I8X16_REPLACE_LANE, u8[ip[4] & 15], uint8_t)
        REPLACE(I16X8_REPLACE_LANE, u16[ip[4] & 7], uint16_t)
        REPLACE(I32X4_REPLACE_LANE, u32[ip[4] & 3], uint32_t)
        REPLACE(F32X4_REPLACE_LANE, u32[ip[4] & 3], uint32_t)
        REPLACE(I64X2_REPLACE_LANE, u64[ip[4] & 1], uint64_t)
        REPLACE(F64X2_REPLACE_LANE, u64[ip[4] & 1], uint64_t)
        V_LOAD(V128_LOAD, 16, kn_v128_read(p))
        KN_SIMD_LOAD_EXTEND(V_LOAD_EXTEND)
        V_LOAD(V128_LOAD8_SPLAT,  1, v128_load_splat(p, 1))
        V_LOAD(V128_LOAD16_SPLAT, 2, v128_load_splat(p, 2))
        V_LOAD(V128_LOAD32_SPLAT, 4, v128_load_splat(p, 4))
        V_LOAD(V128_LOAD64_SPLAT, 8, v128_load_splat(p, 8))
        V_LOAD(V128_LOAD32_ZERO,  4, v128_load_zero(p, 4))
        V_LOAD(V128_LOAD64_ZERO,  8, v128_load_zero(p, 8))
        vmcase(KN_OP_V128_STORE) {
            uint64_t ea = (uint64_t)U32(1) + ip[3];
            if (OOB(ea, 16))
                TRAP(OOB_MEMORY);
            kn_v128_write(mbase + ea, VGET(2));
            ip += 4;
            vmbreak;
        }
        V_LOAD_LANE(V128_LOAD8_LANE, 1)
        V_LOAD_LANE(V128_LOAD16_LANE, 2)
        V_LOAD_LANE(V128_LOAD32_LANE, 4)
        V_LOAD_LANE(V128_LOAD64_LANE, 8)
        V_STORE_LANE(V128_STORE8_LANE, 1)
        V_STORE_LANE(V128_STORE16_LANE, 2)
        V_STORE_LANE(V128_STORE32_LANE, 4)
        V_STORE_LANE(V128_STORE64_LANE, 8)
        vmcase(KN_IOP_GLOBAL_GET128) {
            memcpy(&S(1), inst->globals[ip[2]]->value.v128, 16);
            ip += 3;
            vmbreak;
        }
        vmcase(KN_IOP_GLOBAL_SET128) {
            memcpy(inst->globals[ip[1]]->value.v128, &S(2), 16);
            ip += 3;
            vmbreak;
        }

        /* Wasm instructions that translation turns into operands, jumps or
         * nothing: they never reach the loop. */
        vmcase(KN_OP_NOP) vmcase(KN_OP_BLOCK) vmcase(KN_OP_LOOP) vmcase(KN_OP_IF)
        vmcase(KN_OP_ELSE) vmcase(KN_OP_END) vmcase(KN_OP_RETURN)
        vmcase(KN_OP_REF_NULL) vmcase(KN_OP_DROP) vmcase(KN_OP_SELECT_T)
        vmcase(KN_OP_LOCAL_GET) vmcase(KN_OP_LOCAL_SET) vmcase(KN_OP_LOCAL_TEE)
        vmcase(KN_OP_F32_CONST) vmcase(KN_OP_F64_CONST)
        vmcase(KN_OP_I32_REINTERPRET_F32) vmcase(KN_OP_I64_REINTERPRET_F64)
        vmcase(KN_OP_F32_REINTERPRET_I32) vmcase(KN_OP_F64_REINTERPRET_I64)
#ifdef KN_DISPATCH_SWITCH
        default:
#endif
        {
            TRAP(UNREACHABLE);
        }
        }

    call:
        /* The callee's frame starts at nfp, its arguments in place. */
        if (callee->host) {
            LIMITS(1);
            trap = kn_call_host(act, callee, nfp);
            if (trap != KN_TRAP_NONE)
                goto trapped;
            LOAD_MEMORY();
            vmbreak;
        }
        if (!(code = (const kn_icode *)kn_code_of(s, callee, &trap)))
            return kn_trap_uncompiled(act, trap, fn, fp, ip, callee);
        if (code->base.tier != &kn_interp_tier) {
            /* Another tier's code (compiled): it charges its own cost and
             * checks its own frame, and leaves by a jump when it traps. */
            if (!kn_push_frame(st, fn, fp, ip))
                TRAP(STACK_EXHAUSTED);
            GUARD_FN(callee);
            if ((trap = code->base.tier->run(act, callee, nfp)) != KN_TRAP_NONE)
                return trap;   /* recorded, and the frames dropped */
            st->depth--;
            GUARD_FN(fn);
            LOAD_MEMORY();
            vmbreak;
        }
        if (!kn_push_frame(st, fn, fp, ip))
            TRAP(STACK_EXHAUSTED);
        fp = nfp;
        fn = callee;
        GUARD_FN(fn);
        ip = code->ops;
        /* The callee runs from here: a trap of its entry is its own, and
         * its room and its cost come after its frame, as every tier's
         * entry takes them (the JIT's and the AOT code's prologues,
         * kn_native_call), so fuel and backtraces are the same on all. */
        if (code->base.frame_size > (size_t)(st->stack_end - fp))
            TRAP(STACK_EXHAUSTED);
        for (uint32_t i = 0; i < code->ninit; i++)   /* few: a loop beats memcpy */
            fp[code->base.nparams + i] = code->init[i];
        if (callee->instance != inst) {
            LOAD_INSTANCE(callee);
            LOAD_MEMORY();
        }
        LIMITS(code->base.cost);
        vmbreak;

    ret:
        if (st->depth == entry_depth)
            return KN_TRAP_NONE;
        {
            const kn_frame *fr = &st->frames[--st->depth];
            ip = fr->pc;
            fp = fr->fp;
            fn = fr->func;
        }
        GUARD_FN(fn);
        LOAD_INSTANCE(fn);   /* the callee may have grown the memory */
        LOAD_MEMORY();
        vmbreak;
    }

trapped:
    return kn_trap(act, trap, fn, ip, trap_elem);
}

kn_trap_code kn_interp_run(kn_activation *act, kn_funcinst *f, kn_slot *fp)
{
    return run(act, f, fp, NULL);
}

kn_trap_code kn_interp_step(kn_activation *act, kn_funcinst *f, kn_slot *fp,
                            const uint32_t *ip)
{
    return run(act, f, fp, ip);
}

const uint32_t *kn_interp_ops(const kn_code *code, uint32_t *len, const kn_slot **init,
                              uint32_t *ninit, uint32_t *pool)
{
    const kn_icode *c = (const kn_icode *)code;
    *len = c->len;
    *init = c->init;
    *ninit = c->ninit;
    *pool = c->pool;
    return c->ops;
}

static void interp_free(kn_code *code)
{
    free(code);
}

/* Traps are not catchable, and no instruction the interpreter runs yet
 * makes a handler. */
static bool interp_handles(const kn_code *code, const void *pc)
{
    (void)code;
    (void)pc;
    return false;
}

const kn_tier kn_interp_tier = {
    .name = "interp",
    .id = 0,
    .compile = kn_translate,
    .free = interp_free,
    .run = kn_interp_run,
    .handles = interp_handles,
};
