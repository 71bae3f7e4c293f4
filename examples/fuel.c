/*
 * fuel.c -- stopping runaway guests: fuel (an instruction budget) and an
 * interrupt raised from another thread both end an infinite loop with a
 * trap of their own; the store then runs again.
 *
 *   build/examples/fuel
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "kiln.h"

static const char wat[] =
    "(module\n"
    "  (func (export \"spin\") (loop $forever (br $forever)))\n"
    "  (func (export \"answer\") (result i32) (i32.const 42)))";

/* Another thread: waits a little, then interrupts the store. */
static void *interrupter(void *store)
{
    struct timespec t = {0, 50 * 1000 * 1000};
    nanosleep(&t, NULL);
    kiln_store_interrupt(store);
    return NULL;
}

static void report(const char *what, kiln_error *e)
{
    if (!e)
        printf("%s: finished?!\n", what);
    else if (kiln_error_trap(e) == KILN_TRAP_OUT_OF_FUEL)
        printf("%s: stopped by fuel (%s)\n", what, kiln_error_message(e));
    else if (kiln_error_trap(e) == KILN_TRAP_INTERRUPTED)
        printf("%s: stopped by interrupt (%s)\n", what, kiln_error_message(e));
    else
        printf("%s: %s\n", what, kiln_error_message(e));
    kiln_error_delete(e);
}

int main(void)
{
    kiln_engine *engine = kiln_engine_new(NULL);
    kiln_module *module;
    kiln_error *e = kiln_module_new(engine, wat, sizeof wat - 1, &module);
    if (e)
        return 1;
    kiln_store *store = kiln_store_new(engine);
    kiln_linker *linker = kiln_linker_new(engine);
    kiln_instance *inst;
    if ((e = kiln_linker_instantiate(linker, store, module, &inst)))
        return 1;
    kiln_func *spin = kiln_instance_func(inst, "spin");
    kiln_func *answer = kiln_instance_func(inst, "answer");

    /* 1. Fuel: a budget of a million units runs out in the loop. */
    kiln_store_set_fuel(store, 1000000);
    report("spin with fuel", kiln_call(store, spin, NULL, 0, NULL, 0));
    printf("fuel left: %llu\n", (unsigned long long)kiln_store_fuel(store));

    /* Refuel: the same store runs again. */
    kiln_store_set_fuel(store, 1000);
    kiln_val r;
    if (!(e = kiln_call(store, answer, NULL, 0, &r, 1)))
        printf("after refuelling: answer = %d\n", r.of.i32);
    kiln_error_delete(e);

    /* 2. Interrupt: no fuel, another thread stops the loop. */
    kiln_store_disable_fuel(store);
    pthread_t t;
    pthread_create(&t, NULL, interrupter, store);
    report("spin without fuel", kiln_call(store, spin, NULL, 0, NULL, 0));
    pthread_join(t, NULL);
    if (!(e = kiln_call(store, answer, NULL, 0, &r, 1)))
        printf("after the interrupt: answer = %d\n", r.of.i32);
    kiln_error_delete(e);

    kiln_store_delete(store);
    kiln_linker_delete(linker);
    kiln_module_delete(module);
    kiln_engine_delete(engine);
    return 0;
}
