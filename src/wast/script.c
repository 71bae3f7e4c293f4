/*
 * script.c -- the .wast script format (spec interpreter/README.md, "Scripts")
 * to an array of kn_command.
 *
 * Grammar, as the 2.0 test suite uses it:
 *
 *   cmd    ::= module | (register "name" $id?) | action | assertion
 *   module ::= (module $id? field*) | (module $id? binary "..."*)
 *            | (module $id? quote "..."*)
 *   action ::= (invoke $id? "name" const*) | (get $id? "name")
 *   const  ::= (i32.const n) | (i64.const n) | (f32.const z) | (f64.const z)
 *            | (v128.const shape lane*) | (ref.null func|extern) | (ref.extern n)
 *   result ::= const, where float numbers may be nan:canonical or
 *              nan:arithmetic (also per lane), and (ref.func) / (ref.extern)
 *              match any non-null reference
 *   assertion ::= (assert_return action result*)
 *              | (assert_trap action "msg") | (assert_trap module "msg")
 *              | (assert_exhaustion action "msg")
 *              | (assert_malformed|assert_invalid|assert_unlinkable|
 *                 assert_uninstantiable module "msg")
 *
 * Everything a script owns comes from one arena, freed by kn_script_delete.
 * Error recovery: the lexer is a plain struct, so a snapshot taken before a
 * command lets a failed command be skipped by re-lexing it as a balanced
 * parenthesised group, whatever state the failure left the lexer in.
 */
#include "script.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../text/lexer.h"
#include "../text/wat.h"

typedef struct script_impl {
    kn_script pub;      /* first, so a kn_script * is a script_impl * */
    kn_arena arena;
    size_t cap;         /* of pub.commands */
} script_impl;

typedef struct parser {
    kn_lexer lx;
    kn_error *err;      /* the current command's */
    kn_arena *arena;
} parser;

/* ---- tokens ---- */

/* Reports an unexpected token; a lexical error token already carries its
 * own message, set by the lexer. */
static bool unexpected(parser *p, const kn_token *t)
{
    if (t->kind == KN_TOK_ERROR)
        return false;
    if (t->kind == KN_TOK_EOF)
        return kn_error_at_line(p->err, KN_ERR_MALFORMED, t->line, t->column,
                                "unexpected end of script");
    return kn_error_at_line(p->err, KN_ERR_MALFORMED, t->line, t->column,
                            "unexpected token \"%.*s\"",
                            t->len > 40 ? 40 : (int)t->len, t->text);
}

static bool fail_at(parser *p, const kn_token *t, const char *msg)
{
    return kn_error_at_line(p->err, KN_ERR_MALFORMED, t->line, t->column, "%s", msg);
}

static bool expect(parser *p, kn_tokkind kind, kn_token *out)
{
    kn_token t = kn_lex_next(&p->lx);
    if (out)
        *out = t;
    return t.kind == kind || unexpected(p, &t);
}

static bool expect_keyword(parser *p, const char *kw)
{
    kn_token t = kn_lex_next(&p->lx);
    return kn_token_is(&t, kw) || unexpected(p, &t);
}

static bool out_of_memory(parser *p)
{
    return kn_error_set(p->err, KN_ERR_LIMIT, "out of memory");
}

/* Moves a buffer's bytes into the arena (a valid pointer even when empty). */
static void *to_arena(parser *p, kn_buf *b)
{
    void *mem = b->failed ? NULL : kn_arena_alloc(p->arena, b->len, 1);
    if (mem && b->len)
        memcpy(mem, b->data, b->len);
    kn_buf_free(b);
    if (!mem)
        out_of_memory(p);
    return mem;
}

/* `$name` -> "name" in the arena; NULL if the next token is no identifier. */
static bool opt_id(parser *p, char **id)
{
    kn_token t = kn_lex_peek(&p->lx);
    *id = NULL;
    if (t.kind != KN_TOK_ID)
        return true;
    kn_lex_next(&p->lx);
    *id = kn_arena_strndup(p->arena, t.text + 1, t.len - 1);
    return *id || out_of_memory(p);
}

