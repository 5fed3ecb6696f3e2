/** `sessions.verify` through the app's API: the recorded session intact, the live one sealed so far; bad calls refused. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionIntegrity } from '../../electron/common/integrity';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';

describe('sessions.verify', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let service: TwinscopeService | undefined;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await service?.close();
    dir.remove();
  });

  it('returns each session’s integrity, names an altered record, and refuses a malformed call', async () => {
    const db = `${dir.path}/app.db`;
    await recordScenario(db);
    const h = new Database(db);
    const arrival = h.prepare('SELECT min(arrival) FROM samples WHERE session = 1 AND arrival > 500').pluck().get();
    h.prepare('UPDATE samples SET flags = 2 WHERE session = 1 AND arrival = ?').run(arrival);
    h.close();
    service = new TwinscopeService(db, defaultSite());
    const all = await service.dispatch('sessions.verify', {});
    expect(all.ok).toBe(true);
    const results = (all as { value: SessionIntegrity[] }).value;
    expect(results.map((r) => [r.session, r.status])).toEqual([
      [1, 'failed'],
      [2, 'sealed'], // the service's own live session: not ended yet
    ]);
    expect(results[0]!.problems[0]).toMatchObject({ kind: 'altered', arrival });
    const one = await service.dispatch('sessions.verify', { session: 2 });
    expect((one as { value: SessionIntegrity[] }).value.map((r) => r.session)).toEqual([2]);
    expect((await service.dispatch('sessions.verify', { session: 'x' })).ok).toBe(false);
  });
});
