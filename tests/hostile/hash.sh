# Names chosen to collide in the tables that hold them (hash flooding;
# tests/suites/hostile.sh). The tables once hashed with FNV-1a, whose low
# bits depend only on the same low bits of its state: each byte b takes
# them to (state xor b) * 403 mod 2^17. So names of four free characters
# and two more that lead to state 0 all landed in one cluster, and every
# insertion scanned it: quadratic (100,000 such export names took 8 s to
# validate, 300,000 function names minutes to parse). The hash is keyed
# now (src/base/hash.c), which no input can aim at.

# colliding_names N FORMAT [PREFIX]: N lines, each FORMAT with one such
# name; with PREFIX before it in the hashed key (an identifier's `$`).
colliding_names() {
    awk -v N="$1" -v F="$2" -v P="${3:-}" '
    function xor8(a, b,    r, i) {
        r = 0
        for (i = 1; i < 256; i *= 2)
            if (int(a / i) % 2 != int(b / i) % 2) r += i
        return r
    }
    function step(s, b) { return ((s - s % 256 + X[s % 256, b]) * 403) % M }
    BEGIN {
        M = 131072
        # characters that are plain in a string and an identifier alike
        for (b = 48; b < 123; b++) if (b != 59 && b != 91 && b != 92 && b != 93) C[n++] = b
        for (a = 0; a < 256; a++)
            for (b = 32; b < 127; b++)
                X[a, b] = xor8(a, b)
        for (b = 32; b < 127; b++) ord[sprintf("%c", b)] = b
        for (inv = 1; (inv * 403) % M != 1; inv += 2) ;
        # reach[s]: the two characters that take state s to 0
        for (i = 0; i < n; i++) {
            u = (X[0, C[i]] * inv) % M
            for (j = 0; j < n; j++) {
                s = u - u % 256 + X[u % 256, C[j]]
                if (!(s in reach)) reach[s] = sprintf("%c%c", C[j], C[i])
            }
        }
        s0 = 2166136261 % M
        for (i = 1; i <= length(P); i++) s0 = step(s0, ord[substr(P, i, 1)])
        for (i = 0; i < n && made < N; i++) { s1 = step(s0, C[i])
        for (j = 0; j < n && made < N; j++) { s2 = step(s1, C[j])
        for (k = 0; k < n && made < N; k++) { s3 = step(s2, C[k])
        for (l = 0; l < n && made < N; l++) { s4 = step(s3, C[l])
            if (s4 in reach) {
                printf F "\n", sprintf("%c%c%c%c%s", C[i], C[j], C[k], C[l], reach[s4])
                made++
            }
        }}}}
    }'
}

{ echo "(module (func)"; colliding_names 99999 '(export "%s" (func 0))'; echo ")"; } >"$tmp/exports.wat"
bounded "hash: 99,999 export names in one FNV-1a cluster (validation)" 0 "" \
    "$(mib 256)" 5 "$KILN" validate "$tmp/exports.wat"

{ echo "(module"; colliding_names 300000 '(func $%s)' '$'; echo ")"; } >"$tmp/funcs.wat"
bounded "hash: 300,000 function names in one FNV-1a cluster (text)" 0 "" \
    "$(mib 512)" 10 "$KILN" wat2wasm --debug-names "$tmp/funcs.wat" -o "$tmp/funcs.wasm"
bounded "hash: the same names from the name section (wasm2wat)" 0 "" \
    "$(mib 512)" 10 "$KILN" wasm2wat "$tmp/funcs.wasm" -o "$tmp/funcs2.wat"
