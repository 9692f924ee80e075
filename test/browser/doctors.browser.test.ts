// The section 12 doctors journey (issue 16 point 6), by clicking only: the referral part (police
// call → decision → allocation, shared with the other journeys); the AMHP opens the finder from
// the assessment record and invites two demo doctors; Dr Qureshi declines (in clinic) and says
// when he can come, Dr Marsden accepts; the AMHP invites Dr Qureshi again for that time and he
// accepts. The AMHP records the examinations; both doctors sign their own section 2
// recommendation (A4) on a phone; the AMHP records the rest, signs the A2, downloads the
// hospital's bundle (read back: both recommendations in it) and sends it from the outbox. Dr
// Marsden claims her fee; the claims officer rejects it with a reason, which she reads; she
// corrects the mileage and sends the same claim again; the officer approves it. axe on every
// page; the doctors' pages in a phone-sized context.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonParts } from '../../src/platform/london-time.js';
import { pdfText } from '../support/pdf-text.js';
import { expectAccessible, launchBrowser, navigateBy, newContext, signIn, signOut } from './support/browser.js';
import { takeS136ReferralAndAllocate, type LondonWhen } from './support/referral-steps.js';

const AMHP_NAME = 'Tobias Okonkwo-Reid'; // amhp@example.org in the demo
const MARSDEN = 'Dr Helena Marsden'; // doctor@example.org
const QURESHI = 'Dr Imran Qureshi'; // doctor2@example.org

