const { test, expect } = require('./support');
const AxeBuilder = require('@axe-core/playwright').default;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

test('a social worker finds a training in the catalogue and opens its page', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('budget- en schuldhulpverlening');
  await expect(page.getByText('Duurzaam Budgetmanagement').first()).toBeVisible();

  // Filter on training days. With JavaScript the select applies itself (once hydrated); without, the button does.
  if (testInfo.project.name !== 'no-js') {
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  }
  await page.getByLabel('Soort').selectOption('vorming');
  if (testInfo.project.name === 'no-js') {
    await page.getByRole('button', { name: 'Toon aanbod' }).click();
  }
  await expect(page).toHaveURL(/soort=vorming/);
  await expect(page.getByRole('link', { name: /Verzekeringen/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Duurzaam Budgetmanagement/ })).toHaveCount(0);

  await page.getByRole('link', { name: /Verzekeringen/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Verzekeringen');
  await expect(page.getByText('Cedric Lesage').first()).toBeVisible();
  await expect(page.getByText('Nog 3 plaatsen').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Praktisch' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Inschrijven', exact: true })).toHaveAttribute('href', /\/inschrijven$/);
});

test('one region has its own page', async ({ page }) => {
  await page.goto('/regio');
  await page.getByRole('link', { name: 'BIZ Kempen' }).click();
  await expect(page).toHaveURL(/\/regio\/biz-kempen$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('BIZ Kempen');
  await expect(page.getByText('Casusbesprekingen').first()).toBeVisible();
  await expect(page.getByText('Telecom')).toHaveCount(0);
});

test('the price calculator works once the page is hydrated', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'no-js', 'needs JavaScript');
  await page.goto('/?zoek=Duurzaam');
  await page.getByRole('link', { name: /Duurzaam Budgetmanagement/ }).first().click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const total = page.getByTestId('calc-total');
  const single = await total.textContent();
  const cents = (text) => Math.round(parseFloat(text.replace('€', '').replace(/\./g, '').replace(',', '.').trim()) * 100);
  await page.getByLabel('Aantal').fill('3');
  await expect(total).not.toHaveText(single);
  expect(cents(await total.textContent())).toBe(3 * cents(single));
});

test('bad filters and unknown pages explain themselves', async ({ page }) => {
  const bad = await page.goto('/?maand=2026-13');
  expect(bad.status()).toBe(400);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ongeldige vraag');
  await expect(page.getByText('«maand»')).toBeVisible();

  const missing = await page.goto('/regio/biz-kempen/bestaat-niet');
  expect(missing.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Niet gevonden');
});

// One test per page: each gets its own time, and a failure names the page.
for (const path of ['/', '/regio', '/regio/biz-kempen', '/?soort=vorming', '/onbekend', '/aanmelden', '/mijn', '/aanmelden?fout=email-ongeldig&email=x']) {
  test(`${path} has no WCAG 2.1 AA violations`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name === 'no-js', 'axe-core runs as a script in the page');
    await page.goto(path);
    await expectNoAxeViolations(page);
  });
}

test('an event page and its registration form have no WCAG 2.1 AA violations', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'no-js', 'axe-core runs as a script in the page');
  await page.goto('/?zoek=Duurzaam');
  await page.getByRole('link', { name: /Duurzaam Budgetmanagement/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Duurzaam Budgetmanagement');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: /^(Inschrijven|Op de wachtlijst)$/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inschrijven');
  await expectNoAxeViolations(page);
});
