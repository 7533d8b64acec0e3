/* Diagnostics: what policy loading found wrong, each with its place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

void policy_diag_vadd(policy_diags *d, const char *file, int line, int col, const char *fmt,
                      va_list ap)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->v = bd_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    va_list ap2;
    va_copy(ap2, ap);
    int need = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *text = bd_xmalloc(need > 0 ? (size_t)need + 1 : 1);
    text[0] = '\0';
    if (need > 0)
        vsnprintf(text, (size_t)need + 1, fmt, ap);
    d->v[d->n++] = (policy_diag){
        .file = bd_xstrdup(file ? file : "?"),
        .line = line,
        .col = col,
        .msg = text,
    };
}

void policy_diag_add(policy_diags *d, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    policy_diag_vadd(d, file, line, col, fmt, ap);
    va_end(ap);
}

char *policy_diag_format(const policy_diag *g, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    /* Formatted whole first, then copied with bd_strlcpy so that a cut
     * never leaves half a UTF-8 character (a CJK value) at the end. */
    char *full = g->line > 0 ? bd_xasprintf("%s:%d:%d: %s", g->file, g->line, g->col, g->msg)
                             : bd_xasprintf("%s: %s", g->file, g->msg);
    bd_strlcpy(buf, full, n);
    free(full);
    return buf;
}

void policy_diags_free(policy_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
