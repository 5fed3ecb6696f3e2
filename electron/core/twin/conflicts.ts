/**
 * Conflicts: observations that cannot all be true, kept as state while they last (and announced as they begin and
 * end). Each has a time allowance so that ordinary sensor timing (a hall sensor that opens a few degrees after the
 * leaf starts moving) is not reported.
 */
import type { Conflict, ConflictKind, SampleKey, TwinEvent, TwinState } from '../../common/twin';
import { dataAfterOffline } from './health';
import { siteIndex } from './siteIndex';

/** Recomputes the world's conflicts (`state.conflicts`) at event time `now`; a continuing conflict keeps its start, reason and evidence. */
export function updateConflicts(state: TwinState, now: number, events: TwinEvent[]): void {
  const { rules } = state;
  const index = siteIndex(state.site);
  const next: Record<string, Conflict> = {};
  const add = (kind: ConflictKind, subject: string, since: number, reason: string, keys: SampleKey[]): void => {
    const id = `${kind}:${subject}`;
    next[id] = state.conflicts[id] ?? { id, kind, subject, since, reason, keys };
  };

  for (const door of Object.values(state.doors)) {
    const name = index.doors.get(door.id)?.name ?? door.id;
    const keys = door.lastKey ? [door.lastKey] : [];
    const a = door.closedAtAngleSince;
    if (a !== null && now - a >= rules.door.disagreeMs) {
      const deg = Math.abs(door.angle ?? 0).toFixed(1);
      add(
        'hall-closed-angle-open',
        door.id,
        a,
        `${name}: the hall sensor says closed but the leaf is at ${deg}°`,
        keys,
      );
    }
    const z = door.openAtZeroSince;
    if (z !== null && now - z >= rules.door.hallOpenZeroMs) {
      const s = Math.round(rules.door.hallOpenZeroMs / 1000);
      add(
        'hall-open-angle-zero',
        door.id,
        z,
        `${name}: the hall sensor says open but the leaf stayed at 0° for ${s} s`,
        keys,
      );
    }
    const d = door.disagreeSince;
    if (d !== null && now - d >= rules.door.disagreeMs) {
      const who = Object.entries(door.hallByDev)
        .map(([dev, h]) => `${dev} ${h.contact}`)
        .join(', ');
      add('hall-sources-disagree', door.id, d, `${name}: hall sensors disagree (${who})`, keys);
    }
  }

  for (const room of Object.values(state.rooms)) {
    const o = room.occupancy;
    if (o.phantomT === null) continue;
    const name = index.rooms.get(room.id)?.name ?? room.id;
    const reason = `${name}: motion while every door was closed and nobody was inside`;
    add('phantom-motion', room.id, o.phantomT, reason, o.phantomKey ? [o.phantomKey] : []);
  }

  state.conflicts = announce(state.conflicts, next, now, events);
}

/** Announces the conflicts that began and ended between `prev` and `next`; returns `next`. */
function announce(
  prev: Record<string, Conflict>,
  next: Record<string, Conflict>,
  now: number,
  events: TwinEvent[],
): Record<string, Conflict> {
  for (const [id, c] of Object.entries(next)) {
    if (!prev[id]) events.push({ kind: 'conflict', t: now, change: 'began', conflict: c });
  }
  for (const [id, c] of Object.entries(prev)) {
    if (!next[id]) events.push({ kind: 'conflict', t: now, change: 'ended', conflict: c });
  }
  return next;
}

/** Recomputes the link conflicts at host time `now`: samples arriving from a device whose status says offline. */
export function updateLinkConflicts(state: TwinState, now: number, events: TwinEvent[]): void {
  const next: Record<string, Conflict> = {};
  for (const d of Object.values(state.devices)) {
    if (!dataAfterOffline(d) || d.stale) continue;
    const id = `status-vs-data:${d.dev}`;
    const reason = `${d.dev}: MQTT status says offline but samples keep arriving`;
    next[id] = state.linkConflicts[id] ?? {
      id,
      kind: 'status-vs-data',
      subject: d.dev,
      since: d.statusT!,
      reason,
      keys: d.lastKey ? [d.lastKey] : [],
    };
  }
  state.linkConflicts = announce(state.linkConflicts, next, now, events);
}
