#!/bin/sh
# tests/suites/oci.sh -- containers: kiln-oci (src/oci/, docs/containers.md)
# under podman, containerd and by itself, and what `kiln run` does for
# containers (--inherit-env, SIGTERM and SIGINT).
#
#   1. kiln run: --inherit-env; SIGTERM/SIGINT end a sleeping or spinning
#      guest with 143/130 and no trap message.
#   2. kiln-oci on malformed bundles and config.json files: missing
#      fields, wrong types, huge values, entrypoints that are links out of
#      the root or FIFOs, a dynamic kiln, a missing runtime. Each fails
#      with status 1 within time and memory bounds, its error the last line
#      of the --log file as runc's JSON, and no container left.
#   3. (root, and a machine that can create containers) images built FROM
#      scratch from tests/oci/app.c -- compiled to WASI and, for the native
#      image, natively and statically -- run by `podman --runtime`, by
#      `ctr run --runc-binary` through containerd's runc shim, and by
#      kiln-oci itself on a bundle unpacked with umoci; then the start-up
#      cost kiln-oci and kiln add, printed (not checked).
#
# Everything lives in a temporary folder: podman's storage (--root,
# --runroot, its own containers.conf), a containerd started here with its
# own config, runc's state. `cleanup` removes every container, process,
# mount and file the suite made, on success, failure or interruption.
# Under the sanitizers (no static kiln there) parts 1 and 2 run, the
# container runs of 3 are skipped.
BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
top=$(pwd)
OCI=$top/$BUILD/kiln-oci
tmp=$(mktemp -d /tmp/kiln-oci-test.XXXXXX)
. tests/lib.sh

ns=kiln-oci-test-$$
podman_on= ctd_pid= had_lock=
[ -e /dev/shm/libpod_lock ] && had_lock=1
# What podman, containerd and runc make outside the suite's folder whatever
# their options say (podman's blob cache, ctr's FIFOs, the shim's sockets,
# runc's default state): those this run makes go with it, children first.
host_dirs="/var/lib/containers/cache /var/lib/containers /run/containers/networks
    /run/containers /run/containerd/fifo /run/containerd/runc /run/containerd/s
    /run/containerd /run/runc"
made=
for d in $host_dirs; do [ -e "$d" ] || made="$made $d"; done
P="--root $tmp/podman/root --runroot $tmp/podman/run --tmpdir $tmp/podman/tmp"
CTR="ctr -a $tmp/ctd/containerd.sock -n $ns"
export CONTAINERS_CONF="$tmp/containers.conf"

