/** Camera positions for the presets, computed from the site's bounds so they suit any site. */
import type { Point2 } from '../../../electron/common/site';
import type { CameraPreset } from '../state/uiStore';
import type { Bounds } from './siteGeometry';

export interface CameraPose {
  position: [number, number, number];
  target: [number, number, number];
}

/** Distance at which a sphere around the site fills the view of a camera with this vertical fov and aspect. */
function fitDistance(b: Bounds, fovDeg: number, aspect: number): number {
  const radius = Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.height) / 2;
  const vfov = (fovDeg * Math.PI) / 180;
  const hfov = 2 * Math.atan(Math.tan(vfov / 2) * aspect);
  // The bounding sphere is loose for a flat site: 0.85 of its distance still shows every wall.
  return (radius / Math.sin(Math.min(vfov, hfov) / 2)) * 0.85;
}

export function cameraPose(
  preset: CameraPreset,
  b: Bounds,
  fovDeg: number,
  aspect: number,
  focus?: Point2,
): CameraPose {
  const d = fitDistance(b, fovDeg, aspect);
  const [cx, cy] = focus ?? b.center;
  const target: [number, number, number] = [cx, cy, focus ? 1 : 0];
  if (focus) return { target, position: [cx, cy - d * 0.45, d * 0.55] };
  switch (preset) {
    case 'top':
      // A hair south of straight above, so "north is up" on screen and the orbit has a defined azimuth.
      return { target, position: [cx, cy - 0.001, d * 1.05] };
    case 'perspective':
      return { target, position: [cx - d * 0.55, cy - d * 0.65, d * 0.6] };
    case 'fit':
      return { target, position: [cx, cy - d * 0.7, d * 0.72] };
    default: {
      const never: never = preset;
      return never;
    }
  }
}
