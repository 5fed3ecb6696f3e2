/**
 * Orbit camera (z up, like the site) with presets and fly-to: a request in the UI store moves the camera smoothly to
 * the preset's pose, or to a point such as an alert's door. Also moves the HTML labels every frame.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { PerspectiveCamera, Vector3 } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { SiteSpec } from '../../../electron/common/site';
import { useUi } from '../state/uiStore';
import { cameraPose } from './cameraViews';
import { projectAnchors } from './overlay';
import { siteBounds } from './siteGeometry';

const FLY_S = 0.6;

declare global {
  interface Window {
    /** For tests and diagnostics: where a site point lands on the canvas, in CSS pixels. */
    twinscopeScene?: { project(x: number, y: number, z: number): [number, number] };
  }
}

export function CameraRig({ site }: { site: SiteSpec }) {
  const { camera, gl, size } = useThree();
  const bounds = useMemo(() => siteBounds(site), [site]);
  const controls = useMemo(() => new OrbitControls(camera, gl.domElement), [camera, gl]);
  const fly = useRef<{ from: Vector3; to: Vector3; tFrom: Vector3; tTo: Vector3; t: number } | null>(null);
  const request = useUi((s) => s.camera);

  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    controls.enableDamping = true;
    controls.maxPolarAngle = Math.PI / 2 - 0.05;
    controls.screenSpacePanning = true;
    // The scene renders on demand: a drag or a wheel turn asks for frames.
    const onChange = (): void => invalidate();
    controls.addEventListener('change', onChange);
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
    };
  }, [controls, invalidate]);

  useEffect(() => {
    window.twinscopeScene = {
      project: (x, y, z) => {
        const v = new Vector3(x, y, z).project(camera);
        return [((v.x + 1) / 2) * size.width, ((1 - v.y) / 2) * size.height];
      },
    };
    return () => {
      delete window.twinscopeScene;
    };
  }, [camera, size]);

  useEffect(() => {
    const cam = camera as PerspectiveCamera;
    const pose = cameraPose(request.preset, bounds, cam.fov, size.width / Math.max(1, size.height), request.focus);
    const to = new Vector3(...pose.position);
    const tTo = new Vector3(...pose.target);
    if (request.n === 0) {
      camera.position.copy(to);
      controls.target.copy(tTo);
      controls.update();
      invalidate();
      return;
    }
    fly.current = { from: camera.position.clone(), to, tFrom: controls.target.clone(), tTo, t: 0 };
    invalidate();
  }, [request, bounds, camera, controls, size, invalidate]);

  useFrame((state, dt) => {
    const f = fly.current;
    if (f) {
      f.t = Math.min(1, f.t + Math.min(dt, 1 / 20) / FLY_S);
      state.invalidate();
      const e = f.t * f.t * (3 - 2 * f.t);
      camera.position.lerpVectors(f.from, f.to, e);
      controls.target.lerpVectors(f.tFrom, f.tTo, e);
      if (f.t >= 1) fly.current = null;
    }
    // While damping eases the camera out of a drag, it keeps moving: keep drawing.
    if (controls.update()) state.invalidate();
    projectAnchors(camera, size.width, size.height);
  });
  return null;
}
