/** The hotspot heatmap: one shaded floor per room, its uniforms refreshed from the store in useFrame. */
import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Shape, ShapeGeometry, Vector2 } from 'three';
import { metric } from '../../../electron/common/metrics';
import type { RoomSpec, SiteSpec } from '../../../electron/common/site';
import { useTwin } from '../state/twinStore';
import { useUi } from '../state/uiStore';
import { heatField } from './heatField';
import { createHeatmapMaterial, setHeatPoints } from './heatmapMaterial';

export function floorGeometry(room: RoomSpec): ShapeGeometry {
  const shape = new Shape(room.floor.map(([x, y]) => new Vector2(x, y)));
  return new ShapeGeometry(shape);
}

export function Heatmap({ site }: { site: SiteSpec }) {
  const visible = useUi((s) => s.heatmap);
  const rooms = useMemo(
    () => site.rooms.map((room) => ({ room, geometry: floorGeometry(room), material: createHeatmapMaterial() })),
    [site],
  );
  useEffect(
    () => () =>
      rooms.forEach((r) => {
        r.geometry.dispose();
        r.material.dispose();
      }),
    [rooms],
  );
  useFrame(() => {
    const frame = useTwin.getState().frame;
    if (!frame || !visible) return;
    const field = heatField(site, frame.view, metric(useUi.getState().metric));
    for (const r of rooms) setHeatPoints(r.material, field[r.room.id] ?? []);
  });
  return (
    <group visible={visible} position={[0, 0, 0.01]}>
      {rooms.map((r) => (
        <mesh key={r.room.id} geometry={r.geometry} material={r.material} renderOrder={1} />
      ))}
    </group>
  );
}
