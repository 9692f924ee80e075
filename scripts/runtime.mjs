// npm run runtime: the Node.js that npm scripts run on. npm puts node_modules/.bin first on every
// script's PATH, and the `node` dependency links a Node 24 binary there, so this prints Node 24
// even on a machine whose own Node is older (which it also prints, for comparison).
import { execFileSync } from 'node:child_process';

const pathWithoutProjectBins = (process.env.PATH ?? '')
  .split(':')
  .filter((dir) => !dir.endsWith('node_modules/.bin'))
  .join(':');
let machine = 'not found';
try {
  machine = execFileSync('node', ['--version'], { env: { ...process.env, PATH: pathWithoutProjectBins }, encoding: 'utf8' }).trim();
} catch {
  // no node of its own on the PATH
}
console.log(`npm scripts run on Node ${process.version} (${process.execPath}); the machine's own node: ${machine}; npm ${process.env.npm_config_user_agent?.split(' ')[0] ?? ''}`);
