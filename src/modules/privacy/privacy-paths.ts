import { definePaths } from '../../platform/http/paths.js';

/** Every privacy URL, pages and API. Templates reach these as `paths.privacy.<name>(…)`. */
export const privacyPaths = definePaths({
  subject: '/privacy/subject',
  subjectJson: '/privacy/subject/export.json',
  subjectPdf: '/privacy/subject/export.pdf',
  restrict: '/privacy/referrals/:id/restriction',
  lift: '/privacy/referrals/:id/restriction/lift',
  retention: '/privacy/retention',
  rule: '/privacy/retention/rules/:kind',
  decide: '/privacy/retention/reviews/:id',
  apiSubject: '/api/v1/privacy/subject-access',
  apiSubjectPdf: '/api/v1/privacy/subject-access/pdf',
  apiRestriction: '/api/v1/privacy/referrals/:id/restriction',
  apiLift: '/api/v1/privacy/referrals/:id/restriction/lift',
  apiReviews: '/api/v1/privacy/retention/reviews',
  apiRule: '/api/v1/privacy/retention/rules/:kind',
  apiDecision: '/api/v1/privacy/retention/reviews/:id/decision',
});
