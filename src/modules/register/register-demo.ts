/**
 * The register's part of the fictional demo service. Approvals come from the interim expiry
 * dates the staff demo carried (start = expiry − 5 years + 1 day), adjusted relative to the
 * clock so that the story holds on any day: amhp26 has lapsed, amhp9 is suspended, amhp1 is
 * due for re-approval within the warning period, most are authorised by the other LSSAs.
 */
import { inTransaction } from '../../db/database.js';
import { addDays, addYearsAnniversary, londonDate } from '../../platform/london-time.js';
import type { DemoIds } from '../../platform/module.js';
import { approvalTermEnd, type Profession } from './approvals/approval.js';
import { ApprovalRepository } from './approvals/approval-repository.js';
import type { CompetenceEntry } from './competencies/competencies.js';
import { CompetencyRepository } from './competencies/competency-repository.js';
import type { RegisterDeps } from './register-ports.js';
import type { SupervisionArrangement, SupervisionType } from './supervision/supervision.js';
import { SupervisionRepository } from './supervision/supervision-repository.js';
import type { Trainee } from './trainees/trainee-pipeline.js';
import { TraineeRepository } from './trainees/trainee-repository.js';
import { approvalYearOn } from './training/training.js';
import { TrainingRepository } from './training/training-repository.js';

const TRAINING = [
  { title: 'Mental Health Act case law update', provider: 'Regional AMHP Leads Network', hours: 6, amhpSpecific: true, legalUpdate: true },
  { title: 'Positive risk-taking in AMHP practice', provider: 'Three Rivers learning and development', hours: 6, amhpSpecific: true, legalUpdate: false },
  { title: 'Mental Capacity Act and the Mental Health Act interface', provider: 'Corrington Council workforce development', hours: 3.5, amhpSpecific: true, legalUpdate: false },
  { title: 'Working with interpreters in assessments', provider: 'Ashdown Council', hours: 3, amhpSpecific: false, legalUpdate: false },
  { title: 'Autism and learning disability: reasonable adjustments', provider: 'Brackenford Borough Council', hours: 3, amhpSpecific: false, legalUpdate: false },
];

function profession(jobTitle: string): Profession {
  if (/nurse/i.test(jobTitle)) return 'nurse_mental_health';
  if (/occupational/i.test(jobTitle)) return 'occupational_therapist';
  return 'social_worker';
}

function registration(p: Profession, index: number): string {
  const n = String(40123 + index * 37).padStart(6, '0');
  if (p === 'nurse_mental_health') return `98Y${n.slice(0, 4)}E`;
  if (p === 'occupational_therapist') return `OT${n}`;
  return `SW${n}`;
}

