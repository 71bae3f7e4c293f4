/*
 * script.h -- parsing .wast spec scripts (the WebAssembly spec
 * interpreter's script format, spec repository interpreter/README.md).
 *
 * A script is a sequence of commands. kn_script_parse turns the whole text
 * into an array of kn_command; text modules are already encoded to binary
 * (text/wat.h). A command that cannot be parsed becomes KN_CMD_ERROR and the
 * parser resumes after its closing parenthesis, so one bad command costs one
 * failure, not the file.
 */
#ifndef KN_SCRIPT_H
#define KN_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/types.h"

typedef enum kn_cmdkind {
    KN_CMD_MODULE,                /* (module ...): instantiate it */
    KN_CMD_REGISTER,              /* (register "name" $id?) */
    KN_CMD_ACTION,                /* (invoke ...) or (get ...) at top level */
    KN_CMD_ASSERT_RETURN,
    KN_CMD_ASSERT_TRAP,           /* action traps with message */
    KN_CMD_ASSERT_EXHAUSTION,
    KN_CMD_ASSERT_MALFORMED,
    KN_CMD_ASSERT_INVALID,
    KN_CMD_ASSERT_UNLINKABLE,
    KN_CMD_ASSERT_UNINSTANTIABLE, /* also (assert_trap (module ...) "msg") */
    KN_CMD_ERROR                  /* could not be parsed: see kn_command.error */
} kn_cmdkind;

typedef enum kn_modform {
    KN_MOD_TEXT,      /* written as text: `bytes` is its binary encoding */
    KN_MOD_BINARY,    /* (module binary "..."): `bytes` are the given bytes */
    KN_MOD_QUOTE      /* (module quote "..."): `bytes` is the text, to be parsed
                         when the command runs (it may be malformed on purpose) */
} kn_modform;

typedef struct kn_script_module {
    kn_modform form;
    char *id;          /* $name without the $, or NULL */
    uint8_t *bytes;
    size_t len;
} kn_script_module;

/* What a value must be. For v128, `lanes` tells the lane shape the script
 * wrote and lane_match applies per lane (float lanes may be NaN patterns). */
typedef enum kn_match {
    KN_MATCH_EXACT,
    KN_MATCH_NAN_CANONICAL,
    KN_MATCH_NAN_ARITHMETIC,
    KN_MATCH_ANY_REF           /* (ref.func) / (ref.extern) with no index: any non-null */
} kn_match;

typedef enum kn_lanes {
    KN_LANES_I8X16, KN_LANES_I16X8, KN_LANES_I32X4, KN_LANES_I64X2,
    KN_LANES_F32X4, KN_LANES_F64X2
} kn_lanes;

/* A constant argument or expected result. References: (ref.null func|extern)
 * has type KN_FUNCREF/KN_EXTERNREF and is_null; (ref.extern N) has
 * extern_index N; an expected (ref.func) matches any non-null funcref. */
typedef struct kn_script_value {
    kn_valtype type;
    kn_match match;
    kn_value value;
    bool is_null;
    uint32_t extern_index;
    kn_lanes lanes;
    kn_match lane_match[4];    /* f32x4: 4 lanes, f64x2: 2 */
} kn_script_value;

typedef struct kn_action {
    bool is_get;               /* (get ...) rather than (invoke ...) */
    char *module_id;           /* $name without $, or NULL for the latest module */
    char *field;               /* export name (may contain NUL: see field_len) */
    size_t field_len;
    uint32_t nargs;
    kn_script_value *args;
} kn_action;

typedef struct kn_command {
    kn_cmdkind kind;
    uint32_t line;             /* where the command starts */
    kn_script_module module;   /* MODULE, ASSERT_MALFORMED/INVALID/UNLINKABLE/UNINSTANTIABLE */
    kn_action action;          /* ACTION, ASSERT_RETURN/TRAP/EXHAUSTION */
    char *register_name;       /* REGISTER: the "name" */
    char *register_id;         /* REGISTER: $id without $, or NULL for the latest */
    uint32_t nresults;         /* ASSERT_RETURN */
    kn_script_value *results;
    char *message;             /* expected failure text of the assert_* forms */
    kn_error error;            /* KN_CMD_ERROR: why it could not be parsed */
} kn_command;

typedef struct kn_script {
    uint32_t ncommands;
    kn_command *commands;
} kn_script;

/* Parses a script. Returns NULL only when out of memory or on an error that
 * stops all parsing (unbalanced parentheses at top level), with `err` set. */
kn_script *kn_script_parse(const char *text, size_t len, kn_error *err);
void kn_script_delete(kn_script *s);

#endif