cleanup() {
    if [ -n "$podman_on" ]; then
        podman $P rm -af -t 0 >/dev/null 2>&1
        podman $P rmi -af >/dev/null 2>&1
    fi
    if [ -n "$ctd_pid" ]; then
        for c in $($CTR containers ls -q 2>/dev/null); do
            $CTR tasks kill -s KILL "$c" >/dev/null 2>&1
            $CTR tasks delete -f "$c" >/dev/null 2>&1
            $CTR containers delete "$c" >/dev/null 2>&1
        done
        kill "$ctd_pid" 2>/dev/null
        wait "$ctd_pid" 2>/dev/null
        rm -rf "/run/containerd/runc/$ns"
    fi
    # Processes started for this suite's containers (conmon, the shims)
    # name its folder on their command line.
    for p in /proc/[0-9]*; do
        grep -qF "$tmp/" "$p/cmdline" 2>/dev/null && kill -9 "${p#/proc/}" 2>/dev/null
    done
    for c in $(runc --root "$tmp/runc" list -q 2>/dev/null); do
        runc --root "$tmp/runc" delete -f "$c" >/dev/null 2>&1
    done
    awk -v t="$tmp/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
        while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
    rm -rf "$tmp"
    [ -n "$had_lock" ] || rm -f /dev/shm/libpod_lock
    for d in $made; do
        if [ "$d" = /var/lib/containers/cache ]; then rm -rf "$d"; else rmdir "$d" 2>/dev/null; fi
    done
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---- the programs -----------------------------------------------------------
out=$BUILD/tests/oci
mkdir -p "$out" "$tmp/img"
app=$out/app.wasm
if [ ! "$app" -nt tests/oci/app.c ]; then
    clang --target=wasm32-wasi -O2 -Wall -Werror -o "$app" tests/oci/app.c || fail "app.wasm does not build"
fi
if [ ! "$out/app-native" -nt tests/oci/app.c ]; then
    cc -O2 -static -o "$out/app-native" tests/oci/app.c 2>/dev/null || echo "note: no static libc: no native image"
fi

# ---- 1. kiln run for containers ---------------------------------------------
expect "inherit-env: the host's variables" 0 '^GREETING: from the host$' \
    env -i GREETING="from the host" "$KILN" run --inherit-env "$app" show
expect "inherit-env: --env overrides" 0 '^GREETING: set$' \
    env -i GREETING="from the host" "$KILN" run --inherit-env --env GREETING=set "$app" show
expect "no inherit-env: nothing of the host" 0 '^GREETING: \(unset\)$' \
    env -i GREETING="from the host" "$KILN" run "$app" show
expect "inherit-env takes no value" 2 'takes no value' "$KILN" run --inherit-env=1 "$app" show

# stopped NAME SIGNAL STATUS ARGS...: `kiln run ARGS` is sent SIGNAL once
# the guest says it is waiting; it exits with STATUS and prints no trap.
# kiln runs as PID 1 of a PID namespace of its own where it can (root), as
# in a container: the kernel gives PID 1 no default action for SIGTERM,
# so only kiln's handler can end it (a process killed by the default
# action would also show 143 to the shell).
pidns=
if [ "$(id -u)" -eq 0 ] && unshare --pid --fork true 2>/dev/null; then
    pidns=1
else
    echo "note: no PID namespace (not root): kiln is not PID 1 in the signal tests"
fi
stopped() {
    name=$1 sig=$2 want=$3
    shift 3
    rm -f "$tmp/stop.out"   # not the last test's "sleeping", before this one truncates it
    if [ -n "$pidns" ]; then
        # --kill-child: kiln goes with unshare, whatever happens below.
        unshare --pid --fork --kill-child "$KILN" run "$@" >"$tmp/stop.out" 2>&1 &
    else
        "$KILN" run "$@" >"$tmp/stop.out" 2>&1 &
    fi
    pid=$!
    n=0
    while ! grep -qsE 'sleeping|spinning' "$tmp/stop.out" && [ $n -lt 200 ]; do
        sleep 0.05
        n=$((n + 1))
    done
    target=$pid
    [ -z "$pidns" ] || target=$(cat "/proc/$pid/task/$pid/children")
    kill -s "$sig" $target
    n=0
    while kill -0 $pid 2>/dev/null && [ $n -lt 200 ]; do
        sleep 0.05
        n=$((n + 1))
    done
    kill -9 $target $pid 2>/dev/null
    wait $pid
    got=$?
    if [ "$got" -eq "$want" ] && ! grep -q trap "$tmp/stop.out"; then
        ok
    else
        fail "$name: exit $got (want $want), output:"
        sed 's/^/    /' "$tmp/stop.out"
    fi
}
stopped "SIGTERM, sleeping" TERM 143 "$app" sleep
stopped "SIGINT, sleeping" INT 130 "$app" sleep
stopped "SIGTERM, spinning" TERM 143 "$app" spin
stopped "SIGTERM, spinning in the interpreter" TERM 143 -C compiler=interp "$app" spin
stopped "SIGTERM with a --timeout thread" TERM 143 --timeout 1m "$app" sleep

# ---- 2. malformed bundles ---------------------------------------------------
mkdir -p "$tmp/outside" "$tmp/bad/rootfs/data" "$tmp/runc"
cp "$app" "$tmp/bad/rootfs/app.wasm"
cp "$app" "$tmp/outside/evil.wasm"
echo SECRET >"$tmp/outside/secret.txt"
ln -s "$tmp/outside/evil.wasm" "$tmp/bad/rootfs/abs-link.wasm"
ln -s "../../../../../../../../../../..$tmp/outside/evil.wasm" "$tmp/bad/rootfs/up-link.wasm"
mkfifo "$tmp/bad/rootfs/fifo.wasm"

# config JSON: writes $tmp/bad/config.json.
config() { printf '%s\n' "$1" >"$tmp/bad/config.json"; }
# spec PROCESS [MORE]: a config.json with that process, root "rootfs".
spec() { config "{\"ociVersion\":\"1.0.2\",\"process\":$1,\"root\":{\"path\":\"rootfs\"}$2}"; }

# bad NAME PATTERN [ENV...]: `kiln-oci create` on $tmp/bad exits 1 within
# bounds with PATTERN on stderr; the log's last line is a JSON error
# whose msg matches PATTERN; no container exists afterwards.
bad_n=0
bad() {
    name=$1 pattern=$2
    shift 2
    bad_n=$((bad_n + 1))
    rm -f "$tmp/bad.log"
    bounded "$name" 1 "$pattern" 100 20 env "$@" "$OCI" --root "$tmp/runc" \
        --log "$tmp/bad.log" --log-format json create --bundle "$tmp/bad" "bad$bad_n"
    last=$(tail -n 1 "$tmp/bad.log" 2>/dev/null)
    if printf '%s\n' "$last" | jq -e --arg p "$pattern" \
        '.level == "error" and (.msg | test($p)) and (.time | type == "string")' >/dev/null 2>&1; then
        ok
    else
        fail "$name: the log's last line is not a JSON error matching /$pattern/: $last"
    fi
    left=$(runc --root "$tmp/runc" list -q 2>/dev/null)
    if [ -z "$left" ]; then ok; else fail "$name: containers left: $left"; fi
}

rm -f "$tmp/bad/config.json"
bad "no config.json" 'config.json: No such file'
config '{"process": {"args": ["/app.wasm"]'
bad "truncated JSON" 'config.json:2:1: invalid JSON: unexpected end'
config '{"process": {"args": ["/app.wasm"], }}'
bad "a trailing comma" 'config.json:1:[0-9]+: invalid JSON'
config '{"process": {"args": ["/app.wasm"]}} x'
bad "text after the JSON" 'config.json:1:38: invalid JSON'
config '[1, 2]'
bad "not an object" 'the whole file is an array, not an object'
config '{"root": {"path": "rootfs"}}'
bad "no process" 'process is missing'
spec '"/app.wasm"'
bad "process is a string" 'process is a string, not an object'
spec '{"args": "/app.wasm", "cwd": "/"}'
bad "args is a string" 'process.args is a string, not an array'
spec '{"args": [], "cwd": "/"}'
bad "args is empty" 'process.args is missing or empty'
spec '{"cwd": "/"}'
bad "args is missing" 'process.args is missing or empty'
spec '{"args": ["/app.wasm", 7], "cwd": "/"}'
bad "an arg is a number" 'process.args\[1\] is an int, not a string'
spec '{"args": [1e999], "cwd": "/"}'
bad "a huge number" 'process.args\[0\] is a double, not a string'
spec '{"args": ["/app.wasm"], "cwd": 5}'
bad "cwd is a number" 'process.cwd is an int, not a string'
spec '{"args": ["/app.wasm"], "env": ["A=1", {}]}'
bad "an env entry is an object" 'process.env\[1\] is an object, not a string'
spec '{"args": ["/app.wasm"]}' ',"annotations": []'
bad "annotations is an array" 'annotations is an array, not an object'
spec '{"args": ["/app.wasm"]}' ',"annotations": {"run.oci.handler": true}'
bad "an annotation is a boolean" 'annotations\["run.oci.handler"\] is a boolean'
config '{"process": {"args": ["/app.wasm"]}}'
bad "no root" 'root is missing'
config '{"process": {"args": ["/app.wasm"]}, "root": {"path": ["rootfs"]}}'
bad "root.path is an array" 'root.path is an array, not a string'
config '{"process": {"args": ["/app.wasm"]}, "root": {"path": "nowhere"}}'
bad "root.path does not exist" 'root.path .*nowhere: No such file'
spec '{"args": ["/app.wasm"]}' ',"mounts": {}'
bad "mounts is an object" 'mounts is an object, not an array'
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; }' >"$tmp/bad/config.json"
bad "nesting 100000 deep" 'invalid JSON: nesting too deep'
{
    printf '{"process": {"args": ["/app.wasm"], "env": ["X='
    head -c 67108864 /dev/zero | tr '\0' a
    printf '"]}, "root": {"path": "rootfs"}}'
} >"$tmp/bad/config.json"
bad "a config.json over 64 MiB" 'more than the 64 MiB'
spec '{"args": ["/abs-link.wasm"], "cwd": "/"}' ',"annotations": {"run.oci.handler": "wasm"}'
bad "an absolute link out of the root" 'not in the container.s root.*No such file'
spec '{"args": ["/up-link.wasm"], "cwd": "/"}' ',"annotations": {"module.wasm.image/variant": "compat"}'
bad "a link up out of the root" 'not in the container.s root.*No such file'
spec '{"args": ["/fifo.wasm"], "cwd": "/"}' ',"annotations": {"run.oci.handler": "wasm-smart"}'
bad "a FIFO entrypoint" 'fifo.wasm: not a regular file'
spec '{"args": ["/app.wasm"], "cwd": "/"}'
bad "a dynamically linked kiln" 'linked dynamically' KILN_OCI_KILN="$top/$KILN"
bad "no such kiln" 'kiln binary: /nonexistent/kiln: No such file' KILN_OCI_KILN=/nonexistent/kiln
spec '{"args": ["/not-there", "x"], "cwd": "/"}'
cp "$tmp/bad/config.json" "$tmp/config.before"
bad "no such runtime" 'KILN_OCI_RUNTIME=/nonexistent/runc: no such executable' \
    KILN_OCI_RUNTIME=/nonexistent/runc