async function fillWhen(page: Page, legend: string, { day, time }: LondonWhen): Promise<void> {
  const [year, month, date] = day.split('-') as [string, string, string];
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(String(Number(date)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
  await group.getByLabel('Time').fill(time);
}

/** Clicks a button (or link) and waits for the page it leads to. */
async function clickTo(page: Page, role: 'button' | 'link', name: string | RegExp, path: string | RegExp): Promise<void> {
  const matches = (url: URL) => (typeof path === 'string' ? url.pathname === path : path.test(url.pathname));
  try {
    await navigateBy(page, () => page.getByRole(role, { name, exact: typeof name === 'string' }).first().click(), matches, 20_000);
  } catch (error) {
    const summary = (await page.locator('.govuk-error-summary').first().textContent().catch(() => null)) ?? '';
    throw new Error(`${role} "${String(name)}" did not lead to ${String(path)} (at ${page.url()}): ${summary.replace(/\s+/g, ' ') || String(error)}`);
  }
}

async function banner(page: Page): Promise<string> {
  return ((await page.locator('.govuk-notification-banner').first().textContent()) ?? '').replace(/\s+/g, ' ');
}

/** A doctor on a phone: signs in and lands on the home page. */
async function doctorOnPhone(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { phone: true });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** The doctor answers the invitation for this referral, reached from the home page's panel. */
async function answerInvitation(page: Page, reference: string, answer: 'accept' | 'decline', note: string): Promise<void> {
  await page.goto('/');
  await expectAccessible(page, 'doctor home (phone)');
  await clickTo(page, 'link', reference, /^\/my-doctor-profile\/invitations\/[0-9a-f-]{36}$/);
  await expectAccessible(page, 'invitation (phone)');
  await page.getByLabel(answer === 'accept' ? 'Yes, I accept' : 'No, I decline').check();
  await page.getByLabel('Note for the AMHP (optional), for example when you can arrive').fill(note);
  await clickTo(page, 'button', 'Send my answer', '/my-doctor-profile');
  expect(await banner(page)).toContain(answer === 'accept' ? 'Invitation accepted' : 'Invitation declined');
  await expectAccessible(page, 'my section 12 profile (phone)');
}

/** The doctor opens the forms from their accepted invitation and signs their own A4. */
async function signRecommendation(page: Page, reference: string, reasons: string): Promise<void> {
  await page.goto('/');
  await clickTo(page, 'link', 'Your availability, invitations and claims', '/my-doctor-profile');
  // The invitation they accepted (a doctor invited twice has two for the referral).
  const accepted = page.locator('li', { hasText: /: accepted$/ }).getByRole('link', { name: reference, exact: true });
  await Promise.all([page.waitForURL(/\/my-doctor-profile\/invitations\//), accepted.first().click()]);
  await clickTo(page, 'link', `Your medical recommendation for ${reference}`, /\/statutory-forms$/);
  await expectAccessible(page, 'statutory forms, doctor (phone)');
  expect(await page.locator('main').textContent()).toContain('Your medical recommendation');
  // Nothing chosen: refused with the reasons, nothing signed.
  await page.getByRole('button', { name: 'Sign my recommendation' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  await expectAccessible(page, 'recommendation refused (phone)');
  await page.getByLabel('Section 2 (admission for assessment)').check();
  await page.getByLabel('My own recommendation (A4, A8, A11, G4)').check();
  await page.getByLabel('In the interests of the patient’s own health').check();
  await page.getByLabel('In the interests of the patient’s own safety').check();
  await page.getByLabel('Your reasons for these opinions').fill(reasons);
  await clickTo(page, 'button', 'Sign my recommendation', /\/statutory-forms$/);
  expect(await banner(page)).toContain('Form A4 signed');
  expect(await page.locator('main').textContent()).toContain('You signed form A4');
  await expectAccessible(page, 'recommendation signed (phone)');
}

describe('section 12 doctors journey', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('finder → one declines, one accepts → both sign A4s → the AMHP signs the A2 → bundle → claim rejected with a reason, sent again, approved', async () => {
    const journey = await takeS136ReferralAndAllocate(browser);
    const { page, referralUrl, reference, when } = journey;
    const allocated = (await page.locator('.moj-timeline').textContent()) ?? '';
    if (!allocated.includes(`Allocated to ${AMHP_NAME}`)) {
      await page.goto(`${referralUrl}/allocate`);
      await page.getByLabel('AMHP', { exact: true }).selectOption({ label: AMHP_NAME });
      await page.getByRole('button', { name: 'Allocate' }).click();
      expect(await page.locator('.moj-timeline').textContent()).toContain(`Reallocated to ${AMHP_NAME}`);
    }
    await signOut(page);

    // ── The AMHP finds doctors from the assessment record and invites two. ──
    await signIn(page, 'amhp@example.org');
    await page.goto(referralUrl);
    const record = `${referralUrl}/assessment`;
    await clickTo(page, 'link', 'Assessment', record);
    await clickTo(page, 'link', 'Find and invite a section 12 doctor', /^\/doctors\/find\/[0-9a-f-]{36}$/);
    const finderUrl = new URL(page.url()).pathname;
    await expectAccessible(page, 'doctor finder');
    const finder = (await page.locator('main').textContent()) ?? '';
    expect(finder).toContain(MARSDEN);
    expect(finder).toContain(QURESHI);
    expect(finder).toMatch(/Dr Felicity Dunmore: Section 12 approval lapsed on/); // the demo's lapsed doctor is not offered
    await clickTo(page, 'button', `Invite ${MARSDEN}`, finderUrl);
    expect(await banner(page)).toContain(`${MARSDEN} invited`);
    const qureshiCard = page.locator('.govuk-summary-card', { has: page.getByRole('heading', { name: new RegExp(QURESHI) }) });
    await qureshiCard.getByLabel('Message with the invitation (optional; no personal details)').fill('Place of safety suite, Ashdown Hospital');
    await clickTo(page, 'button', `Invite ${QURESHI}`, finderUrl);
    expect(await banner(page)).toContain(`${QURESHI} invited`);
    await expectAccessible(page, 'finder with invitations');
    expect(await page.locator('main').textContent()).toContain('waiting for an answer');

    // ── The doctors answer on their phones: Dr Qureshi declines, Dr Marsden accepts. ──
    const qureshi = await doctorOnPhone(browser, 'doctor2@example.org');
    await answerInvitation(qureshi.page, reference, 'decline', 'In clinic for the next hour; I can come after that.');
    const marsden = await doctorOnPhone(browser, 'doctor@example.org');
    await answerInvitation(marsden.page, reference, 'accept', 'On my way, about 30 minutes.');

    // The AMHP sees both answers on the finder, and invites Dr Qureshi again for when he can come.
    await page.goto(finderUrl);
    const answers = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(answers).toMatch(new RegExp(`${QURESHI}: invited .* — declined .*In clinic for the next hour`));
    expect(answers).toMatch(new RegExp(`${MARSDEN}: invited .* — accepted`));
    await clickTo(page, 'button', `Invite ${QURESHI}`, finderUrl);
    expect(await banner(page)).toContain(`${QURESHI} invited`);
    await answerInvitation(qureshi.page, reference, 'accept', 'Leaving clinic now.');

    // ── The record: both doctors added on acceptance, the contact log written by the app. ──
    await clickTo(page, 'link', 'Back to the assessment record', record);
    await expectAccessible(page, 'assessment record with invited doctors');
    const main = page.locator('main');
    const withDoctors = (await main.textContent()) ?? '';
    expect(withDoctors).toContain(MARSDEN);
    expect(withDoctors).toContain(QURESHI);
    expect(withDoctors).toMatch(/Section 12 doctor found after/);

    // The times the doctors arrived, examined and signed happen after the invitations (now), so
    // they are typed as the next whole minute; the AMHP's own times are the script's evening.
    const doctorTime = londonParts(new Date(Math.ceil(Date.now() / 60_000) * 60_000));
    const soon: LondonWhen = { day: doctorTime.date, time: doctorTime.time };
    for (const name of [MARSDEN, QURESHI]) {
      await clickTo(page, 'link', new RegExp(`^Change ${name}`), /\/assessment\/doctors\/[0-9a-f-]{36}$/);
      await expectAccessible(page, `change doctor (${name})`);
      await fillWhen(page, 'When they arrived', soon);
      await fillWhen(page, 'When they examined the person', soon);
      await fillWhen(page, 'When they signed the medical recommendation', soon);
      await page.getByLabel('Separate recommendation').check();
      await clickTo(page, 'button', 'Save', record);
    }

    // ── Both doctors sign their own recommendation, on their phones. ──
    await signRecommendation(marsden.page, reference, 'Persistent intent to end his life since Tuesday; declined informal admission.');
    await signRecommendation(qureshi.page, reference, 'Hopeless, with a plan; no insight into the risk; refuses the crisis team.');

    // ── The AMHP completes the record. ──
    await page.goto(record);
    await clickTo(page, 'link', 'Change interview', `${record}/interview`);
    await expectAccessible(page, 'interview');
    await fillWhen(page, 'When you interviewed the person (section 13(2))', when('22:50'));
    await fillWhen(page, 'When you last personally saw the person', when('23:10'));
    await page.getByLabel('Why detention (or guardianship) is the most appropriate way to provide care').fill('Intent to end his life persists; declined informal admission and crisis team support.');
    await page.getByLabel('If neither doctor knew the person before: why that was not practicable').fill('His GP practice has no out-of-hours doctor; no psychiatrist has seen him before.');
    await clickTo(page, 'button', 'Save', record);

    await page.goto(`${record}/nearest-relative`);
    await page.locator('input[name="category"][value="parent"]').check();
    await page.getByLabel('Name', { exact: true }).fill('Marta Delacourt');
    await page.getByLabel('Relationship (optional)').fill('Mother, lives with him');
    await fillWhen(page, 'When you informed them (section 2 and 4)', when('23:20'));
    await page.getByLabel('Told them of their power to discharge (section 23)').check();
    await clickTo(page, 'button', 'Save', record);

    await page.goto(`${record}/legal`);
    await page.getByLabel('Power', { exact: true }).selectOption('s136');
    await fillWhen(page, 'When the person was detained', when('21:30'));
    await fillWhen(page, 'When they arrived at the first place of safety', when('21:45'));
    await fillWhen(page, 'When the police consulted a health professional (section 136(1C))', when('21:20'));
    await page.getByLabel('Who they consulted').selectOption('registered_nurse');
    await clickTo(page, 'button', 'Save', record);

    await page.goto(`${record}/outcome`);
    await page.locator('input[name="outcome"][value="s2"]').check();
    await fillWhen(page, 'Application made at (applications only)', soon);
    await page.getByLabel('Hospital', { exact: true }).fill('Elmbridge Lodge');
    await page.getByLabel('Application addressed to the hospital managers').check();
    await fillWhen(page, 'Admitted at', soon);
    await clickTo(page, 'button', 'Record outcome', record);
    expect(await banner(page)).toContain('Outcome recorded');

    // ── From the record to the forms: the AMHP signs the A2 and the bundle is produced. ──
    await clickTo(page, 'link', 'Statutory forms: the application, the medical recommendations and the hospital’s copy', `${referralUrl}/statutory-forms`);
    await expectAccessible(page, 'statutory forms (AMHP)');
    const forms = ((await main.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(forms).toContain(`Signed by ${MARSDEN}`);
    expect(forms).toContain(`Signed by ${QURESHI}`);
    await clickTo(page, 'button', 'Produce and sign the application', `${referralUrl}/statutory-forms`);
    expect(await banner(page)).toContain('Form A2 signed');
    await expectAccessible(page, 'statutory forms with the A2');
    const bundleHref = await page.getByRole('link', { name: 'Download the bundle: application and recommendations (PDF)' }).getAttribute('href');
    const bundle = await page.request.get(bundleHref!);
    expect(bundle.status()).toBe(200);
    expect(bundle.headers()['content-type']).toContain('application/pdf');
    const text = await pdfText(await bundle.body());
    for (const words of ['Form A2', 'Form A4', MARSDEN, QURESHI, AMHP_NAME, 'Elmbridge Lodge', 'Marta Delacourt', journey.familyName, 'Persistent intent to end his life', 'Hopeless, with a plan']) expect(text, `the bundle should say ${words}`).toContain(words);
    expect(text.indexOf('Form A2')).toBeLessThan(text.indexOf('Form A4'));
    await page.getByLabel('Hospital’s Mental Health Act office e-mail address').fill('mha.office@elmbridge.example.org');
    await clickTo(page, 'button', 'Send the forms to the hospital', `${referralUrl}/statutory-forms`);
    expect(await banner(page)).toContain('Forms sent to mha.office@elmbridge.example.org');
    await signOut(page);

    // ── Dr Marsden claims her fee. ──
    const doctorPage = marsden.page;
    await doctorPage.goto('/');
    await clickTo(doctorPage, 'link', 'Your availability, invitations and claims', '/my-doctor-profile');
    await clickTo(doctorPage, 'link', 'Claim a fee', '/my-doctor-profile/claims/new');
    await expectAccessible(doctorPage, 'claim a fee (phone)');
    await doctorPage.getByLabel('The assessment', { exact: true }).selectOption({ label: reference });
    await doctorPage.getByLabel('Mental Health Act assessment (examination and recommendation or decision)').check();
    await doctorPage.getByLabel('Miles travelled').fill('64');
    await clickTo(doctorPage, 'button', 'Send the claim', /^\/my-doctor-profile\/claims\/[0-9a-f-]{36}$/);
    const claimUrl = new URL(doctorPage.url()).pathname;
    expect(await banner(doctorPage)).toContain('Claim sent: £228.80');
    expect(await doctorPage.locator('main').textContent()).toContain('Submitted: waiting for the claims officer');
    await expectAccessible(doctorPage, 'claim sent (phone)');

    // ── The claims officer rejects it with a reason. ──
    await signIn(page, 'claims@example.org');
    await clickTo(page, 'link', 'Claims and payment batches', '/doctor-claims');
    await expectAccessible(page, 'claims');
    await clickTo(page, 'link', reference, /^\/doctor-claims\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'claim (officer)');
    await page.getByLabel('Reject', { exact: true }).check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Give the reason for rejecting the claim');
    await expectAccessible(page, 'claim decision refused');
    await page.getByLabel('Reason (needed to reject: the doctor reads it)').fill('64 miles is more than the return journey from Ashdown Hospital to the place of safety (about 6 miles): please check the mileage.');
    await clickTo(page, 'button', 'Record the decision', '/doctor-claims');
    expect(await banner(page)).toContain('Claim rejected');

    // ── Dr Marsden reads the reason, corrects the mileage and sends the same claim again. ──
    await doctorPage.goto('/my-doctor-profile');
    await clickTo(doctorPage, 'link', new RegExp(`^${reference}, £`), claimUrl);
    await expectAccessible(doctorPage, 'rejected claim (phone)');
    const rejected = ((await doctorPage.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(rejected).toContain('Rejected');
    expect(rejected).toContain('Reason: 64 miles is more than the return journey');
    await doctorPage.getByLabel('Miles travelled').fill('6');
    await clickTo(doctorPage, 'button', 'Send again', claimUrl);
    expect(await banner(doctorPage)).toContain('Claim sent again');
    expect(await doctorPage.locator('main').textContent()).toContain('Submitted: waiting for the claims officer');

    // ── The claims officer approves it; the doctor sees it approved. ──
    await page.goto('/doctor-claims?status=submitted');
    await clickTo(page, 'link', reference, /^\/doctor-claims\/[0-9a-f-]{36}$/);
    expect(await page.locator('main').textContent()).toContain('6 miles: £2.70');
    await page.getByLabel('Approve', { exact: true }).check();
    await clickTo(page, 'button', 'Record the decision', '/doctor-claims');
    expect(await banner(page)).toContain('Claim approved');
    await doctorPage.goto(claimUrl);
    const approved = ((await doctorPage.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(approved).toContain('Approved: to be paid in the next payment batch');
    expect(approved).toContain('£202.70');
    await expectAccessible(doctorPage, 'approved claim (phone)');

    await Promise.all([marsden.context.close(), qureshi.context.close(), page.context().close()]);
  }, 600_000); // the longest journey: five people, about forty pages
});
