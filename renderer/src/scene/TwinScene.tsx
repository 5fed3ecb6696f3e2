/** The 3D twin: rooms, doors, sensors and the heatmap of the loaded site, with HTML labels over the canvas. */
import { Canvas } from '@react-three/fiber';
import { Object3D } from 'three';
import type { SiteSpec } from '../../../electron/common/site';
import { useUi } from '../state/uiStore';
import { CameraRig } from './CameraRig';
import { Door } from './Door';
import { Heatmap } from './Heatmap';
import { Labels } from './Labels';
import { RenderOnChange } from './RenderOnChange';
import { Rooms } from './Rooms';
import { SensorMarkers } from './SensorMarkers';
import { softwareRendered } from './softwareGl';

// Site coordinates are z-up (x east, y north); the camera and controls follow.
Object3D.DEFAULT_UP.set(0, 0, 1);

/**
 * Pixel ratio on a software-rendered WebGL: three quarters of the CSS pixels, about half the fragments. Labels and
 * badges are HTML over the canvas and stay sharp; only the floors and walls are drawn a little softer.
 */
const SOFTWARE_DPR = 0.75;

export function TwinScene({ site }: { site: SiteSpec }) {
  return (
    <div className="scene" data-testid="scene">
      <Canvas
        camera={{ fov: 45, near: 0.1, far: 500, up: [0, 0, 1] }}
        dpr={softwareRendered() ? SOFTWARE_DPR : [1, 2]}
        frameloop="demand"
        gl={{ antialias: !softwareRendered() }}
        onPointerMissed={() => useUi.setState({ selected: null })}
      >
        <color attach="background" args={['#101418']} />
        <ambientLight intensity={0.7} />
        <directionalLight position={[-4, -6, 10]} intensity={1.6} />
        <Rooms site={site} />
        <Heatmap site={site} />
        {site.doors.map((d) => (
          <Door key={d.id} door={d} />
        ))}
        <SensorMarkers site={site} />
        <CameraRig site={site} />
        <RenderOnChange />
      </Canvas>
      <Labels site={site} />
    </div>
  );
}
