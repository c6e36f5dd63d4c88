// A coordinator of a partner OCMW (the demo's OCMW Geel, which takes part in
// BIZ Kempen's activities) opens her organisation's participation from /mijn:
// per organiser, per kind, per activity and per person, with a chart and the
// workbook. Runs hydrated, without JavaScript and on a phone; axe-core checks
// WCAG 2.1 AA where a script may run. Another organisation's report does not
// exist for her.
const { test, expect, signInWithLink, expectNoAxeViolations } = require('./support');

const COORDINATOR = 'griet.geudens@ocmw-geel.test';

test('a coordinator reads her own organisation across the regions', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signInWithLink(page, COORDINATOR);
  await page.goto('/mijn');
  await page.getByRole('link', { name: 'Deelname van OCMW Geel' }).first().click();
  await expect(page).toHaveURL(/\/mijn\/organisatie\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Deelname van OCMW Geel');
  await expect(page.getByRole('img', { name: /per organisator/i })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Per organisator' })).toContainText('BIZ Kempen');
  await expect(page.getByRole('heading', { name: 'Personen' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`coordinator-${testInfo.project.name}.png`), fullPage: true });
  if (testInfo.project.name !== 'no-js') await expectNoAxeViolations(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /XLSX/ }).first().click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

  // Another organisation's report: not found.
  const own = Number(new URL(page.url()).pathname.split('/').pop());
  const other = await page.goto(`/mijn/organisatie/${own + 1}`);
  expect(other.status()).toBe(404);
});
