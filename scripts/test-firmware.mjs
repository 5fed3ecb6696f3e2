// Firmware tests (`npm run test:firmware`): the portable core in firmware/lib, built and run twice from the same
// sources: with host g++ under AddressSanitizer/UBSan, and cross-compiled for the ESP32-C6's ISA (rv32imac,
// picolibc, no C++ library) and run under qemu-system-riscv32, whose exit code is the result. Then the virtual
// device (firmware/build/twinscope-virtual-esp32) is built and checked over a socat pty pair.
// Prints one line per suite and ends with `N passed, M failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkVirtualDevice } from '../firmware/host/check-virtual-device.mjs';
import { goldenHeader } from '../firmware/test/golden-header.mjs';
import { loadReference } from '../firmware/test/reference.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fw = join(root, 'firmware');
const out = join(fw, 'build');
const gen = join(out, 'gen');
const started = performance.now();
const JOBS = 2; // the project's machines have two cores

const TOOLS = [
  ['g++', 'g++'],
  ['riscv64-unknown-elf-g++', 'gcc-riscv64-unknown-elf'],
  ['riscv64-unknown-elf-gcc', 'gcc-riscv64-unknown-elf'],
  ['qemu-system-riscv32', 'qemu-system-misc'],
];

const libDirs = readdirSync(join(fw, 'lib'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(fw, 'lib', d.name));
const includes = [...libDirs, join(fw, 'test'), gen].map((d) => `-I${d}`);
const cppIn = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.cpp'))
    .map((f) => join(dir, f));
const libSources = libDirs.flatMap(cppIn);
const testSources = cppIn(join(fw, 'test'));

const COMMON = ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-fno-exceptions', '-fno-rtti'];
// -nostdinc++ on the host too: the core must build without the C++ library, as on the target.
const HOST = [...COMMON, '-nostdinc++', '-g', '-O1', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const RV32_ARCH = ['-march=rv32imac', '-mabi=ilp32', '-Os', '-fno-exceptions', '-fno-rtti', '-fno-threadsafe-statics'];
const RV32_LIBC = ['--specs=picolibc.specs', '--oslib=semihost', '--crt0=semihost'];
const RV32 = [...COMMON, ...RV32_ARCH, ...RV32_LIBC, '-ffunction-sections', '-fdata-sections'];
// QEMU virt puts RAM at 0x80000000: code first, then 28 MiB of data (test fakes keep big buffers in static storage).
const RV32_LINK = [
  ...RV32_ARCH,
  ...RV32_LIBC,
  '-Wl,--defsym=__flash=0x80000000',
  '-Wl,--defsym=__flash_size=0x400000',
  '-Wl,--defsym=__ram=0x80400000',
  '-Wl,--defsym=__ram_size=0x1c00000',
  '-Wl,--gc-sections',
];
const VIRTUAL = [...COMMON, '-nostdinc++', '-O2', `-I${join(fw, 'host')}`];

function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, ...options });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    let timer;
    if (options.timeoutMs) timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (e) => resolve({ code: -1, output: `${output}${e.message}` }));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, output });
    });
  });
}

function missingTools() {
  const missing = TOOLS.filter(([tool]) => spawnSync(tool, ['--version']).error).map(([tool, pkg]) => ({ tool, pkg }));
  const picolibc = spawnSync('riscv64-unknown-elf-gcc', ['--specs=picolibc.specs', '-E', '-x', 'c', '-'], {
    input: '',
  });
  if (missing.length === 0 && picolibc.status !== 0) {
    missing.push({ tool: 'picolibc for riscv64-unknown-elf', pkg: 'picolibc-riscv64-unknown-elf' });
  }
  return missing;
}

/** Newest modification time of the headers every object depends on (a coarse but safe rebuild rule). */
function headersStamp() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.h')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of [join(fw, 'lib'), join(fw, 'test'), join(fw, 'host'), gen]) if (existsSync(d)) walk(d);
  return newest;
}

/** Compiles sources into objDir (JOBS at a time, skipping up-to-date objects) and returns the objects. */
async function compile(compiler, flags, sources, objDir) {
  const flagsFile = join(objDir, 'flags');
  const signature = [compiler, ...flags].join(' ');
  if (existsSync(flagsFile) && readFileSync(flagsFile, 'utf8') !== signature) rmSync(objDir, { recursive: true });
  mkdirSync(objDir, { recursive: true });
  writeFileSync(flagsFile, signature);
  const stamp = headersStamp();
  const objects = sources.map((src) => join(objDir, `${relative(fw, src).replaceAll('/', '_')}.o`));
  const queue = sources.map((src, i) => ({ src, obj: objects[i] }));
  const errors = [];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const fresh = existsSync(job.obj) && statSync(job.obj).mtimeMs >= Math.max(stamp, statSync(job.src).mtimeMs);
      if (fresh) continue;
      const r = await run(compiler, [...flags, ...includes, '-c', job.src, '-o', job.obj]);
      if (r.code !== 0) errors.push(r.output.trim());
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  if (errors.length) throw new Error(`${compiler} failed:\n${errors.join('\n')}`);
  return objects;
}

