/*
 * parse_module.c -- module fields of the text format (spec 6.6): types,
 * imports, functions, tables, memories, globals, exports, start, element and
 * data segments, with their abbreviations (inline imports and exports,
 * inline elem and data, type uses), and the identifier pass that lets a
 * field refer to anything defined anywhere in the module.
 */
#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wat.h"

/* ---- tokens ---- */

kn_token wat_next(wat *p) { return kn_lex_next(p->lx); }
kn_token wat_peek(wat *p) { return kn_lex_peek(p->lx); }

kn_token wat_peek2(wat *p)
{
    kn_token none = {KN_TOK_EOF, "", 0, 0, 0};
    if (wat_peek(p).kind != KN_TOK_LPAREN)
        return none;
    kn_lexer saved = *p->lx;
    kn_lex_next(p->lx);
    kn_token t = kn_lex_next(p->lx);
    *p->lx = saved;
    return t;
}

/* A lexical error token already carries its message (in the lexer's error,
 * which may not be the caller's). */
bool wat_fail(wat *p, const kn_token *t, const char *fmt, ...)
{
    if (t && t->kind == KN_TOK_ERROR) {
        if (p->lx->err && p->lx->err != p->err)
            *p->err = *p->lx->err;
        return false;
    }
    va_list ap;
    va_start(ap, fmt);
    kn_error_vset(p->err, KN_ERR_MALFORMED, fmt, ap);
    va_end(ap);
    if (t) {
        p->err->line = t->line;
        p->err->column = t->column;
    }
    return false;
}

/* The keywords of the text format that are not instruction names (6.6,
 * and the script's NaN patterns, which a module may not contain). */
static bool is_syntax_keyword(const kn_token *t)
{
    static const char *const words[] = {
        "module", "type", "func", "param", "result", "local", "import",
        "export", "table", "memory", "global", "elem", "data", "start",
        "offset", "item", "declare", "mut", "then", "else", "end", "extern",
        "i32", "i64", "f32", "f64", "v128", "funcref", "externref",
        "binary", "quote", "nan:arithmetic", "nan:canonical"
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (kn_token_is(t, words[i]))
            return true;
    return (t->len > 7 && memcmp(t->text, "offset=", 7) == 0) ||
           (t->len > 6 && memcmp(t->text, "align=", 6) == 0);
}

bool wat_unexpected(wat *p, const kn_token *t)
{
    if (t->kind == KN_TOK_EOF)
        return wat_fail(p, t, "unexpected end of input");
    if (t->kind == KN_TOK_RESERVED ||
        (t->kind == KN_TOK_KEYWORD && !is_syntax_keyword(t) && !wat_lookup_op(t)))
        return wat_fail(p, t, "unknown operator %.*s", (int)t->len, t->text);
    return wat_fail(p, t, "unexpected token %.*s", (int)t->len, t->text);
}

bool wat_nomem(wat *p)
{
    kn_error_set(p->err, KN_ERR_LIMIT, "out of memory");
    return false;
}

bool wat_expect(wat *p, kn_tokkind kind)
{
    kn_token t = wat_next(p);
    return t.kind == kind || wat_unexpected(p, &t);
}

bool wat_expect_lparen_kw(wat *p, const char *kw)
{
    if (!wat_expect(p, KN_TOK_LPAREN))
        return false;
    kn_token t = wat_next(p);
    return kn_token_is(&t, kw) || wat_unexpected(p, &t);
}

bool wat_peek2_is(wat *p, const char *kw)
{
    kn_token t = wat_peek2(p);
    return kn_token_is(&t, kw);
}

bool wat_accept(wat *p, const char *kw)
{
    kn_token t = wat_peek(p);
    if (!kn_token_is(&t, kw))
        return false;
    wat_next(p);
    return true;
}

bool wat_accept_lparen_kw(wat *p, const char *kw)
{
    if (!wat_peek2_is(p, kw))
        return false;
    wat_next(p);
    wat_next(p);
    return true;
}

/* Skips to the `)` that closes a list whose `(` is already consumed. */
static bool skip_list(wat *p)
{
    for (uint32_t depth = 1; depth > 0;) {
        kn_token t = wat_next(p);
        if (t.kind == KN_TOK_LPAREN)
            depth++;
        else if (t.kind == KN_TOK_RPAREN)
            depth--;
        else if (t.kind == KN_TOK_EOF || t.kind == KN_TOK_ERROR)
            return wat_unexpected(p, &t);
    }
    return true;
}

/* ---- types, indices, names ---- */

bool wat_valtype(wat *p, kn_valtype *out)
{
    static const struct { const char *name; kn_valtype type; } names[] = {
        {"i32", KN_I32}, {"i64", KN_I64}, {"f32", KN_F32}, {"f64", KN_F64},
        {"v128", KN_V128}, {"funcref", KN_FUNCREF}, {"externref", KN_EXTERNREF}
    };
    kn_token t = wat_next(p);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (kn_token_is(&t, names[i].name)) {
            *out = names[i].type;
            return true;
        }
    }
    return wat_unexpected(p, &t);  /* "unknown operator anyfunc" */
}

bool wat_reftype(wat *p, kn_valtype *out)
{
    kn_token t = wat_peek(p);
    if (!wat_valtype(p, out))
        return false;
    return kn_is_reftype(*out) || wat_unexpected(p, &t);
}

bool wat_is_index(const kn_token *t)
{
    return t->kind == KN_TOK_NUMBER || t->kind == KN_TOK_ID;
}

