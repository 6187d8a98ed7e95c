// Every export of the builder and import modules, called from the page as an attacker or a
// buggy caller would: wrong types, missing arguments, 10 MB strings, 100,000-element arrays
// and objects, deep nesting, cycles, throwing getters. Each call must return a result or
// throw an Error with a string `code`, never trap (a wasm trap leaves the module broken for
// the rest of the page's life), and the module must answer the next ordinary call.
import { test, expect } from '@playwright/test';

test.setTimeout(600_000);

for (const modulePath of ['/pkg/framesmith.js', '/pkg/import/framesmith.js']) {
  test(`every export of ${modulePath} survives hostile arguments`, async ({ page }) => {
    await page.goto('/');
    const report = await page.evaluate(async (modulePath) => {
      const m = await import(modulePath);
      await m.default();
      const exampleText = await (await fetch('/pkg/example.toml')).text();
      const example = m.parse(exampleText, 'toml').workspace;
      const runtime = await (await fetch('/pkg/runtime/runtime.js')).text();

      const big = 'x'.repeat(10 * 1024 * 1024);
      const bigJs = `window.Framework = { config: { name: "${'y'.repeat(10 * 1024 * 1024)}" } };`;
      const manyDeployments = Array.from({ length: 100_000 }, (_, i) => ({ name: `d${i}` }));
      const wideObject = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
      let deep = {};
      for (let i = 0; i < 100_000; i++) deep = { a: deep };
      let deepArray = [];
      for (let i = 0; i < 100_000; i++) deepArray = [deepArray];
      const cyclic = { org: { name: 'A', region: 'eu-west-1' }, deployment: [] };
      cyclic.deployment.push(cyclic);
      const throwing = { org: { name: 'A' } };
      Object.defineProperty(throwing, 'deployment', { enumerable: true, get() { throw new Error('getter'); } });
      const hostile = {
        undefined: undefined, null: null, true: true, zero: 0, negative: -1, fraction: 0.5,
        huge: 1e308, nan: NaN, infinity: Infinity, unsafe: 2 ** 53 + 1, string: 'x', empty: '',
        big, bigJs, symbol: Symbol('s'), bigint: 10n, array: [], manyDeployments, object: {},
        wideObject, deep, deepArray, cyclic, throwing, fn: () => 1, date: new Date(0), map: new Map([[1, 2]]),
        orgNumber: { org: 5 }, manyInOrg: { ...example, deployment: manyDeployments },
        wideOrg: { ...example, org: { ...example.org, ...wideObject } },
        deepSettings: { ...example, deployment: [{ ...example.deployment[0], settings: { deep } }] },
        bigName: { ...example, deployment: [{ ...example.deployment[0], name: big }] },
      };
      const finding = m.check({ ...example, org: { name: 'A', region: 'nowhere' } })[0];
      // Each export with ordinary arguments; each position is replaced in turn.
      const calls = {
        version: [], catalogue: [], check: [example], parse: [exampleText, 'toml'],
        preview: [example, 0, runtime], blocksBuild: [finding, 0],
        buildDeployment: [example, 0, runtime], build: [example, runtime],
      };
      // The second module's own: the framework.js reader, the writers and the zip.
      if (m.importFrameworkJs) {
        Object.assign(calls, {
          importFrameworkJs: ['window.Framework = { config: { name: "x" } };'],
          serialize: [example, 'toml'], buildZip: [example, runtime],
        });
      }
      const out = { calls: 0, results: 0, coded: 0, failures: [] };
      const healthy = () => {
        m.version();
        return m.check(example).length === 0 && m.build(example, runtime).length === 2;
      };
      for (const [name, args] of Object.entries(calls)) {
        if (typeof m[name] !== 'function') { out.failures.push(`${name} is not exported`); continue; }
        const positions = Math.max(args.length, 1);
        for (let pos = 0; pos < positions; pos++) {
          for (const [label, value] of Object.entries(hostile)) {
            const a = [...args];
            a[pos] = value;
            out.calls++;
            try {
              m[name](...a);
              out.results++;
            } catch (e) {
              if (e instanceof Error && typeof e.code === 'string' && !(e instanceof WebAssembly.RuntimeError)) {
                out.coded++;
              } else {
                out.failures.push(`${name} arg ${pos} = ${label}: ${e && e.name}: ${String(e && e.message).slice(0, 200)}`);
              }
            }
            try {
              if (!healthy()) out.failures.push(`${name} arg ${pos} = ${label}: the next call answered wrongly`);
            } catch (e) {
              out.failures.push(`${name} arg ${pos} = ${label}: the module no longer answers: ${e && e.message}`);
              return out;
            }
          }
        }
        // Missing arguments altogether.
        out.calls++;
        try { m[name](); out.results++; } catch (e) {
          if (e instanceof Error && typeof e.code === 'string') out.coded++;
          else out.failures.push(`${name}(): ${e && e.name}: ${e && e.message}`);
        }
      }
      return out;
    }, modulePath);
    console.log(`${modulePath}: ${report.calls} calls, ${report.results} results, ${report.coded} coded errors`);
    expect(report.failures).toEqual([]);
    expect(report.coded).toBeGreaterThan(50);
  });
}
