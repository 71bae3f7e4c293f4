/*
 * hostile.c -- absurd and corrupt modules get an error, never a crash or a
 * hang: a section claiming 4 GiB, deep nesting, a million locals, every
 * truncation of a valid module, runaway recursion.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "binary/decode.h"
#include "interp/interp.h"
#include "runtime/runtime.h"
#include "text/wat.h"
#include "valid/validate.h"
#include "check.h"

/* The engine every store of this program is made from. */
static kn_engine *engine;

static void header(kn_buf *b)
{
    static const uint8_t magic[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    kn_buf_push(b, magic, sizeof magic);
}

static void section(kn_buf *b, uint8_t id, const kn_buf *contents)
{
    kn_buf_byte(b, id);
    kn_buf_uleb(b, contents->len);
    kn_buf_push(b, contents->data, contents->len);
}

/* A module with one function of type [] -> [] (or -> [i32]) whose body is
 * `locals` (the encoded local declarations) then `code`. */
static void one_function(kn_buf *b, bool result_i32, const kn_buf *locals,
                         const kn_buf *code)
{
    kn_buf s;
    header(b);
    kn_buf_init(&s);
    kn_buf_push(&s, "\x01\x60\x00", 3);
    if (result_i32)
        kn_buf_push(&s, "\x01\x7f", 2);
    else
        kn_buf_byte(&s, 0);
    section(b, 1, &s);
    s.len = 0;
    kn_buf_push(&s, "\x01\x00", 2);
    section(b, 3, &s);
    s.len = 0;
    kn_buf_push(&s, "\x01\x01\x66\x00\x00", 5);   /* export "f" func 0 */
    section(b, 7, &s);
    s.len = 0;
    kn_buf_byte(&s, 1);
    kn_buf_uleb(&s, locals->len + code->len);
    kn_buf_push(&s, locals->data, locals->len);
    kn_buf_push(&s, code->data, code->len);
    section(b, 10, &s);
    kn_buf_free(&s);
}

static kn_module *load(const kn_buf *b, kn_error *err)
{
    kn_error_clear(err);
    kn_module *m = kn_decode(b->data, b->len, err);
    if (m && !kn_validate(m, err)) {
        kn_module_delete(m);
        return NULL;
    }
    return m;
}

static void test_huge_section(void)
{
    kn_buf b;
    kn_error err;
    kn_buf_init(&b);
    header(&b);
    kn_buf_push(&b, "\x01\xff\xff\xff\xff\x0f\x01\x60", 8);  /* type section of 4 GiB */
    CHECK(load(&b, &err) == NULL);
    CHECK(err.kind == KN_ERR_MALFORMED);
    CHECK(err.has_offset);

    /* A vector claiming 4 billion types in a small section. */
    b.len = 0;
    header(&b);
    kn_buf_push(&b, "\x01\x06\xff\xff\xff\xff\x0f\x60", 8);
    CHECK(load(&b, &err) == NULL);
    CHECK(err.kind == KN_ERR_MALFORMED || err.kind == KN_ERR_LIMIT);
    kn_buf_free(&b);
}

static void test_many_locals(void)
{
    kn_buf b, locals, code;
    kn_error err;
    kn_buf_init(&b);
    kn_buf_init(&locals);
    kn_buf_init(&code);
    kn_buf_byte(&locals, 1);
    kn_buf_uleb(&locals, 1000000);
    kn_buf_byte(&locals, KN_I32);
    kn_buf_byte(&code, 0x0b);
    one_function(&b, false, &locals, &code);
    CHECK(load(&b, &err) == NULL);
    CHECK(strstr(err.message, "too many locals") != NULL);

    /* Two declarations whose counts add up past 2^32. */
    b.len = locals.len = 0;
    kn_buf_byte(&locals, 2);
    kn_buf_uleb(&locals, 0xffffffffu);
    kn_buf_byte(&locals, KN_I32);
    kn_buf_uleb(&locals, 0xffffffffu);
    kn_buf_byte(&locals, KN_I64);
    one_function(&b, false, &locals, &code);
    CHECK(load(&b, &err) == NULL);
    CHECK(strstr(err.message, "too many locals") != NULL);
    kn_buf_free(&b);
    kn_buf_free(&locals);
    kn_buf_free(&code);
}

/* `depth` nested blocks around `i32.const 7`, each passing the value out. */
static kn_module *nested_blocks(uint32_t depth, kn_error *err)
{
    kn_buf b, locals, code;
    kn_buf_init(&b);
    kn_buf_init(&locals);
    kn_buf_init(&code);
    kn_buf_byte(&locals, 0);
    for (uint32_t i = 0; i < depth; i++)
        kn_buf_push(&code, "\x02\x7f", 2);
    kn_buf_push(&code, "\x41\x07", 2);
    for (uint32_t i = 0; i < depth; i++)
        kn_buf_byte(&code, 0x0b);
    kn_buf_byte(&code, 0x0b);
    one_function(&b, true, &locals, &code);
    kn_module *m = load(&b, err);
    kn_buf_free(&b);
    kn_buf_free(&locals);
    kn_buf_free(&code);
    return m;
}

static void call_f(kn_module *m, kn_trap_code *trap, kn_value *result)
{
    kn_store *s = kn_store_new(engine);
    kn_error err;
    kn_error_clear(&err);
    kn_instance *inst = kn_instantiate(s, m, NULL, &err);
    CHECK(inst != NULL);
    kn_extern ex;
    if (inst && kn_instance_export(inst, "f", 1, &ex))
        *trap = kn_call(s, ex.of.func, NULL, result);
    kn_store_delete(s);
}

static void test_deep_nesting(void)
{
    kn_error err;
    kn_module *m = nested_blocks(10000, &err);
    CHECK(m != NULL);
    if (m) {
        kn_trap_code trap = KN_TRAP_COUNT;
        kn_value v = {0};
        call_f(m, &trap, &v);
        CHECK(trap == KN_TRAP_NONE);
        CHECK(v.i32 == 7);
        kn_module_delete(m);
    }
    /* Past the nesting limit: an error, not a C stack overflow. */
    m = nested_blocks(KN_MAX_NESTING + 1, &err);
    CHECK(m == NULL);
    CHECK(err.kind == KN_ERR_LIMIT && strstr(err.message, "nested too deeply") != NULL);
    kn_module_delete(m);
}

static void test_truncations(void)
{
    kn_buf b, locals, code;
    kn_error err;
    kn_buf_init(&b);
    kn_buf_init(&locals);
    kn_buf_init(&code);
    kn_buf_push(&locals, "\x01\x02\x7e", 3);
    kn_buf_push(&code, "\x41\x2a\x0b", 3);    /* i32.const 42; end */
    one_function(&b, true, &locals, &code);
    kn_module *m = load(&b, &err);
    CHECK(m != NULL);
    kn_module_delete(m);
    unsigned rejected = 0;
    for (size_t n = 0; n < b.len; n++) {
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, b.data, n);
        kn_error_clear(&err);
        m = kn_decode(copy, n, &err);
        /* Cutting between sections leaves a valid, shorter module; the
         * rest must fail with a malformed-module error. */
        if (!m && err.kind == KN_ERR_MALFORMED)
            rejected++;
        kn_module_delete(m);
        free(copy);
    }
    CHECK(rejected >= b.len - 5);
    kn_buf_free(&b);
    kn_buf_free(&locals);
    kn_buf_free(&code);
}

