// End-to-end tests of the builder page in Debian's Chromium, against `framesmith serve`
// (started here and stopped by Playwright when the run ends). Never downloads a browser.
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.env.E2E_PORT ?? 8731);

export default defineConfig({
  testDir: '.',
  testMatch: process.env.BENCH ? /bench\.spec\.mjs/ : /(?<!bench)\.spec\.mjs$/,
  outputDir: path.join(root, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    viewport: { width: 1440, height: 1000 },
  },
  webServer: {
    command: `${path.join(root, 'target/debug/framesmith')} serve --port ${port} --dir ${path.join(root, 'www')}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    stdout: 'pipe',
    timeout: 30_000,
  },
});
