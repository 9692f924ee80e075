import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { DemoIds } from '../../platform/module.js';
import { type Role, isRole } from '../../platform/roles.js';
import type { DirectoryService } from './directory-service.js';
import type { EscalationsService } from './escalations-service.js';
import type { HospitalWaitsService } from './hospital-waits-service.js';
import type { LookupReference } from './escalations-ports.js';
import type { PartnerContact, PartnerEntry } from './partner-directory.js';

const c = (roleLabel: string, rung: 1 | 2 | 3, hours: PartnerContact['hours'], phone: string, extra: Partial<Pick<PartnerContact, 'bleep' | 'mailbox'>> = {}): PartnerContact => ({ roleLabel, rung, hours, phone, bleep: extra.bleep ?? '', mailbox: extra.mailbox ?? '' });

/** Invented organisations and numbers (Ofcom drama range 01632 960xxx, example.org mailboxes). */
export const DEMO_PARTNERS: PartnerEntry[] = [
  {
    name: 'Ashdown Emergency Duty Team',
    kind: 'council',
    complaintRoute: 'Ashdown Council complaints: feedback@ashdown.example.org',
    notes: 'Call the on-call manager on this number only (§6.1 b).',
    contacts: [
      c('EDT on-call manager', 1, 'out_of_hours', '01632 960100'),
      c('AMHP operational manager', 1, 'in_hours', '01632 960103', { mailbox: 'amhp.service@example.org' }),
      c('EDT team manager or service manager', 2, 'any', '01632 960101'),
      c('Head of service or assistant director', 3, 'any', '01632 960102', { mailbox: 'head.of.service@ashdown.example.org' }),
    ],
  },
  {
    name: 'Northvale Police',
    kind: 'police',
    complaintRoute: 'Escalate through the response inspectors; formal complaints to professional.standards@northvale-police.example.org',
    notes: '',
    contacts: [
      c('Response inspector (north)', 1, 'any', '01632 960110'),
      c('Response inspector (south)', 1, 'any', '01632 960111'),
      c('Force control room inspector (Oscar One)', 2, 'any', '01632 960113'),
      c('Superintendent on call', 3, 'any', '01632 960112'),
    ],
  },
  {
    name: 'Corrington General Hospital',
    kind: 'acute_trust',
    complaintRoute: 'Datix, or the on-call manager',
    notes: 'Site will escalate to the senior manager on call (SMOC) and Gold.',
    contacts: [
      c('Site manager', 1, 'any', '01632 960120', { bleep: '500' }),
      c('Duty senior nurse', 1, 'out_of_hours', '', { bleep: '612' }),
      c('Senior manager on call (SMOC)', 2, 'any', '01632 960121'),
      c('On-call director (Gold)', 3, 'any', '01632 960122'),
    ],
  },
  {
    name: 'Three Rivers Mental Health NHS Foundation Trust',
    kind: 'mental_health_trust',
    complaintRoute: 'Datix, or the trust’s on-call manager',
    notes: '',
    contacts: [
      c('Crisis team manager', 1, 'in_hours', '01632 960130', { mailbox: 'crisis.team@threerivers.example.org' }),
      c('Trust on-call manager', 1, 'out_of_hours', '01632 960131'),
      c('Service manager', 2, 'in_hours', '01632 960133'),
      c('On-call director', 3, 'any', '01632 960132'),
    ],
  },
  {
    name: 'Eastern Counties Ambulance Service',
    kind: 'ambulance',
    complaintRoute: 'operations@ambulance.example.org',
    notes: '',
    contacts: [c('Operations', 1, 'any', '01632 960140', { mailbox: 'operations@ambulance.example.org' }), c('Duty operations manager', 2, 'any', '01632 960141')],
  },
];

