/*
 * escape.c -- printing bytes a module chose (its names, and messages that
 * quote them) so that they can neither drive the terminal nor forge a line
 * of kiln's own output ("kiln: trap: ..." after a newline).
 */
#include "cli.h"

/* The length of the UTF-8 sequence at s[0, len) that is printed as it is,
 * or 0 when its first byte must be escaped: not UTF-8 (a stray
 * continuation byte, an overlong form, a surrogate, past U+10FFFF, cut
 * short), a control character (C0, DEL, C1), or a bidirectional embedding,
 * override or isolate, which reorders what follows it on the line. */
static size_t printable(const uint8_t *s, size_t len)
{
    uint8_t b = s[0];
    if (b < 0x20 || b == 0x7f)
        return 0;
    if (b < 0x80)
        return 1;
    size_t n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (n == 0 || b > 0xf4 || n > len)
        return 0;
    uint32_t cp = b & (0x7f >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    if (cp <= 0x9f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
        return 0;
    return n;
}

void kn_cli_print_escaped(FILE *out, const char *text, size_t len, bool quotes)
{
    const uint8_t *s = (const uint8_t *)text;
    for (size_t i = 0; i < len;) {
        size_t n = printable(s + i, len - i);
        if (n == 0) {
            fprintf(out, "\\x%02x", s[i++]);
            continue;
        }
        if (s[i] == '\\' || (quotes && s[i] == '"'))
            fputc('\\', out);
        fwrite(s + i, 1, n, out);
        i += n;
    }
}
