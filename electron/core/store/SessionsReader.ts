/**
 * Recording sessions in a history: when, from which sources, what they hold (devices, samples, alerts, snapshots),
 * and whether retention downsampled their older part.
 */
import type Database from 'better-sqlite3';
import type { SessionInfo } from '../../common/replay';

export type { SessionInfo } from '../../common/replay';

interface Row {
  id: number;
  started: number;
  ended: number | null;
  sources: string;
  site: string | null;
  name: string | null;
  notes: string | null;
}

function siteRef(json: string | null): SessionInfo['site'] {
  if (json === null) return null;
  const s = JSON.parse(json) as { id?: unknown; name?: unknown };
  return typeof s.id === 'string' && typeof s.name === 'string' ? { id: s.id, name: s.name } : null;
}

/** Every session, oldest first; `recording` names the one a live recorder writes into. */
export function listSessions(db: Database.Database, recording?: number): SessionInfo[] {
  const rows = db
    .prepare('SELECT id, started, ended, sources, site, name, notes FROM sessions ORDER BY id')
    .all() as Row[];
  const span = db.prepare('SELECT count(*) AS n, min(t) AS lo, max(t) AS hi FROM samples WHERE session = ?');
  const devices = db.prepare('SELECT DISTINCT dev FROM samples WHERE session = ? ORDER BY dev').pluck();
  const alerts = db.prepare('SELECT count(*) FROM alerts WHERE session = ?').pluck();
  const snapshots = db.prepare('SELECT count(*) FROM engine_snapshots WHERE session = ?').pluck();
  const downsampled = db.prepare('SELECT downsampled_to FROM session_retention WHERE session = ?').pluck();
  return rows.map((r) => {
    const s = span.get(r.id) as { n: number; lo: number | null; hi: number | null };
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
      devices: devices.all(r.id) as string[],
      samples: s.n,
      from: s.lo,
      to: s.hi,
      alerts: alerts.get(r.id) as number,
      snapshots: snapshots.get(r.id) as number,
      ...(typeof downsampledTo === 'number' ? { downsampledTo } : {}),
    };
  });
}
