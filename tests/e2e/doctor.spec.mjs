// The truth is the browser (issue 25): every page of tests/fixtures/doctor, served at its
// own https origin with its response headers (request interception), embedding the
// softphone stand-in of softphone.mjs with the framework.js `framesmith build` writes for
// the example's "Acme Dynamics", and framed by the application the workspace's
// `embedded_in` names. Chromium's record (did the softphone's frame run at the
// deployment's apps origin, did getUserMedia open the microphone in it, did the host
// route's lookup reach the CRM, did the pop reach onPop, could the application frame the
// page) must be what `framesmith doctor`'s errors on the same page predict; warnings and
// infos predict nothing the browser can fail. A page with a `.seen.json` has Genesys' page
// served under the policy it names, and doctor run with --live against a loopback stand-in
// that answers with that policy: where the runtime runs is then the browser's to say too.
import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { promisify } from 'node:util';
import path from 'node:path';
import { cli, example, root } from './helpers.mjs';
import { SOFTPHONE, CRM, APPS, built, call, json, account } from './softphone.mjs';

const DIR = path.join(root, 'tests/fixtures/doctor');
const ORIGIN = 'https://acme.crm4.dynamics.com';
const EMBEDDER = 'https://teams.microsoft.com';

// Granting the microphone needs no prompt: what Chromium decides is then the policies'.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  },
});

// The stand-in records where it runs and whether the microphone opened, before framework.js.
const PROBE = `<script>
window.probe = { origin: self.origin };
navigator.mediaDevices.getUserMedia({ audio: true }).then(
  (s) => { s.getTracks().forEach((t) => t.stop()); window.probe.mic = true; },
  (e) => { window.probe.mic = e.name; });
</script>`;

// What the doctor's errors say the browser will see.
const FRAME = ['doctor/no-softphone', 'doctor/iframe-src', 'doctor/csp-frame', 'doctor/iframe-sandbox'];
const MIC = ['doctor/iframe-allow', 'doctor/permissions-policy'];
// The host route's lookup and its pop need the same things of the page, so one list.
const POP = ['doctor/host-adapter', 'doctor/csp-script', 'doctor/csp-connect', 'doctor/crm-origin', 'doctor/runtime-place'];

function predicted(errors) {
  const has = (codes) => errors.some((c) => codes.includes(c));
  const framed = !has(FRAME);
  return {
    framed,
    mic: framed && !has(MIC),
    lookup: framed && !has(POP),
    popped: framed && !has(POP),
    framedByApp: !errors.includes('doctor/frame-ancestors'),
  };
}

// What --live would read of Genesys' page: its Content-Security-Policy, or undefined.
function softphoneCsp(file) {
  const seen = path.join(DIR, file.replace(/\.html$/, '.seen.json'));
  return fs.existsSync(seen) ? JSON.parse(fs.readFileSync(seen, 'utf8')).softphone_csp?.join(', ') : undefined;
}

async function page(file) {
  const html = fs.readFileSync(path.join(DIR, file), 'utf8');
  const url = html.split('\n')[0].replace(/^<!-- url: /, '').replace(/ -->$/, '');
  const headersFile = path.join(DIR, file.replace(/\.html$/, '.headers'));
  const headers = {};
  if (fs.existsSync(headersFile)) {
    for (const line of fs.readFileSync(headersFile, 'utf8').split('\n')) {
      const i = line.indexOf(':');
      if (i > 0 && !line.startsWith('HTTP/')) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
  }
  const args = ['doctor', example, url, '--deployment', 'Acme Dynamics', '--html', path.join(DIR, file), '--format', 'json'];
  if (fs.existsSync(headersFile)) args.push('--headers', headersFile);
  const csp = softphoneCsp(file);
  let server;
  const env = { ...process.env };
  if (csp) {
    // Genesys' page as --live reads it, on loopback, closed when doctor is done.
    server = http.createServer((q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp }).end('<!doctype html>'));
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    env.FRAMESMITH_DOCTOR_SOFTPHONE_URL = `http://127.0.0.1:${server.address().port}/crm/embeddableFramework.html`;
    args.push('--live');
  }
  let out;
  try {
    out = (await promisify(execFile)(cli, args, { encoding: 'utf8', env })).stdout;
  } catch (e) {
    if (e.code !== 1) throw e;
    out = e.stdout;
  } finally {
    server?.close();
  }
  const errors = JSON.parse(out).filter((d) => d.severity === 'error').map((d) => d.code);
  return { html, url, headers, errors, softphoneCsp: csp };
}

