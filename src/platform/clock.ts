export interface Clock {
  now(): Date;
  /**
   * Calls `fire` once this clock reaches `instant` (at once when it already has); returns a
   * cancel function. Optional: a clock without it is woken by the host's timers (`wakeAt`).
   * The test clock has it, so a test moves the clock to a due instant and what is due fires,
   * with no waiting for a poll.
   */
  at?(instant: Date, fire: () => void): () => void;
}

export const systemClock: Clock = { now: () => new Date() };

/** Node's longest timer; a later instant is re-armed when this one fires. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Wakes `fire` when `clock` reaches `instant`: the clock's own timer when it has one (the test
 * clock), otherwise a host timer that does not keep the process alive. Returns a cancel function.
 */
export function wakeAt(clock: Clock, instant: Date, fire: () => void): () => void {
  if (clock.at) return clock.at(instant, fire);
  const delay = Math.min(LONGEST_TIMER_MS, Math.max(0, instant.getTime() - clock.now().getTime()));
  const timer = setTimeout(fire, delay);
  timer.unref();
  return () => clearTimeout(timer);
}

/** A clock tests move by hand: nothing sleeps, time only passes when told to. */
export class ManualClock implements Clock {
  private current: Date;
  private readonly timers = new Set<{ at: number; fire: () => void }>();
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
    this.fireDue();
  }
  advanceMinutes(minutes: number): void {
    this.set(new Date(this.current.getTime() + minutes * 60_000));
  }
  advanceSeconds(seconds: number): void {
    this.set(new Date(this.current.getTime() + seconds * 1000));
  }
  at(instant: Date, fire: () => void): () => void {
    const timer = { at: instant.getTime(), fire };
    this.timers.add(timer);
    // Like a host timer: never synchronously from inside the call that set it.
    queueMicrotask(() => this.fireDue());
    return () => void this.timers.delete(timer);
  }
  private fireDue(): void {
    for (const timer of [...this.timers].sort((a, b) => a.at - b.at)) {
      if (timer.at > this.current.getTime()) continue;
      this.timers.delete(timer);
      timer.fire();
    }
  }
}
