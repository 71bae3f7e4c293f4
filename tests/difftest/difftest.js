// difftest.js -- differential testing three ways: kiln's JIT, kiln's
// interpreter and V8, on modules binaryen generates.
//
//   node --experimental-wasm-type-reflection tests/difftest/difftest.js \
//        --kiln build/difftest-kiln [--n 1000] [--seed 1] [--jobs 2] [--out DIR]
//        [--tiers jit,interp] [--verbose 1]
//   (tests/difftest/run.sh runs it in node 26 where tests/setup.sh installed
//   it; --verbose 1 also reports and saves the cases explained below)
//
// Case c (c = seed .. seed+n-1): random bytes derived from c become a valid
// module through binaryen's `wasm-opt --translate-to-fuzz` (WebAssembly 2.0
// without SIMD). The module runs on each of kiln's --tiers (kiln_driver.c;
// default jit,interp on x86-64, interp elsewhere, aotN when
// KILN_DIFFTEST_AOT=N) and on V8 (v8_run.js, in this process) with one
// plan: every exported function in export order, each after binaryen's
// hangLimitInitializer (its modules count loop iterations and calls
// against a global and trap when it runs out, so every call ends), with
// arguments derived from c. Each engine prints logged values, results,
// traps, final memories and globals; kiln's tiers also print the details
// V8 cannot show (NaN bits, trap messages and backtraces, every memory,
// global and table of the instance).
//
// kiln's tiers must print the same, bit for bit (up to the exhaustion of
// the stack, below; --denan never excuses a difference between them); each
// must print what V8 prints, up to what the spec leaves open:
//
//   nan-bits     a NaN's sign and payload (spec 4.3.3): kiln's NaNs are
//                compared with V8's as `nan`; when the outputs still
//                differ, the module is rerun with binaryen's --denan
//                (every NaN made 0 at run time) and the case counts as
//                explained when all then agree (this would also hide a
//                wrong NaN from a bit-exact operation, neg, abs, copysign
//                or reinterpret, which the spec's own scripts check bit for
//                bit, and which kiln's tiers are compared on here);
//   exhaustion   the depth at which the call stack is exhausted (an
//                implementation limit, spec appendix A.2): two outputs are
//                compared up to the call that exhausted it on either side
//                (between kiln's tiers too: the JIT's calls also take C
//                stack);
//   trap words   some V8 messages stand for several of the spec's traps
//                (one for a null table entry and a signature mismatch in
//                call_indirect, one for a NaN and an out-of-range float
//                converted to an integer, one for an undefined element and
//                a table access out of bounds): kiln's trap must be one of
//                them (v8_run.js V8_TRAPS, sameLine());
//   generator    binaryen 108's reference-types mode writes types outside
//                WebAssembly 2.0 (anyref) most of the time. kiln refuses
//                such a module; node 20 refuses it too, node 26 accepts it
//                (they are types of the GC proposal, which it has), so
//                wabt's wasm-validate, which knows 2.0 and not GC, must
//                refuse it as well. The case is then generated again
//                without reference types.
//
// Anything else is a disagreement: the case is saved in --out (input
// bytes, module, every engine's output) and the run fails.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');
const { run: v8Run } = require('./v8_run.js');

const FEATURES = ['--mvp-features', '--enable-mutable-globals', '--enable-sign-ext',
                  '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
                  '--enable-multivalue'];

function parseArgs(argv) {
    const aot = process.env.KILN_DIFFTEST_AOT;
    const o = { n: 1000, seed: 1, jobs: os.cpus().length, out: 'build/difftest', kiln: null,
                verbose: 0,
                tiers: aot ? `aot${aot}` : process.arch === 'x64' ? 'jit,interp' : 'interp' };
    for (let i = 0; i < argv.length; i += 2) {
        const k = argv[i].replace(/^--/, ''), v = argv[i + 1];
        if (!(k in o) || v === undefined) {
            console.error(`difftest.js: bad option ${argv[i]}`);
            process.exit(2);
        }
        o[k] = typeof o[k] === 'number' ? Number(v) : v;
    }
    if (!o.kiln) {
        console.error('difftest.js: --kiln PATH (the difftest-kiln driver) is required');
        process.exit(2);
    }
    o.tiers = o.tiers.split(',');
    return o;
}

