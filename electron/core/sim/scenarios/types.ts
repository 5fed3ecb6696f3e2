/** What a scenario is and what it may act on: the world, its people, the devices and the clock. */
import type { SiteSpec } from '../../../common/site';
import type { DoorDevice } from '../devices/DoorDevice';
import type { RoomDevice } from '../devices/RoomDevice';
import type { VirtualDevice } from '../devices/VirtualDevice';
import type { People } from '../People';
import type { Rng } from '../random';
import type { Scheduler } from '../Scheduler';
import type { World } from '../World';

/** Scenario names, in help order. */
export const SCENARIO_NAMES = [
  'normal-day',
  'meeting',
  'ventilation-failure',
  'door-slams',
  'sensor-faults',
  'network-outage',
  'load',
] as const;

/** A known scenario name. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What a scenario acts on. */
export interface ScenarioContext {
  readonly site: SiteSpec;
  readonly world: World;
  readonly people: People;
  readonly sched: Scheduler;
  readonly rng: Rng;
  /** Simulated start, ms since the epoch. */
  readonly start: number;
  readonly devices: readonly VirtualDevice[];
  readonly rooms: readonly RoomDevice[];
  readonly doors: readonly DoorDevice[];
  /** Runs `fn` at `s` seconds into the story. */
  at(s: number, fn: () => void): void;
  /** Runs `fn` every `periodS` seconds from `fromS` on (until the story ends). */
  every(periodS: number, fn: () => void, fromS?: number): void;
}

/** A story the virtual devices live through. */
export interface Scenario {
  name: ScenarioName;
  /** One line for `twinscope simulate --help` and for the error on an unknown name. */
  summary: string;
  /** How long the story takes, simulated seconds; null when it goes on until stopped. */
  lengthS: number | null;
  /** Ventilation of every room at the start, air changes per hour. */
  ach?: number;
  setup(ctx: ScenarioContext): void;
}
