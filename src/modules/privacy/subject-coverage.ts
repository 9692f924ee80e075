// What the subject-access export covers (docs/privacy.md). The walk (person-data-catalogue.ts)
// FINDS the tables; this file NAMES them, so a person reading the export knows what each part is,
// and a reviewer decides consciously about every new table. The coverage test fails when the walk
// finds a table that is named in neither list.

/** Tables holding rows about the person, with the heading their rows get in the export. */
export const SUBJECT_TABLES: Readonly<Record<string, string>> = {
  referrals: 'Referrals (the person’s details, the referral and the decision)',
  referral_events: 'Referral timeline',
  referral_feedback: 'Feedback given to the referrer',
  referral_access_grants: 'Reasons staff gave to open the record',
  referral_restrictions: 'Restrictions of processing',
  assessments: 'Mental Health Act assessment record',
  assessment_addenda: 'Assessment addenda',
  assessment_doctor_contacts: 'Contacts with doctors for the assessment',
  assessment_doctors: 'Doctors at the assessment',
  assessment_resources: 'Resources arranged for the assessment (ambulance, police, bed)',
  statutory_forms: 'Statutory forms (applications and medical recommendations)',
  statutory_form_signatures: 'Signatures on the statutory forms',
  handover_items: 'Duty handovers that mention the referral',
  safety_visits: 'AMHP visits for the assessment (staff safety)',
  safety_escalation_records: 'Staff-safety escalations during those visits',
  safety_acknowledgements: 'Acknowledgements of those escalations',
  safety_debriefs: 'Debriefs after the assessment',
  safety_hours_claims: 'Staff hours claimed for the assessment',
  s12_invitations: 'Invitations to section 12 doctors',
  s12_claims: 'Section 12 doctors’ fee claims',
  escalations: 'Multi-agency escalations',
  escalation_events: 'Escalation timeline',
  escalation_call_attempts: 'Escalation calls',
  escalation_case_reviews: 'Escalation case reviews',
  escalation_reminders: 'Escalation reminders',
  escalation_police_requests: 'Requests for police assistance',
  escalation_risk_discussions: 'Multi-agency risk discussions',
  escalation_hospital_waits: 'Hospital and A&E waits',
  escalation_hospital_wait_contacts: 'Contacts about those waits',
  escalation_hospital_wait_notices: 'Notices about those waits',
  report_s136_references: 'Section 136 national return (pseudonymised references)',
};

/** Tables the walk finds that are deliberately not exported, with the reason. */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {};

/**
 * Person data the walk cannot tie to a referral by its columns, and how it is handled, so the
 * gap is written down rather than silent.
 */
export const OUTSIDE_THE_WALK: Readonly<Record<string, string>> = {
  audit_log: 'Exported separately as “Who saw or changed the record” (entity_type referral, entity_id the referral); never changed or erased: the audit is append-only.',
  notification_outbox: 'E-mails to staff; they carry links and references, not the person’s details, and are kept for the outbox’s own period.',
};

/** Referral-linked tables the restriction guard deliberately leaves writable (UK GDPR Art. 18(2)). Mirrors migration 1980. */
export const RESTRICTION_EXEMPT: Readonly<Record<string, string>> = {
  referral_restrictions: 'The restriction itself.',
  referral_access_grants: 'A reason to read the record, not a change to it.',
  handover_items: 'A duty handover must never be refused: an open case handed over unaccepted is a clinical safety hazard.',
  safety_visits: 'Staff safety (check-ins, overdue escalation) must never be refused: protection of another person (Art. 18(2)).',
  safety_debriefs: 'Staff welfare after an assessment.',
  safety_hours_claims: 'Staff pay and working-time law.',
  s12_claims: 'A doctor’s fee for work done: a legal claim.',
  report_s136_references: 'The statutory national return.',
  escalations: 'Disputes with partner agencies about the service’s response: the protection of the person and staff.',
  escalation_hospital_waits: 'Bed and A&E breach timers: the protection of the person.',
  escalation_police_requests: 'Police assistance: the protection of the person and staff.',
  escalation_risk_discussions: 'Multi-agency risk discussions: the protection of the person and others.',
};
