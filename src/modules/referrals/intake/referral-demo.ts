// Fictional demo referrals over the last ten days (relative to the clock) in every state, with
// timelines, so lists, the duty board and the SITREP have something real to show. Every name,
// address, phone number and NHS number here is invented (NHS numbers pass modulus 11 but are
// generated, not anyone's).

import { inTransaction } from '../../../db/database.js';
import type { Clock } from '../../../platform/clock.js';
import type { DemoIds } from '../../../platform/module.js';
import { nhsCheckDigit } from '../nhs-number.js';
import type { ReferralStatus } from '../referral-lifecycle.js';
import { formatReferralReference, referenceYearFor } from './referral-reference.js';
import { ReferralRepository, type ReferralsDb } from './referral-repository.js';

/** What the demo needs: the module's tables, the clock, and the Lead's name from staff. */
export interface ReferralDemoDeps {
  db: ReferralsDb;
  clock: Clock;
  staff: { findPerson(id: string): Promise<{ name: string } | undefined> };
}

const HOUR = 3_600_000;

/** A valid, invented NHS number from a seed (deterministic). */
function demoNhsNumber(seed: number): string {
  for (let n = seed; ; n += 1) {
    const first = String(400_000_000 + ((n * 7_919) % 99_999_999)).padStart(9, '0');
    const check = nhsCheckDigit(first);
    if (check !== null) return `${first}${check}`;
  }
}

interface DemoReferral {
  given: string;
  family: string;
  dob: string | null;
  withNhs: boolean;
  source: string;
  via: string;
  referrer: [string, string, string];
  location: string;
  legal: string;
  urgency: string;
  lssa: 'ashdown' | 'brackenford' | 'corrington' | null;
  reason: string;
  risks: string;
  staffRisk: string;
  status: ReferralStatus;
  decision?: 'proceed' | 'not_proceed' | 'more_information_needed';
  alternative?: string;
  amhp?: string;
  hoursAgo: number;
  language?: string;
  interpreter?: boolean;
}

