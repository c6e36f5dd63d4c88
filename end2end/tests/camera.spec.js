// At the door, through a camera: a social worker registers through the form,
// the QR code of her confirmation mail is put in front of Chromium's fake
// camera (as a video file), a staff member opens the check-in page, starts
// the camera, and she is in. Debian's Chromium has no `BarcodeDetector`, so
// this is the decoder compiled into the page (rqrr) reading the frames.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test, expect, ticketQrFromOutbox, qrVideo, registerForMeeting, signInWithLink, expectNoAxeViolations } = require('./support');

// A partners' meeting nobody else's journey checks people in at, so counts of
// other journeys stay theirs; one staff member per project.
const EVENT = '/regio/biz-kempen/werkgroep-visie-en-methodieken-in-budget-en-schuldhulpverlening';
const ORGANISATION = 'OCMW Geel';
// On the desktop the door volunteer (role Scanner), who opens the door's
// address she was given; on the phone a staff member, through the back office.
const STAFF = { hydrated: 'dorien.dockx@cawdekempen.test', phone: 'tabitha.tanghe@cawdekempen.test' };
const VOLUNTEER = 'dorien.dockx@cawdekempen.test';

test('the camera reads the ticket of the confirmation mail and checks her in', async ({ page, playwright, launchOptions }, testInfo) => {
  const staff = STAFF[testInfo.project.name];
  test.skip(!staff, 'the camera needs JavaScript');
  test.setTimeout(120_000);
  const run = `${testInfo.project.name}${Date.now().toString(36)}`;
  const cleo = { name: `Cleo Camera${run}`, address: `cleo.${run}@camera.test` };

  // She registers through the real form and gets her ticket by mail.
  await registerForMeeting(page, EVENT, ORGANISATION, cleo.name, cleo.address);
  const video = qrVideo(await ticketQrFromOutbox(cleo.address), path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leernet-camera-')), 'ticket.y4m'));

  // The door's phone or laptop, whose camera sees her ticket.
  const browser = await playwright.chromium.launch({
    ...launchOptions,
    args: [
      ...(launchOptions.args || []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const use = testInfo.project.use;
    const context = await browser.newContext({
      baseURL: use.baseURL || process.env.LEERNET_E2E_URL,
      locale: use.locale,
      timezoneId: use.timezoneId,
      viewport: use.viewport,
      isMobile: use.isMobile,
      hasTouch: use.hasTouch,
    });
    const door = await context.newPage();
    const violations = [];
    door.on('console', (message) => {
      if (/Content[ -]Security[ -]Policy|Permissions[ -]Policy/i.test(message.text())) violations.push(message.text());
    });

    await signInWithLink(door, staff);
    if (staff === VOLUNTEER) {
      const events = await (await door.request.get('/api/v1/events')).json();
      const meeting = events.data.find((e) => EVENT.endsWith(`/${e.slug}`));
      await door.goto(`/beheer/biz-kempen/activiteiten/${meeting.id}/inchecken`);
    } else {
      await door.goto('/beheer/biz-kempen');
      await door.getByRole('link', { name: /^Inschrijvingen van Werkgroep visie en methodieken/ }).click();
      await door.getByRole('link', { name: 'Inchecken aan de deur' }).click();
    }
    await expect(door.getByRole('heading', { level: 1 })).toContainText('Inchecken');
    // No other way in: this Chromium cannot read codes by itself.
    expect(await door.evaluate(() => 'BarcodeDetector' in window)).toBe(false);

    const camera = door.getByRole('button', { name: 'Camera gebruiken' });
    await expect(camera).toHaveAttribute('aria-pressed', 'false');
    await camera.click();
    await expect(door.getByRole('status')).toContainText(`Welkom, ${cleo.name}`, { timeout: 20_000 });
    await expect(door.getByText(`${cleo.name}`).first()).toBeVisible();
    // The door sees who she is, never her e-mail address.
    expect(await door.content()).not.toContain(cleo.address);

    // The camera comes back on after the scan's page, and does not scan the
    // ticket still in front of it a second time.
    await expect(door.getByRole('button', { name: 'Camera gebruiken' })).toHaveAttribute('aria-pressed', 'true');
    await expect(door.getByLabel('Camerabeeld voor het scannen van tickets')).toBeVisible();
    await door.waitForTimeout(2_500);
    await expect(door.getByRole('status')).toContainText(`Welkom, ${cleo.name}`);
    await expectNoAxeViolations(door);

    // Stopping it stops it.
    await door.getByRole('button', { name: 'Camera gebruiken' }).click();
    await expect(door.getByRole('button', { name: 'Camera gebruiken' })).toHaveAttribute('aria-pressed', 'false');
    await expect(door.getByLabel('Camerabeeld voor het scannen van tickets')).toBeHidden();
    expect(violations).toEqual([]);
  } finally {
    await browser.close();
  }
});
