// The modules' sizes, measured on the real builds in www/pkg/ (`make pkg`), and a
// framework.js carrying the runtime, built by the CLI.
// Run by `make test-js`. Figures go in BENCHMARKS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// The runtime module (issue 10), www/pkg/runtime/: the budget is 150 KB raw and 60 KB
// gzipped after wasm-opt. That is the plain module, which reads plain paths (names and
// [*]) and which every deployment with only such paths carries. A deployment with a filter,
// an index or `..` carries the full module instead (all of JSONPath and I-Regexp, loaded
// only by those deployments, and by the direct route's; the page's mapping preview is
// there too): it is held to a ceiling, and its framework.js to 100 KB gzipped like any
// other. The ceiling was 175 / 80 KB until issue 27 (choices, dial, the call log's update):
// the framework.js that carries it stays ~10 KB gzipped under its budget.
const RUNTIME_BUDGET = { raw: 150 * KB, gzip: 60 * KB };
const FULL_CEILING = { raw: 180 * KB, gzip: 82 * KB };

function runtimeModule(file, limit) {
  const wasm = readFileSync(new URL(`../../www/pkg/runtime/${file}`, import.meta.url));
  const gz = gzipSync(wasm, { level: 9 }).length;
  console.log(`${file}: ${wasm.length} bytes raw, ${gz} gzipped (at most ${limit.raw} / ${limit.gzip})`);
  assert.ok(wasm.length <= limit.raw, `${wasm.length} bytes raw > ${limit.raw}`);
  assert.ok(gz <= limit.gzip, `${gz} bytes gzipped > ${limit.gzip}`);
  const mod = new WebAssembly.Module(wasm);
  assert.deepEqual(['name', 'producers'].filter((s) => WebAssembly.Module.customSections(mod, s).length), []);
  // framework.js instantiates it with nothing but parseFloat and String(x): no wasm-bindgen glue.
  assert.deepEqual(WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}`).sort(), ['env.format_float', 'env.parse_float']);
}

test('the runtime module stays within its budget', () => runtimeModule('framesmith_runtime.wasm', RUNTIME_BUDGET));
test('the full runtime module stays under its ceiling', () => runtimeModule('framesmith_runtime_full.wasm', FULL_CEILING));

// A whole framework.js that pops, runtime included, is at most 100 KB gzipped: with the
// plain module, and with the full one.
function builtFrameworkJs(toml) {
  const out = mkdtempSync(join(tmpdir(), 'framesmith-size-'));
  try {
    const ws = join(out, 'workspace.toml');
    writeFileSync(ws, toml);
    execFileSync('target/debug/framesmith', ['build', ws, '--out', out]);
    return readFileSync(join(out, 'acme-dynamics', 'framework.js'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

test('a framework.js that carries the runtime stays within 100 KB gzipped', () => {
  const example = readFileSync('tests/fixtures/workspace.toml', 'utf8');
  const plain = readFileSync('src/runtime/runtime.b64', 'utf8').trim();
  const full = readFileSync('src/runtime/runtime-full.b64', 'utf8').trim();
  for (const [name, toml, carried] of [
    ['plain', example, plain],
    ['full', example.replace('records = "$.items[*]"', 'records = "$.items[?@.id]"'), full],
  ]) {
    const js = builtFrameworkJs(toml);
    const gz = gzipSync(js, { level: 9 }).length;
    console.log(`framework.js with the ${name} runtime module: ${js.length} bytes, ${gz} gzipped (budget ${100 * KB})`);
    assert.ok(js.includes(`var RUNTIME_WASM = "${carried}"`), `the example deployment carries the ${name} module`);
    assert.ok(gz <= 100 * KB, `${gz} bytes gzipped > ${100 * KB}`);
  }
});
