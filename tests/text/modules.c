/*
 * modules.c -- the text tools' test helper (tests/suites/text.sh): every
 * module of a set of .wast scripts, through kiln's printer and parser, and
 * the files to compare with wabt's tools.
 *
 *   modules extract DIR FILE.wast...
 *     For each module of each script (`module` commands and the modules of
 *     assert_invalid/unlinkable/uninstantiable, written as text or as
 *     `module binary`; `module quote` and assert_malformed are not modules
 *     kiln accepts), writes into DIR:
 *       ID.wat         the module's text as the script writes it (text ones)
 *       ID.kiln.wasm   kiln's encoding of that text
 *       ID.bin.wasm    B1: the module's binary (kiln's encoding, or the given bytes)
 *                      re-encoded from its printed text
 *       ID.print.wat, ID.fold.wat  kiln's printing of B1, flat and folded
 *     and a line "ID text|binary valid|invalid" to DIR/manifest. It checks in
 *     process, and prints each failure:
 *       round trip   B0 -> text -> B1 -> text -> B2 gives B2 == B1, and for a
 *                    text module also B1 == B0 (text -> binary -> text -> binary
 *                    is the identity on binaries);
 *       folded       the folded text encodes to B1 too;
 *       names        a text module encoded with its names (--debug-names),
 *                    printed and encoded again with names, is unchanged.
 *
 *   modules compare DIR KNOWN
 *     After the suite has run wabt's tools over DIR: compares kiln's files
 *     with wabt's (ID.wabt.wasm: wabt's wat2wasm of ID.wat; ID.print.wabt.wasm:
 *     of ID.print.wat; ID.wabt.wat, ID.wabtf.wat: wabt's wasm2wat of
 *     ID.bin.wasm, flat and folded). KNOWN lists the differences kept, one
 *     "CHECK ID" per line with the reason in comments; any other difference
 *     fails, and so does a listed one that no longer differs.
 *
 * Each mode ends with the line "N passed, M failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "binary/decode.h"
#include "print/print.h"
#include "text/wat.h"
#include "valid/validate.h"
#include "wast/script.h"

static unsigned passed, failed;

static void check(bool ok, const char *what, const char *id, const char *detail)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    printf("FAIL %s %s%s%s\n", what, id, detail ? ": " : "", detail ? detail : "");
}

static bool write_file(const char *dir, const char *id, const char *ext,
                       const void *data, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s%s", dir, id, ext);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f)
        ok = fclose(f) == 0 && ok;
    if (!ok)
        fprintf(stderr, "modules: cannot write %s\n", path);
    return ok;
}

static bool same(const kn_buf *a, const uint8_t *b, size_t blen)
{
    return a->len == blen && memcmp(a->data, b, blen) == 0;
}

/* Text to binary; `err` says why not. */
static bool encode(const kn_buf *text, bool names, kn_buf *out, kn_error *err)
{
    kn_wat_options o = {.debug_names = names};
    kn_buf_init(out);
    kn_error_clear(err);
    return kn_wat_to_wasm((const char *)text->data, text->len, &o, out, err);
}

/* Binary to text (no validation: invalid modules print too). */
static bool print(const uint8_t *bytes, size_t len, bool fold, bool names, kn_buf *out,
                  kn_error *err)
{
    kn_print_options o = {.fold_exprs = fold, .no_names = !names};
    kn_buf_init(out);
    kn_error_clear(err);
    kn_module *m = kn_decode(bytes, len, err);
    bool ok = m && kn_print_module(m, &o, out, err);
    kn_module_delete(m);
    return ok;
}

/* The text modules of a script in order: where each `(module ...)` form
 * that is neither `binary` nor `quote` starts and ends, and the line of the
 * command it belongs to. Found with kiln's lexer, by parentheses. */
typedef struct span {
    uint32_t line;
    const char *start;
    size_t len;
} span;