bool wat_u32(wat *p, const kn_token *t, uint32_t *out)
{
    if (t->kind != KN_TOK_NUMBER)
        return wat_unexpected(p, t);
    if (!kn_token_u32(t, out))
        return wat_fail(p, t, "i32 constant out of range");
    return true;
}

bool wat_index_of(wat *p, wat_space *s, const kn_token *t, uint32_t *out)
{
    if (t->kind == KN_TOK_ID) {
        if (!wat_map_get(&s->ids, t->text, t->len, out))
            return wat_fail(p, t, "unknown %s %.*s", s->what, (int)t->len, t->text);
        return true;
    }
    return wat_u32(p, t, out);
}

bool wat_index(wat *p, wat_space *s, uint32_t *out)
{
    kn_token t = wat_next(p);
    return wat_index_of(p, s, &t, out);
}

/* A string token as a name (6.3.4: valid UTF-8), written as vec(byte). */
static bool put_name(wat *p, kn_buf *sec)
{
    kn_token t = wat_next(p);
    if (t.kind != KN_TOK_STRING)
        return wat_unexpected(p, &t);
    kn_buf name;
    kn_buf_init(&name);
    bool ok = kn_token_name(&t, &name, p->err);
    if (ok) {
        kn_buf_uleb(sec, name.len);
        kn_buf_push(sec, name.data, name.len);
    }
    kn_buf_free(&name);
    return ok;
}

/* Binds an optional identifier to the next index of `s`. */
static bool bind(wat *p, wat_space *s, const kn_token *id)
{
    if (id) {
        wat_put r = wat_map_put(&s->ids, id->text, id->len, s->count);
        if (r == WAT_PUT_DUPLICATE)
            return wat_fail(p, id, "duplicate %s %.*s", s->what, (int)id->len, id->text);
        if (r == WAT_PUT_NOMEM)
            return wat_nomem(p);
    }
    if (s->count == UINT32_MAX)
        return wat_fail(p, id, "too many %ss", s->what);
    s->count++;
    return true;
}

/* `$id?` after a field's keyword. */
static bool opt_id(wat *p, kn_token *id)
{
    kn_token t = wat_peek(p);
    if (t.kind != KN_TOK_ID)
        return false;
    *id = wat_next(p);
    return true;
}

static bool bind_local(wat *p, const kn_token *id)
{
    if (id) {
        wat_put r = wat_map_put(&p->locals, id->text, id->len, p->nlocals);
        if (r == WAT_PUT_DUPLICATE)
            return wat_fail(p, id, "duplicate local %.*s", (int)id->len, id->text);
        if (r == WAT_PUT_NOMEM)
            return wat_nomem(p);
    }
    if (p->nlocals == UINT32_MAX)
        return wat_fail(p, id, "too many locals");
    p->nlocals++;
    return true;
}

/* `(param $x t)` or `(param t*)` (after `(param`), appending the types to
 * `out`. With `named`, identifiers are allowed and bound as locals. */
static bool param_list(wat *p, kn_buf *out, bool named, bool bind_locals)
{
    kn_token id = wat_peek(p);
    if (id.kind == KN_TOK_ID) {
        if (!named)
            return wat_unexpected(p, &id);
        wat_next(p);
        kn_valtype t;
        if (!wat_valtype(p, &t))
            return false;
        kn_buf_byte(out, t);
        if (bind_locals && !bind_local(p, &id))
            return false;
        return wat_expect(p, KN_TOK_RPAREN);
    }
    while (wat_peek(p).kind != KN_TOK_RPAREN) {
        kn_valtype t;
        if (!wat_valtype(p, &t))
            return false;
        kn_buf_byte(out, t);
        if (bind_locals && !bind_local(p, NULL))
            return false;
    }
    wat_next(p);
    return true;
}

static bool result_list(wat *p, kn_buf *out)
{
    while (wat_peek(p).kind != KN_TOK_RPAREN) {
        kn_valtype t;
        if (!wat_valtype(p, &t))
            return false;
        kn_buf_byte(out, t);
    }
    wat_next(p);
    return true;
}

/* ---- type uses (6.6.2) ---- */

void wat_typeuse_init(wat_typeuse *u)
{
    memset(u, 0, sizeof *u);
    kn_buf_init(&u->params);
    kn_buf_init(&u->results);
}

void wat_typeuse_free(wat_typeuse *u)
{
    kn_buf_free(&u->params);
    kn_buf_free(&u->results);
}

bool wat_typeuse_parse(wat *p, wat_typeuse *u, bool named_params)
{
    u->where = wat_peek(p);
    if (wat_accept_lparen_kw(p, "type")) {
        u->has_index = true;
        if (!wat_index(p, &p->types, &u->index) || !wat_expect(p, KN_TOK_RPAREN))
            return false;
    }
    while (wat_accept_lparen_kw(p, "param")) {
        u->has_inline = true;
        if (!param_list(p, &u->params, named_params, named_params))
            return false;
    }
    while (wat_accept_lparen_kw(p, "result")) {
        u->has_inline = true;
        if (!result_list(p, &u->results))
            return false;
    }
    /* The clauses come in this order only. */
    kn_token t = wat_peek2(p);
    if (kn_token_is(&t, "type") || kn_token_is(&t, "param"))
        return wat_unexpected(p, &t);
    if (u->params.failed || u->results.failed)
        return wat_nomem(p);
    return true;
}

