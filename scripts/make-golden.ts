/**
 * Regenerates the `line` of every golden vector with the canonical encoder. The messages themselves are authored by
 * hand in test/fixtures/protocol/golden.json; run this only after a deliberate protocol change, and review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { encodeMessage } from '../electron/core/protocol/encode';
import type { DeviceMessage } from '../electron/common/protocol';

const path = new URL('../test/fixtures/protocol/golden.json', import.meta.url);
const golden = JSON.parse(readFileSync(path, 'utf8')) as {
  vectors: { name: string; message: DeviceMessage; line?: string }[];
};
for (const v of golden.vectors) v.line = encodeMessage(v.message);
writeFileSync(path, `${JSON.stringify(golden, null, 2)}\n`);
console.log(`wrote ${golden.vectors.length} golden lines`);
