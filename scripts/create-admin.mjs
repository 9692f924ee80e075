// npm run create-admin: the first administrator (src/cli/create-admin.ts). With a build in dist/
// and NODE_ENV=production it runs the compiled dist/cli/create-admin.js with plain node (no
// TypeScript after `npm prune --omit=dev`); otherwise it runs the source through tsx, as
// `npm start` does in development. Arguments after `--` are passed on (--name, --email …).
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
