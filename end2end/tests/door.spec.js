// At the door: a social worker registers and gets her ticket; on the day a
// staff member opens the scanner from the participants list, a handheld
// scanner types the ticket's address (here: the keyboard), and she is in. A
// colleague without her ticket is found by name. Then the attendance list
// shows both, and the year's report is there to download.
const { test, expect, ticketFromOutbox, matchFromOutbox, signInWithLink, expectNoAxeViolations } = require('./support');

// One staff member per project, so no two runs share a sign-in link. The
// form posts without JavaScript are covered by server/tests/api/checkin.rs.
const DOORS = {
  hydrated: {
    staff: 'tabitha.tanghe@cawdekempen.test',
    event: '/regio/biz-kempen/stuurgroep-biz-kempen-voorjaar-2027',
    organisation: 'OCMW Geel',
  },
  phone: {
    staff: 'jens.jaecques@cawnoordwestvlaanderen.test',
    event: '/regio/biz-noord-west-vlaanderen/stuurgroep-biz-noord-west-vlaanderen-voorjaar-2027',
    organisation: 'CAW Noord-West-Vlaanderen',
  },
};

async function register(page, event, organisation, name, address) {
  await page.goto(`${event}/inschrijven`);
  await page.getByRole('textbox', { name: 'Deelnemer 1: naam' }).fill(name);
  await page.getByRole('textbox', { name: 'E-mailadres' }).first().fill(address);
  await page.getByRole('combobox', { name: 'Organisatie', exact: true }).selectOption({ label: organisation });
  await page.getByRole('textbox', { name: 'Jouw naam' }).fill(name);
  await page.getByRole('textbox', { name: 'Jouw e-mailadres' }).fill(address);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Inschrijven' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ingeschreven');
}

test('staff check people in at the door with a scanner and by name', async ({ browser, page }, testInfo) => {
  const door = DOORS[testInfo.project.name];
  test.skip(!door, 'the plain form posts are covered by the API tests');
  test.setTimeout(90_000);
  const run = `${testInfo.project.name}${Date.now().toString(36)}`;
  const an = { name: `An Deur${run}`, address: `an.${run}@door.test` };
  const bram = { name: `Bram Naam${run}`, address: `bram.${run}@door.test` };

  // Two registrations, each in a browser of its own.
  const visitor = await (await browser.newContext({ baseURL: testInfo.project.use.baseURL || process.env.LEERNET_E2E_URL })).newPage();
  await register(visitor, door.event, door.organisation, an.name, an.address);
  await register(visitor, door.event, door.organisation, bram.name, bram.address);
  const ticket = await ticketFromOutbox(an.address);

  // The staff member finds the door through the participants list.
  await signInWithLink(page, door.staff);
  const slug = door.event.split('/')[2];
  await page.goto(`/beheer/${slug}`);
  await page.getByRole('link', { name: /^Inschrijvingen van Stuurgroep .* voorjaar 2027/ }).click();
  await page.getByRole('link', { name: 'Inchecken aan de deur' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Inchecken');
  await expectNoAxeViolations(page);

  // A handheld scanner types the ticket's address and presses Enter.
  const scanField = page.getByRole('textbox', { name: 'Ticketcode of -link' });
  await expect(scanField).toBeFocused();
  await scanField.fill(`${new URL(page.url()).origin}${ticket}`);
  await scanField.press('Enter');
  await expect(page.getByRole('status')).toContainText(`Welkom, ${an.name}`);
  await expect(page.getByText(/^1 van \d+ aanwezig$/)).toBeVisible();
  await expectNoAxeViolations(page);

  // Scanned again: she is already in, nothing changes.
  await page.getByRole('textbox', { name: 'Ticketcode of -link' }).fill(ticket.split('/').pop());
  await page.getByRole('textbox', { name: 'Ticketcode of -link' }).press('Enter');
  await expect(page.getByRole('status')).toContainText(`${an.name} is al binnen`);

  // A ticket that is nobody's is refused, loudly.
  await page.getByRole('textbox', { name: 'Ticketcode of -link' }).fill('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  await page.getByRole('textbox', { name: 'Ticketcode of -link' }).press('Enter');
  await expect(page.getByRole('alert')).toContainText('Dit ticket kennen we niet');
  await expectNoAxeViolations(page);

  // Bram forgot his ticket: found by name, tapped present.
  await page.getByRole('searchbox', { name: 'Naam of organisatie' }).fill(`Naam${run}`);
  await page.getByRole('searchbox', { name: 'Naam of organisatie' }).press('Enter');
  await page.getByRole('button', { name: `Aanwezig: ${bram.name}` }).click();
  await expect(page.getByRole('status')).toContainText(`Welkom, ${bram.name}`);
  await expect(page.getByText(/^2 van \d+ aanwezig$/)).toBeVisible();
  await expect(page.getByText('Aanwezig ✓')).toBeVisible();

  // The attendance list on paper says who was scanned in.
  await page.getByRole('link', { name: '← Inschrijvingen' }).click();
  await expect(page.getByText('✓ ingecheckt')).toHaveCount(2);

  // Those present get their attendance certificate by mail, once. (The other
  // project's run may have sent them already: then there is nothing to send.)
  await expectNoAxeViolations(page);
  const send = page.getByRole('button', { name: /^Attesten versturen \(\d+\)$/ });
  if (await send.count()) await send.click();
  await expect(page.getByText('Alle aanwezigen kregen hun attest al.')).toBeVisible();
  await matchFromOutbox(an.address, /je attest van deelname/);
  await expect(page.getByRole('link', { name: `Attest van ${an.name} (PDF)` })).toBeVisible();

  // The year's report, and its CSV for the annual report.
  await page.goto(`/beheer/${slug}`);
  await page.getByRole('link', { name: 'Rapport' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Deelname');
  await expect(page.getByRole('heading', { name: 'Per organisatie' })).toBeVisible();
  await expectNoAxeViolations(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download per organisatie (CSV)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^deelname-.*\.csv$/);
});

