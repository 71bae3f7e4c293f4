// seed.js -- builds the fuzz targets' seed inputs from the spec test suite.
//
//   node fuzz/seed.js TESTSUITE_DIR OUT_DIR
//
// Writes OUT_DIR/decode/ and OUT_DIR/run/ (every binary module of every
// .wast script, as wabt's wast2json extracts them, the invalid and
// malformed ones included) and OUT_DIR/wat/ (the text of every `(module ...)`
// form, found by a small s-expression scan). fuzz/run.sh -merge then keeps
// the inputs that add coverage; the result is committed as fuzz/corpus/.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const [suite, out] = process.argv.slice(2);
if (!suite || !out) {
    console.error('usage: node fuzz/seed.js TESTSUITE_DIR OUT_DIR');
    process.exit(2);
}
for (const t of ['decode', 'run', 'wat'])
    fs.mkdirSync(path.join(out, t), { recursive: true });

// The (module ...) forms of a script, at any depth (assert_invalid nests
// them), skipping `module binary` and `module quote`. Strings and both
// kinds of comment are stepped over so their parentheses do not count.
function textModules(src) {
    const found = [];
    const open = [];   // start offsets of the open forms that are modules, or -1
    for (let i = 0; i < src.length; i++) {
        const c = src[i];
        if (c === '"') {
            for (i++; i < src.length && src[i] !== '"'; i++)
                if (src[i] === '\\') i++;
        } else if (c === ';' && src[i + 1] === ';') {
            while (i < src.length && src[i] !== '\n') i++;
        } else if (c === '(' && src[i + 1] === ';') {
            let depth = 1;
            for (i += 2; i < src.length && depth > 0; i++) {
                if (src[i] === '(' && src[i + 1] === ';') { depth++; i++; }
                else if (src[i] === ';' && src[i + 1] === ')') { depth--; i++; }
            }
            i--;
        } else if (c === '(') {
            const m = /^\(module(\s+\$\S+)?\s*(\S*)/.exec(src.slice(i, i + 200));
            const isText = m && m[2] !== 'binary' && m[2] !== 'quote';
            open.push(isText ? i : -1);
        } else if (c === ')') {
            const start = open.pop();
            if (start !== undefined && start >= 0)
                found.push(src.slice(start, i + 1));
        }
    }
    return found;
}

let nbin = 0, ntext = 0;
const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'kiln-seed-'));
for (const f of fs.readdirSync(suite).filter((f) => f.endsWith('.wast')).sort()) {
    const base = path.basename(f, '.wast');
    const src = fs.readFileSync(path.join(suite, f), 'utf8');
    textModules(src).forEach((text, i) => {
        fs.writeFileSync(path.join(out, 'wat', `${base}.${i}.wat`), text);
        ntext++;
    });
    const dir = path.join(tmp, base);
    fs.mkdirSync(dir);
    try {
        execFileSync('wast2json', ['--enable-all', path.join(suite, f), '-o',
                                   path.join(dir, base + '.json')], { stdio: 'ignore' });
    } catch (e) {
        // wabt refuses a few scripts of newer proposals; their text seeds remain
    }
    for (const w of fs.readdirSync(dir).filter((w) => w.endsWith('.wasm'))) {
        for (const t of ['decode', 'run'])
            fs.copyFileSync(path.join(dir, w), path.join(out, t, w));
        nbin++;
    }
}
fs.rmSync(tmp, { recursive: true });
console.log(`${nbin} binary modules, ${ntext} text modules`);
