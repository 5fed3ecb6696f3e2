/** The `twinscope` executable (bundled to dist/cli.js; see scripts/build-cli.mjs). */
import { runCli } from './cli/run';

void runCli(process.argv.slice(2));