static void test_runaway_recursion(void)
{
    kn_buf b, locals, code;
    kn_error err;
    kn_buf_init(&b);
    kn_buf_init(&locals);
    kn_buf_init(&code);
    kn_buf_byte(&locals, 0);
    kn_buf_push(&code, "\x10\x00\x0b", 3);    /* call 0; end */
    one_function(&b, false, &locals, &code);
    kn_module *m = load(&b, &err);
    CHECK(m != NULL);
    if (m) {
        kn_trap_code trap = KN_TRAP_NONE;
        kn_value v;
        call_f(m, &trap, &v);
        CHECK(trap == KN_TRAP_STACK_EXHAUSTED);
        kn_module_delete(m);
    }
    kn_buf_free(&b);
    kn_buf_free(&locals);
    kn_buf_free(&code);
}

/* `head`, `open` n times, `tail`, `close` n times, `foot`, through the text
 * parser; true when it converts, else `err` says why. */
static bool nested_text(const char *head, const char *open, const char *tail,
                        const char *close, const char *foot, int n, kn_error *err)
{
    kn_buf text, out;
    kn_buf_init(&text);
    kn_buf_init(&out);
    kn_buf_push(&text, head, strlen(head));
    for (int i = 0; i < n; i++)
        kn_buf_push(&text, open, strlen(open));
    kn_buf_push(&text, tail, strlen(tail));
    for (int i = 0; i < n; i++)
        kn_buf_push(&text, close, strlen(close));
    kn_buf_push(&text, foot, strlen(foot));
    kn_error_clear(err);
    bool ok = kn_wat_to_wasm((const char *)text.data, text.len, NULL, &out, err);
    kn_buf_free(&text);
    kn_buf_free(&out);
    return ok;
}

