/*
 * api_wasi.c -- include/wasi.h: argv and environment, stdin from memory,
 * stdout captured in memory, stderr to a callback, stdout to a file,
 * read-only and read-write preopens, proc_exit's status, and
 * kiln_store_interrupt from another thread ending a guest's wait.
 *
 * The guest is one text module whose exports each exercise one thing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "wasi.h"

#define P1 "\"wasi_snapshot_preview1\""

static const char guest[] =
    "(module\n"
    "  (import " P1 " \"fd_read\" (func $fd_read (param i32 i32 i32 i32) (result i32)))\n"
    "  (import " P1 " \"fd_write\" (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
    "  (import " P1 " \"args_sizes_get\" (func $args_sizes (param i32 i32) (result i32)))\n"
    "  (import " P1 " \"environ_sizes_get\" (func $env_sizes (param i32 i32) (result i32)))\n"
    "  (import " P1 " \"path_open\"\n"
    "    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))\n"
    "  (import " P1 " \"proc_exit\" (func $exit (param i32)))\n"
    "  (import " P1 " \"poll_oneoff\" (func $poll (param i32 i32 i32 i32) (result i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  ;; a subscription at 400: the monotonic clock (id 1 at 416), 60 s (at 424)\n"
    "  (data (i32.const 416) \"\\01\")\n"
    "  (data (i32.const 424) \"\\00\\58\\47\\f8\\0d\\00\\00\\00\")\n"
    "  (data (i32.const 200) \"to stderr\")\n"
    "  (data (i32.const 300) \"out.txt\")\n"
    "  ;; echo: copies stdin to stdout, returns the byte count\n"
    "  (func (export \"echo\") (result i32)\n"
    "    (i32.store (i32.const 0) (i32.const 1024))\n"
    "    (i32.store (i32.const 4) (i32.const 4096))\n"
    "    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))\n"
    "    (i32.store (i32.const 4) (i32.load (i32.const 8)))\n"
    "    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))\n"
    "    (i32.load (i32.const 8)))\n"
    "  (func (export \"err\") (result i32)\n"
    "    (i32.store (i32.const 0) (i32.const 200))\n"
    "    (i32.store (i32.const 4) (i32.const 9))\n"
    "    (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))\n"
    "  ;; counts: argc * 1000 + environment count\n"
    "  (func (export \"counts\") (result i32)\n"
    "    (drop (call $args_sizes (i32.const 16) (i32.const 20)))\n"
    "    (drop (call $env_sizes (i32.const 24) (i32.const 28)))\n"
    "    (i32.add (i32.mul (i32.load (i32.const 16)) (i32.const 1000)) (i32.load (i32.const 24))))\n"
    "  ;; create: creates out.txt in the preopen $dirfd and writes \"to stderr\" there;\n"
    "  ;; returns path_open's errno\n"
    "  (func (export \"create\") (param $dirfd i32) (result i32) (local $e i32)\n"
    "    (local.set $e (call $path_open (local.get $dirfd) (i32.const 0) (i32.const 300) (i32.const 7)\n"
    "      (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 12)))\n"
    "    (if (i32.eqz (local.get $e)) (then\n"
    "      (i32.store (i32.const 0) (i32.const 200))\n"
    "      (i32.store (i32.const 4) (i32.const 9))\n"
    "      (drop (call $fd_write (i32.load (i32.const 12)) (i32.const 0) (i32.const 1) (i32.const 8)))))\n"
    "    (local.get $e))\n"
    "  (func (export \"quit\") (call $exit (i32.const 3)))\n"
    "  ;; sleep: poll_oneoff on that clock; returns its errno\n"
    "  (func (export \"sleep\") (result i32)\n"
    "    (call $poll (i32.const 400) (i32.const 500) (i32.const 1) (i32.const 600))))\n";

static kiln_engine *engine;
static kiln_module *module;

static char callback_text[64];

static bool on_stderr(void *data, const uint8_t *bytes, size_t len)
{
    size_t have = strlen(callback_text);
    CHECK(data == (void *)callback_text);
    if (have + len < sizeof callback_text)
        memcpy(callback_text + have, bytes, len);
    return true;
}

/* A store and instance of the guest under `config`. */
static kiln_instance *start(wasi_config_t *config, kiln_store **store, kiln_linker **linker)
{
    *store = kiln_store_new(engine);
    *linker = kiln_linker_new(engine);
    kiln_error *e = kiln_store_set_wasi(*store, config);
    CHECK(e == NULL);
    kiln_linker_define_wasi(*linker);
    kiln_instance *inst = NULL;
    if (!e)
        e = kiln_linker_instantiate(*linker, *store, module, &inst);
    CHECK(e == NULL);
    if (e)
        fprintf(stderr, "%s\n", kiln_error_message(e));
    kiln_error_delete(e);
    return inst;
}

