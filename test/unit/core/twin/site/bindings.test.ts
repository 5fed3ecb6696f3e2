import { describe, expect, it } from 'vitest';
import { parseSite } from '../../../../../electron/core/twin/site/loadSite';
import { defaultSite } from '../../../../../electron/core/twin/site/defaultSite';

const errors = (edit: Record<string, unknown>): string[] => {
  const r = parseSite({ ...defaultSite(), ...edit });
  return r.ok ? [] : r.errors;
};

describe('site bindings and mappings', () => {
  it('binds the gateway in the default site', () => {
    expect(defaultSite().bindings).toEqual({ 'gw:device_1': 'room-a', 'gw:device_2': 'room-b', 'gw:door': 'door' });
  });
  it('refuses a binding to a sensor the site does not have, and an id of no convention', () => {
    expect(errors({ bindings: { 'z2m:hall': 'hall-door' } })).toEqual([
      'bindings.z2m:hall: "hall-door" is not a sensor of this site',
    ]);
    expect(errors({ bindings: { 'zwave:x': 'door' } })[0]).toMatch(/^bindings/);
  });
  it('checks mapped topics', () => {
    const good = { topic: 'acme/+/air', device: 'acme-{1}', channels: { co2: { path: 'co2' } } };
    expect(errors({ mappings: [good] })).toEqual([]);
    expect(errors({ mappings: [{ ...good, channels: { smell: { path: 'x' } } }] })[0]).toMatch(
      /^mappings\[0\]\.channels/,
    );
  });
});
