import { describe, expect, it } from 'vitest';
import { breakdown, placeOf, type CpuProfile } from '../bench/cpu-profile.js';

// A profile as V8 writes it: a tree of frames, then one sample id and the time since the
// previous sample for each tick.
const profile: CpuProfile = {
  startTime: 1_000,
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
    { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    { id: 3, callFrame: { functionName: 'render', url: 'file:///app/node_modules/nunjucks/src/environment.js', lineNumber: 10 } },
    { id: 4, callFrame: { functionName: 'compileQuery', url: 'file:///app/node_modules/@scope/kysely/dist/a.js', lineNumber: 5 } },
    { id: 5, callFrame: { functionName: 'writev', url: '', lineNumber: -1 } },
    { id: 6, callFrame: { functionName: 'list', url: 'file:///app/src/modules/referrals/referral-repository.ts', lineNumber: 40 } },
  ],
  // at: 1,100 1,200 1,300 1,400 1,500 1,600
  samples: [3, 2, 4, 5, 3, 6],
  timeDeltas: [100, 100, 100, 100, 100, 100],
};

describe('the load bench: where the server spent a phase', () => {
  it('counts only the samples taken inside the windows, idle apart from busy', () => {
    const result = breakdown(profile, [{ startUs: 1_150, endUs: 1_450 }]);
    // 1,200 idle, 1,300 kysely, 1,400 writev
    expect(result.totalUs).toBe(300);
    expect(result.busyUs).toBe(200);
    expect([...result.byPlace].sort()).toEqual([
      ['@scope/kysely', 100],
      ['writev', 100],
    ]);
  });

  it('adds up several windows (the rounds of one page)', () => {
    const result = breakdown(profile, [
      { startUs: 1_000, endUs: 1_150 },
      { startUs: 1_450, endUs: 2_000 },
    ]);
    expect(result.busyUs).toBe(300);
    expect(result.byPlace.get('nunjucks')).toBe(200);
    expect(result.byPlace.get('src/modules/referrals')).toBe(100);
  });

  it('names where code lives: a package, a module of src/, a Node library, V8 itself', () => {
    expect(placeOf('file:///a/node_modules/pg/lib/client.js', 'query')).toBe('pg');
    expect(placeOf('file:///a/node_modules/x/node_modules/@electric-sql/pglite/dist/i.js', 'f')).toBe('@electric-sql/pglite');
    expect(placeOf('node:internal/streams/writable', 'uncork')).toBe('node:internal');
    expect(placeOf('file:///a/src/platform/http/views.ts', 'render')).toBe('src/platform/http');
    expect(placeOf('file:///a/src/app.ts', 'x')).toBe('src/app');
    expect(placeOf('wasm://wasm/022a9842', '$func1234')).toBe('WebAssembly');
    expect(placeOf('', '(garbage collector)')).toBe('garbage collection');
  });
});
