// Runtime benchmark (`make bench`, `make bench-runtime`), not a test: figures for
// BENCHMARKS.md, recorded as data (benchRecord), asserting nothing about time. In
// Chromium, measured side by side in one run: the cold start of framework.js's module
// (inline bytes to ready), event-to-pop latency over 1,000 calls through the host route,
// response mapping by the runtime module against JSON.parse + jsonpath-plus and JSON.parse
// alone, a token storm, event to pop in the simulator, and (issue 26) event to pop beside
// what an integrator writes by hand without framesmith.
import { test } from '@playwright/test';
import path from 'node:path';
import { root, benchRecord } from './helpers.mjs';
import { APPS, CRM, built, serve, openCrm, ready, call, json, account } from './softphone.mjs';

test.setTimeout(600_000);

const stats = (samples) => {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[s.length >> 1], p95: s[Math.floor(s.length * 0.95)], n: s.length };
};
const ms = (x) => `${x.median.toFixed(3)} ms median, ${x.p95.toFixed(3)} ms p95 (n = ${x.n})`;

test('runtime: cold start and event-to-pop latency', async ({ context }) => {
  const files = built();
  await serve(context, files, (url, r) => json(r, { items: [account('A1', 'Ann')] }));
  // Cold start: framesmith:load to framesmith:ready in fresh softphone pages.
  const starts = [];
  for (let i = 0; i < 20; i++) {
    const { page, frame } = await openCrm(context);
    await ready(frame);
    starts.push(await frame.evaluate(() => {
      const at = (n) => performance.getEntriesByName(n)[0].startTime;
      return at('framesmith:ready') - at('framesmith:load');
    }));
    await page.close();
  }
  const coldStart = stats(starts);
  console.log(`framework.js ${files.framework.length} bytes; cold start (inline bytes to ready): ${ms(coldStart)}`);

  const { page, frame } = await openCrm(context);
  await ready(frame);
  const eventToPop = await popLatencies(page, frame, 1000);
  console.log(`event to pop, host route, CRM answered by request interception: ${ms(eventToPop)}`);
  benchRecord('runtime-latency', { coldStart, eventToPop });
});

// Event to pop, `n` calls one after another, each a caller of its own. The clock of both
// frames is time since the epoch; onPop (or the hand-written page's open) pushes to
// window.pops, which notes when each pop arrives.
async function popLatencies(page, frame, n, from = 0) {
  await page.evaluate(() => {
    if (window.popAt) return;
    window.popAt = {};
    const push = window.pops.push.bind(window.pops);
    window.pops.push = (p) => {
      window.popAt[p.interactionId] = performance.timeOrigin + performance.now();
      return push(p);
    };
  });
  const latencies = [];
  for (let i = from; i < from + n; i++) {
    const id = `bench${i}`;
    const firedAt = await frame.evaluate((c) => {
      const t = performance.timeOrigin + performance.now();
      window.fire('add', c);
      return t;
    }, call(id, { ani: `+353 1 555 ${String(1000 + i).slice(-4)}` }));
    await page.waitForFunction((k) => window.popAt[k] !== undefined, id, { polling: 'raf' });
    latencies.push((await page.evaluate((k) => window.popAt[k], id)) - firedAt);
  }
  return stats(latencies);
}

// What integrators write today without framesmith, plainly, as Genesys' example does it:
// framework.js posts each interaction to the CRM page; the page's script looks the caller
// up, parses the answer, picks the record and opens it (hands it on, as onPop is handed
// framesmith's pop). The same CRM API, answered the same way.
const HAND_FRAMEWORK = `window.Framework = {
  config: { name: "Hand written", clientIds: { "mypurecloud.ie": "5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015" }, settings: {} },
  initialSetup: function () {
    window.PureCloud.subscribe([{ type: "Interaction", callback: function (category, interaction) {
      window.parent.postMessage(JSON.stringify({ type: "interactionSubscription", data: { category: category, interaction: interaction } }), "${CRM}");
    } }]);
  },
  screenPop: function () {}, processCallLog: function () {}, openCallLog: function () {}, contactSearch: function () {}
};`;
const HAND_PAGE = `<!doctype html><title>CRM</title>
<iframe id="softphone" src="${APPS}/crm/index.html" allow="camera; microphone"></iframe>
<script>
window.pops = [];
const frame = document.getElementById("softphone");
window.addEventListener("message", async (event) => {
  if (event.origin !== "${APPS}" || event.source !== frame.contentWindow) return;
  const message = JSON.parse(event.data);
  if (message.type !== "interactionSubscription" || message.data.category !== "add") return;
  const interaction = message.data.interaction;
  const phone = interaction.ani.replace(/^tel:/, "").replace(/[^0-9+]/g, "");
  const response = await fetch("${CRM}/api/v1/accounts?phone=" + encodeURIComponent(phone) + "&fields=id,name,tier,last_contacted");
  const found = await response.json();
  const record = found.items[0];
  window.pops.push({ interactionId: interaction.id, url: record ? "${CRM}/accounts/" + record.id : "${CRM}/search?phone=" + encodeURIComponent(phone) });
});
window.attached = true;
</script>`;

