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
    "  compile [-O0|-O1|-O2] [-j N] FILE [-o OUT]\n"
    "                      compile FILE ahead of time to native code (.cwasm)\n"
    "                      with the system's C compiler; run the result with\n"
    "                      kiln run --allow-precompiled (kiln compile --help)\n"
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

typedef int (*command)(int argc, char **argv);

typedef struct named_command {
    const char *name;
    command run;
} named_command;

/* The subcommands, and the tools kiln can stand in for when invoked by
 * their names (argv[0]). */
static const named_command commands[] = {
    {"run", kn_cmd_run},           {"wast", kn_cmd_wast},
    {"validate", kn_cmd_validate}, {"wat2wasm", kn_cmd_wat2wasm},
    {"wasm2wat", kn_cmd_wasm2wat}, {"inspect", kn_cmd_inspect},
    {"compile", kn_cmd_compile},
};
static const named_command tools[] = {
    {"wat2wasm", kn_cmd_wat2wasm},
    {"wasm2wat", kn_cmd_wasm2wat},
    {"wasm-validate", kn_cmd_validate},
};

void kn_cli_print_option(const char *label, const char *help, int column)
{
    int w = printf("  %s", label);
    printf("%*s", w < column ? column - w : 1, "");
    for (const char *h = help; *h; h++) {
        putchar(*h);
        if (*h == '\n')
            printf("%*s", column, "");
    }
    putchar('\n');
}

static command find(const named_command *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].name, name) == 0)
            return list[i].run;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 0) {
        const char *base = strrchr(argv[0], '/');
        command tool = find(tools, sizeof tools / sizeof tools[0], base ? base + 1 : argv[0]);
        if (tool)
            return tool(argc - 1, argv + 1);
    }
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
    command run = find(commands, sizeof commands / sizeof commands[0], cmd);
    if (run)
        return run(argc - 2, argv + 2);
    /* Anything else is `kiln run`'s: its options or the module file. */
    return kn_cmd_run(argc - 1, argv + 1);
}
