import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first (from the full runs of 2 Dec 2026 in
 * docs/performance.md). The two workers take files from one queue, so a long file started last
 * leaves the other worker idle until it ends; started first, the short files fill in around it.
 * vitest's own order does this from its results cache when there is one, but a fresh checkout
 * (CI) has none and would order by file size, which puts the four-line fuzz files last.
 * A file missing from the list only loses its place in the queue; nothing else depends on it.
 */
const SLOWEST = [
  'test/contract/api-fuzz-1.test.ts',
  'test/contract/api-fuzz-3.test.ts',
  'test/contract/api-fuzz-2.test.ts',
  'test/route-permissions.test.ts',
  'src/modules/setup/first-administrator.test.ts',
  'test/server-start.test.ts',
  'src/modules/referrals/assessment/assessment-api.test.ts',
  'src/modules/setup/imports/large-import.test.ts',
  'src/cli/embedded-backup.test.ts',
  'src/modules/statutory-forms/statutory-forms.test.ts',
];

export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOWEST.indexOf(relative(file.project.config.root, file.moduleId).split('\\').join('/'));
      return index === -1 ? SLOWEST.length : index;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
