import { beforeEach, describe, expect, it } from 'vitest';
import { eventsOf, resetSeqs, run, s, T0, ticks, twin } from './helpers';

beforeEach(resetSeqs);

const motion = (t: number, m = true) => s('room-a', t, { motion: m });
const hall = (t: number, contact: 'open' | 'closed') => s('door', t, { door: contact });

describe('occupancy', () => {
  it('is unknown before any PIR reading, vacant after a quiet one', () => {
    expect(twin([]).state.rooms.a!.occupancy.reason).toBe('unknown');
    const { state } = twin([motion(T0, false), ...ticks(T0, T0 + 1000)]);
    expect(state.rooms.a!.occupancy).toMatchObject({ occupied: false, reason: 'vacant' });
  });

  it('holds 10 s after the last motion', () => {
    const inputs = [hall(T0, 'open'), motion(T0 + 1000), ...ticks(T0 + 2000, T0 + 20_000)];
    const { events } = twin(inputs);
    const occ = eventsOf(events, 'occupancy').filter((e) => e.room === 'a');
    expect(occ.map((e) => [e.occupied, e.t - T0])).toEqual([
      [true, 1000],
      [false, 11_000],
    ]);
  });

  it('holds 30 s when the door closed after the last motion', () => {
    const inputs = [hall(T0, 'open'), motion(T0 + 1000), hall(T0 + 3000, 'closed'), ...ticks(T0 + 4000, T0 + 40_000)];
    const occ = eventsOf(twin(inputs).events, 'occupancy').filter((e) => e.room === 'a');
    expect(occ.map((e) => [e.occupied, e.t - T0])).toEqual([
      [true, 1000],
      [false, 31_000],
    ]);
  });

  it('keeps someone closed in occupied until a door opens (wasp in a box)', () => {
    const inputs = [
      hall(T0, 'open'),
      motion(T0 + 1000),
      hall(T0 + 3000, 'closed'),
      motion(T0 + 20_000), // inside, within the closed-door hold: someone is in there
      ...ticks(T0 + 21_000, T0 + 600_000, 10_000),
    ];
    const { state } = twin(inputs);
    expect(state.rooms.a!.occupancy).toMatchObject({ occupied: true, reason: 'closed-in' });
    expect(state.conflicts).toEqual({});
    const after = run(state, [hall(T0 + 601_000, 'open'), ...ticks(T0 + 602_000, T0 + 620_000)]).state;
    expect(after.rooms.a!.occupancy).toMatchObject({ occupied: false, reason: 'vacant' });
  });

  it('reports motion in an empty closed room as a conflict, which ends when the door opens', () => {
    const inputs = [
      hall(T0, 'open'),
      motion(T0 + 1000),
      hall(T0 + 3000, 'closed'),
      ...ticks(T0 + 4000, T0 + 60_000, 5000),
      motion(T0 + 61_000), // nobody could have entered
      ...ticks(T0 + 62_000, T0 + 63_000),
    ];
    const { state, events } = twin(inputs);
    expect(Object.keys(state.conflicts)).toEqual(['phantom-motion:a']);
    expect(state.conflicts['phantom-motion:a']!.keys[0]).toMatchObject({ dev: 'room-a' });
    expect(state.rooms.a!.occupancy.reason).not.toBe('closed-in');
    const raised = eventsOf(events, 'alert').filter((e) => e.change === 'raised');
    expect(raised.map((e) => e.alert.subject)).toContain('phantom-motion:a');
    const opened = run(state, [hall(T0 + 64_000, 'open'), ...ticks(T0 + 65_000, T0 + 80_000)]);
    expect(opened.state.conflicts).toEqual({});
  });

  it('ends a phantom-motion conflict after a quiet spell even with the door still closed', () => {
    const inputs = [
      hall(T0, 'closed'),
      motion(T0 + 1000, false),
      ...ticks(T0 + 2000, T0 + 40_000, 5000),
      motion(T0 + 41_000),
      ...ticks(T0 + 42_000, T0 + 400_000, 10_000),
    ];
    const { events, state } = twin(inputs);
    expect(eventsOf(events, 'conflict').map((e) => e.change)).toEqual(['began', 'ended']);
    expect(state.conflicts).toEqual({});
  });
});
