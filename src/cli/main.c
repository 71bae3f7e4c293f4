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
    "  run [--invoke NAME] FILE [ARGS...]\n"
    "                      instantiate FILE (.wasm or .wat) and call an export:\n"
    "                      NAME with ARGS parsed by its parameter types, and\n"
    "                      print the results; without --invoke, `_start`\n"
    "  wast FILE...        run .wast spec scripts; print passed/failed per file\n"
    "  validate FILE...    decode and validate; print nothing on success\n"
    "  wat2wasm FILE [-o OUT]\n"
    "                      encode the text format to a binary (stdout without -o)\n"
    "\n"
    "`kiln FILE ARGS...` is `kiln run FILE ARGS...`. FILE may be `-` for stdin.\n"
    "WASI (preview 1) is not implemented yet: modules that import it cannot be\n"
    "instantiated.\n"
    "\n"
    "  -h, --help          show this help\n"
    "  --version           show the version\n";

int main(int argc, char **argv)
{
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
    /* Anything else is `kiln run`'s: its options or the module file. */
    return kn_cmd_run(argc - 1, argv + 1);
}
