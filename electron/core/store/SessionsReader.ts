/**
 * Recording sessions in a history: when, from which sources, what they hold (devices, samples, alerts, snapshots),
 * and whether retention downsampled their older part.
 */
import type Database from 'better-sqlite3';
import type { SessionInfo } from '../../common/replay';
import { toSummary } from './sessionSummary';

export type { SessionInfo } from '../../common/replay';

interface Row {
  id: number;
  started: number;
  ended: number | null;
  sources: string;
  site: string | null;
  name: string | null;
  notes: string | null;
  samples: number | null;
  t_min: number | null;
  t_max: number | null;
  devices: string | null;
}

function siteRef(json: string | null): SessionInfo['site'] {
  if (json === null) return null;
  const s = JSON.parse(json) as { id?: unknown; name?: unknown };
  return typeof s.id === 'string' && typeof s.name === 'string' ? { id: s.id, name: s.name } : null;
}

/**
 * Every session, oldest first; `recording` names the one a live recorder writes into. Samples, span and devices come
 * from the row's summary (sessionSummary.ts), so listing does not read the samples.
 */
export function listSessions(db: Database.Database, recording?: number): SessionInfo[] {
  const rows = db
    .prepare(
      'SELECT id, started, ended, sources, site, name, notes, samples, t_min, t_max, devices FROM sessions ORDER BY id',
    )
    .all() as Row[];
  const alerts = db.prepare('SELECT count(*) FROM alerts WHERE session = ?').pluck();
  const snapshots = db.prepare('SELECT count(*) FROM engine_snapshots WHERE session = ?').pluck();
  const downsampled = db.prepare('SELECT downsampled_to FROM session_retention WHERE session = ?').pluck();
  return rows.map((r) => {
    const s = toSummary(r);
    const downsampledTo = downsampled.get(r.id) as number | null | undefined;
    return {
      id: r.id,
      name: r.name,
      notes: r.notes,
      recording: r.id === recording,
      started: r.started,
      ended: r.ended,
      sources: JSON.parse(r.sources) as string[],
      site: siteRef(r.site),
      devices: s.devices,
      samples: s.samples,
      from: s.from,
      to: s.to,
      alerts: alerts.get(r.id) as number,
      snapshots: snapshots.get(r.id) as number,
      ...(typeof downsampledTo === 'number' ? { downsampledTo } : {}),
    };
  });
}
