/*
 * wasi.c -- a WASI program with a preopened directory: the guest (written
 * in the text format here; any wasm32-wasi program works the same) opens
 * "greeting.txt" in the directory it knows as "/data", copies it to stdout,
 * then tries to create a file there, which the read-only preopen forbids,
 * and exits with that error number as its status.
 *
 *   build/examples/wasi DIR      (DIR holding greeting.txt)
 */
#include <stdio.h>

#include "wasi.h"

static const char wat[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"path_open\"\n"
    "    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_read\" (func $fd_read (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $proc_exit (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 16) \"greeting.txt\")\n"
    "  (data (i32.const 32) \"new.txt\")\n"
    "  (func (export \"_start\") (local $fd i32)\n"
    "    ;; path_open(dirfd 3, lookup flags, path, oflags 0, rights fd_read, 0, fdflags 0, &fd)\n"
    "    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 12)\n"
    "                           (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 8)))\n"
    "    (local.set $fd (i32.load (i32.const 8)))\n"
    "    ;; one iovec at 0: 1000 bytes at 100; read, then write what was read\n"
    "    (i32.store (i32.const 0) (i32.const 100))\n"
    "    (i32.store (i32.const 4) (i32.const 1000))\n"
    "    (drop (call $fd_read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 4)))\n"
    "    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))\n"
    "    ;; path_open with O_CREAT (oflags 1) and fd_write rights (64): refused\n"
    "    (call $proc_exit (call $path_open (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 7)\n"
    "                       (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 8)))))";

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: wasi DIR\n");
        return 2;
    }
    kiln_engine *engine = kiln_engine_new(NULL);
    kiln_module *module;
    kiln_error *e = kiln_module_new(engine, wat, sizeof wat - 1, &module);
    if (e) {
        fprintf(stderr, "%s\n", kiln_error_message(e));
        return 1;
    }

    /* The guest's world: a name, stdout, and DIR as "/data", read-only. */
    wasi_config_t *config = wasi_config_new();
    const char *args[] = {"greeter"};
    wasi_config_set_argv(config, 1, args);
    wasi_config_inherit_stdout(config);
    wasi_config_preopen_dir(config, argv[1], "/data", WASI_PERMS_READ);

    kiln_store *store = kiln_store_new(engine);
    if ((e = kiln_store_set_wasi(store, config))) {   /* the store takes the config */
        fprintf(stderr, "%s\n", kiln_error_message(e));
        return 1;
    }
    kiln_linker *linker = kiln_linker_new(engine);
    kiln_linker_define_wasi(linker);
    kiln_instance *inst;
    if ((e = kiln_linker_instantiate(linker, store, module, &inst))) {
        fprintf(stderr, "%s\n", kiln_error_message(e));
        return 1;
    }

    /* proc_exit ends _start with a KILN_TRAP_EXIT trap carrying the status. */
    e = kiln_call(store, kiln_instance_func(inst, "_start"), NULL, 0, NULL, 0);
    fflush(stdout);
    if (e && kiln_error_trap(e) == KILN_TRAP_EXIT)
        printf("exit status %d (WASI errno: 76 is ENOTCAPABLE, 63 EPERM)\n",
               kiln_error_exit_code(e));
    else
        printf("unexpected: %s\n", e ? kiln_error_message(e) : "no exit");
    kiln_error_delete(e);

    kiln_store_delete(store);
    kiln_linker_delete(linker);
    kiln_module_delete(module);
    kiln_engine_delete(engine);
    return 0;
}
