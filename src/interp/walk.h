/*
 * walk.h -- the wasm walker of the interpreter's translator: one pass over
 * a function body with a compile-time model of the operand stack and the
 * control stack, unreachable code skipped and fuel costs counted. Its back
 * end (translate.c) emits code for what the walk meets: the walker calls
 * it for each instruction, `else` and `end`, and for the two things the
 * stack model itself needs emitted, a move and a constant.
 *
 * The stack model. Each entry knows its *home* (the frame slot of its
 * stack position) and the slot where its value is *now*: a value pushed by
 * `local.get` or a constant is not copied anywhere, the entry just points
 * at the local's or the constant's slot (it is *virtual*). Instructions
 * then read their operands wherever they are. A virtual entry is
 * *materialised* (moved to its home) only when its value could change or
 * positions must agree:
 *   - before `local.set x` / `local.tee x` overwrites a local that virtual
 *     entries still show;
 *   - at the start of every block, loop and if, for all entries, so that
 *     every path into a block's end sees the entries below it in the same
 *     place (invariant: entries below the innermost block are all real);
 *   - for call arguments (a callee's frame starts at its first argument)
 *     and for the values a block or a branch delivers to its label.
 *
 * The frame: the parameters and declared locals (kn_walk.local_slot),
 * then the constant pool (the first KN_WALK_MAX_POOL distinct constants of
 * the body, in order of appearance), then the operand stack's homes.
 *
 * Costs: `cost` counts the reachable wasm instructions of the innermost
 * loop body, or of the body outside loops; kn_walk_loop_begin/_end keep the
 * count per loop (exec.h's fuel model: a function's cost is charged per
 * call, a loop's per iteration).
 */
#ifndef KN_INTERP_WALK_H
#define KN_INTERP_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "../binary/module.h"
#include "../binary/reader.h"
#include "../exec/exec.h"

/* No index: an entry's local, a chain's end. */
enum { KN_WALK_NONE = UINT32_MAX };

/* Distinct constants kept in the frame's constant pool; further ones are
 * set by instructions (the back end's `constant`). The interpreter copies
 * the pool on every call, so it is kept small. */
enum { KN_WALK_MAX_POOL = 64 };

typedef struct kn_walk_entry {
    uint32_t slot;      /* where the value is now */
    uint32_t home;      /* the slot of this stack position */
    uint32_t local;     /* the local index when virtual on a local, else NONE */
    uint32_t below;     /* virtual on a local: the next entry down (index)
                           showing the same local, else NONE */
    kn_valtype type;
} kn_walk_entry;

/* A block, loop or if of the control stack (the body's is kind END). The
 * walker keeps the first fields; the rest are the back end's positions in
 * its code for this label, which the walker leaves alone. */
typedef struct kn_walk_ctrl {
    kn_opcode kind;     /* KN_OP_BLOCK, _LOOP, _IF, _ELSE; _END for the body */
    uint32_t height;    /* stack entries below the block's parameters */
    uint32_t label_home;/* home of the first parameter / result */
    uint32_t nparams, nresults;
    const kn_valtype *params, *results;
    uint32_t outer_cost;/* LOOP: the enclosing code's cost so far */
    bool unreachable;
    /* the back end's */
    uint32_t loop_start;/* LOOP: code index of the first instruction */
    uint32_t patches;   /* chain of jump words waiting for the end */
    uint32_t else_patch;/* IF: the jump word waiting for the else */
    uint32_t cost_word; /* LOOP: the LOOP instruction's cost operand */
    uint32_t br_table;  /* the last br_table that targeted this label, */
    bool table_direct;  /* whether it jumps here directly, */
    uint32_t trampoline;/* else its trampoline (code index; NONE: not yet) */
} kn_walk_ctrl;

typedef struct kn_walk kn_walk;