// Deterministic bytes for a label: SHA-256 in counter mode.
function bytesFor(label, n) {
    const chunks = [];
    for (let i = 0; i * 32 < n; i++)
        chunks.push(crypto.createHash('sha256').update(`${label}/${i}`).digest());
    return Buffer.concat(chunks).subarray(0, n);
}

// Runs a command; resolves to {code, signal, stdout, stderr}. A command
// still running after a minute is killed: generated modules end quickly.
function exec(cmd, args, input) {
    return new Promise((resolve) => {
        const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
        const out = [], err = [];
        const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
        p.stdout.on('data', (d) => out.push(d));
        p.stderr.on('data', (d) => err.push(d));
        p.on('close', (code, signal) => clearTimeout(timer) || resolve({
            code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(),
        }));
        p.on('error', (e) => clearTimeout(timer) || resolve({
            code: -1, signal: null, stdout: '', stderr: String(e),
        }));
        p.stdin.on('error', () => {});   // the child may exit without reading
        p.stdin.end(input || '');
    });
}

// An argument's bit pattern: often a boundary value, else random bits.
// NaNs are avoided: JS does not carry a NaN's payload into wasm.
const SPECIAL = {
    i32: [0n, 1n, 0xffffffffn, 0x80000000n, 0x7fffffffn],
    i64: [0n, 1n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn],
    f32: [0n, 0x80000000n, 0x3f800000n, 0xbf800000n, 0x7f800000n, 0xff800000n, 0x4f000000n],
    f64: [0n, 0x8000000000000000n, 0x3ff0000000000000n, 0x7ff0000000000000n,
          0x43e0000000000000n, 0x41e0000000000000n],
};

function argBits(type, rnd) {
    const pick = rnd.readUInt32LE(0), bits = rnd.readBigUInt64LE(4);
    const special = SPECIAL[type];
    if (!special) return 0n;
    if (pick % 2 === 0) return special[(pick >>> 1) % special.length];
    if (type === 'i32') return bits & 0xffffffffn;
    if (type === 'f32') {
        const b = bits & 0xffffffffn;
        return (b & 0x7f800000n) === 0x7f800000n && (b & 0x7fffffn) ? 0x3fc00000n : b;
    }
    if (type === 'f64' && (bits & 0x7ff0000000000000n) === 0x7ff0000000000000n &&
        (bits & 0xfffffffffffffn))
        return 0x3ff8000000000000n;
    return bits;
}

// The plan of a module: [export index, [bits...]] for every exported function,
// each preceded by a call of hangLimitInitializer when the module has one.
function makePlan(bytes, c) {
    let exps;
    try {
        exps = WebAssembly.Module.exports(new WebAssembly.Module(bytes));
    } catch (e) {
        return [];
    }
    const plan = [];
    const hang = exps.findIndex((e) => e.name === 'hangLimitInitializer' && e.kind === 'function');
    exps.forEach((e, idx) => {
        if (e.kind !== 'function') return;
        if (hang >= 0) plan.push([hang, []]);
        const params = e.type.parameters;
        plan.push([idx, params.map((t, i) => argBits(t, bytesFor(`args/${c}/${idx}/${i}`, 12)))]);
    });
    return plan;
}

function planText(plan) {
    return plan.map(([idx, bits]) => [idx, ...bits.map((b) => b.toString(16))].join(' ')).join('\n') + '\n';
}

// Whether kiln's output line `k` says what V8's line `v` says: equal, or a
// trap of kiln among the alternatives V8's one message stands for.
function sameLine(k, v) {
    if (k === v) return true;
    const km = /^((?:instantiate )?trap) (.*)$/.exec(k), vm = /^((?:instantiate )?trap) (.*)$/.exec(v);
    return !!(km && vm && km[1] === vm[1] && vm[2].split('|').includes(km[2]));
}

// What of kiln's output V8 can say too: no detail lines, NaNs without bits.
function forV8(lines) {
    return lines.filter((l) => !l.startsWith('#')).map((l) => l.replace(/:nan:[0-9a-f]+/g, ':nan'));
}

