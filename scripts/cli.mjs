// npm run backup / npm run restore: runs src/cli/<name>.ts (through tsx in development) or the
// compiled dist/cli/<name>.js (NODE_ENV=production, after `npm run build`). Usage:
//   node scripts/cli.mjs <name> [arguments…]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[a-z-]+$/.test(name)) {
  process.stderr.write('usage: node scripts/cli.mjs <command> [arguments…]\n');
  process.exit(1);
}
process.argv.splice(2, 1);
const compiled = path.join(root, 'dist', 'cli', `${name}.js`);
const source = path.join(root, 'src', 'cli', `${name}.ts`);

if (process.env.NODE_ENV === 'production' || !existsSync(source)) {
  if (!existsSync(compiled)) {
    process.stderr.write(`\nThere is no build of ${name} in dist/: run \`npm run build\` first.\n\n`);
    process.exit(1);
  }
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
}
