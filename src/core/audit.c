/* The audit trail's hash chain. */
#include <stdio.h>
#include <string.h>

#include "core.h"

/* Each field is written as its length, a colon and its bytes, so no choice
 * of field contents can make two different rows hash the same text.  A NULL
 * field is "-" (distinct from the empty string, "0:"). */
static void put_field(bd_buf *b, const char *s)
{
    if (!s)
        bd_buf_puts(b, "-;");
    else
        bd_buf_printf(b, "%zu:%s;", strlen(s), s);
}

void bd_audit_hash(const bd_audit_row *r, char hex[65])
{
    bd_buf b = {0};
    char num[32];
    put_field(&b, r->prev_hash ? r->prev_hash : "");
    snprintf(num, sizeof num, "%lld", (long long)r->id);
    put_field(&b, num);
    put_field(&b, r->at);
    put_field(&b, r->actor);
    put_field(&b, r->on_behalf);
    put_field(&b, r->entity);
    snprintf(num, sizeof num, "%lld", (long long)r->entity_id);
    put_field(&b, num);
    put_field(&b, r->action);
    put_field(&b, r->before);
    put_field(&b, r->after);
    bd_sha256_hex(b.data, b.len, hex);
    bd_buf_free(&b);
}
