// Paying a trainer by bank transfer, as an admin does it: a fee for a trainer
// whose IBAN is on their profile is approved, goes out in a SEPA payment file
// (pain.001) downloaded for the bank's business app, and the bank statement
// (CODA) that shows the debit marks the fee paid. Desktop with JavaScript; the
// pages themselves are plain forms (the server tests post them without it).
const fs = require('fs');
const { test, expect, signInWithLink, expectNoAxeViolations } = require('./support');

const ADMIN = 'elisa.demeulaere@cawnoordwestvlaanderen.test';
const SLUG = 'biz-noord-west-vlaanderen';
const TRAINER = 'Tom Claeys';

/** A 128-character CODA record with `fields` at their (1-based) positions. */
function record(fields) {
  const chars = Array(128).fill(' ');
  for (const [at, text] of fields) [...text].forEach((c, i) => { chars[at - 1 + i] = c; });
  return chars.join('');
}

/** A statement as a Belgian bank writes it, with one debit of `cents` carrying `endToEnd`. */
function statementWithDebit(endToEnd, cents, date) {
  const ddmmyy = `${String(date.getDate()).padStart(2, '0')}${String(date.getMonth() + 1).padStart(2, '0')}${String(date.getFullYear() % 100).padStart(2, '0')}`;
  const mills = String(cents * 10).padStart(15, '0');
  const opening = 100_000_000; // € 100,000.00 in cents
  const closing = String((opening - cents) * 10).padStart(15, '0');
  return [
    record([[1, '00000'], [6, ddmmyy], [15, '05'], [35, 'BIZ NOORD-WEST-VLAANDEREN'], [61, 'GKCCBEBB'], [128, '2']]),
    record([[1, '12012BE71096123456769'], [40, `EUR0${String(opening * 10).padStart(15, '0')}${ddmmyy}BIZ NWVL`], [126, '012']]),
    record([[1, '21000100000L9425XNXACKBOVSBBNOT1'], [33, mills], [48, `${ddmmyy}001010000`], [116, `${ddmmyy}01201 0`]]),
    record([[1, '2200010000'], [64, endToEnd], [126, '1'], [128, '0']]),
    record([[1, '2300010000BE21001234567803'], [48, TRAINER.toUpperCase()], [128, '0']]),
    record([[1, '8012BE71096123456769'], [39, `EUR0${closing}${ddmmyy}`], [128, '0']]),
    record([[1, '9'], [17, `000005${mills}000000000000000`], [128, '2']]),
  ].join('\r\n') + '\r\n';
}

test('a trainer fee goes out in a SEPA file and the bank statement marks it paid', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'hydrated', 'one admin, one run: the payment file changes what the others would see');
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  await signInWithLink(page, ADMIN);

  // A fee for the trainer on one of the region's activities, approved.
  await page.goto(`/beheer/${SLUG}/financien`);
  await page.locator('table a[href$="/financien"]').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Financiën:');
  const books = page.url();
  const fee = `Honorarium overschrijving ${run}`;
  await page.getByRole('combobox', { name: 'Soort', exact: true }).selectOption({ label: 'Lesgever' });
  await page.getByRole('textbox', { name: 'Omschrijving', exact: true }).fill(fee);
  await page.getByRole('combobox', { name: 'Lesgever als begunstigde' }).selectOption({ label: TRAINER });
  await page.getByRole('textbox', { name: 'Budget', exact: true }).fill('275,50');
  await page.getByRole('textbox', { name: 'Werkelijk bedrag', exact: true }).fill('275,50');
  await page.getByRole('button', { name: 'Kost toevoegen' }).click();
  await expect(page.getByText('De kost is toegevoegd.')).toBeVisible();
  await page.getByRole('button', { name: `${fee} goedkeuren voor € 275,50` }).click();
  await expect(page.getByRole('row', { name: new RegExp(fee) })).toContainText('Goedgekeurd');

  // The payment file: only this line ticked.
  await page.goto(`/beheer/${SLUG}/financien/overschrijvingen`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Betalen per overschrijving');
  await expectNoAxeViolations(page);
  for (const box of await page.getByRole('checkbox').all()) await box.uncheck();
  await page.getByRole('checkbox', { name: `${fee} betalen (€ 275,50)` }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Betaalbestand downloaden' }).click(),
  ]);
  const xml = fs.readFileSync(await download.path(), 'utf8');
  expect(xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
  expect(xml).toContain('<IBAN>BE21001234567803</IBAN>');
  expect(xml).toContain('<InstdAmt Ccy="EUR">275.50</InstdAmt>');
  expect(xml.match(/<NbOfTxs>(\d+)<\/NbOfTxs>/)[1]).toBe('1');
  const endToEnd = xml.match(/<EndToEndId>([^<]+)<\/EndToEndId>/)[1];
  await page.goto(books);
  await expect(page.getByRole('row', { name: new RegExp(fee) })).toContainText('Naar de bank');

  // The bank executed it: its statement, pasted on the import page, settles the fee.
  await page.goto(`/beheer/${SLUG}/facturen/bankafschrift`);
  await page.getByRole('textbox', { name: 'Of plak de inhoud hier' }).fill(statementWithDebit(endToEnd, 27_550, new Date()));
  await page.getByRole('button', { name: 'Voorbeeld tonen' }).click();
  const debit = page.getByRole('row', { name: /uitbetaling uit een betalingsbestand/ });
  await expect(debit).toContainText(TRAINER);
  await expect(debit).toContainText('€ -275,50');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /1 betaling\(en\) boeken/ }).click();
  await expect(page).toHaveURL(/melding=ingelezen/);

  await page.goto(books);
  const paid = page.getByRole('row', { name: new RegExp(fee) });
  await expect(paid).toContainText('Betaald op');
  // Paid is final: no button approves, withdraws or pays it again.
  await expect(paid.getByRole('button')).toHaveCount(0);
});
