/**
 * One simulation run: a site's world, its virtual devices and a scenario, driven by a discrete-event clock. The
 * output is a pure function of the configuration (scenario, site, seed, start, rate, devices, clock sync): the same
 * configuration gives the same stream byte for byte, however the run is paced or chunked.
 */
import type { Channel } from '../../common/sample';
import type { SiteSpec } from '../../common/site';
import { resolveRules } from '../twin/rules';
import { decodeCommand } from '../protocol/decodeCommand';
import { DoorDevice } from './devices/DoorDevice';
import { RoomDevice } from './devices/RoomDevice';
import type { DeviceHost, VirtualDevice } from './devices/VirtualDevice';
import type { SimOutput } from './output';
import { People } from './People';
import { rngFor } from './random';
import { Scheduler } from './Scheduler';
import { scenarioByName } from './scenarios/index';
import type { Scenario, ScenarioContext, ScenarioName } from './scenarios/types';
import { World } from './World';
import { THIRD_PARTY_DEV } from '../twin/site/siteSchema';

/** Everything the output stream depends on. */
export interface SimConfig {
  scenario: ScenarioName;
  site: SiteSpec;
  seed: number;
  /** Simulated start, ms since the epoch. */
  start: number;
  /** Telemetry rate of every device, Hz. */
  rateHz: number;
  /** Number of devices of the `load` scenario. */
  devices?: number;
  /** Device clocks synced (`ts` set), default true; false gives `ts: null`. */
  synced?: boolean;
}

/** Channels a load device reports: a full room sensor. */
const LOAD_CHANNELS: readonly Channel[] = ['co2', 'temp', 'rh', 'lux', 'motion', 'rssi', 'bat'];
const EPOCH_2020 = Date.UTC(2020, 0, 1);

/** Names of the `load` scenario's devices: `load-0001` ... */
export function loadDeviceIds(n: number): string[] {
  const width = Math.max(4, String(n).length);
  return Array.from({ length: n }, (_, i) => `load-${String(i + 1).padStart(width, '0')}`);
}

/** A site, its virtual devices and a scenario, run in simulated time. */
export class Simulation {
  readonly scenario: Scenario;
  readonly devices: readonly VirtualDevice[];
  /** Simulated end of the story, or null when it runs until stopped. */
  readonly end: number | null;
  readonly world: World;
  private readonly sched: Scheduler;
  private out: SimOutput[] = [];

  constructor(readonly config: SimConfig) {
    const { site, seed, start } = config;
    this.scenario = scenarioByName(config.scenario);
    this.sched = new Scheduler(start);
    const rules = resolveRules(site.rules);
    this.world = new World(site, rules, seed, this.sched);
    const people = new People(this.world, this.sched, rngFor(seed, 'people'));
    const host: DeviceHost = { sched: this.sched, emit: (o) => this.out.push(o) };
    const intervalMs = Math.round(1000 / config.rateHz);
    // Like a boot counter in flash it only grows: later runs never reuse an earlier run's (dev, boot, seq).
    const boot = Math.floor((start - EPOCH_2020) / 1000) >>> 0;
    const bootRng = rngFor(seed, 'boot');
    const options = (dev: string, sensors: string[]) => ({
      dev,
      boot,
      // Power comes on within a second for all of them (a load test of a thousand has no slow ramp).
      bootT: start + bootRng.int(0, 999),
      intervalMs,
      synced: config.synced ?? true,
      seed,
      sensors,
    });
    const rooms: RoomDevice[] = [];
    const doors: DoorDevice[] = [];
    if (config.scenario === 'load') {
      const ids = loadDeviceIds(config.devices ?? 10);
      ids.forEach((dev, i) => {
        const room = site.rooms[i % site.rooms.length]!.id;
        rooms.push(
          new RoomDevice(options(dev, ['scd41', 'sht45', 'bh1750', 'pir']), host, this.world, room, LOAD_CHANNELS),
        );
      });
    } else {
      site.sensors.forEach((s) => {
        // A third-party device placed in the site is the user's own hardware: our virtual devices do not fake it.
        if (THIRD_PARTY_DEV.test(s.dev)) return;
        if (this.world.doors.has(s.attachedTo)) {
          doors.push(
            new DoorDevice(options(s.dev, ['hall', 'mpu6050']), host, this.world.door(s.attachedTo), s.channels),
          );
        } else if (this.world.rooms.has(s.attachedTo)) {
          rooms.push(
            new RoomDevice(options(s.dev, roomSensors(s.channels)), host, this.world, s.attachedTo, s.channels),
          );
        }
      });
    }
    this.devices = [...rooms, ...doors];
    const len = this.scenario.lengthS;
    this.end = len === null ? null : start + len * 1000;
    if (this.scenario.ach !== undefined) for (const r of site.rooms) this.world.setVentilation(r.id, this.scenario.ach);
    const ctx: ScenarioContext = {
      site,
      world: this.world,
      people,
      sched: this.sched,
      rng: rngFor(seed, `scenario:${config.scenario}`),
      start,
      devices: this.devices,
      rooms,
      doors,
      at: (s, fn) => this.sched.at(start + s * 1000, fn),
      every: (periodS, fn, fromS = periodS) => {
        const loop = (): void => {
          fn();
          this.sched.after(periodS * 1000, loop);
        };
        this.sched.at(start + fromS * 1000, loop);
      },
    };
    for (const d of this.devices) d.start();
    this.scenario.setup(ctx);
  }

  /**
   * A command line received for `dev` (over MQTT or serial): the device answers it with an ack, at the next
   * simulated instant. False when the simulation has no such device.
   */
  command(dev: string, text: string): boolean {
    const d = this.devices.find((x) => x.dev === dev);
    if (!d) return false;
    const c = decodeCommand(text);
    if ('err' in c) {
      if (c.id !== undefined) d.refuse(c.id, c.err);
    } else d.command(c);
    return true;
  }

  /** Simulated time the run has reached, ms since the epoch. */
  get now(): number {
    return this.sched.now;
  }

  get finished(): boolean {
    return this.end !== null && this.sched.now >= this.end;
  }

  /** Runs up to simulated time `t` (never past the end) and returns what the devices sent meanwhile, in order. */
  runUntil(t: number): SimOutput[] {
    this.sched.runUntil(this.end === null ? t : Math.min(t, this.end));
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Simulated time of the next thing that happens (for pacing), or null. */
  nextEventTime(): number | null {
    return this.sched.peek();
  }
}

/** Part names for `hello.sensors` from a room sensor's channels. */
function roomSensors(channels: readonly Channel[]): string[] {
  const out: string[] = [];
  if (channels.includes('co2')) out.push('scd41');
  if (channels.includes('temp') || channels.includes('rh')) out.push('sht45');
  if (channels.includes('lux')) out.push('bh1750');
  if (channels.includes('motion')) out.push('pir');
  return out;
}
