/**
 * The approval panel pack: one PDF with what a re-approval panel needs — approval history,
 * training by approval year, supervision, competencies and the assessments undertaken (counted
 * by the referrals module, passed in as a function because it is a higher layer).
 */
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError } from '../../../platform/errors.js';
import { formatDate, londonDate } from '../../../platform/london-time.js';
import { requireRole } from '../../../platform/roles.js';
import { KEY_COMPETENCES } from '../competencies/competencies.js';
import { REGISTER_EDITORS } from '../register-access.js';
import type { AssessmentCounter, RegisterDeps } from '../register-ports.js';
import { buildPanelPackPdf, type PanelPackData } from './panel-pack-pdf.js';
import type { PersonService } from './person-service.js';

export class PanelPackService {
  constructor(
    private readonly deps: RegisterDeps,
    private readonly people: PersonService,
    private readonly countAssessments: AssessmentCounter,
  ) {}

  async data(ctx: ServiceContext, personId: string): Promise<PanelPackData> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'prepare approval panel packs');
    const view = await this.people.view(ctx, personId, { audit: false });
    if (!view.onRegister) throw new NotFoundError('The register entry');
    const today = londonDate(this.deps.clock.now());
    const first = view.approvals[0];
    const from = view.current?.startDate ?? first?.startDate;
    const latestRecord = view.competencies[0];
    return {
      generatedOn: today,
      name: view.person.name,
      employer: view.person.organisationName,
      profession: view.professionLabel,
      registrationNumber: view.entry.registrationNumber,
      status: view.status.description,
      reapproval: view.reapproval.dueDate ? `Current approval ends ${formatDate(view.reapproval.dueDate)}` : 'No current approval to renew',
      history: view.history.map((h) => ({
        kind: h.kind === 'first_approval' ? 'First approval' : 'Re-approval',
        lssa: h.lssaName,
        start: h.approval.startDate,
        end: h.lastDayInForce,
        ended: h.endReasonLabel,
        authorisations: h.authorisations.map((a) => `${a.lssaName} (${formatDate(a.startDate)} to ${formatDate(a.endDate)})`),
        suspensions: h.suspensions.map((s) => `${formatDate(s.startDate)}${s.endDate ? ` to ${formatDate(s.endDate)}` : ' (open)'}: ${s.reason}`),
      })),
      trainingYears: view.trainingYears.map((y) => ({
        number: y.year.number,
        start: y.year.startDate,
        end: y.year.endDate,
        hours: y.hours,
        legalUpdate: y.legalUpdate,
        meetings: y.professionalMeetings,
        awayDays: y.awayDays,
        met: y.trainingMet,
        inProgress: y.daysLeft > 0,
      })),
      supervision: view.supervisionRecords.map((s) => ({ date: s.date, type: s.typeLabel, supervisor: s.supervisorName, state: s.state })),
      supervisionSummary: view.supervision.problems.length === 0 ? `Meets the frequency rule for the arrangement "${view.arrangementLabel}" this quarter` : view.supervision.problems.join('; '),
      competencies: KEY_COMPETENCES.map((k) => {
        const standing = view.competencyReview.standings.find((s) => s.competence === k.number);
        return {
          number: k.number,
          heading: k.current,
          proposed: k.proposed,
          status: standing?.latestStatus === 'met' ? 'Met' : standing?.latestStatus === 'not_yet_met' ? 'Not yet met' : 'Not recorded',
          evidence: latestRecord?.entries.find((e) => e.competence === k.number)?.evidence ?? '',
        };
      }),
      competencyPrompt: view.competencyReview.developmentPlanPrompt,
      assessments: from ? { from, to: today, ...(await this.countAssessments(personId, from, today)) } : null,
    };
  }

  /** The PDF and its file name (audited: it holds personal staff information). */
  async pdf(ctx: ServiceContext, personId: string): Promise<{ pdf: Buffer; filename: string }> {
    const data = await this.data(ctx, personId);
    await this.deps.audit.record(this.deps.db, ctx, { action: 'panel_pack_generated', entityType: 'register_entry', entityId: personId });
    const pdf = await buildPanelPackPdf(data);
    const slug = data.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return { pdf, filename: `panel-pack-${slug}-${data.generatedOn}.pdf` };
  }
}