const DEMO: DemoReferral[] = [
  { given: 'Dylan', family: 'Marsh', dob: '1994-06-11', withNhs: true, source: 'police', via: 'phone', referrer: ['PC Hannah Ives', 'Police constable', 'County Police'], location: 'Place of safety, Ashdown Hospital', legal: 's136', urgency: 'emergency', lssa: 'ashdown', reason: 'Found on the railway bridge expressing intent to end his life; detained under s136 and taken to the place of safety.', risks: 'Suicide attempt this evening. Alcohol use.', staffRisk: '', status: 'received', hoursAgo: 1 },
  { given: 'Priya', family: 'Raman', dob: '1971-02-03', withNhs: true, source: 'gp', via: 'email', referrer: ['Dr Colin Fairweather', 'GP', 'Millbrook Surgery'], location: 'Home address', legal: 'community', urgency: 'urgent', lssa: 'brackenford', reason: 'Increasingly paranoid, not eating, has barricaded the front door. Family very worried.', risks: 'Self-neglect.', staffRisk: 'Has threatened visitors with a walking stick.', status: 'received', hoursAgo: 3 },
  { given: 'Tomasz', family: 'Wojcik', dob: '1988-09-23', withNhs: false, source: 'acute_hospital', via: 'phone', referrer: ['Ellen Shaw', 'Liaison nurse', 'Corrington General A&E'], location: 'A&E, Corrington General', legal: 'informal', urgency: 'urgent', lssa: 'corrington', reason: 'Attended A&E after an overdose, now wishes to leave. Liaison psychiatry recommend assessment.', risks: 'Overdose today.', staffRisk: '', status: 'received', hoursAgo: 5, language: 'Polish', interpreter: true },
  { given: 'Grace', family: 'Adeyemi', dob: '2001-12-30', withNhs: true, source: 'mental_health_team', via: 'email', referrer: ['Sam Rowe', 'Care coordinator', 'Ashdown CMHT'], location: 'Home address', legal: 'cto', urgency: 'routine', lssa: 'ashdown', reason: 'Not engaging with CTO conditions; RC considering revocation, AMHP view requested.', risks: 'Relapse indicators.', staffRisk: '', status: 'received', hoursAgo: 8 },
  { given: 'Martin', family: 'Hale', dob: '1956-04-14', withNhs: true, source: 'family_or_carer', via: 'phone', referrer: ['Julie Hale', 'Daughter', ''], location: 'Home address', legal: 'community', urgency: 'routine', lssa: 'brackenford', reason: 'Daughter reports confusion and low mood; unclear whether mental disorder or physical cause.', risks: 'Wandering at night.', staffRisk: '', status: 'awaiting_information', decision: 'more_information_needed', hoursAgo: 30 },
  { given: 'Leanne', family: 'Foster', dob: '1983-07-07', withNhs: false, source: 'adult_social_care', via: 'email', referrer: ['Kofi Mensah', 'Social worker', 'Corrington Adult Social Care'], location: 'Supported living, Corrington', legal: 'community', urgency: 'routine', lssa: 'corrington', reason: 'Placement at risk of breakdown; staff request MHA assessment.', risks: 'Aggression towards staff.', staffRisk: 'Two staff to visit.', status: 'awaiting_information', decision: 'more_information_needed', hoursAgo: 50 },
  { given: 'Ahmed', family: 'Karimi', dob: '1990-01-19', withNhs: true, source: 'mental_health_inpatient_ward', via: 'phone', referrer: ['Ruth Benson', 'Nurse in charge', 'Willow Ward'], location: 'Willow Ward, Ashdown Hospital', legal: 's5_2', urgency: 'emergency', lssa: 'ashdown', reason: 'Informal patient attempted to leave; doctor holding power used at 09:40.', risks: 'Absconding, self-harm.', staffRisk: '', status: 'decided', decision: 'proceed', hoursAgo: 4 },
  { given: 'Chloe', family: 'Barker', dob: '1999-03-05', withNhs: true, source: 'crisis_team', via: 'phone', referrer: ['Ben Tallis', 'CRHT practitioner', 'Crisis team'], location: 'Home address', legal: 'community', urgency: 'urgent', lssa: 'corrington', reason: 'Home treatment failing, not taking medication, voices telling her to harm others.', risks: 'Command hallucinations.', staffRisk: 'Dog at the property.', status: 'decided', decision: 'proceed', hoursAgo: 7 },
  { given: 'Joseph', family: 'Nwosu', dob: '1979-10-21', withNhs: true, source: 'police', via: 'phone', referrer: ['Sgt Dan Price', 'Custody sergeant', 'County Police'], location: 'Corrington custody suite', legal: 'other', urgency: 'urgent', lssa: 'corrington', reason: 'In custody after a public order incident; FME concerned about psychosis.', risks: 'Violence when unwell.', staffRisk: 'Assault on police officer on arrest.', status: 'allocated', decision: 'proceed', amhp: 'amhp', hoursAgo: 6 },
  { given: 'Olivia', family: 'Pearce', dob: '1965-05-29', withNhs: true, source: 'gp', via: 'phone', referrer: ['Dr Anita Shah', 'GP', 'Riverside Medical Centre'], location: 'Home address', legal: 'community', urgency: 'urgent', lssa: 'ashdown', reason: 'Manic, spending heavily, not sleeping for five days.', risks: 'Financial exploitation, driving dangerously.', staffRisk: '', status: 'allocated', decision: 'proceed', amhp: 'amhp2', hoursAgo: 20 },
  { given: 'Kieran', family: 'Doyle', dob: '1992-08-08', withNhs: false, source: 'ambulance_service', via: 'phone', referrer: ['Paramedic Lisa Grant', 'Paramedic', 'Ambulance service'], location: 'Brackenford Hospital A&E', legal: 'informal', urgency: 'urgent', lssa: 'brackenford', reason: 'Found wandering on the bypass, disorganised and unable to give a history.', risks: 'Road traffic risk.', staffRisk: '', status: 'allocated', decision: 'proceed', amhp: 'amhp3', hoursAgo: 26 },
  { given: 'Sofia', family: 'Lindqvist', dob: '1987-11-12', withNhs: true, source: 'nearest_relative', via: 'phone', referrer: ['Erik Lindqvist', 'Husband (nearest relative)', ''], location: 'Home address', legal: 'community', urgency: 'routine', lssa: 'brackenford', reason: 'Nearest relative requests an assessment under s13(4).', risks: 'Postnatal, not caring for baby.', staffRisk: '', status: 'allocated', decision: 'proceed', amhp: 'amhp4', hoursAgo: 40 },
  { given: 'Reuben', family: 'Clarke', dob: '1975-02-26', withNhs: true, source: 'police', via: 'phone', referrer: ['PC Amir Patel', 'Police constable', 'County Police'], location: 'Place of safety, Brackenford Hospital', legal: 's136', urgency: 'emergency', lssa: 'brackenford', reason: 'Standing in traffic shouting; detained under s136.', risks: 'Risk to self in traffic.', staffRisk: '', status: 'in_assessment', decision: 'proceed', amhp: 'amhp5', hoursAgo: 9 },
  { given: 'Hannah', family: 'Osei', dob: '2003-06-02', withNhs: true, source: 'mental_health_inpatient_ward', via: 'phone', referrer: ['Femi Ade', 'Ward manager', 'Cedar Ward'], location: 'Cedar Ward, Brackenford Hospital', legal: 'already_detained', urgency: 'urgent', lssa: 'corrington', reason: 'Section 2 ends in four days; RC recommends section 3.', risks: 'Self-harm on the ward.', staffRisk: '', status: 'in_assessment', decision: 'proceed', amhp: 'amhp6', hoursAgo: 30 },
  { given: 'William', family: 'Bright', dob: '1948-09-17', withNhs: true, source: 'mental_health_team', via: 'email', referrer: ['Nia Evans', 'CPN', 'Older people mental health team'], location: 'Home address', legal: 'community', urgency: 'urgent', lssa: 'ashdown', reason: 'Severe depression, refusing food and fluids.', risks: 'Dehydration.', staffRisk: '', status: 'in_assessment', decision: 'proceed', amhp: 'amhp7', hoursAgo: 46 },
  { given: 'Aisha', family: 'Begum', dob: '1996-04-04', withNhs: true, source: 'acute_hospital', via: 'phone', referrer: ['Dr Tom Reid', 'Liaison psychiatrist', 'Ashdown General'], location: 'Medical ward, Ashdown General', legal: 'informal', urgency: 'urgent', lssa: 'ashdown', reason: 'Attempting to leave the medical ward after paracetamol overdose.', risks: 'Liver damage if treatment stopped.', staffRisk: '', status: 'outcome_recorded', decision: 'proceed', amhp: 'amhp8', hoursAgo: 28, language: 'Bengali', interpreter: true },
  { given: 'Nathan', family: 'Reeves', dob: '1985-12-01', withNhs: false, source: 'police', via: 'phone', referrer: ['PC Kelly Moore', 'Police constable', 'County Police'], location: 'Place of safety, Ashdown Hospital', legal: 's136', urgency: 'emergency', lssa: 'corrington', reason: 'Threatening to jump from a multi-storey car park.', risks: 'Suicide.', staffRisk: '', status: 'outcome_recorded', decision: 'proceed', amhp: 'amhp9', hoursAgo: 52 },
  { given: 'Ruby', family: 'Sinclair', dob: '1990-07-15', withNhs: true, source: 'gp', via: 'email', referrer: ['Dr Paul Lowe', 'GP', 'Hillside Practice'], location: 'Home address', legal: 'community', urgency: 'routine', lssa: 'brackenford', reason: 'Deteriorating psychosis, declining community treatment.', risks: 'Neglect.', staffRisk: '', status: 'outcome_recorded', decision: 'proceed', amhp: 'amhp10', hoursAgo: 70 },
  { given: 'George', family: 'Whitfield', dob: '1968-03-22', withNhs: true, source: 'police', via: 'phone', referrer: ['PC Sarah Flynn', 'Police constable', 'County Police'], location: 'Place of safety, Brackenford Hospital', legal: 's136', urgency: 'emergency', lssa: 'brackenford', reason: 'Found in a distressed state at the river.', risks: 'Suicide.', staffRisk: '', status: 'closed', decision: 'proceed', amhp: 'amhp11', hoursAgo: 80 },
  { given: 'Imogen', family: 'Tate', dob: '1977-08-30', withNhs: true, source: 'mental_health_team', via: 'email', referrer: ['Lucy Grey', 'Care coordinator', 'Brackenford CMHT'], location: 'Home address', legal: 'community', urgency: 'routine', lssa: 'brackenford', reason: 'Relapse of bipolar disorder, refusing informal admission.', risks: 'Disinhibition.', staffRisk: '', status: 'closed', decision: 'proceed', amhp: 'amhp12', hoursAgo: 100 },
  { given: 'Daniel', family: 'Okoro', dob: '1998-01-09', withNhs: true, source: 'acute_hospital', via: 'phone', referrer: ['Meg Harper', 'Liaison nurse', 'Corrington General'], location: 'A&E, Corrington General', legal: 'informal', urgency: 'urgent', lssa: 'corrington', reason: 'Psychotic, believes staff are poisoning him, wants to leave.', risks: 'Absconding.', staffRisk: '', status: 'closed', decision: 'proceed', amhp: 'amhp13', hoursAgo: 120 },
  { given: 'Megan', family: 'Lloyd', dob: '1982-05-18', withNhs: true, source: 'mental_health_inpatient_ward', via: 'phone', referrer: ['Chris Dunn', 'Nurse', 'Oak Ward'], location: 'Oak Ward, Corrington Hospital', legal: 's5_4', urgency: 'emergency', lssa: 'corrington', reason: "Nurse's holding power used; patient trying to leave.", risks: 'Self-harm.', staffRisk: '', status: 'closed', decision: 'proceed', amhp: 'amhp14', hoursAgo: 150 },
  { given: 'Patrick', family: 'Quinn', dob: '1960-10-10', withNhs: true, source: 'gp', via: 'phone', referrer: ['Dr Jane Cole', 'GP', 'Station Road Surgery'], location: 'Home address', legal: 'community', urgency: 'routine', lssa: 'ashdown', reason: 'Low mood, some suicidal thoughts, no plan.', risks: 'Low.', staffRisk: '', status: 'closed', decision: 'not_proceed', alternative: 'community_team_follow_up', hoursAgo: 170 },
  { given: 'Ella', family: 'Summers', dob: '2000-02-14', withNhs: true, source: 'family_or_carer', via: 'phone', referrer: ['Mark Summers', 'Father', ''], location: 'Home address', legal: 'community', urgency: 'urgent', lssa: 'ashdown', reason: 'Not sleeping, agitated, cannabis use.', risks: 'Moderate.', staffRisk: '', status: 'closed', decision: 'not_proceed', alternative: 'crisis_team_home_treatment', hoursAgo: 200 },
  { given: 'Victor', family: 'Amadi', dob: '1973-06-06', withNhs: false, source: 'police', via: 'phone', referrer: ['PC Joe Lang', 'Police constable', 'County Police'], location: 'Home address', legal: 'community', urgency: 'urgent', lssa: 'corrington', reason: 'Neighbour dispute; police query mental disorder.', risks: 'Low.', staffRisk: '', status: 'decided', decision: 'not_proceed', alternative: 'signposting', hoursAgo: 22 },
  { given: 'Lily', family: 'Harrington', dob: '1993-09-09', withNhs: true, source: 'crisis_team', via: 'phone', referrer: ['Ben Tallis', 'CRHT practitioner', 'Crisis team'], location: 'Home address', legal: 'community', urgency: 'urgent', lssa: 'brackenford', reason: 'Self-harming; crisis team ask whether an assessment is needed.', risks: 'Self-harm.', staffRisk: '', status: 'decided', decision: 'not_proceed', alternative: 'crisis_team_home_treatment', hoursAgo: 12 },
  { given: 'Oscar', family: 'Fenwick', dob: '1986-04-27', withNhs: true, source: 'gp', via: 'email', referrer: ['Dr Colin Fairweather', 'GP', 'Millbrook Surgery'], location: 'Home address', legal: 'community', urgency: 'routine', lssa: 'brackenford', reason: 'Paranoid beliefs about neighbours.', risks: 'Low.', staffRisk: '', status: 'withdrawn', hoursAgo: 90 },
  { given: 'Zara', family: 'Mahmood', dob: '1997-12-12', withNhs: true, source: 'acute_hospital', via: 'phone', referrer: ['Ellen Shaw', 'Liaison nurse', 'Corrington General A&E'], location: 'A&E, Corrington General', legal: 'informal', urgency: 'urgent', lssa: 'corrington', reason: 'Wanted to leave A&E after self-harm.', risks: 'Self-harm.', staffRisk: '', status: 'withdrawn', hoursAgo: 140 },
  { given: 'Frank', family: 'Dawson', dob: '1952-01-31', withNhs: true, source: 'mental_health_team', via: 'email', referrer: ['Nia Evans', 'CPN', 'Older people mental health team'], location: 'Care home, Ashdown', legal: 'community', urgency: 'routine', lssa: 'ashdown', reason: 'Guardianship considered to manage residence.', risks: 'Wandering.', staffRisk: '', status: 'closed', decision: 'proceed', amhp: 'amhp15', hoursAgo: 230 },
  { given: 'Jade', family: 'Kowalski', dob: '1995-03-03', withNhs: true, source: 'police', via: 'phone', referrer: ['PC Hannah Ives', 'Police constable', 'County Police'], location: 'Place of safety, Ashdown Hospital', legal: 's136', urgency: 'emergency', lssa: null, reason: 'Visiting the area; detained under s136 at the station.', risks: 'Suicide.', staffRisk: '', status: 'allocated', decision: 'proceed', amhp: 'edt', hoursAgo: 2 },
];

