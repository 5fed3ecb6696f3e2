/**
 * Everyday comings and goings that several scenarios share: each room has a number of people it tends towards over
 * the day, and at random moments someone arrives, leaves or walks to the next room, leaving the door to its closer,
 * slamming it, or propping it open for a while.
 */
import { localHour } from '../physics/light';
import type { DoorLeave } from '../People';
import type { ScenarioContext } from './types';

/** How busy a place is. */
export interface LifeOptions {
  /** People a room tends towards at a local hour. */
  target: (hour: number, roomId: string) => number;
  /** Mean time between changes in a room, s. */
  meanStepS?: number;
  /** Chance that whoever comes through slams the door, or props it open. */
  slamChance?: number;
  propChance?: number;
  /** Chance that a step with nothing else to do sends someone to a neighbouring room. */
  walkChance?: number;
}

/** People per room of an office over a working day (a late worker or the cleaners in the evening). */
export function officeDay(hour: number): number {
  if (hour < 7) return 0;
  if (hour < 8.5) return 0.5 + (hour - 7);
  if (hour < 12) return 2.5;
  if (hour < 13) return 1;
  if (hour < 17) return 2.5;
  if (hour < 19) return 2.5 - (hour - 17);
  if (hour < 22) return 0.4;
  return 0;
}

/** Starts the comings and goings; they go on until the story ends. */
export function startLife(ctx: ScenarioContext, o: LifeOptions): void {
  const { people, rng, sched } = ctx;
  const meanStepMs = (o.meanStepS ?? 90) * 1000;
  const offset = ctx.world.rules.utcOffsetMinutes;
  const howToLeave = (): DoorLeave =>
    rng.chance(o.slamChance ?? 0) ? 'slam' : rng.chance(o.propChance ?? 0) ? 'prop' : 'closer';
  const afterProp = (): void => {
    // Whoever propped a door open lets it close again after a while.
    for (const d of ctx.site.doors) {
      if (ctx.world.door(d.id).leaf.angleAt(sched.now) > 0) {
        sched.after(rng.uniform(300_000, 1_200_000), () => people.closeDoor(d.id));
      }
    }
  };
  for (const room of ctx.site.rooms) {
    const step = (): void => {
      const n = people.count(room.id);
      const diff = o.target(localHour(sched.now, offset), room.id) - n;
      const u = rng.next();
      const leave = howToLeave();
      if (diff > 0 && u < Math.min(0.9, diff)) people.enter(room.id, leave);
      else if (diff < 0 && u < Math.min(0.9, -diff)) people.leave(room.id, leave);
      else if (n > 0 && rng.chance(o.walkChance ?? 0.15)) {
        const door = ctx.site.doors.find(
          (d) => d.rooms.includes(room.id) && d.rooms.some((r) => r !== room.id && ctx.world.rooms.has(r)),
        );
        const to = door?.rooms.find((r) => r !== room.id);
        if (to) people.walk(room.id, to, leave);
      }
      if (leave === 'prop') sched.after(10_000, afterProp);
      sched.after(Math.max(1000, rng.exp(meanStepMs)), step);
    };
    sched.after(rng.uniform(1000, meanStepMs), step);
  }
}
