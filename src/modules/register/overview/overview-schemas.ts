/** What the API gives back for one AMHP's entry and for the governance summary. */
import { z } from 'zod';
import { approvalResource, authorisationResource, entryResource, suspensionResource } from '../approvals/approval-schemas.js';
import { competencyResource } from '../competencies/competency-schemas.js';
import { contractResource, supervisionRecordResource } from '../supervision/supervision-schemas.js';
import { trainingResource, eventResource } from '../training/training-schemas.js';

const day = () => z.iso.date();

const trainingYear = z.object({
  year: z.object({ number: z.number().int(), startDate: day(), endDate: day() }),
  hours: z.number(),
  amhpSpecificHours: z.number(),
  bookedHours: z.number(),
  legalUpdate: z.boolean(),
  professionalMeetings: z.number().int(),
  awayDays: z.number().int(),
  trainingMet: z.boolean(),
  daysLeft: z.number().int(),
  atRisk: z.boolean(),
  atRiskReason: z.string().nullable(),
});

export const personResource = z.object({
  personId: z.string(),
  name: z.string(),
  entry: entryResource.omit({ name: true }),
  status: z.string(),
  statusDescription: z.string(),
  approvals: z.array(
    z.object({
      approval: approvalResource,
      kind: z.enum(['first_approval', 're_approval']),
      gapDays: z.number().int(),
      lastDayInForce: day(),
      lssaName: z.string(),
      endReasonLabel: z.string().nullable(),
      authorisations: z.array(authorisationResource.extend({ lssaName: z.string() })),
      suspensions: z.array(suspensionResource),
    }),
  ),
  eligibleToday: z.array(z.object({ lssaId: z.string(), lssaName: z.string(), eligible: z.boolean(), reason: z.string() })),
  reapproval: z.object({ state: z.enum(['not_due', 'due_soon', 'overdue', 'not_applicable']), dueDate: day().nullable(), warnFrom: day().nullable(), daysLeft: z.number().int().nullable() }),
  keepUntil: day().nullable(),
  trainingYears: z.array(trainingYear),
  training: z.array(trainingResource),
  events: z.array(eventResource),
  supervisionContracts: z.array(contractResource),
  supervision: z.object({ compliant: z.boolean(), problems: z.array(z.string()), countInPeriod: z.number().int(), countInReportingYear: z.number().int(), nextDueBy: day().nullable() }),
  supervisionRecords: z.array(supervisionRecordResource),
  competencies: z.array(competencyResource),
  competencyReview: z.object({
    standings: z.array(z.object({ competence: z.number().int(), latestStatus: z.enum(['met', 'not_yet_met', 'not_recorded']), unmetSince: day().nullable(), needsDevelopmentPlan: z.boolean() })),
    annualRecordOverdue: z.boolean(),
    latestRecordedOn: day().nullable(),
    developmentPlanPrompt: z.string().nullable(),
  }),
});

export const summaryResource = z.object({
  total: z.number().int(),
  byStatus: z.array(z.object({ status: z.string(), label: z.string(), count: z.number().int() })),
  reapprovalsDue: z.number().int(),
  trainingMet: z.number().int(),
  trainingAtRisk: z.number().int(),
  approvedCount: z.number().int(),
  traineesThisYear: z.object({ year: z.number().int(), target: z.number().int(), total: z.number().int(), nominated: z.number().int(), targetMet: z.boolean() }),
});
