/**
 * What Twinscope tells Home Assistant: the twin's conclusions as discovery entities (door position and angle, slams
 * today, each room's occupancy, estimated occupants and time to the CO2 threshold, active alerts), and their states
 * from a twin view. Pure: the publisher (HaPublisher.ts) moves the bytes.
 */
import type { SiteSpec } from '../../common/site';
import type { TwinView } from '../../common/views';

export interface HaEntityDef {
  component: 'sensor' | 'binary_sensor';
  objectId: string;
  config: Record<string, unknown>;
  /** The state payload from a view; null when unknown (published as HA's "unknown" state: nothing). */
  state: (v: TwinView) => string | null;
}

/** Discovery entities of a site: one Home Assistant device per site. */
export function haEntities(site: SiteSpec, stateRoot: string): HaEntityDef[] {
  const device = { identifiers: [`twinscope-${site.id}`], name: `Twinscope ${site.name}`, manufacturer: 'Twinscope' };
  const def = (
    component: HaEntityDef['component'],
    objectId: string,
    name: string,
    extra: Record<string, unknown>,
    state: HaEntityDef['state'],
  ): HaEntityDef => ({
    component,
    objectId,
    state,
    config: {
      name,
      unique_id: `twinscope-${site.id}-${objectId}`,
      object_id: `twinscope_${site.id}_${objectId}`.replace(/[^a-z0-9_]/gi, '_'),
      state_topic: `${stateRoot}/${objectId}/state`,
      availability_topic: `${stateRoot}/status`,
      device,
      ...extra,
    },
  });
  const out: HaEntityDef[] = [];
  for (const d of site.doors) {
    out.push(
      def(
        'sensor',
        `${d.id}_position`,
        `${d.name} position`,
        { device_class: 'enum', options: ['closed', 'partly-open', 'open', 'unknown'] },
        (v) => v.doors[d.id]?.position ?? null,
      ),
      def(
        'sensor',
        `${d.id}_angle`,
        `${d.name} angle`,
        { unit_of_measurement: '°', state_class: 'measurement' },
        (v) => {
          const a = v.doors[d.id]?.angle;
          return a === null || a === undefined ? null : a.toFixed(1);
        },
      ),
      def('sensor', `${d.id}_slams_today`, `${d.name} slams today`, { state_class: 'total' }, (v) =>
        String(v.doors[d.id]?.slamsToday ?? 0),
      ),
    );
  }
  for (const r of site.rooms) {
    out.push(
      def(
        'binary_sensor',
        `${r.id}_occupied`,
        `${r.name} occupied`,
        { device_class: 'occupancy', payload_on: 'ON', payload_off: 'OFF' },
        (v) => (v.rooms[r.id]?.occupied ? 'ON' : 'OFF'),
      ),
      def('sensor', `${r.id}_occupants`, `${r.name} estimated occupants`, { state_class: 'measurement' }, (v) => {
        const n = v.rooms[r.id]?.occupants;
        return n === null || n === undefined ? null : String(Math.round(n * 10) / 10);
      }),
      def(
        'sensor',
        `${r.id}_co2_threshold_in`,
        `${r.name} time to CO2 threshold`,
        { device_class: 'duration', unit_of_measurement: 'min' },
        (v) => {
          const ms = v.rooms[r.id]?.timeToThresholdMs;
          return ms === null || ms === undefined ? null : String(Math.round(ms / 6000) / 10);
        },
      ),
    );
  }
  out.push(
    def(
      'sensor',
      'active_alerts',
      'Active alerts',
      { json_attributes_topic: `${stateRoot}/active_alerts/attributes` },
      (v) => String(v.alerts.length),
    ),
  );
  return out;
}