if cmp -s "$tmp/bad/config.json" "$tmp/config.before"; then ok; else fail "a failed create changed config.json"; fi

# decides NAME WANT: `kiln-oci create` on $tmp/bad, with `true` standing in
# for runc and the static native app for kiln, rewrites config.json (WANT
# rewritten: args[0] is /.kiln) or leaves it byte for byte (untouched).
decides() {
    name=$1 want=$2
    cp "$tmp/bad/config.json" "$tmp/config.before"
    env KILN_OCI_RUNTIME=/bin/true KILN_OCI_KILN="$top/$out/app-native" \
        "$OCI" create --bundle "$tmp/bad" x >"$tmp/out" 2>&1
    status=$?
    if cmp -s "$tmp/bad/config.json" "$tmp/config.before"; then
        got=untouched
    elif [ "$(jq -r '.process.args[0]' "$tmp/bad/config.json")" = /.kiln ]; then
        got=rewritten
    else
        got=changed
    fi
    if [ $status -eq 0 ] && [ "$got" = "$want" ]; then ok; else
        fail "$name: $got (want $want), exit $status: $(cat "$tmp/out")"; fi
}
if [ -x "$out/app-native" ]; then
    cp "$out/app-native" "$tmp/bad/rootfs/native"
    cp tests/wasi/hello.wat "$tmp/bad/rootfs/hello.wat"
    mkdir -p "$tmp/bad/rootfs/bin" "$tmp/bad/rootfs/noexec"
    cp "$app" "$tmp/bad/rootfs/bin/app.wasm"
    cp "$app" "$tmp/bad/rootfs/data/app.wasm"
    cp "$app" "$tmp/bad/rootfs/noexec/app.wasm"
    chmod 755 "$tmp/bad/rootfs/bin/app.wasm"
    chmod 644 "$tmp/bad/rootfs/noexec/app.wasm"
    ln -s /app.wasm "$tmp/bad/rootfs/in-link.wasm"
    spec '{"args": ["/app.wasm", "x"], "cwd": "/"}'
    decides "wasm magic" rewritten
    rewritten=$(jq -c .process.args "$tmp/bad/config.json")
    if [ "$rewritten" = '["/.kiln","run","--inherit-env","--dir","/::/","--argv0","/app.wasm","--","/app.wasm","x"]' ] &&
       [ "$(jq -c '.mounts[-1]' "$tmp/bad/config.json")" = \
         "{\"destination\":\"/.kiln\",\"type\":\"bind\",\"source\":\"$top/$out/app-native\",\"options\":[\"bind\",\"ro\",\"nosuid\",\"nodev\"]}" ]
    then ok; else fail "the rewrite: $(cat "$tmp/bad/config.json")"; fi
    decides "a rewritten bundle again" untouched
    spec '{"args": ["/app.wasm"]}' ',"annotations": {"io.kubernetes.cri.container-type": "sandbox"}'
    decides "a Kubernetes sandbox" untouched
    spec '{"args": ["/native"]}'
    decides "a native entrypoint" untouched
    spec '{"args": ["/native"]}' ',"annotations": {"run.oci.handler": "wasm-smart"}'
    decides "wasm-smart, a native entrypoint" untouched
    spec '{"args": ["/hello.wat"]}'
    decides "a .wat without annotation" untouched
    spec '{"args": ["/hello.wat"]}' ',"annotations": {"run.oci.handler": "wasm-smart"}'
    decides "wasm-smart, a .wat" rewritten
    spec '{"args": ["/hello.wat"]}' ',"annotations": {"module.wasm.image/variant": "compat"}'
    decides "compat, a .wat" rewritten
    spec '{"args": ["/hello.wat"]}' ',"annotations": {"module.wasm.image/variant": "compat-smart"}'
    decides "compat-smart, a .wat" rewritten
    spec '{"args": ["/hello.wat"]}' ',"annotations": {"run.oci.handler": "krun", "module.wasm.image/variant": "compat"}'
    decides "run.oci.handler decides before the variant" untouched
    spec '{"args": ["/app.wasm"]}' ',"annotations": {"run.oci.handler": "krun"}'
    decides "another handler, wasm magic" rewritten
    spec '{"args": ["app.wasm"], "env": ["PATH=/nowhere:/noexec:/bin"]}'
    decides "a name along PATH" rewritten
    if [ "$(jq -r '.process.args[8]' "$tmp/bad/config.json")" = /bin/app.wasm ]; then ok; else
        fail "PATH: the module is $(jq -r '.process.args[8]' "$tmp/bad/config.json"), not /bin/app.wasm"; fi
    spec '{"args": ["app.wasm"], "env": ["PATH=/noexec"]}'
    decides "PATH skips a file without execute bit" untouched
    spec '{"args": ["./app.wasm"], "cwd": "/data"}'
    decides "a relative path from the cwd" rewritten
    spec '{"args": ["/in-link.wasm"]}'
    decides "an absolute link inside the root" rewritten
    spec '{"args": ["/abs-link.wasm"]}'
    decides "a link to a host wasm file" untouched
    spec '{"args": ["/up-link.wasm"]}'
    decides "a link up to a host wasm file" untouched
    config "{\"process\": {\"args\": [\"/app.wasm\"]}, \"root\": {\"path\": \"$tmp/bad/rootfs\"}}"
    decides "an absolute root.path" rewritten
