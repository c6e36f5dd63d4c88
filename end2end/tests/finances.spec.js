// An admin keeps an event's books and pays a trainer through Stripe Connect
// (the project's fake Stripe): mails the trainer the onboarding link from
// their page, the trainer finishes at Stripe and comes back, and the admin
// adds the trainer's fee, approves it and pays it once. With and without JavaScript.
const { test, expect, matchFromOutbox, signInWithLink, expectNoAxeViolations } = require('./support');

const ADMINS = {
  hydrated: ['hanne.laenen@cawdekempen.test', 'biz-kempen', 'Sofie Mertens', 'sofie.mertens@energieadvies.test'],
  'no-js': [
    'elisa.demeulaere@cawnoordwestvlaanderen.test',
    'biz-noord-west-vlaanderen',
    'Griet Vanhoutte',
    'griet.vanhoutte@vormingswerk.test',
  ],
};

const ONBOARDING_LINK = /https?:\/\/[^\s"<]+\/lesgever\/stripe\/[0-9a-f]{64}/;

test('an admin approves a trainer fee and pays it once through Connect after the trainer onboarded', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the desktop journeys cover it; the phone layout is in the back office axe run');
  test.setTimeout(120_000);
  const [admin, slug, trainer, trainerEmail] = ADMINS[testInfo.project.name];
  const run = Date.now().toString(36);
  await signInWithLink(page, admin);

  // Not onboarded yet: the admin mails the trainer the link from their page.
  await page.goto(`/beheer/${slug}/lesgevers`);
  await page.getByRole('link', { name: trainer, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Lesgever: ${trainer}`);
  await expect(page.getByRole('heading', { name: 'Uitbetalen via Stripe' })).toBeVisible();
  await page.getByRole('button', { name: `Onboardinglink voor Stripe mailen naar ${trainerEmail}` }).click();
  await expect(page.getByText('De link is gemaild.')).toBeVisible();
  await expect(page.getByText('Onboarding bij Stripe nog niet afgerond')).toBeVisible();
  if (testInfo.project.name === 'hydrated') await expectNoAxeViolations(page);
  const trainerPage = page.url();

  // The trainer opens the mailed link, finishes at Stripe and comes back.
  const link = new URL(await matchFromOutbox(trainerEmail, ONBOARDING_LINK)).pathname;
  const trainerContext = await page.context().browser().newContext({
    javaScriptEnabled: testInfo.project.name !== 'no-js',
    locale: 'nl-BE',
  });
  const trainerTab = await trainerContext.newPage();
  await trainerTab.goto(new URL(link, page.url()).href);
  await expect(trainerTab.getByRole('heading', { level: 1 })).toHaveText('Uitbetalingen instellen');
  await trainerTab.getByRole('button', { name: 'Gegevens bevestigen en afronden' }).click();
  await expect(trainerTab.getByRole('heading', { level: 1 })).toHaveText(`Bedankt, ${trainer}`);
  await expect(trainerTab.getByText('Je Stripe-account is klaar.')).toBeVisible();
  if (testInfo.project.name === 'hydrated') await expectNoAxeViolations(trainerTab);
  await trainerContext.close();

  await page.goto(trainerPage.split('?')[0]);
  await expect(page.getByText('Klaar voor uitbetalingen')).toBeVisible();

  // The admin adds the trainer's fee to an event, approves it and pays it through Stripe, once.
  await page.goto(`/beheer/${slug}`);
  await page.getByRole('link', { name: 'Financiën' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Financiën');
  await page.locator('table a[href$="/financien"]').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Financiën:');

  const fee = `Honorarium E2E ${run}`;
  await page.getByRole('combobox', { name: 'Soort', exact: true }).selectOption({ label: 'Lesgever' });
  await page.getByRole('textbox', { name: 'Omschrijving', exact: true }).fill(fee);
  await page.getByRole('combobox', { name: 'Lesgever als begunstigde', exact: true }).selectOption({ label: trainer });
  await page.getByRole('textbox', { name: 'Budget', exact: true }).fill('200');
  await page.getByRole('textbox', { name: 'Werkelijk bedrag', exact: true }).fill('200');
  await expect(page.getByRole('textbox', { name: 'Stripe-account van de begunstigde' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Kost toevoegen' }).click();
  await expect(page.getByText('De kost is toegevoegd.')).toBeVisible();
  if (testInfo.project.name === 'hydrated') await expectNoAxeViolations(page);

  // A new line is planned: approving it fixes the amount, then it can be paid.
  await page.getByRole('button', { name: `${fee} goedkeuren voor € 200,00` }).click();
  await page.getByRole('button', { name: `Betalen via Stripe (€ 200,00) voor ${fee}` }).click();
  await expect(page.getByText('Betaald via Stripe.')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(fee) });
  await expect(row).toContainText('Betaald op');
  await expect(row).toContainText(/tr_[A-Za-z0-9]+/);
  await expect(page.getByRole('button', { name: `Betalen via Stripe (€ 200,00) voor ${fee}` })).toHaveCount(0);
});
