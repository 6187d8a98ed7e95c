// The runtime module's operations, called from the page as an attacker or a buggy caller
// would: every operation with requests that are not JSON, not UTF-8, deeply nested, huge,
// missing fields or of the wrong types, and response bodies of 10 MB, 100,000 levels and
// invalid UTF-8. Each call must answer (a result or an error with a string code), never
// trap (a wasm trap leaves the module broken for the page's life), and the module must
// still map an ordinary response afterwards.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { example } from './helpers.mjs';

test.setTimeout(300_000);

for (const module of ['plain', 'full']) test(`every operation of the ${module} runtime module survives hostile requests and bodies`, async ({ page }) => {
  await page.goto('/');
  const exampleText = fs.readFileSync(example, 'utf8');
  const report = await page.evaluate(async ([exampleText, module]) => {
    const { loadRuntime, RuntimeError, FULL_RUNTIME_URL } = await import('/runtime.js');
    const fs = await import('/pkg/framesmith.js');
    await fs.default();
    const ws = fs.parse(exampleText, 'toml').workspace;
    const full = module === 'full';
    const rt = full ? await loadRuntime(FULL_RUNTIME_URL) : await loadRuntime();
    const source = ws.integration_type[0].dataSources[0];
    const ordinary = JSON.stringify({ items: [{ id: 'A1', name: 'Ann', tier: 'gold', last_contacted: '2024-05-01' }] });
    // The full module maps (the preview's operations); the plain one must still answer, as
    // a result or a coded refusal.
    const healthy = () => {
      if (!full) {
        try { rt.call(rt.OP.stats, {}); return true; } catch (e) { return e instanceof RuntimeError; }
      }
      const h = rt.prepare(source);
      const r = rt.map(h, ordinary);
      rt.release(h);
      return r.records.length === 1 && r.records[0].accountId === 'A1';
    };
    const enc = new TextEncoder();
    let deep = '';
    for (let i = 0; i < 100_000; i++) deep += '[';
    const requests = {
      null: enc.encode('null'), notJson: enc.encode('{'), notUtf8: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), empty: new Uint8Array(0),
      deep: enc.encode(deep), huge: enc.encode(JSON.stringify({ x: 'y'.repeat(10 * 1024 * 1024) })),
      array: enc.encode('[]'), number: enc.encode('5'), nulls: enc.encode('{"handle":null,"status":null,"fetch":null}'),
      negative: enc.encode('{"handle":-1,"status":-5,"fetch":-1,"deployment":-1}'),
      fractions: enc.encode('{"handle":0.5,"status":200.5,"fetch":1e300,"deployment":1e308}'),
      wrongTypes: enc.encode('{"handle":"1","status":"200","interaction":5,"category":{},"searchString":[],"workspace":"x"}'),
      badWorkspace: enc.encode(JSON.stringify({ workspace: { deployment: 5, integration_type: 'x' }, deployment: 0 })),
      noScreenPop: enc.encode(JSON.stringify({ workspace: ws, deployment: 1 })),
      badSource: enc.encode(JSON.stringify({ name: 'x', records: '$[', responseMapping: { a: '$..[?(' } })),
      manyAttributes: enc.encode(JSON.stringify({ category: 'add', interaction: { id: 'i', direction: 'Inbound', ani: '+35315550100',
        attributes: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`a${i}`, 'v'])) } })),
    };
    const bodies = {
      none: undefined, empty: '', notJson: '{"items": [', deep, huge: 'x'.repeat(10 * 1024 * 1024),
      notUtf8: new Uint8Array([0xff, 0xfe, 0x00, 0x22]), wrongShape: '{"items": {"id": 5}}', number: '1e400',
      nested: JSON.stringify({ items: [{ id: { a: { b: [1, 2, { c: null }] } }, name: null, tier: true, last_contacted: 5 }] }),
    };
    const out = { calls: 0, coded: 0, results: 0, failures: [] };
    if (!full) {
      // The preview's operations are the full module's only, refused by name here.
      try { rt.prepare(source); out.failures.push('the plain module prepared a source'); } catch (e) {
        if (e.code !== 'input/unknown-op') out.failures.push(`prepare: ${e.code} ${e.message}`);
      }
    }
    const handle = full ? rt.prepare(source) : 1;
    for (let op = 0; op <= 14; op++) {
      for (const [rl, req] of Object.entries(requests)) {
        for (const [bl, body] of Object.entries(bodies)) {
          if (bl !== 'none' && op !== 3 && op !== 7) continue;
          out.calls++;
          try {
            // The raw request bytes go in as they are, through the module's own entry.
            rt.callBytes(op, req, body);
            out.results++;
          } catch (e) {
            if (e instanceof RuntimeError && typeof e.code === 'string') out.coded++;
            else out.failures.push(`op ${op} ${rl}/${bl}: ${e && e.name}: ${String(e && e.message).slice(0, 200)}`);
          }
          try {
            if (!healthy()) out.failures.push(`op ${op} ${rl}/${bl}: the next mapping answered wrongly`);
          } catch (e) {
            out.failures.push(`op ${op} ${rl}/${bl}: the module no longer answers: ${e && e.message}`);
            return out;
          }
        }
      }
    }
    out.healthy = healthy();
    if (!full) return out;
    // Mapping hostile bodies with a real handle.
    for (const [bl, body] of Object.entries(bodies)) {
      out.calls++;
      try { rt.map(handle, body ?? ''); out.results++; } catch (e) {
        if (e instanceof RuntimeError && typeof e.code === 'string') out.coded++;
        else out.failures.push(`map ${bl}: ${e && e.name}: ${String(e && e.message).slice(0, 200)}`);
      }
    }
    out.healthy = healthy();
    // Floats come back as the numbers they were (the module writes them with String(x)).
    const h = rt.prepare(source);
    out.floats = rt.map(h, JSON.stringify({ items: [{ id: 0.1, name: 1e-7, tier: 1.5e300, last_contacted: -2.5 }] })).records;
    rt.release(h);
    return out;
  }, [exampleText, module]);
  console.log(`runtime module: ${report.calls} calls, ${report.results} results, ${report.coded} coded errors`);
  expect(report.failures).toEqual([]);
  expect(report.healthy).toBe(true);
  if (module === 'full') {
    expect(report.floats).toEqual([{ accountId: 0.1, accountName: 1e-7, accountTier: 1.5e300, lastInteractionDate: -2.5 }]);
  }
  expect(report.coded).toBeGreaterThan(100);
});
