/** Scenarios of things going wrong: ventilation, doors, sensors, the network. */
import { startLife } from './life';
import type { Scenario } from './types';

/** A room whose ventilation stops. */
export const ventilationFailure: Scenario = {
  name: 'ventilation-failure',
  summary: "the second room's ventilation stops with two people inside; CO2 climbs for two hours (130 min)",
  lengthS: 130 * 60,
  ach: 2,
  setup(ctx) {
    const rooms = ctx.site.rooms;
    const victim = (rooms[1] ?? rooms[0]!).id;
    ctx.people.place(victim, 2);
    if (rooms[1]) ctx.people.place(rooms[0]!.id, 1);
    // What is left when the fan stops: infiltration through the envelope.
    ctx.at(600, () => ctx.world.setVentilation(victim, 0.1));
  },
};

/** A busy, slammed door. */
export const doorSlams: Scenario = {
  name: 'door-slams',
  summary: 'people walk through the door every half minute, often slamming it; a draught too (10 min)',
  lengthS: 10 * 60,
  ach: 2,
  setup(ctx) {
    const rooms = ctx.site.rooms;
    const door = ctx.site.doors[0];
    if (!door) return;
    for (const r of rooms) ctx.people.place(r.id, 2);
    const [a, b] = door.rooms;
    let toB = true;
    const walk = (): void => {
      const slam = ctx.rng.chance(0.5);
      const from = toB ? a : b;
      const to = toB ? b : a;
      if (ctx.world.rooms.has(from) && ctx.world.rooms.has(to)) ctx.people.walk(from, to, slam ? 'slam' : 'closer');
      else if (ctx.world.rooms.has(to)) ctx.people.enter(to, slam ? 'slam' : 'closer');
      toB = !toB;
      ctx.sched.after(ctx.rng.uniform(20_000, 40_000), walk);
    };
    ctx.at(20, walk);
    // A window opens, the draught pushes the door open and then throws it shut.
    ctx.at(400, () => ctx.people.openDoor(door.id));
    ctx.at(415, () => ctx.people.closeDoor(door.id, 'slam'));
  },
};

/** Sensors failing in the ways they do. */
export const sensorFaults: Scenario = {
  name: 'sensor-faults',
  summary: 'drifting humidity, stuck CO2, hall magnet off the frame, 0 ppm and −45 °C glitches (150 min)',
  lengthS: 150 * 60,
  ach: 2,
  setup(ctx) {
    for (const r of ctx.site.rooms) ctx.people.place(r.id, 1);
    startLife(ctx, { target: () => 1.5, meanStepS: 300, walkChance: 0.05 });
    const [first, second] = ctx.rooms;
    const other = second ?? first;
    if (first) {
      ctx.at(600, () => first.fault('rh', { kind: 'drift', perHour: 40, since: ctx.sched.now, max: 100 }));
      // A failed NDIR measurement reads 0 ppm: valid on the wire, impossible in a room.
      ctx.at(3600, () => first.fault('co2', { kind: 'value', value: 0 }));
      ctx.at(3780, () => first.fault('co2', null));
    }
    if (other) {
      ctx.at(900, () => other.fault('co2', { kind: 'stuck' }));
      // A disconnected probe reads −45 °C, outside what the protocol accepts: those messages are rejected whole.
      ctx.at(4500, () => other.fault('temp', { kind: 'value', value: -45 }));
      ctx.at(4620, () => other.fault('temp', null));
    }
    const door = ctx.doors[0];
    if (door) ctx.at(1200, () => door.setHallFault('stuck-open'));
  },
};

/** Every device offline for five minutes. */
export const networkOutage: Scenario = {
  name: 'network-outage',
  summary: 'every device loses the network for 5 min, buffers, then backfills with sup (20 min)',
  lengthS: 20 * 60,
  ach: 2,
  setup(ctx) {
    for (const r of ctx.site.rooms) ctx.people.place(r.id, 1);
    startLife(ctx, { target: () => 1.5, meanStepS: 120 });
    ctx.devices.forEach((d, i) => {
      ctx.at(180 + i * 2, () => d.setLink(false));
      ctx.at(480 + i * 3, () => d.setLink(true));
    });
  },
};
