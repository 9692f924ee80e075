// npm run create-admin: the first administrator (src/cli/create-admin.ts). With a build in dist/
// and NODE_ENV=production it runs the compiled dist/cli/create-admin.js with plain node (no
// TypeScript after `npm prune --omit=dev`); otherwise it runs a cached bundle of the source, as
// `npm start` does in development (through tsx when esbuild or .cache/ is not there). Arguments after `--` are passed on (--name, --email …).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'cli', 'create-admin.js');

if (process.env.NODE_ENV === 'production') {
  if (!existsSync(compiled)) {
    process.stderr.write('\nThere is no build in dist/: run `npm run build` first, then `NODE_ENV=production npm run create-admin`.\n\n');
    process.exit(1);
  }
  await import(pathToFileURL(compiled).href);
} else {
  // As `npm start` in development: the cached esbuild bundle of the command (scripts/dev-build.mjs),
  // not tsx's transpiling of every module at each run (7 s a run on 2 cores, was).
  const { devBundle } = await import('./dev-build.mjs');
  const bundle = await devBundle({ entry: 'src/cli/create-admin.ts', name: 'create-admin' });
  if (bundle) {
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(bundle).href);
  } else await throughTsx();
}

async function throughTsx() {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    if (existsSync(compiled)) {
      await import(pathToFileURL(compiled).href);
      process.exitCode ??= 0;
    } else {
      process.stderr.write('\ncreate-admin needs the dev dependencies (tsx) or a build: run `npm install`, or `npm run build` and set NODE_ENV=production.\n\n');
      process.exit(1);
    }
  }
  if (register) {
    register();
    await import(pathToFileURL(path.join(root, 'src', 'cli', 'create-admin.ts')).href);
  }
}
