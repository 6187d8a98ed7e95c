// `make bench`: every comparison BENCHMARKS.md shows, measured in one run on this machine,
// then the generated section of BENCHMARKS.md (between its two `make bench` markers)
// written again from the figures. The rest of that file is notes and history, kept by hand.
//
// The run, in order: the native benchmarks (criterion: check and render of the example,
// response mapping, the token state machine; tests/benches/scale.rs: growth at ×1, ×4, ×16),
// then in Chromium the runtime (cold start, event to pop, mapping against JSON.parse +
// jsonpath-plus and JSON.parse alone, the token storm, the simulator) and the page's
// per-keystroke validation, then the artifacts' sizes beside Amazon Connect Streams'
// minified bundle, fetched from npm at a pinned version and checked against its integrity.
// Each benchmark leaves its figures as JSON in target/bench/; nothing here times anything.
//
// `node tests/benches/run.mjs --report` writes BENCHMARKS.md again from target/bench/
// without measuring (after editing this file's tables).

import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const OUT = join(ROOT, 'target/bench');
const BENCHMARKS = join(ROOT, 'BENCHMARKS.md');
export const BEGIN = '<!-- make bench: generated from here; edits below this line are overwritten -->';
export const END = '<!-- make bench: generated up to here -->';

// The reference weight of a CRM softphone library: Amazon Connect Streams, the library a
// CRM embeds for Amazon's contact centre, as npm serves it.
const STREAMS = {
  name: 'amazon-connect-streams',
  version: '2.28.2',
  file: 'package/release/connect-streams-min.js',
  integrity: 'sha512-YbGgGBmva2f9bUJEy8e/QLDbOLKO0WdaTh7c1slVdExn961BMR+sCa2ObbCt0JfcZeAbIWgKqiTaNA8hEmjQ4g==',
};

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status ?? r.signal}`);
}

function measure() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // Criterion keeps every earlier run's estimates: only this run's may be read.
  rmSync(join(ROOT, 'target/criterion'), { recursive: true, force: true });
  const env = { FRAMESMITH_BENCH_OUT: OUT };
  run('cargo', ['bench', '--locked', '--profile', 'measure', '--bench', 'render', '--bench', 'mapping', '--bench', 'scale'], env);
  run('cargo', ['build', '--locked']);
  run('node_modules/.bin/playwright', ['test', '-c', 'tests/e2e/playwright.config.mjs'], { ...env, BENCH: '1' });
  writeFileSync(join(OUT, 'sizes.json'), JSON.stringify(sizes(), null, 1));
  writeFileSync(join(OUT, 'machine.json'), JSON.stringify(machine(), null, 1));
}

// ---- sizes

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const sized = (what, bytes, extra = {}) => ({ what, raw: bytes.length, gzip: gz(bytes), ...extra });

function frameworkJs(toml) {
  const dir = mkdtempSync(join(tmpdir(), 'framesmith-bench-'));
  try {
    writeFileSync(join(dir, 'workspace.toml'), toml);
    execFileSync(join(ROOT, 'target/debug/framesmith'), ['build', join(dir, 'workspace.toml'), '--out', dir]);
    return readFileSync(join(dir, 'acme-dynamics', 'framework.js'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function streams() {
  const dir = join(OUT, 'streams');
  mkdirSync(dir, { recursive: true });
  const tgz = join(dir, `${STREAMS.name}-${STREAMS.version}.tgz`);
  execFileSync('npm', ['pack', `${STREAMS.name}@${STREAMS.version}`, '--pack-destination', dir, '--silent'], { cwd: ROOT });
  const digest = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  if (digest !== STREAMS.integrity) throw new Error(`${tgz}: integrity ${digest}, expected ${STREAMS.integrity}`);
  execFileSync('tar', ['xzf', tgz, '-C', dir, STREAMS.file]);
  return readFileSync(join(dir, STREAMS.file));
}

function sizes() {
  const pkg = (f) => readFileSync(join(ROOT, 'www/pkg', f));
  const example = readFileSync(join(ROOT, 'tests/fixtures/workspace.toml'), 'utf8');
  const filtered = example.replace('records = "$.items[*]"', 'records = "$.items[?@.id]"');
  if (filtered === example) throw new Error('the example no longer has records = "$.items[*]"');
  return [
    sized('builder module (`www/pkg/framesmith_bg.wasm`), loaded by the page at start', pkg('framesmith_bg.wasm'), { budget: '450,000 / 160,000' }),
    sized('import module (`www/pkg/import/`, with oxc and lint), loaded on the first import', pkg('import/framesmith_bg.wasm')),
    sized('runtime module, plain JSONPath (`framesmith_runtime.wasm`), carried by framework.js', pkg('runtime/framesmith_runtime.wasm'), { budget: '150,000 / 60,000' }),
    sized('runtime module, all of RFC 9535 (`framesmith_runtime_full.wasm`), carried where a path needs it', pkg('runtime/framesmith_runtime_full.wasm'), { budget: '180,000 / 82,000' }),
    sized("framework.js of the example's popping deployment, runtime (plain) included", frameworkJs(example), { budget: '— / 100,000' }),
    sized('the same with a filter in `records` (full runtime)', frameworkJs(filtered), { budget: '— / 100,000' }),
    sized(`reference: Amazon Connect Streams ${STREAMS.version}, \`release/connect-streams-min.js\` (npm)`, streams(), { reference: true }),
  ];
}

