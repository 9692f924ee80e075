// npm start. One process, no wrapper: the server runs in this very process, so SIGTERM/SIGINT
// reach its own handlers (src/server.ts), which drain requests and release the data-directory
// lock. package.json runs it as `exec node scripts/start.mjs`, so `sh -c` hands its process over
// to node and npm's child is this process: a signal sent to npm (which forwards it) or to its
// child both arrive here.
//
//   NODE_ENV=production  runs the compiled dist/server.js with plain node: no TypeScript
//                        transpiler and no Sass compiler (both are dev dependencies). Without a
//                        build it says to run `npm run build` and exits with code 1.
//   otherwise            development: no build step. Rebuilds the assets if their sources
//                        changed, bundles src/server.ts into .cache/dev/ if a source changed
//                        (scripts/dev-build.mjs: esbuild, no type check) and imports that bundle
//                        with plain node; without esbuild, registers tsx and imports src/server.ts.
import { existsSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

if (process.env.NODE_ENV === 'production') {
  const entry = path.join(root, 'dist', 'server.js');
  if (!existsSync(entry)) fail('There is no build in dist/: run `npm run build` first, then `NODE_ENV=production npm start`.');
  if (!existsSync(path.join(root, 'public', 'build', 'app.css'))) fail('The assets are not built (public/build): run `npm run build` first.');
  process.setSourceMapsEnabled(true); // stack traces in the logs name src/*.ts lines (dist/*.js.map)
  await import(pathToFileURL(entry).href);
} else {
  const { buildAssets } = await import('./build-assets.mjs');
  if ((await buildAssets({ quiet: true })) === 'no-sass' && !existsSync(path.join(root, 'public', 'build', 'app.css'))) {
    fail('The development start needs the dev dependencies (tsx, Sass): run `npm install`. For the built app set NODE_ENV=production.');
  }
  // V8's compiled code for the bundle and the packages, kept between starts (Node 22.1 and later).
  module.enableCompileCache?.(path.join(root, '.cache', 'compile'));
  const { devBundle } = await import('./dev-build.mjs');
  const bundle = await devBundle();
  if (bundle) {
    process.setSourceMapsEnabled(true); // stack traces name src/*.ts lines
    await import(pathToFileURL(bundle).href);
  } else {
    let register;
    try {
      ({ register } = await import('tsx/esm/api'));
    } catch {
      fail('The development start needs the dev dependencies (tsx): run `npm install`. To run the built app: `npm run build`, then `NODE_ENV=production npm start`.');
    }
    register();
    await import(pathToFileURL(path.join(root, 'src', 'server.ts')).href);
  }
}
