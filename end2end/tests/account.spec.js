const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

/** The sign-in link in the newest mail to `address` in the file outbox. */
async function linkFromOutbox(address) {
  const dir = process.env.LEERNET_E2E_OUTBOX;
  for (let i = 0; i < 50; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const file of files) {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      // Undo quoted-printable soft breaks and escapes before looking for the link.
      const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      if (text.includes(address)) {
        const match = text.match(/https?:\/\/[^\s"<]+\/aanmelden\/[0-9a-f]{64}/);
        if (match) return new URL(match[0]).pathname;
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no sign-in mail for ${address} in ${dir}`);
}

test('a social worker signs in with a link from her mail and signs out', async ({ page }, testInfo) => {
  const address = `els.${testInfo.project.name}.${Date.now()}@ocmw-turnhout.test`;
  await page.goto('/mijn');
  await page.getByLabel('E-mailadres').fill('niet-goed');
  await page.getByRole('button', { name: 'Stuur me een aanmeldlink' }).click();
  await expect(page.getByText('Dit is geen geldig e-mailadres')).toBeVisible();
  await expect(page.getByLabel('E-mailadres')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('E-mailadres').fill(address);
  await page.getByRole('button', { name: 'Stuur me een aanmeldlink' }).click();
  await expect(page.getByText('Kijk in je mailbox.')).toBeVisible();

  await page.goto(await linkFromOutbox(address));
  await expect(page.getByText(`Je meldt je aan als ${address}`)).toBeVisible();
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page).toHaveURL(/\/mijn$/);
  await expect(page.getByText(`Je bent aangemeld als ${address}`)).toBeVisible();

  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/mijn');
  await expect(page.getByRole('button', { name: 'Stuur me een aanmeldlink' })).toBeVisible();
});
