// The words of the forms, pure: the nearest-relative statement chosen from the record, the
// application and recommendation forms per section, the hash, and the s15 period.

import { describe, expect, it } from "vitest";
import {
  applicationContent,
  nearestRelativeStatement,
  rectificationLastDay,
  recommendationContent,
  type ApplicationFacts,
  type FormDoctor,
  type FormNearestRelative,
} from "./form-content.js";
import { contentHash } from "./form-signature.js";

const nr: FormNearestRelative = {
  name: "Marta Testwood",
  relationship: "mother",
  contact: "12 Quay Lane",
  informedAt: null,
  toldOfDischargePower: false,
  consultedAt: null,
  objected: false,
  notPracticable: null,
};
const doctor = (id: string, over: Partial<FormDoctor> = {}): FormDoctor => ({
  id,
  name: `Dr ${id}`,
  gmcNumber: "7000000",
  address: "",
  s12Approved: true,
  approvedClinician: false,
  previousAcquaintance: false,
  examinedAt: new Date("2026-03-10T03:00:00Z"),
  ...over,
});
const text = (lines: ReadonlyArray<{ text: string }>) =>
  lines.map((l) => l.text).join("\n");

function facts(over: Partial<ApplicationFacts> = {}): ApplicationFacts {
  return {
    section: "s3",
    patient: {
      name: "Rhiannon Test",
      address: "4 Mill Row",
      dateOfBirth: "1990-01-02",
      nhsNumber: null,
    },
    amhp: { name: "Ava Amhp", address: "AMHP Hub, Northvale Council" },
    actingFor: "Northvale Council",
    approvedBy: "Northvale Council",
    hospital: "Elmbridge Lodge",
    guardian: null,
    nearestRelative: { ...nr, consultedAt: new Date("2026-03-10T07:00:00Z") },
    lastSawAt: new Date("2026-03-10T04:00:00Z"),
    applicationAt: new Date("2026-03-10T08:00:00Z"),
    mostAppropriateReason: "Refuses informal admission.",
    noPreviousAcquaintanceReason: "Her GP was on leave.",
    doctors: [doctor("a"), doctor("b")],
    section4: null,
    ...over,
  };
}

describe("the nearest-relative statement", () => {
  it("s2 and s4: informed, or not yet informed with why", () => {
    const informed = nearestRelativeStatement("s2", {
      ...nr,
      informedAt: new Date("2026-03-10T07:00:00Z"),
      toldOfDischargePower: true,
    });
    expect(informed.ok && informed.value.code).toBe("informed");
    expect(informed.ok && text(informed.value.lines)).toContain(
      "power to order the discharge",
    );
    const notYet = nearestRelativeStatement("s4", {
      ...nr,
      notPracticable: {
        reason: "not_reasonably_practicable",
        detail: "No answer at 3 a.m.",
      },
    });
    expect(notYet.ok && notYet.value.code).toBe("not_yet_informed");
    expect(notYet.ok && text(notYet.value.lines)).toContain(
      "No answer at 3 a.m.",
    );
  });

  it("s3 and guardianship: consulted and no objection, or not reasonably practicable with the reason; an objection refuses", () => {
    const consulted = nearestRelativeStatement("s3", {
      ...nr,
      consultedAt: new Date("2026-03-10T07:00:00Z"),
    });
    expect(consulted.ok && consulted.value.code).toBe("consulted");
    expect(consulted.ok && text(consulted.value.lines)).toContain(
      "has not notified me or the local social services authority",
    );
    const impracticable = nearestRelativeStatement("guardianship", {
      ...nr,
      notPracticable: {
        reason: "not_reasonably_practicable",
        detail: "Lives in Auckland; no reply to calls.",
      },
    });
    expect(impracticable.ok && impracticable.value.code).toBe(
      "not_practicable",
    );
    expect(impracticable.ok && text(impracticable.value.lines)).toContain(
      "it is not reasonably practicable to consult",
    );
    const delay = nearestRelativeStatement("s3", {
      ...nr,
      notPracticable: {
        reason: "unreasonable_delay",
        detail: "Abroad until next week.",
      },
    });
    expect(delay.ok && delay.value.code).toBe("unreasonable_delay");
    expect(
      nearestRelativeStatement("s3", {
        ...nr,
        consultedAt: new Date(),
        objected: true,
      }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining("R-S3-NROBJ"),
    });
    expect(nearestRelativeStatement("s3", nr)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("R-S3-NRC"),
    });
  });

  it("no nearest relative, or none identified", () => {
    expect(
      nearestRelativeStatement("s3", {
        ...nr,
        name: "",
        notPracticable: { reason: "no_nearest_relative", detail: "" },
      }),
    ).toMatchObject({ ok: true, value: { code: "no_nearest_relative" } });
    expect(nearestRelativeStatement("s2", null)).toMatchObject({
      ok: true,
      value: { code: "unable_to_ascertain" },
    });
  });
});

