/**
 * People moving through the site. Every way in or out of a room is a door of the site, so every arrival and
 * departure swings a leaf (open by hand, then a door closer, a slam, or left propped open) and shows as motion in
 * the room, the way a real room sees it. A site without an exterior door is entered through its interior doors:
 * the person comes from beyond the other room, unseen there, as through a corridor the site does not instrument.
 */
import type { DoorSpec } from '../../common/site';
import { OUTSIDE } from '../twin/siteIndex';
import type { Rng } from './random';
import type { Scheduler } from './Scheduler';
import type { DoorSim, World } from './World';

/** How a door is left after someone came through. */
export type DoorLeave = 'closer' | 'slam' | 'prop';

/** A leaf counts as open enough to walk through beyond this angle, deg. */
const PASSABLE_DEG = 30;

/** Moves people between rooms through the site's doors. */
export class People {
  constructor(
    private readonly world: World,
    private readonly sched: Scheduler,
    private readonly rng: Rng,
  ) {}

  /** People already in a room when the story begins (moving about, so the room's PIR sees them from the start). */
  place(roomId: string, n: number): void {
    this.world.setOccupants(roomId, this.world.room(roomId).occupants + n);
    if (n > 0) this.world.motion(roomId);
  }

  count(roomId: string): number {
    return this.world.room(roomId).occupants;
  }

  /** Someone arrives from outside the site into `roomId` now. */
  enter(roomId: string, leave: DoorLeave = 'closer'): void {
    const door = this.entrance(roomId);
    if (!door) return this.place(roomId, 1);
    this.through(door, leave, () => this.arrive(roomId));
  }

  /** Someone in `roomId` leaves the site now; false when nobody is there. */
  leave(roomId: string, leave: DoorLeave = 'closer'): boolean {
    if (this.count(roomId) <= 0) return false;
    const door = this.entrance(roomId);
    this.world.motion(roomId); // getting up and walking to the door
    if (!door) {
      this.world.setOccupants(roomId, this.count(roomId) - 1);
      return true;
    }
    this.through(door, leave, () => this.depart(roomId));
    return true;
  }

  /** Someone walks from one room to a neighbouring one now; false when nobody is there or no door joins them. */
  walk(from: string, to: string, leave: DoorLeave = 'closer'): boolean {
    const spec = this.world.site.doors.find((d) => d.rooms.includes(from) && d.rooms.includes(to));
    if (!spec || this.count(from) <= 0) return false;
    this.world.motion(from);
    this.through(this.world.door(spec.id), leave, () => {
      this.depart(from);
      this.arrive(to);
    });
    return true;
  }

  /** Closes a door that was left open: by its closer, or with a slam. */
  closeDoor(doorId: string, how: 'closer' | 'slam' = 'closer'): void {
    const door = this.world.door(doorId);
    if (door.leaf.angleAt(this.sched.now) <= 0 && !door.leaf.busyAt(this.sched.now)) return;
    this.close(door, this.sched.now, how);
  }

  /** A gust or a push swings a closed door open and it is left open. */
  openDoor(doorId: string): void {
    const door = this.world.door(doorId);
    this.open(door, this.sched.now);
  }

  /** The door a room is entered from outside by: an exterior door if it has one, else its first door. */
  private entrance(roomId: string): DoorSim | null {
    const doors: DoorSpec[] = this.world.site.doors.filter((d) => d.rooms.includes(roomId));
    const spec = doors.find((d) => d.rooms.includes(OUTSIDE)) ?? doors[0];
    return spec ? this.world.door(spec.id) : null;
  }

  private arrive(roomId: string): void {
    if (!this.world.rooms.has(roomId)) return;
    this.world.setOccupants(roomId, this.count(roomId) + 1);
    this.world.motion(roomId);
    // Walking in and sitting down keeps the PIR busy for a few seconds.
    this.sched.after(2500, () => this.world.motion(roomId));
  }

  private depart(roomId: string): void {
    if (!this.world.rooms.has(roomId)) return;
    this.world.motion(roomId);
    this.world.setOccupants(roomId, this.count(roomId) - 1);
  }

  /** Opens the door if it is not open, lets the person through at the right moment, then leaves it as asked. */
  private through(door: DoorSim, leave: DoorLeave, pass: () => void): void {
    const now = this.sched.now;
    const leaf = door.leaf;
    const current = leaf.swingAt(now);
    const openNow = current ? current.to > PASSABLE_DEG : leaf.angleAt(now) > PASSABLE_DEG;
    let passAt: number;
    let openUntil: number;
    if (openNow) {
      // Catch the open door: whatever close was planned is off.
      leaf.cancelFrom(now + 1);
      passAt = Math.max(now, (current?.t1 ?? now) - 300) + 600;
      openUntil = passAt;
    } else {
      const swing = this.open(door, now);
      passAt = swing.t0 + 0.7 * (swing.t1 - swing.t0);
      openUntil = swing.t1;
    }
    this.sched.at(passAt, pass);
    if (leave === 'prop') return;
    this.close(door, openUntil + this.rng.uniform(800, 2500), leave);
  }

  private open(door: DoorSim, t: number): { t0: number; t1: number } {
    const to = Math.min(100, door.spec.openAngle * this.rng.uniform(0.85, 1.1));
    return door.leaf.plan(t, to, this.rng.uniform(60, 110));
  }

  private close(door: DoorSim, t: number, how: 'closer' | 'slam'): void {
    // A door closer swings at 30–50 °/s; a slam hits the frame at 250–400 °/s, the peak of a leaf accelerating all
    // the way.
    if (how === 'slam') door.leaf.plan(t, 0, this.rng.uniform(250, 400), 'slam');
    else door.leaf.plan(t, 0, this.rng.uniform(30, 50));
  }
}
