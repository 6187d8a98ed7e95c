// The runtime modules as framework.js carries them: deflate-raw at zlib's level 9, then
// base64, in src/runtime/runtime.b64 (plain paths) and runtime-full.b64 (all of JSONPath and
// the direct route).
// `write` makes them from the modules `make pkg` just built; `check` (run by `make test`)
// proves the committed texts are exactly those modules, so the bytes the CLI carries are
// the ones the current source builds; `assemble` writes www/pkg/runtime/runtime.js for the
// page: the driver (src/runtime/driver/*.js, in name order) with the plain module in place of its
// placeholder, then the host module (src/runtime/host.js) and the full module, each after a
// marker line, as build.rs assembles it for the CLI (the renderer refuses any other text,
// so the two cannot differ unnoticed).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

// The plain runtime module, which most deployments carry, and the full one (all of
// JSONPath), which the renderer carries instead for a deployment whose paths need it.
const MODULES = [
  ['www/pkg/runtime/framesmith_runtime.wasm', 'src/runtime/runtime.b64'],
  ['www/pkg/runtime/framesmith_runtime_full.wasm', 'src/runtime/runtime-full.b64'],
];
const CARRIED = MODULES[0][1];
const mode = process.argv[2];

if (mode === 'assemble') {
  // Without comment lines, indentation and blank lines, as build.rs compacts it.
  // The driver's files in name order, joined as build.rs joins them.
  const parts = readdirSync('src/runtime/driver').filter((n) => n.endsWith('.js')).sort();
  const joined = parts.map((n) => readFileSync(`src/runtime/driver/${n}`, 'utf8')).join('');
  const driver = joined.split('\n').map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//')).join('\n') + '\n';
  const wasm = readFileSync(CARRIED, 'utf8').trim();
  const host = readFileSync('src/runtime/host.js', 'utf8');
  const full = readFileSync(MODULES[1][1], 'utf8').trim();
  writeFileSync('www/pkg/runtime/runtime.js',
    driver.replace('"__RUNTIME_WASM__"', () => `"${wasm}"`) + '\n// ---- framesmith-host.js ----\n' + host +
    '\n// ---- framesmith-runtime-full ----\n' + full + '\n');
} else if (mode === 'write') {
  for (const [built, carried] of MODULES) {
    const bytes = readFileSync(built);
    const text = deflateRawSync(bytes, { level: 9 }).toString('base64');
    writeFileSync(carried, text + '\n');
    console.log(`${carried}: ${bytes.length} bytes of module, ${text.length} characters carried`);
  }
} else if (mode === 'check') {
  let stale = false;
  for (const [built, carried] of MODULES) {
    const bytes = readFileSync(built);
    const held = inflateRawSync(Buffer.from(readFileSync(carried, 'utf8').trim(), 'base64'));
    if (!held.equals(bytes)) {
      console.error(`${carried} is not the runtime module this source builds (${held.length} bytes carried, ` +
        `${bytes.length} built). Run \`make runtime\` and commit ${carried}.`);
      stale = true;
    } else {
      console.log(`${carried} is the module this source builds (${bytes.length} bytes)`);
    }
  }
  if (stale) process.exit(1);
} else {
  console.error('usage: node tests/js/carry.mjs write|check|assemble');
  process.exit(2);
}
