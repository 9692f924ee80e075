// The words of each form "to the like effect" of the prescribed form, filled from the record.
// Pure: facts in, content out. The content is plain strings (London dates already formatted),
// so its canonical JSON (form-signature.ts) is exactly what is signed and what the PDF prints.

import {
  addDays,
  formatDate,
  formatDateTime,
  londonDate,
  type IsoDate,
} from "../../../platform/london-time.js";
import {
  applicationFormFor,
  formDefinition,
  groundsFor,
  recommendationFormFor,
  type FormCode,
  type FormSection,
  type Ground,
  type RecommendationShape,
} from "./form-catalogue.js";

export interface FormPatient {
  readonly name: string;
  readonly address: string;
  readonly dateOfBirth: IsoDate | null;
  readonly nhsNumber: string | null;
}

export interface FormDoctor {
  readonly id: string;
  readonly name: string;
  readonly gmcNumber: string;
  readonly address: string;
  readonly s12Approved: boolean;
  readonly approvedClinician: boolean;
  readonly previousAcquaintance: boolean;
  readonly examinedAt: Date | null;
}

export type NotPracticableReason =
  "no_nearest_relative" | "not_reasonably_practicable" | "unreasonable_delay";

export interface FormNearestRelative {
  readonly name: string;
  readonly relationship: string;
  readonly contact: string;
  readonly informedAt: Date | null;
  readonly toldOfDischargePower: boolean;
  readonly consultedAt: Date | null;
  readonly objected: boolean;
  readonly notPracticable: {
    readonly reason: NotPracticableReason;
    readonly detail: string;
  } | null;
}

export interface ApplicationFacts {
  readonly section: FormSection;
  readonly patient: FormPatient;
  readonly amhp: { readonly name: string; readonly address: string };
  /** The local social services authority the AMHP acts for, and the one that approved them. */
  readonly actingFor: string;
  readonly approvedBy: string;
  readonly hospital: string;
  /** Guardianship: who the guardian is (the local authority or a named person). */
  readonly guardian: string | null;
  readonly nearestRelative: FormNearestRelative | null;
  readonly lastSawAt: Date;
  readonly applicationAt: Date;
  readonly mostAppropriateReason: string;
  readonly noPreviousAcquaintanceReason: string;
  readonly doctors: readonly FormDoctor[];
  readonly section4: { readonly whyNotSection2: string } | null;
}

export interface RecommendationFacts {
  readonly section: FormSection;
  readonly shape: RecommendationShape;
  readonly patient: FormPatient;
  /** One doctor, or two for a joint form (the first is the one who completes it). */
  readonly doctors: readonly FormDoctor[];
  readonly grounds: readonly Ground[];
  readonly reasons: string;
  /** s3: the hospital where appropriate medical treatment is available. */
  readonly treatmentHospital: string;
  /** s4: the doctor's estimate of the delay a section 2 application would involve. */
  readonly section4Delay: string;
}

export interface FormLine {
  /** heading: a part of the form; statement: words of the form; field: a filled-in answer. */
  readonly kind: "heading" | "statement" | "field";
  readonly label?: string;
  readonly text: string;
}

export interface FormContent {
  readonly code: FormCode;
  readonly provision: string;
  readonly title: string;
  readonly lines: readonly FormLine[];
  /** The nearest-relative statement chosen (applications only). */
  readonly nearestRelativeStatement: NearestRelativeStatementCode | null;
}

export type NearestRelativeStatementCode =
  | "informed"
  | "not_yet_informed"
  | "consulted"
  | "not_practicable"
  | "unreasonable_delay"
  | "no_nearest_relative"
  | "unable_to_ascertain";

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

const heading = (text: string): FormLine => ({ kind: "heading", text });
const statement = (text: string): FormLine => ({ kind: "statement", text });
const field = (label: string, text: string): FormLine => ({
  kind: "field",
  label,
  text: text.trim() === "" ? "Not recorded" : text.trim(),
});

