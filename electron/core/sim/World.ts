/**
 * The physical world of a simulation: the site's rooms (air, people, light, ventilation) and doors (leaf
 * kinematics). Virtual devices read it at the instants they measure; scenarios change it through people and
 * ventilation. The air is integrated only up to event times (never to wall-clock chunk boundaries), which keeps every
 * reading independent of how the simulation is paced.
 */
import type { DoorSpec, RoomSpec, Rules, SiteSpec } from '../../common/site';
import { polygonArea } from '../twin/co2Model';
import { absoluteHumidity, stepAir, type AirState } from './physics/air';
import { DoorLeaf } from './physics/doorLeaf';
import { daylightLux, LIGHTS_ON_BELOW_LUX } from './physics/light';
import { rngFor, type Rng } from './random';
import type { Scheduler } from './Scheduler';

/** Longest step of the air integration, ms: door exchange couples the rooms, so they are stepped together. */
const MAX_STEP_MS = 5000;
/** How often a seated person moves enough for a PIR sensor, per second. */
const MOTION_RATE_PER_PERSON = 1 / 6;
/** Supply air of the ventilation, and outdoor humidity. */
const SUPPLY_TEMP_C = 19;
const OUTDOOR_AH = 7.5;

/** One room: its air, its people, its ventilation and light. */
export interface RoomSim {
  spec: RoomSpec;
  volumeM3: number;
  air: AirState;
  occupants: number;
  /** Ventilation, air changes per hour. */
  ach: number;
  /** Heat exchange with the building, W/K, and the temperature it pulls towards. */
  wallUA: number;
  baseTempC: number;
  peakDaylightLux: number;
  lampLux: number;
  lastMotionT: number | null;
  motionGen: number;
}

/** One door: its leaf and where its sensor sits. */
export interface DoorSim {
  spec: DoorSpec;
  leaf: DoorLeaf;
  /** Distance of the door's sensor from the hinge, m (centripetal and tangential acceleration). */
  sensorRadiusM: number;
}

/** The rooms and doors of a site, as physics. */
export class World {
  readonly rooms = new Map<string, RoomSim>();
  readonly doors = new Map<string, DoorSim>();
  private t: number;
  private readonly rng: Rng;
  private readonly motionListeners = new Map<string, ((t: number) => void)[]>();

  constructor(
    readonly site: SiteSpec,
    readonly rules: Rules,
    readonly seed: number,
    private readonly sched: Scheduler,
  ) {
    this.t = sched.now;
    this.rng = rngFor(seed, 'world');
    for (const spec of site.rooms) {
      const area = polygonArea(spec.floor);
      const temp = this.rng.normal(21.3, 0.4);
      this.rooms.set(spec.id, {
        spec,
        volumeM3: area * spec.height,
        air: {
          co2: rules.co2.outdoorPpm + this.rng.uniform(30, 80),
          temp,
          ah: absoluteHumidity(this.rng.uniform(35, 45), temp),
        },
        occupants: 0,
        ach: 2,
        wallUA: 6 * area,
        baseTempC: 21.5,
        peakDaylightLux: this.rng.uniform(300, 800),
        lampLux: this.rng.uniform(350, 500),
        lastMotionT: null,
        motionGen: 0,
      });
    }
    for (const spec of site.doors) {
      const sensor = site.sensors.find((s) => s.attachedTo === spec.id);
      const r = sensor
        ? Math.hypot(sensor.position[0] - spec.hinge[0], sensor.position[1] - spec.hinge[1])
        : spec.width;
      this.doors.set(spec.id, { spec, leaf: new DoorLeaf(), sensorRadiusM: Math.min(Math.max(r, 0.1), spec.width) });
    }
  }

  room(id: string): RoomSim {
    const r = this.rooms.get(id);
    if (!r) throw new Error(`no room ${id}`);
    return r;
  }

  door(id: string): DoorSim {
    const d = this.doors.get(id);
    if (!d) throw new Error(`no door ${id}`);
    return d;
  }

  /** The air of a room at the current event time. */
  air(roomId: string): AirState {
    this.advance(this.sched.now);
    return this.room(roomId).air;
  }

  /** People in a room change now; the PIR process follows. */
  setOccupants(roomId: string, n: number): void {
    this.advance(this.sched.now);
    const room = this.room(roomId);
    room.occupants = Math.max(0, n);
    room.motionGen++;
    this.scheduleMotion(room);
  }

