import type { Kysely } from "kysely";
import type {
  FormCode,
  FormKind,
  FormSection,
} from "./domain/form-catalogue.js";
import type { FormContent } from "./domain/form-content.js";
import type { StatutoryFormsDb } from "./statutory-forms-tables.js";

export interface SignatureRow {
  id: string;
  formId: string;
  signerId: string;
  signerName: string;
  capacity: "amhp" | "doctor";
  assessmentDoctorId: string | null;
  signedAt: Date;
  contentHash: string;
}

export interface FormRow {
  id: string;
  seriesId: string;
  formVersion: number;
  referralId: string;
  code: FormCode;
  section: FormSection;
  kind: FormKind;
  doctorIds: string[];
  inputs: Record<string, unknown>;
  content: FormContent;
  contentHash: string;
  nearestRelativeStatement: string | null;
  rectificationReason: string;
  previousHash: string | null;
  supersededAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export interface NewForm {
  seriesId: string;
  formVersion: number;
  referralId: string;
  code: FormCode;
  section: FormSection;
  kind: FormKind;
  doctorIds: string[];
  inputs: Record<string, unknown>;
  content: FormContent;
  contentHash: string;
  nearestRelativeStatement: string | null;
  rectificationReason: string;
  previousHash: string | null;
  createdBy: string;
  createdAt: Date;
}

type Db = Kysely<StatutoryFormsDb>;

export class StatutoryFormsRepository {
  async formsForReferral(db: Db, referralId: string): Promise<FormRow[]> {
    return db
      .selectFrom("statutoryForms")
      .selectAll()
      .where("referralId", "=", referralId)
      .orderBy("createdAt")
      .orderBy("formVersion")
      .execute();
  }

  async form(db: Db, id: string, lock = false): Promise<FormRow | undefined> {
    const query = db
      .selectFrom("statutoryForms")
      .selectAll()
      .where("id", "=", id);
    return (lock ? query.forUpdate() : query).executeTakeFirst();
  }

  async signatures(
    db: Db,
    formIds: readonly string[],
  ): Promise<SignatureRow[]> {
    if (formIds.length === 0) return [];
    return db
      .selectFrom("statutoryFormSignatures")
      .selectAll()
      .where("formId", "in", formIds)
      .orderBy("signedAt")
      .execute();
  }

  async insertForm(db: Db, form: NewForm): Promise<string> {
    const row = await db
      .insertInto("statutoryForms")
      .values({
        ...form,
        doctorIds: JSON.stringify(form.doctorIds),
        inputs: JSON.stringify(form.inputs),
        content: JSON.stringify(form.content),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertSignature(
    db: Db,
    signature: Omit<SignatureRow, "id">,
  ): Promise<void> {
    await db.insertInto("statutoryFormSignatures").values(signature).execute();
  }

  async supersede(db: Db, id: string, at: Date): Promise<void> {
    await db
      .updateTable("statutoryForms")
      .set({ supersededAt: at })
      .where("id", "=", id)
      .where("supersededAt", "is", null)
      .execute();
  }

  /** Locks the referral's forms while one is added, so two signers cannot both make "the" current form. */
  async lockReferral(db: Db, referralId: string): Promise<void> {
    await db
      .selectFrom("statutoryForms")
      .select("id")
      .where("referralId", "=", referralId)
      .forUpdate()
      .execute();
  }
}