function patientLines(p: FormPatient): FormLine[] {
  return [
    field("Full name of patient", p.name),
    field("Address of patient", p.address),
    field(
      "Date of birth",
      p.dateOfBirth ? formatDate(p.dateOfBirth) : "Not known",
    ),
    ...(p.nhsNumber ? [field("NHS number", p.nhsNumber)] : []),
  ];
}

function nrWho(nr: FormNearestRelative): string {
  return [
    nr.name,
    nr.relationship ? `(${nr.relationship})` : "",
    nr.contact ? `of ${nr.contact}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * The nearest-relative statement the form needs, chosen from the record: for s2 and s4 the NR is
 * informed (s11(3)); for s3 and guardianship the NR is consulted and did not object (s11(4)), or
 * consulting was not reasonably practicable or would have involved unreasonable delay, with why.
 */
export function nearestRelativeStatement(
  section: FormSection,
  nr: FormNearestRelative | null,
): Outcome<{ code: NearestRelativeStatementCode; lines: FormLine[] }> {
  const part = heading("The nearest relative");
  if (nr?.notPracticable?.reason === "no_nearest_relative") {
    return {
      ok: true,
      value: {
        code: "no_nearest_relative",
        lines: [
          part,
          statement(
            "To the best of my knowledge and belief this patient has no nearest relative within the meaning of the Act.",
          ),
          ...(nr.notPracticable.detail
            ? [field("Details", nr.notPracticable.detail)]
            : []),
        ],
      },
    };
  }
  if (!nr || nr.name.trim() === "") {
    return {
      ok: true,
      value: {
        code: "unable_to_ascertain",
        lines: [
          part,
          statement(
            "I have been unable to ascertain who is the patient’s nearest relative within the meaning of the Act.",
          ),
        ],
      },
    };
  }
  const identity = statement(
    `To the best of my knowledge and belief ${nrWho(nr)} is the patient’s nearest relative within the meaning of the Act.`,
  );
  if (section === "s2" || section === "s4") {
    if (nr.informedAt) {
      return {
        ok: true,
        value: {
          code: "informed",
          lines: [
            part,
            identity,
            statement(
              `I have informed that person that this application is to be made${nr.toldOfDischargePower ? " and of the nearest relative’s power to order the discharge of the patient" : ""}.`,
            ),
            field("Informed on", formatDateTime(nr.informedAt)),
          ],
        },
      };
    }
    const why = nr.notPracticable
      ? [
          field(
            "Why not yet",
            nr.notPracticable.detail ||
              nr.notPracticable.reason.replace(/_/g, " "),
          ),
        ]
      : [];
    return {
      ok: true,
      value: {
        code: "not_yet_informed",
        lines: [
          part,
          identity,
          statement(
            "I have not yet informed that person that this application is to be made and of the nearest relative’s power to order the discharge of the patient.",
          ),
          ...why,
        ],
      },
    };
  }
  if (nr.objected) {
    return {
      ok: false,
      reason: `R-S3-NROBJ: the nearest relative (${nr.name}) objected to the application. An AMHP cannot make it while that objection stands (section 11(4)).`,
    };
  }
  if (nr.consultedAt) {
    return {
      ok: true,
      value: {
        code: "consulted",
        lines: [
          part,
          statement(
            `I have consulted ${nrWho(nr)} who to the best of my knowledge and belief is the patient’s nearest relative within the meaning of the Act.`,
          ),
          field("Consulted on", formatDateTime(nr.consultedAt)),
          statement(
            `That person has not notified me or the local social services authority on whose behalf I am acting that they object to this application being made.`,
          ),
        ],
      },
    };
  }
  if (nr.notPracticable) {
    const delay = nr.notPracticable.reason === "unreasonable_delay";
    return {
      ok: true,
      value: {
        code: delay ? "unreasonable_delay" : "not_practicable",
        lines: [
          part,
          statement(
            `I understand that ${nrWho(nr)} is the patient’s nearest relative within the meaning of the Act, but in my opinion ${delay ? "it would involve unreasonable delay" : "it is not reasonably practicable"} to consult that person before making this application, because:`,
          ),
          field("Reasons", nr.notPracticable.detail),
        ],
      },
    };
  }
  return {
    ok: false,
    reason:
      "R-S3-NRC: the nearest relative has not been consulted and no reason is recorded why consulting was not reasonably practicable.",
  };
}

function applicantLines(f: ApplicationFacts): FormLine[] {
  return [
    heading("The applicant"),
    field("Name of approved mental health professional", f.amhp.name),
    field("Address", f.amhp.address),
    statement(
      `I am acting on behalf of ${f.actingFor} and am approved to act as an approved mental health professional for the purposes of the Act by ${f.approvedBy}.`,
    ),
  ];
}

function acquaintanceLines(f: ApplicationFacts): FormLine[] {
  if (f.doctors.some((d) => d.previousAcquaintance)) return [];
  const one = f.section === "s4";
  return [
    statement(
      one
        ? "The medical practitioner did not have previous acquaintance with the patient before making the recommendation. It was not practicable to obtain a recommendation from a medical practitioner who did, because:"
        : "Neither of the medical practitioners had previous acquaintance with the patient before making their recommendations. It was not practicable to obtain a recommendation from a medical practitioner who did, because:",
    ),
    field(
      "Why no doctor with previous acquaintance",
      f.noPreviousAcquaintanceReason,
    ),
  ];
}

/** The AMHP's application (A2, A6, A10, G2) from a complete record. */
export function applicationContent(f: ApplicationFacts): Outcome<FormContent> {
  const def = applicationFormFor(f.section);
  const nr = nearestRelativeStatement(f.section, f.nearestRelative);
  if (!nr.ok) return nr;
  const lines: FormLine[] = [];
  if (f.section === "guardianship") {
    lines.push(
      heading("To the local social services authority"),
      field("Local social services authority", f.actingFor),
    );
    lines.push(heading("The patient"), ...patientLines(f.patient));
    lines.push(...applicantLines(f));
    lines.push(
      statement(
        `I apply for the reception of the patient into the guardianship, in accordance with Part 2 of the Mental Health Act 1983, of ${f.guardian ?? "the local social services authority"}.`,
      ),
    );
  } else {
    lines.push(
      heading("To the managers of the hospital"),
      field("Name and address of hospital", f.hospital),
    );
    lines.push(heading("The patient"), ...patientLines(f.patient));
    lines.push(...applicantLines(f));
    lines.push(
      statement(
        `I apply for the admission of the patient ${f.section === "s3" ? "for treatment" : "for assessment"} in accordance with Part 2 of the Mental Health Act 1983.`,
      ),
    );
  }
  lines.push(...nr.value.lines);
  lines.push(heading("The remainder of this form"));
  if (f.section === "s4") {
    lines.push(
      field("I last saw the patient on", formatDateTime(f.lastSawAt)),
      statement(
        "which was within the period of 24 hours ending with the time this application is completed.",
      ),
    );
  } else {
    lines.push(
      field("I last saw the patient on", formatDate(londonDate(f.lastSawAt))),
      statement(
        "which was within the period of 14 days ending on the day this application is completed.",
      ),
    );
  }
  if (f.section === "guardianship") {
    lines.push(
      statement(
        "I have interviewed the patient and I am satisfied that it is necessary in the interests of the welfare of the patient or for the protection of other persons that the patient should be received into guardianship, and that guardianship is in all the circumstances of the case the most appropriate way of providing the care of which the patient stands in need.",
      ),
    );
    if (f.patient.dateOfBirth)
      lines.push(statement("The patient is aged 16 or over."));
  } else {
    lines.push(
      statement(
        "I have interviewed the patient and I am satisfied that detention in a hospital is in all the circumstances of the case the most appropriate way of providing the care and medical treatment of which the patient stands in need.",
      ),
    );
  }
  lines.push(
    field("Why this is the most appropriate way", f.mostAppropriateReason),
  );
  lines.push(...acquaintanceLines(f));
  if (f.section === "s4") {
    lines.push(
      statement(
        "In my opinion it is of urgent necessity for the patient to be admitted and detained under section 2 of the Act and compliance with the provisions of Part 2 of the Act relating to applications under that section would involve undesirable delay.",
      ),
    );
    if (f.section4?.whyNotSection2)
      lines.push(
        field(
          "Why an application under section 2 could not be made",
          f.section4.whyNotSection2,
        ),
      );
    lines.push(
      statement(
        "This application is founded on one medical recommendation in the prescribed form.",
      ),
    );
  } else {
    lines.push(
      statement(
        "This application is founded on two medical recommendations in the prescribed form.",
      ),
    );
  }
  lines.push(heading("The medical recommendations"));
  for (const d of f.doctors)
    lines.push(
      field(
        `Dr ${stripDr(d.name)}`,
        `GMC ${d.gmcNumber || "not recorded"}; examined ${d.examinedAt ? formatDate(londonDate(d.examinedAt)) : "not recorded"}`,
      ),
    );
  lines.push(
    field("Application completed on", formatDateTime(f.applicationAt)),
  );
  return {
    ok: true,
    value: {
      code: def.code,
      provision: def.provision,
      title: def.title,
      lines,
      nearestRelativeStatement: nr.value.code,
    },
  };
}

const stripDr = (name: string): string => name.replace(/^dr\.?\s+/i, "");

const GROUND_WORDS: Readonly<Record<Ground, string>> = {
  health: "in the interests of the patient’s own health",
  safety: "in the interests of the patient’s own safety",
  protection: "with a view to the protection of other persons",
  welfare: "in the interests of the welfare of the patient",
};

function opinionLines(f: RecommendationFacts, we: string): FormLine[] {
  const grounds = groundsFor(f.section).filter((g) => f.grounds.includes(g));
  const groundText = grounds
    .map((g) =>
      f.section === "guardianship" && g === "protection"
        ? "for the protection of other persons"
        : GROUND_WORDS[g],
    )
    .join("; and ");
  switch (f.section) {
    case "s2":
    case "s4":
      return [
        statement(
          `In ${we} opinion, (a) this patient is suffering from mental disorder of a nature or degree which warrants the detention of the patient in hospital for assessment (or for assessment followed by medical treatment) for at least a limited period; and (b) ought to be so detained ${groundText}.`,
        ),
      ];
    case "s3":
      return [
        statement(
          `In ${we} opinion, (a) this patient is suffering from mental disorder of a nature or degree which makes it appropriate for the patient to receive medical treatment in a hospital; and (b) it is necessary ${groundText.replace(/in the interests of /g, "for ").replace(/with a view to /g, "for ")} that the patient should receive treatment and it cannot be provided unless the patient is detained under section 3 of the Act; and (c) appropriate medical treatment is available to the patient at the following hospital:`,
        ),
        field(
          "Hospital where appropriate medical treatment is available",
          f.treatmentHospital,
        ),
      ];
    case "guardianship":
      return [
        statement(
          `In ${we} opinion, (a) this patient is suffering from mental disorder of a nature or degree which warrants the patient’s reception into guardianship under section 7 of the Act; and (b) it is necessary ${groundText} that the patient should be so received.`,
        ),
      ];
  }
}

function doctorLines(d: FormDoctor, withTime: boolean): FormLine[] {
  return [
    field("Registered medical practitioner", `Dr ${stripDr(d.name)}`),
    field("GMC number", d.gmcNumber),
    ...(d.address ? [field("Address", d.address)] : []),
    field(
      "Last examined the patient on",
      d.examinedAt
        ? withTime
          ? formatDateTime(d.examinedAt)
          : formatDate(londonDate(d.examinedAt))
        : "Not recorded",
    ),
    statement(
      d.previousAcquaintance
        ? "I had previous acquaintance with the patient before I conducted that examination."
        : "I did not have previous acquaintance with the patient before I conducted that examination.",
    ),
    statement(
      d.s12Approved
        ? "I am approved under section 12 of the Act as having special experience in the diagnosis or treatment of mental disorder."
        : d.approvedClinician
          ? "I am an approved clinician (and so treated as approved under section 12 of the Act)."
          : "I am not approved under section 12 of the Act.",
    ),
  ];
}

/** A doctor's (or two doctors' joint) medical recommendation (A3/A4, A7/A8, A11, G3/G4). */
export function recommendationContent(
  f: RecommendationFacts,
): Outcome<FormContent> {
  const def = recommendationFormFor(f.section, f.shape);
  if (!def)
    return {
      ok: false,
      reason:
        "A section 4 application is founded on one doctor’s recommendation (form A11): there is no joint form.",
    };
  const expected = f.shape === "joint" ? 2 : 1;
  if (f.doctors.length !== expected)
    return {
      ok: false,
      reason:
        f.shape === "joint"
          ? "A joint recommendation is completed by two different doctors: choose the other doctor."
          : "A recommendation is completed by one doctor.",
    };
  const [first, second] = f.doctors;
  if (second && first && second.id === first.id)
    return {
      ok: false,
      reason: "A joint recommendation needs two different doctors.",
    };
  const grounds = groundsFor(f.section).filter((g) => f.grounds.includes(g));
  if (grounds.length === 0)
    return {
      ok: false,
      reason: "Tick at least one of the grounds on the form.",
    };
  if (f.reasons.trim() === "")
    return { ok: false, reason: "Give your reasons for these opinions." };
  if (f.section === "s3" && f.treatmentHospital.trim() === "")
    return {
      ok: false,
      reason:
        "Name the hospital where appropriate medical treatment is available.",
    };
  if (f.section === "s4" && f.section4Delay.trim() === "")
    return {
      ok: false,
      reason: "Estimate the delay a section 2 application would involve.",
    };
  for (const d of f.doctors)
    if (!d.examinedAt)
      return {
        ok: false,
        reason: `The record has no examination by ${d.name}: the AMHP records when each doctor examined the person.`,
      };

  const we = f.shape === "joint" ? "our" : "my";
  const aim =
    f.section === "guardianship"
      ? "be received into guardianship in accordance with Part 2 of the Mental Health Act 1983"
      : `be admitted to a hospital ${f.section === "s3" ? "for treatment" : "for assessment"} in accordance with Part 2 of the Mental Health Act 1983`;
  const lines: FormLine[] = [
    heading("The patient"),
    ...patientLines(f.patient),
  ];
  lines.push(heading(f.shape === "joint" ? "The doctors" : "The doctor"));
  for (const d of f.doctors) lines.push(...doctorLines(d, f.section === "s4"));
  lines.push(heading("Recommendation"));
  lines.push(
    statement(
      `${f.shape === "joint" ? "We" : "I"} recommend that the patient ${aim}.`,
    ),
  );
  lines.push(...opinionLines(f, we));
  if (f.section === "s4") {
    lines.push(
      statement(
        "In my opinion, it is of urgent necessity for the patient to be admitted and detained under section 2 of the Act and compliance with the provisions of Part 2 of the Act relating to applications under that section would involve undesirable delay.",
      ),
    );
    lines.push(
      field(
        "I estimate that if the patient were to be admitted under section 2, the delay would be approximately",
        f.section4Delay,
      ),
    );
  }
  lines.push(
    field(
      `${f.shape === "joint" ? "Our" : "My"} reasons for these opinions are`,
      f.reasons,
    ),
  );
  if (f.section === "s3")
    lines.push(
      statement(
        `${f.shape === "joint" ? "Our" : "My"} reasons include why informal treatment is not appropriate.`,
      ),
    );
  return {
    ok: true,
    value: {
      code: def.code,
      provision: def.provision,
      title: formDefinition(def.code).title,
      lines,
      nearestRelativeStatement: null,
    },
  };
}

/**
 * A signed form may be rectified (s15(1)) within the period of 14 days beginning with the day of
 * admission; with no admission recorded, with the day the form was first signed.
 */
export function rectificationLastDay(
  admittedAt: Date | null,
  firstSignedAt: Date,
): IsoDate {
  return addDays(londonDate(admittedAt ?? firstSignedAt), 13);
}
