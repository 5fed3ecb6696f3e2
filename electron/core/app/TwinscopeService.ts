/**
 * The application core behind the API contract (electron/common/api.ts): owns the recorder and the live sources
 * and answers the renderer's calls. The desktop app's main process and the browser mode's server both wrap this
 * one object, so neither holds logic of its own.
 */
import { EventEmitter } from 'node:events';
import type { ApiCalls, ApiEvents, ApiCallName, ConnectRequest, Result } from '../../common/api';
import type { TwinFrame } from '../../common/frame';
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
import { fileSpace } from '../store/retention/reclaim';
import { HistoryReader } from '../store/HistoryReader';
import { RejectsReader } from '../store/RejectsReader';
import { SeriesReader } from '../store/SeriesReader';
import { PROTOCOL_VERSION } from '../../common/protocol';
import { createDispatch, type Dispatch } from './dispatch';
import { ReplayController } from './ReplayController';
import { sessionCalls } from './sessionCalls';
import { SessionBacktester } from './sessionBacktest';
import { SessionExporter } from './sessionExport';
import { SessionImporter, type ChooseFile } from './sessionImport';
import { sessionSite } from './sessionSite';
import { resolveRules } from '../twin/rules';
import { verifyHistory } from '../store/integrity/verifyHistory';
import { AlertStore } from '../store/AlertStore';
import { sessionCoverage } from '../store/sessionCoverage';
import type { SiteInForce } from '../twin/site/defaultSite';
import { notPlaced } from './notPlaced';
import { SitePlacement } from './SitePlacement';

type Handlers = { [N in ApiCallName]: (arg: ApiCalls[N][0]) => Promise<ApiCalls[N][1]> | ApiCalls[N][1] };

const STATS_EVERY_MS = 1000;
/** Larger than any runner's own seek count. */
const SWITCH_STRIDE = 1_000_000;

export class TwinscopeService {
  private readonly events = new EventEmitter();
  private readonly hub: LiveHub;
  private readonly sources = new Map<string, Source>();
  private readonly statsTimer: NodeJS.Timeout;
  private readonly replay: ReplayController;
  private readonly backtester: SessionBacktester;
  private readonly exporter: SessionExporter;
  private readonly importer: SessionImporter;
  /** Switches between live and replay so far. */
  private switches = 0;

  private readonly placement: SitePlacement;

