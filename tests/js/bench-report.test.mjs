// `make bench` writes BENCHMARKS.md's first section from the figures its benchmarks leave
// in target/bench/ (tests/benches/run.mjs). `make test` does not time anything, but it keeps
// that writer working: given figures of every kind, the report has a row for each
// comparison the section promises, and only the text between the markers is replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { report, splice, time, BEGIN, END } from '../benches/run.mjs';

const browser = (median) => ({ median, p95: median * 1.5, n: 1000 });
const figures = {
  machine: { date: '2026-12-01', commit: 'abc1234', cpus: 2, cpu: 'Test CPU', rustc: 'rustc 1.95.0', node: 'v22.0.0', chromium: 'Chromium 156' },
  sizes: [
    { what: 'builder', raw: 340000, gzip: 154000, budget: '450,000 / 160,000' },
    { what: 'import', raw: 890000, gzip: 368000 },
    { what: 'runtime plain', raw: 127000, gzip: 59000, budget: '150,000 / 60,000' },
    { what: 'runtime full', raw: 162000, gzip: 74000, budget: '175,000 / 80,000' },
    { what: 'framework.js', raw: 108000, gzip: 69000, budget: '— / 100,000' },
    { what: 'framework.js full', raw: 129000, gzip: 84000, budget: '— / 100,000' },
    { what: 'Streams', raw: 730481, gzip: 207000, reference: true },
  ],
  crit: {
    'map response/2 KiB': 0.033, 'map response/100 KiB': 1.3, 'map response/1 MiB': 14.6,
    'token state machine/10,000 waiters, one refresh': 0.195,
    'parse+check example (TOML text, 2 deployments)': 0.23, 'check example (JSON value, 2 deployments)': 0.075,
    'render framework.js (1 deployment)': 0.053, 'check + render all (2 deployments)': 0.33,
  },
  scale: [{ what: 'check TOML', unit: 'deployments', cells: [{ n: 6250, ms: 300 }, { n: 25000, ms: 1300 }, { n: 100000, ms: 6200 }] }],
  mapping: [2, 100, 1024].map((k) => ({ size: k * 1024, bytes: k * 1024, records: k * 7, runtime: k * 0.006, plus: k * 0.2, parse: k * 0.0026 })),
  latency: { coldStart: { ...browser(5.1), n: 20 }, eventToPop: browser(13.9) },
  popVsHand: { framesmith: { warm: { ...browser(8), n: 1000 }, cold: { ...browser(20), n: 20 } }, hand: { warm: { ...browser(6.4), n: 1000 }, cold: { ...browser(9), n: 20 } } },
  simulator: { eventToPop: browser(31.1), lookups: 1000 },
  storm: { n: 256, median: 6.9, p95: 13.8 },
  keystroke: { deployments: 20, checkFive: browser(0.53), check: browser(1.87), editedFive: browser(0.1), editedTwenty: browser(0.2), preview: browser(1.2), keystroke: browser(0.79), keystrokeFive: browser(0.9), keystrokeTwenty: browser(1.9) },
};

test('the report has a row for every comparison make bench promises', () => {
  const r = report(figures);
  for (const row of ['Connect Streams', 'Streams |', '| 2 KiB | 14 |', '| 100 KiB |', '| 1 MiB |', 'jsonpath-plus',
    'cold start', 'event to pop, host route', 'in the simulator', 'token storm', 'token state machine alone',
    'check + render every deployment', '5-deployment org', '20-deployment org', 'one-field edit (`checkEdited`), 5 deployments', 'the same, 20 deployments', "keystroke handler", 'org of 5 deployments', 'org of 20 deployments', 'beside a hand-written one', '| event to pop, host route, warm | 8.00 ms |', '| 1.25× |', '| 11.0 ms later |', '| check TOML | 6,250 deployments: 300 ms | 25,000 deployments: 1.30 s | 100,000 deployments: 6.20 s | 20.7 |']) {
    assert.ok(r.includes(row), `the report lacks ${JSON.stringify(row)}:\n${r}`);
  }
  // Ratios are computed from the figures, not written in.
  assert.match(r, /\| 1 MiB \| 7,168 \| 6\.14 ms \| 205 ms \| 2\.66 ms \| 33× faster \| 2\.3× \| 14\.6 ms \|/);
  assert.match(r, /3\.0× lighter gzipped/);
  assert.match(r, /\| native: check \+ render every deployment \| 330 µs \| \| 165 µs \|/);
});

test('a figure the run did not leave stops the report instead of printing a blank', () => {
  const crit = { ...figures.crit };
  delete crit['map response/1 MiB'];
  assert.throws(() => report({ ...figures, crit }), /map response\/1 MiB/);
});

test('only the generated section of BENCHMARKS.md is replaced', () => {
  const text = readFileSync('BENCHMARKS.md', 'utf8');
  assert.equal(text.split(BEGIN).length, 2, 'BENCHMARKS.md has its begin marker once');
  assert.equal(text.split(END).length, 2, 'BENCHMARKS.md has its end marker once');
  const out = splice(text, 'NEW FIGURES');
  assert.equal(out.slice(0, out.indexOf(BEGIN)), text.slice(0, text.indexOf(BEGIN)));
  assert.equal(out.slice(out.indexOf(END)), text.slice(text.indexOf(END)));
  assert.ok(out.includes(`${BEGIN}\nNEW FIGURES\n${END}`));
  assert.equal(splice(out, 'NEW FIGURES'), out, 'writing the same figures twice changes nothing');
  assert.throws(() => splice('# no markers', 'x'), /markers/);
});

test('times read the way the tables print them', () => {
  assert.equal(time(0.0059), '5.90 µs');
  assert.equal(time(0.625), '625 µs');
  assert.equal(time(13.94), '13.9 ms');
  assert.equal(time(216.8), '217 ms');
  assert.equal(time(6284.2), '6.28 s');
});

test('a framesmith cold pop ahead of the hand-written one is said as earlier, not a negative time', () => {
  const f = structuredClone(figures);
  f.popVsHand.framesmith.cold.median = 8;
  assert.match(report(f), /\| 1\.00 ms earlier \|/);
});
