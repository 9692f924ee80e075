// The statutory forms (issue 16 point 4): the AMHP's application and the doctors' medical
// recommendations produced from the assessment record, signed electronically, rectified as new
// versions, and the hospital's bundle sent from the outbox. Above referrals (and doctors): it
// reads the assessment only through the function the composition root hands it; nothing below
// imports it.

import type { Kysely } from "kysely";
import type { AuditLog } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import type { ModuleParts } from "../../platform/module.js";
import type { Notifications } from "../../platform/notifications.js";
import { seedStatutoryFormsDemo } from "./statutory-forms-demo.js";
import { statutoryFormsPaths as paths } from "./statutory-forms-paths.js";
import {
  statutoryFormsApiRoutes,
  statutoryFormsPageRoutes,
} from "./statutory-forms-routes.js";
import {
  StatutoryFormsService,
  type FormsAssessmentRead,
  type GmcNumberOf,
  type OrganisationName,
} from "./statutory-forms-service.js";
import type { StatutoryFormsDb } from "./statutory-forms-tables.js";

export interface StatutoryFormsModuleDeps {
  db: Kysely<StatutoryFormsDb>;
  clock: Clock;
  audit: AuditLog;
  notifications: Notifications;
  /** Published by the referrals module: the assessment record with its statutory checks. */
  assessment: FormsAssessmentRead;
  /** The doctor directory's GMC number for a signed-in doctor (null when not known). */
  gmcNumberOf: GmcNumberOf;
  organisationName: OrganisationName;
  serviceName: string;
  /** For the demo's signed form set: the assessments a doctor (by GMC number) is on. */
  assessmentsWithDoctor?: ((gmcNumber: string) => Promise<Array<{ referralId: string }>>) | undefined;
}

type PlatformHandle = Parameters<AuditLog["record"]>[0];

export function createStatutoryFormsModule(deps: StatutoryFormsModuleDeps) {
  const forms = new StatutoryFormsService({
    db: deps.db,
    clock: deps.clock,
    platform: {
      audit: (db, ctx, entry) =>
        deps.audit.record(db as unknown as PlatformHandle, ctx, entry),
      enqueue: (db, message) =>
        deps.notifications.enqueue(db as unknown as PlatformHandle, message),
    },
    assessment: deps.assessment,
    gmcNumberOf: deps.gmcNumberOf,
    organisationName: deps.organisationName,
    serviceName: deps.serviceName,
  });
  const parts: ModuleParts = {
    name: "statutoryForms",
    routes: [
      ...statutoryFormsPageRoutes(forms),
      ...statutoryFormsApiRoutes(forms),
    ],
    paths: paths as unknown as ModuleParts["paths"],
    seedDemo: async (ids) => {
      const assessmentsWithDoctor = deps.assessmentsWithDoctor;
      if (!assessmentsWithDoctor) return;
      await seedStatutoryFormsDemo(
        { forms, assessment: deps.assessment, gmcNumberOf: deps.gmcNumberOf, assessmentsWithDoctor },
        ids,
      );
    },
  };
  return { parts, forms };
}
