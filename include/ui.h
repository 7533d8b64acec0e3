/*
 * ui.h - the terminal UI (ncursesw).  The only layer that includes curses.
 */
#ifndef BIZDESK_UI_H
#define BIZDESK_UI_H

#include "cli.h"

/* Run the UI on an opened session.  When nobody is logged in yet (a demo
 * database opened without --as) it starts with the demo user picker.
 * Returns the exit status: 0, or 2 when the terminal cannot be used. */
int ui_main(app *a, const app_paths *paths);

#endif