// Cuts both outputs before the call in which either exhausted the stack.
function cutAtExhaustion(a, b) {
    const callOf = (lines) => {
        let calls = -1;
        for (const l of lines) {
            if (l.startsWith('call ')) calls++;
            if (/^trap call stack exhausted$/.test(l)) return calls;
        }
        return Infinity;
    };
    const n = Math.min(callOf(a), callOf(b));
    if (n === Infinity) return null;
    const cut = (lines) => {
        let calls = -1;
        const i = lines.findIndex((l) => l.startsWith('call ') && ++calls === n);
        return i < 0 ? lines : lines.slice(0, i);
    };
    return [cut(a), cut(b)];
}

function firstDifference(a, b, same, names) {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
        if (a[i] === undefined || b[i] === undefined || !same(a[i], b[i]))
            return `line ${i + 1}: ${names[0]} "${a[i] ?? '(end)'}", ${names[1]} "${b[i] ?? '(end)'}"`;
    return null;
}

// Compares two outputs: null when they agree, else {exhaustion, diff}
// (diff null when they agree up to the exhaustion of the stack).
function compare(a, b, same, names) {
    let diff = firstDifference(a, b, same, names);
    if (!diff) return null;
    const cut = cutAtExhaustion(a, b);
    if (cut) diff = firstDifference(cut[0], cut[1], same, names);
    return { exhaustion: !!cut, diff };
}

// The outputs of one module on every engine: {kiln: {tier: lines}, v8,
// ran, compiled} (ran, compiled: functions that ran on the first tier, and
// how many of them in machine code).
async function runAll(o, wasmPath, c) {
    const bytes = fs.readFileSync(wasmPath);
    const plan = makePlan(bytes, c), text = planText(plan);
    const runs = await Promise.all(o.tiers.map((t) => exec(o.kiln, [t, wasmPath], text)));
    const kiln = {};
    let ran = 0, compiled = 0;
    runs.forEach((k, i) => {
        const lines = k.stdout.split('\n').filter((l) => l !== '');
        if (k.signal || k.code !== 0)
            lines.push(`kiln exited with ${k.signal || k.code}: ${k.stderr.trim()}`);
        kiln[o.tiers[i]] = lines;
        const m = i === 0 && /ran (\d+) functions, (\d+) compiled\s*$/.exec(k.stderr);
        if (m) [ran, compiled] = [Number(m[1]), Number(m[2])];
    });
    return { kiln, v8: v8Run(bytes, plan), ran, compiled };
}

// Every pair of engines compared: kiln's tiers with the first of them, bit
// for bit, and each with V8. Returns {exhaustion, diff, tiers}: whether a
// stack exhaustion was cut at, the first unexplained difference (or null),
// and whether that difference is between kiln's tiers (which nothing
// explains, --denan included: their NaNs must be the same bits).
function compareAll(o, r) {
    const out = { exhaustion: false, diff: null, tiers: false };
    const note = (d) => {
        if (!d) return;
        out.exhaustion ||= d.exhaustion;
        out.diff ||= d.diff;
    };
    const [first, ...rest] = o.tiers;
    for (const t of rest)
        note(compare(r.kiln[first], r.kiln[t], (x, y) => x === y, [`kiln ${first}`, `kiln ${t}`]));
    out.tiers = !!out.diff;
    for (const t of o.tiers)
        note(compare(forV8(r.kiln[t]), r.v8, sameLine, [`kiln ${t}`, 'v8']));
    return out;
}

// Whether wabt's wasm-validate refuses the module (binaryen's non-standard
// output under reference types).
async function wabtRefuses(wasm) {
    const r = await exec('wasm-validate', [wasm]);
    return r.code === 1;
}

async function wasmOpt(args) {
    const r = await exec('wasm-opt', args);
    return r.code === 0;
}

