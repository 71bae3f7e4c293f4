/*
 * parse.h -- private state of the text-format parser (spec 6), shared by
 * parse_module.c (module fields), parse_instr.c (instructions) and encode.c
 * (identifier maps, the type table and the final assembly of sections).
 *
 * The parser makes two passes over a module's tokens. The first
 * (wat_prescan) only binds identifiers, so that a field may name a function
 * or global defined later in the text, and collects the explicit type
 * definitions, so that an inline type use finds the smallest matching index
 * even when that type is defined after the use (6.6.2). The second pass
 * parses every field and writes its binary form straight into the buffer of
 * its section; wat_encode then concatenates the sections.
 */
#ifndef KN_TEXT_PARSE_H
#define KN_TEXT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/error.h"
#include "../base/opcodes.h"
#include "../base/types.h"
#include "lexer.h"

/* Deepest nesting of folded instructions and blocks: the parser recurses on
 * them, and a hostile text must not exhaust the C stack. */
#define WAT_MAX_DEPTH 1000

/* Byte-string keys to indices: identifiers ($name, keys into the source
 * text) and function signatures (keys into the arena). A key keeps the
 * first index it was bound to. */
typedef struct wat_map {
    struct wat_slot {
        const char *key;   /* NULL: empty slot */
        uint32_t len, value;
    } *slots;
    uint32_t cap, count;   /* cap is 0 or a power of two */
} wat_map;

typedef enum wat_put { WAT_PUT_OK, WAT_PUT_DUPLICATE, WAT_PUT_NOMEM } wat_put;

bool wat_map_get(const wat_map *m, const char *key, size_t len, uint32_t *value);
wat_put wat_map_put(wat_map *m, const char *key, size_t len, uint32_t value);
void wat_map_free(wat_map *m);

/* An index space (6.6.1): how many entries the module has so far and which
 * of them have identifiers. */
typedef struct wat_space {
    wat_map ids;
    uint32_t count;
    const char *what;      /* "func", "table", ...: for error messages */
} wat_space;

/* A function type: params then results in one array. */
typedef struct wat_functype {
    uint32_t nparams, nresults;
    kn_valtype *types;
} wat_functype;

/* A parsed type use (6.6.2): `(type x)?` then inline params and results. */
typedef struct wat_typeuse {
    bool has_index;        /* (type x) was given */
    uint32_t index;
    bool has_inline;       /* at least one (param ...) or (result ...) */
    kn_buf params, results;
    kn_token where;        /* for errors */
} wat_typeuse;

/* Binary section ids (spec 5.5.2) that the parser fills. */
enum {
    WAT_SEC_TYPE = 1, WAT_SEC_IMPORT = 2, WAT_SEC_FUNC = 3, WAT_SEC_TABLE = 4,
    WAT_SEC_MEMORY = 5, WAT_SEC_GLOBAL = 6, WAT_SEC_EXPORT = 7,
    WAT_SEC_START = 8, WAT_SEC_ELEM = 9, WAT_SEC_CODE = 10, WAT_SEC_DATA = 11,
    WAT_SEC_DATACOUNT = 12, WAT_NSECTIONS = 13
};

typedef struct wat_label {
    const char *id;        /* NULL: the block has no label */
    uint32_t len;
} wat_label;

typedef struct wat {
    kn_lexer *lx;
    kn_error *err;
    kn_arena arena;

    wat_space types, funcs, tables, mems, globals, elems, datas;

    /* The type table: explicit definitions first (prescan), then the ones
     * implicitly appended by inline type uses, in the order of their uses. */
    wat_functype *typev;
    uint32_t typecap;
    wat_map sigs;          /* encoded signature -> smallest type index */

    kn_buf sec[WAT_NSECTIONS];
    uint32_t nitems[WAT_NSECTIONS];
    bool has_start;
    bool uses_data_count;  /* memory.init or data.drop appear (5.5.15) */
    /* The first non-imported definition seen: imports must precede it
     * (6.6.14: "import after function"). NULL while there is none. */
    const char *first_definition;

    /* Debug names (names.c), collected only when debug_names is set:
     * the module's `$id` (len 0: none) and the local names subsection's
     * entries of the functions parsed so far, which are in index order
     * since imports precede definitions. */
    bool debug_names;
    kn_token module_id;
    kn_buf local_names;

    /* The function being parsed: its locals (params first) and labels. */
    wat_map locals;
    uint32_t nlocals;
    wat_label *labels;
    uint32_t nlabels, labelcap;
    uint32_t depth;
} wat;

