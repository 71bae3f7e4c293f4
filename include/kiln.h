/*
 * kiln.h -- embedding the kiln WebAssembly runtime in a C program.
 *
 * The whole life of a guest:
 *
 *     kiln_engine *engine = kiln_engine_new(NULL);
 *     kiln_module *module;
 *     kiln_error *err = kiln_module_new(engine, bytes, len, &module);  // .wasm or .wat
 *     kiln_store *store = kiln_store_new(engine);
 *     kiln_linker *linker = kiln_linker_new(engine);
 *     kiln_linker_define_func(linker, "env", "log", &type, log_fn, my_data);
 *     kiln_instance *inst;
 *     err = kiln_linker_instantiate(linker, store, module, &inst);
 *     kiln_val args[1] = {kiln_i32(20)}, result[1];
 *     err = kiln_call(store, kiln_instance_func(inst, "fac"), args, 1, result, 1);
 *     ...
 *     kiln_store_delete(store); kiln_linker_delete(linker);
 *     kiln_module_delete(module); kiln_engine_delete(engine);
 *
 * Errors are values: a fallible function returns NULL on success or a
 * kiln_error the caller owns and frees with kiln_error_delete. An error
 * tells what failed (kiln_error_kind), says it in words (kiln_error_message:
 * with the byte offset or line:column for a module that does not load) and,
 * for a trap, which trap (kiln_error_trap) and where (the backtrace).
 *
 * Ownership: *_new has a *_delete. A store owns everything created in it --
 * instances, functions, memories, globals -- and frees it all in
 * kiln_store_delete; pointers to them (kiln_instance *, kiln_func *,
 * kiln_memory *, kiln_global *) stay valid until then. A module may be
 * deleted while stores still use it (they keep their own reference).
 *
 * Threads: an engine, a module and a linker may be used from any number of
 * threads at once once set up (a linker is not changed while in use); a
 * store, and everything in it, is used by one thread at a time. The one
 * exception is kiln_store_interrupt, which any thread may call at any time.
 *
 * The standard WebAssembly C API (wasm.h) and WASI configuration (wasi.h)
 * come with the same library.
 */
#ifndef KILN_H
#define KILN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef KILN_API
#define KILN_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define KILN_VERSION "0.1.0"

typedef struct kiln_engine kiln_engine;
typedef struct kiln_module kiln_module;
typedef struct kiln_store kiln_store;
typedef struct kiln_linker kiln_linker;
typedef struct kiln_instance kiln_instance;
typedef struct kiln_func kiln_func;
typedef struct kiln_memory kiln_memory;
typedef struct kiln_global kiln_global;
typedef struct kiln_caller kiln_caller;
typedef struct kiln_error kiln_error;

/* ---- values ------------------------------------------------------------ */

/* Value types, numbered as in the binary format. */
typedef uint8_t kiln_valtype;
enum {
    KILN_I32 = 0x7f,
    KILN_I64 = 0x7e,
    KILN_F32 = 0x7d,
    KILN_F64 = 0x7c,
    KILN_V128 = 0x7b,
    KILN_FUNCREF = 0x70,   /* of.ref is a kiln_func *, or NULL */
    KILN_EXTERNREF = 0x6f  /* of.ref is any host pointer, or NULL */
};

typedef struct kiln_val {
    kiln_valtype kind;
    union {
        int32_t i32;
        int64_t i64;
        float f32;
        double f64;
        void *ref;
        uint8_t v128[16];   /* little-endian */
    } of;
} kiln_val;

static inline kiln_val kiln_i32(int32_t v) { kiln_val x = {KILN_I32, {.i32 = v}}; return x; }
static inline kiln_val kiln_i64(int64_t v) { kiln_val x = {KILN_I64, {.i64 = v}}; return x; }
static inline kiln_val kiln_f32(float v) { kiln_val x = {KILN_F32, {.f32 = v}}; return x; }
static inline kiln_val kiln_f64(double v) { kiln_val x = {KILN_F64, {.f64 = v}}; return x; }
static inline kiln_val kiln_externref(void *p)
{
    kiln_val x = {KILN_EXTERNREF, {.ref = p}};
    return x;
}

/* A function type: parameter and result types. */
typedef struct kiln_functype {
    uint32_t nparams, nresults;
    const kiln_valtype *params;
    const kiln_valtype *results;
} kiln_functype;

/* ---- errors ------------------------------------------------------------ */