bool wat_typeuse_check(wat *p, const wat_typeuse *u)
{
    if (u->index >= p->types.count)
        return wat_fail(p, &u->where, "unknown type");
    const wat_functype *t = &p->typev[u->index];
    if (t->nparams != u->params.len || t->nresults != u->results.len ||
        (u->params.len && memcmp(t->types, u->params.data, u->params.len) != 0) ||
        (u->results.len && memcmp(t->types + t->nparams, u->results.data,
                                  u->results.len) != 0))
        return wat_fail(p, &u->where, "inline function type");
    return true;
}

bool wat_typeuse_resolve(wat *p, wat_typeuse *u, uint32_t *typeidx)
{
    if (u->has_index) {
        if (u->has_inline && !wat_typeuse_check(p, u))
            return false;
        *typeidx = u->index;
        return true;
    }
    return wat_type_find_or_add(p, u->params.data, (uint32_t)u->params.len,
                                u->results.data, (uint32_t)u->results.len, typeidx);
}

/* ---- pass 1: identifiers and explicit types ---- */

/* `(type $id? (func (param ...)* (result ...)*))`, after `(type`. */
static bool type_field(wat *p, bool prescanning)
{
    kn_token id;
    bool has_id = opt_id(p, &id);
    if (!prescanning)  /* defined by the prescan already */
        return skip_list(p);
    if (!wat_expect_lparen_kw(p, "func"))
        return false;
    kn_buf params, results;
    kn_buf_init(&params);
    kn_buf_init(&results);
    bool ok = true;
    while (ok && wat_accept_lparen_kw(p, "param"))
        ok = param_list(p, &params, true, false);
    while (ok && wat_accept_lparen_kw(p, "result"))
        ok = result_list(p, &results);
    ok = ok && wat_expect(p, KN_TOK_RPAREN) && wat_expect(p, KN_TOK_RPAREN);
    if (ok && (params.failed || results.failed))
        ok = wat_nomem(p);
    uint32_t index;
    if (ok && has_id) {
        wat_put r = wat_map_put(&p->types.ids, id.text, id.len, p->types.count);
        if (r == WAT_PUT_DUPLICATE)
            ok = wat_fail(p, &id, "duplicate type %.*s", (int)id.len, id.text);
        else if (r == WAT_PUT_NOMEM)
            ok = wat_nomem(p);
    }
    ok = ok && wat_type_add(p, params.data, (uint32_t)params.len, results.data,
                            (uint32_t)results.len, &index);
    kn_buf_free(&params);
    kn_buf_free(&results);
    return ok;
}

static wat_space *space_of(wat *p, const kn_token *kw)
{
    if (kn_token_is(kw, "func")) return &p->funcs;
    if (kn_token_is(kw, "table")) return &p->tables;
    if (kn_token_is(kw, "memory")) return &p->mems;
    if (kn_token_is(kw, "global")) return &p->globals;
    if (kn_token_is(kw, "elem")) return &p->elems;
    if (kn_token_is(kw, "data")) return &p->datas;
    return NULL;
}

/* The fields of one module, for identifiers only; the lexer is restored
 * afterwards. An inline `(elem ...)` of a table and `(data ...)` of a
 * memory define unnamed segments. */
static bool prescan(wat *p, bool bare)
{
    kn_lexer saved = *p->lx;
    bool ok = true;
    for (;;) {
        kn_token t = wat_next(p);
        if (t.kind == (bare ? KN_TOK_EOF : KN_TOK_RPAREN))
            break;
        if (t.kind != KN_TOK_LPAREN)
            break;   /* pass 2 reports it, after any error in the fields
                        before it, as the spec's tests expect */
        kn_token kw = wat_next(p);
        wat_space *s = NULL;
        kn_token id;
        bool has_id = false;
        if (kn_token_is(&kw, "type")) {
            if (!(ok = type_field(p, true)))
                break;
            continue;
        }
        if (kn_token_is(&kw, "import")) {
            kn_token m = wat_next(p), n = wat_next(p);
            if (m.kind != KN_TOK_STRING || n.kind != KN_TOK_STRING ||
                wat_peek(p).kind != KN_TOK_LPAREN) {
                ok = skip_list(p);  /* pass 2 reports it */
                if (!ok)
                    break;
                continue;
            }
            wat_next(p);
            kn_token k = wat_next(p);
            s = space_of(p, &k);
            if (s == &p->elems || s == &p->datas)
                s = NULL;
            has_id = opt_id(p, &id);
            if (s && !(ok = bind(p, s, has_id ? &id : NULL)))
                break;
            if (!(ok = skip_list(p) && skip_list(p)))
                break;
            continue;
        }
        s = space_of(p, &kw);
        if (s) {
            has_id = opt_id(p, &id);
            if (!(ok = bind(p, s, has_id ? &id : NULL)))
                break;
        }
        /* The rest of the field, looking for inline segments. */
        for (uint32_t depth = 1; ok && depth > 0;) {
            kn_token u = wat_next(p);
            if (u.kind == KN_TOK_LPAREN) {
                depth++;
                if (depth == 2 && (s == &p->tables || s == &p->mems)) {
                    kn_token k = wat_peek(p);
                    if (s == &p->tables && kn_token_is(&k, "elem"))
                        ok = bind(p, &p->elems, NULL);
                    if (s == &p->mems && kn_token_is(&k, "data"))
                        ok = bind(p, &p->datas, NULL);
                }
            } else if (u.kind == KN_TOK_RPAREN) {
                depth--;
            } else if (u.kind == KN_TOK_EOF || u.kind == KN_TOK_ERROR) {
                ok = wat_unexpected(p, &u);
            }
        }
        if (!ok)
            break;
    }
    *p->lx = saved;
    p->funcs.count = p->tables.count = p->mems.count = p->globals.count = 0;
    p->elems.count = p->datas.count = 0;
    return ok;
}

