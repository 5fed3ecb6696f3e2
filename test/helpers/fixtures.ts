/** Typed access to the shared golden fixtures (also used by the firmware tests). */
import { readFileSync } from 'node:fs';
import type { DeviceMessage } from '../../electron/common/protocol';
import type { RejectCode } from '../../electron/core/protocol/rejection';

const dir = new URL('../fixtures/protocol/', import.meta.url);

export interface GoldenVector {
  name: string;
  message: DeviceMessage;
  line: string;
}

export function goldenVectors(): GoldenVector[] {
  return (JSON.parse(readFileSync(new URL('golden.json', dir), 'utf8')) as { vectors: GoldenVector[] }).vectors;
}

export function goldenRejects(): { name: string; line: string; code: RejectCode }[] {
  return (JSON.parse(readFileSync(new URL('rejects.json', dir), 'utf8')) as { rejects: [] }).rejects;
}
