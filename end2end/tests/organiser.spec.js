// The "done when" journey of the accounts and back-office issue: a new
// organiser's admin, tried as a new user would, signs in by link, brings in a
// partner OCMW, creates a learning network with four sessions, publishes it and
// invites the OCMW's coordinator, who signs in and finds it.
const { test, expect } = require('./support');
const { signInWithLink, expectNoAxeViolations } = require('./support');

test('a new organiser admin publishes a learning network and its coordinator sees it', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const run = `${testInfo.project.name}-${Date.now().toString(36)}`;
  const shortName = `BIZ Proef ${run}`;
  const slug = shortName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const nina = `nina.${run}@biz-proef.test`;
  const kim = `kim.${run}@ocmw-geel.test`;
  const title = `Leernetwerk energiearmoede ${run}`;
  const checkA11y = testInfo.project.name === 'hydrated';
  // Each person gets a browser of their own, set up as this project's pages are.
  const use = testInfo.project.use;
  const contextOptions = {
    baseURL: use.baseURL || process.env.LEERNET_E2E_URL,
    javaScriptEnabled: use.javaScriptEnabled,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    locale: 'nl-BE',
    timezoneId: 'Europe/Brussels',
  };
  const newPerson = async () => (await browser.newContext(contextOptions)).newPage();

  // The platform admin creates the organiser and invites its first admin.
  const platform = await newPerson();
  await signInWithLink(platform, 'platform@leernet.test');
  await platform.goto('/beheer');
  await platform.getByLabel('Volledige naam').fill(`${shortName} – Budget In Zicht`);
  await platform.getByLabel('Korte naam').fill(shortName);
  await platform.getByLabel('E-mailadres van de organisator').fill(`info.${run}@biz-proef.test`);
  await platform.getByLabel('Eerste beheerder: naam').fill('Nina Nieuw');
  await platform.getByLabel('Eerste beheerder: e-mailadres').fill(nina);
  await platform.getByRole('button', { name: 'Organisator aanmaken en beheerder uitnodigen' }).click();
  await expect(platform.getByText('De organisator is aangemaakt')).toBeVisible();
  await platform.context().close();

  // Nina opens the invitation and finds her (empty) back office.
  const page = await newPerson();
  await signInWithLink(page, nina, { ask: false });
  await expect(page.getByText('Welkom, Nina Nieuw')).toBeVisible();
  await page.getByRole('link', { name: 'Naar het beheer' }).click();
  await page.getByRole('link', { name: `${shortName} – Budget In Zicht` }).click();
  await expect(page).toHaveURL(new RegExp(`/beheer/${slug}$`));

  // Her partner OCMW comes in through a CSV import with a preview.
  await page.getByRole('link', { name: 'Partnerorganisaties' }).click();
  await page.getByRole('link', { name: 'Importeren uit CSV' }).click();
  await page.getByLabel('Of plak de inhoud hier').fill('naam;soort;gemeente\nOCMW Geel;ocmw;Geel\n');
  await page.getByRole('button', { name: 'Voorbeeld tonen' }).click();
  await expect(page.getByRole('heading', { name: 'Voorbeeld' })).toBeVisible();
  await page.getByRole('button', { name: 'Importeren bevestigen' }).click();
  await expect(page.getByRole('link', { name: 'OCMW Geel wijzigen' })).toBeVisible();

  // A learning network with four sessions, for partners only.
  await page.goto(`/beheer/${slug}`);
  await page.getByRole('link', { name: '+ Nieuwe activiteit' }).click();
  await page.getByRole('textbox', { name: 'Titel', exact: true }).fill(title);
  await page.getByRole('combobox', { name: 'Soort', exact: true }).selectOption('learning_network');
  await page.getByLabel('Wie mag inschrijven').selectOption('partners');
  await page.getByLabel('Samenvatting').fill('Vier namiddagen over energieschulden, met casussen uit de praktijk.');
  await page.getByLabel('Capaciteit').fill('24');
  const dates = ['2027-02-04', '2027-03-04', '2027-04-01', '2027-05-06'];
  for (let n = 0; n < dates.length; n++) {
    if (n > 0) await page.getByRole('button', { name: '+ Sessie toevoegen' }).click();
    await page.locator(`#sessie-${n}-datum`).fill(dates[n]);
    await page.locator(`#sessie-${n}-van`).fill('13:30');
    await page.locator(`#sessie-${n}-tot`).fill('16:30');
  }
  if (checkA11y) await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Aanmaken als concept' }).click();
  await expect(page.getByText('De activiteit is aangemaakt als concept')).toBeVisible();
  await expect(page.locator('#sessie-3-datum')).toHaveValue('2027-05-06');

  await page.goto(`/beheer/${slug}`);
  await page.getByRole('button', { name: `${title} publiceren` }).click();
  await expect(page.getByText('De activiteit is gepubliceerd')).toBeVisible();
  await expect(page.getByText(`maakte «${title}» aan`)).toBeVisible();

  // She invites the OCMW's coordinator.
  await page.getByRole('link', { name: 'Mensen en rollen' }).click();
  await page.getByRole('textbox', { name: 'Naam', exact: true }).fill('Kim Coördinator');
  await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(kim);
  await page.getByRole('combobox', { name: 'Rol', exact: true }).selectOption('coordinator');
  await page.getByRole('combobox', { name: 'Partnerorganisatie' }).selectOption({ label: 'OCMW Geel' });
  if (checkA11y) await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(page.getByText('De uitnodiging is verstuurd')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Coördinator – OCMW Geel' })).toBeVisible();
  await page.context().close();

  // The coordinator signs in with her invitation and sees the learning network.
  const coordinator = await newPerson();
  await signInWithLink(coordinator, kim, { ask: false });
  await expect(coordinator.getByRole('heading', { name: 'Aanbod voor OCMW Geel' })).toBeVisible();
  await expect(coordinator.getByRole('link', { name: title })).toBeVisible();
  await expect(coordinator.getByText('4 sessies').first()).toBeVisible();
  if (checkA11y) await expectNoAxeViolations(coordinator);
  await coordinator.getByRole('link', { name: title }).click();
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(title);
  await coordinator.context().close();
});
