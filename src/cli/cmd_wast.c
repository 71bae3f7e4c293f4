/*
 * cmd_wast.c -- `kiln wast FILE...`: run spec scripts, print a total.
 */
#include <stdio.h>
#include <string.h>

#include "../wast/run.h"
#include "cli.h"

int kn_cmd_wast(int argc, char **argv)
{
    uint32_t max_failures = 10;
    int nfiles = 0, unreadable = 0;
    kn_wast_result total = {0, 0};
    kn_cli_codegen codegen;
    kn_cli_codegen_init(&codegen);

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            puts("usage: kiln wast [-C KEY=VALUE] FILE...\n"
                 "Runs WebAssembly spec scripts against the `spectest` host module;\n"
                 "prints per file the commands passed and failed and the first\n"
                 "failures with line numbers, then a total. Exit status 1 on any\n"
                 "failure.\n");
            kn_cli_print_option("-C KEY=VALUE", KN_CLI_CODEGEN_HELP, 16);
            return 0;
        }
        if (strcmp(argv[i], "-C") == 0) {
            if (i + 1 == argc) {
                fputs("kiln wast: -C needs a value: -C KEY=VALUE\n", stderr);
                return 2;
            }
            if (!kn_cli_codegen_parse(&codegen, "wast", argv[++i]))
                return 2;
            continue;
        }
        kn_wast_result r = {0, 0};
        nfiles++;
        if (!kn_wast_run_file(argv[i], codegen.tier, stdout, max_failures, &r))
            unreadable++;
        total.passed += r.passed;
        total.failed += r.failed;
    }
    if (nfiles == 0) {
        fputs("kiln wast: no files given\n", stderr);
        return 2;
    }
    printf("total: %d files, %u passed, %u failed\n", nfiles, total.passed,
           total.failed);
    return total.failed || unreadable ? 1 : 0;
}