test('runtime: event to pop beside a hand-written integration', async ({ browser }) => {
  const answer = (url, r) => json(r, { items: [account('A1', 'Ann')] });
  const sides = {
    framesmith: { files: built(), options: {} },
    hand: { files: { framework: HAND_FRAMEWORK, host: '' }, options: { page: { html: HAND_PAGE } } },
  };
  const out = {};
  for (const [name, side] of Object.entries(sides)) {
    const context = await browser.newContext();
    await serve(context, side.files, answer, side.options);
    // Cold: the first call, fired as soon as framework.js has set up, in 20 fresh pages.
    const firsts = [];
    for (let i = 0; i < 20; i++) {
      const page = await context.newPage();
      await page.goto(`${CRM}/app`);
      await page.waitForFunction(() => window.attached === true);
      const frame = page.frames().find((f) => f.url().startsWith(APPS));
      await frame.waitForFunction(() => window.Framework !== undefined && document.readyState === 'complete');
      firsts.push((await popLatencies(page, frame, 1, i * 10_000)).median);
      await page.close();
    }
    const page = await context.newPage();
    await page.goto(`${CRM}/app`);
    await page.waitForFunction(() => window.attached === true);
    const frame = page.frames().find((f) => f.url().startsWith(APPS));
    await frame.waitForFunction(() => window.Framework !== undefined && document.readyState === 'complete');
    if (name === 'framesmith') await ready(frame);
    // Warm: 1,000 calls one after another, after 20 left out while the page warms up.
    await popLatencies(page, frame, 20, 900_000);
    out[name] = { cold: stats(firsts), warm: await popLatencies(page, frame, 1000) };
    await context.close();
  }
  benchRecord('pop-vs-hand', out);
  console.log(`event to pop, framesmith: ${ms(out.framesmith.warm)}; hand-written: ${ms(out.hand.warm)}; ` +
    `ratio ${(out.framesmith.warm.median / out.hand.warm.median).toFixed(2)}`);
  console.log(`first call after load, framesmith: ${ms(out.framesmith.cold)}; hand-written: ${ms(out.hand.cold)}`);
});

test('runtime: response mapping against JSON.parse + jsonpath-plus and JSON.parse alone', async ({ page }) => {
  await page.goto('/');
  await page.addScriptTag({ path: path.join(root, 'node_modules/jsonpath-plus/dist/index-browser-umd.cjs') });
  const figures = await page.evaluate(async () => {
    // The preview's operations are the full module's; the mapping code is both modules'.
    const { loadRuntime, FULL_RUNTIME_URL } = await import('/runtime.js');
    const rt = await loadRuntime(FULL_RUNTIME_URL);
    const source = {
      name: 'lookup', records: '$.items[*]', maxResponseBytes: 4 * 1024 * 1024,
      responseMapping: { accountId: '$.id', accountName: '$.name', accountTier: '$.tier', lastInteractionDate: '$.last_contacted' },
    };
    const handle = rt.prepare(source);
    const body = (bytes) => {
      const items = [];
      let text = '';
      for (let i = 0; text.length < bytes; i++) {
        items.push({ id: `A${i}`, name: `Account ${i}`, tier: 'gold', last_contacted: '2024-05-01', notes: 'x'.repeat(40), phones: ['+35315550100'] });
        if (bytes < 10_000 || i % 50 === 0) text = JSON.stringify({ items });
      }
      return JSON.stringify({ items });
    };
    const encoder = new TextEncoder();
    // The median of batches of k calls, k chosen so that a batch takes at least 2 ms: the
    // browser's clock is coarse (0.1 ms), a call may not be.
    const per = (f) => {
      for (let i = 0; i < 3; i++) f();
      let k = 1;
      for (;;) {
        const t = performance.now();
        for (let i = 0; i < k; i++) f();
        if (performance.now() - t >= 2) break;
        k *= 2;
      }
      const samples = [];
      const until = performance.now() + 300;
      while (performance.now() < until || samples.length < 5) {
        const t = performance.now();
        for (let i = 0; i < k; i++) f();
        samples.push((performance.now() - t) / k);
      }
      samples.sort((a, b) => a - b);
      return samples[samples.length >> 1];
    };
    const out = [];
    for (const size of [2 * 1024, 100 * 1024, 1024 * 1024]) {
      const text = body(size);
      const bytes = encoder.encode(text);
      const runtime = per(() => rt.map(handle, bytes));
      const plus = per(() => {
        const doc = JSON.parse(text);
        const records = window.JSONPath.JSONPath({ path: source.records, json: doc });
        return records.map((r) => Object.fromEntries(Object.entries(source.responseMapping)
          .map(([k, p]) => [k, window.JSONPath.JSONPath({ path: p, json: r, wrap: false })])));
      });
      const parse = per(() => JSON.parse(text));
      out.push({ size, bytes: bytes.length, records: rt.map(handle, bytes).records.length, runtime, plus, parse });
    }
    return out;
  });
  benchRecord('runtime-mapping', figures);
  for (const f of figures) {
    console.log(`${f.size / 1024} KiB (${f.bytes} bytes, ${f.records} records): runtime ${f.runtime.toFixed(3)} ms, ` +
      `JSON.parse + jsonpath-plus ${f.plus.toFixed(3)} ms, JSON.parse alone ${f.parse.toFixed(4)} ms ` +
      `(runtime ${(f.plus / f.runtime).toFixed(1)}x faster than jsonpath-plus, ${(f.runtime / f.parse).toFixed(0)}x JSON.parse)`);
  }
});

