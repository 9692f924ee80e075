import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Node 24 on machines whose own Node is older: the `node` dependency links a Node 24 binary into
// node_modules/.bin, which npm puts first on the PATH of every npm script. So a script runs on
// Node 24 when each of its commands starts with `node` (or `exec node`) or with a binary from
// node_modules/.bin that is itself a `#!/usr/bin/env node` script; scripts that start more
// processes use process.execPath or npx, which inherit the same PATH.

const nvmrc = readFileSync('.nvmrc', 'utf8').trim();
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the Node.js runtime', () => {
  it(`this suite runs on Node ${nvmrc}, the version in .nvmrc (npm test runs vitest on the node in node_modules/.bin)`, () => {
    expect(process.versions.node.split('.')[0]).toBe(nvmrc);
  });

  it(`the node dependency brings Node ${nvmrc} and engines asks for at least Node 22`, () => {
    expect(pkg.dependencies.node).toMatch(new RegExp(`^\\^${nvmrc}\\.`));
    expect(pkg.engines.node).toBe('>=22');
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${nvmrc}\\.`));
  });

  it('every npm script runs on the node of node_modules/.bin', () => {
    const offenders: string[] = [];
    for (const [name, script] of Object.entries(pkg.scripts)) {
      for (const command of script.split(/&&|\|\||;/).map((part) => part.trim())) {
        const program = command.replace(/^exec\s+/, '').split(/\s+/)[0]!;
        if (program === 'node') continue;
        let shebang = '';
        try {
          const bin = realpathSync(path.join('node_modules', '.bin', program));
          shebang = readFileSync(bin, 'utf8').split('\n', 1)[0]!;
        } catch {
          shebang = '(not a node_modules/.bin program)';
        }
        if (shebang !== '#!/usr/bin/env node') offenders.push(`${name}: ${command} → ${shebang}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the build tools and type packages are dev dependencies; moment is gone', () => {
    const runtime = Object.keys(pkg.dependencies);
    expect(runtime.filter((name) => name.startsWith('@types/'))).toEqual([]);
    for (const tool of ['typescript', 'tsx', 'sass', 'eslint', 'vitest', 'moment']) expect(runtime).not.toContain(tool);
    for (const tool of ['typescript', 'tsx', 'sass']) expect(pkg.devDependencies).toHaveProperty(tool);
  });
});
