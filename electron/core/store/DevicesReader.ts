/**
 * The devices a history has seen: what they said about themselves, the convention they came by, the channels
 * their samples carried, when and how often they were heard from.
 */
import type Database from 'better-sqlite3';
import { CHANNELS, type Channel } from '../../common/sample';

export interface SeenDevice {
  dev: string;
  /** `v1` for our firmware; else the third-party convention (ha, z2m, tasmota, gateway, mapped). */
  convention: string;
  /** Channels its stored samples carry (or it announced, before any sample). */
  channels: Channel[];
  model: string | null;
  status: string | null;
  firstRecv: number;
  lastRecv: number;
  samples: number;
}

const THIRD_PARTY: Record<string, string> = {
  'ha:': 'ha',
  'z2m:': 'z2m',
  'tasmota:': 'tasmota',
  'gw:': 'gateway',
  'map:': 'mapped',
};
const CONVENTION_HW = new Set(['ha', 'z2m', 'tasmota', 'gateway', 'mapped']);

interface Row {
  dev: string;
  fw: string | null;
  hw: string | null;
  sensors: string | null;
  status: string | null;
  first_recv: number;
  last_recv: number;
}

/** Every device of the history, by id. */
export function seenDevices(db: Database.Database): SeenDevice[] {
  const rows = db
    .prepare('SELECT dev, fw, hw, sensors, status, first_recv, last_recv FROM devices ORDER BY dev')
    .all() as Row[];
  const masks = new Map<string, { mask: number; n: number }>();
  for (const r of db.prepare('SELECT dev, mask, count(*) AS n FROM samples GROUP BY dev, mask').iterate() as Iterable<{
    dev: string;
    mask: number;
    n: number;
  }>) {
    const m = masks.get(r.dev) ?? { mask: 0, n: 0 };
    m.mask |= r.mask;
    m.n += r.n;
    masks.set(r.dev, m);
  }
  return rows.map((r) => {
    const prefix = Object.keys(THIRD_PARTY).find((p) => r.dev.startsWith(p));
    const thirdParty = r.hw !== null && CONVENTION_HW.has(r.hw);
    const m = masks.get(r.dev);
    let channels = CHANNELS.filter((_, i) => m !== undefined && (m.mask & (1 << i)) !== 0);
    if (channels.length === 0 && thirdParty && r.sensors) {
      const announced = JSON.parse(r.sensors) as string[];
      channels = CHANNELS.filter((c) => announced.includes(c));
    }
    return {
      dev: r.dev,
      convention: prefix ? THIRD_PARTY[prefix]! : thirdParty ? r.hw! : 'v1',
      channels,
      // Our firmware reports fw and hw; a third-party device's model is kept in fw.
      model: thirdParty ? r.fw : r.hw,
      status: r.status,
      firstRecv: r.first_recv,
      lastRecv: r.last_recv,
      samples: m?.n ?? 0,
    };
  });
}
