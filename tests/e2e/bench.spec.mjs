// Browser benchmark (`make bench`, `make bench-browser`), not a test: how long validating
// the whole org takes on every keystroke in Chromium. Records figures for BENCHMARKS.md
// (benchRecord); asserts nothing about time.
import { test } from '@playwright/test';
import { open, benchRecord } from './helpers.mjs';

test('validation per keystroke', async ({ page }) => {
  await open(page);
  // A full org: five private deployments and fifteen public ones, each fully configured.
  const figures = await page.evaluate(async () => {
    const { fs, state } = window.framesmith;
    const ws = structuredClone(state.ws);
    const template = ws.deployment[0];
    for (let i = 0; ws.deployment.length < 20; i++) {
      const d = structuredClone(template);
      d.name = `Deployment ${i}`;
      d.kind = ws.deployment.length < 5 ? 'private' : 'public';
      d.client_id = `5b0c7e64-2f1d-4c8a-9e3b-${String(i).padStart(12, '0')}`;
      ws.deployment.push(d);
    }
    // Batches of 20 calls: the browser's clock is coarse (0.1 ms), a call is not.
    const time = (f, n) => {
      const samples = [];
      for (let b = 0, i = 0; b < n / 20; b++) {
        const t = performance.now();
        for (let k = 0; k < 20; k++) f(i++);
        samples.push((performance.now() - t) / 20);
      }
      samples.sort((a, b) => a - b);
      return { median: samples[samples.length >> 1], p95: samples[Math.floor(samples.length * 0.95)] };
    };
    time(() => fs.check(ws), 100); // warm up
    const five = { ...ws, deployment: ws.deployment.slice(0, 5) };
    const checkFive = time((i) => { five.deployment[0].name = `Acme ${i}`; fs.check(five); }, 1000);
    const check = time((i) => { ws.deployment[0].name = `Acme ${i}`; fs.check(ws); }, 1000);
    // What the page runs on a keystroke (issue 26): the module told which deployment the
    // value was set in, so it converts and re-checks that one alone.
    const edited = (org) => {
      fs.recheck(org);
      return time((i) => { org.deployment[0].name = `Acme ${i}`; fs.checkEdited(org, 0); }, 1000);
    };
    const editedFive = edited(five);
    const editedTwenty = edited(ws);
    const preview = time(() => fs.preview(ws, 0, state.runtime), 200);
    // The page's whole keystroke handler: input event to updated DOM (the findings, the
    // list, the download buttons; the preview follows on the next frame, issue 26), on the
    // example org and on the org grown to 5 and to 20 deployments.
    const keystrokeOn = (org) => {
      if (org) {
        state.ws = structuredClone(org);
        window.framesmith.renderAll();
      }
      const input = document.getElementById('f-deployment-0-client_id');
      return time((i) => {
        input.value = `5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f0${String(i % 100).padStart(2, '0')}`;
        input.dispatchEvent(new Event('input'));
      }, 200);
    };
    const keystroke = keystrokeOn(null);
    const keystrokeFive = keystrokeOn(five);
    const keystrokeTwenty = keystrokeOn(ws);
    return { deployments: ws.deployment.length, checkFive, check, editedFive, editedTwenty, preview, keystroke, keystrokeFive, keystrokeTwenty };
  });
  benchRecord('keystroke', figures);
  const ms = (x) => `${x.median.toFixed(3)} ms median, ${x.p95.toFixed(3)} ms p95`;
  console.log(`check() of a 5-deployment org (every private slot, with integrations): ${ms(figures.checkFive)}`);
  console.log(`check() of a ${figures.deployments}-deployment org: ${ms(figures.check)}`);
  console.log(`checkEdited() after a one-field edit, 5 deployments: ${ms(figures.editedFive)}; 20: ${ms(figures.editedTwenty)}`);
  console.log(`preview() of one deployment: ${ms(figures.preview)}`);
  console.log(`keystroke handler (check + findings + list; preview next frame): ${ms(figures.keystroke)}`);
  console.log(`keystroke handler, 5 deployments: ${ms(figures.keystrokeFive)}; 20: ${ms(figures.keystrokeTwenty)}`);
});