export async function seedReferralsDemo(deps: ReferralDemoDeps, ids: DemoIds): Promise<void> {
  const repository = new ReferralRepository();
  const now = deps.clock.now();
  const person = (key: string): string => {
    const id = ids.people[key];
    if (!id) throw new Error(`Demo person ${key} is missing`);
    return id;
  };
  const lead = person('lead');
  const leadName = (await deps.staff.findPerson(lead))?.name ?? 'AMHP Lead';
  const support = person('support');
  const sorted = [...DEMO].sort((a, b) => b.hoursAgo - a.hoursAgo);
  await inTransaction(deps.db, async (trx) => {
    for (const [index, d] of sorted.entries()) {
      const receivedAt = new Date(now.getTime() - d.hoursAgo * HOUR);
      const at = (hoursAfter: number) => new Date(Math.min(now.getTime() - 60_000, receivedAt.getTime() + hoursAfter * HOUR));
      const year = referenceYearFor(receivedAt);
      const reference = formatReferralReference(year, await repository.nextReferenceSequence(trx, year));
      const decided = d.decision !== undefined;
      const amhpId = d.amhp ? person(d.amhp) : null;
      const final = d.decision === 'more_information_needed' ? null : d.decision;
      const closedAt = d.status === 'closed' || d.status === 'withdrawn' ? at(d.decision === 'proceed' ? 20 : 6) : null;
      const id = await repository.insert(trx, {
        reference,
        status: d.status,
        receivedAt,
        receivedVia: d.via,
        sourceType: d.source,
        referrerName: d.referrer[0],
        referrerRole: d.referrer[1],
        referrerOrganisation: d.referrer[2],
        referrerContact: `01632 960${String(500 + index).padStart(3, '0')}`,
        givenName: d.given,
        familyName: d.family,
        dateOfBirth: d.dob,
        nhsNumber: d.withNhs ? demoNhsNumber(index + 11) : null,
        address: `${10 + index} ${['Mill Lane', 'Church Street', 'Station Road', 'The Green', 'Orchard Way'][index % 5]}`,
        postcode: `ZZ${(index % 9) + 1} ${index % 10}AB`,
        lssaId: d.lssa ? (ids.organisations[d.lssa] ?? null) : null,
        gender: index % 2 === 0 ? 'male' : 'female',
        ethnicity: ['A', 'H', 'M', 'C', 'N', 'Z', 'J'][index % 7] ?? null,
        firstLanguage: d.language ?? 'English',
        interpreterNeeded: d.interpreter ?? false,
        communicationNeeds: '',
        currentLocation: d.location,
        legalStatus: d.legal,
        legalStatusSince: d.legal === 's136' || d.legal === 's5_2' || d.legal === 's5_4' ? new Date(receivedAt.getTime() - 0.5 * HOUR) : null,
        reason: d.reason,
        risks: d.risks,
        risksToStaff: d.staffRisk,
        urgency: d.urgency,
        decision: d.decision ?? null,
        decisionAlternative: d.alternative ?? null,
        decisionRationale: decided ? rationaleFor(d) : null,
        decidedBy: decided ? lead : null,
        decidedByName: decided ? leadName : null,
        decidedAt: decided ? at(0.5) : null,
        decisionRecordedAt: decided ? at(0.5) : null,
        allocatedAmhpId: amhpId,
        allocatedBy: amhpId ? lead : null,
        allocatedAt: amhpId ? at(0.75) : null,
        withdrawnReason: d.status === 'withdrawn' ? 'The referrer called back: the person agreed to informal admission.' : null,
        closedAt,
        createdBy: d.via === 'phone' && d.urgency !== 'emergency' ? support : lead,
        createdAt: receivedAt,
        updatedAt: closedAt ?? at(amhpId ? 1 : decided ? 0.5 : 0),
      });
      await seedTimeline(trx, repository, id, d, { receivedAt, at, lead, leadName, support, amhpId, closedAt });
      if (final && (d.status === 'closed' || d.status === 'outcome_recorded' || final === 'not_proceed')) {
        await repository.insertFeedback(trx, { referralId: id, givenBy: lead, givenTo: d.referrer[0], givenAt: at(1), method: 'phone', notes: '' });
        await repository.insertEvent(trx, { referralId: id, occurredAt: at(1), actorId: lead, kind: 'feedback_given', summary: `Verbal feedback given to ${d.referrer[0]} by ${leadName} (phone)` });
      }
    }
  });
}

