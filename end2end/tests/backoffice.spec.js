// Every page of the back office passes axe-core's WCAG 2.1 AA rules, on a
// desktop (Kempen's admin) and on a phone (NWVL's admin, so the two runs do
// not share a sign-in link).
const { test, expect, signInWithLink, expectNoAxeViolations } = require('./support');

const ADMINS = {
  hydrated: ['hanne.laenen@cawdekempen.test', 'biz-kempen'],
  phone: ['elisa.demeulaere@cawnoordwestvlaanderen.test', 'biz-noord-west-vlaanderen'],
};

test('the back office has no WCAG 2.1 AA violations', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'no-js', 'axe-core runs as a script in the page');
  test.setTimeout(120_000);
  const [admin, slug] = ADMINS[testInfo.project.name];
  await signInWithLink(page, admin);

  const base = `/beheer/${slug}`;
  const pages = [
    '/beheer',
    base,
    `${base}/activiteiten/nieuw`,
    `${base}/mensen`,
    `${base}/organisaties`,
    `${base}/organisaties/importeren`,
    `${base}/facturen`,
    `${base}/facturen/bankafschrift`,
    `${base}/betalingen`,
    `${base}/api`,
    `${base}/privacy`,
    `${base}/rapport`,
    `${base}/financien`,
    '/mijn/verwijderen',
  ];
  for (const path of pages) {
    await test.step(path, async () => {
      const response = await page.goto(path);
      expect(response.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    });
  }

  // The same pages in French, whose longer words must not break a label or a contrast.
  if (testInfo.project.name === 'hydrated') {
    // A cookie set for a page's url gets that page's directory as its path; the
    // language cookie the switcher sets is for the whole site.
    await page.context().addCookies([{ name: 'leernet_lang', value: 'fr', url: new URL('/', page.url()).href }]);
    for (const path of pages) {
      await test.step(`${path} (fr)`, async () => {
        const response = await page.goto(path);
        expect(response.status(), path).toBe(200);
        await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
        await expectNoAxeViolations(page);
      });
    }
    await page.context().clearCookies({ name: 'leernet_lang' });
  }

  // Pages reached from the lists: an event's editor and participants, an invoice, a partner.
  await page.goto(base);
  const event = await page.locator('table a[href*="/activiteiten/"]').first().getAttribute('href');
  for (const path of [event, `${event}/inschrijvingen`, `${event}/inchecken`, `${event}/financien`]) {
    await test.step(path, async () => {
      expect((await page.goto(path)).status(), path).toBe(200);
      await expectNoAxeViolations(page);
    });
  }
  await page.goto(`${base}/facturen`);
  const invoice = await page.locator('table a[href*="/facturen/"]').first().getAttribute('href');
  await page.goto(`${base}/organisaties`);
  const partner = await page.locator('table a[href*="/organisaties/"]').first().getAttribute('href');
  // An event's books from the year's overview, and one of its cost lines.
  await page.goto(`${base}/financien`);
  const books = await page.locator('table a[href$="/financien"]').first().getAttribute('href');
  await page.goto(books);
  const line = await page.locator('table a[href*="/financien/"]').first().getAttribute('href');
  for (const path of [invoice, partner, books, line]) {
    await test.step(path, async () => {
      expect((await page.goto(path)).status(), path).toBe(200);
      await expectNoAxeViolations(page);
    });
  }
});
