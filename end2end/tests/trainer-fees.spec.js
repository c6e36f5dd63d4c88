const { test, expect, signInWithLink, expectNoAxeViolations } = require('./support');

// Sofie Mertens trains for BIZ Kempen (the demo's trainer with her own address
// and no role there): her fees, her payment details and a fee statement.
// One project: every sign-in link counts against the e2e run's per-address
// limit of links (three an hour), shared by all journeys from 127.0.0.1.
const SOFIE = 'sofie.mertens@energieadvies.test';

test('a trainer reads her fees, keeps her bank account and downloads a fee statement', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'hydrated', 'one run: the sign-in links of one run are limited');
  await signInWithLink(page, SOFIE);
  await page.getByRole('link', { name: 'Mijn vergoedingen en gegevens' }).click();
  await expect(page).toHaveURL(/\/mijn\/lesgever$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn vergoedingen als lesgever');
  await expect(page.getByRole('heading', { name: 'Lesgever bij BIZ Kempen' })).toBeVisible();
  const fees = page.getByRole('region', { name: 'Vergoedingen' });
  // Each fee says where it stands, in words (which ones the demo has depends on its date).
  await expect(fees.getByRole('cell', { name: /^(Gepland, nog niet goedgekeurd|Goedgekeurd|Naar de bank|Betaald)/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  // A fee statement of one of her activities, as a PDF.
  const statement = page.getByRole('link', { name: /Vergoedingsstaat van .* \(pdf\)$/ }).first();
  const href = await statement.getAttribute('href');
  const pdf = await page.request.get(href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Her details: a typo in the IBAN is refused next to the field.
  await page.getByRole('link', { name: 'Gegevens aanpassen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Je gegevens bij BIZ Kempen');
  await page.getByRole('textbox', { name: 'IBAN' }).fill('BE68 5390 0754 7035');
  await page.getByRole('combobox', { name: 'Btw-status' }).selectOption({ label: 'Geen onderneming (particulier)' });
  await page.getByRole('button', { name: 'Gegevens bewaren' }).click();
  await expect(page.getByText('De controlegetallen van deze IBAN kloppen niet')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'IBAN' })).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  await page.getByRole('textbox', { name: 'IBAN' }).fill('BE68 5390 0754 7034');
  await page.getByRole('button', { name: 'Gegevens bewaren' }).click();
  await expect(page).toHaveURL(/\/mijn\/lesgever\?melding=bewaard/);
  await expect(page.getByText('Je gegevens zijn bewaard.')).toBeVisible();
  await expect(page.getByText('BE68 5390 0754 7034')).toBeVisible();
});
