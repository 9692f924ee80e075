import { z } from 'zod';
import { int, text, uuid } from '../../platform/http/fields.js';
import { LA_CODE, LA_CODE_HINT } from './setup-checklist.js';

/** What the service stores under `setup.profile` (platform settings). */
export const profileSetting = z.object({ operatorName: z.string().min(1).max(200) });
export type Profile = z.output<typeof profileSetting>;

/** `setup.council-codes`: organisation id → official local-authority code. */
export const councilCodesSetting = z.record(z.string(), z.string().regex(LA_CODE));

const settingVersion = int('the version you last read (0 before it was first saved)', 0);

export const profileBody = z.object({ operatorName: text('the name of the service', 200), version: settingVersion });
export type ProfileCommand = z.output<typeof profileBody>;

const laCode = z
  .string({ error: 'Enter the local-authority code' })
  .trim()
  .toUpperCase()
  .min(1, 'Enter the local-authority code')
  .max(9, LA_CODE_HINT)
  .regex(LA_CODE, LA_CODE_HINT);

export const councilCodeBody = z.object({ code: laCode });
export const councilParams = z.object({ id: uuid() });

const itemResource = z.object({
  key: z.string(),
  title: z.string(),
  status: z.enum(['done', 'to_do']),
  essential: z.boolean(),
  detail: z.string(),
  action: z.object({ href: z.string(), text: z.string() }),
});
export const checklistResource = z.object({ items: z.array(itemResource), readyToGoLive: z.boolean(), essentialsLeft: z.number().int() });
export const profileResource = z.object({ operatorName: z.string().nullable(), version: z.number().int() });
export const councilResource = z.object({ id: z.string(), name: z.string(), code: z.string().nullable() });
export const mailTestResource = z.object({ recipientAddress: z.string(), status: z.enum(['pending', 'sent', 'failed', 'not_sent']) });
