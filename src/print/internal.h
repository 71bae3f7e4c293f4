/*
 * internal.h -- the printer's state, shared by its files:
 *   print.c        writer primitives and the module's fields
 *   print_instr.c  instructions, flat and folded
 *   print_names.c  the `name` section, made into unique `$` identifiers
 */
#ifndef KN_PRINT_INTERNAL_H
#define KN_PRINT_INTERNAL_H

#include "../base/arena.h"
#include "../binary/reader.h"
#include "print.h"

/*
 * Names from the `name` section as wabt's wasm2wat shows them: each with
 * its `$`, made unique within its index space by appending ".1", ".2", ...
 * to a repeated name (before unprintable characters become `_`, which
 * happens when a name is written). NULL where an item has no name.
 */
typedef enum kn_name_space {
    KN_NS_TYPE, KN_NS_FUNC, KN_NS_TABLE, KN_NS_MEMORY, KN_NS_GLOBAL,
    KN_NS_ELEM, KN_NS_DATA, KN_NS_COUNT
} kn_name_space;

typedef struct kn_names {
    const char *module;                  /* "$name" or NULL */
    const char **of[KN_NS_COUNT];        /* per space: one entry per item, or NULL */
    const char ***locals;                /* per function: params then locals, or NULL */
    kn_arena arena;                      /* owns all of the above */
} kn_names;

/* Reads the first `name` custom section of `m` into `n` (which the caller
 * zeroes and frees with kn_arena_free(&n->arena)). A section that does not
 * parse gives no names at all; false only when out of memory. */
bool kn_names_read(const kn_module *m, kn_names *n);

/*
 * The writer copies wabt's: after each token it records what must come
 * before the next one (nothing, a space, a newline, or a newline that a
 * closing parenthesis may not swallow because a `;;` comment precedes it),
 * and writes it only when the next token comes. So `)` lands right after
 * the last token of a line, as wasm2wat prints it.
 */
typedef enum kn_next { KN_NEXT_NONE, KN_NEXT_SPACE, KN_NEXT_NEWLINE, KN_NEXT_FORCE } kn_next;

/* A label of the block structure while printing: its arity for branches
 * (a loop's label takes its parameters, others their results). */
typedef struct kn_plabel {
    bool loop;
    uint32_t nparams, nresults;
} kn_plabel;

/* One instruction of a function body: where it starts in the module (it
 * is read again when needed); a block, loop or if also knows where its
 * `else` (if any) and `end` are, so bodies can be walked as nested lists,
 * the way the folded form needs. */
typedef struct kn_pinstr {
    uint32_t offset;
    uint32_t else_at, end_at;   /* indices into the body; 0 when none */
} kn_pinstr;

/* A node of a folded expression: an instruction and the operands folded
 * into it (a linked list of nodes). */
typedef struct kn_fnode {
    uint32_t instr;              /* index into the body */
    uint32_t nresults;
    int32_t first_child, next;   /* node indices, -1 for none */
} kn_fnode;

/* A pending step of the folded form's writer (print_instr.c says which). */
typedef struct kn_fframe {
    uint8_t kind, phase;
    uint32_t i, end, lo;         /* LEVEL: instructions [i, end); FLUSH: stack
                                    entries [i, end), then stack_base = lo */
    int32_t node, child;         /* NODE: the tree, the next operand to write */
} kn_fframe;

/* An export written inline with its item (--inline-exports, print.c). */
typedef struct kn_iexport {
    uint8_t kind;                /* a kn_externkind */
    uint32_t index;              /* the item */
    uint32_t pos;                /* the export's position in the section */
} kn_iexport;

typedef struct kn_printer {
    const kn_module *m;
    kn_print_options opts;
    kn_buf *out;                 /* the piece being written, see kn_p_write_next */
    kn_print_write write;
    void *write_ctx;
    int indent;
    kn_next next;
    kn_names names;
    kn_iexport *iexports;        /* sorted by item (print.c) */
    uint32_t niexports;
    bool failed;                 /* out of memory, or a body that does not nest */
    kn_error *err;

    /* the function being printed */
    uint32_t func;               /* its index */
    const kn_functype *type;     /* its type (NULL if out of range) */
    kn_pinstr *body;
    uint32_t nbody, body_cap;
    size_t body_end;             /* where its code ends in the module */
    uint32_t *blocks;            /* open blocks while decoding the body */
    uint32_t blocks_cap;
    kn_plabel *labels;
    uint32_t nlabels, labels_cap;

    /* the folded form's expression stack: node indices; entries below
     * `stack_base` belong to an enclosing flush and are not operands */
    kn_fnode *nodes;
    uint32_t nnodes, nodes_cap;
    int32_t *stack;
    uint32_t nstack, stack_cap, stack_base;
    kn_fframe *frames;           /* the folded form's pending steps */
    uint32_t nframes, frames_cap;
} kn_printer;

/* print.c */
void kn_p_write_next(kn_printer *p);
void kn_p_puts(kn_printer *p, const char *s, kn_next next);
void kn_p_putn(kn_printer *p, const char *s, size_t n, kn_next next);
void kn_p_printf(kn_printer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kn_p_newline(kn_printer *p, bool force);
void kn_p_open(kn_printer *p, const char *name, kn_next next);
void kn_p_close(kn_printer *p, kn_next next);
void kn_p_name(kn_printer *p, const char *name, kn_next next);
bool kn_p_named(const kn_printer *p, kn_name_space ns, uint32_t index);
void kn_p_var(kn_printer *p, kn_name_space ns, uint32_t index, kn_next next);
void kn_p_types(kn_printer *p, uint32_t n, const kn_valtype *types, const char *keyword);
bool kn_p_grow(kn_printer *p, void **array, uint32_t *cap, uint32_t need, size_t size);

/* print_instr.c */
/* Prints the body of defined function `p->func` (after its locals). */
void kn_p_func_body(kn_printer *p, const kn_func *f);
/* Prints a constant expression as wabt does: "(i32.const 0)" with a space
 * after. One that is not a single instruction (invalid) is written within
 * (`keyword` ...), or bare when `keyword` is NULL. */
void kn_p_const_expr(kn_printer *p, kn_expr e, const char *keyword);

#endif
