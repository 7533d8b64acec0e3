#!/bin/sh
# Install the Debian packages bizdesk needs, and only those that are missing.
#   scripts/deps.sh build   what building and running needs
#   scripts/deps.sh test    what building and running every test needs
#   scripts/deps.sh fuzz    what `make fuzz` needs: clang and its libFuzzer
#                           and sanitizer runtimes (libclang-rt-dev pulls
#                           the version matching Debian's default clang)
#   scripts/deps.sh valgrind  the test set and valgrind, for make check-valgrind
# As root it runs apt-get; otherwise it prints the exact command to run and
# fails, so nothing half-works later for a reason nobody sees.
set -eu

build_pkgs="gcc make pkg-config libncurses-dev libsqlite3-dev libyaml-dev libcsv-dev"
test_pkgs="$build_pkgs libcmocka-dev tmux sqlite3 openssh-server openssh-client"
fuzz_pkgs="$build_pkgs clang libclang-rt-dev"

case "${1:-build}" in
build) want=$build_pkgs ;;
test)  want=$test_pkgs ;;
fuzz)  want=$fuzz_pkgs ;;
valgrind) want="$test_pkgs valgrind" ;;
*) echo "usage: scripts/deps.sh build|test|fuzz|valgrind" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: missing packages:$missing (and no apt-get here: install them by hand)" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run:  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list is the usual reason an install fails: update once.
apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends $missing
}
