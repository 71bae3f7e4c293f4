# Modules that make wasm2wat's printer work hard (tests/suites/hostile.sh).

# Awk functions that write binary modules (LC_ALL=C: bytes, not
# characters; printf "%c", 0 writes a NUL, which a string cannot hold).
leb='function leb(n,   b) {   # writes n as an unsigned LEB128
    do { b = n % 128; n = int(n / 128); printf "%c", b + (n > 0 ? 128 : 0) } while (n > 0)
}
function leblen(n,   k) { k = 1; while (n >= 128) { n = int(n / 128); k++ } return k }
function header() { printf "%c%c%c%c%c%c%c%c", 0, 97, 115, 109, 1, 0, 0, 0 }
function section(id, size) { printf "%c", id; leb(size) }
function functype() { section(1, 4); printf "%c%c%c%c", 1, 96, 0, 0 }   # [] -> []
function funcs(n,   i) { section(3, leblen(n) + n); leb(n); for (i = 0; i < n; i++) printf "%c", 0 }
'

# sh -c "$quiet" CMD...: CMD with a C stack of 1 MiB (the printer's stack
# must not grow with the module) and its standard output thrown away (a
# folded text is quadratic in its depth: here status, messages, time and
# memory count).
quiet='ulimit -s 1024 && exec "$0" "$@" >/dev/null'

# A folded tree 20,000 deep three ways: an expression chain (each i32.eqz
# takes the one before), a chain of ifs (each if's condition is the if
# before, under its label), and 20,000 nested blocks (3 bytes each). The
# printer recursed once per level and overflowed the C stack of 1 MiB
# (8 MiB at about 60,000 levels, after buffering 3.5 GB of text); now it
# keeps a stack of its own on the heap and hands the text on in pieces.
awk 'BEGIN { printf "(module (func (result i32) i32.const 0"; for (i = 0; i < 20000; i++) printf " i32.eqz";
             print "))" }' >"$tmp/chain.wat"
awk 'BEGIN { printf "(module (func (result i32) i32.const 0";
             for (i = 0; i < 20000; i++) printf " if (result i32) i32.const 1 else i32.const 2 end"; print "))" }' \
    >"$tmp/ifs.wat"
LC_ALL=C awk "$leb"'
BEGIN { n = 20000; size = 1 + 2 * n + n + 1; header(); functype(); funcs(1)
        section(10, 1 + leblen(size) + size); printf "%c", 1; leb(size); printf "%c", 0
        for (i = 0; i < n; i++) printf "%c%c", 2, 64
        for (i = 0; i <= n; i++) printf "%c", 11 }' >"$tmp/blocks.wasm"
for f in chain.wat ifs.wat blocks.wasm; do
    for fold in "" -f; do
        bounded "print: a tree 20,000 deep ($f${fold:+, folded})" 0 "" "$(mib 24)" 20 \
            sh -c "$quiet" "$KILN" wasm2wat $fold "$tmp/$f"
    done
done

# The name section: 30,000 locals of one function all named "a" (133 KB),
# then 30,000 functions all named "f". Each repetition of a name tried
# ".1", ".2", ... from the start and kept every candidate: 14 GB and
# minutes for the locals; now a name's search resumes where its last
# repetition stopped.
LC_ALL=C awk "$leb"'
BEGIN { n = 30000; header(); functype(); funcs(1)
        body = 1 + leblen(n) + 2   # (n x i32) end
        section(10, 1 + leblen(body) + body); printf "%c", 1; leb(body)
        printf "%c", 1; leb(n); printf "%c%c", 127, 11
        size = 2 + leblen(n); for (i = 0; i < n; i++) size += leblen(i) + 2
        section(0, 5 + 1 + leblen(size) + size); printf "%c%s%c", 4, "name", 2; leb(size)
        printf "%c%c", 1, 0; leb(n)   # function 0, n locals
        for (i = 0; i < n; i++) { leb(i); printf "%c%c", 1, 97 } }' >"$tmp/locals.wasm"
