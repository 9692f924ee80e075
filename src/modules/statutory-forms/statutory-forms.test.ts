// Statutory forms through the real HTTP stack on the base template (Tuesday 10 March 2026, 09:00
// London): two doctors sign their own section 2 recommendations, the AMHP signs the A2, the
// hospital's bundle is read back from the outbox e-mail; refusals change nothing.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anAllocatedReferral,
  anApprovedAmhp,
} from "../../../test/support/builders/assessment-builders.js";
import {
  aPerson,
  type TestPerson,
} from "../../../test/support/builders/staff-builders.js";
import {
  apiToken,
  signedInBrowser,
  textOf,
} from "../../../test/support/http-client.js";
import { pdfText } from "../../../test/support/pdf-text.js";
import { createTestApp, type TestApp } from "../../../test/support/test-app.js";
import { BASE } from "../../../test/support/base-data.js";

let t: TestApp;
let ava: TestPerson;
let amhpToken: string;
let alysToken: string;
let tomaszToken: string;
let strangerToken: string;

type Body = Record<string, unknown>;

async function call(
  method: "GET" | "PUT" | "POST",
  url: string,
  token: string,
  payload?: unknown,
) {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload !== undefined ? { payload: payload as Body } : {}),
  });
  const json = response.headers["content-type"]?.toString().includes("json");
  return {
    status: response.statusCode,
    body: (json ? response.json() : {}) as Body & {
      code?: string;
      message?: string;
    },
    raw: response,
  };
}

const api = (id: string, rest = "") =>
  `/api/v1/referrals/${id}/assessment${rest}`;
const formsApi = (id: string, rest = "") =>
  `/api/v1/referrals/${id}/statutory-forms${rest}`;

interface Setup {
  examinedSecond?: string;
  nr?: Body;
  outcome?: boolean;
}

/** A section 2 assessment: Dr Alys Marchbank (s12) examined at 03:00, Dr Tomasz Fenwright (known to the person) at 05:00. */
async function anAssessment(setup: Setup = {}): Promise<string> {
  const referral = await anAllocatedReferral()
    .receivedAt("2026-03-09T20:00")
    .allocatedTo(ava)
    .build(t.services);
  const id = referral.id;
  const interview = await call("PUT", api(id, "/interview"), amhpToken, {
    interviewAt: "2026-03-10T04:00",
    lastSawAt: "2026-03-10T04:00",
    mostAppropriateReason: "Refusing all support; risk to self rising daily.",
    version: 1,
  });
  expect(interview.status, JSON.stringify(interview.body)).toBe(200);
  for (const d of [
    {
      name: "Dr Alys Marchbank",
      gmcNumber: "7100001",
      s12Approved: true,
      examinedAt: "2026-03-10T03:00",
      signedAt: "2026-03-10T03:30",
      jointOrSeparate: "separate",
    },
    {
      name: "Dr Tomasz Fenwright",
      gmcNumber: "7100002",
      previousAcquaintance: true,
      examinedAt: setup.examinedSecond ?? "2026-03-10T05:00",
      signedAt: "2026-03-10T05:30",
      jointOrSeparate: "separate",
    },
  ]) {
    const added = await call("POST", api(id, "/doctors"), amhpToken, d);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }
  const v = (await call("GET", api(id), amhpToken)).body.version as number;
  const nr = await call("PUT", api(id, "/nearest-relative"), amhpToken, {
    ...(setup.nr ?? {
      category: "parent",
      name: "Marta Testwood",
      relationship: "mother",
      informedAt: "2026-03-10T07:00",
      toldOfDischargePower: true,
    }),
    version: v,
  });
  expect(nr.status, JSON.stringify(nr.body)).toBe(200);
  if (setup.outcome !== false) {
    const version = (await call("GET", api(id), amhpToken)).body
      .version as number;
    const outcome = await call("POST", api(id, "/outcome"), amhpToken, {
      outcome: "s2",
      applicationAt: "2026-03-10T08:00",
      admittedAt: "2026-03-10T08:30",
      hospitalName: "Elmbridge Lodge",
      hospitalAddressedToManagers: true,
      version,
    });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
  }
  return id;
}

const recommendation = {
  section: "s2",
  shape: "single",
  grounds: ["health", "safety"],
  reasons:
    "Three weeks of escalating persecutory beliefs; stopped eating; refuses informal admission.",
};

async function formRows(referralId: string) {
  return t.tables
    .selectFrom("statutoryForms")
    .selectAll()
    .where("referralId", "=", referralId)
    .execute();
}

