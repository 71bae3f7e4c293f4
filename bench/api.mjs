// api.js -- node's side of the call-overhead benchmark (bench/api.sh): the
// same module and measurements as bench/api.c, through V8's JS API.
//   node api.mjs FILE.wasm N
import fs from 'fs';
const [file, nArg] = process.argv.slice(2);
const n = Number(nArg);
const nop = () => {};
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)),
                                             { env: { nop } });
const now = () => Number(process.hrtime.bigint());
// Warm up, so that V8's tiers have compiled everything once.
for (let i = 0; i < 100000; i++) exports.empty();
exports.call_host(100000);
exports.loop(100000);
const t0 = now();
for (let i = 0; i < n; i++) exports.empty();
const t1 = now();
exports.call_host(n);
const t2 = now();
exports.loop(n);
const t3 = now();
console.log(`node host->wasm ${((t1 - t0) / n).toFixed(1)}`);
console.log(`node wasm->host ${(((t2 - t1) - (t3 - t2)) / n).toFixed(1)}`);
