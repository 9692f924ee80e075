// The prescribed forms of Schedule 1 to the Mental Health (Hospital, Guardianship and Treatment)
// (England) Regulations 2008 (as amended in 2020) that an AMHP application is made on, and the
// medical recommendations it is founded on. Pure data.

export type FormSection = "s2" | "s3" | "s4" | "guardianship";
export const FORM_SECTIONS = ["s2", "s3", "s4", "guardianship"] as const;

export type FormKind = "application" | "recommendation";
export type RecommendationShape = "joint" | "single";

export type FormCode =
  "A2" | "A3" | "A4" | "A6" | "A7" | "A8" | "A10" | "A11" | "G2" | "G3" | "G4";
export const FORM_CODES = [
  "A2",
  "A3",
  "A4",
  "A6",
  "A7",
  "A8",
  "A10",
  "A11",
  "G2",
  "G3",
  "G4",
] as const;

export interface FormDefinition {
  readonly code: FormCode;
  readonly section: FormSection;
  readonly kind: FormKind;
  /** Recommendations only: one form signed by two doctors, or one doctor's own. */
  readonly shape: RecommendationShape | null;
  readonly title: string;
  /** The section of the Act printed at the top of the form. */
  readonly provision: string;
}

export const FORMS: readonly FormDefinition[] = [
  {
    code: "A2",
    section: "s2",
    kind: "application",
    shape: null,
    provision: "Section 2",
    title:
      "Application by an approved mental health professional for admission for assessment",
  },
  {
    code: "A3",
    section: "s2",
    kind: "recommendation",
    shape: "joint",
    provision: "Section 2",
    title: "Joint medical recommendation for admission for assessment",
  },
  {
    code: "A4",
    section: "s2",
    kind: "recommendation",
    shape: "single",
    provision: "Section 2",
    title: "Medical recommendation for admission for assessment",
  },
  {
    code: "A6",
    section: "s3",
    kind: "application",
    shape: null,
    provision: "Section 3",
    title:
      "Application by an approved mental health professional for admission for treatment",
  },
  {
    code: "A7",
    section: "s3",
    kind: "recommendation",
    shape: "joint",
    provision: "Section 3",
    title: "Joint medical recommendation for admission for treatment",
  },
  {
    code: "A8",
    section: "s3",
    kind: "recommendation",
    shape: "single",
    provision: "Section 3",
    title: "Medical recommendation for admission for treatment",
  },
  {
    code: "A10",
    section: "s4",
    kind: "application",
    shape: null,
    provision: "Section 4",
    title:
      "Emergency application by an approved mental health professional for admission for assessment",
  },
  {
    code: "A11",
    section: "s4",
    kind: "recommendation",
    shape: "single",
    provision: "Section 4",
    title: "Medical recommendation for emergency admission for assessment",
  },
  {
    code: "G2",
    section: "guardianship",
    kind: "application",
    shape: null,
    provision: "Section 7",
    title: "Guardianship application by an approved mental health professional",
  },
  {
    code: "G3",
    section: "guardianship",
    kind: "recommendation",
    shape: "joint",
    provision: "Section 7",
    title: "Joint medical recommendation for reception into guardianship",
  },
  {
    code: "G4",
    section: "guardianship",
    kind: "recommendation",
    shape: "single",
    provision: "Section 7",
    title: "Medical recommendation for reception into guardianship",
  },
];

export function formDefinition(code: FormCode): FormDefinition {
  const found = FORMS.find((f) => f.code === code);
  if (!found) throw new Error(`Unknown form ${code}`);
  return found;
}

export function applicationFormFor(section: FormSection): FormDefinition {
  return FORMS.find((f) => f.section === section && f.kind === "application")!;
}

/** The recommendation form for a section and shape; s4 has only the single A11. */
export function recommendationFormFor(
  section: FormSection,
  shape: RecommendationShape,
): FormDefinition | null {
  return (
    FORMS.find(
      (f) =>
        f.section === section &&
        f.kind === "recommendation" &&
        f.shape === shape,
    ) ?? null
  );
}

/** How many doctors' recommendations the application is founded on. */
export function recommendationsNeeded(section: FormSection): number {
  return section === "s4" ? 1 : 2;
}

export const SECTION_LABELS: Readonly<Record<FormSection, string>> = {
  s2: "Section 2 (admission for assessment)",
  s3: "Section 3 (admission for treatment)",
  s4: "Section 4 (emergency admission for assessment)",
  guardianship: "Section 7 (guardianship)",
};

/** The grounds a doctor ticks: detention (s2, s3, s4) or guardianship (s7). */
export type Ground = "health" | "safety" | "protection" | "welfare";
export const GROUNDS = ["health", "safety", "protection", "welfare"] as const;

export function groundsFor(section: FormSection): readonly Ground[] {
  return section === "guardianship"
    ? ["welfare", "protection"]
    : ["health", "safety", "protection"];
}