static span *text_modules(const char *src, size_t len, uint32_t *count)
{
    kn_error err;
    kn_lexer lx;
    span *spans = NULL;
    uint32_t n = 0, cap = 0, depth = 0, cmd_line = 0;
    kn_lexer_init(&lx, src, len, &err);
    for (;;) {
        kn_token t = kn_lex_next(&lx);
        if (t.kind == KN_TOK_EOF || t.kind == KN_TOK_ERROR)
            break;
        if (t.kind == KN_TOK_RPAREN) {
            depth--;
            continue;
        }
        if (t.kind != KN_TOK_LPAREN)
            continue;
        if (depth == 0)
            cmd_line = t.line;
        depth++;
        kn_token kw = kn_lex_peek(&lx);
        if (depth > 2 || !kn_token_is(&kw, "module"))
            continue;
        kn_lex_next(&lx);
        kn_lexer probe = lx;
        kn_token next = kn_lex_next(&probe);
        if (next.kind == KN_TOK_ID)
            next = kn_lex_next(&probe);
        bool text = !kn_token_is(&next, "binary") && !kn_token_is(&next, "quote");
        /* to the matching parenthesis */
        uint32_t d = 1;
        kn_token e = kw;
        while (d > 0) {
            e = kn_lex_next(&lx);
            if (e.kind == KN_TOK_EOF || e.kind == KN_TOK_ERROR)
                break;
            d += e.kind == KN_TOK_LPAREN;
            d -= e.kind == KN_TOK_RPAREN;
        }
        depth--;
        if (!text || d > 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            spans = realloc(spans, cap * sizeof *spans);
            if (!spans)
                exit(2);
        }
        spans[n++] = (span){cmd_line, t.text, (size_t)(e.text + 1 - t.text)};
    }
    *count = n;
    return spans;
}

static void one_module(const char *dir, FILE *manifest, const char *id, const kn_command *c,
                       const span *text)
{
    kn_error err;
    kn_buf src, b0, t1, b1, t2, b2, tf, bf;
    char msg[600];
    const uint8_t *bytes = c->module.bytes;
    size_t len = c->module.len;

    kn_buf_init(&b0);
    if (text) {
        src = (kn_buf){(uint8_t *)text->start, text->len, text->len, false};
        write_file(dir, id, ".wat", text->start, text->len);
        if (!encode(&src, false, &b0, &err)) {
            kn_error_format(&err, NULL, msg, sizeof msg);
            check(false, "encode", id, msg);
            kn_buf_free(&b0);
            return;
        }
        check(same(&b0, bytes, len), "encode", id, "differs from the script's encoding");
        write_file(dir, id, ".kiln.wasm", b0.data, b0.len);
    }
    kn_module *m = kn_decode(bytes, len, &err);
    bool valid = m && kn_validate(m, &err);
    kn_module_delete(m);
    if (!m) {   /* a binary module that does not decode: nothing to print */
        kn_buf_free(&b0);
        return;
    }
    fprintf(manifest, "%s %s %s\n", id, text ? "text" : "binary", valid ? "valid" : "invalid");

    bool ok = print(bytes, len, false, false, &t1, &err) && encode(&t1, false, &b1, &err) &&
              print(b1.data, b1.len, false, false, &t2, &err) &&
              encode(&t2, false, &b2, &err);
    if (!ok) {
        kn_error_format(&err, NULL, msg, sizeof msg);
        check(false, "round trip", id, msg);
    } else {
        check(same(&b2, b1.data, b1.len) && (!text || same(&b1, bytes, len)), "round trip",
              id, "binary changed");
        write_file(dir, id, ".bin.wasm", b1.data, b1.len);
        write_file(dir, id, ".print.wat", t1.data, t1.len);
        check(print(b1.data, b1.len, true, false, &tf, &err) && encode(&tf, false, &bf, &err) &&
                  same(&bf, b1.data, b1.len),
              "folded", id, NULL);
        write_file(dir, id, ".fold.wat", tf.data, tf.len);
        kn_buf_free(&tf);
        kn_buf_free(&bf);
    }
    if (text && ok) {   /* names survive printing and parsing */
        kn_buf n0, nt, n1;
        bool nok = encode(&src, true, &n0, &err) && print(n0.data, n0.len, false, true, &nt, &err) &&
                   encode(&nt, true, &n1, &err) && same(&n1, n0.data, n0.len);
        check(nok, "names", id, NULL);
        kn_buf_free(&n0);
        kn_buf_free(&nt);
        kn_buf_free(&n1);
    }
    kn_buf_free(&b0);
    kn_buf_free(&t1);
    kn_buf_free(&b1);
    kn_buf_free(&t2);
    kn_buf_free(&b2);
}

