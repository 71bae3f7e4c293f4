#!/bin/sh
# bench/api.sh -- call overhead through the embedding APIs (`make bench-api`):
# nanoseconds per call host->wasm (an empty export) and wasm->host (an empty
# host function, called from a wasm loop; the loop alone subtracted), for
# kiln.h, wasm.h and node (V8, JS calling wasm and wasm calling JS), from
# the same run on the same module (bench/api.wat).
#
# Environment: BUILD (build), NODE (node), N calls per measurement (10000000).

BUILD=${BUILD:-build}
NODE=${NODE:-node}
N=${N:-10000000}
set -e
"$BUILD/kiln" wat2wasm bench/api.wat -o "$BUILD/bench/api.wasm"
kiln=$("$BUILD/bench/api" "$BUILD/bench/api.wasm" "$N")
node=$("$NODE" bench/api.mjs "$BUILD/bench/api.wasm" "$N")
echo "ns per call, $N calls each (lower is better)"
printf '%-10s %14s %14s\n' "" "host->wasm" "wasm->host"
printf '%s\n%s\n' "$kiln" "$node" | awk '
    { v[$1, $2] = $3; if (!seen[$1]++) order[n++] = $1 }
    END { for (i = 0; i < n; i++)
              printf "%-10s %14s %14s\n", order[i], v[order[i], "host->wasm"], v[order[i], "wasm->host"] }'
