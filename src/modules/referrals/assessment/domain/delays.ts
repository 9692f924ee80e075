// Waits derived from the times on the assessment record, the doctor contact log summary that
// evidences section 12 doctor delays, and the fixed list of delay causes the AMHP chooses from.
// These feed the delay reports, so the derivation is deliberately plain: requested → arrived.

import { formatSpan } from '../../../../platform/london-time.js';

export type DelayCause =
  | 'section_12_doctor'
  | 'bed'
  | 'conveyance'
  | 'police'
  | 'interpreter'
  | 'information'
  | 'other';

export const DELAY_CAUSES: readonly { readonly code: DelayCause; readonly label: string }[] = [
  { code: 'section_12_doctor', label: 'Waiting for a section 12 doctor' },
  { code: 'bed', label: 'Waiting for a bed' },
  { code: 'conveyance', label: 'Waiting for conveyance (ambulance or other transport)' },
  { code: 'police', label: 'Waiting for the police' },
  { code: 'interpreter', label: 'Waiting for an interpreter' },
  { code: 'information', label: 'Waiting for information' },
  { code: 'other', label: 'Other' },
];
export const DELAY_CAUSE_CODES: readonly DelayCause[] = DELAY_CAUSES.map((c) => c.code);

export type WaitResource = 'doctor' | 'bed' | 'ambulance' | 'police' | 'interpreter';

const RESOURCE_LABELS: Readonly<Record<WaitResource, string>> = {
  doctor: 'Doctor',
  bed: 'Bed',
  ambulance: 'Ambulance',
  police: 'Police',
  interpreter: 'Interpreter',
};

const CAUSE_FOR_RESOURCE: Readonly<Record<WaitResource, DelayCause>> = {
  doctor: 'section_12_doctor',
  bed: 'bed',
  ambulance: 'conveyance',
  police: 'police',
  interpreter: 'interpreter',
};

export interface RequestTimes {
  readonly requestedAt: Date | null;
  /** Arrived (doctor, police, ambulance, interpreter) or confirmed (bed). */
  readonly arrivedAt: Date | null;
}

export interface WaitInputs {
  readonly doctors: readonly (RequestTimes & { readonly label: string })[];
  readonly bed: RequestTimes | null;
  readonly ambulance: RequestTimes | null;
  readonly police: RequestTimes | null;
  readonly interpreter: RequestTimes | null;
}

export type WaitState = 'complete' | 'ongoing' | 'not_requested' | 'times_inconsistent';

export interface Wait {
  readonly resource: WaitResource;
  readonly label: string;
  readonly requestedAt: Date | null;
  readonly arrivedAt: Date | null;
  readonly state: WaitState;
  /** Minutes waited; for an ongoing wait, up to `now` when given. */
  readonly minutes: number | null;
  readonly text: string;
}

function deriveWait(resource: WaitResource, label: string, times: RequestTimes | null, now: Date | null): Wait {
  const requestedAt = times?.requestedAt ?? null;
  const arrivedAt = times?.arrivedAt ?? null;
  const base = { resource, label, requestedAt, arrivedAt };
  if (!requestedAt) {
    return { ...base, state: 'not_requested', minutes: null, text: 'Not requested' };
  }
  if (arrivedAt && arrivedAt < requestedAt) {
    return {
      ...base,
      state: 'times_inconsistent',
      minutes: null,
      text: resource === 'bed' ? 'Confirmed before it was requested: check the times' : 'Arrived before being requested: check the times',
    };
  }
  if (!arrivedAt) {
    const minutes = now && now >= requestedAt ? Math.floor((now.getTime() - requestedAt.getTime()) / 60_000) : null;
    return {
      ...base,
      state: 'ongoing',
      minutes,
      text: minutes === null ? 'Still waiting' : `Still waiting: ${formatSpan(minutes)} so far`,
    };
  }
  const minutes = Math.floor((arrivedAt.getTime() - requestedAt.getTime()) / 60_000);
  return { ...base, state: 'complete', minutes, text: formatSpan(minutes) };
}

/** Every wait the record allows us to work out, in a fixed order (doctors first). */
export function deriveWaits(inputs: WaitInputs, now: Date | null = null): Wait[] {
  const waits: Wait[] = inputs.doctors.map((doctor) => deriveWait('doctor', doctor.label, doctor, now));
  waits.push(deriveWait('bed', RESOURCE_LABELS.bed, inputs.bed, now));
  waits.push(deriveWait('ambulance', RESOURCE_LABELS.ambulance, inputs.ambulance, now));
  waits.push(deriveWait('police', RESOURCE_LABELS.police, inputs.police, now));
  waits.push(deriveWait('interpreter', RESOURCE_LABELS.interpreter, inputs.interpreter, now));
  return waits;
}

/** The cause to pre-select from the longest wait; the AMHP confirms or changes it. */
export function suggestDelayCause(waits: readonly Wait[]): DelayCause | null {
  let longest: Wait | null = null;
  for (const wait of waits) {
    if (wait.minutes !== null && wait.minutes > 0 && (longest === null || (longest.minutes ?? 0) < wait.minutes)) {
      longest = wait;
    }
  }
  return longest ? CAUSE_FOR_RESOURCE[longest.resource] : null;
}

// ── Doctor contact log ─────────────────────────────────────────────────────────────────────────

export type DoctorContactResult = 'available' | 'declined' | 'no_answer' | 'left_message';

export const DOCTOR_CONTACT_RESULTS: readonly { readonly code: DoctorContactResult; readonly label: string }[] = [
  { code: 'available', label: 'Available' },
  { code: 'declined', label: 'Declined or not available' },
  { code: 'no_answer', label: 'Did not answer' },
  { code: 'left_message', label: 'Left a message' },
];

export interface DoctorContact {
  readonly calledAt: Date;
  readonly doctorName: string;
  readonly s12Approved: boolean;
  readonly result: DoctorContactResult;
}

export interface DoctorContactSummary {
  readonly calls: number;
  readonly distinctDoctors: number;
  readonly declined: number;
  readonly unanswered: number;
  readonly firstCallAt: Date | null;
  /** First call that found a section 12 doctor available. */
  readonly firstS12AvailableAt: Date | null;
  /** Minutes from the first call to finding a section 12 doctor; null if none found. */
  readonly minutesToFindS12: number | null;
}

export function summariseDoctorContacts(log: readonly DoctorContact[]): DoctorContactSummary {
  const sorted = [...log].sort((a, b) => a.calledAt.getTime() - b.calledAt.getTime());
  const first = sorted[0] ?? null;
  const s12Found = sorted.find((c) => c.s12Approved && c.result === 'available') ?? null;
  return {
    calls: sorted.length,
    distinctDoctors: new Set(sorted.map((c) => c.doctorName.trim().toLowerCase())).size,
    declined: sorted.filter((c) => c.result === 'declined').length,
    unanswered: sorted.filter((c) => c.result === 'no_answer' || c.result === 'left_message').length,
    firstCallAt: first?.calledAt ?? null,
    firstS12AvailableAt: s12Found?.calledAt ?? null,
    minutesToFindS12:
      first && s12Found ? Math.floor((s12Found.calledAt.getTime() - first.calledAt.getTime()) / 60_000) : null,
  };
}
