/**
 * Conflicts: observations that cannot all be true, kept as state while they last (and announced as they begin and
 * end). Each has a time allowance so that ordinary sensor timing (a hall sensor that opens a few degrees after the
 * leaf starts moving) is not reported.
 */
import type { Conflict, ConflictKind, SampleKey, TwinEvent, TwinState } from '../../common/twin';
import { dataAfterOffline } from './health';
import { siteIndex } from './siteIndex';

/** Recomputes `state.conflicts` at `now`; a continuing conflict keeps its start, reason and evidence. */
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

  for (const d of Object.values(state.devices)) {
    if (!dataAfterOffline(d) || d.stale) continue;
    const reason = `${d.dev}: MQTT status says offline but samples keep arriving`;
    add('status-vs-data', d.dev, d.statusT!, reason, d.lastKey ? [d.lastKey] : []);
  }

  for (const [id, c] of Object.entries(next)) {
    if (!state.conflicts[id]) events.push({ kind: 'conflict', t: now, change: 'began', conflict: c });
  }
  for (const [id, c] of Object.entries(state.conflicts)) {
    if (!next[id]) events.push({ kind: 'conflict', t: now, change: 'ended', conflict: c });
  }
  state.conflicts = next;
}