/* ---- pass 2: fields ---- */

/* Imports precede every definition of a function, table, memory or global
 * (6.6.14). */
static bool check_import(wat *p, const kn_token *at)
{
    if (p->first_definition)
        return wat_fail(p, at, "import after %s", p->first_definition);
    return true;
}

static void define(wat *p, const char *what)
{
    if (!p->first_definition)
        p->first_definition = what;
}

/* `(export "name")*` of a field that defines index `index` of kind `kind`. */
static bool inline_exports(wat *p, uint8_t kind, uint32_t index)
{
    while (wat_accept_lparen_kw(p, "export")) {
        kn_buf *sec = &p->sec[WAT_SEC_EXPORT];
        if (!put_name(p, sec))
            return false;
        kn_buf_byte(sec, kind);
        kn_buf_uleb(sec, index);
        p->nitems[WAT_SEC_EXPORT]++;
        if (!wat_expect(p, KN_TOK_RPAREN))
            return false;
    }
    return true;
}

/* `(import "m" "n")` of a field, written as the head of an import entry
 * whose description the caller writes; `*found` false when there is none. */
static bool inline_import(wat *p, bool *found)
{
    *found = false;
    kn_token at = wat_peek(p);
    if (!wat_accept_lparen_kw(p, "import"))
        return true;
    *found = true;
    kn_buf *sec = &p->sec[WAT_SEC_IMPORT];
    p->nitems[WAT_SEC_IMPORT]++;
    return check_import(p, &at) && put_name(p, sec) && put_name(p, sec) &&
           wat_expect(p, KN_TOK_RPAREN);
}

/* limits (6.4.4): min max?, u32 in 2.0. */
static bool limits(wat *p, kn_buf *out)
{
    uint32_t min, max;
    kn_token t = wat_next(p);
    if (!wat_u32(p, &t, &min))
        return false;
    t = wat_peek(p);
    if (t.kind == KN_TOK_NUMBER) {
        wat_next(p);
        if (!wat_u32(p, &t, &max))
            return false;
        kn_buf_byte(out, 1);
        kn_buf_uleb(out, min);
        kn_buf_uleb(out, max);
    } else {
        kn_buf_byte(out, 0);
        kn_buf_uleb(out, min);
    }
    return true;
}

static bool tabletype(wat *p, kn_buf *out)
{
    kn_buf lim;
    kn_buf_init(&lim);
    kn_valtype t;
    bool ok = limits(p, &lim) && wat_reftype(p, &t);
    if (ok) {
        kn_buf_byte(out, t);
        kn_buf_push(out, lim.data, lim.len);
        if (lim.failed)
            out->failed = true;
    }
    kn_buf_free(&lim);
    return ok;
}

static bool globaltype(wat *p, kn_buf *out)
{
    kn_valtype t;
    if (wat_accept_lparen_kw(p, "mut")) {
        if (!wat_valtype(p, &t) || !wat_expect(p, KN_TOK_RPAREN))
            return false;
        kn_buf_byte(out, t);
        kn_buf_byte(out, 1);
        return true;
    }
    if (!wat_valtype(p, &t))
        return false;
    kn_buf_byte(out, t);
    kn_buf_byte(out, 0);
    return true;
}

/* Local declarations `(local $x t)` / `(local t*)`, compressed into runs of
 * one type as the binary's locals vector (5.5.13). */
static bool locals(wat *p, kn_buf *out)
{
    kn_buf types;
    kn_buf_init(&types);
    bool ok = true;
    while (ok && wat_accept_lparen_kw(p, "local"))
        ok = param_list(p, &types, true, true);
    if (ok && types.failed)
        ok = wat_nomem(p);
    if (ok) {
        uint32_t runs = 0;
        for (size_t i = 0; i < types.len; i++)
            runs += i == 0 || types.data[i] != types.data[i - 1];
        kn_buf_uleb(out, runs);
        for (size_t i = 0; i < types.len;) {
            size_t j = i;
            while (j < types.len && types.data[j] == types.data[i])
                j++;
            kn_buf_uleb(out, j - i);
            kn_buf_byte(out, types.data[i]);
            i = j;
        }
    }
    kn_buf_free(&types);
    return ok;
}

/* Forgets the previous function's locals and labels. The locals' table is
 * freed, not wiped: wiping costs its capacity, and one function with many
 * named locals would make that the cost of every later field. */
static void begin_function(wat *p)
{
    wat_map_free(&p->locals);
    p->nlocals = 0;
    p->nlabels = 0;
}

/* A function's type use. Inline params are bound as locals while parsed;
 * with `(type x)` alone the params, unnamed, come from type x. */
static bool func_typeuse(wat *p, uint32_t *typeidx)
{
    wat_typeuse u;
    wat_typeuse_init(&u);
    bool ok = wat_typeuse_parse(p, &u, true) && wat_typeuse_resolve(p, &u, typeidx);
    if (ok && u.has_index && !u.has_inline && u.index < p->types.count)
        p->nlocals = p->typev[u.index].nparams;
    wat_typeuse_free(&u);
    return ok;
}

/* The head every func, table, memory and global field shares:
 * `$id? (export ..)* (import ..)?`. The field takes the next index of
 * `space`; an import's descriptor starts with `kind` (5.5.5). */