static void extract(const char *dir, const char *path, FILE *manifest)
{
    kn_buf file;
    kn_error err;
    kn_buf_init(&file);
    kn_error_clear(&err);
    if (!kn_buf_read_file(&file, path)) {
        check(false, "read", path, NULL);
        return;
    }
    kn_script *s = kn_script_parse((const char *)file.data, file.len, &err);
    uint32_t nspans, next_span = 0, n = 0;
    span *spans = text_modules((const char *)file.data, file.len, &nspans);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char stem[256], id[300];
    snprintf(stem, sizeof stem, "%.*s", (int)(strcspn(base, ".")), base);
    for (uint32_t i = 0; s && i < s->ncommands; i++) {
        const kn_command *c = &s->commands[i];
        if (c->kind == KN_CMD_ASSERT_MALFORMED) {
            /* rejected, with the place: line:column in text, an offset in
             * a binary */
            kn_module *m = NULL;
            kn_buf b;
            kn_error e;
            kn_error_clear(&e);
            kn_buf_init(&b);
            if (c->module.form == KN_MOD_BINARY)
                m = kn_decode(c->module.bytes, c->module.len, &e);
            else {
                kn_buf quoted = {c->module.bytes, c->module.len, c->module.len, false};
                if (encode(&quoted, false, &b, &e))
                    m = kn_decode(b.data, b.len, &e);
            }
            snprintf(id, sizeof id, "%s:%u", stem, c->line);
            check(!m && (e.has_offset || e.line > 0), "malformed", id,
                  m ? "accepted" : "no position");
            kn_module_delete(m);
            kn_buf_free(&b);
            continue;
        }
        bool module_cmd = c->kind == KN_CMD_MODULE || c->kind == KN_CMD_ASSERT_INVALID ||
                          c->kind == KN_CMD_ASSERT_UNLINKABLE ||
                          c->kind == KN_CMD_ASSERT_UNINSTANTIABLE;
        if (!module_cmd || c->module.form == KN_MOD_QUOTE)
            continue;
        const span *text = NULL;
        if (c->module.form == KN_MOD_TEXT) {
            while (next_span < nspans && spans[next_span].line < c->line)
                next_span++;
            /* a script of bare module fields (inline-module.wast) has no
             * (module ...) text: its module is compared as a binary one */
            if (next_span < nspans && spans[next_span].line == c->line)
                text = &spans[next_span++];
        }
        snprintf(id, sizeof id, "%s.%u", stem, n++);
        one_module(dir, manifest, id, c, text);
    }
    if (!s)
        check(false, "parse", path, err.message);
    free(spans);
    kn_script_delete(s);
    kn_buf_free(&file);
}

/* ---- compare ----------------------------------------------------------- */

static bool read_all(const char *dir, const char *id, const char *ext, kn_buf *out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s%s", dir, id, ext);
    kn_buf_init(out);
    return kn_buf_read_file(out, path);
}

/* 1 identical, 0 different, -1 when one of them is missing. */
static int compare_files(const char *dir, const char *id, const char *a, const char *b)
{
    kn_buf x, y;
    int r = -1;
    /* wabt may leave an empty output when it fails */
    if (read_all(dir, id, a, &x) && read_all(dir, id, b, &y) && y.len > 0)
        r = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    kn_buf_free(&x);
    kn_buf_free(&y);
    return r;
}

static bool known(const kn_buf *list, const char *what, const char *id)
{
    char key[400];
    int n = snprintf(key, sizeof key, "\n%s %s\n", what, id);
    for (size_t i = 0; list->len >= (size_t)n && i + (size_t)n <= list->len; i++)
        if (memcmp(list->data + i, key, (size_t)n) == 0)
            return true;
    return false;
}

