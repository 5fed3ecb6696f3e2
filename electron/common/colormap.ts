/**
 * Viridis: perceptually uniform and readable with the common colour-vision deficiencies. Nine stops, linearly
 * interpolated; the heatmap shader and the legend both use these, so they always agree.
 */
export const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x47, 0x2d, 0x7b],
  [0x3b, 0x52, 0x8b],
  [0x2c, 0x72, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x28, 0xae, 0x80],
  [0x5e, 0xc9, 0x62],
  [0xad, 0xdc, 0x30],
  [0xfd, 0xe7, 0x25],
].map(([r, g, b]) => [r! / 255, g! / 255, b! / 255] as const);

/** The colour at `x` in 0..1 (clamped), channels 0..1. */
export function viridis(x: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, x)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(t));
  const f = t - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** CSS `rgb()` of `viridis(x)`. */
export function viridisCss(x: number): string {
  const [r, g, b] = viridis(x).map((c) => Math.round(c * 255));
  return `rgb(${r}, ${g}, ${b})`;
}
