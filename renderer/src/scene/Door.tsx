/**
 * A door leaf hinged where the site says, turned to the live angle with smooth interpolation. It pulses red for a
 * moment after a slam and turns orange while its sensors disagree. Reads the store in useFrame; never re-renders.
 */
import { useFrame } from '@react-three/fiber';
import { useRef } from 'react';
import { Color, type Group, type Mesh, type MeshStandardMaterial } from 'three';
import type { DoorSpec } from '../../../electron/common/site';
import type { DoorView } from '../../../electron/common/views';
import { useTwin } from '../state/twinStore';
import { PULSE_MS, slamRedness } from './doorLook';
import { DOOR_HEIGHT } from './siteGeometry';

const WOOD = new Color('#c9a36b');
const CONFLICT = new Color('#ff7a1a');
const SLAM = new Color('#ff2b2b');
/** Rendering on demand, the first frame after a quiet spell reports a long dt: the door still turns, not jumps. */
const MAX_STEP_S = 1 / 20;
/** Close enough to stop animating, degrees. */
const SETTLED_DEG = 0.05;

/** The angle to draw: the measured one, else what the position implies. */
export function targetAngle(door: DoorSpec, view: DoorView | undefined): number {
  if (!view) return 0;
  if (view.angle !== null) return view.angle;
  return view.position === 'open' ? door.openAngle : view.position === 'partly-open' ? door.openAngle / 2 : 0;
}

export function Door({ door }: { door: DoorSpec }) {
  const hinge = useRef<Group>(null);
  const leaf = useRef<Mesh>(null);
  const shown = useRef(0);
  const epoch = useRef(-1);
  const closed = (door.closedHeading * Math.PI) / 180;

  useFrame((state, dt) => {
    const s = useTwin.getState();
    const view = s.frame?.view.doors[door.id];
    const target = targetAngle(door, view);
    // Critically damped approach: smooth at any frame rate, no overshoot. Across a jump (a seek, back to live) the
    // leaf is where the new picture has it at once: turning there would blend two moments, and would keep a
    // software renderer drawing for half a second after every click on the timeline.
    if (s.epoch !== epoch.current) shown.current = target;
    epoch.current = s.epoch;
    shown.current += (target - shown.current) * (1 - Math.exp(-Math.min(dt, MAX_STEP_S) * 10));
    if (Math.abs(target - shown.current) < SETTLED_DEG) shown.current = target;
    else state.invalidate();
    if (hinge.current) hinge.current.rotation.z = closed + door.swing * ((shown.current * Math.PI) / 180);
    const material = leaf.current?.material as MeshStandardMaterial | undefined;
    if (!material) return;
    const since = performance.now() - (s.slamAt[door.id] ?? -Infinity);
    const red = slamRedness(since);
    material.color.copy(view?.conflict ? CONFLICT : WOOD).lerp(SLAM, red);
    material.emissive.copy(SLAM).multiplyScalar(red * 0.35);
    // The pulse itself: the leaf throbs while it is red.
    const throb = red > 0 ? Math.abs(Math.sin((since / PULSE_MS) * Math.PI * 4)) : 0;
    leaf.current!.scale.setScalar(1 + red * 0.08 * throb);
    // Rendering on demand: keep drawing while the leaf is red, and once more after, without it.
    if (red > 0 || since < PULSE_MS + 100) state.invalidate();
  });

  return (
    <group ref={hinge} position={[door.hinge[0], door.hinge[1], 0]}>
      <mesh ref={leaf} position={[door.width / 2, 0, DOOR_HEIGHT / 2]} castShadow>
        <boxGeometry args={[door.width - 0.02, 0.045, DOOR_HEIGHT - 0.02]} />
        <meshStandardMaterial color={WOOD} roughness={0.6} />
      </mesh>
      <mesh position={[0, 0, DOOR_HEIGHT / 2]} rotation={[Math.PI / 2, 0, 0]}>
        <cylinderGeometry args={[0.03, 0.03, DOOR_HEIGHT, 8]} />
        <meshStandardMaterial color="#888" />
      </mesh>
    </group>
  );
}