fi

# ---- 3. containers ----------------------------------------------------------
skip_containers() {
    echo "skipped: $1: containers not run"
    total
    exit
}
[ "${KILN_SAN:-0}" = 1 ] && skip_containers "sanitizer build (no static kiln)"
[ "$(id -u)" -eq 0 ] || skip_containers "not root"
for tool in podman runc containerd ctr umoci jq; do
    command -v $tool >/dev/null 2>&1 || skip_containers "$tool is not installed (tests/setup.sh installs it)"
done
[ -x "$out/app-native" ] || skip_containers "no static libc for the native image"

# Can this machine create a container at all? runc on the native program.
mkdir -p "$tmp/probe/rootfs"
cp "$out/app-native" "$tmp/probe/rootfs/app"
(cd "$tmp/probe" && runc spec && jq '.process.terminal = false | .process.args = ["/app", "hello"]' \
    config.json >c && mv c config.json)
if ! runc --root "$tmp/runc" run -b "$tmp/probe" probe >"$tmp/probe.out" 2>&1; then
    skip_containers "runc cannot create a container here: $(tail -n 1 "$tmp/probe.out")"
fi

# The images: FROM scratch, the app, a file, a variable.
cp "$app" "$tmp/img/app.wasm"
cp "$out/app-native" "$tmp/img/app"
cp tests/wasi/hello.wat "$tmp/img/hello.wat"
echo "hello from the image" >"$tmp/img/greeting.txt"
cat >"$tmp/img/wasm.Containerfile" <<'EOF'
FROM scratch
COPY app.wasm /app.wasm
COPY app.wasm /bin/app.wasm
COPY app.wasm /data/app.wasm
COPY hello.wat /hello.wat
COPY greeting.txt /data/greeting.txt
ENV GREETING="from the image" PATH=/bin
ENTRYPOINT ["/app.wasm"]
EOF
cat >"$tmp/img/native.Containerfile" <<'EOF'
FROM scratch
COPY app /app
COPY greeting.txt /data/greeting.txt
ENV GREETING="from the image" PATH=/bin
ENTRYPOINT ["/app"]
EOF
cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
netns = "none"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
[engine.runtimes]
kiln = ["$OCI"]
EOF
podman_on=1
for kind in wasm native; do
    podman $P build -q -t localhost/kiln-oci-$kind -f "$tmp/img/$kind.Containerfile" "$tmp/img" \
        >"$tmp/build.out" 2>&1 || skip_containers "podman build: $(tail -n 1 "$tmp/build.out")"
    podman $P save -q --format oci-archive -o "$tmp/$kind.tar" localhost/kiln-oci-$kind
