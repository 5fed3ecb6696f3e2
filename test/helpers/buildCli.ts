/** vitest global setup: tests that run `twinscope` as a process use the bundle built from the current sources. */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
