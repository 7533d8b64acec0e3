# The disk fills up under the database (a small tmpfs; needs root and
# mount, skipped otherwise): the operation that fails is rolled back with
# a message that says the disk is full and nothing was saved, bizdesk does
# not crash, and the database still opens, sound, with what it held.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
    echo "SKIP: disk full: needs root to mount a small tmpfs"
    finish
fi
mkdir -p "$T/small"
if ! mount -t tmpfs -o size=16m bizdesk-test "$T/small" 2>"$T/mount.err"; then
    echo "SKIP: disk full: mount -t tmpfs failed: $(cat "$T/mount.err")"
    finish
fi
# However the script ends, the mount goes first, then the folder.
trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

export BIZDESK_NOW=2026-11-24T09:00:00Z
export BIZDESK_DB="$T/small/bizdesk.db"
free_kib() { df -k --output=avail "$T/small" | tail -1 | tr -d ' '; }
opps() { sql "SELECT count(*) FROM opportunities"; }
audits() { sql "SELECT count(*) FROM audit"; }
# fill KIB: leave about KIB KiB free on the small disk.
fill() {
    rm -f "$T/small/filler"
    n=$(( $(free_kib) - $1 ))
    [ "$n" -gt 0 ] && dd if=/dev/zero of="$T/small/filler" bs=1024 count="$n" 2>/dev/null
    return 0
}

run init --demo --no-sample
expect_rc "a database on a 16 MiB disk" 0
run --as wang.fang lead add --company 滿盤前公司 --contact 林 --phone 13900000001
expect_rc "one lead before the disk fills" 0
awk 'BEGIN { print "公司名稱,聯繫人,電話,郵箱"
    for (i = 0; i < 5000; i++) printf "滿盤公司%d,聯繫人%d,137%08d,full%d@x.cn\n", i, i, i, i }' \
    > "$T/big.csv"
# import_fails_full WHAT FILE: importing FILE fails for want of room, and
# leaves nothing of it: no lead, audit row, reject file or lost index.
import_fails_full() {
    before=$(opps) audited=$(audits)
    indexes=$(sql "SELECT count(*) FROM sqlite_schema WHERE type = 'index'")
    rm -f "$T/rejects.csv"
    run --as li.na import leads "$2" --quiet --rejects "$T/rejects.csv"
    check "$1 fails (status $RC), without a crash" test "$RC" -ne 0 -a "$RC" -lt 128
    expect_err "$1: the message says the disk is full" "disk full writing the database"
    expect_err "$1: and that the import was rolled back" \
        "the import was rolled back, nothing was saved"
    check "$1: no reject file is left" test ! -e "$T/rejects.csv"
    check "$1: no lead of it is there" test "$(opps)" = "$before"
    check "$1: no audit row of it either" test "$(audits)" = "$audited"
    check "$1: every index is there" \
        test "$(sql "SELECT count(*) FROM sqlite_schema WHERE type = 'index'")" = "$indexes"
    check "$1: integrity_check is ok" test "$(sql 'PRAGMA integrity_check')" = ok
}

# A large import into the last 256 KiB.
fill 256
import_fails_full "a 5,000-row import into the last 256 KiB" "$T/big.csv"
before=$(opps)
run --as wang.fang lead list
expect_rc "bizdesk still opens the database on the full disk" 0
expect_out "and reads what it held" "滿盤前公司"
run --as admin audit verify
expect_rc "the audit chain verifies" 0

# Not a byte left: a small change fails as clearly, and nothing is half-done.
fill 0
run --as wang.fang lead add --company 零空間公司 --contact 陳 --phone 13900000002
check "adding a lead on a disk with no room fails (status $RC), without a crash" \
    test "$RC" -ne 0 -a "$RC" -lt 128
expect_err "and says the disk is full" "disk full writing the database"

# Room again: the database opens, sound, and takes the same import whole.
rm -f "$T/small/filler"
check "integrity_check is ok once there is room" test "$(sql 'PRAGMA integrity_check')" = ok
check "the lead refused for want of room is not there" \
    test "$(sql "SELECT count(*) FROM customers WHERE name = '零空間公司'")" = 0
run --as li.na import leads "$T/big.csv" --quiet --rejects "$T/rejects.csv"
expect_out "with room the import goes through whole" "5000 rows: 5000 inserted"
check "every lead is there" test "$(opps)" = $((before + 5000))
run --as admin audit verify
expect_rc "the audit chain verifies at the end" 0

# A file of 8 MiB or more goes the bulk way (list indexes dropped and built
# again, a duplicate filter): one that outgrows the disk fails as cleanly,
# with the indexes back, and the database takes small changes after.
awk 'BEGIN { print "公司名稱,聯繫人,電話,郵箱"
    for (i = 0; i < 200000; i++) printf "大批公司%d,聯繫人%d,136%08d,bulk%d@x.cn\n", i, i, i, i }' \
    > "$T/bulk.csv"
check "the bulk file is over 8 MiB" test "$(wc -c < "$T/bulk.csv")" -gt 8388608
import_fails_full "a 200,000-row bulk import" "$T/bulk.csv"
run --as wang.fang lead add --company 大批之後公司 --contact 何 --phone 13900000003
expect_rc "a small change still goes in (the log's room is reused)" 0
run --as admin audit verify
expect_rc "the audit chain verifies after the bulk failure" 0
finish
