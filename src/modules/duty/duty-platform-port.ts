import type { AuditEntry, ServiceContext } from '../../platform/audit.js';
import type { OutboundMessage } from '../../platform/notifications.js';
import type { DutyDb } from './duty-repository.js';

// The platform writes duty makes inside its own transactions (the audit row with the change it
// records; the e-mail with the flag that triggers it). The module factory adapts the platform's
// services to these, so duty's services hold only duty's typed handle.

/** Who acted: a person, or the scheduler. */
export type AuditActor = ServiceContext | { actor: null; requestId: string };

export type DutyAudit = (trx: DutyDb, ctx: AuditActor, entry: AuditEntry) => Promise<void>;

export type DutyNotify = (trx: DutyDb, message: OutboundMessage) => Promise<void>;
