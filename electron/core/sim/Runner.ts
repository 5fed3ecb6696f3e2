/**
 * Runs a simulation against the wall clock: simulated time advances `speed` times as fast as real time (Infinity:
 * as fast as the transport takes it), and each output is handed to the transport once its simulated send time is
 * reached. Pacing decides only *when* outputs leave, never *what* they are.
 */
import type { Simulation } from './Simulation';
import type { Transport } from './transports/Transport';

/** How fast and how long to run. */
export interface RunOptions {
  /** Simulated ms per wall ms; Infinity for as fast as possible. */
  speed: number;
  /** Stop at this simulated time (ms since the epoch) at the latest; the story's own end applies too. */
  until?: number;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Wall ms between progress reports (default 5000). */
  progressMs?: number;
}

/** Where a run has got to. */
export interface RunProgress {
  /** Simulated time reached, ms since the epoch. */
  simT: number;
  /** Messages handed to the transport so far. */
  messages: number;
  wallMs: number;
}

/** How a run ended. */
export interface RunResult extends RunProgress {
  /** Stopped by the signal before the end. */
  aborted: boolean;
}

/** Simulated time handled per step when running as fast as possible, ms. */
const FAST_CHUNK_MS = 1000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs until the end (of the story or `until`) or until the signal aborts; does not close the transport. */
export async function runSimulation(sim: Simulation, transport: Transport, o: RunOptions): Promise<RunResult> {
  transport.listen?.((dev, text) => void sim.command(dev, text));
  const ends = [o.until, sim.end ?? undefined].filter((x): x is number => x !== undefined);
  const end = ends.length > 0 ? Math.min(...ends) : Infinity;
  const simStart = sim.now;
  const w0 = performance.now();
  let messages = 0;
  let lastProgress = w0;
  const progress = (): RunProgress => ({ simT: sim.now, messages, wallMs: performance.now() - w0 });
  while (!o.signal?.aborted && sim.now < end) {
    const target = Number.isFinite(o.speed)
      ? simStart + (performance.now() - w0) * o.speed
      : Math.min(sim.now + FAST_CHUNK_MS, end);
    for (const out of sim.runUntil(Math.min(target, end))) {
      if (out.kind === 'message') messages++;
      const wait = transport.send(out);
      if (wait) await wait;
    }
    const now = performance.now();
    if (o.onProgress && now - lastProgress >= (o.progressMs ?? 5000)) {
      lastProgress = now;
      o.onProgress(progress());
    }
    if (sim.now >= end) break;
    if (!Number.isFinite(o.speed)) {
      // Let sockets and timers run between chunks.
      await new Promise((r) => setImmediate(r));
      continue;
    }
    const next = Math.min(sim.nextEventTime() ?? end, end);
    await sleep(Math.min(100, Math.max(1, (next - target) / o.speed)), o.signal);
  }
  return { ...progress(), aborted: o.signal?.aborted === true && sim.now < end };
}
