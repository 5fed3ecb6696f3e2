/** The rooms of the site: dark floors, translucent walls with each door's opening cut out (and a lintel above). */
import { useMemo } from 'react';
import type { SiteSpec } from '../../../electron/common/site';
import { floorGeometry } from './Heatmap';
import { wallSegments } from './siteGeometry';

const WALL_THICKNESS = 0.08;

export function Rooms({ site }: { site: SiteSpec }) {
  const floors = useMemo(() => site.rooms.map((r) => ({ id: r.id, geometry: floorGeometry(r) })), [site]);
  const walls = useMemo(() => wallSegments(site), [site]);
  return (
    <group>
      {floors.map((f) => (
        <mesh key={f.id} geometry={f.geometry} receiveShadow>
          <meshStandardMaterial color="#2a3038" roughness={0.95} />
        </mesh>
      ))}
      {walls.map((w, i) => {
        const dx = w.b[0] - w.a[0];
        const dy = w.b[1] - w.a[1];
        const len = Math.hypot(dx, dy);
        const h = w.z1 - w.z0;
        return (
          <mesh
            key={i}
            position={[(w.a[0] + w.b[0]) / 2, (w.a[1] + w.b[1]) / 2, w.z0 + h / 2]}
            rotation={[0, 0, Math.atan2(dy, dx)]}
            renderOrder={2}
          >
            <boxGeometry args={[len, WALL_THICKNESS, h]} />
            <meshStandardMaterial color="#9fb3c8" transparent opacity={0.16} depthWrite={false} />
          </mesh>
        );
      })}
    </group>
  );
}