/* Token helpers (parse_module.c). Every failing function sets p->err. */
kn_token wat_next(wat *p);
kn_token wat_peek(wat *p);
/* The keyword after a peeked `(`, or an empty token: two-token lookahead. */
kn_token wat_peek2(wat *p);
bool wat_peek2_is(wat *p, const char *kw);   /* the next tokens are `( kw` */
/* Consume keyword `kw`, or `( kw`, when those are the next tokens. */
bool wat_accept(wat *p, const char *kw);
bool wat_accept_lparen_kw(wat *p, const char *kw);
bool wat_expect(wat *p, kn_tokkind kind);
bool wat_expect_lparen_kw(wat *p, const char *kw);
bool wat_fail(wat *p, const kn_token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "unexpected token", or as the spec's lexer "unknown operator" for a
 * reserved token or a keyword that is neither syntax nor an instruction. */
bool wat_unexpected(wat *p, const kn_token *t);
bool wat_nomem(wat *p);

/* Value and reference types (6.4.1, 6.4.2). */
bool wat_valtype(wat *p, kn_valtype *out);
bool wat_reftype(wat *p, kn_valtype *out);
/* An index into `s`: a u32 or an identifier. */
bool wat_index(wat *p, wat_space *s, uint32_t *out);
bool wat_index_of(wat *p, wat_space *s, const kn_token *t, uint32_t *out);
bool wat_is_index(const kn_token *t);
bool wat_u32(wat *p, const kn_token *t, uint32_t *out);

/* Type uses (parse_module.c). wat_typeuse_parse reads the clauses;
 * `named_params` allows `(param $x t)` and binds it as a local.
 * wat_typeuse_resolve returns the type index, appending an implicit type
 * when needed; `block` applies the block-type rules (inline form needs no
 * type). */
void wat_typeuse_init(wat_typeuse *u);
void wat_typeuse_free(wat_typeuse *u);
bool wat_typeuse_parse(wat *p, wat_typeuse *u, bool named_params);
bool wat_typeuse_resolve(wat *p, wat_typeuse *u, uint32_t *typeidx);
/* An explicit `(type x)` with inline clauses must agree with them:
 * "unknown type" or "inline function type" otherwise. */
bool wat_typeuse_check(wat *p, const wat_typeuse *u);

/* The type table (encode.c). */
bool wat_type_add(wat *p, const kn_valtype *params, uint32_t np,
                  const kn_valtype *results, uint32_t nr, uint32_t *index);
bool wat_type_find_or_add(wat *p, const kn_valtype *params, uint32_t np,
                          const kn_valtype *results, uint32_t nr,
                          uint32_t *index);
bool wat_encode(wat *p, kn_buf *out);
/* `id size body`: a section (5.5.2) or a name subsection (7.4.1); a failed
 * body fails `out`. */
void wat_put_section(kn_buf *out, uint8_t id, const kn_buf *body);

/* The name section (names.c). wat_names_function records the local names
 * of the function just parsed (index funcs.count - 1; all its params and
 * locals bound); wat_names_encode appends the custom section to `out`. */
bool wat_names_function(wat *p);
bool wat_names_encode(wat *p, kn_buf *out);

/* Instructions (parse_instr.c). wat_instrs parses `instr*` up to the `)`
 * that closes the enclosing list (not consumed). wat_const_expr parses an
 * expression outside any function and appends `end`. */
bool wat_instrs(wat *p, kn_buf *code);
const kn_opinfo *wat_lookup_op(const kn_token *t);
bool wat_const_expr(wat *p, kn_buf *code);
bool wat_folded_instr(wat *p, kn_buf *code);

#endif
