/**
 * The heatmap's shader: inverse-distance weighting over a room's points (uploaded as uniforms each frame, never a new
 * material), coloured with the shared viridis stops. A room without data is drawn as a faint grey.
 */
import { ShaderMaterial, Vector3, Vector4 } from 'three';
import { VIRIDIS } from '../../../electron/common/colormap';
import { MAX_POINTS, type FieldPoint } from './heatField';

const vertexShader = /* glsl */ `
  varying vec2 vFloor;
  void main() {
    vFloor = (modelMatrix * vec4(position, 1.0)).xy;
    gl_Position = projectionMatrix * viewMatrix * modelMatrix * vec4(position, 1.0);
  }
`;

const fragmentShader = /* glsl */ `
  #define MAX_POINTS ${MAX_POINTS}
  #define STOPS ${VIRIDIS.length}
  uniform vec4 uPoints[MAX_POINTS];
  uniform int uCount;
  uniform vec3 uStops[STOPS];
  uniform float uOpacity;
  varying vec2 vFloor;

  // Piecewise-linear through the stops without branches: each segment blends in as t passes it. Cheap on a
  // software rasterizer (SwiftShader), where every fragment instruction counts.
  vec3 colormap(float x) {
    float t = clamp(x, 0.0, 1.0) * float(STOPS - 1);
    vec3 c = uStops[0];
    for (int k = 1; k < STOPS; k++) c = mix(c, uStops[k], clamp(t - float(k - 1), 0.0, 1.0));
    return c;
  }

  void main() {
    if (uCount == 0) {
      gl_FragColor = vec4(0.35, 0.37, 0.40, uOpacity * 0.35);
      return;
    }
    float num = 0.0;
    float den = 0.0;
    for (int k = 0; k < MAX_POINTS; k++) {
      if (k >= uCount) break;
      vec4 p = uPoints[k];
      vec2 d = vFloor - p.xy;
      float w = p.w / (dot(d, d) + 0.05);
      num += w * p.z;
      den += w;
    }
    gl_FragColor = vec4(colormap(num / den), uOpacity);
  }
`;

/** One material per room. */
export function createHeatmapMaterial(): ShaderMaterial {
  return new ShaderMaterial({
    vertexShader,
    fragmentShader,
    transparent: true,
    depthWrite: false,
    uniforms: {
      uPoints: { value: Array.from({ length: MAX_POINTS }, () => new Vector4()) },
      uCount: { value: 0 },
      uStops: { value: VIRIDIS.map(([r, g, b]) => new Vector3(r, g, b)) },
      uOpacity: { value: 0.85 },
    },
  });
}

/** Writes the room's points into its material's uniforms in place. */
export function setHeatPoints(material: ShaderMaterial, points: readonly FieldPoint[]): void {
  const arr = material.uniforms.uPoints!.value as Vector4[];
  points.forEach((p, i) => arr[i]!.set(p.x, p.y, p.v, p.weight));
  material.uniforms.uCount!.value = points.length;
}
