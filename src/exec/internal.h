/*
 * internal.h -- what the files of the execution layer share.
 */
#ifndef KN_EXEC_INTERNAL_H
#define KN_EXEC_INTERNAL_H

#include "exec.h"

/* Why an activation's sigsetjmp returns again: a guard-page fault
 * (fault.c), or a trap kn_trap already recorded (kn_trap_unwind). */
enum { UNWIND_FAULT = 1, UNWIND_TRAP = 2 };

/* Makes `a` this thread's innermost activation, for the fault handler
 * (fault.c), installing the handler on first use; false when it cannot be
 * installed. kn_fault_leave undoes it. */
bool kn_fault_enter(kn_activation *a);
void kn_fault_leave(kn_activation *a);

#endif
