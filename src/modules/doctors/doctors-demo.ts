// The demo's section 12 doctors: invented names, fictional GMC numbers (the four already on the
// demo assessment records among them), drama-range phones (07700 900xxx), availability around
// the demo day, one lapsed approval, one expiring, and one claim of each status.

import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { addDays, addHours, londonDate, londonInstant } from '../../platform/london-time.js';
import type { DemoIds } from '../../platform/module.js';
import type { Role } from '../../platform/roles.js';
import { DoctorsRepository } from './doctors-repository.js';
import type { DoctorsService } from './doctors-service.js';
import type { DoctorsDb } from './doctors-tables.js';

interface DemoDoctor {
  name: string;
  gmc: string;
  /** Years from the demo day the approval ends (negative: lapsed). In days when `days` is set. */
  until: { days: number };
  ac: boolean;
  specialisms: string[];
  languages: string[];
  areas: string[];
  phone: string;
  base: string;
  person?: string;
}

const DEMO_DOCTORS: DemoDoctor[] = [
  { name: 'Dr Helena Marsden', gmc: '7100231', until: { days: 900 }, ac: true, specialisms: ['older_adults'], languages: ['Welsh'], areas: ['ashdown', 'brackenford'], phone: '07700 900101', base: 'Ashdown Hospital', person: 's12doctor' },
  { name: 'Dr Rafael Okonjo', gmc: '7100452', until: { days: 40 }, ac: false, specialisms: ['cyp'], languages: ['Portuguese', 'Yoruba'], areas: ['brackenford'], phone: '07700 900102', base: 'Brackenford CAMHS' },
  { name: 'Dr Sunil Varma', gmc: '7100894', until: { days: 1200 }, ac: false, specialisms: ['forensic'], languages: ['Punjabi', 'Hindi', 'Urdu'], areas: ['corrington', 'ashdown'], phone: '07700 900103', base: 'Corrington Medium Secure Unit' },
  { name: 'Dr Felicity Dunmore', gmc: '7101115', until: { days: -32 }, ac: false, specialisms: ['learning_disability'], languages: [], areas: ['ashdown'], phone: '07700 900104', base: 'Private practice' },
  { name: 'Dr Imran Qureshi', gmc: '7101336', until: { days: 700 }, ac: true, specialisms: ['learning_disability', 'older_adults'], languages: ['Urdu', 'Polish'], areas: ['ashdown', 'brackenford', 'corrington'], phone: '07700 900105', base: 'Three Rivers NHS', person: 's12doctor2' },
  { name: 'Dr Agnieszka Holloway', gmc: '7101557', until: { days: 1500 }, ac: false, specialisms: ['cyp'], languages: ['Polish'], areas: ['corrington'], phone: '07700 900106', base: 'GP, Corrington Vale Surgery' },
];

export async function seedDoctorsDemo(deps: { doctors: DoctorsService; db: Kysely<DoctorsDb>; clock: Clock }, ids: DemoIds): Promise<void> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const repository = new DoctorsRepository();
  const ctxOf = (key: string, roles: Role[]): ServiceContext => ({ actor: { personId: ids.people[key] ?? '', name: key, email: `${key}@example.org`, roles, organisationId: '', teamId: null }, requestId: 'demo-seed' });
  const admin = ctxOf('admin', ['admin']);
  const created: Record<string, string> = {};
  for (const d of DEMO_DOCTORS) {
    const until = addDays(today, d.until.days);
    const doctor = await deps.doctors.addDoctor(admin, {
      name: d.name,
      gmcNumber: d.gmc,
      s12ApprovedFrom: addDays(until, -5 * 365),
      s12ApprovedUntil: until,
      approvedClinician: d.ac,
      specialisms: d.specialisms,
      languages: d.languages,
      areas: d.areas.map((k) => ids.organisations[k]).filter((id): id is string => !!id),
      phone: d.phone,
      email: `${d.name.replace(/^Dr /, '').toLowerCase().replace(/[^a-z]+/g, '.')}@doctors.example.org`,
      base: d.base,
      notes: '',
      personId: d.person ? (ids.people[d.person] ?? null) : null,
    });
    created[d.gmc] = doctor.id;
  }
  // Availability around the demo day: weekly sessions, a one-off evening, and one "available now".
  const weekly = (gmc: string, weekday: number, from: number, to: number) => repository.insertSlot(deps.db, { doctorId: created[gmc]!, kind: 'weekly', weekday, startMinute: from * 60, endMinute: to * 60, createdAt: now });
  for (const day of [1, 2, 3, 4, 5]) await weekly('7100231', day, 9, 17);
  for (const day of [1, 3, 5]) await weekly('7100894', day, 13, 20);
  for (const day of [6, 7]) await weekly('7101336', day, 8, 20);
  await weekly('7100452', 2, 9, 13);
  const tomorrow = addDays(today, 1);
  await repository.insertSlot(deps.db, { doctorId: created['7101557']!, kind: 'one_off', startsAt: londonInstant(tomorrow, '18:00'), endsAt: londonInstant(tomorrow, '23:00'), createdAt: now });
  await repository.insertSlot(deps.db, { doctorId: created['7101336']!, kind: 'now', startsAt: now, endsAt: addHours(now, 4), createdAt: now });

  // Claims by the signed-in demo doctor: one of each status, on assessments she is on.
  const doctorCtx = ctxOf('s12doctor', ['s12_doctor']);
  const officer = ctxOf('claims', ['claims_officer']);
  const claimable = [];
  for (const a of await deps.doctors.claimableAssessments(doctorCtx)) {
    try {
      claimable.push(await deps.doctors.submitClaim(doctorCtx, { referralId: a.referralId, feeType: 'assessment', miles: 12 + claimable.length * 7 }));
    } catch {
      // an assessment still under way (no outcome yet) cannot be claimed: skip it
    }
    if (claimable.length === 4) break;
  }
  const [toPay, approved, rejected] = claimable;
  if (toPay) {
    await deps.doctors.decide(officer, toPay.id, { decision: 'approve', version: toPay.version });
    // Approved in the last complete payment cycle, so the demo has a batch already paid.
    const cycle = (await deps.doctors.nextBatch(officer)).period;
    const again = await deps.doctors.claim(officer, toPay.id);
    await repository.updateClaim(deps.db, toPay.id, again.version, { decidedAt: londonInstant(cycle.to, '10:00') });
    await deps.doctors.createBatch(officer);
  }
  if (approved) await deps.doctors.decide(officer, approved.id, { decision: 'approve', version: approved.version });
  if (rejected) await deps.doctors.decide(officer, rejected.id, { decision: 'reject', reason: 'The mileage claimed is more than the distance from your base to the assessment address: please check it and send the claim again.', version: rejected.version });
}
