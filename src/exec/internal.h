/*
 * internal.h -- what the files of the execution layer share.
 */
#ifndef KN_EXEC_INTERNAL_H
#define KN_EXEC_INTERNAL_H

#include "exec.h"

/* Makes `a` this thread's innermost activation, for the fault handler
 * (fault.c), installing the handler on first use; false when it cannot be
 * installed. kn_fault_leave undoes it. */
bool kn_fault_enter(kn_activation *a);
void kn_fault_leave(kn_activation *a);

#endif
