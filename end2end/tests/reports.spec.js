// Kempen's staff put the year report together: opens the participation report,
// asks for another period, opens an OCMW's own page from it and downloads the
// workbook. On a desktop and a phone with JavaScript, and without it; axe on
// every page. Signs in as Kempen's demo staff member for reports, Lotte (the
// report is for the organiser's staff; each address gets three sign-in links
// an hour: one per project).
const fs = require('fs');
const { test, expect, signInWithLink, expectNoAxeViolations } = require('./support');

const ADMIN = 'lotte.verachtert@cawdekempen.test';
const SLUG = 'biz-kempen';

test('staff read the report over a period, an organisation and downloads the workbook', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  // axe-core runs as a script in the page: not without JavaScript.
  const axe = async () => {
    if (testInfo.project.name !== 'no-js') await expectNoAxeViolations(page);
  };
  await signInWithLink(page, ADMIN);

  await page.goto(`/beheer/${SLUG}/rapport`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Deelname');
  await expect(page.getByRole('heading', { name: 'Per organisatie' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Per activiteit' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Partners die niet deelnamen' })).toBeVisible();
  await axe();

  // Another period, through the form (a GET: no script needed).
  const year = new Date().getFullYear();
  await page.getByLabel('Van', { exact: true }).fill(`${year}-01-01`);
  await page.getByLabel('Tot en met', { exact: true }).fill(`${year}-06-30`);
  await page.getByRole('button', { name: 'Toon' }).click();
  await expect(page).toHaveURL(new RegExp(`van=${year}-01-01&tot=${year}-06-30`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Deelname ${year}-01-01 – ${year}-06-30`);
  await axe();

  // A period that is none: the reason next to the field.
  await page.goto(`/beheer/${SLUG}/rapport?van=${year}-07-01&tot=${year}-06-30`);
  await expect(page.getByText('De begindatum valt na de einddatum.')).toBeVisible();
  await axe();

  // Back to the calendar year, then an organisation's own page (OCMWs come first).
  await page.goto(`/beheer/${SLUG}/rapport?jaar=${year}`);
  const first = page.locator('table a[href*="/rapport/organisaties/"]').first();
  const name = (await first.textContent()).trim();
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await expect(page.getByRole('heading', { name: 'Per activiteit' })).toBeVisible();
  await axe();

  // The organisation's workbook.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download alle tabellen (XLSX)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  // And the report's own.
  await page.goto(`/beheer/${SLUG}/rapport?jaar=${year}`);
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download alle tabellen (XLSX)' }).click(),
  ]);
  expect(report.suggestedFilename()).toBe(`deelname-${SLUG}-${year}.xlsx`);
});
