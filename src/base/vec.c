#include "vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool kn_vec_push(kn_vec *v, size_t size, const void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        if (cap > SIZE_MAX / size)
            return false;
        void *p = realloc(v->items, cap * size);
        if (!p)
            return false;
        v->items = p;
        v->cap = cap;
    }
    memcpy((char *)v->items + v->len * size, item, size);
    v->len++;
    return true;
}

bool kn_grow(void **items, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return true;
    uint32_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > UINT32_MAX / 2)
            return false;
        n *= 2;
    }
    if ((size_t)n > SIZE_MAX / size)
        return false;
    void *p = realloc(*items, (size_t)n * size);
    if (!p)
        return false;
    *items = p;
    *cap = n;
    return true;
}

void kn_vec_free(kn_vec *v)
{
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}
