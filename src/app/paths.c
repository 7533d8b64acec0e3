/* Where the database and the policy folder are: resolved here only. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "io.h"

#ifndef BD_SRCDIR
#define BD_SRCDIR "."
#endif
#ifndef BD_SYSCONFDIR
#define BD_SYSCONFDIR "/etc/bizdesk"
#endif
#ifndef BD_STATEDIR
#define BD_STATEDIR "/var/lib/bizdesk"
#endif

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void pick(char *out, size_t n, const char **from, const char *opt, const char *env_name,
                 const char *installed, const char *installed_probe, const char *source)
{
    const char *env = getenv(env_name);
    if (opt && *opt) {
        bd_strlcpy(out, opt, n);
        *from = "command line";
    } else if (env && *env) {
        bd_strlcpy(out, env, n);
        *from = env_name;
    } else if (exists(installed_probe)) {
        bd_strlcpy(out, installed, n);
        *from = "installed";
    } else {
        bd_strlcpy(out, source, n);
        *from = "source tree";
    }
}

void app_paths_resolve(const char *opt_db, const char *opt_config, app_paths *p)
{
    /* Installed setgid, the shared database and root's policy only: the
     * group's privilege must not be pointed at another file (cli refuses
     * the options and drops the variables before this is reached). */
    if (io_priv_setgid()) {
        bd_strlcpy(p->db, BD_STATEDIR "/bizdesk.db", sizeof p->db);
        bd_strlcpy(p->config, BD_SYSCONFDIR, sizeof p->config);
        p->db_from = p->config_from = "installed, setgid";
        return;
    }
    /* The installed database counts once its folder exists, so that a fresh
     * install points at the place `bizdesk init` should create it. */
    pick(p->db, sizeof p->db, &p->db_from, opt_db, "BIZDESK_DB", BD_STATEDIR "/bizdesk.db",
         BD_STATEDIR, BD_SRCDIR "/demo.db");
    pick(p->config, sizeof p->config, &p->config_from, opt_config, "BIZDESK_CONFIG",
         BD_SYSCONFDIR, BD_SYSCONFDIR "/bizdesk.yaml", BD_SRCDIR "/config");
}
