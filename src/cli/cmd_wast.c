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

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            puts("usage: kiln wast FILE...\n"
                 "Runs WebAssembly spec scripts against the `spectest` host module;\n"
                 "prints per file the commands passed and failed and the first\n"
                 "failures with line numbers, then a total. Exit status 1 on any\n"
                 "failure.");
            return 0;
        }
        kn_wast_result r = {0, 0};
        nfiles++;
        if (!kn_wast_run_file(argv[i], stdout, max_failures, &r))
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
