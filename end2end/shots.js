// Screenshots of pages for a person to look at (not a test): node end2end/shots.js BASE OUTBOX OUTDIR
const { chromium } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const [base, outbox, outdir] = process.argv.slice(2);

function linkFor(address, pattern) {
  const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'))
    .map((f) => ({ f, t: fs.statSync(path.join(outbox, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of files) {
    const raw = fs.readFileSync(path.join(outbox, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    if (raw.includes(address)) { const m = raw.match(pattern); if (m) return new URL(m[0]).pathname; }
  }
  return null;
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const pages = JSON.parse(process.env.SHOTS || '[]');
  const width = Number(process.env.WIDTH || 390);
  const context = await browser.newContext({ baseURL: base, viewport: { width, height: 844 }, locale: 'nl-BE' });
  const page = await context.newPage();
  for (const who of (process.env.PAY || '').split(',').filter(Boolean)) {
    await page.goto('/regio/biz-kempen/energie-facturen-lezen-en-sociale-tarieven/inschrijven');
    await page.getByRole('combobox', { name: 'Tickettype' }).selectOption({ label: 'Partner – € 30' });
    await page.getByRole('textbox', { name: 'Deelnemer 1: naam' }).fill(who);
    await page.getByRole('textbox', { name: 'E-mailadres' }).first().fill(`${who.toLowerCase().replace(/ /g, '.')}@ocmw-geel.test`);
    await page.getByRole('combobox', { name: 'Organisatie', exact: true }).selectOption({ label: 'OCMW Geel' });
    await page.getByRole('combobox', { name: 'Dieetwensen voor de lunch' }).selectOption({ label: 'Vegetarisch' });
    await page.getByRole('textbox', { name: 'Jouw naam' }).fill(who);
    await page.getByRole('textbox', { name: 'Jouw e-mailadres' }).fill(`${who.toLowerCase().replace(/ /g, '.')}@ocmw-geel.test`);
    await page.getByRole('radio', { name: /Online betalen/ }).check();
    await page.getByRole('checkbox', { name: /De deelnemers weten/ }).check();
    if (process.env.SHOOT_FORM) await page.screenshot({ path: path.join(outdir, `inschrijven-online-${width}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Inschrijven' }).click();
    await page.waitForURL(/_fake-stripe/);
    if (process.env.SHOOT_FORM) await page.screenshot({ path: path.join(outdir, `fake-stripe-${width}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Betalen met Bancontact' }).click();
    await page.waitForURL(/\/betaling\//);
    if (process.env.SHOOT_FORM) await page.screenshot({ path: path.join(outdir, `betaald-${width}.png`), fullPage: true });
  }
  if (process.env.SIGN_IN) {
    await page.goto('/aanmelden');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(process.env.SIGN_IN);
    await page.getByRole('button', { name: 'Stuur me een aanmeldlink' }).click();
    await page.waitForTimeout(1500);
    await page.goto(linkFor(process.env.SIGN_IN, /https?:\/\/[^\s"<]+\/aanmelden\/[0-9a-f]{64}/));
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForURL(/\/mijn$/);
  }
  for (const [name, url] of pages) {
    await page.goto(url);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(outdir, `${name}-${width}.png`), fullPage: true });
    // SLICES=1: the page also in screen-high pieces, readable where a full page is scaled down.
    if (process.env.SLICES) {
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, i = 1; y < height; y += 844, i++) {
        const clip = { x: 0, y, width, height: Math.min(844, height - y) };
        await page.screenshot({ path: path.join(outdir, `${name}-${width}-${i}.png`), fullPage: true, clip });
      }
    }
  }
  await browser.close();
})();