  /** Someone moved in the room now (entering, leaving, getting up). */
  motion(roomId: string): void {
    const room = this.room(roomId);
    const t = this.sched.now;
    if (room.lastMotionT !== null && t <= room.lastMotionT) return;
    room.lastMotionT = t;
    for (const l of this.motionListeners.get(roomId) ?? []) l(t);
  }

  /** Called at every movement in a room (a PIR sensor watching it). */
  onMotion(roomId: string, listener: (t: number) => void): void {
    const list = this.motionListeners.get(roomId) ?? [];
    list.push(listener);
    this.motionListeners.set(roomId, list);
  }

  /** Ventilation of a room from now on, air changes per hour. */
  setVentilation(roomId: string, ach: number): void {
    this.advance(this.sched.now);
    this.room(roomId).ach = ach;
  }

  /** Illuminance at a room's sensor at `t`, lx (without sensor noise). */
  lux(roomId: string, t: number): number {
    const room = this.room(roomId);
    const day = daylightLux(this.seed, t, this.rules.utcOffsetMinutes, room.peakDaylightLux);
    const lamps = room.occupants > 0 && day < LIGHTS_ON_BELOW_LUX ? room.lampLux : 0;
    return day + lamps;
  }

  /** Air exchanged through a door at `t`: the site's full-open flow scaled by how far the leaf is open, m³/s. */
  doorFlow(door: DoorSim, t: number): number {
    const open = Math.abs(door.leaf.angleAt(t)) / Math.max(1, door.spec.openAngle);
    return this.rules.co2.doorFlowM3s * Math.min(1, open);
  }

  /** Integrates every room's air up to `t`. */
  advance(t: number): void {
    while (this.t < t) {
      const dt = Math.min(MAX_STEP_MS, t - this.t);
      this.step(dt);
      this.t += dt;
    }
  }

  private outdoor(): AirState {
    return { co2: this.rules.co2.outdoorPpm, temp: SUPPLY_TEMP_C, ah: OUTDOOR_AH };
  }

  private step(dtMs: number): void {
    const next = new Map<string, AirState>();
    for (const room of this.rooms.values()) {
      let q = 0;
      const mix = { co2: 0, temp: 0, ah: 0 };
      for (const d of this.doors.values()) {
        const [r0, r1] = d.spec.rooms;
        if (r0 !== room.spec.id && r1 !== room.spec.id) continue;
        const f = this.doorFlow(d, this.t);
        if (f <= 0) continue;
        const otherId = r0 === room.spec.id ? r1 : r0;
        const other = this.rooms.get(otherId)?.air ?? this.outdoor();
        q += f;
        mix.co2 += f * other.co2;
        mix.temp += f * other.temp;
        mix.ah += f * other.ah;
      }
      const other = q > 0 ? { co2: mix.co2 / q, temp: mix.temp / q, ah: mix.ah / q } : room.air;
      const lux = this.lux(room.spec.id, this.t);
      next.set(
        room.spec.id,
        stepAir(
          room.air,
          {
            volumeM3: room.volumeM3,
            occupants: room.occupants,
            qM3s: (room.ach * room.volumeM3) / 3600,
            outdoorPpm: this.rules.co2.outdoorPpm,
            generationM3s: this.rules.co2.generationM3s,
            supplyTempC: SUPPLY_TEMP_C,
            supplyAh: OUTDOOR_AH,
            wallUA: room.wallUA,
            baseTempC: room.baseTempC,
            // Lamps and sunlight end up as heat: roughly 1 W per 10 lx over the floor of a small room.
            gainsW: lux / 10,
            doorQM3s: q,
            other,
          },
          dtMs / 1000,
        ),
      );
    }
    for (const [id, air] of next) this.room(id).air = air;
  }

  private scheduleMotion(room: RoomSim): void {
    if (room.occupants <= 0) return;
    const gen = room.motionGen;
    const wait = this.rng.exp(1000 / (MOTION_RATE_PER_PERSON * room.occupants));
    this.sched.after(Math.max(1, wait), () => {
      if (room.motionGen !== gen) return;
      this.motion(room.spec.id);
      this.scheduleMotion(room);
    });
  }
}
