import type { ColumnType, Generated } from "kysely";
import type { Instant, InstantDefaultNow } from "../../db/column-types.js";
import type { StaffReadModel } from "../staff/staff-tables.js";
import type {
  FormCode,
  FormKind,
  FormSection,
} from "./domain/form-catalogue.js";
import type { FormContent } from "./domain/form-content.js";

// The statutory forms module (issue 16 point 4) owns the forms and their electronic signatures.
// It reads people through staff's read model and the assessment through the referrals module's
// published service (a port handed to it by the composition root), never the referrals tables.

/** A jsonb column: read as the value, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;

export interface StatutoryFormsTable {
  id: Generated<string>;
  seriesId: string;
  formVersion: number;
  referralId: string;
  code: FormCode;
  section: FormSection;
  kind: FormKind;
  doctorIds: Json<string[]>;
  inputs: Json<Record<string, unknown>>;
  content: Json<FormContent>;
  contentHash: string;
  nearestRelativeStatement: string | null;
  rectificationReason: Generated<string>;
  previousHash: string | null;
  supersededAt: Date | null;
  createdBy: string;
  createdAt: InstantDefaultNow;
}

export interface StatutoryFormSignaturesTable {
  id: Generated<string>;
  formId: string;
  signerId: string;
  signerName: string;
  capacity: "amhp" | "doctor";
  assessmentDoctorId: string | null;
  signedAt: Instant;
  contentHash: string;
}

export interface StatutoryFormsTables {
  statutoryForms: StatutoryFormsTable;
  statutoryFormSignatures: StatutoryFormSignaturesTable;
}

export type StatutoryFormsDb = StatutoryFormsTables & StaffReadModel;
