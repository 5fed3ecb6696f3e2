import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSite } from '../../../../../electron/core/twin/site/defaultSite';
import type { SiteEdit } from '../../../../../electron/core/twin/site/placeDevice';
import { editSiteFile, editSiteText } from '../../../../../electron/core/twin/site/siteFile';
import { makeTempDir } from '../../../../helpers/tempDir';

const DEFAULT_TEXT = readFileSync(join(process.cwd(), 'assets/sites/door-two-rooms.json'), 'utf8');
const sensor: SiteEdit = {
  kind: 'sensor',
  sensor: { dev: 'z2m:desk', channels: ['temp', 'rh'], attachedTo: 'b', position: [6, 2.5, 1.2] },
};
const binding: SiteEdit = { kind: 'binding', from: 'z2m:hall_door', to: 'door' };

describe('editing a site file', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = join(dir.path, 'my-site.json');
  });
  afterEach(() => dir.remove());

  it('adds the sensor and leaves every other line of the file as it was', () => {
    const next = editSiteText(DEFAULT_TEXT, sensor);
    const before = DEFAULT_TEXT.split('\n');
    const after = next.split('\n');
    // The new entry is inserted; nothing is reformatted (the short arrays the author kept on one line stay so).
    expect(after.filter((l) => !before.includes(l)).join('\n')).toContain('"dev": "z2m:desk"');
    for (const line of before) expect(after).toContain(line);
    expect(next).toContain('      "rooms": ["a", "b"],');
    expect(JSON.parse(next).sensors[3]).toEqual(sensor.kind === 'sensor' && sensor.sensor);
  });

  it('keeps the indentation the file uses, and unknown keys', () => {
    const text = JSON.stringify({ ...defaultSite(), $schema: './site.schema.json' }, null, 4);
    const next = editSiteText(text, binding);
    expect(next).toContain('\n        "z2m:hall_door": "door"');
    expect(JSON.parse(next).$schema).toBe('./site.schema.json');
    expect(JSON.parse(next).bindings).toEqual({ ...defaultSite().bindings, 'z2m:hall_door': 'door' });
  });

  it('writes atomically: the new content, the same permissions, no temporary file left', async () => {
    writeFileSync(file, DEFAULT_TEXT, { mode: 0o640 });
    chmodSync(file, 0o640);
    const r = await editSiteFile(file, binding);
    expect(r.ok && r.site.bindings?.['z2m:hall_door']).toBe('door');
    expect(JSON.parse(readFileSync(file, 'utf8')).bindings['z2m:hall_door']).toBe('door');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir.path)).toEqual(['my-site.json']);
  });

  it('refuses a read-only file with a clear error and leaves it untouched', async () => {
    writeFileSync(file, DEFAULT_TEXT);
    chmodSync(file, 0o444);
    const r = await editSiteFile(file, sensor);
    expect(r).toMatchObject({ ok: false, code: 'read-only' });
    expect(!r.ok && r.error).toMatch(/cannot write the site file .*my-site\.json: .* is read-only/);
    expect(readFileSync(file, 'utf8')).toBe(DEFAULT_TEXT);
    expect(readdirSync(dir.path)).toEqual(['my-site.json']);
  });

  it('validates before writing: an edit that would break the site writes nothing', async () => {
    writeFileSync(file, DEFAULT_TEXT);
    const r = await editSiteFile(file, { kind: 'binding', from: 'z2m:x', to: 'no-such-sensor' });
    expect(r).toMatchObject({ ok: false, code: 'invalid-site' });
    expect(!r.ok && r.error).toContain('bindings.z2m:x: "no-such-sensor" is not a sensor of this site');
    expect(readFileSync(file, 'utf8')).toBe(DEFAULT_TEXT);
  });

  it('refuses a file that is not a valid site, naming its problems', async () => {
    writeFileSync(file, '{"schema": "twinscope-site/1"');
    const r = await editSiteFile(file, binding);
    expect(r).toMatchObject({ ok: false, code: 'invalid-site' });
  });

  it('writes a new copy, never over an existing file', async () => {
    const text = `${JSON.stringify(defaultSite(), null, 2)}\n`;
    const copy = join(dir.path, 'site.json');
    expect((await editSiteFile(copy, sensor, { text })).ok).toBe(true);
    expect(JSON.parse(readFileSync(copy, 'utf8')).sensors).toHaveLength(4);
    const again = await editSiteFile(copy, binding, { text });
    expect(again).toMatchObject({ ok: false, code: 'write-failed' });
    expect(JSON.parse(readFileSync(copy, 'utf8')).bindings['z2m:hall_door']).toBeUndefined();
  });
});