describe("the forms", () => {
  it("A6: the hospital, the consultation, why no doctor knew the person, two recommendations", () => {
    const a6 = applicationContent(facts());
    expect(a6.ok).toBe(true);
    if (!a6.ok) return;
    expect(a6.value.code).toBe("A6");
    const words = text(a6.value.lines);
    expect(words).toContain("Elmbridge Lodge");
    expect(words).toContain("for treatment");
    expect(words).toContain("Her GP was on leave.");
    expect(words).toContain("founded on two medical recommendations");
  });

  it("A10 says 24 hours and one recommendation; G2 is addressed to the local authority", () => {
    const a10 = applicationContent(
      facts({
        section: "s4",
        nearestRelative: {
          ...nr,
          informedAt: new Date("2026-03-10T07:00:00Z"),
        },
        section4: { whyNotSection2: "No second doctor for hours" },
      }),
    );
    expect(a10.ok && a10.value.code).toBe("A10");
    expect(a10.ok && text(a10.value.lines)).toContain(
      "24 hours ending with the time",
    );
    expect(a10.ok && text(a10.value.lines)).toContain(
      "founded on one medical recommendation",
    );
    const g2 = applicationContent(
      facts({ section: "guardianship", guardian: "Northvale Council" }),
    );
    expect(g2.ok && g2.value.code).toBe("G2");
    expect(g2.ok && text(g2.value.lines)).toContain("into the guardianship");
  });

  it("A7 joint: both doctors, the hospital where treatment is available; A11 single only", () => {
    const a7 = recommendationContent({
      section: "s3",
      shape: "joint",
      patient: facts().patient,
      doctors: [doctor("a"), doctor("b", { s12Approved: false })],
      grounds: ["health", "protection"],
      reasons: "Relapse.",
      treatmentHospital: "Elmbridge Lodge",
      section4Delay: "",
    });
    expect(a7.ok && a7.value.code).toBe("A7");
    expect(a7.ok && text(a7.value.lines)).toContain(
      "appropriate medical treatment is available",
    );
    expect(
      recommendationContent({
        section: "s4",
        shape: "joint",
        patient: facts().patient,
        doctors: [doctor("a"), doctor("b")],
        grounds: ["health"],
        reasons: "x",
        treatmentHospital: "",
        section4Delay: "6 hours",
      }),
    ).toMatchObject({ ok: false });
    expect(
      recommendationContent({
        section: "s2",
        shape: "single",
        patient: facts().patient,
        doctors: [doctor("a")],
        grounds: [],
        reasons: "x",
        treatmentHospital: "",
        section4Delay: "",
      }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("grounds") });
  });

  it("the hash is of the exact content: the same content, the same hash; one word changed, another", () => {
    const a = applicationContent(facts());
    const b = applicationContent(facts());
    const c = applicationContent(
      facts({ mostAppropriateReason: "Refuses informal admission!" }),
    );
    if (!a.ok || !b.ok || !c.ok) throw new Error("expected forms");
    expect(contentHash(a.value)).toBe(contentHash(b.value));
    expect(contentHash(a.value)).not.toBe(contentHash(c.value));
  });

  it("s15: 14 days beginning with the day of admission", () => {
    expect(
      rectificationLastDay(
        new Date("2026-03-10T08:30:00Z"),
        new Date("2026-03-10T09:00:00Z"),
      ),
    ).toBe("2026-03-23");
  });
});