typedef struct tally {
    unsigned compared, identical, known, missing;
} tally;

/* One comparison; an unlisted difference fails, as does a listed one that
 * has gone away. `missing_ok` tells whether a missing wabt output is just
 * "not compared" (wabt rejected the input) or a failure. */
static void judge(tally *t, const kn_buf *list, const char *what, const char *dir,
                  const char *id, const char *ours, const char *theirs, bool missing_ok)
{
    int r = compare_files(dir, id, ours, theirs);
    bool listed = known(list, what, id);
    if (r < 0) {
        t->missing++;
        check(missing_ok || listed, what, id, "wabt rejected it");
        return;
    }
    t->compared++;
    t->identical += r == 1;
    t->known += r == 0 && listed;
    check(r == 1 ? !listed : listed, what, id, r == 1 ? "listed as known but identical" : "differs");
}

static void compare(const char *dir, const char *known_path)
{
    kn_buf man, list;
    char path[1024], id[300], form[16], validity[16];
    tally wat2wasm = {0}, reparse = {0}, print = {0}, fold = {0};
    snprintf(path, sizeof path, "%s/manifest", dir);
    kn_buf_init(&man);
    kn_buf_init(&list);
    kn_buf_byte(&list, '\n');
    if (!kn_buf_read_file(&man, path) || !kn_buf_read_file(&list, known_path)) {
        check(false, "read", path, NULL);
        return;
    }
    kn_buf_byte(&list, '\n');
    kn_buf_byte(&man, 0);
    const char *p = (const char *)man.data;
    int used;
    while (sscanf(p, "%299s %15s %15s%n", id, form, validity, &used) == 3) {
        p += used;
        if (strcmp(form, "text") == 0 && strcmp(validity, "valid") == 0)
            judge(&wat2wasm, &list, "wat2wasm", dir, id, ".kiln.wasm", ".wabt.wasm", true);
        judge(&reparse, &list, "reparse", dir, id, ".bin.wasm", ".print.wabt.wasm", false);
        judge(&print, &list, "wasm2wat", dir, id, ".print.wat", ".wabt.wat", true);
        judge(&fold, &list, "fold", dir, id, ".fold.wat", ".wabtf.wat", true);
    }
    printf("kiln wat2wasm vs wabt wat2wasm (valid text modules wabt accepts): "
           "%u compared, %u identical, %u known differences, %u rejected by wabt\n",
           wat2wasm.compared, wat2wasm.identical, wat2wasm.known, wat2wasm.missing);
    printf("wabt wat2wasm of kiln's wasm2wat output gives kiln's binary: "
           "%u compared, %u identical, %u known differences, %u rejected by wabt\n",
           reparse.compared, reparse.identical, reparse.known, reparse.missing);
    printf("kiln wasm2wat vs wabt wasm2wat: %u compared, %u identical, %u known "
           "differences, %u wabt could not print\n",
           print.compared, print.identical, print.known, print.missing);
    printf("kiln wasm2wat --fold-exprs vs wabt's: %u compared, %u identical, %u known "
           "differences, %u wabt could not print\n",
           fold.compared, fold.identical, fold.known, fold.missing);
    kn_buf_free(&man);
    kn_buf_free(&list);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "extract") == 0) {
        char path[1024];
        snprintf(path, sizeof path, "%s/manifest", argv[2]);
        FILE *manifest = fopen(path, "w");
        if (!manifest) {
            fprintf(stderr, "modules: cannot write %s\n", path);
            return 2;
        }
        for (int i = 3; i < argc; i++)
            extract(argv[2], argv[i], manifest);
        fclose(manifest);
    } else if (argc == 4 && strcmp(argv[1], "compare") == 0) {
        compare(argv[2], argv[3]);
    } else {
        fputs("usage: modules extract DIR FILE.wast... | modules compare DIR KNOWN\n", stderr);
        return 2;
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