/* Every way text nests, in a function and in constant expressions: 1,000
 * levels parse, 1,001 are a clean error. The folded plain instruction once
 * freed the innermost instruction's state before it was initialised
 * (under AddressSanitizer this test then fails loudly). */
static void test_deep_text(void)
{
    /* n repetitions of `open` reach the limit exactly: a folded operand
     * in the tail or a condition nests one level inside its instruction. */
    static const struct { const char *head, *open, *tail, *close, *foot; int n; } forms[] = {
        {"(module (func ", "(nop ", "", ")", "))", 1000},
        {"(module (func ", "(block ", "", ")", "))", 1000},
        {"(module (func ", "(loop $l ", "", ")", "))", 1000},
        {"(module (func ", "(if (i32.const 1) (then ", "", "))", "))", 999},
        {"(module (func ", "(if (then) (else ", "", "))", "))", 1000},
        {"(module (func ", "block ", "", "end ", "))", 1000},
        {"(module (func ", "if $l (result i32) ", "i32.const 0 ", "else i32.const 1 end ", "))", 1000},
        {"(module (func ", "(block block ", "", "end)", "))", 500},
        {"(module (func (result i32) ", "(i32.add (i32.const 1) ", "(i32.const 0)", ")", "))", 999},
        {"(module (global i32 ", "(i32.eqz ", "(i32.const 0)", ")", "))", 999},
        {"(module (table 1 funcref) (elem (offset ", "(i32.eqz ", "(i32.const 0)", ")", ")))", 999},
    };
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        kn_error err;
        CHECK(nested_text(forms[k].head, forms[k].open, forms[k].tail, forms[k].close,
                          forms[k].foot, forms[k].n, &err));
        CHECK(!nested_text(forms[k].head, forms[k].open, forms[k].tail, forms[k].close,
                           forms[k].foot, forms[k].n + 1, &err));
        CHECK(err.kind == KN_ERR_MALFORMED && strstr(err.message, "nesting too deep") &&
              err.line == 1 && err.column > 1000);
    }
}

/* Text whose parse fails after an out-parameter was not set: the error
 * paths of a br_table label, a select type and an imported function's
 * type index once encoded that value anyway (valgrind sees it:
 * tests/hostile/text.sh). */