/* A string's decoded bytes, NUL-terminated, in the arena. */
static bool string(parser *p, char **out, size_t *len)
{
    kn_token t;
    kn_buf b;
    if (!expect(p, KN_TOK_STRING, &t))
        return false;
    kn_buf_init(&b);
    if (!kn_token_string(&t, &b, p->err)) {
        kn_buf_free(&b);
        return false;
    }
    kn_buf_byte(&b, 0);
    size_t n = b.len - 1;
    if (!(*out = to_arena(p, &b)))
        return false;
    if (len)
        *len = n;
    return true;
}

/* ---- modules ---- */

/* After `(module`: the rest of a module through its `)`. */
static bool module_body(parser *p, kn_script_module *m)
{
    kn_buf b;
    bool ok = true;
    if (!opt_id(p, &m->id))
        return false;
    kn_buf_init(&b);
    kn_token t = kn_lex_peek(&p->lx);
    if (kn_token_is(&t, "binary") || kn_token_is(&t, "quote")) {
        /* The strings are concatenated as they are (like wast2json does);
         * a quoted module is parsed only when its command runs. */
        m->form = kn_token_is(&t, "binary") ? KN_MOD_BINARY : KN_MOD_QUOTE;
        kn_lex_next(&p->lx);
        while (ok && (t = kn_lex_peek(&p->lx)).kind == KN_TOK_STRING) {
            kn_lex_next(&p->lx);
            ok = kn_token_string(&t, &b, p->err);
        }
        ok = ok && expect(p, KN_TOK_RPAREN, NULL);
    } else {
        m->form = KN_MOD_TEXT;
        ok = kn_wat_parse_module_fields(&p->lx, NULL, &b, p->err);
    }
    if (!ok) {
        kn_buf_free(&b);
        return false;
    }
    m->len = b.len;
    return (m->bytes = to_arena(p, &b)) != NULL;
}

static bool module(parser *p, kn_script_module *m)
{
    return expect(p, KN_TOK_LPAREN, NULL) && expect_keyword(p, "module") &&
           module_body(p, m);
}

/* ---- values ---- */

/* A float number, or in a result (`nan_ok`) a NaN pattern. */
static bool float_lane(parser *p, bool f64, bool nan_ok, uint64_t *bits,
                       kn_match *match)
{
    kn_token t = kn_lex_next(&p->lx);
    *match = KN_MATCH_EXACT;
    *bits = 0;
    if (nan_ok && kn_token_is(&t, "nan:canonical")) {
        *match = KN_MATCH_NAN_CANONICAL;
        return true;
    }
    if (nan_ok && kn_token_is(&t, "nan:arithmetic")) {
        *match = KN_MATCH_NAN_ARITHMETIC;
        return true;
    }
    if (t.kind != KN_TOK_NUMBER)
        return unexpected(p, &t);
    uint32_t b32 = 0;
    bool ok = f64 ? kn_token_f64(&t, bits) : kn_token_f32(&t, &b32);
    if (!f64)
        *bits = b32;
    return ok || fail_at(p, &t, "constant out of range");
}

static bool int_lane(parser *p, unsigned width, uint64_t *v)
{
    kn_token t = kn_lex_next(&p->lx);
    if (t.kind != KN_TOK_NUMBER)
        return unexpected(p, &t);
    return kn_token_int(&t, width, v) || fail_at(p, &t, "constant out of range");
}

/* After `v128.const`: a shape and its lanes, stored little-endian (5.4.7). */
static bool v128_const(parser *p, kn_script_value *v, bool result)
{
    static const struct { const char *name; kn_lanes lanes; unsigned width; bool is_float; }
        shapes[] = {
            {"i8x16", KN_LANES_I8X16, 8, false},  {"i16x8", KN_LANES_I16X8, 16, false},
            {"i32x4", KN_LANES_I32X4, 32, false}, {"i64x2", KN_LANES_I64X2, 64, false},
            {"f32x4", KN_LANES_F32X4, 32, true},  {"f64x2", KN_LANES_F64X2, 64, true},
        };
    kn_token t = kn_lex_next(&p->lx);
    size_t s = 0;
    while (s < sizeof shapes / sizeof shapes[0] && !kn_token_is(&t, shapes[s].name))
        s++;
    if (s == sizeof shapes / sizeof shapes[0])
        return unexpected(p, &t);
    unsigned width = shapes[s].width, n = 128 / width;
    v->type = KN_V128;
    v->lanes = shapes[s].lanes;
    for (unsigned i = 0; i < n; i++) {
        uint64_t lane;
        kn_match match = KN_MATCH_EXACT;
        if (!(shapes[s].is_float ? float_lane(p, width == 64, result, &lane, &match)
                                 : int_lane(p, width, &lane)))
            return false;
        if (shapes[s].is_float)
            v->lane_match[i] = match;
        for (unsigned j = 0; j < width / 8; j++)
            v->value.v128[i * (width / 8) + j] = (uint8_t)(lane >> (8 * j));
    }
    return true;
}

