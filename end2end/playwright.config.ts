import { defineConfig, devices } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

// The server under test: the release binary cargo-leptos built, on a fresh SQLite file.
const port = Number(process.env.PARTAGE_E2E_PORT ?? 3100);
// Made once, by the main process; the test processes inherit it (to run the binary's own
// commands, such as `create-admin`, on the same database).
process.env.PARTAGE_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'partage-e2e-'));
const dataDir = process.env.PARTAGE_E2E_DATA_DIR;
const bin = process.env.PARTAGE_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? '../target', 'release', 'partage');
process.env.PARTAGE_BIN = bin;
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, '../target/site');
// Emails go to a local SMTP sink that writes them here; the test processes inherit the folder.
process.env.PARTAGE_E2E_MAILDIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'partage-e2e-mail-'));
const smtpPort = Number(process.env.PARTAGE_E2E_SMTP_PORT ?? port + 25);
process.env.PARTAGE_E2E_SMTP_PORT = String(smtpPort);

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    locale: 'fr-CA',
  },
  projects: [
    { name: 'phone', use: { ...devices['Pixel 5'], ...chromium, viewport: { width: 360, height: 740 } } },
    { name: 'desktop', use: { ...chromium, viewport: { width: 1366, height: 900 } } },
  ],
  webServer: [{
    command: 'node smtp-sink.mjs',
    port: smtpPort,
    timeout: 10_000,
    reuseExistingServer: false,
  }, {
    command: `${bin} serve`,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dataDir}/partage.db`,
      PARTAGE_ADDR: `127.0.0.1:${port}`,
      PARTAGE_DATA_DIR: dataDir,
      LEPTOS_SITE_ROOT: siteRoot,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      RUST_LOG: 'warn',
    },
  }],
});
