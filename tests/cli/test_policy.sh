# Policy folders: the shipped one is valid; each broken case in
# tests/data/policy/ is refused with its exact file:line:column.
. "$(dirname "$0")/../lib.sh"

cd "$SRC" || exit 1
run policy check config
expect_rc "the shipped policy is valid" 0
expect_out "check says ok" "config: ok"

cases=0
for dir in tests/data/policy/*/; do
    dir=${dir%/}
    [ -f "$dir/expected" ] || continue
    cases=$((cases + 1))
    name=$(basename "$dir")
    run policy check "$dir"
    expect_rc "$name: refused with status 3" 3
    expect_err "$name: names file:line:column" "$(head -1 "$dir/expected")"
done
check "there are broken-policy cases ($cases)" test "$cases" -ge 6

run policy check tests/data/no-such-folder
expect_rc "a missing folder is refused" 3
expect_err "and named" "tests/data/no-such-folder/bizdesk.yaml"

# A broken policy stops every command that needs it, not only `policy check`.
mkdir -p "$T/bad"
cp config/*.yaml "$T/bad/"
printf 'roles:\n  - code: rep\n    name: Rep\n    scope: own\n    permissions: [pipeline.use]\n    colour: blue\n' > "$T/bad/roles.yaml"
BIZDESK_CONFIG="$T/bad" run init --demo
expect_rc "init refuses a broken policy" 3
expect_err "with the place of the mistake" "$T/bad/roles.yaml:6:5:"
check "and creates no database" test ! -e "$BIZDESK_DB"
run init --demo
BIZDESK_CONFIG="$T/bad" run --as admin whoami
expect_rc "opening with a broken policy is refused" 3
expect_err "naming the place" "roles.yaml:6:5:"

finish
