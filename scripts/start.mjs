// `npm start`: builds and opens the desktop app. Where Electron's binary is missing (it is downloaded by npm install
// on desktop machines, and cannot be on locked-down ones), says so and points at the headless commands.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronPath;
try {
  electronPath = require('electron'); // the package's main export is the path of the binary
  require('node:fs').accessSync(electronPath);
} catch {
  console.error(
    'Electron is not installed on this machine (its binary could not be downloaded), so the desktop app cannot open.\n' +
      'Reinstall with network access to its download host (`npm install`), or use the headless commands:\n' +
      '  npx twinscope record --demo                          virtual devices, no hardware\n' +
      '  npx twinscope record --mqtt mqtt://127.0.0.1:1883     record a broker\n' +
      '  npx twinscope --help                                 everything else',
  );
  process.exit(1);
}
const build = spawnSync('npx', ['--no-install', 'electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// No hardware needed to see it work: the demo's virtual devices unless `npm start -- --no-demo`.
const args = process.argv.slice(2);
const appArgs = args.includes('--no-demo') ? args.filter((a) => a !== '--no-demo') : ['--demo', ...args];
const run = spawnSync(electronPath, ['.', ...appArgs], { stdio: 'inherit' });
process.exit(run.status ?? 0);