LC_ALL=C awk "$leb"'
BEGIN { n = 30000; header(); functype(); funcs(n)
        section(10, leblen(n) + 3 * n); leb(n); for (i = 0; i < n; i++) printf "%c%c%c", 2, 0, 11
        size = leblen(n); for (i = 0; i < n; i++) size += leblen(i) + 2
        section(0, 5 + 1 + leblen(size) + size); printf "%c%s%c", 4, "name", 1; leb(size)
        leb(n); for (i = 0; i < n; i++) { leb(i); printf "%c%c", 1, 102 } }' >"$tmp/funcs.wasm"
bounded "print: 30,000 locals named a" 0 '[$]a[.]29999 i32' "$(mib 32)" 10 \
    "$KILN" wasm2wat "$tmp/locals.wasm"
bounded "print: 30,000 functions named f" 0 '[(]func [$]f[.]29999 ' "$(mib 32)" 10 \
    "$KILN" wasm2wat "$tmp/funcs.wasm"

# The rule itself, where resuming could go wrong: names given between
# repetitions block counters (wabt prints the same).
LC_ALL=C awk "$leb"'
BEGIN { header(); functype(); funcs(1)
        section(10, 6); printf "%c%c%c%c%c%c", 1, 4, 1, 5, 127, 11
        section(0, 5 + 2 + 22); printf "%c%s%c%c", 4, "name", 2, 22
        printf "%c%c%c", 1, 0, 5   # function 0, 5 locals: a a.2 a a a.1
        printf "%c%c%s%c%c%s%c%c%s", 0, 1, "a", 1, 3, "a.2", 2, 1, "a"
        printf "%c%c%s%c%c%s", 3, 1, "a", 4, 3, "a.1" }' >"$tmp/rule.wasm"
bounded "print: repeated names around given ones" 0 \
    '[(]local [$]a i32[)] [(]local [$]a[.]2 i32[)] [(]local [$]a[.]1 i32[)] [(]local [$]a[.]3 i32[)] [(]local [$]a[.]1[.]1 i32[)]' \
    "$(mib 32)" 10 "$KILN" wasm2wat "$tmp/rule.wasm"

# --inline-exports with 300,000 functions, the first 100,000 (the limit)
# exported: each function walked every export looking for its own (3 x
# 10^10 steps, half a minute); now it searches a sorted list.
LC_ALL=C awk "$leb"'
BEGIN { n = 300000; e = 100000; header(); functype(); funcs(n)
        size = leblen(e); for (i = 0; i < e; i++) size += 1 + length(i "") + 1 + leblen(i)
        section(7, size); leb(e)
        for (i = 0; i < e; i++) { printf "%c%s%c", length(i ""), i "", 0; leb(i) }
        section(10, leblen(n) + 3 * n); leb(n); for (i = 0; i < n; i++) printf "%c%c%c", 2, 0, 11 }' \
    >"$tmp/exports.wasm"
bounded "print: 100,000 exports inline" 0 '[(]func [(];99999;[)] [(]export "99999"[)]' \
    "$(mib 96)" 10 "$KILN" wasm2wat --inline-exports "$tmp/exports.wasm"

# An output that is no regular file is written in place: renaming a
# temporary file over it put a regular file where the pipe was (as root,
# `-o /dev/null` replaced the device with a file).
printf '(module (func $piped))' >"$tmp/piped.wat"
mkfifo "$tmp/pipe"
timeout 20 cat "$tmp/pipe" >"$tmp/piped" &
bounded "print: wasm2wat -o a pipe" 0 "" "$(mib 64)" 10 \
    "$KILN" wasm2wat "$tmp/piped.wat" -o "$tmp/pipe"
wait
if [ -p "$tmp/pipe" ] && grep -q 'func [$]piped ' "$tmp/piped"; then ok; else fail "print: the pipe was replaced"; fi
