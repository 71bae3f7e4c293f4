/*
 * main.c -- `kiln-oci`, an OCI runtime for WebAssembly containers over runc
 * or crun (oci.h).
 */
#include "oci.h"

int main(int argc, char **argv)
{
    return ko_main(argc, argv);
}
