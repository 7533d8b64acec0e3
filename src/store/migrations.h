/* The schema migrations compiled in from data/migrations (see tools/embed.c). */
#ifndef BIZDESK_MIGRATIONS_H
#define BIZDESK_MIGRATIONS_H

struct store_migration {
    int version;      /* 1, 2, 3... : PRAGMA user_version after it runs */
    const char *name; /* file name, for messages */
    const char *sql;
};

extern const struct store_migration store_migrations[];
extern const int store_migrations_count;

#endif
