// limits.js -- inputs at kiln's nesting and size limits, and one past
// each, for the decode and wat fuzz targets (fuzz/README.md, "Limits").
//
//   node fuzz/limits.js fuzz/corpus build-fuzz/limits
//
// Random mutation of the spec suite's small modules never builds 1,001
// folded instructions or 100,001 blocks, so a bug behind a limit (an
// error path that frees state it never set up) stays out of reach. These
// inputs start the fuzzer there. Every file is named limit-*, so that it
// can be told apart and written again after a merge (fuzz/README.md).
//
// Inputs of half a megabyte or more (2^20 operands, counts past limits of
// a million) would cut the decode target's speed thirtyfold if it mutated
// them: they go to the second directory, which tests/suites/fuzz.sh fills
// and replays under the sanitizers without fuzzing from them (7 MB, not
// committed).
'use strict';
const fs = require('fs');
const path = require('path');

const [corpus, replay] = process.argv.slice(2);
if (!corpus || !replay) {
    console.error('usage: node fuzz/limits.js CORPUS_DIR REPLAY_DIR');
    process.exit(2);
}

// The limits, as src/binary/decode.h, src/valid/internal.h and
// src/text/parse.h state them.
const MAX_NESTING = 100000;      // KN_MAX_NESTING: blocks in one body
const MAX_OPERANDS = 1 << 20;    // KN_MAX_OPERANDS: the validator's value stack
const MAX_LOCALS = 50000;        // KN_MAX_LOCALS
const MAX_MODULE_LOCALS = 1 << 24;
const MAX_PARAMS = 1000, MAX_RESULTS = 1000;
const MAX_COUNTS = {             // section id: its KN_MAX_* count
    1: 1000000, 2: 100000, 3: 1000000, 6: 1000000, 7: 100000, 9: 100000, 11: 100000,
};
const WAT_MAX_DEPTH = 1000;      // WAT_MAX_DEPTH
const DEC_DIGITS = 1100, HEX_DIGITS = 40;   // text/number.c

// ---- binary ----

function uleb(n) {
    const b = [];
    do {
        let byte = n % 128;
        n = Math.floor(n / 128);
        if (n > 0) byte |= 0x80;
        b.push(byte);
    } while (n > 0);
    return b;
}

function section(id, contents) {
    return Buffer.concat([Buffer.from([id, ...uleb(contents.length)]), contents]);
}

const HEADER = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

// A module of one type (params -> results, as byte arrays of value types)
// and the given function bodies (each: locals vector bytes + code).
function module(params, results, bodies) {
    const type = Buffer.from([1, 0x60, ...uleb(params.length), ...params,
                              ...uleb(results.length), ...results]);
    const funcs = Buffer.from([...uleb(bodies.length), ...bodies.map(() => 0)]);
    const code = Buffer.concat([Buffer.from(uleb(bodies.length)),
        ...bodies.map(b => Buffer.concat([Buffer.from(uleb(b.length)), b]))]);
    return Buffer.concat([HEADER, section(1, type), section(3, funcs), section(10, code)]);
}

const NO_LOCALS = Buffer.from([0]);
const EMPTY_BODY = Buffer.from([0, 0x0b]);

// n nested blocks; mixed, they cycle through block, loop and if (with an
// else every other if).
function nested(n, mixed) {
    const open = [], close = [];
    for (let i = 0; i < n; i++) {
        const kind = mixed ? i % 3 : 0;
        if (kind === 0) open.push(0x02, 0x40);
        else if (kind === 1) open.push(0x03, 0x40);
        else open.push(0x41, 0x00, 0x04, 0x40);
    }
    for (let i = n - 1; i >= 0; i--) {
        const kind = mixed ? i % 3 : 0;
        if (kind === 2 && i % 2 === 0) close.push(0x05);
        close.push(0x0b);
    }
    return Buffer.concat([NO_LOCALS, Buffer.from(open), Buffer.from(close), Buffer.from([0x0b])]);
}

function locals(count) {
    return Buffer.from([1, ...uleb(count), 0x7f, 0x0b]);
}

// n values pushed (i32.const 0) and left on the stack.
function operands(n) {
    const code = Buffer.alloc(2 * n + 2);   // zeroed: no locals, each immediate 0
    for (let i = 0; i < n; i++)
        code[1 + 2 * i] = 0x41;
    code[1 + 2 * n] = 0x0b;
    return code;
}