export async function seedRegisterDemo(deps: Pick<RegisterDeps, 'db' | 'clock'>, ids: DemoIds): Promise<void> {
  const approvals = new ApprovalRepository();
  const trainingRepo = new TrainingRepository();
  const supervision = new SupervisionRepository();
  const competencies = new CompetencyRepository();
  const traineeRepo = new TraineeRepository();
  const today = londonDate(deps.clock.now());
  const lssaKeys = ['ashdown', 'brackenford', 'corrington'] as const;
  const lssa = (k: string) => ids.organisations[k] ?? '';
  const person = (k: string) => ids.people[k] ?? '';
  const amhps = ids.directory.filter((p) => p.roles.includes('amhp') && p.approvalExpiresOn);

  // Training, meetings and supervision records are many small rows: collected in the order they
  // are made and inserted in one statement per table at the end (the first start's demo seed
  // is part of its time: issue 17, point 6).
  const trainingRows: Parameters<TrainingRepository['insertTrainings']>[1][number][] = [];
  const eventRows: Parameters<TrainingRepository['insertEvents']>[1][number][] = [];
  const supervisionRows: Parameters<SupervisionRepository['insertRecords']>[1][number][] = [];
  await inTransaction(deps.db, async (trx) => {
    for (const [index, p] of amhps.entries()) {
      const personId = person(p.key);
      if (!personId) continue;
      let expiry = p.approvalExpiresOn ?? addDays(today, 700);
      if (p.key === 'amhp26' && expiry >= today) expiry = addDays(today, -23);
      if (p.key === 'amhp1' && !(expiry >= addDays(today, 10) && expiry <= addDays(today, 80))) expiry = addDays(today, 45);
      if (p.key !== 'amhp26' && expiry < addDays(today, 10)) expiry = addDays(today, 200 + index * 11);
      const start = addDays(addYearsAnniversary(expiry, -5), 1);
      const prof = profession(p.jobTitle);
      const arrangement: SupervisionArrangement = p.team === 'edt' ? 'edt' : ['lead', 'lead2', 'amhp'].includes(p.key) ? 'substantive_daytime' : p.key === 'leadAmhp' ? 'supervisor_is_line_manager' : 'rota';
      await approvals.insertEntry(trx, { personId, profession: prof, registrationNumber: registration(prof, index), arrangement });
      const employerKey = (lssaKeys as readonly string[]).includes(p.organisation) ? p.organisation : lssaKeys[index % 3];
      const approving = lssa(employerKey ?? 'ashdown');

      // Re-approval history for a few long-serving AMHPs.
      if (['lead', 'leadAmhp', 'amhp3', 'amhp7', 'amhp12'].includes(p.key)) {
        const prevStart = addYearsAnniversary(start, -5);
        await approvals.insertApproval(trx, { personId, approvingLssaId: approving, startDate: prevStart, endDate: addDays(start, -1), notes: 'First approval after the AMHP programme', createdBy: null });
      }
      const { id: approvalId } = await approvals.insertApproval(trx, {
        personId,
        approvingLssaId: approving,
        startDate: start,
        endDate: expiry > approvalTermEnd(start) ? approvalTermEnd(start) : expiry,
        notes: 'Migrated from the interim approval expiry date',
        createdBy: null,
      });
      // Authorisations by the other LSSAs: most AMHPs are authorised by both, some by one, a few by none.
      const others = lssaKeys.map(lssa).filter((id) => id !== approving);
      const authorised = index % 7 === 5 ? [] : index % 4 === 3 ? others.slice(0, 1) : others;
      for (const lssaId of authorised) {
        await approvals.insertAuthorisation(trx, { approvalId, personId, lssaId, startDate: addDays(start, 14), endDate: expiry, createdBy: null });
      }
      if (p.key === 'amhp9') {
        await approvals.insertSuspension(trx, { approvalId, personId, startDate: addDays(today, -10), endDate: null, reason: 'Professional registration under interim review by the regulator', createdBy: null });
      }

      // Training in the current approval year, varied so that some are at risk.
      const approval = { id: approvalId, approvingLssaId: approving, startDate: start, endDate: expiry };
      const year = approvalYearOn(approval, today < expiry ? today : expiry);
      if (year) {
        const span = Math.max(1, Math.floor((Date.parse(today) - Date.parse(year.startDate)) / 86_400_000));
        const count = p.key === 'amhp' ? 2 : index % 5 === 2 ? 1 : 2 + (index % 4);
        for (let k = 0; k < count && k < TRAINING.length; k++) {
          const t = TRAINING[(k + (index % 2)) % TRAINING.length];
          if (!t) continue;
          const date = addDays(year.startDate, Math.floor((span * (k + 1)) / (count + 1)));
          if (date > today) continue;
          trainingRows.push({ personId, date, ...t, enteredBy: personId });
        }
        // The previous approval year, complete, for the panel pack's history.
        if (year.number > 1) {
          const prevStart = addYearsAnniversary(year.startDate, -1);
          for (const [k, t] of TRAINING.slice(0, 4).entries()) {
            trainingRows.push({ personId, date: addDays(prevStart, 40 + k * 70), ...t, enteredBy: personId });
          }
        }
        for (let m = 1; m <= 4; m++) {
          const date = addDays(today, -m * 85 - (index % 20));
          if (date >= year.startDate) eventRows.push({ personId, date, kind: 'professional_meeting', enteredBy: personId });
        }
        if (index % 3 !== 1) eventRows.push({ personId, date: addDays(today, -120 - index), kind: 'away_day', enteredBy: personId });
      }

      // Supervision: a contract and sessions at the arrangement's rhythm.
      const supervisorKey = p.team === 'edt' ? 'edtManager' : p.key === 'lead' ? 'leadAmhp' : p.key === 'leadAmhp' ? 'manager' : index % 2 === 0 ? 'lead' : 'lead2';
      const supervisorId = person(supervisorKey === p.key ? 'manager' : supervisorKey);
      const contractStart = addDays(today, -300 - index);
      await supervision.insertContract(trx, { superviseeId: personId, supervisorId, arrangement, startDate: contractStart, endDate: null });
      const gap = arrangement === 'rota' ? 110 : 35;
      const type: SupervisionType = arrangement === 'edt' && index % 2 === 0 ? 'edt_peer' : 'professional_1_1';
      for (let d = addDays(contractStart, 20 + (index % 9)); d <= addDays(today, -3); d = addDays(d, gap + (index % 6))) {
        const n = Math.floor(Date.parse(d) / 86_400_000) % 97;
        const signatures = [
          { personId, signedAt: new Date(`${addDays(d, 2)}T10:00:00Z`) },
          { personId: supervisorId, signedAt: new Date(`${addDays(d, 3)}T10:00:00Z`) },
        ];
        const recent = d > addDays(today, -20);
        supervisionRows.push({
          record: {
            superviseeId: personId,
            supervisorId,
            date: d,
            type: arrangement === 'edt' ? type : 'professional_1_1',
            casesDiscussed: [`Case ref ${1000 + n}`, `Case ref ${2000 + n}`],
            topic: null,
            signatures: recent ? signatures.slice(0, 1) : signatures,
            dispute: null,
          },
          createdBy: supervisorId,
        });
      }

      if (p.key === 'amhp5') {
        // A recent record the AMHP disputes: unsigned and flagged for mediation.
        supervisionRows.push({
          record: {
            superviseeId: personId,
            supervisorId,
            date: addDays(today, -6),
            type: 'professional_1_1',
            casesDiscussed: ['Case ref 3101', 'Case ref 3102'],
            topic: null,
            signatures: [],
            dispute: { raisedBy: personId, raisedAt: new Date(`${addDays(today, -4)}T12:00:00Z`), note: 'The record of the second case does not reflect the decision we agreed', resolvedAt: null, resolution: null },
          },
          createdBy: supervisorId,
        });
      }
      // Annual competency record.
      const recordedOn = addDays(today, -60 - (index % 90));
      const lagging = p.key === 'amhp4';
      if (lagging) {
        await competencies.insert(trx, {
          personId,
          recordedOn: addDays(today, -430),
          entries: [1, 2, 3, 4, 5].map((n) => ({ competence: n, status: n === 2 ? 'not_yet_met' : 'met', evidence: n === 2 ? '' : 'Discussed in supervision with case examples' })) as CompetenceEntry[],
          enteredBy: personId,
        });
      }
      await competencies.insert(trx, {
        personId,
        recordedOn,
        entries: [1, 2, 3, 4, 5].map((n) => ({
          competence: n,
          status: lagging && n === 2 ? 'not_yet_met' : 'met',
          evidence: lagging && n === 2 ? 'Needs more experience of the legal framework for community treatment orders' : ['Reflective log on anti-oppressive practice', 'Legal update attended; applied case law in reports', 'Assessment reports reviewed in supervision', 'Risk plans agreed with police and crisis team', 'Clear written decisions shared with nearest relatives'][n - 1] ?? '',
        })) as CompetenceEntry[],
        enteredBy: personId,
      });
    }

    await trainingRepo.insertTrainings(trx, trainingRows);
    await trainingRepo.insertEvents(trx, eventRows);
    await supervision.insertRecords(trx, supervisionRows);

    // Trainee pipeline: invented nominations across intakes.
    const y = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 10 ? 1 : 0);
    const base = (name: string, lssaKey: string, intake: 'april' | 'september', year: number, extra: Partial<Trainee> = {}): Omit<Trainee, 'id'> => ({
      nomination: {
        name,
        role: 'Senior practitioner',
        team: 'Community mental health team (north)',
        lssaId: lssa(lssaKey),
        employer: lssaKey === 'corrington' ? 'Three Rivers Mental Health NHS Foundation Trust' : `${lssaKey[0]?.toUpperCase()}${lssaKey.slice(1)} Council`,
        employerType: lssaKey === 'corrington' ? 'nhs_trust' : 'lssa',
        profession: 'social_worker',
        contactNumber: `01632 960${String(500 + name.length).padStart(3, '0')}`,
        email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
        cohort: { intake, year },
        priority: name.startsWith('B'),
        priorityReason: name.startsWith('B') ? 'Rural area with no AMHP cover on Fridays' : '',
        managerName: 'Wilfred Nakashima',
        managerContactNumber: '01632 960777',
        managerEmail: 'linemanager@example.org',
        allocation: `Funding confirmed for the ${intake === 'april' ? 'April' : 'September'} ${year} intake`,
      },
      nominatedOn: intake === 'september' ? `${year}-01-20` : `${year - 1}-06-15`,
      checklist: { nominationForm: true, learningAgreementSigned: true, managerSupport: true, shadowingAvailability: true, socialWorkLeadSupport: true },
      nominationApprovedOn: null,
      shadowingDays: [],
      courseStartedOn: null,
      outcome: null,
      firstApprovalStart: null,
      ...extra,
    });
    const shadow = (from: string) => [0, 7, 14, 21, 28].map((d) => ({ date: addDays(from, d), note: 'Shadowed a duty AMHP' }));
    const trainees: Array<Omit<Trainee, 'id'>> = [
      base('Amara Quinlan-Foss', 'ashdown', 'april', y, { nominationApprovedOn: `${y - 1}-07-10`, shadowingDays: shadow(`${y - 1}-09-01`), courseStartedOn: `${y}-04-01` }),
      base('Bartholomew Ekwueme', 'brackenford', 'april', y, { nominationApprovedOn: `${y - 1}-07-10`, shadowingDays: shadow(`${y - 1}-10-01`), courseStartedOn: `${y}-04-01` }),
      base('Celestine Marwood', 'corrington', 'september', y, { nominationApprovedOn: `${y}-02-20`, shadowingDays: shadow(`${y}-05-01`), courseStartedOn: `${y}-09-01` }),
      base('Dafydd Olamide', 'ashdown', 'september', y, { nominationApprovedOn: `${y}-02-20`, shadowingDays: shadow(`${y}-05-05`), courseStartedOn: `${y}-09-01` }),
      base('Estelle Brannigan', 'brackenford', 'april', y - 1, {
        nominatedOn: `${y - 2}-06-01`,
        nominationApprovedOn: `${y - 2}-07-01`,
        shadowingDays: shadow(`${y - 2}-09-01`),
        courseStartedOn: `${y - 1}-04-01`,
        outcome: { result: 'passed', on: `${y}-03-20` },
        firstApprovalStart: `${y}-04-14`,
      }),
      base('Florian Achebe-Lund', 'corrington', 'april', y + 1, {
        nominatedOn: `${y}-05-02`,
        checklist: { nominationForm: true, learningAgreementSigned: false, managerSupport: true, shadowingAvailability: false, socialWorkLeadSupport: false },
      }),
      base('Greta Oyinlola', 'ashdown', 'september', y - 1, { nominatedOn: `${y - 1}-01-10`, nominationApprovedOn: `${y - 1}-02-01`, outcome: { result: 'withdrawn', on: `${y - 1}-03-15` } }),
    ];
    for (const t of trainees) await traineeRepo.insert(trx, t);
  });
}
