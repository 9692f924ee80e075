// Where a server's main thread spent its time during given windows of a run, from a V8
// `.cpuprofile` (node --cpu-prof). The load bench marks when each saturated phase of a page and of
// its bare route ran (process.hrtime, the same monotonic clock V8 stamps its samples with), so one
// profile of a whole run splits into "the page" and "its bare route" (docs/performance.md).

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A stretch of the run, in microseconds of the monotonic clock. */
export interface Window {
  startUs: number;
  endUs: number;
}

export interface Breakdown {
  /** Microseconds the main thread was sampled doing something (not idle) inside the windows. */
  busyUs: number;
  /** Microseconds inside the windows, busy or idle. */
  totalUs: number;
  /** Busy microseconds by where the code lives (a package, a folder of src/, Node's internals). */
  byPlace: Map<string, number>;
}

/** Where a frame's code lives: the package, `src/<module>`, `node:<lib>`, or what V8 calls it. */
export function placeOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(program)') return 'V8 and native (program)';
    return functionName || '(anonymous native)';
  }
  // PGlite's Postgres, compiled to WebAssembly (its frames carry a wasm:// url).
  if (url.startsWith('wasm://')) return 'WebAssembly';
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const own = /\/src\/((?:modules|platform)\/[^/]+|[^/]+)/.exec(url);
  if (own) return `src/${own[1]!.replace(/\.[mc]?[jt]s$/, '')}`;
  if (/\.cache\/dev\//.test(url)) return 'src (bundle)';
  return url.replace(/^.*\//, '');
}

/** Self time of every sample whose timestamp falls inside one of the windows, by place. */
export function breakdown(profile: CpuProfile, windows: Window[]): Breakdown {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPlace = new Map<string, number>();
  let busyUs = 0;
  let totalUs = 0;
  let at = profile.startTime;
  const inside = (t: number) => windows.some((w) => t >= w.startUs && t < w.endUs);
  for (let i = 0; i < profile.samples.length; i += 1) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    // V8 stamps a sample when it is taken; the time since the previous one is what it stands for.
    if (!inside(at)) continue;
    const node = nodes.get(profile.samples[i]!);
    if (!node) continue;
    totalUs += delta;
    if (node.callFrame.functionName === '(idle)') continue;
    busyUs += delta;
    const place = placeOf(node.callFrame.url, node.callFrame.functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + delta);
  }
  return { busyUs, totalUs, byPlace };
}
