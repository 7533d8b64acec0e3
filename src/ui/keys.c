/* The action table: key names parsed once, lookup by context. */
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

static const struct action_def {
    ui_context ctx;
    const char *keys;
    const char *help;
} defs[UI_A_COUNT] = {
#define UI_ACTION(id, ctx, keys, help) [UI_A_##id] = {UI_CTX_##ctx, keys, help},
#include "actions.def"
#undef UI_ACTION
};

static const char *const context_titles[UI_CTX_COUNT] = {
#define UI_CONTEXT(id, title) [UI_CTX_##id] = title,
#include "contexts.def"
#undef UI_CONTEXT
};

#define MAX_BINDINGS 256
static struct binding {
    ui_key key;
    ui_action action;
} bindings[MAX_BINDINGS];
static int nbindings;

static const struct named_key {
    const char *name;
    ui_key key;
} named_keys[] = {
    {"Up", UI_KEY_FN | KEY_UP},        {"Down", UI_KEY_FN | KEY_DOWN},
    {"Left", UI_KEY_FN | KEY_LEFT},    {"Right", UI_KEY_FN | KEY_RIGHT},
    {"PgUp", UI_KEY_FN | KEY_PPAGE},   {"PgDn", UI_KEY_FN | KEY_NPAGE},
    {"Home", UI_KEY_FN | KEY_HOME},    {"End", UI_KEY_FN | KEY_END},
    {"BTab", UI_KEY_FN | KEY_BTAB},    {"Del", UI_KEY_FN | KEY_DC},
    {"Backspace", 127},                {"Enter", '\n'},
    {"Esc", 27},                       {"Tab", '\t'},
    {"Space", ' '},
};

/* One key name of actions.def to a key; UI_KEY_NONE when unknown. */
static ui_key parse_key(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (strlen(named_keys[i].name) == len && strncmp(named_keys[i].name, name, len) == 0)
            return named_keys[i].key;
    if (len == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z')
        return name[2] & 0x1f;
    if ((len == 2 || len == 3) && name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
        int n = name[1] - '0';
        if (len == 3 && name[2] >= '0' && name[2] <= '9')
            n = n * 10 + (name[2] - '0');
        if (n <= 12)
            return UI_KEY_FN | KEY_F(n);
    }
    if (len == 1 && name[0] > ' ' && name[0] < 0x7f)
        return name[0];
    return UI_KEY_NONE;
}

bool ui_keys_init(void)
{
    nbindings = 0;
    for (int a = 1; a < UI_A_COUNT; a++) {
        const char *p = defs[a].keys;
        while (*p) {
            while (*p == ' ')
                p++;
            size_t len = strcspn(p, " ");
            if (!len)
                break;
            ui_key k = parse_key(p, len);
            if (k == UI_KEY_NONE || nbindings == MAX_BINDINGS) {
                fprintf(stderr, "bizdesk: actions.def: unknown key name '%.*s'\n", (int)len, p);
                return false;
            }
            bindings[nbindings++] = (struct binding){k, (ui_action)a};
            p += len;
        }
    }
    return true;
}

ui_action ui_keys_lookup(ui_key key, const ui_context *ctxs, int n)
{
    for (int c = 0; c < n; c++)
        for (int i = 0; i < nbindings; i++)
            if (bindings[i].key == key && defs[bindings[i].action].ctx == ctxs[c])
                return bindings[i].action;
    return UI_A_NONE;
}

const char *ui_action_help(ui_action a) { return defs[a].help; }
const char *ui_action_keys(ui_action a) { return defs[a].keys; }
ui_context ui_action_context(ui_action a) { return defs[a].ctx; }
const char *ui_context_title(ui_context c) { return context_titles[c]; }

void ui_action_first_key(ui_action a, char *buf, size_t n)
{
    size_t len = strcspn(defs[a].keys, " ");
    snprintf(buf, n, "%.*s", (int)len, defs[a].keys);
}
