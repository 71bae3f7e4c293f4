// seed_tiers.js -- the corpus of the `tiers` target: modules binaryen
// generates, as the differential tester does (tests/difftest/difftest.js).
//
//   node fuzz/seed_tiers.js OUT_DIR [N]
//
// Tries N (default 150) cases: each is `wasm-opt --translate-to-fuzz` of
// random bytes derived from the case's number (256 to 4,351 of them), a
// third each with the difftest's features (WebAssembly 2.0 without SIMD
// and reference types), with SIMD added, and with reference types too. A
// module is kept when wabt's wasm-validate accepts it (binaryen 108 often
// writes anyref under reference types, which is not WebAssembly 2.0: kiln
// refuses it, so the target would not run it). The same binaryen writes
// the same files: fuzz/corpus/tiers/ is this script's output for the
// default N, 113 modules of 0.5 to 3.4 KB (174 KiB), regenerated rather than
// grown by merges so that it stays small and reproducible.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

const [out, count] = process.argv.slice(2);
if (!out) {
    console.error('usage: node fuzz/seed_tiers.js OUT_DIR [N]');
    process.exit(2);
}
const n = Number(count || 150);
fs.mkdirSync(out, { recursive: true });

const BASE = ['--mvp-features', '--enable-mutable-globals', '--enable-sign-ext',
              '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
              '--enable-multivalue'];
const FEATURES = [BASE, [...BASE, '--enable-simd'],
                  [...BASE, '--enable-simd', '--enable-reference-types']];

function bytesFor(label, len) {
    const chunks = [];
    for (let i = 0; i * 32 < len; i++)
        chunks.push(crypto.createHash('sha256').update(`${label}/${i}`).digest());
    return Buffer.concat(chunks).subarray(0, len);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-seed-tiers-'));
const input = path.join(tmp, 'input.bin');
let written = 0;
for (let c = 0; c < n; c++) {
    const len = 256 + bytesFor(`tiers-len/${c}`, 4).readUInt32LE(0) % 4096;
    fs.writeFileSync(input, bytesFor(`tiers/${c}`, len));
    const wasm = path.join(out, `ttf-${c}.wasm`);
    try {
        execFileSync('wasm-opt', [input, '-ttf', ...FEATURES[c % 3], '-o', wasm],
                     { stdio: 'ignore' });
        execFileSync('wasm-validate', [wasm], { stdio: 'ignore' });
        written++;
    } catch (e) {
        fs.rmSync(wasm, { force: true });
    }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`seed_tiers.js: ${written} modules in ${out}`);
