/** The `twinscope` executable (bundled to dist/cli.js; see scripts/build-cli.mjs). */
import { main } from './cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`twinscope: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
