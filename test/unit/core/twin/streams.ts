/** fast-check streams of engine inputs over the default site: doors, rooms, clocks, statuses, hellos, acks. */
import fc from 'fast-check';
import type { Sample, SampleValues } from '../../../../electron/common/sample';
import type { TwinInput } from '../../../../electron/common/twin';
import { T0 } from './helpers';

export interface Step {
  gap: number;
  what: number;
  a: number;
  b: number;
  flag: boolean;
}

export const stepArb: fc.Arbitrary<Step> = fc.record({
  gap: fc.integer({ min: 0, max: 4000 }),
  what: fc.integer({ min: 0, max: 9 }),
  a: fc.integer({ min: 0, max: 1000 }),
  b: fc.integer({ min: -400, max: 400 }),
  flag: fc.boolean(),
});

export const streamArb = fc.array(stepArb, { minLength: 1, maxLength: 150 });

/** Turns steps into inputs in event-time order; sequence numbers per device, with occasional gaps. */
export function toInputs(steps: readonly Step[]): TwinInput[] {
  const seqs = new Map<string, number>();
  const out: TwinInput[] = [];
  let t = T0;
  const sample = (dev: string, values: SampleValues, extra: Partial<Sample> = {}, skip = false): TwinInput => {
    const seq = (seqs.get(dev) ?? 0) + (skip ? 2 : 1);
    seqs.set(dev, seq);
    const s: Sample = {
      dev,
      boot: 3,
      seq,
      t,
      up: t - T0,
      tDev: t,
      tRecv: t + 20,
      timeBasis: 'device',
      via: 'mqtt',
      backfill: false,
      late: false,
      values,
      ...extra,
    };
    return { kind: 'sample', sample: s };
  };
  for (const st of steps) {
    t += st.gap;
    const skip = st.a % 17 === 0;
    switch (st.what) {
      case 0:
      case 1:
      case 2: {
        const values: SampleValues = {
          door: st.flag ? 'open' : 'closed',
          gyro: [0.1, 0, st.b],
          accel: st.a > 900 ? [0.3, 0.2, 2.6] : [0, 0, 1],
        };
        if (st.a < 60) values.angle = st.b / 5;
        // Now and then the device's own slam event, next to what the telemetry shows.
        out.push(sample('door', values, st.a % 10 === 3 ? { evt: 'slam' } : {}, skip));
        break;
      }
      case 3:
      case 4: {
        // Some arrive from the device's offline buffer, received well after they were measured.
        const buffered = st.b > 300 ? { backfill: true, tRecv: t + 20 + 10 * st.b } : {};
        out.push(sample('room-a', { co2: 400 + st.a * 2, motion: st.flag, temp: 20 + st.a / 100 }, buffered, skip));
        break;
      }
      case 5:
        out.push(
          sample('room-b', { co2: 400 + st.a * 3, motion: st.flag }, st.a < 200 ? { timeBasis: 'estimated' } : {}),
        );
        break;
      case 6:
        out.push({ kind: 'clock', t });
        break;
      case 7:
        out.push({ kind: 'status', dev: 'room-a', t, online: st.flag });
        break;
      case 8:
        out.push({ kind: 'hello', dev: 'room-b', t, intervalMs: 1000 + st.a, fw: '1.0.0' });
        break;
      default:
        out.push({
          kind: 'ack',
          t,
          alertId: st.flag ? `co2-high:a#${1 + (st.a % 5)}` : `device-stale:door#${1 + (st.a % 5)}`,
        });
    }
  }
  return out;
}