beforeAll(async () => {
  t = await createTestApp({ template: "base" });
  ava = await anApprovedAmhp("Ava Amhp").build(t.services);
  const alys = await aPerson("Dr Alys Marchbank")
    .withRoles("s12_doctor")
    .build(t.services);
  const tomasz = await aPerson("Tomasz Fenwright")
    .withRoles("s12_doctor")
    .build(t.services);
  const stranger = await aPerson("Dr Imogen Strand")
    .withRoles("s12_doctor")
    .build(t.services);
  amhpToken = await apiToken(t.app, ava.email, BASE.password);
  alysToken = await apiToken(t.app, alys.email, BASE.password);
  tomaszToken = await apiToken(t.app, tomasz.email, BASE.password);
  strangerToken = await apiToken(t.app, stranger.email, BASE.password);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("a section 2: two recommendations, the A2, the hospital’s bundle", () => {
  it("doctors sign their own A4s, the AMHP signs the A2, and the bundle is e-mailed with the PDF attached", async () => {
    const id = await anAssessment();

    const first = await call(
      "POST",
      formsApi(id, "/recommendations"),
      alysToken,
      recommendation,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      code: "A4",
      formVersion: 1,
      complete: true,
      current: true,
    });
    const alysSig = (first.body.signatures as Body[])[0]!;
    expect(alysSig).toMatchObject({
      name: "Dr Alys Marchbank",
      capacity: "doctor",
      signedAt: "2026-03-10T09:00:00.000Z",
    });
    expect(alysSig.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(alysSig.contentHash).toBe(first.body.contentHash);

    // Bundle not ready with one recommendation and no application.
    const early = await call("GET", formsApi(id, "/bundle"), amhpToken);
    expect(early.status).toBe(409);

    const second = await call(
      "POST",
      formsApi(id, "/recommendations"),
      tomaszToken,
      {
        ...recommendation,
        grounds: ["protection"],
        reasons: "Known to me for four years: relapse signature as in 2024.",
      },
    );
    expect(second.status, JSON.stringify(second.body)).toBe(201);

    const application = await call(
      "POST",
      formsApi(id, "/application"),
      amhpToken,
    );
    expect(application.status, JSON.stringify(application.body)).toBe(201);
    expect(application.body).toMatchObject({
      code: "A2",
      nearestRelativeStatement: "informed",
      complete: true,
    });

    // The A2 as a PDF: tagged, real text, every field from the record.
    const a2 = await t.app.inject({
      method: "GET",
      url: `/api/v1/statutory-forms/${application.body.id as string}/pdf`,
      headers: { authorization: `Bearer ${amhpToken}` },
    });
    expect(a2.statusCode).toBe(200);
    expect(a2.headers["content-type"]).toBe("application/pdf");
    expect(a2.rawPayload.toString("latin1")).toContain("/StructTreeRoot");
    const a2Text = await pdfText(a2.rawPayload);
    expect(a2Text).toContain("Form A2");
    expect(a2Text).toContain("Section 2");
    expect(a2Text).toContain("Elmbridge Lodge");
    expect(a2Text).toContain("Ava Amhp");
    expect(a2Text).toContain("Marta Testwood");
    expect(a2Text).toContain(
      "I have informed that person that this application is to be made and of the nearest relative’s power to order the discharge of the patient",
    );
    expect(a2Text).toContain(
      "which was within the period of 14 days ending on the day this application is completed",
    );
    expect(a2Text).toContain(application.body.contentHash as string);

    // The hospital's copy: application first, then both recommendations.
    const bundle = await t.app.inject({
      method: "GET",
      url: formsApi(id, "/bundle"),
      headers: { authorization: `Bearer ${amhpToken}` },
    });
    expect(bundle.statusCode).toBe(200);
    const bundleText = await pdfText(bundle.rawPayload);
    expect(bundleText.indexOf("Form A2")).toBeLessThan(
      bundleText.indexOf("Form A4"),
    );
    expect(bundleText).toContain("Dr Alys Marchbank");
    expect(bundleText).toContain("Dr Tomasz Fenwright");
    expect(bundleText).toContain("I am approved under section 12 of the Act");
    expect(bundleText).toContain(
      "Three weeks of escalating persecutory beliefs",
    );

    const sent = await call("POST", formsApi(id, "/sending"), amhpToken, {
      email: "mha.office@elmbridge.example",
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const mail = await t.tables
      .selectFrom("notificationOutbox")
      .selectAll()
      .where("recipientAddress", "=", "mha.office@elmbridge.example")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain("A2, A4, A4");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe("application/pdf");
    const attached = await pdfText(
      Buffer.from(mail.attachments[0]!.contentBase64, "base64"),
    );
    expect(attached).toContain("Form A2");
    expect(attached).toContain("Marta Testwood");

    const actions = (
      await t.tables.selectFrom("auditLog").select("action").execute()
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "statutory_form_signed",
        "statutory_form_downloaded",
        "statutory_forms_bundle_downloaded",
        "statutory_forms_sent",
      ]),
    );
  });

  it("the doctor’s page is phone-friendly and shows the form to complete", async () => {
    const id = await anAssessment({ outcome: false });
    const browser = await signedInBrowser(
      t.app,
      (
        await t.tables
          .selectFrom("people")
          .select("email")
          .where("name", "=", "Dr Alys Marchbank")
          .executeTakeFirstOrThrow()
      ).email,
      BASE.password,
    );
    const page = await browser.get(`/referrals/${id}/statutory-forms`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Your medical recommendation");
    expect(page.body).toContain('name="viewport"');
    const signed = await browser.post(
      `/referrals/${id}/statutory-forms/recommendation`,
      {
        section: "s2",
        shape: "single",
        grounds: ["health"],
        reasons: "Acutely unwell; no insight.",
      },
    );
    expect(signed.statusCode).toBe(303);
    expect((await formRows(id)).map((f) => f.code)).toEqual(["A4"]);
    const missing = await browser.post(
      `/referrals/${id}/statutory-forms/recommendation`,
      { section: "s2", shape: "single", reasons: "" },
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("There is a problem");
  });
});

describe("a joint recommendation (A3)", () => {
  it("the first doctor signs, the second signs exactly the same content, then it is complete", async () => {
    const id = await anAssessment({ outcome: false });
    const overview = await call("GET", formsApi(id), alysToken);
    expect(overview.status).toBe(200);
    const other = (
      overview.body.otherDoctors as Array<{ id: string; name: string }>
    ).find((d) => d.name === "Dr Tomasz Fenwright")!;
    const joint = await call(
      "POST",
      formsApi(id, "/recommendations"),
      alysToken,
      { ...recommendation, shape: "joint", otherDoctorId: other.id },
    );
    expect(joint.status, JSON.stringify(joint.body)).toBe(201);
    expect(joint.body).toMatchObject({
      code: "A3",
      complete: false,
      awaiting: ["Dr Tomasz Fenwright"],
    });
    const stranger = await call(
      "POST",
      `/api/v1/statutory-forms/${joint.body.id as string}/signatures`,
      strangerToken,
    );
    expect(stranger.status).toBe(403);
    const countersigned = await call(
      "POST",
      `/api/v1/statutory-forms/${joint.body.id as string}/signatures`,
      tomaszToken,
    );
    expect(countersigned.status, JSON.stringify(countersigned.body)).toBe(201);
    expect(countersigned.body).toMatchObject({ complete: true, awaiting: [] });
    const hashes = (countersigned.body.signatures as Body[]).map(
      (s) => s.contentHash,
    );
    expect(hashes).toEqual([joint.body.contentHash, joint.body.contentHash]);
    const pdf = await t.app.inject({
      method: "GET",
      url: `/api/v1/statutory-forms/${joint.body.id as string}/pdf`,
      headers: { authorization: `Bearer ${tomaszToken}` },
    });
    const words = await pdfText(pdf.rawPayload);
    expect(words).toContain("Form A3");
    expect(words).toContain(
      "We recommend that the patient be admitted to a hospital for assessment",
    );
    expect(words).toContain("Signed by Dr Alys Marchbank");
    expect(words).toContain("Signed by Tomasz Fenwright");
  });
});

describe("bad input: refused with the reason, nothing changed", () => {
  it("a doctor who did not examine for this assessment cannot sign", async () => {
    const id = await anAssessment({ outcome: false });
    const refused = await call(
      "POST",
      formsApi(id, "/recommendations"),
      strangerToken,
      recommendation,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain(
      "not recorded as one of the doctors who examined",
    );
    expect(await formRows(id)).toHaveLength(0);
  });

  it("a doctor on the assessment whose examination is not recorded cannot sign (they did not examine for it)", async () => {
    const id = await anAssessment({ outcome: false });
    const record = (await call("GET", api(id), amhpToken)).body as Body & {
      doctors: Array<{ id: string; name: string; version: number }>;
    };
    const alysRow = record.doctors.find((d) => d.name === "Dr Alys Marchbank")!;
    // The AMHP corrects the record: Dr Marchbank was asked to attend but has not examined yet.
    const corrected = await call("PUT", api(id, `/doctors/${alysRow.id}`), amhpToken, {
      name: "Dr Alys Marchbank",
      gmcNumber: "7100001",
      s12Approved: true,
      version: alysRow.version,
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const refused = await call(
      "POST",
      formsApi(id, "/recommendations"),
      alysToken,
      recommendation,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain(
      "The record has no examination by you for this assessment",
    );
    expect(await formRows(id)).toHaveLength(0);
  });

  it("on the page: the application refused while a check fails shows the rule in the error summary, and nothing is signed", async () => {
    const id = await anAssessment();
    await t.tables
      .updateTable("assessments")
      .set({ lastSawAt: new Date("2026-02-18T10:00:00Z") })
      .where("referralId", "=", id)
      .execute();
    const browser = await signedInBrowser(t.app, ava.email, BASE.password);
    const page = await browser.get(`/referrals/${id}/statutory-forms`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain("The application form cannot be produced yet");
    const refused = await browser.post(
      `/referrals/${id}/statutory-forms/application`,
      {},
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("govuk-error-summary");
    expect(textOf(refused.body)).toContain("R-GEN-14DAY");
    expect(await formRows(id)).toHaveLength(0);
  });

  it("examinations more than 5 clear days apart: R-MR-5DAY", async () => {
    const id = await anAssessment({
      examinedSecond: "2026-03-02T05:00",
      outcome: false,
    });
    const refused = await call(
      "POST",
      formsApi(id, "/recommendations"),
      tomaszToken,
      recommendation,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain("R-MR-5DAY");
    expect(await formRows(id)).toHaveLength(0);
  });

  it("the application is refused while a statutory check fails (R-GEN-14DAY), with the rule’s reason", async () => {
    const id = await anAssessment();
    // The record as an import left it: the AMHP last saw the person 20 days before the application.
    await t.tables
      .updateTable("assessments")
      .set({ lastSawAt: new Date("2026-02-18T10:00:00Z") })
      .where("referralId", "=", id)
      .execute();
    const refused = await call("POST", formsApi(id, "/application"), amhpToken);
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain("R-GEN-14DAY");
    expect(await formRows(id)).toHaveLength(0);
  });

  it("a signed form is locked: a change is refused, the database refuses it too, and a rectification is a new version keeping the old", async () => {
    const id = await anAssessment();
    const signed = await call(
      "POST",
      formsApi(id, "/recommendations"),
      alysToken,
      recommendation,
    );
    const formId = signed.body.id as string;
    const hash = signed.body.contentHash as string;

    const change = await call(
      "PUT",
      `/api/v1/statutory-forms/${formId}`,
      alysToken,
      { reasons: "Something else" },
    );
    expect(change.status).toBe(409);
    expect(change.body.code).toBe("form_signed");
    await expect(
      t.tables
        .updateTable("statutoryForms")
        .set({ contentHash: "f".repeat(64) })
        .where("id", "=", formId)
        .execute(),
    ).rejects.toThrow(/locked/);
    expect((await formRows(id))[0]!.contentHash).toBe(hash);

    const again = await call(
      "POST",
      formsApi(id, "/recommendations"),
      alysToken,
      recommendation,
    );
    expect(again.status).toBe(409);

    const rectified = await call(
      "POST",
      `/api/v1/statutory-forms/${formId}/rectifications`,
      alysToken,
      {
        reason: "The reasons named the wrong week.",
        reasons: "Two weeks of escalating persecutory beliefs; stopped eating.",
      },
    );
    expect(rectified.status, JSON.stringify(rectified.body)).toBe(201);
    expect(rectified.body).toMatchObject({
      formVersion: 2,
      previousHash: hash,
      rectificationReason: "The reasons named the wrong week.",
      current: true,
    });
    expect(rectified.body.contentHash).not.toBe(hash);
    const rows = await formRows(id);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.formVersion === 1)!.supersededAt).not.toBeNull();
    const pdf = await t.app.inject({
      method: "GET",
      url: `/api/v1/statutory-forms/${rectified.body.id as string}/pdf`,
      headers: { authorization: `Bearer ${alysToken}` },
    });
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain("rectified under section 15");
    expect(text).toContain("The reasons named the wrong week.");
    expect(text).toContain(hash);
    expect(text).toContain("Two weeks of escalating");
  });
});
