import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection, now. For a single moment only: after the first start's demo seed
 * the closed embedded database's WebAssembly memory (grown by the seed) and the objects built
 * around it are unreachable, but V8 frees them only at a major collection, which an idle server
 * may not run for a long time (issue 17, point 6: the resident memory after start). Without
 * `--expose-gc` the flag is switched on just long enough to fetch the function (as jest does).
 */
export function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  gc();
}
