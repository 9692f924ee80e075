// The assessment resource the API sends for a read and after every write: the record as it now
// is, with its version, its doctors (each with their own version), the checks, the statutory
// clocks and the waits. The schema documents exactly what `toAssessmentResource` builds.

import { z } from 'zod';
import { legalContextSchema } from './assessment-schemas.js';
import type { AssessmentView } from './assessment-view-service.js';
import { DOCTOR_ROLE_CODES, type DoctorRole } from './domain/assessment-facts.js';

const at = z.date().nullable();
const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['E', 'W']),
  message: z.string(),
  missing: z.boolean().meta({ description: 'True when the finding is that something has not been recorded yet' }),
  unverified: z.boolean(),
});

const doctorSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(DOCTOR_ROLE_CODES).nullable().meta({ description: 'gp, consultant_psychiatrist, approved_clinician or other; null on records made before roles' }),
  gmcNumber: z.string(),
  s12Approved: z.boolean(),
  approvedClinician: z.boolean(),
  previousAcquaintance: z.boolean(),
  requestedAt: at,
  arrivedAt: at,
  examinedAt: at,
  signedAt: at,
  jointOrSeparate: z.enum(['joint', 'separate']).nullable(),
  version: z.number().int(),
});

const resourceRow = z
  .object({ requestedAt: at, arrivedAt: at, requestedBy: z.string(), provider: z.string(), detail: z.string(), updatedAt: z.date() })
  .nullable();

