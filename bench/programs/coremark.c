/*
 * coremark.c -- a CoreMark-like integer mix: linked-list search, reversal
 * and merge sort, small-matrix arithmetic, a number-scanning state machine,
 * all folded into a CRC-16. Usage: coremark [iterations]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint16_t crc16_byte(uint8_t b, uint16_t crc)
{
    for (int i = 0; i < 8; i++) {
        uint16_t mix = (crc ^ b) & 1;
        crc >>= 1;
        if (mix)
            crc ^= 0xa001;
        b >>= 1;
    }
    return crc;
}

static uint16_t crc16_u32(uint32_t v, uint16_t crc)
{
    for (int i = 0; i < 4; i++)
        crc = crc16_byte((uint8_t)(v >> (8 * i)), crc);
    return crc;
}

/* ---- lists ---- */

typedef struct node {
    struct node *next;
    int16_t key;
    int16_t value;
} node;

enum { LIST_NODES = 256 };

static node *list_build(node *pool, uint32_t seed)
{
    node *head = NULL;
    for (int i = 0; i < LIST_NODES; i++) {
        seed = seed * 1103515245u + 12345u;
        pool[i].key = (int16_t)(seed >> 16);
        pool[i].value = (int16_t)i;
        pool[i].next = head;
        head = &pool[i];
    }
    return head;
}

static node *list_reverse(node *l)
{
    node *prev = NULL;
    while (l) {
        node *next = l->next;
        l->next = prev;
        prev = l;
        l = next;
    }
    return prev;
}

static node *list_find(node *l, int16_t key)
{
    while (l && l->key != key)
        l = l->next;
    return l;
}

/* Bottom-up merge sort of a singly linked list by key (then value). */
static int node_cmp(const node *a, const node *b)
{
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->value - b->value;
}

