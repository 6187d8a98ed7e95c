// The builder module's size, measured on the real build in www/pkg/ (`make pkg`).
// Run by `make test-js`. Figures go in BENCHMARKS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// The builder module's budget (issue 3), read the stricter way: a KB is 1000 bytes, and
// gzip is zlib's level 9 (GNU gzip -9 gives a few KB less).
const KB = 1000;
const MAX_RAW = 450 * KB;
const MAX_GZIP = 160 * KB;

test('builder module stays within its size budget', () => {
  const wasm = readFileSync(new URL('../../www/pkg/framesmith_bg.wasm', import.meta.url));
  const gz = gzipSync(wasm, { level: 9 }).length;
  console.log(`framesmith_bg.wasm: ${wasm.length} bytes raw, ${gz} gzipped (budget ${MAX_RAW} / ${MAX_GZIP})`);
  assert.ok(wasm.length <= MAX_RAW, `${wasm.length} bytes raw > ${MAX_RAW}`);
  assert.ok(gz <= MAX_GZIP, `${gz} bytes gzipped > ${MAX_GZIP}`);
});

test('the module was optimised and stripped of names', () => {
  const wasm = readFileSync(new URL('../../www/pkg/framesmith_bg.wasm', import.meta.url));
  const mod = new WebAssembly.Module(wasm);
  const custom = ['name', 'producers'].filter((s) => WebAssembly.Module.customSections(mod, s).length);
  assert.deepEqual(custom, [], 'wasm-bindgen --remove-name-section --remove-producers-section');
});
