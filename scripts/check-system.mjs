// Checks, before the test suite runs, that this machine has what the tests use, and says what to install if not.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

function onPath(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const needs = [
  {
    what: 'mosquitto (MQTT broker for integration tests)',
    pkg: 'mosquitto',
    ok: () => onPath('mosquitto') || existsSync('/usr/sbin/mosquitto'),
  },
  { what: 'socat (pseudo-terminal pairs for serial tests)', pkg: 'socat', ok: () => onPath('socat') },
  {
    what: 'udevadm (serial port listing)',
    pkg: 'udev',
    ok: () => onPath('udevadm') || existsSync('/usr/bin/udevadm') || existsSync('/sbin/udevadm'),
  },
  { what: 'openssl (test certificates for MQTT over TLS)', pkg: 'openssl', ok: () => onPath('openssl') },
  { what: 'g++ (firmware host tests)', pkg: 'g++', ok: () => onPath('g++') },
  {
    what: 'riscv64-unknown-elf-g++ (firmware cross tests)',
    pkg: 'gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf',
    ok: () => onPath('riscv64-unknown-elf-g++'),
  },
  {
    what: 'chromium (browser tests of the UI, headless with WebGL through SwiftShader)',
    pkg: 'chromium',
    ok: () => existsSync(process.env.TWINSCOPE_CHROMIUM ?? '/usr/bin/chromium'),
  },
  {
    what: 'qemu-system-riscv32 (firmware cross tests)',
    pkg: 'qemu-system-misc',
    ok: () => onPath('qemu-system-riscv32'),
  },
];

const problems = [];
const [major] = process.versions.node.split('.').map(Number);
if (major !== 22) problems.push(`Node ${process.versions.node}: Twinscope needs Node 22 LTS (see README "Set-up").`);
const missing = needs.filter((n) => !n.ok());
for (const n of missing) problems.push(`missing ${n.what}`);
if (problems.length > 0) {
  console.error('The test suite cannot run on this machine yet:');
  for (const p of problems) console.error(`  - ${p}`);
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.flatMap((n) => n.pkg.split(' ')))].join(' ');
    console.error(`\nOn Debian/Ubuntu: sudo apt-get install -y ${pkgs}`);
  }
  process.exit(1);
}
console.log('system check: Node 22, mosquitto, socat, udev, openssl, g++, riscv toolchain, qemu and chromium found');
