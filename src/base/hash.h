/*
 * hash.h -- the hash of the tables that inputs fill (names in text and in
 * modules, function types): keyed, with a key drawn at random once per
 * process, so that an input cannot choose keys that all land in one slot
 * and make each lookup linear and the table quadratic (hash flooding).
 */
#ifndef KN_BASE_HASH_H
#define KN_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-1-3 of the `len` bytes at `data` under the process's key. */
uint64_t kn_hash(const void *data, size_t len);

#endif
