/**
 * A marker where each sensor of the site is: bright when live, dimmed when stale, grey and crossed when offline,
 * ringed when selected. Hover shows the device, click selects it (the panels and charts follow).
 */
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useRef } from 'react';
import { Color, type Group, type Mesh, type MeshStandardMaterial } from 'three';
import type { SensorSpec, SiteSpec } from '../../../electron/common/site';
import { useTwin } from '../state/twinStore';
import { useUi } from '../state/uiStore';
import { sensorLook } from './sensorState';

const COLOURS = {
  live: new Color('#4fc3f7'),
  stale: new Color('#4a6572'),
  offline: new Color('#6b6b6b'),
  unknown: new Color('#8a8a8a'),
};

function Marker({ spec }: { spec: SensorSpec }) {
  const ball = useRef<Mesh>(null);
  const cross = useRef<Group>(null);
  const ring = useRef<Mesh>(null);
  useFrame(() => {
    const look = sensorLook(useTwin.getState().frame?.view, spec.dev);
    const m = ball.current?.material as MeshStandardMaterial | undefined;
    if (m) {
      m.color.copy(COLOURS[look]);
      m.opacity = look === 'stale' ? 0.35 : 1;
      m.emissive.copy(COLOURS[look]).multiplyScalar(look === 'live' ? 0.5 : 0);
    }
    if (cross.current) cross.current.visible = look === 'offline';
    const ui = useUi.getState();
    if (ring.current) ring.current.visible = ui.selected === spec.dev || ui.hovered === spec.dev;
  });
  const over = (e: ThreeEvent<PointerEvent>): void => {
    e.stopPropagation();
    useUi.setState({ hovered: spec.dev });
  };
  return (
    <group position={[spec.position[0], spec.position[1], spec.position[2]]}>
      <mesh
        ref={ball}
        onPointerOver={over}
        onPointerOut={() => useUi.setState({ hovered: null })}
        onClick={(e) => {
          e.stopPropagation();
          useUi.setState({ selected: spec.dev });
        }}
      >
        <sphereGeometry args={[0.13, 20, 14]} />
        <meshStandardMaterial transparent />
      </mesh>
      <group ref={cross} visible={false}>
        <mesh rotation={[0, 0, Math.PI / 4]}>
          <boxGeometry args={[0.5, 0.04, 0.06]} />
          <meshBasicMaterial color="#ff5252" />
        </mesh>
        <mesh rotation={[0, 0, -Math.PI / 4]}>
          <boxGeometry args={[0.5, 0.04, 0.06]} />
          <meshBasicMaterial color="#ff5252" />
        </mesh>
      </group>
      <mesh ref={ring} visible={false}>
        <torusGeometry args={[0.22, 0.02, 8, 32]} />
        <meshBasicMaterial color="#ffd54f" />
      </mesh>
    </group>
  );
}

export function SensorMarkers({ site }: { site: SiteSpec }) {
  return (
    <group>
      {site.sensors.map((s) => (
        <Marker key={s.dev} spec={s} />
      ))}
    </group>
  );
}
