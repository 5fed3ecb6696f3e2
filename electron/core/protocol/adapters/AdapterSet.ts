/**
 * The MQTT conventions enabled for a run, in the order they claim topics, and the site's bindings of third-party
 * device ids to its own sensors (`"gw:device_1": "room-a"`): the twin then sees the bound id, as if our own
 * firmware had sent it.
 */
import type { SiteSpec } from '../../../common/site';
import { gatewayAdapter } from './gateway';
import { haAdapter } from './homeAssistant';
import { mappedAdapter } from './mapped';
import { tasmotaAdapter } from './tasmota';
import { CONVENTIONS, type ConventionName, type MqttAdapter } from './types';
import { v1Adapter } from './v1';
import { z2mAdapter } from './zigbee2mqtt';

export interface AdapterSetOptions {
  /** Conventions to enable (default: all). */
  conventions?: readonly ConventionName[];
  /** Bindings, Tasmota's UTC offset, mapped topics and the gateway door's hinge axis come from the site. */
  site?: SiteSpec;
}

export class AdapterSet {
  readonly adapters: readonly MqttAdapter[];
  private bindings: ReadonlyMap<string, string>;

  constructor(options: AdapterSetOptions = {}) {
    const enabled = new Set(options.conventions ?? CONVENTIONS);
    const site = options.site;
    const utcOffsetMinutes = site?.rules?.utcOffsetMinutes ?? 0;
    const bindings = site?.bindings ?? {};
    this.bindings = new Map(Object.entries(bindings));
    const doorDev = bindings['gw:door'];
    const doorSensor = site?.sensors.find((s) => s.dev === doorDev);
    const door = site?.doors.find((d) => d.id === doorSensor?.attachedTo);
    const all: MqttAdapter[] = [
      v1Adapter(),
      gatewayAdapter(door ? { hingeAxis: door.hingeAxis } : {}),
      haAdapter(),
      z2mAdapter(),
      tasmotaAdapter({ utcOffsetMinutes }),
      mappedAdapter(site?.mappings ?? [], { utcOffsetMinutes }),
    ];
    this.adapters = all.filter((a) => enabled.has(a.name) && a.filters.length > 0);
  }

  /** Every topic filter to subscribe to (those learned from discovery included), without repeats. */
  filters(): string[] {
    return [...new Set(this.adapters.flatMap((a) => [...a.filters, ...(a.knownFilters?.() ?? [])]))];
  }

  /** Calls `listener` with the filters adapters learn at run time (Home Assistant state topics). */
  onFilters(listener: (filters: string[]) => void): void {
    for (const a of this.adapters) a.watchFilters?.(listener);
  }

  has(name: ConventionName): boolean {
    return this.adapters.some((a) => a.name === name);
  }

  /** The adapter owning a topic, if any. */
  find(topic: string): MqttAdapter | undefined {
    return this.adapters.find((a) => a.owns(topic));
  }

  /** Takes the bindings of a site the user changed (a device placed): messages from now on are bound by it. */
  rebind(site: SiteSpec): void {
    this.bindings = new Map(Object.entries(site.bindings ?? {}));
  }

  /** The id the twin and the store know a device by. */
  bind(dev: string): string {
    return this.bindings.get(dev) ?? dev;
  }
}