static void test_text_error_paths(void)
{
    static const struct { const char *text, *message; } cases[] = {
        {"(module (func (block (br_table $nope))))", "unknown label $nope"},
        {"(module (func (select (result i32 bad))))", "unknown operator bad"},
        {"(module (import \"m\" \"f\" (func (type $nope))))", "unknown type $nope"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        kn_buf out;
        kn_error err;
        kn_buf_init(&out);
        kn_error_clear(&err);
        CHECK(!kn_wat_to_wasm(cases[k].text, strlen(cases[k].text), NULL, &out, &err));
        CHECK(err.kind == KN_ERR_MALFORMED && strcmp(err.message, cases[k].message) == 0);
        kn_buf_free(&out);
    }
}

/* br_table's targets (V8's 65,520): at the limit a module, one more an
 * error at the br_table. */
static void test_br_table_limit(void)
{
    for (uint32_t n = KN_MAX_BR_TABLE; n <= KN_MAX_BR_TABLE + 1; n++) {
        kn_buf b, locals, code;
        kn_error err;
        kn_buf_init(&b);
        kn_buf_init(&locals);
        kn_buf_init(&code);
        kn_buf_byte(&locals, 0);
        kn_buf_push(&code, "\x41\x00\x0e", 3);   /* i32.const 0; br_table */
        kn_buf_uleb(&code, n);
        for (uint32_t i = 0; i <= n; i++)   /* the targets and the default */
            kn_buf_byte(&code, 0);
        kn_buf_byte(&code, 0x0b);
        one_function(&b, false, &locals, &code);
        kn_module *m = load(&b, &err);
        if (n == KN_MAX_BR_TABLE) {
            CHECK(m != NULL);
        } else {
            CHECK(m == NULL && err.kind == KN_ERR_LIMIT && err.has_offset &&
                  err.offset == b.len - code.len + 2 &&
                  strstr(err.message, "too many br_table targets") != NULL);
        }
        kn_module_delete(m);
        kn_buf_free(&b);
        kn_buf_free(&locals);
        kn_buf_free(&code);
    }
}

/* An element segment's items (V8's 10,000,000): one more is an error at
 * the count, before anything is allocated for them. */
static void test_elem_limit(void)
{
    for (uint32_t n = KN_MAX_ELEM_ITEMS; n <= KN_MAX_ELEM_ITEMS + 1; n++) {
        kn_buf b, s;
        kn_error err;
        kn_buf_init(&b);
        kn_buf_init(&s);
        header(&b);
        kn_buf_push(&s, "\x01\x60\x00\x00", 4);   /* type [] -> [] */
        section(&b, 1, &s);
        s.len = 0;
        kn_buf_push(&s, "\x01\x00", 2);             /* one function */
        section(&b, 3, &s);
        s.len = 0;
        kn_buf_push(&s, "\x01\x70\x00\x00", 4);   /* table 0 funcref */
        section(&b, 4, &s);
        s.len = 0;
        kn_buf_push(&s, "\x01\x01\x00", 3);        /* a passive funcref segment */
        size_t count_at = s.len;
        kn_buf_uleb(&s, n);
        for (uint32_t i = 0; i < n; i++)
            kn_buf_byte(&s, 0);
        kn_buf_byte(&b, 9);
        kn_buf_uleb(&b, s.len);
        count_at += b.len;
        kn_buf_push(&b, s.data, s.len);
        s.len = 0;
        kn_buf_push(&s, "\x01\x02\x00\x0b", 4);   /* its body: end */
        section(&b, 10, &s);
        kn_module *m = load(&b, &err);
        if (n == KN_MAX_ELEM_ITEMS) {
            CHECK(m != NULL);
        } else {
            CHECK(m == NULL && err.kind == KN_ERR_LIMIT && err.has_offset &&
                  err.offset == count_at &&
                  strstr(err.message, "too many elements in a segment") != NULL);
        }
        kn_module_delete(m);
        kn_buf_free(&b);
        kn_buf_free(&s);
    }
}

/* A function's named locals are forgotten when the next field starts (the
 * table is freed there, tests/hostile/text.sh times it): the next
 * function's name section entry holds its own names only. */
static void test_text_locals_reset(void)
{
    static const char text[] = "(func (local $a i32) (local $b i32)) (func (param $p i32))";
    static const uint8_t locals_sub[] = {
        2, 14,             /* subsection 2 (local names), 14 bytes */
        2,                 /* two functions */
        0, 2, 0, 1, 'a', 1, 1, 'b',
        1, 1, 0, 1, 'p',
    };
    kn_wat_options opts = {.debug_names = true};
    kn_buf out;
    kn_error err;
    kn_buf_init(&out);
    kn_error_clear(&err);
    CHECK(kn_wat_to_wasm(text, strlen(text), &opts, &out, &err));
    bool found = false;
    for (size_t i = 0; i + sizeof locals_sub <= out.len && !found; i++)
        found = memcmp(out.data + i, locals_sub, sizeof locals_sub) == 0;
    CHECK(found);
    kn_buf_free(&out);
}

int main(void)
{
    engine = kn_engine_new(&kn_interp_tier);
    test_huge_section();
    test_many_locals();
    test_deep_nesting();
    test_truncations();
    test_runaway_recursion();
    test_deep_text();
    test_br_table_limit();
    test_elem_limit();
    test_text_error_paths();
    test_text_locals_reset();
    return check_report();
}