/* A constant argument, `(i32.const 1)` and friends; in a result (`result`)
 * also NaN patterns and the non-null wildcards (ref.func) / (ref.extern). */
static bool value(parser *p, kn_script_value *v, bool result)
{
    kn_token t;
    memset(v, 0, sizeof *v);
    if (!expect(p, KN_TOK_LPAREN, NULL) || !expect(p, KN_TOK_KEYWORD, &t))
        return false;
    if (kn_token_is(&t, "i32.const") || kn_token_is(&t, "i64.const")) {
        bool i64 = kn_token_is(&t, "i64.const");
        uint64_t n;
        if (!int_lane(p, i64 ? 64 : 32, &n))
            return false;
        v->type = i64 ? KN_I64 : KN_I32;
        if (i64)
            v->value.i64 = n;
        else
            v->value.i32 = (uint32_t)n;
    } else if (kn_token_is(&t, "f32.const") || kn_token_is(&t, "f64.const")) {
        bool f64 = kn_token_is(&t, "f64.const");
        uint64_t bits;
        if (!float_lane(p, f64, result, &bits, &v->match))
            return false;
        v->type = f64 ? KN_F64 : KN_F32;
        if (f64)
            v->value.f64 = bits;
        else
            v->value.f32 = (uint32_t)bits;
    } else if (kn_token_is(&t, "v128.const")) {
        if (!v128_const(p, v, result))
            return false;
    } else if (kn_token_is(&t, "ref.null")) {
        t = kn_lex_next(&p->lx);
        if (kn_token_is(&t, "func"))
            v->type = KN_FUNCREF;
        else if (kn_token_is(&t, "extern"))
            v->type = KN_EXTERNREF;
        else
            return unexpected(p, &t);
        v->is_null = true;
    } else if (kn_token_is(&t, "ref.extern") || (result && kn_token_is(&t, "ref.func"))) {
        v->type = kn_token_is(&t, "ref.func") ? KN_FUNCREF : KN_EXTERNREF;
        t = kn_lex_peek(&p->lx);
        if (v->type == KN_EXTERNREF && t.kind == KN_TOK_NUMBER) {
            kn_lex_next(&p->lx);
            if (!kn_token_u32(&t, &v->extern_index))
                return fail_at(p, &t, "constant out of range");
        } else if (result) {
            v->match = KN_MATCH_ANY_REF;
        } else {
            return unexpected(p, &t);
        }
    } else {
        return unexpected(p, &t);
    }
    return expect(p, KN_TOK_RPAREN, NULL);
}

/* Values up to the closing parenthesis (not consumed), into the arena. */
static bool values(parser *p, bool result, uint32_t *n, kn_script_value **out)
{
    kn_buf b;
    kn_buf_init(&b);
    *n = 0;
    while (kn_lex_peek(&p->lx).kind == KN_TOK_LPAREN) {
        kn_script_value v;
        if (!value(p, &v, result)) {
            kn_buf_free(&b);
            return false;
        }
        kn_buf_push(&b, &v, sizeof v);
        ++*n;
    }
    return (*out = to_arena(p, &b)) != NULL;
}

/* ---- commands ---- */

/* After `(invoke` or `(get`: the rest of an action through its `)`. */
static bool action_body(parser *p, kn_action *a, bool is_get)
{
    a->is_get = is_get;
    if (!opt_id(p, &a->module_id) || !string(p, &a->field, &a->field_len))
        return false;
    if (!is_get && !values(p, false, &a->nargs, &a->args))
        return false;
    return expect(p, KN_TOK_RPAREN, NULL);
}

