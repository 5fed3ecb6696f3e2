import { describe, expect, it } from 'vitest';
import type { PlaceRequest } from '../../../../../electron/common/api';
import { defaultSite } from '../../../../../electron/core/twin/site/defaultSite';
import { parseSite } from '../../../../../electron/core/twin/site/loadSite';
import { centroid, insidePolygon, planPlacement } from '../../../../../electron/core/twin/site/placeDevice';

const site = defaultSite();
const plan = (req: Partial<PlaceRequest>) =>
  planPlacement(site, { dev: 'z2m:desk', channels: ['temp', 'rh', 'bat'], to: { kind: 'room', room: 'b' }, ...req });
const codeOf = (r: ReturnType<typeof plan>) => (r.ok ? 'ok' : r.code);

describe('placing a device in the site', () => {
  it('puts a room device at the room centroid, keeping the channels a room can use', () => {
    const r = plan({ channels: ['temp', 'rh', 'bat', 'door'] });
    expect(r).toEqual({
      ok: true,
      edit: {
        kind: 'sensor',
        sensor: { dev: 'z2m:desk', channels: ['temp', 'rh', 'bat'], attachedTo: 'b', position: [6, 2.5, 1.2] },
      },
    });
    // The result is a valid site: a third-party id may be a site sensor as it is.
    if (r.ok && r.edit.kind === 'sensor')
      expect(parseSite({ ...site, sensors: [...site.sensors, r.edit.sensor] }).ok).toBe(true);
  });
  it('takes a floor position inside the room, and refuses one outside it', () => {
    const r = plan({ to: { kind: 'room', room: 'b', x: 7.5, y: 0.5 } });
    expect(r.ok && r.edit.kind === 'sensor' && r.edit.sensor.position).toEqual([7.5, 0.5, 1.2]);
    const outside = plan({ to: { kind: 'room', room: 'b', x: 2, y: 2 } });
    expect(outside).toMatchObject({ ok: false, code: 'outside-room', error: "(2, 2) is not inside Room B's floor" });
    expect(codeOf(plan({ to: { kind: 'room', room: 'b', x: 6 } }))).toBe('outside-room');
  });
  it('puts a contact on a door, near the leaf edge', () => {
    const r = plan({ dev: 'z2m:hall_door', channels: ['door', 'bat', 'temp'], to: { kind: 'door', door: 'door' } });
    expect(r.ok && r.edit.kind === 'sensor' && r.edit.sensor).toEqual({
      dev: 'z2m:hall_door',
      channels: ['door', 'bat'],
      attachedTo: 'door',
      position: [4, 2.765, 2],
    });
  });
  it('binds a third-party device to an existing sensor', () => {
    expect(plan({ to: { kind: 'sensor', sensor: 'room-b' } })).toEqual({
      ok: true,
      edit: { kind: 'binding', from: 'z2m:desk', to: 'room-b' },
    });
  });
  it('binds to a third-party device placed before', () => {
    const placed = {
      ...site,
      sensors: [...site.sensors, { dev: 'z2m:desk', channels: ['temp'], attachedTo: 'b', position: [6, 2, 1] }],
    } as const;
    const r = planPlacement(placed, {
      dev: 'ha:desk2',
      channels: ['temp'],
      to: { kind: 'sensor', sensor: 'z2m:desk' },
    });
    expect(r.ok).toBe(true);
    expect(parseSite({ ...placed, bindings: { 'ha:desk2': 'z2m:desk' } }).ok).toBe(true);
  });
  it('names why a placement cannot be made, with a code', () => {
    expect(codeOf(plan({ to: { kind: 'room', room: 'kitchen' } }))).toBe('unknown-room');
    expect(codeOf(plan({ to: { kind: 'door', door: 'gate' } }))).toBe('unknown-door');
    expect(codeOf(plan({ to: { kind: 'sensor', sensor: 'nope' } }))).toBe('unknown-sensor');
    expect(codeOf(plan({ to: { kind: 'door', door: 'door' } }))).toBe('no-channels');
    expect(codeOf(plan({ channels: ['rssi', 'bat'] }))).toBe('no-channels');
    expect(codeOf(plan({ dev: 'room-a' }))).toBe('already-placed');
    expect(codeOf(plan({ dev: 'gw:device_1' }))).toBe('already-placed');
    expect(codeOf(plan({ dev: 'room-c', to: { kind: 'sensor', sensor: 'room-b' } }))).toBe('bad-device');
    expect(codeOf(plan({ dev: 'zwave:1' }))).toBe('bad-device');
  });
  it('a sensor that is also a binding is refused by the site checks', () => {
    const r = parseSite({
      ...site,
      sensors: [...site.sensors, { dev: 'z2m:x', channels: ['temp'], attachedTo: 'a', position: [1, 1, 1] }],
      bindings: { ...site.bindings, 'z2m:x': 'room-a' },
    });
    expect(r.ok ? [] : r.errors).toEqual(['bindings.z2m:x: is placed as sensors[3] already: one or the other']);
  });
});

describe('floor geometry', () => {
  const l = [
    [0, 0],
    [4, 0],
    [4, 1],
    [1, 1],
    [1, 4],
    [0, 4],
  ] as const;
  it('finds the area centroid, and what lies inside (edges included)', () => {
    expect(
      centroid([
        [4, 0],
        [8, 0],
        [8, 5],
        [4, 5],
      ]),
    ).toEqual([6, 2.5]);
    expect(insidePolygon(l, [0.5, 3])).toBe(true);
    expect(insidePolygon(l, [3, 3])).toBe(false);
    expect(insidePolygon(l, [4, 0.5])).toBe(true);
    expect(insidePolygon(l, [-0.1, 0])).toBe(false);
  });
});