typedef enum kiln_errkind {
    KILN_ERROR_MALFORMED = 1,  /* the module does not decode or parse */
    KILN_ERROR_INVALID,        /* the module does not validate */
    KILN_ERROR_LINK,           /* an import is missing or has the wrong type */
    KILN_ERROR_TRAP,           /* execution stopped: see kiln_error_trap */
    KILN_ERROR_LIMIT,          /* a limit or the host's memory was exceeded */
    KILN_ERROR_IO,             /* a host file could not be read or opened */
    KILN_ERROR_USAGE           /* a wrong argument to this API */
} kiln_errkind;

/* Why execution stopped. Fuel, interrupt and exit are told apart from the
 * rest: the store is healthy after them and may run again. */
typedef enum kiln_trap_code {
    KILN_TRAP_NONE = 0,
    KILN_TRAP_UNREACHABLE,
    KILN_TRAP_DIV_BY_ZERO,
    KILN_TRAP_INT_OVERFLOW,
    KILN_TRAP_INVALID_CONVERSION,
    KILN_TRAP_OOB_MEMORY,
    KILN_TRAP_OOB_TABLE,
    KILN_TRAP_UNDEFINED_ELEMENT,
    KILN_TRAP_UNINITIALIZED_ELEMENT,
    KILN_TRAP_INDIRECT_CALL_MISMATCH,
    KILN_TRAP_STACK_EXHAUSTED,   /* call depth or stack limit */
    KILN_TRAP_OUT_OF_MEMORY,
    KILN_TRAP_HOST,              /* a host function returned an error */
    KILN_TRAP_EXIT,              /* WASI proc_exit: see kiln_error_exit_code */
    KILN_TRAP_OUT_OF_FUEL,       /* the store's fuel ran out */
    KILN_TRAP_INTERRUPTED,       /* kiln_store_interrupt was called */
    KILN_TRAP_CODE_LIMIT         /* compiling the function called would pass
                                    kiln_config.max_code_bytes, or kiln's bound
                                    on one function's code */
} kiln_trap_code;

KILN_API kiln_errkind kiln_error_kind(const kiln_error *e);
/* The whole message: "offset 0x1a: type mismatch", "unreachable", ... */
KILN_API const char *kiln_error_message(const kiln_error *e);
/* KILN_TRAP_NONE unless the kind is KILN_ERROR_TRAP. */
KILN_API kiln_trap_code kiln_error_trap(const kiln_error *e);
/* The guest's exit status for KILN_TRAP_EXIT. */
KILN_API int kiln_error_exit_code(const kiln_error *e);
/* The backtrace of a trap, innermost first (at most 32 frames): each
 * frame's function index in its module and name (from the module's name
 * section, else "func[N]", or "<host>"). */
KILN_API size_t kiln_error_frame_count(const kiln_error *e);
KILN_API uint32_t kiln_error_frame_func(const kiln_error *e, size_t i);
KILN_API const char *kiln_error_frame_name(const kiln_error *e, size_t i);
KILN_API void kiln_error_delete(kiln_error *e);

/* An error for a host function to return: the call traps with
 * KILN_TRAP_HOST and this message. */
