/**
 * The application core behind the API contract (electron/common/api.ts): owns the recorder and the live sources
 * and answers the renderer's calls. The desktop app's main process and the browser mode's server both wrap this
 * one object, so neither holds logic of its own.
 */
import { EventEmitter } from 'node:events';
import type { ApiCalls, ApiEvents, ApiCallName, ConnectRequest, Result } from '../../common/api';
import type { SourceInfo } from '../../common/source';
import type { TwinView } from '../../common/views';
import type { SiteSpec } from '../../common/site';
import type { TwinRunner } from '../runner/TwinRunner';
import { LiveHub } from '../hub/LiveHub';
import { whatIf } from './whatIf';
import { MqttSource } from '../sources/MqttSource';
import { SerialSource } from '../sources/SerialSource';
import { SimulatorSource } from '../sources/SimulatorSource';
import { listPorts } from '../sources/serialPorts';
import type { Source } from '../sources/Source';
import { HistoryReader } from '../store/HistoryReader';

type Handlers = { [N in ApiCallName]: (arg: ApiCalls[N][0]) => Promise<ApiCalls[N][1]> | ApiCalls[N][1] };

const STATS_EVERY_MS = 1000;

export class TwinscopeService {
  private readonly events = new EventEmitter();
  private readonly hub: LiveHub;
  private readonly sources = new Map<string, Source>();
  private readonly statsTimer: NodeJS.Timeout;

  constructor(
    private readonly dbPath: string,
    private readonly site: SiteSpec,
  ) {
    this.hub = new LiveHub({
      db: dbPath,
      site,
      onFrame: (frame) => this.emit('frame', frame),
      onProblem: (p) => this.emit('problem', p),
      onStatus: (id) => {
        const s = this.sources.get(id);
        if (s) this.emit('status', s.info());
      },
    });
    this.statsTimer = setInterval(() => this.emit('stats', { ...this.hub.counts }), STATS_EVERY_MS);
    this.statsTimer.unref();
  }

  readonly handlers: Handlers = {
    'sources.list': () => [...this.sources.values()].map((s) => s.info()),
    'sources.connect': (req) => this.connect(req),
    'sources.disconnect': async ({ id }) => {
      const s = this.sources.get(id);
      if (!s) return { ok: false, error: `no source ${id}` };
      this.sources.delete(id);
      await s.stop();
      return { ok: true, value: undefined };
    },
    'ports.list': async () => {
      const r = await listPorts();
      return r.ok ? { ok: true, value: r.ports } : { ok: false, error: r.error, tip: r.tip };
    },
    'history.extent': () => {
      const reader = new HistoryReader(this.hub.recorder.db);
      const extent = reader.extent();
      return { db: this.dbPath, samples: reader.count(), from: extent?.from ?? null, to: extent?.to ?? null };
    },
    'ingest.stats': () => ({ ...this.hub.counts }),
    'twin.view': () => this.view(),
    'alerts.acknowledge': ({ alertId }) => {
      const active = this.view().alerts.some((a) => a.id === alertId && a.status === 'raised');
      if (!active) return { ok: false, error: `no raised alert ${alertId} (already acknowledged or cleared?)` };
      this.hub.acknowledge(alertId);
      return { ok: true, value: undefined };
    },
    'twin.whatIf': (req) => whatIf(this.twin().current, req),
  };

  /** The twin's current picture. */
  view(): TwinView {
    return this.twin().view();
  }

  private twin(): TwinRunner {
    // The service always gives the hub a site, so the twin runner is there.
    return this.hub.runner!;
  }

  on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  async close(): Promise<void> {
    clearInterval(this.statsTimer);
    await this.hub.stop();
  }

  private async connect(req: ConnectRequest): Promise<Result<SourceInfo>> {
    const source = this.sourceFor(req);
    if (this.sources.has(source.id)) return { ok: false, error: `${source.id} is already connected` };
    this.sources.set(source.id, source);
    await this.hub.add(source);
    return { ok: true, value: source.info() };
  }

  private sourceFor(req: ConnectRequest): Source {
    switch (req.kind) {
      case 'serial':
        return new SerialSource({ path: req.path, ...(req.baudRate ? { baudRate: req.baudRate } : {}) });
      case 'mqtt':
        return new MqttSource({
          url: req.url,
          ...(req.clientId ? { clientId: req.clientId } : {}),
          ...(req.username ? { username: req.username } : {}),
          ...(req.password ? { password: req.password } : {}),
        });
      case 'demo':
        return new SimulatorSource({ scenario: 'normal-day', site: this.site, speed: 1 });
      default: {
        const never: never = req;
        return never;
      }
    }
  }

  private emit<E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]): void {
    this.events.emit(event, payload);
  }
}