static bool field_head(wat *p, wat_space *space, uint8_t kind, uint32_t *index,
                       bool *imported)
{
    kn_token id;
    opt_id(p, &id);
    *index = space->count++;
    if (!inline_exports(p, kind, *index) || !inline_import(p, imported))
        return false;
    if (*imported)
        kn_buf_byte(&p->sec[WAT_SEC_IMPORT], kind);
    return true;
}

/* `(func $id? (export ..)* (import ..)? typeuse local* instr*)` */
static bool func_field(wat *p)
{
    uint32_t index, typeidx;
    bool imported;
    begin_function(p);
    if (!field_head(p, &p->funcs, 0, &index, &imported))
        return false;
    if (imported) {
        if (!func_typeuse(p, &typeidx) || !wat_names_function(p))
            return false;
        kn_buf_uleb(&p->sec[WAT_SEC_IMPORT], typeidx);
        return wat_expect(p, KN_TOK_RPAREN);
    }
    define(p, "function");
    if (!func_typeuse(p, &typeidx))
        return false;
    kn_buf_uleb(&p->sec[WAT_SEC_FUNC], typeidx);
    p->nitems[WAT_SEC_FUNC]++;

    kn_buf body;
    kn_buf_init(&body);
    bool ok = locals(p, &body) && wat_names_function(p) && wat_instrs(p, &body) &&
              wat_expect(p, KN_TOK_RPAREN);
    kn_buf_byte(&body, 0x0b);
    if (ok && body.failed)
        ok = wat_nomem(p);
    if (ok) {
        kn_buf *code = &p->sec[WAT_SEC_CODE];
        kn_buf_uleb(code, body.len);
        kn_buf_push(code, body.data, body.len);
        p->nitems[WAT_SEC_CODE]++;
    }
    kn_buf_free(&body);
    return ok;
}

/* True when a constant expression is exactly `ref.func x end`. */
static bool is_ref_func(const uint8_t *b, size_t len)
{
    if (len < 3 || b[0] != 0xd2 || b[len - 1] != 0x0b)
        return false;
    size_t i = 1;
    while (i < len - 1 && (b[i] & 0x80))
        i++;
    return i == len - 2;
}

typedef enum { SEG_ACTIVE, SEG_PASSIVE, SEG_DECLARE } segmode;

/* An element segment (5.5.12) in the encoding wabt chooses: the explicit
 * table form only for a table other than 0 or a type other than funcref,
 * and function indices whenever every item is `ref.func x`. `items` holds
 * `n` constant expressions, `ends[i]` being the end of item i. */
static void put_elem(wat *p, segmode mode, uint32_t table, const kn_buf *offset,
                     kn_valtype type, const kn_buf *items, const size_t *ends,
                     uint32_t n)
{
    bool funcs = type == KN_FUNCREF;
    for (uint32_t i = 0; i < n && funcs; i++) {
        size_t start = i ? ends[i - 1] : 0;
        funcs = is_ref_func(items->data + start, ends[i] - start);
    }
    uint8_t flags = mode == SEG_PASSIVE ? 1 : mode == SEG_DECLARE ? 3 : 0;
    if (mode == SEG_ACTIVE && (type != KN_FUNCREF || table != 0))
        flags |= 2;
    if (!funcs)
        flags |= 4;
    kn_buf *sec = &p->sec[WAT_SEC_ELEM];
    kn_buf_byte(sec, flags);
    if (mode == SEG_ACTIVE) {
        if (flags & 2)
            kn_buf_uleb(sec, table);
        kn_buf_push(sec, offset->data, offset->len);
    }
    if (flags & 3)
        kn_buf_byte(sec, funcs ? 0x00 : type);  /* elemkind or reftype */
    kn_buf_uleb(sec, n);
    for (uint32_t i = 0; i < n; i++) {
        size_t start = i ? ends[i - 1] : 0;
        if (funcs)  /* the index bytes between ref.func and end */
            kn_buf_push(sec, items->data + start + 1, ends[i] - start - 2);
        else
            kn_buf_push(sec, items->data + start, ends[i] - start);
    }
    p->nitems[WAT_SEC_ELEM]++;
}

/* The items of an element list up to `)`: function indices (`funcs`) or
 * expressions `(item instr*)` / `(instr)`, each encoded as a constant
 * expression. */
typedef struct elemlist {
    kn_buf items;
    size_t *ends;
    uint32_t n, cap;
} elemlist;

static bool elemlist_push(wat *p, elemlist *l)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 8;
        size_t *v = cap > UINT32_MAX / 2 ? NULL : realloc(l->ends, cap * sizeof *v);
        if (!v)
            return wat_nomem(p);
        l->ends = v;
        l->cap = cap;
    }
    l->ends[l->n++] = l->items.len;
    return true;
}

static bool elem_items(wat *p, elemlist *l, bool funcs)
{
    while (wat_peek(p).kind != KN_TOK_RPAREN) {
        if (funcs) {
            uint32_t f;
            if (!wat_index(p, &p->funcs, &f))
                return false;
            kn_buf_byte(&l->items, 0xd2);
            kn_buf_uleb(&l->items, f);
            kn_buf_byte(&l->items, 0x0b);
        } else if (wat_accept_lparen_kw(p, "item")) {
            if (!wat_const_expr(p, &l->items) || !wat_expect(p, KN_TOK_RPAREN))
                return false;
        } else {
            kn_token t = wat_peek(p);
            if (t.kind != KN_TOK_LPAREN)
                return wat_unexpected(p, &t);
            if (!wat_folded_instr(p, &l->items))
                return false;
            kn_buf_byte(&l->items, 0x0b);
        }
        if (!elemlist_push(p, l))
            return false;
    }
    if (l->items.failed)
        return wat_nomem(p);
    return true;
}