KILN_API kiln_error *kiln_error_new(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- engine ------------------------------------------------------------ */

/* How an engine's stores run wasm code. */
typedef enum kiln_compiler {
    KILN_COMPILER_DEFAULT,   /* the JIT where the machine has one (x86-64),
                                else the interpreter */
    KILN_COMPILER_INTERP,    /* the interpreter */
    KILN_COMPILER_JIT        /* machine code, compiled per function on its
                                first call */
} kiln_compiler;

/* Defaults for the stores of an engine, and the engine's limit on code; 0
 * means kiln's default. */
typedef struct kiln_config {
    kiln_compiler compiler;
    uint32_t max_call_depth;     /* wasm frames (default 10,000) */
    uint32_t max_memory_pages;   /* all memories of a store together, 64 KiB pages
                                    (default 65,536: 4 GiB) */
    uint32_t max_table_elems;    /* all tables of a store together (default 10,000,000) */
    uint32_t max_instances;      /* per store (default: unlimited) */
    uint64_t max_code_bytes;     /* the code the engine's stores compiled, all modules
                                    together, for as long as the modules live
                                    (default 1 GiB); a call that would compile more
                                    traps with KILN_TRAP_CODE_LIMIT */
} kiln_config;

/* `config` may be NULL. NULL when out of memory, or when the compiler
 * asked for is not available on this machine (KILN_COMPILER_JIT off
 * x86-64 or without SSE4.1, POPCNT, LZCNT and BMI1). */
KILN_API kiln_engine *kiln_engine_new(const kiln_config *config);
/* The compiler the engine's stores use: KILN_COMPILER_INTERP or _JIT. */
KILN_API kiln_compiler kiln_engine_compiler(const kiln_engine *engine);
KILN_API void kiln_engine_delete(kiln_engine *engine);

/* ---- modules ----------------------------------------------------------- */

/* Decodes and validates a module: binary, or text (.wat) when the bytes do
 * not start with the binary's magic number. The bytes are copied. */
KILN_API kiln_error *kiln_module_new(kiln_engine *engine, const void *bytes, size_t len,
                                     kiln_module **out);
/* The same without keeping the module. */
KILN_API kiln_error *kiln_module_validate(kiln_engine *engine, const void *bytes, size_t len);
KILN_API void kiln_module_delete(kiln_module *module);

/* Ahead-of-time compilation (`kiln compile`). kiln_module_precompile
 * compiles a module (binary or text) to native code with the system's C
 * compiler (at opt_level 0, 1 or 2) and gives the .cwasm in *out, *out_len
 * (free it with free()); an error when there is no C compiler or it
 * fails. kiln_module_deserialize loads a .cwasm without any compiler: its
 * stores run the precompiled code (on an engine with KILN_COMPILER_DEFAULT
 * or _JIT; an interpreter engine interprets it). A file made by another
 * kiln build, for another target or CPU, or damaged is refused. Loading
 * precompiled code means trusting whoever compiled it: kiln runs it as it
 * is, as it would a program they built. */
KILN_API kiln_error *kiln_module_precompile(kiln_engine *engine, const void *bytes, size_t len,
                                            int opt_level, void **out, size_t *out_len);
KILN_API kiln_error *kiln_module_deserialize(kiln_engine *engine, const void *bytes, size_t len,
                                             kiln_module **out);

typedef enum kiln_externkind {
    KILN_EXTERN_FUNC,
    KILN_EXTERN_TABLE,
    KILN_EXTERN_MEMORY,
    KILN_EXTERN_GLOBAL
} kiln_externkind;

/* An import or export. Names are NUL-terminated (and may contain NULs:
 * the lengths tell); they and `func` live as long as the module. */
typedef struct kiln_extern_info {
    const char *module;          /* imports only */
    size_t module_len;
    const char *name;
    size_t name_len;
    kiln_externkind kind;
    kiln_functype func;          /* for KILN_EXTERN_FUNC */
} kiln_extern_info;

KILN_API size_t kiln_module_import_count(const kiln_module *module);
KILN_API size_t kiln_module_export_count(const kiln_module *module);
/* False when i is out of range. */
KILN_API bool kiln_module_import(const kiln_module *module, size_t i, kiln_extern_info *out);
KILN_API bool kiln_module_export(const kiln_module *module, size_t i, kiln_extern_info *out);

/* ---- stores and their limits -------------------------------------------- */

KILN_API kiln_store *kiln_store_new(kiln_engine *engine);
KILN_API void kiln_store_delete(kiln_store *store);

/* Limits of one store. max_memory_pages bounds the pages of all the
 * store's memories together, max_table_elems the elements of all its
 * tables together (imported, host-made and every instance's): growth past
 * what is left returns -1 (memory.grow, table.grow), and a memory or table
 * whose minimum is more than what is left does not instantiate
 * (KILN_ERROR_LIMIT). Instantiating more instances is a KILN_ERROR_LIMIT;
 * deeper calls trap with KILN_TRAP_STACK_EXHAUSTED. Lowering a limit below
 * what the store holds takes nothing away; it only refuses more. In
 * kiln_store_set_limits, 0 means "leave as it is". */
typedef struct kiln_limits {
    uint32_t max_memory_pages;
    uint32_t max_table_elems;
    uint32_t max_instances;
    uint32_t max_call_depth;
} kiln_limits;

KILN_API void kiln_store_set_limits(kiln_store *store, const kiln_limits *limits);
KILN_API void kiln_store_get_limits(const kiln_store *store, kiln_limits *out);

/* Fuel: once set, execution consumes about one unit per instruction, and
 * a call that runs out traps with KILN_TRAP_OUT_OF_FUEL. Set more and call
 * again: the store is unharmed. kiln_store_fuel gives what is left, or
 * UINT64_MAX when fuel is off (the default). */
KILN_API void kiln_store_set_fuel(kiln_store *store, uint64_t fuel);
KILN_API uint64_t kiln_store_fuel(const kiln_store *store);
KILN_API void kiln_store_disable_fuel(kiln_store *store);

/* Stops the store's running call, from any thread or a signal handler: the
 * call traps with KILN_TRAP_INTERRUPTED at its next loop iteration or call,
 * or at once when it waits in WASI (a read, a write, a poll, an accept).
 * Raised while nothing runs, it stops the next call that loops, calls or
 * waits. */
KILN_API void kiln_store_interrupt(kiln_store *store);

/* ---- host functions and linking --------------------------------------- */

/* A host function: reads args, writes results (both in the order and the
 * types of its kiln_functype) and returns NULL, or an error (kiln_error_new)
 * which ends the wasm call in a KILN_TRAP_HOST trap; kiln frees it. */
typedef kiln_error *(*kiln_host_func)(kiln_caller *caller, void *data, const kiln_val *args,
                                      kiln_val *results);

/* Who called a host function: the store, and the instance whose import it
 * is (NULL while that instance's start function runs). */
KILN_API kiln_store *kiln_caller_store(kiln_caller *caller);
KILN_API kiln_instance *kiln_caller_instance(kiln_caller *caller);
/* The caller instance's export "memory", or NULL. */
KILN_API kiln_memory *kiln_caller_memory(kiln_caller *caller);

/* A linker resolves a module's imports by module and name. */
KILN_API kiln_linker *kiln_linker_new(kiln_engine *engine);
KILN_API void kiln_linker_delete(kiln_linker *linker);

/* Defines module.name as a host function of `type` (copied) called with
 * `data`. A later definition of the same name replaces an earlier one. */
KILN_API kiln_error *kiln_linker_define_func(kiln_linker *linker, const char *module,
                                             const char *name, const kiln_functype *type,
                                             kiln_host_func fn, void *data);
/* Defines every export of `instance` under the module name `module`; it
 * can then satisfy imports of modules instantiated in the same store. */
KILN_API kiln_error *kiln_linker_define_instance(kiln_linker *linker, const char *module,
                                                 kiln_instance *instance);
/* Resolves the module's imports (KILN_ERROR_LINK names one that is
 * missing or of the wrong type), instantiates it in the store and runs its
 * start function (a trap there is a KILN_ERROR_TRAP). */
KILN_API kiln_error *kiln_linker_instantiate(kiln_linker *linker, kiln_store *store,
                                             kiln_module *module, kiln_instance **out);

/* ---- instances, calls, memories, globals -------------------------------- */

/* An export by name, or NULL when there is none of that kind. */
KILN_API kiln_func *kiln_instance_func(kiln_instance *instance, const char *name);
KILN_API kiln_memory *kiln_instance_memory(kiln_instance *instance, const char *name);
KILN_API kiln_global *kiln_instance_global(kiln_instance *instance, const char *name);

KILN_API const kiln_functype *kiln_func_type(const kiln_func *func);

/* Calls `func` (of this store) with nargs arguments of its parameter types
 * and writes its results; nresults must equal its result count. A wrong
 * count or kind is a KILN_ERROR_USAGE. A NULL func is a KILN_ERROR_USAGE
 * too, so kiln_call(s, kiln_instance_func(i, "f"), ...) is safe. */
KILN_API kiln_error *kiln_call(kiln_store *store, kiln_func *func, const kiln_val *args,
                               size_t nargs, kiln_val *results, size_t nresults);

/* Memory as bytes: the base pointer and size change when the memory grows
 * (memory.grow in wasm, or kiln_memory_grow), so fetch them again after a
 * call. */
KILN_API uint8_t *kiln_memory_data(kiln_memory *memory);
KILN_API uint64_t kiln_memory_size(const kiln_memory *memory);   /* bytes */
/* Grows by delta pages; false when over the maximum. */
KILN_API bool kiln_memory_grow(kiln_memory *memory, uint32_t delta_pages);
/* The host address of guest bytes [addr, addr + len), or NULL when any of
 * them is outside the memory: the one check a host function needs before
 * touching a guest pointer. */
KILN_API void *kiln_memory_ptr(kiln_memory *memory, uint64_t addr, uint64_t len);
/* Copies out of / into guest memory; false (nothing copied) when out of
 * bounds. */
KILN_API bool kiln_memory_read(kiln_memory *memory, uint64_t addr, void *dst, size_t len);
KILN_API bool kiln_memory_write(kiln_memory *memory, uint64_t addr, const void *src,
                                size_t len);

KILN_API kiln_val kiln_global_get(const kiln_global *global);
/* KILN_ERROR_USAGE for an immutable global or a value of the wrong kind. */
KILN_API kiln_error *kiln_global_set(kiln_global *global, kiln_val value);

#ifdef __cplusplus
}
#endif

#endif
