/**
 * The devices panel's "not placed" list: every device the history or the live twin has heard from that the site in
 * force neither names as a sensor nor binds to one, with its convention, channels and when it was last heard.
 */
import type Database from 'better-sqlite3';
import type { UnplacedDevice } from '../../common/api';
import { CHANNELS, type Channel } from '../../common/sample';
import type { SiteSpec } from '../../common/site';
import type { TwinView } from '../../common/views';
import { seenDevices } from '../store/DevicesReader';
import { placedAs } from '../twin/site/placeDevice';

const PREFIXES: Record<string, string> = {
  'ha:': 'ha',
  'z2m:': 'z2m',
  'tasmota:': 'tasmota',
  'gw:': 'gateway',
  'map:': 'mapped',
};

function conventionOf(dev: string): string {
  const prefix = Object.keys(PREFIXES).find((p) => dev.startsWith(p));
  return prefix ? PREFIXES[prefix]! : 'v1';
}

/** Stored devices first; the live view adds what the recorder has not flushed yet and the channels seen live. */
export function notPlaced(db: Database.Database, site: SiteSpec, view: TwinView): UnplacedDevice[] {
  const out = new Map<string, UnplacedDevice>();
  for (const d of seenDevices(db)) {
    out.set(d.dev, {
      dev: d.dev,
      convention: d.convention,
      channels: d.channels,
      lastRecv: d.lastRecv,
      samples: d.samples,
    });
  }
  const liveChannels = new Map<string, Set<Channel>>();
  for (const s of Object.values(view.sensors)) {
    if (!(CHANNELS as readonly string[]).includes(s.channel)) continue;
    const set = liveChannels.get(s.dev) ?? new Set<Channel>();
    set.add(s.channel as Channel);
    liveChannels.set(s.dev, set);
  }
  for (const d of Object.values(view.devices)) {
    if (d.inSite) continue;
    const known = out.get(d.dev);
    const channels = new Set<Channel>([...(known?.channels ?? []), ...(liveChannels.get(d.dev) ?? [])]);
    // Link quality and battery are the device's health, not sensor channels, in the live view.
    if (d.rssi !== null) channels.add('rssi');
    if (d.bat !== null) channels.add('bat');
    out.set(d.dev, {
      dev: d.dev,
      convention: known?.convention ?? conventionOf(d.dev),
      channels: CHANNELS.filter((c) => channels.has(c)),
      lastRecv: Math.max(known?.lastRecv ?? 0, d.lastRecvT ?? 0) || null,
      samples: Math.max(known?.samples ?? 0, d.received),
    });
  }
  return [...out.values()].filter((d) => placedAs(site, d.dev) === null).sort((a, b) => a.dev.localeCompare(b.dev));
}
