// An admin keeps an event's books: from the year's overview to an event,
// adds a trainer's fee with the trainer's Stripe account, and pays it with
// one button (through the project's fake Stripe). With and without JavaScript.
const { test, expect, signInWithLink, expectNoAxeViolations } = require('./support');

const ADMINS = {
  hydrated: ['hanne.laenen@cawdekempen.test', 'biz-kempen'],
  'no-js': ['elisa.demeulaere@cawnoordwestvlaanderen.test', 'biz-noord-west-vlaanderen'],
};

test('an admin adds a trainer fee to an event and pays it through Stripe', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the desktop journeys cover it; the phone layout is in the back office axe run');
  test.setTimeout(90_000);
  const [admin, slug] = ADMINS[testInfo.project.name];
  const run = Date.now().toString(36);
  await signInWithLink(page, admin);

  await page.goto(`/beheer/${slug}`);
  await page.getByRole('link', { name: 'Financiën' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Financiën');
  await page.locator('table a[href$="/financien"]').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Financiën:');

  const fee = `Honorarium E2E ${run}`;
  await page.getByRole('combobox', { name: 'Soort', exact: true }).selectOption({ label: 'Lesgever' });
  await page.getByRole('textbox', { name: 'Omschrijving', exact: true }).fill(fee);
  await page.getByRole('textbox', { name: 'Begunstigde', exact: true }).fill('Cedric Lesage');
  await page.getByRole('textbox', { name: 'Budget', exact: true }).fill('200');
  await page.getByRole('textbox', { name: 'Werkelijk bedrag', exact: true }).fill('200');
  await page.getByRole('textbox', { name: 'Stripe-account van de begunstigde', exact: true }).fill(`acct_1E2E${run}`);
  await page.getByRole('button', { name: 'Kost toevoegen' }).click();
  await expect(page.getByText('De kost is toegevoegd.')).toBeVisible();
  if (testInfo.project.name === 'hydrated') await expectNoAxeViolations(page);

  // A new line is planned: approving it fixes the amount and the account, then it can be paid.
  await page.getByRole('button', { name: `${fee} goedkeuren voor € 200,00` }).click();
  await page.getByRole('button', { name: `Betalen via Stripe (€ 200,00) voor ${fee}` }).click();
  await expect(page.getByText('Betaald via Stripe.')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(fee) });
  await expect(row).toContainText('Betaald op');
  await expect(row).toContainText(/tr_[A-Za-z0-9]+/);
  await expect(page.getByRole('button', { name: `Betalen via Stripe (€ 200,00) voor ${fee}` })).toHaveCount(0);
});
