/* Shared inside core only. */
#ifndef BIZDESK_CORE_INTERNAL_H
#define BIZDESK_CORE_INTERNAL_H

#include <stddef.h>

/* Decode one UTF-8 character at s (n bytes left): its length in bytes with
 * the code point in *cp, or 0 when the bytes are not a well-formed
 * character (overlong, surrogate, beyond U+10FFFF, truncated). */
size_t core_utf8_decode(const unsigned char *s, size_t n, unsigned long *cp);

#endif