/** Parses the test binary's output: suite lines and the TOTAL line. */
function parseRun(label, r) {
  const suites = [...r.output.matchAll(/^suite (\S+)\s+(\d+) passed, (\d+) failed$/gm)];
  const total = r.output.match(/^TOTAL (\d+) passed, (\d+) failed$/m);
  const failures = r.output.split('\n').filter((l) => l.startsWith('FAIL') || l.startsWith('  '));
  for (const f of failures) console.log(`  ${f}`);
  for (const [, name, p, f] of suites) console.log(`${label.padEnd(6)} ${name.padEnd(10)} ${p} passed, ${f} failed`);
  if (!total) {
    console.log(`${label}: test binary did not finish (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`);
    console.log(r.output.split('\n').slice(-20).join('\n'));
    return { passed: 0, failed: 1 };
  }
  const passed = Number(total[1]);
  let failed = Number(total[2]);
  if (failed === 0 && r.code !== 0) failed = 1; // a sanitizer report or an exit code that disagrees is a failure
  return { passed, failed };
}

const seconds = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

async function main() {
  const missing = missingTools();
  if (missing.length) {
    for (const m of missing) console.log(`missing ${m.tool}: install it with  apt-get install -y ${m.pkg}`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  mkdirSync(gen, { recursive: true });
  const golden = JSON.parse(readFileSync(join(root, 'test/fixtures/protocol/golden.json'), 'utf8'));
  const header = await goldenHeader(golden, root);
  const headerPath = join(gen, 'golden_vectors.h');
  // Rewritten only when it changes, so that unchanged objects stay up to date.
  if (!existsSync(headerPath) || readFileSync(headerPath, 'utf8') !== header.text)
    writeFileSync(headerPath, header.text);
  console.log(`golden: ${header.vectors} vectors, ${header.numbers} number cases from ${header.origin}`);

  let passed = 0;
  let failed = 0;
  const tally = (r) => ((passed += r.passed), (failed += r.failed));

  let t0 = performance.now();
  const hostObjects = await compile('g++', HOST, [...libSources, ...testSources], join(out, 'host', 'obj'));
  const hostBinary = join(out, 'host', 'firmware-tests');
  const link = await run('g++', [...HOST, ...hostObjects, '-o', hostBinary]);
  if (link.code !== 0) throw new Error(`host link failed:\n${link.output}`);
  const built = seconds(t0);
  t0 = performance.now();
  const hostRun = await run(hostBinary, [], { timeoutMs: 60000 });
  const host = parseRun('host', hostRun);
  tally(host);
  console.log(
    `host   g++ asan+ubsan: ${host.passed} passed, ${host.failed} failed (build ${built}, run ${seconds(t0)})`,
  );

  t0 = performance.now();
  const rvObjects = await compile(
    'riscv64-unknown-elf-g++',
    RV32,
    [...libSources, ...testSources],
    join(out, 'rv32', 'obj'),
  );
  const elf = join(out, 'rv32', 'firmware-tests.elf');
  const rvLink = await run('riscv64-unknown-elf-gcc', [...RV32_LINK, ...rvObjects, '-lm', '-o', elf]);
  if (rvLink.code !== 0) throw new Error(`rv32 link failed:\n${rvLink.output}`);
  const rvBuilt = seconds(t0);
  const size = await run('riscv64-unknown-elf-size', [elf]);
  const [text, data, bss] = (size.output.split('\n')[1] ?? '').trim().split(/\s+/).map(Number);
  t0 = performance.now();
  const qemu = await run(
    'qemu-system-riscv32',
    ['-machine', 'virt', '-cpu', 'rv32', '-m', '32M', '-bios', 'none', '-kernel', elf, '-nographic'].concat([
      '-semihosting-config',
      'enable=on,target=native',
      '-monitor',
      'none',
      '-serial',
      'none',
    ]),
    { timeoutMs: 60000 },
  );
  const rv = parseRun('rv32', qemu);
  tally(rv);
  console.log(
    `rv32   rv32imac under qemu: ${rv.passed} passed, ${rv.failed} failed, exit code ${qemu.code} ` +
      `(build ${rvBuilt}, run ${seconds(t0)}; ELF ${statSync(elf).size} bytes, text ${text} data ${data} bss ${bss})`,
  );

  t0 = performance.now();
  const hostDir = join(fw, 'host');
  const deviceObjects = await compile('g++', VIRTUAL, [...libSources, ...cppIn(hostDir)], join(out, 'virtual', 'obj'));
  const binary = join(out, 'twinscope-virtual-esp32');
  const deviceLink = await run('g++', [...VIRTUAL, ...deviceObjects, '-lm', '-o', binary]);
  if (deviceLink.code !== 0) throw new Error(`virtual device link failed:\n${deviceLink.output}`);
  const deviceBuilt = seconds(t0);
  t0 = performance.now();
  const check = await checkVirtualDevice(binary, await loadReference(root));
  if (check.skipped) console.log(`virtual device: built (${deviceBuilt}); pty check skipped: ${check.skipped}`);
  for (const r of check.results) {
    console.log(`pty    ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? ` (${r.detail})` : ''}`);
  }
  const vd = { passed: check.results.filter((r) => r.ok).length, failed: check.results.filter((r) => !r.ok).length };
  tally(vd);
  if (!check.skipped) {
    console.log(
      `pty    virtual device over socat: ${vd.passed} passed, ${vd.failed} failed (build ${deviceBuilt}, run ${seconds(t0)})`,
    );
  }
  console.log(`firmware tests took ${seconds(started)}; binaries in ${relative(root, out)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  // `npm test` adds these to the suite's totals.
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ passed, failed })}\n`);
  return failed === 0 ? 0 : 1;
}

// exitCode rather than process.exit(): a piped stdout is written asynchronously and must get its last line out.
main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e.message);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
