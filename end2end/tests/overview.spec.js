// The Flemish overview: a platform admin opens it from the back office's
// landing page, reads the charts (SVG drawn on the server, named for screen
// readers, with the tables beside them), picks another period and downloads
// the workbook. Runs hydrated, without JavaScript and on a phone; axe-core
// checks WCAG 2.1 AA where a script may run. Signs in as the demo's second
// platform admin, so it does not use up the first one's sign-in links.
const { test, expect, signInWithLink, expectNoAxeViolations } = require('./support');

const PLATFORM = 'overzicht@leernet.test';

test('a platform admin reads the Flemish overview with its charts', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signInWithLink(page, PLATFORM);
  await page.goto('/beheer');
  await page.getByRole('link', { name: "Vlaams overzicht: deelname in alle regio's" }).click();
  await expect(page).toHaveURL(/\/overzicht$/);
  const year = new Date().getFullYear();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Vlaams overzicht ${year}`);

  // The charts: images with a name, and the table with the same figures.
  await expect(page.getByRole('img', { name: 'Deelname per organisatie' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Ingeschreven per maand/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Per organisator (regio)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Per organisator (regio)' })).toContainText('BIZ Kempen');
  await expect(page.getByRole('region', { name: 'Per organisatie' })).toContainText('OCMW');
  await page.screenshot({ path: testInfo.outputPath(`overview-${testInfo.project.name}.png`), fullPage: true });
  if (testInfo.project.name !== 'no-js') await expectNoAxeViolations(page);

  // Another period: the first half of last year (a GET form, no script needed).
  await page.getByLabel('Van', { exact: true }).fill(`${year - 1}-01-01`);
  await page.getByLabel('Tot en met', { exact: true }).fill(`${year - 1}-06-30`);
  await page.getByRole('button', { name: 'Toon' }).click();
  await expect(page).toHaveURL(new RegExp(`van=${year - 1}-01-01`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Vlaams overzicht ${year - 1}-01-01 – ${year - 1}-06-30`);

  // The workbook.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /XLSX/ }).first().click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^vlaams-overzicht-.*\.xlsx$/);
});
