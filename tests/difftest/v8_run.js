// v8_run.js -- V8's side of the differential tester: runs a module and a
// plan of calls in this node process and prints what happened, in the
// format of kiln_driver.c (see there), so the two outputs compare line by
// line. Needs node's --experimental-wasm-type-reflection for the types of
// imports and exports.
'use strict';

// V8's trap messages in the spec's words. Where one V8 message covers
// several of the spec's traps it maps to all of them, joined by `|`, and
// difftest.js accepts any of them from kiln.
const V8_TRAPS = {
    'unreachable': 'unreachable',
    'memory access out of bounds': 'out of bounds memory access',
    'divide by zero': 'integer divide by zero',
    'remainder by zero': 'integer divide by zero',
    'divide result unrepresentable': 'integer overflow',
    'float unrepresentable in integer range': 'integer overflow|invalid conversion to integer',
    'table index is out of bounds': 'out of bounds table access|undefined element',
    'null function or function signature mismatch':   // node 20
        'uninitialized element|indirect call type mismatch',
    'function signature mismatch':                      // node 26: null entries too
        'uninitialized element|indirect call type mismatch',
};

function trapWords(e) {
    if (e instanceof WebAssembly.RuntimeError)
        return V8_TRAPS[e.message] || 'v8: ' + e.message;
    if (e instanceof RangeError && /call stack/.test(e.message))
        return 'call stack exhausted';
    return 'error: ' + e;
}

const scratch = new DataView(new ArrayBuffer(8));

function hex(v, digits) {
    return v.toString(16).padStart(digits, '0');
}

// TYPE:BITS of a JS value that came out of wasm (kiln_driver.c print_value).
function formatValue(type, v) {
    switch (type) {
    case 'i32': return 'i32:' + hex(v >>> 0, 8);
    case 'i64': return 'i64:' + hex(BigInt.asUintN(64, v), 16);
    case 'f32':
        if (Number.isNaN(v)) return 'f32:nan';
        scratch.setFloat32(0, v, true);
        return 'f32:' + hex(scratch.getUint32(0, true), 8);
    case 'f64':
        if (Number.isNaN(v)) return 'f64:nan';
        scratch.setFloat64(0, v, true);
        return 'f64:' + hex(scratch.getBigUint64(0, true), 16);
    case 'anyfunc': case 'funcref': return 'funcref:' + (v === null ? 'null' : 'ref');
    case 'externref': return 'externref:' + (v === null ? 'null' : 'ref');
    default: return type + ':?';
    }
}

// The JS value whose wasm value has bit pattern `bits` (a BigInt).
function argValue(type, bits) {
    switch (type) {
    case 'i32': return Number(BigInt.asIntN(32, bits));
    case 'i64': return BigInt.asIntN(64, bits);
    case 'f32': scratch.setUint32(0, Number(bits), true); return scratch.getFloat32(0, true);
    case 'f64': scratch.setBigUint64(0, bits, true); return scratch.getFloat64(0, true);
    default: return null;   /* references are passed as null */
    }
}

function fnv1a(bytes) {
    let h = 2166136261;
    for (let i = 0; i < bytes.length; i++)
        h = Math.imul(h ^ bytes[i], 16777619);
    return h >>> 0;
}

// Runs `bytes` with `plan`, a list of [export index, [BigInt bits...]], and
// returns the output lines.
function run(bytes, plan) {
    const out = [];
    let mod;
    try {
        mod = new WebAssembly.Module(bytes);
    } catch (e) {
        return ['module invalid'];
    }
    out.push('module valid');
    const imports = {};
    for (const imp of WebAssembly.Module.imports(mod)) {
        if (imp.module !== 'fuzzing-support' || !imp.name.startsWith('log-') ||
            imp.kind !== 'function') {
            out.push('instantiate error');
            return out;
        }
        const params = imp.type.parameters;
        (imports[imp.module] ||= {})[imp.name] = (...args) => {
            out.push(['log', ...params.map((t, i) => formatValue(t, args[i]))].join(' '));
        };
    }
    let inst;
    try {
        inst = new WebAssembly.Instance(mod, imports);
    } catch (e) {
        if (e instanceof WebAssembly.LinkError) {
            out.push('instantiate error');
        } else {
            out.push('instantiate trap ' + trapWords(e));
        }
        return out;
    }
    out.push('instantiate ok');
    const exps = WebAssembly.Module.exports(mod);
    for (const [idx, bits] of plan) {
        const ex = exps[idx];
        const type = ex.type;
        const args = type.parameters.map((t, i) => argValue(t, bits[i] ?? 0n));
        out.push('call ' + ex.name);
        let r;
        try {
            r = inst.exports[ex.name](...args);
        } catch (e) {
            out.push('trap ' + trapWords(e));
            continue;
        }
        const rs = type.results.length === 1 ? [r] : type.results.length ? [...r] : [];
        out.push(['result', ...type.results.map((t, i) => formatValue(t, rs[i]))].join(' '));
    }
    for (const ex of exps) {
        const v = inst.exports[ex.name];
        if (ex.kind === 'memory') {
            const bytes = new Uint8Array(v.buffer);
            out.push(`memory ${ex.name} ${bytes.length / 65536} ${hex(fnv1a(bytes), 8)}`);
        } else if (ex.kind === 'global') {
            out.push(`global ${ex.name} ${formatValue(ex.type.value, v.value)}`);
        } else if (ex.kind === 'table') {
            out.push(`table ${ex.name} ${v.length}`);
        }
    }
    return out;
}

module.exports = { run };
