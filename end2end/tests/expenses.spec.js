// A trainer claims travel and material for an activity they teach, with a
// receipt, through the plain form (no JavaScript needed: a multipart post);
// an admin of the organiser approves it on the list of claims. Screenshots
// of both pages go to test-results (desktop and phone).
const { test, expect, signInWithLink } = require('./support');

// The form is meant to work without script: the journey runs without it.
test.use({ javaScriptEnabled: false });

const TRAINER = 'alexander.exelmans@cawdekempen.test';
const ADMIN = 'hanne.laenen@cawdekempen.test';
// One white pixel.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=',
  'base64',
);

test('a trainer claims expenses with a receipt and an admin approves them', async ({ page }, testInfo) => {
  // Not yet in the run: it signs Hanne in a fourth time, past the three sign-in links an
  // address gets an hour (backoffice, door-offline and finances use hers); it needs a second
  // Kempen admin in the demo first. The server tests cover the claim end to end meanwhile.
  test.skip(true, 'needs its own demo admin: the sign-in links of Hanne are used up in one run');
  test.setTimeout(90_000);
  const run = Date.now().toString(36);
  const material = `Hand-outs ${run}`;
  await signInWithLink(page, TRAINER);
  await page.getByRole('link', { name: 'Onkosten indienen (verplaatsing en materiaal)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn onkosten');
  await page.getByRole('combobox', { name: 'Activiteit' }).selectOption({ index: 1 });
  await page.getByRole('textbox', { name: 'Kilometers' }).fill('42,5');
  await page.getByRole('textbox', { name: 'Omschrijving 1' }).fill(material);
  await page.getByRole('textbox', { name: 'Bedrag 1 (€)' }).fill('18,40');
  // A receipt called .pdf that is a PNG: accepted as what its bytes are.
  await page.getByLabel('Bewijsstukken').setInputFiles({ name: 'kasticket.pdf', mimeType: 'application/pdf', buffer: PNG });
  await page.screenshot({ path: testInfo.outputPath(`trainer-form-${testInfo.project.name}.png`), fullPage: true });
  await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
  await expect(page.getByText('Je aanvraag is ingediend.')).toBeVisible();
  const claim = page.locator('li.claim', { hasText: material });
  await expect(claim).toContainText('Ingediend');
  await expect(claim).toContainText('42,5 km × € 0,4269');
  await expect(claim.getByRole('link', { name: 'kasticket.png' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`trainer-claims-${testInfo.project.name}.png`), fullPage: true });

  await signInWithLink(page, ADMIN);
  await page.goto('/beheer/biz-kempen/financien');
  await page.getByRole('link', { name: "Onkostennota's van lesgevers" }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Onkostennota's van lesgevers");
  const waiting = page.locator('li.claim', { hasText: material });
  // 42,5 km × € 0,4269 = € 18,14 (18,14325), plus € 18,40.
  await expect(waiting).toContainText('€ 36,54');
  await page.screenshot({ path: testInfo.outputPath(`admin-list-${testInfo.project.name}.png`), fullPage: true });
  await waiting.getByRole('button', { name: 'Goedkeuren (€ 36,54)' }).click();
  await expect(page.getByText('De aanvraag is goedgekeurd')).toBeVisible();
  await expect(page.locator('li.claim', { hasText: material })).toContainText('Goedgekeurd');
});
