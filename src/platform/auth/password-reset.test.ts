import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { signedInBrowser, TestBrowser, textOf } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import type { ManualClock } from '../clock.js';

// Issue 13 point 1: people reset a forgotten password themselves, by a single-use e-mailed link.
describe('resetting a forgotten password by e-mail', () => {
  let t: TestApp;
  let person: TestPerson;
  const NEW_PASSWORD = 'lantern quarry mackerel tundra';

  beforeAll(async () => {
    t = await createTestApp({ config: { publicUrl: 'https://amhp.example.org' } });
    person = await aPerson('Demelza Rowe').withRoles('amhp').build(t.services);
  });
  afterAll(async () => t.close());

  const ask = async (email: string) => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in/forgot-password');
    return browser.post('/sign-in/forgot-password', { email });
  };
  const mailTo = async (personId: string) => t.tables.selectFrom('notificationOutbox').select(['subject', 'body', 'recipientAddress']).where('recipientPersonId', '=', personId).orderBy('createdAt', 'desc').execute();
  const linkIn = (body: string) => /https:\/\/amhp\.example\.org(\/sign-in\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(body)?.[1];

  it('answers an unknown address exactly as a known one, and e-mails only the known one', async () => {
    const unknown = await ask('nobody-at-all@example.org');
    const known = await ask(person.email);
    expect(unknown.statusCode).toBe(200);
    expect(known.statusCode).toBe(200);
    const said = (html: string) => /data-testid="reset-sent">([^<]+)</.exec(html)?.[1];
    expect(said(unknown.body)).toBe(said(known.body));
    const mail = await mailTo(person.id);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.recipientAddress).toBe(person.email);
    expect(mail[0]!.subject).toBe('Reset your AMHP Hub password');
    expect(mail[0]!.body).toContain('within 30 minutes');
    const stored = await t.tables.selectFrom('passwordResetTokens').select('tokenHash').where('personId', '=', person.id).execute();
    expect(stored).toHaveLength(1);
    expect(mail[0]!.body).not.toContain(stored[0]!.tokenHash);
  });

  it('sets a new password once (strength checked), ends every session, and the old password stops working', async () => {
    const elsewhere = await signedInBrowser(t.app, person.email, BASE.password);
    const link = linkIn((await mailTo(person.id))[0]!.body)!;
    const browser = new TestBrowser(t.app);
    const form = await browser.get(link);
    expect(textOf(form.body)).toContain('Choose a new password');
    const token = new URL(link, 'https://x').searchParams.get('token')!;

    const weak = await browser.post('/sign-in/reset-password', { token, newPassword: 'password1234', confirmPassword: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(textOf(weak.body)).toContain('too easy to guess');

    const done = await browser.post('/sign-in/reset-password', { token, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/sign-in?passwordReset=1');
    expect((await elsewhere.get('/')).statusCode).toBe(303);
    expect((await t.services.auth.signIn(person.email, BASE.password, 'test')).ok).toBe(false);
    expect((await t.services.auth.signIn(person.email, NEW_PASSWORD, 'test')).ok).toBe(true);

    const again = await browser.post('/sign-in/reset-password', { token, newPassword: `${NEW_PASSWORD} again`, confirmPassword: `${NEW_PASSWORD} again` });
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('expired or has been used');
    expect(textOf((await browser.get(link)).body)).toContain('This link has expired or has been used');
    const audit = await t.tables.selectFrom('auditLog').select('action').where('entityId', '=', person.id).execute();
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['password_reset_requested', 'password_reset_by_email']));
  });

  it('refuses a link after 30 minutes', async () => {
    await ask(person.email);
    const link = linkIn((await mailTo(person.id))[0]!.body)!;
    (t.clock as ManualClock).advanceMinutes(31);
    const browser = new TestBrowser(t.app);
    expect(textOf((await browser.get(link)).body)).toContain('This link has expired');
    await browser.get('/sign-in/forgot-password');
    const token = new URL(link, 'https://x').searchParams.get('token')!;
    const late = await browser.post('/sign-in/reset-password', { token, newPassword: 'orchid velvet harbour kestrel', confirmPassword: 'orchid velvet harbour kestrel' });
    expect(late.statusCode).toBe(400);
  });
});
