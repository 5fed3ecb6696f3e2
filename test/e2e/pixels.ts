/** Reading screenshots: the mean colour around a point, how much of a region changed, whether a canvas is blank. */
import { PNG } from 'pngjs';

export type Rgb = [number, number, number];

export function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

/** Mean colour of the (2r+1)² pixels around (x, y). */
export function meanColour(img: PNG, x: number, y: number, r = 3): Rgb {
  const sum: Rgb = [0, 0, 0];
  let n = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const px = Math.round(x + dx);
      const py = Math.round(y + dy);
      if (px < 0 || py < 0 || px >= img.width || py >= img.height) continue;
      const i = (py * img.width + px) * 4;
      sum[0] += img.data[i]!;
      sum[1] += img.data[i + 1]!;
      sum[2] += img.data[i + 2]!;
      n++;
    }
  }
  return sum.map((s) => s / Math.max(1, n)) as Rgb;
}

export function distance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Share of pixels in the box whose colour moved by more than `threshold` between two screenshots of one size. */
export function changedShare(
  a: PNG,
  b: PNG,
  box: { x0: number; y0: number; x1: number; y1: number },
  threshold = 40,
): number {
  let changed = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(a.height, Math.ceil(box.y1)); y++) {
    for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(a.width, Math.ceil(box.x1)); x++) {
      const i = (y * a.width + x) * 4;
      const d = Math.hypot(a.data[i]! - b.data[i]!, a.data[i + 1]! - b.data[i + 1]!, a.data[i + 2]! - b.data[i + 2]!);
      if (d > threshold) changed++;
      n++;
    }
  }
  return changed / Math.max(1, n);
}

/** Number of distinct colours (quantized) in a box: a blank or black canvas has one or two. */
export function colourCount(img: PNG, box: { x0: number; y0: number; x1: number; y1: number }): number {
  const seen = new Set<number>();
  for (let y = Math.floor(box.y0); y < Math.ceil(box.y1); y += 2) {
    for (let x = Math.floor(box.x0); x < Math.ceil(box.x1); x += 2) {
      const i = (y * img.width + x) * 4;
      seen.add(((img.data[i]! >> 4) << 8) | ((img.data[i + 1]! >> 4) << 4) | (img.data[i + 2]! >> 4));
    }
  }
  return seen.size;
}

/** Whether any pixel on the segment from `a` to `b` (page pixels) satisfies `test`. */
export function anyOnSegment(img: PNG, a: [number, number], b: [number, number], test: (c: Rgb) => boolean): boolean {
  const n = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]));
  for (let i = 0; i <= n; i++) {
    const x = Math.round(a[0] + ((b[0] - a[0]) * i) / Math.max(1, n));
    const y = Math.round(a[1] + ((b[1] - a[1]) * i) / Math.max(1, n));
    if (test(meanColour(img, x, y, 0))) return true;
  }
  return false;
}
