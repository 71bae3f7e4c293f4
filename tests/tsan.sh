#!/bin/sh
# tests/tsan.sh BUILD TEST... -- the API's threaded tests (one engine and
# module shared by threads, interrupts from another thread) built with
# ThreadSanitizer (make SAN=thread tsan-test). A data race is a failure even
# when every check passed; one total line at the end, as tests/run.sh ends.
BUILD=$1
shift
. tests/lib.sh
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$@"; do
    echo "== tsan: $t"
    TSAN_OPTIONS="exitcode=66 $TSAN_OPTIONS" "$BUILD/tests/$t" >"$out" 2>&1
    status=$?
    cat "$out"
    add_result "$out" || fail "$t printed no result line"
    if grep -q "WARNING: ThreadSanitizer" "$out"; then
        fail "$t: ThreadSanitizer reported a race"
    elif [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
        fail "$t: exit status $status"
    fi
done
total
