import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../test/support/test-app.js';
import { BASE } from '../../../../test/support/base-data.js';
import { signedInBrowser } from '../../../../test/support/http-client.js';
import { aLadder, aSafetyCast, aVisitOut, withCodes } from '../../../../test/support/builders/safety-builders.js';

/** Takes out what legitimately differs between two runs: CSRF tokens, ids, and clock readings. */
function normalise(html: string): string {
  return html
    .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="CSRF"')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/g, 'TIMESTAMP');
}

/**
 * One AMHP on a fresh base service goes out, finishes with `code`, and we keep every page their
 * own screen can reach afterwards: the page the check-in lands on, home, the visit, going out.
 */
async function finishWith(code: 'checkin' | 'duress') {
  const t = await createTestApp({ template: 'base' });
  try {
    const cast = await aSafetyCast(t.services);
    await aLadder('daytime').steps(['AMHP Lead', cast.lee]).build(t.services);
    await withCodes(t.services, cast.ava, '2580', '7391');
    const visit = await aVisitOut(cast.ava).to('12 Example Road, Brackenford').finishingIn(45).build(t.services);
    const amhp = await signedInBrowser(t.app, cast.ava.email, BASE.password);
    await amhp.get(`/safety/visits/${visit.id}`);
    const checkIn = await amhp.post(`/safety/visits/${visit.id}/check-in`, { action: 'safe', code: code === 'checkin' ? '2580' : '7391' });
    const landing = await amhp.get(checkIn.headers.location as string);
    const pages = {
      status: checkIn.statusCode,
      location: checkIn.headers.location,
      landing: normalise(landing.body),
      home: normalise((await amhp.get('/')).body),
      safety: normalise((await amhp.get('/safety')).body),
      visit: normalise((await amhp.get(`/safety/visits/${visit.id}`)).body),
      goingOut: await amhp.get('/safety/visits/new').then((r) => ({ status: r.statusCode, location: r.headers.location ?? null, body: normalise(r.body) })),
    };
    const board = await (await signedInBrowser(t.app, cast.lee.email, BASE.password)).get('/safety/board');
    const alerts = (await t.services.notifications.recent(t.services.directory)).filter((m) => m.recipientPersonId === cast.lee.id).map((m) => m.subject);
    return { pages, leadBoard: board.body, alerts };
  } finally {
    await t.close();
  }
}

describe('a duress finish on the AMHP’s own screen', () => {
  it('renders byte-identical pages to a normal finish, while the lead sees the silent alarm', async () => {
    const normal = await finishWith('checkin');
    const duress = await finishWith('duress');
    expect(normal.pages.landing).toContain('Checked in: safe and finished');
    expect(normal.pages.landing).not.toContain('You are out');
    expect(duress.pages.landing).not.toContain('You are out');
    expect(duress.pages.home).not.toContain('Check in');
    expect(duress.pages.goingOut.status).toBe(200);
    expect(duress.pages).toEqual(normal.pages);
    expect(normal.leadBoard).not.toContain('silent alarm');
    expect(duress.leadBoard).toContain('Silent alarm');
    expect(normal.alerts).toEqual([]);
    expect(duress.alerts.length).toBeGreaterThan(0);
  }, 60_000);
});
