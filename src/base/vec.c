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

void kn_vec_free(kn_vec *v)
{
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}
