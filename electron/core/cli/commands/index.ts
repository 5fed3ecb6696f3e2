/** Every `twinscope` command, in the order `twinscope help` lists them. Loaded lazily to keep start-up fast. */
import type { CliCommand } from '../command';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'record',
    summary: 'record serial ports and MQTT brokers into a history database',
    load: async () => (await import('./record')).command,
  },
  {
    name: 'serve',
    summary: 'serve the twin and its UI to a browser (browser mode), with an access token',
    load: async () => (await import('./serve')).command,
  },
  {
    name: 'ports',
    summary: 'list serial ports, ESP32 boards marked',
    load: async () => (await import('./ports')).command,
  },
  {
    name: 'export',
    summary: 'export recorded samples as NDJSON or CSV, or a session as a portable .twinrec',
    load: async () => (await import('./export')).command,
  },
  {
    name: 'alerts',
    summary: 'list the alerts raised while recording',
    load: async () => (await import('./alerts')).command,
  },
  {
    name: 'simulate',
    summary: 'run virtual devices through a scenario, over MQTT, serial or into a file',
    load: async () => (await import('./simulate')).command,
  },
  {
    name: 'lab',
    summary: 'what-if load runs: devices × rate × QoS through a real broker into the pipeline',
    load: async () => (await import('./lab')).command,
  },
  {
    name: 'sessions',
    summary: 'list the recording sessions of a history and what each holds',
    load: async () => (await import('./sessions')).command,
  },
  {
    name: 'retention',
    summary: 'fold aged raw samples into 1-minute rows and remove what is past its retention',
    load: async () => (await import('./retention')).command,
  },
  {
    name: 'backtest',
    summary: 'replay a recording with changed rules: which alerts appear, vanish or move',
    load: async () => (await import('./backtest')).command,
  },
  {
    name: 'devices',
    summary: 'list the devices of a history: received, missing, late; convention, channels, placement',
    load: async () => (await import('./devices')).command,
  },
  {
    name: 'import',
    summary: 'add the session of a .twinrec recording to a history, verified, never overwriting',
    load: async () => (await import('./import')).command,
  },
  {
    name: 'verify',
    summary: 'check sessions against their hash chains: intact, or the first record altered, missing or inserted',
    load: async () => (await import('./verify')).command,
  },
  {
    name: 'rejects',
    summary: 'show what was rejected, why and from where',
    load: async () => (await import('./rejects')).command,
  },
];
