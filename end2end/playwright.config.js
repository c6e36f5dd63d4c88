// Runs every journey twice: hydrated (JavaScript on) and as plain HTML
// (JavaScript off), which proves the pages and forms work without wasm.
const { defineConfig } = require('@playwright/test');

const baseURL = process.env.LEERNET_E2E_URL;
if (!baseURL) {
  throw new Error('LEERNET_E2E_URL is not set; run end2end/run.sh, which starts the server');
}

module.exports = defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL,
    locale: 'nl-BE',
    timezoneId: 'Europe/Brussels',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true, viewport: { width: 1280, height: 900 } } },
    { name: 'no-js', use: { javaScriptEnabled: false, viewport: { width: 1280, height: 900 } } },
    { name: 'phone', use: { javaScriptEnabled: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  ],
});
