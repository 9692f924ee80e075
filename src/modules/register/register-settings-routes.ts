/** The register's settings: an administrator's page and the API (re-approval warning, supervision frequency). */
import { z } from 'zod';
import { checkboxList, choice, int } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { SETTINGS_EDITORS } from './register-access.js';
import { formErrors } from './register-forms.js';
import { registerPaths as paths } from './register-paths.js';
import type { RegisterSettings, RegisterSettingsView } from './register-settings-service.js';
import { SUPERVISION_ARRANGEMENTS, SUPERVISION_ARRANGEMENT_CODES, SUPERVISION_TYPES, SUPERVISION_TYPE_CODES, type SupervisionArrangement, type SupervisionPolicy } from './supervision/supervision.js';

const warningDays = int('the re-approval warning period in days', 1, 365);
const countedTypes = z.array(choice(SUPERVISION_TYPE_CODES, 'Choose kinds of supervision from the list')).min(1, 'Choose at least one kind of supervision that counts');
const rule = z.object({
  countedTypes,
  minPerReportingYear: int('the minimum a year', 0, 52).nullable(),
  maxGapDays: int('the longest gap in days', 1, 366).nullable(),
});
const policy = z.object({
  reportingYearStartMonth: int('the month the reporting year starts', 1, 12),
  rules: z.object({ rota: rule, substantive_daytime: rule, edt: rule, supervisor_is_line_manager: rule }),
});

export const settingsApiBody = z.object({
  reapprovalWarningDays: warningDays.optional(),
  supervisionPolicy: policy.optional(),
  versions: z
    .object({ reapprovalWarningDays: int('the version you last read', 0).optional(), supervisionPolicy: int('the version you last read', 0).optional() })
    .optional()
    .describe('The versions you last read; a change to a setting someone else changed since is refused (409)'),
});

export const settingsResource = z.object({
  reapprovalWarningDays: z.number().int(),
  supervisionPolicy: policy,
  versions: z.object({ reapprovalWarningDays: z.number().int(), supervisionPolicy: z.number().int() }),
});

/** A blank box means "no such rule" on the page. */
const optionalInt = (label: string, min: number, max: number) =>
  z.preprocess((value) => (value === '' || value === undefined ? null : value), int(label, min, max).nullable());

/** The page: one field group per arrangement, named `<arrangement>-minPerReportingYear` and so on. */
export const settingsForm = z
  .object({
    reapprovalWarningDays: warningDays,
    reportingYearStartMonth: int('the month the reporting year starts', 1, 12),
    versionWarningDays: int('the version you last read', 0),
    versionPolicy: int('the version you last read', 0),
    ...Object.fromEntries(
      SUPERVISION_ARRANGEMENT_CODES.flatMap((code) => [
        [`${code}-countedTypes`, checkboxList(choice(SUPERVISION_TYPE_CODES, 'Choose kinds of supervision from the list')).refine((types) => types.length > 0, 'Choose at least one kind of supervision that counts')],
        [`${code}-minPerReportingYear`, optionalInt('the minimum a year', 0, 52)],
        [`${code}-maxGapDays`, optionalInt('the longest gap in days', 1, 366)],
      ]),
    ),
  })
  .transform((v): { reapprovalWarningDays: number; supervisionPolicy: SupervisionPolicy; versions: { reapprovalWarningDays: number; supervisionPolicy: number } } => {
    const values = v as Record<string, unknown>;
    const n = (key: string) => values[key] as number;
    const rules = Object.fromEntries(
      SUPERVISION_ARRANGEMENT_CODES.map((code) => [
        code,
        { countedTypes: values[`${code}-countedTypes`], minPerReportingYear: values[`${code}-minPerReportingYear`], maxGapDays: values[`${code}-maxGapDays`] },
      ]),
    ) as unknown as Record<SupervisionArrangement, SupervisionPolicy['rules'][SupervisionArrangement]>;
    return {
      reapprovalWarningDays: n('reapprovalWarningDays'),
      supervisionPolicy: { reportingYearStartMonth: n('reportingYearStartMonth'), rules },
      versions: { reapprovalWarningDays: n('versionWarningDays'), supervisionPolicy: n('versionPolicy') },
    };
  });

/** The form's values from the settings as they are. */
function formValues(view: RegisterSettingsView): Record<string, unknown> {
  const values: Record<string, unknown> = {
    reapprovalWarningDays: String(view.reapprovalWarningDays),
    reportingYearStartMonth: String(view.supervisionPolicy.reportingYearStartMonth),
    versionWarningDays: String(view.versions.reapprovalWarningDays),
    versionPolicy: String(view.versions.supervisionPolicy),
  };
  for (const code of SUPERVISION_ARRANGEMENT_CODES) {
    const r = view.supervisionPolicy.rules[code];
    values[`${code}-countedTypes`] = r.countedTypes;
    values[`${code}-minPerReportingYear`] = r.minPerReportingYear === null ? '' : String(r.minPerReportingYear);
    values[`${code}-maxGapDays`] = r.maxGapDays === null ? '' : String(r.maxGapDays);
  }
  return values;
}

const TEMPLATE = 'register/views/settings.njk';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'].map((text, i) => ({ value: String(i + 1), text }));
const pageContext = { arrangements: SUPERVISION_ARRANGEMENTS, typeOptions: SUPERVISION_TYPES.map((t) => ({ value: t.code, text: t.label })), months: MONTHS };

export function settingsRoutes(deps: { settings: RegisterSettings }): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.settings,
      access: { roles: SETTINGS_EDITORS },
      summary: 'Page: AMHP register settings',
      tags: ['register pages'],
      success: { contentType: 'text/html' },
      handler: async ({ reply }) => reply.render(TEMPLATE, { ...pageContext, values: formValues(await deps.settings.read()) }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.settings,
      access: { roles: SETTINGS_EDITORS },
      summary: 'Page: AMHP register settings (form)',
      tags: ['register pages'],
      body: settingsForm,
      audit: 'setting_changed',
      success: { status: 303, contentType: 'text/html' },
      refusals: ['conflict'],
      onRefusal: async ({ error, values, reply }) => reply.render(TEMPLATE, { ...pageContext, values, errors: formErrors(error) }, error.status),
      handler: async ({ ctx, body, reply }) => {
        await deps.settings.change(ctx, body);
        return reply.redirectWithFlash(paths.settings(), { kind: 'success', heading: 'AMHP register settings saved' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiSettings,
      access: { roles: SETTINGS_EDITORS },
      summary: 'The register’s settings: the re-approval warning period and the supervision frequency rules, with their versions',
      tags: ['register'],
      success: { schema: settingsResource },
      handler: async () => deps.settings.read(),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiSettings,
      access: { roles: SETTINGS_EDITORS },
      summary: 'Change the re-approval warning period and/or the supervision frequency rules',
      description: 'Give either or both. With `versions`, a setting changed by someone else since you read it is refused (409 version_conflict).',
      tags: ['register'],
      body: settingsApiBody,
      audit: 'setting_changed',
      success: { schema: settingsResource },
      refusals: ['conflict'],
      handler: async ({ ctx, body }) => deps.settings.change(ctx, body),
    }),
  ];
}
