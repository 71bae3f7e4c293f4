// node-wasi.mjs -- runs a WASI command on node's node:wasi (V8), for
// bench/run.sh: `node --no-warnings --no-turbo-fast-api-calls
// bench/node-wasi.mjs PROG.wasm [ARGS...]`. The module sees PROG.wasm as
// argv[0]; its exit code becomes node's.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {},
                        returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
