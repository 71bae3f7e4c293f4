#include "error.h"

#include <stdio.h>
#include <string.h>

void kn_error_clear(kn_error *e)
{
    memset(e, 0, sizeof *e);
}

bool kn_error_vset(kn_error *e, kn_error_kind kind, const char *fmt, va_list ap)
{
    if (!e)
        return false;
    e->kind = kind;
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    return false;
}

bool kn_error_set(kn_error *e, kn_error_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kn_error_vset(e, kind, fmt, ap);
    va_end(ap);
    return false;
}

bool kn_error_at_offset(kn_error *e, kn_error_kind kind, size_t offset,
                        const char *fmt, ...)
{
    va_list ap;
    if (!e)
        return false;
    va_start(ap, fmt);
    kn_error_vset(e, kind, fmt, ap);
    va_end(ap);
    e->has_offset = true;
    e->offset = offset;
    return false;
}

bool kn_error_at_line(kn_error *e, kn_error_kind kind, uint32_t line,
                      uint32_t column, const char *fmt, ...)
{
    va_list ap;
    if (!e)
        return false;
    va_start(ap, fmt);
    kn_error_vset(e, kind, fmt, ap);
    va_end(ap);
    e->line = line;
    e->column = column;
    return false;
}

void kn_error_format(const kn_error *e, const char *file, char *out, size_t size)
{
    const char *sep = file ? ": " : "";
    if (!file)
        file = "";
    if (e->line)
        snprintf(out, size, "%s:%u:%u: %s", file, e->line, e->column, e->message);
    else if (e->has_offset)
        snprintf(out, size, "%s%soffset 0x%zx: %s", file, sep, e->offset, e->message);
    else
        snprintf(out, size, "%s%s%s", file, sep, e->message);
}