// Polls `f` until it returns something other than undefined, or gives up with undefined.
async function until(f, ms = 4000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch {
      // A frame that navigated or never ran.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

const files = built((t) => t.replace(`crm_origin = "${CRM}"`, `crm_origin = "${ORIGIN}"`));
const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith('.html')).sort();

for (const file of fixtures) {
  test(`doctor agrees with Chromium on ${file}`, async ({ context }) => {
    const p = await page(file);
    const origin = new URL(p.url).origin;
    const lookups = [];
    // Anything else (another site's iframe, a stray path) is a 404 here, never the network.
    await context.route('**/*', (r) => r.fulfill({ status: 404, body: 'not served in this test' }));
    // The two pages that run the framework, in every region (CHECKLIST.md's and the local one).
    await context.route(/^https:\/\/apps\.[^/]+\/crm\/(embeddableFramework|index)\.html/, (r) =>
      r.fulfill({
        contentType: 'text/html',
        headers: p.softphoneCsp ? { 'content-security-policy': p.softphoneCsp } : {},
        body: SOFTPHONE.replace('<title>softphone</title>', `<title>softphone</title>${PROBE}`),
      }));
    await context.route(/^https:\/\/apps\.[^/]+\/crm\/framework\.js$/, (r) =>
      r.fulfill({ contentType: 'text/javascript', body: files.framework }));
    await context.route(p.url, (r) => r.fulfill({ contentType: 'text/html', headers: p.headers, body: p.html }));
    await context.route(`${origin}/framesmith-host.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: files.host }));
    // The page's own module (host-adapter.external.good.html): imports the adapter, attaches.
    await context.route(`${origin}/crm-softphone.js`, (r) => r.fulfill({
      contentType: 'text/javascript',
      body: 'import { attach } from "./framesmith-host.js";\nattach({ frame: document.getElementById("softphone"), allow: ["https://crm.enterprise-client.com/api/"], onPop: (pop) => (window.pops ??= []).push(pop) });\n',
    }));
    await context.route(`${CRM}/api/**`, (r) => {
      lookups.push(r.request().url());
      return json(r, { items: [account('A1', 'Ann')] }, 200);
    });
    await context.route(`${EMBEDDER}/tab`, (r) => r.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Teams</title><iframe id="crm" src="${p.url}" allow="camera; microphone; autoplay; clipboard-write"></iframe>`,
    }));

    const tab = await context.newPage();
    await tab.goto(p.url);
    const frame = await until(async () => tab.frames().find((f) => f.url().startsWith('https://apps.')) ?? undefined, 2000);
    const where = frame && await until(() => frame.evaluate(() => window.probe?.origin), 2000);
    const seen = { framed: where === APPS, mic: false, lookup: false, popped: false, framedByApp: false };
    if (seen.framed) {
      seen.mic = (await until(() => frame.evaluate(() => window.probe.mic))) === true;
      const ready = await until(() => frame.evaluate(() => (window.Framework?.framesmith?.stats().state === 'ready' ? true : undefined)));
      if (ready) {
        await frame.evaluate((c) => window.fire('add', c), call('doc-1'));
        seen.popped = (await until(() => tab.evaluate(() => (window.pops?.some((x) => x.kind === 'single') ? true : undefined)))) === true;
        seen.lookup = lookups.length > 0;
      }
    }
    // Framed by the application the workspace names, as a Teams tab would.
    const app = await context.newPage();
    await app.goto(`${EMBEDDER}/tab`);
    seen.framedByApp = (await until(async () => {
      const f = app.frames().find((x) => x.url() === p.url);
      return f && (await f.evaluate(() => document.title)) === 'Acme CRM' ? true : undefined;
    }, 3000)) === true;

    expect({ file, ...seen }, `doctor's errors: ${JSON.stringify(p.errors)}`).toEqual({ file, ...predicted(p.errors) });
  });
}

test('the suite holds a page for each thing the browser can fail', async () => {
  const verdicts = [];
  for (const f of fixtures) verdicts.push(predicted((await page(f)).errors));
  for (const key of ['framed', 'mic', 'lookup', 'popped', 'framedByApp']) {
    expect(verdicts.some((v) => v[key]), `a page where ${key} holds`).toBe(true);
    expect(verdicts.some((v) => !v[key]), `a page where ${key} fails`).toBe(true);
  }
});
