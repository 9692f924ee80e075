import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, navigateBy, newContext, signIn } from './support/browser.js';

/**
 * An EDT officer on a phone raises an urgent concern (out of hours the app takes them straight to
 * the on-call ladder; in hours they open it from the escalation), records the calls up the ladder
 * and the on-call manager's decision; the receiving manager acknowledges and responds in writing;
 * the officer disputes the response, which goes one level up with a new clock.
 */
const OFFICER = 'edt@example.org';
const RECEIVER = 'edt-manager@example.org';

describe('escalations journey', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('takes an out-of-hours concern through the ladder to a written response, and a disputed response one level up', async () => {
    const officerContext = await newContext(browser, { phone: true });
    const officer = await officerContext.newPage();
    await signIn(officer, OFFICER);
    await officer.goto('/escalations');
    await expectAccessible(officer, 'escalations list');
    await navigateBy(officer, () => officer.getByRole('button', { name: 'Raise an escalation' }).click(), /\/escalations\/new$/);
    await expectAccessible(officer, 'raise form');
    // Nothing filled in: the error summary names every field.
    await navigateBy(officer, () => officer.getByRole('button', { name: 'Raise the escalation' }).click(), /\/escalations$/);
    await expect.poll(() => officer.locator('.govuk-error-summary').textContent()).toContain('Enter the concern');
    await expectAccessible(officer, 'raise form with errors');

    await officer.getByLabel('What is it about?').selectOption({ label: 'Cannot reach the on-call manager or get manager support' });
    await officer.getByLabel('Urgent', { exact: true }).check();
    await officer.getByLabel('The concern').fill('A decision is needed on accepting a section 136 handover from custody.');
    await officer.getByLabel('What was tried locally first').fill('Discussed with the custody sergeant; no agreement.');
    await officer.getByLabel('The outcome you are seeking').fill('A decision from the on-call manager tonight.');
    await officer.getByLabel('Receiving organisation').selectOption({ label: 'Ashdown Emergency Duty Team' });
    await officer.getByLabel('A manager in this service').selectOption({ label: 'Sunniva Halvorsen' });
    await navigateBy(officer, () => officer.getByRole('button', { name: 'Raise the escalation' }).click(), /\/escalations\/[0-9a-f-]{36}(\/on-call)?$/);
    const id = /\/escalations\/([0-9a-f-]{36})/.exec(officer.url())![1]!;
    await officer.goto(`/escalations/${id}/on-call`);
    await expectAccessible(officer, 'on-call ladder');
    await expect.poll(() => officer.locator('main').textContent()).toContain('EDT on-call manager: 01632 960100');

    // No answer, no answer again, then the team manager answers.
    for (const [answered, heading] of [['No answer', 'Call the on-call manager again'], ['No answer', 'Call the EDT team manager or service manager']] as const) {
      await officer.getByLabel(answered, { exact: true }).check();
      await navigateBy(officer, () => officer.getByRole('button', { name: 'Record the call' }).click(), /\/on-call$/);
      await expect.poll(() => officer.locator('h2[data-next-step]').textContent()).toBe(heading);
    }
    await expect.poll(() => officer.getByLabel('Number called').inputValue()).toBe('01632 960101');
    await officer.getByLabel('Answered', { exact: true }).check();
    await navigateBy(officer, () => officer.getByRole('button', { name: 'Record the call' }).click(), /\/on-call$/);
    await expect.poll(() => officer.locator('main').textContent()).toContain('Reached at');
    await officer.getByLabel('Decision and actions').fill('EDT accepts the handover; the manager will call custody.');
    await navigateBy(officer, () => officer.getByRole('button', { name: 'Record the decision' }).click(), /\/on-call$/);
    await expectAccessible(officer, 'on-call ladder after the calls');
    expect(await officer.locator('table').textContent()).toContain('01632 960101');

    // The receiving manager acknowledges, then responds in writing.
    const receiverContext = await newContext(browser);
    const receiver = await receiverContext.newPage();
    await signIn(receiver, RECEIVER);
    await receiver.goto(`/escalations/${id}`);
    await expectAccessible(receiver, 'escalation to acknowledge');
    await expect.poll(() => receiver.locator('main').textContent()).toContain('Waiting for acknowledgement');
    await navigateBy(receiver, () => receiver.getByRole('button', { name: 'Acknowledge', exact: true }).click(), new RegExp(`/escalations/${id}$`));
    await expect.poll(() => receiver.locator('main').textContent()).toContain('Acknowledged, waiting for a written response');
    await receiver.getByLabel('The written response').fill('EDT accepted the handover; the custody protocol will be reviewed with the police.');
    await navigateBy(receiver, () => receiver.getByRole('button', { name: 'Record the response' }).click(), new RegExp(`/escalations/${id}$`));
    await expect.poll(() => receiver.locator('main').textContent()).toContain('Responded');
    await expectAccessible(receiver, 'escalation responded');
    await receiverContext.close();

    // The officer disputes the response: one level up, to the operational manager, with a new clock.
    await officer.goto(`/escalations/${id}`);
    await expect.poll(() => officer.locator('main').textContent()).toContain('the custody protocol will be reviewed');
    await officer.getByLabel('Why you dispute the response').fill('The review does not say when, or who from the police will attend.');
    await officer.getByLabel('Senior manager in this service').selectOption({ label: 'Gareth Lindqvist' });
    await navigateBy(officer, () => officer.getByRole('button', { name: 'Dispute: escalate one level up' }).click(), new RegExp(`/escalations/${id}$`));
    await expect.poll(() => officer.locator('main').textContent()).toContain('level 2: Senior manager');
    const main = (await officer.locator('main').textContent()) ?? '';
    expect(main).toContain('Waiting for acknowledgement');
    expect(main).toContain('Gareth Lindqvist');
    expect(main).toMatch(/23 hours 5\d minutes left|1 day 0 hours left/);
    await expectAccessible(officer, 'escalation disputed');
    await officerContext.close();
  }, 180_000);
});
