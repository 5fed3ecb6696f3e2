#!/usr/bin/env node
// Starts the bundled CLI. `npm install` builds it (the `prepare` script); a checkout without it says how to build.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('twinscope: the CLI is not built yet. Run `npm install` (or `npm run build:cli`) first.\n');
  process.exit(1);
}
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(`twinscope: Node ${process.versions.node} is too old; Twinscope needs Node 22 LTS.\n`);
  process.exit(1);
}
await import(cli.href);
