// Draws assets/icons/icon.png (512×512): two rooms side by side in viridis colours and a door leaf swinging open,
// on a dark rounded square. electron-builder makes every platform's icon format from it. Run again after changes.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const S = 512;
const png = new PNG({ width: S, height: S });
const set = (x, y, [r, g, b], a = 255) => {
  const i = (y * S + x) * 4;
  png.data[i] = r;
  png.data[i + 1] = g;
  png.data[i + 2] = b;
  png.data[i + 3] = a;
};
const inRounded = (x, y, m, r) => {
  const cx = Math.min(Math.max(x, m + r), S - m - r);
  const cy = Math.min(Math.max(y, m + r), S - m - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
for (let y = 0; y < S; y++) {
  for (let x = 0; x < S; x++) {
    if (!inRounded(x, y, 16, 96)) {
      set(x, y, [0, 0, 0], 0);
      continue;
    }
    let c = [16, 20, 24];
    const inA = x >= 96 && x < 252 && y >= 128 && y < 384;
    const inB = x >= 260 && x < 416 && y >= 128 && y < 384;
    if (inA) c = [0xfd - (x - 96) * 0.3, 0xe7 - (x - 96) * 0.4, 0x25 + (x - 96) * 0.4]; // warm room
    if (inB) c = [0x44, 0x01 + (x - 260) * 0.3, 0x54 + (x - 260) * 0.3]; // cool room
    // Door leaf from the hinge at (256, 300), opened 50° into room A.
    const hx = 256;
    const hy = 300;
    const ang = (-130 * Math.PI) / 180;
    const t = (x - hx) * Math.cos(ang) + (y - hy) * Math.sin(ang);
    const n = -(x - hx) * Math.sin(ang) + (y - hy) * Math.cos(ang);
    if (t >= 0 && t <= 120 && Math.abs(n) <= 7) c = [0xc9, 0xa3, 0x6b];
    set(
      x,
      y,
      c.map((v) => Math.round(Math.min(255, Math.max(0, v)))),
    );
  }
}
writeFileSync(new URL('../assets/icons/icon.png', import.meta.url), PNG.sync.write(png));
