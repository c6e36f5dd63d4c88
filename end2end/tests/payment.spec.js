// A social worker pays her seat online (through the project's own Stripe
// stand-in, which every page marks as test mode), gets her ticket by mail,
// and cancels: the price goes back and the mail says so.
const { test, expect, ticketFromOutbox, matchFromOutbox, expectNoAxeViolations } = require('./support');

const EVENT = '/regio/biz-kempen/energie-facturen-lezen-en-sociale-tarieven';

test('a social worker pays online with Bancontact, then cancels and is refunded', async ({ page }, testInfo) => {
  const address = `bo.${testInfo.project.name}.${Date.now()}@ocmw-geel.test`;
  await page.goto(`${EVENT}/inschrijven`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inschrijven');
  await page.getByRole('combobox', { name: 'Tickettype' }).selectOption({ label: 'Partner – € 30' });
  await page.getByRole('textbox', { name: 'Deelnemer 1: naam' }).fill('Bo Vermeulen');
  await page.getByRole('textbox', { name: 'E-mailadres' }).first().fill(address);
  await page.getByRole('combobox', { name: 'Organisatie', exact: true }).selectOption({ label: 'OCMW Geel' });
  await page.getByRole('combobox', { name: 'Dieetwensen voor de lunch' }).selectOption({ label: 'Vegetarisch' });
  await page.getByRole('textbox', { name: 'Jouw naam' }).fill('Bo Vermeulen');
  await page.getByRole('textbox', { name: 'Jouw e-mailadres' }).fill(address);
  await page.getByRole('radio', { name: /Online betalen/ }).check();
  await expect(page.getByText(/Testmodus/).first()).toBeVisible();
  await page.getByRole('checkbox', { name: /De deelnemers weten/ }).check();
  await page.getByRole('button', { name: 'Inschrijven' }).click();

  // The hosted payment page (Stripe's, here its stand-in).
  await expect(page).toHaveURL(/\/_fake-stripe\/pay\/cs_test_/);
  await expect(page.getByText(/Testmodus/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('30');
  await page.getByRole('button', { name: 'Betalen met Bancontact' }).click();

  // Back on Leernet: the page tells the truth about the payment.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Betaald');
  await expect(page.getByText(/We ontvingen je betaling van € 30/)).toBeVisible();
  if (testInfo.project.name === 'hydrated') await expectNoAxeViolations(page);

  await page.goto(await ticketFromOutbox(address));
  await expect(page.getByText('Geldig ticket')).toBeVisible();
  await page.getByText('Afmelden…').click();
  await page.getByRole('button', { name: 'Ja, meld me af' }).click();
  await expect(page.getByText('Je bent afgemeld')).toBeVisible();
  // The mail confirms it, with the refund (the euro sign is quoted-printable in the file).
  await matchFromOutbox(address, /we storten [^\n]{1,16}30 terug/);
});
