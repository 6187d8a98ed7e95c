// Shared steps for the builder's end-to-end tests.
import { expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = path.join(root, 'target/debug/framesmith');
export const example = path.join(root, 'tests/fixtures/workspace.toml');

export async function open(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/');
  await page.waitForSelector('body[data-ready=true]');
  return errors;
}

export async function saved(page) {
  await expect(page.locator('#saved')).toHaveText('Saved');
}

export async function shot(page, name) {
  fs.mkdirSync(path.join(root, 'test-results/screens'), { recursive: true });
  await page.screenshot({ path: path.join(root, `test-results/screens/${name}.png`), fullPage: false });
}

export async function downloaded(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

/** `framesmith build` of a workspace file: {slug: framework.js bytes}. */
export function cliBuild(file) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'framesmith-e2e-'));
  execFileSync(cli, ['build', file, '--out', out]);
  const files = {};
  for (const slug of fs.readdirSync(out)) files[slug] = fs.readFileSync(path.join(out, slug, 'framework.js'));
  fs.rmSync(out, { recursive: true });
  return files;
}

export function tempFile(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'framesmith-e2e-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: path.join(root, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

/** Controls without a visible label that names them. */
export function unlabeled(page) {
  return page.evaluate(() => [...document.querySelectorAll('input:not([type=file]), select, textarea')]
    .filter((e) => !e.labels?.length || !e.labels[0].textContent.trim()).map((e) => e.id));
}

/** A benchmark's figures as data for `make bench` (tests/benches/run.mjs), which writes
 * BENCHMARKS.md from them: `<FRAMESMITH_BENCH_OUT>/<name>.json`. Outside `make bench`
 * (no FRAMESMITH_BENCH_OUT) the figures are only printed. */
export function benchRecord(name, figures) {
  console.log(`${name}: ${JSON.stringify(figures)}`);
  const dir = process.env.FRAMESMITH_BENCH_OUT;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(figures, null, 1));
}
