/**
 * Virtual devices in process: a simulation run against the wall clock whose lines go to the pipeline exactly as a
 * serial port's would (via `sim`). This is how Twinscope shows data without hardware (`twinscope record --demo`).
 * The stream depends only on the options (see core/sim/Simulation), not on the pacing.
 */
import type { SiteSpec } from '../../common/site';
import type { SourceCapabilities, SourceInfo, SourceStatus } from '../../common/source';
import type { InputOrigin } from './Source';
import { runSimulation } from '../sim/Runner';
import type { ScenarioName } from '../sim/scenarios/types';
import { Simulation } from '../sim/Simulation';
import type { Transport } from '../sim/transports/Transport';
import type { Source, SourceSink } from './Source';

/** Which simulation to run, and how fast. */
export interface SimulatorOptions {
  scenario: ScenarioName;
  site: SiteSpec;
  seed?: number;
  /** Simulated ms per wall ms (default 1: real time). */
  speed?: number;
  /** Simulated start, ms since the epoch (default: now). */
  start?: number;
  rateHz?: number;
  /** Devices of the `load` scenario. */
  devices?: number;
  synced?: boolean;
  /** Stop after this many simulated seconds (default: the story's length, or never). */
  durationS?: number;
}

/** Virtual devices take no commands (yet): nothing to identify, no interval to set. */
const SIM_CAPABILITIES: SourceCapabilities = { seek: false, speed: false, pause: false, commands: false };

/** Virtual devices as a source of the pipeline. */
export class SimulatorSource implements Source {
  readonly kind = 'sim';
  readonly capabilities = SIM_CAPABILITIES;
  readonly id: string;
  private current: SourceStatus = 'idle';
  private readonly origin: InputOrigin;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: SimulatorOptions) {
    this.id = `sim:${options.scenario}`;
    this.origin = { origin: this.id, via: 'sim' };
  }

  get status(): SourceStatus {
    return this.current;
  }

  info(): SourceInfo {
    const o = this.options;
    return {
      id: this.id,
      kind: this.kind,
      target: `${o.scenario} on ${o.site.name} (seed ${o.seed ?? 1})`,
      status: this.current,
      capabilities: this.capabilities,
    };
  }

  async start(sink: SourceSink): Promise<void> {
    const o = this.options;
    const start = o.start ?? Date.now();
    const sim = new Simulation({
      scenario: o.scenario,
      site: o.site,
      seed: o.seed ?? 1,
      start,
      rateHz: o.rateHz ?? 1,
      ...(o.devices !== undefined ? { devices: o.devices } : {}),
      synced: o.synced ?? true,
    });
    this.abort = new AbortController();
    this.setStatus(sink, 'connected');
    // In process there is no network to lose: only the lines travel, as on a serial cable.
    const transport: Transport = {
      target: this.id,
      open: async () => undefined,
      send: (out) => {
        if (out.kind === 'message') sink.line(this.origin, out.line);
      },
      flush: async () => undefined,
      close: async () => undefined,
    };
    this.running = runSimulation(sim, transport, {
      speed: o.speed ?? 1,
      ...(o.durationS !== undefined ? { until: start + o.durationS * 1000 } : {}),
      signal: this.abort.signal,
    }).then(
      (r) => {
        if (r.aborted) return;
        sink.problem({ severity: 'info', message: `simulation ${o.scenario} finished`, origin: this.id });
        this.setStatus(sink, 'idle');
      },
      (e: unknown) => {
        sink.problem({ severity: 'error', message: `simulation failed: ${(e as Error).message}`, origin: this.id });
        this.setStatus(sink, 'error');
      },
    );
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
    this.current = 'idle';
  }

  async send(): Promise<boolean> {
    return false;
  }

  private setStatus(sink: SourceSink, status: SourceStatus): void {
    if (status === this.current) return;
    this.current = status;
    sink.status(this.id, status);
  }
}
