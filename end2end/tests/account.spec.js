const { test, expect } = require('./support');
const { linkFromOutbox } = require('./support');

test('a social worker signs in with a link from her mail and signs out', async ({ page }, testInfo) => {
  const address = `els.${testInfo.project.name}.${Date.now()}@ocmw-turnhout.test`;
  await page.goto('/mijn');
  await page.getByRole('textbox', { name: 'E-mailadres' }).fill('niet-goed');
  await page.getByRole('button', { name: 'Stuur me een aanmeldlink' }).click();
  await expect(page.getByText('Dit is geen geldig e-mailadres')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'E-mailadres' })).toHaveAttribute('aria-invalid', 'true');

  await page.getByRole('textbox', { name: 'E-mailadres' }).fill(address);
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
