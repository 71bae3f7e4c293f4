/*
 * gen.h -- the state of one function's compilation, shared by the code
 * generator's files: codegen.c (the walk over the interpreter's code,
 * homes of slots, control flow, calls, frames) and ops.c (numeric and
 * memory operations).
 */
#ifndef KN_JIT_GEN_H
#define KN_JIT_GEN_H

#include "../interp/internal.h"
#include "internal.h"
#include "x64.h"

/* Where a slot lives: a general register (0-15), an xmm register
 * (HOME_XMM + 0-15), or its place in the frame. */
enum { HOME_MEM = -1, HOME_XMM = 16 };

/* Scratch registers: free within one operation. */
enum { SA = X64_RAX, SC = X64_RCX, SD = X64_RDX, SR = X64_R11, XA = 0, XB = 1 };

typedef struct gen {
    x64_asm a;
    const kn_module *m;
    uint32_t func;
    const kj_cpu *cpu;

    /* the interpreter's code */
    const kn_iop_shape *shapes;   /* kn_iop_shapes() */
    const uint32_t *ops;
    uint32_t len;
    const kn_slot *init;    /* slots nparams.. of the frame on entry */
    uint32_t nparams, ninit, pool, frame_size, cost;

    int8_t *home;           /* per slot */
    uint32_t homed[32];     /* the slots with a register home */
    uint32_t nhomed;
    bool *is_target;        /* per code index: a jump lands there */
    x64_label *labels;      /* per code index */
    x64_label traps[KN_TRAP_COUNT];   /* one stub per trap code */
    x64_label epilogue;

    /* Out-of-line material, emitted after the code: the copies of the
     * operations the interpreter steps through, br_table's tables, the
     * charges' slow paths. */
    struct step { x64_label at; uint32_t pc, len; } *steps;
    uint32_t nsteps, capsteps;
    struct table { x64_label at; uint32_t pc; } *tables;
    uint32_t ntables, captables;
    /* Fuel and interrupt charges: where each test jumps, where it returns. */
    struct charge { x64_label at, back; uint32_t cost; } *charges;
    uint32_t ncharges, capcharges;

    bool unsupported;       /* an operation without machine code */
} gen;

/* ---- slots ---- */

static inline bool is_const(const gen *g, uint32_t s)
{
    return s >= g->pool && s < g->nparams + g->ninit;
}

static inline uint64_t const_of(const gen *g, uint32_t s)
{
    return g->init[s - g->nparams];
}

static inline x64_mem slot_mem(uint32_t s)
{
    return x64_at(X64_RBP, (int32_t)(s * 8));
}

static inline int gpr_home(const gen *g, uint32_t s)
{
    int h = g->home[s];
    return h >= 0 && h < HOME_XMM ? h : -1;
}

static inline int xmm_home(const gen *g, uint32_t s)
{
    int h = g->home[s];
    return h >= HOME_XMM ? h - HOME_XMM : -1;
}

/* An integer operand: a register, an immediate, or the slot's place in
 * the frame. */
typedef struct isrc {
    enum { SRC_REG, SRC_IMM, SRC_MEM } kind;
    int reg;
    int32_t imm;
    x64_mem mem;
} isrc;

/* Integer values of width w (4 or 8) in slots: iget gives a register
 * holding slot s (its home, or `scratch` loaded); iload puts it in
 * register r exactly; isrc_of gives it as an operand (`scratch` only for a
 * value in an xmm register); idst is where to compute a new value of slot
 * d (its home, or `scratch`), iput writes register r to d's home. */
int iget(gen *g, int w, uint32_t s, int scratch);
void iload(gen *g, int w, int r, uint32_t s);
isrc isrc_of(gen *g, int w, uint32_t s, int scratch);
int idst(const gen *g, uint32_t d, int scratch);
void iput(gen *g, int w, uint32_t d, int r);

/* The same for floats (dbl: f64, else f32) and xmm registers. */
int fget(gen *g, bool dbl, uint32_t s, int scratch);
int fdst(const gen *g, uint32_t d, int scratch);
void fput(gen *g, bool dbl, uint32_t d, int x);

/* A jump to the stub that raises trap `code`. */
void jump_trap(gen *g, x64_cc cc, kn_trap_code code);

/* Runs the operation at `pc` in the interpreter (kj_step). */
void step_op(gen *g, uint32_t pc, uint32_t len);

/* ---- ops.c ---- */

/* Emits the numeric or memory operation `op` (its base form: no
 * accumulator form) of `len` words at ip; false when it is not one ops.c
 * compiles. */
bool emit_op(gen *g, uint32_t op, const uint32_t *ip, uint32_t len);

/* The memory operand of an access of `width` bytes at the i32 address in
 * slot `addr` (or the sum of slots addr and addr2, when addr2 is not
 * NONE) plus `offset`: bounds-checked unless guard pages catch it. */
enum { NO_SLOT = UINT32_MAX };
x64_mem mem_at(gen *g, uint32_t addr, uint32_t addr2, uint32_t offset, int width);

#endif
