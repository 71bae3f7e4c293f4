/*
 * names.h -- the `name` custom section (spec 7.4.1), read after a module
 * has decoded. Internal to the binary layer.
 */
#ifndef KN_NAMES_H
#define KN_NAMES_H

#include "module.h"

/* Sets m->module_name and m->func_names from the first custom section
 * called "name". A malformed name section is ignored entirely, as custom
 * sections must be: both stay NULL. */
void kn_names_decode(kn_module *m);

#endif
