/**
 * The panels the escalations module supplies for lower modules' pages (issue 14, points 1–3): the
 * directory where someone needs it (the referral page, the duty board), the bed and A&E waits on
 * the referral, and "Raise an escalation" on a handover or a visit. The root passes them down as
 * late-bound arrows (platform/module.ts PagePanels); referrals, duty and safety never import this.
 */
import type { ServiceContext } from '../../platform/audit.js';
import type { PagePanel } from '../../platform/module.js';
import { hasAnyRole } from '../../platform/roles.js';
import { formatTime } from '../../platform/london-time.js';
import { isOutOfHours } from './escalation.js';
import type { EscalationsServiceDeps } from './escalations-ports.js';
import { escalationsPaths as paths } from './escalations-paths.js';
import type { DirectoryService } from './directory-service.js';
import { type HospitalWaitsService, HOSPITAL_KINDS, WAIT_RECORDERS } from './hospital-waits-service.js';
import { contactsForRole } from './hospital-waits.js';
import { contactLine, contactsFor } from './partner-directory.js';
import { RAISERS } from './escalations-access.js';

export interface EscalationPanelsDeps {
  directory: DirectoryService;
  waits: HospitalWaitsService;
  calendar: EscalationsServiceDeps['calendar'];
  clock: EscalationsServiceDeps['clock'];
  lookupReference: EscalationsServiceDeps['lookupReference'];
}

export function escalationPanels(deps: EscalationPanelsDeps) {
  const outOfHours = async () => isOutOfHours(deps.clock.now(), await deps.calendar.calendar());

  /** The referral page: its bed and A&E waits, the crisis team and the hospitals' site managers, and raising an escalation. */
  async function referral(ctx: ServiceContext, referralId: string): Promise<PagePanel[]> {
    if (!hasAnyRole(ctx.actor, WAIT_RECORDERS)) return [];
    const found = await deps.lookupReference(referralId).catch(() => null);
    if (!found) return [];
    // The referral page audits the view of this record; the panel adds no second row. Its waits
    // and the partner directory come from one statement.
    const { waits, partners } = await deps.waits.referralPanel(ctx, found.id);
    const open = waits.filter((w) => !w.wait.endedAt);
    const waitPanel: PagePanel = {
      title: 'Bed and A&E waits',
      items: waits.map((w) => ({
        text: `${w.summary.text} at ${w.wait.partnerName}`,
        href: paths.hospitalWait({ id: w.wait.id }),
        ...(w.summary.stepsDue > 0 ? { hint: `${w.summary.stepsDue} escalation step${w.summary.stepsDue === 1 ? '' : 's'} due now: ${w.steps.filter((s) => s.state === 'due').map((s) => s.role).join(', ')}` } : w.summary.next ? { hint: `Next: ${w.summary.next.role} at ${formatTime(w.summary.next.dueAt)}` } : {}),
      })),
      links: [{ text: 'Record a wait in A&E or for a bed', href: paths.hospitalWaits(undefined, { referral: found.reference }) }],
      alert: open.some((w) => w.summary.stepsDue > 0),
    };
    const ooh = await outOfHours();
    const items: PagePanel['items'] = [];
    for (const p of partners.filter((x) => x.kind === 'mental_health_trust')) {
      const crisis = p.contacts.filter((c) => /crisis/i.test(c.roleLabel));
      for (const c of crisis.length ? crisis : contactsFor(p.contacts, 1, ooh).slice(0, 1)) items.push({ text: `${c.roleLabel}, ${p.name}`, hint: contactLine(c) });
    }
    const waitingAt = new Set(open.map((w) => w.wait.partnerId));
    const hospitals = partners.filter((p) => HOSPITAL_KINDS.includes(p.kind) && p.kind === 'acute_trust' && (waitingAt.size === 0 || waitingAt.has(p.id)));
    for (const p of hospitals) for (const c of contactsForRole(p.contacts, 'Site manager')) items.push({ text: `${c.roleLabel}, ${p.name}`, hint: contactLine(c) });
    const contactPanel: PagePanel = {
      title: 'Who to contact',
      items,
      links: [
        { text: 'Raise an escalation about this referral', href: paths.newEscalation(undefined, { referral: found.reference }) },
        { text: 'Police requests', href: paths.policeRequests(undefined, { referral: found.reference }) },
        { text: 'High Risk Multi-Agency Discussions', href: paths.discussions({ id: found.id }) },
        { text: 'The partner directory', href: paths.directory() },
      ],
    };
    return [waitPanel, contactPanel];
  }

  /** The duty board: each organisation's first contact for the time of day, and the waits with a step due. */
  async function board(ctx: ServiceContext): Promise<PagePanel[]> {
    if (!hasAnyRole(ctx.actor, WAIT_RECORDERS)) return [];
    const ooh = await outOfHours();
    const partners = await deps.directory.partners();
    const items = partners.flatMap((p) => {
      const first = contactsFor(p.contacts, 1, ooh)[0];
      return first ? [{ text: `${p.name}: ${first.roleLabel}`, hint: contactLine(first) }] : [];
    });
    // The duty board audits its own view (which referrals it showed); the panel adds no second row.
    const open = await deps.waits.open(ctx, { audit: false });
    const due = open.filter((w) => w.summary.stepsDue > 0);
    return [
      {
        title: ooh ? 'Partner contacts (out of hours)' : 'Partner contacts (in hours)',
        items,
        links: [{ text: 'The partner directory', href: paths.directory() }],
      },
      {
        title: 'Bed and A&E waits',
        items: open.slice(0, 10).map((w) => ({ text: `${w.wait.referralReference}: ${w.summary.text} at ${w.wait.partnerName}`, href: paths.hospitalWait({ id: w.wait.id }), ...(w.summary.stepsDue > 0 ? { hint: 'Escalation step due' } : {}) })),
        links: [{ text: open.length ? 'All open waits' : 'No open waits: record one', href: paths.hospitalWaits() }],
        alert: due.length > 0,
      },
    ];
  }

  /** A handover or a visit: raise an escalation linked to it. */
  function raiseLink(kind: 'handover' | 'visit') {
    return async (ctx: ServiceContext, id: string): Promise<PagePanel[]> => {
      if (!hasAnyRole(ctx.actor, RAISERS) || ctx.actor.roles.every((r) => r === 'partner')) return [];
      return [{ title: 'Escalations', items: [], links: [{ text: `Raise an escalation about this ${kind}`, href: paths.newEscalation(undefined, { [kind]: id }) }] }];
    };
  }

  return { referral, board, handover: raiseLink('handover'), visit: raiseLink('visit') };
}