const recordSchema = z.object({
  id: z.string(),
  plannedAt: at,
  plannedPlace: z.string(),
  interviewAt: at,
  lastSawAt: at,
  mostAppropriateReason: z.string(),
  noPreviousAcquaintanceReason: z.string(),
  notes: z.string(),
  nrCategory: z.string().nullable(),
  nrName: z.string(),
  nrRelationship: z.string(),
  nrContact: z.string(),
  nrInformedAt: at,
  nrToldOfDischargePower: z.boolean(),
  nrConsultedAt: at,
  nrObjected: z.boolean(),
  nrNotPracticableReason: z.enum(['no_nearest_relative', 'not_reasonably_practicable', 'unreasonable_delay']).nullable(),
  nrNotPracticableDetail: z.string(),
  nrS13Request: z.boolean(),
  nrS13Reasons: z.string(),
  outcome: z.string().nullable(),
  outcomeLabel: z.string().nullable(),
  applicationSection: z.enum(['s2', 's3', 's4', 'guardianship']).nullable().meta({ description: 'The application in force; for application_lapsed, the section it was made under' }),
  applicationAt: at,
  admittedAt: at,
  hospitalName: z.string(),
  hospitalAddressedToManagers: z.boolean(),
  outcomeReason: z.string(),
  applicantId: z.string().nullable(),
  applicantName: z.string().nullable(),
  outcomeRecordedAt: at,
  outcomeRecordedBy: z.string().nullable(),
  warningReasons: z.record(z.string(), z.string()).meta({ description: 'The reason recorded for going ahead despite each warning, by rule id' }),
  delayCause: z.string().nullable(),
  delayNote: z.string(),
  principles: z.record(z.string(), z.string()),
  alternativesConsidered: z.string(),
  reportFinalisedAt: at,
  reportFinalisedBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const assessmentResource = z.object({
  referralId: z.string(),
  reference: z.string(),
  referralStatus: z.string(),
  version: z.number().int().meta({ description: 'Send this version with the next change to a section, the outcome or finalising' }),
  record: recordSchema.nullable().meta({ description: 'Null until the first section is saved' }),
  legalContext: legalContextSchema,
  doctors: z.array(doctorSchema).meta({ description: 'In the order they were added; a doctor just added is the last' }),
  doctorContacts: z.array(
    z.object({ id: z.string(), doctorName: z.string(), s12Approved: z.boolean(), calledAt: z.date(), result: z.string(), calledByName: z.string(), note: z.string() }),
  ),
  doctorContactSummary: z.object({
    calls: z.number(),
    distinctDoctors: z.number(),
    declined: z.number(),
    unanswered: z.number(),
    firstCallAt: at,
    firstS12AvailableAt: at,
    minutesToFindS12: z.number().nullable(),
  }),
  resources: z.object({ interpreter: resourceRow, police: resourceRow, ambulance: resourceRow, bed: resourceRow }),
  addenda: z.array(z.object({ id: z.string(), text: z.string(), addedByName: z.string(), addedAt: z.date() })),
  checks: z.object({
    as: z.enum(['s2', 's3', 's4', 'guardianship']),
    stage: z.enum(['application', 'check_now']).meta({ description: 'application: the recorded application, judged on its own times; check_now: what an application made now would meet' }),
    errors: z.array(findingSchema),
    warnings: z.array(findingSchema),
    pending: z.array(findingSchema),
    passed: z.array(z.string()),
  }),
  deadlines: z.array(
    z.object({ key: z.string(), rule: z.string(), label: z.string(), endsAt: z.date(), lastDay: z.string().optional(), passed: z.boolean(), text: z.string() }),
  ),
  waits: z.array(z.object({ resource: z.string(), label: z.string(), requestedAt: at, arrivedAt: at, state: z.string(), minutes: z.number().nullable(), text: z.string() })),
  suggestedDelayCause: z.string().nullable(),
  canEdit: z.boolean(),
  finalised: z.boolean(),
  s13LetterAvailable: z.boolean(),
});
export type AssessmentResource = z.output<typeof assessmentResource>;

export function toAssessmentResource(view: AssessmentView): AssessmentResource {
  const a = view.assessment;
  const resource = (kind: 'interpreter' | 'police' | 'ambulance' | 'bed') => {
    const row = view.resources.find((r) => r.kind === kind)?.row;
    return row ? { requestedAt: row.requestedAt, arrivedAt: row.arrivedAt, requestedBy: row.requestedBy, provider: row.provider, detail: row.detail, updatedAt: row.updatedAt } : null;
  };
  const finding = (f: { rule: string; severity: 'E' | 'W'; message: string; missing: boolean; unverified: boolean }) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    missing: f.missing,
    unverified: f.unverified,
  });
  return {
    referralId: view.referral.id,
    reference: view.referral.reference,
    referralStatus: view.referral.status,
    version: view.version,
    record: a
      ? {
          id: a.id,
          plannedAt: a.plannedAt,
          plannedPlace: a.plannedPlace,
          interviewAt: a.interviewAt,
          lastSawAt: a.lastSawAt,
          mostAppropriateReason: a.mostAppropriateReason,
          noPreviousAcquaintanceReason: a.noPreviousAcquaintanceReason,
          notes: a.notes,
          nrCategory: a.nrCategory,
          nrName: a.nrName,
          nrRelationship: a.nrRelationship,
          nrContact: a.nrContact,
          nrInformedAt: a.nrInformedAt,
          nrToldOfDischargePower: a.nrToldOfDischargePower,
          nrConsultedAt: a.nrConsultedAt,
          nrObjected: a.nrObjected,
          nrNotPracticableReason: a.nrNotPracticableReason,
          nrNotPracticableDetail: a.nrNotPracticableDetail,
          nrS13Request: a.nrS13Request,
          nrS13Reasons: a.nrS13Reasons,
          outcome: a.outcome,
          outcomeLabel: view.outcomeLabel,
          applicationSection: a.applicationSection,
          applicationAt: a.applicationAt,
          admittedAt: a.admittedAt,
          hospitalName: a.hospitalName,
          hospitalAddressedToManagers: a.hospitalAddressedToManagers,
          outcomeReason: a.outcomeReason,
          applicantId: a.applicantId,
          applicantName: view.applicantName,
          outcomeRecordedAt: a.outcomeRecordedAt,
          outcomeRecordedBy: a.outcomeRecordedBy,
          warningReasons: a.warningReasons,
          delayCause: a.delayCause,
          delayNote: a.delayNote,
          principles: a.principles,
          alternativesConsidered: a.alternativesConsidered,
          reportFinalisedAt: a.reportFinalisedAt,
          reportFinalisedBy: a.reportFinalisedBy,
          createdAt: a.createdAt,
          updatedAt: a.updatedAt,
        }
      : null,
    legalContext: view.legalContext,
    doctors: view.doctors.map((d) => ({
      id: d.id,
      name: d.name,
      role: (DOCTOR_ROLE_CODES as readonly string[]).includes(d.role ?? '') ? (d.role as DoctorRole) : null,
      gmcNumber: d.gmcNumber,
      s12Approved: d.s12Approved,
      approvedClinician: d.approvedClinician,
      previousAcquaintance: d.previousAcquaintance,
      requestedAt: d.requestedAt,
      arrivedAt: d.arrivedAt,
      examinedAt: d.examinedAt,
      signedAt: d.signedAt,
      jointOrSeparate: d.jointOrSeparate,
      version: d.version,
    })),
    doctorContacts: view.contacts.map((c) => ({ id: c.id, doctorName: c.doctorName, s12Approved: c.s12Approved, calledAt: c.calledAt, result: c.result, calledByName: c.calledByName, note: c.note })),
    doctorContactSummary: { ...view.contactSummary },
    resources: { interpreter: resource('interpreter'), police: resource('police'), ambulance: resource('ambulance'), bed: resource('bed') },
    addenda: view.addenda.map((ad) => ({ id: ad.id, text: ad.text, addedByName: ad.addedByName, addedAt: ad.addedAt })),
    checks: {
      as: view.checkAs,
      stage: view.checkStage,
      errors: view.checks.errors.map(finding),
      warnings: view.checks.warnings.map(finding),
      pending: view.checks.pending.map(finding),
      passed: [...view.checks.passed],
    },
    deadlines: view.deadlines.map((d) => ({
      key: d.key,
      rule: d.ruleId,
      label: d.label,
      endsAt: d.endsAt,
      ...(d.kind === 'day' ? { lastDay: d.lastDay } : {}),
      passed: d.status.passed,
      text: d.status.text,
    })),
    waits: view.waits.map((w) => ({ resource: w.resource, label: w.label, requestedAt: w.requestedAt, arrivedAt: w.arrivedAt, state: w.state, minutes: w.minutes, text: w.text })),
    suggestedDelayCause: view.suggestedDelayCause,
    canEdit: view.canEdit,
    finalised: view.finalised,
    s13LetterAvailable: view.letterAvailable,
  };
}
