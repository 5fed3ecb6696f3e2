// `npm start`: builds and opens the desktop app. Where Electron's binary is missing (it is downloaded by npm install
// on desktop machines, and cannot be on locked-down ones), says so and starts browser mode with the demo instead:
// `twinscope serve --demo`, whose URL it prints (and opens in the system browser when there is a desktop).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const noDemo = args.includes('--no-demo');
const rest = args.filter((a) => a !== '--no-demo');

/** The installed Electron binary, found the way the electron package does, without its download-on-demand. */
function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const path = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    accessSync(path);
    return path;
  } catch {
    return undefined;
  }
}

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The system's way to open a URL, when this machine has a desktop to open it on. */
function opener() {
  if (process.platform === 'darwin') return ['open'];
  if (process.platform === 'win32') return ['cmd', '/c', 'start', ''];
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? ['xdg-open'] : undefined;
}

run('npx', ['--no-install', 'electron-vite', 'build']);
const electron = electronBinary();
if (electron) {
  const run = spawnSync(electron, ['.', ...(noDemo ? rest : ['--demo', ...rest])], { stdio: 'inherit' });
  process.exit(run.status ?? 0);
}

console.error(
  'Electron is not installed on this machine (its binary could not be downloaded), so the desktop app cannot open.\n' +
    'Starting browser mode instead' +
    (noDemo ? '' : ' with the demo devices') +
    ': open the URL below in a browser on this machine. Ctrl-C stops it.\n',
);
run(process.execPath, ['scripts/build-cli.mjs']);
const serve = spawn(process.execPath, ['bin/twinscope.js', 'serve', ...(noDemo ? [] : ['--demo']), ...rest], {
  stdio: ['inherit', 'pipe', 'inherit'],
});
let opened = false;
serve.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const url = /Twinscope is at (\S+)/.exec(String(chunk))?.[1];
  const open = opener();
  if (url && open && !opened) {
    opened = true;
    const [cmd, ...pre] = open;
    spawn(cmd, [...pre, url], { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
serve.on('exit', (code) => process.exit(code ?? 0));
