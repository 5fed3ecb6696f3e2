/** The service behind the UI's API: connect a broker, watch status, stats and frames, acknowledge an alert. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryExtent } from '../../electron/common/api';
import type { TwinFrame } from '../../electron/common/frame';
import type { SourceInfo } from '../../electron/common/source';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { connectPublisher, publish } from '../helpers/publisher';
import { makeTempDir } from '../helpers/tempDir';

describe('TwinscopeService', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let service: TwinscopeService;

  beforeEach(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
    service = new TwinscopeService(`${dir.path}/app.db`, defaultSite());
  });
  afterEach(async () => {
    await service.close();
    await broker.stop('SIGKILL');
    dir.remove();
  });

  it('connects a broker, streams frames and lets the user acknowledge a raised alert', async () => {
    const statuses: SourceInfo[] = [];
    const frames: TwinFrame[] = [];
    service.on('status', (s) => statuses.push(s));
    service.on('frame', (f) => frames.push(f));
    const r = await service.handlers['sources.connect']({ kind: 'mqtt', url: broker.url, clientId: 'ts-service' });
    expect(r.ok).toBe(true);
    await waitFor('connected status', () => statuses.some((s) => s.status === 'connected'));
    const again = await service.handlers['sources.connect']({ kind: 'mqtt', url: broker.url });
    expect(again).toMatchObject({ ok: false, error: expect.stringContaining('already connected') });

    // A door slam raises an alert; acknowledge it through the API.
    const dev = await connectPublisher(broker.url, 'svc-door');
    const now = Date.now();
    const steps: [number, object][] = [
      [0, { door: 'open', gyro: [0, 0, 0] }],
      [100, { door: 'open', gyro: [0, 0, -300] }],
      [200, { door: 'open', gyro: [0, 0, -300] }],
      [300, { door: 'closed', gyro: [0, 0, 0], accel: [0, 2.5, 1] }],
      [2500, { door: 'closed', gyro: [0, 0, 0] }],
    ];
    for (const [i, [dt, data]] of steps.entries()) {
      await publish(dev, 'door', 'tele', tele('door', i, data, { ts: now + dt - 3000 }));
    }
    await dev.endAsync();
    const alert = await waitFor('a raised slam alert', () =>
      service.view().alerts.find((a) => a.rule === 'door-slammed'),
    );
    // Frames are coalesced (at most 30/s), so the view can hold the alert a frame before the slam event is sent.
    await waitFor('a frame carrying the slam', () => frames.some((f) => f.events.some((e) => e.kind === 'slam')));
    expect(await service.handlers['alerts.acknowledge']({ alertId: 'nope' })).toMatchObject({ ok: false });
    expect(await service.handlers['alerts.acknowledge']({ alertId: alert.id })).toEqual({ ok: true, value: undefined });
    await waitFor('acknowledged', () => service.view().alerts.every((a) => a.id !== alert.id || a.status !== 'raised'));
    expect((await service.handlers['twin.view']()).t).not.toBeNull();
    expect((await service.handlers['history.extent']()).samples).toBe(5);
    expect(await service.handlers['ingest.stats']()).toMatchObject({ samples: 5, rejected: 0 });
  });

  it('shows a living twin without hardware: the demo source', async () => {
    const r = await service.handlers['sources.connect']({ kind: 'demo' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'sim', status: 'connected' } });
    await waitFor(
      'demo samples in the twin',
      () => Object.values(service.view().devices).some((d) => d.received > 0),
      10_000,
    );
    // Committed within the writer's flush interval (100 ms).
    const extent = () => service.handlers['history.extent']() as HistoryExtent;
    await waitFor('demo samples in the history', () => extent().samples > 0, 2000);
  });
});