/* `(table $id? (export ..)* (import ..)? tabletype)` or
 * `(table $id? (export ..)* reftype (elem ...))` */
static bool table_field(wat *p)
{
    uint32_t index;
    bool imported;
    if (!field_head(p, &p->tables, 1, &index, &imported))
        return false;
    if (imported)
        return tabletype(p, &p->sec[WAT_SEC_IMPORT]) && wat_expect(p, KN_TOK_RPAREN);
    define(p, "table");
    kn_buf *sec = &p->sec[WAT_SEC_TABLE];
    p->nitems[WAT_SEC_TABLE]++;
    if (wat_peek(p).kind == KN_TOK_NUMBER)
        return tabletype(p, sec) && wat_expect(p, KN_TOK_RPAREN);

    /* 6.6.6: an inline element list gives the limits and an active segment
     * at offset 0. */
    kn_valtype type;
    if (!wat_reftype(p, &type) || !wat_expect_lparen_kw(p, "elem"))
        return false;
    elemlist l = {0};
    kn_buf_init(&l.items);
    kn_token t = wat_peek(p);
    bool ok = elem_items(p, &l, t.kind != KN_TOK_LPAREN) &&
              wat_expect(p, KN_TOK_RPAREN) && wat_expect(p, KN_TOK_RPAREN);
    if (ok) {
        kn_buf_byte(sec, type);
        kn_buf_byte(sec, 1);
        kn_buf_uleb(sec, l.n);
        kn_buf_uleb(sec, l.n);
        uint8_t zero[] = {0x41, 0x00, 0x0b};  /* i32.const 0 end */
        kn_buf offset = {zero, sizeof zero, sizeof zero, false};
        put_elem(p, SEG_ACTIVE, index, &offset, type, &l.items, l.ends, l.n);
        p->elems.count++;
    }
    kn_buf_free(&l.items);
    free(l.ends);
    return ok;
}

/* Strings up to `)`, concatenated (6.6.14 datastring). */
static bool datastring(wat *p, kn_buf *out)
{
    for (;;) {
        kn_token t = wat_peek(p);
        if (t.kind == KN_TOK_RPAREN)
            break;
        wat_next(p);
        if (t.kind != KN_TOK_STRING)
            return wat_unexpected(p, &t);
        if (!kn_token_string(&t, out, p->err))
            return false;
    }
    return out->failed ? wat_nomem(p) : true;
}

/* `(memory $id? (export ..)* (import ..)? limits)` or
 * `(memory $id? (export ..)* (data string*))` */
static bool memory_field(wat *p)
{
    uint32_t index;
    bool imported;
    if (!field_head(p, &p->mems, 2, &index, &imported))
        return false;
    if (imported)
        return limits(p, &p->sec[WAT_SEC_IMPORT]) && wat_expect(p, KN_TOK_RPAREN);
    define(p, "memory");
    kn_buf *sec = &p->sec[WAT_SEC_MEMORY];
    p->nitems[WAT_SEC_MEMORY]++;
    if (!wat_accept_lparen_kw(p, "data"))
        return limits(p, sec) && wat_expect(p, KN_TOK_RPAREN);

    /* 6.6.7: inline data sizes the memory and is an active segment at 0. */
    kn_buf bytes;
    kn_buf_init(&bytes);
    bool ok = datastring(p, &bytes) && wat_expect(p, KN_TOK_RPAREN) &&
              wat_expect(p, KN_TOK_RPAREN);
    if (ok) {
        uint64_t pages = ((uint64_t)bytes.len + 65535) / 65536;
        kn_buf_byte(sec, 1);
        kn_buf_uleb(sec, pages);
        kn_buf_uleb(sec, pages);
        kn_buf *data = &p->sec[WAT_SEC_DATA];
        if (index != 0) {
            kn_buf_byte(data, 2);
            kn_buf_uleb(data, index);
        } else {
            kn_buf_byte(data, 0);
        }
        kn_buf_byte(data, 0x41);
        kn_buf_byte(data, 0x00);
        kn_buf_byte(data, 0x0b);
        kn_buf_uleb(data, bytes.len);
        kn_buf_push(data, bytes.data, bytes.len);
        p->nitems[WAT_SEC_DATA]++;
        p->datas.count++;
    }
    kn_buf_free(&bytes);
    return ok;
}

/* `(global $id? (export ..)* (import ..)? globaltype expr)` */
static bool global_field(wat *p)
{
    uint32_t index;
    bool imported;
    if (!field_head(p, &p->globals, 3, &index, &imported))
        return false;
    if (imported)
        return globaltype(p, &p->sec[WAT_SEC_IMPORT]) && wat_expect(p, KN_TOK_RPAREN);
    define(p, "global");
    kn_buf *sec = &p->sec[WAT_SEC_GLOBAL];
    p->nitems[WAT_SEC_GLOBAL]++;
    begin_function(p);
    return globaltype(p, sec) && wat_const_expr(p, sec) &&
           wat_expect(p, KN_TOK_RPAREN);
}