function contextFor(ids: DemoIds, key: string): ServiceContext | null {
  const facts = ids.directory.find((p) => p.key === key);
  const personId = ids.people[key];
  if (!facts || !personId) return null;
  const roles = facts.roles.filter(isRole) as Role[];
  return {
    actor: { personId, name: key, email: `${key}@example.org`, roles, organisationId: ids.organisations[facts.organisation] ?? '', teamId: facts.team ? (ids.teams[facts.team] ?? null) : null },
    requestId: 'demo-seed',
  };
}

/** The demo's directory, and two open escalations: one to the police out of hours, one to the AMHP Lead. */
export async function seedEscalationsDemo(deps: { directory: DirectoryService; escalations: EscalationsService; waits: HospitalWaitsService; clock: Clock; lookupReference: LookupReference }, ids: DemoIds): Promise<void> {
  const admin = contextFor(ids, 'admin');
  const edt = contextFor(ids, 'edt');
  const amhp = contextFor(ids, 'amhp');
  if (!admin || !edt || !amhp) return;
  const partners = new Map<string, string>();
  for (const entry of DEMO_PARTNERS) partners.set(entry.name, (await deps.directory.addPartner(admin, entry)).id);
  // partner@example.org signs in for Northvale Police.
  const partnerPerson = ids.people.partner;
  const northvale = partners.get('Northvale Police');
  if (partnerPerson && northvale) await deps.directory.addMember(admin, northvale, partnerPerson);
  await seedHospitalWait(deps, amhp, partners.get('Corrington General Hospital'));
  const police = await deps.escalations.raise(edt, {
    category: 'conveyance',
    urgency: 'routine',
    concern: 'Police attendance for a planned assessment was cancelled an hour before, with no alternative offered.',
    triedLocally: 'Discussed with the control room sergeant; no resolution.',
    outcomeSought: 'An agreed way to rebook police support for planned assessments.',
    partnerId: partners.get('Northvale Police'),
    receiverName: 'Response inspector (north)',
    receiverContact: '01632 960110',
  });
  await deps.escalations.acknowledge(edt, police.escalation.id, { version: police.escalation.version, onBehalfOf: 'Inspector Ola Oduya, by phone' });
  const lead = ids.people.lead;
  if (lead) {
    await deps.escalations.raise(amhp, {
      category: 'transfer_of_care',
      urgency: 'routine',
      concern: 'A person waited 14 hours in the emergency department for a mental health bed.',
      triedLocally: 'Discussed with the bed manager and the site manager; bed found the next morning.',
      outcomeSought: 'Review of the bed escalation pathway with the acute trust.',
      partnerId: partners.get('Corrington General Hospital'),
      receiverPersonId: lead,
    });
  }
}

/**
 * A person waiting in Corrington General's emergency department: the demo referral received five
 * hours ago "A&E, Corrington General" (the fifth newest demo referral), arrived 5 hours ago, so the
 * 4-hour warning has passed; the duty senior nurse was bleeped.
 */
async function seedHospitalWait(deps: { waits: HospitalWaitsService; clock: Clock; lookupReference: LookupReference }, amhp: ServiceContext, hospitalId: string | undefined): Promise<void> {
  if (!hospitalId) return;
  const now = deps.clock.now();
  const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(now));
  const reference = (n: number) => `REF-${year}-${String(n).padStart(6, '0')}`;
  let newest = 0;
  while (newest < 200 && (await deps.lookupReference(reference(newest + 1)))) newest += 1;
  if (newest < 5) return;
  const startedAt = new Date(now.getTime() - 5 * 60 * 60_000);
  const view = await deps.waits.start(amhp, { referral: reference(newest - 4), partnerId: hospitalId, kind: 'emergency_department', startedAt });
  await deps.waits.recordContact(amhp, view.wait.id, { stepIndex: 0, contactRole: 'Duty senior nurse', number: 'bleep 612', answered: true, outcome: 'No mental health bed in the trust today; the site manager will be told at 8 hours.', at: new Date(startedAt.getTime() + 4 * 60 * 60_000 + 5 * 60_000) });
}
