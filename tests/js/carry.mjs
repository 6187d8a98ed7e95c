// The runtime module as framework.js carries it: deflate-raw at zlib's level 9, then
// base64, in src/render/runtime.b64. `write` makes it from the module `make pkg` just
// built; `check` (run by `make test`) proves the committed text is exactly that module, so
// the bytes the CLI carries are the ones the current source builds; `assemble` writes
// www/pkg/runtime/runtime.js for the page: the driver (src/render/runtime.js) with the
// module in place of its placeholder, then the host module (src/render/host.js) after a
// marker line, as build.rs assembles it for the CLI (the renderer
// refuses any other text, so the two cannot differ unnoticed).
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const BUILT = 'www/pkg/runtime/framesmith_runtime.wasm';
const CARRIED = 'src/render/runtime.b64';
const mode = process.argv[2];

if (mode === 'assemble') {
  // Without comment lines, indentation and blank lines, as build.rs compacts it.
  const driver = readFileSync('src/render/runtime.js', 'utf8').split('\n').map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//')).join('\n') + '\n';
  const wasm = readFileSync(CARRIED, 'utf8').trim();
  const host = readFileSync('src/render/host.js', 'utf8');
  writeFileSync('www/pkg/runtime/runtime.js',
    driver.replace('"__RUNTIME_WASM__"', () => `"${wasm}"`) + '\n// ---- framesmith-host.js ----\n' + host);
} else if (mode === 'write') {
  const built = readFileSync(BUILT);
  const text = deflateRawSync(built, { level: 9 }).toString('base64');
  writeFileSync(CARRIED, text + '\n');
  console.log(`${CARRIED}: ${built.length} bytes of module, ${text.length} characters carried`);
} else if (mode === 'check') {
  const built = readFileSync(BUILT);
  const carried = inflateRawSync(Buffer.from(readFileSync(CARRIED, 'utf8').trim(), 'base64'));
  if (!carried.equals(built)) {
    console.error(`${CARRIED} is not the runtime module this source builds (${carried.length} bytes carried, ` +
      `${built.length} built). Run \`make runtime\` and commit ${CARRIED}.`);
    process.exit(1);
  }
  console.log(`${CARRIED} is the module this source builds (${built.length} bytes)`);
} else {
  console.error('usage: node tests/js/carry.mjs write|check|assemble');
  process.exit(2);
}