done

# lines NAME STATUS LINES CMD...: CMD exits with STATUS and prints every
# line of LINES (a newline-separated list of whole lines).
lines() {
    name=$1 want=$2 need=$3
    shift 3
    "$@" >"$tmp/out" 2>&1
    got=$?
    missing=$(printf '%s\n' "$need" | while IFS= read -r l; do
        grep -qxF -- "$l" "$tmp/out" || echo "$l"; done)
    if [ "$got" -eq "$want" ] && [ -z "$missing" ]; then
        ok
    else
        fail "$name: exit $got (want $want), missing: $missing; output:"
        sed 's/^/    /' "$tmp/out"
    fi
}
show="kind: wasm
argv[0]: /app.wasm
argv[1]: show
argv[2]: a
argv[3]: b c
GREETING: from the image
file: hello from the image"

# -- podman
R="podman $P run --rm --runtime $OCI"
lines "podman: argv, env, files" 0 "$show
EXTRA: x" $R -e EXTRA=x localhost/kiln-oci-wasm show a "b c"
expect "podman: exit status" 7 '' $R localhost/kiln-oci-wasm exit 7
expect "podman: the containers.conf runtime" 0 '^hello$' \
    podman $P run --rm --runtime kiln localhost/kiln-oci-wasm hello
lines "podman: a native image runs natively" 0 "kind: native
argv[0]: /app
file: hello from the image" $R localhost/kiln-oci-native show
lines "podman: an entrypoint found in PATH" 0 "kind: wasm
argv[0]: app.wasm" $R --entrypoint app.wasm localhost/kiln-oci-wasm show
lines "podman: a relative entrypoint from the workdir" 0 "kind: wasm
argv[0]: ./app.wasm" $R --workdir /data --entrypoint ./app.wasm localhost/kiln-oci-wasm show
expect "podman: run.oci.handler=wasm-smart runs a .wat" 0 '^hello, world$' \
    $R --annotation run.oci.handler=wasm-smart --entrypoint /hello.wat localhost/kiln-oci-wasm
