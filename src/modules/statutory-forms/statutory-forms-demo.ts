// The demo's signed forms (issue 16 point 4): on an open demo application (section 2 or 3) whose
// two doctors both sign in (Dr Marsden, doctor@example.org; Dr Qureshi, doctor2@example.org),
// each doctor signs their own A4 (A8) through the service, so the hashes, the lock and the audit
// rows are the real ones; the applicant signs the A2 (A6) when the statutory checks let them.

import type { ServiceContext } from "../../platform/audit.js";
import type { DemoIds } from "../../platform/module.js";
import type { Role } from "../../platform/roles.js";
import type { FormsAssessmentRead, GmcNumberOf, StatutoryFormsService } from "./statutory-forms-service.js";

export interface StatutoryFormsDemoDeps {
  forms: StatutoryFormsService;
  assessment: FormsAssessmentRead;
  gmcNumberOf: GmcNumberOf;
  /** The assessments a doctor (by GMC number) is recorded on. */
  assessmentsWithDoctor: (gmcNumber: string) => Promise<Array<{ referralId: string }>>;
}

const REASONS: Record<string, string> = {
  s12doctor: "Relapse of a psychotic illness over three weeks: command hallucinations, not eating, refusing the crisis team. Needs assessment in hospital; informal admission declined.",
  s12doctor2: "Known to me from an admission in 2024 with the same early signs. No insight; risk to self from not eating and from the voices. Informal admission declined.",
};

export async function seedStatutoryFormsDemo(deps: StatutoryFormsDemoDeps, ids: DemoIds): Promise<void> {
  const doctorKeys = ["s12doctor", "s12doctor2"] as const;
  const people = doctorKeys.map((key) => ids.people[key]);
  if (people.some((id) => !id)) return;
  const gmcs = await Promise.all(people.map((id) => deps.gmcNumberOf(id!)));
  if (gmcs.some((g) => !g)) return;
  const ctxFor = (personId: string, name: string, roles: Role[]): ServiceContext => ({
    actor: { personId, name, email: "", roles, organisationId: "", teamId: null },
    requestId: "demo-seed",
  });
  // The AMHP Lead reads the records (an AMHP may open only their own, or the open queue).
  if (!ids.people.lead) return;
  const seeing = ctxFor(ids.people.lead, "Demo", ["amhp_lead", "amhp"]);
  for (const { referralId } of await deps.assessmentsWithDoctor(gmcs[1]!)) {
    const view = await deps.assessment(seeing, referralId).catch(() => null);
    if (!view) continue;
    const a = view.assessment;
    const section = a?.applicationSection;
    if (!a?.outcomeRecordedAt || (section !== "s2" && section !== "s3") || !a.applicantId || !view.applicantName) continue;
    const onRecord = gmcs.map((gmc) => view.doctors.find((d) => d.gmcNumber === gmc && !d.removedAt));
    if (onRecord.some((d) => !d?.examinedAt)) continue;
    // The demo never stops the app starting: a record whose forms are refused is left without them.
    const signed = await (async () => {
      for (const [i, key] of doctorKeys.entries()) {
        await deps.forms.signRecommendation(ctxFor(people[i]!, onRecord[i]!.name, ["s12_doctor"]), referralId, {
          section,
          shape: "single",
          grounds: i === 0 ? ["health", "safety"] : ["health", "safety", "protection"],
          reasons: REASONS[key]!,
        });
      }
      // The application only if every statutory check passes: on the demo's open application the
      // AMHP's approval is suspended (R-GEN-01), so the forms page shows the A2 refused with why.
      await deps.forms.signApplication(ctxFor(a.applicantId!, view.applicantName!, ["amhp"]), referralId).catch(() => null);
      return true;
    })().catch(() => false);
    if (signed) return;
  }
}