/* What the walker asks of its back end. */
typedef struct kn_walk_backend {
    /* Copies slot src to slot dst: an entry of `type` made real. */
    void (*move)(kn_walk *w, uint32_t dst, uint32_t src, kn_valtype type);
    /* Sets slot dst to a constant of `type` (8 bytes, 16 for a v128) that
     * the full pool has no place for. */
    void (*constant)(kn_walk *w, uint32_t dst, kn_valtype type, const uint8_t *bytes);
    /* A reachable instruction other than else and end. */
    void (*instr)(kn_walk *w, const kn_instr *ins);
    void (*do_else)(kn_walk *w);
    /* An `end`; true when it ends the body. */
    bool (*do_end)(kn_walk *w);
} kn_walk_backend;

struct kn_walk {
    const kn_module *m;
    const kn_functype *type;
    const kn_walk_backend *be;

    kn_walk_entry *stack;
    uint32_t nstack, capstack;
    kn_walk_ctrl *ctrls;
    uint32_t nctrls, capctrls;

    uint32_t nlocals;         /* parameters included */
    kn_valtype *local_types;  /* parameters', then declared locals' */
    uint32_t *local_slot;     /* slot of each local */
    uint32_t *local_top;      /* the topmost entry (index) showing each
                                 local, NONE when none does; the entries
                                 showing it are chained through `below` */
    uint32_t nvirtual;        /* virtual entries on the stack */
    uint32_t nlocal_slots;    /* slots of parameters and locals */

    kn_slot pool[KN_WALK_MAX_POOL];
    uint32_t npool;

    uint32_t cost;            /* see the header */
    uint32_t stack_base, frame_size;

    bool failed;              /* out of memory, or a body validation should
                                 have refused: the translation fails */
};

/* Walks the body of `fn` (of type w->type in module w->m, validated) with
 * back end w->be; false when it failed. kn_walk_free frees what it made. */
bool kn_walk_body(kn_walk *w, const kn_func *fn);
void kn_walk_free(kn_walk *w);

/* Slots of n values of these types. */
uint32_t kn_walk_slots(uint32_t n, const kn_valtype *types);

/* The home of the next entry pushed. */
uint32_t kn_walk_next_home(const kn_walk *w);

/* Pushes an entry of `type` whose value is in `slot` (NONE: real, in its
 * home), virtual on `local` (or NONE); the result of an instruction is
 * kn_walk_push, which gives its home. */
kn_walk_entry *kn_walk_push_at(kn_walk *w, kn_valtype type, uint32_t slot, uint32_t local);
uint32_t kn_walk_push(kn_walk *w, kn_valtype type);
void kn_walk_push_types(kn_walk *w, uint32_t n, const kn_valtype *types);
kn_walk_entry kn_walk_pop(kn_walk *w);
void kn_walk_pop_to(kn_walk *w, uint32_t height);

/* Entries made real: all of them, the top n, those showing local x. */
void kn_walk_materialize_all(kn_walk *w);
void kn_walk_materialize_top(kn_walk *w, uint32_t n);
void kn_walk_materialize_local(kn_walk *w, uint32_t x);

/* Pushes a constant: virtual on its pool slot, or set by the back end. */
void kn_walk_push_const(kn_walk *w, kn_valtype type, kn_slot v);
void kn_walk_push_v128(kn_walk *w, const uint8_t bytes[16]);

/* Opens a block of `kind` taking nparams values from the stack; NULL when
 * out of memory or the stack is too low. */
kn_walk_ctrl *kn_walk_push_ctrl(kn_walk *w, kn_opcode kind, uint32_t nparams,
                                const kn_valtype *params, uint32_t nresults,
                                const kn_valtype *results);

/* Values a branch to `c` carries: a loop's parameters, else the results. */
uint32_t kn_walk_label_arity(const kn_walk_ctrl *c, const kn_valtype **types);

/* After an unconditional transfer: the rest of the block is dead. */
void kn_walk_set_unreachable(kn_walk *w);

/* Loop costs: a loop's body starts counting from zero; at its end the
 * count so far is the loop's cost (at least 1), and the enclosing count
 * resumes. */
void kn_walk_loop_begin(kn_walk *w, kn_walk_ctrl *c);
uint32_t kn_walk_loop_end(kn_walk *w, const kn_walk_ctrl *c);

#endif
