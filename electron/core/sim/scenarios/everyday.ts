/** Scenarios of ordinary use: a working day, a meeting, and many devices for load tests. */
import { localHour } from '../physics/light';
import { officeDay, startLife } from './life';
import type { Scenario } from './types';

/** Ventilation of an office: on in working hours, set back at night, air changes per hour. */
function officeVentilation(hour: number): number {
  return hour >= 7 && hour < 19 ? 2 : 0.7;
}

/** An endless office day. */
export const normalDay: Scenario = {
  name: 'normal-day',
  summary: 'an office day: people come and go, doors swing, CO2 and light follow (endless)',
  lengthS: null,
  setup(ctx) {
    const offset = ctx.world.rules.utcOffsetMinutes;
    const scale = new Map(ctx.site.rooms.map((r) => [r.id, ctx.rng.uniform(0.6, 1.1)]));
    for (const r of ctx.site.rooms) {
      const n = Math.round(officeDay(localHour(ctx.start, offset)) * (scale.get(r.id) ?? 1));
      if (n > 0) ctx.people.place(r.id, n);
    }
    startLife(ctx, {
      target: (h, room) => officeDay(h) * (scale.get(room) ?? 1),
      slamChance: 0.02,
      propChance: 0.05,
    });
    const ventilate = (): void => {
      const ach = officeVentilation(localHour(ctx.sched.now, offset));
      for (const r of ctx.site.rooms) ctx.world.setVentilation(r.id, ach);
    };
    ventilate();
    ctx.every(600, ventilate);
  },
};

/** People who come to the meeting. */
const ATTENDEES = 8;

/** A crowd in one room for an hour. */
export const meeting: Scenario = {
  name: 'meeting',
  summary: `${ATTENDEES} people crowd into the first room for an hour; CO2 passes 1000 ppm, then decays (2 h)`,
  lengthS: 120 * 60,
  ach: 2,
  setup(ctx) {
    const rooms = ctx.site.rooms;
    const host = rooms[0]!.id;
    ctx.people.place(host, 1);
    if (rooms[1]) ctx.people.place(rooms[1].id, 1);
    // They arrive over three minutes, a few holding the door for the next.
    for (let i = 0; i < ATTENDEES; i++) ctx.at(300 + i * 22 + ctx.rng.uniform(0, 15), () => ctx.people.enter(host));
    for (let i = 0; i < ATTENDEES; i++) {
      ctx.at(3900 + i * 20 + ctx.rng.uniform(0, 15), () => ctx.people.leave(host));
    }
    // The host tidies up and leaves last: the shut, empty room then airs out at Q/V.
    ctx.at(4500, () => ctx.people.leave(host));
  },
};

/** Many devices for load tests. */
export const load: Scenario = {
  name: 'load',
  summary: 'N devices (--devices) at --rate Hz each, for broker and pipeline stress (endless)',
  lengthS: null,
  ach: 2,
  setup(ctx) {
    for (const r of ctx.site.rooms) ctx.people.place(r.id, 2);
    startLife(ctx, { target: () => 2, meanStepS: 60 });
  },
};
