// A social worker registers for a meeting, gets her ticket by mail, shows it,
// and cancels when she cannot come.
const { test, expect } = require('./support');
const { ticketFromOutbox, expectNoAxeViolations } = require('./support');

test('a social worker registers, opens her ticket and cancels', async ({ page }, testInfo) => {
  const address = `an.${testInfo.project.name}.${Date.now()}@ocmw-geel.test`;
  await page.goto('/regio/biz-kempen/stuurgroep-biz-kempen-voorjaar-2027');
  await page.getByRole('link', { name: 'Inschrijven', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inschrijven');

  // Forgetting the consent box brings the form back with the message and what was typed.
  await page.getByRole('textbox', { name: 'Deelnemer 1: naam' }).fill('An Peeters');
  await page.getByRole('textbox', { name: 'E-mailadres' }).first().fill(address);
  await page.getByRole('combobox', { name: 'Organisatie', exact: true }).selectOption({ label: 'OCMW Geel' });
  await page.getByRole('textbox', { name: 'Jouw naam' }).fill('An Peeters');
  await page.getByRole('textbox', { name: 'Jouw e-mailadres' }).fill(address);
  await page.getByRole('button', { name: 'Inschrijven' }).click();
  await expect(page.getByText('Bevestig dat de deelnemers weten')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Jouw e-mailadres' })).toHaveValue(address);

  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Inschrijven' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ingeschreven');

  await page.goto(await ticketFromOutbox(address));
  await expect(page.getByText('Geldig ticket')).toBeVisible();
  await expect(page.getByRole('img', { name: /QR-code/ })).toBeVisible();
  if (testInfo.project.name === 'hydrated') await expectNoAxeViolations(page);
  await page.getByText('Afmelden…').click();
  await page.getByRole('button', { name: 'Ja, meld me af' }).click();
  await expect(page.getByText('Je bent afgemeld')).toBeVisible();
  await expect(page.getByText('Afgemeld', { exact: true })).toBeVisible();
});