static bool action(parser *p, kn_action *a)
{
    kn_token t;
    if (!expect(p, KN_TOK_LPAREN, NULL) || !expect(p, KN_TOK_KEYWORD, &t))
        return false;
    if (kn_token_is(&t, "invoke") || kn_token_is(&t, "get"))
        return action_body(p, a, kn_token_is(&t, "get"));
    return unexpected(p, &t);
}

static const struct { const char *name; kn_cmdkind kind; } module_asserts[] = {
    {"assert_malformed", KN_CMD_ASSERT_MALFORMED},
    {"assert_invalid", KN_CMD_ASSERT_INVALID},
    {"assert_unlinkable", KN_CMD_ASSERT_UNLINKABLE},
    {"assert_uninstantiable", KN_CMD_ASSERT_UNINSTANTIABLE},
};

/* After the command's `(`: its keyword and the rest through its `)`. */
static bool command(parser *p, kn_command *c)
{
    kn_token t;
    if (!expect(p, KN_TOK_KEYWORD, &t))
        return false;
    if (kn_token_is(&t, "module")) {
        c->kind = KN_CMD_MODULE;
        return module_body(p, &c->module);
    }
    if (kn_token_is(&t, "register")) {
        c->kind = KN_CMD_REGISTER;
        return string(p, &c->register_name, NULL) && opt_id(p, &c->register_id) &&
               expect(p, KN_TOK_RPAREN, NULL);
    }
    if (kn_token_is(&t, "invoke") || kn_token_is(&t, "get")) {
        c->kind = KN_CMD_ACTION;
        return action_body(p, &c->action, kn_token_is(&t, "get"));
    }
    if (kn_token_is(&t, "assert_return")) {
        c->kind = KN_CMD_ASSERT_RETURN;
        return action(p, &c->action) && values(p, true, &c->nresults, &c->results) &&
               expect(p, KN_TOK_RPAREN, NULL);
    }
    if (kn_token_is(&t, "assert_trap") || kn_token_is(&t, "assert_exhaustion")) {
        bool ok;
        c->kind = kn_token_is(&t, "assert_trap") ? KN_CMD_ASSERT_TRAP
                                                 : KN_CMD_ASSERT_EXHAUSTION;
        /* (assert_trap (module ...) "msg"): instantiation traps (a failing
         * start function or segment initialisation) */
        kn_lexer before = p->lx;
        kn_token open = kn_lex_next(&p->lx), kw = kn_lex_next(&p->lx);
        p->lx = before;
        if (c->kind == KN_CMD_ASSERT_TRAP && open.kind == KN_TOK_LPAREN &&
            kn_token_is(&kw, "module")) {
            c->kind = KN_CMD_ASSERT_UNINSTANTIABLE;
            ok = module(p, &c->module);
        } else {
            ok = action(p, &c->action);
        }
        return ok && string(p, &c->message, NULL) && expect(p, KN_TOK_RPAREN, NULL);
    }
    for (size_t i = 0; i < sizeof module_asserts / sizeof module_asserts[0]; i++) {
        if (kn_token_is(&t, module_asserts[i].name)) {
            c->kind = module_asserts[i].kind;
            return module(p, &c->module) && string(p, &c->message, NULL) &&
                   expect(p, KN_TOK_RPAREN, NULL);
        }
    }
    return kn_error_at_line(p->err, KN_ERR_MALFORMED, t.line, t.column,
                            "unknown command \"%.*s\"",
                            t.len > 40 ? 40 : (int)t.len, t.text);
}

/* Skips the parenthesised group that starts at the lexer's position. False
 * if the text ends before it closes. */
static bool skip_group(kn_lexer *lx)
{
    size_t depth = 0;
    do {
        kn_token t = kn_lex_next(lx);
        if (t.kind == KN_TOK_EOF)
            return false;
        if (t.kind == KN_TOK_LPAREN)
            depth++;
        else if (t.kind == KN_TOK_RPAREN)
            depth--;   /* the first token is `(`, so depth > 0 here */
    } while (depth > 0);
    return true;
}

/* A script may be the fields of one module and nothing else (the spec's
 * inline-module.wast): it starts with a module field. */
