// Shared helpers for the journeys (not a spec file: Playwright does not run it).
const base = require('@playwright/test');
const { expect } = base;

/**
 * Playwright's `test`, with one check after every journey: the browser
 * reported no Content-Security-Policy violation (a blocked hydration script
 * or wasm would show up here, and the page would silently stay plain HTML).
 */
const test = base.test.extend({
  page: async ({ page }, use) => {
    const violations = [];
    page.on('console', (message) => {
      const text = message.text();
      if (/Content[ -]Security[ -]Policy/i.test(text)) violations.push(text);
    });
    await use(page);
    expect(violations, 'Content-Security-Policy violations in the console').toEqual([]);
  },
});
const AxeBuilder = require('@axe-core/playwright').default;
const fs = require('fs');
const path = require('path');

/** The sign-in link in the newest mail to `address` in the server's file outbox. */
async function linkFromOutbox(address) {
  return pathFromOutbox(address, /https?:\/\/[^\s"<]+\/aanmelden\/[0-9a-f]{64}/);
}

/** The ticket link in the newest mail to `address`. */
async function ticketFromOutbox(address) {
  return pathFromOutbox(address, /https?:\/\/[^\s"<]+\/ticket\/[0-9a-f]{64}/);
}

async function pathFromOutbox(address, pattern) {
  return new URL(await matchFromOutbox(address, pattern)).pathname;
}

/** The first match of `pattern` in the newest mail to `address` that has one (waits for the mail worker). */
async function matchFromOutbox(address, pattern) {
  const dir = process.env.LEERNET_E2E_OUTBOX;
  for (let i = 0; i < 75; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    const newestFirst = files
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .map((x) => x.f);
    for (const file of newestFirst) {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      // Undo quoted-printable soft breaks and escapes before looking for the link.
      const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      if (text.includes(`To: ${address}`) || text.includes(`<${address}>`)) {
        const match = text.match(pattern);
        if (match) return match[0];
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail with ${pattern} for ${address} in ${dir}`);
}

/** Signs `address` in through the link in their mail (sent before or asked for now). */
async function signInWithLink(page, address, { ask = true } = {}) {
  if (ask) {
    await page.goto('/aanmelden');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(address);
    await page.getByRole('button', { name: 'Stuur me een aanmeldlink' }).click();
    await expect(page.getByText('Kijk in je mailbox.')).toBeVisible();
  }
  await page.goto(await linkFromOutbox(address));
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page).toHaveURL(/\/mijn$/);
}

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

module.exports = { test, expect, linkFromOutbox, ticketFromOutbox, matchFromOutbox, signInWithLink, expectNoAxeViolations };
