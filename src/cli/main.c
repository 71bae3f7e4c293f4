/*
 * main.c -- `kiln`: dispatch to the subcommands.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define KN_VERSION "0.1.0"

static const char usage[] =
    "usage: kiln <command> [options] [args]\n"
    "\n"
    "commands:\n"
    "  run [OPTIONS] FILE [ARGS...]\n"
    "                      run FILE (.wasm or .wat) with WASI preview 1: its\n"
    "                      `_start` with ARGS as its arguments, or with\n"
    "                      --invoke NAME the export NAME with ARGS parsed by\n"
    "                      its parameter types; --dir, --mapdir, --env,\n"
    "                      --tcplisten hand it host resources (kiln run --help)\n"
    "  wast FILE...        run .wast spec scripts; print passed/failed per file\n"
    "  validate FILE...    decode and validate; print nothing on success\n"
    "  wat2wasm FILE [-o OUT] [--debug-names] [--no-check]\n"
    "                      encode the text format to a binary (stdout without -o)\n"
    "  wasm2wat FILE [-o OUT] [--fold-exprs] [--no-check]\n"
    "                      print a module in the text format, as wabt's wasm2wat\n"
    "  inspect FILE        summarize a module: sections with offsets and sizes,\n"
    "                      types, imports, exports, functions, segments, names\n"
    "\n"
    "`kiln FILE ARGS...` is `kiln run FILE ARGS...`. FILE may be `-` for stdin.\n"
    "Installed or linked as `wat2wasm`, `wasm2wat` or `wasm-validate`, kiln is\n"
    "that tool, with wabt's common options.\n"
    "\n"
    "  -h, --help          show this help\n"
    "  --version           show the version\n";

/* The tools kiln can stand in for when invoked by their names (argv[0]). */
static int as_tool(const char *argv0, int argc, char **argv)
{
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    if (strcmp(base, "wat2wasm") == 0)
        return kn_cmd_wat2wasm(argc - 1, argv + 1);
    if (strcmp(base, "wasm2wat") == 0)
        return kn_cmd_wasm2wat(argc - 1, argv + 1);
    if (strcmp(base, "wasm-validate") == 0)
        return kn_cmd_validate(argc - 1, argv + 1);
    return -1;
}

int main(int argc, char **argv)
{
    int status = argc > 0 ? as_tool(argv[0], argc, argv) : -1;
    if (status >= 0)
        return status;
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        puts("kiln " KN_VERSION);
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return kn_cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "wast") == 0)
        return kn_cmd_wast(argc - 2, argv + 2);
    if (strcmp(cmd, "validate") == 0)
        return kn_cmd_validate(argc - 2, argv + 2);
    if (strcmp(cmd, "wat2wasm") == 0)
        return kn_cmd_wat2wasm(argc - 2, argv + 2);
    if (strcmp(cmd, "wasm2wat") == 0)
        return kn_cmd_wasm2wat(argc - 2, argv + 2);
    if (strcmp(cmd, "inspect") == 0)
        return kn_cmd_inspect(argc - 2, argv + 2);
    /* Anything else is `kiln run`'s: its options or the module file. */
    return kn_cmd_run(argc - 1, argv + 1);
}