expect "podman: compat-smart leaves a native entrypoint native" 0 '^kind: native$' \
    $R --annotation module.wasm.image/variant=compat-smart localhost/kiln-oci-native show
$R --entrypoint /hello.wat localhost/kiln-oci-wasm >"$tmp/out" 2>&1
if [ $? -ne 0 ] && ! grep -q 'hello, world' "$tmp/out"; then ok; else
    fail "podman: a .wat without annotation ran:"; sed 's/^/    /' "$tmp/out"; fi
$R localhost/kiln-oci-wasm escape "$tmp/outside/secret.txt" "/../..$tmp/outside/secret.txt" \
    "/proc/self/root$tmp/outside/secret.txt" "/proc/1/root$tmp/outside/secret.txt" \
    /data/../data/greeting.txt >"$tmp/out" 2>&1
if ! grep -q SECRET "$tmp/out" && [ "$(grep -c 'cannot open' "$tmp/out")" -eq 4 ] &&
   grep -qx 'escape: hello from the image' "$tmp/out"; then ok; else
    fail "podman: the module reached out of the container's root:"; sed 's/^/    /' "$tmp/out"; fi

# podman stop: SIGTERM reaches kiln (PID 1), which ends the module. With
# --time 1 a SIGKILL would follow after a second (status 137).
podman $P run -d --name kiln-oci-stop --runtime "$OCI" localhost/kiln-oci-wasm sleep >/dev/null 2>&1
n=0
while ! podman $P logs kiln-oci-stop 2>/dev/null | grep -q sleeping && [ $n -lt 100 ]; do
    sleep 0.1
    n=$((n + 1))
