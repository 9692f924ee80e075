// npm run bench:timers — issue 17, point 7, measured once with the real clock: how late the
// overdue alert, the next ladder step and their e-mails are, with the scheduler as `npm start`
// runs it (timers armed, re-armed by the live events, the 30 s poll as a safety net).
//
// Its own in-memory PGlite database (migrated, the small base service of the tests), the system
// clock, and a mail transport that notes when each e-mail leaves. BENCH_VISITS visits (default
// 5) each fall due a few seconds apart (grace 0, 1-minute ladder interval); it waits for every
// first alert and the first visit's second step, then prints each lateness and the load average.
import { loadavg } from 'node:os';
import { registerJobs } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { migrate, openPglite } from '../src/db/database.js';
import { systemClock } from '../src/platform/clock.js';
import type { MailTransport } from '../src/platform/notifications.js';
import { createServices } from '../src/services.js';
import { seedBaseData } from '../test/support/base-data.js';
import { aLadder, aSafetyCast, aVisitOut } from '../test/support/builders/safety-builders.js';
import { aPerson } from '../test/support/builders/staff-builders.js';

const VISITS = Number(process.env.BENCH_VISITS ?? 5);
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

const mails: Array<{ subject: string; text: string; at: number }> = [];
const mailTransport: MailTransport = { send: async (message) => void mails.push({ subject: message.subject, text: message.text, at: Date.now() }) };
const config = testConfig({ runJobs: true });
const database = await openPglite({});
await migrate(database);
const services = createServices({ config, database, clock: systemClock, mailTransport });
await services.calendar.seedShippedHolidays();
await seedBaseData(services);
const cast = await aSafetyCast(services);
await aLadder('daytime').grace(0).interval(1).steps(['AMHP Lead', cast.lee], ['AMHP operational manager', cast.olu]).build(services);
registerJobs(services);
services.scheduler.start(config.jobIntervalSeconds, services.liveEvents);
console.log(`timers bench: ${VISITS} visits, poll every ${config.jobIntervalSeconds} s as a safety net; load average ${load()}`);

// One AMHP per visit (an AMHP is out on one visit at a time): invented names.
const amhps = [cast.ava];
for (let i = 1; i < VISITS; i += 1) amhps.push(await aPerson(`Bench Amhp${String.fromCharCode(65 + i)}`).withRoles('amhp').inTeam('daytime').build(services));
const visits: Array<{ id: string; dueAt: number; name: string }> = [];
for (const [i, amhp] of amhps.entries()) {
  // Due 3 s, 7 s, 11 s … from now (grace 0): instants that fall between polls.
  const visit = await aVisitOut(amhp).to(`${i + 1} Example Street, Brackenford`).finishingIn((3 + 4 * i) / 60).build(services);
  visits.push({ id: visit.id, dueAt: visit.expectedFinishAt.getTime(), name: amhp.name });
}

const alertAt = async (visitId: string, step: number) => {
  const alerts = await services.safety.alerts.alerts(cast.lee.ctx);
  return alerts.find((a) => a.visitId === visitId && a.stepIndex === step)?.at.getTime();
};
async function waitFor<T>(what: () => Promise<T | undefined>, limitMs: number): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const rows: string[] = [];
const late: number[] = [];
const mailLate: number[] = [];
for (const [i, visit] of visits.entries()) {
  const at = await waitFor(() => alertAt(visit.id, 0), 120_000);
  const mail = await waitFor(async () => mails.find((m) => m.subject === `Overdue: ${visit.name} (step 1)`)?.at, 120_000);
  late.push(at - visit.dueAt);
  mailLate.push(mail - visit.dueAt);
  rows.push(`  visit ${i + 1}: alert ${((at - visit.dueAt) / 1000).toFixed(2)} s after due, e-mail ${((mail - visit.dueAt) / 1000).toFixed(2)} s after due`);
}
// The first visit's second step, one minute after its first alert.
const first = visits[0]!;
const firstAlert = (await alertAt(first.id, 0))!;
const stepTwo = await waitFor(() => alertAt(first.id, 1), 150_000);
const stepTwoDue = firstAlert + 60_000;
const stepTwoMail = await waitFor(async () => mails.find((m) => m.subject === 'Overdue: Ava Amhp (step 2)')?.at, 60_000);
rows.push(`  visit 1 step 2: alert ${((stepTwo - stepTwoDue) / 1000).toFixed(2)} s after due, e-mail ${((stepTwoMail - stepTwoDue) / 1000).toFixed(2)} s after due`);
late.push(stepTwo - stepTwoDue);
mailLate.push(stepTwoMail - stepTwoDue);
console.log(rows.join('\n'));
console.log(`worst: alert ${(Math.max(...late) / 1000).toFixed(2)} s late (target ≤ 5 s), e-mail ${(Math.max(...mailLate) / 1000).toFixed(2)} s late (target: same minute); load average ${load()}`);
await services.scheduler.stop();
await database.close();