function machine() {
  const first = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
    } catch {
      return 'unknown';
    }
  };
  return {
    date: new Date().toISOString().slice(0, 10),
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    rustc: first('rustc', ['--version']),
    node: process.version,
    chromium: first(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version']),
    commit: first('git', ['rev-parse', '--short', 'HEAD']) +
      (first('git', ['status', '--porcelain', '--untracked-files=no']) ? ' with uncommitted changes' : ''),
  };
}

// ---- criterion's estimates, by benchmark id

function criterion() {
  const byId = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (!statSync(p).isDirectory()) continue;
      if (name === 'new' && existsSync(join(p, 'benchmark.json'))) {
        const id = JSON.parse(readFileSync(join(p, 'benchmark.json'), 'utf8')).full_id;
        const est = JSON.parse(readFileSync(join(p, 'estimates.json'), 'utf8'));
        byId[id] = est.median.point_estimate / 1e6; // ms
      } else walk(p);
    }
  };
  const dir = join(ROOT, 'target/criterion');
  if (existsSync(dir)) walk(dir);
  return byId;
}

// ---- the report

const read = (name) => {
  const p = join(OUT, `${name}.json`);
  if (!existsSync(p)) throw new Error(`${p} missing: run make bench (the whole run)`);
  return JSON.parse(readFileSync(p, 'utf8'));
};
const int = (n) => Math.round(n).toLocaleString('en-US');
/** A time in ms with three significant figures, in µs below 1 ms. */
export function time(ms) {
  const sig = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  return ms >= 1000 ? `${sig(ms / 1000)} s` : ms >= 1 ? `${sig(ms)} ms` : `${sig(ms * 1000)} µs`;
}
const ratio = (a, b) => {
  const r = a / b;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
};

