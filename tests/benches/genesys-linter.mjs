// framesmith lint beside the Genesys-authored linter (embeddable-framework-linter 1.2.1),
// on the same files: `make bench-lint GENESYS_LINTER=<its checkout>`. Its source is on
// GitHub only (not on npm), so it is built here from a checkout given by the caller, with
// its own pinned dependencies (ts-morph 15.1, typescript 4.7) in a folder of its own; without
// one, framesmith's side is measured alone and the report says so. Prints a Markdown table
// for BENCHMARKS.md, and checks that the linter still says what
// tests/fixtures/lint/genesys/genesys-linter.json records.
//
// Measured per file, as admins run them: a whole command (process start to exit), median of
// RUNS, and its peak memory (GNU time's maximum resident set size), less what starting any
// command costs this harness (`/bin/true` measured the same way); and warm, inside one
// process: the Genesys linter's own rules over ts-morph's source file, against framesmith
// lint given the file WARM times in one command (the difference from one time, per file).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const FRAMESMITH = join(ROOT, 'target/release/framesmith');
const DIR = join(ROOT, 'tests/fixtures/lint/genesys');
const RUNS = Number(process.env.RUNS || 15);
const WARM = 400;
const TIME = '/usr/bin/time';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function build(checkout) {
  const work = join(ROOT, 'target/genesys-linter');
  if (!existsSync(join(work, 'dist/index.js'))) {
    mkdirSync(work, { recursive: true });
    cpSync(join(checkout, 'src'), join(work, 'src'), { recursive: true });
    cpSync(join(checkout, 'tsconfig.json'), join(work, 'tsconfig.json'));
    writeFileSync(join(work, 'package.json'), JSON.stringify({ private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save',
      'ts-morph@15.1.0', 'chalk@4.1.2', '@types/node@18', 'typescript@4.7'], { cwd: work, stdio: 'inherit' });
    execFileSync(join(work, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: work, stdio: 'inherit' });
  }
  return work;
}

/** Median milliseconds and peak kilobytes of `cmd args` over RUNS runs. */
function command(cmd, args) {
  const times = [];
  let peak = 0;
  let output = '';
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(TIME, ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(performance.now() - t0);
    const kb = Number((r.stderr.trim().split('\n').pop() || '0').trim());
    peak = Math.max(peak, kb);
    output = r.stdout + r.stderr;
  }
  return { ms: median(times), kb: peak, output };
}

/** The Genesys linter's rules, warm, inside this process: median milliseconds per file. */
function warm(work, files) {
  const require = createRequire(join(work, 'package.json'));
  const { Project } = require('ts-morph');
  const cases = require(join(work, 'dist/test-cases.js')).default;
  const out = {};
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const project = new Project({ useInMemoryFileSystem: true });
      const source = project.createSourceFile('file.js', text);
      try {
        for (const c of cases) c(text, source);
      } catch {
        // The one-argument postMessage: it throws, as its command does.
      }
      times.push(performance.now() - t0);
    }
    out[f] = median(times);
  }
  return out;
}

function lines(output) {
  if (/TypeError|Error:/.test(output) && !/Found|No errors/.test(output)) return 'crash';
  return [...output.matchAll(/Line (\d+):/g)].map((m) => Number(m[1]));
}

const checkout = process.env.GENESYS_LINTER;
const files = readdirSync(DIR).filter((f) => f.endsWith('.js')).sort().map((f) => join(DIR, f));
const expected = JSON.parse(readFileSync(join(DIR, 'genesys-linter.json'), 'utf8')).files;
const big = process.env.BIG_FILE;
const rows = [];
let work = null;
if (checkout && existsSync(join(checkout, 'src/test-cases.ts'))) {
  work = build(checkout);
} else {
  console.error('GENESYS_LINTER is not a checkout of embeddable-framework-linter: measuring framesmith alone');
}
const warmTimes = work ? warm(work, files) : {};
const spawnCost = command('/bin/true', []).ms;
/** framesmith lint's own time per file, in one process: `lint f f f ...` against `lint f`. */
function oursWarm(f) {
  const many = command(FRAMESMITH, ['lint', '--format', 'json', ...Array(WARM).fill(f)]).ms;
  const one = command(FRAMESMITH, ['lint', '--format', 'json', f]).ms;
  return Math.max(0, (many - one) / (WARM - 1));
}
let mismatches = 0;
for (const f of files) {
  const name = f.slice(DIR.length + 1);
  const ours = command(FRAMESMITH, ['lint', f]);
  ours.ms -= spawnCost;
  const row = { name, ours, oursWarm: oursWarm(f) };
  if (work) {
    row.theirs = command('node', [join(work, 'dist/index.js'), f]);
    row.theirs.ms -= spawnCost;
    row.warm = warmTimes[f];
    const got = lines(row.theirs.output);
    if (JSON.stringify(got) !== JSON.stringify(expected[name])) {
      mismatches++;
      console.error(`${name}: the Genesys linter now says ${JSON.stringify(got)}, genesys-linter.json says ${JSON.stringify(expected[name])}`);
    }
  }
  rows.push(row);
}
if (big) {
  const ours = command(FRAMESMITH, ['lint', big]);
  ours.ms -= spawnCost;
  const row = { name: `${big} (${(readFileSync(big).length / 1e6).toFixed(1)} MB)`, ours };
  if (work) {
    const t0 = performance.now();
    const r = spawnSync(TIME, ['-f', '%M', 'node', join(work, 'dist/index.js'), big], { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 30 });
    row.theirs = { ms: performance.now() - t0, kb: Number((r.stderr.trim().split('\n').pop() || '0')), timedOut: r.error?.code === 'ETIMEDOUT' };
  }
  rows.push(row);
}
const fmt = (ms) => (ms < 0.1 ? `${(ms * 1000).toFixed(0)} µs` : ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`);
console.log(`starting a command costs this harness ${fmt(spawnCost)}, taken off every command figure`);
console.log(`| File | framesmith lint: command | warm | peak | ${work ? 'Genesys linter: command | warm | peak | ratio: command | warm | memory |' : ''}`);
console.log(`|---|---|---|---|${work ? '---|---|---|---|---|---|' : ''}`);
for (const r of rows) {
  const t = r.theirs;
  const theirs = t
    ? ` ${t.timedOut ? '> 300 s (stopped)' : fmt(t.ms)} | ${r.warm === undefined ? '' : fmt(r.warm)} | ${(t.kb / 1024).toFixed(0)} MB | ${t.timedOut ? '' : Math.round(t.ms / r.ours.ms) + '×'} | ${r.warm === undefined || !r.oursWarm ? '' : Math.round(r.warm / r.oursWarm) + '×'} | ${(t.kb / r.ours.kb).toFixed(0)}× |`
    : '';
  console.log(`| ${r.name} | ${fmt(r.ours.ms)} | ${r.oursWarm === undefined ? '' : fmt(r.oursWarm)} | ${(r.ours.kb / 1024).toFixed(1)} MB |${theirs}`);
}
if (mismatches) process.exit(1);