done
start=$(date +%s%N)
podman $P stop --time 1 kiln-oci-stop >/dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
code=$(podman $P inspect kiln-oci-stop --format '{{.State.ExitCode}}' 2>&1)
if [ "$code" = 143 ]; then ok; else fail "podman stop: exit status $code (want 143)"; fi
echo "note: podman stop took $ms ms"
podman $P rm -f kiln-oci-stop >/dev/null 2>&1
left=$(podman $P ps -aq)
if [ -z "$left" ]; then ok; else fail "podman: containers left: $left"; fi

# -- containerd, through its runc shim with BinaryName (ctr --runc-binary)
mkdir -p "$tmp/ctd"
cat >"$tmp/ctd/config.toml" <<EOF
version = 2
root = "$tmp/ctd/root"
state = "$tmp/ctd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$tmp/ctd/containerd.sock"
[ttrpc]
  address = "$tmp/ctd/containerd.sock.ttrpc"
EOF
containerd --config "$tmp/ctd/config.toml" >"$tmp/ctd/log" 2>&1 &
ctd_pid=$!
n=0
while ! $CTR version >/dev/null 2>&1 && [ $n -lt 100 ]; do
    sleep 0.1
    n=$((n + 1))
done
for kind in wasm native; do
    $CTR images import "$tmp/$kind.tar" >"$tmp/out" 2>&1 || fail "ctr import: $(cat "$tmp/out")"
done
C="$CTR run --rm --runc-binary $OCI"
lines "ctr: argv, env, files" 0 "$show
EXTRA: y" $C --env EXTRA=y localhost/kiln-oci-wasm:latest c1 /app.wasm show a "b c"
expect "ctr: exit status" 5 '' $C localhost/kiln-oci-wasm:latest c2 /app.wasm exit 5
expect "ctr: a native image runs natively" 0 '^kind: native$' \
    $C localhost/kiln-oci-native:latest c3 /app show
left=$($CTR containers ls -q)
if [ -z "$left" ]; then ok; else fail "ctr: containers left: $left"; fi

# -- kiln-oci itself, on a bundle unpacked by umoci
mkdir -p "$tmp/layout"
tar -xf "$tmp/wasm.tar" -C "$tmp/layout"
B=$tmp/bundle
umoci unpack --image "$tmp/layout:localhost/kiln-oci-wasm:latest" "$B" >"$tmp/out" 2>&1 ||
    fail "umoci unpack: $(cat "$tmp/out")"
