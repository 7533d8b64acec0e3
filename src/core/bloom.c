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

/* All of a string's probes fall in one 512-bit block (64 bytes), so an
 * answer costs a memory read or two however large the filter: the block
 * from the hash's low bits, each probe from 9 bits of a second hash. */
static void probes(const bd_bloom *b, char kind, const char *s, uint64_t bit[PROBES])
{
    uint64_t h = hash(kind, s);
    uint64_t block = h & b->mask & ~(uint64_t)511;
    uint64_t g = h * 0x9e3779b97f4a7c15u;
    g ^= g >> 29;
    for (int i = 0; i < PROBES; i++)
        bit[i] = block + ((g >> (9 * i)) & 511);
}

void bd_bloom_add(bd_bloom *b, char kind, const char *s)
{
    uint64_t bit[PROBES];
    probes(b, kind, s, bit);
    for (int i = 0; i < PROBES; i++)
        b->words[bit[i] / 64] |= (uint64_t)1 << (bit[i] % 64);
}

bool bd_bloom_maybe(const bd_bloom *b, char kind, const char *s)
{
    uint64_t bit[PROBES];
    probes(b, kind, s, bit);
    for (int i = 0; i < PROBES; i++)
        if (!(b->words[bit[i] / 64] & ((uint64_t)1 << (bit[i] % 64))))
            return false;
    return true;
}
