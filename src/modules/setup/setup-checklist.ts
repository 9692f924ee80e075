import { addDays, type IsoDate } from '../../platform/time/calendar.js';

// The set-up checklist (issue 19): what a new service must have in place before it goes live.
// Pure: the service gathers the facts, this says what is done and what is still to do.

export type ItemStatus = 'done' | 'to_do';

export interface ChecklistItem {
  key: string;
  title: string;
  status: ItemStatus;
  /** Essentials must be done before "ready to go live"; the rest are recommended. */
  essential: boolean;
  /** One or two sentences: what is there, or what is missing. */
  detail: string;
  action: { href: string; text: string };
}

export interface Checklist {
  items: ChecklistItem[];
  readyToGoLive: boolean;
  essentialsLeft: number;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'not_sent';

export interface ChecklistFacts {
  today: IsoDate;
  operatorName: string | null;
  councils: ReadonlyArray<{ id: string; name: string; code: string | null }>;
  trusts: ReadonlyArray<{ name: string }>;
  teams: ReadonlyArray<{ name: string; kind: 'daytime' | 'edt' | 'other' }>;
  serviceHoursSaved: boolean;
  bankHolidays: ReadonlyArray<{ date: IsoDate }>;
  ladders: ReadonlyArray<{ teamName: string; configured: boolean }>;
  /** The escalations partner directory: each organisation and how many contacts it has. */
  partners: ReadonlyArray<{ name: string; contacts: number }>;
  mail: { deliversEmail: boolean; lastTest: { status: OutboxStatus; failure: string | null } | null };
}

export interface ChecklistLinks {
  profile: string;
  councils: string;
  organisations: string;
  teams: string;
  serviceHours: string;
  bankHolidays: string;
  ladders: string;
  partnerDirectory: string;
  mailTest: string;
}

/**
 * Official local-authority codes (ONS GSS): E06 unitary, E07 district, E08 metropolitan
 * borough, E09 London borough, E10 county council; W06 Welsh principal area. Nine characters.
 */
export const LA_CODE = /^(E0[6-9]|E10|W06)\d{6}$/;
export const LA_CODE_HINT = 'The council’s 9-character ONS code, for example E10000014 (a county council) or E06000045 (a unitary council)';

function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function item(key: string, title: string, done: boolean, essential: boolean, detail: string, action: ChecklistItem['action']): ChecklistItem {
  return { key, title, status: done ? 'done' : 'to_do', essential, detail, action };
}

export function buildChecklist(facts: ChecklistFacts, links: ChecklistLinks): Checklist {
  const withCodes = facts.councils.filter((c) => c.code);
  const withoutCodes = facts.councils.filter((c) => !c.code);
  const daytime = facts.teams.filter((t) => t.kind === 'daytime');
  const edt = facts.teams.filter((t) => t.kind === 'edt');
  const lastHoliday = facts.bankHolidays.map((h) => h.date).sort().at(-1) ?? null;
  const holidaysAhead = lastHoliday !== null && lastHoliday >= addDays(facts.today, 365);
  const unconfigured = facts.ladders.filter((l) => !l.configured);
  const mailTest = facts.mail.lastTest;

  const items: ChecklistItem[] = [
    item(
      'service',
      'The operating service’s name',
      facts.operatorName !== null,
      true,
      facts.operatorName ? `Recorded as ${facts.operatorName}.` : 'Give the name of the service as the councils know it.',
      { href: links.profile, text: 'Name the service' },
    ),
    item(
      'councils',
      'Councils the service acts for (LSSAs) and their local-authority codes',
      facts.councils.length > 0 && withoutCodes.length === 0,
      true,
      facts.councils.length === 0
        ? 'No council has been added yet. Add each local social services authority the service acts for.'
        : withoutCodes.length > 0
          ? `Give the local-authority code of ${listOf(withoutCodes.map((c) => c.name))}.`
          : `${listOf(withCodes.map((c) => `${c.name} (${c.code})`))}.`,
      { href: facts.councils.length === 0 ? links.organisations : links.councils, text: facts.councils.length === 0 ? 'Add the councils' : 'Give the codes' },
    ),
    item('trust', 'The NHS trust', facts.trusts.length > 0, true, facts.trusts.length > 0 ? `${listOf(facts.trusts.map((t) => t.name))}.` : 'Add the NHS mental health trust the service works with.', {
      href: links.organisations,
      text: 'Add the NHS trust',
    }),
    item(
      'teams',
      'Teams: the daytime AMHP service and the Emergency Duty Team',
      daytime.length > 0 && edt.length > 0,
      true,
      daytime.length > 0 && edt.length > 0
        ? `Daytime: ${listOf(daytime.map((t) => t.name))}. EDT: ${listOf(edt.map((t) => t.name))}.`
        : `Add ${daytime.length === 0 && edt.length === 0 ? 'a daytime team and an EDT' : daytime.length === 0 ? 'a daytime team' : 'an EDT'}.`,
      { href: links.teams, text: 'Add the teams' },
    ),
    item(
      'hours',
      'Service hours: when the daytime service is open and EDT covers',
      facts.serviceHoursSaved,
      true,
      facts.serviceHoursSaved ? 'Saved.' : 'The standard hours are in force until they are checked and saved.',
      { href: links.serviceHours, text: 'Check the service hours' },
    ),
    item(
      'bank-holidays',
      'Bank-holiday calendar',
      holidaysAhead,
      true,
      lastHoliday ? `Bank holidays are known up to ${lastHoliday}${holidaysAhead ? '.' : ': add the coming year’s.'}` : 'There are no bank holidays: add them.',
      { href: links.bankHolidays, text: 'Check the bank holidays' },
    ),
    item(
      'ladders',
      'Lone-working escalation ladders',
      facts.ladders.length > 0 && unconfigured.length === 0,
      true,
      facts.ladders.length === 0
        ? 'Add the teams first: each team has its own ladder.'
        : unconfigured.length > 0
          ? `Set the ladder of ${listOf(unconfigured.map((l) => l.teamName))}: until then an overdue check-in escalates by the standard rule only.`
          : 'Every team has its ladder.',
      { href: links.ladders, text: 'Set the ladders' },
    ),
    item(
      'partner-directory',
      'Partner directory: escalation routes of the police, hospitals and other partners',
      facts.partners.some((p) => p.contacts > 0),
      false,
      facts.partners.some((p) => p.contacts > 0)
        ? `${listOf(facts.partners.filter((p) => p.contacts > 0).map((p) => p.name))}.`
        : 'Add at least one partner organisation with a way to contact it: the escalations, the on-call ladder and the bed and A&E timers use it.',
      { href: links.partnerDirectory, text: 'Add partner organisations' },
    ),
    item(
      'mail',
      'E-mail: send yourself a test message',
      mailTest?.status === 'sent',
      true,
      !facts.mail.deliversEmail
        ? 'No mail server is configured (SMTP_URL): notifications wait in the outbox. Configure it, then send yourself a test.'
        : mailTest === null
          ? 'Send yourself a test e-mail and check it arrives.'
          : mailTest.status === 'sent'
            ? 'A test e-mail was sent. Check it arrived in your inbox.'
            : mailTest.status === 'pending'
              ? 'The test e-mail is waiting to be sent (within a minute). Reload to see.'
              : `The last test e-mail was not sent${mailTest.failure ? `: ${mailTest.failure}` : ''}.`,
      { href: links.mailTest, text: 'Send me a test e-mail' },
    ),
  ];
  const essentialsLeft = items.filter((i) => i.essential && i.status === 'to_do').length;
  return { items, readyToGoLive: essentialsLeft === 0, essentialsLeft };
}