static int32_t call_i32(kiln_store *s, kiln_instance *inst, const char *name, int32_t *arg)
{
    kiln_val a = kiln_i32(arg ? *arg : 0), r = kiln_i32(-1);
    kiln_error *e = kiln_call(s, kiln_instance_func(inst, name), &a, arg ? 1 : 0, &r, 1);
    CHECK(e == NULL);
    kiln_error_delete(e);
    return r.of.i32;
}

static void finish(kiln_store *s, kiln_linker *l)
{
    kiln_store_delete(s);
    kiln_linker_delete(l);
}

static void test_streams(void)
{
    wasi_config_t *c = wasi_config_new();
    const char *argv[] = {"prog", "a", "b"};
    const char *names[] = {"X", "Y"}, *values[] = {"1", "2"};
    CHECK(wasi_config_set_argv(c, 3, argv));
    CHECK(wasi_config_set_env(c, 2, names, values));
    CHECK(wasi_config_set_stdin_bytes(c, "hello, guest", 12));
    wasi_config_capture_stdout(c);
    callback_text[0] = '\0';
    wasi_config_set_stderr_callback(c, on_stderr, callback_text);
    kiln_store *s;
    kiln_linker *l;
    kiln_instance *inst = start(c, &s, &l);
    if (!inst)
        return;
    CHECK(call_i32(s, inst, "counts", NULL) == 3002);
    CHECK(call_i32(s, inst, "echo", NULL) == 12);
    size_t len;
    const uint8_t *out = kiln_store_wasi_output(s, 1, &len);
    CHECK(out && len == 12 && memcmp(out, "hello, guest", 12) == 0);
    CHECK(kiln_store_wasi_output(s, 2, &len) == NULL && len == 0);
    CHECK(call_i32(s, inst, "err", NULL) == 0);
    CHECK(strcmp(callback_text, "to stderr") == 0);

    /* proc_exit: a trap of its own, with the status. */
    kiln_error *e = kiln_call(s, kiln_instance_func(inst, "quit"), NULL, 0, NULL, 0);
    CHECK(e && kiln_error_trap(e) == KILN_TRAP_EXIT && kiln_error_exit_code(e) == 3);
    kiln_error_delete(e);
    finish(s, l);
}

static void test_files_and_preopens(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/stdout.txt", dir);
    wasi_config_t *c = wasi_config_new();
    CHECK(wasi_config_set_stdin_bytes(c, "", 0));
    CHECK(wasi_config_set_stdout_file(c, path));
    CHECK(wasi_config_preopen_dir(c, dir, "/ro", WASI_PERMS_READ));
    CHECK(wasi_config_preopen_dir(c, dir, "/rw", WASI_PERMS_READ | WASI_PERMS_WRITE));
    kiln_store *s;
    kiln_linker *l;
    kiln_instance *inst = start(c, &s, &l);
    if (!inst)
        return;
    CHECK(call_i32(s, inst, "counts", NULL) == 0);
    CHECK(call_i32(s, inst, "echo", NULL) == 0);   /* empty stdin to the stdout file */
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size == 0);
    int32_t fd = 3;
    CHECK(call_i32(s, inst, "create", &fd) == 76);   /* ENOTCAPABLE: read-only */
    snprintf(path, sizeof path, "%s/out.txt", dir);
    CHECK(access(path, F_OK) != 0);
    fd = 4;
    CHECK(call_i32(s, inst, "create", &fd) == 0);
    finish(s, l);
    FILE *f = fopen(path, "r");
    char text[32] = {0};
    CHECK(f && fread(text, 1, sizeof text - 1, f) == 9 && strcmp(text, "to stderr") == 0);
    if (f)
        fclose(f);
    unlink(path);

    /* A directory that does not exist is an error naming it. */
    c = wasi_config_new();
    CHECK(wasi_config_preopen_dir(c, "/nonexistent/kiln", "/x", WASI_PERMS_READ));
    s = kiln_store_new(engine);
    kiln_error *e = kiln_store_set_wasi(s, c);
    CHECK(e && kiln_error_kind(e) == KILN_ERROR_IO &&
          strstr(kiln_error_message(e), "/nonexistent/kiln"));
    kiln_error_delete(e);

    /* Without a WASI context, WASI imports are unknown, and the error says
     * what to do. */
    l = kiln_linker_new(engine);
    kiln_instance *x;
    e = kiln_linker_instantiate(l, s, module, &x);
    CHECK(e && kiln_error_kind(e) == KILN_ERROR_LINK &&
          strstr(kiln_error_message(e), "kiln_store_set_wasi"));
    kiln_error_delete(e);
    finish(s, l);
}

