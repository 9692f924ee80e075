// Checking a large file without holding up everyone else: the pure planners are generators that
// yield how many rows they have done every CHUNK rows; `drain` runs one straight through (tests,
// small files) and `runChunked` gives the event loop a turn between chunks and reports progress.

export const CHUNK = 1_000;

export type Steps<T> = Generator<number, T, void>;

/** Runs the steps to the end without pausing. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Lets other requests in (between chunks of a long loop in an async function). */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the steps, letting other requests in between chunks; `progress` hears each count. */
export async function runChunked<T>(steps: Steps<T>, progress?: (done: number) => void): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    progress?.(next.value);
    await turn();
  }
}