/* `(import "m" "n" (func|table|memory|global $id? ...))` */
static bool import_field(wat *p, const kn_token *at)
{
    kn_buf *sec = &p->sec[WAT_SEC_IMPORT];
    if (!check_import(p, at) || !put_name(p, sec) || !put_name(p, sec) ||
        !wat_expect(p, KN_TOK_LPAREN))
        return false;
    p->nitems[WAT_SEC_IMPORT]++;
    kn_token kw = wat_next(p), id;
    opt_id(p, &id);
    bool ok;
    if (kn_token_is(&kw, "func")) {
        uint32_t typeidx;
        p->funcs.count++;
        begin_function(p);
        ok = func_typeuse(p, &typeidx) && wat_names_function(p);
        if (ok) {   /* typeidx is set only then */
            kn_buf_byte(sec, 0);
            kn_buf_uleb(sec, typeidx);
        }
    } else if (kn_token_is(&kw, "table")) {
        p->tables.count++;
        kn_buf_byte(sec, 1);
        ok = tabletype(p, sec);
    } else if (kn_token_is(&kw, "memory")) {
        p->mems.count++;
        kn_buf_byte(sec, 2);
        ok = limits(p, sec);
    } else if (kn_token_is(&kw, "global")) {
        p->globals.count++;
        kn_buf_byte(sec, 3);
        ok = globaltype(p, sec);
    } else {
        return wat_unexpected(p, &kw);
    }
    return ok && wat_expect(p, KN_TOK_RPAREN) && wat_expect(p, KN_TOK_RPAREN);
}

/* `(export "name" (func|table|memory|global x))` */
static bool export_field(wat *p)
{
    kn_buf *sec = &p->sec[WAT_SEC_EXPORT];
    if (!put_name(p, sec) || !wat_expect(p, KN_TOK_LPAREN))
        return false;
    kn_token kw = wat_next(p);
    static const char *const kinds[] = {"func", "table", "memory", "global"};
    for (uint8_t k = 0; k < 4; k++) {
        if (kn_token_is(&kw, kinds[k])) {
            wat_space *s = space_of(p, &kw);
            uint32_t index;
            if (!wat_index(p, s, &index))
                return false;
            kn_buf_byte(sec, k);
            kn_buf_uleb(sec, index);
            p->nitems[WAT_SEC_EXPORT]++;
            return wat_expect(p, KN_TOK_RPAREN) && wat_expect(p, KN_TOK_RPAREN);
        }
    }
    return wat_unexpected(p, &kw);
}

static bool start_field(wat *p, const kn_token *at)
{
    if (p->has_start)
        return wat_fail(p, at, "multiple start sections");
    p->has_start = true;
    uint32_t f;
    if (!wat_index(p, &p->funcs, &f))
        return false;
    kn_buf_uleb(&p->sec[WAT_SEC_START], f);
    return wat_expect(p, KN_TOK_RPAREN);
}

/* An active segment's offset: `(offset instr*)` or one folded instruction
 * (6.6.12, 6.6.13 abbreviations). */
static bool offset_expr(wat *p, kn_buf *out)
{
    if (wat_accept_lparen_kw(p, "offset"))
        return wat_const_expr(p, out) && wat_expect(p, KN_TOK_RPAREN);
    kn_token t = wat_peek(p);
    if (t.kind != KN_TOK_LPAREN)
        return wat_unexpected(p, &t);
    if (!wat_folded_instr(p, out))
        return false;
    kn_buf_byte(out, 0x0b);
    return true;
}

/* `(elem $id? declare? ((table x)? offset)? elemlist)`, elemlist being
 * `reftype item*`, `func x*`, or (for an active segment) `x*`. */
static bool elem_field(wat *p)
{
    kn_token id;
    opt_id(p, &id);
    p->elems.count++;
    segmode mode = SEG_PASSIVE;
    uint32_t table = 0;
    kn_buf offset;
    kn_buf_init(&offset);
    elemlist l = {0};
    kn_buf_init(&l.items);
    bool ok = true;
    kn_valtype type = KN_FUNCREF;
    bool funcs = true;

    if (wat_accept(p, "declare")) {
        mode = SEG_DECLARE;
    } else if (wat_accept_lparen_kw(p, "table")) {
        mode = SEG_ACTIVE;
        ok = wat_index(p, &p->tables, &table) && wat_expect(p, KN_TOK_RPAREN);
    } else {
        kn_token t = wat_peek(p);
        if (wat_is_index(&t)) {  /* the MVP form `(elem x (offset) ...)` */
            mode = SEG_ACTIVE;
            ok = wat_index(p, &p->tables, &table);
        } else if (t.kind == KN_TOK_LPAREN) {
            mode = SEG_ACTIVE;
        }
    }
    if (ok && mode == SEG_ACTIVE)
        ok = offset_expr(p, &offset);
    if (ok) {
        kn_token t = wat_peek(p);
        if (kn_token_is(&t, "func")) {
            wat_next(p);
        } else if (t.kind == KN_TOK_KEYWORD) {
            ok = wat_reftype(p, &type);
            funcs = false;
        } else if (mode != SEG_ACTIVE && t.kind != KN_TOK_RPAREN) {
            ok = wat_unexpected(p, &t);
        }
    }
    ok = ok && elem_items(p, &l, funcs) && wat_expect(p, KN_TOK_RPAREN);
    if (ok && offset.failed)
        ok = wat_nomem(p);
    if (ok)
        put_elem(p, mode, table, &offset, type, &l.items, l.ends, l.n);
    kn_buf_free(&offset);
    kn_buf_free(&l.items);
    free(l.ends);
    return ok;
}