static void *interrupt_later(void *store)
{
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
    kiln_store_interrupt(store);
    return NULL;
}

/* kiln_store_interrupt from another thread ends a guest waiting in a WASI
 * call at once, as it ends a loop; the store runs on. (Were the wait not
 * woken, the call would return after its 60 s with success.) */
static void test_interrupt_wakes_a_wait(void)
{
    kiln_store *s;
    kiln_linker *l;
    kiln_instance *inst = start(wasi_config_new(), &s, &l);
    if (!inst)
        return;
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, interrupt_later, s) == 0);
    kiln_val r = kiln_i32(-1);
    kiln_error *e = kiln_call(s, kiln_instance_func(inst, "sleep"), NULL, 0, &r, 1);
    pthread_join(thread, NULL);
    CHECK(e && kiln_error_trap(e) == KILN_TRAP_INTERRUPTED);
    kiln_error_delete(e);
    CHECK(call_i32(s, inst, "counts", NULL) == 0);
    finish(s, l);
}

/* kiln_wasi_run: _start returning, proc_exit, a trap, no _start. */
static void test_run(void)
{
    static const char commands[][200] = {
        "(module (func (export \"_start\")))",
        "(module (import " P1 " \"proc_exit\" (func $exit (param i32)))\n"
        "  (func (export \"_start\") (call $exit (i32.const 7))))",
        "(module (func $boom (unreachable)) (func (export \"_start\") (call $boom)))",
        "(module (func (export \"main\")))",
    };
    for (int i = 0; i < 4; i++) {
        kiln_module *m;
        kiln_error *e = kiln_module_new(engine, commands[i], strlen(commands[i]), &m);
        CHECK(e == NULL);
        kiln_store *s = kiln_store_new(engine);
        kiln_linker *l = kiln_linker_new(engine);
        kiln_instance *inst = NULL;
        CHECK(!e && kiln_store_set_wasi(s, wasi_config_new()) == NULL &&
              kiln_linker_define_wasi(l) == NULL &&
              kiln_linker_instantiate(l, s, m, &inst) == NULL);
        int status = -1;
        e = inst ? kiln_wasi_run(s, inst, &status) : NULL;
        switch (i) {
        case 0: CHECK(e == NULL && status == 0); break;
        case 1: CHECK(e == NULL && status == 7); break;
        case 2:
            CHECK(e && kiln_error_kind(e) == KILN_ERROR_TRAP &&
                  kiln_error_trap(e) == KILN_TRAP_UNREACHABLE &&
                  kiln_error_frame_count(e) == 2);
            break;
        default:
            CHECK(e && kiln_error_kind(e) == KILN_ERROR_LINK &&
                  strstr(kiln_error_message(e), "_start"));
            break;
        }
        kiln_error_delete(e);
        finish(s, l);
        kiln_module_delete(m);
    }
}

int main(void)
{
    engine = kiln_engine_new(NULL);
    kiln_error *e = kiln_module_new(engine, guest, sizeof guest - 1, &module);
    CHECK(e == NULL);
    if (e) {
        fprintf(stderr, "%s\n", kiln_error_message(e));
        return check_report();
    }
    char dir[] = "/tmp/kiln-api-wasi-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    test_streams();
    test_files_and_preopens(dir);
    test_interrupt_wakes_a_wait();
    test_run();
    char path[512];
    snprintf(path, sizeof path, "%s/stdout.txt", dir);
    unlink(path);
    rmdir(dir);
    kiln_module_delete(module);
    kiln_engine_delete(engine);
    return check_report();
}
