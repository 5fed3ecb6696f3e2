/** The heatmap's field: each room from its own sensors; the door couples the rooms only while it is open. */
import { describe, expect, it } from 'vitest';
import { metric } from '../../../../electron/common/metrics';
import type { DoorView, TwinView } from '../../../../electron/common/views';
import { defaultSite } from '../../../../electron/core/twin/site/defaultSite';
import { doorOpenness, heatField } from '../../../../renderer/src/scene/heatField';

const site = defaultSite();
const door = (angle: number | null, position: DoorView['position']): DoorView => ({
  id: 'door',
  position,
  angle,
  angleSource: angle === null ? 'none' : 'device',
  rateDps: 0,
  since: null,
  slamsToday: 0,
  slamsTotal: 0,
  lastSlamT: null,
  lastSlamPeakDps: null,
  conflict: null,
});

function view(co2a: number, co2b: number, d: DoorView): TwinView {
  const sensor = (dev: string, v: number) => ({
    dev,
    channel: 'co2',
    value: [v],
    t: 1,
    stuck: false,
    outOfRange: false,
  });
  return {
    t: 1,
    hostT: 1,
    doors: { door: d },
    rooms: {},
    devices: {},
    sensors: { 'room-a:co2': sensor('room-a', co2a), 'room-b:co2': sensor('room-b', co2b) },
    conflicts: [],
    alerts: [],
    late: { applied: 0, beyondHorizon: 0, rewinds: 0, horizonMs: 0 },
    devicesNotShown: 0,
  };
}

describe('heatField', () => {
  const co2 = metric('co2');

  it('gives each room only its own sensors while the door is closed', () => {
    const f = heatField(site, view(1500, 400, door(0, 'closed')), co2);
    expect(f.a).toEqual([{ x: 1, y: 4.5, v: 1, weight: 1 }]);
    expect(f.b).toEqual([{ x: 7, y: 4.5, v: 0, weight: 1 }]);
  });

  it('adds a doorway point of mixed air to both rooms as the door opens, weighted by how far', () => {
    const half = heatField(site, view(1500, 400, door(40, 'partly-open')), co2);
    const open = heatField(site, view(1500, 400, door(80, 'open')), co2);
    const doorway = (pts: { x: number; y: number }[] = []) => pts.find((p) => p.x === 4);
    expect(doorway(half.a)).toMatchObject({ y: 2.45, v: 0.75, weight: 0.75 });
    expect(doorway(open.a)).toMatchObject({ v: 0.5, weight: 1.5 });
    expect(doorway(open.b)).toMatchObject({ v: 0.5, weight: 1.5 });
  });

  it('reads the openness from the position when the angle is unknown', () => {
    const d = site.doors[0]!;
    expect(doorOpenness(d, door(null, 'open'))).toBe(1);
    expect(doorOpenness(d, door(null, 'partly-open'))).toBe(0.5);
    expect(doorOpenness(d, door(null, 'closed'))).toBe(0);
    expect(doorOpenness(d, door(-120, 'open'))).toBe(1);
  });

  it('leaves a room without data empty, and draws occupancy per room', () => {
    const v = view(500, 500, door(0, 'closed'));
    v.sensors = {};
    expect(heatField(site, v, co2)).toEqual({ a: [], b: [] });
    v.rooms = { a: { occupants: 2.5, occupied: true } as TwinView['rooms'][string] };
    expect(heatField(site, v, metric('occupancy')).a).toEqual([{ x: 2, y: 2.5, v: 0.5, weight: 1 }]);
  });
});
