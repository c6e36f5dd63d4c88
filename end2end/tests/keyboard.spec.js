// Registering with the keyboard alone: every step is reached with Tab and
// worked with typing, Space and Enter; no mouse, no clicks.
const { test, expect, ticketFromOutbox } = require('./support');

/** Presses Tab until `target` has the focus; fails when it never gets it. */
async function tabTo(page, target, { max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, 'reachable with Tab').toBeFocused();
}

test('a registration can be done with the keyboard alone', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'a phone has no Tab key');
  test.setTimeout(60_000);
  const address = `kim.keyboard.${testInfo.project.name}.${Date.now()}@ocmw-geel.test`;
  await page.goto('/regio/biz-kempen/stuurgroep-biz-kempen-voorjaar-2027');

  // The skip link comes first and jumps past the menu.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Naar de inhoud' })).toBeFocused();

  await tabTo(page, page.getByRole('link', { name: 'Inschrijven', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inschrijven');

  await tabTo(page, page.getByRole('textbox', { name: 'Deelnemer 1: naam' }));
  await page.keyboard.type('Kim Toetsenbord');
  await tabTo(page, page.getByRole('textbox', { name: 'E-mailadres' }).first());
  await page.keyboard.type(address);
  // A focused list box picks the option whose label is typed.
  await tabTo(page, page.getByRole('combobox', { name: 'Organisatie', exact: true }));
  await page.keyboard.type('OCMW Geel');
  await expect(page.getByRole('combobox', { name: 'Organisatie', exact: true })).toHaveValue(/\d+/);
  await tabTo(page, page.getByRole('textbox', { name: 'Jouw naam' }));
  await page.keyboard.type('Kim Toetsenbord');
  await tabTo(page, page.getByRole('textbox', { name: 'Jouw e-mailadres' }));
  await page.keyboard.type(address);
  await tabTo(page, page.getByRole('checkbox'));
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox')).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Inschrijven' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ingeschreven');

  // The ticket arrives, and its page is usable by keyboard too.
  await page.goto(await ticketFromOutbox(address));
  await expect(page.getByText('Geldig ticket')).toBeVisible();
});