// Lookups through the token state machine, in the runtime module framework.js carries: a
// direct-route deployment with no CRM token yet, N calls arriving at once (all wait on one
// sign-in), then the token: every lookup released. N is the session's cap on lookups in
// flight (256); `make bench` measures the machine alone with 10,000 waiters, natively.
test('runtime: a token storm through the session', async ({ page }) => {
  const files = built((t) => t.replace('route = "host"', 'route = "direct"\nredirect_uri = "https://crm.enterprise-client.com/signin.html"'));
  // The configuration framework.js carries (a JavaScript literal the renderer wrote).
  const literal = /var RUNTIME_CONFIG = ([\s\S]*?);\n\s*var RUNTIME_NAME/.exec(files.framework)[1];
  const config = new Function(`return (${literal});`)();
  await page.goto('/');
  const figures = await page.evaluate(async (config) => {
    // The direct route's token machine is in the full module only (the plain one refuses
    // a direct-route deployment).
    const { loadRuntime, FULL_RUNTIME_URL } = await import('/runtime.js');
    const N = 256;
    const samples = [];
    // The first rounds compile the module's code: left out, as the mapping figures leave
    // out their warm-up.
    for (let round = 0; round < 45; round++) {
      const rt = await loadRuntime(FULL_RUNTIME_URL);
      rt.call(rt.OP.configure, { ...config, seed: 7 });
      const t0 = performance.now();
      let refreshes = 0;
      for (let i = 0; i < N; i++) {
        const { action } = rt.call(rt.OP.event, {
          now: 1000, category: 'add',
          interaction: { id: `c${i}`, direction: 'Inbound', state: 'ALERTING', ani: 'tel:+353 1 555 0100', isInternal: false },
        });
        if (action && action.do === 'refresh') refreshes++;
      }
      const { actions } = rt.call(11, { now: 1200, token: 'T', expiresInMs: 3_600_000 });
      const elapsed = performance.now() - t0;
      const fetches = actions.filter((a) => a.do === 'fetch').length;
      if (refreshes !== 1 || fetches !== N) throw new Error(`${refreshes} refreshes, ${fetches} fetches released`);
      if (round >= 5) samples.push(elapsed);
    }
    samples.sort((a, b) => a - b);
    return { n: N, median: samples[samples.length >> 1], p95: samples[Math.floor(samples.length * 0.95)] };
  }, config);
  benchRecord('runtime-storm', figures);
  console.log(`token storm: ${figures.n} lookups waiting on one sign-in, then released: ${figures.median.toFixed(3)} ms median ` +
    `(${Math.round(figures.n / figures.median * 1000)} lookups/s), ${figures.p95.toFixed(3)} ms p95`);
});

// Event to pop in the simulator against the demo CRM of `framesmith serve` on loopback: the
// whole path an agent's call takes (the client's event, framework.js, the runtime module,
// the host adapter's request to the CRM, the mapping, the pop), 1,000 calls one after
// another (each once the last one's CRM page has loaded), timed inside the page.
test('simulator: event to pop against the demo CRM on loopback', async ({ page }) => {
  await page.request.post('/demo-crm/reset');
  await page.goto('/simulator/?deployment=0');
  await page.waitForFunction(() => window.simulatorStats?.state === 'ready', null, { timeout: 30_000 });
  const latencies = await page.evaluate(async () => {
    const t = window.simulatorTimings;
    const out = [];
    const ring = document.getElementById('ring');
    const hangup = document.getElementById('hangup');
    const view = document.getElementById('crm-view');
    for (let i = 0; i < 1000; i++) {
      const before = Object.keys(t.poppedAt).length;
      // Each call starts when the last pop's CRM page has loaded, as an agent's would.
      const landed = new Promise((r) => view.addEventListener('load', r, { once: true }));
      ring.click();
      while (Object.keys(t.poppedAt).length === before) await new Promise((r) => setTimeout(r, 0));
      const id = Object.keys(t.poppedAt).at(-1);
      out.push(t.poppedAt[id] - t.firedAt[id]);
      await landed;
      hangup.click();
    }
    return out;
  });
  const crm = await (await page.request.get('/demo-crm/stats')).json();
  const eventToPop = stats(latencies);
  console.log(`simulator, event to pop against the demo CRM on loopback: ${ms(eventToPop)}; demo CRM lookups ${crm.lookups}`);
  benchRecord('simulator-latency', { eventToPop, lookups: crm.lookups });
});