/* `(data $id? string*)` or `(data $id? (memory x)? offset string*)` */
static bool data_field(wat *p)
{
    kn_token id;
    opt_id(p, &id);
    p->datas.count++;
    kn_buf *sec = &p->sec[WAT_SEC_DATA];
    uint32_t mem = 0;
    bool active = false, ok = true;
    if (wat_accept_lparen_kw(p, "memory")) {
        active = true;
        ok = wat_index(p, &p->mems, &mem) && wat_expect(p, KN_TOK_RPAREN);
    } else {
        kn_token t = wat_peek(p);
        if (wat_is_index(&t)) {  /* the MVP form `(data x (offset) ...)` */
            active = true;
            ok = wat_index(p, &p->mems, &mem);
        } else if (t.kind == KN_TOK_LPAREN) {
            active = true;
        }
    }
    if (!ok)
        return false;
    if (!active) {
        kn_buf_byte(sec, 1);
    } else if (mem != 0) {
        kn_buf_byte(sec, 2);
        kn_buf_uleb(sec, mem);
    } else {
        kn_buf_byte(sec, 0);
    }
    if (active && !offset_expr(p, sec))
        return false;
    kn_buf bytes;
    kn_buf_init(&bytes);
    ok = datastring(p, &bytes) && wat_expect(p, KN_TOK_RPAREN);
    if (ok) {
        kn_buf_uleb(sec, bytes.len);
        kn_buf_push(sec, bytes.data, bytes.len);
        p->nitems[WAT_SEC_DATA]++;
    }
    kn_buf_free(&bytes);
    return ok;
}

static bool field(wat *p)
{
    kn_token at = wat_next(p);
    if (at.kind != KN_TOK_LPAREN)
        return wat_unexpected(p, &at);
    kn_token kw = wat_next(p);
    begin_function(p);  /* no locals or labels outside functions */
    if (kn_token_is(&kw, "type"))
        return type_field(p, false);
    if (kn_token_is(&kw, "import"))
        return import_field(p, &at);
    if (kn_token_is(&kw, "func"))
        return func_field(p);
    if (kn_token_is(&kw, "table"))
        return table_field(p);
    if (kn_token_is(&kw, "memory"))
        return memory_field(p);
    if (kn_token_is(&kw, "global"))
        return global_field(p);
    if (kn_token_is(&kw, "export"))
        return export_field(p);
    if (kn_token_is(&kw, "start"))
        return start_field(p, &at);
    if (kn_token_is(&kw, "elem"))
        return elem_field(p);
    if (kn_token_is(&kw, "data"))
        return data_field(p);
    return wat_unexpected(p, &kw);
}

static void wat_init(wat *p, kn_lexer *lx, const kn_wat_options *opts,
                     kn_error *err)
{
    memset(p, 0, sizeof *p);
    p->lx = lx;
    p->err = err;
    p->debug_names = opts && opts->debug_names;
    kn_buf_init(&p->local_names);
    kn_arena_init(&p->arena);
    p->types.what = "type";
    p->funcs.what = "function";
    p->tables.what = "table";
    p->mems.what = "memory";
    p->globals.what = "global";
    p->elems.what = "elem segment";
    p->datas.what = "data segment";
    for (int i = 0; i < WAT_NSECTIONS; i++)
        kn_buf_init(&p->sec[i]);
}

static void wat_free(wat *p)
{
    wat_space *spaces[] = {&p->types, &p->funcs, &p->tables, &p->mems,
                           &p->globals, &p->elems, &p->datas};
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++)
        wat_map_free(&spaces[i]->ids);
    wat_map_free(&p->sigs);
    wat_map_free(&p->locals);
    free(p->typev);
    free(p->labels);
    for (int i = 0; i < WAT_NSECTIONS; i++)
        kn_buf_free(&p->sec[i]);
    kn_buf_free(&p->local_names);
    kn_arena_free(&p->arena);
}

/* The fields up to `)` (or to the end of the text when `bare`) of the
 * module named `id` (NULL: unnamed). */
static bool module_fields(kn_lexer *lx, bool bare, const kn_token *id,
                          const kn_wat_options *opts, kn_buf *out, kn_error *err)
{
    wat p;
    wat_init(&p, lx, opts, err);
    if (id)
        p.module_id = *id;
    bool ok = prescan(&p, bare);
    kn_tokkind end = bare ? KN_TOK_EOF : KN_TOK_RPAREN;
    while (ok && wat_peek(&p).kind != end)
        ok = field(&p);
    if (ok) {
        wat_next(&p);
        ok = wat_encode(&p, out);
    }
    wat_free(&p);
    return ok;
}

bool kn_wat_parse_module_fields(kn_lexer *lx, const kn_wat_options *opts,
                                kn_buf *out, kn_error *err)
{
    return module_fields(lx, false, NULL, opts, out, err);
}

bool kn_wat_to_wasm(const char *text, size_t len, const kn_wat_options *opts,
                    kn_buf *out, kn_error *err)
{
    kn_lexer lx;
    kn_lexer_init(&lx, text, len, err);
    kn_lexer probe = lx;
    kn_token a = kn_lex_next(&probe), b = kn_lex_next(&probe);
    if (a.kind == KN_TOK_LPAREN && kn_token_is(&b, "module")) {
        kn_lex_next(&lx);
        kn_lex_next(&lx);
        kn_token id = kn_lex_peek(&lx);
        bool named = id.kind == KN_TOK_ID;
        if (named)
            kn_lex_next(&lx);
        if (!module_fields(&lx, false, named ? &id : NULL, opts, out, err))
            return false;
        kn_token t = kn_lex_next(&lx);
        if (t.kind != KN_TOK_EOF) {
            if (t.kind != KN_TOK_ERROR)
                kn_error_at_line(err, KN_ERR_MALFORMED, t.line, t.column,
                                 "unexpected token %.*s", (int)t.len, t.text);
            return false;
        }
        return true;
    }
    return module_fields(&lx, true, NULL, opts, out, err);
}