  /**
   * `site` is the site to run over, or the site in force with its file (`siteInForce`): placing a device from the
   * app edits that file, or writes the built-in site's copy where `copyTo` says. A bare site has no file to edit.
   * `chooseImportFile` is the desktop app's open-file dialog (browser mode uploads instead).
   */
  constructor(
    private readonly dbPath: string,
    site: SiteSpec | SiteInForce,
    options: { chooseImportFile?: ChooseFile } = {},
  ) {
    const inForce: SiteInForce = 'schema' in site ? { site } : site;
    this.placement = new SitePlacement(inForce, (next) => this.hub.changeSite(next));
    this.replay = new ReplayController(dbPath, inForce.site, (frame) => this.emitFrame(frame));
    this.backtester = new SessionBacktester(dbPath, inForce.site, (p) => this.emit('progress', p));
    this.exporter = new SessionExporter(dbPath, (p) => this.emit('progress', p));
    this.importer = new SessionImporter(
      dbPath,
      () => this.hub.recorder.db,
      (p) => this.emit('progress', p),
      options.chooseImportFile,
    );
    this.hub = new LiveHub({
      db: dbPath,
      site: inForce.site,
      // Live frames go out unless a replay is being watched; recording goes on either way.
      onFrame: (frame) => {
        if (!this.replay.active) this.emitFrame(frame);
      },
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
      return {
        db: this.dbPath,
        bytes: fileSpace(this.hub.recorder.db).bytes,
        samples: reader.count(),
        from: extent?.from ?? null,
        to: extent?.to ?? null,
      };
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
    'site.get': () => this.site,
    'site.placeDevice': (req) => this.placement.place(req),
    'devices.notPlaced': () => notPlaced(this.hub.recorder.db, this.site, this.view()),
    'history.series': (req) => {
      if (!(req.to > req.from)) return { ok: false, error: 'the series range is empty (to must be after from)' };
      this.seriesReader ??= new SeriesReader(this.hub.recorder.db);
      return { ok: true, value: this.seriesReader.series(req) };
    },
    'devices.identify': ({ dev }) => this.identify(dev),
    'rejects.latest': ({ limit }) =>
      new RejectsReader(this.hub.recorder.db).latest(limit).map((r) => ({ ...r, raw: r.raw.slice(0, 256) })),
    ...sessionCalls({
      db: () => this.hub.recorder.db,
      recording: () => this.hub.recorder.session,
      replaying: () => this.replay.session,
    }),
    'sessions.export': ({ id, format }) => this.exporter.run(id, format),
    'sessions.import': (source) => this.importer.run(source),
    'sessions.verify': ({ session }) => verifyHistory(this.hub.recorder.db, session),
    'replay.open': ({ session }) => {
      this.switches++;
      return this.replay.open(session);
    },
    'replay.seek': ({ t }) => this.replay.seek(t),
    'replay.play': ({ speed }) => this.replay.play(speed),
    'replay.pause': () => this.replay.pause(),
    'replay.close': () => {
      this.replay.close();
      this.switches++;
      // Back to live: the live picture at once, not at the next change.
      this.emitFrame({ seq: 0, seekSeq: 0, view: this.view(), events: [], droppedEvents: 0 });
      return { ok: true, value: undefined };
    },
    'replay.alerts': ({ session }) => new AlertStore(this.hub.recorder.db).occurrences(session),
    'replay.coverage': ({ session }) => sessionCoverage(this.hub.recorder.db, session),
    'replay.rules': ({ session }) => {
      const site = sessionSite(this.hub.recorder.db, session, this.site);
      if (!site) return { ok: false, code: 'no-session', error: `there is no session ${session}` };
      return { ok: true, value: resolveRules(site.rules) };
    },
    'replay.backtest': ({ session, rules }) => this.backtester.run(session, rules),
  };

  /** Every call from a carrier goes through here: checked against the API's schema table, never throwing. */
  readonly dispatch: Dispatch = createDispatch(this.handlers, (name, err) =>
    this.emit('problem', { severity: 'error', message: `${name} failed: ${String(err)}`, origin: 'api' }),
  );

  private seriesReader: SeriesReader | undefined;

  private async identify(dev: string): Promise<Result<void>> {
    const senders = [...this.sources.values()].filter((s) => s.capabilities.commands);
    if (senders.length === 0) return { ok: false, error: `no connected source can send commands to ${dev}` };
    for (const s of senders) {
      const sent = await s.send(dev, { v: PROTOCOL_VERSION, t: 'cmd', id: `identify-${Date.now()}`, op: 'identify' });
      if (sent) return { ok: true, value: undefined };
    }
    return { ok: false, error: `${dev} could not be reached`, tip: 'is it connected over a serial port or a broker?' };
  }

  /** The history file the service records into. */
  get database(): string {
    return this.dbPath;
  }

  /** The site in force (placing a device changes it). */
  get site(): SiteSpec {
    return this.placement.site;
  }

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

  /** How many listeners an event has: carriers must unsubscribe closed windows and sockets. */
  listenerCount(event: keyof ApiEvents): number {
    return this.events.listenerCount(event);
  }

  async close(): Promise<void> {
    clearInterval(this.statsTimer);
    this.backtester.cancel();
    await this.importer.cancel();
    this.replay.close();
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
          adapters: this.hub.adapters,
          ...(req.clientId ? { clientId: req.clientId } : {}),
          ...(req.username ? { username: req.username } : {}),
          ...(req.password ? { password: req.password } : {}),
          ...(req.caFile ? { caFile: req.caFile } : {}),
          ...(req.certFile ? { certFile: req.certFile } : {}),
          ...(req.keyFile ? { keyFile: req.keyFile } : {}),
        });
      case 'demo':
        return new SimulatorSource({ scenario: 'normal-day', site: this.site, speed: 1 });
      default: {
        const never: never = req;
        return never;
      }
    }
  }

  /**
   * Live and replay runners count their seeks apart; going from one to the other is a jump too, so subscribers see
   * one `seekSeq` that only grows.
   */
  private emitFrame(frame: TwinFrame): void {
    this.emit('frame', { ...frame, seekSeq: this.switches * SWITCH_STRIDE + frame.seekSeq });
  }

  private emit<E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]): void {
    this.events.emit(event, payload);
  }
}
