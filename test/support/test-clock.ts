import { ManualClock } from '../../src/platform/clock.js';
import { instantOf } from '../../src/platform/time/parse.js';

/**
 * The date every service and route test stands on: Tuesday 10 March 2026, 09:00 in London
 * (GMT). The base template is seeded as of this date, so no test depends on the day it runs.
 */
export const TEST_TODAY = '2026-03-10';
export const TEST_NOW = instantOf('2026-03-10T09:00');

export function testClock(at: Date | string = TEST_NOW): ManualClock {
  return new ManualClock(typeof at === 'string' ? instantOf(at) : at);
}
