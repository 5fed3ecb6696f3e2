/** Alert persistence: one row per alert, revised in place under its id, removed when retracted. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, TwinEvent } from '../../../../electron/common/twin';
import { AlertStore } from '../../../../electron/core/store/AlertStore';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { makeTempDir } from '../../../helpers/tempDir';

const alert = (over: Partial<Alert>): Alert => ({
  id: 'co2-high:a@1000',
  rule: 'co2-high',
  subject: 'a',
  severity: 'warning',
  status: 'raised',
  raisedAt: 1000,
  ackedAt: null,
  clearedAt: null,
  reason: 'CO2 1100 ppm',
  keys: [{ dev: 'room-a', boot: 1, seq: 4 }],
  occurrences: 1,
  foundLateMs: null,
  ...over,
});
const ev = (change: Extract<TwinEvent, { kind: 'alert' }>['change'], a: Alert, t = 5000): TwinEvent => ({
  kind: 'alert',
  t,
  change,
  alert: a,
});

describe('AlertStore', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('keeps one row per alert through raise, revision and clear, and removes a retracted one', () => {
    const db = openDatabase(`${dir.path}/a.db`);
    const store = new AlertStore(db);
    store.record(1, [ev('raised', alert({ foundLateMs: 90_000 }))]);
    store.record(1, [ev('revised', alert({ status: 'cleared', clearedAt: 70_000, foundLateMs: 90_000 }))]);
    store.record(1, [ev('raised', alert({ id: 'door-slammed:door@2000', rule: 'door-slammed', raisedAt: 2000 }))]);
    expect(store.list()).toEqual([
      { ...alert({ status: 'cleared', clearedAt: 70_000, foundLateMs: 90_000 }), session: 1 },
      { ...alert({ id: 'door-slammed:door@2000', rule: 'door-slammed', raisedAt: 2000 }), session: 1 },
    ]);
    store.record(1, [ev('retracted', alert({ id: 'door-slammed:door@2000', rule: 'door-slammed', raisedAt: 2000 }))]);
    expect(store.list().map((a) => a.id)).toEqual(['co2-high:a@1000']);
    const changes = db.prepare('SELECT alert_id, change FROM alert_events ORDER BY id').all();
    expect(changes).toEqual([
      { alert_id: 'co2-high:a@1000', change: 'raised' },
      { alert_id: 'co2-high:a@1000', change: 'revised' },
      { alert_id: 'door-slammed:door@2000', change: 'raised' },
      { alert_id: 'door-slammed:door@2000', change: 'retracted' },
    ]);
    db.close();
  });

  it("lists a session's raises and repeats, oldest first, for the timeline", () => {
    const db = openDatabase(`${dir.path}/a.db`);
    const store = new AlertStore(db);
    const slam = alert({ id: 'door-slammed:door@2000', rule: 'door-slammed', subject: 'door', severity: 'info' });
    store.record(1, [ev('raised', slam, 2000)]);
    store.record(1, [ev('acknowledged', { ...slam, status: 'acknowledged' }, 2500)]);
    store.record(1, [ev('repeated', { ...slam, occurrences: 2 }, 3000)]);
    store.record(2, [ev('raised', alert({}), 4000)]);
    const marker = { id: slam.id, rule: 'door-slammed', subject: 'door', severity: 'info' };
    expect(store.occurrences(1)).toEqual([
      { ...marker, t: 2000 },
      { ...marker, t: 3000 },
    ]);
    expect(store.occurrences(2).map((m) => m.t)).toEqual([4000]);
    expect(store.occurrences(3)).toEqual([]);
    db.close();
  });
});