export function report(f) {
  const { machine: m, sizes: s, crit: c } = f;
  const need = (id) => {
    if (!(id in c)) throw new Error(`criterion has no estimate for "${id}": run make bench`);
    return c[id];
  };
  const lines = [];
  const p = (...l) => lines.push(...l);
  p(`Measured ${m.date} at commit ${m.commit}: ${m.cpus} × ${m.cpu}; ${m.rustc}; Node ${m.node}; ${m.chromium}, headless.`,
    'Medians (and p95 where a browser figure has one), every row from the same run.', '');

  p('### Artifact sizes', '',
    'KB = 1000 bytes; gzip is zlib level 9. framework.js is what an admin hosts for one deployment; Amazon',
    "Connect Streams' minified bundle is the reference weight of a library a CRM embeds for its softphone.", '',
    '| Artifact | Raw | gzip -9 | Budget (raw / gzip) |', '|---|---|---|---|');
  for (const x of s) p(`| ${x.what} | ${int(x.raw)} | ${int(x.gzip)} | ${x.budget ?? (x.reference ? 'reference' : 'none')} |`);
  const ref = s.find((x) => x.reference);
  const typical = s[4];
  p('', `A deployment's whole framework.js, runtime included, is ${ratio(ref.gzip, typical.gzip)} lighter gzipped than Streams' minified bundle alone (${ratio(ref.raw, typical.raw)} raw).`, '');

  const map = f.mapping;
  p('### Response mapping', '',
    '`records = "$.items[*]"` and four outputs per record. In Chromium: the full runtime module (where the',
    'preview\'s `map` is; plain paths take the code both modules share) through `www/runtime.js` (body in',
    'as bytes, records out as one JSON text, parsed by `JSON.parse`) against `JSON.parse` + jsonpath-plus',
    '11.3.0 and `JSON.parse` alone, medians of batches; natively: the general way (`datasource::page`,',
    'criterion), what the CLI uses.', '',
    '| Body | Records | Runtime module | JSON.parse + jsonpath-plus | JSON.parse alone | vs jsonpath-plus | vs JSON.parse (goal ≤ 3×) | Native, general way |',
    '|---|---|---|---|---|---|---|---|');
  const label = { [2 * 1024]: '2 KiB', [100 * 1024]: '100 KiB', [1024 * 1024]: '1 MiB' };
  for (const x of map) {
    const l = label[x.size];
    p(`| ${l} | ${int(x.records)} | ${time(x.runtime)} | ${time(x.plus)} | ${time(x.parse)} | ${ratio(x.plus, x.runtime)} faster | ${ratio(x.runtime, x.parse)} | ${time(need(`map response/${l}`))} |`);
  }
  p('');

  const lat = f.latency;
  const sim = f.simulator;
  const storm = f.storm;
  const tokens = need('token state machine/10,000 waiters, one refresh');
  p('### Latency and the token storm', '',
    '| What | Median | p95 | Goal |', '|---|---|---|---|',
    `| cold start in Chromium: \`framesmith:load\` to \`framesmith:ready\` (base64, inflate, compile, instantiate, configure), ${lat.coldStart.n} fresh softphones | ${time(lat.coldStart.median)} | ${time(lat.coldStart.p95)} | under 15 ms |`,
    `| event to pop, host route, ${int(lat.eventToPop.n)} calls one after another, CRM answered by request interception | ${time(lat.eventToPop.median)} | ${time(lat.eventToPop.p95)} | |`,
    `| event to pop in the simulator against the demo CRM of \`framesmith serve\` on loopback, ${int(sim.eventToPop.n)} calls, each once the last pop's CRM page has loaded | ${time(sim.eventToPop.median)} | ${time(sim.eventToPop.p95)} | |`,
    `| token storm in Chromium: ${storm.n} lookups (the session's cap in flight) waiting on one CRM sign-in, then released, through the runtime module | ${time(storm.median)} (${int(storm.n / storm.median * 1000)} lookups/s) | ${time(storm.p95)} | one refresh, every lookup released (asserted) |`,
    `| token state machine alone, native: 10,000 lookups waiting on an expired token, one refresh, every lookup served | ${time(tokens)} (${int(10_000 / tokens * 1000)} lookups/s) | | one refresh (asserted) |`, '');

  const hand = f.popVsHand;
  const x2 = (a, b) => `${(a / b).toFixed(2)}×`;
  const later = (d) => (d >= 0 ? `${time(d)} later` : `${time(-d)} earlier`);
  p('### The pop beside a hand-written one', '',
    'The same harness and run: the softphone at `https://apps.mypurecloud.ie`, the CRM page at its origin,',
    'the CRM API answered the same way by request interception. "Hand-written" is what integrators write',
    'today without framesmith, plainly, as Genesys\' example does it: a framework.js that posts each',
    'interaction to the CRM page, and a page script that fetches the lookup, parses it, picks the record and',
    'opens it. framesmith does more on the way (normalisation, one pop across tabs, paging, tokens). Warm:',
    `${int(hand.framesmith.warm.n)} calls one after another; cold: the first call, fired as soon as framework.js has`,
    `set up, in ${hand.framesmith.cold.n} fresh pages (framesmith's includes loading its module).`, '',
    '| What | framesmith median | p95 | hand-written median | p95 | framesmith / hand-written | Goal |',
    '|---|---|---|---|---|---|---|',
    `| event to pop, host route, warm | ${time(hand.framesmith.warm.median)} | ${time(hand.framesmith.warm.p95)} | ${time(hand.hand.warm.median)} | ${time(hand.hand.warm.p95)} | ${x2(hand.framesmith.warm.median, hand.hand.warm.median)} | at most 1.2× (issue 26) |`,
    `| event to pop, first call after load | ${time(hand.framesmith.cold.median)} | ${time(hand.framesmith.cold.p95)} | ${time(hand.hand.cold.median)} | ${time(hand.hand.cold.p95)} | ${later(hand.framesmith.cold.median - hand.hand.cold.median)} | at most 15 ms later (issue 26) |`, '');

  const k = f.keystroke;
  const checkTwo = need('check example (JSON value, 2 deployments)');
  const both = need('check + render all (2 deployments)');
  p('### Check and render', '',
    'Natively (criterion, release build) on the example workspace (two deployments), and in Chromium',
    'through the builder module on the example grown to 5 deployments (every private slot) and 20.', '',
    '| What | Median | p95 | Per deployment | Goal |', '|---|---|---|---|---|',
    `| native: parse TOML text + check | ${time(need('parse+check example (TOML text, 2 deployments)'))} | | ${time(need('parse+check example (TOML text, 2 deployments)') / 2)} | |`,
    `| native: check (JSON value, as the page does) | ${time(checkTwo)} | | ${time(checkTwo / 2)} | |`,
    `| native: render one framework.js | ${time(need('render framework.js (1 deployment)'))} | | ${time(need('render framework.js (1 deployment)'))} | |`,
    `| native: check + render every deployment | ${time(both)} | | ${time(both / 2)} | under 1 ms per deployment |`,
    `| Chromium: a full \`check()\` of a 5-deployment org | ${time(k.checkFive.median)} | ${time(k.checkFive.p95)} | ${time(k.checkFive.median / 5)} | |`,
    `| Chromium: a full \`check()\` of a ${k.deployments}-deployment org | ${time(k.check.median)} | ${time(k.check.p95)} | ${time(k.check.median / k.deployments)} | |`,
    `| Chromium: the page's check of a one-field edit (\`checkEdited\`), 5 deployments | ${time(k.editedFive.median)} | ${time(k.editedFive.p95)} | | |`,
    `| Chromium: the same, ${k.deployments} deployments | ${time(k.editedTwenty.median)} | ${time(k.editedTwenty.p95)} | | 0.5 ms (issue 26) |`,
    `| Chromium: \`preview()\` of one deployment of ${k.deployments}, on the frame after the keystroke | ${time(k.preview.median)} | ${time(k.preview.p95)} | | |`,
    `| Chromium: the page's whole keystroke handler on the example (check, findings beside fields, list; the preview on the next frame) | ${time(k.keystroke.median)} | ${time(k.keystroke.p95)} | | under 2 ms |`,
    `| Chromium: the same on the org of 5 deployments | ${time(k.keystrokeFive.median)} | ${time(k.keystrokeFive.p95)} | ${time(k.keystrokeFive.median / 5)} | 1 ms (issue 26) |`,
    `| Chromium: the same on the org of ${k.deployments} deployments | ${time(k.keystrokeTwenty.median)} | ${time(k.keystrokeTwenty.p95)} | ${time(k.keystrokeTwenty.median / k.deployments)} | 2 ms (issue 26) |`, '');

  p('### Growth with the input', '',
    "Check, import and render at ×1, ×4 and ×16 of each input (tests/benches/scale.rs, median of five).",
    'Linear cost multiplies by about 16 from the first column to the last; the square would by 256.',
    '`tests/linear.rs` holds the same series to linear growth in `make test` by counting allocations.', '',
    '| What | ×1 | ×4 | ×16 | ×16 / ×1 |', '|---|---|---|---|---|');
  for (const r of f.scale) {
    const cells = r.cells.map((x) => `${int(x.n)} ${r.unit}: ${time(x.ms)}`);
    p(`| ${r.what} | ${cells.join(' | ')} | ${(r.cells[2].ms / r.cells[0].ms).toFixed(1)} |`);
  }
  return lines.join('\n');
}

export function splice(text, generated) {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`BENCHMARKS.md lacks the markers:\n${BEGIN}\n${END}`);
  return `${text.slice(0, a + BEGIN.length)}\n${generated}\n${text.slice(b)}`;
}

function figures() {
  return {
    machine: read('machine'), sizes: read('sizes'), crit: criterion(), scale: read('scale'),
    mapping: read('runtime-mapping'), latency: read('runtime-latency'), storm: read('runtime-storm'),
    simulator: read('simulator-latency'), keystroke: read('keystroke'), popVsHand: read('pop-vs-hand'),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv.includes('--report')) measure();
  const text = splice(readFileSync(BENCHMARKS, 'utf8'), report(figures()));
  writeFileSync(BENCHMARKS, text);
  console.log(`\nBENCHMARKS.md written from ${OUT}`);
}
