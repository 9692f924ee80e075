/** Stored instants are UTC; people read Europe/London. These are the only conversions. */
export const LONDON = 'Europe/London';

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'long', year: 'numeric' });
const shortDateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hour12: false });
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  weekday: 'short',
});

export interface LondonParts {
  date: string; // YYYY-MM-DD
  time: string; // HH:MM
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 1 = Monday … 7 = Sunday
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function londonParts(instant: Date): LondonParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(instant)) parts[part.type] = part.value;
  const hour = Number(parts.hour) % 24;
  const pad = (n: number) => String(n).padStart(2, '0');
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const minute = Number(parts.minute);
  return {
    date: `${year}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}`,
    year,
    month,
    day,
    hour,
    minute,
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
  };
}

/** The UTC instant of a London wall-clock time; in the spring gap it moves forward an hour. */
export function londonInstant(date: string, time = '00:00'): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  // London is UTC+0 or UTC+1: try both offsets and keep the one that reads back correctly.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(guess - offsetHours * 3_600_000);
    const back = londonParts(candidate);
    if (back.date === date && back.time === `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`) {
      return candidate;
    }
  }
  return new Date(guess - 0); // the non-existent spring-forward hour: read as GMT
}

export function londonDate(instant: Date): string {
  return londonParts(instant).date;
}

export function formatDateTime(instant: Date | null | undefined): string {
  return instant ? dateTimeFormat.format(instant).replace(' at ', ', ') : '';
}

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string') {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(Date.UTC(y, m - 1, d)),
    );
  }
  return dateFormat.format(value);
}

export function formatShortDateTime(instant: Date | null | undefined): string {
  return instant ? shortDateTimeFormat.format(instant).replace(',', '') : '';
}

export function formatTime(instant: Date | null | undefined): string {
  return instant ? timeFormat.format(instant) : '';
}

/** `datetime-local` input value (London) for an instant. */
export function toLocalInputValue(instant: Date | null | undefined): string {
  if (!instant) return '';
  const p = londonParts(instant);
  return `${p.date}T${p.time}`;
}

/** Parses a `datetime-local` value entered in London time; undefined if malformed. */
export function fromLocalInputValue(value: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!match) return undefined;
  return londonInstant(match[1]!, match[2]!);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Minutes between two instants, as a person would say it: "1 h 25 min". */
export function formatDuration(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const total = Math.abs(Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${sign}${m} min`;
  return m === 0 ? `${sign}${h} h` : `${sign}${h} h ${m} min`;
}
