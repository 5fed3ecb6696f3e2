// `npm test`: the whole suite, in the order a failure is cheapest to find. Ends with one line of totals.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const npx = (args) => ['npx', ['--no-install', ...args]];
const steps = [
  ['system check', ['node', ['scripts/check-system.mjs']]],
  ['type check', ['npm', ['run', '--silent', 'typecheck']]],
  ['lint', ['npm', ['run', '--silent', 'lint']]],
  ['build (cli + electron + renderer)', ['npm', ['run', '--silent', 'build']]],
  // Before vitest: it builds the virtual ESP32 that an integration test runs.
  ['firmware tests', ['npm', ['run', '--silent', 'test:firmware']]],
  [
    'unit and integration tests',
    npx(['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest.json']),
  ],
  // Chromium against `twinscope serve` and a real broker; screenshots land in test-results/e2e/.
  [
    'browser tests',
    npx([
      'vitest',
      'run',
      '-c',
      'vitest.e2e.config.ts',
      '--reporter=default',
      '--reporter=json',
      '--outputFile=test-results/e2e.json',
    ]),
  ],
];

rmSync('test-results', { recursive: true, force: true });
rmSync('firmware/build/results.json', { force: true });
mkdirSync('test-results', { recursive: true });
let failedStep;
for (const [name, [cmd, args]] of steps) {
  console.log(`\n== ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  console.log(`== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (r.status !== 0) {
    failedStep = name;
    break;
  }
}

let passed = 0;
let failed = 0;
for (const file of ['test-results/vitest.json', 'test-results/e2e.json']) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  } catch {
    /* that vitest run did not happen */
  }
}
try {
  const fw = JSON.parse(readFileSync('firmware/build/results.json', 'utf8'));
  passed += fw.passed;
  failed += fw.failed;
} catch {
  /* firmware tests did not run */
}
if (failedStep) {
  console.log(`\nFAILED at: ${failedStep}`);
  failed = Math.max(failed, 1);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedStep ? 1 : 0);
