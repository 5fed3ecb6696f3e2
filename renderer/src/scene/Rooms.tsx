/**
 * The rooms of the site: dark floors, translucent walls with each door's opening cut out (and a lintel above). A
 * click on a floor gives the place form its position when it asks for one. The floors are matt (Lambert) and the
 * walls faint unlit glass: they cover most of the picture, and physically based materials there made each picture
 * about 1.7 times as costly on a software renderer (SwiftShader), with no difference to see.
 */
import { useMemo } from 'react';
import type { SiteSpec } from '../../../electron/common/site';
import { pickFloor } from '../state/floorPick';
import { useUi } from '../state/uiStore';
import { floorGeometry } from './Heatmap';
import { wallSegments } from './siteGeometry';

const WALL_THICKNESS = 0.08;

export function Rooms({ site }: { site: SiteSpec }) {
  const floors = useMemo(() => site.rooms.map((r) => ({ id: r.id, geometry: floorGeometry(r) })), [site]);
  const walls = useMemo(() => wallSegments(site), [site]);
  return (
    <group>
      {floors.map((f) => (
        <mesh
          key={f.id}
          geometry={f.geometry}
          receiveShadow
          onClick={(e) => {
            e.stopPropagation();
            // Placing a device: the click is its position (scene coordinates are the site's metres). Otherwise a
            // click on the floor clears the selection, as a click beside the site does.
            if (!pickFloor(f.id, e.point.x, e.point.y)) useUi.setState({ selected: null });
          }}
        >
          <meshLambertMaterial color="#2a3038" />
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
            <meshBasicMaterial color="#9fb3c8" transparent opacity={0.16} depthWrite={false} />
          </mesh>
        );
      })}
    </group>
  );
}