static bool is_inline_module(const kn_lexer *lx)
{
    static const char *const fields[] = {
        "type", "import", "func", "table", "memory", "global", "export",
        "start", "elem", "data",
    };
    kn_lexer probe = *lx;
    kn_error ignored;
    probe.err = &ignored;
    kn_token open = kn_lex_next(&probe), kw = kn_lex_next(&probe);
    if (open.kind != KN_TOK_LPAREN)
        return false;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (kn_token_is(&kw, fields[i]))
            return true;
    return false;
}

static kn_command *new_command(script_impl *s)
{
    if (s->pub.ncommands == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        if (cap > UINT32_MAX)
            return NULL;
        kn_command *c = realloc(s->pub.commands, cap * sizeof *c);
        if (!c)
            return NULL;
        s->pub.commands = c;
        s->cap = cap;
    }
    kn_command *c = &s->pub.commands[s->pub.ncommands++];
    memset(c, 0, sizeof *c);
    return c;
}

kn_script *kn_script_parse(const char *text, size_t len, kn_error *err)
{
    script_impl *s = calloc(1, sizeof *s);
    parser p;
    kn_error scratch;
    if (!s) {
        kn_error_set(err, KN_ERR_LIMIT, "out of memory");
        return NULL;
    }
    kn_arena_init(&s->arena);
    kn_lexer_init(&p.lx, text, len, &scratch);
    p.arena = &s->arena;
    if (is_inline_module(&p.lx)) {
        kn_command *c = new_command(s);
        kn_buf b;
        kn_buf_init(&b);
        if (!c) {
            kn_error_set(err, KN_ERR_LIMIT, "out of memory");
            kn_script_delete(&s->pub);
            return NULL;
        }
        c->line = 1;
        p.err = &c->error;
        if (!kn_wat_to_wasm(text, len, NULL, &b, &c->error)) {
            c->kind = KN_CMD_ERROR;
            kn_buf_free(&b);
        } else {
            c->kind = KN_CMD_MODULE;
            c->module.len = b.len;
            if (!(c->module.bytes = to_arena(&p, &b))) {
                *err = c->error;
                kn_script_delete(&s->pub);
                return NULL;
            }
        }
        return &s->pub;
    }
    for (;;) {
        /* Between commands lexical errors go to `scratch`: a pointer into
         * the command array would dangle when the array grows. */
        p.lx.err = &scratch;
        kn_error_clear(&scratch);
        kn_lexer start = p.lx;
        kn_token t = kn_lex_next(&p.lx);
        if (t.kind == KN_TOK_EOF)
            return &s->pub;
        kn_command *c = new_command(s);
        if (!c) {
            kn_error_set(err, KN_ERR_LIMIT, "out of memory");
            break;
        }
        c->line = t.line;
        c->error = scratch;
        p.err = &c->error;
        p.lx.err = &c->error;
        if (t.kind == KN_TOK_LPAREN && command(&p, c))
            continue;
        if (t.kind == KN_TOK_RPAREN) {
            kn_error_at_line(err, KN_ERR_MALFORMED, t.line, t.column,
                             "unbalanced parentheses");
            break;
        }
        if (t.kind != KN_TOK_LPAREN)
            unexpected(&p, &t);
        if (c->error.kind == KN_ERR_NONE)   /* a callee failed without a word */
            kn_error_at_line(&c->error, KN_ERR_MALFORMED, t.line, t.column,
                             "malformed command");
        if (c->error.kind == KN_ERR_LIMIT) {
            *err = c->error;
            break;
        }
        kn_error keep = c->error;
        memset(c, 0, sizeof *c);
        c->kind = KN_CMD_ERROR;
        c->line = t.line;
        c->error = keep;
        /* resume after the failed command's closing parenthesis */
        p.lx = start;
        p.lx.err = &scratch;
        if (t.kind == KN_TOK_LPAREN && !skip_group(&p.lx)) {
            kn_error_at_line(err, KN_ERR_MALFORMED, t.line, t.column,
                             "unbalanced parentheses");
            break;
        }
        if (t.kind != KN_TOK_LPAREN)
            kn_lex_next(&p.lx);
    }
    kn_script_delete(&s->pub);
    return NULL;
}

void kn_script_delete(kn_script *pub)
{
    script_impl *s = (script_impl *)pub;
    if (!s)
        return;
    kn_arena_free(&s->arena);
    free(s->pub.commands);
    free(s);
}