// One case; returns its outcome: {category, detail, regenerated, ran, compiled}.
async function runCase(o, c, tmp) {
    const dir = fs.mkdtempSync(path.join(tmp, `c${c}-`));
    const input = path.join(dir, 'input.bin'), wasm = path.join(dir, 'module.wasm');
    const len = 256 + bytesFor(`len/${c}`, 4).readUInt32LE(0) % 16384;
    fs.writeFileSync(input, bytesFor(`input/${c}`, len));
    const outcome = { category: 'agreed', refTypes: true, regenerated: false, detail: null, dir,
                      ran: 0, compiled: 0 };
    const save = (r) => {
        for (const t of o.tiers)
            fs.writeFileSync(path.join(dir, `kiln-${t}.txt`), r.kiln[t].join('\n') + '\n');
        fs.writeFileSync(path.join(dir, 'v8.txt'), r.v8.join('\n') + '\n');
    };
    const valid = (lines) => lines[0] !== 'module invalid';
    const kilnValid = (r) => o.tiers.map((t) => valid(r.kiln[t]));

    // Reference types first; binaryen 108 often writes anyref there.
    if (!await wasmOpt([input, '-ttf', ...FEATURES, '--enable-reference-types', '-o', wasm]))
        return { ...outcome, category: 'generator failed' };
    let r = await runAll(o, wasm, c);
    if (!kilnValid(r).some((v) => v)) {
        if (valid(r.v8) && !await wabtRefuses(wasm)) {
            save(r);
            return { ...outcome, category: 'disagreement',
                     detail: 'kiln refuses a module V8 and wabt accept' };
        }
        outcome.refTypes = false;
        outcome.regenerated = true;
        if (!await wasmOpt([input, '-ttf', ...FEATURES, '-o', wasm]))
            return { ...outcome, category: 'generator failed' };
        r = await runAll(o, wasm, c);
    }
    const validity = [...kilnValid(r), valid(r.v8)];
    if (validity.every((v) => !v))
        return { ...outcome, category: 'refused by both' };
    outcome.ran = r.ran;
    outcome.compiled = r.compiled;
    if (validity.some((v) => !v)) {
        save(r);
        return { ...outcome, category: 'disagreement',
                 detail: `valid on ${[...o.tiers, 'v8'].filter((t, i) => validity[i]).join(', ')} only` };
    }
    const cmp = compareAll(o, r);
    if (!cmp.diff) return { ...outcome, category: cmp.exhaustion ? 'exhaustion' : 'agreed' };
    if (cmp.tiers) {
        save(r);
        return { ...outcome, category: 'disagreement', detail: cmp.diff };
    }

    // Rerun with NaNs replaced by 0 at run time.
    const denan = path.join(dir, 'module.denan.wasm');
    const features = outcome.refTypes ? [...FEATURES, '--enable-reference-types'] : FEATURES;
    if (await wasmOpt([wasm, '--denan', ...features, '-o', denan])) {
        const cmp2 = compareAll(o, await runAll(o, denan, c));
        if (!cmp2.diff)
            return { ...outcome, detail: cmp.diff,
                     category: cmp.exhaustion || cmp2.exhaustion ? 'nan-bits+exhaustion' : 'nan-bits' };
    }
    save(r);
    return { ...outcome, category: 'disagreement', detail: cmp.diff };
}

async function main() {
    const o = parseArgs(process.argv.slice(2));
    fs.mkdirSync(o.out, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-difftest-'));
    const counts = {};
    let refTypes = 0, regenerated = 0, ran = 0, compiled = 0, next = o.seed, failures = 0;
    const end = o.seed + o.n;
    const worker = async () => {
        while (next < end) {
            const c = next++;
            const r = await runCase(o, c, tmp);
            counts[r.category] = (counts[r.category] || 0) + 1;
            if (r.refTypes) refTypes++;
            if (r.regenerated) regenerated++;
            ran += r.ran;
            compiled += r.compiled;
            const failure = r.category === 'disagreement' || r.category === 'generator failed';
            if (failure) failures++;
            if (failure || (o.verbose && r.category !== 'agreed')) {
                const keep = path.join(o.out, `case-${c}`);
                fs.rmSync(keep, { recursive: true, force: true });
                fs.cpSync(r.dir, keep, { recursive: true });
                console.log(`case ${c}: ${r.category}: ${r.detail || ''} (saved in ${keep})`);
            }
            fs.rmSync(r.dir, { recursive: true, force: true });
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, worker));
    fs.rmSync(tmp, { recursive: true, force: true });
    const summary = Object.entries(counts).sort().map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`difftest: ${o.n} cases from seed ${o.seed}, kiln ${o.tiers.join(' and ')} ` +
                `against V8 (node ${process.version}): ${summary}`);
    console.log(`  ${refTypes} with reference types, ${regenerated} generated again without them; ` +
                `${ran} functions ran on kiln ${o.tiers[0]}, ${compiled} of them compiled`);
    console.log(`${o.n - failures} passed, ${failures} failed`);
    process.exit(failures ? 1 : 0);
}

if (require.main === module)
    main();
else
    module.exports = { makePlan, planText };   // for investigating a case by hand