function rationaleFor(d: DemoReferral): string {
  if (d.decision === 'more_information_needed') return 'Need a recent GP summary and physical health check before deciding whether a mental disorder is the cause.';
  if (d.decision === 'not_proceed') return 'Risk can be managed in the community with a less restrictive alternative; the person is willing to engage.';
  return 'Presentation and risks indicate detention may be necessary; less restrictive options have been tried or refused.';
}

async function seedTimeline(
  trx: ReferralsDb,
  repository: ReferralRepository,
  referralId: string,
  d: DemoReferral,
  t: { receivedAt: Date; at: (h: number) => Date; lead: string; leadName: string; support: string; amhpId: string | null; closedAt: Date | null },
): Promise<void> {
  const add = (occurredAt: Date, actorId: string | null, kind: string, summary: string) => repository.insertEvent(trx, { referralId, occurredAt, actorId, kind, summary });
  await add(t.receivedAt, d.urgency === 'emergency' ? t.lead : t.support, 'received', `Referral received by ${d.via} from ${d.referrer[0]}${d.referrer[2] ? ` (${d.referrer[2]})` : ''}`);
  if (d.decision) {
    const label = d.decision === 'proceed' ? 'Proceed to a Mental Health Act assessment' : d.decision === 'not_proceed' ? 'Do not proceed: offer a less restrictive alternative' : 'More information needed before deciding';
    await add(t.at(0.5), t.lead, 'decide', `Decision signed by ${t.leadName}: ${label}`);
  }
  if (t.amhpId) await add(t.at(0.75), t.lead, 'allocate', `Allocated by ${t.leadName}`);
  if (['in_assessment', 'outcome_recorded', 'closed'].includes(d.status) && d.decision === 'proceed') await add(t.at(2), t.amhpId, 'start_assessment', 'Assessment started');
  if (['outcome_recorded', 'closed'].includes(d.status) && d.decision === 'proceed') await add(t.at(6), t.amhpId, 'record_outcome', 'Outcome recorded');
  if (d.status === 'closed' && t.closedAt) await add(t.closedAt, t.lead, 'close', `Closed by ${t.leadName}`);
  if (d.status === 'withdrawn' && t.closedAt) await add(t.closedAt, t.support, 'withdraw', 'Referral withdrawn');
}
