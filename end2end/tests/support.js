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

const SIGN_IN_LINK = /https?:\/\/[^\s"<]+\/aanmelden\/[0-9a-f]{64}/;

/** The sign-in link in the newest mail to `address` in the server's file outbox, skipping the paths in `except`. */
async function linkFromOutbox(address, except = new Set()) {
  return pathFromOutbox(address, SIGN_IN_LINK, except);
}

/** The ticket link in the newest mail to `address`. */
async function ticketFromOutbox(address) {
  return pathFromOutbox(address, /https?:\/\/[^\s"<]+\/ticket\/[0-9a-f]{64}/);
}

async function pathFromOutbox(address, pattern, except = new Set()) {
  return new URL(await matchFromOutbox(address, pattern, (m) => !except.has(new URL(m).pathname))).pathname;
}

/** Every mail to `address` in the outbox, newest first, as text. */
function mailsTo(address) {
  const dir = process.env.LEERNET_E2E_OUTBOX;
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
  return files
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .map(({ f }) => {
      const raw = fs.readFileSync(path.join(dir, f), 'utf8');
      // Undo quoted-printable soft breaks and escapes before looking for links.
      return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    })
    .filter((text) => text.includes(`To: ${address}`) || text.includes(`<${address}>`));
}

/** The first match of `pattern` that `accept`s, in the newest mail to `address` that has one (waits for the mail worker). */
async function matchFromOutbox(address, pattern, accept = () => true) {
  for (let i = 0; i < 75; i++) {
    for (const text of mailsTo(address)) {
      const match = text.match(pattern);
      if (match && accept(match[0])) return match[0];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail with ${pattern} for ${address} in ${process.env.LEERNET_E2E_OUTBOX}`);
}

/**
 * Signs `address` in through the link in their mail (sent before or asked for now).
 *
 * A link works once. When asking, the links already in the outbox are old ones
 * (used, or another test's), so only a new link counts; and since another
 * worker may sign the same person in at the same moment and use the link we
 * took, a link that no longer offers "Aanmelden" is a reason to ask again.
 */
async function signInWithLink(page, address, { ask = true } = {}) {
  const tried = new Set(ask ? mailsTo(address).map((t) => t.match(SIGN_IN_LINK)).filter(Boolean).map((m) => new URL(m[0]).pathname) : []);
  const attempts = ask ? 3 : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (ask) {
      await page.goto('/aanmelden');
      await page.getByRole('textbox', { name: 'E-mailadres' }).fill(address);
      await page.getByRole('button', { name: 'Stuur me een aanmeldlink' }).click();
      await expect(page.getByText('Kijk in je mailbox.')).toBeVisible();
    }
    const link = await linkFromOutbox(address, tried);
    tried.add(link);
    await page.goto(link);
    const button = page.getByRole('button', { name: 'Aanmelden' });
    const offered = await button.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    const last = attempt === attempts;
    if (!offered && !last) continue;
    await button.click();
    // The other worker may still have used the link between the page and the click.
    if (!last) {
      await page.waitForURL(/\/mijn$|\/aanmelden\?fout=/);
      if (/\/mijn$/.test(page.url())) return;
      continue;
    }
    await expect(page).toHaveURL(/\/mijn$/);
    return;
  }
}

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/**
 * The QR image of the ticket in the newest mail to `address` that has one (the
 * confirmation's inline `image/png`), as PNG bytes. Read from the raw mail: a
 * base64 body is no quoted-printable text.
 */
async function ticketQrFromOutbox(address) {
  const dir = process.env.LEERNET_E2E_OUTBOX;
  for (let i = 0; i < 75; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    const newestFirst = files
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .map(({ f }) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .filter((raw) => raw.includes(`To: ${address}`) || raw.includes(`<${address}>`));
    for (const raw of newestFirst) {
      const part = raw.match(/Content-Type: image\/png[^\r\n]*(?:\r?\n[^\r\n]+)*\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/);
      if (part) return Buffer.from(part[1].replace(/\s+/g, ''), 'base64');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail with a QR image for ${address} in ${dir}`);
}

/**
 * Writes `png` (a QR code) as a video for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`): a Y4M file, that is a text header and
 * raw I420 frames. The code sits in the middle of a 640x480 frame on white,
 * scaled (nearest neighbour) to `side` pixels, with a white margin around it
 * as the quiet zone, in front of a grey "table".
 */
function qrVideo(png, file, { width = 640, height = 480, side = 400, frames = 3 } = {}) {
  const { PNG } = require('pngjs');
  const image = PNG.sync.read(png);
  const luma = new Uint8Array(width * height).fill(150);
  const margin = 16;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  for (let y = -margin; y < side + margin; y++) {
    for (let x = -margin; x < side + margin; x++) {
      let white = true;
      if (x >= 0 && y >= 0 && x < side && y < side) {
        const sx = Math.floor((x * image.width) / side);
        const sy = Math.floor((y * image.height) / side);
        white = image.data[(sy * image.width + sx) * 4] > 127;
      }
      luma[(top + y) * width + left + x] = white ? 235 : 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), Buffer.from(luma), chroma, chroma);
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

/** Registers `name` for `event` through the public form, with their organisation (a partners' meeting). */
async function registerForMeeting(page, event, organisation, name, address) {
  await page.goto(`${event}/inschrijven`);
  await page.getByRole('textbox', { name: 'Deelnemer 1: naam' }).fill(name);
  await page.getByRole('textbox', { name: 'E-mailadres' }).first().fill(address);
  await page.getByRole('combobox', { name: 'Organisatie', exact: true }).selectOption({ label: organisation });
  await page.getByRole('textbox', { name: 'Jouw naam' }).fill(name);
  await page.getByRole('textbox', { name: 'Jouw e-mailadres' }).fill(address);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Inschrijven' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ingeschreven');
}

module.exports = {
  test,
  expect,
  linkFromOutbox,
  ticketFromOutbox,
  ticketQrFromOutbox,
  qrVideo,
  registerForMeeting,
  matchFromOutbox,
  signInWithLink,
  expectNoAxeViolations,
};
