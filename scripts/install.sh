#!/bin/sh
# scripts/install.sh - `make install`: the binary, the man pages, the
# default policy and the folder of the shared database, set up for the
# installed multi-user mode when run as root:
#
#   the group GROUP (created when missing, unless installing into DESTDIR)
#   BINDIR/bizdesk          root:GROUP 2755 (setgid: only bizdesk reaches the data)
#   STATEDIR                root:GROUP 2770 (the database, 0660, made by
#                           `bizdesk init --admin LOGIN` run as root)
#   SYSCONFDIR/bizdesk/     root:root 0755, policy files 0644 (an existing
#                           file is kept; bizdesk refuses one that root does
#                           not hold alone)
#
# Not root, or into DESTDIR for a package without the group on this host,
# the owners, the group and the setgid bit are skipped and the commands
# that finish the job are printed.  Called by the Makefile with the
# variables below in the environment.
set -eu
: "${BUILD:?}" "${BINDIR:?}" "${MANDIR:?}" "${SYSCONFDIR:?}" "${STATEDIR:?}" "${GROUP:?}"
DESTDIR=${DESTDIR:-}
bin=$DESTDIR$BINDIR/bizdesk
etc=$DESTDIR$SYSCONFDIR/bizdesk
state=$DESTDIR$STATEDIR

install -d "$DESTDIR$BINDIR" "$DESTDIR$MANDIR/man1" "$DESTDIR$MANDIR/man5"
install -d -m 0755 "$etc"
install -d -m 2770 "$state"
install -m 0755 "$BUILD/bizdesk" "$bin"
install -m 0644 "$BUILD/bizdesk.1" "$DESTDIR$MANDIR/man1/bizdesk.1"
install -m 0644 man/bizdesk-policy.5 "$DESTDIR$MANDIR/man5/bizdesk-policy.5"
for f in config/*.yaml; do
    t=$etc/${f##*/}
    if [ -e "$t" ]; then echo "install: kept the existing $t"; else install -m 0644 "$f" "$t"; fi
done

owners=yes
if [ "$(id -u)" -ne 0 ]; then
    echo "install: not root: skipped the group $GROUP, the owners and the setgid bit"
    owners=no
elif ! getent group "$GROUP" >/dev/null; then
    if [ -n "$DESTDIR" ]; then
        echo "install: into DESTDIR and no group $GROUP on this host: skipped the owners" \
             "and the setgid bit (the package's install script must do them)"
        owners=no
    else
        groupadd --system "$GROUP"
        echo "install: created the group $GROUP"
    fi
fi
if [ "$owners" = no ]; then
    echo "install: to finish the multi-user mode, as root:"
    echo "    groupadd --system $GROUP"
    echo "    chown root:$GROUP $BINDIR/bizdesk $STATEDIR"
    echo "    chmod 2755 $BINDIR/bizdesk; chmod 2770 $STATEDIR"
    echo "    chown -R root:root $SYSCONFDIR/bizdesk; chmod -R go-w $SYSCONFDIR/bizdesk"
    exit 0
fi

# chown clears the setgid bit, so the mode comes after it.
chown root:"$GROUP" "$bin" "$state"
chmod 2755 "$bin"
chmod 2770 "$state"
chown root:root "$etc"
chmod 0755 "$etc"
for f in config/*.yaml; do
    t=$etc/${f##*/}
    [ -L "$t" ] || chown root:root "$t"
done
echo "install: $BINDIR/bizdesk is setgid $GROUP; the database folder is $STATEDIR"
if [ ! -e "$state/bizdesk.db" ]; then
    echo "install: create the database, as root:  $BINDIR/bizdesk init --admin LOGIN"
fi