static node *list_sort(node *l)
{
    for (int width = 1;; width *= 2) {
        node *p = l, *tail = NULL, *head = NULL;
        int merges = 0;
        while (p) {
            merges++;
            node *q = p;
            int psize = 0;
            for (int i = 0; i < width && q; i++) {
                psize++;
                q = q->next;
            }
            int qsize = width;
            while (psize > 0 || (qsize > 0 && q)) {
                node *e;
                if (psize == 0) {
                    e = q; q = q->next; qsize--;
                } else if (qsize == 0 || !q || node_cmp(p, q) <= 0) {
                    e = p; p = p->next; psize--;
                } else {
                    e = q; q = q->next; qsize--;
                }
                if (tail)
                    tail->next = e;
                else
                    head = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        l = head;
        if (merges <= 1)
            return l;
    }
}

static uint16_t bench_list(node *pool, uint32_t seed, uint16_t crc)
{
    node *l = list_build(pool, seed);
    for (int i = 0; i < 32; i++) {
        node *f = list_find(l, pool[(i * 37) % LIST_NODES].key);
        crc = crc16_u32(f ? (uint32_t)f->value : 0xffffu, crc);
        f = list_find(l, (int16_t)(i * 1234));
        crc = crc16_u32(f ? (uint32_t)f->value : 0xffffu, crc);
    }
    l = list_reverse(l);
    l = list_sort(l);
    for (node *p = l; p; p = p->next)
        crc = crc16_u32((uint32_t)(uint16_t)p->key ^ (uint32_t)p->value << 16, crc);
    return crc;
}

/* ---- matrices ---- */

enum { MAT_N = 24 };

static uint16_t bench_matrix(int16_t *a, int16_t *b, int32_t *c, uint32_t seed,
                             uint16_t crc)
{
    for (int i = 0; i < MAT_N * MAT_N; i++) {
        seed = seed * 1664525u + 1013904223u;
        a[i] = (int16_t)((seed >> 20) & 0xff) - 128;
        b[i] = (int16_t)((seed >> 8) & 0xff) - 100;
    }
    int16_t k = (int16_t)(seed & 0x7f);
    for (int i = 0; i < MAT_N * MAT_N; i++)   /* add a constant */
        a[i] = (int16_t)(a[i] + k);
    for (int i = 0; i < MAT_N * MAT_N; i++)   /* multiply by a constant */
        c[i] = (int32_t)a[i] * k;
    int32_t sum = 0;
    for (int i = 0; i < MAT_N * MAT_N; i++)
        sum += c[i];
    crc = crc16_u32((uint32_t)sum, crc);
    for (int i = 0; i < MAT_N; i++) {         /* matrix times vector */
        int32_t s = 0;
        for (int j = 0; j < MAT_N; j++)
            s += (int32_t)a[i * MAT_N + j] * b[j];
        c[i] = s;
    }
    for (int i = 0; i < MAT_N; i++)
        crc = crc16_u32((uint32_t)c[i], crc);
    for (int i = 0; i < MAT_N; i++)           /* matrix times matrix */
        for (int j = 0; j < MAT_N; j++) {
            int32_t s = 0;
            for (int x = 0; x < MAT_N; x++)
                s += (int32_t)a[i * MAT_N + x] * b[x * MAT_N + j];
            c[i * MAT_N + j] = s;
        }
    for (int i = 0; i < MAT_N * MAT_N; i++)   /* extract bits */
        crc = crc16_u32((uint32_t)(c[i] >> 2) & 0xf0f, crc);
    return crc;
}

/* ---- state machine: classify comma-separated tokens ---- */

enum { S_START, S_INT, S_FLOAT, S_EXP, S_EXP_SIGN, S_SCI, S_INVALID, S_COUNT };

static int classify(const char *s, int *counts)
{
    int state = S_START, tokens = 0;
    for (;; s++) {
        char ch = *s;
        if (ch == ',' || ch == '\0') {
            counts[state]++;
            tokens++;
            state = S_START;
            if (ch == '\0')
                return tokens;
            continue;
        }
        switch (state) {
        case S_START:
            if (ch >= '0' && ch <= '9') state = S_INT;
            else if (ch == '+' || ch == '-') state = S_INT;
            else if (ch == '.') state = S_FLOAT;
            else state = S_INVALID;
            break;
        case S_INT:
            if (ch == '.') state = S_FLOAT;
            else if (ch < '0' || ch > '9') state = S_INVALID;
            break;
        case S_FLOAT:
            if (ch == 'e' || ch == 'E') state = S_EXP;
            else if (ch < '0' || ch > '9') state = S_INVALID;
            break;
        case S_EXP:
            if (ch == '+' || ch == '-') state = S_EXP_SIGN;
            else if (ch >= '0' && ch <= '9') state = S_SCI;
            else state = S_INVALID;
            break;
        case S_EXP_SIGN:
        case S_SCI:
            state = ch >= '0' && ch <= '9' ? S_SCI : S_INVALID;
            break;
        default:
            break;
        }
    }
}

static uint16_t bench_state(char *buf, int len, uint32_t seed, uint16_t crc)
{
    static const char alphabet[] = "0123456789012345678901234.+-eE,x,,";
    for (int i = 0; i < len - 1; i++) {
        seed = seed * 22695477u + 1u;
        buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
    }
    buf[len - 1] = '\0';
    int counts[S_COUNT] = {0};
    int tokens = classify(buf, counts);
    crc = crc16_u32((uint32_t)tokens, crc);
    for (int i = 0; i < S_COUNT; i++)
        crc = crc16_u32((uint32_t)counts[i], crc);
    return crc;
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 16000;
    node *pool = malloc(LIST_NODES * sizeof *pool);
    int16_t *a = malloc(MAT_N * MAT_N * sizeof *a);
    int16_t *b = malloc(MAT_N * MAT_N * sizeof *b);
    int32_t *c = malloc(MAT_N * MAT_N * sizeof *c);
    enum { TEXT = 2048 };
    char *text = malloc(TEXT);
    if (!pool || !a || !b || !c || !text)
        return 1;
    uint16_t crc = 0;
    for (int it = 0; it < iterations; it++) {
        uint32_t seed = (uint32_t)it * 2654435761u;
        crc = bench_list(pool, seed, crc);
        crc = bench_matrix(a, b, c, seed, crc);
        crc = bench_state(text, TEXT, seed, crc);
    }
    printf("coremark %d: crc %04x\n", iterations, crc);
    return 0;
}
