/* Checks of common fields: logins, policy codes, display names. */
#include <string.h>

#include "core.h"

bool bd_login_valid(const char *login)
{
    size_t n = strlen(login);
    if (n == 0 || n > 32)
        return false;
    if (!((login[0] >= 'a' && login[0] <= 'z') || login[0] == '_'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = login[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return false;
    }
    return true;
}

bool bd_code_valid(const char *code)
{
    size_t n = strlen(code);
    if (n == 0 || n > 32 || !(code[0] >= 'a' && code[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

bool bd_name_valid(const char *name, bd_err *e)
{
    size_t n = strlen(name);
    if (n == 0) {
        bd_errf(e, BD_ERR_INVALID, "the name is empty");
        return false;
    }
    if (!bd_utf8_valid(name, n)) {
        bd_errf(e, BD_ERR_INVALID, "the name is not valid UTF-8");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F) {
            bd_errf(e, BD_ERR_INVALID, "the name holds a control character");
            return false;
        }
    }
    if (name[0] == ' ' || name[n - 1] == ' ') {
        bd_errf(e, BD_ERR_INVALID, "the name starts or ends with a space");
        return false;
    }
    int w = bd_text_width(name);
    if (w > 64) {
        bd_errf(e, BD_ERR_INVALID, "the name is %d cells wide (at most 64)", w);
        return false;
    }
    return true;
}