# args ARGS...: ARGS as process.args, and no terminal.
args() {
    jq --args '.process.terminal = false | .process.args = $ARGS.positional' "$@" \
        <"$B/config.json" >"$tmp/c" && mv "$tmp/c" "$B/config.json"
}
O="$OCI --root $tmp/runc --log $tmp/runc.log --log-format json"
args /app.wasm show a "b c"
# A field kiln-oci does not know, with numbers that must come back as written.
unknown='"x-unknown":{"n":[18446744073709551615,1.50,-1,1e400]}'
sed -i "s/^{/{$unknown,/" "$B/config.json"
lines "runtime: run" 0 "$show" $O run -b "$B" k1
if grep -qF "$unknown" "$B/config.json"; then ok; else
    fail "runtime: a field kiln-oci does not know changed: $(head -c 300 "$B/config.json")"; fi
expect "runtime: an annotated bundle is rewritten once" 0 '' $O run -b "$B" k2
if [ "$(grep -o '"/.kiln"' "$B/config.json" | wc -l)" -eq 2 ]; then ok; else
    fail "runtime: a second create changed the rewritten config.json again"; fi
awk 'BEGIN { printf "/app.wasm\nshow\n"; for (i = 0; i < 20000; i++) print "arg" i }' >"$tmp/many"
# shellcheck disable=SC2046
args $(cat "$tmp/many")
$O run -b "$B" k3 >"$tmp/out" 2>&1
if [ "$(grep -c '^argv\[' "$tmp/out")" -eq 20002 ]; then ok; else fail "runtime: 20002 args: $(tail -n 2 "$tmp/out")"; fi
# create, start, state, kill, delete: the lifecycle podman and the shim use.
args /app.wasm sleep
$O create -b "$B" --pid-file "$tmp/k4.pid" k4 >"$tmp/k4.out" 2>&1 && $O start k4
state() { $O state k4 2>/dev/null | jq -r .status; }
if [ "$(state)" = running ] && [ -s "$tmp/k4.pid" ]; then ok; else fail "runtime: k4 is $(state)"; fi
$O kill k4 TERM
n=0
while [ "$(state)" != stopped ] && [ $n -lt 100 ]; do
    sleep 0.1
    n=$((n + 1))
done
if [ "$(state)" = stopped ]; then ok; else fail "runtime: SIGTERM did not stop k4: $(state)"; fi
$O delete k4
left=$(runc --root "$tmp/runc" list -q)
if [ -z "$left" ]; then ok; else fail "runtime: containers left: $left"; fi

# ---- the start-up cost: hello, native against wasm, same stack --------------
# mean_ms N CMD...: the mean wall time of N runs of CMD, in ms.
mean_ms() {
    n=$1
    shift
    "$@" >/dev/null 2>&1   # warm: the first run pays for caches
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$n" ]; do
        "$@" >/dev/null 2>&1
        i=$((i + 1))
    done
    echo $(( ($(date +%s%N) - start) / 1000000 / n ))
}
podman_runc=$(mean_ms 5 podman $P run --rm --runtime runc localhost/kiln-oci-native hello)
podman_native=$(mean_ms 5 $R localhost/kiln-oci-native hello)
podman_wasm=$(mean_ms 5 $R localhost/kiln-oci-wasm hello)
ctr_runc=$(mean_ms 5 $CTR run --rm localhost/kiln-oci-native:latest s1 /app hello)
ctr_native=$(mean_ms 5 $C localhost/kiln-oci-native:latest s2 /app hello)
ctr_wasm=$(mean_ms 5 $C localhost/kiln-oci-wasm:latest s3 /app.wasm hello)
echo "note: start-up, mean of 5 (ms): podman: runc native $podman_runc, kiln-oci native" \
     "$podman_native, kiln-oci wasm $podman_wasm; ctr: runc native $ctr_runc, kiln-oci" \
     "native $ctr_native, kiln-oci wasm $ctr_wasm"
total
