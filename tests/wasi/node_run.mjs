// node_run.mjs -- runs a WASI command under node's node:wasi, the reference
// kiln's results are compared with: kiln's options --dir HOST[::GUEST],
// --mapdir GUEST::HOST, --env NAME=VALUE and --argv0 NAME, then FILE ARGS.
// The exit status is the guest's. Run with `node --no-turbo-fast-api-calls`
// (node's WASI crashes on large memories otherwise).
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';

const preopens = {};
const env = {};
let argv0 = null;
const rest = process.argv.slice(2);
while (rest.length && rest[0].startsWith('--')) {
  const opt = rest.shift();
  const value = rest.shift();
  const sep = value.indexOf('::');
  if (opt === '--dir') {
    if (sep < 0) preopens[value] = value;
    else preopens[value.slice(sep + 2)] = value.slice(0, sep);
  } else if (opt === '--mapdir') {
    preopens[value.slice(0, sep)] = value.slice(sep + 2);
  } else if (opt === '--env') {
    const eq = value.indexOf('=');
    env[value.slice(0, eq)] = value.slice(eq + 1);
  } else if (opt === '--argv0') {
    argv0 = value;
  } else {
    console.error(`node_run: unknown option ${opt}`);
    process.exit(2);
  }
}
const file = rest.shift();
const wasi = new WASI({ version: 'preview1', args: [argv0 ?? file, ...rest], env,
                        preopens, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