const decode = {
    'limit-nest-100000.wasm': module([], [], [nested(MAX_NESTING, false)]),
    'limit-nest-100001.wasm': module([], [], [nested(MAX_NESTING + 1, false)]),
    'limit-nest-mixed-100001.wasm': module([], [], [nested(MAX_NESTING + 1, true)]),
    'limit-operands-1048576.wasm': module([], [], [operands(MAX_OPERANDS)]),
    'limit-operands-1048577.wasm': module([], [], [operands(MAX_OPERANDS + 1)]),
    'limit-locals-50000.wasm': module([], [], [locals(MAX_LOCALS)]),
    'limit-locals-50001.wasm': module([], [], [locals(MAX_LOCALS + 1)]),
    'limit-module-locals.wasm': module([], [],
        Array(Math.floor(MAX_MODULE_LOCALS / MAX_LOCALS) + 1).fill(locals(MAX_LOCALS))),
    'limit-params-1000.wasm': module(Array(MAX_PARAMS).fill(0x7f), [], [EMPTY_BODY]),
    'limit-params-1001.wasm': module(Array(MAX_PARAMS + 1).fill(0x7f), [], [EMPTY_BODY]),
    // a body of `unreachable`, which gives any results
    'limit-results-1000.wasm': module([], Array(MAX_RESULTS).fill(0x7f), [Buffer.from([0, 0, 0x0b])]),
    'limit-results-1001.wasm': module([], Array(MAX_RESULTS + 1).fill(0x7f), [Buffer.from([0, 0, 0x0b])]),
};
// A section claiming one item more than the limit, and as many bytes (the
// count is checked against them, then against the limit, before any item
// is read).
for (const [id, limit] of Object.entries(MAX_COUNTS))
    decode[`limit-count-section${id}.wasm`] = Buffer.concat([HEADER,
        section(Number(id), Buffer.concat([Buffer.from(uleb(limit + 1)), Buffer.alloc(limit + 1)]))]);

// ---- text ----

// `head`, n x `open`, `tail`, n x `close`, `foot`.
function nest(head, open, tail, close, foot, n) {
    return head + open.repeat(n) + tail + close.repeat(n) + foot;
}

const D = WAT_MAX_DEPTH;
const wat = {};
for (const [name, n] of [['1000', D], ['1001', D + 1]]) {
    wat[`limit-folded-nop-${name}.wat`] = nest('(module (func', ' (nop', '', ')', '))', n);
    wat[`limit-folded-block-${name}.wat`] = nest('(module (func', ' (block $b', '', ')', '))', n);
    wat[`limit-flat-block-${name}.wat`] = nest('(module (func\n', 'block $b\n', '', 'end $b\n', '))', n);
    wat[`limit-flat-if-${name}.wat`] =
        nest('(module (func\n', 'if $i ', '', 'else end ', '))', n);
    wat[`limit-folded-if-${name}.wat`] =
        nest('(module (func', '(if(then)(else', '', '))', '))', n);
    wat[`limit-loop-br-${name}.wat`] =
        nest('(module (func', '(loop $l', ' br_table $l 0', ')', '))', n);
    // the innermost operand nests one level inside its instruction
    wat[`limit-global-${name}.wat`] =
        nest('(module (global i32', ' (i32.eqz', ' (i32.const 0)', ')', '))', n - 1);
    wat[`limit-elem-offset-${name}.wat`] =
        nest('(module (table 1 funcref) (elem (offset', ' (i32.eqz', ' (i32.const 0)', ')',
             ') func))', n - 1);
}
// Numbers around the digits kept exactly (number.c): the rounding of a
// decimal literal past DEC_DIGITS significant digits and of a hex one past
// HEX_DIGITS, and exponents far out of range; in range, then each out of
// range in a text of its own (the first error ends a parse).
const digits = (n, d) => '1' + d.repeat(n - 1);
const consts = (lits) => '(module (func\n' + lits.map(s => s + ' drop').join('\n') + '))';
wat['limit-float-digits.wat'] = consts([
    `f64.const ${digits(DEC_DIGITS, '0')}e-1400`,
    `f64.const ${digits(DEC_DIGITS + 1, '0')}1e-1400`,
    `f32.const 0.${'0'.repeat(44)}${digits(DEC_DIGITS + 1, '4')}`,
    `f64.const 0x${digits(HEX_DIGITS, '0')}.8p-1000`,
    `f64.const 0x${digits(HEX_DIGITS + 1, 'f')}p+800`,
    `f64.const -0x1p-${'9'.repeat(40)}`,
    `f64.const 1_000_000.000_001e-0_300`,
]);
wat['limit-float-range-1.wat'] = consts([`f64.const 0x${digits(HEX_DIGITS + 1, 'f')}p+900`]);
wat['limit-float-range-2.wat'] = consts([`f32.const 1e${'9'.repeat(40)}`]);
wat['limit-float-range-3.wat'] = consts([`f64.const ${digits(DEC_DIGITS + 1, '9')}e-1`]);
// Named locals of one function, then functions with a named parameter
// each (the locals table is dropped between functions).
wat['limit-named-locals.wat'] = '(module (func' +
    Array.from({ length: 500 }, (_, i) => ` (local $l${i} i32)`).join('') + ')\n' +
    '(func (param $p i32) (local.get $p) drop)\n'.repeat(50) + ')';

const HEAVY = 1 << 19;   // bytes
for (const [target, files] of [['decode', decode], ['wat', wat]]) {
    for (const [name, bytes] of Object.entries(files)) {
        const dir = path.join(bytes.length >= HEAVY ? replay : corpus, target);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, name), bytes);
    }
}
