/* A Bloom filter of short strings (see bd_bloom in core.h). */
#include <stdlib.h>
#include <string.h>

#include "core.h"

enum { PROBES = 7 }; /* best for 10 bits per string: about 1% false "maybe" */

/* FNV-1a over the kind and the bytes, then the splitmix64 finaliser so the
 * low bits the probes use depend on every byte. */
static uint64_t hash(char kind, const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    h = (h ^ (unsigned char)kind) * 0x100000001b3u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 0x100000001b3u;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    return h ^ (h >> 31);
}

void bd_bloom_init(bd_bloom *b, uint64_t expected, size_t max_bytes)
{
    uint64_t want = expected * 10, bits = 1u << 16;
    while (bits < want && bits / 8 < max_bytes)
        bits <<= 1;
    b->mask = bits - 1;
    b->words = bd_xcalloc(bits / 64, sizeof *b->words);
}

void bd_bloom_free(bd_bloom *b)
{
    free(b->words);
    memset(b, 0, sizeof *b);
}

/* Probe i of a string: the double hashing of Kirsch and Mitzenmacher. */
#define PROBE(h, i) (((h) + (i) * (((h) >> 32) | 1)) & b->mask)

void bd_bloom_add(bd_bloom *b, char kind, const char *s)
{
    uint64_t h = hash(kind, s);
    for (uint64_t i = 0; i < PROBES; i++) {
        uint64_t bit = PROBE(h, i);
        b->words[bit / 64] |= (uint64_t)1 << (bit % 64);
    }
}

bool bd_bloom_maybe(const bd_bloom *b, char kind, const char *s)
{
    uint64_t h = hash(kind, s);
    for (uint64_t i = 0; i < PROBES; i++) {
        uint64_t bit = PROBE(h, i);
        if (!(b->words[bit / 64] & ((uint64_t)1 << (bit % 64))))
            return false;
    }
    return true;
}
